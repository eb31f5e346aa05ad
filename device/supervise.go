package device

import (
	"context"
	"errors"
	"io/fs"
	"time"
)

const (
	// permRetry is how often an open that failed with a permission error
	// is retried during permWindow after the node appeared: udev sets the
	// group and mode a moment after creating it.
	permRetry  = 50 * time.Millisecond
	permWindow = 2 * time.Second
	// stableAfter is how long a connection must last for the backoff to
	// start afresh; a device that drops at once backs off like a failing
	// open.
	stableAfter = time.Second
)

var errStopped = errors.New("device: manager stopped")

// supervise opens device i, reads it until it fails, and starts over with
// backoff until ctx is done.
func (m *Manager) supervise(ctx context.Context, i int) {
	spec := m.specs[i]
	open := m.opts.drivers[spec.Driver]
	backoff := m.opts.minBackoff
	var woken time.Time // when a file system event last woke this device
	for ctx.Err() == nil {
		dev, err := open(spec)
		if err != nil {
			m.openFailed(i, err)
			delay := backoff
			backoff = min(2*backoff, m.opts.maxBackoff)
			switch {
			case errors.Is(err, ErrNotSupported):
				delay = -1 // never: retrying cannot help
			case errors.Is(err, fs.ErrPermission) && time.Since(woken) < permWindow:
				delay = permRetry
			}
			if m.wait(ctx, i, delay) {
				woken = time.Now()
			}
			continue
		}
		start := time.Now()
		m.connected(i, dev)
		err = m.read(ctx, i, dev)
		m.disconnected(i, err)
		if time.Since(start) >= stableAfter {
			backoff = m.opts.minBackoff
		}
		delay := backoff
		backoff = min(2*backoff, m.opts.maxBackoff)
		if m.wait(ctx, i, delay) {
			woken = time.Now()
		}
	}
	m.disconnected(i, errStopped)
}

// wait waits for delay (forever when negative), a wake-up of device i, or
// the end of ctx. It reports whether it was woken.
func (m *Manager) wait(ctx context.Context, i int, delay time.Duration) bool {
	var timeout <-chan time.Time
	if delay >= 0 {
		t := time.NewTimer(delay)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
	case <-timeout:
	case <-m.wake[i]:
		return true
	}
	return false
}

// read hands the scans of dev to the sink until dev fails or ctx is done,
// and closes dev. Closing the device is what stops a blocked Read.
func (m *Manager) read(ctx context.Context, i int, dev Dev) error {
	stop := context.AfterFunc(ctx, func() { dev.Close() })
	defer func() {
		stop()
		dev.Close()
	}()
	name := m.specs[i].Name
	for {
		s, err := dev.Read()
		if err != nil {
			var noise *NoiseError
			if errors.As(err, &noise) {
				m.noise(i, noise)
				continue
			}
			if ctx.Err() != nil {
				return errStopped
			}
			return err
		}
		s.Device = name
		if s.Time.IsZero() {
			s.Time = time.Now()
		}
		m.update(i, func(st *Status) bool {
			st.Scans++
			m.last[i] = s.Time
			return true
		})
		m.sink(s)
	}
}

func (m *Manager) openFailed(i int, err error) {
	state := StateError
	if errors.Is(err, fs.ErrNotExist) {
		state = StateDisconnected
	}
	msg := err.Error()
	m.update(i, func(st *Status) bool {
		if st.State == state && st.Error == msg {
			return false
		}
		if state == StateError {
			st.Errors++
			st.LastError = msg
		}
		setState(st, state, msg)
		return true
	})
}

func (m *Manager) connected(i int, dev Dev) {
	var warning string
	if w, ok := dev.(warner); ok {
		warning = w.Warning()
	}
	m.update(i, func(st *Status) bool {
		setState(st, StateConnected, "")
		st.Warning = warning
		return true
	})
}

func (m *Manager) disconnected(i int, err error) {
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	m.update(i, func(st *Status) bool {
		if st.State == StateDisconnected && st.Error == msg {
			return false
		}
		setState(st, StateDisconnected, msg)
		st.Warning = ""
		return true
	})
}

func (m *Manager) noise(i int, err *NoiseError) {
	m.update(i, func(st *Status) bool {
		st.Errors++
		st.LastError = err.Reason
		return true
	})
}

func setState(st *Status, state State, reason string) {
	if st.State != state {
		st.Since = time.Now()
	}
	st.State, st.Error = state, reason
}
