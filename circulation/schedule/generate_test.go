package schedule

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// library is where the vehicles start, in Semarang.
var library = struct{ lat, lon float64 }{-6.99, 110.42}

// around returns n locations with ids first, first+1, …, spread ±0.5° around
// Semarang by a seeded generator, each with a drive from the library of
// 10 min plus 1.5 min a km.
func around(n int, first int64, seed uint64) []Location {
	r := rand.New(rand.NewPCG(seed, 1))
	locs := make([]Location, n)
	for i := range locs {
		lat := -7.0 + r.Float64() - 0.5
		lon := 110.4 + r.Float64() - 0.5
		id := first + int64(i)
		locs[i] = Location{
			ID: id, Name: fmt.Sprintf("SD Negeri %d", id),
			Lat: lat, Lon: lon, HasCoords: true,
			TravelMinutes: 10 + int(1.5*distKm(library.lat, library.lon, lat, lon)),
		}
	}
	return locs
}

// distKm is the great-circle distance by the spherical law of cosines, so
// that the checks do not lean on the package's own haversine.
func distKm(lat1, lon1, lat2, lon2 float64) float64 {
	r := math.Pi / 180
	c := math.Sin(lat1*r)*math.Sin(lat2*r) + math.Cos(lat1*r)*math.Cos(lat2*r)*math.Cos((lon2-lon1)*r)
	return 6371 * math.Acos(math.Max(-1, math.Min(1, c)))
}

// checkPlan fails t unless plan keeps Generate's promises for locs, existing
// and opts: every location placed once, left out once or already visited
// without a vehicle; new visits only on working days (never a weekend or a
// holiday, whatever WorkingDays says), with a vehicle in range; no
// vehicle-day over PerDay; every vehicle-day holding a new visit fits in
// DayMinutes in its best order; both lists sorted.
func checkPlan(t *testing.T, locs []Location, existing []Visit, opts Options, plan Plan) {
	t.Helper()
	vehicles, perDay := cmp.Or(opts.Vehicles, 1), cmp.Or(opts.PerDay, 1)
	byID := make(map[int64]Location)
	for _, l := range locs {
		byID[l.ID] = l
	}
	seen := make(map[int64]int)
	for _, v := range existing {
		if v.Vehicle == 0 && strings.HasPrefix(v.Date, opts.Month+"-") {
			seen[v.LocationID]++
		}
	}
	type vday struct {
		date    string
		vehicle int
	}
	days := make(map[vday][]int64)
	fresh := make(map[vday]bool)
	for _, v := range plan.Visits {
		seen[v.LocationID]++
		days[vday{v.Date, v.Vehicle}] = append(days[vday{v.Date, v.Vehicle}], v.LocationID)
		if v.VisitID != 0 {
			continue
		}
		fresh[vday{v.Date, v.Vehicle}] = true
		d, err := time.Parse(time.DateOnly, v.Date)
		if err != nil || d.Format("2006-01") != opts.Month {
			t.Errorf("visit %+v: not a date in %s", v, opts.Month)
			continue
		}
		if opts.WorkDays == nil && (d.Weekday() == time.Saturday || d.Weekday() == time.Sunday) {
			t.Errorf("visit %+v is on a %s", v, d.Weekday())
		}
		if name, off := opts.Holidays[v.Date]; off {
			t.Errorf("visit %+v is on %s", v, name)
		}
		if v.Vehicle < 1 || v.Vehicle > vehicles {
			t.Errorf("visit %+v: vehicle out of 1..%d", v, vehicles)
		}
		if _, ok := byID[v.LocationID]; !ok {
			t.Errorf("visit %+v: no such location", v)
		}
	}
	for _, u := range plan.Unscheduled {
		seen[u.LocationID]++
		if u.Message == "" || u.Reason == "" {
			t.Errorf("unscheduled %+v: no reason or message", u)
		}
	}
	for _, l := range locs {
		if seen[l.ID] != 1 {
			t.Errorf("location %d appears %d times in the plan, want once", l.ID, seen[l.ID])
		}
	}
	for vd, ids := range days {
		if len(ids) > perDay {
			t.Errorf("vehicle %d has %d visits on %s, PerDay is %d", vd.vehicle, len(ids), vd.date, perDay)
		}
		if fresh[vd] {
			if m := bestRoute(ids, byID, opts); m > float64(cmp.Or(opts.DayMinutes, 480)) {
				t.Errorf("vehicle %d on %s: %v takes %.0f min at best", vd.vehicle, vd.date, ids, m)
			}
		}
	}
	if !slices.IsSortedFunc(plan.Visits, func(a, b Visit) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Vehicle, b.Vehicle), cmp.Compare(a.LocationID, b.LocationID))
	}) {
		t.Error("visits are not sorted by date, vehicle, location")
	}
	if !slices.IsSortedFunc(plan.Unscheduled, func(a, b Unscheduled) int { return cmp.Compare(a.LocationID, b.LocationID) }) {
		t.Error("unscheduled are not sorted by location")
	}
}

