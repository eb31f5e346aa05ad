package papers

// The activity report (laporan kegiatan) of one visit or of a month: what
// was lent and returned where, how long the SOP steps took and what did not
// add up, as a printable PDF with charts and photos (ReportPDF) and as a
// workbook for the office (ReportXLSX). Both writers share the validation
// and the texts below; the PDF charts are in report_chart.go.

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"
)

// ReportStep is the time one SOP step of a visit was recorded.
type ReportStep struct {
	Name string    // SOP step key: prepared, departed, arrived, counted, rechecked
	At   time.Time // zero when not recorded
}

// ReportPhoto is a documentation photo of a visit.
type ReportPhoto struct {
	JPEG    []byte // already resized by the caller (≤ 1600 px), JPEG
	Taken   time.Time
	Caption string
}

// ReportVisit is one visit of a report.
type ReportVisit struct {
	VisitID  int64
	Date     string // YYYY-MM-DD
	Location string
	Kind     string // school, university, institution, orphanage, children_home, community
	Level    string // SD, SMP, SMA, umum
	Steps    []ReportStep
	// Lent and Returned are the visit's totals. The by-level maps may be
	// nil or partial: what they do not account for is reported under the
	// unknown level ("").
	Lent, Returned  int
	LentByLevel     map[string]int // by item level (SD/SMP/SMA/umum/"" unknown)
	ReturnedByLevel map[string]int
	Missing, Extra  int
	Discrepancies   []string // human sentences, e.g. "B00123 Si Kancil: hilang (tidak terhitung ulang)"
	Photos          []ReportPhoto
}

// MonthCount is what was lent and returned in one month, for the trend
// chart.
type MonthCount struct {
	Month          string // YYYY-MM
	Lent, Returned int
}

// Report is an activity report: of one visit when Period is empty, of a
// month otherwise.
type Report struct {
	Office string
	Title  string // e.g. "Laporan Kegiatan ANTER KOPER Buku"; empty gives that default
	Period string // "YYYY-MM" for a month, or "" for a single visit report
	// Generated is printed on every page (in WIB); the zero time means now.
	Generated time.Time
	Lang      string // "id" (default) or "en"
	Visits    []ReportVisit
	Months    []MonthCount // recent months for the trend chart (may be empty)
}

// reportWIB is the time zone every time of a report is written in.
var reportWIB = time.FixedZone("WIB", 7*3600)

// reportPhotoMaxSide bounds a photo before it is decoded: the caller
// resizes to 1600 px, and a forged header must not make us allocate
// gigabytes.
const reportPhotoMaxSide = 4096

// reportSteps are the SOP step keys in SOP order.
var reportSteps = [...]string{"prepared", "departed", "arrived", "counted", "rechecked"}

const reportNoTime = "—"

// reportText is what one language says in the report.
type reportText struct {
	months, monthsShort [12]string
	days                [7]string // from Sunday, as time.Weekday
	date                func(t time.Time, day string) string
	stamp               string // layout of a date and time, followed by " WIB"
	dayTime             string // layout of a time on another day than the visit's
	hours               string // unit of hours in a duration: "1 j 55 m"

	title, period, visit, generated, page, total string
	summary                                      string
	heads                                        [7]string // summary table of the PDF
	levels                                       string
	levelHeads                                   [3]string
	levelNames                                   map[string]string // normalised key → label
	kinds                                        map[string]string
	chartLocations, chartMonths, lent, returned  string
	details, sop, discrepancies, photos          string
	steps                                        [len(reportSteps)]string
	intervals                                    [len(reportSteps) - 1]string // between adjacent steps
	noDiscrepancy, countsOnly                    string
	noPhotos, taken, noVisits                    string

	sheets     [5]string // Ringkasan, Per tingkat, Per bulan, Waktu SOP, Selisih
	visitID    string
	dateHead   string
	locHead    string
	kindHead   string
	levelHead  string
	monthHead  string
	minutes    string // suffix of a duration column
	totalSteps string // column of the whole duration
	discHead   string
}

