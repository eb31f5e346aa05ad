package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"anterkoper/circulation"
	"anterkoper/internal/auth"
	"anterkoper/internal/store"
)

// lanServer is a LAN-mode server with one operator, "sri", password
// "rahasia123", and two visits.
func lanServer(t *testing.T) (*testServer, int64, int64) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword("rahasia123")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(context.Background(), auth.User{Name: "sri", Role: auth.RoleOperator, Hash: hash}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db.UpsertItems(ctx, []circulation.Item{{Code: "B00001", Title: "Si Kancil"}, {Code: "B00002", Title: "Timun Mas"}})
	loc, _ := db.CreateLocation(ctx, circulation.Location{Name: "SD N 1 Ungaran", Kind: "school", Level: "SD"})
	v1, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
	v2, _ := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-28"})
	db.Close()
	ts := startServerWith(t, dir, func(db *store.DB) Options {
		return Options{LAN: &LAN{Auth: auth.New(db, auth.Options{})}}
	})
	return ts, v1, v2
}

// client is a browser-like HTTP client with its own cookie jar.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, hc: &http.Client{Jar: jar}}
}

func (c *client) do(method, path, body string, hdr map[string]string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (c *client) login(user, pw string) int {
	c.t.Helper()
	code, body := c.do("POST", "/api/login", fmt.Sprintf(`{"user":%q,"password":%q}`, user, pw), nil)
	var r struct{ CSRF string }
	json.Unmarshal([]byte(body), &r)
	c.csrf = r.CSRF
	return code
}

func TestLANModeRefusesWhatItShould(t *testing.T) {
	ts, v1, v2 := lanServer(t)
	scan := fmt.Sprintf("/api/visits/%d/scans", v1)
	anon := newClient(t, ts.url)

	if code, _ := anon.do("GET", "/healthz", "", nil); code != 200 {
		t.Fatalf("healthz needs no login: %d", code)
	}
	var sess sessionView
	_, body := anon.do("GET", "/api/session", "", nil)
	json.Unmarshal([]byte(body), &sess)
	if !sess.LAN || sess.User != nil {
		t.Fatalf("anonymous session view %s", body)
	}

	op := newClient(t, ts.url)
	if code := op.login("sri", "salah"); code != 401 {
		t.Fatalf("wrong password: %d", code)
	}
	if code := op.login("sri", "rahasia123"); code != 200 || op.csrf == "" {
		t.Fatalf("login: %d csrf %q", code, op.csrf)
	}
	stale := op.csrf

	type row struct {
		name   string
		c      *client
		method string
		path   string
		hdr    map[string]string
		want   int
	}
	rows := []row{
		{"no session: scan", anon, "POST", scan, nil, 401},
		{"no session: mode", anon, "PUT", fmt.Sprintf("/api/visits/%d/mode", v1), nil, 401},
		{"no session: read a tally", anon, "GET", fmt.Sprintf("/api/visits/%d/tally", v1), nil, 401},
		{"no session: locations", anon, "GET", "/api/locations", nil, 401},
		{"no session: set active", anon, "PUT", "/api/active", nil, 401},
		{"no session: make a viewer link", anon, "POST", fmt.Sprintf("/api/visits/%d/viewer-tokens", v1), nil, 401},
		{"session, no CSRF", op, "POST", scan, nil, 403},
		{"session, wrong CSRF", op, "POST", scan, map[string]string{"X-CSRF-Token": "x" + stale[1:]}, 403},
		{"session and CSRF", op, "POST", scan, map[string]string{"X-CSRF-Token": stale}, 201},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			body := `{"code":"B00001"}`
			if strings.HasSuffix(r.path, "/mode") {
				body = `{"mode":"lend"}`
			}
			if code, resp := r.c.do(r.method, r.path, body, r.hdr); code != r.want {
				t.Fatalf("%s %s: %d %s, want %d", r.method, r.path, code, resp, r.want)
			}
		})
	}

	// A viewer link opens its own visit, read-only, until revoked.
	code, body := op.do("POST", fmt.Sprintf("/api/visits/%d/viewer-tokens", v1), "", map[string]string{"X-CSRF-Token": op.csrf})
	var vt viewerTokenView
	json.Unmarshal([]byte(body), &vt)
	if code != 201 || vt.Token == "" || !strings.Contains(vt.URL, fmt.Sprintf("/viewer?visit=%d&token=", v1)) || !strings.HasPrefix(vt.QR, "data:image/png;base64,") {
		t.Fatalf("viewer token: %d %s", code, body)
	}
	phone := newClient(t, ts.url)
	tok := "token=" + vt.Token
	for _, r := range []struct {
		method, path string
		want         int
	}{
		{"GET", fmt.Sprintf("/api/visits/%d/tally?%s", v1, tok), 200},
		{"GET", fmt.Sprintf("/api/visits/%d?%s", v1, tok), 200},
		{"GET", fmt.Sprintf("/api/visits/%d/tally?%s", v2, tok), 403},
		{"GET", fmt.Sprintf("/api/visits/%d/lists?%s", v1, tok), 403},
		{"GET", "/api/locations?" + tok, 403},
		{"POST", fmt.Sprintf("/api/visits/%d/scans?%s", v1, tok), 401},
		{"DELETE", fmt.Sprintf("/api/visits/%d/viewer-tokens/%s?%s", v1, vt.Token, tok), 401},
	} {
		if code, resp := phone.do(r.method, r.path, `{"code":"B00002"}`, nil); code != r.want {
			t.Fatalf("viewer token %s %s: %d %s, want %d", r.method, r.path, code, resp, r.want)
		}
	}
	wsURL := func(visit int64) string {
		return strings.Replace(ts.url, "http://", "ws://", 1) + fmt.Sprintf("/api/visits/%d/ws?%s", visit, tok)
	}
	c, _, err := websocket.DefaultDialer.Dial(wsURL(v1), nil)
	if err != nil {
		t.Fatalf("viewer socket: %v", err)
	}
	if m := readMsg(t, c); m.Type != "snapshot" {
		t.Fatalf("viewer socket first message %+v", m)
	}
	defer c.Close()
	if _, resp, err := websocket.DefaultDialer.Dial(wsURL(v2), nil); err == nil || resp.StatusCode != 403 {
		t.Fatalf("viewer token on another visit's socket: %v", err)
	}
	if code, resp := op.do("DELETE", fmt.Sprintf("/api/visits/%d/viewer-tokens/%s", v1, vt.Token), "", map[string]string{"X-CSRF-Token": op.csrf}); code != 204 {
		t.Fatalf("revoke: %d %s", code, resp)
	}
	if code, _ := phone.do("GET", fmt.Sprintf("/api/visits/%d/tally?%s", v1, tok), "", nil); code != 403 {
		t.Fatalf("revoked token still opens the tally: %d", code)
	}
	// The socket the phone had open is closed by the revocation.
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, _, err := c.ReadMessage(); err != nil {
			if websocket.IsCloseError(err, websocket.CloseGoingAway) {
				break
			}
			t.Fatalf("open viewer socket after revocation: %v, want closed", err)
		}
	}
	if _, resp, err := websocket.DefaultDialer.Dial(wsURL(v1), nil); err == nil || resp.StatusCode != 403 {
		t.Fatalf("revoked token still opens the socket: %v", err)
	}

	// A foreign Origin is refused even with a session.
	hdr := http.Header{"Origin": {"http://evil.example"}}
	for _, ck := range op.hc.Jar.Cookies(mustURL(ts.url)) {
		hdr.Add("Cookie", ck.Name+"="+ck.Value)
	}
	if _, resp, err := websocket.DefaultDialer.Dial(strings.Replace(ts.url, "http://", "ws://", 1)+fmt.Sprintf("/api/visits/%d/ws", v1), hdr); err == nil || resp.StatusCode != 403 {
		t.Fatalf("foreign origin with a session: %v", err)
	}

	// Logout ends the session on the server: the cookie and CSRF stop working.
	if code, _ := op.do("POST", "/api/logout", "", map[string]string{"X-CSRF-Token": op.csrf}); code != 204 {
		t.Fatalf("logout: %d", code)
	}
	if code, _ := op.do("POST", scan, `{"code":"B00002"}`, map[string]string{"X-CSRF-Token": stale}); code != 401 {
		t.Fatalf("after logout, stale cookie and CSRF: %d, want 401", code)
	}

	// Security headers on pages and API.
	req, _ := http.NewRequest("GET", ts.url+"/api/session", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for k, want := range map[string]string{"X-Frame-Options": "DENY", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"} {
		if got := resp.Header.Get(k); got != want {
			t.Fatalf("%s = %q, want %q", k, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("CSP %q", csp)
	}
}

func TestLoginRateLimited(t *testing.T) {
	ts, _, _ := lanServer(t)
	c := newClient(t, ts.url)
	for i := 1; i <= 10; i++ {
		if code := c.login("sri", fmt.Sprintf("salah%d", i)); code != 401 {
			t.Fatalf("failed attempt %d: %d", i, code)
		}
	}
	if code := c.login("sri", "rahasia123"); code != 429 {
		t.Fatalf("11th attempt within 5 minutes: %d, want 429", code)
	}
}
