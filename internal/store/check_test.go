package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"anterkoper/circulation"
)

// logBuilder drives a real engine over a store to make a realistic log.
type logBuilder struct {
	t   *testing.T
	db  *DB
	eng *circulation.Engine
}

func (b *logBuilder) visit(loc int64, date string) int64 {
	b.t.Helper()
	id, err := b.db.CreateVisit(context.Background(), circulation.Visit{LocationID: loc, Date: date})
	if err != nil {
		b.t.Fatal(err)
	}
	return id
}

func (b *logBuilder) mode(v int64, m circulation.Mode) {
	b.t.Helper()
	if _, err := b.eng.SetMode(context.Background(), v, m, "test"); err != nil {
		b.t.Fatal(err)
	}
}

func (b *logBuilder) scan(v int64, code string, want circulation.Outcome) int64 {
	b.t.Helper()
	r, err := b.eng.Scan(context.Background(), v, code, "test")
	if err != nil || r.Event.Outcome != want {
		b.t.Fatalf("scan %s in visit %d: %s, %v; want %s", code, v, r.Event.Outcome, err, want)
	}
	return r.Event.Seq
}

func (b *logBuilder) void(v, seq int64) {
	b.t.Helper()
	if _, err := b.eng.Void(context.Background(), v, seq, "test"); err != nil {
		b.t.Fatal(err)
	}
}

func book(n int) string { return fmt.Sprintf("B%05d", n) }

// buildLog fills db with two locations, three visits and a log with every
// kind of event: baskets, rejected scans, voids of packs, lends and returns,
// a return at another location, a recount with missing and extra items, and
// a scan with no visit. It returns the number of open loans it leaves.
func buildLog(t *testing.T, db *DB) (openLoans int) {
	t.Helper()
	ctx := context.Background()
	var items []circulation.Item
	for i := 1; i <= 30; i++ {
		items = append(items, circulation.Item{Code: book(i), Title: fmt.Sprintf("Buku %d", i), ISBN: "9786020332956"})
	}
	if _, err := db.UpsertItems(ctx, items); err != nil {
		t.Fatal(err)
	}
	school, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1 Ungaran", Kind: "school", Level: "SD"})
	panti, _ := db.CreateLocation(ctx, circulation.Location{Name: "Panti Asuhan Darul Hadlonah", Kind: "orphanage", Level: "umum"})
	eng, err := circulation.NewEngine(ctx, db, circulation.Options{BasketPrefix: "KRJ-"})
	if err != nil {
		t.Fatal(err)
	}
	b := &logBuilder{t: t, db: db, eng: eng}
	A, U := circulation.Accepted, circulation.Unknown

	v1 := b.visit(school, "2026-10-27")
	b.scan(v1, "KRJ-1", circulation.Basket)
	for i := 1; i <= 6; i++ {
		b.scan(v1, book(i), A)
	}
	b.scan(v1, "KRJ-2", circulation.Basket)
	for i := 7; i <= 9; i++ {
		b.scan(v1, book(i), A)
	}
	b.void(v1, b.scan(v1, book(10), A))
	b.scan(v1, book(1), circulation.Duplicate)
	b.scan(v1, "TIDAK-ADA", U)
	b.scan(v1, "9786020332956", circulation.ISBN)
	b.mode(v1, circulation.ModeLend)
	for i := 1; i <= 5; i++ {
		b.scan(v1, book(i), A)
	}
	b.void(v1, b.scan(v1, book(6), A))
	b.scan(v1, book(20), circulation.NotPacked)
	b.mode(v1, circulation.ModeRecount)
	for _, i := range []int{6, 7, 8} { // B00009 stays missing
		b.scan(v1, book(i), A)
	}
	b.scan(v1, book(15), circulation.Extra)

	v2 := b.visit(school, "2026-11-27")
	for i := 11; i <= 14; i++ {
		b.scan(v2, book(i), A)
	}
	b.mode(v2, circulation.ModeLend)
	b.scan(v2, book(11), A)
	b.scan(v2, book(12), A)
	b.mode(v2, circulation.ModeReturn)
	b.scan(v2, book(1), A)
	b.scan(v2, book(2), A)
	b.void(v2, b.scan(v2, book(3), A))
	b.scan(v2, book(3), A)
	b.scan(v2, book(16), circulation.NotOnLoan)

	v3 := b.visit(panti, "2026-11-28")
	b.scan(v3, book(16), A)
	b.mode(v3, circulation.ModeReturn)
	b.scan(v3, book(4), circulation.OtherLocation)

	if _, err := eng.ScanNoVisit(ctx, book(30), "scanner"); err != nil {
		t.Fatal(err)
	}
	// Open: B00005 from the first visit, B00011 and B00012 from the second.
	return 3
}

