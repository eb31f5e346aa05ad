package server

import (
	"errors"
	"net/http"
	"time"

	"anterkoper/circulation"
)

func (s *Server) getItem(w http.ResponseWriter, r *http.Request) {
	if it, ok := s.item(w, r, r.PathValue("code")); ok {
		writeJSON(w, http.StatusOK, it)
	}
}

// item normalises code and looks the item up, answering 400 or 404 itself
// when it cannot.
func (s *Server) item(w http.ResponseWriter, r *http.Request, code string) (circulation.Item, bool) {
	code, err := circulation.NormalizeCode(code)
	if err != nil {
		s.writeEngineError(w, err)
		return circulation.Item{}, false
	}
	it, err := s.db.Item(r.Context(), code)
	if errors.Is(err, circulation.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no item with that code")
		return it, false
	}
	if err != nil {
		s.writeEngineError(w, err)
		return it, false
	}
	return it, true
}

func (s *Server) listLocations(w http.ResponseWriter, r *http.Request) {
	ls, err := s.db.Locations(r.Context())
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ls)
}

type idBody struct {
	ID int64 `json:"id"`
}

func (s *Server) createLocation(w http.ResponseWriter, r *http.Request) {
	var in locationInput
	if !readJSON(w, r, &in) {
		return
	}
	l, err := in.location()
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	id, err := s.db.CreateLocation(r.Context(), l)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	a, _ := s.actor(r)
	if err := s.db.Audit(r.Context(), a, "location.create", "location", id, l.Name); err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, idBody{ID: id})
}

// WIB is the service's time zone (Indonesia has no daylight saving).
var WIB = time.FixedZone("WIB", 7*3600)
