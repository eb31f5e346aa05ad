package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"anterkoper/circulation"
)

// Severity says how bad a finding is.
type Severity string

const (
	// SeverityError: the data is wrong or damaged; `check` fails.
	SeverityError Severity = "error"
	// SeverityWarning: worth a look, but nothing is wrong with the log.
	SeverityWarning Severity = "warning"
)

// Finding is one thing Check noticed.
type Finding struct {
	Severity Severity `json:"severity"`
	Area     string   `json:"area"` // integrity, schema, events, visits, items, replay…
	Message  string   `json:"message"`
}

// Counts are the sizes of what Check read.
type Counts struct {
	Events    int `json:"events"`
	Scans     int `json:"scans"`
	Visits    int `json:"visits"`
	Locations int `json:"locations"`
	Items     int `json:"items"`
	OpenLoans int `json:"open_loans"`
}

// Report is the result of Check.
type Report struct {
	Path          string    `json:"path"`
	SchemaVersion int       `json:"schema_version"` // the file's
	NewestSchema  int       `json:"newest_schema"`  // the newest this program knows
	Counts        Counts    `json:"counts"`
	Findings      []Finding `json:"findings"`
}

// OK reports whether the report has no error (warnings are fine).
func (r Report) OK() bool { return r.Errors() == 0 }

// Errors is the number of findings of error severity.
func (r Report) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == SeverityError {
			n++
		}
	}
	return n
}

// Warnings is the number of findings of warning severity.
func (r Report) Warnings() int { return len(r.Findings) - r.Errors() }

func (r *Report) add(sev Severity, area, format string, args ...any) {
	r.Findings = append(r.Findings, Finding{Severity: sev, Area: area, Message: fmt.Sprintf(format, args...)})
}

// OpenReadOnly opens an existing database file without changing it: nothing
// is created, no migration is applied, and every write fails. It is how
// `check` looks at a data folder (also while `serve` runs on it) and how
// `restore` looks at a backup before trusting it.
func OpenReadOnly(path string) (*DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	w, err := sql.Open("sqlite", readOnlyDSN(path, 15000, true))
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", readOnlyDSN(path, 15000, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	db := &DB{path: path, w: w, r: r}
	// Reading the schema is the first real access: a file that is not a
	// database fails here, not in the middle of a check.
	var n int
	if err := r.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	if err := db.prepare(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// NewestSchema is the number of the newest migration built into this
// program.
func NewestSchema() (int, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return 0, fmt.Errorf("store: unable to list migrations: %w", err)
	}
	newest := 0
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return 0, fmt.Errorf("store: migration %s has no number: %w", name, err)
		}
		newest = max(newest, n)
	}
	return newest, nil
}

// clockJump is how far an event's time may go back from the one before it
// before Check warns: the laptop's clock was set back (or its battery died).
const clockJump = time.Hour

// maxExamples bounds the seqs or codes quoted in one finding.
const maxExamples = 5

// Check verifies the database: SQLite's integrity and foreign-key checks,
// the consistency of the event log (each event well-formed, voids aimed at
// earlier scans of their own visit, nothing pointing at rows that do not
// exist), the schema version against this program's, and the state derived
// by replaying the log. Everything is read in one read transaction, so Check
// sees one consistent moment even while `serve` keeps appending.
//
// Damage is reported as findings, not as an error: the error is non-nil only
// when the context ends.
func (db *DB) Check(ctx context.Context) (Report, error) {
	rep := Report{Path: db.path, Findings: []Finding{}}
	if v, err := NewestSchema(); err == nil {
		rep.NewestSchema = v
	} else {
		rep.add(SeverityError, "schema", "%v", err)
	}
	tx, err := db.r.BeginTx(ctx, nil)
	if err != nil {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		rep.add(SeverityError, "integrity", "the database cannot be read: %v", err)
		return rep, nil
	}
	defer tx.Rollback()
	c := checker{ctx: ctx, tx: tx, rep: &rep}
	c.integrity()
	c.schema()
	c.counts()
	c.references()
	c.events()
	c.missingItems()
	c.replay()
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}
	return rep, nil
}

