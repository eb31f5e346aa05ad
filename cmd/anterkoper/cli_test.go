package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// capture runs the CLI in-process and returns what it printed.
func capture(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return call(t, run, args...)
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const slimsOK = `"B00001","398.2 KAN","Fiction","INV/1","2024-03-01","","","Perpustakaan Keliling","","","","1","","25000","IDR","","2024-03-01 10:00:00","2024-03-01 10:00:00","Si Kancil dan Buaya"
"B00002","398.2 KAN","Fiction","INV/2","2024-03-01","","","Perpustakaan Keliling","","","","1","","25000","IDR","","2024-03-01 10:00:00","2024-03-01 10:00:00","Kumpulan "Cerpen" Anak Jawa Tengah"
`

func TestImportAllOrNothing(t *testing.T) {
	data := t.TempDir()
	broken := writeFile(t, "broken.csv", slimsOK+`"B00003","only","three"`+"\n"+`"","x","Fiction","INV/4","2024-03-01","","","P","","","","1","","1","IDR","","","","Tanpa Kode"`+"\n")
	_, stderr, err := capture(t, "import", "items", broken, "--data", data)
	if !errors.Is(err, errBadRows) || exitCode(err) != 1 {
		t.Fatalf("broken file: err %v", err)
	}
	for _, want := range []string{"broken.csv:line 3:", "broken.csv:line 4:", "2 bad rows"} {
		if !strings.Contains(stderr, want) {
			t.Fatalf("stderr %q lacks %q", stderr, want)
		}
	}
	if n := countItems(t, data); n != 0 {
		t.Fatalf("%d items imported from a broken file, want none", n)
	}

	// --skip-bad imports the good rows and still reports the bad ones;
	// flags may also come first.
	stdout, stderr, err := capture(t, "import", "--skip-bad", "--data", data, "items", broken)
	if err != nil || !strings.Contains(stdout, "imported 2 items: 2 new") || !strings.Contains(stderr, "line 3") {
		t.Fatalf("--skip-bad: %v %q %q", err, stdout, stderr)
	}
	// Importing again updates, never duplicates.
	good := writeFile(t, "good.csv", "item_code,title,level\nB00001,Si Kancil dan Buaya (edisi baru),MI\nB00009,Timun Mas,SD\n")
	stdout, _, err = capture(t, "import", "items", good, "--data", data)
	if err != nil || !strings.Contains(stdout, "1 new, 1 updated") {
		t.Fatalf("re-import: %v %q", err, stdout)
	}
	db, _ := store.OpenDir(data)
	defer db.Close()
	it, _ := db.Item(context.Background(), "B00001")
	if it.Title != "Si Kancil dan Buaya (edisi baru)" || it.Level != "SD" {
		t.Fatalf("updated item %+v", it)
	}
	it, _ = db.Item(context.Background(), "B00002")
	if it.Title != `Kumpulan "Cerpen" Anak Jawa Tengah` {
		t.Fatalf("SLiMS title with unescaped quotes: %q", it.Title)
	}
}

func countItems(t *testing.T, data string) int {
	db, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, _ := db.CountItems(context.Background())
	return n
}

func TestExportVisit(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	db.UpsertItems(ctx, []circulation.Item{{Code: "B00001", Title: "Si Kancil"}, {Code: "B00002", Title: "Timun Mas"}})
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1", Kind: "school", Level: "SD"})
	visit, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	eng, err := circulation.NewEngine(ctx, db, circulation.Options{BasketPrefix: "KRJ-"})
	if err != nil {
		t.Fatal(err)
	}
	eng.Scan(ctx, visit, "B00001", "test")
	second, _ := eng.Scan(ctx, visit, "B00002", "test")
	eng.Scan(ctx, visit, "NOPE", "test")
	eng.Void(ctx, visit, second.Event.Seq, "test")
	db.Close()

	out := filepath.Join(t.TempDir(), "v.csv")
	if _, _, err := capture(t, "export", "visit", "1", "--out", out, "--data", data); err != nil {
		t.Fatal(err)
	}
	f, _ := os.ReadFile(out)
	parts := strings.SplitN(string(f), "\n\n", 2)
	rows, err := csv.NewReader(strings.NewReader(parts[0])).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("scan rows: %v %q", err, parts[0])
	}
	if rows[2][2] != "B00002" || rows[2][4] != "Timun Mas" || rows[2][9] != "true" || rows[3][6] != "unknown" {
		t.Fatalf("rows %q", rows)
	}
	if !strings.HasSuffix(rows[1][1], "+07:00") {
		t.Fatalf("time %q is not in WIB", rows[1][1])
	}
	if !strings.Contains(parts[1], "tally,packed,1\n") || !strings.Contains(parts[1], "tally,unknown,1\n") {
		t.Fatalf("tally section %q", parts[1])
	}

	stdout, _, err := capture(t, "export", "--format", "json", "--data", data, "visit", "1")
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Scans []struct{ Voided bool }
		Tally circulation.Tally
	}
	if err := json.Unmarshal([]byte(stdout), &v); err != nil || len(v.Scans) != 3 || !v.Scans[1].Voided || v.Tally.Packed != 1 {
		t.Fatalf("json export: %v %+v", err, v)
	}

	for _, bad := range [][]string{{"export", "visit", "x"}, {"export", "visit", "1", "--format", "xml"}, {"export", "nothing"}, {"frobnicate"}} {
		if _, _, err := capture(t, append(bad, "--data", data)...); exitCode(err) != 2 {
			t.Fatalf("%q: %v, want a usage error", bad, err)
		}
	}
	if _, _, err := capture(t, "export", "visit", "99", "--data", data); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("unknown visit: %v", err)
	}
}

// The binary builds without cgo.
func TestBuildsWithoutCgo(t *testing.T) {
	cmd := exec.Command("go", "build", "-o", filepath.Join(t.TempDir(), "anterkoper"), ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build: %v\n%s", err, out)
	}
}

// Binding beyond loopback needs --lan: refused with a message naming it.
func TestNonLoopbackNeedsLAN(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.168.43.10:8080", "[::]:8080"} {
		_, _, err := capture(t, "serve", "--addr", addr, "--data", t.TempDir())
		if exitCode(err) == 0 || err == nil || !strings.Contains(err.Error(), "--lan") {
			t.Fatalf("serve --addr %s without --lan: %v", addr, err)
		}
	}
	if _, _, err := capture(t, "serve", "--tls", "--data", t.TempDir()); err == nil || !strings.Contains(err.Error(), "--lan") {
		t.Fatalf("--tls without --lan: %v", err)
	}
}
