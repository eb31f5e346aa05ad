//go:build linux

package device

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// evIOCGrab is EVIOCGRAB, _IOW('E', 0x90, int): 0x40044590 on most
// architectures. x/sys has no EVIOCGRAB, so the direction and size bits are
// taken from TIOCSPTLCK, which is _IOW('T', 0x31, int) and therefore has
// the same ones on every architecture (0x8004… on mips and powerpc).
const evIOCGrab = unix.TIOCSPTLCK&^0xffff | 'E'<<8 | 0x90

// eventSize is the size of struct input_event for this build: a timeval of
// two longs, then type, code and value.
const eventSize = int(unsafe.Sizeof(unix.Timeval{})) + 8

// OpenHID opens an "hid" device: an evdev node such as /dev/input/event3 or
// a /dev/input/by-id/…-event-kbd link, grabbed for exclusive use so that
// the scanner's keystrokes reach no other program.
//
// Any file that delivers input_event records can be read, a FIFO in tests
// for instance; for such a file the grab fails with ENOTTY or EINVAL, which
// is not an error: the device opens with a warning (see Status.Warning).
// A grab that fails because another program holds one (EBUSY) is an error.
func OpenHID(spec Spec) (Dev, error) {
	o, err := spec.HIDOptions()
	if err != nil {
		return nil, fmt.Errorf("hid: %s: %w", spec.Path, err)
	}
	// O_NONBLOCK keeps the open of a FIFO without writer from blocking;
	// reads still wait, in the runtime's poller, and Close wakes them.
	f, err := os.OpenFile(spec.Path, os.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("hid: %w", err)
	}
	d := &hidDev{f: f, dec: o.Decoder(eventSize)}
	d.dec.ByteOrder = binary.NativeEndian
	rc, err := f.SyscallConn()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("hid: %s: %w", spec.Path, err)
	}
	var grabErr error
	// Control, not f.Fd(): Fd would put the file back into blocking mode
	// and Close could no longer wake a Read.
	if err := rc.Control(func(fd uintptr) { grabErr = unix.IoctlSetInt(int(fd), evIOCGrab, 1) }); err != nil {
		grabErr = err
	}
	switch {
	case grabErr == nil:
	case errors.Is(grabErr, unix.ENOTTY), errors.Is(grabErr, unix.EINVAL):
		d.warning = fmt.Sprintf("hid: %s is not an evdev device, reading it without exclusive grab (%v)", spec.Path, grabErr)
	case errors.Is(grabErr, unix.EBUSY):
		f.Close()
		return nil, fmt.Errorf("hid: grab %s: another program holds the device: %w", spec.Path, grabErr)
	default:
		f.Close()
		return nil, fmt.Errorf("hid: grab %s: %w", spec.Path, grabErr)
	}
	return d, nil
}

// hidDev reads a keyboard-wedge scanner. Read is not safe for concurrent
// use; Close may be called from any goroutine and wakes a blocked Read.
// Closing the file also releases the grab.
type hidDev struct {
	f       *os.File
	dec     *HIDDecoder
	warning string

	buf     [64 * EventSize64]byte
	pending []Frame
	at      time.Time
	err     error

	closeOnce sync.Once
	closeErr  error
}

func (d *hidDev) Read() (Scan, error) {
	for len(d.pending) == 0 {
		if d.err != nil {
			return Scan{}, d.err
		}
		n, err := d.f.Read(d.buf[:])
		d.at = time.Now()
		d.pending = d.dec.Feed(d.buf[:n])
		if err != nil {
			// io.EOF: the writer of a FIFO went away; ENODEV: unplugged.
			d.err = fmt.Errorf("hid: read: %w", err)
		}
	}
	f := d.pending[0]
	d.pending = d.pending[1:]
	if f.Err != nil {
		return Scan{}, f.Err
	}
	return Scan{Code: f.Code, Symbology: f.Symbology, Time: d.at}, nil
}

func (d *hidDev) Close() error {
	d.closeOnce.Do(func() { d.closeErr = d.f.Close() })
	return d.closeErr
}

func (d *hidDev) Warning() string { return d.warning }
