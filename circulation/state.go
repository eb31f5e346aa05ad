package circulation

import (
	"sort"
	"time"
)

// loan is an open bulk loan of one item to a location.
type loan struct {
	location int64
	visit    int64
	seq      int64 // the lend scan that opened it
	member   int64 // the member it is lent to; 0 for the location's bulk loan
}

// visitState is everything the log says about one visit.
type visitState struct {
	id       int64
	location int64
	mode     Mode
	basket   string
	baskets  []string // in the order first scanned

	packed    map[string]int64 // item → the pack scan's seq
	packedIn  map[string]string
	lent      map[string]int64
	returned  map[string]int64
	recounted map[string]int64
	extra     map[string]int64
	outcomes  map[Outcome]int
	recount   bool // a recount has begun: missing is meaningful

	// member is whose checkout runs (lend mode, a member card scanned),
	// memberAt the time of its last scan: it lapses after the idle time.
	member   int64
	memberAt time.Time

	scans   map[int64]Event  // scans of this visit that are not voided, by seq
	prevBkt map[int64]string // basket scan seq → the basket it replaced
}

func newVisitState(id, location int64) *visitState {
	return &visitState{
		id: id, location: location, mode: ModePack,
		packed: map[string]int64{}, packedIn: map[string]string{}, lent: map[string]int64{},
		returned: map[string]int64{}, recounted: map[string]int64{}, extra: map[string]int64{},
		outcomes: map[Outcome]int{}, scans: map[int64]Event{}, prevBkt: map[int64]string{},
	}
}

// State is the fold of the event log: per-visit sets and the open loans.
// It is not safe for concurrent use; the Engine guards it.
type State struct {
	visits   map[int64]*visitState
	loans    map[string]loan           // item → open loan
	byLoc    map[int64]map[string]loan // location → item → open loan
	byMember map[int64]int             // member → number of open loans
	closed   map[int64]loan            // return scan seq → the loan it closed
	lends    map[int64]bool            // lend scan seqs that are voided
	locOf    func(visit int64) int64   // the location of a visit
	noVisit  int                       // scans logged with no visit
	lastSeq  int64
}

// NewState returns an empty state. locationOf tells the location of a visit;
// Replay and Engine pass one backed by the store.
func NewState(locationOf func(visit int64) int64) *State {
	return &State{
		visits: map[int64]*visitState{}, loans: map[string]loan{}, byLoc: map[int64]map[string]loan{}, byMember: map[int64]int{},
		closed: map[int64]loan{}, lends: map[int64]bool{}, locOf: locationOf,
	}
}

// LastSeq is the seq of the newest event applied.
func (s *State) LastSeq() int64 { return s.lastSeq }

func (s *State) visit(id int64) *visitState {
	v := s.visits[id]
	if v == nil {
		v = newVisitState(id, s.locOf(id))
		s.visits[id] = v
	}
	return v
}

func (s *State) openLoan(item string, l loan) {
	s.loans[item] = l
	m := s.byLoc[l.location]
	if m == nil {
		m = map[string]loan{}
		s.byLoc[l.location] = m
	}
	m[item] = l
	if l.member != 0 {
		s.byMember[l.member]++
	}
}

func (s *State) closeLoan(item string) (loan, bool) {
	l, ok := s.loans[item]
	if ok {
		delete(s.loans, item)
		delete(s.byLoc[l.location], item)
		if l.member != 0 {
			s.byMember[l.member]--
		}
	}
	return l, ok
}

// Apply folds one committed event into the state. Events must come in seq
// order; the outcome recorded in the event is taken as it is.
func (s *State) Apply(e Event) {
	if e.Seq > s.lastSeq {
		s.lastSeq = e.Seq
	}
	if e.VisitID == 0 {
		s.noVisit++
		return
	}
	v := s.visit(e.VisitID)
	switch e.Type {
	case EventMode:
		v.mode = e.Mode
		v.member = 0 // a mode switch ends a member's checkout
		if e.Mode == ModeRecount {
			v.recount = true
		}
	case EventScan:
		v.scans[e.Seq] = e
		v.outcomes[e.Outcome]++
		s.applyScan(v, e)
	case EventVoid:
		t, ok := v.scans[e.Target]
		if !ok {
			return
		}
		delete(v.scans, e.Target)
		v.outcomes[t.Outcome]--
		s.voidScan(v, t)
	}
}

func (s *State) applyScan(v *visitState, e Event) {
	it := e.ItemCode
	switch e.Outcome {
	case MemberCard:
		v.member, v.memberAt = e.MemberID, e.Time
	case LimitReached:
		v.memberAt = e.Time
	case Basket:
		v.prevBkt[e.Seq] = v.basket
		v.basket = e.Code
		if !contains(v.baskets, e.Code) {
			v.baskets = append(v.baskets, e.Code)
		}
	case Accepted, OtherLocation:
		switch e.Mode {
		case ModePack:
			v.packed[it] = e.Seq
			v.packedIn[it] = e.Basket
		case ModeLend:
			v.lent[it] = e.Seq
			s.openLoan(it, loan{location: v.location, visit: v.id, seq: e.Seq, member: e.MemberID})
			if e.MemberID != 0 {
				v.memberAt = e.Time
			}
		case ModeReturn:
			v.returned[it] = e.Seq
			if l, ok := s.closeLoan(it); ok {
				s.closed[e.Seq] = l
			}
		case ModeRecount:
			v.recounted[it] = e.Seq
			v.recount = true
		}
	case Extra:
		v.extra[it] = e.Seq
		v.recount = true
	}
}

