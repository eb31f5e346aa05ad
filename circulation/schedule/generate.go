package schedule

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"
)

// Reasons a location is left out of a plan, as Unscheduled.Reason spells them.
const (
	ReasonTravelTooLong = "travel_too_long" // one visit alone does not fit in DayMinutes
	ReasonNoFreeDay     = "no_free_day"     // no vehicle-day of the month has room for it
	ReasonNoWorkDays    = "no_work_days"    // the month has no working day at all
)

// Unscheduled is a location Generate could not place, and why.
type Unscheduled struct {
	LocationID int64
	Reason     string // one of the Reason constants
	Message    string // an English sentence naming the location and the figures
}

// Plan is the month Generate proposes.
type Plan struct {
	// Visits is every visit of the month that has a vehicle: the existing
	// ones (with their VisitID) and the new ones (VisitID 0), sorted by date,
	// vehicle and location id.
	Visits []Visit
	// Unscheduled lists the locations left out, sorted by location id.
	Unscheduled []Unscheduled
}

// Generate proposes the visits of opts.Month. Each location in locs that has
// no visit in the month yet (in existing, with or without a vehicle) is
// placed once; existing visits are kept as they are and take their
// vehicle's place on their day. It works in two greedy steps:
//
//  1. With PerDay ≥ 2, near locations are grouped into vehicle-days, best
//     saving first (see group.go).
//  2. The groups, and then the locations of any group that found no room,
//     go into the cheapest feasible vehicle-day by the placement score below,
//     most constrained first: groups holding a location visited last month
//     (its returns are due), then the bigger groups, then the longer drives.
//
// It fails only on a bad month, a location listed twice, or a date that is
// not YYYY-MM-DD; the locations it cannot place are in Plan.Unscheduled.
func Generate(locs []Location, existing []Visit, opts Options) (Plan, error) {
	c, err := opts.config()
	if err != nil {
		return Plan{}, err
	}
	locs = slices.Clone(locs)
	slices.SortFunc(locs, func(a, b Location) int { return cmp.Compare(a.ID, b.ID) })
	byID := make(map[int64]Location, len(locs))
	for _, l := range locs {
		if _, dup := byID[l.ID]; dup {
			return Plan{}, fmt.Errorf("schedule: location %d is listed twice", l.ID)
		}
		byID[l.ID] = l
	}
	existing = slices.Clone(existing)
	slices.SortFunc(existing, compareVisits)

	days := c.workingDays()
	p := newPlanner(c, days)
	var plan Plan
	visited := make(map[int64]bool)
	for _, v := range existing {
		t, err := time.Parse(time.DateOnly, v.Date)
		if err != nil {
			return Plan{}, fmt.Errorf("schedule: visit %d has a bad date %q", v.VisitID, v.Date)
		}
		if t.Format("2006-01") != c.month {
			continue
		}
		visited[v.LocationID] = true
		if v.Vehicle == 0 {
			continue
		}
		plan.Visits = append(plan.Visits, v)
		s := stop{id: v.LocationID, travel: defaultTravelMinutes}
		if l, ok := byID[v.LocationID]; ok {
			s = newStop(l)
		}
		p.keep(v.Date, v.Vehicle, s)
	}

	var todo []member
	for _, l := range locs {
		if visited[l.ID] {
			continue
		}
		m := member{loc: l, stop: newStop(l)}
		if l.PrevDate != "" {
			prev, err := time.Parse(time.DateOnly, l.PrevDate)
			if err != nil {
				return Plan{}, fmt.Errorf("schedule: location %d has a bad previous date %q", l.ID, l.PrevDate)
			}
			m.prev = prev.Day()
		}
		switch alone := 2*m.stop.travel + c.onSite; {
		case alone > c.dayMinutes:
			plan.unscheduled(l, ReasonTravelTooLong, fmt.Sprintf("%s: %.0f min one way does not fit a %.0f-min day (2 × %.0f + %.0f on site = %.0f min)",
				name(l), m.stop.travel, c.dayMinutes, m.stop.travel, c.onSite, alone))
		case len(days) == 0:
			plan.unscheduled(l, ReasonNoWorkDays, fmt.Sprintf("%s: %s has no working day", name(l), c.month))
		default:
			todo = append(todo, m)
		}
	}

	groups := c.group(todo)
	spread(groups, days)
	put := func(g *group) bool {
		d, v, ok := p.place(g)
		if ok {
			plan.add(g, days[d].date, v)
		}
		return ok
	}
	for _, g := range groups {
		if put(g) {
			continue
		}
		// No vehicle-day has room for the group together: each goes alone.
		for _, m := range g.members {
			if len(g.members) == 1 || !put(&group{members: []member{m}, target: g.target}) {
				plan.unscheduled(m.loc, ReasonNoFreeDay, p.whyFull(m.loc))
			}
		}
	}
	slices.SortFunc(plan.Visits, compareVisits)
	slices.SortFunc(plan.Unscheduled, func(a, b Unscheduled) int { return cmp.Compare(a.LocationID, b.LocationID) })
	return plan, nil
}

func (p *Plan) add(g *group, date string, vehicle int) {
	for _, m := range g.members {
		p.Visits = append(p.Visits, Visit{LocationID: m.loc.ID, Date: date, Vehicle: vehicle})
	}
}

func (p *Plan) unscheduled(l Location, reason, msg string) {
	p.Unscheduled = append(p.Unscheduled, Unscheduled{LocationID: l.ID, Reason: reason, Message: msg})
}