// bestRoute is the least time out of the library for visiting ids in any
// order, by brute force.
func bestRoute(ids []int64, byID map[int64]Location, opts Options) float64 {
	onSite, speed := float64(cmp.Or(opts.OnSiteMinutes, 90)), cmp.Or(opts.SpeedKmh, 30)
	travel := func(l Location) float64 { return float64(cmp.Or(l.TravelMinutes, 60)) }
	leg := func(a, b Location) float64 {
		if a.HasCoords && b.HasCoords {
			return distKm(a.Lat, a.Lon, b.Lat, b.Lon) * 1.4 / speed * 60
		}
		return travel(a) + travel(b)
	}
	best := math.Inf(1)
	var try func(order []Location, left []int64)
	try = func(order []Location, left []int64) {
		if len(left) == 0 {
			m := travel(order[0]) + travel(order[len(order)-1]) + onSite*float64(len(order))
			for i := 1; i < len(order); i++ {
				m += leg(order[i-1], order[i])
			}
			best = min(best, m)
			return
		}
		for i, id := range left {
			rest := append(slices.Clone(left[:i]), left[i+1:]...)
			try(append(slices.Clone(order), byID[id]), rest)
		}
	}
	try(nil, ids)
	return best
}

func locationOf(plan Plan, id int64) (Visit, bool) {
	for _, v := range plan.Visits {
		if v.LocationID == id {
			return v, true
		}
	}
	return Visit{}, false
}

func dayOfMonth(t *testing.T, date string) int {
	t.Helper()
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		t.Fatal(err)
	}
	return d.Day()
}

func TestGenerateSemarang(t *testing.T) {
	for _, perDay := range []int{1, 2} {
		t.Run(fmt.Sprintf("PerDay=%d", perDay), func(t *testing.T) {
			locs := around(25, 1, 7)
			opts := december(2, perDay)
			plan, err := Generate(locs, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, locs, nil, opts, plan)
			if len(plan.Unscheduled) != 0 || len(plan.Visits) != 25 {
				t.Errorf("%d placed, unscheduled %+v; want all 25 placed", len(plan.Visits), plan.Unscheduled)
			}
			for _, v := range plan.Visits {
				if v.Date == "2026-12-24" || v.Date == "2026-12-25" {
					t.Errorf("visit %+v on a day off", v)
				}
			}
		})
	}
}

func TestGenerateMonthFull(t *testing.T) {
	locs := around(60, 1, 11)
	opts := december(1, 1)
	plan, err := Generate(locs, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, locs, nil, opts, plan)
	if len(plan.Visits) != 21 || len(plan.Unscheduled) != 39 {
		t.Errorf("%d placed and %d left out, want 21 and 39", len(plan.Visits), len(plan.Unscheduled))
	}
	for _, u := range plan.Unscheduled {
		if u.Reason != ReasonNoFreeDay {
			t.Errorf("%+v: reason %q, want %q", u, u.Reason, ReasonNoFreeDay)
		}
		if want := fmt.Sprintf("SD Negeri %d: all 21 working days of 2026-12 are full", u.LocationID); !strings.HasPrefix(u.Message, want) {
			t.Errorf("message %q, want it to start %q", u.Message, want)
		}
	}
}

