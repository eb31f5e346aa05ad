package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database's name inside the data folder.
const FileName = "anterkoper.db"

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open anterkoper database.
type DB struct {
	path string
	w    *sql.DB // the one writer connection
	r    *sql.DB // readers

	insertEvent *sql.Stmt
	getItem     *sql.Stmt
}

// OpenDir opens (creating if needed) the database in the data folder dir.
func OpenDir(dir string) (*DB, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: unable to create data folder: %w", err)
	}
	return Open(filepath.Join(dir, FileName))
}

// Open opens (creating if needed) the database file at path and applies
// pending migrations.
func Open(path string) (*DB, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(15000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(ON)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: unable to open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	db := &DB{path: path, w: w}
	if err := db.migrate(context.Background()); err != nil {
		w.Close()
		return nil, err
	}
	rq := url.Values{}
	for _, p := range []string{"busy_timeout(15000)", "query_only(ON)", "foreign_keys(ON)"} {
		rq.Add("_pragma", p)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: unable to open %s for reading: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	db.r = r
	if err := db.prepare(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) prepare() error {
	var err error
	db.insertEvent, err = db.w.Prepare(`INSERT INTO events
		(visit_id, at, type, code, mode, outcome, item_code, basket, target, source, other_location_id, member_id)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`)
	if err != nil {
		return fmt.Errorf("store: unable to prepare statements: %w", err)
	}
	db.getItem, err = db.r.Prepare(`SELECT code, title, author, isbn, level, call_number FROM items WHERE code = ?`)
	if err != nil {
		return fmt.Errorf("store: unable to prepare statements: %w", err)
	}
	return nil
}

// Path is the database file's path.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	errs = append(errs, db.w.Close())
	return errors.Join(errs...)
}

// migrate applies the embedded migrations newer than the database's
// user_version, all in one transaction.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: unable to list migrations: %w", err)
	}
	sort.Strings(names)
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin migration: %w", err)
	}
	defer tx.Rollback()
	var current int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("store: unable to read schema version: %w", err)
	}
	latest := current
	for _, name := range names {
		n, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s has no number: %w", name, err)
		}
		if n <= current {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("store: unable to read migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return fmt.Errorf("store: migration %s failed: %w", name, err)
		}
		latest = n
	}
	if latest == current {
		return nil
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", latest)); err != nil {
		return fmt.Errorf("store: unable to set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit migrations: %w", err)
	}
	return nil
}

// SchemaVersion is the number of the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// IntegrityCheck runs SQLite's integrity check and returns its findings
// ("ok" when the file is sound).
func (db *DB) IntegrityCheck(ctx context.Context) ([]string, error) {
	rows, err := db.w.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, fmt.Errorf("store: unable to run integrity check: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }
