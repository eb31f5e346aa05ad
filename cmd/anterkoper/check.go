package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"anterkoper/internal/store"
)

// errCheckFailed means `check` found errors in the data folder (exit 1).
var errCheckFailed = errors.New("check: the data folder has errors (see the report above)")

const checkUsage = "usage: anterkoper check [--data DIR] [--json]"

func runCheck(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	data := dataFlag(fs)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{checkUsage}
	}
	path := filepath.Join(*data, store.FileName)
	rep, err := checkFile(ctx, path)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			OK bool `json:"ok"`
			store.Report
		}{rep.OK(), rep}); err != nil {
			return err
		}
	} else {
		printReport(os.Stdout, rep)
	}
	if !rep.OK() {
		return errCheckFailed
	}
	return nil
}

// checkFile opens the database at path read-only (so a check never changes
// what it checks, and works while `serve` runs) and checks it. A file that
// cannot even be opened gives a report with that one error; a missing file
// is an error of its own, so that a mistyped --data is not called damage.
func checkFile(ctx context.Context, path string) (store.Report, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return store.Report{}, fmt.Errorf("there is no database at %s", path)
	}
	db, err := store.OpenReadOnly(path)
	if err != nil {
		newest, _ := store.NewestSchema()
		return store.Report{Path: path, NewestSchema: newest, Findings: []store.Finding{{
			Severity: store.SeverityError, Area: "integrity",
			Message: fmt.Sprintf("the database cannot be opened: %v", err),
		}}}, nil
	}
	defer db.Close()
	return db.Check(ctx)
}

// printReport writes the report for people: what was read, then each
// finding, then the verdict.
func printReport(w io.Writer, r store.Report) {
	fmt.Fprintf(w, "database     %s\n", r.Path)
	fmt.Fprintf(w, "schema       %d (this program: %d)\n", r.SchemaVersion, r.NewestSchema)
	c := r.Counts
	fmt.Fprintf(w, "events       %d (%d scans)\n", c.Events, c.Scans)
	fmt.Fprintf(w, "visits       %d at %d locations\n", c.Visits, c.Locations)
	fmt.Fprintf(w, "items        %d\n", c.Items)
	fmt.Fprintf(w, "open loans   %d\n", c.OpenLoans)
	if len(r.Findings) > 0 {
		fmt.Fprintln(w)
	}
	for _, f := range r.Findings {
		label := "WARNING"
		if f.Severity == store.SeverityError {
			label = "ERROR"
		}
		fmt.Fprintf(w, "%-8s %s: %s\n", label, f.Area, f.Message)
	}
	fmt.Fprintln(w)
	switch e, wn := r.Errors(), r.Warnings(); {
	case e > 0:
		fmt.Fprintf(w, "NOT OK: %s, %s\n", count(e, "error"), count(wn, "warning"))
	case wn > 0:
		fmt.Fprintf(w, "OK, with %s\n", count(wn, "warning"))
	default:
		fmt.Fprintln(w, "OK")
	}
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
