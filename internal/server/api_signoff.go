package server

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"slices"
	"strings"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/office"
	"anterkoper/internal/papers"
	"anterkoper/internal/receiptcode"
	"anterkoper/internal/store"
)

// viewerKey marks a request let in by a viewer token (the school's phone).
const viewerKey ctxKey = 2

func fromViewer(ctx context.Context) bool { v, _ := ctx.Value(viewerKey).(bool); return v }

// itemLine is an item in a list shown to people.
type itemLine struct {
	Code  string    `json:"code"`
	Title string    `json:"title"`
	Level string    `json:"level,omitempty"`
	Time  time.Time `json:"time,omitzero"`
}

// summaryView is what both parties look at before they sign: the numbers
// and the books behind them.
type summaryView struct {
	Tally       circulation.Tally `json:"tally"`
	Lent        []itemLine        `json:"lent"`
	Returned    []itemLine        `json:"returned"`
	Outstanding []itemLine        `json:"outstanding"`
}

func (s *Server) lines(ctx context.Context, codes []string) []itemLine {
	out := make([]itemLine, 0, len(codes))
	for _, c := range codes {
		l := itemLine{Code: c}
		if it, err := s.db.Item(ctx, c); err == nil {
			l.Title, l.Level = it.Title, it.Level
		}
		out = append(out, l)
	}
	return out
}

func (s *Server) summary(ctx context.Context, visit int64) (summaryView, error) {
	snap, err := s.eng.Snapshot(ctx, visit)
	if err != nil {
		return summaryView{}, err
	}
	l, err := s.eng.Lists(ctx, visit)
	if err != nil {
		return summaryView{}, err
	}
	return summaryView{Tally: snap.Tally, Lent: s.lines(ctx, l.Lent), Returned: s.lines(ctx, l.Returned),
		Outstanding: s.lines(ctx, l.Outstanding)}, nil
}

func (s *Server) getSummary(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	sum, err := s.summary(r.Context(), v.ID)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, sum)
}

// signoffView is a visit's sign-off as pages show it: no signature images
// (the receipt carries them), the names and times.
type signoffView struct {
	Round    int                      `json:"round"`
	Sealed   bool                     `json:"sealed"`
	SealedAt time.Time                `json:"sealed_at,omitzero"`
	Signed   map[string]store.Signoff `json:"signed"`
	Reopens  []store.Reopen           `json:"reopens"`
	Receipt  string                   `json:"receipt,omitempty"` // the receipt's code, once sealed
}

func (s *Server) signoffState(ctx context.Context, visit int64) (signoffView, error) {
	st, err := s.db.SealState(ctx, visit)
	if err != nil {
		return signoffView{}, err
	}
	out := signoffView{Round: st.Round, Sealed: st.Sealed(), SealedAt: st.SealedAt, Signed: st.Signed, Reopens: st.Reopens}
	if out.Sealed {
		key, err := s.receiptKey(ctx)
		if err != nil {
			return signoffView{}, err
		}
		out.Receipt = receiptcode.Make(key, visit, st.Round)
	}
	return out, nil
}

func (s *Server) getSignoff(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	out, err := s.signoffState(r.Context(), v.ID)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// maxSignature bounds a drawn signature's PNG.
const maxSignature = 256 << 10

// decodeSignature reads a "data:image/png;base64,…" URL and checks that
// it is a PNG of sensible size with something drawn on it.
func decodeSignature(dataURL string) ([]byte, error) {
	const prefix = "data:image/png;base64,"
	if !strings.HasPrefix(dataURL, prefix) {
		return nil, errors.New(`signature must be a "data:image/png;base64,…" URL`)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(dataURL, prefix))
	if err != nil {
		return nil, errors.New("signature is not valid base64")
	}
	if len(raw) > maxSignature {
		return nil, fmt.Errorf("signature is larger than %d KiB", maxSignature>>10)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		return nil, errors.New("signature is not a PNG image")
	}
	if cfg.Width < 20 || cfg.Height < 10 || cfg.Width > 2000 || cfg.Height > 1000 {
		return nil, errors.New("signature must be between 20×10 and 2000×1000 pixels")
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		return nil, errors.New("signature is not a readable PNG image")
	}
	if inked(img) < 20 {
		return nil, errors.New("the signature is empty: draw it with a finger or the mouse")
	}
	return raw, nil
}

// inked counts the pixels that are visibly drawn: opaque and darker than
// the pad's white.
func inked(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if c.A > 128 && int(c.R)+int(c.G)+int(c.B) < 3*160 {
				n++
			}
		}
	}
	return n
}

