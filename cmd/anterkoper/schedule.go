package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"anterkoper/internal/export"
	"anterkoper/internal/planner"
	"anterkoper/internal/server"
	"anterkoper/internal/store"
)

const scheduleUsage = `usage:
  anterkoper schedule generate --month YYYY-MM [--vehicles N] [--per-day N] [--json] [--data DIR]
  anterkoper schedule export --month YYYY-MM --format csv|pdf|ics --out FILE [--lang id|en] [--data DIR]`

// runSchedule plans a month's visits or exports them. The command acts with
// the rights of whoever may run programs on the laptop: the coordinator's
// role is not asked for, and the audit trail names the system user.
func runSchedule(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("schedule", flag.ContinueOnError)
	data := dataFlag(fs)
	month := fs.String("month", "", "the month, YYYY-MM")
	vehicles := fs.Int("vehicles", 0, "vehicles going out (default: as last time, else 1)")
	perDay := fs.Int("per-day", 0, "visits per vehicle per day (default: as last time, else 1)")
	asJSON := fs.Bool("json", false, "print the schedule as JSON")
	format := fs.String("format", "", "export format: csv, pdf or ics")
	out := fs.String("out", "", "file to write")
	lang := fs.String("lang", "id", "language of the PDF and the calendar: id or en")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "generate" && pos[0] != "export") {
		return usageError{scheduleUsage}
	}
	if _, err := time.Parse("2006-01", *month); err != nil {
		return usageError{fmt.Sprintf("--month must be YYYY-MM, got %q\n\n%s", *month, scheduleUsage)}
	}
	db, err := store.OpenDir(*data)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := planner.SeedHolidays(ctx, db); err != nil {
		return err
	}
	if pos[0] == "export" {
		return exportSchedule(ctx, db, *month, *format, *out, *lang)
	}
	fleet, err := planner.CurrentFleet(ctx, db)
	if err != nil {
		return err
	}
	if *vehicles != 0 {
		fleet.Vehicles = *vehicles
	}
	if *perDay != 0 {
		fleet.PerDay = *perDay
	}
	res, err := planner.Generate(ctx, db, *month, fleet, systemActor())
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fresh := 0
	for _, v := range res.Visits {
		mark := ""
		if v.New {
			fresh++
			mark = "  (new)"
		}
		fmt.Printf("%s  vehicle %d  visit %-5d %s%s\n", v.Date, v.Vehicle, v.VisitID, v.LocationName, mark)
	}
	for _, u := range res.Unscheduled {
		fmt.Printf("not scheduled: %s — %s\n", u.LocationName, u.Message)
	}
	fmt.Printf("%s: %d visits (%d new), %d not scheduled; %d vehicle(s), %d visit(s) per vehicle per day\n",
		res.Month, len(res.Visits), fresh, len(res.Unscheduled), res.Fleet.Vehicles, res.Fleet.PerDay)
	return nil
}

func exportSchedule(ctx context.Context, db *store.DB, month, format, out, lang string) error {
	if out == "" {
		return usageError{"--out FILE is required\n\n" + scheduleUsage}
	}
	if lang != "id" && lang != "en" {
		return usageError{fmt.Sprintf("--lang must be id or en, got %q", lang)}
	}
	rows, err := planner.Rows(ctx, db, month)
	if err != nil {
		return err
	}
	meta := export.ScheduleMeta{Month: month, Office: server.Office, Generated: time.Now(), Lang: lang}
	var buf bytes.Buffer
	switch format {
	case "csv":
		err = export.ScheduleCSV(&buf, meta, rows)
	case "pdf":
		err = export.SchedulePDF(&buf, meta, rows)
	case "ics":
		err = export.ScheduleICS(&buf, meta, rows)
	default:
		return usageError{fmt.Sprintf("--format must be csv, pdf or ics, got %q", format)}
	}
	if err != nil {
		return err
	}
	return writeFileAtomic(out, buf.Bytes())
}

// writeFileAtomic writes data to path through a temporary file beside it,
// so that a reader never sees half a file.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("unable to write %s: %w", path, err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("unable to write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("unable to write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("unable to write %s: %w", path, err)
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("unable to write %s: %w", path, err)
	}
	return os.Rename(f.Name(), path)
}

// systemActor is who the audit trail names for a command run on the
// laptop: the system user, acting as coordinator.
func systemActor() store.Actor {
	name := os.Getenv("USER")
	if name == "" {
		name = "cli"
	}
	return store.Actor{User: name + " (cli)", Role: "coordinator"}
}