func TestGenerateExistingTakesTheirPlace(t *testing.T) {
	opts := december(1, 1)
	days, err := WorkingDays(opts)
	if err != nil {
		t.Fatal(err)
	}
	// Every working day but the 16th is taken by a visit of location 1000+i.
	var existing []Visit
	var locs []Location
	for i, d := range days {
		if d == "2026-12-16" {
			continue
		}
		id := int64(1000 + i)
		existing = append(existing, Visit{VisitID: id, LocationID: id, Date: d, Vehicle: 1})
		locs = append(locs, Location{ID: id, TravelMinutes: 30})
	}
	locs = append(locs,
		Location{ID: 1, Name: "SMP Negeri 1", TravelMinutes: 40},
		Location{ID: 2, Name: "SMP Negeri 2", TravelMinutes: 20},
		Location{ID: 3, Name: "TK Ad Hoc", TravelMinutes: 20},
	)
	existing = append(existing,
		Visit{VisitID: 1, LocationID: 3, Date: "2026-12-16", Vehicle: 0}, // ad hoc: no slot
		Visit{VisitID: 2, LocationID: 2, Date: "2026-11-16", Vehicle: 1}, // last month: ignored
	)
	plan, err := Generate(locs, existing, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, locs, existing, opts, plan)
	if len(plan.Visits) != 21 {
		t.Errorf("%d visits, want the 20 existing and one new", len(plan.Visits))
	}
	if v, ok := locationOf(plan, 1); !ok || v.Date != "2026-12-16" || v.VisitID != 0 {
		t.Errorf("SMP Negeri 1 (the longest drive, placed first): %+v, %v; want a new visit on the 16th", v, ok)
	}
	if _, ok := locationOf(plan, 3); ok {
		t.Error("a location with an ad-hoc visit this month was placed again")
	}
	want := []Unscheduled{{LocationID: 2, Reason: ReasonNoFreeDay,
		Message: "SMP Negeri 2: all 21 working days of 2026-12 are full (1 vehicle(s) × 1 visit(s) a day)"}}
	if !reflect.DeepEqual(plan.Unscheduled, want) {
		t.Errorf("unscheduled %+v, want %+v", plan.Unscheduled, want)
	}
}

