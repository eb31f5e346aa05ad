package server

import (
	"net/http"
	"strings"

	"anterkoper/circulation"
	"anterkoper/internal/receiptcode"
)

// scanResponse acknowledges a committed scan.
type scanResponse struct {
	Seq     int64               `json:"seq"`
	Outcome circulation.Outcome `json:"outcome"`
	Item    *circulation.Item   `json:"item"`
	Tally   circulation.Tally   `json:"tally"`
	Event   eventMsg            `json:"event"`
}

func (s *Server) postScan(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	var in struct {
		Code   *string `json:"code"`
		Source string  `json:"source"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Code == nil {
		writeError(w, http.StatusBadRequest, `"code" is required`)
		return
	}
	src := strings.TrimSpace(in.Source)
	if src == "" {
		src = "api"
	}
	if len(src) > 64 {
		src = src[:64]
	}
	if receiptcode.Looks(*in.Code) {
		// Last month's receipt: it opens what that location must return
		// rather than counting as a book. A code that fails its check is
		// logged like any unknown code.
		if rv, err := s.lookupReceipt(r.Context(), *in.Code); err == nil {
			writeJSON(w, http.StatusOK, map[string]any{"receipt": rv})
			return
		}
	}
	res, err := s.eng.Scan(r.Context(), id, *in.Code, src)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, scanResponse{Seq: res.Event.Seq, Outcome: res.Event.Outcome, Item: res.Item,
		Tally: res.Tally, Event: newEventMsg(res)})
}

func (s *Server) voidScan(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	seq, ok := pathID(w, r, "seq")
	if !ok {
		return
	}
	res, err := s.eng.Void(r.Context(), id, seq, "api")
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"seq": res.Event.Seq, "target": seq, "tally": res.Tally})
}
