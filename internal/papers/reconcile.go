package papers

// The reconciliation of SOP step 9 (pengecekan kembali): per visit, the
// books packed, lent, returned and recounted, what should be in the vehicle
// and the difference, as CSV for scripts and XLSX for the coordinator.

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// VisitRecon is the reconciliation of one visit. The lists are taken as
// given (see circulation.State.Lists): Expected is packed − lent +
// returned, Missing is expected but not recounted, Extra is recounted but
// not expected.
type VisitRecon struct {
	VisitID   int64
	Date      string // YYYY-MM-DD
	Location  string
	Packed    []Line
	Lent      []Line
	Returned  []Line
	Recounted []Line
	Expected  []Line // in the vehicle
	Missing   []Line
	Extra     []Line
}

// Reconciliation is the re-check of a day or of a single visit.
type Reconciliation struct {
	Title     string    // e.g. "Pengecekan kembali 27/11/2026"; empty: a default title
	Date      string    // the day (YYYY-MM-DD), or "" for a single visit
	Generated time.Time // zero: now
	Lang      string    // "id" (when empty) or "en"
	Visits    []VisitRecon
}

// reconLists are the lists in the order they are written, with their CSV
// key; names come from reconText.lists in the same order.
var reconLists = [7]struct {
	key   string
	items func(v *VisitRecon) []Line
}{
	{"packed", func(v *VisitRecon) []Line { return v.Packed }},
	{"lent", func(v *VisitRecon) []Line { return v.Lent }},
	{"returned", func(v *VisitRecon) []Line { return v.Returned }},
	{"recounted", func(v *VisitRecon) []Line { return v.Recounted }},
	{"expected_in_vehicle", func(v *VisitRecon) []Line { return v.Expected }},
	{"missing", func(v *VisitRecon) []Line { return v.Missing }},
	{"extra", func(v *VisitRecon) []Line { return v.Extra }},
}

// reconText is what one language says in the workbook.
type reconText struct {
	title, date, generated, summary, total string
	lists                                  [7]string // also the sheet names
	summaryHeads                           [3]string // then the list names
	listHeads                              [5]string
}

var reconLangs = map[string]*reconText{
	"id": {
		title: "Pengecekan kembali", date: "Tanggal", generated: "Dibuat", summary: "Ringkasan", total: "TOTAL",
		lists:        [7]string{"Dikemas", "Dipinjamkan", "Dikembalikan", "Dihitung ulang", "Di mobil", "Hilang", "Lebih"},
		summaryHeads: [3]string{"Kunjungan", "Tanggal", "Lokasi"},
		listHeads:    [5]string{"Kunjungan", "Lokasi", "Kode", "Judul", "Tingkat"},
	},
	"en": {
		title: "Reconciliation", date: "Date", generated: "Generated", summary: "Summary", total: "TOTAL",
		lists:        [7]string{"Packed", "Lent", "Returned", "Recounted", "In vehicle", "Missing", "Extra"},
		summaryHeads: [3]string{"Visit", "Date", "Location"},
		listHeads:    [5]string{"Visit", "Location", "Code", "Title", "Level"},
	},
}

// recon is the validated input shared by the two writers.
type recon struct {
	Reconciliation
	lang string
	t    *reconText
	day  time.Time // zero when Date is ""
	days []time.Time
}

func newRecon(rec Reconciliation) (*recon, error) {
	lang, err := paperLang(rec.Lang)
	if err != nil {
		return nil, fmt.Errorf("papers: reconciliation: %w", err)
	}
	r := &recon{Reconciliation: rec, lang: lang, t: reconLangs[lang], days: make([]time.Time, len(rec.Visits))}
	if rec.Date != "" {
		if r.day, err = paperParseDate(rec.Date); err != nil {
			return nil, fmt.Errorf("papers: reconciliation: %w", err)
		}
	}
	for i, v := range rec.Visits {
		if r.days[i], err = paperParseDate(v.Date); err != nil {
			return nil, fmt.Errorf("papers: reconciliation: visit %d: %w", v.VisitID, err)
		}
	}
	if r.Generated.IsZero() {
		r.Generated = time.Now()
	}
	return r, nil
}

// counts are a visit's list lengths in reconLists order.
func reconCounts(v *VisitRecon) (n [7]int) {
	for i, l := range reconLists {
		n[i] = len(l.items(v))
	}
	return n
}

