package circulation

import (
	"context"
	"testing"
)

// Tally is a test helper that reads a visit's tally through a snapshot.
func (e *Engine) Tally(t *testing.T, visitID int64) Tally {
	t.Helper()
	s, err := e.Snapshot(context.Background(), visitID)
	if err != nil {
		t.Fatal(err)
	}
	return s.Tally
}