func TestGenerateFillsTheMonth(t *testing.T) {
	opts := december(1, 2)
	days, err := WorkingDays(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("far apart", func(t *testing.T) {
		// 42 locations without coordinates: none is near another, but two
		// fit in a day (60 + 120 + 60 + 2 × 90 = 420 min), and filling the
		// month beats leaving half of them out.
		var locs []Location
		for id := int64(1); id <= 43; id++ {
			locs = append(locs, Location{ID: id, TravelMinutes: 60})
		}
		plan, err := Generate(locs, nil, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, locs, nil, opts, plan)
		if len(plan.Visits) != 42 || len(plan.Unscheduled) != 1 {
			t.Errorf("%d placed, %d left out; want 42 and 1", len(plan.Visits), len(plan.Unscheduled))
		}
	})
	t.Run("pair split", func(t *testing.T) {
		// Every vehicle-day has one place left: a near pair cannot go out
		// together, so each goes alone.
		var existing []Visit
		locs := []Location{
			{ID: 1, Lat: -7.0, Lon: 110.40, HasCoords: true, TravelMinutes: 40},
			{ID: 2, Lat: -7.0, Lon: 110.41, HasCoords: true, TravelMinutes: 40},
		}
		for i, d := range days {
			id := int64(100 + i)
			existing = append(existing, Visit{VisitID: id, LocationID: id, Date: d, Vehicle: 1})
			locs = append(locs, Location{ID: id, TravelMinutes: 30})
		}
		plan, err := Generate(locs, existing, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkPlan(t, locs, existing, opts, plan)
		a, aok := locationOf(plan, 1)
		b, bok := locationOf(plan, 2)
		if !aok || !bok || a.Date == b.Date {
			t.Errorf("1: %+v, 2: %+v, unscheduled %+v; want both placed on different days", a, b, plan.Unscheduled)
		}
	})
}

func TestGenerateTravelTooLong(t *testing.T) {
	locs := append(around(5, 1, 3),
		Location{ID: 99, Name: "Panti Asuhan Jauh", TravelMinutes: 300},
		Location{ID: 98, Name: "Sanggar Tanpa Jarak"}, // unknown: 60 min, fits
	)
	opts := december(2, 2)
	plan, err := Generate(locs, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, locs, nil, opts, plan)
	want := []Unscheduled{{LocationID: 99, Reason: ReasonTravelTooLong,
		Message: "Panti Asuhan Jauh: 300 min one way does not fit a 480-min day (2 × 300 + 90 on site = 690 min)"}}
	if !reflect.DeepEqual(plan.Unscheduled, want) {
		t.Errorf("unscheduled %+v, want %+v", plan.Unscheduled, want)
	}
}

func TestGenerateNoWorkDays(t *testing.T) {
	locs := around(3, 1, 3)
	opts := Options{Month: "2026-12", WorkDays: []time.Weekday{time.Sunday},
		Holidays: map[string]string{"2026-12-06": "a", "2026-12-13": "b", "2026-12-20": "c", "2026-12-27": "d"}}
	plan, err := Generate(locs, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, locs, nil, opts, plan)
	if len(plan.Unscheduled) != 3 {
		t.Fatalf("unscheduled %+v, want all 3", plan.Unscheduled)
	}
	for _, u := range plan.Unscheduled {
		if u.Reason != ReasonNoWorkDays {
			t.Errorf("%+v: reason %q, want %q", u, u.Reason, ReasonNoWorkDays)
		}
	}
}

// twiceInput is a month with a location too far, one visited ad hoc already,
// one visit placed by hand and some locations with last month's dates.
func twiceInput() ([]Location, []Visit) {
	locs := append(around(30, 1, 5), Location{ID: 99, Name: "Jauh", TravelMinutes: 300})
	for i := range locs {
		if i%3 == 0 {
			locs[i].PrevDate = fmt.Sprintf("2026-11-%02d", 2+i%27)
		}
		if i%10 == 4 {
			locs[i].HasCoords = false
		}
	}
	existing := []Visit{
		{VisitID: 500, LocationID: 3, Date: "2026-12-09", Vehicle: 1},
		{VisitID: 501, LocationID: 4, Date: "2026-12-10", Vehicle: 0},
		{VisitID: 400, LocationID: 5, Date: "2026-11-10", Vehicle: 2},
	}
	return locs, existing
}

func TestGenerateTwice(t *testing.T) {
	locs, existing := twiceInput()
	opts := december(2, 2)
	first, err := Generate(locs, existing, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, locs, existing, opts, first)
	// The caller stores the new visits and gives them ids.
	stored := slices.Clone(first.Visits)
	for i := range stored {
		if stored[i].VisitID == 0 {
			stored[i].VisitID = int64(1000 + i)
		}
	}
	// What the caller has stored now: the plan's visits (among them visit
	// 500, placed by hand), the ad-hoc one and last month's.
	again := append(slices.Clone(stored), existing[1:]...)
	second, err := Generate(locs, again, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range second.Visits {
		if v.VisitID == 0 {
			t.Errorf("second run proposes a new visit %+v", v)
		}
	}
	if !reflect.DeepEqual(second.Visits, stored) {
		t.Errorf("second run visits\n%+v\nwant\n%+v", second.Visits, stored)
	}
	if !reflect.DeepEqual(second.Unscheduled, first.Unscheduled) {
		t.Errorf("second run unscheduled %+v, want %+v", second.Unscheduled, first.Unscheduled)
	}
}

func TestGenerateShuffled(t *testing.T) {
	locs, existing := twiceInput()
	opts := december(2, 2)
	want, err := Generate(locs, existing, opts)
	if err != nil {
		t.Fatal(err)
	}
	for seed := range uint64(5) {
		r := rand.New(rand.NewPCG(seed, 2))
		l, e := slices.Clone(locs), slices.Clone(existing)
		r.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
		r.Shuffle(len(e), func(i, j int) { e[i], e[j] = e[j], e[i] })
		o := opts
		o.WorkDays = []time.Weekday{time.Friday, time.Monday, time.Thursday, time.Tuesday, time.Wednesday}
		got, err := Generate(l, e, o)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("shuffle %d: plan differs\n%+v\nwant\n%+v", seed, got, want)
		}
	}
}

func TestGeneratePrevDate(t *testing.T) {
	tests := []struct {
		vehicles, perDay int
	}{{1, 1}, {2, 2}}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d vehicles, PerDay=%d", tt.vehicles, tt.perDay), func(t *testing.T) {
			locs := around(20, 1, 9)
			early, late := around(2, 101, 10), around(1, 103, 12)
			early[0].PrevDate = "2026-11-03"
			early[1].PrevDate = "2026-11-02"
			late[0].PrevDate = "2026-11-27"
			locs = append(append(locs, early...), late...)
			opts := december(tt.vehicles, tt.perDay)
			plan, err := Generate(locs, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, locs, nil, opts, plan)
			for _, l := range early {
				if v, ok := locationOf(plan, l.ID); !ok || dayOfMonth(t, v.Date) > 10 {
					t.Errorf("%s, visited %s last month: %+v, want one of the first 10 days", l.Name, l.PrevDate, v)
				}
			}
			if v, ok := locationOf(plan, 103); !ok || dayOfMonth(t, v.Date) < 21 {
				t.Errorf("visited 2026-11-27 last month: %+v, want the 21st or later", v)
			}
		})
	}
}