var reportLangs = map[string]*reportText{
	"id": {
		months: [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni",
			"Juli", "Agustus", "September", "Oktober", "November", "Desember"},
		monthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
			"Jul", "Agu", "Sep", "Okt", "Nov", "Des"},
		days:    [7]string{"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"},
		date:    func(t time.Time, day string) string { return day + ", " + t.Format("02/01/2006") },
		stamp:   "02/01/2006 15:04",
		dayTime: "02/01 15:04",
		hours:   "j",

		title:      "Laporan Kegiatan ANTER KOPER Buku",
		period:     "Periode",
		visit:      "Kunjungan",
		generated:  "Dibuat",
		page:       "Halaman",
		total:      "TOTAL",
		summary:    "Ringkasan kunjungan",
		heads:      [7]string{"Tanggal", "Lokasi", "Jenis", "Dipinjamkan", "Kembali", "Hilang", "Lebih"},
		levels:     "Per tingkat pendidikan",
		levelHeads: [3]string{"Tingkat", "Dipinjamkan", "Kembali"},
		levelNames: map[string]string{"SD": "SD", "SMP": "SMP", "SMA": "SMA", "umum": "Umum",
			"": "Tidak diketahui"},
		kinds: map[string]string{"school": "Sekolah", "university": "Perguruan tinggi",
			"institution": "Instansi", "orphanage": "Panti asuhan",
			"children_home": "Panti anak terlantar", "community": "Masyarakat umum"},
		chartLocations: "Buku dipinjamkan per lokasi",
		chartMonths:    "Buku dipinjamkan per bulan",
		lent:           "Dipinjamkan",
		returned:       "Kembali",
		details:        "Rincian per kunjungan",
		sop:            "Waktu SOP",
		discrepancies:  "Selisih",
		photos:         "Dokumentasi",
		steps: [5]string{"Siap berangkat", "Berangkat", "Tiba di lokasi", "Penghitungan selesai",
			"Pengecekan kembali selesai"},
		intervals:     [4]string{"persiapan", "perjalanan", "penghitungan", "pengecekan"},
		noDiscrepancy: "Tidak ada selisih",
		countsOnly:    "Hilang %d, lebih %d (tanpa rincian)",
		noPhotos:      "Tidak ada foto dokumentasi.",
		taken:         "Diambil",
		noVisits:      "Tidak ada kunjungan pada periode ini.",

		sheets:     [5]string{"Ringkasan", "Per tingkat", "Per bulan", "Waktu SOP", "Selisih"},
		visitID:    "ID kunjungan",
		dateHead:   "Tanggal",
		locHead:    "Lokasi",
		kindHead:   "Jenis",
		levelHead:  "Tingkat",
		monthHead:  "Bulan",
		minutes:    " (menit)",
		totalSteps: "Total (menit)",
		discHead:   "Selisih",
	},
	"en": {
		months: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
		monthsShort: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
			"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		days: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		// A day-month-year with the month spelled out cannot be misread
		// as the US month/day order (as in the schedule).
		date:    func(t time.Time, day string) string { return day + ", " + t.Format("02 Jan 2006") },
		stamp:   "02 Jan 2006 15:04",
		dayTime: "02 Jan 15:04",
		hours:   "h",

		title:      "ANTER KOPER Buku Activity Report",
		period:     "Period",
		visit:      "Visit",
		generated:  "Generated",
		page:       "Page",
		total:      "TOTAL",
		summary:    "Visits",
		heads:      [7]string{"Date", "Location", "Kind", "Lent", "Returned", "Missing", "Extra"},
		levels:     "By education level",
		levelHeads: [3]string{"Level", "Lent", "Returned"},
		levelNames: map[string]string{"SD": "SD (primary)", "SMP": "SMP (junior high)",
			"SMA": "SMA (senior high)", "umum": "General", "": "Unknown"},
		kinds: map[string]string{"school": "School", "university": "University",
			"institution": "Institution", "orphanage": "Orphanage",
			"children_home": "Children's home", "community": "Community"},
		chartLocations: "Books lent per location",
		chartMonths:    "Books lent per month",
		lent:           "Lent",
		returned:       "Returned",
		details:        "Visit details",
		sop:            "SOP times",
		discrepancies:  "Discrepancies",
		photos:         "Photos",
		steps: [5]string{"Ready to leave", "Departed", "Arrived", "Counting done",
			"Re-check done"},
		intervals:     [4]string{"preparation", "travel", "counting", "re-check"},
		noDiscrepancy: "No discrepancies",
		countsOnly:    "Missing %d, extra %d (no details)",
		noPhotos:      "No photos.",
		taken:         "Taken",
		noVisits:      "No visits in this period.",

		sheets:     [5]string{"Summary", "By level", "By month", "SOP times", "Discrepancies"},
		visitID:    "Visit ID",
		dateHead:   "Date",
		locHead:    "Location",
		kindHead:   "Kind",
		levelHead:  "Level",
		monthHead:  "Month",
		minutes:    " (minutes)",
		totalSteps: "Total (minutes)",
		discHead:   "Discrepancy",
	},
}

