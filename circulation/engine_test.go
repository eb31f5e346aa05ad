package circulation_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

type fixture struct {
	t      *testing.T
	db     *store.DB
	eng    *circulation.Engine
	school int64 // location ids
	other  int64
	events []circulation.Result
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var items []circulation.Item
	for i := 1; i <= 20; i++ {
		items = append(items, circulation.Item{Code: fmt.Sprintf("B%05d", i), Title: fmt.Sprintf("Buku %d", i), ISBN: "9786020332956"})
	}
	if _, err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: db}
	f.school, _ = db.CreateLocation(ctx, circulation.Location{Name: "SD N 1 Ungaran", Kind: "school", Level: "SD"})
	f.other, _ = db.CreateLocation(ctx, circulation.Location{Name: "SD N 2 Bawen", Kind: "school", Level: "SD"})
	f.eng, err = circulation.NewEngine(ctx, db, circulation.Options{BasketPrefix: "KRJ-", OnEvent: func(r circulation.Result) {
		f.events = append(f.events, r)
	}})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) visit(loc int64, date string) int64 {
	f.t.Helper()
	id, err := f.db.CreateVisit(context.Background(), circulation.Visit{LocationID: loc, Date: date})
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) mode(v int64, m circulation.Mode) {
	f.t.Helper()
	if _, err := f.eng.SetMode(context.Background(), v, m, "test"); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) scan(v int64, code string, want circulation.Outcome) circulation.Result {
	f.t.Helper()
	r, err := f.eng.Scan(context.Background(), v, code, "test")
	if err != nil {
		f.t.Fatalf("scan %q: %v", code, err)
	}
	if r.Event.Outcome != want {
		f.t.Fatalf("scan %q in %s: outcome %s, want %s", code, r.Event.Mode, r.Event.Outcome, want)
	}
	return r
}

func TestOutcomesAcrossAVisitCycle(t *testing.T) {
	f := newFixture(t)
	v1 := f.visit(f.school, "2026-10-27")

	// Pack at the library, into two baskets.
	f.scan(v1, "KRJ-01", circulation.Basket)
	f.scan(v1, " B00001\r\n", circulation.Accepted)
	f.scan(v1, "B00002", circulation.Accepted)
	f.scan(v1, "B00002", circulation.Duplicate)
	f.scan(v1, "krj-02", circulation.Basket)
	f.scan(v1, "B00003", circulation.Accepted)
	f.scan(v1, "X-NOPE", circulation.Unknown)
	f.scan(v1, "9786020332956", circulation.ISBN)

	// Lend at the school.
	f.mode(v1, circulation.ModeLend)
	f.scan(v1, "B00001", circulation.Accepted)
	f.scan(v1, "B00002", circulation.Accepted)
	f.scan(v1, "B00002", circulation.Duplicate)
	f.scan(v1, "B00009", circulation.NotPacked)

	// Recount in the vehicle: B00003 is expected, B00004 is not.
	f.mode(v1, circulation.ModeRecount)
	f.scan(v1, "B00004", circulation.Extra)
	tally := f.eng.Tally(t, v1)
	want := circulation.Tally{Packed: 3, Lent: 2, ExpectedInVehicle: 1, Missing: 1, Extra: 1, Unknown: 1, Duplicate: 2,
		Rejected: 6, Baskets: []circulation.BasketCount{{Code: "KRJ-01", Count: 2}, {Code: "krj-02", Count: 1}}}
	want.Outcomes = tally.Outcomes
	if !reflect.DeepEqual(tally, want) {
		t.Fatalf("tally\n got %+v\nwant %+v", tally, want)
	}
	f.scan(v1, "B00003", circulation.Accepted)

	// Next month: the other school's visit lends nothing that is out.
	v2 := f.visit(f.other, "2026-11-27")
	f.scan(v2, "B00001", circulation.OnLoan)
	f.scan(v2, "B00005", circulation.Accepted)
	f.mode(v2, circulation.ModeLend)
	r := f.scan(v2, "B00001", circulation.AlreadyLent)
	if r.OtherLocation == nil || r.OtherLocation.Name != "SD N 1 Ungaran" {
		t.Fatalf("already_lent names %+v, want SD N 1 Ungaran", r.OtherLocation)
	}
	f.mode(v2, circulation.ModeReturn)
	f.scan(v2, "B00005", circulation.NotOnLoan)
	r = f.scan(v2, "B00002", circulation.OtherLocation)
	if r.OtherLocation == nil || r.OtherLocation.ID != f.school {
		t.Fatalf("other_location names %+v", r.OtherLocation)
	}

	// The first school's next visit: B00001 is outstanding; B00002 came back elsewhere.
	v3 := f.visit(f.school, "2026-11-28")
	if got := f.eng.Tally(t, v3).Outstanding; got != 1 {
		t.Fatalf("outstanding = %d, want 1", got)
	}
	f.mode(v3, circulation.ModeReturn)
	f.scan(v3, "B00001", circulation.Accepted)
	f.scan(v3, "B00001", circulation.Duplicate)
	if got := f.eng.Tally(t, v3); got.Outstanding != 0 || got.Returned != 1 || got.ExpectedInVehicle != 1 {
		t.Fatalf("after return: %+v", got)
	}
}

