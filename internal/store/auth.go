package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/auth"
)

// The auth tables keep times as Unix seconds (see 0003_auth.sql).

func authSecs(t time.Time) int64 { return t.Unix() }

func authTime(n int64) time.Time { return time.Unix(n, 0).UTC() }

func authBool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// CreateUser stores a new user; auth.ErrUserExists when the name is taken.
// A zero u.Created means now.
func (db *DB) CreateUser(ctx context.Context, u auth.User) error {
	if u.Created.IsZero() {
		u.Created = time.Now()
	}
	res, err := db.w.ExecContext(ctx, `INSERT INTO users (name, role, hash, created_at, disabled)
		VALUES (?,?,?,?,?) ON CONFLICT(name) DO NOTHING`,
		u.Name, string(u.Role), u.Hash, authSecs(u.Created), authBool(u.Disabled))
	if err != nil {
		return fmt.Errorf("store: unable to add user %s: %w", u.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: unable to add user %s: %w", u.Name, auth.ErrUserExists)
	}
	return nil
}

// UpdateUser sets the role, hash and disabled flag of the user u.Name
// (auth.ErrNotFound when there is none). When the hash changes or the user
// is disabled, all their sessions are revoked in the same transaction.
func (db *DB) UpdateUser(ctx context.Context, u auth.User) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: unable to update user %s: %w", u.Name, err)
	}
	defer tx.Rollback()
	var oldHash string
	err = tx.QueryRowContext(ctx, `SELECT hash FROM users WHERE name = ?`, u.Name).Scan(&oldHash)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: unable to update user %s: %w", u.Name, auth.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: unable to update user %s: %w", u.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, hash = ?, disabled = ? WHERE name = ?`,
		string(u.Role), u.Hash, authBool(u.Disabled), u.Name); err != nil {
		return fmt.Errorf("store: unable to update user %s: %w", u.Name, err)
	}
	if u.Hash != oldHash || u.Disabled {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET revoked = 1 WHERE user_name = ?`, u.Name); err != nil {
			return fmt.Errorf("store: unable to end the sessions of %s: %w", u.Name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: unable to update user %s: %w", u.Name, err)
	}
	return nil
}

// User returns the user, or auth.ErrNotFound.
func (db *DB) User(ctx context.Context, name string) (auth.User, error) {
	us, err := db.users(ctx, `WHERE name = ?`, name)
	if err != nil {
		return auth.User{}, err
	}
	if len(us) == 0 {
		return auth.User{}, auth.ErrNotFound
	}
	return us[0], nil
}

// Users returns every user ordered by name.
func (db *DB) Users(ctx context.Context) ([]auth.User, error) {
	return db.users(ctx, `ORDER BY name`)
}

func (db *DB) users(ctx context.Context, where string, args ...any) ([]auth.User, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT name, role, hash, created_at, disabled FROM users `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list users: %w", err)
	}
	defer rows.Close()
	out := []auth.User{}
	for rows.Next() {
		var u auth.User
		var role string
		var created, disabled int64
		if err := rows.Scan(&u.Name, &role, &u.Hash, &created, &disabled); err != nil {
			return nil, fmt.Errorf("store: unable to read user: %w", err)
		}
		u.Role, u.Created, u.Disabled = auth.Role(role), authTime(created), disabled != 0
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list users: %w", err)
	}
	return out, nil
}

// CreateSession stores a new session.
func (db *DB) CreateSession(ctx context.Context, s auth.SessionRecord) error {
	_, err := db.w.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_name, csrf, created_at, expires_at, revoked)
		VALUES (?,?,?,?,?,?)`, s.IDHash, s.User, s.CSRF, authSecs(s.Created), authSecs(s.Expires), authBool(s.Revoked))
	if err != nil {
		return fmt.Errorf("store: unable to add session: %w", err)
	}
	return nil
}

// SessionByHash returns the session with the id hash, with its user's
// current role and disabled flag, or auth.ErrNotFound.
func (db *DB) SessionByHash(ctx context.Context, idHash string) (auth.SessionRecord, error) {
	var s auth.SessionRecord
	var role string
	var created, expires, revoked, disabled int64
	err := db.r.QueryRowContext(ctx, `SELECT s.id_hash, s.user_name, s.csrf, s.created_at, s.expires_at, s.revoked,
			u.role, u.disabled
		FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.id_hash = ?`, idHash).
		Scan(&s.IDHash, &s.User, &s.CSRF, &created, &expires, &revoked, &role, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return s, auth.ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("store: unable to read session: %w", err)
	}
	s.Created, s.Expires, s.Revoked = authTime(created), authTime(expires), revoked != 0
	s.Role, s.UserDisabled = auth.Role(role), disabled != 0
	return s, nil
}

