package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"anterkoper/circulation"
)

// CreateLocation stores a new location and returns its id.
func (db *DB) CreateLocation(ctx context.Context, l circulation.Location) (int64, error) {
	res, err := db.w.ExecContext(ctx, `INSERT INTO locations (name, kind, level, address, contact, created_at)
		VALUES (?,?,?,?,?,?)`, l.Name, l.Kind, l.Level, l.Address, l.Contact, now())
	if err != nil {
		return 0, fmt.Errorf("store: unable to add location: %w", err)
	}
	return res.LastInsertId()
}

// Location returns the location with the id, or circulation.ErrNotFound.
func (db *DB) Location(ctx context.Context, id int64) (circulation.Location, error) {
	ls, err := db.locations(ctx, `WHERE id = ?`, id)
	if err != nil {
		return circulation.Location{}, err
	}
	if len(ls) == 0 {
		return circulation.Location{}, circulation.ErrNotFound
	}
	return ls[0], nil
}

// Locations returns every location ordered by name.
func (db *DB) Locations(ctx context.Context) ([]circulation.Location, error) {
	return db.locations(ctx, `ORDER BY name, id`)
}

func (db *DB) locations(ctx context.Context, where string, args ...any) ([]circulation.Location, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, name, kind, level, address, contact FROM locations `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list locations: %w", err)
	}
	defer rows.Close()
	out := []circulation.Location{}
	for rows.Next() {
		var l circulation.Location
		if err := rows.Scan(&l.ID, &l.Name, &l.Kind, &l.Level, &l.Address, &l.Contact); err != nil {
			return nil, fmt.Errorf("store: unable to read location: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CreateVisit stores a new visit and returns its id.
func (db *DB) CreateVisit(ctx context.Context, v circulation.Visit) (int64, error) {
	res, err := db.w.ExecContext(ctx, `INSERT INTO visits (location_id, date, created_at) VALUES (?,?,?)`,
		v.LocationID, v.Date, now())
	if err != nil {
		return 0, fmt.Errorf("store: unable to add visit: %w", err)
	}
	return res.LastInsertId()
}

// Visit returns the visit with the id, or circulation.ErrNotFound.
func (db *DB) Visit(ctx context.Context, id int64) (circulation.Visit, error) {
	var v circulation.Visit
	err := db.r.QueryRowContext(ctx, `SELECT id, location_id, date FROM visits WHERE id = ?`, id).
		Scan(&v.ID, &v.LocationID, &v.Date)
	if errors.Is(err, sql.ErrNoRows) {
		return v, circulation.ErrNotFound
	}
	if err != nil {
		return v, fmt.Errorf("store: unable to read visit: %w", err)
	}
	return v, nil
}

// Visits returns the visits on date (all visits when date is empty), newest
// date first.
func (db *DB) Visits(ctx context.Context, date string) ([]circulation.Visit, error) {
	q := `SELECT id, location_id, date FROM visits`
	var args []any
	if date != "" {
		q += ` WHERE date = ?`
		args = append(args, date)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY date DESC, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list visits: %w", err)
	}
	defer rows.Close()
	out := []circulation.Visit{}
	for rows.Next() {
		var v circulation.Visit
		if err := rows.Scan(&v.ID, &v.LocationID, &v.Date); err != nil {
			return nil, fmt.Errorf("store: unable to read visit: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