// voidScan undoes the effect of the scan t.
func (s *State) voidScan(v *visitState, t Event) {
	it := t.ItemCode
	switch t.Outcome {
	case MemberCard:
		if v.member == t.MemberID {
			v.member = 0 // undoing the card scan ends that checkout
		}
	case Basket:
		if v.basket == t.Code {
			v.basket = v.prevBkt[t.Seq]
		}
	case Accepted, OtherLocation:
		switch t.Mode {
		case ModePack:
			if v.packed[it] == t.Seq {
				delete(v.packed, it)
				delete(v.packedIn, it)
			}
		case ModeLend:
			if v.lent[it] == t.Seq {
				delete(v.lent, it)
			}
			s.lends[t.Seq] = true
			if l, ok := s.loans[it]; ok && l.seq == t.Seq {
				s.closeLoan(it)
			}
		case ModeReturn:
			if v.returned[it] == t.Seq {
				delete(v.returned, it)
			}
			// The loan it closed is open again, unless its lend was voided
			// or the item has been lent again since.
			if l, ok := s.closed[t.Seq]; ok && !s.lends[l.seq] {
				if _, open := s.loans[it]; !open {
					s.openLoan(it, l)
				}
			}
		case ModeRecount:
			if v.recounted[it] == t.Seq {
				delete(v.recounted, it)
			}
		}
	case Extra:
		if v.extra[it] == t.Seq {
			delete(v.extra, it)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// BasketCount is the number of items packed into one basket.
type BasketCount struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// Tally is a visit's numbers, computed from the state.
type Tally struct {
	Packed            int             `json:"packed"`
	Lent              int             `json:"lent"`
	Returned          int             `json:"returned"`
	Recounted         int             `json:"recounted"`
	Outstanding       int             `json:"outstanding"`
	ExpectedInVehicle int             `json:"expected_in_vehicle"`
	Missing           int             `json:"missing"`
	Extra             int             `json:"extra"`
	Unknown           int             `json:"unknown"`
	Duplicate         int             `json:"duplicate"`
	Rejected          int             `json:"rejected"`
	OtherLocation     int             `json:"other_location"`
	Baskets           []BasketCount   `json:"baskets"`
	Outcomes          map[Outcome]int `json:"outcomes"`
}

// expected returns the items that should be in the vehicle:
// packed and not lent, plus returned.
func (v *visitState) expected() map[string]bool {
	exp := make(map[string]bool, len(v.packed)+len(v.returned))
	for it := range v.packed {
		if _, lent := v.lent[it]; !lent {
			exp[it] = true
		}
	}
	for it := range v.returned {
		exp[it] = true
	}
	return exp
}

// Tally computes the numbers of a visit.
func (s *State) Tally(visitID int64) Tally {
	v := s.visit(visitID)
	exp := v.expected()
	t := Tally{
		Packed: len(v.packed), Lent: len(v.lent), Returned: len(v.returned),
		Recounted: len(v.recounted), Extra: len(v.extra), ExpectedInVehicle: len(exp),
		Outcomes: map[Outcome]int{}, Baskets: []BasketCount{},
	}
	for _, l := range s.byLoc[v.location] {
		if l.visit != v.id {
			t.Outstanding++
		}
	}
	if v.recount {
		for it := range exp {
			if _, ok := v.recounted[it]; !ok {
				t.Missing++
			}
		}
	}
	for o, n := range v.outcomes {
		if n == 0 {
			continue
		}
		t.Outcomes[o] = n
		switch o {
		case Accepted, Basket, MemberCard:
		case OtherLocation:
			t.OtherLocation = n
		default:
			t.Rejected += n
		}
	}
	t.Unknown = v.outcomes[Unknown]
	t.Duplicate = v.outcomes[Duplicate]
	counts := map[string]int{}
	for _, b := range v.packedIn {
		counts[b]++
	}
	for _, b := range v.baskets {
		t.Baskets = append(t.Baskets, BasketCount{Code: b, Count: counts[b]})
	}
	if n := counts[""]; n > 0 {
		t.Baskets = append(t.Baskets, BasketCount{Code: "", Count: n})
	}
	return t
}

// Lists are the items behind a visit's numbers, each sorted by code.
type Lists struct {
	Packed, Lent, Returned, Recounted, Expected, Missing, Extra, Outstanding []string
	// PackedIn is the basket each packed item went into ("" for none).
	PackedIn map[string]string
}

// Lists returns the item codes behind a visit's tally.
func (s *State) Lists(visitID int64) Lists {
	v := s.visit(visitID)
	exp := v.expected()
	var l Lists
	l.Packed = keys(v.packed)
	l.PackedIn = make(map[string]string, len(v.packedIn))
	for it, b := range v.packedIn {
		l.PackedIn[it] = b
	}
	l.Lent = keys(v.lent)
	l.Returned = keys(v.returned)
	l.Recounted = keys(v.recounted)
	l.Extra = keys(v.extra)
	for it := range exp {
		l.Expected = append(l.Expected, it)
		if _, ok := v.recounted[it]; v.recount && !ok {
			l.Missing = append(l.Missing, it)
		}
	}
	for it, ln := range s.byLoc[v.location] {
		if ln.visit != v.id {
			l.Outstanding = append(l.Outstanding, it)
		}
	}
	sort.Strings(l.Expected)
	sort.Strings(l.Missing)
	sort.Strings(l.Outstanding)
	return l
}

func keys(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// MemberLoans returns how many books the member has on loan now.
func (s *State) MemberLoans(member int64) int { return s.byMember[member] }

// MemberItems returns the items on loan to the member, sorted.
func (s *State) MemberItems(member int64) []string {
	var out []string
	for it, l := range s.loans {
		if l.member == member {
			out = append(out, it)
		}
	}
	sort.Strings(out)
	return out
}
