package papers

// The PDF writer of the activity report: the layout, tables, cover and
// per-visit details (SOP times, discrepancies, photos). The charts and the
// SOP timeline are in report_chart.go.

import (
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/go-pdf/fpdf"

	"anterkoper/internal/pdftable"
)

// PDF layout, in mm on A4 portrait (210×297).
const (
	reportMargin   = 15.0
	reportBottom   = 18.0 // room kept free for the footer
	reportWidth    = 210 - 2*reportMargin
	reportFontSize = 8.5
	reportLineH    = 4.0
	reportPad      = 1.0
)

// The columns of the PDF tables.
var (
	reportSummaryCols = []pdftable.Col{{Width: 34, Align: "L", MaxLines: 2}, {Width: 48, Align: "L", MaxLines: 3},
		{Width: 26, Align: "L", MaxLines: 2}, {Width: 18, Align: "R", MaxLines: 1}, {Width: 18, Align: "R", MaxLines: 1},
		{Width: 18, Align: "R", MaxLines: 1}, {Width: 18, Align: "R", MaxLines: 1}}
	reportLevelCols = []pdftable.Col{{Width: 50, Align: "L", MaxLines: 2}, {Width: 25, Align: "R", MaxLines: 1},
		{Width: 25, Align: "R", MaxLines: 1}}
)

