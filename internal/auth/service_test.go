package auth_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/auth"
	"anterkoper/internal/store"
)

// clock is the tests' time: it moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// countingDB is the real store, counting how often a user is looked up
// (each lookup precedes a password check).
type countingDB struct {
	*store.DB
	lookups atomic.Int64
}

func (c *countingDB) User(ctx context.Context, name string) (auth.User, error) {
	c.lookups.Add(1)
	return c.DB.User(ctx, name)
}

type fixture struct {
	db    *countingDB
	clock *clock
	auth  *auth.Service
	visit int64
}

// newFixture opens a real database with users budi (operator, PIN 1234) and
// sari (head, disabled) and one visit.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	db, err := store.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	for _, u := range []auth.User{
		{Name: "budi", Role: auth.RoleOperator},
		{Name: "sari", Role: auth.RoleHead, Disabled: true},
	} {
		if u.Hash, err = auth.HashPassword("1234"); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	loc, err := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1", Kind: "school", Level: "SD"})
	if err != nil {
		t.Fatal(err)
	}
	visit, err := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: &countingDB{DB: db}, clock: newClock(), visit: visit}
	f.auth = auth.New(f.db, auth.Options{Now: f.clock.Now})
	return f
}

// request is a request carrying the cookies the recorder was sent.
func request(method, path string, from *httptest.ResponseRecorder) *http.Request {
	r := httptest.NewRequest(method, path, nil)
	for _, c := range from.Result().Cookies() {
		r.AddCookie(c)
	}
	return r
}

func TestLogin(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, user, password string
		want                 error
	}{
		{"ok", "budi", "1234", nil},
		{"name in another case", " Budi ", "1234", nil},
		{"wrong password", "budi", "1235", auth.ErrBadLogin},
		{"empty password", "budi", "", auth.ErrBadLogin},
		{"unknown user", "tono", "1234", auth.ErrBadLogin},
		{"invalid name", "a b", "1234", auth.ErrBadLogin},
		{"disabled user", "sari", "1234", auth.ErrBadLogin},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sess, err := f.auth.Login(ctx, tc.user, tc.password, "192.168.4.20:50000")
			if !errors.Is(err, tc.want) {
				t.Fatalf("Login: %v, want %v", err, tc.want)
			}
			if err != nil {
				if sess != (auth.Session{}) {
					t.Fatalf("session %+v returned with an error", sess)
				}
				return
			}
			if sess.User != "budi" || sess.Role != auth.RoleOperator || len(sess.ID) != 43 || len(sess.CSRF) != 43 ||
				sess.ID == sess.CSRF || !sess.Expires.Equal(f.clock.Now().Add(12*time.Hour)) {
				t.Fatalf("session %+v", sess)
			}
		})
	}
}

