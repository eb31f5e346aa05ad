package server

import (
	"net/http"
	"sync"
	"time"
)

// DeviceStatus is one input device as the API reports it.
type DeviceStatus struct {
	Name     string     `json:"name"`
	Driver   string     `json:"driver"`
	Path     string     `json:"path"`
	State    string     `json:"state"` // connected, disconnected or error
	Error    string     `json:"error,omitempty"`
	Scans    int64      `json:"scans"`
	Errors   int64      `json:"errors"`
	LastScan *time.Time `json:"last_scan"`
}

// deviceList holds the newest device states reported to the server.
type deviceList struct {
	mu   sync.Mutex
	list []DeviceStatus
}

// SetDevices records the devices' states and pushes them to every
// WebSocket client.
func (s *Server) SetDevices(list []DeviceStatus) {
	if list == nil {
		list = []DeviceStatus{}
	}
	s.devices.mu.Lock()
	s.devices.list = list
	s.devices.mu.Unlock()
	s.hub.setDevices(mustJSON(map[string]any{"type": "devices", "devices": list}))
}

func (s *Server) deviceStates() []DeviceStatus {
	s.devices.mu.Lock()
	defer s.devices.mu.Unlock()
	if s.devices.list == nil {
		return []DeviceStatus{}
	}
	return s.devices.list
}

func (s *Server) getDevices(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.deviceStates())
}
