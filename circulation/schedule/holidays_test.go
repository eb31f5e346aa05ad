package schedule

import (
	"testing"
	"time"
)

func TestSeed(t *testing.T) {
	hs := Seed()
	seen := make(map[string]bool)
	count := map[string]int{}
	prev := ""
	for _, h := range hs {
		if _, err := time.Parse(time.DateOnly, h.Date); err != nil {
			t.Errorf("%q: %v", h.Date, err)
		}
		if seen[h.Date] {
			t.Errorf("%s is listed twice", h.Date)
		}
		seen[h.Date] = true
		if h.Date <= prev {
			t.Errorf("%s comes after %s", h.Date, prev)
		}
		prev = h.Date
		if h.Name == "" {
			t.Errorf("%s has no name", h.Date)
		}
		if h.Kind != KindNational && h.Kind != KindCollectiveLeave {
			t.Errorf("%s has kind %q", h.Date, h.Kind)
		}
		year := h.Date[:4]
		count[year+" "+h.Kind]++
		if year == "2026" && h.Provisional {
			t.Errorf("%s is from the 2026 SKB, not provisional", h.Date)
		}
		if year == "2027" {
			fixed := map[string]bool{"01-01": true, "05-01": true, "06-01": true, "08-17": true, "12-25": true}[h.Date[5:]]
			if h.Provisional == fixed {
				t.Errorf("%s %s: provisional = %v", h.Date, h.Name, h.Provisional)
			}
		}
	}
	want := map[string]int{
		"2026 " + KindNational:        17,
		"2026 " + KindCollectiveLeave: 8,
		"2027 " + KindNational:        17,
	}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%s: %d days, want %d", k, count[k], n)
		}
	}
	if len(count) != len(want) {
		t.Errorf("years and kinds: %v", count)
	}
	// A new slice each time: a caller's edit does not leak.
	hs[0].Name = "changed"
	if Seed()[0].Name == "changed" {
		t.Error("Seed shares its slice")
	}
}
