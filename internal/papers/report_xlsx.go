package papers

// The XLSX writer of the activity report: one workbook with the sheets
// Ringkasan, Per tingkat, Per bulan, Waktu SOP and Selisih.

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// ReportXLSX writes r as a workbook with the sheets Ringkasan (the visits
// with a TOTAL row and a bar chart of books lent per location), Per
// tingkat, Per bulan (r.Months, with a column chart when not empty), Waktu
// SOP (step times as "07:42" text in WIB and the minutes between adjacent
// steps and from the first to the last recorded step) and Selisih (one row
// per discrepancy); the sheet names and headings are English when r.Lang is
// "en". Counts are stored as numbers and dates as dates. It validates r as
// ReportPDF does.
func ReportXLSX(w io.Writer, r Report) error {
	d, err := newReport(r)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &reportBook{f: f, d: d}
	b.build()
	if b.err != nil {
		return fmt.Errorf("papers: report xlsx: %w", b.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("papers: report xlsx: %w", err)
	}
	return nil
}

// reportBook writes the workbook and keeps the first error.
type reportBook struct {
	f                       *excelize.File
	d                       *report
	err                     error
	head, total, date, wrap int // style ids
}

func (b *reportBook) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *reportBook) build() {
	f, d, t := b.f, b.d, b.d.text
	b.check(f.SetSheetName("Sheet1", t.sheets[0]))
	for _, s := range t.sheets[1:] {
		_, err := f.NewSheet(s)
		b.check(err)
	}
	f.SetActiveSheet(0)
	b.check(f.SetDocProps(&excelize.DocProperties{Title: d.Title, Creator: "anterkoper",
		Created: d.generated.UTC().Format(time.RFC3339), Language: d.lang}))
	var err error
	b.head, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DCE4EE"}},
		Border:    []excelize.Border{{Type: "bottom", Color: "7F7F7F", Style: 1}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	b.check(err)
	b.total, err = f.NewStyle(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Border: []excelize.Border{{Type: "top", Color: "7F7F7F", Style: 1}},
	})
	b.check(err)
	dateFmt := "dd/mm/yyyy"
	b.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	b.check(err)
	b.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	b.check(err)
	if b.err != nil {
		return
	}
	b.summary()
	b.levels()
	b.months()
	b.sop()
	b.discrepancies()
}

// set writes a row of values from column 1 of row.
func (b *reportBook) set(sheet string, row int, values ...any) {
	cell, err := excelize.CoordinatesToCellName(1, row)
	b.check(err)
	b.check(b.f.SetSheetRow(sheet, cell, &values))
}

// style gives columns from..to (1-based) of row the style.
func (b *reportBook) style(sheet string, row, from, to, style int) {
	c1, err := excelize.CoordinatesToCellName(from, row)
	b.check(err)
	c2, err := excelize.CoordinatesToCellName(to, row)
	b.check(err)
	b.check(b.f.SetCellStyle(sheet, c1, c2, style))
}

// header writes the header row, freezes it and sets the column widths.
func (b *reportBook) header(sheet string, heads []string, widths []float64) {
	values := make([]any, len(heads))
	for i, h := range heads {
		values[i] = h
	}
	b.set(sheet, 1, values...)
	b.style(sheet, 1, 1, len(heads), b.head)
	b.check(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2",
		ActivePane: "bottomLeft"}))
	for i, wd := range widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		b.check(err)
		b.check(b.f.SetColWidth(sheet, col, col, wd))
	}
}

// ref is an absolute reference to a range of one column, for charts.
func reportRef(sheet, col string, from, to int) string {
	return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, from, col, to)
}