func TestGenerateSpreadsOverTheMonth(t *testing.T) {
	locs := around(8, 1, 4)
	opts := december(1, 1)
	plan, err := Generate(locs, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, locs, nil, opts, plan)
	if len(plan.Visits) != 8 {
		t.Fatalf("%d visits, want 8", len(plan.Visits))
	}
	// Eight visits over 21 working days: one in each stretch of about 2½.
	if first, last := plan.Visits[0].Date, plan.Visits[7].Date; first > "2026-12-04" || last < "2026-12-28" {
		t.Errorf("visits from %s to %s, want them spread from the first week to the last", first, last)
	}
}

func TestGeneratePairsNearLocations(t *testing.T) {
	// Two clusters of nine, about 25 km apart and 60 min from the library
	// each: a day across both fits (60 + ~70 + 60 + 2 × 90 < 480) and even
	// saves some drive, but they are not near each other; a day inside one
	// saves almost two drives. Their ids interleave so that placement order
	// does not group them by accident. Each cluster makes four pairs and
	// has one left over; the two left over, and a lone location far from
	// everything, should each have a day to themselves.
	cluster := func(id int64) string {
		switch {
		case id == 50:
			return "lone"
		case id%2 == 0:
			return "north"
		}
		return "south"
	}
	var locs []Location
	r := rand.New(rand.NewPCG(3, 3))
	for id := int64(1); id <= 18; id++ {
		lat, lon := -6.90, 110.30
		if cluster(id) == "south" {
			lat, lon = -7.10, 110.40
		}
		locs = append(locs, Location{ID: id, Name: fmt.Sprintf("SD %s %d", cluster(id), id),
			Lat: lat + 0.04*(r.Float64()-0.5), Lon: lon + 0.04*(r.Float64()-0.5), HasCoords: true, TravelMinutes: 60})
	}
	locs = append(locs, Location{ID: 50, Name: "lone", Lat: -6.70, Lon: 110.90, HasCoords: true, TravelMinutes: 90})
	for _, vehicles := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d vehicles", vehicles), func(t *testing.T) {
			opts := december(vehicles, 2)
			plan, err := Generate(locs, nil, opts)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, locs, nil, opts, plan)
			type vday struct {
				date    string
				vehicle int
			}
			on := make(map[vday][]int64)
			for _, v := range plan.Visits {
				on[vday{v.Date, v.Vehicle}] = append(on[vday{v.Date, v.Vehicle}], v.LocationID)
			}
			pairs, alone := 0, 0
			for vd, ids := range on {
				if len(ids) == 1 {
					alone++
					continue
				}
				pairs++
				if cluster(ids[0]) != cluster(ids[1]) {
					t.Errorf("vehicle %d on %s pairs %d (%s) with %d (%s)",
						vd.vehicle, vd.date, ids[0], cluster(ids[0]), ids[1], cluster(ids[1]))
				}
			}
			if pairs != 8 || alone != 3 {
				t.Errorf("%d vehicle-days with two visits and %d with one, want 8 and 3", pairs, alone)
			}
		})
	}
}