type checker struct {
	ctx context.Context
	tx  *sql.Tx
	rep *Report
}

// failed reports an error that stopped one part of the check.
func (c *checker) failed(area, what string, err error) {
	c.rep.add(SeverityError, area, "unable to %s: %v", what, err)
}

// column runs q and returns its first column as text.
func (c *checker) column(q string, args ...any) ([]string, error) {
	rows, err := c.tx.QueryContext(c.ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s.String)
	}
	return out, rows.Err()
}

func (c *checker) integrity() {
	res, err := c.column(`PRAGMA integrity_check`)
	if err != nil {
		c.rep.add(SeverityError, "integrity", "the file is damaged: SQLite's integrity check stopped with: %v", err)
		return
	}
	if len(res) == 1 && res[0] == "ok" {
		return
	}
	for i, s := range res {
		if i == 10 {
			c.rep.add(SeverityError, "integrity", "and %d more integrity problems", len(res)-i)
			break
		}
		c.rep.add(SeverityError, "integrity", "SQLite integrity check: %s", s)
	}
}

func (c *checker) schema() {
	if err := c.tx.QueryRowContext(c.ctx, `PRAGMA user_version`).Scan(&c.rep.SchemaVersion); err != nil {
		c.failed("schema", "read the schema version", err)
		return
	}
	switch v, newest := c.rep.SchemaVersion, c.rep.NewestSchema; {
	case newest == 0:
	case v > newest:
		c.rep.add(SeverityError, "schema", "the database has schema version %d but this program only knows up to %d: use a newer anterkoper", v, newest)
	case v < newest:
		c.rep.add(SeverityWarning, "schema", "the database has schema version %d; this program will upgrade it to %d when it opens it for writing", v, newest)
	}
}

func (c *checker) counts() {
	n := &c.rep.Counts
	for _, q := range []struct {
		dst  *int
		what string
		sql  string
	}{
		{&n.Events, "events", `SELECT count(*) FROM events`},
		{&n.Scans, "scans", `SELECT count(*) FROM events WHERE type = 'scan'`},
		{&n.Visits, "visits", `SELECT count(*) FROM visits`},
		{&n.Locations, "locations", `SELECT count(*) FROM locations`},
		{&n.Items, "items", `SELECT count(*) FROM items`},
	} {
		if err := c.tx.QueryRowContext(c.ctx, q.sql).Scan(q.dst); err != nil {
			c.failed("counts", "count "+q.what, err)
		}
	}
}

// references reports rows that name rows which do not exist. The two
// relations of the log get their own plain words; foreign_key_check covers
// any others (including tables added by later migrations).
func (c *checker) references() {
	seqs, err := c.column(`SELECT seq FROM events WHERE visit_id IS NOT NULL
		AND visit_id NOT IN (SELECT id FROM visits) ORDER BY seq`)
	if err != nil {
		c.failed("events", "look for events of missing visits", err)
	} else if len(seqs) > 0 {
		c.rep.add(SeverityError, "events", "events of a visit that does not exist: %d (seq %s)", len(seqs), examples(seqs))
	}
	ids, err := c.column(`SELECT id FROM visits WHERE location_id NOT IN (SELECT id FROM locations) ORDER BY id`)
	if err != nil {
		c.failed("visits", "look for visits of missing locations", err)
	} else if len(ids) > 0 {
		c.rep.add(SeverityError, "visits", "visits at a location that does not exist: %d (visit %s)", len(ids), examples(ids))
	}

	rows, err := c.tx.QueryContext(c.ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		c.failed("references", "run SQLite's foreign key check", err)
		return
	}
	defer rows.Close()
	type pair struct{ table, parent string }
	bad := map[pair][]string{}
	var order []pair
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			c.failed("references", "read the foreign key check", err)
			return
		}
		p := pair{table, parent}
		if p == (pair{"events", "visits"}) || p == (pair{"visits", "locations"}) {
			continue // reported above
		}
		if _, ok := bad[p]; !ok {
			order = append(order, p)
		}
		bad[p] = append(bad[p], strconv.FormatInt(rowid.Int64, 10))
	}
	if err := rows.Err(); err != nil {
		c.failed("references", "read the foreign key check", err)
	}
	for _, p := range order {
		c.rep.add(SeverityError, "references", "rows of %s that refer to missing rows of %s: %d (rowid %s)", p.table, p.parent, len(bad[p]), examples(bad[p]))
	}
}

