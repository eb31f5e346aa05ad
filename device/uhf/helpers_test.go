package uhf

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// waitLimit is how long a test waits for something that should happen
// soon; generous, so that a loaded CI machine does not fail a test.
const waitLimit = 10 * time.Second

// checkNoLeaks fails the test if, once the test's cleanups have run,
// goroutines of the device packages or the serial library are still alive.
// Tests here do not run in parallel, so any such goroutine was started by
// the test that is ending.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for {
			leaked := leakedGoroutines()
			if len(leaked) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("%d goroutines leaked:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
				return
			}
			time.Sleep(10 * time.Millisecond) // polling for goroutines to finish exiting
		}
	})
}

func leakedGoroutines() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "testing.tRunner") || strings.Contains(g, "testing.(*T).Run") {
			continue
		}
		if strings.Contains(g, "anterkoper/device") || strings.Contains(g, "fsnotify") || strings.Contains(g, "go.bug.st/serial") {
			out = append(out, g)
		}
	}
	return out
}
