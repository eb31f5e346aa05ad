package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"anterkoper/circulation"
)

// Actor is who did a step: a logged-in user and the role they acted in
// ("local" as operator when the kiosk runs without accounts).
type Actor struct {
	User string `json:"user"`
	Role string `json:"role"`
}

// inTx runs fn in one write transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to commit: %w", err)
	}
	return nil
}

// audit appends one line to the audit trail inside tx.
func audit(ctx context.Context, tx *sql.Tx, a Actor, action, subject string, id int64, detail string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (at, user_name, role, action, subject, subject_id, detail)
		VALUES (?,?,?,?,?,?,?)`, now(), a.User, a.Role, action, subject, id, detail)
	if err != nil {
		return fmt.Errorf("store: unable to write the audit trail: %w", err)
	}
	return nil
}

// Audit records one step in the audit trail on its own.
func (db *DB) Audit(ctx context.Context, a Actor, action, subject string, id int64, detail string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return audit(ctx, tx, a, action, subject, id, detail) })
}

// AuditEntry is one line of the audit trail.
type AuditEntry struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	User      string    `json:"user"`
	Role      string    `json:"role"`
	Action    string    `json:"action"`
	Subject   string    `json:"subject"`
	SubjectID int64     `json:"subject_id"`
	Detail    string    `json:"detail"`
}

// AuditTrail returns the newest entries first, at most limit of them; with
// a subject, only those about that subject (and id, when id > 0).
func (db *DB) AuditTrail(ctx context.Context, subject string, id int64, limit int) ([]AuditEntry, error) {
	q := `SELECT seq, at, user_name, role, action, subject, subject_id, detail FROM audit`
	var args []any
	switch {
	case subject != "" && id > 0:
		q += ` WHERE subject = ? AND subject_id = ?`
		args = append(args, subject, id)
	case subject != "":
		q += ` WHERE subject = ?`
		args = append(args, subject)
	}
	rows, err := db.r.QueryContext(ctx, q+` ORDER BY seq DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the audit trail: %w", err)
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.Seq, &at, &e.User, &e.Role, &e.Action, &e.Subject, &e.SubjectID, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: unable to read the audit trail: %w", err)
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Step is the SOP step that moves a location: what to record with it.
type Step struct {
	Action string // circulation.ActRequest, ActApprove, ActReject or ActSurvey
	// Request
	LetterNumber, LetterDate string
	FileID                   int64 // the letter's scan, 0 for none
	// Reject
	Reason string
	// Survey
	Date, Notes, VehicleAccess string
	PhotoIDs                   []int64
}

// LocationStep records a step of the SOP and moves the location's status,
// atomically: the status is read and changed in one transaction, so two
// people pressing "approve" at once cannot both succeed. A step the status
// machine refuses returns an error wrapping circulation.ErrTransition.
func (db *DB) LocationStep(ctx context.Context, id int64, st Step, a Actor) (string, error) {
	var next string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var from string
		err := tx.QueryRowContext(ctx, `SELECT status FROM locations WHERE id = ?`, id).Scan(&from)
		if errors.Is(err, sql.ErrNoRows) {
			return circulation.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to read location: %w", err)
		}
		if next, err = circulation.Transition(from, st.Action); err != nil {
			return err
		}
		detail := ""
		switch st.Action {
		case circulation.ActRequest:
			var file any
			if st.FileID > 0 {
				file = st.FileID
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO location_requests
				(location_id, letter_number, letter_date, file_id, created_by, created_at) VALUES (?,?,?,?,?,?)`,
				id, st.LetterNumber, st.LetterDate, file, a.User, now())
			detail = st.LetterNumber + " " + st.LetterDate
		case circulation.ActApprove, circulation.ActReject:
			decision := map[string]string{circulation.ActApprove: "approved", circulation.ActReject: "rejected"}[st.Action]
			_, err = tx.ExecContext(ctx, `UPDATE location_requests SET decision = ?, reason = ?, decided_by = ?, decided_at = ?
				WHERE id = (SELECT max(id) FROM location_requests WHERE location_id = ?)`,
				decision, st.Reason, a.User, now(), id)
			detail = st.Reason
		case circulation.ActSurvey:
			var res sql.Result
			res, err = tx.ExecContext(ctx, `INSERT INTO surveys (location_id, date, notes, vehicle_access, created_by, created_at)
				VALUES (?,?,?,?,?,?)`, id, st.Date, st.Notes, st.VehicleAccess, a.User, now())
			if err == nil {
				sid, _ := res.LastInsertId()
				for _, p := range st.PhotoIDs {
					if _, err = tx.ExecContext(ctx, `INSERT INTO survey_photos (survey_id, file_id) VALUES (?,?)`, sid, p); err != nil {
						break
					}
				}
			}
			detail = st.Date
		}
		if err != nil {
			return fmt.Errorf("store: unable to record %s: %w", st.Action, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE locations SET status = ? WHERE id = ?`, next, id); err != nil {
			return fmt.Errorf("store: unable to change the location's status: %w", err)
		}
		return audit(ctx, tx, a, "location."+st.Action, "location", id, detail)
	})
	return next, err
}

