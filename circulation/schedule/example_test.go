package schedule_test

import (
	"errors"
	"fmt"

	"anterkoper/circulation/schedule"
)

func ExampleGenerate() {
	holidays := make(map[string]string)
	for _, h := range schedule.Seed() {
		holidays[h.Date] = h.Name
	}
	opts := schedule.Options{Month: "2026-12", Vehicles: 1, PerDay: 2, Holidays: holidays}
	locs := []schedule.Location{
		{ID: 1, Name: "SD Negeri Tugu 01", Lat: -6.985, Lon: 110.345, HasCoords: true, TravelMinutes: 35, PrevDate: "2026-11-09"},
		{ID: 2, Name: "SD Negeri Tugu 02", Lat: -6.990, Lon: 110.350, HasCoords: true, TravelMinutes: 40},
		{ID: 3, Name: "Panti Asuhan Ungaran", Lat: -7.140, Lon: 110.405, HasCoords: true, TravelMinutes: 55, PrevDate: "2026-11-24"},
		{ID: 4, Name: "TBM Karimunjawa", TravelMinutes: 300},
	}
	// The coordinator placed one visit by hand already.
	existing := []schedule.Visit{{VisitID: 71, LocationID: 3, Date: "2026-12-22", Vehicle: 1}}

	plan, err := schedule.Generate(locs, existing, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range plan.Visits {
		fmt.Printf("%s vehicle %d: location %d (visit %d)\n", v.Date, v.Vehicle, v.LocationID, v.VisitID)
	}
	for _, u := range plan.Unscheduled {
		fmt.Printf("left out: %s (%s)\n", u.Message, u.Reason)
	}

	// Moving the hand-placed visit to Christmas Day is refused.
	err = schedule.CheckMove(plan.Visits, schedule.Visit{VisitID: 71, LocationID: 3, Date: "2026-12-25", Vehicle: 1}, opts)
	fmt.Println(errors.Is(err, schedule.ErrHoliday), err)
	// Output:
	// 2026-12-09 vehicle 1: location 1 (visit 0)
	// 2026-12-09 vehicle 1: location 2 (visit 0)
	// 2026-12-22 vehicle 1: location 3 (visit 71)
	// left out: TBM Karimunjawa: 300 min one way does not fit a 480-min day (2 × 300 + 90 on site = 690 min) (travel_too_long)
	// true schedule: holiday: 2026-12-25 is Kelahiran Yesus Kristus
}