// spread gives each group without a location visited last month a day of
// the month to lean to, evenly over the working days in placement order, so
// that a month with room to spare is not all packed into its first weeks.
func spread(groups []*group, days []day) {
	n := 0
	for _, g := range groups {
		if !g.hasPrev() {
			n++
		}
	}
	k := 0
	for _, g := range groups {
		if g.hasPrev() {
			continue
		}
		g.target = days[int((float64(k)+0.5)*float64(len(days))/float64(n))].dom
		k++
	}
}

func compareVisits(a, b Visit) int {
	return cmp.Or(
		cmp.Compare(a.Date, b.Date),
		cmp.Compare(a.Vehicle, b.Vehicle),
		cmp.Compare(a.LocationID, b.LocationID),
		cmp.Compare(a.VisitID, b.VisitID),
	)
}

func name(l Location) string {
	if l.Name == "" {
		return fmt.Sprintf("location %d", l.ID)
	}
	return l.Name
}

// The placement score, in minutes of a vehicle's day or their equivalent. A
// group goes to the feasible (working day, vehicle) with the lowest
//
//	  minutes it adds to that vehicle's day (drives and time on site)
//	+ 10 × days between the day of the month and last month's, for each
//	      location in it visited last month (PrevDate)
//	  or  2 × days from its even-spread day, for a group without any
//	+ 20 × visits already on that date, by any vehicle
//	+  1 × visits the vehicle already has this month
//
// ties going to the earlier date, then the lower vehicle. Ten minutes a day
// keeps a location within its week of last month; the weak two a day only
// spreads new locations over the month; twenty a visit spreads the vehicles'
// work over the dates before doubling up on one; one a visit shares the work
// between the vehicles.
//
// A vehicle-day is only a choice when it has room for the whole group and
// the day, with the group inserted where it adds the least, fits in
// DayMinutes. A day that already has visits is preferred only when one of
// them is near one of the group (see config.near); a day of far-apart stops
// is taken only when nothing better is left, because filling the month beats
// leaving a location out.
const (
	weekPenalty     = 10
	spreadPenalty   = 2
	busyDatePenalty = 20
	vehiclePenalty  = 1
)

// planner holds the month being filled: a route per working day and vehicle.
type planner struct {
	c         config
	days      []day
	index     map[string]int // date → index into days
	routes    []route        // routes[d*vehicles + v-1]
	onDate    []int          // visits on each working day, by any vehicle
	ofVehicle []int          // visits of each vehicle this month, [v-1]
}

func newPlanner(c config, days []day) *planner {
	p := &planner{
		c:         c,
		days:      days,
		index:     make(map[string]int, len(days)),
		routes:    make([]route, len(days)*c.vehicles),
		onDate:    make([]int, len(days)),
		ofVehicle: make([]int, c.vehicles),
	}
	for i, d := range days {
		p.index[d.date] = i
	}
	return p
}

// keep adds an existing visit to its vehicle's day, whether it fits or not.
// One on a day off or with a vehicle out of range takes no one's place.
func (p *planner) keep(date string, vehicle int, s stop) {
	d, ok := p.index[date]
	if !ok || vehicle < 1 || vehicle > p.c.vehicles {
		return
	}
	r := &p.routes[d*p.c.vehicles+vehicle-1]
	at, m := p.c.insertion(*r, s)
	r.insert(at, s, m)
	p.onDate[d]++
	p.ofVehicle[vehicle-1]++
}

// place puts g into the vehicle-day with the lowest score and returns it.
func (p *planner) place(g *group) (d, vehicle int, ok bool) {
	type choice struct {
		cost  float64
		d, v  int
		route route
		found bool
	}
	var good, any choice
	for i, dy := range p.days {
		for v := 1; v <= p.c.vehicles; v++ {
			r := p.routes[i*p.c.vehicles+v-1]
			if len(r.stops)+len(g.members) > p.c.perDay {
				continue
			}
			nr, fits := p.c.with(r, g)
			if !fits {
				continue
			}
			cost := nr.minutes - r.minutes +
				g.penalty(dy.dom) +
				busyDatePenalty*float64(p.onDate[i]) +
				vehiclePenalty*float64(p.ofVehicle[v-1])
			if !any.found || cost < any.cost {
				any = choice{cost, i, v, nr, true}
			}
			if (len(r.stops) == 0 || p.c.nearAny(r, g)) && (!good.found || cost < good.cost) {
				good = choice{cost, i, v, nr, true}
			}
		}
	}
	best := good
	if !best.found {
		best = any
	}
	if !best.found {
		return 0, 0, false
	}
	p.routes[best.d*p.c.vehicles+best.v-1] = best.route
	p.onDate[best.d] += len(g.members)
	p.ofVehicle[best.v-1] += len(g.members)
	return best.d, best.v, true
}

// whyFull says why no vehicle-day took l: all are full, or the drive did not
// fit next to what the days with room already hold.
func (p *planner) whyFull(l Location) string {
	open := 0
	for _, r := range p.routes {
		if len(r.stops) < p.c.perDay {
			open++
		}
	}
	if open == 0 {
		return fmt.Sprintf("%s: all %d working days of %s are full (%d vehicle(s) × %d visit(s) a day)",
			name(l), len(p.days), p.c.month, p.c.vehicles, p.c.perDay)
	}
	return fmt.Sprintf("%s: none of the %d vehicle-days with room in %s can add it within a %.0f-min day",
		name(l), open, p.c.month, p.c.dayMinutes)
}

// penalty is the preference part of the score for placing g on day dom.
func (g *group) penalty(dom int) float64 {
	if !g.hasPrev() {
		return spreadPenalty * math.Abs(float64(dom-g.target))
	}
	var sum float64
	for _, m := range g.members {
		if m.prev != 0 {
			sum += weekPenalty * math.Abs(float64(dom-m.prev))
		}
	}
	return sum
}
