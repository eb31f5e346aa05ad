package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/auth"
)

func TestUsers(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	created := time.Date(2026, 11, 27, 1, 2, 3, 0, time.UTC)
	for _, u := range []auth.User{
		{Name: "sari", Role: auth.RoleHead, Hash: "h1", Created: created},
		{Name: "budi", Role: auth.RoleOperator, Hash: "h2", Created: created, Disabled: true},
	} {
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateUser(ctx, auth.User{Name: "budi", Role: auth.RoleAdmin, Hash: "x"}); !errors.Is(err, auth.ErrUserExists) {
		t.Fatalf("duplicate name: %v", err)
	}
	if err := db.CreateUser(ctx, auth.User{Name: "tono", Role: "root", Hash: "x"}); err == nil {
		t.Fatal("a user with an unknown role was stored")
	}
	us, err := db.Users(ctx)
	if err != nil || len(us) != 2 {
		t.Fatalf("Users: %+v %v", us, err)
	}
	want := auth.User{Name: "budi", Role: auth.RoleOperator, Hash: "h2", Created: created, Disabled: true}
	if us[0] != want || us[1].Name != "sari" {
		t.Fatalf("Users: %+v, want budi first as %+v", us, want)
	}
	if _, err := db.User(ctx, "tono"); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("unknown user: %v", err)
	}
	if err := db.UpdateUser(ctx, auth.User{Name: "tono", Role: auth.RoleAdmin, Hash: "x"}); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("update of an unknown user: %v", err)
	}
	// STRICT: a text time is refused.
	if _, err := db.w.ExecContext(ctx, `INSERT INTO users (name, role, hash, created_at) VALUES ('x','admin','h','today')`); err == nil {
		t.Fatal("STRICT table took text for an integer column")
	}
}

func TestSessionsRevokedByPasswordChange(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC)
	db.CreateUser(ctx, auth.User{Name: "budi", Role: auth.RoleOperator, Hash: "h1"})
	db.CreateUser(ctx, auth.User{Name: "sari", Role: auth.RoleOperator, Hash: "h2"})
	for _, s := range []auth.SessionRecord{
		{IDHash: "a", User: "budi", CSRF: "c1", Created: now, Expires: now.Add(time.Hour)},
		{IDHash: "b", User: "budi", CSRF: "c2", Created: now, Expires: now.Add(2 * time.Hour)},
		{IDHash: "c", User: "sari", CSRF: "c3", Created: now, Expires: now.Add(time.Hour)},
	} {
		if err := db.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateSession(ctx, auth.SessionRecord{IDHash: "d", User: "tono", CSRF: "c", Created: now, Expires: now}); err == nil {
		t.Fatal("a session of an unknown user was stored")
	}
	s, err := db.SessionByHash(ctx, "a")
	want := auth.SessionRecord{IDHash: "a", User: "budi", CSRF: "c1", Created: now, Expires: now.Add(time.Hour), Role: auth.RoleOperator}
	if err != nil || s != want {
		t.Fatalf("SessionByHash: %+v %v, want %+v", s, err, want)
	}
	if _, err := db.SessionByHash(ctx, "zz"); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}

	// A role change keeps the sessions (and shows at once)…
	if err := db.UpdateUser(ctx, auth.User{Name: "budi", Role: auth.RoleHead, Hash: "h1"}); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.SessionByHash(ctx, "a"); s.Revoked || s.Role != auth.RoleHead {
		t.Fatalf("after a role change: %+v", s)
	}
	// …a password change ends them, only the user's.
	if err := db.UpdateUser(ctx, auth.User{Name: "budi", Role: auth.RoleHead, Hash: "h9"}); err != nil {
		t.Fatal(err)
	}
	for id, revoked := range map[string]bool{"a": true, "b": true, "c": false} {
		if s, _ := db.SessionByHash(ctx, id); s.Revoked != revoked {
			t.Fatalf("session %s revoked %v, want %v", id, s.Revoked, revoked)
		}
	}
	if n, err := db.RevokeUserSessions(ctx, "sari"); n != 1 || err != nil {
		t.Fatalf("RevokeUserSessions: %d %v", n, err)
	}
	db.CreateSession(ctx, auth.SessionRecord{IDHash: "e", User: "sari", CSRF: "c", Created: now, Expires: now.Add(3 * time.Hour)})
	if err := db.RevokeSession(ctx, "nope"); err != nil {
		t.Fatalf("revoke unknown: %v", err)
	}
	n, err := db.DeleteExpiredSessions(ctx, now.Add(2*time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("DeleteExpiredSessions: %d %v, want 3 (a, b, c)", n, err)
	}
	if _, err := db.SessionByHash(ctx, "e"); err != nil {
		t.Fatalf("live session deleted: %v", err)
	}
}

func TestViewerTokenRows(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1", Kind: "school", Level: "SD"})
	v1, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	v2, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-28"})
	now := time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC)
	for i, tk := range []auth.ViewerToken{
		{ID: "t1", VisitID: v1, CreatedBy: "budi", Created: now, Expires: now.Add(time.Hour)},
		{ID: "t2", VisitID: v1, CreatedBy: "sari", Created: now.Add(time.Minute), Expires: now.Add(time.Hour)},
		{ID: "t3", VisitID: v2, CreatedBy: "budi", Created: now, Expires: now.Add(time.Hour)},
	} {
		if err := db.CreateViewerToken(ctx, tk); err != nil {
			t.Fatalf("token %d: %v", i, err)
		}
	}
	if err := db.CreateViewerToken(ctx, auth.ViewerToken{ID: "t4", VisitID: 99, Created: now, Expires: now}); !errors.Is(err, circulation.ErrUnknownVisit) {
		t.Fatalf("unknown visit: %v", err)
	}
	if err := db.CreateViewerToken(ctx, auth.ViewerToken{ID: "t1", VisitID: v2, Created: now, Expires: now}); err == nil {
		t.Fatal("a second token with the same hash was stored")
	}
	ts, err := db.VisitViewerTokens(ctx, v1)
	if err != nil || len(ts) != 2 || ts[0].ID != "t2" || ts[1].ID != "t1" {
		t.Fatalf("VisitViewerTokens: %+v %v, want t2, t1", ts, err)
	}
	if err := db.RevokeViewerToken(ctx, v2, "t1", now); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("revoke through the wrong visit: %v", err)
	}
	if err := db.RevokeViewerToken(ctx, v1, "t1", now.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeViewerToken(ctx, v1, "t1", now.Add(9*time.Minute)); err != nil {
		t.Fatalf("second revocation: %v", err)
	}
	tk, err := db.ViewerTokenByHash(ctx, "t1")
	want := auth.ViewerToken{ID: "t1", VisitID: v1, CreatedBy: "budi", Created: now, Expires: now.Add(time.Hour), Revoked: now.Add(2 * time.Minute)}
	if err != nil || tk != want {
		t.Fatalf("ViewerTokenByHash: %+v %v, want %+v (first revocation kept)", tk, err, want)
	}
	if _, err := db.ViewerTokenByHash(ctx, "zz"); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("unknown token: %v", err)
	}
}
