package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

type testServer struct {
	t    testing.TB
	url  string
	db   *store.DB
	srv  *Server
	stop func()
}

// startServer serves a real database file on a real loopback port.
func startServer(t testing.TB, dir string, opts Options) *testServer {
	t.Helper()
	return startServerWith(t, dir, func(*store.DB) Options { return opts })
}

// startServerWith is startServer with options that need the database.
func startServerWith(t testing.TB, dir string, optsFor func(*store.DB) Options) *testServer {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(context.Background(), db, optsFor(db))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, ln) }()
	ts := &testServer{t: t, url: "http://" + ln.Addr().String(), db: db, srv: srv}
	var once bool
	ts.stop = func() {
		if once {
			return
		}
		once = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		db.Close()
	}
	t.Cleanup(ts.stop)
	return ts
}

// do sends a JSON request and decodes the JSON answer into out (if not nil).
func (ts *testServer) do(method, path, body string, out any) int {
	ts.t.Helper()
	req, err := http.NewRequest(method, ts.url+path, strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			ts.t.Fatalf("%s %s: %d %s: %v", method, path, resp.StatusCode, data, err)
		}
	}
	return resp.StatusCode
}

// seed adds items B00001…B00050, a school and a visit; it returns the visit id.
func (ts *testServer) seed() int64 {
	ts.t.Helper()
	var items []circulation.Item
	for i := 1; i <= 50; i++ {
		items = append(items, circulation.Item{Code: fmt.Sprintf("B%05d", i), Title: fmt.Sprintf("Cerita Rakyat %d", i)})
	}
	if _, err := ts.db.UpsertItems(context.Background(), items); err != nil {
		ts.t.Fatal(err)
	}
	var loc, visit struct{ ID int64 }
	if c := ts.do("POST", "/api/locations", `{"name":"SD N 1 Ungaran","kind":"school","level":"MI","address":"Jl. Diponegoro 1"}`, &loc); c != 201 {
		ts.t.Fatalf("create location: %d", c)
	}
	if c := ts.do("POST", "/api/visits", fmt.Sprintf(`{"location_id":%d,"date":"2026-11-27"}`, loc.ID), &visit); c != 201 {
		ts.t.Fatalf("create visit: %d", c)
	}
	return visit.ID
}

func (ts *testServer) scan(visit int64, code string) scanResponse {
	ts.t.Helper()
	var r scanResponse
	body, _ := json.Marshal(map[string]string{"code": code, "source": "test"})
	if c := ts.do("POST", fmt.Sprintf("/api/visits/%d/scans", visit), string(body), &r); c != 201 {
		ts.t.Fatalf("scan %q: status %d", code, c)
	}
	return r
}

