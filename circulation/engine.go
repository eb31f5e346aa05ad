package circulation

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Errors a caller branches on.
var (
	ErrUnknownVisit = errors.New("circulation: unknown visit")
	ErrInvalidMode  = errors.New("circulation: unknown mode")
	ErrNotVoidable  = errors.New("circulation: no such scan to undo in this visit")
	// ErrSealed refuses a scan, undo or mode change in a visit whose counts
	// both parties have signed; an explicit, logged reopening comes first.
	ErrSealed = errors.New("circulation: the visit's counts are signed and sealed; reopen it first")
)

// Store is what the engine needs from storage.
type Store interface {
	Item(ctx context.Context, code string) (Item, error)
	ItemsByISBN(ctx context.Context, isbn string) ([]Item, error)
	Location(ctx context.Context, id int64) (Location, error)
	Visit(ctx context.Context, id int64) (Visit, error)
	// AppendEvent commits e durably and sets e.Seq.
	AppendEvent(ctx context.Context, e *Event) error
	// EachEvent calls fn for every event with seq > after, in seq order.
	EachEvent(ctx context.Context, after int64, fn func(Event) error) error
	// MemberByCard and Member find a borrower by card number or id, or
	// return ErrNotFound (also for an erased member's card).
	MemberByCard(ctx context.Context, card string) (Member, error)
	Member(ctx context.Context, id int64) (Member, error)
}

// Result is what a committed event means, as shown to people.
type Result struct {
	Event         Event
	Item          *Item     // the item the scan resolved to, if any
	Candidates    []Item    // for an ISBN: the copies of that title
	OtherLocation *Location // the loan's location, for already_lent, on_loan, other_location
	Tally         Tally     // the visit's tally after the event
}

// Options configure an Engine.
type Options struct {
	// BasketPrefix marks basket labels, e.g. "KRJ-". Empty disables baskets.
	BasketPrefix string
	// OnEvent is called after each event is committed and applied, in seq
	// order, while the engine is locked: it must not block.
	OnEvent func(Result)
	// MemberLimits are the books a member may have on loan at once, by
	// member type; DefaultMemberLimit (3) for a type not listed.
	MemberLimits map[string]int
	// MemberIdle ends a member's checkout when nothing was lent to them
	// for this long (default 2 minutes).
	MemberIdle time.Duration
}

// DefaultMemberLimit is a member's loan limit when their type has none.
const DefaultMemberLimit = 3

// memberLimit is the loan limit of a member type.
func (o Options) memberLimit(typ string) int {
	if n, ok := o.MemberLimits[typ]; ok && n > 0 {
		return n
	}
	return DefaultMemberLimit
}

// Engine applies scans to visits. All its methods are safe for concurrent
// use; events are committed one at a time, in the order they are judged.
type Engine struct {
	st   Store
	opts Options

	mu        sync.Mutex
	state     *State
	locations map[int64]int64 // visit → location, cached; visits never move
	sealed    map[int64]bool  // visits whose counts are signed off
}

// NewEngine replays the whole log from st and returns an engine ready to take
// scans.
func NewEngine(ctx context.Context, st Store, opts Options) (*Engine, error) {
	if opts.MemberIdle <= 0 {
		opts.MemberIdle = 2 * time.Minute
	}
	e := &Engine{st: st, opts: opts, locations: map[int64]int64{}, sealed: map[int64]bool{}}
	state, err := Replay(ctx, st, e.locationOf)
	if err != nil {
		return nil, err
	}
	e.state = state
	return e, nil
}

// Replay folds the store's whole log into a fresh State.
func Replay(ctx context.Context, st Store, locationOf func(int64) int64) (*State, error) {
	if locationOf == nil {
		locationOf = func(visit int64) int64 {
			v, err := st.Visit(ctx, visit)
			if err != nil {
				return 0
			}
			return v.LocationID
		}
	}
	s := NewState(locationOf)
	if err := st.EachEvent(ctx, 0, func(ev Event) error { s.Apply(ev); return nil }); err != nil {
		return nil, fmt.Errorf("circulation: unable to replay the log: %w", err)
	}
	return s, nil
}