func newLog(t *testing.T) (*DB, int) {
	t.Helper()
	db, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, buildLog(t, db)
}

func TestCheckPassesARealisticLog(t *testing.T) {
	ctx := context.Background()
	db, loans := newLog(t)
	rep, err := db.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || len(rep.Findings) != 0 {
		t.Fatalf("findings on a sound log: %+v", rep.Findings)
	}
	newest, _ := NewestSchema()
	events, _ := db.MaxSeq(ctx)
	want := Counts{Events: int(events), Scans: rep.Counts.Scans, Visits: 3, Locations: 2, Items: 30, OpenLoans: loans}
	if rep.Counts != want || rep.Counts.Scans < 40 || rep.SchemaVersion != newest || rep.NewestSchema != newest {
		t.Fatalf("report %+v, want counts %+v and schema %d", rep, want, newest)
	}

	// The same file opened read-only (as `check` and `restore` do) says the
	// same and cannot be written.
	ro, err := OpenReadOnly(db.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	rep2, err := ro.Check(ctx)
	if err != nil || !rep2.OK() || rep2.Counts != rep.Counts {
		t.Fatalf("read-only check: %+v, %v", rep2, err)
	}
	e := circulation.Event{VisitID: 1, Type: circulation.EventScan, Code: "X", Mode: circulation.ModePack, Outcome: circulation.Unknown}
	if err := ro.AppendEvent(ctx, &e); err == nil {
		t.Fatal("a read-only store took an event")
	}
}

func TestOpenReadOnlyNeverCreates(t *testing.T) {
	p := filepath.Join(t.TempDir(), "none.db")
	if db, err := OpenReadOnly(p); err == nil {
		db.Close()
		t.Fatal("opened a missing file")
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Fatalf("OpenReadOnly created %s: %v", p, err)
	}
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("bukan database ", 1000)), 0o600)
	if db, err := OpenReadOnly(garbage); err == nil {
		db.Close()
		t.Fatal("opened a file that is not a database")
	}
}

