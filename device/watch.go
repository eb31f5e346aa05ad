package device

import (
	"context"
	"os"
	"path/filepath"
	"runtime"

	"github.com/fsnotify/fsnotify"
)

// watchSupported: the manager watches the file system on Linux only. On
// macOS fsnotify's kqueue backend opens every file of a watched directory,
// which must not happen to the tty nodes in /dev; on Windows ports are not
// files. There the backoff (at most one second by default) finds a device
// that comes back.
var watchSupported = runtime.GOOS == "linux"

// systemWatchDirs are where device nodes and their stable names appear.
var systemWatchDirs = []string{"/dev", "/dev/pts", "/dev/serial/by-id", "/dev/input/by-id"}

func (m *Manager) watchDirs() []string {
	dirs := append([]string(nil), m.opts.watchDirs...)
	for _, sp := range m.specs {
		if p, err := filepath.Abs(sp.Path); err == nil {
			dirs = append(dirs, filepath.Dir(p))
		}
	}
	return dirs
}

// watcher wakes the devices when something appears in (or changes mode in)
// a directory where device nodes live. A directory that does not exist yet
// is stood in for by its nearest existing ancestor, and watched itself once
// it appears.
type watcher struct {
	fw    *fsnotify.Watcher
	want  []string
	added map[string]bool
	wake  func()
}

func newWatcher(dirs []string, wake func()) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{fw: fw, want: dirs, added: map[string]bool{}, wake: wake}
	w.refresh()
	return w, nil
}

func (w *watcher) serve(ctx context.Context) {
	defer w.fw.Close()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			w.handle(ev)
		case _, ok := <-w.fw.Errors:
			// An overflow loses events; the backoff covers for them.
			if !ok {
				return
			}
		}
	}
}

func (w *watcher) handle(ev fsnotify.Event) {
	if ev.Has(fsnotify.Remove|fsnotify.Rename) && w.added[ev.Name] {
		delete(w.added, ev.Name)
		_ = w.fw.Remove(ev.Name) // the kernel may have dropped it already
	}
	wake := ev.Has(fsnotify.Create | fsnotify.Chmod)
	if ev.Has(fsnotify.Create|fsnotify.Remove|fsnotify.Rename) && w.refresh() {
		// A directory began to be watched: what appeared in it before the
		// watch was in place has sent no event of its own.
		wake = true
	}
	if wake {
		w.wake()
	}
}

// refresh watches each wanted directory or, while it is missing, its
// nearest existing ancestor. It reports whether a watch was added.
//
// After adding a watch it looks again: a subfolder created before the
// watch was in place sent no event (mkdir -p serial/by-id), so it is
// watched now; one created after sends an event that brings us back here.
func (w *watcher) refresh() bool {
	added := false
	for _, dir := range w.want {
		for {
			d := nearestDir(dir)
			if d == "" || w.added[d] {
				break
			}
			if err := w.fw.Add(d); err != nil {
				break
			}
			w.added[d] = true
			added = true
		}
	}
	return added
}

func nearestDir(dir string) string {
	for {
		if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
