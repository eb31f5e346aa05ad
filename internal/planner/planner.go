// Package planner runs the coordinator's monthly schedule against the
// database: it gathers the active locations, last month's visits and the
// holidays, lets circulation/schedule place the visits, and stores them.
// The server's coordinator page and `anterkoper schedule` share it.
package planner

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"anterkoper/circulation"
	"anterkoper/circulation/schedule"
	"anterkoper/internal/export"
	"anterkoper/internal/store"
)

// Settings keys for the fleet, remembered from the last generation.
const (
	keyVehicles = "schedule.vehicles"
	keyPerDay   = "schedule.per_day"
)

// Fleet is how many vehicles go out and how many visits each makes a day.
type Fleet struct {
	Vehicles int `json:"vehicles"`
	PerDay   int `json:"per_day"`
}

// SeedHolidays stores Indonesia's official holiday list the first time a
// database is used (see store.SeedHolidays).
func SeedHolidays(ctx context.Context, db *store.DB) error {
	seed := schedule.Seed()
	hs := make([]store.Holiday, len(seed))
	for i, h := range seed {
		hs[i] = store.Holiday{Date: h.Date, Name: h.Name, Kind: h.Kind, Provisional: h.Provisional}
	}
	return db.SeedHolidays(ctx, hs)
}

// CurrentFleet returns the fleet stored by the last generation, or one
// vehicle making one visit a day.
func CurrentFleet(ctx context.Context, db *store.DB) (Fleet, error) {
	f := Fleet{Vehicles: 1, PerDay: 1}
	for key, dst := range map[string]*int{keyVehicles: &f.Vehicles, keyPerDay: &f.PerDay} {
		v, err := db.Setting(ctx, key)
		if err != nil {
			return f, err
		}
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			*dst = n
		}
	}
	return f, nil
}

// ErrBadFleet is returned for a fleet outside 1…20 vehicles or 1…4 visits
// a day.
var ErrBadFleet = errors.New("planner: vehicles must be 1…20 and visits per vehicle per day 1…4")

func (f Fleet) check() error {
	if f.Vehicles < 1 || f.Vehicles > 20 || f.PerDay < 1 || f.PerDay > 4 {
		return ErrBadFleet
	}
	return nil
}

// options are the schedule options for month with the stored holidays.
func options(ctx context.Context, db *store.DB, month string, f Fleet) (schedule.Options, error) {
	start, err := time.Parse("2006-01", month)
	if err != nil {
		return schedule.Options{}, fmt.Errorf("%w: %q (want YYYY-MM)", schedule.ErrBadMonth, month)
	}
	end := start.AddDate(0, 1, -1)
	hs, err := db.Holidays(ctx, start.Format(time.DateOnly), end.Format(time.DateOnly))
	if err != nil {
		return schedule.Options{}, err
	}
	holidays := make(map[string]string, len(hs))
	for _, h := range hs {
		holidays[h.Date] = h.Name
	}
	return schedule.Options{Month: month, Vehicles: f.Vehicles, PerDay: f.PerDay, Holidays: holidays}, nil
}

// Visit is one visit of a month's schedule.
type Visit struct {
	Date         string `json:"date"`
	Vehicle      int    `json:"vehicle"`
	LocationID   int64  `json:"location_id"`
	VisitID      int64  `json:"visit_id"`
	LocationName string `json:"location_name"`
	New          bool   `json:"new"` // made by this generation
}

// Unscheduled is an active location the month has no room for.
type Unscheduled struct {
	LocationID   int64  `json:"location_id"`
	LocationName string `json:"location_name"`
	Reason       string `json:"reason"`  // travel_too_long, no_free_day, no_work_days
	Message      string `json:"message"` // in English, with the figures
}

// Result is a month's schedule after a generation.
type Result struct {
	Month       string        `json:"month"`
	Fleet       Fleet         `json:"fleet"`
	Visits      []Visit       `json:"visits"`
	Unscheduled []Unscheduled `json:"unscheduled"`
}