// RevokeSession ends the session; an unknown one is no error.
func (db *DB) RevokeSession(ctx context.Context, idHash string) error {
	if _, err := db.w.ExecContext(ctx, `UPDATE sessions SET revoked = 1 WHERE id_hash = ?`, idHash); err != nil {
		return fmt.Errorf("store: unable to revoke session: %w", err)
	}
	return nil
}

// RevokeUserSessions ends every session of the user and returns how many
// were still open.
func (db *DB) RevokeUserSessions(ctx context.Context, name string) (int64, error) {
	res, err := db.w.ExecContext(ctx, `UPDATE sessions SET revoked = 1 WHERE user_name = ? AND revoked = 0`, name)
	if err != nil {
		return 0, fmt.Errorf("store: unable to revoke the sessions of %s: %w", name, err)
	}
	return res.RowsAffected()
}

// DeleteExpiredSessions deletes the sessions expired at now and the revoked
// ones, and returns how many it deleted.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR revoked = 1`, authSecs(now))
	if err != nil {
		return 0, fmt.Errorf("store: unable to delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// CreateViewerToken stores a viewer token (t.ID is its hash). An unknown
// visit is circulation.ErrUnknownVisit.
func (db *DB) CreateViewerToken(ctx context.Context, t auth.ViewerToken) error {
	// INSERT … SELECT instead of relying on the foreign key, so that an
	// unknown visit is told apart from a failing database.
	res, err := db.w.ExecContext(ctx, `INSERT INTO viewer_tokens (token_hash, visit_id, created_by, created_at, expires_at, revoked_at)
		SELECT ?, id, ?, ?, ?, ? FROM visits WHERE id = ?`,
		t.ID, t.CreatedBy, authSecs(t.Created), authSecs(t.Expires), authNullSecs(t.Revoked), t.VisitID)
	if err != nil {
		return fmt.Errorf("store: unable to add viewer token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: unable to add viewer token: %w", circulation.ErrUnknownVisit)
	}
	return nil
}

// ViewerTokenByHash returns the viewer token with the hash, or
// auth.ErrNotFound.
func (db *DB) ViewerTokenByHash(ctx context.Context, hash string) (auth.ViewerToken, error) {
	ts, err := db.viewerTokens(ctx, `WHERE token_hash = ?`, hash)
	if err != nil {
		return auth.ViewerToken{}, err
	}
	if len(ts) == 0 {
		return auth.ViewerToken{}, auth.ErrNotFound
	}
	return ts[0], nil
}

// VisitViewerTokens lists the visit's viewer tokens, newest first.
func (db *DB) VisitViewerTokens(ctx context.Context, visitID int64) ([]auth.ViewerToken, error) {
	return db.viewerTokens(ctx, `WHERE visit_id = ? ORDER BY created_at DESC, rowid DESC`, visitID)
}

// RevokeViewerToken records that the visit's token with the hash was
// revoked at at, unless it already was; auth.ErrNotFound when the visit has
// no such token.
func (db *DB) RevokeViewerToken(ctx context.Context, visitID int64, hash string, at time.Time) error {
	res, err := db.w.ExecContext(ctx, `UPDATE viewer_tokens SET revoked_at = COALESCE(revoked_at, ?)
		WHERE token_hash = ? AND visit_id = ?`, authSecs(at), hash, visitID)
	if err != nil {
		return fmt.Errorf("store: unable to revoke viewer token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: unable to revoke viewer token: %w", auth.ErrNotFound)
	}
	return nil
}

func (db *DB) viewerTokens(ctx context.Context, where string, args ...any) ([]auth.ViewerToken, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT token_hash, visit_id, created_by, created_at, expires_at, revoked_at
		FROM viewer_tokens `+where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list viewer tokens: %w", err)
	}
	defer rows.Close()
	out := []auth.ViewerToken{}
	for rows.Next() {
		var t auth.ViewerToken
		var created, expires int64
		var revoked sql.NullInt64
		if err := rows.Scan(&t.ID, &t.VisitID, &t.CreatedBy, &created, &expires, &revoked); err != nil {
			return nil, fmt.Errorf("store: unable to read viewer token: %w", err)
		}
		t.Created, t.Expires = authTime(created), authTime(expires)
		if revoked.Valid {
			t.Revoked = authTime(revoked.Int64)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to list viewer tokens: %w", err)
	}
	return out, nil
}

func authNullSecs(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

// The store is the auth service's storage.
var _ auth.Store = (*DB)(nil)
