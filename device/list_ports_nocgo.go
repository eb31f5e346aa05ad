//go:build darwin && !cgo

package device

import "go.bug.st/serial"

// serialPorts: the enumerator needs cgo (IOKit) on macOS; without it only
// the names of the ports are known.
func serialPorts() ([]portDetail, error) {
	names, err := serial.GetPortsList()
	out := make([]portDetail, 0, len(names))
	for _, n := range names {
		out = append(out, portDetail{Name: n})
	}
	return out, err
}
