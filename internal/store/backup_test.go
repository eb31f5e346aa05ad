package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"anterkoper/circulation"
)

// TestBackupWhileScanning copies the database while a goroutine keeps
// appending events: the copy opens, passes Check and holds exactly the first
// events of the log, and the writer was never refused.
func TestBackupWhileScanning(t *testing.T) {
	ctx := context.Background()
	db, _ := newLog(t)
	// A bigger log makes each copy take long enough to overlap the writes.
	var bulk []circulation.Event
	for i := range 5000 {
		bulk = append(bulk, circulation.Event{VisitID: 2, Type: circulation.EventScan, Code: fmt.Sprintf("TIDAK-%06d", i),
			Mode: circulation.ModeReturn, Outcome: circulation.Unknown, Source: "bench"})
	}
	if err := db.AppendEvents(ctx, bulk); err != nil {
		t.Fatal(err)
	}
	before, _ := db.MaxSeq(ctx)

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var appendErr error
	appended := 0
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			e := circulation.Event{VisitID: 2, Type: circulation.EventScan, Code: fmt.Sprintf("LIVE-%d", i),
				Mode: circulation.ModeReturn, Outcome: circulation.Unknown, Source: "scanner"}
			if err := db.AppendEvent(ctx, &e); err != nil {
				appendErr = err
				return
			}
			appended++
		}
	})
	dir := t.TempDir()
	var paths []string
	for i := range 3 {
		p := filepath.Join(dir, fmt.Sprintf("b%d.db", i))
		if err := db.BackupTo(ctx, p); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	close(stop)
	wg.Wait()
	if appendErr != nil {
		t.Fatalf("append during backup: %v", appendErr)
	}
	var live []circulation.Event
	db.EachEvent(ctx, 0, func(e circulation.Event) error { live = append(live, e); return nil })
	t.Logf("%d events appended during 3 backups", appended)

	prev := int64(0)
	for _, p := range paths {
		b, err := OpenReadOnly(p)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := b.Check(ctx)
		if err != nil || !rep.OK() {
			t.Fatalf("%s: %+v, %v", p, rep.Findings, err)
		}
		var got []circulation.Event
		b.EachEvent(ctx, 0, func(e circulation.Event) error { got = append(got, e); return nil })
		b.Close()
		n := int64(len(got))
		if n < before || n < prev || n > int64(len(live)) {
			t.Fatalf("%s holds %d events; log had %d before, previous backup %d, now %d", p, n, before, prev, len(live))
		}
		for i, e := range got {
			w := live[i]
			if e.Seq != w.Seq || e.Code != w.Code || e.Outcome != w.Outcome || !e.Time.Equal(w.Time) {
				t.Fatalf("%s event %d = %+v, live log has %+v", p, i, e, w)
			}
		}
		prev = n
	}
	// Only the finished backups are in the folder: no temporary files.
	ents, _ := os.ReadDir(dir)
	if len(ents) != len(paths) {
		t.Fatalf("folder holds %v", ents)
	}
}

func TestBackupRefusesAndCleansUp(t *testing.T) {
	ctx := context.Background()
	db, _ := newLog(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "b.db")
	if err := os.WriteFile(p, []byte("jangan ditimpa"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := db.BackupTo(ctx, p); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("backup over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "jangan ditimpa" {
		t.Fatalf("existing file changed to %q", b)
	}
	// A folder that is not there (a USB drive pulled out) is an error and
	// is not created.
	gone := filepath.Join(dir, "usb")
	if err := db.BackupTo(ctx, filepath.Join(gone, "b.db")); err == nil {
		t.Fatal("backup into a missing folder succeeded")
	}
	if _, err := os.Stat(gone); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing folder was created: %v", err)
	}
	// A cancelled backup leaves nothing behind.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := db.BackupTo(cctx, filepath.Join(dir, "c.db")); err == nil {
		t.Fatal("cancelled backup succeeded")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("folder holds %v after failed backups", ents)
	}
}

func TestDetachRefusesAnOpenDatabase(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	buildLog(t, db)
	p := db.Path()
	if err := Detach(ctx, p); !errors.Is(err, ErrInUse) {
		t.Fatalf("Detach of an open database: %v", err)
	}
	db.Close()
	// A WAL left behind by a crash must be folded in, not lost.
	if err := Detach(ctx, p); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(p + suffix); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%s still there after Detach: %v", suffix, err)
		}
	}
	// The detached file alone is the whole database.
	moved := filepath.Join(t.TempDir(), "moved.db")
	if err := os.Rename(p, moved); err != nil {
		t.Fatal(err)
	}
	db, err = Open(moved)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rep, err := db.Check(ctx)
	if err != nil || !rep.OK() || rep.Counts.OpenLoans != 3 {
		t.Fatalf("moved database: %+v, %v", rep, err)
	}
	var mode string
	db.w.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Fatalf("journal mode after reopening: %s", mode)
	}
}

func TestContinueSeqAfter(t *testing.T) {
	ctx := context.Background()
	for _, events := range []int{0, 3} {
		db, err := OpenDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1", Kind: "school", Level: "SD"})
		vis, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
		add := func() int64 {
			e := circulation.Event{VisitID: vis, Type: circulation.EventScan, Code: "X", Mode: circulation.ModePack, Outcome: circulation.Unknown}
			if err := db.AppendEvent(ctx, &e); err != nil {
				t.Fatal(err)
			}
			return e.Seq
		}
		for range events {
			add()
		}
		if err := db.ContinueSeqAfter(ctx, 100); err != nil {
			t.Fatal(err)
		}
		if err := db.ContinueSeqAfter(ctx, 50); err != nil { // never moves back
			t.Fatal(err)
		}
		if seq := add(); seq != 101 {
			t.Fatalf("with %d events: next seq %d, want 101", events, seq)
		}
		if rep, err := db.Check(ctx); err != nil || !rep.OK() {
			t.Fatalf("check after the gap: %+v, %v", rep.Findings, err)
		}
		db.Close()
	}
}
