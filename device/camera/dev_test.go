package camera

import (
	"context"
	"errors"
	"image"
	"testing"
	"time"

	"anterkoper/device"
)

// chanSource is a source fed by a test. A send on fail ends it; since next
// receives it only after the previous frame was put, the send returning
// tells the test that every frame sent before is in the mailbox.
type chanSource struct {
	frames chan frame
	fail   chan error
	closed chan struct{}
}

func newChanSource() *chanSource {
	return &chanSource{frames: make(chan frame), fail: make(chan error), closed: make(chan struct{})}
}

func (s *chanSource) next(ctx context.Context) (frame, error) {
	select {
	case f := <-s.frames:
		return f, nil
	case err := <-s.fail:
		return frame{}, err
	case <-ctx.Done():
		return frame{}, errClosed
	}
}

func (s *chanSource) close() error { close(s.closed); return nil }

func openChan(t *testing.T, keepAll bool) (*dev, *chanSource) {
	t.Helper()
	src := newChanSource()
	ctx, cancel := context.WithCancel(context.Background())
	d := newDev(ctx, cancel, device.Spec{Driver: "test", Path: "p", Name: "cam"}, blockDecoder{}, Options{Rescan: DefaultRescan}, src, keepAll)
	t.Cleanup(func() { d.Close() })
	return d, src
}

func codeFrame(text string) frame {
	return frame{img: paint(text), at: time.Now()}
}

func readCode(t *testing.T, d *dev) string {
	t.Helper()
	s, err := d.Read()
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if s.Device != "cam" || s.Symbology != "]Q1" || s.Time.IsZero() {
		t.Errorf("scan %+v: want device cam, symbology ]Q1, a time", s)
	}
	return string(s.Code)
}

func TestDevDropsStaleFrames(t *testing.T) {
	d, src := openChan(t, false)
	for _, c := range []string{"A", "B", "C"} {
		src.frames <- codeFrame(c)
	}
	src.fail <- errors.New("test: stream ended") // C is in the slot now
	if got := readCode(t, d); got != "C" {
		t.Errorf("first scan %q, want the newest frame's C", got)
	}
	if _, err := d.Read(); err == nil || err.Error() != "test: stream ended" {
		t.Errorf("Read after the end: %v, want the source's error", err)
	}
	<-src.closed
}

func TestDevKeepAll(t *testing.T) {
	d, src := openChan(t, true)
	go func() {
		for _, c := range []string{"A", "B", "C"} {
			src.frames <- codeFrame(c)
		}
		src.fail <- errors.New("test: stream ended")
	}()
	for _, want := range []string{"A", "B", "C"} {
		if got := readCode(t, d); got != want {
			t.Errorf("scan %q, want %q", got, want)
		}
	}
	if _, err := d.Read(); err == nil {
		t.Error("Read after the end: no error")
	}
}

func TestDevOneScanPerCodeInView(t *testing.T) {
	d, src := openChan(t, true)
	go func() {
		at := time.Now()
		for i, c := range []string{"A", "A", "", "A", "B", "B"} {
			src.frames <- frame{img: paint(c), at: at.Add(time.Duration(i) * 100 * time.Millisecond)}
		}
		src.fail <- errors.New("test: stream ended")
	}()
	for _, want := range []string{"A", "B"} {
		if got := readCode(t, d); got != want {
			t.Errorf("scan %q, want %q", got, want)
		}
	}
	if _, err := d.Read(); err == nil {
		t.Error("Read after the end: no error")
	}
}

type fixedDecoder []Code

func (f fixedDecoder) Decode(image.Image) []Code { return f }

func TestDevNoise(t *testing.T) {
	src := newChanSource()
	ctx, cancel := context.WithCancel(context.Background())
	d := newDev(ctx, cancel, device.Spec{Path: "p"}, fixedDecoder{{"bad\x1dGS1", "]d2"}, {"ok", "]d2"}}, Options{}, src, true)
	defer d.Close()
	go func() { src.frames <- frame{img: paint(""), at: time.Now()} }()
	s, err := d.Read()
	if err != nil || string(s.Code) != "ok" || s.Device != "p" {
		t.Errorf("Read = %+v, %v; want ok from p, the bad code left out", s, err)
	}
	go func() {
		src.frames <- frame{noise: "x.jpg: not a readable image"}
	}()
	var noise *device.NoiseError
	if _, err := d.Read(); !errors.As(err, &noise) {
		t.Errorf("Read of a noise frame: %v, want a *device.NoiseError", err)
	}
}

func TestDevCloseUnblocksRead(t *testing.T) {
	d, src := openChan(t, false)
	errc := make(chan error, 1)
	go func() {
		_, err := d.Read()
		errc <- err
	}()
	d.Close()
	select {
	case err := <-errc:
		if !errors.Is(err, errClosed) {
			t.Errorf("Read after Close: %v, want %v", err, errClosed)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read still blocked after Close")
	}
	<-src.closed
	d.Close() // again
}