// problem collects the seqs of events with one kind of fault.
type problem struct {
	sev  Severity
	msg  string // ending in ": %d"; the seqs are appended
	seqs []string
}

// events reads the whole log once, in seq order, and checks each event on
// its own and against the ones before it.
func (c *checker) events() {
	rows, err := c.tx.QueryContext(c.ctx, `SELECT `+eventCols+` FROM events ORDER BY seq`)
	if err != nil {
		c.failed("events", "read the log", err)
		return
	}
	defer rows.Close()
	var (
		badType     = problem{sev: SeverityError, msg: "events of an unknown type: %d"}
		badOutcome  = problem{sev: SeverityError, msg: "scans with an outcome this program does not know: %d"}
		badScanMode = problem{sev: SeverityError, msg: "scans of a visit with no valid mode: %d"}
		noItem      = problem{sev: SeverityError, msg: "accepted scans that name no item: %d"}
		strayNoVis  = problem{sev: SeverityWarning, msg: "scans whose no_visit outcome does not match whether they belong to a visit: %d"}
		badVoid     = problem{sev: SeverityError, msg: "voids that do not undo an earlier scan of their own visit: %d"}
		twiceVoided = problem{sev: SeverityError, msg: "voids of a scan that was already undone: %d"}
		badMode     = problem{sev: SeverityError, msg: "mode changes to no valid mode: %d"}
		noVisit     = problem{sev: SeverityError, msg: "voids or mode changes outside any visit: %d"}
		backwards   = problem{sev: SeverityWarning, msg: "events dated more than an hour before the event logged just before them (was the laptop's clock set back?): %d"}
	)
	scanVisit := map[int64]int64{} // scan seq → its visit
	voided := map[int64]bool{}
	var prev time.Time
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			c.failed("events", "read an event", err)
			return
		}
		seq := strconv.FormatInt(e.Seq, 10)
		if !prev.IsZero() && e.Time.Before(prev.Add(-clockJump)) {
			backwards.seqs = append(backwards.seqs, seq)
		}
		prev = e.Time
		switch e.Type {
		case circulation.EventScan:
			scanVisit[e.Seq] = e.VisitID
			if !e.Outcome.Valid() {
				badOutcome.seqs = append(badOutcome.seqs, seq)
			}
			if (e.Outcome == circulation.NoVisit) != (e.VisitID == 0) {
				strayNoVis.seqs = append(strayNoVis.seqs, seq)
			}
			if e.VisitID != 0 && !e.Mode.Valid() {
				badScanMode.seqs = append(badScanMode.seqs, seq)
			}
			switch e.Outcome {
			case circulation.Accepted, circulation.OtherLocation, circulation.Extra:
				if e.ItemCode == "" {
					noItem.seqs = append(noItem.seqs, seq)
				}
			}
		case circulation.EventVoid:
			if e.VisitID == 0 {
				noVisit.seqs = append(noVisit.seqs, seq)
				break
			}
			v, isScan := scanVisit[e.Target]
			switch {
			case !isScan || e.Target >= e.Seq || v != e.VisitID:
				badVoid.seqs = append(badVoid.seqs, seq)
			case voided[e.Target]:
				twiceVoided.seqs = append(twiceVoided.seqs, seq)
			}
			voided[e.Target] = true
		case circulation.EventMode:
			if e.VisitID == 0 {
				noVisit.seqs = append(noVisit.seqs, seq)
			}
			if !e.Mode.Valid() {
				badMode.seqs = append(badMode.seqs, seq)
			}
		default:
			badType.seqs = append(badType.seqs, seq)
		}
	}
	if err := rows.Err(); err != nil {
		c.failed("events", "read the log", err)
	}
	for _, p := range []problem{badType, badOutcome, badScanMode, noItem, strayNoVis, badVoid, twiceVoided, badMode, noVisit, backwards} {
		if len(p.seqs) > 0 {
			c.rep.add(p.sev, "events", p.msg+" (seq %s)", len(p.seqs), examples(p.seqs))
		}
	}
}