func TestGeneratePairsBestSavingFirst(t *testing.T) {
	// B is 6 km from A and 1 km from C. Placing the longest drive first and
	// pairing it with its nearest would put A with B and leave C alone;
	// pairing by the biggest saving puts B with C, which drives less.
	locs := []Location{
		{ID: 1, Name: "A", Lat: -7.0, Lon: 110.346, HasCoords: true, TravelMinutes: 80},
		{ID: 2, Name: "B", Lat: -7.0, Lon: 110.400, HasCoords: true, TravelMinutes: 79},
		{ID: 3, Name: "C", Lat: -7.0, Lon: 110.409, HasCoords: true, TravelMinutes: 78},
	}
	opts := december(1, 2)
	plan, err := Generate(locs, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	checkPlan(t, locs, nil, opts, plan)
	a, _ := locationOf(plan, 1)
	b, _ := locationOf(plan, 2)
	c, _ := locationOf(plan, 3)
	if b.Date != c.Date || b.Vehicle != c.Vehicle || a.Date == b.Date {
		t.Errorf("A %s, B %s, C %s: want B and C together and A alone", a.Date, b.Date, c.Date)
	}
}

// TestGenerateRandom checks the promises on many random months: fleets,
// limits, locations without coordinates or travel times, last month's dates
// and visits already stored (accepted by CheckMove).
func TestGenerateRandom(t *testing.T) {
	for seed := range uint64(60) {
		r := rand.New(rand.NewPCG(seed, 4))
		opts := december(1+r.IntN(3), 1+r.IntN(3))
		opts.DayMinutes = 300 + r.IntN(300)
		opts.OnSiteMinutes = r.IntN(120)
		opts.SpeedKmh = float64(r.IntN(60))
		locs := around(1+r.IntN(90), 1, seed)
		for i := range locs {
			switch r.IntN(6) {
			case 0:
				locs[i].HasCoords = false
			case 1:
				locs[i].TravelMinutes = 0
			case 2:
				locs[i].PrevDate = fmt.Sprintf("2026-11-%02d", 1+r.IntN(30))
			case 3:
				locs[i].TravelMinutes = 100 + r.IntN(200)
			}
		}
		days, _ := WorkingDays(opts)
		var existing []Visit
		for i := 0; i < r.IntN(20) && len(locs) > 0; i++ {
			v := Visit{VisitID: int64(i + 1), LocationID: locs[r.IntN(len(locs))].ID, Date: days[r.IntN(len(days))], Vehicle: r.IntN(opts.Vehicles + 1)}
			if slices.ContainsFunc(existing, func(e Visit) bool { return e.LocationID == v.LocationID }) {
				continue
			}
			if v.Vehicle == 0 || CheckMove(existing, v, opts) == nil {
				existing = append(existing, v)
			}
		}
		plan, err := Generate(locs, existing, opts)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		t.Run(fmt.Sprint(seed), func(t *testing.T) { checkPlan(t, locs, existing, opts, plan) })
	}
}

func TestGenerateBadInput(t *testing.T) {
	opts := december(1, 1)
	tests := []struct {
		name     string
		locs     []Location
		existing []Visit
		says     string
	}{
		{"location twice", []Location{{ID: 1}, {ID: 2}, {ID: 1}}, nil, "location 1 is listed twice"},
		{"bad previous date", []Location{{ID: 1, PrevDate: "3 Nov"}}, nil, `location 1 has a bad previous date "3 Nov"`},
		{"bad visit date", nil, []Visit{{VisitID: 7, LocationID: 1, Date: "2026-12"}}, `visit 7 has a bad date "2026-12"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Generate(tt.locs, tt.existing, opts)
			if err == nil || !strings.Contains(err.Error(), tt.says) || errors.Is(err, ErrBadMonth) {
				t.Errorf("Generate error = %v, want one saying %q", err, tt.says)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	locs := around(200, 1, 1)
	for i := range locs {
		if i%2 == 0 {
			locs[i].PrevDate = fmt.Sprintf("2026-11-%02d", 1+i%30)
		}
	}
	opts := december(3, 2)
	for b.Loop() {
		if _, err := Generate(locs, nil, opts); err != nil {
			b.Fatal(err)
		}
	}
}
