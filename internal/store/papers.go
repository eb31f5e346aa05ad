package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"anterkoper/circulation"
)

// Parties who sign a visit's counts.
const (
	PartySchool  = "school"
	PartyOfficer = "officer"
)

// Signoff is one party's signature on a visit's counts.
type Signoff struct {
	Party       string    `json:"party"`
	Name        string    `json:"name"`
	PNG         []byte    `json:"-"`
	Lent        int       `json:"lent"`
	Returned    int       `json:"returned"`
	Outstanding int       `json:"outstanding"`
	At          time.Time `json:"at"`
	By          string    `json:"by"`
}

// SealState is where a visit's sign-off stands.
type SealState struct {
	Round    int                `json:"round"`
	SealedAt time.Time          `json:"sealed_at"` // zero while open
	Signed   map[string]Signoff `json:"signed"`    // this round's signatures by party
	Reopens  []Reopen           `json:"reopens"`
}

// Reopen is a logged reopening of sealed counts.
type Reopen struct {
	Round  int       `json:"round"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
}

// Sealed reports whether both parties signed this round.
func (s SealState) Sealed() bool { return !s.SealedAt.IsZero() }

// SealState returns the visit's sign-off state.
func (db *DB) SealState(ctx context.Context, visit int64) (SealState, error) {
	st := SealState{Signed: map[string]Signoff{}, Reopens: []Reopen{}}
	var sealed string
	err := db.r.QueryRowContext(ctx, `SELECT seal_round, sealed_at FROM visits WHERE id = ?`, visit).Scan(&st.Round, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return st, circulation.ErrNotFound
	}
	if err != nil {
		return st, fmt.Errorf("store: unable to read the sign-off: %w", err)
	}
	st.SealedAt, _ = time.Parse(time.RFC3339Nano, sealed)
	rows, err := db.r.QueryContext(ctx, `SELECT party, name, signature, lent, returned, outstanding, at, by_user
		FROM visit_signoffs WHERE visit_id = ? AND round = ?`, visit, st.Round)
	if err != nil {
		return st, fmt.Errorf("store: unable to read the sign-off: %w", err)
	}
	for rows.Next() {
		var s Signoff
		var at string
		if err := rows.Scan(&s.Party, &s.Name, &s.PNG, &s.Lent, &s.Returned, &s.Outstanding, &at, &s.By); err != nil {
			rows.Close()
			return st, err
		}
		s.At, _ = time.Parse(time.RFC3339Nano, at)
		st.Signed[s.Party] = s
	}
	rows.Close()
	rows, err = db.r.QueryContext(ctx, `SELECT round, reason, at, by_user FROM visit_reopens WHERE visit_id = ? ORDER BY id`, visit)
	if err != nil {
		return st, fmt.Errorf("store: unable to read reopenings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r Reopen
		var at string
		if err := rows.Scan(&r.Round, &r.Reason, &at, &r.By); err != nil {
			return st, err
		}
		r.At, _ = time.Parse(time.RFC3339Nano, at)
		st.Reopens = append(st.Reopens, r)
	}
	return st, rows.Err()
}

// ErrAlreadySigned is returned when a party signs twice in one round.
var ErrAlreadySigned = errors.New("store: this party has already signed; reopen the visit to sign again")

// Sign records a party's signature in the visit's current round and, when
// the other party has signed too, seals the visit. It returns whether the
// visit is now sealed.
func (db *DB) Sign(ctx context.Context, visit int64, s Signoff, a Actor) (bool, error) {
	var sealed bool
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var round int
		var sealedAt string
		if err := tx.QueryRowContext(ctx, `SELECT seal_round, sealed_at FROM visits WHERE id = ?`, visit).Scan(&round, &sealedAt); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return circulation.ErrNotFound
			}
			return fmt.Errorf("store: unable to read the visit: %w", err)
		}
		if sealedAt != "" {
			return circulation.ErrSealed
		}
		var n int
		tx.QueryRowContext(ctx, `SELECT count(*) FROM visit_signoffs WHERE visit_id = ? AND round = ? AND party = ?`, visit, round, s.Party).Scan(&n)
		if n > 0 {
			return ErrAlreadySigned
		}
		at := now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_signoffs (visit_id, round, party, name, signature, lent, returned, outstanding, at, by_user)
			VALUES (?,?,?,?,?,?,?,?,?,?)`, visit, round, s.Party, s.Name, s.PNG, s.Lent, s.Returned, s.Outstanding, at, a.User); err != nil {
			return fmt.Errorf("store: unable to record the signature: %w", err)
		}
		var parties int
		tx.QueryRowContext(ctx, `SELECT count(DISTINCT party) FROM visit_signoffs WHERE visit_id = ? AND round = ?`, visit, round).Scan(&parties)
		if parties == 2 {
			if _, err := tx.ExecContext(ctx, `UPDATE visits SET sealed_at = ? WHERE id = ?`, at, visit); err != nil {
				return fmt.Errorf("store: unable to seal the visit: %w", err)
			}
			sealed = true
		}
		if err := audit(ctx, tx, a, "visit.sign."+s.Party, "visit", visit, s.Name); err != nil {
			return err
		}
		if sealed {
			return audit(ctx, tx, a, "visit.sealed", "visit", visit, fmt.Sprintf("lent %d, returned %d, outstanding %d", s.Lent, s.Returned, s.Outstanding))
		}
		return nil
	})
	return sealed, err
}

