package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"anterkoper/circulation"
)

// MemberRecord is a member with the personal data the office keeps.
type MemberRecord struct {
	ID           int64     `json:"id"`
	CardNumber   string    `json:"card_number"`
	Name         string    `json:"name"`
	Address      string    `json:"address"`
	Phone        string    `json:"phone"`
	Institution  string    `json:"institution"`
	IDNumber     string    `json:"id_number,omitempty"`
	Photo        []byte    `json:"-"`
	Type         string    `json:"member_type"`
	SLiMSID      string    `json:"slims_id,omitempty"`
	Source       string    `json:"source"`
	Registered   time.Time `json:"registered_at"`
	RegisteredBy string    `json:"registered_by,omitempty"`
	VisitID      int64     `json:"visit_id,omitempty"`
	Erased       bool      `json:"erased"`
}

// ErasedName stands in for an erased member's name.
const ErasedName = "(anggota dihapus)"

// ErrCardTaken is returned when a card number is already a member's.
var ErrCardTaken = errors.New("store: that card number already belongs to a member")

// CreateMember registers a member. makeCard is given the next number in
// the kiosk's sequence and returns the card number to store.
func (db *DB) CreateMember(ctx context.Context, m MemberRecord, makeCard func(seq int64) (string, error), a Actor) (MemberRecord, error) {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM members WHERE source = 'kiosk'`).Scan(&n); err != nil {
			return fmt.Errorf("store: unable to count members: %w", err)
		}
		card, err := makeCard(n + 1)
		if err != nil {
			return err
		}
		m.CardNumber, m.Source, m.Registered = card, "kiosk", time.Now()
		if m.Type == "" {
			m.Type = "umum"
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO members (card_number, name, address, phone, institution, id_number, photo,
			member_type, source, registered_at, registered_by, visit_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			m.CardNumber, m.Name, m.Address, m.Phone, m.Institution, m.IDNumber, m.Photo, m.Type, m.Source,
			m.Registered.UTC().Format(time.RFC3339Nano), a.User, m.VisitID)
		if err != nil {
			return fmt.Errorf("store: unable to register the member: %w", err)
		}
		m.ID, _ = res.LastInsertId()
		return audit(ctx, tx, a, "member.register", "member", m.ID, "") // no personal data in the trail
	})
	return m, err
}

const memberCols = `id, COALESCE(card_number, ''), name, address, phone, institution, id_number, photo, member_type,
	slims_id, source, registered_at, registered_by, visit_id, erased_at`

func scanMember(row interface{ Scan(...any) error }) (MemberRecord, error) {
	var m MemberRecord
	var reg, erased string
	err := row.Scan(&m.ID, &m.CardNumber, &m.Name, &m.Address, &m.Phone, &m.Institution, &m.IDNumber, &m.Photo,
		&m.Type, &m.SLiMSID, &m.Source, &reg, &m.RegisteredBy, &m.VisitID, &erased)
	m.Registered, _ = time.Parse(time.RFC3339Nano, reg)
	m.Erased = erased != ""
	return m, err
}

// MemberRecord returns a member, or circulation.ErrNotFound.
func (db *DB) MemberRecord(ctx context.Context, id int64) (MemberRecord, error) {
	m, err := scanMember(db.r.QueryRowContext(ctx, `SELECT `+memberCols+` FROM members WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, circulation.ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: unable to read the member: %w", err)
	}
	return m, nil
}

// MemberByCard finds a (not erased) member by card number, for the engine.
func (db *DB) MemberByCard(ctx context.Context, card string) (circulation.Member, error) {
	var m circulation.Member
	err := db.r.QueryRowContext(ctx, `SELECT id, card_number, member_type FROM members WHERE card_number = ? AND erased_at = ''`, card).
		Scan(&m.ID, &m.Card, &m.Type)
	if errors.Is(err, sql.ErrNoRows) {
		return m, circulation.ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: unable to look up the card: %w", err)
	}
	return m, nil
}

