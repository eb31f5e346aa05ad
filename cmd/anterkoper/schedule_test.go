package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

func TestScheduleGenerateAndExport(t *testing.T) {
	data := t.TempDir()
	db, err := store.OpenDir(data)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range 6 {
		lat, lon := -7.0+float64(i)*0.02, 110.4
		db.CreateLocation(ctx, circulation.Location{Name: fmt.Sprintf("SD N %d", i+1), Kind: "school", Level: "SD",
			Status: circulation.StatusActive, Lat: &lat, Lon: &lon, TravelMinutes: 30})
	}
	far, _ := db.CreateLocation(ctx, circulation.Location{Name: "Pulau Karimunjawa", Kind: "community", Level: "umum",
		Status: circulation.StatusActive, TravelMinutes: 400})
	db.Close()

	type plan struct {
		Visits []struct {
			Date       string `json:"date"`
			Vehicle    int    `json:"vehicle"`
			LocationID int64  `json:"location_id"`
			VisitID    int64  `json:"visit_id"`
		} `json:"visits"`
		Unscheduled []struct {
			LocationID int64  `json:"location_id"`
			Reason     string `json:"reason"`
		} `json:"unscheduled"`
	}
	var first, second plan
	for _, p := range []*plan{&first, &second} {
		stdout, stderr, err := capture(t, "schedule", "generate", "--month", "2026-12", "--vehicles", "2", "--json", "--data", data)
		if err != nil {
			t.Fatalf("%v: %s", err, stderr)
		}
		if err := json.Unmarshal([]byte(stdout), p); err != nil {
			t.Fatalf("output is not the JSON contract: %v\n%s", err, stdout)
		}
	}
	if len(first.Visits) != 6 || len(first.Unscheduled) != 1 || first.Unscheduled[0].LocationID != far ||
		first.Unscheduled[0].Reason != "travel_too_long" {
		t.Fatalf("plan %+v", first)
	}
	if fmt.Sprint(first) != fmt.Sprint(second) {
		t.Fatalf("generating twice changed the schedule:\n%+v\n%+v", first, second)
	}
	for _, v := range first.Visits {
		if v.VisitID == 0 || v.Vehicle < 1 || v.Vehicle > 2 || !strings.HasPrefix(v.Date, "2026-12-") {
			t.Errorf("visit %+v", v)
		}
	}
	db, _ = store.OpenDir(data)
	all, _ := db.VisitsInMonth(ctx, "2026-12")
	trail, _ := db.AuditTrail(ctx, "schedule", 0, 10)
	db.Close()
	if len(all) != 6 || len(trail) != 2 || !strings.Contains(trail[0].User, "(cli)") {
		t.Fatalf("%d visits stored, audit %+v", len(all), trail)
	}

	dir := t.TempDir()
	for _, f := range []string{"csv", "pdf", "ics"} {
		out := filepath.Join(dir, "jadwal."+f)
		if _, stderr, err := capture(t, "schedule", "export", "--month", "2026-12", "--format", f, "--out", out, "--data", data); err != nil {
			t.Fatalf("export %s: %v %s", f, err, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || len(b) < 100 {
			t.Fatalf("export %s: %d bytes, %v", f, len(b), err)
		}
	}
	for _, bad := range [][]string{
		{"schedule", "generate", "--month", "2026-13"},
		{"schedule", "plan", "--month", "2026-12"},
		{"schedule", "export", "--month", "2026-12", "--format", "doc", "--out", filepath.Join(dir, "x")},
		{"schedule", "export", "--month", "2026-12", "--format", "csv"},
	} {
		if _, _, err := capture(t, append(bad, "--data", data)...); !errors.Is(err, errUsage) {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
	if _, _, err := capture(t, "schedule", "generate", "--month", "2026-12", "--vehicles", "50", "--data", data); err == nil {
		t.Error("50 vehicles accepted")
	}
}
