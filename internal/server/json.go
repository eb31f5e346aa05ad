package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

const maxBody = 64 << 10

// errorBody is every API error. Code, when set, names the refusal so that
// a page can say it in the reader's language; Error says it in English.
type errorBody struct {
	Error string `json:"error"`
	Code  string `json:"code,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

// writeErrorCode is writeError with a code the pages translate.
func writeErrorCode(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, errorBody{Error: msg, Code: code})
}

// readJSON decodes a request body of at most maxBody bytes into v.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	return readJSONMax(w, r, v, maxBody)
}

// readJSONMax is readJSON for a body of at most max bytes (a drawn
// signature is larger than any other request).
func readJSONMax(w http.ResponseWriter, r *http.Request, v any, max int64) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, max))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is larger than %d bytes", max))
		case errors.Is(err, io.EOF):
			writeError(w, http.StatusBadRequest, "request body is empty; expected a JSON object")
		default:
			writeError(w, http.StatusBadRequest, "malformed JSON: "+err.Error())
		}
		return false
	}
	if dec.More() {
		writeError(w, http.StatusBadRequest, "malformed JSON: more than one value in the body")
		return false
	}
	return true
}

// pathID parses the {name} path value as a positive integer.
func pathID(w http.ResponseWriter, r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("%s must be a positive integer", name))
		return 0, false
	}
	return id, true
}

// writeEngineError answers an error from the engine or the store.
func (s *Server) writeEngineError(w http.ResponseWriter, err error) {
	s.noteWrite(err)
	switch {
	case errors.Is(err, circulation.ErrUnknownVisit):
		writeError(w, http.StatusNotFound, "unknown visit")
	case errors.Is(err, circulation.ErrNotFound):
		writeError(w, http.StatusNotFound, "not found")
	case errors.Is(err, circulation.ErrInvalidMode):
		writeError(w, http.StatusBadRequest, "unknown mode; expected pack, lend, return or recount")
	case errors.Is(err, circulation.ErrSealed):
		writeErrorCode(w, http.StatusConflict, "sealed", "the visit's counts are signed by both parties and sealed; reopen the visit (with a reason) to change them")
	case errors.Is(err, circulation.ErrNotVoidable):
		writeError(w, http.StatusConflict, "no scan with that seq to undo in this visit (already undone, or not a scan)")
	case errors.Is(err, circulation.ErrEmptyCode):
		writeError(w, http.StatusBadRequest, "code is empty")
	case errors.Is(err, circulation.ErrLongCode):
		writeError(w, http.StatusBadRequest, fmt.Sprintf("code is longer than %d bytes", circulation.MaxCodeLen))
	case errors.Is(err, circulation.ErrInvalidCode):
		writeError(w, http.StatusBadRequest, "code contains control characters or is not UTF-8")
	case errors.Is(err, store.ErrDiskFull):
		s.log.Error("Not recorded: disk full", "err", err)
		writeError(w, http.StatusInsufficientStorage, "NOT RECORDED: the laptop's disk is full; free some space (the kiosk recovers by itself)")
	case errors.Is(err, store.ErrReadOnly):
		s.log.Error("Not recorded: database not writable", "err", err)
		writeError(w, http.StatusServiceUnavailable, "NOT RECORDED: the database cannot be written (read-only disk or I/O error)")
	default:
		s.log.Error("Request failed", "err", err)
		writeError(w, http.StatusInternalServerError, "not recorded: "+err.Error())
	}
}
