package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"anterkoper/circulation"
	"anterkoper/internal/server"
	"anterkoper/internal/store"
)

// rig is an in-process kiosk on a loopback port with a seeded catalog.
type rig struct {
	srv    *server.Server
	url    string
	db     *store.DB
	visits []int64
	stop   func()
	client *http.Client
}

func newRig(ctx context.Context, o options, items int, visits int) (*rig, error) {
	dir, err := os.MkdirTemp(o.dir, "bench-*")
	if err != nil {
		return nil, err
	}
	db, err := store.OpenDir(dir)
	if err != nil {
		return nil, err
	}
	var its []circulation.Item
	for i := 1; i <= items; i++ {
		its = append(its, circulation.Item{Code: fmt.Sprintf("B%06d", i), Title: fmt.Sprintf("Buku Cerita Anak Nusantara %d", i), Level: "SD"})
	}
	if _, err := db.UpsertItems(ctx, its); err != nil {
		return nil, err
	}
	loc, err := db.CreateLocation(ctx, circulation.Location{Name: "SD Negeri 2 Ungaran", Kind: "school", Level: "SD"})
	if err != nil {
		return nil, err
	}
	r := &rig{db: db, client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}}
	for i := 0; i < visits; i++ {
		v, err := db.CreateVisit(ctx, circulation.Visit{LocationID: loc, Date: "2026-11-27"})
		if err != nil {
			return nil, err
		}
		r.visits = append(r.visits, v)
	}
	srv, err := server.New(ctx, db, server.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { srv.Serve(sctx, ln); close(done) }()
	r.url = "http://" + ln.Addr().String()
	r.srv = srv
	r.stop = func() { cancel(); <-done; db.Close(); os.RemoveAll(dir) }
	return r, nil
}

func (r *rig) scan(visit int64, code string) error {
	resp, err := r.client.Post(fmt.Sprintf("%s/api/visits/%d/scans", r.url, visit), "application/json",
		strings.NewReader(fmt.Sprintf(`{"code":%q,"source":"bench"}`, code)))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("scan %s: status %d", code, resp.StatusCode)
	}
	return nil
}

func (r *rig) setActive(visit int64) error {
	req, _ := http.NewRequest("PUT", r.url+"/api/active", strings.NewReader(fmt.Sprintf(`{"visit_id":%d}`, visit)))
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		return fmt.Errorf("PUT /api/active: status %d", resp.StatusCode)
	}
	return nil
}

// viewer is a WebSocket client that notes when each scanned code arrives.
type viewer struct {
	conn *websocket.Conn
	got  chan arrival
}

type arrival struct {
	code string
	at   time.Time
}

func (r *rig) viewer(visit int64, buffer int) (*viewer, error) {
	u := strings.Replace(r.url, "http://", "ws://", 1) + fmt.Sprintf("/api/visits/%d/ws", visit)
	c, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		return nil, err
	}
	v := &viewer{conn: c, got: make(chan arrival, buffer)}
	go func() {
		defer close(v.got)
		for {
			_, data, err := c.ReadMessage()
			if err != nil {
				return
			}
			at := time.Now()
			if !bytes.Contains(data, []byte(`"type":"scan"`)) {
				continue
			}
			var m struct{ Code string }
			if json.Unmarshal(data, &m) == nil {
				v.got <- arrival{m.Code, at}
			}
		}
	}()
	return v, nil
}

// benchLatency: one scanner, one viewer; each scan waits for the previous
// one's event, like an officer scanning one book after another.
func benchLatency(ctx context.Context, o options) error {
	r, err := newRig(ctx, o, o.scans, 2)
	if err != nil {
		return err
	}
	defer r.stop()

	// The commit alone: one durable append, as the engine does per scan.
	var commits []time.Duration
	for i := 0; i < 1000; i++ {
		e := circulation.Event{VisitID: r.visits[1], Type: circulation.EventScan, Code: "X", Outcome: circulation.Unknown, Mode: circulation.ModePack}
		t := time.Now()
		if err := r.db.AppendEvent(ctx, &e); err != nil {
			return err
		}
		commits = append(commits, time.Since(t))
	}

	v, err := r.viewer(r.visits[0], 16)
	if err != nil {
		return err
	}
	defer v.conn.Close()
	var acks, events []time.Duration
	for i := 1; i <= o.scans; i++ {
		code := fmt.Sprintf("B%06d", i)
		t0 := time.Now()
		if err := r.scan(r.visits[0], code); err != nil {
			return err
		}
		acks = append(acks, time.Since(t0))
		select {
		case a := <-v.got:
			if a.code != code {
				return fmt.Errorf("viewer got %s, want %s", a.code, code)
			}
			events = append(events, a.at.Sub(t0))
		case <-time.After(10 * time.Second):
			return fmt.Errorf("no event for %s", code)
		}
	}
	fmt.Println("## Scan → viewer, 1 viewer, sequential scans (durable commit included)")
	fmt.Println(summary("SQLite commit of one scan (WAL, synchronous=FULL)", commits))
	fmt.Println(summary("HTTP scan → 201 acknowledged", acks))
	fmt.Println(summary("HTTP scan → WebSocket event at the viewer", events))
	fmt.Printf("commit median / fsync median = %.2f\n\n", float64(median(commits))/float64(fsyncMedian))
	return nil
}

// benchFanout: many viewers while scans arrive at a steady rate.
func benchFanout(ctx context.Context, o options) error {
	r, err := newRig(ctx, o, o.fanoutScans, 1)
	if err != nil {
		return err
	}
	defer r.stop()
	var viewers []*viewer
	for i := 0; i < o.viewers; i++ {
		v, err := r.viewer(r.visits[0], o.fanoutScans+16)
		if err != nil {
			return err
		}
		defer v.conn.Close()
		viewers = append(viewers, v)
	}
	sent := make(map[string]time.Time, o.fanoutScans)
	var mu sync.Mutex
	tick := time.NewTicker(time.Second / time.Duration(o.rate))
	defer tick.Stop()
	start := time.Now()
	for i := 1; i <= o.fanoutScans; i++ {
		<-tick.C
		code := fmt.Sprintf("B%06d", i)
		mu.Lock()
		sent[code] = time.Now()
		mu.Unlock()
		if err := r.scan(r.visits[0], code); err != nil {
			return err
		}
	}
	took := time.Since(start)
	var ds []time.Duration
	for _, v := range viewers {
		for n := 0; n < o.fanoutScans; n++ {
			select {
			case a := <-v.got:
				mu.Lock()
				ds = append(ds, a.at.Sub(sent[a.code]))
				mu.Unlock()
			case <-time.After(10 * time.Second):
				return fmt.Errorf("a viewer received only %d of %d events", n, o.fanoutScans)
			}
		}
	}
	fmt.Printf("## Scan → viewer, %d viewers, %d scans at %d/s (achieved %.1f/s)\n", o.viewers, o.fanoutScans, o.rate,
		float64(o.fanoutScans)/took.Seconds())
	fmt.Println(summary("HTTP scan → WebSocket event, every viewer", ds))
	fmt.Println()
	return nil
}
