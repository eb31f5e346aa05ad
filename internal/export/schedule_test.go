package export

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-pdf/fpdf"

	"anterkoper/internal/testenv"
)

var scheduleGenerated = time.Date(2026, 11, 27, 14, 5, 0, 0, WIB)

func scheduleMeta(lang string) ScheduleMeta {
	return ScheduleMeta{Month: "2026-12", Office: "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
		Generated: scheduleGenerated, Lang: lang}
}

// scheduleRows is deliberately out of order.
func scheduleRows() []ScheduleRow {
	return []ScheduleRow{
		{VisitID: 13, Date: "2026-12-08", Vehicle: 1, LocationID: 3, LocationName: "Panti Asuhan Darul Hadlonah – Kauman",
			Kind: "orphanage", Level: "umum", Address: "Jl. Kauman No. 5, Semarang", ContactName: "Bu Siti",
			ContactPhone: "081234567890", TravelMinutes: 30, Lat: -6.9691, Lon: 110.4262, HasCoords: true},
		{VisitID: 12, Date: "2026-12-07", Vehicle: 2, LocationID: 2, LocationName: "SD Negeri 1 Ungaran, Semarang; Kelas Jauh",
			Kind: "school", Level: "SD", Address: "Jl. Diponegoro 12\nUngaran", ContactName: "Pak Budi",
			ContactPhone: "0811-222-333", TravelMinutes: 45},
		{VisitID: 11, Date: "2026-12-07", Vehicle: 1, LocationID: 1, LocationName: "SMP Negeri 2 Salatiga",
			Kind: "school", Level: "SMP", Address: "Jl. Hasanudin 3, Salatiga", ContactName: "Bu Rina",
			ContactPhone: "0298-321", TravelMinutes: 60, Lat: -7.3305, Lon: 110.5084, HasCoords: true},
		{VisitID: 10, Date: "2026-12-07", Vehicle: 1, LocationID: 4, LocationName: "MI Al-Ikhlas Bawen",
			Kind: "school", Level: "SD", TravelMinutes: 50},
		{VisitID: 14, Date: "2026-12-31", Vehicle: 0, LocationID: 5, LocationName: "Taman Baca Ceria",
			Kind: "community", Level: "umum", Address: "Balai Desa Kalisidi"},
	}
}

// Sorted by date, vehicle, location name.
var scheduleOrder = []string{"10", "11", "12", "13", "14"}

func TestScheduleCSV(t *testing.T) {
	for _, tc := range []struct {
		lang string
		days []string
	}{
		{"", []string{"Senin", "Senin", "Senin", "Selasa", "Kamis"}},
		{"id", []string{"Senin", "Senin", "Senin", "Selasa", "Kamis"}},
		{"en", []string{"Monday", "Monday", "Monday", "Tuesday", "Thursday"}},
	} {
		t.Run("lang="+tc.lang, func(t *testing.T) {
			var buf bytes.Buffer
			if err := ScheduleCSV(&buf, scheduleMeta(tc.lang), scheduleRows()); err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(&buf).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"visit_id", "date", "day", "vehicle", "location_id", "location", "kind", "level",
				"address", "contact", "phone", "travel_minutes", "latitude", "longitude"}
			if !slices.Equal(records[0], want) {
				t.Fatalf("header = %q, want %q", records[0], want)
			}
			if len(records) != 1+len(scheduleRows()) {
				t.Fatalf("got %d records, want header + %d", len(records), len(scheduleRows()))
			}
			var ids, days []string
			for _, r := range records[1:] {
				ids, days = append(ids, r[0]), append(days, r[2])
			}
			if !slices.Equal(ids, scheduleOrder) {
				t.Errorf("visit order = %v, want %v", ids, scheduleOrder)
			}
			if !slices.Equal(days, tc.days) {
				t.Errorf("days = %v, want %v", days, tc.days)
			}
			byID := map[string][]string{}
			for _, r := range records[1:] {
				byID[r[0]] = r
			}
			if r := byID["12"]; r[12] != "" || r[13] != "" {
				t.Errorf("visit 12 has no coordinates but lat,lon = %q,%q", r[12], r[13])
			}
			if r := byID["11"]; r[12] != "-7.3305" || r[13] != "110.5084" {
				t.Errorf("visit 11 lat,lon = %q,%q", r[12], r[13])
			}
			if r := byID["12"]; r[1] != "2026-12-07" || r[5] != "SD Negeri 1 Ungaran, Semarang; Kelas Jauh" ||
				r[8] != "Jl. Diponegoro 12\nUngaran" || r[11] != "45" {
				t.Errorf("visit 12 = %q", r)
			}
			if r := byID["14"]; r[3] != "" {
				t.Errorf("visit without vehicle has vehicle %q, want empty", r[3])
			}
		})
	}
}