// report is the validated input shared by the two writers.
type report struct {
	Report
	text      *reportText
	month     time.Time // zero for a single visit report
	generated time.Time
	visits    []reportVisit // sorted by date, location and id
	months    []reportMonth // sorted by month
	levels    []reportLevel // the rows of the level table
}

type reportVisit struct {
	ReportVisit
	day    time.Time
	steps  [len(reportSteps)]time.Time // by SOP order; zero when not recorded
	photos []image.Config              // of Photos, same order
}

type reportMonth struct {
	MonthCount
	month time.Time
}

type reportLevel struct {
	key            string // normalised
	lent, returned int
}

// reportInterval is the time between two recorded steps (indexes into
// reportSteps) with no recorded step between them.
type reportInterval struct {
	from, to int
	d        time.Duration
}

// newReport validates r and sorts copies of its visits and months.
func newReport(r Report) (*report, error) {
	text, ok := reportLangs[cmp.Or(r.Lang, "id")]
	if !ok {
		return nil, fmt.Errorf("papers: report language %q: want id or en", r.Lang)
	}
	d := &report{Report: r, text: text, generated: r.Generated}
	if d.generated.IsZero() {
		d.generated = time.Now()
	}
	if d.Title == "" {
		d.Title = text.title
	}
	if r.Period != "" {
		m, err := time.Parse("2006-01", r.Period)
		if err != nil || len(r.Period) != len("2006-01") {
			return nil, fmt.Errorf("papers: report period %q: want YYYY-MM or empty", r.Period)
		}
		d.month = m
	} else if len(r.Visits) != 1 {
		// Without a period the report is of one visit; anything else
		// would print a document that does not say what it covers.
		return nil, fmt.Errorf("papers: report without period: want exactly 1 visit, got %d", len(r.Visits))
	}
	for i, v := range r.Visits {
		rv, err := newReportVisit(v)
		if err != nil {
			return nil, fmt.Errorf("papers: report visit %d (#%d): %w", v.VisitID, i, err)
		}
		d.visits = append(d.visits, rv)
	}
	slices.SortStableFunc(d.visits, func(a, b reportVisit) int {
		return cmp.Or(a.day.Compare(b.day),
			cmp.Compare(strings.ToLower(a.Location), strings.ToLower(b.Location)),
			cmp.Compare(a.VisitID, b.VisitID))
	})
	for _, m := range r.Months {
		t, err := time.Parse("2006-01", m.Month)
		if err != nil || len(m.Month) != len("2006-01") {
			return nil, fmt.Errorf("papers: report month %q: want YYYY-MM", m.Month)
		}
		if m.Lent < 0 || m.Returned < 0 {
			return nil, fmt.Errorf("papers: report month %s: negative count", m.Month)
		}
		d.months = append(d.months, reportMonth{m, t})
	}
	slices.SortStableFunc(d.months, func(a, b reportMonth) int { return a.month.Compare(b.month) })
	for i := 1; i < len(d.months); i++ {
		if d.months[i].month.Equal(d.months[i-1].month) {
			return nil, fmt.Errorf("papers: report month %s given twice", d.months[i].Month)
		}
	}
	d.levels = reportLevels(d.visits)
	return d, nil
}

