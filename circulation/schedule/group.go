package schedule

import (
	"cmp"
	"slices"
)

// member is a location waiting to be placed.
type member struct {
	loc  Location
	stop stop
	prev int // day of the month of last month's visit; 0 for none
}

// group is locations that go out together on one vehicle-day.
type group struct {
	members []member
	target  int // day of the month to lean to, for a group without prev
}

func (g *group) hasPrev() bool {
	for _, m := range g.members {
		if m.prev != 0 {
			return true
		}
	}
	return false
}

// maxWeekSpread is how many days apart last month's visits of a group's
// locations may be: a group goes out on one day, and each location should
// stay near its week of the month.
const maxWeekSpread = 6

// group sorts the members into groups of up to PerDay near locations, the
// savings way (Clarke and Wright): every near pair, the one whose shared day
// saves the most drive first, joins their two groups when the result has at
// most PerDay locations, fits in DayMinutes, and keeps last month's days
// within a week. The saving of a pair is the drive back to the library and
// out again that the leg between them replaces. With PerDay 1 every location
// is its own group.
//
// The groups come back in placement order: groups with a location visited
// last month first, then the bigger ones, then the longer drives.
func (c config) group(todo []member) []*group {
	groups := make([]*group, len(todo))
	of := make([]int, len(todo)) // member index → index into groups
	for i, m := range todo {
		groups[i] = &group{members: []member{m}}
		of[i] = i
	}
	if c.perDay >= 2 {
		type pair struct {
			i, j   int
			saving float64
		}
		var pairs []pair
		for i := range todo {
			for j := i + 1; j < len(todo); j++ {
				a, b := todo[i].stop, todo[j].stop
				if !a.hasCoords || !b.hasCoords {
					continue
				}
				if leg := c.leg(a, b); nearBy(a, b, leg) {
					pairs = append(pairs, pair{i, j, a.travel + b.travel - leg})
				}
			}
		}
		slices.SortFunc(pairs, func(x, y pair) int {
			return cmp.Or(cmp.Compare(y.saving, x.saving), cmp.Compare(x.i, y.i), cmp.Compare(x.j, y.j))
		})
		for _, pr := range pairs {
			gi, gj := of[pr.i], of[pr.j]
			if gi == gj || len(groups[gi].members)+len(groups[gj].members) > c.perDay {
				continue
			}
			joined := &group{members: append(slices.Clone(groups[gi].members), groups[gj].members...)}
			slices.SortFunc(joined.members, func(a, b member) int { return cmp.Compare(a.loc.ID, b.loc.ID) })
			if weekSpread(joined) > maxWeekSpread {
				continue
			}
			if _, fits := c.with(route{}, joined); !fits {
				continue
			}
			groups[gi], groups[gj] = joined, nil
			for k := range of {
				if of[k] == gj {
					of[k] = gi
				}
			}
		}
	}
	groups = slices.DeleteFunc(groups, func(g *group) bool { return g == nil })
	slices.SortFunc(groups, func(a, b *group) int {
		return cmp.Or(
			boolOrder(a.hasPrev(), b.hasPrev()),
			cmp.Compare(len(b.members), len(a.members)),
			cmp.Compare(b.maxTravel(), a.maxTravel()),
			cmp.Compare(a.members[0].loc.ID, b.members[0].loc.ID),
		)
	})
	return groups
}

func (g *group) maxTravel() float64 {
	var t float64
	for _, m := range g.members {
		t = max(t, m.stop.travel)
	}
	return t
}

// weekSpread is how many days apart the earliest and the latest of last
// month's visits of g's locations were.
func weekSpread(g *group) int {
	lo, hi := 0, 0
	for _, m := range g.members {
		if m.prev == 0 {
			continue
		}
		if lo == 0 || m.prev < lo {
			lo = m.prev
		}
		hi = max(hi, m.prev)
	}
	return hi - lo
}

// boolOrder puts true before false.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
