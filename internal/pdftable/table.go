package pdftable

import (
	"cmp"
	"strings"

	"github.com/go-pdf/fpdf"
)

// Col is a column of a Table.
type Col struct {
	Width    float64 // mm
	Align    string  // fpdf alignment: "L" (or ""), "C" or "R"
	MaxLines int     // a longer cell is cut with "…"
}

// Table draws rows of cells side by side from x = Left: each cell wrapped
// to its column, in a grey box filled with the current fill colour, and
// the row as high as its longest cell. The document stays the caller's;
// a Table only draws on it.
type Table struct {
	Cols  []Col
	Left  float64 // mm
	LineH float64 // height of a line of text, mm
	Pad   float64 // space above and below the lines of a row, mm
	// Tr translates a cell from UTF-8 into cp1252, as the one from NewDoc.
	Tr func(string) string
	// SkipBlank leaves a cell of blanks only empty. Without it such a
	// cell is drawn as fpdf wraps it; the papers differ on this and their
	// bytes must not change.
	SkipBlank bool
}

// Lines is cell s of column col as drawn: translated, wrapped and cut
// after limit lines, or after the column's MaxLines when limit is 0.
func (t *Table) Lines(pdf *fpdf.Fpdf, col int, s string, limit int) []string {
	text := t.Tr(s)
	if t.SkipBlank && strings.TrimSpace(text) == "" {
		return nil
	}
	c := t.Cols[col]
	return Fit(pdf, text, c.Width, cmp.Or(limit, c.MaxLines))
}

// Height is the height of a row of cells in the current font; limit is as
// for Lines.
func (t *Table) Height(pdf *fpdf.Fpdf, cells []string, limit int) float64 {
	n := 1
	for i, c := range cells {
		n = max(n, len(t.Lines(pdf, i, c, limit)))
	}
	return float64(n)*t.LineH + 2*t.Pad
}

// Row draws a row of cells at the current y in the current font and fill
// colour and moves below it; limit is as for Lines (a header row passes
// how many lines a heading may take). It does not break the page: ask
// PageBreak with Height first.
func (t *Table) Row(pdf *fpdf.Fpdf, cells []string, limit int) {
	h := t.Height(pdf, cells, limit)
	x, y := t.Left, pdf.GetY()
	pdf.SetDrawColor(160, 160, 160)
	for i, c := range cells {
		col := t.Cols[i]
		pdf.Rect(x, y, col.Width, h, "FD")
		for j, line := range t.Lines(pdf, i, c, limit) {
			pdf.SetXY(x, y+t.Pad+float64(j)*t.LineH)
			pdf.CellFormat(col.Width, t.LineH, line, "", 0, col.Align, false, 0, "")
		}
		x += col.Width
	}
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetXY(t.Left, y+h)
}
