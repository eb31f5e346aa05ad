package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/websocket"

	"anterkoper/circulation"
	"anterkoper/device/camera"
)

const (
	writeWait    = 10 * time.Second // a client that takes longer to accept a write is dropped
	pongWait     = 60 * time.Second
	pingPeriod   = pongWait * 9 / 10
	maxClientMsg = 4096 // bytes of a text message; a larger one closes the connection with 1009
)

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 4096,
	CheckOrigin:     sameOrigin,
}

// sameOrigin accepts requests without an Origin header (not from a browser)
// and browser requests from the server's own origin.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return strings.EqualFold(u.Host, r.Host)
}

// clientMsg is what a WebSocket client may send.
type clientMsg struct {
	Type string `json:"type"`
}

// parseClientMsg reads one message from a client. Only "ping" is known
// today; anything else is an error the client is told about.
func parseClientMsg(data []byte) (clientMsg, error) {
	var m clientMsg
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("malformed message: %w", err)
	}
	switch m.Type {
	case "ping":
		return m, nil
	case "":
		return m, errors.New(`message has no "type"`)
	}
	return m, fmt.Errorf("unknown message type %q", m.Type)
}

// snapshotMsg is the first message to a client that did not say since.
type snapshotMsg struct {
	Type   string            `json:"type"`
	Seq    int64             `json:"seq"`
	Visit  visitView         `json:"visit"`
	Mode   circulation.Mode  `json:"mode"`
	Basket string            `json:"basket"`
	Tally  circulation.Tally `json:"tally"`
	Recent []eventMsg        `json:"recent"`
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	since := int64(-1)
	if q := r.URL.Query().Get("since"); q != "" {
		n, err := strconv.ParseInt(q, 10, 64)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "since must be a non-negative integer")
			return
		}
		since = n
	}
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	ctx, cancel := context.WithCancel(s.ctx)
	release := func() {}
	_, hasSession := sessionFrom(r.Context())
	readOnly := s.opts.LAN != nil && !hasSession // opened with a viewer link
	if readOnly {
		if tok := r.URL.Query().Get("token"); tok != "" {
			// Opened with a viewer link: revoking the link closes it.
			release = s.tokenConns.add(tokenID(tok), cancel)
		}
	}
	s.conns.Add(1)
	go func() {
		defer s.conns.Done()
		defer release()
		defer cancel()
		s.runClient(ctx, conn, v, since, readOnly)
	}()
}

// runClient owns one connection: this goroutine writes, a second one reads.
func (s *Server) runClient(ctx context.Context, conn *websocket.Conn, v circulation.Visit, since int64, readOnly bool) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer conn.Close()

	notify, globalSent, unsubscribe := s.hub.subscribe(v.ID)
	defer unsubscribe()

	replies := make(chan []byte, 4)
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		defer cancel()
		s.readClient(ctx, conn, v.ID, readOnly, replies)
	}()
	defer func() {
		conn.Close()
		<-readerDone
	}()

	send := func(data []byte) bool {
		conn.SetWriteDeadline(time.Now().Add(writeWait))
		return conn.WriteMessage(websocket.TextMessage, data) == nil
	}

	last := since
	if since < 0 {
		snap, err := s.snapshot(ctx, v)
		if err != nil {
			s.log.Error("WebSocket snapshot failed", "visit", v.ID, "err", err)
			return
		}
		last = snap.Seq
		if !send(mustJSON(snap)) {
			return
		}
	}
	// The device states now; later changes come as global messages (sent
	// from the moment of subscribing, so none is missed).
	if !send(devicesMsg(s.deviceStates())) {
		return
	}
	// The storage state now, if bad; a storage message that only repeats
	// the last one sent is skipped.
	var lastStorage []byte
	if bad := s.storageState(); bad != nil {
		if !send(bad) {
			return
		}
		lastStorage = bad
	}
	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	for {
		var globals []message
		globals, globalSent = s.hub.globals(globalSent)
		for _, m := range globals {
			if bytes.HasPrefix(m.data, []byte(`{"type":"storage"`)) {
				if bytes.Equal(m.data, lastStorage) {
					continue
				}
				lastStorage = m.data
			}
			if !send(m.data) {
				return
			}
		}
		var ok bool
		if last, ok = s.catchUp(ctx, v.ID, last, send); !ok {
			return
		}
		select {
		case <-ctx.Done():
			conn.SetWriteDeadline(time.Now().Add(time.Second))
			conn.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseGoingAway, "closing: server stopping or viewer link revoked"))
			return
		case <-notify:
		case data := <-replies:
			if !send(data) {
				return
			}
		case <-ping.C:
			conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}