// missingItems warns about items that accepted scans resolved to but that
// are no longer in the catalog: the log is fine, exports lose their titles.
func (c *checker) missingItems() {
	codes, err := c.column(`SELECT DISTINCT item_code FROM events
		WHERE type = 'scan' AND outcome IN ('accepted', 'other_location') AND item_code <> ''
		AND item_code NOT IN (SELECT code FROM items) ORDER BY item_code`)
	if err != nil {
		c.failed("items", "look for scanned items missing from the catalog", err)
		return
	}
	if len(codes) > 0 {
		c.rep.add(SeverityWarning, "items", "items with accepted scans that are no longer in the catalog: %d (%s)", len(codes), examples(codes))
	}
}

// replay folds the log into circulation's State, as the engine does at
// start, and checks what must hold for every visit.
func (c *checker) replay() {
	locOf := map[int64]int64{} // visit → location
	locations := map[int64]bool{}
	rows, err := c.tx.QueryContext(c.ctx, `SELECT id, location_id FROM visits`)
	if err != nil {
		c.failed("replay", "read the visits", err)
		return
	}
	for rows.Next() {
		var v, l int64
		if err := rows.Scan(&v, &l); err != nil {
			rows.Close()
			c.failed("replay", "read the visits", err)
			return
		}
		locOf[v] = l
	}
	rows.Close()
	ids, err := c.column(`SELECT id FROM locations`)
	if err != nil {
		c.failed("replay", "read the locations", err)
		return
	}
	for _, id := range ids {
		n, _ := strconv.ParseInt(id, 10, 64)
		locations[n] = true
	}

	// The State tells open loans only per location, as the "outstanding"
	// list of a visit there. Asking a visit id no event uses (a probe) for
	// each location lists all its open loans. Probes are negative and below
	// every visit id in the log, so they never collide with a real visit.
	probeLoc := map[int64]int64{}
	st, err := circulation.Replay(c.ctx, txLog{c.tx}, func(visit int64) int64 {
		if l, ok := probeLoc[visit]; ok {
			return l
		}
		return locOf[visit] // 0 for a visit that does not exist
	})
	if err != nil {
		c.failed("replay", "replay the log", err)
		return
	}

	visits, err := c.column(`SELECT id FROM visits UNION SELECT DISTINCT visit_id FROM events WHERE visit_id IS NOT NULL ORDER BY 1`)
	if err != nil {
		c.failed("replay", "list the visits", err)
		return
	}
	lowest := int64(0)
	for _, s := range visits {
		id, _ := strconv.ParseInt(s, 10, 64)
		lowest = min(lowest, id)
		c.visitInvariants(st, id)
	}

	locs := map[int64]bool{0: true}
	for l := range locations {
		locs[l] = true
	}
	for _, l := range locOf {
		locs[l] = true
	}
	probe := lowest
	var orphanLoans []string
	for l := range locs {
		probe--
		probeLoc[probe] = l
		out := st.Lists(probe).Outstanding
		c.rep.Counts.OpenLoans += len(out)
		if !locations[l] {
			orphanLoans = append(orphanLoans, out...)
		}
	}
	if len(orphanLoans) > 0 {
		slices.Sort(orphanLoans)
		c.rep.add(SeverityError, "replay", "items on loan through a visit or location that does not exist: %d (%s)", len(orphanLoans), examples(orphanLoans))
	}
}

