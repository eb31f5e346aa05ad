package schedule

import (
	"math"
	"slices"
)

// stop is a location as the route arithmetic sees it.
type stop struct {
	id        int64
	travel    float64 // minutes one way from the library
	lat, lon  float64
	hasCoords bool
}

func newStop(l Location) stop {
	t := float64(l.TravelMinutes)
	if l.TravelMinutes <= 0 {
		t = defaultTravelMinutes
	}
	return stop{id: l.ID, travel: t, lat: l.Lat, lon: l.Lon, hasCoords: l.HasCoords}
}

// leg is the drive in minutes between two locations on one day: the
// straight-line distance × 1.4 at the configured speed. Without coordinates
// for both, it is the way back to the library and out again, which is never
// shorter than the real drive.
func (c config) leg(a, b stop) float64 {
	if !a.hasCoords || !b.hasCoords {
		return a.travel + b.travel
	}
	return haversineKm(a.lat, a.lon, b.lat, b.lon) * 1.4 / c.speedKmh * 60
}

// route is one vehicle's day: its stops in driving order and the minutes the
// vehicle is out (drives plus time on site).
type route struct {
	stops   []stop
	minutes float64
}

// insertion returns where s goes into r at the least cost (cheapest
// insertion) and the minutes the day then takes. For up to three stops this
// is the best order there is.
func (c config) insertion(r route, s stop) (at int, minutes float64) {
	if len(r.stops) == 0 {
		return 0, 2*s.travel + c.onSite
	}
	best := math.Inf(1)
	for i := 0; i <= len(r.stops); i++ {
		var d float64
		switch {
		case i == 0:
			next := r.stops[0]
			d = s.travel + c.leg(s, next) - next.travel
		case i == len(r.stops):
			prev := r.stops[i-1]
			d = c.leg(prev, s) + s.travel - prev.travel
		default:
			prev, next := r.stops[i-1], r.stops[i]
			d = c.leg(prev, s) + c.leg(s, next) - c.leg(prev, next)
		}
		if d < best {
			best, at = d, i
		}
	}
	return at, r.minutes + best + c.onSite
}

func (r *route) insert(at int, s stop, minutes float64) {
	r.stops = append(r.stops, stop{})
	copy(r.stops[at+1:], r.stops[at:])
	r.stops[at] = s
	r.minutes = minutes
}

func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const earthKm = 6371.0
	rad := math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) +
		math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(math.Min(1, h)))
}

// with returns r with g's locations inserted one by one where each adds the
// least, and whether that day fits in DayMinutes. r is not changed.
func (c config) with(r route, g *group) (route, bool) {
	r.stops = slices.Clone(r.stops)
	for _, m := range g.members {
		at, minutes := c.insertion(r, m.stop)
		r.insert(at, m.stop, minutes)
	}
	return r, r.minutes <= c.dayMinutes
}

// near reports whether a and b are near enough to share a vehicle-day: the
// leg between them is at most half of driving back to the library and out
// again. The measure is relative so that it holds for locations at the edge
// of the district as for those in town. Without coordinates nothing is near.
func (c config) near(a, b stop) bool {
	return a.hasCoords && b.hasCoords && nearBy(a, b, c.leg(a, b))
}

// nearBy is near for a leg already known.
func nearBy(a, b stop, leg float64) bool {
	return leg <= 0.5*(a.travel+b.travel)
}

// nearAny reports whether one of g's locations is near a stop of r.
func (c config) nearAny(r route, g *group) bool {
	for _, s := range r.stops {
		for _, m := range g.members {
			if c.near(s, m.stop) {
				return true
			}
		}
	}
	return false
}