func newReportVisit(v ReportVisit) (reportVisit, error) {
	rv := reportVisit{ReportVisit: v}
	day, err := time.Parse("2006-01-02", v.Date)
	if err != nil || len(v.Date) != len("2006-01-02") {
		return rv, fmt.Errorf("date %q: want YYYY-MM-DD", v.Date)
	}
	rv.day = day
	if v.Lent < 0 || v.Returned < 0 || v.Missing < 0 || v.Extra < 0 {
		return rv, errors.New("negative count")
	}
	seen := [len(reportSteps)]bool{}
	for _, s := range v.Steps {
		i := slices.Index(reportSteps[:], s.Name)
		if i < 0 {
			return rv, fmt.Errorf("step %q: want one of %s", s.Name, strings.Join(reportSteps[:], ", "))
		}
		if seen[i] {
			return rv, fmt.Errorf("step %q given twice", s.Name)
		}
		seen[i] = true
		rv.steps[i] = s.At
	}
	for _, c := range []struct {
		name    string
		byLevel map[string]int
		total   int
	}{{"lent", v.LentByLevel, v.Lent}, {"returned", v.ReturnedByLevel, v.Returned}} {
		sum := 0
		for level, n := range c.byLevel {
			if n < 0 {
				return rv, fmt.Errorf("%s by level %q: negative count", c.name, level)
			}
			sum += n
		}
		if sum > c.total {
			return rv, fmt.Errorf("%s by level adds up to %d, more than %d", c.name, sum, c.total)
		}
	}
	for i, p := range v.Photos {
		c, err := jpeg.DecodeConfig(bytes.NewReader(p.JPEG))
		if err != nil {
			return rv, fmt.Errorf("photo %d: %w", i, err)
		}
		if c.Width > reportPhotoMaxSide || c.Height > reportPhotoMaxSide {
			return rv, fmt.Errorf("photo %d: %d×%d px: want at most %d px a side (resize it first)",
				i, c.Width, c.Height, reportPhotoMaxSide)
		}
		// A full decode, not only the header: fpdf embeds the bytes as
		// they are, and a truncated file would print as a broken image.
		img, err := jpeg.Decode(bytes.NewReader(p.JPEG))
		if err != nil {
			return rv, fmt.Errorf("photo %d: %w", i, err)
		}
		b := img.Bounds()
		rv.photos = append(rv.photos, image.Config{Width: b.Dx(), Height: b.Dy()})
	}
	return rv, nil
}

// reportLevelKey normalises a level key: SD, SMP, SMA, umum, "" (unknown)
// or another level as given.
func reportLevelKey(k string) string {
	k = strings.TrimSpace(k)
	switch u := strings.ToUpper(k); u {
	case "SD", "SMP", "SMA":
		return u
	case "UMUM":
		return "umum"
	}
	return k
}

// reportLevels adds up the visits by level: the four known levels always,
// other levels found in the data in name order, and the unknown level last,
// which takes what the by-level maps leave unaccounted.
func reportLevels(visits []reportVisit) []reportLevel {
	lent, returned := map[string]int{}, map[string]int{}
	for _, v := range visits {
		add := func(into map[string]int, byLevel map[string]int, total int) {
			for k, n := range byLevel {
				into[reportLevelKey(k)] += n
				total -= n
			}
			into[""] += total
		}
		add(lent, v.LentByLevel, v.Lent)
		add(returned, v.ReturnedByLevel, v.Returned)
	}
	keys := []string{"SD", "SMP", "SMA", "umum"}
	var others []string
	for _, m := range []map[string]int{lent, returned} {
		for k := range m {
			if k != "" && !slices.Contains(keys, k) && !slices.Contains(others, k) {
				others = append(others, k)
			}
		}
	}
	slices.Sort(others)
	keys = append(append(keys, others...), "")
	rows := make([]reportLevel, len(keys))
	for i, k := range keys {
		rows[i] = reportLevel{k, lent[k], returned[k]}
	}
	return rows
}

func (d *report) levelName(key string) string {
	if s, ok := d.text.levelNames[key]; ok {
		return s
	}
	return key
}

func (d *report) kindName(kind string) string {
	if s, ok := d.text.kinds[kind]; ok {
		return s
	}
	return kind
}