// locationOf is called with e.mu held (or during construction).
func (e *Engine) locationOf(visit int64) int64 {
	if loc, ok := e.locations[visit]; ok {
		return loc
	}
	v, err := e.st.Visit(context.Background(), visit)
	if err != nil {
		return 0
	}
	e.locations[visit] = v.LocationID
	return v.LocationID
}

// checkVisit makes sure the visit exists. Called with e.mu held.
func (e *Engine) checkVisit(ctx context.Context, id int64) error {
	if _, ok := e.locations[id]; ok {
		return nil
	}
	v, err := e.st.Visit(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return ErrUnknownVisit
	}
	if err != nil {
		return err
	}
	e.locations[id] = v.LocationID
	return nil
}

// checkOpen makes sure the visit exists and is not sealed. Called with
// e.mu held.
func (e *Engine) checkOpen(ctx context.Context, id int64) error {
	if err := e.checkVisit(ctx, id); err != nil {
		return err
	}
	if e.sealed[id] {
		return ErrSealed
	}
	return nil
}

// SetSealed marks visits as sealed when the engine starts (the store
// knows which were signed off).
func (e *Engine) SetSealed(ids []int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range ids {
		e.sealed[id] = true
	}
}

// Sealed reports whether the visit's counts are sealed.
func (e *Engine) Sealed(visitID int64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.sealed[visitID]
}

// Seal runs commit with the visit's current tally while no scan can be
// taken, and seals the visit when commit says so (sealed) without error:
// no scan is counted between the last signature and the seal. commit
// typically records a signature and checks that the numbers the signer saw
// are the numbers now.
func (e *Engine) Seal(ctx context.Context, visitID int64, commit func(Tally) (sealed bool, err error)) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkOpen(ctx, visitID); err != nil {
		return err
	}
	sealed, err := commit(e.state.Tally(visitID))
	if err != nil {
		return err
	}
	if sealed {
		e.sealed[visitID] = true
	}
	return nil
}

// Reopen runs commit (which records who reopened the visit and why) and
// unseals the visit when it succeeds.
func (e *Engine) Reopen(ctx context.Context, visitID int64, commit func() error) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkVisit(ctx, visitID); err != nil {
		return err
	}
	if !e.sealed[visitID] {
		return ErrNotSealed
	}
	if err := commit(); err != nil {
		return err
	}
	delete(e.sealed, visitID)
	return nil
}

// ErrNotSealed refuses to reopen a visit that is not sealed.
var ErrNotSealed = errors.New("circulation: the visit is not sealed")

// commit stores ev, applies it and tells the listener. Called with e.mu held.
func (e *Engine) commit(ctx context.Context, r *Result) error {
	if err := e.st.AppendEvent(ctx, &r.Event); err != nil {
		return err
	}
	e.state.Apply(r.Event)
	if r.Event.VisitID != 0 {
		r.Tally = e.state.Tally(r.Event.VisitID)
	}
	if e.opts.OnEvent != nil {
		e.opts.OnEvent(*r)
	}
	return nil
}

