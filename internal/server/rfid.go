package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"anterkoper/circulation"
	"anterkoper/device"
	"anterkoper/internal/catalog"
	"anterkoper/internal/store"
)

// RFID readers report every tag in their field many times a second. The
// first sighting of a tag in a visit's current mode becomes one scan,
// applied like a barcode scan; later sightings only refresh what is "in the
// field now". Switching the mode counts each tag once more, in the new mode.
const (
	fieldWindow  = 3 * time.Second // a tag not seen for this long has left the field
	fieldTick    = 250 * time.Millisecond
	fieldForget  = 10 * time.Minute
	bindFor      = 30 * time.Second
	retryCommit  = time.Second // a tag whose scan failed to commit is retried this often
	maxUnmappedN = 50
)

// isRFID reports whether a device scan is a tag read rather than a barcode.
func isRFID(sc device.Scan) bool { return strings.HasPrefix(sc.Symbology, "rfid") }

type rfidKey struct {
	visit int64
	mode  circulation.Mode
	epc   string
}

type fieldTag struct {
	seen time.Time
	item string // the bound item's code; "" when the tag maps to no item
}

type bindArm struct {
	item  circulation.Item
	until time.Time
}

// rfidState is what the server knows of the tags readers report.
type rfidState struct {
	mu      sync.Mutex
	counted map[rfidKey]bool      // sightings that became a scan
	failed  map[rfidKey]time.Time // sightings whose scan could not be committed
	field   map[string]*fieldTag  // by EPC
	bind    *bindArm
	last    string // the last field message sent
}

func newRFIDState() *rfidState {
	return &rfidState{counted: map[rfidKey]bool{}, failed: map[rfidKey]time.Time{}, field: map[string]*fieldTag{}}
}

// rfidRead handles one tag read.
func (s *Server) rfidRead(ctx context.Context, sc device.Scan) {
	epc, err := catalog.NormalizeEPC(string(sc.Code))
	if err != nil {
		s.log.Warn("RFID read is not an EPC", "device", sc.Device, "code", string(sc.Code))
		return
	}
	r := s.rfid
	r.mu.Lock()
	ft := r.field[epc]
	isNew := ft == nil
	if isNew {
		ft = &fieldTag{}
		r.field[epc] = ft
	}
	ft.seen = sc.Time
	r.mu.Unlock()
	if isNew {
		item, err := s.db.TagItem(ctx, epc)
		if err != nil && !errors.Is(err, circulation.ErrNotFound) {
			s.log.Error("Tag lookup failed", "epc", epc, "err", err)
		}
		r.mu.Lock()
		ft.item = item
		r.mu.Unlock()
	}
	if s.bindTag(ctx, epc, ft) {
		return
	}

	visit := s.active.get()
	var mode circulation.Mode
	if visit != 0 {
		if mode, err = s.eng.Mode(ctx, visit); err != nil {
			s.log.Error("RFID read: active visit unreadable", "visit", visit, "err", err)
			return
		}
	}
	key := rfidKey{visit, mode, epc}
	r.mu.Lock()
	code := ft.item
	if r.counted[key] || time.Since(r.failed[key]) < retryCommit {
		r.mu.Unlock()
		return
	}
	r.counted[key] = true
	r.mu.Unlock()
	if code == "" {
		code = epc // no item: the engine logs it as unknown
	}
	src := "rfid:" + sc.Device
	if visit != 0 {
		_, err = s.eng.Scan(ctx, visit, code, src)
	} else {
		_, err = s.eng.ScanNoVisit(ctx, code, src)
	}
	if err != nil {
		// Not counted: the next sighting tries again (after a pause), so a
		// full disk loses no tag that is still on the reader when it clears.
		r.mu.Lock()
		delete(r.counted, key)
		r.failed[key] = time.Now()
		r.mu.Unlock()
		s.noteWrite(err)
		s.log.Error("RFID scan not recorded", "device", sc.Device, "epc", epc, "err", err)
		s.hub.broadcast(mustJSON(map[string]string{"type": "scan_error", "code": code, "source": src, "error": err.Error()}))
	}
}

