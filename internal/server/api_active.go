package server

import (
	"net/http"
	"sync"

	"anterkoper/circulation"
)

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

func (a *activeVisit) set(id int64) {
	a.mu.Lock()
	a.id = id
	a.mu.Unlock()
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
	if in.VisitID == nil || *in.VisitID == 0 {
		s.active.set(0)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if _, err := s.db.Visit(r.Context(), *in.VisitID); err != nil {
		if err == circulation.ErrNotFound {
			writeError(w, http.StatusNotFound, "unknown visit")
			return
		}
		s.writeEngineError(w, err)
		return
	}
	s.active.set(*in.VisitID)
	s.log.Info("Active visit set", "visit", *in.VisitID)
	w.WriteHeader(http.StatusNoContent)
}