func TestScheduleEmpty(t *testing.T) {
	var csvBuf, icsBuf, pdfBuf bytes.Buffer
	if err := ScheduleCSV(&csvBuf, scheduleMeta("id"), nil); err != nil {
		t.Fatal(err)
	}
	if records, err := csv.NewReader(&csvBuf).ReadAll(); err != nil || len(records) != 1 {
		t.Errorf("empty CSV: %d records, %v; want the header only", len(records), err)
	}
	if err := ScheduleICS(&icsBuf, scheduleMeta("id"), nil); err != nil {
		t.Fatal(err)
	}
	ics := icsBuf.String()
	if !strings.HasPrefix(ics, "BEGIN:VCALENDAR\r\n") || !strings.HasSuffix(ics, "END:VCALENDAR\r\n") ||
		strings.Contains(ics, "VEVENT") {
		t.Errorf("empty ICS:\n%s", ics)
	}
	if err := SchedulePDF(&pdfBuf, scheduleMeta("id"), nil); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdfBuf.Bytes())
	for _, want := range []string{"Tidak ada kunjungan bulan ini.", "Halaman 1/1"} {
		if !strings.Contains(text, want) {
			t.Errorf("empty PDF lacks %q:\n%s", want, text)
		}
	}
}

func TestScheduleInvalid(t *testing.T) {
	writers := map[string]func(ScheduleMeta, []ScheduleRow) error{
		"csv": func(m ScheduleMeta, r []ScheduleRow) error { return ScheduleCSV(new(bytes.Buffer), m, r) },
		"ics": func(m ScheduleMeta, r []ScheduleRow) error { return ScheduleICS(new(bytes.Buffer), m, r) },
		"pdf": func(m ScheduleMeta, r []ScheduleRow) error { return SchedulePDF(new(bytes.Buffer), m, r) },
	}
	tests := []struct {
		name  string
		meta  func(*ScheduleMeta)
		rows  []ScheduleRow
		error string
	}{
		{"empty month", func(m *ScheduleMeta) { m.Month = "" }, nil, `month ""`},
		{"month 13", func(m *ScheduleMeta) { m.Month = "2026-13" }, nil, `month "2026-13": want YYYY-MM`},
		{"one-digit month", func(m *ScheduleMeta) { m.Month = "2026-1" }, nil, `month "2026-1"`},
		{"no dash", func(m *ScheduleMeta) { m.Month = "202612" }, nil, `month "202612"`},
		{"a date", func(m *ScheduleMeta) { m.Month = "2026-12-01" }, nil, `month "2026-12-01"`},
		{"language", func(m *ScheduleMeta) { m.Lang = "fr" }, nil, `language "fr"`},
		{"row date", func(*ScheduleMeta) {}, []ScheduleRow{{VisitID: 7, Date: "07/12/2026"}}, `visit 7: date "07/12/2026"`},
	}
	for _, tc := range tests {
		for kind, write := range writers {
			t.Run(tc.name+"/"+kind, func(t *testing.T) {
				meta := scheduleMeta("id")
				tc.meta(&meta)
				err := write(meta, tc.rows)
				if err == nil || !strings.HasPrefix(err.Error(), "export: ") || !strings.Contains(err.Error(), tc.error) {
					t.Errorf("error = %v, want one with %q", err, tc.error)
				}
			})
		}
	}
}