// Generate places every active location without a visit in month, stores
// the new visits and returns the month's whole schedule. Generating again
// adds nothing: locations already visited that month keep their visit.
// The fleet is remembered for the next time.
func Generate(ctx context.Context, db *store.DB, month string, f Fleet, a store.Actor) (Result, error) {
	if err := f.check(); err != nil {
		return Result{}, err
	}
	opts, err := options(ctx, db, month, f)
	if err != nil {
		return Result{}, err
	}
	locs, err := db.Locations(ctx)
	if err != nil {
		return Result{}, err
	}
	start, _ := time.Parse("2006-01", month)
	prev, err := db.VisitsInMonth(ctx, start.AddDate(0, -1, 0).Format("2006-01"))
	if err != nil {
		return Result{}, err
	}
	prevDate := map[int64]string{}
	for _, v := range prev {
		if v.Date > prevDate[v.LocationID] {
			prevDate[v.LocationID] = v.Date
		}
	}
	existing, err := db.VisitsInMonth(ctx, month)
	if err != nil {
		return Result{}, err
	}
	names := map[int64]string{}
	var active []schedule.Location
	for _, l := range locs {
		names[l.ID] = l.Name
		if l.Status != circulation.StatusActive {
			continue
		}
		sl := schedule.Location{ID: l.ID, Name: l.Name, TravelMinutes: l.TravelMinutes, PrevDate: prevDate[l.ID]}
		if l.Lat != nil && l.Lon != nil {
			sl.Lat, sl.Lon, sl.HasCoords = *l.Lat, *l.Lon, true
		}
		active = append(active, sl)
	}
	ex := make([]schedule.Visit, len(existing))
	for i, v := range existing {
		ex[i] = schedule.Visit{VisitID: v.ID, LocationID: v.LocationID, Date: v.Date, Vehicle: v.Vehicle}
	}
	plan, err := schedule.Generate(active, ex, opts)
	if err != nil {
		return Result{}, err
	}
	var fresh []circulation.Visit
	for _, v := range plan.Visits {
		if v.VisitID == 0 {
			fresh = append(fresh, circulation.Visit{LocationID: v.LocationID, Date: v.Date, Vehicle: v.Vehicle, Scheduled: true})
		}
	}
	ids, err := db.AddScheduledVisits(ctx, fresh, month, a)
	if err != nil {
		return Result{}, err
	}
	for _, key := range []struct {
		k string
		v int
	}{{keyVehicles, f.Vehicles}, {keyPerDay, f.PerDay}} {
		if err := db.SetSetting(ctx, key.k, strconv.Itoa(key.v)); err != nil {
			return Result{}, err
		}
	}
	out := Result{Month: month, Fleet: f, Visits: []Visit{}, Unscheduled: []Unscheduled{}}
	next := 0
	for _, v := range plan.Visits {
		pv := Visit{Date: v.Date, Vehicle: v.Vehicle, LocationID: v.LocationID, VisitID: v.VisitID, LocationName: names[v.LocationID]}
		if pv.VisitID == 0 {
			pv.VisitID, pv.New = ids[next], true
			next++
		}
		out.Visits = append(out.Visits, pv)
	}
	for _, u := range plan.Unscheduled {
		out.Unscheduled = append(out.Unscheduled, Unscheduled{LocationID: u.LocationID, LocationName: names[u.LocationID],
			Reason: u.Reason, Message: u.Message})
	}
	return out, nil
}

// Move gives a visit another date and vehicle by hand, refusing a date
// outside the visit's month, a weekend or holiday, and a vehicle that is
// already fully booked that day (errors from circulation/schedule).
func Move(ctx context.Context, db *store.DB, visitID int64, date string, vehicle int, a store.Actor) error {
	v, err := db.Visit(ctx, visitID)
	if err != nil {
		return err
	}
	if len(date) < 7 {
		return fmt.Errorf("%w: date %q", schedule.ErrOutsideMonth, date)
	}
	month := date[:7]
	if v.Date[:7] != month {
		return fmt.Errorf("%w: the visit is in %s; make a new visit for another month", schedule.ErrOutsideMonth, v.Date[:7])
	}
	f, err := CurrentFleet(ctx, db)
	if err != nil {
		return err
	}
	opts, err := options(ctx, db, month, f)
	if err != nil {
		return err
	}
	existing, err := db.VisitsInMonth(ctx, month)
	if err != nil {
		return err
	}
	ex := make([]schedule.Visit, 0, len(existing))
	for _, e := range existing {
		if e.ID != visitID {
			ex = append(ex, schedule.Visit{VisitID: e.ID, LocationID: e.LocationID, Date: e.Date, Vehicle: e.Vehicle})
		}
	}
	if err := schedule.CheckMove(ex, schedule.Visit{VisitID: visitID, LocationID: v.LocationID, Date: date, Vehicle: vehicle}, opts); err != nil {
		return err
	}
	return db.MoveVisit(ctx, visitID, date, vehicle, a)
}

// Rows returns the month's visits as rows for the schedule exports.
func Rows(ctx context.Context, db *store.DB, month string) ([]export.ScheduleRow, error) {
	vs, err := db.VisitsInMonth(ctx, month)
	if err != nil {
		return nil, err
	}
	locs := map[int64]circulation.Location{}
	rows := make([]export.ScheduleRow, 0, len(vs))
	for _, v := range vs {
		l, ok := locs[v.LocationID]
		if !ok {
			if l, err = db.Location(ctx, v.LocationID); err != nil {
				return nil, err
			}
			locs[v.LocationID] = l
		}
		row := export.ScheduleRow{VisitID: v.ID, Date: v.Date, Vehicle: v.Vehicle, LocationID: l.ID, LocationName: l.Name,
			Kind: l.Kind, Level: l.Level, Address: l.Address, ContactName: l.Contact, ContactPhone: l.Phone,
			TravelMinutes: l.TravelMinutes}
		if l.Lat != nil && l.Lon != nil {
			row.Lat, row.Lon, row.HasCoords = *l.Lat, *l.Lon, true
		}
		rows = append(rows, row)
	}
	return rows, nil
}
