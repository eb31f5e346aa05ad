//go:build !darwin || cgo

package device

import "go.bug.st/serial/enumerator"

// serialPorts asks the enumerator, which knows USB VID/PID and serial
// numbers (without probing the devices).
func serialPorts() ([]portDetail, error) {
	ports, err := enumerator.GetDetailedPortsList()
	out := make([]portDetail, 0, len(ports))
	for _, p := range ports {
		out = append(out, portDetail{Name: p.Name, USB: p.IsUSB, VID: p.VID, PID: p.PID, Serial: p.SerialNumber, Product: p.Product})
	}
	return out, err
}