// visitInvariants checks what must hold for a visit however its scans were
// voided: no negative number, each number the size of its list, expected =
// (packed − lent) ∪ returned, and missing ⊆ expected.
func (c *checker) visitInvariants(st *circulation.State, id int64) {
	t := st.Tally(id)
	l := st.Lists(id)
	var bad []string
	for _, n := range []struct {
		name string
		v    int
	}{
		{"packed", t.Packed}, {"lent", t.Lent}, {"returned", t.Returned}, {"recounted", t.Recounted},
		{"outstanding", t.Outstanding}, {"expected in vehicle", t.ExpectedInVehicle}, {"missing", t.Missing},
		{"extra", t.Extra}, {"unknown", t.Unknown}, {"duplicate", t.Duplicate}, {"rejected", t.Rejected},
		{"other location", t.OtherLocation},
	} {
		if n.v < 0 {
			bad = append(bad, fmt.Sprintf("%s is %d", n.name, n.v))
		}
	}
	for o, n := range t.Outcomes {
		if n < 0 {
			bad = append(bad, fmt.Sprintf("%d scans with outcome %s", n, o))
		}
	}
	for _, n := range []struct {
		name string
		v    int
		list []string
	}{
		{"packed", t.Packed, l.Packed}, {"lent", t.Lent, l.Lent}, {"returned", t.Returned, l.Returned},
		{"recounted", t.Recounted, l.Recounted}, {"extra", t.Extra, l.Extra},
		{"expected in vehicle", t.ExpectedInVehicle, l.Expected}, {"missing", t.Missing, l.Missing},
		{"outstanding", t.Outstanding, l.Outstanding},
	} {
		if n.v != len(n.list) {
			bad = append(bad, fmt.Sprintf("%s is %d but lists %d items", n.name, n.v, len(n.list)))
		}
	}
	lent := set(l.Lent)
	want := map[string]bool{}
	for _, it := range l.Packed {
		if !lent[it] {
			want[it] = true
		}
	}
	for _, it := range l.Returned {
		want[it] = true
	}
	expected := set(l.Expected)
	if len(want) != len(expected) || !subset(want, expected) {
		bad = append(bad, "expected in vehicle is not packed − lent + returned")
	}
	for _, it := range l.Missing {
		if !expected[it] {
			bad = append(bad, fmt.Sprintf("%s is missing but was not expected", it))
			break
		}
	}
	if len(bad) > 0 {
		c.rep.add(SeverityError, "replay", "visit %d: %s", id, strings.Join(bad, "; "))
	}
}

func set(list []string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

func subset(a, b map[string]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// examples quotes the first few of list.
func examples(list []string) string {
	if len(list) <= maxExamples {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:maxExamples], ", ") + ", …"
}

// txLog lets circulation.Replay read the log inside Check's transaction.
// Replay needs only EachEvent; the rest refuse.
type txLog struct{ tx *sql.Tx }

var errCheckOnly = errors.New("store: not available while checking")

func (l txLog) EachEvent(ctx context.Context, after int64, fn func(circulation.Event) error) error {
	rows, err := l.tx.QueryContext(ctx, `SELECT `+eventCols+` FROM events WHERE seq > ? ORDER BY seq`, after)
	if err != nil {
		return fmt.Errorf("store: unable to read events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return fmt.Errorf("store: unable to read event: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (txLog) Item(context.Context, string) (circulation.Item, error) {
	return circulation.Item{}, errCheckOnly
}

func (txLog) ItemsByISBN(context.Context, string) ([]circulation.Item, error) {
	return nil, errCheckOnly
}

func (txLog) Location(context.Context, int64) (circulation.Location, error) {
	return circulation.Location{}, errCheckOnly
}

func (txLog) Visit(context.Context, int64) (circulation.Visit, error) {
	return circulation.Visit{}, errCheckOnly
}

func (txLog) AppendEvent(context.Context, *circulation.Event) error { return errCheckOnly }

func (txLog) MemberByCard(context.Context, string) (circulation.Member, error) {
	return circulation.Member{}, errCheckOnly
}

func (txLog) Member(context.Context, int64) (circulation.Member, error) {
	return circulation.Member{}, errCheckOnly
}
