package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"anterkoper/circulation"
	"anterkoper/circulation/schedule"
	"anterkoper/internal/export"
	"anterkoper/internal/planner"
	"anterkoper/internal/store"
)

// Office is the name on printed papers.
const Office = "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah"

func (s *Server) generateSchedule(w http.ResponseWriter, r *http.Request) {
	a, ok := s.need(w, r, rolesCoordinator)
	if !ok {
		return
	}
	cur, err := planner.CurrentFleet(r.Context(), s.db)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	in := struct {
		Month    string `json:"month"`
		Vehicles int    `json:"vehicles"`
		PerDay   int    `json:"per_day"`
	}{Vehicles: cur.Vehicles, PerDay: cur.PerDay}
	if !readJSON(w, r, &in) {
		return
	}
	res, err := planner.Generate(r.Context(), s.db, in.Month, planner.Fleet{Vehicles: in.Vehicles, PerDay: in.PerDay}, a)
	if errors.Is(err, schedule.ErrBadMonth) || errors.Is(err, planner.ErrBadFleet) {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.log.Info("Schedule generated", "month", in.Month, "visits", len(res.Visits), "unscheduled", len(res.Unscheduled), "by", a.User)
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) moveVisit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	a, ok := s.need(w, r, rolesCoordinator)
	if !ok {
		return
	}
	var in struct {
		Date    string `json:"date"`
		Vehicle int    `json:"vehicle"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if _, err := time.Parse(time.DateOnly, in.Date); err != nil {
		writeError(w, http.StatusBadRequest, "date must be YYYY-MM-DD")
		return
	}
	err := planner.Move(r.Context(), s.db, id, in.Date, in.Vehicle, a)
	for code, target := range map[string]error{"holiday": schedule.ErrHoliday, "weekend": schedule.ErrNotWorkDay,
		"double_booked": schedule.ErrDoubleBooked, "other_month": schedule.ErrOutsideMonth, "bad_vehicle": schedule.ErrBadVehicle} {
		if errors.Is(err, target) {
			writeErrorCode(w, http.StatusConflict, code, err.Error())
			return
		}
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.getVisit(w, r)
}

func (s *Server) getFleet(w http.ResponseWriter, r *http.Request) {
	f, err := planner.CurrentFleet(r.Context(), s.db)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, f)
}

// exportSchedule serves a month's schedule as CSV, PDF or iCalendar.
func (s *Server) exportSchedule(w http.ResponseWriter, r *http.Request) {
	month := r.PathValue("month")
	if _, err := time.Parse("2006-01", month); err != nil {
		writeError(w, http.StatusBadRequest, "month must be YYYY-MM")
		return
	}
	rows, err := planner.Rows(r.Context(), s.db, month)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	lang := r.URL.Query().Get("lang")
	if lang != "en" {
		lang = "id"
	}
	meta := export.ScheduleMeta{Month: month, Office: Office, Generated: time.Now(), Lang: lang}
	var buf bytes.Buffer
	var ctype string
	format := r.URL.Query().Get("format")
	switch format {
	case "csv":
		ctype, err = "text/csv; charset=utf-8", export.ScheduleCSV(&buf, meta, rows)
	case "ics":
		ctype, err = "text/calendar; charset=utf-8", export.ScheduleICS(&buf, meta, rows)
	case "pdf":
		ctype, err = "application/pdf", export.SchedulePDF(&buf, meta, rows)
	default:
		writeError(w, http.StatusBadRequest, "format must be csv, ics or pdf")
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="jadwal-%s.%s"`, month, format))
	w.Write(buf.Bytes())
}

func (s *Server) listHolidays(w http.ResponseWriter, r *http.Request) {
	since, until := "", ""
	if y := r.URL.Query().Get("year"); y != "" {
		if _, err := time.Parse("2006", y); err != nil {
			writeError(w, http.StatusBadRequest, "year must be YYYY")
			return
		}
		since, until = y+"-01-01", y+"-12-31"
	}
	hs, err := s.db.Holidays(r.Context(), since, until)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, hs)
}

func (s *Server) putHoliday(w http.ResponseWriter, r *http.Request) {
	a, ok := s.need(w, r, rolesCoordinator)
	if !ok {
		return
	}
	date := r.PathValue("date")
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		writeError(w, http.StatusBadRequest, "the date in the path must be YYYY-MM-DD")
		return
	}
	var in struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 200 {
		writeError(w, http.StatusBadRequest, "name is required (at most 200 bytes)")
		return
	}
	if in.Kind == "" {
		in.Kind = "national"
	}
	if in.Kind != "national" && in.Kind != "collective_leave" {
		writeError(w, http.StatusBadRequest, "kind must be national or collective_leave")
		return
	}
	if err := s.db.PutHoliday(r.Context(), store.Holiday{Date: date, Name: in.Name, Kind: in.Kind}, a); err != nil {
		s.writeEngineError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteHoliday(w http.ResponseWriter, r *http.Request) {
	a, ok := s.need(w, r, rolesCoordinator)
	if !ok {
		return
	}
	err := s.db.DeleteHoliday(r.Context(), r.PathValue("date"), a)
	if errors.Is(err, circulation.ErrNotFound) {
		writeError(w, http.StatusNotFound, "no holiday on that date")
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
