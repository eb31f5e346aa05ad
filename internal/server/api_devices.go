package server

import (
	"net/http"
	"sync"

	"anterkoper/device"
)

// deviceList holds the newest device states reported to the server.
type deviceList struct {
	mu   sync.Mutex
	list []device.Status
}

// SetDevices records the devices' states and pushes them to every
// WebSocket client.
func (s *Server) SetDevices(list []device.Status) {
	if list == nil {
		list = []device.Status{}
	}
	s.devices.mu.Lock()
	s.devices.list = list
	s.devices.mu.Unlock()
	s.hub.broadcast(devicesMsg(list))
}

func devicesMsg(list []device.Status) []byte {
	return mustJSON(map[string]any{"type": "devices", "devices": list})
}

func (s *Server) deviceStates() []device.Status {
	s.devices.mu.Lock()
	defer s.devices.mu.Unlock()
	if s.devices.list == nil {
		return []device.Status{}
	}
	return s.devices.list
}

func (s *Server) getDevices(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.deviceStates())
}
