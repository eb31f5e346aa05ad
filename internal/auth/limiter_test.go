package auth

import (
	"fmt"
	"testing"
	"time"
)

func TestLimiterSlidingWindow(t *testing.T) {
	l := newLimiter(3, time.Minute, 100)
	t0 := time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)
	fail := func(at time.Time) {
		t.Helper()
		if _, ok := l.acquire("a", at); !ok {
			t.Fatalf("attempt at %v refused", at.Sub(t0))
		}
		l.release("a", at, true)
	}
	fail(t0)
	fail(t0.Add(10 * time.Second))
	fail(t0.Add(20 * time.Second))
	if wait, ok := l.acquire("a", t0.Add(30*time.Second)); ok || wait != 30*time.Second {
		t.Fatalf("4th attempt: ok %v, wait %v; want refused for 30s", ok, wait)
	}
	// The oldest failure leaves the window at t0+1m: one attempt is allowed.
	fail(t0.Add(time.Minute))
	if _, ok := l.acquire("a", t0.Add(time.Minute)); ok {
		t.Fatal("allowed again right after a fresh failure")
	}
	// A success does not clear the count.
	if _, ok := l.acquire("a", t0.Add(70*time.Second)); !ok {
		t.Fatal("refused after the second failure left the window")
	}
	l.release("a", t0.Add(70*time.Second), false)
	if _, ok := l.acquire("b", t0.Add(70*time.Second)); !ok {
		t.Fatal("another address refused")
	}
	l.release("b", t0.Add(70*time.Second), false)
	if n := len(l.addrs["a"].times); n != 2 {
		t.Fatalf("%d failures remembered, want 2", n)
	}
	if _, ok := l.addrs["b"]; ok {
		t.Fatal("an address without failures is remembered")
	}
	l.prune(t0.Add(3 * time.Minute))
	if len(l.addrs) != 0 {
		t.Fatalf("after the window: %d addresses remembered", len(l.addrs))
	}
}

func TestLimiterPendingCount(t *testing.T) {
	l := newLimiter(2, time.Minute, 100)
	now := time.Now()
	if _, ok := l.acquire("a", now); !ok {
		t.Fatal("1st refused")
	}
	if _, ok := l.acquire("a", now); !ok {
		t.Fatal("2nd refused")
	}
	if _, ok := l.acquire("a", now); ok {
		t.Fatal("3rd allowed while two are in flight")
	}
	l.release("a", now, false)
	if _, ok := l.acquire("a", now); !ok {
		t.Fatal("refused after one in flight succeeded")
	}
}

func TestLimiterBounded(t *testing.T) {
	l := newLimiter(2, time.Minute, 3)
	now := time.Now()
	for i := range 10 {
		k := fmt.Sprint("10.0.0.", i)
		at := now.Add(time.Duration(i) * time.Second)
		l.acquire(k, at)
		l.release(k, at, true)
		if len(l.addrs) > 3 {
			t.Fatalf("%d addresses remembered, want at most 3", len(l.addrs))
		}
	}
	// The newest addresses are kept.
	if _, ok := l.addrs["10.0.0.9"]; !ok {
		t.Fatalf("newest address evicted: %v", l.addrs)
	}
}

func TestAddrKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.168.1.20":                "192.168.1.20",
		"192.168.1.20:51234":          "192.168.1.20",
		"[::ffff:192.168.1.20]:51234": "192.168.1.20",
		"[2001:db8:1:2:aaaa::1]:443":  "2001:db8:1:2::/64",
		"2001:db8:1:2:bbbb::9":        "2001:db8:1:2::/64",
		"[fe80::1%wlan0]:80":          "fe80::/64",
		"pipe":                        "pipe",
		"":                            "",
	} {
		if got := addrKey(in); got != want {
			t.Errorf("addrKey(%q) = %q, want %q", in, got, want)
		}
	}
}
