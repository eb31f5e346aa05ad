package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

func TestExportPapersCLI(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	db, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	db.UpsertItems(ctx, []circulation.Item{{Code: "B00001", Title: "Si Kancil", Level: "SD"}, {Code: "B00002", Title: "Timun Mas", Level: "SD"}})
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1 Ungaran", Kind: "school", Level: "SD", CardNumber: "KOP-0001", MemberID: "M0001"})
	visit, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	eng, err := circulation.NewEngine(ctx, db, circulation.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		mode circulation.Mode
		code string
	}{{circulation.ModePack, "B00001"}, {circulation.ModePack, "B00002"}, {circulation.ModeLend, "B00001"}} {
		eng.SetMode(ctx, visit, s.mode, "t")
		eng.Scan(ctx, visit, s.code, "t")
	}
	db.Close()
	out := t.TempDir()
	run := func(args ...string) error {
		_, _, err := capture(t, append(args, "--data", data)...)
		return err
	}
	// Not signed yet: no receipt, with the reason.
	if err := run("export", "receipt", "--visit", "1", "--out", filepath.Join(out, "r.pdf")); err == nil || !strings.Contains(err.Error(), "not signed") {
		t.Fatalf("receipt of an unsigned visit: %v", err)
	}
	if err := run("export", "receipt", "--visit", "99", "--out", filepath.Join(out, "r.pdf")); err == nil || errors.Is(err, errUsage) {
		t.Fatalf("receipt of an unknown visit: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "r.pdf")); !os.IsNotExist(err) {
		t.Fatalf("a failed export left a file: %v", err)
	}
	for _, args := range [][]string{
		{"export", "reconciliation", "--date", "2026-11-27", "--format", "csv", "--out", filepath.Join(out, "rc.csv")},
		{"export", "reconciliation", "--visit", "1", "--format", "xlsx", "--out", filepath.Join(out, "rc.xlsx")},
		{"export", "report", "--month", "2026-11", "--format", "pdf", "--out", filepath.Join(out, "lap.pdf")},
		{"export", "report", "--visit", "1", "--format", "xlsx", "--out", filepath.Join(out, "lap.xlsx")},
		{"export", "koc", "--out", filepath.Join(out, "1.koc")},
		{"export", "slims", "--out", filepath.Join(out, "1.csv")},
		{"export", "koc", "--out", filepath.Join(out, "2.koc")},
	} {
		if err := run(args...); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(out, "rc.csv"))
	if !strings.Contains(string(csv), "1,2026-11-27,SD N 1 Ungaran,lent,B00001,Si Kancil,SD") {
		t.Fatalf("re-check CSV:\n%s", csv)
	}
	first, _ := os.ReadFile(filepath.Join(out, "1.koc"))
	second, _ := os.ReadFile(filepath.Join(out, "2.koc"))
	if lines := strings.Split(strings.TrimSpace(string(first)), "\n"); len(lines) != 2 || !strings.HasSuffix(lines[1], "\tissue\tKOP-0001\tB00001") {
		t.Fatalf("first .koc:\n%s", first)
	}
	if lines := strings.Split(strings.TrimSpace(string(second)), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "Version=1.0\t") {
		t.Fatalf("second .koc after no new scans must hold only its header:\n%s", second)
	}
	for _, bad := range [][]string{
		{"export", "report", "--month", "2026-11", "--format", "docx", "--out", "x"},
		{"export", "report", "--month", "2026-11", "--visit", "1", "--format", "pdf", "--out", "x"},
		{"export", "reconciliation", "--format", "csv", "--out", "x"},
		{"export", "koc"},
		{"export", "minutes", "--out", "x"},
	} {
		if err := run(bad...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
}
