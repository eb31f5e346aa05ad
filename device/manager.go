package device

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Manager opens the configured devices, reads each in a goroutine of its
// own, reopens a device that went away as soon as it comes back, and keeps
// each device's Status. It owns the devices: it opens and closes them.
//
// Delivery: the sink is called for every code, in the order the device sent
// it, from that device's goroutine; the device is not read while the sink
// runs. State changes are announced on Changes.
type Manager struct {
	specs []Spec
	sink  func(Scan)
	opts  options

	wake []chan struct{} // per device, capacity 1: "try to open now"

	mu     sync.Mutex
	status []Status
	last   []time.Time // last scan per device

	changes chan struct{}
	served  atomic.Bool
}

// An Option changes how a Manager works.
type Option func(*options)

type options struct {
	drivers    map[string]Opener
	minBackoff time.Duration
	maxBackoff time.Duration
	watch      bool
	watchDirs  []string
}

// WithDriver makes the manager open devices whose Spec.Driver is name with
// open, replacing a built-in driver of that name.
func WithDriver(name string, open Opener) Option {
	return func(o *options) { o.drivers[name] = open }
}

// WithBackoff sets the first and the longest wait between attempts to open
// a device that is absent or failed (default 100 ms and 1 s). On Linux a
// device that appears is opened at once whatever the backoff; on other
// systems the longest wait is how late a device that comes back is seen.
func WithBackoff(first, longest time.Duration) Option {
	return func(o *options) {
		o.minBackoff = max(first, time.Millisecond)
		o.maxBackoff = max(longest, o.minBackoff)
	}
}

// withWatch turns watching the file system off or on (tests that run in a
// synctest bubble must not have an inotify goroutine).
func withWatch(on bool) Option {
	return func(o *options) { o.watch = on }
}

// NewManager returns a manager for the given devices that hands each scan
// to sink. Device names must be unique and drivers known.
func NewManager(specs []Spec, sink func(Scan), opt ...Option) (*Manager, error) {
	o := options{
		drivers:    map[string]Opener{DriverSerial: OpenSerial, DriverHID: OpenHID},
		minBackoff: 100 * time.Millisecond,
		maxBackoff: time.Second,
		watch:      watchSupported,
		watchDirs:  systemWatchDirs,
	}
	for _, f := range opt {
		f(&o)
	}
	if sink == nil {
		sink = func(Scan) {}
	}
	m := &Manager{
		specs:   make([]Spec, len(specs)),
		sink:    sink,
		opts:    o,
		wake:    make([]chan struct{}, len(specs)),
		status:  make([]Status, len(specs)),
		last:    make([]time.Time, len(specs)),
		changes: make(chan struct{}, 1),
	}
	names := map[string]bool{}
	now := time.Now()
	for i, sp := range specs {
		if sp.Name == "" {
			sp.Name = sp.Path
		}
		if _, ok := o.drivers[sp.Driver]; !ok {
			return nil, fmt.Errorf("device: %s: unknown driver %q", sp.Name, sp.Driver)
		}
		if names[sp.Name] {
			return nil, fmt.Errorf("device: two devices are named %q", sp.Name)
		}
		names[sp.Name] = true
		m.specs[i] = sp
		m.wake[i] = make(chan struct{}, 1)
		m.status[i] = Status{Name: sp.Name, Driver: sp.Driver, Path: sp.Path, State: StateDisconnected, Since: now}
	}
	return m, nil
}

// Serve runs the devices until ctx is done, then closes them and returns
// nil once every goroutine it started has ended. It may be called once.
func (m *Manager) Serve(ctx context.Context) error {
	if !m.served.CompareAndSwap(false, true) {
		return errors.New("device: manager already served")
	}
	defer close(m.changes)
	var wg sync.WaitGroup
	if m.opts.watch && len(m.specs) > 0 {
		// Without a watcher (inotify limits reached, say) the backoff
		// alone brings devices back, within maxBackoff.
		if w, err := newWatcher(m.watchDirs(), m.wakeAll); err == nil {
			wg.Go(func() { w.serve(ctx) })
		}
	}
	for i := range m.specs {
		wg.Go(func() { m.supervise(ctx, i) })
	}
	wg.Wait()
	return nil
}

// Status returns the status of every configured device, in configuration
// order.
func (m *Manager) Status() []Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]Status, len(m.status))
	for i, st := range m.status {
		if !m.last[i].IsZero() {
			t := m.last[i]
			st.LastScan = &t
		}
		out[i] = st
	}
	return out
}

// Changes returns a channel that receives a value after the status of any
// device changed (state, counts, last scan). Notifications coalesce: one
// value may stand for many changes, so a receiver reads Status afresh each
// time. There is one channel for one receiver. It is closed when Serve
// returns.
func (m *Manager) Changes() <-chan struct{} { return m.changes }

// update applies f to device i's status and announces the change when f
// reports one.
func (m *Manager) update(i int, f func(st *Status) bool) {
	m.mu.Lock()
	changed := f(&m.status[i])
	m.mu.Unlock()
	if changed {
		select {
		case m.changes <- struct{}{}:
		default:
		}
	}
}

func (m *Manager) wakeAll() {
	for _, c := range m.wake {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}