func TestAPIContract(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{BasketPrefix: "KRJ-"})
	v := ts.seed()
	if c := ts.do("GET", "/healthz", "", nil); c != 200 {
		t.Fatalf("healthz: %d", c)
	}
	var it circulation.Item
	if c := ts.do("GET", "/api/items/B00001", "", &it); c != 200 || it.Title != "Cerita Rakyat 1" {
		t.Fatalf("get item: %d %+v", c, it)
	}
	if c := ts.do("GET", "/api/items/NOPE", "", nil); c != 404 {
		t.Fatalf("missing item: %d", c)
	}
	var locs []circulation.Location
	ts.do("GET", "/api/locations", "", &locs)
	if len(locs) != 1 || locs[0].Level != "SD" || locs[0].Kind != "school" {
		t.Fatalf("locations: %+v (MI must count as SD)", locs)
	}

	r := ts.scan(v, "KRJ-01")
	if r.Outcome != circulation.Basket {
		t.Fatalf("basket scan: %s", r.Outcome)
	}
	r = ts.scan(v, "B00001\r\n")
	if r.Outcome != circulation.Accepted || r.Item == nil || r.Item.Code != "B00001" || r.Tally.Packed != 1 {
		t.Fatalf("pack: %+v", r)
	}
	if r.Event.Basket != "KRJ-01" || r.Tally.Baskets[0].Count != 1 {
		t.Fatalf("basket not applied: %+v", r)
	}
	if c := ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", v), `{"mode":"lend"}`, nil); c != 200 {
		t.Fatalf("mode: %d", c)
	}
	lend := ts.scan(v, "B00001")
	if lend.Outcome != circulation.Accepted || lend.Tally.Lent != 1 || lend.Event.Mode != circulation.ModeLend {
		t.Fatalf("lend: %+v", lend)
	}
	var voided struct {
		Seq, Target int64
		Tally       circulation.Tally
	}
	if c := ts.do("DELETE", fmt.Sprintf("/api/visits/%d/scans/%d", v, lend.Seq), "", &voided); c != 200 || voided.Tally.Lent != 0 || voided.Target != lend.Seq {
		t.Fatalf("void: %d %+v", c, voided)
	}
	if c := ts.do("DELETE", fmt.Sprintf("/api/visits/%d/scans/%d", v, lend.Seq), "", nil); c != 409 {
		t.Fatalf("second void: %d, want 409", c)
	}
	var tally circulation.Tally
	ts.do("GET", fmt.Sprintf("/api/visits/%d/tally", v), "", &tally)
	if tally.Packed != 1 || tally.Lent != 0 || tally.ExpectedInVehicle != 1 {
		t.Fatalf("tally: %+v", tally)
	}
	var view visitView
	ts.do("GET", fmt.Sprintf("/api/visits/%d", v), "", &view)
	if view.Mode != circulation.ModeLend || view.Location.Name != "SD N 1 Ungaran" || view.Tally == nil {
		t.Fatalf("visit: %+v", view)
	}
}

func TestBadInputAnsweredClearly(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{})
	v := ts.seed()
	scans := fmt.Sprintf("/api/visits/%d/scans", v)
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		says                     string
	}{
		{"malformed JSON", "POST", scans, `{"code":`, 400, "malformed JSON"},
		{"not an object", "POST", scans, `[1,2]`, 400, "malformed JSON"},
		{"empty body", "POST", scans, ``, 400, "empty"},
		{"missing code", "POST", scans, `{"source":"x"}`, 400, "code"},
		{"empty code", "POST", scans, `{"code":"  \r\n"}`, 400, "code is empty"},
		{"10 kB code", "POST", scans, `{"code":"` + strings.Repeat("A", 10240) + `"}`, 400, "longer than"},
		{"huge body", "POST", scans, `{"code":"` + strings.Repeat("A", 100<<10) + `"}`, 413, "larger than"},
		{"unknown visit", "POST", "/api/visits/9999/scans", `{"code":"B00001"}`, 404, "unknown visit"},
		{"bad visit id", "POST", "/api/visits/abc/scans", `{"code":"B00001"}`, 400, "positive integer"},
		{"unknown mode", "PUT", fmt.Sprintf("/api/visits/%d/mode", v), `{"mode":"fly"}`, 400, "unknown mode"},
		{"bad kind", "POST", "/api/locations", `{"name":"X","kind":"mall","level":"SD"}`, 400, "kind"},
		{"bad level", "POST", "/api/locations", `{"name":"X","kind":"school","level":"TK"}`, 400, "level"},
		{"visit of no location", "POST", "/api/visits", `{"location_id":77,"date":"2026-11-27"}`, 400, "location"},
		{"bad date", "POST", "/api/visits", `{"location_id":1,"date":"27/11/2026"}`, 400, "YYYY-MM-DD"},
		{"unknown route", "GET", "/api/nothing", ``, 404, "no such"},
		{"bad since", "GET", fmt.Sprintf("/api/visits/%d/ws?since=x", v), ``, 400, "since"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e errorBody
			if c := ts.do(tc.method, tc.path, tc.body, &e); c != tc.status || !strings.Contains(e.Error, tc.says) {
				t.Fatalf("got %d %q, want %d containing %q", c, e.Error, tc.status, tc.says)
			}
		})
	}
	var tally circulation.Tally
	ts.do("GET", fmt.Sprintf("/api/visits/%d/tally", v), "", &tally)
	if len(tally.Outcomes) != 0 {
		t.Fatalf("bad input reached the log: %+v", tally)
	}
}

