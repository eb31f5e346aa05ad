package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/geo"
	"anterkoper/internal/store"
)

// locationInput is a location as the API takes it: POST /api/locations
// and PUT /api/locations/{id}. MapsLink, when given, sets Lat and Lon from
// a pasted map link.
type locationInput struct {
	circulation.Location
	MapsLink string `json:"maps_link"`
}

// location validates the input and returns the location to store.
func (in locationInput) location() (circulation.Location, error) {
	l := in.Location
	l.Name = strings.TrimSpace(l.Name)
	if l.Name == "" || len(l.Name) > 200 {
		return l, errors.New("name is required (at most 200 bytes)")
	}
	kind, ok := circulation.NormalizeKind(l.Kind)
	if !ok {
		return l, errors.New("kind must be one of school, university, institution, orphanage, children_home, community")
	}
	level, ok := circulation.NormalizeLevel(l.Level)
	if !ok {
		return l, errors.New("level must be SD, SMP, SMA or umum (MI, MTs, MA and SMK count as their equivalents)")
	}
	if level == "" {
		level = circulation.LevelUmum
	}
	l.Kind, l.Level = kind, level
	for _, f := range []*string{&l.Address, &l.Contact, &l.Phone, &l.Notes, &l.Wishes, &l.CardNumber, &l.MemberID} {
		*f = strings.TrimSpace(*f)
	}
	if len(l.Address) > 1000 || len(l.Contact) > 200 || len(l.Phone) > 40 || len(l.Notes) > 4000 || len(l.Wishes) > 4000 {
		return l, errors.New("a field is too long (address 1000, contact 200, phone 40, notes and wishes 4000 bytes)")
	}
	// Koha card numbers and SLiMS member ids go into tab-separated and CSV
	// files: printable, no tabs, and as long as those systems allow.
	for name, v := range map[string]string{"card_number": l.CardNumber, "member_id": l.MemberID} {
		if len(v) > 20 || strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return l, fmt.Errorf("%s must be at most 20 printable characters", name)
		}
	}
	if strings.TrimSpace(in.MapsLink) != "" {
		lat, lon, err := geo.Parse(in.MapsLink)
		if err != nil {
			return l, fmt.Errorf("maps_link: %w", err)
		}
		l.Lat, l.Lon = &lat, &lon
	}
	if (l.Lat == nil) != (l.Lon == nil) {
		return l, errors.New("give both lat and lon, or neither")
	}
	if l.Lat != nil {
		if err := geo.Check(*l.Lat, *l.Lon); err != nil {
			return l, err
		}
	}
	if l.TravelMinutes < 0 || l.TravelMinutes > 24*60 {
		return l, errors.New("travel_minutes must be between 0 and 1440")
	}
	if l.BooksPerVisit == 0 {
		l.BooksPerVisit = 50
	}
	if l.BooksPerVisit < 1 || l.BooksPerVisit > 1000 {
		return l, errors.New("books_per_visit must be between 1 and 1000")
	}
	return l, nil
}

// locationView is a location with its SOP history.
type locationView struct {
	circulation.Location
	Requests []store.Request `json:"requests"`
	Surveys  []store.Survey  `json:"surveys"`
}

func (s *Server) getLocation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	l, err := s.db.Location(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	reqs, surveys, err := s.db.LocationHistory(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, locationView{Location: l, Requests: reqs, Surveys: surveys})
}

func (s *Server) putLocation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	// Fields the body leaves out keep their values: {"card_number":"…"}
	// alone is a valid update.
	cur, err := s.db.Location(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	in := locationInput{Location: cur}
	if !readJSON(w, r, &in) {
		return
	}
	l, err := in.location()
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	l.ID = id
	if err := s.db.UpdateLocation(r.Context(), l, a); err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.getLocation(w, r)
}

