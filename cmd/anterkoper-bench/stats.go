package main

import (
	"fmt"
	"slices"
	"time"
)

// summary prints the median, p90, p99 and max of durations.
func summary(name string, ds []time.Duration) string {
	if len(ds) == 0 {
		return name + ": no samples"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	q := func(p float64) time.Duration { return s[min(len(s)-1, int(p*float64(len(s))))] }
	return fmt.Sprintf("%-44s n=%-6d p50=%-9s p90=%-9s p99=%-9s max=%s", name, len(s), round(q(0.5)), round(q(0.9)), round(q(0.99)), round(s[len(s)-1]))
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func round(d time.Duration) time.Duration {
	switch {
	case d > 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d > time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
