package server

import (
	"errors"
	"sync"

	"anterkoper/internal/store"
)

// storageHealth remembers whether the last write failed because of the
// disk, so every screen can show it until a write succeeds again.
type storageHealth struct {
	mu  sync.Mutex
	bad string // the problem, in words; "" when writes succeed
}

// storageMsg tells screens whether scans are being recorded.
type storageMsg struct {
	Type  string `json:"type"` // "storage"
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// noteWrite records the outcome of a write and, when the state changes,
// tells every screen.
func (s *Server) noteWrite(err error) {
	problem := ""
	switch {
	case err == nil:
	case errors.Is(err, store.ErrDiskFull):
		problem = "disk_full"
	case errors.Is(err, store.ErrReadOnly):
		problem = "read_only"
	default:
		return // not a storage problem
	}
	s.health.mu.Lock()
	changed := s.health.bad != problem
	s.health.bad = problem
	s.health.mu.Unlock()
	if changed {
		s.log.Warn("Storage state changed", "problem", problem)
		s.hub.broadcast(mustJSON(storageMsg{Type: "storage", OK: problem == "", Error: problem}))
	}
}

// storageState is the message a newly connected screen needs, or nil when
// all is well.
func (s *Server) storageState() []byte {
	s.health.mu.Lock()
	defer s.health.mu.Unlock()
	if s.health.bad == "" {
		return nil
	}
	return mustJSON(storageMsg{Type: "storage", OK: false, Error: s.health.bad})
}
