package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"anterkoper/internal/catalog"
	"anterkoper/internal/store"
)

// errBadRows means an import found rows it could not read.
var errBadRows = errors.New("import: some rows could not be read; nothing was imported (use --skip-bad to import the good rows)")

func runImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	data := dataFlag(fs)
	skipBad := fs.Bool("skip-bad", false, "import the rows that can be read and report the others")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "items" && pos[0] != "tags") {
		return usageError{"usage: anterkoper import items|tags FILE [--skip-bad] [--data DIR]"}
	}
	f, err := os.Open(pos[1])
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	if pos[0] == "tags" {
		return importTags(ctx, f, pos[1], *data, *skipBad)
	}
	items, bad, err := catalog.Parse(f)
	if err != nil {
		return fmt.Errorf("import: %s: %w", pos[1], err)
	}
	for _, b := range bad {
		fmt.Fprintf(os.Stderr, "%s:%v\n", pos[1], b)
	}
	if len(bad) > 0 && !*skipBad {
		fmt.Fprintf(os.Stderr, "%d bad rows, %d good rows\n", len(bad), len(items))
		return errBadRows
	}
	db, err := store.OpenDir(*data)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.UpsertItems(ctx, items)
	if err != nil {
		return err
	}
	fmt.Printf("imported %d items: %d new, %d updated", len(items), res.Added, res.Updated)
	if len(bad) > 0 {
		fmt.Printf("; skipped %d bad rows", len(bad))
	}
	fmt.Println()
	return nil
}

// importTags imports a tag file (epc,item_code), all or nothing unless
// skipBad.
func importTags(ctx context.Context, r io.Reader, name, data string, skipBad bool) error {
	tags, bad, err := catalog.ParseTags(r)
	if err != nil {
		return fmt.Errorf("import: %s: %w", name, err)
	}
	for _, b := range bad {
		fmt.Fprintf(os.Stderr, "%s:%v\n", name, b)
	}
	if len(bad) > 0 && !skipBad {
		fmt.Fprintf(os.Stderr, "%d bad rows, %d good rows\n", len(bad), len(tags))
		return errBadRows
	}
	db, err := store.OpenDir(data)
	if err != nil {
		return err
	}
	defer db.Close()
	rows := make([]store.Tag, len(tags))
	for i, t := range tags {
		rows[i] = store.Tag{EPC: t.EPC, ItemCode: t.ItemCode, Source: "import"}
	}
	res, err := db.UpsertTags(ctx, rows)
	if err != nil {
		return err
	}
	fmt.Printf("imported %d tags: %d new, %d rebound", len(tags), res.Added, res.Updated)
	if len(bad) > 0 {
		fmt.Printf("; skipped %d bad rows", len(bad))
	}
	fmt.Println()
	return nil
}
