package store

import (
	"errors"
	"fmt"
)

// Errors a caller branches on: the scan was not recorded because of the
// disk, not because of what was scanned. Both clear by themselves when the
// cause goes away (space freed, the drive writable again); no restart is
// needed.
var (
	ErrDiskFull = errors.New("store: the disk is full")
	ErrReadOnly = errors.New("store: the database cannot be written (read-only or I/O error)")
)

// SQLite's primary result codes that mean the storage failed us.
const (
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteFull     = 13
	sqliteCantOpen = 14
)

// classify wraps err with ErrDiskFull or ErrReadOnly when SQLite says the
// storage is at fault.
func classify(err error) error {
	var coded interface{ Code() int }
	if !errors.As(err, &coded) {
		return err
	}
	switch coded.Code() & 0xff {
	case sqliteFull:
		return fmt.Errorf("%w: %w", ErrDiskFull, err)
	case sqliteReadOnly, sqliteIOErr, sqliteCantOpen:
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	return err
}