func TestScheduleSortDoesNotTouchInput(t *testing.T) {
	rows := scheduleRows()
	if err := ScheduleCSV(new(bytes.Buffer), scheduleMeta("id"), rows); err != nil {
		t.Fatal(err)
	}
	if rows[0].VisitID != 13 {
		t.Errorf("the caller's rows were reordered: first is visit %d", rows[0].VisitID)
	}
}

func scheduleICS(t *testing.T, meta ScheduleMeta, rows []ScheduleRow) string {
	t.Helper()
	var buf bytes.Buffer
	if err := ScheduleICS(&buf, meta, rows); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// unfold undoes RFC 5545 line folding and splits the content lines.
func unfold(ics string) []string {
	ics = strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(ics)
	return strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n")
}

// unescape undoes icsText.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' || s[i] == 'N' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// events returns each VEVENT's properties by name.
func events(lines []string) []map[string]string {
	var out []map[string]string
	var cur map[string]string
	for _, l := range lines {
		name, value, _ := strings.Cut(l, ":")
		switch {
		case l == "BEGIN:VEVENT":
			cur = map[string]string{}
		case l == "END:VEVENT":
			out = append(out, cur)
			cur = nil
		case cur != nil:
			cur[name] = value
		}
	}
	return out
}

func TestScheduleICSLines(t *testing.T) {
	rows := scheduleRows()
	// Long enough to fold, with multibyte characters around the fold points.
	rows[0].Address = strings.Repeat("Jalan Pemuda — Gang Mangga ké ", 8)
	rows[1].ContactName = strings.Repeat("é", 100)
	ics := scheduleICS(t, scheduleMeta("id"), rows)
	if !strings.HasSuffix(ics, "\r\n") {
		t.Fatal("the file does not end with CRLF")
	}
	folded := 0
	for i, l := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(l), l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 5 {
		t.Errorf("only %d continuation lines; the test data should fold", folded)
	}
	lines := unfold(ics)
	head := []string{"BEGIN:VCALENDAR", "PRODID:-//anterkoper//jadwal//ID", "VERSION:2.0", "CALSCALE:GREGORIAN",
		"METHOD:PUBLISH", "X-WR-CALNAME:Jadwal ANTER KOPER Buku 2026-12", "X-WR-TIMEZONE:Asia/Jakarta"}
	if !slices.Equal(lines[:len(head)], head) {
		t.Errorf("calendar head = %q, want %q", lines[:len(head)], head)
	}
	if !slices.Contains(lines, `SUMMARY:ANTER KOPER: SD Negeri 1 Ungaran\, Semarang\; Kelas Jauh (Kendaraan 2)`) {
		t.Errorf("escaped SUMMARY of visit 12 not found in:\n%s", strings.Join(lines, "\n"))
	}
	evs := events(lines)
	if len(evs) != len(rows) {
		t.Fatalf("%d events, want %d", len(evs), len(rows))
	}
	for _, e := range evs {
		if e["UID"] == "visit-13@anterkoper" && unescape(e["LOCATION"]) != rows[0].Address {
			t.Errorf("LOCATION unfolds to %q, want %q", unescape(e["LOCATION"]), rows[0].Address)
		}
		if e["UID"] == "visit-12@anterkoper" {
			want := "Kontak: " + rows[1].ContactName + " (0811-222-333)\nJenjang: SD\nWaktu tempuh: 45 menit"
			if got := unescape(e["DESCRIPTION"]); got != want {
				t.Errorf("DESCRIPTION = %q, want %q", got, want)
			}
		}
	}
}

func TestScheduleICSEvents(t *testing.T) {
	evs := events(unfold(scheduleICS(t, scheduleMeta("id"), scheduleRows())))
	want := []struct{ uid, start, end, summary, geo string }{
		{"visit-10@anterkoper", "20261207", "20261208", "ANTER KOPER: MI Al-Ikhlas Bawen (Kendaraan 1)", ""},
		{"visit-11@anterkoper", "20261207", "20261208", "ANTER KOPER: SMP Negeri 2 Salatiga (Kendaraan 1)", "-7.3305;110.5084"},
		{"visit-12@anterkoper", "20261207", "20261208", `ANTER KOPER: SD Negeri 1 Ungaran\, Semarang\; Kelas Jauh (Kendaraan 2)`, ""},
		{"visit-13@anterkoper", "20261208", "20261209", "ANTER KOPER: Panti Asuhan Darul Hadlonah – Kauman (Kendaraan 1)", "-6.9691;110.4262"},
		{"visit-14@anterkoper", "20261231", "20270101", "ANTER KOPER: Taman Baca Ceria", ""},
	}
	if len(evs) != len(want) {
		t.Fatalf("%d events, want %d", len(evs), len(want))
	}
	for i, w := range want {
		e := evs[i]
		got := struct{ uid, start, end, summary, geo string }{e["UID"], e["DTSTART;VALUE=DATE"],
			e["DTEND;VALUE=DATE"], e["SUMMARY"], e["GEO"]}
		if got != w {
			t.Errorf("event %d = %+v, want %+v", i, got, w)
		}
		if e["DTSTAMP"] != "20261127T070500Z" {
			t.Errorf("event %d DTSTAMP = %q, want 20261127T070500Z (14:05 WIB in UTC)", i, e["DTSTAMP"])
		}
	}
}

func TestScheduleICSStableUIDs(t *testing.T) {
	uids := func(ics string) []string {
		var out []string
		for _, l := range unfold(ics) {
			if uid, ok := strings.CutPrefix(l, "UID:"); ok {
				out = append(out, uid)
			}
		}
		slices.Sort(out)
		return out
	}
	first := scheduleICS(t, scheduleMeta("id"), scheduleRows())
	// Regenerated a day later from rows in another order, one moved to
	// another date and vehicle.
	meta := scheduleMeta("id")
	meta.Generated = meta.Generated.Add(24 * time.Hour)
	rows := scheduleRows()
	slices.Reverse(rows)
	rows[0].Date, rows[0].Vehicle = "2026-12-30", 2
	second := scheduleICS(t, meta, rows)
	if first == second {
		t.Fatal("both runs gave the same file; the test does not change anything")
	}
	want := []string{"visit-10@anterkoper", "visit-11@anterkoper", "visit-12@anterkoper",
		"visit-13@anterkoper", "visit-14@anterkoper"}
	if a, b := uids(first), uids(second); !slices.Equal(a, want) || !slices.Equal(b, want) {
		t.Errorf("UIDs %q then %q, want %q both times", a, b, want)
	}
}

func TestScheduleICSEnglish(t *testing.T) {
	evs := events(unfold(scheduleICS(t, scheduleMeta("en"), scheduleRows())))
	if got, want := evs[2]["SUMMARY"], `ANTER KOPER: SD Negeri 1 Ungaran\, Semarang\; Kelas Jauh (Vehicle 2)`; got != want {
		t.Errorf("SUMMARY = %q, want %q", got, want)
	}
	if got, want := unescape(evs[2]["DESCRIPTION"]), "Contact: Pak Budi (0811-222-333)\nLevel: SD\nTravel time: 45 min"; got != want {
		t.Errorf("DESCRIPTION = %q, want %q", got, want)
	}
}

// TestICSTextRoundTrip escapes and folds a value, then unfolds and
// unescapes it again.
func TestICSTextRoundTrip(t *testing.T) {
	tests := []struct{ in, escaped, back string }{
		{"plain", "plain", "plain"},
		{`a\b`, `a\\b`, `a\b`},
		{"a;b,c", `a\;b\,c`, "a;b,c"},
		{"line 1\nline 2", `line 1\nline 2`, "line 1\nline 2"},
		{"crlf\r\nand cr\r", `crlf\nand cr\n`, "crlf\nand cr\n"},
		{`\n is not a newline`, `\\n is not a newline`, `\n is not a newline`},
		{"tab\tkept, bell\a dropped", `tab	kept\, bell dropped`, "tab\tkept, bell dropped"},
		{"Jl. Kauman; No. 5, RT 01/RW 02 — Semarang", `Jl. Kauman\; No. 5\, RT 01/RW 02 — Semarang`, "Jl. Kauman; No. 5, RT 01/RW 02 — Semarang"},
		{strings.Repeat("ké,", 60), strings.Repeat(`ké\,`, 60), strings.Repeat("ké,", 60)},
		{strings.Repeat("😀", 40), strings.Repeat("😀", 40), strings.Repeat("😀", 40)},
	}
	for _, tc := range tests {
		t.Run(tc.escaped[:min(len(tc.escaped), 20)], func(t *testing.T) {
			esc := icsText(tc.in)
			if esc != tc.escaped {
				t.Errorf("icsText(%q) = %q, want %q", tc.in, esc, tc.escaped)
			}
			var buf bytes.Buffer
			iw := icsWriter{w: bufio.NewWriter(&buf)}
			iw.prop("DESCRIPTION", esc)
			if iw.err != nil || iw.w.Flush() != nil {
				t.Fatal("write failed")
			}
			for _, l := range strings.SplitAfter(buf.String(), "\r\n") {
				if len(strings.TrimSuffix(l, "\r\n")) > 75 || !utf8.ValidString(l) {
					t.Errorf("bad folded line %q", l)
				}
			}
			lines := unfold(buf.String())
			if len(lines) != 1 {
				t.Fatalf("unfolded into %d lines: %q", len(lines), lines)
			}
			if got := unescape(strings.TrimPrefix(lines[0], "DESCRIPTION:")); got != tc.back {
				t.Errorf("round trip gave %q, want %q", got, tc.back)
			}
		})
	}
}

// pdfText returns the text of a PDF by pdftotext -layout, pages separated
// by form feeds.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := testenv.Tool(t, "poppler-utils", "pdftotext")
	path := filepath.Join(t.TempDir(), "jadwal.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func renderPDF(t *testing.T, meta ScheduleMeta, rows []ScheduleRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := SchedulePDF(&buf, meta, rows); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", buf.Bytes()[:min(buf.Len(), 20)])
	}
	return buf.Bytes()
}

