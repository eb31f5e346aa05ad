package camera

import (
	"context"
	"testing"
	"time"

	"anterkoper/device"
)

// TestManagerReconnects runs an "mjpeg" device under a device.Manager: when
// the stream ends, the manager opens it again.
func TestManagerReconnects(t *testing.T) {
	srv := newStreamServer(t, "frame")
	sp, err := device.ParseSpec("mjpeg:" + srv.URL + ",name=phone")
	if err != nil {
		t.Fatal(err)
	}
	scans := make(chan device.Scan, 8)
	m, err := device.NewManager([]device.Spec{sp}, func(s device.Scan) { scans <- s }, append(Drivers(blockDecoder{}), device.WithBackoff(10*time.Millisecond, 50*time.Millisecond))...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error)
	go func() { served <- m.Serve(ctx) }()
	defer func() {
		cancel()
		if err := <-served; err != nil {
			t.Error(err)
		}
	}()

	for round := range 2 {
		var frames chan []byte
		select {
		case frames = <-srv.streams:
		case <-time.After(20 * time.Second):
			t.Fatalf("round %d: the manager did not connect", round)
		}
		// The same code on the new stream would not be a new scan (the
		// manager's Dedup outlives a reconnect), so show another.
		code := []string{"LIB-7", "LIB-8"}[round]
		if round == 1 {
			frames <- jpegOf(t, paint("LIB-7"))
		}
		frames <- jpegOf(t, paint(code))
		select {
		case s := <-scans:
			if string(s.Code) != code || s.Device != "phone" {
				t.Errorf("round %d: scan %+v", round, s)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("round %d: no scan", round)
		}
		close(frames) // the stream ends; the manager reconnects
	}
}

func TestParseSpecKnowsCameras(t *testing.T) {
	for _, s := range []string{"v4l2:/dev/video0,rescan=1s", "mjpeg:http://10.0.0.2:8080/video", "folder:/srv/in,settle=1s,rescan=0s"} {
		sp, err := device.ParseSpec(s)
		if err != nil {
			t.Errorf("ParseSpec(%q): %v", s, err)
			continue
		}
		if _, err := ParseOptions(sp); err != nil {
			t.Errorf("ParseOptions(%q): %v", s, err)
		}
	}
	if _, err := device.ParseSpec("mjpeg:http://x/,settle=1s"); err == nil {
		t.Error("settle on mjpeg: no error")
	}
}
