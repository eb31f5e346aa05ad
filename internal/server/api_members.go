package server

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"

	"strings"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/barcode"
	"anterkoper/internal/office"
	"anterkoper/internal/store"
)

// DefaultMemberFields is the personal data kept of a member when the
// office configures nothing else: identity numbers only when asked for.
var DefaultMemberFields = []string{"name", "address", "phone", "institution", "photo"}

// memberFields are the fields this kiosk collects.
func (s *Server) memberFields() []string {
	if len(s.opts.MemberFields) == 0 {
		return DefaultMemberFields
	}
	return s.opts.MemberFields
}

// memberLoan is a book on loan to a member.
type memberLoan struct {
	Code     string    `json:"code"`
	Title    string    `json:"title"`
	LentAt   time.Time `json:"lent_at"`
	Due      string    `json:"due"`
	Location string    `json:"location"`
	VisitID  int64     `json:"visit_id"`
}

type memberView struct {
	store.MemberRecord
	Limit int          `json:"limit"`
	Loans []memberLoan `json:"loans"`
}

func (s *Server) memberLoans(ctx context.Context, id int64) ([]memberLoan, error) {
	out := []memberLoan{}
	for _, code := range s.eng.MemberItems(id) {
		l := memberLoan{Code: code}
		if it, err := s.db.Item(ctx, code); err == nil {
			l.Title = it.Title
		}
		at, visit, err := s.db.MemberLend(ctx, id, code)
		if err == nil {
			l.LentAt, l.VisitID = at, visit
			if v, err := s.db.Visit(ctx, visit); err == nil {
				if loc, err := s.db.Location(ctx, v.LocationID); err == nil {
					l.Location = loc.Name
				}
				if l.Due, err = office.DueDate(ctx, s.db, v.LocationID, v.Date); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, l)
	}
	return out, nil
}

func (s *Server) memberView(ctx context.Context, id int64) (memberView, error) {
	m, err := s.db.MemberRecord(ctx, id)
	if err != nil {
		return memberView{}, err
	}
	loans, err := s.memberLoans(ctx, id)
	if err != nil {
		return memberView{}, err
	}
	limit := circulation.DefaultMemberLimit
	if n, ok := s.opts.MemberLimits[m.Type]; ok && n > 0 {
		limit = n
	}
	return memberView{MemberRecord: m, Limit: limit, Loans: loans}, nil
}

func (s *Server) postMember(w http.ResponseWriter, r *http.Request) {
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	var in struct {
		Name        string `json:"name"`
		Address     string `json:"address"`
		Phone       string `json:"phone"`
		Institution string `json:"institution"`
		IDNumber    string `json:"id_number"`
		Photo       string `json:"photo"` // data:image/jpeg;base64,… or data:image/png;base64,…
		Type        string `json:"member_type"`
		VisitID     int64  `json:"visit_id"`
	}
	if !readJSONMax(w, r, &in, 2<<20) {
		return
	}
	fields := s.memberFields()
	given := map[string]string{"address": in.Address, "phone": in.Phone, "institution": in.Institution,
		"id_number": in.IDNumber, "photo": in.Photo}
	for f, v := range given {
		if strings.TrimSpace(v) != "" && !slices.Contains(fields, f) {
			writeError(w, http.StatusBadRequest, f+" is not collected by this office (the kiosk keeps only: "+strings.Join(fields, ", ")+")")
			return
		}
	}
	m := store.MemberRecord{Name: strings.TrimSpace(in.Name), Address: strings.TrimSpace(in.Address),
		Phone: strings.TrimSpace(in.Phone), Institution: strings.TrimSpace(in.Institution),
		IDNumber: strings.TrimSpace(in.IDNumber), Type: strings.TrimSpace(in.Type), VisitID: in.VisitID}
	if m.Name == "" || len(m.Name) > 100 || len(m.Address) > 500 || len(m.Phone) > 30 || len(m.Institution) > 200 ||
		len(m.IDNumber) > 30 || len(m.Type) > 30 {
		writeError(w, http.StatusBadRequest, "name is required; name 100, address 500, phone 30, institution 200, id_number 30 bytes at most")
		return
	}
	if in.Photo != "" {
		photo, err := decodeDataImage(in.Photo)
		if err != nil {
			writeError(w, http.StatusBadRequest, "photo: "+err.Error())
			return
		}
		m.Photo = photo
	}
	inst := s.opts.CardInstitution
	if inst == "" {
		inst = "3300"
	}
	rec, err := s.db.CreateMember(r.Context(), m, func(seq int64) (string, error) { return circulation.MakeCard(inst, seq) }, a)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.log.Info("Member registered", "member", rec.ID, "by", a.User) // no personal data in the log
	writeJSON(w, http.StatusCreated, map[string]any{"id": rec.ID, "card_number": rec.CardNumber})
}

// decodeDataImage reads a photo sent as a data URL.
func decodeDataImage(u string) ([]byte, error) {
	for _, p := range []string{"data:image/jpeg;base64,", "data:image/png;base64,"} {
		if strings.HasPrefix(u, p) {
			b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(u, p))
			if err != nil {
				return nil, errors.New("not valid base64")
			}
			if t := http.DetectContentType(b); t != "image/jpeg" && t != "image/png" {
				return nil, errors.New("not a JPEG or PNG image")
			}
			return b, nil
		}
	}
	return nil, errors.New(`must be a "data:image/jpeg;base64,…" or "data:image/png;base64,…" URL`)
}

