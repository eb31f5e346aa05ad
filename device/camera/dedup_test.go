package camera

import (
	"slices"
	"testing"
	"time"
)

func TestDedup(t *testing.T) {
	a, b := Code{"A", "]Q1"}, Code{"B", "]C0"}
	t0 := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	type step struct {
		at   time.Time
		view []Code
		want []Code
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"in view for many frames is one scan", []step{
			{ms(0), []Code{a}, []Code{a}},
			{ms(100), []Code{a}, nil},
			{ms(200), []Code{a}, nil},
			{ms(2150), []Code{a}, nil},
			{ms(4100), []Code{a}, nil},
			{ms(6000), []Code{a}, nil},
		}},
		{"gone for less than rescan, back: no new scan", []step{
			{ms(0), []Code{a}, []Code{a}},
			{ms(100), nil, nil},
			{ms(1500), nil, nil},
			{ms(2000), []Code{a}, nil},
		}},
		{"gone for more than rescan, back: new scan", []step{
			{ms(0), []Code{a}, []Code{a}},
			{ms(100), nil, nil},
			{ms(2101), []Code{a}, []Code{a}},
			{ms(2200), []Code{a}, nil},
		}},
		{"two codes at once", []step{
			{ms(0), []Code{a, b}, []Code{a, b}},
			{ms(100), []Code{b, a}, nil},
			{ms(200), []Code{b}, nil},
			{ms(2150), []Code{a, b}, []Code{a}}, // a gone 2.05s, b 1.95s
			{ms(2200), nil, nil},
		}},
		{"one code twice in a frame", []step{
			{ms(0), []Code{a, a}, []Code{a}},
		}},
		{"same text, other symbology", []step{
			{ms(0), []Code{a}, []Code{a}},
			{ms(10), []Code{{"A", "]C0"}}, []Code{{"A", "]C0"}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Dedup{Rescan: 2 * time.Second}
			for i, s := range tt.steps {
				if got := d.Seen(s.view, s.at); !slices.Equal(got, s.want) {
					t.Errorf("step %d (%v): Seen(%v) = %v, want %v", i, s.at.Sub(t0), s.view, got, s.want)
				}
			}
		})
	}
}

func TestDedupForgets(t *testing.T) {
	d := Dedup{Rescan: time.Second}
	t0 := time.Now()
	for i := range 100 {
		d.Seen([]Code{{Text: string(rune('a' + i%26))}}, t0.Add(time.Duration(i)*time.Second))
	}
	if len(d.last) > 2 {
		t.Errorf("remembers %d codes, want at most 2", len(d.last))
	}
}

func TestDedupZeroReportsEverySighting(t *testing.T) {
	var d Dedup
	t0 := time.Now()
	for i := range 3 {
		if got := d.Seen([]Code{{Text: "A"}}, t0.Add(time.Duration(i))); len(got) != 1 {
			t.Errorf("frame %d: %v, want A", i, got)
		}
	}
}
