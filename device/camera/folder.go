package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // folder images
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"anterkoper/device"
)

// OpenFolder opens a "folder" device: Path is a directory, and every JPEG
// or PNG file (.jpg, .jpeg, .png) that appears in it from now on — written
// there, or written elsewhere and moved in — is read once, when it has gone
// the spec's settle time (300 ms) without a write and without changing
// size. Files already there are left alone. Each file is a sighting at the
// time it was read: a code photographed twice is two scans only when the
// photos are read more than rescan apart. A file that is not an image is
// reported as noise, as is an image in which the decoder finds no code.
func OpenFolder(spec device.Spec, dec Decoder) (device.Dev, error) {
	opts, err := ParseOptions(spec)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(spec.Path)
	if err != nil {
		return nil, fmt.Errorf("camera: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("camera: %s is not a directory", spec.Path)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("camera: watch %s: %w", spec.Path, err)
	}
	if err := w.Add(spec.Path); err != nil {
		w.Close()
		return nil, fmt.Errorf("camera: watch %s: %w", spec.Path, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	src := &folderSource{w: w, settle: opts.Settle, pending: map[string]*pendingFile{}, timer: time.NewTimer(time.Hour)}
	src.timer.Stop()
	d := newDev(ctx, cancel, spec, dec, opts, src, true)
	d.noCode = true
	return d, nil
}

type folderSource struct {
	w       *fsnotify.Watcher
	settle  time.Duration
	pending map[string]*pendingFile
	timer   *time.Timer // fires at the earliest deadline of pending
	ready   []string    // settled files still to read
}

type pendingFile struct {
	size     int64
	deadline time.Time // when it is settled if nothing changes
}

func isImageName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".png":
		return !strings.HasPrefix(filepath.Base(name), ".")
	}
	return false
}

func (s *folderSource) next(ctx context.Context) (frame, error) {
	for {
		for len(s.ready) > 0 {
			name := s.ready[0]
			s.ready = s.ready[1:]
			if f, ok := s.read(name); ok {
				return f, nil
			}
		}
		select {
		case <-ctx.Done():
			return frame{}, errClosed
		case ev, ok := <-s.w.Events:
			if !ok {
				return frame{}, errors.New("camera: folder watch ended")
			}
			s.event(ev)
		case err, ok := <-s.w.Errors:
			if !ok {
				return frame{}, errors.New("camera: folder watch ended")
			}
			// A queue overflow loses events; the files concerned are
			// missed, but the device goes on.
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				return frame{}, fmt.Errorf("camera: folder watch: %w", err)
			}
		case <-s.timer.C:
			s.check()
		}
		s.arm()
	}
}

func (s *folderSource) event(ev fsnotify.Event) {
	if !isImageName(ev.Name) {
		return
	}
	switch {
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		delete(s.pending, ev.Name) // gone or moved out
	case ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write):
		p := s.pending[ev.Name]
		if p == nil {
			p = &pendingFile{size: -1}
			s.pending[ev.Name] = p
		}
		p.deadline = time.Now().Add(s.settle)
	}
}

// check moves the files whose deadline passed to ready when their size did
// not change since the last look, and gives the others more time.
func (s *folderSource) check() {
	now := time.Now()
	for name, p := range s.pending {
		if now.Before(p.deadline) {
			continue
		}
		fi, err := os.Stat(name)
		if err != nil {
			delete(s.pending, name)
			continue
		}
		if fi.Size() != p.size || fi.Size() == 0 {
			// Changed without an event (some network file systems
			// send none), or still empty: look again later.
			p.size, p.deadline = fi.Size(), now.Add(s.settle)
			continue
		}
		delete(s.pending, name)
		s.ready = append(s.ready, name)
	}
}

// arm sets the timer to the earliest deadline.
func (s *folderSource) arm() {
	var first time.Time
	for _, p := range s.pending {
		if first.IsZero() || p.deadline.Before(first) {
			first = p.deadline
		}
	}
	s.timer.Stop()
	if !first.IsZero() {
		s.timer.Reset(max(time.Until(first), 0))
	}
}

// read decodes the image in a settled file; it reports false when the file
// is gone by now.
func (s *folderSource) read(name string) (frame, bool) {
	f, err := os.Open(name)
	if err != nil {
		return frame{}, false
	}
	defer f.Close()
	at := time.Now()
	img, _, err := image.Decode(f)
	if err != nil {
		return frame{noise: fmt.Sprintf("%s: not a readable image: %v", filepath.Base(name), err), at: at}, true
	}
	return frame{img: img, at: at, file: filepath.Base(name)}, true
}

func (s *folderSource) close() error {
	s.timer.Stop()
	return s.w.Close()
}
