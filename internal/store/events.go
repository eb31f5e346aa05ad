package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"anterkoper/circulation"
)

// AppendEvent commits e to the log durably and sets e.Seq (and e.Time when it
// is zero). When it returns nil the event survives a crash.
func (db *DB) AppendEvent(ctx context.Context, e *circulation.Event) error {
	return insertEvent(ctx, db.insertEvent, e)
}

// insertEvent runs the prepared insert for e and sets e.Seq.
func insertEvent(ctx context.Context, st *sql.Stmt, e *circulation.Event) error {
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	var visit any
	if e.VisitID != 0 {
		visit = e.VisitID
	}
	res, err := st.ExecContext(ctx, visit, e.Time.UnixMicro(), e.Type, e.Code, string(e.Mode),
		string(e.Outcome), e.ItemCode, e.Basket, e.Target, e.Source, e.Other, e.MemberID)
	if err != nil {
		return fmt.Errorf("store: unable to add event: %w", classify(err))
	}
	if e.Seq, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("store: unable to read event seq: %w", err)
	}
	return nil
}

const eventCols = `seq, COALESCE(visit_id, 0), at, type, code, mode, outcome, item_code, basket, target, source, other_location_id, member_id`

func scanEvent(rows *sql.Rows) (circulation.Event, error) {
	var e circulation.Event
	var at int64
	var mode, outcome string
	err := rows.Scan(&e.Seq, &e.VisitID, &at, &e.Type, &e.Code, &mode, &outcome, &e.ItemCode, &e.Basket,
		&e.Target, &e.Source, &e.Other, &e.MemberID)
	e.Time = time.UnixMicro(at)
	e.Mode = circulation.Mode(mode)
	e.Outcome = circulation.Outcome(outcome)
	return e, err
}

// EachEvent calls fn for every event with seq > after, in seq order.
func (db *DB) EachEvent(ctx context.Context, after int64, fn func(circulation.Event) error) error {
	return db.eachEvent(ctx, fn, `WHERE seq > ? ORDER BY seq`, after)
}

// VisitEvents returns the events of a visit with after < seq ≤ upto
// (upto ≤ 0 means no upper bound), in seq order.
func (db *DB) VisitEvents(ctx context.Context, visitID, after, upto int64) ([]circulation.Event, error) {
	if upto <= 0 {
		upto = 1<<63 - 1
	}
	var out []circulation.Event
	err := db.eachEvent(ctx, func(e circulation.Event) error {
		out = append(out, e)
		return nil
	}, `WHERE visit_id = ? AND seq > ? AND seq <= ? ORDER BY seq`, visitID, after, upto)
	return out, err
}

func (db *DB) eachEvent(ctx context.Context, fn func(circulation.Event) error, where string, args ...any) error {
	rows, err := db.r.QueryContext(ctx, `SELECT `+eventCols+` FROM events `+where, args...)
	if err != nil {
		return fmt.Errorf("store: unable to read events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return fmt.Errorf("store: unable to read event: %w", err)
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: unable to read events: %w", err)
	}
	return nil
}

// MaxSeq returns the newest event's seq, or 0 for an empty log.
func (db *DB) MaxSeq(ctx context.Context) (int64, error) {
	var seq int64
	err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("store: unable to read newest seq: %w", err)
	}
	return seq, nil
}

// RecentScans returns the visit's newest n scan events with seq ≤ upto,
// oldest first.
func (db *DB) RecentScans(ctx context.Context, visitID, upto int64, n int) ([]circulation.Event, error) {
	var out []circulation.Event
	err := db.eachEvent(ctx, func(e circulation.Event) error {
		out = append(out, e)
		return nil
	}, `WHERE visit_id = ? AND type = 'scan' AND seq <= ? ORDER BY seq DESC LIMIT ?`, visitID, upto, n)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// EachVisitEventWithTitle calls fn for each event of the visit in seq
// order, with the title of the item it resolved to ("" when none).
func (db *DB) EachVisitEventWithTitle(ctx context.Context, visitID int64, fn func(circulation.Event, string) error) error {
	rows, err := db.r.QueryContext(ctx, `SELECT e.seq, COALESCE(e.visit_id, 0), e.at, e.type, e.code, e.mode, e.outcome,
		e.item_code, e.basket, e.target, e.source, e.other_location_id, e.member_id, COALESCE(i.title, '')
		FROM events e LEFT JOIN items i ON i.code = e.item_code AND e.item_code <> ''
		WHERE e.visit_id = ? ORDER BY e.seq`, visitID)
	if err != nil {
		return fmt.Errorf("store: unable to read events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e circulation.Event
		var at int64
		var mode, outcome, title string
		if err := rows.Scan(&e.Seq, &e.VisitID, &at, &e.Type, &e.Code, &mode, &outcome, &e.ItemCode, &e.Basket,
			&e.Target, &e.Source, &e.Other, &e.MemberID, &title); err != nil {
			return fmt.Errorf("store: unable to read event: %w", err)
		}
		e.Time, e.Mode, e.Outcome = time.UnixMicro(at), circulation.Mode(mode), circulation.Outcome(outcome)
		if err := fn(e, title); err != nil {
			return err
		}
	}
	return rows.Err()
}

// AppendEvents commits several events in one transaction (for importing
// logs and for building large test logs); it sets each Seq.
func (db *DB) AppendEvents(ctx context.Context, evs []circulation.Event) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin: %w", err)
	}
	defer tx.Rollback()
	st := tx.StmtContext(ctx, db.insertEvent)
	for i := range evs {
		if err := insertEvent(ctx, st, &evs[i]); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit events: %w", classify(err))
	}
	return nil
}