// getMemberFields tells the registration form which fields to ask for.
func (s *Server) getMemberFields(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"fields": s.memberFields()})
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.need(w, r, rolesOperator); !ok {
		return
	}
	ms, err := s.db.Members(r.Context(), strings.TrimSpace(r.URL.Query().Get("q")), 50)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ms)
}

func (s *Server) getMember(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if _, ok := s.need(w, r, rolesOperator); !ok {
		return
	}
	v, err := s.memberView(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) deleteMember(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	if err := s.db.EraseMember(r.Context(), id, a); err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.log.Info("Member erased", "member", id, "by", a.User)
	w.WriteHeader(http.StatusNoContent)
}

// getMemberCard is the member's card: its number as a Code 128 barcode and
// a QR code, to print or to photograph with the member's phone.
func (s *Server) getMemberCard(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if _, ok := s.need(w, r, rolesOperator); !ok {
		return
	}
	m, err := s.db.MemberRecord(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	if m.Erased || m.CardNumber == "" {
		writeError(w, http.StatusGone, "this member was erased")
		return
	}
	bar, err := barcode.Code128PNG(m.CardNumber, 600, 140)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	qr, err := barcode.QRPNG(m.CardNumber, 240)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	out := map[string]string{"card_number": m.CardNumber, "name": m.Name, "member_type": m.Type,
		"registered_at": m.Registered.In(WIB).Format(time.DateOnly),
		"barcode":       "data:image/png;base64," + base64.StdEncoding.EncodeToString(bar),
		"qr":            "data:image/png;base64," + base64.StdEncoding.EncodeToString(qr)}
	if len(m.Photo) > 0 {
		out["photo"] = "data:" + http.DetectContentType(m.Photo) + ";base64," + base64.StdEncoding.EncodeToString(m.Photo)
	}
	writeJSON(w, http.StatusOK, out)
}

// endMemberCheckout ends the member's checkout on the operator's word: a
// mode event (the mode stays), so the log says when it ended.
func (s *Server) endMemberCheckout(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	mode, err := s.eng.Mode(r.Context(), v.ID)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	res, err := s.eng.SetMode(r.Context(), v.ID, mode, "member-end")
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"seq": res.Event.Seq, "mode": mode})
}

// locationMemberLoans lists, for a stop, which members have which books:
// what to collect at the next visit (the overdue list).
func (s *Server) locationMemberLoans(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return
	}
	if _, ok := s.need(w, r, rolesOperator); !ok {
		return
	}
	loc, err := s.db.Location(r.Context(), id)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	type entry struct {
		Member store.MemberRecord `json:"member"`
		Loans  []memberLoan       `json:"loans"`
	}
	out := []entry{}
	byMember := s.eng.MembersAt(loc.ID)
	ids := make([]int64, 0, len(byMember))
	for id := range byMember {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		m, err := s.db.MemberRecord(r.Context(), id)
		if err != nil {
			s.writeEngineError(w, err)
			return
		}
		loans, err := s.memberLoans(r.Context(), id)
		if err != nil {
			s.writeEngineError(w, err)
			return
		}
		e := entry{Member: m}
		for _, l := range loans {
			if slices.Contains(byMember[id], l.Code) {
				e.Loans = append(e.Loans, l)
			}
		}
		out = append(out, e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"location": loc.Name, "today": time.Now().In(WIB).Format(time.DateOnly), "members": out})
}
