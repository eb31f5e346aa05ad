package device

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// waitLimit is how long a test waits for something that should happen at
// once; generous, so that a loaded CI machine does not fail a test.
const waitLimit = 5 * time.Second

// served is a Manager running on real devices for one test.
type served struct {
	t     *testing.T
	m     *Manager
	scans chan Scan
	stop  func()
}

// serve starts a manager for specs; the test's cleanup stops it, waits for
// Serve to return and checks that no goroutine was left behind.
func serve(t *testing.T, specs []Spec, opt ...Option) *served {
	t.Helper()
	checkNoLeaks(t)
	s := &served{t: t, scans: make(chan Scan, 4096)}
	m, err := NewManager(specs, func(sc Scan) { s.scans <- sc }, opt...)
	if err != nil {
		t.Fatal(err)
	}
	s.m = m
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx) }()
	s.stop = sync.OnceFunc(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve = %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("Serve did not return after its context was cancelled")
		}
	})
	t.Cleanup(s.stop)
	return s
}

func (s *served) status(name string) Status {
	for _, st := range s.m.Status() {
		if st.Name == name {
			return st
		}
	}
	s.t.Fatalf("no device %q", name)
	return Status{}
}

// waitFor waits until the status of device name satisfies cond.
func (s *served) waitFor(name, what string, cond func(Status) bool) Status {
	s.t.Helper()
	deadline := time.After(waitLimit)
	for {
		st := s.status(name)
		if cond(st) {
			return st
		}
		select {
		case _, ok := <-s.m.Changes():
			if !ok {
				s.t.Fatalf("%s: manager stopped while waiting for %s", name, what)
			}
		case <-deadline:
			s.t.Fatalf("%s: not %s within %v; status %+v", name, what, waitLimit, st)
		}
	}
}

func (s *served) waitState(name string, state State) Status {
	s.t.Helper()
	return s.waitFor(name, string(state), func(st Status) bool { return st.State == state })
}

// receive waits for n scans and returns them rendered as "device sym|code".
func (s *served) receive(n int) []string {
	s.t.Helper()
	var got []string
	deadline := time.After(waitLimit + time.Duration(n)*time.Millisecond)
	for len(got) < n {
		select {
		case sc := <-s.scans:
			if sc.Time.IsZero() {
				s.t.Errorf("scan %q without time", sc.Code)
			}
			code := string(sc.Code)
			if sc.Symbology != "" {
				code = sc.Symbology + "|" + code
			}
			got = append(got, sc.Device+" "+code)
		case <-deadline:
			s.t.Fatalf("received %d of %d scans: %q", len(got), n, got)
		}
	}
	return got
}

// noMoreScans checks that nothing else was delivered, after a last scan
// that is known to be the end.
func (s *served) noMoreScans() {
	s.t.Helper()
	select {
	case sc := <-s.scans:
		s.t.Errorf("unexpected scan %+v", sc)
	default:
	}
}

func expect(t *testing.T, got, want []string) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}