// damage runs statements on the database file at path through a plain
// connection with foreign keys off, the way a bug or a hand edit would.
func damage(t *testing.T, path string, stmts ...string) {
	t.Helper()
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(OFF)&_pragma=ignore_check_constraints(ON)")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	for _, s := range stmts {
		if _, err := c.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestCheckFindsDamageInTheLog(t *testing.T) {
	ctx := context.Background()
	sound, _ := newLog(t)
	var last struct {
		at  int64
		seq int64
	}
	sound.r.QueryRow(`SELECT max(at), max(seq) FROM events`).Scan(&last.at, &last.seq)
	var voidedSeq, voidedVisit int64
	sound.r.QueryRow(`SELECT target, visit_id FROM events WHERE type = 'void' ORDER BY seq LIMIT 1`).Scan(&voidedSeq, &voidedVisit)
	var otherVisitScan, modeSeq int64
	sound.r.QueryRow(`SELECT seq FROM events WHERE type = 'mode' AND visit_id = 1 LIMIT 1`).Scan(&modeSeq)
	sound.r.QueryRow(`SELECT seq FROM events WHERE type = 'scan' AND visit_id = 3 LIMIT 1`).Scan(&otherVisitScan)
	newest, _ := NewestSchema()

	ins := func(visit any, at int64, typ, code, mode, outcome, item string, target int64) string {
		return fmt.Sprintf(`INSERT INTO events (visit_id, at, type, code, mode, outcome, item_code, target)
			VALUES (%v, %d, '%s', '%s', '%s', '%s', '%s', %d)`, visit, at, typ, code, mode, outcome, item, target)
	}
	at := last.at + 1000
	cases := []struct {
		name  string
		stmts []string
		sev   Severity
		area  string
		want  string
	}{
		{"orphaned event", []string{ins(999, at, "scan", "B00021", "pack", "accepted", "B00021", 0)},
			SeverityError, "events", "events of a visit that does not exist: 1"},
		{"loan through a missing visit", []string{ins(999, at, "scan", "B00021", "lend", "accepted", "B00021", 0)},
			SeverityError, "replay", "items on loan through a visit or location that does not exist: 1 (B00021)"},
		{"visit at a missing location", []string{`INSERT INTO visits (location_id, date, created_at) VALUES (77, '2026-12-01', 'x')`},
			SeverityError, "visits", "visits at a location that does not exist: 1 (visit 4)"},
		{"unknown outcome", []string{ins(1, at, "scan", "B00021", "pack", "stolen", "B00021", 0)},
			SeverityError, "events", "scans with an outcome this program does not know: 1"},
		{"scan with no mode", []string{ins(1, at, "scan", "B00021", "dance", "accepted", "B00021", 0)},
			SeverityError, "events", "scans of a visit with no valid mode: 1"},
		{"accepted scan of no item", []string{ins(1, at, "scan", "B00021", "pack", "accepted", "", 0)},
			SeverityError, "events", "accepted scans that name no item: 1"},
		{"void of nothing", []string{ins(1, at, "void", "", "pack", "", "", 99999)},
			SeverityError, "events", "voids that do not undo an earlier scan of their own visit: 1"},
		{"void of another visit's scan", []string{ins(1, at, "void", "", "pack", "", "", otherVisitScan)},
			SeverityError, "events", "voids that do not undo an earlier scan of their own visit: 1"},
		{"void of a mode change", []string{ins(1, at, "void", "", "", "", "", modeSeq)},
			SeverityError, "events", "voids that do not undo"},
		{"voided twice", []string{ins(voidedVisit, at, "void", "", "pack", "", "", voidedSeq)},
			SeverityError, "events", "voids of a scan that was already undone: 1"},
		{"void with no visit", []string{ins("NULL", at, "void", "", "", "", "", 1)},
			SeverityError, "events", "voids or mode changes outside any visit: 1"},
		{"invalid mode change", []string{ins(2, at, "mode", "", "dance", "", "", 0)},
			SeverityError, "events", "mode changes to no valid mode: 1"},
		{"unknown event type", []string{ins(2, at, "sweep", "", "", "", "", 0)},
			SeverityError, "events", "events of an unknown type: 1"},
		{"newer schema", []string{fmt.Sprintf("PRAGMA user_version = %d", newest+1)},
			SeverityError, "schema", "only knows up to"},
		{"clock set back", []string{ins(2, last.at-int64(2*time.Hour/time.Microsecond), "scan", "NOPE", "pack", "unknown", "", 0)},
			SeverityWarning, "events", fmt.Sprintf("events dated more than an hour before the event logged just before them (was the laptop's clock set back?): 1 (seq %d)", last.seq+1)},
		{"item gone from the catalog", []string{`DELETE FROM items WHERE code = 'B00001'`},
			SeverityWarning, "items", "items with accepted scans that are no longer in the catalog: 1 (B00001)"},
		{"no_visit scan in a visit", []string{ins(1, at, "scan", "B00021", "pack", "no_visit", "B00021", 0)},
			SeverityWarning, "events", "scans whose no_visit outcome does not match whether they belong to a visit: 1"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), fmt.Sprintf("copy%d.db", i))
			if err := sound.BackupTo(ctx, p); err != nil {
				t.Fatal(err)
			}
			damage(t, p, tc.stmts...)
			db, err := OpenReadOnly(p)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rep, err := db.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, f := range rep.Findings {
				if f.Severity == tc.sev && f.Area == tc.area && strings.Contains(f.Message, tc.want) {
					found = true
				}
			}
			if !found {
				t.Fatalf("no %s in %s saying %q; findings: %+v", tc.sev, tc.area, tc.want, rep.Findings)
			}
			if rep.OK() != (tc.sev == SeverityWarning) {
				t.Fatalf("OK() = %v with findings %+v", rep.OK(), rep.Findings)
			}
		})
	}
}

// TestCheckFindsACorruptFile overwrites pages of a closed database with
// garbage: opening or checking it must fail loudly, never panic and never
// say it is fine.
func TestCheckFindsACorruptFile(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "big.db")
	db, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	buildLog(t, db)
	var evs []circulation.Event
	for i := range 3000 {
		evs = append(evs, circulation.Event{VisitID: 2, Type: circulation.EventScan, Code: fmt.Sprintf("TIDAK-%06d", i),
			Mode: circulation.ModeReturn, Outcome: circulation.Unknown, Source: "bench"})
	}
	if err := db.AppendEvents(ctx, evs); err != nil {
		t.Fatal(err)
	}
	db.Close() // checkpoints the WAL into the file
	sound, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	pages := len(sound) / page
	if pages < 20 {
		t.Fatalf("only %d pages", pages)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name        string
		first, n    int
		mustNotOpen bool
	}{
		{"header page", 0, 1, true},
		{"schema root and beyond", 1, 2, false},
		{"middle of the log", pages / 2, 3, false},
		{"last page", pages - 1, 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := append([]byte(nil), sound...)
			for i := tc.first * page; i < (tc.first+tc.n)*page; i++ {
				b[i] = byte(rng.UintN(256))
			}
			p := filepath.Join(t.TempDir(), "corrupt.db")
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			db, err := OpenReadOnly(p)
			if err != nil {
				t.Logf("open refused: %v", err)
				return
			}
			defer db.Close()
			if tc.mustNotOpen {
				t.Fatal("a file with a garbage header opened")
			}
			rep, err := db.Check(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatalf("a corrupt file passed: %+v", rep)
			}
			t.Logf("%d findings, first: %s", len(rep.Findings), rep.Findings[0].Message)
		})
	}
}