// Scan judges code in the visit's current mode, commits the scan and returns
// the result. An error means nothing was recorded.
func (e *Engine) Scan(ctx context.Context, visitID int64, code, source string) (Result, error) {
	code, err := NormalizeCode(code)
	if err != nil {
		return Result{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkOpen(ctx, visitID); err != nil {
		return Result{}, err
	}
	v := e.state.visit(visitID)
	r := Result{Event: Event{VisitID: visitID, Type: EventScan, Code: code, Mode: v.mode, Basket: v.basket, Source: source}}
	if err := e.judge(ctx, v, &r); err != nil {
		return Result{}, err
	}
	if err := e.commit(ctx, &r); err != nil {
		return Result{}, err
	}
	return r, nil
}

// ScanNoVisit logs a scan that arrived while no visit was active, so that
// nothing is dropped.
func (e *Engine) ScanNoVisit(ctx context.Context, code, source string) (Result, error) {
	code, err := NormalizeCode(code)
	if err != nil {
		return Result{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	r := Result{Event: Event{Type: EventScan, Code: code, Outcome: NoVisit, Source: source}}
	if it, err := e.st.Item(ctx, code); err == nil {
		r.Item = &it
		r.Event.ItemCode = it.Code
	}
	if err := e.commit(ctx, &r); err != nil {
		return Result{}, err
	}
	return r, nil
}

// judge decides the outcome of the scan in r. Called with e.mu held.
func (e *Engine) judge(ctx context.Context, v *visitState, r *Result) error {
	code := r.Event.Code
	if isBasket(code, e.opts.BasketPrefix) {
		r.Event.Outcome = Basket
		return nil
	}
	if IsISBN(code) {
		r.Event.Outcome = ISBN
		c, err := e.st.ItemsByISBN(ctx, code)
		if err != nil {
			return err
		}
		r.Candidates = c
		return nil
	}
	it, err := e.st.Item(ctx, code)
	if errors.Is(err, ErrNotFound) {
		r.Event.Outcome = Unknown
		if v.mode == ModeLend {
			// Not a book: a member's card starts their checkout.
			m, err := e.st.MemberByCard(ctx, code)
			if errors.Is(err, ErrNotFound) && trimCodabar(code) != code {
				// A Codabar card read with its start and stop letters.
				m, err = e.st.MemberByCard(ctx, trimCodabar(code))
			}
			if err == nil {
				r.Event.Outcome, r.Event.MemberID = MemberCard, m.ID
			} else if !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		return nil
	}
	if err != nil {
		return err
	}
	r.Item = &it
	r.Event.ItemCode = it.Code
	l, onLoan := e.state.loans[it.Code]
	flag := func(o Outcome) {
		r.Event.Outcome = o
		r.Event.Other = l.location
	}
	switch v.mode {
	case ModePack:
		switch _, packed := v.packed[it.Code]; {
		case packed:
			r.Event.Outcome = Duplicate
		case onLoan:
			flag(OnLoan)
		default:
			r.Event.Outcome = Accepted
		}
	case ModeLend:
		_, lent := v.lent[it.Code]
		_, packed := v.packed[it.Code]
		switch {
		case lent:
			r.Event.Outcome = Duplicate
		case onLoan:
			flag(AlreadyLent)
		case !packed:
			r.Event.Outcome = NotPacked
		default:
			r.Event.Outcome = Accepted
			if m := e.currentMember(v); m != 0 {
				r.Event.MemberID = m
				mem, err := e.st.Member(ctx, m)
				if err != nil && !errors.Is(err, ErrNotFound) {
					return err
				}
				if e.state.MemberLoans(m) >= e.opts.memberLimit(mem.Type) {
					r.Event.Outcome = LimitReached
				}
			}
		}
	case ModeReturn:
		_, returned := v.returned[it.Code]
		switch {
		case returned && !onLoan:
			r.Event.Outcome = Duplicate
		case !onLoan:
			r.Event.Outcome = NotOnLoan
		case l.location != v.location:
			flag(OtherLocation)
		default:
			r.Event.Outcome = Accepted
		}
	case ModeRecount:
		_, counted := v.recounted[it.Code]
		_, extra := v.extra[it.Code]
		switch {
		case counted || extra:
			r.Event.Outcome = Duplicate
		case !v.expected()[it.Code]:
			r.Event.Outcome = Extra
		default:
			r.Event.Outcome = Accepted
		}
	}
	if r.Event.Other != 0 {
		if loc, err := e.st.Location(ctx, r.Event.Other); err == nil {
			r.OtherLocation = &loc
		}
	}
	return nil
}

// currentMember is the member whose checkout runs in the visit: their card
// was scanned and nothing lapsed since (idle time, a mode switch).
func (e *Engine) currentMember(v *visitState) int64 {
	if v.member == 0 || time.Since(v.memberAt) > e.opts.MemberIdle {
		return 0
	}
	return v.member
}

// CurrentMember returns the member whose checkout runs in the visit, or 0.
func (e *Engine) CurrentMember(visitID int64) int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.state.visits[visitID]
	if !ok {
		return 0
	}
	return e.currentMember(v)
}

// MembersAt returns, for the members who have books from the location on
// loan now, the items each has (sorted).
func (e *Engine) MembersAt(location int64) map[int64][]string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[int64][]string{}
	for it, l := range e.state.byLoc[location] {
		if l.member != 0 {
			out[l.member] = append(out[l.member], it)
		}
	}
	for _, items := range out {
		sort.Strings(items)
	}
	return out
}

// MemberItems returns the items on loan to the member now.
func (e *Engine) MemberItems(member int64) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state.MemberItems(member)
}

// SetMode switches the visit's mode. The switch is itself an event.
func (e *Engine) SetMode(ctx context.Context, visitID int64, m Mode, source string) (Result, error) {
	if !m.Valid() {
		return Result{}, ErrInvalidMode
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkOpen(ctx, visitID); err != nil {
		return Result{}, err
	}
	r := Result{Event: Event{VisitID: visitID, Type: EventMode, Mode: m, Source: source}}
	if err := e.commit(ctx, &r); err != nil {
		return Result{}, err
	}
	return r, nil
}

// Void undoes the scan seq of the visit by logging a void event.
func (e *Engine) Void(ctx context.Context, visitID, seq int64, source string) (Result, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkOpen(ctx, visitID); err != nil {
		return Result{}, err
	}
	v := e.state.visit(visitID)
	t, ok := v.scans[seq]
	if !ok {
		return Result{}, ErrNotVoidable
	}
	r := Result{Event: Event{VisitID: visitID, Type: EventVoid, Target: seq, Code: t.Code, ItemCode: t.ItemCode, Mode: t.Mode, Source: source}}
	if err := e.commit(ctx, &r); err != nil {
		return Result{}, err
	}
	return r, nil
}

// Snapshot is a visit's state at one seq.
type Snapshot struct {
	Seq    int64 // the newest event in the whole log when the snapshot was taken
	Mode   Mode
	Basket string
	Tally  Tally
}

// Snapshot returns the visit's current state.
func (e *Engine) Snapshot(ctx context.Context, visitID int64) (Snapshot, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkVisit(ctx, visitID); err != nil {
		return Snapshot{}, err
	}
	v := e.state.visit(visitID)
	return Snapshot{Seq: e.state.lastSeq, Mode: v.mode, Basket: v.basket, Tally: e.state.Tally(visitID)}, nil
}

// Lists returns the item codes behind the visit's tally.
func (e *Engine) Lists(ctx context.Context, visitID int64) (Lists, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkVisit(ctx, visitID); err != nil {
		return Lists{}, err
	}
	return e.state.Lists(visitID), nil
}

// OnLoan returns every item on loan now, with the location it is lent to.
func (e *Engine) OnLoan() map[string]int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]int64, len(e.state.loans))
	for it, l := range e.state.loans {
		out[it] = l.location
	}
	return out
}

// Voided reports whether the scan seq of the visit has been undone.
func (e *Engine) Voided(visitID, seq int64) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.state.visits[visitID]
	if !ok {
		return false
	}
	_, live := v.scans[seq]
	return !live
}

// Mode returns the visit's current mode, cheaply (RFID readers ask for
// every tag they report).
func (e *Engine) Mode(ctx context.Context, visitID int64) (Mode, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkVisit(ctx, visitID); err != nil {
		return "", err
	}
	return e.state.visit(visitID).mode, nil
}
