// Package schedule plans the month of the mobile library: every active
// location is visited once a month (SOP step 3b, "pembuatan jadwal"), on a
// working day, by one of the vehicles.
//
// Generate proposes the visits of a month around the visits already stored
// for it; CheckMove judges a coordinator's manual move of one visit;
// WorkingDays lists the dates a visit may take; Seed is Indonesia's list of
// national holidays and collective leave (cuti bersama) to fill the holiday
// table with.
//
// What Generate guarantees:
//   - It is deterministic: the same locations, visits and options give the
//     same plan, whatever the order of the slices or of the Holidays map.
//   - It never moves, drops or edits a visit it is given. A location that
//     already has a visit in the month, with a vehicle or without one, is
//     not placed again, so generating a second time with the first plan's
//     visits stored adds nothing.
//   - It places each location at most once, and only on a working day, only
//     where the vehicle has fewer than PerDay visits that day and only where
//     the day's drive plus the time on site fits in DayMinutes.
//   - Every location it does not place is listed in Plan.Unscheduled with a
//     stable reason code; no location is both placed and listed.
//
// Drive times between two locations are estimated from the straight-line
// distance (× 1.4 for the road, at SpeedKmh); the drive from the library is
// the location's own TravelMinutes. The package knows nothing about roads,
// SQL or HTTP.
package schedule
