package device

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// fakeDev is a device whose reads the test scripts.
type fakeDev struct {
	reads     chan fakeRead
	closed    chan struct{}
	closeOnce sync.Once
}

type fakeRead struct {
	scan Scan
	err  error
}

func newFakeDev() *fakeDev {
	return &fakeDev{reads: make(chan fakeRead), closed: make(chan struct{})}
}

func (d *fakeDev) Read() (Scan, error) {
	select {
	case r := <-d.reads:
		return r.scan, r.err
	case <-d.closed:
		return Scan{}, errors.New("fake: closed")
	}
}

func (d *fakeDev) Close() error {
	d.closeOnce.Do(func() { close(d.closed) })
	return nil
}

// fakeDriver opens devices as its script says and notes when.
type fakeDriver struct {
	mu     sync.Mutex
	opens  []time.Time
	script func(n int) (Dev, error) // n counts from 0
}

func (f *fakeDriver) open(Spec) (Dev, error) {
	f.mu.Lock()
	n := len(f.opens)
	f.opens = append(f.opens, time.Now())
	f.mu.Unlock()
	return f.script(n)
}

func (f *fakeDriver) attempts() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.opens...)
}

var errAbsent = fmt.Errorf("fake: open: %w", fs.ErrNotExist)

// serveFake runs a manager for one "fake" device in the current synctest
// bubble and returns it with a function that stops it and waits.
func serveFake(t *testing.T, drv *fakeDriver, sink func(Scan), opt ...Option) (*Manager, func()) {
	t.Helper()
	opt = append([]Option{WithDriver("fake", drv.open), withWatch(false)}, opt...)
	m, err := NewManager([]Spec{{Driver: "fake", Path: "/dev/fake0", Name: "desk"}}, sink, opt...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- m.Serve(ctx) }()
	return m, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve = %v", err)
		}
	}
}

func TestManagerBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		drv := &fakeDriver{script: func(n int) (Dev, error) {
			if n < 8 {
				return nil, errAbsent
			}
			return newFakeDev(), nil
		}}
		m, stop := serveFake(t, drv, nil)
		defer stop()
		start := time.Now()
		time.Sleep(10 * time.Second)
		var gaps []time.Duration
		at := drv.attempts()
		for i := 1; i < len(at); i++ {
			gaps = append(gaps, at[i].Sub(at[i-1]))
		}
		want := "[100ms 200ms 400ms 800ms 1s 1s 1s 1s]"
		if fmt.Sprint(gaps) != want || !at[0].Equal(start) {
			t.Fatalf("open attempts after %v: gaps %v, want %s", at[0].Sub(start), gaps, want)
		}
		if st := m.Status()[0]; st.State != StateConnected || st.Errors != 0 {
			t.Fatalf("status = %+v", st)
		}
	})
}

func TestManagerScans(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		devs := []*fakeDev{newFakeDev(), newFakeDev()}
		drv := &fakeDriver{script: func(n int) (Dev, error) {
			if n < len(devs) {
				return devs[n], nil
			}
			return nil, errAbsent
		}}
		var got []Scan
		m, stop := serveFake(t, drv, func(s Scan) { got = append(got, s) })
		defer stop()
		changes := m.Changes()
		synctest.Wait()
		<-changes
		if st := m.Status()[0]; st.State != StateConnected || st.LastScan != nil || st.Since != time.Now() {
			t.Fatalf("after open: %+v", st)
		}

		t0 := time.Now()
		devs[0].reads <- fakeRead{scan: Scan{Code: []byte("B00001"), Symbology: "]C0", Time: t0}}
		devs[0].reads <- fakeRead{err: &NoiseError{Reason: "control byte 0x07 at byte 2"}}
		devs[0].reads <- fakeRead{scan: Scan{Code: []byte("B00002")}} // no time: the manager stamps it
		synctest.Wait()
		if len(got) != 2 || string(got[0].Code) != "B00001" || got[0].Symbology != "]C0" || got[0].Device != "desk" ||
			string(got[1].Code) != "B00002" || got[1].Time.IsZero() {
			t.Fatalf("sink got %+v", got)
		}
		st := m.Status()[0]
		if st.Scans != 2 || st.Errors != 1 || st.LastError != "control byte 0x07 at byte 2" || st.LastScan == nil || !st.LastScan.Equal(t0) {
			t.Fatalf("status = %+v", st)
		}
		select {
		case <-changes:
		default:
			t.Fatal("no change announced for the scans")
		}

		// Unplugged: disconnected with the reason, reopened after the backoff.
		devs[0].reads <- fakeRead{err: errors.New("fake: read: input/output error")}
		synctest.Wait()
		if st := m.Status()[0]; st.State != StateDisconnected || st.Error != "fake: read: input/output error" || st.Scans != 2 {
			t.Fatalf("after unplug: %+v", st)
		}
		time.Sleep(100 * time.Millisecond)
		synctest.Wait()
		if st := m.Status()[0]; st.State != StateConnected || st.Error != "" {
			t.Fatalf("after replug: %+v", st)
		}
		devs[1].reads <- fakeRead{scan: Scan{Code: []byte("B00003")}}
		synctest.Wait()
		if len(got) != 3 || m.Status()[0].Scans != 3 {
			t.Fatalf("after replug: sink got %d scans, status %+v", len(got), m.Status()[0])
		}
	})
}

func TestManagerOpenErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var denied atomic.Bool
		drv := &fakeDriver{script: func(int) (Dev, error) {
			if denied.Load() {
				return nil, fmt.Errorf("fake: open /dev/fake0: %w", fs.ErrPermission)
			}
			return nil, errAbsent
		}}
		m, stop := serveFake(t, drv, nil)
		defer stop()
		synctest.Wait()
		if st := m.Status()[0]; st.State != StateDisconnected || st.Error != errAbsent.Error() || st.Errors != 0 {
			t.Fatalf("absent: %+v", st)
		}

		// The node appears (a watcher event) but udev has not yet set its
		// permissions: retried quickly for a while, counted once.
		time.Sleep(5 * time.Second)
		denied.Store(true)
		m.wakeAll()
		woken := time.Now()
		time.Sleep(3 * time.Second)
		var quick int
		for _, at := range drv.attempts() {
			if d := at.Sub(woken); d >= 0 && d < permWindow {
				quick++
			}
		}
		if quick < int(permWindow/permRetry)-1 {
			t.Errorf("%d attempts in the %v after the node appeared, want about %d", quick, permWindow, permWindow/permRetry)
		}
		st := m.Status()[0]
		if st.State != StateError || !strings.Contains(st.Error, "permission denied") || st.Errors != 1 || st.LastError != st.Error {
			t.Fatalf("denied: %+v", st)
		}
	})
}

func TestManagerNotSupported(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		drv := &fakeDriver{script: func(int) (Dev, error) { return nil, fmt.Errorf("hid: %w", ErrNotSupported) }}
		m, stop := serveFake(t, drv, nil)
		defer stop()
		time.Sleep(time.Minute)
		if n := len(drv.attempts()); n != 1 {
			t.Errorf("%d open attempts, want 1: retrying cannot help", n)
		}
		if st := m.Status()[0]; st.State != StateError || st.Error != "hid: not supported on this system" {
			t.Fatalf("status = %+v", st)
		}
	})
}

func TestManagerStop(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		dev := newFakeDev()
		drv := &fakeDriver{script: func(int) (Dev, error) { return dev, nil }}
		m, stop := serveFake(t, drv, nil)
		synctest.Wait()
		if m.Status()[0].State != StateConnected {
			t.Fatalf("status = %+v", m.Status()[0])
		}
		stop()
		select {
		case <-dev.closed:
		default:
			t.Error("device not closed")
		}
		if st := m.Status()[0]; st.State != StateDisconnected || st.Error != errStopped.Error() {
			t.Errorf("after stop: %+v", st)
		}
		for range m.Changes() { // drains, then ends: closed by Serve
		}
		if err := m.Serve(t.Context()); err == nil {
			t.Error("second Serve did not fail")
		}
	})
}

func TestNewManagerErrors(t *testing.T) {
	if _, err := NewManager([]Spec{{Driver: "usb", Path: "/dev/x"}}, nil); err == nil || !strings.Contains(err.Error(), `unknown driver "usb"`) {
		t.Errorf("unknown driver: %v", err)
	}
	specs := []Spec{{Driver: "serial", Path: "/dev/ttyACM0"}, {Driver: "serial", Path: "/dev/ttyACM1", Name: "/dev/ttyACM0"}}
	if _, err := NewManager(specs, nil); err == nil || !strings.Contains(err.Error(), "two devices") {
		t.Errorf("duplicate names: %v", err)
	}
	m, err := NewManager(specs[:1], nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Status{Name: "/dev/ttyACM0", Driver: "serial", Path: "/dev/ttyACM0", State: StateDisconnected}
	if st := m.Status()[0]; st.Since.IsZero() || st.LastScan != nil {
		t.Errorf("initial status %+v", st)
	} else if st.Since = (time.Time{}); st != want {
		t.Errorf("initial status %+v, want %+v", st, want)
	}
}