func TestLoginRateLimit(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const attacker, other = "192.168.4.66:40000", "192.168.4.20:40000"
	for i := range 10 {
		if _, err := f.auth.Login(ctx, "budi", "0000", attacker); !errors.Is(err, auth.ErrBadLogin) {
			t.Fatalf("failure %d: %v", i+1, err)
		}
		f.clock.Add(time.Second)
	}
	checked := f.db.lookups.Load()
	// The 11th attempt is refused even with the right password, unchecked.
	_, err := f.auth.Login(ctx, "budi", "1234", "192.168.4.66:40001")
	var rl *auth.RateLimitError
	if !errors.Is(err, auth.ErrRateLimited) || !errors.As(err, &rl) || rl.RetryAfter != 5*time.Minute-10*time.Second {
		t.Fatalf("11th attempt: %v, want ErrRateLimited with RetryAfter 4m50s", err)
	}
	if f.db.lookups.Load() != checked {
		t.Fatal("a refused attempt looked the user up")
	}
	// Other addresses are not affected, and their success resets nothing.
	if _, err := f.auth.Login(ctx, "budi", "1234", other); err != nil {
		t.Fatalf("other address: %v", err)
	}
	if _, err := f.auth.Login(ctx, "budi", "1234", attacker); !errors.Is(err, auth.ErrRateLimited) {
		t.Fatalf("after another address logged in: %v", err)
	}
	// When the first failure is 5 minutes old, one attempt is allowed again;
	// after the whole window, all are.
	f.clock.Add(5*time.Minute - 10*time.Second)
	if _, err := f.auth.Login(ctx, "budi", "0000", attacker); !errors.Is(err, auth.ErrBadLogin) {
		t.Fatalf("after the oldest failure left the window: %v", err)
	}
	if _, err := f.auth.Login(ctx, "budi", "1234", attacker); !errors.Is(err, auth.ErrRateLimited) {
		t.Fatalf("right after a new failure: %v", err)
	}
	f.clock.Add(5 * time.Minute)
	if _, err := f.auth.Login(ctx, "budi", "1234", attacker); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestLoginRateLimitConcurrent(t *testing.T) {
	f := newFixture(t)
	var bad, limited atomic.Int64
	var wg sync.WaitGroup
	for range 30 {
		wg.Go(func() {
			_, err := f.auth.Login(context.Background(), "budi", "9999", "10.1.1.1")
			switch {
			case errors.Is(err, auth.ErrBadLogin):
				bad.Add(1)
			case errors.Is(err, auth.ErrRateLimited):
				limited.Add(1)
			default:
				t.Errorf("Login: %v", err)
			}
		})
	}
	wg.Wait()
	if bad.Load() != 10 || limited.Load() != 20 {
		t.Fatalf("%d passwords checked, %d refused; want 10 and 20", bad.Load(), limited.Load())
	}
}

func TestSessionCookieCSRFAndLogout(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sess, err := f.auth.Login(ctx, "budi", "1234", "127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	for _, secure := range []bool{false, true} {
		rec := httptest.NewRecorder()
		f.auth.SetSessionCookie(rec, sess, secure)
		cs := rec.Result().Cookies()
		if len(cs) != 1 {
			t.Fatalf("%d cookies", len(cs))
		}
		c := cs[0]
		wantName := map[bool]string{false: "anterkoper_session", true: "__Host-anterkoper_session"}[secure]
		if c.Name != wantName || c.Value != sess.ID || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode ||
			c.Path != "/" || c.Secure != secure || c.MaxAge != 12*3600 || c.Domain != "" {
			t.Fatalf("secure=%v: cookie %+v", secure, c)
		}
		got, ok := f.auth.Session(ctx, request("GET", "/api/visits", rec))
		if !ok || got != sess {
			t.Fatalf("secure=%v: Session = %+v %v, want %+v", secure, got, ok, sess)
		}
	}

	rec := httptest.NewRecorder()
	f.auth.SetSessionCookie(rec, sess, false)
	for _, tc := range []struct {
		name, header string
		want         bool
	}{
		{"right token", sess.CSRF, true},
		{"missing", "", false},
		{"wrong", sess.CSRF[:42] + "x", false},
		{"the session id", sess.ID, false},
	} {
		r := request("POST", "/api/visits", rec)
		if tc.header != "" {
			r.Header.Set("X-CSRF-Token", tc.header)
		}
		if got := auth.CheckCSRF(r, sess); got != tc.want {
			t.Errorf("CSRF %s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if auth.CheckCSRF(request("POST", "/", rec), auth.Session{}) {
		t.Error("CSRF passes for an empty session")
	}

	for _, tc := range []struct{ name, cookie string }{
		{"no cookie", ""},
		{"garbage", "anterkoper_session=x"},
		{"unknown id", "anterkoper_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{"the CSRF token", "anterkoper_session=" + sess.CSRF},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if tc.cookie != "" {
			r.Header.Set("Cookie", tc.cookie)
		}
		if _, ok := f.auth.Session(ctx, r); ok {
			t.Errorf("%s: a session was found", tc.name)
		}
	}

	if err := f.auth.Logout(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.auth.Session(ctx, request("GET", "/", rec)); ok {
		t.Fatal("the cookie still works after logout")
	}
	if err := f.auth.Logout(ctx, sess.ID); err != nil {
		t.Fatalf("second logout: %v", err)
	}
	clear := httptest.NewRecorder()
	f.auth.ClearSessionCookie(clear, true)
	for _, c := range clear.Result().Cookies() {
		if c.MaxAge >= 0 || c.Value != "" {
			t.Fatalf("clearing cookie %+v", c)
		}
	}
	if n := len(clear.Result().Cookies()); n != 2 {
		t.Fatalf("%d cookies cleared, want both names", n)
	}
}

func TestSessionEnds(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		end  func(f *fixture)
	}{
		{"expiry after 12 hours", func(f *fixture) { f.clock.Add(12 * time.Hour) }},
		{"password change", func(f *fixture) {
			u, _ := f.db.DB.User(ctx, "budi")
			u.Hash, _ = auth.HashPassword("5678")
			if err := f.db.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}},
		{"user disabled", func(f *fixture) {
			u, _ := f.db.DB.User(ctx, "budi")
			u.Disabled = true
			if err := f.db.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			sess, err := f.auth.Login(ctx, "budi", "1234", "127.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			f.auth.SetSessionCookie(rec, sess, false)
			f.clock.Add(12*time.Hour - time.Second)
			if _, ok := f.auth.Session(ctx, request("GET", "/", rec)); !ok {
				t.Fatal("session ended early")
			}
			tc.end(f)
			if _, ok := f.auth.Session(ctx, request("GET", "/", rec)); ok {
				t.Fatal("session still valid")
			}
		})
	}
}

func TestRoleChangeTakesEffect(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sess, _ := f.auth.Login(ctx, "budi", "1234", "127.0.0.1")
	u, _ := f.db.DB.User(ctx, "budi")
	u.Role = auth.RoleCoordinator
	if err := f.db.UpdateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	f.auth.SetSessionCookie(rec, sess, false)
	got, ok := f.auth.Session(ctx, request("GET", "/", rec))
	if !ok || got.Role != auth.RoleCoordinator {
		t.Fatalf("after a role change: %+v %v", got, ok)
	}
}

func TestCleanupDeletesDeadSessions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	ended, _ := f.auth.Login(ctx, "budi", "1234", "127.0.0.1")
	f.auth.Logout(ctx, ended.ID)
	f.clock.Add(6 * time.Hour)
	live, _ := f.auth.Login(ctx, "budi", "1234", "127.0.0.1")
	f.clock.Add(6 * time.Hour) // the first session would have expired now anyway
	if err := f.auth.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	hash := func(id string) string { h := sha256.Sum256([]byte(id)); return hex.EncodeToString(h[:]) }
	if _, err := f.db.SessionByHash(ctx, hash(ended.ID)); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("ended session: %v, want deleted", err)
	}
	if _, err := f.db.SessionByHash(ctx, hash(live.ID)); err != nil {
		t.Fatalf("live session: %v", err)
	}

	// Serve cleans once at start and returns nil when cancelled.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := f.auth.Serve(cctx); err != nil {
		t.Fatalf("Serve: %v", err)
	}
}

func TestViewerTokens(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	db := f.db.DB
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SMP N 2", Kind: "school", Level: "SMP"})
	otherVisit, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})

	tok, exp, err := f.auth.NewViewerToken(ctx, f.visit, "budi", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) < 22 || !exp.Equal(f.clock.Now().Add(12*time.Hour)) {
		t.Fatalf("token %q expires %v", tok, exp)
	}
	for _, c := range tok {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			t.Fatalf("token %q is not URL-safe", tok)
		}
	}
	if err := f.auth.CheckViewerToken(ctx, tok, f.visit); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	list, err := f.auth.ViewerTokens(ctx, f.visit)
	if err != nil || len(list) != 1 || list[0].CreatedBy != "budi" || !list[0].Active(f.clock.Now()) {
		t.Fatalf("list: %+v %v", list, err)
	}
	id := list[0].ID
	for _, tc := range []struct {
		name, token string
		visit       int64
	}{
		{"other visit", tok, otherVisit},
		{"unknown visit", tok, 999},
		{"the ID instead of the token", id, f.visit},
		{"empty", "", f.visit},
		{"changed", tok[:len(tok)-1] + "A", f.visit},
	} {
		if tc.name == "changed" && tok[len(tok)-1] == 'A' {
			tc.token = tok[:len(tok)-1] + "B"
		}
		if err := f.auth.CheckViewerToken(ctx, tc.token, tc.visit); !errors.Is(err, auth.ErrTokenInvalid) {
			t.Errorf("%s: %v, want ErrTokenInvalid", tc.name, err)
		}
	}
	if _, _, err := f.auth.NewViewerToken(ctx, 999, "budi", 0); !errors.Is(err, circulation.ErrUnknownVisit) {
		t.Fatalf("token for an unknown visit: %v", err)
	}

	// Revocation: only through its own visit, by token or by ID, twice is fine.
	if err := f.auth.RevokeViewerToken(ctx, otherVisit, tok); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("revoke through another visit: %v", err)
	}
	if err := f.auth.CheckViewerToken(ctx, tok, f.visit); err != nil {
		t.Fatalf("after a refused revocation: %v", err)
	}
	if err := f.auth.RevokeViewerToken(ctx, f.visit, tok); err != nil {
		t.Fatal(err)
	}
	if err := f.auth.CheckViewerToken(ctx, tok, f.visit); !errors.Is(err, auth.ErrTokenInvalid) {
		t.Fatalf("revoked token: %v", err)
	}
	f.clock.Add(time.Minute)
	if err := f.auth.RevokeViewerToken(ctx, f.visit, id); err != nil {
		t.Fatalf("second revocation by ID: %v", err)
	}
	if err := f.auth.RevokeViewerToken(ctx, f.visit, "nonsense"); !errors.Is(err, auth.ErrNotFound) {
		t.Fatalf("revoke nonsense: %v", err)
	}

	// Expiry, with a custom lifetime.
	tok2, _, err := f.auth.NewViewerToken(ctx, f.visit, "budi", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Add(time.Hour - time.Second)
	if err := f.auth.CheckViewerToken(ctx, tok2, f.visit); err != nil {
		t.Fatalf("token before expiry: %v", err)
	}
	f.clock.Add(time.Second)
	if err := f.auth.CheckViewerToken(ctx, tok2, f.visit); !errors.Is(err, auth.ErrTokenInvalid) {
		t.Fatalf("expired token: %v", err)
	}

	list, _ = f.auth.ViewerTokens(ctx, f.visit)
	if len(list) != 2 || list[1].ID != id || list[1].Revoked.IsZero() || !list[1].Revoked.Before(f.clock.Now().Add(-time.Hour)) || list[0].Active(f.clock.Now()) {
		t.Fatalf("list after revoke and expiry: %+v (the first revocation time must be kept)", list)
	}
}
