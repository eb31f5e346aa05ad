package camera

import "time"

// DefaultRescan is how long a code must be out of view before showing it
// again is a new scan, when a spec gives no rescan option. Two seconds is
// long enough to ride out frames in which a code in view is blurred or
// half hidden by a hand, and short enough for a person who wants to scan
// the same item again to just take it away and show it again.
const DefaultRescan = 2 * time.Second

// Dedup turns sightings of codes into scans: a code seen in frame after
// frame is one scan; once it has not been seen for more than Rescan, seeing
// it again is a new scan. The zero value reports every sighting. Dedup is a
// pure value with no clock of its own; it is not safe for concurrent use.
type Dedup struct {
	Rescan time.Duration

	last map[Code]time.Time // when each code was last seen
}

// Seen records that codes were in view at now (the time the frame was
// taken; calls must come in time order) and returns those that are new
// scans, in the order given, each once. A code that is in view keeps its
// sighting fresh; codes not given are out of view.
func (d *Dedup) Seen(codes []Code, now time.Time) []Code {
	if d.last == nil {
		d.last = map[Code]time.Time{}
	}
	var out []Code
	for _, c := range codes {
		last, ok := d.last[c]
		if !ok || now.Sub(last) > d.Rescan {
			out = append(out, c)
		}
		d.last[c] = now
	}
	// Forget codes out of view for longer than Rescan: they are new when
	// they come back either way, and the map stays as small as the view.
	for c, t := range d.last {
		if now.Sub(t) > d.Rescan {
			delete(d.last, c)
		}
	}
	return out
}
