package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"anterkoper/circulation"
	"anterkoper/internal/store"
)

// recentMonths is how far back "titles this location has had" looks.
const recentMonths = 3

// makeDroppingList chooses the books for a visit (SOP step 5) and stores
// them as its dropping list, replacing an earlier one.
func (s *Server) makeDroppingList(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	loc, err := s.db.Location(r.Context(), v.LocationID)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	in := struct {
		Count int `json:"count"`
	}{Count: loc.BooksPerVisit}
	if r.ContentLength != 0 && !readJSON(w, r, &in) {
		return
	}
	if in.Count < 1 || in.Count > 1000 {
		writeError(w, http.StatusBadRequest, "count must be between 1 and 1000")
		return
	}
	ctx := r.Context()
	items, err := s.db.ItemsOfLevel(ctx, loc.Level)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	wishes := strings.Split(loc.Wishes, "\n")
	if loc.Level != circulation.LevelUmum && strings.TrimSpace(loc.Wishes) != "" {
		// Wished-for titles may be of any level: offer the whole catalog
		// for them (DroppingList keeps the level rule for the rest).
		if items, err = s.db.Items(ctx); err != nil {
			s.writeEngineError(w, err)
			return
		}
	}
	unavailable, err := s.db.PickedElsewhere(ctx, v.ID, time.Now().In(WIB).Format(time.DateOnly))
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	for it := range s.eng.OnLoan() {
		unavailable[it] = true
	}
	recent, err := s.recentTitles(r, loc.ID, v)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	picks := circulation.DroppingList(circulation.PickRequest{Level: loc.Level, Count: in.Count, Items: items,
		Unavailable: unavailable, Recent: recent, Wishes: wishes, Seed: v.ID})
	if err := s.db.SetPicks(ctx, v.ID, picks, a); err != nil {
		s.writeEngineError(w, err)
		return
	}
	out := make([]store.PickedItem, len(picks))
	for i, p := range picks {
		out[i] = store.PickedItem{Item: p.Item, Requested: p.Requested}
	}
	s.log.Info("Dropping list made", "visit", v.ID, "books", len(picks), "asked", in.Count, "by", a.User)
	writeJSON(w, http.StatusOK, map[string]any{"items": out, "asked": in.Count})
}

// recentTitles are the titles lent to the location in the months before
// the visit.
func (s *Server) recentTitles(r *http.Request, location int64, v circulation.Visit) (map[string]bool, error) {
	day, err := time.Parse(time.DateOnly, v.Date)
	if err != nil {
		return nil, err
	}
	since := day.AddDate(0, -recentMonths, 0).Format(time.DateOnly)
	visits, err := s.db.VisitsOfLocation(r.Context(), location, since, v.Date)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, pv := range visits {
		if pv.ID == v.ID {
			continue
		}
		l, err := s.eng.Lists(r.Context(), pv.ID)
		if err != nil {
			return nil, err
		}
		for _, code := range l.Lent {
			it, err := s.db.Item(r.Context(), code)
			if err == nil {
				out[circulation.TitleKey(it)] = true
			}
		}
	}
	return out, nil
}

// preparationView is a visit's preparation: the dropping list against what
// is packed, the checklist and the timeline.
type preparationView struct {
	Items     []pickView                `json:"items"`
	Listed    int                       `json:"listed"`
	Packed    int                       `json:"packed"`       // of the list
	ToGo      int                       `json:"to_go"`        // of the list
	Unlisted  int                       `json:"packed_extra"` // packed, not on the list
	ByBasket  []circulation.BasketCount `json:"by_basket"`    // list items packed, per basket
	Checklist map[string]*store.Mark    `json:"checklist"`    // every key; null when not ticked
	Keys      []string                  `json:"checklist_keys"`
	Steps     map[string]*store.Mark    `json:"steps"` // every step; null when not recorded
	StepOrder []string                  `json:"step_order"`
	Ready     bool                      `json:"ready"` // packed and checklist complete
}

type pickView struct {
	store.PickedItem
	Packed bool   `json:"packed"`
	Basket string `json:"basket,omitempty"`
}

func (s *Server) preparation(ctx context.Context, v circulation.Visit) (preparationView, error) {
	picks, err := s.db.Picks(ctx, v.ID)
	if err != nil {
		return preparationView{}, err
	}
	lists, err := s.eng.Lists(ctx, v.ID)
	if err != nil {
		return preparationView{}, err
	}
	out := preparationView{Items: make([]pickView, len(picks)), Listed: len(picks), ByBasket: []circulation.BasketCount{},
		Checklist: map[string]*store.Mark{}, Keys: circulation.ChecklistKeys(), Steps: map[string]*store.Mark{},
		StepOrder: circulation.Steps()}
	listed := map[string]bool{}
	baskets := map[string]int{}
	var basketOrder []string
	for i, p := range picks {
		listed[p.Code] = true
		basket, packed := lists.PackedIn[p.Code]
		out.Items[i] = pickView{PickedItem: p, Packed: packed, Basket: basket}
		if packed {
			out.Packed++
			if _, seen := baskets[basket]; !seen {
				basketOrder = append(basketOrder, basket)
			}
			baskets[basket]++
		}
	}
	slices.Sort(basketOrder)
	for _, b := range basketOrder {
		out.ByBasket = append(out.ByBasket, circulation.BasketCount{Code: b, Count: baskets[b]})
	}
	out.ToGo = out.Listed - out.Packed
	for _, code := range lists.Packed {
		if !listed[code] {
			out.Unlisted++
		}
	}
	cl, err := s.db.Checklist(ctx, v.ID)
	if err != nil {
		return preparationView{}, err
	}
	complete := true
	for _, k := range out.Keys {
		if m, ok := cl[k]; ok {
			out.Checklist[k] = &m
		} else {
			out.Checklist[k] = nil
			complete = false
		}
	}
	steps, err := s.db.Steps(ctx, v.ID)
	if err != nil {
		return preparationView{}, err
	}
	for _, k := range out.StepOrder {
		if m, ok := steps[k]; ok {
			out.Steps[k] = &m
		} else {
			out.Steps[k] = nil
		}
	}
	// Packed: every book of the list, or (without a list) at least one.
	packed := out.Listed > 0 && out.ToGo == 0 || out.Listed == 0 && len(lists.Packed) > 0
	out.Ready = complete && packed
	return out, nil
}

