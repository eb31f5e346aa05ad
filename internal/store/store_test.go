package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"anterkoper/circulation"
)

func TestOpenMigratesOnceAndLogIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil || v != 7 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	var mode string
	db.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode)
	var sync int
	db.w.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync)
	if mode != "wal" || sync != 2 {
		t.Fatalf("journal_mode %s synchronous %d, want wal and 2 (FULL)", mode, sync)
	}
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1", Kind: "school", Level: "SD"})
	vis, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	e := circulation.Event{VisitID: vis, Type: circulation.EventScan, Code: "B1", Outcome: circulation.Unknown, Mode: circulation.ModePack}
	if err := db.AppendEvent(ctx, &e); err != nil || e.Seq != 1 {
		t.Fatalf("append: seq %d, %v", e.Seq, err)
	}
	for _, q := range []string{"UPDATE events SET code = 'B2'", "DELETE FROM events"} {
		if _, err := db.w.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Fatalf("%s: %v, want refusal", q, err)
		}
	}
	// STRICT tables refuse values of the wrong type.
	if _, err := db.w.ExecContext(ctx, "INSERT INTO events (at, type) VALUES ('soon', 'scan')"); err == nil {
		t.Fatal("STRICT table took text for an integer column")
	}
	if _, err := db.CreateLocation(ctx, circulation.Location{Name: "X", Kind: "mall", Level: "SD"}); err == nil {
		t.Fatal("a location of an unknown kind was stored")
	}
	db.Close()

	db, err = Open(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	evs, err := db.VisitEvents(ctx, vis, 0, 0)
	if err != nil || len(evs) != 1 || evs[0].Code != "B1" || evs[0].Outcome != circulation.Unknown {
		t.Fatalf("after reopen: %+v, %v", evs, err)
	}
	if res, _ := db.IntegrityCheck(ctx); len(res) != 1 || res[0] != "ok" {
		t.Fatalf("integrity: %v", res)
	}
}

func TestUpsertItemsIsAllOrNothingAndUpdates(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.UpsertItems(ctx, []circulation.Item{{Code: "B1", Title: "Satu"}, {Code: "B2", Title: "Dua"}})
	if err != nil || res.Added != 2 {
		t.Fatalf("first import: %+v %v", res, err)
	}
	res, err = db.UpsertItems(ctx, []circulation.Item{{Code: "B2", Title: "Dua (edisi 2)"}, {Code: "B3", Title: "Tiga"}})
	if err != nil || res.Added != 1 || res.Updated != 1 {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	it, err := db.Item(ctx, "B2")
	if err != nil || it.Title != "Dua (edisi 2)" {
		t.Fatalf("updated item: %+v %v", it, err)
	}
	if n, _ := db.CountItems(ctx); n != 3 {
		t.Fatalf("%d items, want 3 (no duplicates)", n)
	}
	if _, err := db.Item(ctx, "B9"); err != circulation.ErrNotFound {
		t.Fatalf("missing item: %v", err)
	}
}
