package schedule

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Errors a caller branches on. They are wrapped with the particulars
// (the date, the vehicle, the holiday's name); test them with errors.Is.
var (
	ErrBadMonth     = errors.New("schedule: bad month")
	ErrOutsideMonth = errors.New("schedule: date outside the month")
	ErrNotWorkDay   = errors.New("schedule: not a working day")
	ErrHoliday      = errors.New("schedule: holiday")
	ErrBadVehicle   = errors.New("schedule: no such vehicle")
	ErrDoubleBooked = errors.New("schedule: vehicle double-booked")
)

// Location is an active location to be placed in the month.
type Location struct {
	ID            int64
	Name          string  // for messages only
	Lat, Lon      float64 // valid only when HasCoords
	HasCoords     bool
	TravelMinutes int    // one way from the library; 0 = unknown (treated as 60)
	PrevDate      string // YYYY-MM-DD of its visit in the previous month, "" if none
}

// Visit is a visit already in the month (kept as is by Generate), or one
// Generate proposes.
type Visit struct {
	VisitID    int64 // 0 for a visit Generate proposes (the caller stores it and fills the id)
	LocationID int64
	Date       string // YYYY-MM-DD
	// Vehicle is 1…Vehicles; 0 means an ad-hoc visit without a vehicle,
	// which occupies no vehicle's slot.
	Vehicle int
}

// Holiday is a day off in Indonesia, on which no visit is made.
type Holiday struct {
	Date        string // YYYY-MM-DD
	Name        string // Indonesian name, e.g. "Hari Raya Idul Fitri 1447 H"
	Kind        string // KindNational or KindCollectiveLeave
	Provisional bool   // not yet from the official SKB 3 Menteri
}

// Holiday kinds.
const (
	KindNational        = "national"         // libur nasional
	KindCollectiveLeave = "collective_leave" // cuti bersama
)

// Options describe the month and the fleet. Zero values take the defaults.
type Options struct {
	Month         string            // "YYYY-MM", required
	Vehicles      int               // default 1
	PerDay        int               // visits per vehicle per day, default 1
	Holidays      map[string]string // date → name; no visit on these dates
	WorkDays      []time.Weekday    // default Monday…Friday
	DayMinutes    int               // minutes a vehicle may be out per day, default 480
	OnSiteMinutes int               // minutes at each location, default 90
	// SpeedKmh is the speed for the drive between two locations on one day,
	// over the straight-line distance × 1.4; default 30.
	SpeedKmh float64
}

// Defaults for the zero fields of Options, and for an unknown travel time.
const (
	defaultDayMinutes    = 480
	defaultOnSiteMinutes = 90
	defaultSpeedKmh      = 30
	defaultTravelMinutes = 60
)

// config is Options checked and with its defaults filled in.
type config struct {
	month      string    // "YYYY-MM"
	first      time.Time // the 1st of the month, UTC
	vehicles   int
	perDay     int
	dayMinutes float64
	onSite     float64
	speedKmh   float64
	holidays   map[string]string
	workDays   [7]bool
}

func (o Options) config() (config, error) {
	first, err := time.Parse("2006-01", o.Month)
	if err != nil || len(o.Month) != len("2006-01") {
		return config{}, fmt.Errorf("%w: %q, want YYYY-MM", ErrBadMonth, o.Month)
	}
	c := config{
		month:      o.Month,
		first:      first,
		vehicles:   orDefault(o.Vehicles, 1),
		perDay:     orDefault(o.PerDay, 1),
		dayMinutes: float64(orDefault(o.DayMinutes, defaultDayMinutes)),
		onSite:     float64(orDefault(o.OnSiteMinutes, defaultOnSiteMinutes)),
		speedKmh:   o.SpeedKmh,
		holidays:   o.Holidays,
	}
	if !(c.speedKmh > 0) || math.IsInf(c.speedKmh, 0) {
		c.speedKmh = defaultSpeedKmh
	}
	if len(o.WorkDays) == 0 {
		for d := time.Monday; d <= time.Friday; d++ {
			c.workDays[d] = true
		}
	}
	for _, d := range o.WorkDays {
		if d >= time.Sunday && d <= time.Saturday {
			c.workDays[d] = true
		}
	}
	return c, nil
}

func orDefault(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// day is one working day of the month.
type day struct {
	date string // YYYY-MM-DD
	dom  int    // day of the month
}

func (c config) workingDays() []day {
	var days []day
	for t := c.first; t.Month() == c.first.Month(); t = t.AddDate(0, 0, 1) {
		date := t.Format(time.DateOnly)
		if !c.workDays[t.Weekday()] {
			continue
		}
		if _, off := c.holidays[date]; off {
			continue
		}
		days = append(days, day{date: date, dom: t.Day()})
	}
	return days
}

// WorkingDays returns the dates of opts.Month a visit may take, in order:
// the work days of the week that are not holidays.
func WorkingDays(opts Options) ([]string, error) {
	c, err := opts.config()
	if err != nil {
		return nil, err
	}
	days := c.workingDays()
	dates := make([]string, len(days))
	for i, d := range days {
		dates[i] = d.date
	}
	return dates, nil
}

// CheckMove reports whether move may be stored as it is: its date in the
// month, on a working day that is not a holiday, with a vehicle in range that
// has fewer than PerDay other visits that day. The visit named by
// move.VisitID is left out of existing, so a visit may stay where it is.
// It cannot judge the day's drive: it knows no locations.
func CheckMove(existing []Visit, move Visit, opts Options) error {
	c, err := opts.config()
	if err != nil {
		return err
	}
	t, err := time.Parse(time.DateOnly, move.Date)
	if err != nil || t.Format("2006-01") != c.month {
		return fmt.Errorf("%w: %q is not a date in %s", ErrOutsideMonth, move.Date, c.month)
	}
	if !c.workDays[t.Weekday()] {
		return fmt.Errorf("%w: %s is a %s", ErrNotWorkDay, move.Date, t.Weekday())
	}
	if name, off := c.holidays[move.Date]; off {
		return fmt.Errorf("%w: %s is %s", ErrHoliday, move.Date, name)
	}
	if move.Vehicle < 1 || move.Vehicle > c.vehicles {
		return fmt.Errorf("%w: vehicle %d, there are %d", ErrBadVehicle, move.Vehicle, c.vehicles)
	}
	n := 0
	for _, v := range existing {
		if move.VisitID != 0 && v.VisitID == move.VisitID {
			continue
		}
		if v.Date == move.Date && v.Vehicle == move.Vehicle {
			n++
		}
	}
	if n >= c.perDay {
		return fmt.Errorf("%w: vehicle %d already has %d of %d visits on %s", ErrDoubleBooked, move.Vehicle, n, c.perDay, move.Date)
	}
	return nil
}
