package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"anterkoper/circulation"
	"anterkoper/device"
	"anterkoper/internal/receiptcode"
)

// activeKey is the setting that keeps the active visit across restarts.
const activeKey = "active_visit"

// activeVisit is the visit that hardware scanners feed.
type activeVisit struct {
	mu sync.Mutex
	id int64
}

func (a *activeVisit) get() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.id
}

// loadActive restores the active visit stored by an earlier run.
func (s *Server) loadActive(ctx context.Context) error {
	v, err := s.db.Setting(ctx, activeKey)
	if err != nil || v == "" {
		return err
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return nil // not ours to repair: start with none
	}
	if _, err := s.db.Visit(ctx, id); err == nil {
		s.active.id = id
	}
	return nil
}

// setActive stores and applies the active visit (0 for none).
func (s *Server) setActive(ctx context.Context, id int64) error {
	s.active.mu.Lock()
	defer s.active.mu.Unlock()
	val := ""
	if id != 0 {
		val = strconv.FormatInt(id, 10)
	}
	if err := s.db.SetSetting(ctx, activeKey, val); err != nil {
		return err
	}
	old := s.active.id
	s.active.id = id
	if old != id && s.opts.OnActiveChange != nil {
		s.opts.OnActiveChange(old, id)
	}
	return nil
}

// ActiveVisit returns the visit device scans are applied to (0 for none).
func (s *Server) ActiveVisit() int64 { return s.active.get() }

func (s *Server) getActive(w http.ResponseWriter, r *http.Request) {
	var out struct {
		VisitID *int64 `json:"visit_id"`
	}
	if id := s.active.get(); id != 0 {
		out.VisitID = &id
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) putActive(w http.ResponseWriter, r *http.Request) {
	var in struct {
		VisitID *int64 `json:"visit_id"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	id := int64(0)
	if in.VisitID != nil {
		id = *in.VisitID
	}
	if id < 0 {
		writeError(w, http.StatusBadRequest, "visit_id must be a positive integer or null")
		return
	}
	if id != 0 {
		if _, err := s.db.Visit(r.Context(), id); err != nil {
			if errors.Is(err, circulation.ErrNotFound) {
				writeError(w, http.StatusNotFound, "unknown visit")
				return
			}
			s.writeEngineError(w, err)
			return
		}
	}
	if err := s.setActive(r.Context(), id); err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.log.Info("Active visit set", "visit", id)
	w.WriteHeader(http.StatusNoContent)
}

// DeviceScan applies a hardware scan to the active visit in its current
// mode, exactly like a scan from the page. With no active visit the scan is
// still logged, as no_visit, and every operator screen is warned.
func (s *Server) DeviceScan(ctx context.Context, sc device.Scan) {
	if isRFID(sc) {
		s.rfidRead(ctx, sc)
		return
	}
	src := "device:" + sc.Device
	if receiptcode.Looks(string(sc.Code)) {
		if _, err := s.lookupReceipt(ctx, string(sc.Code)); err == nil {
			// Operator pages look the receipt up themselves: the message
			// goes to every screen, so it names no school.
			s.hub.broadcast(mustJSON(map[string]string{"type": "receipt", "code": string(sc.Code), "source": src}))
			return
		}
	}
	var err error
	if visit := s.active.get(); visit != 0 {
		_, err = s.eng.Scan(ctx, visit, string(sc.Code), src)
	} else {
		_, err = s.eng.ScanNoVisit(ctx, string(sc.Code), src)
	}
	if err != nil {
		// Refused loudly: every operator screen turns red and sounds the
		// error tone; the device goes on reading.
		s.noteWrite(err)
		s.log.Error("Device scan not recorded", "device", sc.Device, "code", string(sc.Code), "err", err)
		s.hub.broadcast(mustJSON(map[string]string{"type": "scan_error", "code": string(sc.Code), "source": src, "error": err.Error()}))
	}
}
