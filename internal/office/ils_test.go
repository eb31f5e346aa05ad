package office

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// kocLine is one line as Koha's offline circulation importer reads it: a
// timestamp, then the action and its tab-separated arguments.
type kocLine struct {
	Time   time.Time
	Action string
	Args   []string
}

var kocStamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \d{3}$`)

// parseKOC reads a .koc file strictly: the version header, then lines of
// "<timestamp>\t<action>\t<args…>" with the argument count each action
// takes.
func parseKOC(t *testing.T, data []byte) []kocLine {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(data))
	if !sc.Scan() || !strings.HasPrefix(sc.Text(), "Version=1.0\tGenerator=anterkoper\tGeneratorVersion=") {
		t.Fatalf("bad header in %q", data)
	}
	var out []kocLine
	for n := 2; sc.Scan(); n++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 3 || !kocStamp.MatchString(f[0]) {
			t.Fatalf("line %d: %q is not a .koc line", n, sc.Text())
		}
		ts, err := time.ParseInLocation("2006-01-02 15:04:05", f[0][:19], WIB)
		if err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		want := map[string]int{"issue": 2, "return": 1, "payment": 2}[f[1]]
		if want == 0 || len(f)-2 != want {
			t.Fatalf("line %d: action %q with %d arguments", n, f[1], len(f)-2)
		}
		out = append(out, kocLine{Time: ts, Action: f[1], Args: f[2:]})
	}
	return out
}

type fixture struct {
	db        *store.DB
	eng       *circulation.Engine
	schoolA   int64
	schoolB   int64
	visitA    int64
	visitB    int64
	visitNext int64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var items []circulation.Item
	for i := 1; i <= 6; i++ {
		items = append(items, circulation.Item{Code: fmt.Sprintf("B%05d", i), Title: fmt.Sprintf("Buku %d", i), Level: "SD"})
	}
	db.UpsertItems(ctx, items)
	f := &fixture{db: db}
	f.schoolA, _ = db.CreateLocation(ctx, circulation.Location{Name: "SD A", Kind: "school", Level: "SD", CardNumber: "KOP-A", MemberID: "M-A"})
	f.schoolB, _ = db.CreateLocation(ctx, circulation.Location{Name: "SD B", Kind: "school", Level: "SD", CardNumber: "KOP-B", MemberID: "M-B"})
	f.visitA, _ = db.CreateVisit(ctx, circulation.Visit{LocationID: f.schoolA, Date: "2026-11-02"})
	f.visitB, _ = db.CreateVisit(ctx, circulation.Visit{LocationID: f.schoolB, Date: "2026-11-03"})
	f.visitNext, _ = db.CreateVisit(ctx, circulation.Visit{LocationID: f.schoolA, Date: "2026-12-07"})
	f.eng, err = circulation.NewEngine(ctx, db, circulation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) scan(t *testing.T, visit int64, mode circulation.Mode, codes ...string) []int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := f.eng.SetMode(ctx, visit, mode, "test"); err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	for _, c := range codes {
		r, err := f.eng.Scan(ctx, visit, c, "test")
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, r.Event.Seq)
	}
	return seqs
}

func TestKOCOrderLedgerAndUndo(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	a := store.Actor{User: "t", Role: "operator"}
	// School A borrows B1–B3; B2 comes back to school B's stop (another
	// location) and is lent on to school B.
	f.scan(t, f.visitA, circulation.ModePack, "B00001", "B00002", "B00003")
	f.scan(t, f.visitA, circulation.ModeLend, "B00001", "B00002", "B00003")
	f.scan(t, f.visitB, circulation.ModeReturn, "B00002")
	f.scan(t, f.visitB, circulation.ModePack, "B00002")
	f.scan(t, f.visitB, circulation.ModeLend, "B00002")

	ex, err := BuildKOC(ctx, f.db, "test")
	if err != nil {
		t.Fatal(err)
	}
	lines := parseKOC(t, ex.Data)
	if len(lines) != 5 || ex.Lines != 5 {
		t.Fatalf("%d lines:\n%s", len(lines), ex.Data)
	}
	// The events of one item in the order they happened.
	var b2 []string
	for _, l := range lines {
		if l.Args[len(l.Args)-1] == "B00002" {
			b2 = append(b2, l.Action+" "+strings.Join(l.Args, " "))
		}
	}
	if strings.Join(b2, ", ") != "issue KOP-A B00002, return B00002, issue KOP-B B00002" {
		t.Fatalf("B00002's lines: %v", b2)
	}
	for i := 1; i < len(lines); i++ {
		if lines[i].Time.Before(lines[i-1].Time) {
			t.Fatalf("lines out of time order: %v then %v", lines[i-1].Time, lines[i].Time)
		}
	}
	if err := f.db.MarkExported(ctx, TargetKoha, ex.Seqs, a, "x.koc"); err != nil {
		t.Fatal(err)
	}
	again, err := BuildKOC(ctx, f.db, "test")
	if err != nil || again.Lines != 0 || len(parseKOC(t, again.Data)) != 0 {
		t.Fatalf("second export after no new scans: %d lines, %v\n%s", again.Lines, err, again.Data)
	}
	// An undo of an exported lend is told to Koha as a return, once.
	last, err := f.db.VisitEvents(ctx, f.visitA, 0, 1<<62)
	if err != nil {
		t.Fatal(err)
	}
	var b3 int64
	for _, e := range last {
		if e.ItemCode == "B00003" && e.Mode == circulation.ModeLend {
			b3 = e.Seq
		}
	}
	if _, err := f.eng.Void(ctx, f.visitA, b3, "test"); err != nil {
		t.Fatal(err)
	}
	third, err := BuildKOC(ctx, f.db, "test")
	if err != nil {
		t.Fatal(err)
	}
	tl := parseKOC(t, third.Data)
	if len(tl) != 1 || tl[0].Action != "return" || tl[0].Args[0] != "B00003" {
		t.Fatalf("after undoing an exported lend: %s", third.Data)
	}
	f.db.MarkExported(ctx, TargetKoha, third.Seqs, a, "y.koc")
	if fourth, _ := BuildKOC(ctx, f.db, "test"); fourth.Lines != 0 {
		t.Fatalf("the undo was exported twice:\n%s", fourth.Data)
	}
}

func TestKOCNeedsCardNumbers(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	loc, _ := f.db.CreateLocation(ctx, circulation.Location{Name: "Taman Baca Tanpa Kartu", Kind: "community", Level: "umum"})
	v, _ := f.db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-04"})
	f.eng.SetMode(ctx, v, circulation.ModePack, "t")
	f.eng.Scan(ctx, v, "B00005", "t")
	f.eng.SetMode(ctx, v, circulation.ModeLend, "t")
	f.eng.Scan(ctx, v, "B00005", "t")
	_, err := BuildKOC(ctx, f.db, "test")
	var nc *ErrNoCard
	if !errors.As(err, &nc) || !strings.Contains(err.Error(), "Taman Baca Tanpa Kartu") {
		t.Fatalf("export without a card number: %v", err)
	}
	// Nothing at all: only the header, not an error.
	g := newFixture(t)
	ex, err := BuildKOC(ctx, g.db, "test")
	if err != nil || ex.Lines != 0 || strings.Count(string(ex.Data), "\n") != 1 {
		t.Fatalf("empty export: %v %q", err, ex.Data)
	}
}

func TestSLiMSHandOff(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.scan(t, f.visitA, circulation.ModePack, "B00001")
	f.scan(t, f.visitA, circulation.ModeLend, "B00001")
	f.scan(t, f.visitNext, circulation.ModeReturn, "B00001")
	ex, err := BuildSLiMS(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(ex.Data)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("%v %q", err, ex.Data)
	}
	if strings.Join(rows[0], ",") != strings.Join(slimsColumns, ",") {
		t.Fatalf("header %v", rows[0])
	}
	today := time.Now().In(WIB).Format(time.DateOnly)
	loan, ret := rows[1], rows[2]
	if loan[0] != "loan" || loan[1] != "B00001" || loan[2] != "M-A" || loan[3] != today || loan[4] != "2026-12-07" {
		t.Fatalf("loan row %v (due at the next visit, 2026-12-07)", loan)
	}
	if ret[0] != "return" || ret[2] != "M-A" || ret[5] != today {
		t.Fatalf("return row %v", ret)
	}
	f.db.MarkExported(ctx, TargetSLiMS, ex.Seqs, store.Actor{User: "t"}, "s.csv")
	if again, _ := BuildSLiMS(ctx, f.db); again.Lines != 0 {
		t.Fatalf("exported twice: %s", again.Data)
	}
}

func TestHandOffsUseMemberCards(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	m, err := f.db.CreateMember(ctx, store.MemberRecord{Name: "Siti"}, func(int64) (string, error) { return "23300000000015", nil }, store.Actor{User: "t"})
	if err != nil {
		t.Fatal(err)
	}
	f.scan(t, f.visitA, circulation.ModePack, "B00001", "B00002")
	f.scan(t, f.visitA, circulation.ModeLend, "23300000000015", "B00001")
	f.scan(t, f.visitA, circulation.ModeLend, "B00002") // the mode event ends the checkout: the school's bulk loan
	f.scan(t, f.visitNext, circulation.ModeReturn, "B00001")
	ex, err := BuildKOC(ctx, f.db, "t")
	if err != nil {
		t.Fatal(err)
	}
	lines := parseKOC(t, ex.Data)
	got := []string{}
	for _, l := range lines {
		got = append(got, l.Action+" "+strings.Join(l.Args, " "))
	}
	want := "issue 23300000000015 B00001, issue KOP-A B00002, return B00001"
	if strings.Join(got, ", ") != want {
		t.Fatalf(".koc lines %v, want %s", got, want)
	}
	sl, err := BuildSLiMS(ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(bytes.NewReader(sl.Data)).ReadAll()
	if len(rows) != 4 || rows[1][2] != "23300000000015" || rows[2][2] != "M-A" || rows[3][0] != "return" || rows[3][2] != "23300000000015" {
		t.Fatalf("SLiMS rows %v", rows)
	}
	// An erased member's loans go to the location's card, never to nobody.
	if err := f.db.EraseMember(ctx, m.ID, store.Actor{User: "t"}); err != nil {
		t.Fatal(err)
	}
	ex2, err := BuildKOC(ctx, f.db, "t")
	if err != nil || !strings.Contains(string(ex2.Data), "\tissue\tKOP-A\tB00001\n") {
		t.Fatalf("after erasure: %v\n%s", err, ex2.Data)
	}
}