// Member returns what the engine needs of a member.
func (db *DB) Member(ctx context.Context, id int64) (circulation.Member, error) {
	var m circulation.Member
	err := db.r.QueryRowContext(ctx, `SELECT id, COALESCE(card_number, ''), member_type FROM members WHERE id = ?`, id).Scan(&m.ID, &m.Card, &m.Type)
	if errors.Is(err, sql.ErrNoRows) {
		return m, circulation.ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("store: unable to read the member: %w", err)
	}
	return m, nil
}

// Members returns the members whose name or card number contains q (all
// when q is empty), erased ones left out, at most limit of them.
func (db *DB) Members(ctx context.Context, q string, limit int) ([]MemberRecord, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+memberCols+` FROM members WHERE erased_at = ''
		AND (? = '' OR instr(lower(name), lower(?)) > 0 OR instr(card_number, ?) > 0) ORDER BY name, id LIMIT ?`, q, q, q, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list members: %w", err)
	}
	defer rows.Close()
	out := []MemberRecord{}
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// KioskMembers returns the members registered on the road (not imported,
// not erased), for the hand-off to SLiMS.
func (db *DB) KioskMembers(ctx context.Context) ([]MemberRecord, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+memberCols+` FROM members WHERE source = 'kiosk' AND erased_at = '' ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list members: %w", err)
	}
	defer rows.Close()
	var out []MemberRecord
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// EraseMember removes a member's personal data (UU 27/2022): the row stays
// as an anonymous placeholder so that loans and counts are unchanged, and
// the card no longer opens a checkout.
func (db *DB) EraseMember(ctx context.Context, id int64, a Actor) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE members SET card_number = NULL, name = ?, address = '', phone = '',
			institution = '', id_number = '', photo = NULL, slims_id = '', erased_at = ? WHERE id = ? AND erased_at = ''`,
			ErasedName, now(), id)
		if err != nil {
			return fmt.Errorf("store: unable to erase the member: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return circulation.ErrNotFound
		}
		return audit(ctx, tx, a, "member.erase", "member", id, "")
	})
}

// ImportMembers adds or updates members from a SLiMS export, keyed by
// their SLiMS member_id (also their card number), all in one transaction.
func (db *DB) ImportMembers(ctx context.Context, ms []MemberRecord) (added, updated int, err error) {
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		for _, m := range ms {
			var id int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM members WHERE slims_id = ?`, m.SLiMSID).Scan(&id)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				_, err = tx.ExecContext(ctx, `INSERT INTO members (card_number, name, address, phone, institution, member_type,
					slims_id, source, registered_at) VALUES (?,?,?,?,?,?,?,'slims',?)`,
					m.SLiMSID, m.Name, m.Address, m.Phone, m.Institution, m.Type, m.SLiMSID, now())
				added++
			case err == nil:
				_, err = tx.ExecContext(ctx, `UPDATE members SET name = ?, address = ?, phone = ?, institution = ?, member_type = ?
					WHERE id = ? AND erased_at = ''`, m.Name, m.Address, m.Phone, m.Institution, m.Type, id)
				updated++
			}
			if err != nil {
				return fmt.Errorf("store: member %s: %w", m.SLiMSID, classifyUnique(err))
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, err
	}
	return added, updated, nil
}

func classifyUnique(err error) error {
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: members.card_number") {
		return ErrCardTaken
	}
	return err
}

// MemberLend is when and in which visit the item's current loan to the
// member was made.
func (db *DB) MemberLend(ctx context.Context, member int64, item string) (time.Time, int64, error) {
	var at, visit int64
	err := db.r.QueryRowContext(ctx, `SELECT at, visit_id FROM events WHERE member_id = ? AND item_code = ?
		AND type = 'scan' AND mode = 'lend' AND outcome = 'accepted' ORDER BY seq DESC LIMIT 1`, member, item).Scan(&at, &visit)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, 0, circulation.ErrNotFound
	}
	return time.UnixMicro(at), visit, err
}