// Request is a request letter and the head of division's decision on it.
type Request struct {
	ID           int64  `json:"id"`
	LetterNumber string `json:"letter_number"`
	LetterDate   string `json:"letter_date"`
	FileID       int64  `json:"file_id,omitempty"`
	By           string `json:"by"`
	At           string `json:"at"`
	Decision     string `json:"decision"`
	Reason       string `json:"reason"`
	DecidedBy    string `json:"decided_by"`
	DecidedAt    string `json:"decided_at"`
}

// Survey is one survey of a location.
type Survey struct {
	ID            int64   `json:"id"`
	Date          string  `json:"date"`
	Notes         string  `json:"notes"`
	VehicleAccess string  `json:"vehicle_access"`
	PhotoIDs      []int64 `json:"photo_ids"`
	By            string  `json:"by"`
	At            string  `json:"at"`
}

// LocationHistory returns a location's requests and surveys, oldest first.
func (db *DB) LocationHistory(ctx context.Context, id int64) ([]Request, []Survey, error) {
	reqs := []Request{}
	rows, err := db.r.QueryContext(ctx, `SELECT id, letter_number, letter_date, coalesce(file_id, 0), created_by, created_at,
		decision, reason, decided_by, decided_at FROM location_requests WHERE location_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to read requests: %w", err)
	}
	for rows.Next() {
		var r Request
		if err := rows.Scan(&r.ID, &r.LetterNumber, &r.LetterDate, &r.FileID, &r.By, &r.At,
			&r.Decision, &r.Reason, &r.DecidedBy, &r.DecidedAt); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: unable to read requests: %w", err)
		}
		reqs = append(reqs, r)
	}
	rows.Close()
	surveys := []Survey{}
	rows, err = db.r.QueryContext(ctx, `SELECT id, date, notes, vehicle_access, created_by, created_at
		FROM surveys WHERE location_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to read surveys: %w", err)
	}
	for rows.Next() {
		var s Survey
		if err := rows.Scan(&s.ID, &s.Date, &s.Notes, &s.VehicleAccess, &s.By, &s.At); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: unable to read surveys: %w", err)
		}
		s.PhotoIDs = []int64{}
		surveys = append(surveys, s)
	}
	rows.Close()
	for i := range surveys {
		ids, err := db.int64s(ctx, `SELECT file_id FROM survey_photos WHERE survey_id = ? ORDER BY file_id`, surveys[i].ID)
		if err != nil {
			return nil, nil, err
		}
		surveys[i].PhotoIDs = ids
	}
	return reqs, surveys, nil
}

func (db *DB) int64s(ctx context.Context, q string, args ...any) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query failed: %w", err)
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// File is an uploaded document.
type File struct {
	ID   int64
	Name string
	MIME string
	Data []byte
}

// SaveFile stores an uploaded document and returns its id.
func (db *DB) SaveFile(ctx context.Context, f File, a Actor) (int64, error) {
	var id int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO files (name, mime, data, created_by, created_at) VALUES (?,?,?,?,?)`,
			f.Name, f.MIME, f.Data, a.User, now())
		if err != nil {
			return fmt.Errorf("store: unable to store the file: %w", err)
		}
		id, _ = res.LastInsertId()
		return audit(ctx, tx, a, "file.upload", "file", id, f.Name)
	})
	return id, err
}

// LoadFile returns the document with the id, or circulation.ErrNotFound.
func (db *DB) LoadFile(ctx context.Context, id int64) (File, error) {
	f := File{ID: id}
	err := db.r.QueryRowContext(ctx, `SELECT name, mime, data FROM files WHERE id = ?`, id).Scan(&f.Name, &f.MIME, &f.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return f, circulation.ErrNotFound
	}
	if err != nil {
		return f, fmt.Errorf("store: unable to read the file: %w", err)
	}
	return f, nil
}

// Holiday is a day with no scheduled visits.
type Holiday struct {
	Date        string `json:"date"`
	Name        string `json:"name"`
	Kind        string `json:"kind"` // national or collective_leave
	Provisional bool   `json:"provisional"`
}

// Holidays returns the holidays from since to until (inclusive; both
// YYYY-MM-DD, empty for no bound), by date.
func (db *DB) Holidays(ctx context.Context, since, until string) ([]Holiday, error) {
	if until == "" {
		until = "9999"
	}
	rows, err := db.r.QueryContext(ctx, `SELECT date, name, kind, provisional FROM holidays
		WHERE date >= ? AND date <= ? ORDER BY date`, since, until)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read holidays: %w", err)
	}
	defer rows.Close()
	out := []Holiday{}
	for rows.Next() {
		var h Holiday
		if err := rows.Scan(&h.Date, &h.Name, &h.Kind, &h.Provisional); err != nil {
			return nil, fmt.Errorf("store: unable to read holidays: %w", err)
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// PutHoliday adds or renames a holiday.
func (db *DB) PutHoliday(ctx context.Context, h Holiday, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO holidays (date, name, kind, provisional) VALUES (?,?,?,?)
			ON CONFLICT(date) DO UPDATE SET name = excluded.name, kind = excluded.kind, provisional = excluded.provisional`,
			h.Date, h.Name, h.Kind, h.Provisional)
		if err != nil {
			return fmt.Errorf("store: unable to store the holiday: %w", err)
		}
		return audit(ctx, tx, a, "holiday.put", "holiday", 0, h.Date+" "+h.Name)
	})
}