func dialWS(t *testing.T, ts *testServer, visit int64, query string) *websocket.Conn {
	t.Helper()
	u := strings.Replace(ts.url, "http://", "ws://", 1) + fmt.Sprintf("/api/visits/%d/ws%s", visit, query)
	c, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// wsMsg is any message from the server, loosely decoded.
type wsMsg struct {
	Type    string              `json:"type"`
	Seq     int64               `json:"seq"`
	Code    string              `json:"code"`
	Outcome circulation.Outcome `json:"outcome"`
	Target  int64               `json:"target"`
	Item    *circulation.Item   `json:"item"`
	Tally   circulation.Tally   `json:"tally"`
	Recent  []wsMsg             `json:"recent"`
	Error   string              `json:"error"`
}

func readMsg(t *testing.T, c *websocket.Conn) wsMsg {
	t.Helper()
	for {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		var m wsMsg
		if err := c.ReadJSON(&m); err != nil {
			t.Fatal(err)
		}
		switch m.Type {
		case "snapshot", "scan", "void", "mode", "error":
			return m
		} // messages for everyone (devices, storage, rfid_field…) are not this test's
	}
}

func TestWebSocketSnapshotLiveAndSince(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, dir, Options{RingSize: 4})
	v := ts.seed()
	first := ts.scan(v, "B00001")

	c := dialWS(t, ts, v, "")
	snap := readMsg(t, c)
	if snap.Type != "snapshot" || snap.Seq != first.Seq || snap.Tally.Packed != 1 || len(snap.Recent) != 1 || snap.Recent[0].Code != "B00001" {
		t.Fatalf("snapshot: %+v", snap)
	}
	var seqs []int64
	for i := 2; i <= 12; i++ {
		seqs = append(seqs, ts.scan(v, fmt.Sprintf("B%05d", i)).Seq)
	}
	for i, want := range seqs {
		m := readMsg(t, c)
		if m.Type != "scan" || m.Seq != want || m.Tally.Packed != i+2 || m.Item == nil {
			t.Fatalf("live event %d: %+v, want seq %d", i, m, want)
		}
	}

	// A client that saw only the first scan gets exactly what it missed, in
	// order, although the ring (4) no longer holds it all.
	c2 := dialWS(t, ts, v, fmt.Sprintf("?since=%d", first.Seq))
	for _, want := range seqs {
		if m := readMsg(t, c2); m.Seq != want {
			t.Fatalf("replay: seq %d, want %d", m.Seq, want)
		}
	}

	// After a restart, the log replays from the database.
	ts.stop()
	ts2 := startServer(t, dir, Options{RingSize: 4})
	c3 := dialWS(t, ts2, v, fmt.Sprintf("?since=%d", seqs[5]))
	for _, want := range seqs[6:] {
		if m := readMsg(t, c3); m.Seq != want || m.Type != "scan" {
			t.Fatalf("replay after restart: %+v, want seq %d", m, want)
		}
	}
	live := ts2.scan(v, "B00013")
	if m := readMsg(t, c3); m.Seq != live.Seq || m.Tally.Packed != 13 {
		t.Fatalf("live after restart: %+v", m)
	}

	// A bad client message gets an error, not a crash; an oversized one
	// closes the connection.
	c3.WriteMessage(websocket.TextMessage, []byte(`{"type":"dance"}`))
	if m := readMsg(t, c3); m.Type != "error" || !strings.Contains(m.Error, "dance") {
		t.Fatalf("bad message reply: %+v", m)
	}
	c3.WriteMessage(websocket.TextMessage, bytes.Repeat([]byte("x"), maxClientMsg+1))
	c3.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, _, err := c3.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseMessageTooBig) {
		t.Fatalf("oversized message: %v, want close 1009", err)
	}
}