// errNumbersChanged refuses a signature on numbers that are no longer the
// visit's numbers (a scan came in while the person was signing).
var errNumbersChanged = errors.New("the numbers changed while signing; check them again and sign")

func (s *Server) postSignoff(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	var in struct {
		Party     string `json:"party"`
		Name      string `json:"name"`
		Signature string `json:"signature"`
		Seen      *struct {
			Lent        int `json:"lent"`
			Returned    int `json:"returned"`
			Outstanding int `json:"outstanding"`
		} `json:"seen"`
	}
	if !readJSONMax(w, r, &in, 512<<10) {
		return
	}
	if in.Party != store.PartySchool && in.Party != store.PartyOfficer {
		writeError(w, http.StatusBadRequest, `party must be "school" or "officer"`)
		return
	}
	// The school's phone signs for the school; only a logged-in officer or
	// the laptop signs for the library.
	if fromViewer(r.Context()) && in.Party != store.PartySchool {
		writeError(w, http.StatusForbidden, "a viewer link may only sign for the school")
		return
	}
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 100 {
		writeError(w, http.StatusBadRequest, "name is required (the signer's full name, at most 100 bytes)")
		return
	}
	sig, err := decodeSignature(in.Signature)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	a, _ := s.actor(r)
	if fromViewer(r.Context()) {
		a = store.Actor{User: "viewer", Role: "school"}
	}
	var sealed bool
	err = s.eng.Seal(r.Context(), v.ID, func(t circulation.Tally) (bool, error) {
		if in.Seen != nil && (in.Seen.Lent != t.Lent || in.Seen.Returned != t.Returned || in.Seen.Outstanding != t.Outstanding) {
			return false, errNumbersChanged
		}
		var err error
		sealed, err = s.db.Sign(r.Context(), v.ID, store.Signoff{Party: in.Party, Name: in.Name, PNG: sig,
			Lent: t.Lent, Returned: t.Returned, Outstanding: t.Outstanding}, a)
		return sealed, err
	})
	switch {
	case errors.Is(err, errNumbersChanged):
		writeErrorCode(w, http.StatusConflict, "numbers_changed", err.Error())
		return
	case errors.Is(err, store.ErrAlreadySigned):
		writeErrorCode(w, http.StatusConflict, "already_signed", err.Error())
		return
	case errors.Is(err, circulation.ErrSealed):
		writeErrorCode(w, http.StatusConflict, "sealed", "the visit is already signed by both parties and sealed")
		return
	case err != nil:
		s.writeEngineError(w, err)
		return
	}
	s.log.Info("Visit signed", "visit", v.ID, "party", in.Party, "sealed", sealed)
	s.announceSignoff(v.ID)
	s.getSignoff(w, r)
}

// announceSignoff tells the visit's screens to re-read the sign-off (the
// message carries no names: every client gets it).
func (s *Server) announceSignoff(visit int64) {
	s.hub.broadcast(mustJSON(map[string]any{"type": "signoff", "visit_id": visit}))
}

func (s *Server) postReopen(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" || len(in.Reason) > 2000 {
		writeError(w, http.StatusBadRequest, "reason is required: say why the signed counts must change")
		return
	}
	err := s.eng.Reopen(r.Context(), v.ID, func() error { return s.db.ReopenVisit(r.Context(), v.ID, in.Reason, a) })
	if errors.Is(err, circulation.ErrNotSealed) {
		writeError(w, http.StatusConflict, "the visit is not sealed")
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.log.Warn("Sealed visit reopened", "visit", v.ID, "by", a.User, "reason", in.Reason)
	s.announceSignoff(v.ID)
	s.getSignoff(w, r)
}

