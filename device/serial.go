package device

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"go.bug.st/serial"
)

// OpenSerial opens a "serial" device: the port at spec.Path with the
// spec's baud rate and framing. It does not touch the modem-control lines
// (they fail on a pty and scanners do not need them).
func OpenSerial(spec Spec) (Dev, error) {
	o, err := spec.SerialOptions()
	if err != nil {
		return nil, fmt.Errorf("serial: %s: %w", spec.Path, err)
	}
	mode := &serial.Mode{BaudRate: o.Baud, DataBits: o.DataBits, StopBits: serial.OneStopBit}
	if o.StopBits == 2 {
		mode.StopBits = serial.TwoStopBits
	}
	switch o.Parity {
	case "odd":
		mode.Parity = serial.OddParity
	case "even":
		mode.Parity = serial.EvenParity
	}
	port, err := serial.Open(spec.Path, mode)
	if err != nil {
		return nil, serialOpenError(spec.Path, err)
	}
	return &serialDev{port: port, framer: o.Framer()}, nil
}

// serialOpenError turns the errors of serial.Open into ones that errors.Is
// can tell apart (serial.PortError does not unwrap).
func serialOpenError(path string, err error) error {
	var pe *serial.PortError
	if errors.As(err, &pe) {
		switch pe.Code() {
		case serial.PermissionDenied:
			return fmt.Errorf("serial: open %s: %w", path, fs.ErrPermission)
		case serial.PortNotFound:
			return fmt.Errorf("serial: open %s: %w", path, fs.ErrNotExist)
		}
	}
	return fmt.Errorf("serial: open %s: %w", path, err)
}

// serialDev reads a line scanner. Read is not safe for concurrent use;
// Close may be called from any goroutine and wakes a blocked Read
// (go.bug.st/serial returns a *serial.PortError then).
type serialDev struct {
	port    serial.Port
	framer  *LineFramer
	buf     [512]byte
	pending []Frame
	at      time.Time // when the pending frames were read
	err     error     // the read error, reported after the pending frames
}

func (d *serialDev) Read() (Scan, error) {
	for len(d.pending) == 0 {
		if d.err != nil {
			return Scan{}, d.err
		}
		n, err := d.port.Read(d.buf[:])
		d.at = time.Now()
		d.pending = d.framer.Feed(d.buf[:n])
		if err != nil {
			var pe *serial.PortError
			if errors.As(err, &pe) && pe.Code() == serial.PortClosed {
				// Also what an unplugged USB device looks like on Linux.
				err = errors.New("port closed or device unplugged")
			}
			d.err = fmt.Errorf("serial: read: %w", err)
		}
	}
	f := d.pending[0]
	d.pending = d.pending[1:]
	if f.Err != nil {
		return Scan{}, f.Err
	}
	return Scan{Code: f.Code, Symbology: f.Symbology, Time: d.at}, nil
}

func (d *serialDev) Close() error { return d.port.Close() }
