package papers

// The activity report (laporan kegiatan) of one visit or of a month: what
// was lent and returned where, how long the SOP steps took and what did not
// add up, as a printable PDF with charts and photos (ReportPDF) and as a
// workbook for the office (ReportXLSX). Both writers share the validation
// and the texts below; the PDF writer is in report_pdf.go (its charts in
// report_chart.go) and the workbook writer in report_xlsx.go.

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"slices"
	"strconv"
	"strings"
	"time"
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
	lang      string // "id" or "en", for paperDay and paperStamp
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
	lang := cmp.Or(r.Lang, "id")
	text, ok := reportLangs[lang]
	if !ok {
		return nil, fmt.Errorf("papers: report language %q: want id or en", r.Lang)
	}
	d := &report{Report: r, lang: lang, text: text, generated: r.Generated}
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
	day, err := paperParseDate(v.Date)
	if err != nil {
		return rv, err
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

// clock is the WIB time of a step of v as "07:42", with the day and month
// in front ("26/11 17:00") when it is not the visit's day (the evening
// before, say); "" when the step is not recorded.
func (d *report) clock(v reportVisit, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(paperWIB)
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
