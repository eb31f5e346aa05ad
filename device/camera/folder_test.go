package camera

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"anterkoper/device"
)

// readResult is one Read of a device.
type readResult struct {
	scan device.Scan
	err  error
}

// reader reads d in a goroutine until it fails, handing on every result.
func reader(d device.Dev) <-chan readResult {
	c := make(chan readResult, 16)
	go func() {
		defer close(c)
		for {
			s, err := d.Read()
			c <- readResult{s, err}
			if err != nil {
				var noise *device.NoiseError
				if !errors.As(err, &noise) {
					return
				}
			}
		}
	}()
	return c
}

func next(t *testing.T, c <-chan readResult) readResult {
	t.Helper()
	select {
	case r := <-c:
		return r
	case <-time.After(20 * time.Second):
		t.Fatal("no Read result within 20s")
		return readResult{}
	}
}

func pngOf(t *testing.T, text string) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, paint(text)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "old.jpg"), jpegOf(t, paint("OLD")), 0o644); err != nil {
		t.Fatal(err)
	}
	sp, err := device.ParseSpec("folder:" + dir + ",settle=100ms,rescan=0s,name=phone")
	if err != nil {
		t.Fatal(err)
	}
	d, err := OpenFolder(sp, blockDecoder{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	results := reader(d)

	// Written slowly, in chunks with pauses shorter than settle: read
	// once, complete.
	slow := jpegOf(t, paint("SLOW-1"))
	f, err := os.Create(filepath.Join(dir, "IMG_0001.JPG"))
	if err != nil {
		t.Fatal(err)
	}
	for len(slow) > 0 {
		n := min(len(slow), 300)
		if _, err := f.Write(slow[:n]); err != nil {
			t.Fatal(err)
		}
		slow = slow[n:]
		time.Sleep(30 * time.Millisecond) // a slow writer, not a wait for the code under test
	}
	f.Close()
	r := next(t, results)
	if r.err != nil || string(r.scan.Code) != "SLOW-1" || r.scan.Device != "phone" {
		t.Fatalf("Read = %+v, %v; want SLOW-1 from phone", r.scan, r.err)
	}

	// Written elsewhere and moved in.
	tmp := filepath.Join(t.TempDir(), "x.png")
	if err := os.WriteFile(tmp, pngOf(t, "MOVED-2"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "moved.png")); err != nil {
		t.Fatal(err)
	}
	if r := next(t, results); r.err != nil || string(r.scan.Code) != "MOVED-2" {
		t.Fatalf("Read = %q, %v; want MOVED-2", r.scan.Code, r.err)
	}

	// Not images, and an image without a code: noise, device goes on.
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644)
	os.WriteFile(filepath.Join(dir, "broken.jpg"), []byte("not a jpeg"), 0o644)
	var noise *device.NoiseError
	if r := next(t, results); !errors.As(r.err, &noise) {
		t.Fatalf("Read of broken.jpg = %q, %v; want noise", r.scan.Code, r.err)
	}
	os.WriteFile(filepath.Join(dir, "blank.png"), pngOf(t, ""), 0o644)
	if r := next(t, results); !errors.As(r.err, &noise) || noise.Reason != "blank.png: no code found" {
		t.Fatalf("Read of blank.png = %q, %v; want noise", r.scan.Code, r.err)
	}

	// With rescan=0 the same code photographed again is a new scan.
	os.WriteFile(filepath.Join(dir, "again.jpeg"), jpegOf(t, paint("SLOW-1")), 0o644)
	if r := next(t, results); r.err != nil || string(r.scan.Code) != "SLOW-1" {
		t.Fatalf("Read = %q, %v; want SLOW-1 again", r.scan.Code, r.err)
	}

	d.Close()
	for r := range results {
		if r.err == nil {
			t.Errorf("after Close: scan %q", r.scan.Code)
		} else if !errors.Is(r.err, errClosed) {
			t.Errorf("after Close: %v", r.err)
		}
	}
}

func TestFolderOpenErrors(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o644)
	for _, path := range []string{file, filepath.Join(t.TempDir(), "missing")} {
		if d, err := OpenFolder(device.Spec{Driver: device.DriverFolder, Path: path}, blockDecoder{}); err == nil {
			d.Close()
			t.Errorf("OpenFolder(%s): no error", path)
		}
	}
	if _, err := OpenFolder(device.Spec{Path: t.TempDir(), Options: map[string]string{"settle": "-1s"}}, blockDecoder{}); err == nil {
		t.Error("settle=-1s: no error")
	}
}