// reconCSVHeader and reconCSVTotalsHeader are a machine interface: keep
// them stable.
var (
	reconCSVHeader       = []string{"visit_id", "date", "location", "list", "code", "title", "level"}
	reconCSVTotalsHeader = []string{"visit_id", "date", "location", "packed", "lent", "returned",
		"recounted", "expected_in_vehicle", "missing", "extra"}
)

// ReconciliationCSV writes the reconciliation as CSV in two sections
// separated by an empty line. The first has the header
//
//	visit_id,date,location,list,code,title,level
//
// and one row per book per list, visits in the given order, lists in the
// order packed, lent, returned, recounted, expected_in_vehicle, missing,
// extra. The second has the header
//
//	visit_id,date,location,packed,lent,returned,recounted,expected_in_vehicle,missing,extra
//
// with the list sizes of each visit and a last row "total,,," with their
// sums. The sections have different widths: read them with
// csv.Reader.FieldsPerRecord = -1. The headers and list keys are English
// whatever rec.Lang is.
func ReconciliationCSV(w io.Writer, rec Reconciliation) error {
	r, err := newRecon(rec)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	cw.Write(reconCSVHeader)
	for i := range r.Visits {
		v := &r.Visits[i]
		id := strconv.FormatInt(v.VisitID, 10)
		for _, l := range reconLists {
			for _, it := range l.items(v) {
				cw.Write([]string{id, v.Date, v.Location, l.key, it.Code, it.Title, it.Level})
			}
		}
	}
	cw.Flush()
	bw.WriteString("\n")
	cw.Write(reconCSVTotalsHeader)
	var total [7]int
	row := make([]string, 10)
	for i := range r.Visits {
		v := &r.Visits[i]
		row[0], row[1], row[2] = strconv.FormatInt(v.VisitID, 10), v.Date, v.Location
		for j, n := range reconCounts(v) {
			total[j] += n
			row[3+j] = strconv.Itoa(n)
		}
		cw.Write(row)
	}
	row[0], row[1], row[2] = "total", "", ""
	for j, n := range total {
		row[3+j] = strconv.Itoa(n)
	}
	cw.Write(row)
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("papers: reconciliation csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("papers: reconciliation csv: %w", err)
	}
	return nil
}

// ReconciliationXLSX writes the reconciliation as a workbook: a summary
// sheet ("Ringkasan", or "Summary" in English) with the title, the date,
// one row of list sizes per visit and a bold TOTAL row of plain numbers,
// then one sheet per list, named in the language ("Dikemas" … "Lebih"),
// with a row per book. Header rows are frozen and filterable.
func ReconciliationXLSX(w io.Writer, rec Reconciliation) error {
	r, err := newRecon(rec)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	x := &reconXLSX{f: f, r: r}
	x.styles()
	x.summary()
	for i := range reconLists {
		x.list(i)
	}
	if x.err == nil {
		_, x.err = f.WriteTo(w)
	}
	if x.err != nil {
		return fmt.Errorf("papers: reconciliation xlsx: %w", x.err)
	}
	return nil
}

// reconXLSX builds the workbook and keeps the first error.
type reconXLSX struct {
	f   *excelize.File
	r   *recon
	err error

	titleStyle, headStyle, totalStyle, dateStyle, alertStyle int
}

func (x *reconXLSX) keep(err error) {
	if x.err == nil && err != nil {
		x.err = err
	}
}

func (x *reconXLSX) style(s *excelize.Style) int {
	id, err := x.f.NewStyle(s)
	x.keep(err)
	return id
}

func (x *reconXLSX) styles() {
	ddmmyyyy := "dd/mm/yyyy"
	thin := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	x.titleStyle = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	x.headStyle = x.style(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    thin,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	})
	x.totalStyle = x.style(&excelize.Style{
		Font:   &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}},
		Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}},
	})
	x.dateStyle = x.style(&excelize.Style{CustomNumFmt: &ddmmyyyy, Alignment: &excelize.Alignment{Horizontal: "left"}})
	x.alertStyle = x.style(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "C00000"}})
}

// cell names the cell at column col and row (both from 1).
func (x *reconXLSX) cell(col, row int) string {
	name, err := excelize.CoordinatesToCellName(col, row)
	x.keep(err)
	return name
}