func TestWebSocketRefusesOtherOrigins(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{})
	v := ts.seed()
	u := strings.Replace(ts.url, "http://", "ws://", 1) + fmt.Sprintf("/api/visits/%d/ws", v)
	_, resp, err := websocket.DefaultDialer.Dial(u, http.Header{"Origin": {"http://evil.example"}})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign origin: err %v, resp %v", err, resp)
	}
	c, _, err := websocket.DefaultDialer.Dial(u, http.Header{"Origin": {ts.url}})
	if err != nil {
		t.Fatalf("own origin refused: %v", err)
	}
	c.Close()
}

// A client that never reads must not delay scans or other clients.
func TestSlowClientDoesNotStallOthers(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{RingSize: 16})
	v := ts.seed()
	slow := dialWS(t, ts, v, "")
	_ = slow // never read from
	fast := dialWS(t, ts, v, "")
	readMsg(t, fast)
	for i := 1; i <= 50; i++ {
		code := fmt.Sprintf("B%05d", i)
		r := ts.scan(v, code)
		if m := readMsg(t, fast); m.Seq != r.Seq {
			t.Fatalf("fast client got %d, want %d", m.Seq, r.Seq)
		}
	}
}

func FuzzClientMessage(f *testing.F) {
	for _, s := range []string{`{"type":"ping"}`, `{"type":"x"}`, `{}`, `[`, `null`, `{"type":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := parseClientMsg(data)
		if err == nil && m.Type != "ping" {
			t.Fatalf("accepted %q as %+v", data, m)
		}
	})
}

// FuzzScanRequest: whatever the body, the answer is a clear 2xx or 4xx with
// a JSON body, and nothing is logged unless it was acknowledged.
func FuzzScanRequest(f *testing.F) {
	ts := startServer(f, f.TempDir(), Options{BasketPrefix: "KRJ-"})
	v := ts.seed()
	for _, s := range []string{`{"code":"B00001"}`, `{"code":"KRJ-1","source":"x"}`, `{"code":""}`, `{`, `{"code":1}`,
		`{"code":"9786020332956"}`, "{\"code\":\"\\u0000\"}", `{"code":"B00002"} {}`} {
		f.Add([]byte(s))
	}
	path := fmt.Sprintf("/api/visits/%d/scans", v)
	f.Fuzz(func(t *testing.T, body []byte) {
		req, _ := http.NewRequest("POST", path, bytes.NewReader(body))
		rec := httptest.NewRecorder()
		ts.srv.ServeHTTP(rec, req)
		switch {
		case rec.Code == 201:
			var r scanResponse
			if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil || r.Seq == 0 || r.Outcome == "" {
				t.Fatalf("201 with %q", rec.Body)
			}
		case rec.Code >= 400 && rec.Code < 500:
			var e errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Fatalf("%d without a clear error: %q", rec.Code, rec.Body)
			}
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
	})
}

// Storage failures are told apart from bad input: 507 and 503 with words a
// person understands, and every screen hears of it until a write succeeds.
func TestStorageErrorsAnsweredAndAnnounced(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{})
	v := ts.seed()
	c := dialWS(t, ts, v, "")
	readMsg(t, c)
	for _, tc := range []struct {
		err    error
		status int
		word   string
	}{
		{fmt.Errorf("store: unable to add event: %w", store.ErrReadOnly), 503, "read_only"},
		{fmt.Errorf("store: unable to add event: %w", store.ErrDiskFull), 507, "disk_full"},
	} {
		rec := httptest.NewRecorder()
		ts.srv.writeEngineError(rec, tc.err)
		var e errorBody
		json.Unmarshal(rec.Body.Bytes(), &e)
		if rec.Code != tc.status || !strings.HasPrefix(e.Error, "NOT RECORDED") {
			t.Fatalf("%v: %d %q", tc.err, rec.Code, e.Error)
		}
		if m := readStorage(t, c); m.OK || m.Error != tc.word {
			t.Fatalf("storage message %+v, want %s", m, tc.word)
		}
	}
	ts.scan(v, "B00001")
	if m := readStorage(t, c); !m.OK {
		t.Fatalf("after a good write: %+v", m)
	}
}

func readStorage(t *testing.T, c *websocket.Conn) storageMsg {
	t.Helper()
	for {
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		var m storageMsg
		if err := c.ReadJSON(&m); err != nil {
			t.Fatal(err)
		}
		if m.Type == "storage" {
			return m
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// FuzzJSONBodies: every JSON endpoint answers any body with a 2xx or a
// clear 4xx, never a crash or a 5xx.
func FuzzJSONBodies(f *testing.F) {
	ts := startServer(f, f.TempDir(), Options{BasketPrefix: "KRJ-"})
	v := ts.seed()
	routes := []struct{ method, path string }{
		{"POST", "/api/locations"},
		{"POST", "/api/visits"},
		{"PUT", fmt.Sprintf("/api/visits/%d/mode", v)},
		{"PUT", "/api/active"},
		{"POST", fmt.Sprintf("/api/visits/%d/scans", v)},
		{"POST", "/api/login"},
		{"PUT", "/api/locations/1"},
		{"POST", "/api/locations/1/request"},
		{"POST", "/api/locations/1/reject"},
		{"POST", "/api/locations/1/survey"},
		{"POST", "/api/schedule/generate"},
		{"PUT", fmt.Sprintf("/api/visits/%d/schedule", v)},
		{"PUT", "/api/holidays/2026-12-31"},
		{"POST", fmt.Sprintf("/api/visits/%d/dropping-list", v)},
		{"PUT", fmt.Sprintf("/api/visits/%d/checklist/forms", v)},
		{"POST", fmt.Sprintf("/api/visits/%d/steps", v)},
		{"POST", fmt.Sprintf("/api/visits/%d/signoff", v)},
		{"POST", fmt.Sprintf("/api/visits/%d/reopen", v)},
		{"POST", "/api/members"},
	}
	for i, s := range []string{`{"name":"SD N 3","kind":"school","level":"SMK"}`, `{"location_id":1,"date":"2026-11-27"}`,
		`{"mode":"recount"}`, `{"visit_id":1}`, `{"code":"B00003"}`, `{"user":"a","password":"b"}`, `{"visit_id":-1}`,
		`{"name":"","kind":"x"}`, `{"location_id":"1"}`, `{"mode":null}`, `nul`, "\x00",
		`{"maps_link":"https://www.google.com/maps/@-7.1,110.4,15z","lat":1}`, `{"letter_number":"1/2026","letter_date":"2026-11-02"}`,
		`{"reason":"x"}`, `{"date":"2026-11-10","photo_ids":[1]}`, `{"month":"2026-12","vehicles":2}`, `{"date":"2026-12-25","vehicle":1}`,
		`{"name":"Libur","kind":"national"}`, `{"count":5}`, `{"done":true}`, `{"step":"departed"}`,
		`{"party":"school","name":"A","signature":"data:image/png;base64,iVBORw0KGgo="}`, `{"name":"Siti","photo":"data:image/png;base64,AA"}`} {
		f.Add(uint8(i), []byte(s))
	}
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		r := routes[int(which)%len(routes)]
		if len(body) > 64<<10 {
			return
		}
		req, _ := http.NewRequest(r.method, r.path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		ts.srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", r.method, r.path, body, rec.Code, rec.Body)
		}
		if rec.Code >= 400 {
			var e errorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Fatalf("%s %s %q: %d without a clear error: %q", r.method, r.path, body, rec.Code, rec.Body)
			}
		}
	})
}
