package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"anterkoper/device"
	"anterkoper/internal/store"
)

func read(ts *testServer, epc string) {
	ts.srv.DeviceScan(context.Background(), device.Scan{Code: []byte(epc), Symbology: "rfid:epc", Device: "uhf", Time: time.Now()})
}

// A basket on the reader: each tag reported again and again counts once
// per mode; unmapped tags are listed; binding takes the next unbound tag.
func TestRFIDSightingsCountOncePerMode(t *testing.T) {
	ts := startServer(t, t.TempDir(), Options{})
	v := ts.seed()
	ctx := context.Background()
	var tags []store.Tag
	for i := 1; i <= 5; i++ {
		tags = append(tags, store.Tag{EPC: fmt.Sprintf("E2000000000000000000%04X", i), ItemCode: fmt.Sprintf("B%05d", i)})
	}
	if _, err := ts.db.UpsertTags(ctx, tags); err != nil {
		t.Fatal(err)
	}
	ts.do("PUT", "/api/active", fmt.Sprintf(`{"visit_id":%d}`, v), nil)
	const stray = "E20000000000000000009999"
	for rep := 0; rep < 50; rep++ {
		for _, tg := range tags {
			read(ts, tg.EPC)
		}
		read(ts, stray)
	}
	var tally map[string]any
	ts.do("GET", fmt.Sprintf("/api/visits/%d/tally", v), "", &tally)
	if tally["packed"] != 5.0 || tally["unknown"] != 1.0 {
		t.Fatalf("after 50 rounds of 6 tags: %v", tally)
	}
	f := ts.srv.fieldNow(time.Now())
	if f.Count != 6 || len(f.Unmapped) != 1 || f.Unmapped[0] != stray {
		t.Fatalf("field %+v", f)
	}

	// Switching the mode with the basket on the reader counts each tag once
	// more, in the new mode.
	ts.do("PUT", fmt.Sprintf("/api/visits/%d/mode", v), `{"mode":"lend"}`, nil)
	for rep := 0; rep < 20; rep++ {
		for _, tg := range tags {
			read(ts, tg.EPC)
		}
	}
	ts.do("GET", fmt.Sprintf("/api/visits/%d/tally", v), "", &tally)
	if tally["lent"] != 5.0 || tally["packed"] != 5.0 {
		t.Fatalf("after the mode switch: %v", tally)
	}

	// Binding: scan the book's barcode, hold its tag on the reader.
	if c := ts.do("POST", "/api/rfid/bind", `{"item_code":"B00009"}`, nil); c != 200 {
		t.Fatalf("arm: %d", c)
	}
	read(ts, tags[0].EPC) // bound already: not taken
	const fresh = "E2000000000000000000ABCD"
	read(ts, fresh)
	if got, err := ts.db.TagItem(ctx, fresh); err != nil || got != "B00009" {
		t.Fatalf("fresh tag bound to %q, %v", got, err)
	}
	if f := ts.srv.fieldNow(time.Now()); f.Binding != nil {
		t.Fatalf("binding still armed: %+v", f)
	}
	if c := ts.do("POST", "/api/rfid/bind", `{"item_code":"NOPE"}`, nil); c != 404 {
		t.Fatalf("arm for an unknown item: %d", c)
	}
	if c := ts.do("POST", "/api/tags", `{"epc":"xyz","item_code":"B00001"}`, nil); c != 400 {
		t.Fatalf("bad epc: %d", c)
	}
}