// locationStep takes one SOP step for the location in the path: request,
// approve, reject or survey.
func (s *Server) locationStep(action string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(w, r, "id")
		if !ok {
			return
		}
		roles := rolesOperator
		if action == circulation.ActApprove || action == circulation.ActReject {
			roles = rolesHead
		}
		a, ok := s.need(w, r, roles)
		if !ok {
			return
		}
		var in struct {
			LetterNumber  string  `json:"letter_number"`
			LetterDate    string  `json:"letter_date"`
			FileID        int64   `json:"file_id"`
			Reason        string  `json:"reason"`
			Date          string  `json:"date"`
			Notes         string  `json:"notes"`
			VehicleAccess string  `json:"vehicle_access"`
			PhotoIDs      []int64 `json:"photo_ids"`
		}
		if r.ContentLength != 0 && !readJSON(w, r, &in) {
			return
		}
		st := store.Step{Action: action, LetterNumber: strings.TrimSpace(in.LetterNumber), LetterDate: in.LetterDate,
			FileID: in.FileID, Reason: strings.TrimSpace(in.Reason), Date: in.Date, Notes: strings.TrimSpace(in.Notes),
			VehicleAccess: strings.TrimSpace(in.VehicleAccess), PhotoIDs: in.PhotoIDs}
		if msg := checkStepInput(st); msg != "" {
			writeError(w, http.StatusBadRequest, msg)
			return
		}
		for _, f := range append([]int64{st.FileID}, st.PhotoIDs...) {
			if f == 0 {
				continue
			}
			if _, err := s.db.LoadFile(r.Context(), f); err != nil {
				writeError(w, http.StatusBadRequest, fmt.Sprintf("file %d was not uploaded (POST /api/files first)", f))
				return
			}
		}
		status, err := s.db.LocationStep(r.Context(), id, st, a)
		if errors.Is(err, circulation.ErrTransition) {
			writeErrorCode(w, http.StatusConflict, "step_order", strings.TrimPrefix(err.Error(), "circulation: step not allowed now: "))
			return
		}
		if err != nil {
			s.writeEngineError(w, err)
			return
		}
		s.log.Info("Location step", "location", id, "step", action, "status", status, "by", a.User)
		s.getLocation(w, r)
	}
}

func checkStepInput(st store.Step) string {
	dateOK := func(d string) bool { _, err := time.Parse(time.DateOnly, d); return err == nil }
	switch st.Action {
	case circulation.ActRequest:
		if st.LetterNumber == "" || len(st.LetterNumber) > 100 {
			return "letter_number is required (the request letter's number, at most 100 bytes)"
		}
		if !dateOK(st.LetterDate) {
			return "letter_date must be YYYY-MM-DD"
		}
	case circulation.ActReject:
		if st.Reason == "" || len(st.Reason) > 2000 {
			return "reason is required when rejecting (at most 2000 bytes)"
		}
	case circulation.ActSurvey:
		if !dateOK(st.Date) {
			return "date must be YYYY-MM-DD (the day of the survey)"
		}
		if len(st.Notes) > 4000 || len(st.VehicleAccess) > 1000 {
			return "notes (4000 bytes) or vehicle_access (1000 bytes) is too long"
		}
		if len(st.PhotoIDs) > 20 {
			return "at most 20 photos per survey"
		}
	}
	if len(st.Reason) > 2000 {
		return "reason is too long (2000 bytes)"
	}
	return ""
}

// maxFile bounds an uploaded document (a letter's scan, a photo).
const maxFile = 10 << 20

// uploadTypes are the documents accepted, by the type their bytes show.
var uploadTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true, "image/webp": true}

// postFile stores an uploaded document: the request body is the file, its
// name in ?name=. The type is read from the bytes, not trusted from the
// browser.
func (s *Server) postFile(w http.ResponseWriter, r *http.Request) {
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxFile))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("a file may be at most %d MiB", maxFile>>20))
		return
	}
	if len(data) == 0 {
		writeError(w, http.StatusBadRequest, "the request body is empty; send the file's bytes")
		return
	}
	mime := http.DetectContentType(data)
	if !uploadTypes[mime] {
		writeError(w, http.StatusUnsupportedMediaType, "only PDF, JPEG, PNG or WebP files are accepted (this looks like "+mime+")")
		return
	}
	name := strings.TrimSpace(r.URL.Query().Get("name"))
	if len(name) > 200 {
		name = name[:200]
	}
	id, err := s.db.SaveFile(r.Context(), store.File{Name: name, MIME: mime, Data: data}, a)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": id, "mime": mime, "size": len(data)})
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	f, err := s.db.LoadFile(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	w.Header().Set("Content-Type", f.MIME)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.Data)))
	w.Header().Set("Content-Disposition", "inline")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.Data)
}

func (s *Server) getAudit(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, rolesCoordinator); !ok {
		return
	}
	q := r.URL.Query()
	id, _ := strconv.ParseInt(q.Get("id"), 10, 64)
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 || limit > 1000 {
		limit = 200
	}
	trail, err := s.db.AuditTrail(r.Context(), q.Get("subject"), id, limit)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, trail)
}
