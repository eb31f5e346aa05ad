package uhf

import (
	"testing"
	"time"

	"anterkoper/device/internal/leaktest"
)

// waitLimit is how long a test waits for something that should happen
// soon; generous, so that a loaded CI machine does not fail a test.
const waitLimit = 10 * time.Second

// checkNoLeaks fails the test if goroutines it started outlive it.
func checkNoLeaks(t *testing.T) { leaktest.Check(t) }
