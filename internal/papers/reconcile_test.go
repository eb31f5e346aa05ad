package papers

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// reconItems makes n books with codes prefix-1 … prefix-n.
func reconItems(prefix string, n int) []Line {
	lines := make([]Line, n)
	for i := range lines {
		lines[i] = Line{Code: fmt.Sprintf("%s-%d", prefix, i+1), Title: fmt.Sprintf("Judul %s %d", prefix, i+1), Level: "SMP"}
	}
	return lines
}

// reconSample is a day of two visits whose lists agree with each other:
// visit 11 lost a book, visit 12 came back with one too many.
func reconSample() Reconciliation {
	p11, p12 := reconItems("P11", 5), reconItems("P12", 4)
	r11, r12 := reconItems("R11", 2), reconItems("R12", 1)
	exp11 := append(slices.Clone(p11[3:]), r11...) // 5 − 3 + 2 = 4
	exp12 := append(slices.Clone(p12[2:]), r12...) // 4 − 2 + 1 = 3
	extra := Line{Code: "X12-1", Title: "Buku tamu, \"tanpa\" catatan", Level: ""}
	return Reconciliation{
		Title:     "Pengecekan kembali 27/11/2026",
		Date:      "2026-11-27",
		Generated: time.Date(2026, 11, 27, 10, 30, 0, 0, time.UTC),
		Visits: []VisitRecon{{
			VisitID: 11, Date: "2026-11-27", Location: "SD Negeri 2 Ungaran",
			Packed: p11, Lent: p11[:3], Returned: r11, Recounted: exp11[:3],
			Expected: exp11, Missing: exp11[3:], Extra: nil,
		}, {
			VisitID: 12, Date: "2026-11-27", Location: "SMP Negeri 1 Salatiga, Kampus 2",
			Packed: p12, Lent: p12[:2], Returned: r12, Recounted: append(slices.Clone(exp12), extra),
			Expected: exp12, Missing: nil, Extra: []Line{extra},
		}},
	}
}

// reconWantTotals are the list sizes of reconSample in CSV order, per
// visit and summed.
var reconWantTotals = map[string][7]int{
	"11":    {5, 3, 2, 3, 4, 1, 0},
	"12":    {4, 2, 1, 4, 3, 0, 1},
	"total": {9, 5, 3, 7, 7, 1, 1},
}

func TestReconciliationCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := ReconciliationCSV(&buf, reconSample()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\n\nvisit_id,date,location,packed,lent,") {
		t.Errorf("no empty line before the totals:\n%s", buf.String())
	}
	cr := csv.NewReader(&buf)
	cr.FieldsPerRecord = -1
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(records[0], ","); got != "visit_id,date,location,list,code,title,level" {
		t.Fatalf("header %q", got)
	}
	split := slices.IndexFunc(records, func(r []string) bool { return r[0] == "visit_id" && len(r) == 10 })
	if split < 0 {
		t.Fatalf("no totals header in %q", records)
	}
	if got := strings.Join(records[split], ","); got != strings.Join(reconCSVTotalsHeader, ",") {
		t.Errorf("totals header %q", got)
	}

	// Rows per (visit, list), in the documented order.
	keys := []string{"packed", "lent", "returned", "recounted", "expected_in_vehicle", "missing", "extra"}
	counts := map[string][7]int{}
	var order []string
	for _, r := range records[1:split] {
		if len(r) != 7 {
			t.Fatalf("item row %q has %d fields", r, len(r))
		}
		i := slices.Index(keys, r[3])
		if i < 0 {
			t.Fatalf("unknown list %q", r[3])
		}
		c := counts[r[0]]
		c[i]++
		counts[r[0]] = c
		if step := r[0] + "/" + r[3]; len(order) == 0 || order[len(order)-1] != step {
			order = append(order, step)
		}
		if r[1] != "2026-11-27" {
			t.Errorf("row %q: date", r)
		}
	}
	for _, id := range []string{"11", "12"} {
		if counts[id] != reconWantTotals[id] {
			t.Errorf("visit %s rows per list %v, want %v", id, counts[id], reconWantTotals[id])
		}
	}
	wantOrder := []string{"11/packed", "11/lent", "11/returned", "11/recounted", "11/expected_in_vehicle",
		"11/missing", "12/packed", "12/lent", "12/returned", "12/recounted", "12/expected_in_vehicle", "12/extra"}
	if !slices.Equal(order, wantOrder) {
		t.Errorf("order of lists %q, want %q", order, wantOrder)
	}
	last := records[split-1]
	if want := []string{"12", "2026-11-27", "SMP Negeri 1 Salatiga, Kampus 2", "extra", "X12-1",
		`Buku tamu, "tanpa" catatan`, ""}; !slices.Equal(last, want) {
		t.Errorf("last item row %q, want %q", last, want)
	}

	totals := records[split+1:]
	if len(totals) != 3 {
		t.Fatalf("%d totals rows, want 3: %q", len(totals), totals)
	}
	var sum [7]int
	for i, r := range totals {
		var got [7]int
		for j := range got {
			if got[j], err = strconv.Atoi(r[3+j]); err != nil {
				t.Fatalf("totals row %q: %v", r, err)
			}
			if i < 2 {
				sum[j] += got[j]
			}
		}
		if got != reconWantTotals[r[0]] {
			t.Errorf("totals row %q, want %v", r, reconWantTotals[r[0]])
		}
	}
	if last := totals[2]; last[0] != "total" || last[1] != "" || last[2] != "" || fmt.Sprint(sum) != fmt.Sprint(reconWantTotals["total"]) {
		t.Errorf("total row %q does not sum the visits %v", last, sum)
	}
}