// receiptKey is the kiosk's key for receipt codes, made on first use.
func (s *Server) receiptKey(ctx context.Context) ([]byte, error) {
	s.keyMu.Lock()
	defer s.keyMu.Unlock()
	if s.key == nil {
		key, err := office.ReceiptKey(ctx, s.db)
		if err != nil {
			return nil, err
		}
		s.key = key
	}
	return s.key, nil
}

func (s *Server) getReceipt(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	rec, err := office.BuildReceipt(r.Context(), s.db, s.eng, v.ID, r.URL.Query().Get("lang"))
	if errors.Is(err, circulation.ErrNotSealed) {
		writeError(w, http.StatusConflict, "the receipt is made once both parties have signed")
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	var buf bytes.Buffer
	if err := papers.ReceiptPDF(&buf, rec); err != nil {
		s.writeEngineError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="bukti-peminjaman-%d.pdf"`, v.ID))
	w.Write(buf.Bytes())
}

// receiptView is what a scanned receipt code opens: the location and what
// it must return.
type receiptView struct {
	Code        string               `json:"code"`
	VisitID     int64                `json:"visit_id"`
	Date        string               `json:"date"`
	Location    circulation.Location `json:"location"`
	Outstanding []itemLine           `json:"outstanding"`
	Current     bool                 `json:"current"` // the code is for the visit's latest sign-off round
}

func (s *Server) lookupReceipt(ctx context.Context, code string) (receiptView, error) {
	key, err := s.receiptKey(ctx)
	if err != nil {
		return receiptView{}, err
	}
	visit, round, err := receiptcode.Verify(key, code)
	if err != nil {
		return receiptView{}, err
	}
	v, err := s.db.Visit(ctx, visit)
	if err != nil {
		return receiptView{}, err
	}
	loc, err := s.db.Location(ctx, v.LocationID)
	if err != nil {
		return receiptView{}, err
	}
	st, err := s.db.SealState(ctx, visit)
	if err != nil {
		return receiptView{}, err
	}
	// What the location must return is what it has on loan now, from this
	// visit and any before it.
	out := []string{}
	for it, l := range s.eng.OnLoan() {
		if l == loc.ID {
			out = append(out, it)
		}
	}
	slices.Sort(out)
	return receiptView{Code: strings.ToUpper(strings.TrimSpace(code)), VisitID: visit, Date: v.Date, Location: loc,
		Outstanding: s.lines(ctx, out), Current: round == st.Round}, nil
}

func (s *Server) getReceiptCode(w http.ResponseWriter, r *http.Request) {
	rv, err := s.lookupReceipt(r.Context(), r.PathValue("code"))
	if errors.Is(err, receiptcode.ErrInvalid) {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rv)
}

// openReceipt opens the location's return screen for a scanned receipt:
// today's visit to that location (made when there is none), in return mode.
func (s *Server) openReceipt(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rv, err := s.lookupReceipt(ctx, r.PathValue("code"))
	if errors.Is(err, receiptcode.ErrInvalid) {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	today := time.Now().In(WIB).Format(time.DateOnly)
	vs, err := s.db.Visits(ctx, today)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	var id int64
	for _, v := range vs {
		if v.LocationID == rv.Location.ID && !s.eng.Sealed(v.ID) {
			id = v.ID
			break
		}
	}
	if id == 0 {
		if id, err = s.db.CreateVisit(ctx, circulation.Visit{LocationID: rv.Location.ID, Date: today}); err != nil {
			s.writeEngineError(w, err)
			return
		}
	}
	if _, err := s.eng.SetMode(ctx, id, circulation.ModeReturn, "receipt"); err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"visit_id": id, "receipt": rv})
}