func (b *reportBook) summary() {
	d, t := b.d, b.d.text
	sheet := t.sheets[0]
	b.header(sheet, []string{t.visitID, t.dateHead, t.locHead, t.kindHead, t.levelHead,
		t.heads[3], t.heads[4], t.heads[5], t.heads[6]}, []float64{12, 12, 34, 20, 10, 13, 11, 10, 10})
	row := 2
	for _, v := range d.visits {
		level := ""
		if v.Level != "" {
			level = d.levelName(reportLevelKey(v.Level))
		}
		b.set(sheet, row, v.VisitID, v.day, v.Location, d.kindName(v.Kind), level,
			v.Lent, v.Returned, v.Missing, v.Extra)
		b.style(sheet, row, 2, 2, b.date)
		row++
	}
	tot := d.totals()
	b.set(sheet, row, t.total, nil, nil, nil, nil, tot.lent, tot.returned, tot.missing, tot.extra)
	b.style(sheet, row, 1, 9, b.total)
	if len(d.visits) == 0 {
		return
	}
	last := row - 1
	b.check(b.f.AddChart(sheet, "K2", &excelize.Chart{
		Type:       excelize.Bar,
		VaryColors: new(false), // one colour: the bars are one series
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$F$1", sheet),
			Categories: reportRef(sheet, "C", 2, last),
			Values:     reportRef(sheet, "F", 2, last),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.chartLocations}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		YAxis:     excelize.ChartAxis{MajorGridLines: true},
		XAxis:     excelize.ChartAxis{ReverseOrder: true}, // first visit on top, as in the table
		Dimension: excelize.ChartDimension{Width: 560, Height: uint(max(240, 60+24*len(d.visits)))},
	}))
}

func (b *reportBook) levels() {
	d, t := b.d, b.d.text
	sheet := t.sheets[1]
	b.header(sheet, t.levelHeads[:], []float64{20, 13, 11})
	row := 2
	var lent, returned int
	for _, l := range d.levels {
		b.set(sheet, row, d.levelName(l.key), l.lent, l.returned)
		lent += l.lent
		returned += l.returned
		row++
	}
	b.set(sheet, row, t.total, lent, returned)
	b.style(sheet, row, 1, 3, b.total)
}

func (b *reportBook) months() {
	d, t := b.d, b.d.text
	sheet := t.sheets[2]
	b.header(sheet, []string{t.monthHead, t.lent, t.returned}, []float64{12, 13, 11})
	for i, m := range d.months {
		b.set(sheet, i+2, m.Month, m.Lent, m.Returned)
	}
	if len(d.months) == 0 {
		return
	}
	last := len(d.months) + 1
	b.check(b.f.AddChart(sheet, "E2", &excelize.Chart{
		Type:       excelize.Col,
		VaryColors: new(false),
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("'%s'!$B$1", sheet), Categories: reportRef(sheet, "A", 2, last),
				Values: reportRef(sheet, "B", 2, last)},
			{Name: fmt.Sprintf("'%s'!$C$1", sheet), Categories: reportRef(sheet, "A", 2, last),
				Values: reportRef(sheet, "C", 2, last)},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.chartMonths}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		YAxis:     excelize.ChartAxis{MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: 560, Height: 300},
	}))
}

func (b *reportBook) sop() {
	d, t := b.d, b.d.text
	sheet := t.sheets[3]
	heads := []string{t.visitID, t.dateHead, t.locHead}
	widths := []float64{12, 12, 30}
	for _, s := range t.steps {
		heads = append(heads, s)
		widths = append(widths, 14)
	}
	for _, s := range t.intervals {
		heads = append(heads, strings.ToUpper(s[:1])+s[1:]+t.minutes)
		widths = append(widths, 14)
	}
	heads = append(heads, t.totalSteps)
	widths = append(widths, 14)
	b.header(sheet, heads, widths)
	b.check(b.f.SetRowHeight(sheet, 1, 30))
	for i, v := range d.visits {
		row := []any{v.VisitID, v.day, v.Location}
		for _, at := range v.steps {
			row = append(row, d.clock(v, at)) // text, so it is never read as a fraction of a day
		}
		for j := range len(reportSteps) - 1 {
			if m, ok := v.minutes(j, j+1); ok {
				row = append(row, m)
			} else {
				row = append(row, nil)
			}
		}
		if first, last, ok := v.span(); ok {
			m, _ := v.minutes(first, last)
			row = append(row, m)
		} else {
			row = append(row, nil)
		}
		b.set(sheet, i+2, row...)
		b.style(sheet, i+2, 2, 2, b.date)
	}
}

func (b *reportBook) discrepancies() {
	d, t := b.d, b.d.text
	sheet := t.sheets[4]
	b.header(sheet, []string{t.visitID, t.dateHead, t.locHead, t.discHead}, []float64{12, 12, 30, 70})
	row := 2
	for _, v := range d.visits {
		for _, s := range v.Discrepancies {
			b.set(sheet, row, v.VisitID, v.day, v.Location, s)
			b.style(sheet, row, 2, 2, b.date)
			b.style(sheet, row, 4, 4, b.wrap)
			row++
		}
	}
}
