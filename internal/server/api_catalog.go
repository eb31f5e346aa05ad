package server

import (
	"errors"
	"net/http"
	"strings"
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
	var in circulation.Location
	if !readJSON(w, r, &in) {
		return
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 200 {
		writeError(w, http.StatusBadRequest, "name is required (at most 200 bytes)")
		return
	}
	kind, ok := circulation.NormalizeKind(in.Kind)
	if !ok || kind == "" {
		writeError(w, http.StatusBadRequest, "kind must be one of school, university, institution, orphanage, children_home, community")
		return
	}
	level, ok := circulation.NormalizeLevel(in.Level)
	if !ok {
		writeError(w, http.StatusBadRequest, "level must be SD, SMP, SMA or umum (MI, MTs, MA and SMK count as their equivalents)")
		return
	}
	if level == "" {
		level = circulation.LevelUmum
	}
	in.Kind, in.Level = kind, level
	in.Address, in.Contact = strings.TrimSpace(in.Address), strings.TrimSpace(in.Contact)
	if len(in.Address) > 1000 || len(in.Contact) > 200 {
		writeError(w, http.StatusBadRequest, "address or contact is too long")
		return
	}
	id, err := s.db.CreateLocation(r.Context(), in)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, idBody{ID: id})
}

// WIB is the service's time zone (Indonesia has no daylight saving).
var WIB = time.FixedZone("WIB", 7*3600)