// header writes a styled header row, freezes the sheet below it and lets
// the table below be filtered.
func (x *reconXLSX) header(sheet string, row int, heads []string, lastRow int) {
	vals := make([]any, len(heads))
	for i, h := range heads {
		vals[i] = h
	}
	first, last := x.cell(1, row), x.cell(len(heads), row)
	x.keep(x.f.SetSheetRow(sheet, first, &vals))
	x.keep(x.f.SetCellStyle(sheet, first, last, x.headStyle))
	x.keep(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: row,
		TopLeftCell: x.cell(1, row+1), ActivePane: "bottomLeft"}))
	x.keep(x.f.AutoFilter(sheet, first+":"+x.cell(len(heads), max(lastRow, row)), nil))
}

func (x *reconXLSX) summary() {
	r, t := x.r, x.r.t
	sheet := t.summary
	x.keep(x.f.SetSheetName("Sheet1", sheet))
	title := r.Title
	if title == "" {
		title = t.title
		if !r.day.IsZero() {
			title += " " + r.day.Format(paperDayLayout[r.lang])
		}
	}
	x.keep(x.f.SetCellValue(sheet, "A1", title))
	x.keep(x.f.SetCellStyle(sheet, "A1", "A1", x.titleStyle))
	day := r.day
	if day.IsZero() && len(r.days) == 1 {
		day = r.days[0]
	}
	if !day.IsZero() {
		x.keep(x.f.SetCellValue(sheet, "A2", t.date+": "+paperDay(r.lang, day)))
	}
	x.keep(x.f.SetCellValue(sheet, "A3", t.generated+": "+paperStamp(r.lang, r.Generated)))

	const headRow = 5
	heads := append(t.summaryHeads[:], t.lists[:]...)
	x.header(sheet, headRow, heads, headRow+len(r.Visits))
	var total [7]int
	row := headRow
	for i := range r.Visits {
		v := &r.Visits[i]
		row++
		vals := []any{v.VisitID, r.days[i], v.Location}
		for j, n := range reconCounts(v) {
			total[j] += n
			vals = append(vals, n)
		}
		x.keep(x.f.SetSheetRow(sheet, x.cell(1, row), &vals))
		x.keep(x.f.SetCellStyle(sheet, x.cell(2, row), x.cell(2, row), x.dateStyle))
		x.alert(sheet, row, vals)
	}
	row++
	vals := []any{t.total, nil, nil}
	for _, n := range total {
		vals = append(vals, n)
	}
	x.keep(x.f.SetSheetRow(sheet, x.cell(1, row), &vals))
	x.keep(x.f.SetCellStyle(sheet, x.cell(1, row), x.cell(len(heads), row), x.totalStyle))

	x.keep(x.f.SetColWidth(sheet, "A", "A", 12))
	x.keep(x.f.SetColWidth(sheet, "B", "B", 12))
	x.keep(x.f.SetColWidth(sheet, "C", "C", 36))
	x.keep(x.f.SetColWidth(sheet, "D", "J", 14))
}

// alert marks non-zero missing and extra counts in red: they are what the
// re-check is for.
func (x *reconXLSX) alert(sheet string, row int, vals []any) {
	for _, col := range []int{3 + 5, 3 + 6} { // missing, extra
		if n, _ := vals[col].(int); n > 0 {
			c := x.cell(col+1, row)
			x.keep(x.f.SetCellStyle(sheet, c, c, x.alertStyle))
		}
	}
}

// list writes the sheet of list i: one row per book of every visit.
func (x *reconXLSX) list(i int) {
	r, t := x.r, x.r.t
	sheet := t.lists[i]
	_, err := x.f.NewSheet(sheet)
	x.keep(err)
	rows := 0
	for j := range r.Visits {
		rows += len(reconLists[i].items(&r.Visits[j]))
	}
	x.header(sheet, 1, t.listHeads[:], 1+rows)
	row := 1
	for j := range r.Visits {
		v := &r.Visits[j]
		for _, it := range reconLists[i].items(v) {
			row++
			vals := []any{v.VisitID, v.Location, it.Code, it.Title, it.Level}
			x.keep(x.f.SetSheetRow(sheet, x.cell(1, row), &vals))
		}
	}
	x.keep(x.f.SetColWidth(sheet, "A", "A", 11))
	x.keep(x.f.SetColWidth(sheet, "B", "B", 30))
	x.keep(x.f.SetColWidth(sheet, "C", "C", 18))
	x.keep(x.f.SetColWidth(sheet, "D", "D", 50))
	x.keep(x.f.SetColWidth(sheet, "E", "E", 9))
}
