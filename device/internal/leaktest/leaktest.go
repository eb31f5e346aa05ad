// Package leaktest checks, for the device packages' tests, that a test left
// no goroutine of the device packages, fsnotify or the serial library
// running once its cleanups are done.
package leaktest

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// Check fails t if, once t's cleanups have run, such goroutines are still
// alive after five seconds. Tests that use it must not run in parallel, so
// that any such goroutine was started by the test that is ending.
func Check(t testing.TB) {
	t.Helper()
	t.Cleanup(func() {
		deadline := time.Now().Add(5 * time.Second)
		for {
			leaked := Goroutines()
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

// Goroutines returns the stacks of the live goroutines of the device
// packages, fsnotify and the serial library.
func Goroutines() []string {
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
