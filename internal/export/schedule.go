package export

// The monthly schedule (jadwal) of the mobile library as CSV for machines,
// iCalendar for the staff's phone calendars and a printable PDF.

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"anterkoper/internal/pdftable"
)

// ScheduleRow is one visit of a month's schedule.
type ScheduleRow struct {
	VisitID       int64
	Date          string // YYYY-MM-DD (WIB)
	Vehicle       int    // 1..N; 0 = no vehicle (ad-hoc)
	LocationID    int64
	LocationName  string
	Kind          string // school, orphanage, … (as stored)
	Level         string // SD, SMP, SMA, umum
	Address       string
	ContactName   string
	ContactPhone  string
	TravelMinutes int
	Lat, Lon      float64
	HasCoords     bool
}

// ScheduleMeta describes the schedule as a whole.
type ScheduleMeta struct {
	Month  string // YYYY-MM
	Office string // e.g. "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah"
	// Generated is shown in the PDF footer (in WIB) and is the DTSTAMP of
	// the iCalendar events. The zero time means now.
	Generated time.Time
	// Lang is "id" (the default when empty) or "en". It picks the titles
	// and headings of the PDF, the day names of the CSV and the event texts
	// of the iCalendar file.
	Lang string
}

// scheduleText is what one language says in the exports.
type scheduleText struct {
	months    [12]string
	days      [7]string // from Sunday, as time.Weekday
	title     string
	vehicle   string
	heads     [7]string // PDF columns
	minutes   string    // format for travel time
	generated string
	page      string
	none      string
	contact   string
	level     string
	travel    string
	date      func(t time.Time, day string) string
	stamp     string // time layout of the footer, followed by " WIB"
}

