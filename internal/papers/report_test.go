package papers

import (
	"archive/zip"
	"bytes"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// reportTestJPEG draws a w×h picture (a gradient with a frame, so it is
// not a flat colour any encoder could shortcut) and encodes it as JPEG.
func reportTestJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(255 * x / w), uint8(255 * y / h), 120, 255}
			if x < 4 || y < 4 || x >= w-4 || y >= h-4 {
				c = color.RGBA{20, 20, 20, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// reportAt is a time of day in WIB on a November 2026 day.
func reportAt(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, paperWIB)
}

// reportFixture is a month with three visits: one clean with every step and
// two photos, one with discrepancies and steps partly recorded, one clean
// with two steps only; and four months of trend.
func reportFixture(t *testing.T) Report {
	t.Helper()
	return Report{
		Office:    "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
		Title:     "Laporan Kegiatan ANTER KOPER Buku",
		Period:    "2026-11",
		Generated: time.Date(2026, 11, 30, 7, 5, 0, 0, time.UTC), // 14:05 WIB
		Visits: []ReportVisit{
			{ // given out of date order: the report sorts
				VisitID: 103, Date: "2026-11-27", Location: "SMA Negeri 3 Semarang",
				Kind: "school", Level: "SMA",
				Steps: []ReportStep{
					{Name: "departed", At: reportAt(27, 8, 0)},
					{Name: "arrived", At: reportAt(27, 8, 35)},
					{Name: "counted"}, // zero: not recorded
				},
				Lent: 55, Returned: 50,
				LentByLevel:     map[string]int{"SMA": 50, "smp": 5},
				ReturnedByLevel: map[string]int{"SMA": 45, "Umum": 5},
			},
			{
				VisitID: 101, Date: "2026-11-05", Location: "SD Negeri Sekaran 01",
				Kind: "school", Level: "SD",
				Steps: []ReportStep{
					{Name: "prepared", At: reportAt(5, 6, 30)},
					{Name: "departed", At: reportAt(5, 6, 45)},
					{Name: "arrived", At: reportAt(5, 7, 42)},
					{Name: "counted", At: reportAt(5, 8, 40)},
					{Name: "rechecked", At: reportAt(5, 9, 10)},
				},
				Lent: 40, Returned: 35,
				LentByLevel:     map[string]int{"SD": 38, "": 2},
				ReturnedByLevel: map[string]int{"SD": 35},
				Photos: []ReportPhoto{
					{JPEG: reportTestJPEG(t, 320, 200), Taken: reportAt(5, 8, 0), Caption: "Penghitungan buku bersama guru"},
					{JPEG: reportTestJPEG(t, 180, 300), Taken: reportAt(5, 9, 15), Caption: "Siswa memilih buku"},
				},
			},
			{
				VisitID: 102, Date: "2026-11-12", Location: "Panti Asuhan Darul Hadlonah",
				Kind: "orphanage", Level: "umum",
				Steps: []ReportStep{
					{Name: "prepared", At: reportAt(12, 7, 0)},
					{Name: "arrived", At: reportAt(12, 9, 10)},
					{Name: "rechecked", At: reportAt(12, 10, 30)},
				},
				Lent: 25, Returned: 20,
				LentByLevel: map[string]int{"SD": 10, "SMP": 8, "umum": 7},
				Missing:     2, Extra: 1,
				Discrepancies: []string{
					"B00123 Si Kancil: hilang (tidak terhitung ulang)",
					"B00456 Laskar Pelangi: hilang (tidak terhitung ulang)",
					"B00789 Bumi Manusia: lebih (tidak diharapkan)",
				},
			},
		},
		Months: []MonthCount{
			{"2026-11", 120, 105}, {"2026-08", 90, 80}, {"2026-09", 100, 95}, {"2026-10", 110, 99},
		},
	}
}

// reportPDFFile writes r as a PDF into a temporary file.
func reportPDFFile(t *testing.T, r Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := ReportPDF(&b, r); err != nil {
		t.Fatalf("ReportPDF: %v", err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b.Bytes()[:min(20, b.Len())])
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func reportPDFText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(receiptTool(t, "pdftotext"), "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestReportPDF(t *testing.T) {
	path := reportPDFFile(t, reportFixture(t))
	text := reportPDFText(t, path)
	for _, want := range []string{
		"Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
		"Laporan Kegiatan ANTER KOPER Buku",
		"November 2026",
		"Dibuat 30/11/2026 14:05 WIB",
		"SD Negeri Sekaran 01", "Panti Asuhan Darul Hadlonah", "SMA Negeri 3 Semarang",
		"Kamis, 05/11/2026", "Jumat, 27/11/2026",
		"Sekolah", "Panti asuhan",
		"Per tingkat pendidikan", "Tidak diketahui",
		"Buku dipinjamkan per lokasi", "Buku dipinjamkan per bulan",
		"Siap berangkat", "Penghitungan selesai", "Pengecekan kembali",
		"07:42 WIB", "—",
		"perjalanan 57 m", "penghitungan 58 m", // adjacent steps of visit 101
		"siap berangkat – tiba di lokasi 2 j 10 m", // across the unrecorded departure of 102
		"B00123 Si Kancil: hilang (tidak terhitung ulang)",
		"B00789 Bumi Manusia: lebih (tidak diharapkan)",
		"Dokumentasi", "Penghitungan buku bersama guru",
		"Diambil 05/11/2026 08:00 WIB", "Diambil 05/11/2026 09:15 WIB",
		"Halaman 1/",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	checks := []struct {
		what string
		re   string
	}{
		{"summary total row", `TOTAL\s+120\s+105\s+2\s+1\b`},
		{"level total row", `TOTAL\s+120\s+105\s*\n`},
		{"SD level row", `\bSD\s+48\s+35\s*\n`},
		{"unknown level row: what the maps leave out", `Tidak diketahui\s+2\s+20\s*\n`},
		{"bar value of the largest location", `SMA Negeri 3 Semarang\s+55\b`},
	}
	for _, c := range checks {
		if !regexp.MustCompile(c.re).MatchString(text) {
			t.Errorf("PDF text lacks the %s (/%s/)", c.what, c.re)
		}
	}
	// Two visits are clean, one is not.
	if n := strings.Count(text, "Tidak ada selisih"); n != 2 {
		t.Errorf("%d times \"Tidak ada selisih\", want 2 (visits 101 and 103)", n)
	}
	pages := regexp.MustCompile(`Halaman (\d+)/(\d+)`).FindAllStringSubmatch(text, -1)
	if len(pages) == 0 || pages[len(pages)-1][1] != pages[0][2] {
		t.Errorf("page footers %v: the last page should be numbered as the total", pages)
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}

	// The two photos are embedded once each, at their own size.
	out, err := exec.Command(receiptTool(t, "pdfimages"), "-list", path).Output()
	if err != nil {
		t.Fatalf("pdfimages: %v", err)
	}
	var sizes []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n")[2:] { // after the 2 header lines
		f := strings.Fields(line)
		if len(f) > 5 && f[2] == "image" {
			sizes = append(sizes, f[3]+"x"+f[4]+" "+f[8])
		}
	}
	slices.Sort(sizes)
	if want := []string{"180x300 jpeg", "320x200 jpeg"}; !slices.Equal(sizes, want) {
		t.Errorf("images %q, want %q\n%s", sizes, want, out)
	}
}

func TestReportPDFEnglishAndSingleVisit(t *testing.T) {
	r := reportFixture(t)
	r.Lang, r.Title = "en", ""
	text := reportPDFText(t, reportPDFFile(t, r))
	for _, want := range []string{"ANTER KOPER Buku Activity Report", "Period", "November 2026",
		"Books lent per location", "Books lent per month", "By education level",
		"Friday, 27 Nov 2026", "Orphanage", "No discrepancies", "travel 57 m",
		"Taken 05 Nov 2026 08:00 WIB", "Page 1/", "Generated 30 Nov 2026 14:05 WIB"} {
		if !strings.Contains(text, want) {
			t.Errorf("English PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "Halaman") || strings.Contains(text, "Tidak ada selisih") {
		t.Error("English PDF has Indonesian texts")
	}

	one := reportFixture(t)
	one.Period, one.Months, one.Visits = "", nil, one.Visits[2:]
	text = reportPDFText(t, reportPDFFile(t, one))
	for _, want := range []string{"Kunjungan", "Kamis, 12/11/2026 — Panti Asuhan Darul Hadlonah",
		"B00456 Laskar Pelangi", "Tidak ada foto dokumentasi."} {
		if !strings.Contains(text, want) {
			t.Errorf("single visit PDF text lacks %q", want)
		}
	}
	if strings.Contains(text, "per bulan") {
		t.Error("single visit PDF without months has a month chart")
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
}

// reportXLSX writes r and opens it again, also as a zip.
func reportXLSX(t *testing.T, r Report) (*excelize.File, *zip.Reader) {
	t.Helper()
	var b bytes.Buffer
	if err := ReportXLSX(&b, r); err != nil {
		t.Fatalf("ReportXLSX: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	z, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	return f, z
}

func reportZipFile(t *testing.T, z *zip.Reader, name string) string {
	t.Helper()
	for _, f := range z.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	return ""
}

func TestReportXLSX(t *testing.T) {
	f, z := reportXLSX(t, reportFixture(t))
	want := []string{"Ringkasan", "Per tingkat", "Per bulan", "Waktu SOP", "Selisih"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	rows := func(sheet string) [][]string {
		t.Helper()
		rs, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	wantRows := func(sheet string, want [][]string) {
		t.Helper()
		got := rows(sheet)
		if len(got) != len(want) {
			t.Errorf("%s: %d rows, want %d: %q", sheet, len(got), len(want), got)
			return
		}
		for i := range want {
			if !slices.Equal(got[i], want[i]) {
				t.Errorf("%s row %d: %q, want %q", sheet, i+1, got[i], want[i])
			}
		}
	}

	wantRows("Ringkasan", [][]string{
		{"ID kunjungan", "Tanggal", "Lokasi", "Jenis", "Tingkat", "Dipinjamkan", "Kembali", "Hilang", "Lebih"},
		{"101", "05/11/2026", "SD Negeri Sekaran 01", "Sekolah", "SD", "40", "35", "0", "0"},
		{"102", "12/11/2026", "Panti Asuhan Darul Hadlonah", "Panti asuhan", "Umum", "25", "20", "2", "1"},
		{"103", "27/11/2026", "SMA Negeri 3 Semarang", "Sekolah", "SMA", "55", "50", "0", "0"},
		{"TOTAL", "", "", "", "", "120", "105", "2", "1"},
	})
	// Counts are numbers, not text.
	for _, cell := range []string{"A2", "F5", "G5", "H5", "I5"} {
		typ, err := f.GetCellType("Ringkasan", cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("Ringkasan!%s has cell type %v, want a number", cell, typ)
		}
	}
	if v, _ := f.GetCellValue("Ringkasan", "B2", excelize.Options{RawCellValue: true}); v != "46331" {
		t.Errorf("Ringkasan!B2 raw %q, want the date serial 46331", v)
	}
	if p, err := f.GetPanes("Ringkasan"); err != nil || !p.Freeze || p.YSplit != 1 {
		t.Errorf("Ringkasan panes %+v, %v: want the header row frozen", p, err)
	}

	wantRows("Per tingkat", [][]string{
		{"Tingkat", "Dipinjamkan", "Kembali"},
		{"SD", "48", "35"},
		{"SMP", "13", "0"},
		{"SMA", "50", "45"},
		{"Umum", "7", "5"},
		{"Tidak diketahui", "2", "20"},
		{"TOTAL", "120", "105"},
	})
	wantRows("Per bulan", [][]string{
		{"Bulan", "Dipinjamkan", "Kembali"},
		{"2026-08", "90", "80"}, {"2026-09", "100", "95"}, {"2026-10", "110", "99"}, {"2026-11", "120", "105"},
	})
	wantRows("Waktu SOP", [][]string{
		{"ID kunjungan", "Tanggal", "Lokasi", "Siap berangkat", "Berangkat", "Tiba di lokasi",
			"Penghitungan selesai", "Pengecekan kembali selesai", "Persiapan (menit)", "Perjalanan (menit)",
			"Penghitungan (menit)", "Pengecekan (menit)", "Total (menit)"},
		{"101", "05/11/2026", "SD Negeri Sekaran 01", "06:30", "06:45", "07:42", "08:40", "09:10",
			"15", "57", "58", "30", "160"},
		{"102", "12/11/2026", "Panti Asuhan Darul Hadlonah", "07:00", "", "09:10", "", "10:30",
			"", "", "", "", "210"},
		{"103", "27/11/2026", "SMA Negeri 3 Semarang", "", "08:00", "08:35", "", "",
			"", "35", "", "", "35"},
	})
	if typ, _ := f.GetCellType("Waktu SOP", "F2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("Waktu SOP!F2 has cell type %v, want text", typ)
	}
	got := rows("Selisih")
	if len(got) != 4 {
		t.Errorf("Selisih: %d rows, want a header and 3 discrepancies: %q", len(got), got)
	} else if want := []string{"102", "12/11/2026", "Panti Asuhan Darul Hadlonah",
		"B00123 Si Kancil: hilang (tidak terhitung ulang)"}; !slices.Equal(got[1], want) {
		t.Errorf("Selisih row 2: %q, want %q", got[1], want)
	}

	// Two native charts: a bar chart on Ringkasan and a column chart with
	// two series on Per bulan.
	bar := html.UnescapeString(reportZipFile(t, z, "xl/charts/chart1.xml"))
	col := html.UnescapeString(reportZipFile(t, z, "xl/charts/chart2.xml"))
	if !strings.Contains(bar, `<barDir val="bar">`) || strings.Count(bar, "<ser>") != 1 ||
		!strings.Contains(bar, "'Ringkasan'!$C$2:$C$4") || !strings.Contains(bar, "'Ringkasan'!$F$2:$F$4") ||
		!strings.Contains(bar, "Buku dipinjamkan per lokasi") {
		t.Errorf("chart1.xml is not the bar chart of lent per location:\n%.2000s", bar)
	}
	if !strings.Contains(col, `<barDir val="col">`) || strings.Count(col, "<ser>") != 2 ||
		!strings.Contains(col, "'Per bulan'!$B$2:$B$5") || !strings.Contains(col, "'Per bulan'!$C$2:$C$5") {
		t.Errorf("chart2.xml is not the column chart of lent/returned per month:\n%.2000s", col)
	}
	if rels := reportZipFile(t, z, "xl/worksheets/_rels/sheet1.xml.rels"); !strings.Contains(rels, "drawing") {
		t.Errorf("Ringkasan has no drawing (chart): %s", rels)
	}
}

func TestReportXLSXEnglishNoMonths(t *testing.T) {
	r := reportFixture(t)
	r.Lang, r.Months = "en", nil
	f, z := reportXLSX(t, r)
	want := []string{"Summary", "By level", "By month", "SOP times", "Discrepancies"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	if v, _ := f.GetCellValue("Summary", "D3"); v != "Orphanage" {
		t.Errorf("Summary!D3 = %q, want Orphanage", v)
	}
	if v, _ := f.GetCellValue("By level", "A6"); v != "Unknown" {
		t.Errorf("By level!A6 = %q, want Unknown", v)
	}
	if rs, _ := f.GetRows("By month"); len(rs) != 1 {
		t.Errorf("By month: %q, want the header only", rs)
	}
	if reportZipFile(t, z, "xl/charts/chart1.xml") == "" || reportZipFile(t, z, "xl/charts/chart2.xml") != "" {
		t.Error("want one chart (per location) and no month chart")
	}
}

func TestReportErrors(t *testing.T) {
	truncated := reportTestJPEG(t, 64, 48)
	truncated = truncated[:len(truncated)/2]
	if _, err := jpeg.DecodeConfig(bytes.NewReader(truncated)); err != nil {
		t.Fatalf("the truncated JPEG should keep a readable header: %v", err)
	}
	tests := []struct {
		name   string
		change func(r *Report)
		want   []string
	}{
		{"bad period", func(r *Report) { r.Period = "2026-13" }, []string{`period "2026-13"`}},
		{"period in words", func(r *Report) { r.Period = "November 2026" }, []string{"period"}},
		{"short period", func(r *Report) { r.Period = "2026-1" }, []string{"period"}},
		{"no period, many visits", func(r *Report) { r.Period = "" }, []string{"exactly 1 visit"}},
		{"language", func(r *Report) { r.Lang = "jv" }, []string{`language "jv"`}},
		{"garbage photo", func(r *Report) { r.Visits[1].Photos[1].JPEG = []byte("not a jpeg") },
			[]string{"visit 101", "photo 1"}},
		{"truncated photo", func(r *Report) {
			r.Visits[2].Photos = []ReportPhoto{{JPEG: reportTestJPEG(t, 8, 8)}, {JPEG: truncated}}
		}, []string{"visit 102", "photo 1"}},
		{"PNG photo", func(r *Report) { r.Visits[1].Photos[0].JPEG = []byte("\x89PNG\r\n\x1a\n") },
			[]string{"visit 101", "photo 0"}},
		{"visit date", func(r *Report) { r.Visits[0].Date = "27/11/2026" }, []string{"visit 103", "date"}},
		{"step name", func(r *Report) { r.Visits[0].Steps[0].Name = "lunch" }, []string{"visit 103", `step "lunch"`}},
		{"step twice", func(r *Report) {
			r.Visits[0].Steps = append(r.Visits[0].Steps, ReportStep{Name: "arrived"})
		}, []string{"twice"}},
		{"levels over total", func(r *Report) { r.Visits[0].LentByLevel["SD"] = 1 }, []string{"visit 103", "lent by level"}},
		{"negative", func(r *Report) { r.Visits[2].Missing = -1 }, []string{"negative"}},
		{"month", func(r *Report) { r.Months[0].Month = "2026/11" }, []string{`month "2026/11"`}},
		{"month twice", func(r *Report) { r.Months[0].Month = "2026-08" }, []string{"twice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for name, write := range map[string]func(io.Writer, Report) error{"pdf": ReportPDF, "xlsx": ReportXLSX} {
				r := reportFixture(t)
				tt.change(&r)
				var b bytes.Buffer
				err := write(&b, r)
				if err == nil {
					t.Fatalf("%s: no error", name)
				}
				for _, w := range append(tt.want, "papers: report") {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error %q lacks %q", name, err, w)
					}
				}
				if b.Len() != 0 {
					t.Errorf("%s: %d bytes written despite the error", name, b.Len())
				}
			}
		})
	}
}

func TestReportNiceStep(t *testing.T) {
	for _, c := range []struct{ top, want int }{{0, 1}, {5, 1}, {7, 2}, {12, 5}, {55, 20}, {120, 50}, {1000, 200}} {
		if got := reportNiceStep(c.top); got != c.want {
			t.Errorf("reportNiceStep(%d) = %d, want %d", c.top, got, c.want)
		}
	}
}
