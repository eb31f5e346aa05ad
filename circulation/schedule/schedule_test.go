package schedule

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// december is 2026-12 with its two days off from Seed: 24 (cuti bersama)
// and 25 (Natal).
func december(vehicles, perDay int) Options {
	return Options{Month: "2026-12", Vehicles: vehicles, PerDay: perDay, Holidays: holidayMap(Seed())}
}

func holidayMap(hs []Holiday) map[string]string {
	m := make(map[string]string, len(hs))
	for _, h := range hs {
		m[h.Date] = h.Name
	}
	return m
}

func TestWorkingDaysDecember2026(t *testing.T) {
	got, err := WorkingDays(december(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04",
		"2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11",
		"2026-12-14", "2026-12-15", "2026-12-16", "2026-12-17", "2026-12-18",
		"2026-12-21", "2026-12-22", "2026-12-23",
		"2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31",
	}
	if !slices.Equal(got, want) {
		t.Errorf("WorkingDays(2026-12) =\n%v\nwant\n%v", got, want)
	}
}

func TestWorkingDaysOptions(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want int
	}{
		{"weekdays, no holidays", Options{Month: "2026-12"}, 23},
		{"with Saturday", Options{Month: "2026-12", WorkDays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}}, 27},
		{"Saturdays only, one a holiday", Options{Month: "2026-12", WorkDays: []time.Weekday{time.Saturday}, Holidays: map[string]string{"2026-12-05": "x"}}, 3},
		{"February 2027", Options{Month: "2027-02", Holidays: holidayMap(Seed())}, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := WorkingDays(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("got %d working days %v, want %d", len(got), got, tt.want)
			}
			for _, d := range got {
				if !strings.HasPrefix(d, tt.opts.Month+"-") {
					t.Errorf("%s is not in %s", d, tt.opts.Month)
				}
				if _, off := tt.opts.Holidays[d]; off {
					t.Errorf("%s is a holiday", d)
				}
			}
		})
	}
}

func TestBadMonth(t *testing.T) {
	for _, month := range []string{"", "2026-13", "2026-1", "26-12", "2026-12-01", "Dec 2026"} {
		opts := Options{Month: month}
		if _, err := WorkingDays(opts); !errors.Is(err, ErrBadMonth) {
			t.Errorf("WorkingDays(%q) error = %v, want ErrBadMonth", month, err)
		}
		if _, err := Generate(nil, nil, opts); !errors.Is(err, ErrBadMonth) {
			t.Errorf("Generate(%q) error = %v, want ErrBadMonth", month, err)
		}
		if err := CheckMove(nil, Visit{Date: "2026-12-01", Vehicle: 1}, opts); !errors.Is(err, ErrBadMonth) {
			t.Errorf("CheckMove(%q) error = %v, want ErrBadMonth", month, err)
		}
	}
}

func TestCheckMove(t *testing.T) {
	existing := []Visit{
		{VisitID: 1, LocationID: 10, Date: "2026-12-07", Vehicle: 1},
		{VisitID: 2, LocationID: 11, Date: "2026-12-07", Vehicle: 2},
		{VisitID: 3, LocationID: 12, Date: "2026-12-08", Vehicle: 1},
		{VisitID: 4, LocationID: 13, Date: "2026-12-08", Vehicle: 0}, // ad hoc
		{VisitID: 5, LocationID: 15, Date: "2026-12-10", Vehicle: 1},
		{VisitID: 6, LocationID: 16, Date: "2026-12-10", Vehicle: 1},
	}
	tests := []struct {
		name   string
		move   Visit
		perDay int
		want   error
		says   string // in the message
	}{
		{"free day", Visit{VisitID: 3, LocationID: 12, Date: "2026-12-09", Vehicle: 1}, 1, nil, ""},
		{"stays where it is", Visit{VisitID: 1, LocationID: 10, Date: "2026-12-07", Vehicle: 1}, 1, nil, ""},
		{"beside an ad-hoc visit", Visit{VisitID: 1, LocationID: 10, Date: "2026-12-08", Vehicle: 2}, 1, nil, ""},
		{"room for a second", Visit{VisitID: 3, LocationID: 12, Date: "2026-12-07", Vehicle: 1}, 2, nil, ""},
		{"new visit, free day", Visit{LocationID: 14, Date: "2026-12-10", Vehicle: 2}, 1, nil, ""},
		{"double-booked", Visit{VisitID: 3, LocationID: 12, Date: "2026-12-07", Vehicle: 2}, 1, ErrDoubleBooked, "vehicle 2 already has 1 of 1 visits on 2026-12-07"},
		{"double-booked, new visit", Visit{LocationID: 14, Date: "2026-12-08", Vehicle: 1}, 1, ErrDoubleBooked, "2026-12-08"},
		{"full at two a day", Visit{LocationID: 14, Date: "2026-12-10", Vehicle: 1}, 2, ErrDoubleBooked, "vehicle 1 already has 2 of 2 visits on 2026-12-10"},
		{"next month", Visit{VisitID: 1, Date: "2027-01-04", Vehicle: 1}, 1, ErrOutsideMonth, "2027-01-04"},
		{"last month", Visit{VisitID: 1, Date: "2026-11-30", Vehicle: 1}, 1, ErrOutsideMonth, "2026-11-30"},
		{"not a date", Visit{VisitID: 1, Date: "2026-12-32", Vehicle: 1}, 1, ErrOutsideMonth, "2026-12-32"},
		{"Saturday", Visit{VisitID: 1, Date: "2026-12-05", Vehicle: 1}, 1, ErrNotWorkDay, "Saturday"},
		{"Sunday", Visit{VisitID: 1, Date: "2026-12-27", Vehicle: 1}, 1, ErrNotWorkDay, "Sunday"},
		{"Christmas", Visit{VisitID: 1, Date: "2026-12-25", Vehicle: 1}, 1, ErrHoliday, "2026-12-25 is Kelahiran Yesus Kristus"},
		{"cuti bersama", Visit{VisitID: 1, Date: "2026-12-24", Vehicle: 1}, 1, ErrHoliday, "Cuti Bersama"},
		{"vehicle 0", Visit{VisitID: 1, Date: "2026-12-09", Vehicle: 0}, 1, ErrBadVehicle, "vehicle 0"},
		{"vehicle 3 of 2", Visit{VisitID: 1, Date: "2026-12-09", Vehicle: 3}, 1, ErrBadVehicle, "vehicle 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckMove(existing, tt.move, december(2, tt.perDay))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("CheckMove = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("CheckMove = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("message %q does not say %q", err, tt.says)
			}
		})
	}
}