var scheduleLangs = map[string]*scheduleText{
	"id": {
		months: [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni",
			"Juli", "Agustus", "September", "Oktober", "November", "Desember"},
		days:      [7]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"},
		title:     "Jadwal Kunjungan ANTER KOPER Buku",
		vehicle:   "Kendaraan",
		heads:     [7]string{"Tanggal", "Kendaraan", "Lokasi", "Jenjang", "Alamat", "Kontak", "Waktu tempuh"},
		minutes:   "%d menit",
		generated: "Dibuat",
		page:      "Halaman",
		none:      "Tidak ada kunjungan bulan ini.",
		contact:   "Kontak",
		level:     "Jenjang",
		travel:    "Waktu tempuh",
		date:      func(t time.Time, day string) string { return day + ", " + t.Format("02/01/2006") },
		stamp:     "02/01/2006 15:04",
	},
	"en": {
		months: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
		days:      [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		title:     "ANTER KOPER Buku Visit Schedule",
		vehicle:   "Vehicle",
		heads:     [7]string{"Date", "Vehicle", "Location", "Level", "Address", "Contact", "Travel time"},
		minutes:   "%d min",
		generated: "Generated",
		page:      "Page",
		none:      "No visits this month.",
		contact:   "Contact",
		level:     "Level",
		travel:    "Travel time",
		// A day-month-year with the month spelled out cannot be misread
		// as the US month/day order.
		date:  func(t time.Time, day string) string { return day + ", " + t.Format("02 Jan 2006") },
		stamp: "02 Jan 2006 15:04",
	},
}

// schedule is the validated input shared by the three writers.
type schedule struct {
	month     time.Time
	office    string
	generated time.Time
	text      *scheduleText
	visits    []visitRow
}

type visitRow struct {
	ScheduleRow
	day time.Time
}

// newSchedule validates meta and the row dates and sorts a copy of rows by
// date, vehicle and location name (then visit id, so the order is total).
func newSchedule(meta ScheduleMeta, rows []ScheduleRow) (*schedule, error) {
	month, err := time.Parse("2006-01", meta.Month)
	if err != nil || len(meta.Month) != len("2006-01") {
		return nil, fmt.Errorf("export: schedule month %q: want YYYY-MM", meta.Month)
	}
	lang := cmp.Or(meta.Lang, "id")
	text, ok := scheduleLangs[lang]
	if !ok {
		return nil, fmt.Errorf("export: schedule language %q: want id or en", meta.Lang)
	}
	s := &schedule{month: month, office: meta.Office, generated: meta.Generated, text: text,
		visits: make([]visitRow, len(rows))}
	if s.generated.IsZero() {
		s.generated = time.Now()
	}
	for i, r := range rows {
		day, err := time.Parse("2006-01-02", r.Date)
		if err != nil {
			return nil, fmt.Errorf("export: schedule visit %d: date %q: want YYYY-MM-DD", r.VisitID, r.Date)
		}
		s.visits[i] = visitRow{r, day}
	}
	slices.SortFunc(s.visits, func(a, b visitRow) int {
		return cmp.Or(a.day.Compare(b.day), cmp.Compare(a.Vehicle, b.Vehicle),
			cmp.Compare(strings.ToLower(a.LocationName), strings.ToLower(b.LocationName)),
			cmp.Compare(a.LocationName, b.LocationName), cmp.Compare(a.VisitID, b.VisitID))
	})
	return s, nil
}

func (s *schedule) monthName() string {
	return s.text.months[s.month.Month()-1] + " " + strconv.Itoa(s.month.Year())
}

func (s *schedule) dayName(t time.Time) string { return s.text.days[t.Weekday()] }

func (s *schedule) vehicle(v int) string {
	if v == 0 {
		return "-"
	}
	return strconv.Itoa(v)
}

func (s *schedule) travel(minutes int) string {
	if minutes <= 0 {
		return "-"
	}
	return fmt.Sprintf(s.text.minutes, minutes)
}

// scheduleCSVHeader is a machine interface: keep it stable.
var scheduleCSVHeader = []string{"visit_id", "date", "day", "vehicle", "location_id", "location",
	"kind", "level", "address", "contact", "phone", "travel_minutes", "latitude", "longitude"}

// ScheduleCSV writes the schedule as CSV: a header row, then one row per
// visit sorted by date, vehicle and location name.
//
// The header is made of English snake_case keys whatever meta.Lang is, so
// scripts can rely on it; the language only picks the names in the "day"
// column. Dates are YYYY-MM-DD, "vehicle" is empty for a visit without a
// vehicle, and "latitude" and "longitude" are empty for a location without
// coordinates.
func ScheduleCSV(w io.Writer, meta ScheduleMeta, rows []ScheduleRow) error {
	s, err := newSchedule(meta, rows)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(scheduleCSVHeader)
	for _, v := range s.visits {
		vehicle, lat, lon := "", "", ""
		if v.Vehicle != 0 {
			vehicle = strconv.Itoa(v.Vehicle)
		}
		if v.HasCoords {
			lat = strconv.FormatFloat(v.Lat, 'f', -1, 64)
			lon = strconv.FormatFloat(v.Lon, 'f', -1, 64)
		}
		cw.Write([]string{strconv.FormatInt(v.VisitID, 10), v.Date, s.dayName(v.day), vehicle,
			strconv.FormatInt(v.LocationID, 10), v.LocationName, v.Kind, v.Level, v.Address,
			v.ContactName, v.ContactPhone, strconv.Itoa(v.TravelMinutes), lat, lon})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: schedule csv: %w", err)
	}
	return nil
}

// ScheduleICS writes the schedule as an iCalendar file (RFC 5545) with one
// all-day event per visit. The UID of an event is derived from the visit id
// only, so importing a regenerated schedule updates the events instead of
// duplicating them.
func ScheduleICS(w io.Writer, meta ScheduleMeta, rows []ScheduleRow) error {
	s, err := newSchedule(meta, rows)
	if err != nil {
		return err
	}
	stamp := s.generated.UTC().Format("20060102T150405Z")
	iw := icsWriter{w: bufio.NewWriter(w)}
	iw.prop("BEGIN", "VCALENDAR")
	iw.prop("PRODID", "-//anterkoper//jadwal//ID")
	iw.prop("VERSION", "2.0")
	iw.prop("CALSCALE", "GREGORIAN")
	iw.prop("METHOD", "PUBLISH")
	iw.prop("X-WR-CALNAME", icsText("Jadwal ANTER KOPER Buku "+s.month.Format("2006-01")))
	iw.prop("X-WR-TIMEZONE", "Asia/Jakarta")
	for _, v := range s.visits {
		summary := "ANTER KOPER: " + v.LocationName
		if v.Vehicle != 0 {
			summary += fmt.Sprintf(" (%s %d)", s.text.vehicle, v.Vehicle)
		}
		iw.prop("BEGIN", "VEVENT")
		iw.prop("UID", fmt.Sprintf("visit-%d@anterkoper", v.VisitID))
		iw.prop("DTSTAMP", stamp)
		iw.prop("DTSTART;VALUE=DATE", v.day.Format("20060102"))
		iw.prop("DTEND;VALUE=DATE", v.day.AddDate(0, 0, 1).Format("20060102"))
		iw.prop("SUMMARY", icsText(summary))
		if v.Address != "" {
			iw.prop("LOCATION", icsText(v.Address))
		}
		if v.HasCoords {
			iw.prop("GEO", strconv.FormatFloat(v.Lat, 'f', -1, 64)+";"+strconv.FormatFloat(v.Lon, 'f', -1, 64))
		}
		if d := s.description(v); d != "" {
			iw.prop("DESCRIPTION", icsText(d))
		}
		// A visit is a day out for the crew, not a meeting that makes
		// them busy for everyone else's calendar.
		iw.prop("TRANSP", "TRANSPARENT")
		iw.prop("END", "VEVENT")
	}
	iw.prop("END", "VCALENDAR")
	if iw.err == nil {
		iw.err = iw.w.Flush()
	}
	if iw.err != nil {
		return fmt.Errorf("export: schedule ics: %w", iw.err)
	}
	return nil
}

func (s *schedule) description(v visitRow) string {
	var lines []string
	contact := v.ContactName
	switch {
	case contact == "":
		contact = v.ContactPhone
	case v.ContactPhone != "":
		contact += " (" + v.ContactPhone + ")"
	}
	if contact != "" {
		lines = append(lines, s.text.contact+": "+contact)
	}
	if v.Level != "" {
		lines = append(lines, s.text.level+": "+v.Level)
	}
	if v.TravelMinutes > 0 {
		lines = append(lines, s.text.travel+": "+s.travel(v.TravelMinutes))
	}
	return strings.Join(lines, "\n")
}

// icsWriter writes content lines folded to 75 octets with CRLF endings and
// keeps the first write error.
type icsWriter struct {
	w   *bufio.Writer
	err error
}

// prop writes "name:value"; value must already be escaped where it is TEXT.
func (iw *icsWriter) prop(name, value string) {
	if iw.err != nil {
		return
	}
	line := name + ":" + value
	limit := 75
	for len(line) > limit {
		cut := limit
		for !utf8.RuneStart(line[cut]) { // never split a UTF-8 sequence
			cut--
		}
		iw.w.WriteString(line[:cut])
		iw.w.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space of a continuation line counts
	}
	iw.w.WriteString(line)
	_, iw.err = iw.w.WriteString("\r\n")
}

// icsText escapes a TEXT value (RFC 5545 section 3.3.11). Control
// characters other than tab are not allowed in TEXT and are dropped.
func icsText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n', '\r':
			b.WriteString(`\n`)
		default:
			if r < 0x20 && r != '\t' || r == 0x7f {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// PDF layout, in mm on A4 landscape (297×210).
const (
	pdfMargin   = 10.0
	pdfBottom   = 16.0 // room kept free for the footer
	pdfFontSize = 8.5
	pdfLineH    = 4.0
	pdfPad      = 1.0

	pdfTableWidth = 297 - 2*pdfMargin
)

// pdfCols are the table's columns; their widths add up to pdfTableWidth.
// MaxLines keeps a row short enough to always fit on a page; longer text is
// cut with "…".
var pdfCols = [7]pdftable.Col{{Width: 38, MaxLines: 2}, {Width: 20, MaxLines: 1}, {Width: 58, MaxLines: 3},
	{Width: 16, MaxLines: 1}, {Width: 73, MaxLines: 3}, {Width: 52, MaxLines: 3}, {Width: 20, MaxLines: 2}}

// pdfTable is the table of visits; tr translates a cell into cp1252.
func pdfTable(tr func(string) string) *pdftable.Table {
	return &pdftable.Table{Cols: pdfCols[:], Left: pdfMargin, LineH: pdfLineH, Pad: pdfPad, Tr: tr}
}

// pdfHeadLines is how many lines a column heading may take.
const pdfHeadLines = 2

// SchedulePDF writes the schedule as a printable A4 landscape table grouped
// by date, with the table header repeated on every page and a footer with
// the generation time and the page number.
func SchedulePDF(w io.Writer, meta ScheduleMeta, rows []ScheduleRow) error {
	s, err := newSchedule(meta, rows)
	if err != nil {
		return err
	}
	title := s.text.title + " — " + s.monthName()
	pdf, tr := pdftable.NewDoc(pdftable.Doc{Orientation: "L", Title: title, Author: s.office,
		Created: s.generated, Margin: pdfMargin, Bottom: pdfBottom})
	p := &schedulePDF{Fpdf: pdf, s: s, tr: tr, table: pdfTable(tr), title: title}
	pdf.SetHeaderFunc(p.header)
	pdf.SetFooterFunc(p.footer)
	pdf.AddPage()
	if len(s.visits) == 0 {
		pdf.SetFont("Helvetica", "I", pdfFontSize+1)
		pdf.CellFormat(0, 10, p.tr(s.text.none), "", 1, "L", false, 0, "")
	}
	group := -1
	for i, v := range s.visits {
		newDate := i == 0 || !v.day.Equal(s.visits[i-1].day)
		if newDate {
			group++
		}
		contact := strings.Trim(v.ContactName+"\n"+v.ContactPhone, "\n")
		p.row([7]string{s.text.date(v.day, s.dayName(v.day)), s.vehicle(v.Vehicle), v.LocationName,
			v.Level, v.Address, contact, s.travel(v.TravelMinutes)}, newDate, group%2 == 1)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("export: schedule pdf: %w", err)
	}
	return nil
}

type schedulePDF struct {
	*fpdf.Fpdf
	s       *schedule
	tr      func(string) string
	table   *pdftable.Table
	title   string
	topPage bool // nothing drawn yet below the table header of this page
}

func (p *schedulePDF) header() {
	p.SetFont("Helvetica", "B", 14)
	p.CellFormat(0, 7, p.tr(p.title), "", 1, "L", false, 0, "")
	if p.s.office != "" {
		p.SetFont("Helvetica", "", 10)
		p.CellFormat(0, 5, p.tr(p.s.office), "", 1, "L", false, 0, "")
	}
	p.Ln(3)
	p.SetFont("Helvetica", "B", pdfFontSize)
	p.SetFillColor(220, 220, 220)
	p.table.Row(p.Fpdf, p.s.text.heads[:], pdfHeadLines)
	p.SetFont("Helvetica", "", pdfFontSize)
	p.topPage = true
}

func (p *schedulePDF) footer() {
	p.SetY(-12)
	p.SetFont("Helvetica", "", 8)
	p.SetTextColor(80, 80, 80)
	generated := p.s.text.generated + " " + p.s.generated.In(WIB).Format(p.s.text.stamp) + " WIB"
	p.CellFormat(pdfTableWidth/2, 5, p.tr(generated), "", 0, "L", false, 0, "")
	p.CellFormat(0, 5, p.tr(fmt.Sprintf("%s %d/{nb}", p.s.text.page, p.PageNo())), "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

// row draws one visit, starting a new page first when it would not fit.
// The date is written on the first row of its group and again at the top of
// a page, so every page can be read alone.
func (p *schedulePDF) row(cells [7]string, newDate, shade bool) {
	pdftable.PageBreak(p.Fpdf, p.table.Height(p.Fpdf, cells[:], 0))
	if !newDate && !p.topPage {
		cells[0] = ""
	}
	if shade {
		p.SetFillColor(242, 242, 242)
	} else {
		p.SetFillColor(255, 255, 255)
	}
	y := p.GetY()
	p.table.Row(p.Fpdf, cells[:], 0)
	if newDate && !p.topPage { // a darker rule between dates
		p.SetLineWidth(0.5)
		p.Line(pdfMargin, y, pdfMargin+pdfTableWidth, y)
		p.SetLineWidth(0.2)
	}
	p.topPage = false
}
