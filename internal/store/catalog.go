package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"anterkoper/circulation"
)

// Item returns the catalog item with the code, or circulation.ErrNotFound.
func (db *DB) Item(ctx context.Context, code string) (circulation.Item, error) {
	var it circulation.Item
	err := db.getItem.QueryRowContext(ctx, code).Scan(&it.Code, &it.Title, &it.Author, &it.ISBN, &it.Level, &it.CallNumber)
	if errors.Is(err, sql.ErrNoRows) {
		return it, circulation.ErrNotFound
	}
	if err != nil {
		return it, fmt.Errorf("store: unable to read item: %w", err)
	}
	return it, nil
}

// ItemsByISBN returns the copies whose ISBN is isbn.
func (db *DB) ItemsByISBN(ctx context.Context, isbn string) ([]circulation.Item, error) {
	return db.items(ctx, `WHERE isbn = ? ORDER BY code`, isbn)
}

// Items returns the whole catalog ordered by code.
func (db *DB) Items(ctx context.Context) ([]circulation.Item, error) {
	return db.items(ctx, `ORDER BY code`)
}

func (db *DB) items(ctx context.Context, where string, args ...any) ([]circulation.Item, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT code, title, author, isbn, level, call_number FROM items `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list items: %w", err)
	}
	defer rows.Close()
	var out []circulation.Item
	for rows.Next() {
		var it circulation.Item
		if err := rows.Scan(&it.Code, &it.Title, &it.Author, &it.ISBN, &it.Level, &it.CallNumber); err != nil {
			return nil, fmt.Errorf("store: unable to read item: %w", err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// CountItems returns the number of items in the catalog.
func (db *DB) CountItems(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM items`).Scan(&n)
	return n, err
}

// ImportResult says what an import changed.
type ImportResult struct {
	Added   int
	Updated int
}

// UpsertItems adds new items and updates existing ones (matched by code), all
// in one transaction: either every item is stored or none is.
func (db *DB) UpsertItems(ctx context.Context, items []circulation.Item) (ImportResult, error) {
	var res ImportResult
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: unable to begin import: %w", err)
	}
	defer tx.Rollback()
	exists, err := tx.PrepareContext(ctx, `SELECT 1 FROM items WHERE code = ?`)
	if err != nil {
		return res, fmt.Errorf("store: unable to prepare import: %w", err)
	}
	defer exists.Close()
	up, err := tx.PrepareContext(ctx, `INSERT INTO items (code, title, author, isbn, level, call_number, updated_at)
		VALUES (?,?,?,?,?,?,?)
		ON CONFLICT(code) DO UPDATE SET title=excluded.title, author=excluded.author, isbn=excluded.isbn,
			level=excluded.level, call_number=excluded.call_number, updated_at=excluded.updated_at`)
	if err != nil {
		return res, fmt.Errorf("store: unable to prepare import: %w", err)
	}
	defer up.Close()
	tag, err := tx.PrepareContext(ctx, `INSERT INTO rfid_tags (epc, item_code, bound_at, source) VALUES (?,?,?,'import')
		ON CONFLICT(epc) DO UPDATE SET item_code = excluded.item_code, bound_at = excluded.bound_at, source = excluded.source`)
	if err != nil {
		return res, fmt.Errorf("store: unable to prepare import: %w", err)
	}
	defer tag.Close()
	ts := now()
	for _, it := range items {
		if it.RFID != "" {
			if _, err := tag.ExecContext(ctx, it.RFID, it.Code, ts); err != nil {
				return ImportResult{}, fmt.Errorf("store: unable to import the tag of item %q: %w", it.Code, err)
			}
		}
		var one int
		switch err := exists.QueryRowContext(ctx, it.Code).Scan(&one); {
		case errors.Is(err, sql.ErrNoRows):
			res.Added++
		case err != nil:
			return ImportResult{}, fmt.Errorf("store: unable to import item %q: %w", it.Code, err)
		default:
			res.Updated++
		}
		if _, err := up.ExecContext(ctx, it.Code, it.Title, it.Author, it.ISBN, it.Level, it.CallNumber, ts); err != nil {
			return ImportResult{}, fmt.Errorf("store: unable to import item %q: %w", it.Code, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, fmt.Errorf("store: unable to commit import: %w", err)
	}
	return res, nil
}
