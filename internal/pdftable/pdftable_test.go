package pdftable

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// testDoc starts a document on its first page and a table of two columns.
func testDoc(t *testing.T) (*fpdf.Fpdf, *Table) {
	t.Helper()
	pdf, tr := NewDoc(Doc{Orientation: "P", Title: "Test", Created: time.Date(2026, 11, 27, 7, 5, 0, 0, time.UTC),
		Margin: 15, Bottom: 18})
	pdf.AddPage()
	pdf.SetFont("Helvetica", "", 9)
	return pdf, &Table{Cols: []Col{{Width: 30, MaxLines: 2}, {Width: 20, Align: "R", MaxLines: 1}},
		Left: 15, LineH: 4, Pad: 1, Tr: tr}
}

func TestFit(t *testing.T) {
	long := strings.Repeat("Sukamaju Makmur — Sejahtera ", 10)
	for _, tc := range []struct {
		name      string
		text      string
		maxLines  int
		lines     int // want exactly, or at least when more
		cut, more bool
	}{
		{name: "empty", text: "", maxLines: 2, lines: 0},
		{name: "blank keeps a line", text: "   ", maxLines: 2, lines: 1},
		{name: "short", text: "SD Negeri 1", maxLines: 2, lines: 1},
		{name: "newline breaks", text: "Pak Budi\n0811", maxLines: 3, lines: 2},
		{name: "cut", text: long, maxLines: 2, lines: 2, cut: true},
		{name: "one word too long", text: strings.Repeat("W", 200), maxLines: 1, lines: 1, cut: true},
		{name: "no limit", text: long, maxLines: 0, lines: 3, more: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pdf, tab := testDoc(t)
			lines := Fit(pdf, tab.Tr(tc.text), 30, tc.maxLines)
			if tc.more && len(lines) < tc.lines || !tc.more && len(lines) != tc.lines {
				t.Fatalf("%d lines %q, want %d", len(lines), lines, tc.lines)
			}
			if got := len(lines) > 0 && strings.HasSuffix(lines[len(lines)-1], ellipsis); got != tc.cut {
				t.Errorf("cut with an ellipsis: %v, want %v (%q)", got, tc.cut, lines)
			}
			for _, l := range lines {
				if w := pdf.GetStringWidth(l) + 2*pdf.GetCellMargin(); w > 30+0.01 {
					t.Errorf("line %q is %.1f mm wide, more than 30", l, w)
				}
			}
		})
	}
}

func TestTable(t *testing.T) {
	pdf, tab := testDoc(t)
	long := strings.Repeat("Laskar Pelangi ", 10)
	if got := tab.Lines(pdf, 0, long, 0); len(got) != 2 {
		t.Errorf("column limit: %d lines, want 2", len(got))
	}
	if got := tab.Lines(pdf, 0, long, 3); len(got) != 3 {
		t.Errorf("limit 3: %d lines, want 3", len(got))
	}
	if got := tab.Height(pdf, []string{long, "12"}, 0); got != 2*4+2*1 {
		t.Errorf("height %v mm, want 10", got)
	}
	if got := tab.Height(pdf, []string{"", ""}, 0); got != 4+2*1 {
		t.Errorf("height of an empty row %v mm, want 6", got)
	}
	if got := tab.Lines(pdf, 0, "  ", 0); len(got) != 1 {
		t.Errorf("blank cell: %q, want one line", got)
	}
	tab.SkipBlank = true
	if got := tab.Lines(pdf, 0, "  ", 0); got != nil {
		t.Errorf("blank cell with SkipBlank: %q, want none", got)
	}
	y := pdf.GetY()
	tab.Row(pdf, []string{long, "12"}, 0)
	if x, got := pdf.GetXY(); x != tab.Left || got != y+10 {
		t.Errorf("after a row at (%v, %v), want (%v, %v)", x, got, tab.Left, y+10)
	}
}

func TestPageBreak(t *testing.T) {
	pdf, _ := testDoc(t)
	_, pageH := pdf.GetPageSize()
	pdf.SetY(pageH - 18 - 10)
	if PageBreak(pdf, 10) || pdf.PageNo() != 1 {
		t.Error("10 mm above the bottom margin: a new page, want none")
	}
	if !PageBreak(pdf, 10.5) || pdf.PageNo() != 2 {
		t.Error("10.5 mm with 10 left: no new page, want one")
	}
}

func TestNewDocDeterministic(t *testing.T) {
	var out [2]bytes.Buffer
	for i := range out {
		pdf, tab := testDoc(t)
		tab.Row(pdf, []string{"Rp 1.000 — “ok”", "€"}, 0)
		if err := pdf.Output(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Error("the same document gave different bytes")
	}
}
