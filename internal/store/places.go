package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"anterkoper/circulation"
)

// CreateLocation stores a new location and returns its id. An empty Status
// is StatusNew; a zero BooksPerVisit is 50.
func (db *DB) CreateLocation(ctx context.Context, l circulation.Location) (int64, error) {
	if l.Status == "" {
		l.Status = circulation.StatusNew
	}
	if l.BooksPerVisit == 0 {
		l.BooksPerVisit = 50
	}
	res, err := db.w.ExecContext(ctx, `INSERT INTO locations (name, kind, level, address, contact, created_at,
		phone, lat, lon, travel_minutes, notes, status, books_per_visit, wishes, card_number, member_id)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, l.Name, l.Kind, l.Level, l.Address, l.Contact, now(),
		l.Phone, l.Lat, l.Lon, l.TravelMinutes, l.Notes, l.Status, l.BooksPerVisit, l.Wishes, l.CardNumber, l.MemberID)
	if err != nil {
		return 0, fmt.Errorf("store: unable to add location: %w", err)
	}
	return res.LastInsertId()
}

// UpdateLocation stores a location's details (not its status, which only
// the SOP's steps change), recording who changed them.
func (db *DB) UpdateLocation(ctx context.Context, l circulation.Location, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE locations SET name=?, kind=?, level=?, address=?, contact=?,
			phone=?, lat=?, lon=?, travel_minutes=?, notes=?, books_per_visit=?, wishes=?, card_number=?, member_id=? WHERE id=?`,
			l.Name, l.Kind, l.Level, l.Address, l.Contact, l.Phone, l.Lat, l.Lon, l.TravelMinutes, l.Notes,
			l.BooksPerVisit, l.Wishes, l.CardNumber, l.MemberID, l.ID)
		if err != nil {
			return fmt.Errorf("store: unable to update location: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return circulation.ErrNotFound
		}
		return audit(ctx, tx, a, "location.update", "location", l.ID, l.Name)
	})
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
	rows, err := db.r.QueryContext(ctx, `SELECT id, name, kind, level, address, contact,
		phone, lat, lon, travel_minutes, notes, status, books_per_visit, wishes, card_number, member_id FROM locations `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list locations: %w", err)
	}
	defer rows.Close()
	out := []circulation.Location{}
	for rows.Next() {
		var l circulation.Location
		if err := rows.Scan(&l.ID, &l.Name, &l.Kind, &l.Level, &l.Address, &l.Contact,
			&l.Phone, &l.Lat, &l.Lon, &l.TravelMinutes, &l.Notes, &l.Status, &l.BooksPerVisit, &l.Wishes,
			&l.CardNumber, &l.MemberID); err != nil {
			return nil, fmt.Errorf("store: unable to read location: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// CreateVisit stores a new visit and returns its id.
func (db *DB) CreateVisit(ctx context.Context, v circulation.Visit) (int64, error) {
	res, err := db.w.ExecContext(ctx, `INSERT INTO visits (location_id, date, created_at, vehicle, scheduled) VALUES (?,?,?,?,?)`,
		v.LocationID, v.Date, now(), v.Vehicle, v.Scheduled)
	if err != nil {
		return 0, fmt.Errorf("store: unable to add visit: %w", err)
	}
	return res.LastInsertId()
}

// Visit returns the visit with the id, or circulation.ErrNotFound.
func (db *DB) Visit(ctx context.Context, id int64) (circulation.Visit, error) {
	var v circulation.Visit
	err := db.r.QueryRowContext(ctx, `SELECT id, location_id, date, vehicle, scheduled FROM visits WHERE id = ?`, id).
		Scan(&v.ID, &v.LocationID, &v.Date, &v.Vehicle, &v.Scheduled)
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
	if date == "" {
		return db.visits(ctx, ` ORDER BY date DESC, id`)
	}
	return db.visits(ctx, ` WHERE date = ? ORDER BY date DESC, id`, date)
}

// VisitsInMonth returns the visits of month (YYYY-MM) by date, vehicle and id.
func (db *DB) VisitsInMonth(ctx context.Context, month string) ([]circulation.Visit, error) {
	return db.visits(ctx, ` WHERE substr(date, 1, 7) = ? ORDER BY date, vehicle, id`, month)
}

// VisitsOfLocation returns the location's visits dated from since (YYYY-MM-DD)
// up to and including until, oldest first.
func (db *DB) VisitsOfLocation(ctx context.Context, location int64, since, until string) ([]circulation.Visit, error) {
	return db.visits(ctx, ` WHERE location_id = ? AND date >= ? AND date <= ? ORDER BY date, id`, location, since, until)
}

func (db *DB) visits(ctx context.Context, where string, args ...any) ([]circulation.Visit, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, location_id, date, vehicle, scheduled FROM visits`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list visits: %w", err)
	}
	defer rows.Close()
	out := []circulation.Visit{}
	for rows.Next() {
		var v circulation.Visit
		if err := rows.Scan(&v.ID, &v.LocationID, &v.Date, &v.Vehicle, &v.Scheduled); err != nil {
			return nil, fmt.Errorf("store: unable to read visit: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