// ReopenVisit unseals a visit, logging why; the next sign-off is a new round.
func (db *DB) ReopenVisit(ctx context.Context, visit int64, reason string, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var round int
		var sealedAt string
		if err := tx.QueryRowContext(ctx, `SELECT seal_round, sealed_at FROM visits WHERE id = ?`, visit).Scan(&round, &sealedAt); err != nil {
			return fmt.Errorf("store: unable to read the visit: %w", err)
		}
		if sealedAt == "" {
			return circulation.ErrNotSealed
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_reopens (visit_id, round, reason, at, by_user) VALUES (?,?,?,?,?)`,
			visit, round, reason, now(), a.User); err != nil {
			return fmt.Errorf("store: unable to record the reopening: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET seal_round = seal_round + 1, sealed_at = '' WHERE id = ?`, visit); err != nil {
			return fmt.Errorf("store: unable to reopen the visit: %w", err)
		}
		return audit(ctx, tx, a, "visit.reopen", "visit", visit, reason)
	})
}

// SealedVisits returns the ids of the sealed visits.
func (db *DB) SealedVisits(ctx context.Context) ([]int64, error) {
	return db.int64s(ctx, `SELECT id FROM visits WHERE sealed_at <> '' ORDER BY id`)
}

// Photo is a documentation photo of a visit; the image is File inside the
// data folder's photos/.
type Photo struct {
	ID      int64     `json:"id"`
	VisitID int64     `json:"visit_id"`
	File    string    `json:"-"`
	Caption string    `json:"caption"`
	Taken   time.Time `json:"taken_at"`
	Width   int       `json:"width"`
	Height  int       `json:"height"`
	By      string    `json:"by"`
}

// AddPhoto records a photo already written to the photos folder.
func (db *DB) AddPhoto(ctx context.Context, p Photo, a Actor) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO photos (visit_id, file, caption, taken_at, width, height, by_user, created_at)
			VALUES (?,?,?,?,?,?,?,?)`, p.VisitID, p.File, p.Caption, p.Taken.UTC().Format(time.RFC3339Nano), p.Width, p.Height, a.User, now())
		if err != nil {
			return fmt.Errorf("store: unable to record the photo: %w", err)
		}
		id, _ = res.LastInsertId()
		return audit(ctx, tx, a, "visit.photo", "visit", p.VisitID, p.File)
	})
	return id, err
}

// Photos returns a visit's photos in the order they were taken.
func (db *DB) Photos(ctx context.Context, visit int64) ([]Photo, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, visit_id, file, caption, taken_at, width, height, by_user
		FROM photos WHERE visit_id = ? ORDER BY taken_at, id`, visit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read photos: %w", err)
	}
	defer rows.Close()
	out := []Photo{}
	for rows.Next() {
		var p Photo
		var at string
		if err := rows.Scan(&p.ID, &p.VisitID, &p.File, &p.Caption, &at, &p.Width, &p.Height, &p.By); err != nil {
			return nil, err
		}
		p.Taken, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Photo returns one photo, or circulation.ErrNotFound.
func (db *DB) Photo(ctx context.Context, id int64) (Photo, error) {
	var p Photo
	var at string
	err := db.r.QueryRowContext(ctx, `SELECT id, visit_id, file, caption, taken_at, width, height, by_user FROM photos WHERE id = ?`, id).
		Scan(&p.ID, &p.VisitID, &p.File, &p.Caption, &at, &p.Width, &p.Height, &p.By)
	if errors.Is(err, sql.ErrNoRows) {
		return p, circulation.ErrNotFound
	}
	p.Taken, _ = time.Parse(time.RFC3339Nano, at)
	return p, err
}

// Exported returns the event seqs already exported to target (koc, slims).
func (db *DB) Exported(ctx context.Context, target string) (map[int64]bool, error) {
	ids, err := db.int64s(ctx, `SELECT seq FROM ils_exports WHERE target = ?`, target)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// MarkExported records that the seqs went to target, in one transaction,
// after the file holding them was written.
func (db *DB) MarkExported(ctx context.Context, target string, seqs []int64, a Actor, file string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		at := now()
		for _, s := range seqs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ils_exports (target, seq, exported_at) VALUES (?,?,?)`, target, s, at); err != nil {
				return fmt.Errorf("store: unable to record the export: %w", err)
			}
		}
		return audit(ctx, tx, a, "export."+target, "export", 0, fmt.Sprintf("%d lines to %s", len(seqs), file))
	})
}
