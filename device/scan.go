package device

import (
	"errors"
	"time"
)

// Scan is one code read from a device.
type Scan struct {
	// Code is what the scanner sent, without terminator, configured prefix
	// or AIM identifier. It is valid UTF-8 without control characters.
	Code []byte
	// Symbology is the AIM symbology identifier the scanner sent, such as
	// "]C0" (Code 128) or "]E0" (EAN-13), or "" when it sent none. The
	// RFID readers of package anterkoper/device/uhf set "rfid:epc"; Code
	// is then the tag's EPC in upper-case hexadecimal.
	Symbology string
	// Device is the name of the device that read the code.
	Device string
	// Time is when the code's terminator arrived.
	Time time.Time
}

// Dev is an open device, as a driver hands it to its user. Whoever opened it
// closes it.
type Dev interface {
	// Read blocks until the device has delivered a whole code and returns
	// it. Scan.Device is left for the caller to fill in.
	//
	// A *NoiseError means the device sent something that is not a code;
	// the device stays usable and the next Read goes on with the next
	// line. Any other error means the device is gone or closed.
	Read() (Scan, error)
	// Close releases the device; a Read blocked in another goroutine
	// returns with an error. Close may be called more than once.
	Close() error
}

// Opener opens the device a Spec describes. The built-in ones are
// [OpenSerial] and [OpenHID]. An Opener returns an error that matches
// fs.ErrNotExist when the device is absent, fs.ErrPermission when it may
// not be opened (yet), and ErrNotSupported when it never can be here.
type Opener func(Spec) (Dev, error)

// ErrNotSupported is returned when a driver cannot work on this system.
var ErrNotSupported = errors.New("not supported on this system")

// NoiseError reports bytes from a device that are not a code. The device
// stays usable.
type NoiseError struct {
	// Reason says what was wrong, for a person: "control byte 0x07",
	// "line longer than 256 bytes".
	Reason string
}

func (e *NoiseError) Error() string { return "device: rejected input: " + e.Reason }

// Frame is one unit a framer or decoder produced: either a code (with its
// AIM identifier when there was one) or, when Err is not nil, rejected noise.
type Frame struct {
	Code      []byte
	Symbology string
	Err       *NoiseError
}

// warner is implemented by a Dev that opened with a warning worth showing,
// such as an HID device that could not be grabbed.
type warner interface {
	Warning() string
}