// ReportPDF writes r as a printable A4 report: a cover block, the visits
// and levels tables, bar charts per location and (when r.Months is not
// empty) per month, and per visit its SOP times, discrepancies and
// documentation photos. Every page has a footer with the generation time
// and "Halaman i/n".
//
// It returns an error, before writing anything, for a Period that is not
// YYYY-MM or empty (empty needs exactly one visit), a Lang other than "",
// "id" or "en", a visit date that is not YYYY-MM-DD, an unknown or repeated
// step name, negative counts, by-level counts adding up to more than the
// total, or a photo that is not a valid JPEG (naming the visit and the
// photo's index in Photos, from 0).
func ReportPDF(w io.Writer, r Report) error {
	d, err := newReport(r)
	if err != nil {
		return err
	}
	pdf, tr := pdftable.NewDoc(pdftable.Doc{Orientation: "P", Title: d.Title, Author: d.Office,
		Created: d.generated, Margin: reportMargin, Bottom: reportBottom})
	p := &reportPDF{Fpdf: pdf, d: d, tr: tr,
		table: pdftable.Table{Left: reportMargin, LineH: reportLineH, Pad: reportPad, Tr: tr}}
	pdf.SetHeaderFunc(p.header)
	pdf.SetFooterFunc(p.footer)
	pdf.AddPage()
	p.cover()
	if len(d.visits) == 0 {
		p.SetFont("Helvetica", "I", reportFontSize+1)
		p.CellFormat(0, 8, p.tr(d.text.noVisits), "", 1, "L", false, 0, "")
	} else {
		p.summary()
		p.levels()
		p.chartLocations()
	}
	if len(d.months) > 0 {
		p.chartMonths()
	}
	if len(d.visits) > 0 {
		p.heading(d.text.details, 40)
		for i, v := range d.visits {
			p.visit(i, v)
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("papers: report pdf: %w", err)
	}
	return nil
}

type reportPDF struct {
	*fpdf.Fpdf
	d  *report
	tr func(string) string
	// table is the table being drawn and head its header, repeated when
	// the table goes on to a new page.
	table pdftable.Table
	head  []string
}

func (p *reportPDF) header() {
	if p.PageNo() == 1 {
		return // the cover block says it all
	}
	p.SetFont("Helvetica", "", 8)
	p.SetTextColor(90, 90, 90)
	title := p.d.Title
	if !p.d.month.IsZero() {
		title += " — " + p.d.monthName(p.d.month)
	}
	p.CellFormat(0, 5, p.tr(title), "", 1, "L", false, 0, "")
	p.SetDrawColor(180, 180, 180)
	p.Line(reportMargin, p.GetY(), reportMargin+reportWidth, p.GetY())
	p.SetDrawColor(0, 0, 0)
	p.SetTextColor(0, 0, 0)
	p.Ln(4)
}

func (p *reportPDF) footer() {
	p.SetY(-13)
	p.SetFont("Helvetica", "", 8)
	p.SetTextColor(90, 90, 90)
	p.CellFormat(reportWidth/2, 5, p.tr(p.d.text.generated+" "+paperStamp(p.d.lang, p.d.generated)), "", 0, "L", false, 0, "")
	p.CellFormat(0, 5, p.tr(fmt.Sprintf("%s %d/{nb}", p.d.text.page, p.PageNo())), "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

// need starts a new page when h mm do not fit any more on this one and says
// whether it did.
func (p *reportPDF) need(h float64) bool { return pdftable.PageBreak(p.Fpdf, h) }

func (p *reportPDF) cover() {
	d := p.d
	if d.Office != "" {
		p.SetFont("Helvetica", "", 10)
		p.MultiCell(0, 5, p.tr(d.Office), "", "L", false)
	}
	p.SetFont("Helvetica", "B", 16)
	p.MultiCell(0, 8, p.tr(d.Title), "", "L", false)
	p.Ln(1)
	label, value := d.text.period, ""
	if d.month.IsZero() {
		v := d.visits[0]
		label, value = d.text.visit, paperDay(d.lang, v.day)+" — "+v.Location
	} else {
		value = d.monthName(d.month)
	}
	p.SetFont("Helvetica", "", 10)
	p.CellFormat(22, 5.5, p.tr(label), "", 0, "L", false, 0, "")
	p.SetFont("Helvetica", "B", 11)
	p.CellFormat(0, 5.5, p.tr(value), "", 1, "L", false, 0, "")
	p.SetFont("Helvetica", "", 10)
	p.CellFormat(22, 5.5, p.tr(d.text.generated), "", 0, "L", false, 0, "")
	p.CellFormat(0, 5.5, p.tr(paperStamp(d.lang, d.generated)), "", 1, "L", false, 0, "")
	p.Ln(1)
	p.SetLineWidth(0.6)
	p.SetDrawColor(45, 106, 160)
	p.Line(reportMargin, p.GetY(), reportMargin+reportWidth, p.GetY())
	p.SetLineWidth(0.2)
	p.SetDrawColor(0, 0, 0)
	p.Ln(4)
}

// heading writes a section heading, on a new page unless it and the first
// keep mm of the section fit on this one.
func (p *reportPDF) heading(s string, keep float64) {
	p.need(9 + keep)
	p.SetFont("Helvetica", "B", 12)
	p.SetTextColor(30, 70, 110)
	p.CellFormat(0, 7, p.tr(s), "", 1, "L", false, 0, "")
	p.SetTextColor(0, 0, 0)
	p.Ln(1)
}

// subheading is heading one level down.
func (p *reportPDF) subheading(s string, keep float64) {
	p.need(6 + keep)
	p.SetFont("Helvetica", "B", 9.5)
	p.CellFormat(0, 5.5, p.tr(s), "", 1, "L", false, 0, "")
	p.Ln(0.5)
}

func (p *reportPDF) summary() {
	d := p.d
	p.heading(d.text.summary, 20)
	p.startTable(reportSummaryCols, d.text.heads[:])
	for _, v := range d.visits {
		p.row([]string{paperDay(d.lang, v.day), v.Location, d.kindName(v.Kind), strconv.Itoa(v.Lent),
			strconv.Itoa(v.Returned), strconv.Itoa(v.Missing), strconv.Itoa(v.Extra)}, false)
	}
	t := d.totals()
	p.row([]string{d.text.total, "", "", strconv.Itoa(t.lent), strconv.Itoa(t.returned),
		strconv.Itoa(t.missing), strconv.Itoa(t.extra)}, true)
	p.Ln(6)
}

func (p *reportPDF) levels() {
	d := p.d
	p.heading(d.text.levels, 20)
	p.startTable(reportLevelCols, d.text.levelHeads[:])
	var lent, returned int
	for _, l := range d.levels {
		p.row([]string{d.levelName(l.key), strconv.Itoa(l.lent), strconv.Itoa(l.returned)}, false)
		lent += l.lent
		returned += l.returned
	}
	p.row([]string{d.text.total, strconv.Itoa(lent), strconv.Itoa(returned)}, true)
	p.Ln(6)
}

// startTable draws a table header and remembers it for the rows that go
// on to a new page.
func (p *reportPDF) startTable(cols []pdftable.Col, head []string) {
	p.table.Cols, p.head = cols, head
	p.need(2 * (reportLineH*2 + 2*reportPad))
	p.headRow()
}

func (p *reportPDF) headRow() {
	p.SetFont("Helvetica", "B", 7.5)
	p.SetFillColor(220, 228, 238)
	p.table.Row(p.Fpdf, p.head, 0)
	p.SetFont("Helvetica", "", reportFontSize)
}

// row draws a table row, starting a new page with the header first when it
// does not fit; a total row is bold and shaded.
func (p *reportPDF) row(cells []string, total bool) {
	if total {
		p.SetFont("Helvetica", "B", reportFontSize)
	}
	if p.need(p.table.Height(p.Fpdf, cells, 0)) {
		p.headRow()
		if total {
			p.SetFont("Helvetica", "B", reportFontSize)
		}
	}
	if total {
		p.SetFillColor(235, 235, 235)
	} else {
		p.SetFillColor(255, 255, 255)
	}
	p.table.Row(p.Fpdf, cells, 0)
	p.SetFont("Helvetica", "", reportFontSize)
}

// fit translates s to cp1252 and wraps it to width wd in the current font,
// cutting it with "…" after maxLines lines. It is not pdfFit: text of
// spaces only still gives a line here, where pdfFit gives none.
func (p *reportPDF) fit(s string, wd float64, maxLines int) []string {
	return pdftable.Fit(p.Fpdf, p.tr(s), wd, maxLines)
}

// visit writes the details of the i-th visit: SOP times, discrepancies and
// photos.
func (p *reportPDF) visit(i int, v reportVisit) {
	d := p.d
	p.need(60) // a visit heading never ends a page alone
	p.SetFont("Helvetica", "B", 10.5)
	p.SetFillColor(235, 240, 246)
	title := fmt.Sprintf("%d. %s — %s", i+1, paperDay(d.lang, v.day), v.Location)
	for _, line := range p.fit(title, reportWidth, 2) {
		p.CellFormat(0, 6, line, "", 1, "L", true, 0, "")
	}
	p.SetFont("Helvetica", "", 8)
	p.SetTextColor(90, 90, 90)
	meta := d.kindName(v.Kind)
	if v.Level != "" {
		meta += " · " + d.levelName(reportLevelKey(v.Level))
	}
	p.CellFormat(0, 4.5, p.tr(meta), "", 1, "L", false, 0, "")
	p.SetTextColor(0, 0, 0)
	p.Ln(1.5)

	p.subheading(d.text.sop, reportTimelineH)
	p.timeline(v)
	p.Ln(2)

	p.subheading(d.text.discrepancies, reportLineH)
	p.SetFont("Helvetica", "", reportFontSize)
	switch {
	case len(v.Discrepancies) > 0:
		for _, s := range v.Discrepancies {
			lines := p.fit(s, reportWidth-5, 4)
			p.need(float64(len(lines)) * reportLineH)
			for j, line := range lines {
				bullet := ""
				if j == 0 {
					bullet = "\x95" // "•" in cp1252
				}
				p.CellFormat(5, reportLineH, bullet, "", 0, "C", false, 0, "")
				p.CellFormat(0, reportLineH, line, "", 1, "L", false, 0, "")
			}
		}
	case v.Missing > 0 || v.Extra > 0:
		// Counts without sentences: never claim there is no discrepancy.
		p.CellFormat(0, reportLineH, p.tr(fmt.Sprintf(d.text.countsOnly, v.Missing, v.Extra)), "", 1, "L", false, 0, "")
	default:
		p.CellFormat(0, reportLineH, p.tr(d.text.noDiscrepancy), "", 1, "L", false, 0, "")
	}
	p.Ln(2)

	keep := reportLineH
	if len(v.Photos) > 0 { // the heading goes with the first row
		keep = p.photoRow(v, 0).height()
	}
	p.subheading(d.text.photos, keep)
	if len(v.Photos) == 0 {
		p.SetFont("Helvetica", "I", reportFontSize)
		p.CellFormat(0, reportLineH, p.tr(d.text.noPhotos), "", 1, "L", false, 0, "")
	} else {
		p.photos(i, v)
	}
	p.Ln(6)
}

// Photo layout: two per row.
const (
	reportPhotoGap  = 8.0
	reportPhotoW    = (reportWidth - reportPhotoGap) / 2
	reportPhotoMaxH = 70.0
)

// reportPhotoRow is the layout of a row of photos: their indexes in
// Photos, their sizes on paper and their wrapped captions.
type reportPhotoRow struct {
	idx      []int
	w, h     []float64
	captions [][]string
	imgH     float64 // of the tallest photo; the photos stand on one line
	lines    int     // of the longest caption
}

const (
	reportCaptionH = 3.6
	reportTakenH   = 4.0
)

func (r reportPhotoRow) height() float64 {
	return r.imgH + 1.5 + float64(r.lines)*reportCaptionH + reportTakenH + 3
}

// photoRow lays out the row of v's photos that starts at photo first: each
// scaled to fit its box keeping its aspect ratio.
func (p *reportPDF) photoRow(v reportVisit, first int) reportPhotoRow {
	var r reportPhotoRow
	p.SetFont("Helvetica", "", 8)
	for j := first; j < min(first+2, len(v.Photos)); j++ {
		c := v.photos[j]
		scale := min(reportPhotoW/float64(c.Width), reportPhotoMaxH/float64(c.Height))
		caption := p.fit(v.Photos[j].Caption, reportPhotoW, 3)
		r.idx = append(r.idx, j)
		r.w = append(r.w, float64(c.Width)*scale)
		r.h = append(r.h, float64(c.Height)*scale)
		r.captions = append(r.captions, caption)
		r.imgH = max(r.imgH, float64(c.Height)*scale)
		r.lines = max(r.lines, len(caption))
	}
	return r
}

// photos places the photos of the i-th visit two per row, with the
// caption and the time each was taken below.
func (p *reportPDF) photos(i int, v reportVisit) {
	d := p.d
	for first := 0; first < len(v.Photos); first += 2 {
		r := p.photoRow(v, first)
		p.need(r.height())
		y := p.GetY()
		for k, j := range r.idx {
			ph := v.Photos[j]
			x := reportMargin + float64(k)*(reportPhotoW+reportPhotoGap)
			// Names are unique per visit and photo, so two identical
			// files are still two images.
			name := fmt.Sprintf("report-visit%d-photo%d", i, j)
			opt := fpdf.ImageOptions{ImageType: "JPG"}
			p.RegisterImageOptionsReader(name, opt, bytes.NewReader(ph.JPEG))
			p.ImageOptions(name, x+(reportPhotoW-r.w[k])/2, y+r.imgH-r.h[k], r.w[k], r.h[k], false, opt, 0, "")
			ty := y + r.imgH + 1.5
			p.SetFont("Helvetica", "", 8)
			for l, line := range r.captions[k] {
				p.SetXY(x, ty+float64(l)*reportCaptionH)
				p.CellFormat(reportPhotoW, reportCaptionH, line, "", 0, "C", false, 0, "")
			}
			if !ph.Taken.IsZero() {
				p.SetFont("Helvetica", "", 7.5)
				p.SetTextColor(90, 90, 90)
				p.SetXY(x, ty+float64(len(r.captions[k]))*reportCaptionH)
				p.CellFormat(reportPhotoW, reportTakenH, p.tr(d.text.taken+" "+paperStamp(d.lang, ph.Taken)), "", 0, "C", false, 0, "")
				p.SetTextColor(0, 0, 0)
			}
		}
		p.SetXY(reportMargin, y+r.height())
	}
}