func TestReconciliationCSVLanguageFree(t *testing.T) {
	var id, en bytes.Buffer
	rec := reconSample()
	if err := ReconciliationCSV(&id, rec); err != nil {
		t.Fatal(err)
	}
	rec.Lang = "en"
	if err := ReconciliationCSV(&en, rec); err != nil {
		t.Fatal(err)
	}
	if id.String() != en.String() {
		t.Error("the CSV changes with the language")
	}
}

func TestReconciliationCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := ReconciliationCSV(&buf, Reconciliation{}); err != nil {
		t.Fatal(err)
	}
	want := "visit_id,date,location,list,code,title,level\n\n" +
		"visit_id,date,location,packed,lent,returned,recounted,expected_in_vehicle,missing,extra\n" +
		"total,,,0,0,0,0,0,0,0\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func reconOpen(t *testing.T, rec Reconciliation) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := ReconciliationXLSX(&buf, rec); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("OpenReader: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func reconGet(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func TestReconciliationXLSX(t *testing.T) {
	rec := reconSample()
	f := reconOpen(t, rec)
	sheets := []string{"Ringkasan", "Dikemas", "Dipinjamkan", "Dikembalikan", "Dihitung ulang", "Di mobil", "Hilang", "Lebih"}
	if got := f.GetSheetList(); !slices.Equal(got, sheets) {
		t.Fatalf("sheets %q, want %q", got, sheets)
	}
	const sum = "Ringkasan"
	if got := reconGet(t, f, sum, "A1"); got != rec.Title {
		t.Errorf("title %q", got)
	}
	if got := reconGet(t, f, sum, "A2"); got != "Tanggal: Jumat, 27/11/2026" {
		t.Errorf("date %q", got)
	}
	if got := reconGet(t, f, sum, "A3"); got != "Dibuat: 27/11/2026 17:30 WIB" {
		t.Errorf("generated %q", got)
	}
	rows, err := f.GetRows(sum)
	if err != nil {
		t.Fatal(err)
	}
	wantHead := []string{"Kunjungan", "Tanggal", "Lokasi", "Dikemas", "Dipinjamkan", "Dikembalikan",
		"Dihitung ulang", "Di mobil", "Hilang", "Lebih"}
	if !slices.Equal(rows[4], wantHead) {
		t.Errorf("summary header %q", rows[4])
	}
	if got := reconGet(t, f, sum, "B6"); got != "27/11/2026" {
		t.Errorf("visit date cell %q, want 27/11/2026", got)
	}
	if got := rows[6][:3]; !slices.Equal(got, []string{"12", "27/11/2026", "SMP Negeri 1 Salatiga, Kampus 2"}) {
		t.Errorf("second visit row %q", got)
	}
	if len(rows) != 8 || rows[7][0] != "TOTAL" {
		t.Fatalf("no TOTAL row last: %q", rows)
	}
	for j, want := range reconWantTotals["total"] {
		cell, _ := excelize.CoordinatesToCellName(4+j, 8)
		if got := reconGet(t, f, sum, cell); got != strconv.Itoa(want) {
			t.Errorf("TOTAL %s = %q, want %d", cell, got, want)
		}
		switch typ, _ := f.GetCellType(sum, cell); typ {
		case excelize.CellTypeSharedString, excelize.CellTypeInlineString, excelize.CellTypeFormula:
			t.Errorf("TOTAL %s is of type %v, want a plain number", cell, typ)
		}
	}
	if style, _ := f.GetCellStyle(sum, "D8"); style == 0 {
		t.Error("the TOTAL row has no style")
	} else if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("the TOTAL row is not bold: %+v %v", s, err)
	}

	for i, sheet := range sheets[1:] {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		want := 1 + reconWantTotals["11"][i] + reconWantTotals["12"][i]
		if len(rows) != want {
			t.Errorf("sheet %s has %d rows, want %d", sheet, len(rows), want)
		}
		if !slices.Equal(rows[0], []string{"Kunjungan", "Lokasi", "Kode", "Judul", "Tingkat"}) {
			t.Errorf("sheet %s header %q", sheet, rows[0])
		}
		if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("sheet %s header not frozen: %+v %v", sheet, panes, err)
		}
	}
	if got := reconGet(t, f, "Dikemas", "D2"); got != "Judul P11 1" {
		t.Errorf("Dikemas!D2 = %q", got)
	}
	if got := reconGet(t, f, "Hilang", "C2"); got != "R11-2" {
		t.Errorf("Hilang!C2 = %q", got)
	}
	if got := reconGet(t, f, "Lebih", "B2"); got != "SMP Negeri 1 Salatiga, Kampus 2" {
		t.Errorf("Lebih!B2 = %q", got)
	}
	if w, _ := f.GetColWidth("Dikemas", "D"); w < 30 {
		t.Errorf("title column %v wide", w)
	}
}

