package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// call runs one subcommand function in-process and returns what it printed.
func call(t *testing.T, fn func(context.Context, []string) error, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	dir := t.TempDir()
	outF, _ := os.Create(filepath.Join(dir, "out"))
	errF, _ := os.Create(filepath.Join(dir, "err"))
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outF, errF
	err = fn(context.Background(), args)
	os.Stdout, os.Stderr = oldOut, oldErr
	outF.Close()
	errF.Close()
	o, _ := os.ReadFile(outF.Name())
	e, _ := os.ReadFile(errF.Name())
	return string(o), string(e), err
}

// seedData makes a data folder with a small realistic log: packing with a
// basket, lending, a void, a rejected scan, a return on a later visit.
func seedData(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var items []circulation.Item
	for i := 1; i <= 10; i++ {
		items = append(items, circulation.Item{Code: fmt.Sprintf("B%05d", i), Title: fmt.Sprintf("Buku %d", i)})
	}
	db.UpsertItems(ctx, items)
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1 Ungaran", Kind: "school", Level: "SD"})
	v1, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-10-27"})
	v2, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	eng, err := circulation.NewEngine(ctx, db, circulation.Options{BasketPrefix: "KRJ-"})
	if err != nil {
		t.Fatal(err)
	}
	must := func(_ circulation.Result, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(eng.Scan(ctx, v1, "KRJ-1", "test"))
	for i := 1; i <= 6; i++ {
		must(eng.Scan(ctx, v1, fmt.Sprintf("B%05d", i), "test"))
	}
	must(eng.Scan(ctx, v1, "TIDAK-ADA", "test"))
	must(eng.SetMode(ctx, v1, circulation.ModeLend, "test"))
	for i := 1; i <= 4; i++ {
		must(eng.Scan(ctx, v1, fmt.Sprintf("B%05d", i), "test"))
	}
	r, _ := eng.Scan(ctx, v1, "B00005", "test")
	must(eng.Void(ctx, v1, r.Event.Seq, "test"))
	must(eng.SetMode(ctx, v2, circulation.ModeReturn, "test"))
	must(eng.Scan(ctx, v2, "B00001", "test"))
	return data
}

func countEvents(t *testing.T, path string) int64 {
	t.Helper()
	db, err := store.OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.MaxSeq(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// damageDB inserts an event of a visit that does not exist, with foreign
// keys off, as a bug or a hand edit could.
func damageDB(t *testing.T, path string) {
	t.Helper()
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(OFF)")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Exec(`INSERT INTO events (visit_id, at, type, code, mode, outcome, item_code)
		VALUES (404, 1, 'scan', 'B00009', 'lend', 'accepted', 'B00009')`); err != nil {
		t.Fatal(err)
	}
}

func TestCheckCommand(t *testing.T) {
	data := seedData(t)
	stdout, _, err := call(t, runCheck, "--data", data)
	if err != nil {
		t.Fatalf("check of a sound folder: %v\n%s", err, stdout)
	}
	for _, want := range []string{"events       17 (14 scans)", "visits       2 at 1 locations", "open loans   3", "\nOK\n"} {
		if !strings.Contains(stdout, want) {
			t.Fatalf("report lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, err = call(t, runCheck, "--json", "--data", data)
	var rep struct {
		OK     bool
		Counts store.Counts
	}
	if err != nil || json.Unmarshal([]byte(stdout), &rep) != nil || !rep.OK || rep.Counts.OpenLoans != 3 {
		t.Fatalf("--json: %v %+v\n%s", err, rep, stdout)
	}

	damageDB(t, filepath.Join(data, store.FileName))
	stdout, _, err = call(t, runCheck, "--data", data)
	if !errors.Is(err, errCheckFailed) || exitCode(err) != 1 {
		t.Fatalf("check of a damaged folder: %v", err)
	}
	for _, want := range []string{"ERROR    events: events of a visit that does not exist: 1 (seq 18)", "NOT OK: 2 errors, 1 warning"} {
		if !strings.Contains(stdout, want) {
			t.Fatalf("report lacks %q:\n%s", want, stdout)
		}
	}

	// Garbage over the middle of the file: a report and exit 1, no panic.
	p := filepath.Join(data, store.FileName)
	b, _ := os.ReadFile(p)
	for i := len(b) / 3; i < len(b)/3+8192 && i < len(b); i++ {
		b[i] = byte(i * 7)
	}
	os.Remove(p + "-wal")
	os.Remove(p + "-shm")
	os.WriteFile(p, b, 0o600)
	stdout, _, err = call(t, runCheck, "--data", data)
	if exitCode(err) != 1 || !strings.Contains(stdout, "NOT OK") {
		t.Fatalf("check of a corrupt file: %v\n%s", err, stdout)
	}

	empty := t.TempDir()
	if _, _, err := call(t, runCheck, "--data", empty); err == nil || exitCode(err) != 1 {
		t.Fatalf("check of a folder with no database: %v", err)
	}
	if _, err := os.Stat(filepath.Join(empty, store.FileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("check created a database: %v", err)
	}
	if _, _, err := call(t, runCheck, "extra"); exitCode(err) != 2 {
		t.Fatalf("check with an argument: %v", err)
	}
}

func TestBackupCommandWhileServing(t *testing.T) {
	ctx := context.Background()
	data := seedData(t)
	// A server has the database open and keeps logging scans.
	live, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	stop := make(chan struct{})
	done := make(chan error)
	go func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			e := circulation.Event{VisitID: 2, Type: circulation.EventScan, Code: fmt.Sprint("X", i),
				Mode: circulation.ModeReturn, Outcome: circulation.Unknown}
			if err := live.AppendEvent(ctx, &e); err != nil {
				done <- err
				return
			}
		}
	}()
	out := t.TempDir()
	stdout, _, err := call(t, runBackup, "--out", out, "--data", data)
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("scanning during the backup: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 1 || !strings.HasSuffix(ents[0].Name(), "-manual.db") {
		t.Fatalf("backup folder holds %v", ents)
	}
	file := filepath.Join(out, ents[0].Name())
	if !strings.Contains(stdout, "backup written: "+file) {
		t.Fatalf("output %q does not name %s", stdout, file)
	}
	if _, _, err := call(t, runCheck, "--data", out); err == nil {
		t.Fatal("check found a database in the backup folder under the live name")
	}
	rep, err := checkFile(ctx, file)
	if err != nil || !rep.OK() || rep.Counts.Events < 17 {
		t.Fatalf("backup check: %+v, %v", rep, err)
	}
	// check, too, works on the folder the server is using.
	if stdout, _, err := call(t, runCheck, "--data", data); err != nil {
		t.Fatalf("check while serving: %v\n%s", err, stdout)
	}
	// A second backup in the same second gets its own name.
	if _, _, err := call(t, runBackup, "--out", out, "--data", data); err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(out); len(ents) != 2 {
		t.Fatalf("after a second backup the folder holds %v", ents)
	}

	if _, _, err := call(t, runBackup, "--out", filepath.Join(out, "USB"), "--data", data); err == nil || exitCode(err) != 1 {
		t.Fatalf("backup to a missing folder: %v", err)
	}
	if _, _, err := call(t, runBackup, "--data", data); exitCode(err) != 2 {
		t.Fatalf("backup without --out: %v", err)
	}
	if _, _, err := call(t, runBackup, "--out", out, "--data", t.TempDir()); err == nil {
		t.Fatal("backup of a folder with no database succeeded")
	}
}

func TestRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	data := seedData(t)
	// A documentation photo lives outside the database: it is backed up
	// beside it and comes back with a restore.
	os.MkdirAll(filepath.Join(data, "photos"), 0o750)
	os.WriteFile(filepath.Join(data, "photos", "visit-1-20261127-091500-ab12cd34.jpg"), []byte("jpeg bytes"), 0o640)
	out := t.TempDir()
	if _, _, err := call(t, runBackup, "--out", out, "--data", data); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "photos", "visit-1-20261127-091500-ab12cd34.jpg")); err != nil || string(b) != "jpeg bytes" {
		t.Fatalf("the photo was not backed up: %q %v", b, err)
	}
	ents, _ := os.ReadDir(out)
	file := filepath.Join(out, ents[0].Name())

	// More scans after the backup, then the day goes wrong.
	db, _ := store.OpenDir(data)
	for i := range 5 {
		e := circulation.Event{VisitID: 2, Type: circulation.EventScan, Code: fmt.Sprint("LATER-", i),
			Mode: circulation.ModeReturn, Outcome: circulation.Unknown}
		db.AppendEvent(ctx, &e)
	}
	db.Close()
	live := filepath.Join(data, store.FileName)
	if n := countEvents(t, live); n != 22 {
		t.Fatalf("live log has %d events", n)
	}

	_, _, err := call(t, runRestore, file, "--data", data)
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over a database without --force: %v", err)
	}
	if n := countEvents(t, live); n != 22 {
		t.Fatalf("refused restore changed the log: %d events", n)
	}

	stdout, _, err := call(t, runRestore, "--force", file, "--data", data)
	if err != nil {
		t.Fatalf("restore --force: %v\n%s", err, stdout)
	}
	if n := countEvents(t, live); n != 17 {
		t.Fatalf("restored log has %d events, want the backup's 17", n)
	}
	var aside string
	ents, _ = os.ReadDir(data)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), store.FileName+".before-restore-") {
			aside = filepath.Join(data, e.Name())
		}
		if strings.Contains(e.Name(), ".restoring-") {
			t.Fatalf("temporary file left: %s", e.Name())
		}
	}
	if aside == "" || !strings.Contains(stdout, "kept as "+aside) {
		t.Fatalf("old database not kept; folder %v, output %q", ents, stdout)
	}
	if n := countEvents(t, aside); n != 22 {
		t.Fatalf("the kept database has %d events, want 22", n)
	}
	if _, _, err := call(t, runCheck, "--data", data); err != nil {
		t.Fatalf("check after restore: %v", err)
	}
	// The restored database carries on: new scans get new seqs.
	db, err = store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	e := circulation.Event{VisitID: 2, Type: circulation.EventScan, Code: "AFTER", Mode: circulation.ModeReturn, Outcome: circulation.Unknown}
	if err := db.AppendEvent(ctx, &e); err != nil || e.Seq != 23 {
		t.Fatalf("append after restore: seq %d, %v (AUTOINCREMENT must not reuse the seqs of the kept log)", e.Seq, err)
	}
	db.Close()

	// Into a fresh folder no --force is needed.
	fresh := filepath.Join(t.TempDir(), "baru")
	if _, _, err := call(t, runRestore, file, "--data", fresh); err != nil {
		t.Fatal(err)
	}
	if n := countEvents(t, filepath.Join(fresh, store.FileName)); n != 17 {
		t.Fatalf("restore into a fresh folder: %d events", n)
	}
	if _, err := os.Stat(filepath.Join(fresh, "photos", "visit-1-20261127-091500-ab12cd34.jpg")); err != nil {
		t.Fatalf("the photo did not come back with the restore: %v", err)
	}
	if _, _, err := call(t, runRestore, "--data", fresh); exitCode(err) != 2 {
		t.Fatalf("restore without a file: %v", err)
	}
}

func TestRestoreRefusesADamagedBackup(t *testing.T) {
	data := seedData(t)
	// A documentation photo lives outside the database: it is backed up
	// beside it and comes back with a restore.
	os.MkdirAll(filepath.Join(data, "photos"), 0o750)
	os.WriteFile(filepath.Join(data, "photos", "visit-1-20261127-091500-ab12cd34.jpg"), []byte("jpeg bytes"), 0o640)
	out := t.TempDir()
	if _, _, err := call(t, runBackup, "--out", out, "--data", data); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "photos", "visit-1-20261127-091500-ab12cd34.jpg")); err != nil || string(b) != "jpeg bytes" {
		t.Fatalf("the photo was not backed up: %q %v", b, err)
	}
	ents, _ := os.ReadDir(out)
	file := filepath.Join(out, ents[0].Name())
	damageDB(t, file)
	live := filepath.Join(data, store.FileName)
	before, _ := os.ReadFile(live)

	_, stderr, err := call(t, runRestore, "--force", file, "--data", data)
	if err == nil || exitCode(err) != 1 || !strings.Contains(stderr, "ERROR    events: events of a visit that does not exist: 1 (seq 18)") {
		t.Fatalf("restore of a damaged backup: %v\n%s", err, stderr)
	}
	after, _ := os.ReadFile(live)
	if string(before) != string(after) {
		t.Fatal("refused restore changed the database")
	}
	ents, _ = os.ReadDir(data)
	for _, e := range ents {
		if strings.Contains(e.Name(), "restor") {
			t.Fatalf("refused restore left %s", e.Name())
		}
	}

	garbage := filepath.Join(t.TempDir(), "rusak.db")
	os.WriteFile(garbage, []byte(strings.Repeat("x", 10000)), 0o600)
	if _, stderr, err := call(t, runRestore, "--force", garbage, "--data", data); err == nil || !strings.Contains(stderr, "cannot be opened") {
		t.Fatalf("restore of a file that is not a database: %v\n%s", err, stderr)
	}
}

// TestRestoreRefusesWhileServing holds the database open, first in this
// process and then in another one, as `serve` would.
func TestRestoreRefusesWhileServing(t *testing.T) {
	data := seedData(t)
	// A documentation photo lives outside the database: it is backed up
	// beside it and comes back with a restore.
	os.MkdirAll(filepath.Join(data, "photos"), 0o750)
	os.WriteFile(filepath.Join(data, "photos", "visit-1-20261127-091500-ab12cd34.jpg"), []byte("jpeg bytes"), 0o640)
	out := t.TempDir()
	if _, _, err := call(t, runBackup, "--out", out, "--data", data); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "photos", "visit-1-20261127-091500-ab12cd34.jpg")); err != nil || string(b) != "jpeg bytes" {
		t.Fatalf("the photo was not backed up: %q %v", b, err)
	}
	ents, _ := os.ReadDir(out)
	file := filepath.Join(out, ents[0].Name())

	db, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = call(t, runRestore, "--force", file, "--data", data)
	db.Close()
	if !errors.Is(err, store.ErrInUse) {
		t.Fatalf("restore while the database is open here: %v", err)
	}

	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "ANTERKOPER_HOLD_DB="+data)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready := bufio.NewScanner(stdout)
	for ready.Scan() && ready.Text() != "holding" {
	}
	_, _, err = call(t, runRestore, "--force", file, "--data", data)
	stdin.Close()
	io.Copy(io.Discard, stdout)
	if werr := cmd.Wait(); werr != nil {
		t.Fatalf("helper process: %v", werr)
	}
	if !errors.Is(err, store.ErrInUse) {
		t.Fatalf("restore while another process has the database open: %v", err)
	}
	ents, _ = os.ReadDir(data)
	for _, e := range ents {
		if strings.Contains(e.Name(), "restor") {
			t.Fatalf("refused restore left %s", e.Name())
		}
	}
	// Once the server has stopped, the restore goes through.
	if _, _, err := call(t, runRestore, "--force", file, "--data", data); err != nil {
		t.Fatal(err)
	}
}

// TestMain lets TestRestoreRefusesWhileServing run this test binary as a
// child process that holds a database open, like a running server, until
// its stdin closes.
func TestMain(m *testing.M) {
	if dir := os.Getenv("ANTERKOPER_HOLD_DB"); dir != "" {
		os.Exit(holdDatabase(dir))
	}
	os.Exit(m.Run())
}

func holdDatabase(dir string) int {
	db, err := store.OpenDir(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	if _, err := db.MaxSeq(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("holding")
	io.Copy(io.Discard, os.Stdin)
	return 0
}
