package pdftable

import (
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// Doc describes a document for NewDoc; lengths are in mm.
type Doc struct {
	Orientation   string // "P" (portrait) or "L" (landscape)
	Title, Author string
	// Created is the creation and modification date. It is fixed by the
	// caller so that the same input gives the same bytes.
	Created time.Time
	Margin  float64 // left, top and right
	Bottom  float64 // kept free for the footer; see PageBreak
}

// NewDoc starts an A4 document in mm with d's metadata and margins and the
// automatic page break off. "{nb}" in a text stands for the number of
// pages. The returned function translates UTF-8 into the cp1252 of the core
// fonts, one byte a character.
func NewDoc(d Doc) (*fpdf.Fpdf, func(string) string) {
	pdf := fpdf.New(d.Orientation, "mm", "A4", "")
	tr := pdf.UnicodeTranslatorFromDescriptor("cp1252")
	pdf.SetTitle(d.Title, true)
	pdf.SetAuthor(d.Author, true)
	pdf.SetCreator("anterkoper", true)
	pdf.SetCreationDate(d.Created)
	pdf.SetModificationDate(d.Created)
	pdf.SetCatalogSort(true)
	pdf.SetMargins(d.Margin, d.Margin, d.Margin)
	pdf.SetAutoPageBreak(false, d.Bottom)
	pdf.AliasNbPages("{nb}")
	return pdf, tr
}

// PageBreak starts a new page unless h mm still fit above the bottom
// margin given to NewDoc, and says whether it did.
func PageBreak(pdf *fpdf.Fpdf, h float64) bool {
	_, pageH := pdf.GetPageSize()
	_, bottom := pdf.GetAutoPageBreak()
	if pdf.GetY()+h <= pageH-bottom {
		return false
	}
	pdf.AddPage()
	return true
}

// ellipsis is "…" in cp1252.
const ellipsis = "\x85"

// Fit wraps text, already in cp1252, to width mm in the current font and
// cuts it with "…" after maxLines lines (maxLines ≤ 0: no limit). Empty
// text gives no lines; text of blanks only gives what fpdf makes of it (at
// least one line), so callers that want none check for it themselves.
func Fit(pdf *fpdf.Fpdf, text string, width float64, maxLines int) []string {
	if text == "" {
		return nil
	}
	var lines []string
	for _, l := range pdf.SplitLines([]byte(text), width) {
		lines = append(lines, string(l))
	}
	if maxLines <= 0 || len(lines) <= maxLines {
		return lines
	}
	room := width - 2*pdf.GetCellMargin()
	last := lines[maxLines-1] + " " + lines[maxLines] // fill the last line before cutting
	for last != "" && pdf.GetStringWidth(last+ellipsis) > room {
		last = last[:len(last)-1] // cp1252 is one byte a character
	}
	lines[maxLines-1] = strings.TrimRight(last, " ") + ellipsis
	return lines[:maxLines]
}
