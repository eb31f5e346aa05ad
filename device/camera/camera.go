package camera

import (
	"context"
	"errors"
	"fmt"
	"image"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"anterkoper/device"
)

// Code is one barcode a Decoder found in an image.
type Code struct {
	// Text is the code's content.
	Text string
	// Symbology is the AIM symbology identifier, such as "]Q1" (QR Code)
	// or "]C0" (Code 128).
	Symbology string
}

// Decoder finds the barcodes in an image. The camera drivers call it from
// one goroutine per device, with a *image.Gray built from the frame's
// luminance (see [Gray]). It returns nil when it finds none.
type Decoder interface {
	Decode(img image.Image) []Code
}

// Drivers returns the options that let a device.Manager open "v4l2",
// "mjpeg" and "folder" devices, decoding their images with dec:
//
//	device.NewManager(specs, sink, camera.Drivers(dec)...)
func Drivers(dec Decoder) []device.Option {
	reg := &dedupRegistry{m: map[string]*Dedup{}}
	opener := func(open func(device.Spec, Decoder) (device.Dev, error)) device.Opener {
		return func(s device.Spec) (device.Dev, error) {
			d, err := open(s, dec)
			if cd, ok := d.(*dev); ok && err == nil {
				cd.dedup = reg.get(s, cd.dedup.Rescan) // before the manager's first Read
			}
			return d, err
		}
	}
	return []device.Option{
		device.WithDriver(device.DriverV4L2, opener(OpenV4L2)),
		device.WithDriver(device.DriverMJPEG, opener(OpenMJPEG)),
		device.WithDriver(device.DriverFolder, opener(OpenFolder)),
	}
}

// Options are the typed options of a camera spec.
type Options struct {
	// Rescan is how long a code must be out of view before showing it
	// again is a new scan ([DefaultRescan]).
	Rescan time.Duration
	// Settle is how long a file of a "folder" device must go unchanged
	// before it is read ([DefaultSettle]).
	Settle time.Duration
}

// DefaultSettle is how long a new file in a watched folder must stay the
// same size, with no write to it, before it is read: phones on a network
// share write a photo in bursts.
const DefaultSettle = 300 * time.Millisecond

// ParseOptions returns the camera options of s with defaults filled in.
func ParseOptions(s device.Spec) (Options, error) {
	o := Options{Rescan: DefaultRescan, Settle: DefaultSettle}
	var err error
	if o.Rescan, err = durationOption(s, "rescan", o.Rescan, time.Hour); err != nil {
		return o, err
	}
	if o.Settle, err = durationOption(s, "settle", o.Settle, time.Minute); err != nil {
		return o, err
	}
	return o, nil
}

