package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrInUse means another connection — normally a running `anterkoper serve`
// — has the database open, so the file must not be moved or replaced.
var ErrInUse = errors.New("store: the database is in use by another program (is anterkoper serve running?)")

// BackupTo writes a consistent copy of the database to path while the
// database stays in use: scans committed after the copy began are simply not
// in it. The copy is made with VACUUM INTO on a separate read-only
// connection, so it never holds up the writer.
//
// A backup never looks complete before it is: the copy is written under a
// hidden temporary name in path's folder, synced to disk, and only then
// given its final name, and the folder is synced. BackupTo refuses to
// overwrite an existing file (the error wraps fs.ErrExist) and never creates
// the folder: a missing folder (an unplugged USB drive) is an error.
func (db *DB) BackupTo(ctx context.Context, path string) error {
	return backupFile(ctx, db.path, path)
}

func backupFile(ctx context.Context, src, path string) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("store: unable to back up to %s: %w", path, fs.ErrExist)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("store: unable to back up to %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	// VACUUM INTO accepts an existing empty file, so the unique name
	// CreateTemp reserves can be used as the target.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("store: unable to back up to %s: %w", path, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	published := false
	defer func() {
		if !published {
			os.Remove(tmpName)
		}
	}()

	// mode=ro without query_only: VACUUM INTO writes only the new file,
	// which query_only would refuse too.
	r, err := sql.Open("sqlite", readOnlyDSN(src, 15000, false))
	if err != nil {
		return fmt.Errorf("store: unable to open %s for backup: %w", src, err)
	}
	_, err = r.ExecContext(ctx, `VACUUM INTO ?`, tmpName)
	r.Close()
	if err != nil {
		return fmt.Errorf("store: unable to back up to %s: %w", path, err)
	}
	if err := syncFile(tmpName); err != nil {
		return fmt.Errorf("store: unable to back up to %s: %w", path, err)
	}
	if err := publish(tmpName, path); err != nil {
		return fmt.Errorf("store: unable to back up to %s: %w", path, err)
	}
	published = true
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("store: backup %s written but its folder could not be synced: %w", path, err)
	}
	return nil
}

// publish gives the finished file tmp the name path without ever replacing
// an existing file. A hard link does that atomically; FAT and exFAT (most
// USB drives) have no hard links, so there it checks and renames.
func publish(tmp, path string) error {
	err := os.Link(tmp, path)
	if err == nil {
		os.Remove(tmp)
		return nil
	}
	if errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, err := os.Lstat(path); err == nil {
		return fs.ErrExist
	}
	return os.Rename(tmp, path)
}

func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable. Windows cannot sync a folder (and
// NTFS journals renames), so there it does nothing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}

// Detach readies the database file at path to be moved or replaced while
// nothing runs on it: it checkpoints the write-ahead log into the main file
// and switches the file to rollback-journal mode, after which it needs no
// -wal or -shm file. SQLite refuses that switch while any other connection,
// in this process or another, has the database open; Detach then returns
// ErrInUse. The next Open switches the file back to WAL.
//
// A program that opens the database after Detach returns is not stopped:
// callers move the file right away.
func Detach(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("store: unable to detach %s: %w", path, err)
	}
	c, err := sql.Open("sqlite", "file:"+escapePath(path)+"?_pragma=busy_timeout(2000)")
	if err != nil {
		return fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	defer c.Close()
	var mode string
	err = c.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode)
	var coded interface{ Code() int }
	switch {
	case errors.As(err, &coded) && coded.Code()&0xff == sqliteBusy:
		return ErrInUse
	case err != nil:
		return fmt.Errorf("store: unable to detach %s: %w", path, err)
	case !strings.EqualFold(mode, "delete"):
		// SQLite reports the unchanged mode when it cannot switch.
		return ErrInUse
	}
	return c.Close()
}

const sqliteBusy = 5 // SQLITE_BUSY

// readOnlyDSN opens path read-only, never creating it.
func readOnlyDSN(path string, busyMillis int, queryOnly bool) string {
	dsn := fmt.Sprintf("file:%s?mode=ro&_pragma=busy_timeout(%d)", escapePath(path), busyMillis)
	if queryOnly {
		dsn += "&_pragma=query_only(ON)"
	}
	return dsn
}

// escapePath escapes the characters that end or change the path part of an
// SQLite URI filename.
func escapePath(p string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// ContinueSeqAfter makes the next event's seq greater than seq, when it is
// not already. After a restore the log carries on numbering after the
// newest event of the database it replaced, so that no seq ever names two
// different events to a screen, an export or a sync that saw the old one.
// It moves only SQLite's AUTOINCREMENT counter (a gap in seqs is normal);
// no event is touched.
func (db *DB) ContinueSeqAfter(ctx context.Context, seq int64) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE sqlite_sequence SET seq = ? WHERE name = 'events' AND seq < ?`, seq, seq); err != nil {
		return fmt.Errorf("store: unable to move the event counter: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq)
		SELECT 'events', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'events')`, seq); err != nil {
		return fmt.Errorf("store: unable to move the event counter: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to move the event counter: %w", err)
	}
	return nil
}