// catchUp sends the visit's events after last: first those the hub no
// longer holds, read from the log, then the hub's. It returns the new last
// seq sent.
func (s *Server) catchUp(ctx context.Context, visit, last int64, send func([]byte) bool) (int64, bool) {
	msgs, gap := s.hub.since(visit, last)
	if gap > last {
		evs, err := s.db.VisitEvents(ctx, visit, last, gap)
		if err != nil {
			s.log.Error("WebSocket replay failed", "visit", visit, "err", err)
			return last, false
		}
		if len(evs) > 0 {
			snap, err := s.eng.Snapshot(ctx, visit)
			if err != nil {
				return last, false
			}
			for _, e := range evs {
				if !send(mustJSON(s.describe(ctx, e, snap.Tally))) {
					return last, false
				}
				last = e.Seq
			}
		}
		last = max(last, gap)
	}
	for _, m := range msgs {
		if m.seq <= last {
			continue
		}
		if !send(m.data) {
			return last, false
		}
		last = m.seq
	}
	return last, true
}

// readClient reads until the connection fails, answering bad messages with
// an error message through replies. Binary messages are camera frames
// (JPEG) from the operator page; text messages are at most 4 KiB.
func (s *Server) readClient(ctx context.Context, conn *websocket.Conn, visit int64, readOnly bool, replies chan<- []byte) {
	conn.SetReadLimit(maxFrame)
	conn.SetReadDeadline(time.Now().Add(pongWait))
	conn.SetPongHandler(func(string) error {
		conn.SetReadDeadline(time.Now().Add(pongWait))
		return nil
	})
	cam := pageCamera{dedup: camera.Dedup{Rescan: camera.DefaultRescan}}
	for {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				s.log.Warn("WebSocket message too large", "limit", maxFrame)
			}
			return
		}
		conn.SetReadDeadline(time.Now().Add(pongWait))
		var reply []byte
		switch {
		case kind == websocket.BinaryMessage && readOnly:
			reply = mustJSON(frameAck{Type: "frame_ack", Codes: []string{}, Error: "a viewer link is read-only: it cannot send camera frames"})
		case kind == websocket.BinaryMessage:
			reply = mustJSON(s.frame(ctx, &cam, visit, data))
		case len(data) > maxClientMsg:
			s.log.Warn("WebSocket message too large", "limit", maxClientMsg)
			conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseMessageTooBig, "message too large"), time.Now().Add(time.Second))
			return
		default:
			if _, err := parseClientMsg(data); err != nil {
				reply = mustJSON(map[string]string{"type": "error", "error": err.Error()})
			}
		}
		if reply != nil {
			select {
			case replies <- reply:
			default:
			}
		}
	}
}

// snapshot builds a visit's snapshot with its ten most recent scans.
func (s *Server) snapshot(ctx context.Context, v circulation.Visit) (snapshotMsg, error) {
	snap, err := s.eng.Snapshot(ctx, v.ID)
	if err != nil {
		return snapshotMsg{}, err
	}
	loc, err := s.db.Location(ctx, v.LocationID)
	if err != nil {
		return snapshotMsg{}, err
	}
	recent, err := s.db.RecentScans(ctx, v.ID, snap.Seq, 10)
	if err != nil {
		return snapshotMsg{}, err
	}
	out := snapshotMsg{Type: "snapshot", Seq: snap.Seq, Mode: snap.Mode, Basket: snap.Basket, Tally: snap.Tally,
		Visit:  visitView{Visit: v, Location: loc, Mode: snap.Mode, Basket: snap.Basket, Seq: snap.Seq},
		Recent: make([]eventMsg, 0, len(recent))}
	for _, e := range recent {
		m := s.describe(ctx, e, snap.Tally)
		m.Tally = nil
		out.Recent = append(out.Recent, m)
	}
	return out, nil
}