func durationOption(s device.Spec, key string, def, most time.Duration) (time.Duration, error) {
	v, ok := s.Options[key]
	if !ok {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || d > most {
		return def, fmt.Errorf("camera: %s %q: want a duration from 0s to %v, such as %v", key, v, most, def)
	}
	return d, nil
}

// frame is one image from a source, or a complaint about one.
type frame struct {
	img   image.Image
	load  func() (image.Image, error) // when img is nil: makes it
	at    time.Time                   // when it was taken (received)
	noise string                      // not "": no image, for this reason
	file  string                      // the file it came from, if any
}

// source delivers frames. next blocks until a frame is there, ctx is done
// or the source failed; close releases it and is called once, by the
// goroutine that called next, after the last next.
type source interface {
	next(ctx context.Context) (frame, error)
	close() error
}

var errClosed = errors.New("camera: device closed")

// dev reads frames from a source in a goroutine of its own and decodes the
// newest in Read: frames that come while Read decodes (or while the manager
// hands on a scan) replace the one waiting, unless keepAll.
type dev struct {
	name   string
	dec    Decoder
	dedup  *Dedup
	cancel context.CancelFunc
	done   chan struct{} // closed when the reader goroutine ended

	mu      sync.Mutex
	slot    *frame
	err     error         // why the source ended; set once
	ready   chan struct{} // capacity 1: slot or err changed
	taken   chan struct{} // capacity 1: slot emptied (keepAll)
	keepAll bool
	noCode  bool // an image without a code is noise (folder)

	pending []device.Scan // decoded, not yet returned; Read's own
}

// dedupRegistry keeps each configured camera's Dedup across reopenings: a
// stream that breaks and is reconnected while the same code stays in view
// must not make that code a new scan. Drivers makes one per manager.
type dedupRegistry struct {
	mu sync.Mutex
	m  map[string]*Dedup
}

func (r *dedupRegistry) get(spec device.Spec, rescan time.Duration) *Dedup {
	key := spec.Driver + ":" + spec.Path + "," + spec.Name
	r.mu.Lock()
	defer r.mu.Unlock()
	d := r.m[key]
	if d == nil || d.Rescan != rescan {
		d = &Dedup{Rescan: rescan}
		r.m[key] = d
	}
	return d
}

func newDev(ctx context.Context, cancel context.CancelFunc, spec device.Spec, dec Decoder, opts Options, src source, keepAll bool) *dev {
	d := &dev{
		name:    spec.Name,
		dec:     dec,
		dedup:   &Dedup{Rescan: opts.Rescan},
		cancel:  cancel,
		done:    make(chan struct{}),
		ready:   make(chan struct{}, 1),
		taken:   make(chan struct{}, 1),
		keepAll: keepAll,
	}
	if d.name == "" {
		d.name = spec.Path
	}
	go d.readFrames(ctx, src)
	return d
}

func (d *dev) readFrames(ctx context.Context, src source) {
	defer close(d.done)
	defer src.close()
	for {
		f, err := src.next(ctx)
		if ctx.Err() != nil {
			err = errClosed
		}
		if err != nil {
			d.mu.Lock()
			d.err = err
			d.mu.Unlock()
			signal(d.ready)
			return
		}
		if !d.put(ctx, f) {
			return
		}
	}
}

// put leaves f in the slot, replacing a frame not yet taken unless keepAll,
// in which case it waits for the slot to be empty. It reports false when
// ctx ended first.
func (d *dev) put(ctx context.Context, f frame) bool {
	for {
		d.mu.Lock()
		if d.slot == nil || !d.keepAll {
			d.slot = &f
			d.mu.Unlock()
			signal(d.ready)
			return true
		}
		d.mu.Unlock()
		select {
		case <-d.taken:
		case <-ctx.Done():
			return false
		}
	}
}

// take waits for a frame; once the source has ended and its last frame is
// taken it returns why.
func (d *dev) take() (frame, error) {
	for {
		d.mu.Lock()
		f, err := d.slot, d.err
		d.slot = nil
		d.mu.Unlock()
		if f != nil {
			signal(d.taken)
			return *f, nil
		}
		if err != nil {
			return frame{}, err
		}
		select {
		case <-d.ready:
		case <-d.done:
			// The reader ended: either it set err (seen next time
			// round) or Close stopped it while it waited to put.
			d.mu.Lock()
			if d.err == nil && d.slot == nil {
				d.err = errClosed
			}
			d.mu.Unlock()
		}
	}
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// Read decodes frames until one shows a code that is a new scan (see
// [Dedup]) and returns it; several new codes in one frame are returned by
// successive Reads in the decoder's order. A frame that cannot be decoded,
// or whose only new codes are not valid UTF-8 text without control
// characters, is reported as a *device.NoiseError. When the stream ends or breaks, Read
// returns its error once the frames before it are decoded.
func (d *dev) Read() (device.Scan, error) {
	for len(d.pending) == 0 {
		f, err := d.take()
		if err != nil {
			return device.Scan{}, err
		}
		if f.noise != "" {
			return device.Scan{}, &device.NoiseError{Reason: f.noise}
		}
		img := f.img
		if f.load != nil {
			if img, err = f.load(); err != nil {
				return device.Scan{}, &device.NoiseError{Reason: err.Error()}
			}
		}
		codes := d.dec.Decode(Gray(img))
		if len(codes) == 0 && d.noCode {
			return device.Scan{}, &device.NoiseError{Reason: f.file + ": no code found"}
		}
		noise := ""
		for _, c := range d.dedup.Seen(codes, f.at) {
			if reason := badText(c.Text); reason != "" {
				noise = reason
				continue
			}
			d.pending = append(d.pending, device.Scan{Code: []byte(c.Text), Symbology: c.Symbology, Device: d.name, Time: f.at})
		}
		if len(d.pending) == 0 && noise != "" {
			return device.Scan{}, &device.NoiseError{Reason: noise}
		}
	}
	s := d.pending[0]
	d.pending = d.pending[1:]
	return s, nil
}

// badText says what is wrong with a decoded code, or "" when it may be a
// Scan's Code.
func badText(s string) string {
	if s == "" {
		return "empty code"
	}
	if !utf8.ValidString(s) {
		return "code is not valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Sprintf("control character %U in code", r)
		}
	}
	return ""
}

// Close stops the source and waits for its goroutine to end. A Read
// blocked in another goroutine returns an error. Close may be called more
// than once.
func (d *dev) Close() error {
	d.cancel()
	<-d.done
	return nil
}