func TestVoidUndoesAndReplayAgrees(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	v := f.visit(f.school, "2026-11-27")
	p := f.scan(v, "B00001", circulation.Accepted)
	f.mode(v, circulation.ModeLend)
	l := f.scan(v, "B00001", circulation.Accepted)
	if _, err := f.eng.Void(ctx, v, l.Event.Seq, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.Void(ctx, v, l.Event.Seq, "test"); !errors.Is(err, circulation.ErrNotVoidable) {
		t.Fatalf("second void: %v, want ErrNotVoidable", err)
	}
	if got := f.eng.Tally(t, v); got.Lent != 0 || got.Packed != 1 {
		t.Fatalf("after void of lend: %+v", got)
	}
	f.scan(v, "B00001", circulation.Accepted) // can be lent again
	if _, err := f.eng.Void(ctx, v, p.Event.Seq, "test"); err != nil {
		t.Fatal(err)
	}
	live := f.eng.Tally(t, v)

	// A fresh engine over the same log derives the same numbers.
	eng2, err := circulation.NewEngine(ctx, f.db, circulation.Options{BasketPrefix: "KRJ-"})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := eng2.Snapshot(ctx, v)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(snap.Tally, live) || snap.Mode != circulation.ModeLend {
		t.Fatalf("replayed %+v (mode %s), live %+v", snap.Tally, snap.Mode, live)
	}
	if len(f.events) == 0 || f.events[len(f.events)-1].Event.Type != circulation.EventVoid {
		t.Fatalf("listener did not see the void")
	}
}

func TestBadInput(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	v := f.visit(f.school, "2026-11-27")
	long := make([]byte, 10*1024)
	for i := range long {
		long[i] = 'A'
	}
	for _, tc := range []struct {
		name  string
		visit int64
		code  string
		want  error
	}{
		{"empty", v, " \r\n", circulation.ErrEmptyCode},
		{"10kB", v, string(long), circulation.ErrLongCode},
		{"control", v, "B0\x0001", circulation.ErrInvalidCode},
		{"not utf-8", v, "B\xff01", circulation.ErrInvalidCode},
		{"unknown visit", 999, "B00001", circulation.ErrUnknownVisit},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := f.eng.Scan(ctx, tc.visit, tc.code, "test"); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := f.eng.SetMode(ctx, v, "fly", "test"); !errors.Is(err, circulation.ErrInvalidMode) {
		t.Fatalf("bad mode: %v", err)
	}
	if len(f.events) != 0 {
		t.Fatalf("bad input was logged: %+v", f.events)
	}
}

func TestIsISBN(t *testing.T) {
	for code, want := range map[string]bool{
		"9786020332956": true, "9790001234567": false, "9780306406157": true,
		"978030640615": false, "4006381333931": false, "97803064061X7": false,
	} {
		if got := circulation.IsISBN(code); got != want {
			t.Errorf("IsISBN(%q) = %v, want %v", code, got, want)
		}
	}
}

// failingStore fails every append while broken, as a read-only or full
// disk does.
type failingStore struct {
	*store.DB
	broken error
}

func (f *failingStore) AppendEvent(ctx context.Context, e *circulation.Event) error {
	if f.broken != nil {
		return fmt.Errorf("store: unable to add event: %w", f.broken)
	}
	return f.DB.AppendEvent(ctx, e)
}

func TestFailedCommitChangesNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	v := f.visit(f.school, "2026-11-27")
	fs := &failingStore{DB: f.db}
	var told int
	eng, err := circulation.NewEngine(ctx, fs, circulation.Options{OnEvent: func(circulation.Result) { told++ }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Scan(ctx, v, "B00001", "test"); err != nil {
		t.Fatal(err)
	}
	before := eng.Tally(t, v)
	for _, cause := range []error{store.ErrReadOnly, store.ErrDiskFull} {
		fs.broken = cause
		if _, err := eng.Scan(ctx, v, "B00002", "test"); !errors.Is(err, cause) {
			t.Fatalf("scan on a broken store: %v, want %v", err, cause)
		}
		if _, err := eng.SetMode(ctx, v, circulation.ModeLend, "test"); !errors.Is(err, cause) {
			t.Fatalf("mode on a broken store: %v", err)
		}
		if got := eng.Tally(t, v); !reflect.DeepEqual(got, before) || told != 1 {
			t.Fatalf("a failed commit changed the state: %+v (told %d)", got, told)
		}
	}
	fs.broken = nil
	if r, err := eng.Scan(ctx, v, "B00002", "test"); err != nil || r.Tally.Packed != 2 {
		t.Fatalf("after the store recovered: %+v %v", r.Tally, err)
	}
}