func TestReconciliationXLSXEnglish(t *testing.T) {
	rec := reconSample()
	rec.Lang = "en"
	rec.Title = ""
	rec.Date = ""
	rec.Visits = rec.Visits[1:]
	f := reconOpen(t, rec)
	want := []string{"Summary", "Packed", "Lent", "Returned", "Recounted", "In vehicle", "Missing", "Extra"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %q, want %q", got, want)
	}
	for cell, want := range map[string]string{
		"A1": "Reconciliation", "A2": "Date: Friday, 27 Nov 2026", "A5": "Visit", "H5": "In vehicle",
		"A7": "TOTAL", "D7": "4", "J7": "1",
	} {
		if got := reconGet(t, f, "Summary", cell); got != want {
			t.Errorf("Summary!%s = %q, want %q", cell, got, want)
		}
	}
	if got := reconGet(t, f, "Extra", "D1"); got != "Title" {
		t.Errorf("Extra!D1 = %q", got)
	}
}

func TestReconciliationErrors(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		edit       func(r *Reconciliation)
	}{
		{"bad lang", `language "fr"`, func(r *Reconciliation) { r.Lang = "fr" }},
		{"bad day", `date "27-11-2026"`, func(r *Reconciliation) { r.Date = "27-11-2026" }},
		{"bad visit date", `visit 12: date "2026-11-31"`, func(r *Reconciliation) { r.Visits[1].Date = "2026-11-31" }},
	} {
		for _, write := range []struct {
			name string
			fn   func(*bytes.Buffer, Reconciliation) error
		}{
			{"csv", func(b *bytes.Buffer, r Reconciliation) error { return ReconciliationCSV(b, r) }},
			{"xlsx", func(b *bytes.Buffer, r Reconciliation) error { return ReconciliationXLSX(b, r) }},
		} {
			t.Run(tc.name+"/"+write.name, func(t *testing.T) {
				rec := reconSample()
				tc.edit(&rec)
				var buf bytes.Buffer
				err := write.fn(&buf, rec)
				if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "papers: reconciliation") {
					t.Fatalf("err = %v, want one naming %q", err, tc.want)
				}
				if buf.Len() != 0 {
					t.Errorf("%d bytes written before the error", buf.Len())
				}
			})
		}
	}
}

func ExampleReconciliationCSV() {
	lent := Line{Code: "B0001", Title: "Laskar Pelangi", Level: "SD"}
	kept := Line{Code: "B0002", Title: "Bumi Manusia", Level: "SMA"}
	rec := Reconciliation{Visits: []VisitRecon{{
		VisitID: 12, Date: "2026-11-27", Location: "SD Negeri 2 Ungaran",
		Packed: []Line{lent, kept}, Lent: []Line{lent}, Expected: []Line{kept}, Missing: []Line{kept},
	}}}
	if err := ReconciliationCSV(os.Stdout, rec); err != nil {
		fmt.Println(err)
	}
	// Output:
	// visit_id,date,location,list,code,title,level
	// 12,2026-11-27,SD Negeri 2 Ungaran,packed,B0001,Laskar Pelangi,SD
	// 12,2026-11-27,SD Negeri 2 Ungaran,packed,B0002,Bumi Manusia,SMA
	// 12,2026-11-27,SD Negeri 2 Ungaran,lent,B0001,Laskar Pelangi,SD
	// 12,2026-11-27,SD Negeri 2 Ungaran,expected_in_vehicle,B0002,Bumi Manusia,SMA
	// 12,2026-11-27,SD Negeri 2 Ungaran,missing,B0002,Bumi Manusia,SMA
	//
	// visit_id,date,location,packed,lent,returned,recounted,expected_in_vehicle,missing,extra
	// 12,2026-11-27,SD Negeri 2 Ungaran,2,1,0,0,1,1,0
	// total,,,2,1,0,0,1,1,0
}
