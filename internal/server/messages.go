package server

import (
	"context"
	"encoding/json"
	"time"

	"anterkoper/circulation"
)

// placeRef names a location in an event without its personal details.
type placeRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// eventMsg is a WebSocket event and the "event" of a scan response.
type eventMsg struct {
	Type          string              `json:"type"`
	Seq           int64               `json:"seq"`
	VisitID       int64               `json:"visit_id"`
	Time          time.Time           `json:"time"`
	Code          string              `json:"code,omitempty"`
	Mode          circulation.Mode    `json:"mode,omitempty"`
	Outcome       circulation.Outcome `json:"outcome,omitempty"`
	Item          *circulation.Item   `json:"item"`
	Candidates    []circulation.Item  `json:"candidates,omitempty"`
	Basket        string              `json:"basket"`
	Source        string              `json:"source,omitempty"`
	OtherLocation *placeRef           `json:"other_location"`
	Target        int64               `json:"target,omitempty"`
	Voided        bool                `json:"voided"`
	Tally         *circulation.Tally  `json:"tally,omitempty"`
	// MemberID names the member of a member-card scan or of a lend to a
	// member: an operator page looks the person up (GET /api/members/{id},
	// operator role); no personal data goes to every screen.
	MemberID int64 `json:"member_id,omitempty"`
}

// noVisitMsg announces a device scan that arrived with no active visit.
type noVisitMsg struct {
	Type   string            `json:"type"` // "no_visit"
	Time   time.Time         `json:"time"`
	Code   string            `json:"code"`
	Item   *circulation.Item `json:"item"`
	Source string            `json:"source"`
}

func newEventMsg(r circulation.Result) eventMsg {
	e := r.Event
	m := eventMsg{
		Type: e.Type, Seq: e.Seq, VisitID: e.VisitID, Time: e.Time.UTC(), Code: e.Code, Mode: e.Mode,
		Outcome: e.Outcome, Item: r.Item, Candidates: r.Candidates, Basket: e.Basket, Source: e.Source,
		Target: e.Target, MemberID: e.MemberID,
	}
	if e.Outcome == circulation.MemberCard {
		m.Code = "" // the card number is personal data: viewers get the event without it
	}
	if len(m.Candidates) > 5 {
		m.Candidates = m.Candidates[:5]
	}
	if r.OtherLocation != nil {
		m.OtherLocation = &placeRef{ID: r.OtherLocation.ID, Name: r.OtherLocation.Name}
	}
	if e.VisitID != 0 {
		t := r.Tally
		m.Tally = &t
	}
	return m
}

// describe rebuilds the Result of a logged event for replay: the item, the
// other location and whether it has been voided since. The tally is the one
// given (the visit's current tally).
func (s *Server) describe(ctx context.Context, e circulation.Event, tally circulation.Tally) eventMsg {
	r := circulation.Result{Event: e, Tally: tally}
	if e.ItemCode != "" {
		if it, err := s.db.Item(ctx, e.ItemCode); err == nil {
			r.Item = &it
		}
	}
	if e.Other != 0 {
		if l, err := s.db.Location(ctx, e.Other); err == nil {
			r.OtherLocation = &l
		}
	}
	m := newEventMsg(r)
	if e.Type == circulation.EventScan {
		m.Voided = s.eng.Voided(e.VisitID, e.Seq)
	}
	return m
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own plain structs are marshalled here.
		panic("server: unable to encode message: " + err.Error())
	}
	return b
}
