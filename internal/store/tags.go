package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"anterkoper/circulation"
)

// Tag binds an RFID tag's EPC to a catalog item.
type Tag struct {
	EPC      string `json:"epc"`
	ItemCode string `json:"item_code"`
	Source   string `json:"source,omitempty"` // "import", "bind", …
}

// TagItem returns the item code the EPC is bound to, or
// circulation.ErrNotFound.
func (db *DB) TagItem(ctx context.Context, epc string) (string, error) {
	var code string
	err := db.r.QueryRowContext(ctx, `SELECT item_code FROM rfid_tags WHERE epc = ?`, epc).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return "", circulation.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: unable to read tag: %w", err)
	}
	return code, nil
}

// UpsertTags binds each tag's EPC to its item, replacing an earlier
// binding of the same EPC, all in one transaction.
func (db *DB) UpsertTags(ctx context.Context, tags []Tag) (ImportResult, error) {
	var res ImportResult
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: unable to begin tag import: %w", err)
	}
	defer tx.Rollback()
	ts := now()
	for _, t := range tags {
		var old string
		switch err := tx.QueryRowContext(ctx, `SELECT item_code FROM rfid_tags WHERE epc = ?`, t.EPC).Scan(&old); {
		case errors.Is(err, sql.ErrNoRows):
			res.Added++
		case err != nil:
			return ImportResult{}, fmt.Errorf("store: unable to import tag %s: %w", t.EPC, err)
		default:
			res.Updated++
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO rfid_tags (epc, item_code, bound_at, source) VALUES (?,?,?,?)
			ON CONFLICT(epc) DO UPDATE SET item_code = excluded.item_code, bound_at = excluded.bound_at, source = excluded.source`,
			t.EPC, t.ItemCode, ts, t.Source); err != nil {
			return ImportResult{}, fmt.Errorf("store: unable to import tag %s: %w", t.EPC, classify(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, fmt.Errorf("store: unable to commit tags: %w", classify(err))
	}
	return res, nil
}

// ItemTags returns the EPCs bound to an item.
func (db *DB) ItemTags(ctx context.Context, itemCode string) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT epc FROM rfid_tags WHERE item_code = ? ORDER BY epc`, itemCode)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read tags: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
