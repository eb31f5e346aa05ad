//go:build linux || darwin

package uhf

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"anterkoper/device"
)

// Tests that start readers or managers call checkNoLeaks first, so that
// the check runs after the cleanups that stop them.

// fakeReader is a Simulator on a pseudo-terminal: the simulator serves the
// master, the driver opens the slave.
type fakeReader struct {
	sim           *Simulator
	master, slave *os.File
	unplug        func()
}

func startReader(t *testing.T, sim *Simulator) *fakeReader {
	t.Helper()
	master, slave, err := OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		sim.Serve(ctx, master) // fails when unplugged: that is the point
	}()
	r := &fakeReader{sim: sim, master: master, slave: slave}
	// unplug closes both ends, as pulling the USB plug does: the driver's
	// reads and writes fail and the node goes.
	r.unplug = sync.OnceFunc(func() {
		master.Close()
		slave.Close()
		cancel()
		<-done
	})
	t.Cleanup(r.unplug)
	return r
}

func (r *fakeReader) path() string { return r.slave.Name() }

// served is a device.Manager running the uhf drivers for one test. Its
// sink does what the server's does: a map lookup for a tag seen before,
// and a slow, durable commit for a new one.
type served struct {
	t *testing.T
	m *device.Manager

	mu     sync.Mutex
	seen   map[string]int // scans per EPC since the last reset
	order  []string       // EPCs in the order first seen
	bad    []device.Scan  // scans that were no EPC read
	change chan struct{}  // capacity 1: seen changed
}

func serve(t *testing.T, specs []device.Spec, opt ...device.Option) *served {
	t.Helper()
	s := &served{t: t, seen: map[string]int{}, change: make(chan struct{}, 1)}
	m, err := device.NewManager(specs, s.sink, append(Drivers(), opt...)...)
	if err != nil {
		t.Fatal(err)
	}
	s.m = m
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve = %v", err)
			}
		case <-time.After(waitLimit):
			t.Errorf("Serve did not return after its context was cancelled")
		}
	})
	return s
}

func (s *served) sink(sc device.Scan) {
	code := string(sc.Code)
	s.mu.Lock()
	n, known := s.seen[code]
	s.seen[code] = n + 1
	if !known {
		s.order = append(s.order, code)
	}
	if sc.Symbology != SymbologyEPC || sc.Time.IsZero() || sc.Device == "" {
		s.bad = append(s.bad, sc)
	}
	s.mu.Unlock()
	if !known {
		time.Sleep(time.Millisecond) // the durable commit of a new tag
	}
	select {
	case s.change <- struct{}{}:
	default:
	}
}

// reset forgets the tags seen so far.
func (s *served) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seen, s.order = map[string]int{}, nil
}

// distinct returns the EPCs seen since the last reset, in order.
func (s *served) distinct() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.bad) > 0 {
		s.t.Errorf("scans that are no EPC read: %+v", s.bad)
		s.bad = nil
	}
	return append([]string(nil), s.order...)
}

// waitTags waits until n distinct tags have been seen.
func (s *served) waitTags(n int) []string {
	s.t.Helper()
	deadline := time.After(waitLimit)
	for {
		if got := s.distinct(); len(got) >= n {
			return got
		}
		select {
		case <-s.change:
		case <-deadline:
			s.t.Fatalf("%d of %d tags seen within %v; status %+v", len(s.distinct()), n, waitLimit, s.m.Status())
		}
	}
}

func (s *served) status(name string) device.Status {
	for _, st := range s.m.Status() {
		if st.Name == name {
			return st
		}
	}
	s.t.Fatalf("no device %q", name)
	return device.Status{}
}

// waitFor waits until the status of device name satisfies cond.
func (s *served) waitFor(name, what string, cond func(device.Status) bool) device.Status {
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

func (s *served) waitState(name string, state device.State) device.Status {
	s.t.Helper()
	return s.waitFor(name, string(state), func(st device.Status) bool { return st.State == state })
}

func spec(t *testing.T, s string) device.Spec {
	t.Helper()
	sp, err := device.ParseSpec(s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}