// bindTag binds the tag to the armed item if binding is armed and the tag
// is bound to nothing; it reports whether it did.
func (s *Server) bindTag(ctx context.Context, epc string, ft *fieldTag) bool {
	r := s.rfid
	r.mu.Lock()
	arm := r.bind
	if arm == nil || ft.item != "" || time.Now().After(arm.until) {
		r.mu.Unlock()
		return false
	}
	r.bind = nil
	r.mu.Unlock()
	if _, err := s.db.UpsertTags(ctx, []store.Tag{{EPC: epc, ItemCode: arm.item.Code, Source: "bind"}}); err != nil {
		s.noteWrite(err)
		s.log.Error("Tag binding not stored", "epc", epc, "err", err)
		s.hub.broadcast(mustJSON(map[string]any{"type": "bind_failed", "epc": epc, "item": arm.item, "error": err.Error()}))
		return true
	}
	r.mu.Lock()
	ft.item = arm.item.Code
	r.mu.Unlock()
	s.log.Info("Tag bound", "epc", epc, "item", arm.item.Code)
	s.hub.broadcast(mustJSON(map[string]any{"type": "tag_bound", "epc": epc, "item": arm.item}))
	return true
}

// fieldView is what the readers see now.
type fieldView struct {
	Type     string   `json:"type"` // "rfid_field"
	Count    int      `json:"count"`
	Unmapped []string `json:"unmapped"` // EPCs that map to no item (at most 50)
	WindowMS int64    `json:"window_ms"`
	Binding  *string  `json:"binding"` // the item code a new tag will be bound to
}

func (s *Server) fieldNow(now time.Time) fieldView {
	r := s.rfid
	r.mu.Lock()
	defer r.mu.Unlock()
	v := fieldView{Type: "rfid_field", Unmapped: []string{}, WindowMS: fieldWindow.Milliseconds()}
	for epc, ft := range r.field {
		age := now.Sub(ft.seen)
		if age > fieldForget {
			delete(r.field, epc)
			continue
		}
		if age <= fieldWindow {
			v.Count++
			if ft.item == "" && len(v.Unmapped) < maxUnmappedN {
				v.Unmapped = append(v.Unmapped, epc)
			}
		}
	}
	slices.Sort(v.Unmapped)
	if r.bind != nil && now.Before(r.bind.until) {
		v.Binding = &r.bind.item.Code
	}
	return v
}

// watchField tells every screen how many tags are in the readers' field
// whenever that changes, until ctx ends.
func (s *Server) watchField(ctx context.Context) {
	s.rfid.mu.Lock()
	if s.rfid.last == "" { // an empty field is the starting point, not news
		s.rfid.last = string(mustJSON(fieldView{Type: "rfid_field", Unmapped: []string{}, WindowMS: fieldWindow.Milliseconds()}))
	}
	s.rfid.mu.Unlock()
	t := time.NewTicker(fieldTick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			msg := string(mustJSON(s.fieldNow(now)))
			s.rfid.mu.Lock()
			changed := msg != s.rfid.last
			s.rfid.last = msg
			s.rfid.mu.Unlock()
			if changed {
				s.hub.broadcast([]byte(msg))
			}
		}
	}
}

func (s *Server) getField(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.fieldNow(time.Now()))
}

// armBind: the next tag the readers report that is bound to nothing is
// bound to this item.
func (s *Server) armBind(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ItemCode string `json:"item_code"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	it, ok := s.item(w, r, in.ItemCode)
	if !ok {
		return
	}
	until := time.Now().Add(bindFor)
	s.rfid.mu.Lock()
	s.rfid.bind = &bindArm{item: it, until: until}
	s.rfid.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"item": it, "until": until})
}

func (s *Server) cancelBind(w http.ResponseWriter, r *http.Request) {
	s.rfid.mu.Lock()
	s.rfid.bind = nil
	s.rfid.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// postTag binds a tag to an item directly.
func (s *Server) postTag(w http.ResponseWriter, r *http.Request) {
	var in struct {
		EPC      string `json:"epc"`
		ItemCode string `json:"item_code"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	epc, err := catalog.NormalizeEPC(in.EPC)
	if err != nil {
		writeError(w, http.StatusBadRequest, "epc: "+err.Error())
		return
	}
	it, ok := s.item(w, r, in.ItemCode)
	if !ok {
		return
	}
	code := it.Code
	if _, err := s.db.UpsertTags(r.Context(), []store.Tag{{EPC: epc, ItemCode: code, Source: "api"}}); err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.rfid.mu.Lock()
	if ft := s.rfid.field[epc]; ft != nil {
		ft.item = code
	}
	s.rfid.mu.Unlock()
	writeJSON(w, http.StatusCreated, map[string]string{"epc": epc, "item_code": code})
}
