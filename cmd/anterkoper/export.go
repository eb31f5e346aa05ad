package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/catalog"
	"anterkoper/internal/export"
	"anterkoper/internal/office"
	"anterkoper/internal/papers"
	"anterkoper/internal/store"
)

const exportUsage = `usage:
  anterkoper export visit ID [--format csv|json] [--out FILE]
  anterkoper export receipt --visit ID --out FILE [--lang id|en]
  anterkoper export reconciliation (--date YYYY-MM-DD | --visit ID) --format csv|xlsx --out FILE
  anterkoper export report (--month YYYY-MM | --visit ID) --format pdf|xlsx --out FILE
  anterkoper export koc --out FILE      (Koha offline circulation: only what was not exported before)
  anterkoper export slims --out FILE    (loans and returns for SLiMS: only what was not exported before)
  anterkoper export members --out FILE  (members registered on the road, in SLiMS's member import format)
every form also takes [--data DIR]`

func runExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	data := dataFlag(fs)
	format := fs.String("format", "", "file format (see usage)")
	out := fs.String("out", "", "file to write (export visit: default standard output)")
	visitFlag := fs.Int64("visit", 0, "the visit")
	date := fs.String("date", "", "the day, YYYY-MM-DD")
	month := fs.String("month", "", "the month, YYYY-MM")
	lang := fs.String("lang", "id", "language of the paper: id or en")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{exportUsage}
	}
	if *lang != "id" && *lang != "en" {
		return usageError{fmt.Sprintf("--lang must be id or en, got %q", *lang)}
	}
	what := pos[0]
	if what == "visit" {
		return exportVisit(ctx, *data, pos[1:], *format, *out)
	}
	if len(pos) != 1 {
		return usageError{exportUsage}
	}
	if *out == "" {
		return usageError{"--out FILE is required\n\n" + exportUsage}
	}
	check := map[string]func() error{
		"receipt": func() error { return needVisit(*visitFlag) },
		"reconciliation": func() error {
			if err := oneOf(*visitFlag, *date, "--date"); err != nil {
				return err
			}
			return needFormat(*format, "csv", "xlsx")
		},
		"report": func() error {
			if err := oneOf(*visitFlag, *month, "--month"); err != nil {
				return err
			}
			return needFormat(*format, "pdf", "xlsx")
		},
		"koc":     func() error { return nil },
		"slims":   func() error { return nil },
		"members": func() error { return nil },
	}
	c, ok := check[what]
	if !ok {
		return usageError{fmt.Sprintf("unknown export %q\n\n%s", what, exportUsage)}
	}
	if err := c(); err != nil {
		return err
	}
	db, err := store.OpenDir(*data)
	if err != nil {
		return err
	}
	defer db.Close()
	eng, err := circulation.NewEngine(ctx, db, circulation.Options{})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch what {
	case "receipt":
		rec, err := office.BuildReceipt(ctx, db, eng, *visitFlag, *lang)
		if errors.Is(err, circulation.ErrNotSealed) {
			return fmt.Errorf("export: visit %d is not signed by both parties yet; the receipt is made after the sign-off", *visitFlag)
		}
		if err != nil {
			return fmt.Errorf("export: visit %d: %w", *visitFlag, err)
		}
		if err := papers.ReceiptPDF(&buf, rec); err != nil {
			return err
		}
	case "reconciliation":
		var rec papers.Reconciliation
		if *visitFlag > 0 {
			rec, err = office.BuildVisitReconciliation(ctx, db, eng, *visitFlag, *lang)
		} else {
			rec, err = office.BuildReconciliation(ctx, db, eng, *date, *lang)
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if *format == "csv" {
			err = papers.ReconciliationCSV(&buf, rec)
		} else {
			err = papers.ReconciliationXLSX(&buf, rec)
		}
		if err != nil {
			return err
		}
	case "report":
		var rep papers.Report
		if *visitFlag > 0 {
			rep, err = office.BuildVisitReport(ctx, db, eng, *data, *visitFlag, *lang)
		} else {
			rep, err = office.BuildMonthReport(ctx, db, eng, *data, *month, *lang)
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if *format == "pdf" {
			err = papers.ReportPDF(&buf, rep)
		} else {
			err = papers.ReportXLSX(&buf, rep)
		}
		if err != nil {
			return err
		}
	case "members":
		ms, err := db.KioskMembers(ctx)
		if err != nil {
			return err
		}
		rows := make([]catalog.MemberRow, len(ms))
		for i, m := range ms {
			day := m.Registered.In(office.WIB).Format(time.DateOnly)
			rows[i] = catalog.MemberRow{MemberID: m.CardNumber, Name: m.Name, Type: m.Type, Address: m.Address,
				Institution: m.Institution, Phone: m.Phone, Since: day, Registered: day,
				Expires: m.Registered.In(office.WIB).AddDate(1, 0, 0).Format(time.DateOnly)}
		}
		if err := catalog.WriteMembers(&buf, rows); err != nil {
			return err
		}
	case "koc", "slims":
		var ex office.Export
		target := office.TargetKoha
		if what == "koc" {
			ex, err = office.BuildKOC(ctx, db, version)
		} else {
			target = office.TargetSLiMS
			ex, err = office.BuildSLiMS(ctx, db)
		}
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		// The file first, then the ledger: a failed write records nothing.
		if err := writeFileAtomic(*out, ex.Data); err != nil {
			return err
		}
		if ex.Lines > 0 {
			if err := db.MarkExported(ctx, target, ex.Seqs, systemActor(), *out); err != nil {
				os.Remove(*out)
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "export: %d new lines written to %s\n", ex.Lines, *out)
		return nil
	}
	return writeFileAtomic(*out, buf.Bytes())
}

func needVisit(id int64) error {
	if id <= 0 {
		return usageError{"--visit ID is required (a positive integer)\n\n" + exportUsage}
	}
	return nil
}

func oneOf(visit int64, period, flagName string) error {
	if (visit > 0) == (period != "") {
		return usageError{fmt.Sprintf("give either --visit ID or %s\n\n%s", flagName, exportUsage)}
	}
	if period != "" {
		layout := time.DateOnly
		if flagName == "--month" {
			layout = "2006-01"
		}
		if _, err := time.Parse(layout, period); err != nil {
			return usageError{fmt.Sprintf("%s %q is not a valid date", flagName, period)}
		}
	}
	return nil
}

func needFormat(f string, allowed ...string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return usageError{fmt.Sprintf("--format must be %s or %s, got %q", allowed[0], allowed[1], f)}
}

func exportVisit(ctx context.Context, data string, args []string, format, out string) error {
	if len(args) != 1 {
		return usageError{exportUsage}
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("visit ID must be a positive integer, got %q", args[0])}
	}
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "json" {
		return usageError{fmt.Sprintf("--format must be csv or json, got %q", format)}
	}
	db, err := store.OpenDir(data)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := export.LoadVisit(ctx, db, id)
	if err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	if out != "" {
		f, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer f.Close()
		w = f
	}
	if format == "json" {
		err = v.WriteJSON(w)
	} else {
		err = v.WriteCSV(w)
	}
	if err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && out != "" {
		return f.Sync()
	}
	return nil
}
