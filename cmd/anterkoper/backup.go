package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"anterkoper/internal/backup"
	"anterkoper/internal/office"
	"anterkoper/internal/store"
)

const (
	backupUsage  = "usage: anterkoper backup --out DIR [--data DIR]"
	restoreUsage = "usage: anterkoper restore FILE [--data DIR] [--force]"
)

// runBackup writes a consistent copy of the database into a folder. It
// opens the database read-only, so it never changes it and can run while
// `serve` keeps scanning.
func runBackup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := dataFlag(fs)
	out := fs.String("out", "", "folder to write the backup into; it must exist (a USB drive that is not plugged in is not silently replaced by an empty folder)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *out == "" {
		return usageError{backupUsage}
	}
	if fi, err := os.Stat(*out); err != nil {
		return fmt.Errorf("backup: the folder %s is not there: %w", *out, err)
	} else if !fi.IsDir() {
		return fmt.Errorf("backup: %s is not a folder", *out)
	}
	src := filepath.Join(*data, store.FileName)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: there is no database at %s: %w", src, err)
	}
	db, err := store.OpenReadOnly(src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer db.Close()
	dst := filepath.Join(*out, backup.NameIn(*out, time.Now(), "manual"))
	if err := db.BackupTo(ctx, dst); err != nil {
		return err
	}
	// Read the copy back: it opens, and this is what it holds.
	b, err := store.OpenReadOnly(dst)
	if err != nil {
		return fmt.Errorf("backup: %s was written but cannot be opened: %w", dst, err)
	}
	defer b.Close()
	seq, err := b.MaxSeq(ctx)
	if err != nil {
		return fmt.Errorf("backup: %s was written but cannot be read: %w", dst, err)
	}
	fmt.Printf("backup written: %s (events up to seq %d)\n", dst, seq)
	for _, folder := range dataFolders(*data) {
		n, err := backup.Mirror(folder, filepath.Join(*out, filepath.Base(folder)))
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Printf("%d new files copied from %s\n", n, folder)
		}
	}
	return nil
}

