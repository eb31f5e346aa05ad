package device

import "time"

// State is a device's connection state.
type State string

const (
	// StateConnected: the device is open and being read.
	StateConnected State = "connected"
	// StateDisconnected: the device is not there (not plugged in, unplugged,
	// or the manager stopped); it is reopened as soon as it comes back.
	StateDisconnected State = "disconnected"
	// StateError: the device is there but cannot be used (permission
	// denied, not a serial port, grabbed by another program, not supported
	// here); opening it is retried.
	StateError State = "error"
)

// Status is what the manager knows of one configured device, in the shape
// the server sends as JSON.
type Status struct {
	Name   string `json:"name"`
	Driver string `json:"driver"`
	Path   string `json:"path"`
	State  State  `json:"state"`
	// Error says why the device is disconnected or in error; empty while
	// connected.
	Error string `json:"error,omitempty"`
	// Warning is something worth knowing about a connected device, such as
	// an HID device that could not be grabbed for exclusive use.
	Warning string `json:"warning,omitempty"`
	// Scans counts the codes read. A code is counted before the sink is
	// called with it, so a sink that looks at Status sees it counted.
	Scans uint64 `json:"scans"`
	// Errors counts rejected input (noise) and the times the device went
	// into the error state.
	Errors uint64 `json:"errors"`
	// LastScan is when the last code was read, nil before the first.
	LastScan *time.Time `json:"last_scan"`
	// LastError describes the latest of what Errors counts.
	LastError string `json:"last_error,omitempty"`
	// Since is when the device entered its current state.
	Since time.Time `json:"since"`
}
