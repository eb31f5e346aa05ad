package server

import (
	"net/http"
	"time"

	"anterkoper/circulation"
)

// visitView is a visit with its location and current state.
type visitView struct {
	circulation.Visit
	Location circulation.Location `json:"location"`
	Mode     circulation.Mode     `json:"mode"`
	Basket   string               `json:"basket"`
	Seq      int64                `json:"seq"`
	Tally    *circulation.Tally   `json:"tally,omitempty"`
}

func (s *Server) viewVisit(r *http.Request, v circulation.Visit, withTally bool) (visitView, error) {
	loc, err := s.db.Location(r.Context(), v.LocationID)
	if err != nil {
		return visitView{}, err
	}
	snap, err := s.eng.Snapshot(r.Context(), v.ID)
	if err != nil {
		return visitView{}, err
	}
	out := visitView{Visit: v, Location: loc, Mode: snap.Mode, Basket: snap.Basket, Seq: snap.Seq}
	if withTally {
		out.Tally = &snap.Tally
	}
	return out, nil
}

func (s *Server) listVisits(w http.ResponseWriter, r *http.Request) {
	date, month := r.URL.Query().Get("date"), r.URL.Query().Get("month")
	if date != "" {
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			writeError(w, http.StatusBadRequest, "date must be YYYY-MM-DD")
			return
		}
	}
	var vs []circulation.Visit
	var err error
	if month != "" {
		if _, err := time.Parse("2006-01", month); err != nil {
			writeError(w, http.StatusBadRequest, "month must be YYYY-MM")
			return
		}
		vs, err = s.db.VisitsInMonth(r.Context(), month)
	} else {
		vs, err = s.db.Visits(r.Context(), date)
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	out := make([]visitView, 0, len(vs))
	for _, v := range vs {
		vv, err := s.viewVisit(r, v, false)
		if err != nil {
			s.writeEngineError(w, err)
			return
		}
		out = append(out, vv)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) createVisit(w http.ResponseWriter, r *http.Request) {
	var in struct {
		LocationID int64  `json:"location_id"`
		Date       string `json:"date"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Date == "" {
		in.Date = time.Now().In(WIB).Format(time.DateOnly)
	}
	if _, err := time.Parse(time.DateOnly, in.Date); err != nil {
		writeError(w, http.StatusBadRequest, "date must be YYYY-MM-DD")
		return
	}
	if _, err := s.db.Location(r.Context(), in.LocationID); err != nil {
		writeError(w, http.StatusBadRequest, "location_id names no location")
		return
	}
	id, err := s.db.CreateVisit(r.Context(), circulation.Visit{LocationID: in.LocationID, Date: in.Date})
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, idBody{ID: id})
}

// visit reads the {id} path value and the visit it names, answering 400 or
// 404 itself when it cannot.
func (s *Server) visit(w http.ResponseWriter, r *http.Request) (circulation.Visit, bool) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return circulation.Visit{}, false
	}
	v, err := s.db.Visit(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return circulation.Visit{}, false
	}
	return v, true
}

func (s *Server) getVisit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	vv, err := s.viewVisit(r, v, true)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, vv)
}

func (s *Server) getTally(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	snap, err := s.eng.Snapshot(r.Context(), v.ID)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, snap.Tally)
}

// listsView names the items behind a visit's numbers.
type listsView struct {
	Packed      []string `json:"packed"`
	Lent        []string `json:"lent"`
	Returned    []string `json:"returned"`
	Recounted   []string `json:"recounted"`
	Expected    []string `json:"expected_in_vehicle"`
	Missing     []string `json:"missing"`
	Extra       []string `json:"extra"`
	Outstanding []string `json:"outstanding"`
}

func (s *Server) getLists(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	l, err := s.eng.Lists(r.Context(), v.ID)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	writeJSON(w, http.StatusOK, listsView{nz(l.Packed), nz(l.Lent), nz(l.Returned), nz(l.Recounted),
		nz(l.Expected), nz(l.Missing), nz(l.Extra), nz(l.Outstanding)})
}

func (s *Server) setMode(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in struct {
		Mode circulation.Mode `json:"mode"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	res, err := s.eng.SetMode(r.Context(), id, in.Mode, "api")
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"seq": res.Event.Seq, "mode": res.Event.Mode, "tally": res.Tally})
}