// runRestore replaces the data folder's database with a backup:
//
//  1. The backup is opened read-only and checked; a damaged one (or one
//     from a newer anterkoper) is refused with the report and nothing
//     changes.
//  2. An existing database is replaced only with --force, and only when no
//     other program has it open: store.Detach asks SQLite to take the file
//     out of WAL mode, which it refuses while any other connection — a
//     running `serve` — holds it. Restore must be run with `serve`
//     stopped; it cannot stop a server started during its own few
//     milliseconds of renaming.
//  3. The backup is copied into the data folder under a temporary name, the
//     old database (with any -wal, -shm or -journal) is renamed to
//     anterkoper.db.before-restore-YYYYMMDD-HHMMSS (WIB) — never deleted —
//     and the copy takes its place.
//  4. The restored database is opened for writing once — bringing an older
//     backup's schema up to date, and making new events' seqs carry on
//     after the replaced log's newest, so that no seq is used twice — and
//     checked again.
func runRestore(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	data := dataFlag(fs)
	force := fs.Bool("force", false, "replace the existing database (it is kept, renamed, next to the restored one)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{restoreUsage}
	}
	src := pos[0]
	rep, err := checkFile(ctx, src)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if !rep.OK() {
		printReport(os.Stderr, rep)
		return fmt.Errorf("restore: %s did not pass the check; nothing was changed", src)
	}

	if err := os.MkdirAll(*data, 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	dst := filepath.Join(*data, store.FileName)
	_, err = os.Lstat(dst)
	replacing := err == nil
	if replacing && !*force {
		return fmt.Errorf("restore: %s already holds a database; stop anterkoper serve and add --force to replace it (the current one is kept, renamed)", *data)
	}

	stamp := time.Now().In(backup.WIB).Format("20060102-150405")
	incoming := dst + ".restoring-" + stamp
	if err := copyDB(ctx, src, incoming); err != nil {
		return fmt.Errorf("restore: nothing was changed: %w", err)
	}
	if replacing {
		err := store.Detach(ctx, dst)
		switch {
		case errors.Is(err, store.ErrInUse):
			os.Remove(incoming)
			return fmt.Errorf("restore: nothing was changed: %w; stop anterkoper serve first", err)
		case err != nil:
			// The very case restore is for: the current file is broken.
			fmt.Fprintf(os.Stderr, "anterkoper: the current database cannot be opened (%v); it is moved aside as it is\n", err)
		}
	}
	// The newest seq of the log being replaced, read before it moves.
	var oldSeq int64
	if replacing {
		if old, err := store.OpenReadOnly(dst); err == nil {
			oldSeq, _ = old.MaxSeq(ctx)
			old.Close()
		}
	}
	aside := dst + ".before-restore-" + stamp
	moved, err := moveAside(dst, aside)
	if err != nil {
		os.Remove(incoming)
		return fmt.Errorf("restore: nothing was changed: %w", err)
	}
	if err := os.Rename(incoming, dst); err != nil {
		return fmt.Errorf("restore: the old database is at %s but the backup could not be put in place (it is at %s): %w", aside, incoming, err)
	}
	if err := syncFolder(*data); err != nil {
		return fmt.Errorf("restore: %w", err)
	}

	db, err := store.Open(dst)
	if err != nil {
		return fmt.Errorf("restore: the restored database does not open: %w", err)
	}
	if err := db.ContinueSeqAfter(ctx, oldSeq); err != nil {
		db.Close()
		return fmt.Errorf("restore: %w", err)
	}
	after, err := db.Check(ctx)
	db.Close()
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Printf("restored %s into %s\n", src, dst)
	// Photos and hand-off copies backed up beside the database come back
	// too (only the ones the data folder lacks).
	for _, folder := range dataFolders(*data) {
		n, err := backup.Mirror(filepath.Join(filepath.Dir(src), filepath.Base(folder)), folder)
		if err != nil {
			return fmt.Errorf("restore: the database is restored, but: %w", err)
		}
		if n > 0 {
			fmt.Printf("%d files restored into %s\n", n, folder)
		}
	}
	if moved {
		fmt.Printf("the previous database is kept as %s\n", aside)
	}
	c := after.Counts
	fmt.Printf("%d events, %d visits, %d items, %d open loans\n", c.Events, c.Visits, c.Items, c.OpenLoans)
	if !after.OK() {
		printReport(os.Stderr, after)
		return fmt.Errorf("restore: the restored database did not pass the check")
	}
	return nil
}

// copyDB copies the database at src (with its WAL, if it has one) to the
// new file dst through SQLite, never by copying bytes.
func copyDB(ctx context.Context, src, dst string) error {
	b, err := store.OpenReadOnly(src)
	if err != nil {
		return err
	}
	defer b.Close()
	return b.BackupTo(ctx, dst)
}

// moveAside renames the database at dst and its companion files to aside
// (keeping SQLite's suffixes, so the set still opens as one database). On
// failure it puts back what it moved. It reports whether a database file
// was moved.
func moveAside(dst, aside string) (bool, error) {
	var done []string
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(dst + suffix); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := os.Rename(dst+suffix, aside+suffix); err != nil {
			for _, s := range done {
				os.Rename(aside+s, dst+s)
			}
			return false, fmt.Errorf("unable to move the current database aside: %w", err)
		}
		done = append(done, suffix)
	}
	return len(done) > 0 && done[0] == "", nil
}

// syncFolder makes the renames in dir durable (Windows cannot sync a
// folder; NTFS journals renames).
func syncFolder(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// dataFolders are the data folder's folders of files that live outside the
// database and are backed up beside it: documentation photos and copies of
// the hand-off files.
func dataFolders(data string) []string {
	return []string{filepath.Join(data, office.PhotosDir), filepath.Join(data, "exports")}
}