func TestSchedulePDF(t *testing.T) {
	text := pdfText(t, renderPDF(t, scheduleMeta("id"), scheduleRows()))
	for _, want := range []string{
		"Jadwal Kunjungan ANTER KOPER Buku — Desember 2026",
		"Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
		"Tanggal", "Kendaraan", "Lokasi", "Jenjang", "Alamat", "Kontak",
		"Senin, 07/12/2026", "Selasa, 08/12/2026", "Kamis, 31/12/2026",
		"Panti Asuhan Darul Hadlonah – Kauman", // an en dash only prints through cp1252
		"SMP Negeri 2 Salatiga", "Pak Budi", "0811-222-333", "45 menit",
		"Dibuat 27/11/2026 14:05 WIB", "Halaman 1/1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// A date is written once for its group.
	if n := strings.Count(text, "Senin, 07/12/2026"); n != 1 {
		t.Errorf("the date of the three visits on 7 December is written %d times, want once", n)
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
}

func TestSchedulePDFEnglish(t *testing.T) {
	text := pdfText(t, renderPDF(t, scheduleMeta("en"), scheduleRows()))
	for _, want := range []string{
		"ANTER KOPER Buku Visit Schedule — December 2026",
		"Date", "Vehicle", "Location", "Level", "Address", "Contact", "Travel time",
		"Monday, 07 Dec 2026", "45 min", "Generated 27 Nov 2026 14:05 WIB", "Page 1/1",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	for _, unwanted := range []string{"Jadwal", "Desember", "Tanggal", "Halaman", "menit"} {
		if strings.Contains(text, unwanted) {
			t.Errorf("English PDF has the Indonesian %q", unwanted)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
}

func TestSchedulePDFPages(t *testing.T) {
	var rows []ScheduleRow
	for i := range 80 {
		rows = append(rows, ScheduleRow{VisitID: int64(100 + i), Date: fmt.Sprintf("2026-12-%02d", 1+i/4),
			Vehicle: 1 + i%2, LocationID: int64(i), LocationName: fmt.Sprintf("Sekolah Nomor %02d", i),
			Level: "SD", Address: "Jl. Pemuda 1, Semarang", ContactName: "Bu Guru", ContactPhone: "0812",
			TravelMinutes: 20})
	}
	text := pdfText(t, renderPDF(t, scheduleMeta("id"), rows))
	pages := strings.Split(strings.TrimSuffix(text, "\f"), "\f")
	if len(pages) < 2 {
		t.Fatalf("80 visits on %d page(s), want more than one", len(pages))
	}
	for i, page := range pages {
		for _, want := range []string{"Jadwal Kunjungan ANTER KOPER Buku — Desember 2026", "Lokasi",
			fmt.Sprintf("Halaman %d/%d", i+1, len(pages))} {
			if !strings.Contains(page, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
		// The first row of a page says its date even inside a date group.
		if !regexp.MustCompile(`\n\s*\w+, \d\d/12/2026 +\d +Sekolah Nomor`).MatchString(page[:strings.Index(page, "Sekolah Nomor")+13]) {
			t.Errorf("page %d does not start its table with a date:\n%s", i+1, page)
		}
	}
	for i := range 80 {
		if name := fmt.Sprintf("Sekolah Nomor %02d", i); strings.Count(text, name) != 1 {
			t.Errorf("%q printed %d times, want once", name, strings.Count(text, name))
		}
	}
}

func TestSchedulePDFDeterministic(t *testing.T) {
	a := renderPDF(t, scheduleMeta("id"), scheduleRows())
	b := renderPDF(t, scheduleMeta("id"), scheduleRows())
	if !bytes.Equal(a, b) {
		t.Error("the same input gave two different PDFs")
	}
}

func TestSchedulePDFLongText(t *testing.T) {
	rows := scheduleRows()[:1]
	rows[0].LocationName = "Perpustakaan Desa " + strings.Repeat("Sukamaju Makmur Sejahtera ", 10) + "AKHIR"
	rows[0].Address = strings.Repeat("Jl. Letjen Suprapto Gang Kelinci ", 12) + "UJUNG"
	rows[0].ContactName = strings.Repeat("X", 300) // one word, wider than the column
	text := pdfText(t, renderPDF(t, scheduleMeta("id"), rows))
	for _, cut := range []string{"AKHIR", "UJUNG"} {
		if strings.Contains(text, cut) {
			t.Errorf("the end of a long text (%q) was printed; it should be cut", cut)
		}
	}
	if n := strings.Count(text, "…"); n < 3 {
		t.Errorf("%d ellipses, want one for each of the 3 long cells:\n%s", n, text)
	}
}

// TestPDFFit checks directly that no cut cell is wider than its column,
// which pdftotext cannot show.
func TestPDFFit(t *testing.T) {
	var sum float64
	for _, c := range pdfCols {
		sum += c.Width
	}
	if sum != pdfTableWidth {
		t.Errorf("columns are %v mm wide together, want %v", sum, pdfTableWidth)
	}
	pdf := fpdf.New("L", "mm", "A4", "")
	table := pdfTable(pdf.UnicodeTranslatorFromDescriptor("cp1252"))
	pdf.AddPage()
	inputs := []string{
		"", "SD", strings.Repeat("Sukamaju Makmur — Sejahtera ", 20), strings.Repeat("W", 500),
		"Wednesday, 30 Dec 2026", "Selasa, 30/12/2026", "line\nbreaks\nin\nthe\ntext",
	}
	for _, style := range []string{"", "B"} {
		pdf.SetFont("Helvetica", style, pdfFontSize)
		for col, c := range pdfCols {
			for _, in := range inputs {
				for _, limit := range []int{0, pdfHeadLines} {
					lines := table.Lines(pdf, col, in, limit)
					if most := cmp.Or(limit, c.MaxLines); len(lines) > most {
						t.Errorf("column %d, %q: %d lines, want at most %d", col, in, len(lines), most)
					}
					for _, l := range lines {
						if w := pdf.GetStringWidth(l) + 2*pdf.GetCellMargin(); w > c.Width+0.01 {
							t.Errorf("column %d: line %q is %.1f mm wide, more than %.0f", col, l, w, c.Width)
						}
					}
				}
			}
		}
	}
	// Dates and headings are not cut.
	pdf.SetFont("Helvetica", "", pdfFontSize)
	for _, lang := range scheduleLangs {
		for _, day := range lang.days {
			d := lang.date(time.Date(2026, 12, 30, 0, 0, 0, 0, time.UTC), day)
			if lines := table.Lines(pdf, 0, d, 0); strings.Contains(strings.Join(lines, ""), "\x85") {
				t.Errorf("date %q is cut: %q", d, lines)
			}
		}
	}
	pdf.SetFont("Helvetica", "B", pdfFontSize)
	for _, lang := range scheduleLangs {
		for col, h := range lang.heads {
			if lines := table.Lines(pdf, col, h, pdfHeadLines); strings.Contains(strings.Join(lines, ""), "\x85") ||
				len(strings.Fields(h)) < len(lines) {
				t.Errorf("heading %q is cut or split inside a word: %q", h, lines)
			}
		}
	}
}

func ExampleScheduleCSV() {
	meta := ScheduleMeta{Month: "2026-12", Generated: time.Date(2026, 11, 27, 14, 5, 0, 0, WIB)}
	rows := []ScheduleRow{{VisitID: 42, Date: "2026-12-07", Vehicle: 1, LocationID: 7,
		LocationName: "SD Negeri 1 Ungaran", Kind: "school", Level: "SD", Address: "Jl. Diponegoro 12, Ungaran",
		ContactName: "Pak Budi", ContactPhone: "0811222333", TravelMinutes: 45,
		Lat: -7.1387, Lon: 110.4052, HasCoords: true}}
	ScheduleCSV(os.Stdout, meta, rows)
	// Output:
	// visit_id,date,day,vehicle,location_id,location,kind,level,address,contact,phone,travel_minutes,latitude,longitude
	// 42,2026-12-07,Senin,1,7,SD Negeri 1 Ungaran,school,SD,"Jl. Diponegoro 12, Ungaran",Pak Budi,0811222333,45,-7.1387,110.4052
}

func ExampleScheduleICS() {
	meta := ScheduleMeta{Month: "2026-12", Generated: time.Date(2026, 11, 27, 14, 5, 0, 0, WIB)}
	rows := []ScheduleRow{{VisitID: 42, Date: "2026-12-07", Vehicle: 1, LocationID: 7,
		LocationName: "SD Negeri 1 Ungaran", Level: "SD", Address: "Jl. Diponegoro 12, Ungaran",
		ContactName: "Pak Budi", ContactPhone: "0811222333", TravelMinutes: 45,
		Lat: -7.1387, Lon: 110.4052, HasCoords: true}}
	var buf bytes.Buffer
	ScheduleICS(&buf, meta, rows)
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// PRODID:-//anterkoper//jadwal//ID
	// VERSION:2.0
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// X-WR-CALNAME:Jadwal ANTER KOPER Buku 2026-12
	// X-WR-TIMEZONE:Asia/Jakarta
	// BEGIN:VEVENT
	// UID:visit-42@anterkoper
	// DTSTAMP:20261127T070500Z
	// DTSTART;VALUE=DATE:20261207
	// DTEND;VALUE=DATE:20261208
	// SUMMARY:ANTER KOPER: SD Negeri 1 Ungaran (Kendaraan 1)
	// LOCATION:Jl. Diponegoro 12\, Ungaran
	// GEO:-7.1387;110.4052
	// DESCRIPTION:Kontak: Pak Budi (0811222333)\nJenjang: SD\nWaktu tempuh: 45 me
	//  nit
	// TRANSP:TRANSPARENT
	// END:VEVENT
	// END:VCALENDAR
}
