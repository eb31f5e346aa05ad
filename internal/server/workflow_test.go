package server

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/auth"
	"anterkoper/internal/store"
)

// workflowServer runs without LAN mode, with accounts: a coordinator "kor",
// a head of division "kabid" and an operator "budi", all with password
// "rahasia123".
func workflowServer(t *testing.T) *testServer {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "kiosk.db"))
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword("rahasia123")
	for name, role := range map[string]auth.Role{"kor": auth.RoleCoordinator, "kabid": auth.RoleHead, "budi": auth.RoleOperator} {
		if err := db.CreateUser(context.Background(), auth.User{Name: name, Role: role, Hash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	return startServerWith(t, dir, func(db *store.DB) Options {
		return Options{Auth: auth.New(db, auth.Options{})}
	})
}

func (c *client) csrfDo(method, path, body string) (int, string) {
	c.t.Helper()
	return c.do(method, path, body, map[string]string{"X-CSRF-Token": c.csrf})
}

func TestLocationStatusMachineOverAPI(t *testing.T) {
	ts := workflowServer(t)
	local := newClient(t, ts.url) // nobody logged in: the local operator
	head := newClient(t, ts.url)
	if head.login("kabid", "rahasia123") != 200 {
		t.Fatal("head login (without --lan) failed")
	}
	oper := newClient(t, ts.url)
	if oper.login("budi", "rahasia123") != 200 {
		t.Fatal("operator login failed")
	}
	code, body := local.do("POST", "/api/locations", `{"name":"Panti Asuhan Al-Ikhlas","kind":"orphanage","level":"umum",
		"maps_link":"https://www.google.com/maps/place/X/@-7.01,110.40,17z","travel_minutes":35,"phone":"0812-2233-4455"}`, nil)
	if code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	var created struct{ ID int64 }
	json.Unmarshal([]byte(body), &created)
	loc := fmt.Sprintf("/api/locations/%d", created.ID)
	status := func() string {
		var l struct {
			Status string
			Lat    *float64
		}
		if c := ts.do("GET", loc, "", &l); c != 200 || l.Lat == nil || *l.Lat != -7.01 {
			t.Fatalf("GET %s: %d %+v", loc, c, l)
		}
		return l.Status
	}
	if s := status(); s != "new" {
		t.Fatalf("a new location is %q", s)
	}
	type step struct {
		c      *client
		path   string
		body   string
		code   int
		status string
	}
	req := `{"letter_number":"045/SD/XI/2026","letter_date":"2026-11-02"}`
	steps := []step{
		{local, "/approve", "", 401, "new"},                     // no login: asks for the head's
		{head, "/approve", "", 409, "new"},                      // nothing requested yet
		{local, "/survey", `{"date":"2026-11-10"}`, 409, "new"}, // skipping ahead
		{local, "/reject", `{"reason":"x"}`, 401, "new"},        // role first
		{local, "/request", `{"letter_number":""}`, 400, "new"}, // bad input
		{local, "/request", req, 200, "requested"},              // the letter
		{local, "/request", req, 409, "requested"},              // not twice
		{oper, "/approve", "", 403, "requested"},                // an operator may not
		{head, "/reject", `{}`, 400, "requested"},               // a reason is required
		{head, "/reject", `{"reason":"di luar wilayah"}`, 200, "rejected"},
		{head, "/approve", "", 409, "rejected"},                      // only a new request
		{local, "/survey", `{"date":"2026-11-10"}`, 409, "rejected"}, //
		{local, "/request", req, 200, "requested"},                   // asked again
		{head, "/approve", "", 200, "approved"},                      //
		{head, "/approve", "", 409, "approved"},                      //
		{local, "/request", req, 409, "approved"},                    //
		{local, "/survey", `{"date":"2026-11-10","notes":"jalan sempit, mobil bisa masuk"}`, 200, "active"},
		{local, "/survey", `{"date":"2026-11-11"}`, 409, "active"},
		{head, "/reject", `{"reason":"late"}`, 409, "active"},
	}
	for i, s := range steps {
		path := loc + s.path
		var code int
		var body string
		if s.c.csrf != "" {
			code, body = s.c.csrfDo("POST", path, s.body)
		} else {
			code, body = s.c.do("POST", path, s.body, nil)
		}
		if code != s.code {
			t.Fatalf("step %d %s: %d %s; want %d", i, s.path, code, body, s.code)
		}
		if code >= 400 && !strings.Contains(body, `"error"`) {
			t.Errorf("step %d: refusal without a reason: %s", i, body)
		}
		if code == 401 && !strings.Contains(body, "need_role") {
			t.Errorf("step %d: 401 does not say which role: %s", i, body)
		}
		if got := status(); got != s.status {
			t.Fatalf("step %d %s: status %q, want %q", i, s.path, got, s.status)
		}
	}
	// A logged-in session without its CSRF token changes nothing.
	if code, _ := head.do("POST", loc+"/approve", "", nil); code != 403 {
		t.Errorf("a change without the CSRF token: %d", code)
	}
	// Who did what is on record, readable by the coordinator only.
	if code, _ := local.do("GET", "/api/audit?subject=location", "", nil); code != 401 {
		t.Errorf("audit without login: %d", code)
	}
	kor := newClient(t, ts.url)
	kor.login("kor", "rahasia123")
	code, body = kor.do("GET", fmt.Sprintf("/api/audit?subject=location&id=%d", created.ID), "", nil)
	var trail []store.AuditEntry
	json.Unmarshal([]byte(body), &trail)
	if code != 200 || len(trail) != 6 || trail[0].Action != "location.survey" || trail[1].User != "kabid" {
		t.Fatalf("audit: %d %+v", code, trail)
	}
}

func TestScheduleOverAPI(t *testing.T) {
	ts := workflowServer(t)
	ctx := context.Background()
	for i := range 25 {
		lat, lon := -7.0+float64(i%5)*0.05, 110.4+float64(i/5)*0.05
		_, err := ts.db.CreateLocation(ctx, circulation.Location{Name: fmt.Sprintf("SD N %d Semarang", i+1), Kind: "school",
			Level: "SD", Lat: &lat, Lon: &lon, TravelMinutes: 30 + i, Status: circulation.StatusActive})
		if err != nil {
			t.Fatal(err)
		}
	}
	ts.db.CreateLocation(ctx, circulation.Location{Name: "Baru", Kind: "school", Level: "SD"}) // not active: not scheduled
	local := newClient(t, ts.url)
	if code, _ := local.do("POST", "/api/schedule/generate", `{"month":"2026-12"}`, nil); code != 401 {
		t.Fatalf("generate without the coordinator's login: %d", code)
	}
	kor := newClient(t, ts.url)
	kor.login("kor", "rahasia123")
	var plan struct {
		Visits []struct {
			Date       string
			Vehicle    int
			LocationID int64 `json:"location_id"`
			VisitID    int64 `json:"visit_id"`
		}
		Unscheduled []struct{ Reason string }
	}
	code, body := kor.csrfDo("POST", "/api/schedule/generate", `{"month":"2026-12","vehicles":2,"per_day":1}`)
	if code != 200 {
		t.Fatalf("generate: %d %s", code, body)
	}
	json.Unmarshal([]byte(body), &plan)
	if len(plan.Visits) != 25 || len(plan.Unscheduled) != 0 {
		t.Fatalf("%d visits, %d unscheduled", len(plan.Visits), len(plan.Unscheduled))
	}
	seen := map[int64]bool{}
	slot := map[string]bool{}
	for _, v := range plan.Visits {
		d, _ := time.Parse(time.DateOnly, v.Date)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || v.Date == "2026-12-24" || v.Date == "2026-12-25" {
			t.Errorf("visit on %s (%s)", v.Date, d.Weekday())
		}
		if seen[v.LocationID] {
			t.Errorf("location %d twice", v.LocationID)
		}
		seen[v.LocationID] = true
		k := fmt.Sprint(v.Date, v.Vehicle)
		if slot[k] {
			t.Errorf("vehicle %d twice on %s", v.Vehicle, v.Date)
		}
		slot[k] = true
	}
	// Twice: the same schedule, no new visits.
	code, body2 := kor.csrfDo("POST", "/api/schedule/generate", `{"month":"2026-12","vehicles":2,"per_day":1}`)
	var again struct {
		Visits []struct{ New bool }
	}
	json.Unmarshal([]byte(body2), &again)
	if code != 200 || len(again.Visits) != 25 {
		t.Fatalf("second generation: %d, %d visits", code, len(again.Visits))
	}
	for _, v := range again.Visits {
		if v.New {
			t.Fatal("generating twice made new visits")
		}
	}
	var month []circulation.Visit
	if ts.do("GET", "/api/visits?month=2026-12", "", &month); len(month) != 25 {
		t.Fatalf("GET /api/visits?month: %d visits", len(month))
	}
	// Moving by hand: a holiday, a weekend and a double booking are refused.
	v0, v1 := plan.Visits[0], plan.Visits[1]
	move := fmt.Sprintf("/api/visits/%d/schedule", v0.VisitID)
	for _, bad := range []string{`{"date":"2026-12-25","vehicle":1}`, `{"date":"2026-12-26","vehicle":1}`,
		fmt.Sprintf(`{"date":%q,"vehicle":%d}`, v1.Date, v1.Vehicle), `{"date":"2027-01-04","vehicle":1}`, `{"date":"2026-12-28","vehicle":3}`} {
		if code, body := kor.csrfDo("PUT", move, bad); code != 409 {
			t.Errorf("move %s: %d %s", bad, code, body)
		}
	}
	free := ""
	for d := 1; d <= 31 && free == ""; d++ {
		date := fmt.Sprintf("2026-12-%02d", d)
		day, _ := time.Parse(time.DateOnly, date)
		if day.Weekday() != time.Saturday && day.Weekday() != time.Sunday && date != "2026-12-24" && date != "2026-12-25" && !slot[date+" 1"] {
			free = date
		}
	}
	if code, body := kor.csrfDo("PUT", move, fmt.Sprintf(`{"date":%q,"vehicle":1}`, free)); code != 200 {
		t.Errorf("move to a free day %s: %d %s", free, code, body)
	}
	if code, _ := local.do("PUT", move, `{"date":"2026-12-01","vehicle":1}`, nil); code != 401 {
		t.Errorf("a move without login: %d", code)
	}
	// Exports.
	for format, want := range map[string]string{"csv": "visit_id,date", "ics": "BEGIN:VCALENDAR", "pdf": "%PDF"} {
		code, body := local.do("GET", "/api/schedule/2026-12/export?format="+format, "", nil)
		if code != 200 || !strings.HasPrefix(body, want) {
			t.Errorf("export %s: %d %.40q", format, code, body)
		}
	}
	// Holidays: seeded, editable by the coordinator.
	var hs []store.Holiday
	if ts.do("GET", "/api/holidays?year=2026", "", &hs); len(hs) < 20 {
		t.Errorf("2026 has %d holidays seeded", len(hs))
	}
	if code, _ := kor.csrfDo("PUT", "/api/holidays/2026-12-31", `{"name":"Libur daerah","kind":"collective_leave"}`); code != 204 {
		t.Errorf("add holiday: %d", code)
	}
	if code, _ := kor.csrfDo("DELETE", "/api/holidays/2026-12-31", ""); code != 204 {
		t.Errorf("delete holiday: %d", code)
	}
}

func TestDroppingListAndPreparation(t *testing.T) {
	ts := workflowServer(t)
	ctx := context.Background()
	var items []circulation.Item
	for i := range 60 {
		level := []string{"SD", "SMP", "SMA"}[i%3]
		items = append(items, circulation.Item{Code: fmt.Sprintf("B%03d", i), Title: fmt.Sprintf("Buku %d", i), Level: level,
			CallNumber: fmt.Sprintf("%03d", (i*37)%1000)})
	}
	ts.db.UpsertItems(ctx, items)
	school, _ := ts.db.CreateLocation(ctx, circulation.Location{Name: "SD N 2", Kind: "school", Level: "SD", Status: "active", BooksPerVisit: 5})
	other, _ := ts.db.CreateLocation(ctx, circulation.Location{Name: "SD N 9", Kind: "school", Level: "SD", Status: "active"})
	last, _ := ts.db.CreateVisit(ctx, circulation.Visit{LocationID: school, Date: "2026-11-02"})
	elsewhere, _ := ts.db.CreateVisit(ctx, circulation.Visit{LocationID: other, Date: "2026-11-20"})
	next, _ := ts.db.CreateVisit(ctx, circulation.Visit{LocationID: school, Date: "2026-12-07"})
	// Last month the school had B000 and B003; B006 is out at another school.
	for visit, codes := range map[int64][]string{last: {"B000", "B003"}, elsewhere: {"B006"}} {
		ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", visit), `{"mode":"pack"}`, nil)
		for _, c := range codes {
			ts.scan(visit, c)
		}
		ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", visit), `{"mode":"lend"}`, nil)
		for _, c := range codes {
			ts.scan(visit, c)
		}
	}
	var list struct {
		Items []struct {
			Code  string
			Level string
		}
	}
	if code := ts.do("POST", fmt.Sprintf("/api/visits/%d/dropping-list", next), `{"count":8}`, &list); code != 200 || len(list.Items) != 8 {
		t.Fatalf("dropping list: %d, %d items", code, len(list.Items))
	}
	for _, it := range list.Items {
		if it.Level != "SD" {
			t.Errorf("%s of level %s for an SD school", it.Code, it.Level)
		}
		if it.Code == "B006" {
			t.Error("an item on loan elsewhere was picked")
		}
		if it.Code == "B000" || it.Code == "B003" {
			t.Errorf("%s: lent to this school last month, picked again while other titles were free", it.Code)
		}
	}
	// Default count is the location's books per visit.
	if code := ts.do("POST", fmt.Sprintf("/api/visits/%d/dropping-list", next), ``, &list); code != 200 || len(list.Items) != 5 {
		t.Fatalf("default dropping list: %d, %d items", code, len(list.Items))
	}
	// Pack three of five, tick the checklist: not ready; pack the rest: ready, with the time.
	prep := fmt.Sprintf("/api/visits/%d/preparation", next)
	ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", next), `{"mode":"pack"}`, nil)
	ts.scan(next, "KRJ-01")
	for _, it := range list.Items[:3] {
		ts.scan(next, it.Code)
	}
	for _, k := range circulation.ChecklistKeys() {
		ts.do("PUT", fmt.Sprintf("/api/visits/%d/checklist/%s", next, k), `{"done":true}`, nil)
	}
	var p struct {
		Listed, Packed int
		ToGo           int `json:"to_go"`
		Ready          bool
		Steps          map[string]*store.Mark
	}
	ts.do("GET", prep, "", &p)
	if p.Listed != 5 || p.Packed != 3 || p.ToGo != 2 || p.Ready || p.Steps["prepared"] != nil {
		t.Fatalf("after 3 of 5: %+v", p)
	}
	if code := ts.do("POST", fmt.Sprintf("/api/visits/%d/steps", next), `{"step":"prepared"}`, nil); code != 409 {
		t.Errorf("prepared before packing: %d", code)
	}
	if code := ts.do("POST", fmt.Sprintf("/api/visits/%d/steps", next), `{"step":"departed"}`, nil); code != 409 {
		t.Errorf("departed before prepared: %d", code)
	}
	for _, it := range list.Items[3:] {
		ts.scan(next, it.Code)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		ts.do("GET", prep, "", &p)
		if p.Steps["prepared"] != nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !p.Ready || p.ToGo != 0 || p.Steps["prepared"] == nil || p.Steps["prepared"].At.IsZero() {
		t.Fatalf("after packing all: %+v", p)
	}
	for _, s := range []string{"departed", "arrived", "counted", "rechecked"} {
		if code := ts.do("POST", fmt.Sprintf("/api/visits/%d/steps", next), fmt.Sprintf(`{"step":%q}`, s), nil); code != 200 {
			t.Errorf("step %s: %d", s, code)
		}
	}
	if code := ts.do("POST", fmt.Sprintf("/api/visits/%d/steps", next), `{"step":"arrived"}`, nil); code != 409 {
		t.Errorf("arrived twice: %d", code)
	}
}