// DeleteHoliday removes a holiday; circulation.ErrNotFound when there is none.
func (db *DB) DeleteHoliday(ctx context.Context, date string, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM holidays WHERE date = ?`, date)
		if err != nil {
			return fmt.Errorf("store: unable to delete the holiday: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return circulation.ErrNotFound
		}
		return audit(ctx, tx, a, "holiday.delete", "holiday", 0, date)
	})
}

// SeedHolidays stores the seed list once, the first time it is called on a
// database: after that the list is the office's to edit (a deleted holiday
// stays deleted).
func (db *DB) SeedHolidays(ctx context.Context, seed []Holiday) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key = 'holidays_seeded'`).Scan(&done); err != nil {
			return fmt.Errorf("store: unable to read settings: %w", err)
		}
		if done > 0 {
			return nil
		}
		for _, h := range seed {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO holidays (date, name, kind, provisional) VALUES (?,?,?,?)`,
				h.Date, h.Name, h.Kind, h.Provisional); err != nil {
				return fmt.Errorf("store: unable to seed holidays: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('holidays_seeded', ?)`, now())
		return err
	})
}

// AddScheduledVisits stores the visits a schedule generation proposes, in
// one transaction, and returns their ids in order.
func (db *DB) AddScheduledVisits(ctx context.Context, vs []circulation.Visit, month string, a Actor) ([]int64, error) {
	ids := make([]int64, 0, len(vs))
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		for _, v := range vs {
			res, err := tx.ExecContext(ctx, `INSERT INTO visits (location_id, date, created_at, vehicle, scheduled) VALUES (?,?,?,?,1)`,
				v.LocationID, v.Date, now(), v.Vehicle)
			if err != nil {
				return fmt.Errorf("store: unable to add visit: %w", err)
			}
			id, _ := res.LastInsertId()
			ids = append(ids, id)
		}
		return audit(ctx, tx, a, "schedule.generate", "schedule", 0, fmt.Sprintf("%s: %d new visits", month, len(vs)))
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// MoveVisit changes a visit's date and vehicle, recording who moved it.
func (db *DB) MoveVisit(ctx context.Context, id int64, date string, vehicle int, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var old string
		var oldVehicle int
		err := tx.QueryRowContext(ctx, `SELECT date, vehicle FROM visits WHERE id = ?`, id).Scan(&old, &oldVehicle)
		if errors.Is(err, sql.ErrNoRows) {
			return circulation.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: unable to read visit: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET date = ?, vehicle = ? WHERE id = ?`, date, vehicle, id); err != nil {
			return fmt.Errorf("store: unable to move the visit: %w", err)
		}
		return audit(ctx, tx, a, "visit.move", "visit", id,
			fmt.Sprintf("%s vehicle %d → %s vehicle %d", old, oldVehicle, date, vehicle))
	})
}

// PickedItem is one book of a visit's dropping list.
type PickedItem struct {
	circulation.Item
	Requested bool `json:"requested"`
}

// SetPicks replaces a visit's dropping list.
func (db *DB) SetPicks(ctx context.Context, visit int64, picks []circulation.Pick, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM visit_picks WHERE visit_id = ?`, visit); err != nil {
			return fmt.Errorf("store: unable to replace the dropping list: %w", err)
		}
		for i, p := range picks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO visit_picks (visit_id, item_code, pos, requested) VALUES (?,?,?,?)`,
				visit, p.Item.Code, i, p.Requested); err != nil {
				return fmt.Errorf("store: unable to store the dropping list: %w", err)
			}
		}
		return audit(ctx, tx, a, "visit.dropping_list", "visit", visit, fmt.Sprintf("%d books", len(picks)))
	})
}

// Picks returns a visit's dropping list in pick order (by call number).
func (db *DB) Picks(ctx context.Context, visit int64) ([]PickedItem, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT p.item_code, coalesce(i.title, ''), coalesce(i.author, ''), coalesce(i.isbn, ''),
		coalesce(i.level, ''), coalesce(i.call_number, ''), p.requested
		FROM visit_picks p LEFT JOIN items i ON i.code = p.item_code WHERE p.visit_id = ? ORDER BY p.pos`, visit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the dropping list: %w", err)
	}
	defer rows.Close()
	out := []PickedItem{}
	for rows.Next() {
		var p PickedItem
		if err := rows.Scan(&p.Code, &p.Title, &p.Author, &p.ISBN, &p.Level, &p.CallNumber, &p.Requested); err != nil {
			return nil, fmt.Errorf("store: unable to read the dropping list: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PickedElsewhere returns the items on the dropping lists of other visits
// dated from since on that have not reached the re-check yet: they are
// spoken for.
func (db *DB) PickedElsewhere(ctx context.Context, visit int64, since string) (map[string]bool, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT p.item_code FROM visit_picks p JOIN visits v ON v.id = p.visit_id
		WHERE p.visit_id <> ? AND v.date >= ?
		AND NOT EXISTS (SELECT 1 FROM visit_steps s WHERE s.visit_id = p.visit_id AND s.step = 'rechecked')`, visit, since)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read dropping lists: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[c] = true
	}
	return out, rows.Err()
}

// ItemsOfLevel returns the catalog's items of a level; LevelUmum or ""
// returns every item.
func (db *DB) ItemsOfLevel(ctx context.Context, level string) ([]circulation.Item, error) {
	if level == "" || level == circulation.LevelUmum {
		return db.Items(ctx)
	}
	return db.items(ctx, `WHERE level = ? ORDER BY code`, level)
}

// Mark is a checklist tick or a timeline step: when and by whom.
type Mark struct {
	At time.Time `json:"at"`
	By string    `json:"by"`
}

// SetChecklist ticks (done) or unticks a preparation checklist entry.
func (db *DB) SetChecklist(ctx context.Context, visit int64, key string, done bool, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if done {
			_, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO visit_checklist (visit_id, key, done_by, done_at) VALUES (?,?,?,?)`,
				visit, key, a.User, now())
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM visit_checklist WHERE visit_id = ? AND key = ?`, visit, key)
		}
		if err != nil {
			return fmt.Errorf("store: unable to store the checklist: %w", err)
		}
		return audit(ctx, tx, a, map[bool]string{true: "checklist.tick", false: "checklist.untick"}[done], "visit", visit, key)
	})
}

// Checklist returns a visit's ticked checklist entries.
func (db *DB) Checklist(ctx context.Context, visit int64) (map[string]Mark, error) {
	return db.marks(ctx, `SELECT key, done_at, done_by FROM visit_checklist WHERE visit_id = ?`, visit)
}

// Steps returns a visit's recorded timeline steps.
func (db *DB) Steps(ctx context.Context, visit int64) (map[string]Mark, error) {
	return db.marks(ctx, `SELECT step, at, by_user FROM visit_steps WHERE visit_id = ?`, visit)
}

func (db *DB) marks(ctx context.Context, q string, visit int64) (map[string]Mark, error) {
	rows, err := db.r.QueryContext(ctx, q, visit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the visit's marks: %w", err)
	}
	defer rows.Close()
	out := map[string]Mark{}
	for rows.Next() {
		var k, at string
		var m Mark
		if err := rows.Scan(&k, &at, &m.By); err != nil {
			return nil, err
		}
		m.At, _ = time.Parse(time.RFC3339Nano, at)
		out[k] = m
	}
	return out, rows.Err()
}

// AddStep records a timeline step, checking in the same transaction that
// it comes in SOP order (circulation.CheckStep).
func (db *DB) AddStep(ctx context.Context, visit int64, step string, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT step FROM visit_steps WHERE visit_id = ?`, visit)
		if err != nil {
			return fmt.Errorf("store: unable to read the timeline: %w", err)
		}
		done := map[string]bool{}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			done[s] = true
		}
		rows.Close()
		if err := circulation.CheckStep(done, step); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO visit_steps (visit_id, step, at, by_user) VALUES (?,?,?,?)`,
			visit, step, now(), a.User); err != nil {
			return fmt.Errorf("store: unable to record the step: %w", err)
		}
		return audit(ctx, tx, a, "visit."+step, "visit", visit, "")
	})
}
