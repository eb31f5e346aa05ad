package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

	"anterkoper/internal/export"
	"anterkoper/internal/store"
)

func runExport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	data := dataFlag(fs)
	format := fs.String("format", "csv", "csv or json")
	out := fs.String("out", "", "file to write (default: standard output)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "visit" {
		return usageError{"usage: anterkoper export visit ID [--format csv|json] [--out FILE] [--data DIR]"}
	}
	id, err := strconv.ParseInt(pos[1], 10, 64)
	if err != nil || id <= 0 {
		return usageError{fmt.Sprintf("visit ID must be a positive integer, got %q", pos[1])}
	}
	if *format != "csv" && *format != "json" {
		return usageError{fmt.Sprintf("--format must be csv or json, got %q", *format)}
	}
	db, err := store.OpenDir(*data)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := export.LoadVisit(ctx, db, id)
	if err != nil {
		return err
	}
	var w io.Writer = os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer f.Close()
		w = f
	}
	if *format == "json" {
		err = v.WriteJSON(w)
	} else {
		err = v.WriteCSV(w)
	}
	if err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && *out != "" {
		return f.Sync()
	}
	return nil
}