func (s *Server) getPreparation(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	p, err := s.preparation(r.Context(), v)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

// markPrepared records the "prepared" step (ready to leave) the moment the
// visit's books are packed and its checklist complete.
func (s *Server) markPrepared(ctx context.Context, v circulation.Visit, p preparationView, a store.Actor) (bool, error) {
	if !p.Ready || p.Steps[circulation.StepPrepared] != nil {
		return false, nil
	}
	err := s.db.AddStep(ctx, v.ID, circulation.StepPrepared, a)
	if errors.Is(err, circulation.ErrStepOrder) {
		return false, nil // someone else was quicker
	}
	return err == nil, err
}

func (s *Server) putChecklist(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	key := r.PathValue("key")
	if !slices.Contains(circulation.ChecklistKeys(), key) {
		writeError(w, http.StatusBadRequest, "unknown checklist entry; expected one of "+strings.Join(circulation.ChecklistKeys(), ", "))
		return
	}
	var in struct {
		Done bool `json:"done"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if err := s.db.SetChecklist(r.Context(), v.ID, key, in.Done, a); err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.answerPreparation(w, r, v, a)
}

// answerPreparation records "prepared" when the visit just became ready,
// and answers with the preparation.
func (s *Server) answerPreparation(w http.ResponseWriter, r *http.Request, v circulation.Visit, a store.Actor) {
	p, err := s.preparation(r.Context(), v)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	if done, err := s.markPrepared(r.Context(), v, p, a); err != nil {
		s.writeEngineError(w, err)
		return
	} else if done {
		s.log.Info("Visit ready to leave", "visit", v.ID, "by", a.User)
		if p, err = s.preparation(r.Context(), v); err != nil {
			s.writeEngineError(w, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, p)
}

// postStep records a timeline step: departed, arrived, counted, rechecked
// (prepared comes by itself when the visit is ready, or by this route once
// it is).
func (s *Server) postStep(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	a, ok := s.need(w, r, rolesOperator)
	if !ok {
		return
	}
	var in struct {
		Step string `json:"step"`
	}
	if !readJSON(w, r, &in) {
		return
	}
	if in.Step == circulation.StepPrepared {
		p, err := s.preparation(r.Context(), v)
		if err != nil {
			s.writeEngineError(w, err)
			return
		}
		if !p.Ready {
			writeErrorCode(w, http.StatusConflict, "not_ready", "not ready to leave yet: pack every book of the dropping list and tick the whole checklist")
			return
		}
	}
	err := s.db.AddStep(r.Context(), v.ID, in.Step, a)
	if errors.Is(err, circulation.ErrStepOrder) {
		writeErrorCode(w, http.StatusConflict, "timeline_order", strings.TrimPrefix(err.Error(), "circulation: timeline step out of order: "))
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.log.Info("Visit step", "visit", v.ID, "step", in.Step, "by", a.User)
	s.answerPreparation(w, r, v, a)
}

// watchPacking records "prepared" when a pack scan (from any source: page,
// scanner, RFID) packs the last book of a visit whose checklist is done.
// The engine's callback only nudges it, never waits for it; nudges are
// gathered for half a second, so a burst of pack scans costs one check per
// visit, not one per scan, and a visit once prepared is not checked again.
func (s *Server) watchPacking(ctx context.Context) {
	prepared := map[int64]bool{}
	for {
		var first int64
		select {
		case <-ctx.Done():
			return
		case first = <-s.packed:
		}
		due := map[int64]bool{first: true}
		gather := time.NewTimer(500 * time.Millisecond)
	collect:
		for {
			select {
			case <-ctx.Done():
				gather.Stop()
				return
			case id := <-s.packed:
				due[id] = true
			case <-gather.C:
				break collect
			}
		}
		for id := range due {
			if prepared[id] {
				continue
			}
			v, err := s.db.Visit(ctx, id)
			if err != nil {
				continue
			}
			p, err := s.preparation(ctx, v)
			if err != nil {
				continue
			}
			if p.Steps[circulation.StepPrepared] != nil {
				prepared[id] = true
				continue
			}
			if done, err := s.markPrepared(ctx, v, p, store.Actor{User: "kiosk", Role: "operator"}); err != nil {
				s.log.Error("Unable to record the visit as ready to leave", "visit", id, "err", err)
			} else if done {
				prepared[id] = true
				s.log.Info("Visit ready to leave", "visit", id)
			}
		}
	}
}