func (d *report) monthName(t time.Time) string {
	return d.text.months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

func (d *report) day(t time.Time) string { return d.text.date(t, d.text.days[t.Weekday()]) }

func (d *report) stamp(t time.Time) string { return t.In(reportWIB).Format(d.text.stamp) + " WIB" }

// clock is the WIB time of a step of v as "07:42", with the day and month
// in front ("26/11 17:00") when it is not the visit's day (the evening
// before, say); "" when the step is not recorded.
func (d *report) clock(v reportVisit, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(reportWIB)
	if y, m, dd := t.Date(); y != v.day.Year() || m != v.day.Month() || dd != v.day.Day() {
		return t.Format(d.text.dayTime)
	}
	return t.Format("15:04")
}

// duration writes d rounded to the minute as "1 j 55 m" (en "1 h 55 m") or
// "35 m".
func (d *report) duration(dur time.Duration) string {
	sign := ""
	if dur < 0 {
		sign, dur = "-", -dur
	}
	m := int(dur.Round(time.Minute) / time.Minute)
	if m < 60 {
		return fmt.Sprintf("%s%d m", sign, m)
	}
	return fmt.Sprintf("%s%d %s %d m", sign, m/60, d.text.hours, m%60)
}

// intervals are the durations between consecutive recorded steps of v.
func (d *report) intervals(v reportVisit) []reportInterval {
	var out []reportInterval
	last := -1
	for i, t := range v.steps {
		if t.IsZero() {
			continue
		}
		if last >= 0 {
			out = append(out, reportInterval{last, i, t.Sub(v.steps[last])})
		}
		last = i
	}
	return out
}

// intervalName names an interval: by the SOP stage for adjacent steps,
// by its two ends when a step between them was not recorded.
func (d *report) intervalName(iv reportInterval) string {
	if iv.to == iv.from+1 {
		return d.text.intervals[iv.from]
	}
	return strings.ToLower(d.text.steps[iv.from]) + " – " + strings.ToLower(d.text.steps[iv.to])
}

// minutes is the adjacent interval from step i to i+1 in whole minutes, or
// false when either step is not recorded.
func (v reportVisit) minutes(i, j int) (int, bool) {
	if v.steps[i].IsZero() || v.steps[j].IsZero() {
		return 0, false
	}
	return int(v.steps[j].Sub(v.steps[i]).Round(time.Minute) / time.Minute), true
}

// span is the first and last recorded step of v, or false with fewer than
// two.
func (v reportVisit) span() (int, int, bool) {
	first, last := -1, -1
	for i, t := range v.steps {
		if !t.IsZero() {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last, first >= 0 && last > first
}

type reportTotals struct{ lent, returned, missing, extra int }

func (d *report) totals() reportTotals {
	var t reportTotals
	for _, v := range d.visits {
		t.lent += v.Lent
		t.returned += v.Returned
		t.missing += v.Missing
		t.extra += v.Extra
	}
	return t
}

// ---- PDF ----

// PDF layout, in mm on A4 portrait (210×297).
const (
	reportMargin   = 15.0
	reportBottom   = 18.0 // room kept free for the footer
	reportWidth    = 210 - 2*reportMargin
	reportFontSize = 8.5
	reportLineH    = 4.0
	reportPad      = 1.0
)

// reportCol is a column of a PDF table.
type reportCol struct {
	width    float64
	align    string // fpdf alignment: "L", "C", "R"
	maxLines int
}

var (
	reportSummaryCols = []reportCol{{34, "L", 2}, {48, "L", 3}, {26, "L", 2},
		{18, "R", 1}, {18, "R", 1}, {18, "R", 1}, {18, "R", 1}}
	reportLevelCols = []reportCol{{50, "L", 2}, {25, "R", 1}, {25, "R", 1}}
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
	pdf := fpdf.New("P", "mm", "A4", "")
	p := &reportPDF{Fpdf: pdf, d: d, tr: pdf.UnicodeTranslatorFromDescriptor("cp1252")}
	pdf.SetTitle(d.Title, true)
	pdf.SetAuthor(d.Office, true)
	pdf.SetCreator("anterkoper", true)
	// Fixed dates and a sorted catalog make the same input give the same
	// bytes.
	pdf.SetCreationDate(d.generated)
	pdf.SetModificationDate(d.generated)
	pdf.SetCatalogSort(true)
	pdf.SetMargins(reportMargin, reportMargin, reportMargin)
	pdf.SetAutoPageBreak(false, reportBottom) // everything is placed through p.need
	pdf.AliasNbPages("{nb}")
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
	// table is the header to repeat when a table goes on to a new page.
	table struct {
		cols []reportCol
		head []string
	}
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
	p.CellFormat(reportWidth/2, 5, p.tr(p.d.text.generated+" "+p.d.stamp(p.d.generated)), "", 0, "L", false, 0, "")
	p.CellFormat(0, 5, p.tr(fmt.Sprintf("%s %d/{nb}", p.d.text.page, p.PageNo())), "", 0, "R", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

// need starts a new page when h mm do not fit any more on this one and says
// whether it did.
func (p *reportPDF) need(h float64) bool {
	_, pageH := p.GetPageSize()
	if p.GetY()+h <= pageH-reportBottom {
		return false
	}
	p.AddPage()
	return true
}

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
		label, value = d.text.visit, d.day(v.day)+" — "+v.Location
	} else {
		value = d.monthName(d.month)
	}
	p.SetFont("Helvetica", "", 10)
	p.CellFormat(22, 5.5, p.tr(label), "", 0, "L", false, 0, "")
	p.SetFont("Helvetica", "B", 11)
	p.CellFormat(0, 5.5, p.tr(value), "", 1, "L", false, 0, "")
	p.SetFont("Helvetica", "", 10)
	p.CellFormat(22, 5.5, p.tr(d.text.generated), "", 0, "L", false, 0, "")
	p.CellFormat(0, 5.5, p.tr(d.stamp(d.generated)), "", 1, "L", false, 0, "")
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
		p.row([]string{d.day(v.day), v.Location, d.kindName(v.Kind), strconv.Itoa(v.Lent),
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
func (p *reportPDF) startTable(cols []reportCol, head []string) {
	p.table.cols, p.table.head = cols, head
	p.need(2 * (reportLineH*2 + 2*reportPad))
	p.headRow()
}

func (p *reportPDF) headRow() {
	p.SetFont("Helvetica", "B", 7.5)
	p.SetFillColor(220, 228, 238)
	p.cells(p.table.cols, p.table.head)
	p.SetFont("Helvetica", "", reportFontSize)
}

// row draws a table row, starting a new page with the header first when it
// does not fit; a total row is bold and shaded.
func (p *reportPDF) row(cells []string, total bool) {
	if total {
		p.SetFont("Helvetica", "B", reportFontSize)
	}
	if p.need(p.rowHeight(p.table.cols, cells)) {
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
	p.cells(p.table.cols, cells)
	p.SetFont("Helvetica", "", reportFontSize)
}

func (p *reportPDF) rowHeight(cols []reportCol, cells []string) float64 {
	n := 1
	for i, c := range cells {
		n = max(n, len(p.fit(c, cols[i].width, cols[i].maxLines)))
	}
	return float64(n)*reportLineH + 2*reportPad
}

// cells draws a row of cells in the current font and fill colour and moves
// below it.
func (p *reportPDF) cells(cols []reportCol, cells []string) {
	h := p.rowHeight(cols, cells)
	x, y := reportMargin, p.GetY()
	p.SetDrawColor(160, 160, 160)
	for i, c := range cells {
		wd := cols[i].width
		p.Rect(x, y, wd, h, "FD")
		for j, line := range p.fit(c, wd, cols[i].maxLines) {
			p.SetXY(x, y+reportPad+float64(j)*reportLineH)
			p.CellFormat(wd, reportLineH, line, "", 0, cols[i].align, false, 0, "")
		}
		x += wd
	}
	p.SetDrawColor(0, 0, 0)
	p.SetXY(reportMargin, y+h)
}

// fit translates s to cp1252 and wraps it to width wd in the current font,
// cutting it with "…" after maxLines lines.
func (p *reportPDF) fit(s string, wd float64, maxLines int) []string {
	if s == "" {
		return nil
	}
	var lines []string
	for _, l := range p.SplitLines([]byte(p.tr(s)), wd) {
		lines = append(lines, string(l))
	}
	if len(lines) <= maxLines {
		return lines
	}
	const ellipsis = "\x85" // "…" in cp1252
	room := wd - 2*p.GetCellMargin()
	last := lines[maxLines-1] + " " + lines[maxLines] // fill the last line before cutting
	for last != "" && p.GetStringWidth(last+ellipsis) > room {
		last = last[:len(last)-1] // cp1252 is one byte a character
	}
	lines[maxLines-1] = strings.TrimRight(last, " ") + ellipsis
	return lines[:maxLines]
}

// visit writes the details of the i-th visit: SOP times, discrepancies and
// photos.
func (p *reportPDF) visit(i int, v reportVisit) {
	d := p.d
	p.need(60) // a visit heading never ends a page alone
	p.SetFont("Helvetica", "B", 10.5)
	p.SetFillColor(235, 240, 246)
	title := fmt.Sprintf("%d. %s — %s", i+1, d.day(v.day), v.Location)
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
				p.CellFormat(reportPhotoW, reportTakenH, p.tr(d.text.taken+" "+d.stamp(ph.Taken)), "", 0, "C", false, 0, "")
				p.SetTextColor(0, 0, 0)
			}
		}
		p.SetXY(reportMargin, y+r.height())
	}
}

// ---- XLSX ----

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
		Created: d.generated.UTC().Format(time.RFC3339), Language: cmp.Or(d.Lang, "id")}))
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
