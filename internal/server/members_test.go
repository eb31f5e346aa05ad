package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"anterkoper/circulation"
)

func TestMembersOverAPIAndViewerPrivacy(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{CardInstitution: "3374"})
	visit := ts.seed()
	var created struct {
		ID   int64
		Card string `json:"card_number"`
	}
	if code := ts.do("POST", "/api/members", `{"name":"Siti Aminah","address":"Desa Kemiri RT 2","phone":"0812"}`, &created); code != 201 {
		t.Fatalf("register: %d", code)
	}
	if chk := circulation.CheckCard(created.Card); !chk.Valid || chk.Type != circulation.CardPatron || chk.Institution != "3374" {
		t.Fatalf("card %q: %+v", created.Card, chk)
	}
	if code := ts.do("POST", "/api/members", `{"name":"X","id_number":"3374010101010001"}`, nil); code != 400 {
		t.Errorf("an identity number the office does not collect: %d", code)
	}
	if code := ts.do("POST", "/api/members", `{"name":""}`, nil); code != 400 {
		t.Errorf("no name: %d", code)
	}
	// A viewer of the visit watches while the member borrows two books.
	viewer := dialWS(t, ts, visit, "")
	defer viewer.Close()
	readMsg(t, viewer) // snapshot
	ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", visit), `{"mode":"pack"}`, nil)
	ts.scan(visit, "B00001")
	ts.scan(visit, "B00002")
	ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", visit), `{"mode":"lend"}`, nil)
	if r := ts.scan(visit, created.Card); r.Outcome != circulation.MemberCard || r.Event.Code != "" || r.Event.MemberID != created.ID {
		t.Fatalf("the card scan: %+v", r)
	}
	ts.scan(visit, "B00001")
	ts.scan(visit, "B00002")
	deadline := time.Now().Add(5 * time.Second)
	var raw []string
	for len(raw) < 7 && time.Now().Before(deadline) {
		viewer.SetReadDeadline(deadline)
		_, b, err := viewer.ReadMessage()
		if err != nil {
			break
		}
		raw = append(raw, string(b))
	}
	all := strings.Join(raw, "\n")
	if !strings.Contains(all, `"outcome":"member"`) {
		t.Fatalf("the viewer did not get the member scan:\n%s", all)
	}
	for _, secret := range []string{created.Card, "Siti", "Kemiri", "0812"} {
		if strings.Contains(all, secret) {
			t.Fatalf("the viewer got %q:\n%s", secret, all)
		}
	}
	var m struct {
		Name  string
		Limit int
		Loans []struct {
			Code string
			Due  string
		}
	}
	if code := ts.do("GET", fmt.Sprintf("/api/members/%d", created.ID), "", &m); code != 200 || m.Name != "Siti Aminah" || len(m.Loans) != 2 || m.Limit != 3 || m.Loans[0].Due == "" {
		t.Fatalf("member: %d %+v", code, m)
	}
	var loans struct {
		Members []struct {
			Member struct{ Name string }
			Loans  []struct{ Code string }
		}
	}
	if ts.do("GET", "/api/locations/1/member-loans", "", &loans); len(loans.Members) != 1 || len(loans.Members[0].Loans) != 2 {
		t.Fatalf("member loans of the stop: %+v", loans)
	}
	var card struct{ Barcode, QR string }
	if code := ts.do("GET", fmt.Sprintf("/api/members/%d/card", created.ID), "", &card); code != 200 || !strings.HasPrefix(card.QR, "data:image/png;base64,") {
		t.Fatalf("card: %d", code)
	}
	// Erasure keeps the counts.
	var before, after circulation.Tally
	ts.do("GET", fmt.Sprintf("/api/visits/%d/tally", visit), "", &before)
	if code := ts.do("DELETE", fmt.Sprintf("/api/members/%d", created.ID), "", nil); code != 204 {
		t.Fatalf("erase: %d", code)
	}
	ts.do("GET", fmt.Sprintf("/api/visits/%d/tally", visit), "", &after)
	if before.Lent != 2 || after.Lent != 2 {
		t.Fatalf("lent before %d, after erasure %d", before.Lent, after.Lent)
	}
	var gone struct{ Name, Phone string }
	ts.do("GET", fmt.Sprintf("/api/members/%d", created.ID), "", &gone)
	if strings.Contains(gone.Name, "Siti") || gone.Phone != "" {
		t.Fatalf("after erasure: %+v", gone)
	}
	if r := ts.scan(visit, created.Card); r.Outcome != circulation.Unknown {
		t.Fatalf("an erased card opens a checkout: %s", r.Outcome)
	}
}
