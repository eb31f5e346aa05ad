package device

import (
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// newEventFIFO makes a FIFO standing in for /dev/input/eventN and opens its
// writing end. O_RDWR does not wait for a reader, and keeps the FIFO
// holding what was written while no reader has it open.
func newEventFIFO(t *testing.T) (path string, w *os.File) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "usb-Honeywell_1900-event-kbd")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	w, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return path, w
}

// writeEvents writes 64-bit little-endian records (as event builds them)
// in this build's struct input_event layout, as the kernel would.
func writeEvents(t *testing.T, w *os.File, b []byte) {
	t.Helper()
	if _, err := w.Write(nativeEvents(b)); err != nil {
		t.Fatal(err)
	}
}

func nativeEvents(b []byte) []byte {
	var out []byte
	long := (eventSize - 8) / 2 // size of a C long: the timeval's fields
	for ; len(b) >= EventSize64; b = b[EventSize64:] {
		r := make([]byte, eventSize)
		le, ne := binary.LittleEndian, binary.NativeEndian
		if long == 8 {
			ne.PutUint64(r[0:], le.Uint64(b[0:]))
			ne.PutUint64(r[8:], le.Uint64(b[8:]))
		} else {
			ne.PutUint32(r[0:], uint32(le.Uint64(b[0:])))
			ne.PutUint32(r[4:], uint32(le.Uint64(b[8:])))
		}
		at := 2 * long
		ne.PutUint16(r[at:], le.Uint16(b[16:]))
		ne.PutUint16(r[at+2:], le.Uint16(b[18:]))
		ne.PutUint32(r[at+4:], le.Uint32(b[20:]))
		out = append(out, r...)
	}
	return out
}

func TestEVIOCGRAB(t *testing.T) {
	switch runtime.GOARCH {
	case "386", "amd64", "arm", "arm64", "riscv64", "loong64", "s390x":
		if evIOCGrab != 0x40044590 {
			t.Errorf("EVIOCGRAB = %#x, want 0x40044590", evIOCGrab)
		}
	case "mips", "mipsle", "mips64", "mips64le", "ppc64", "ppc64le":
		if evIOCGrab != 0x80044590 {
			t.Errorf("EVIOCGRAB = %#x, want 0x80044590", evIOCGrab)
		}
	}
	if eventSize != EventSize64 && eventSize != EventSize32 {
		t.Errorf("eventSize = %d", eventSize)
	}
}

func TestOpenHIDFIFO(t *testing.T) {
	checkNoLeaks(t)
	path, w := newEventFIFO(t)
	dev, err := OpenHID(Spec{Driver: DriverHID, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	if w, ok := dev.(warner); !ok || !strings.Contains(w.Warning(), "not an evdev device") {
		t.Errorf("no warning about the failed grab")
	}
	us := mustKeymap(t, "us")
	writeEvents(t, w, cat(typeText(t, us, "30234000517861", keyEnter), typeText(t, us, "]C0B00001", keyKPEnter), keyEvents(59), keyEvents(keyEnter)))
	for _, want := range []string{"30234000517861", "]C0|B00001"} {
		sc, err := dev.Read()
		if err != nil {
			t.Fatal(err)
		}
		if got := frameStrings([]Frame{{Code: sc.Code, Symbology: sc.Symbology}})[0]; got != want || sc.Time.IsZero() {
			t.Errorf("Read = %q at %v, want %q", got, sc.Time, want)
		}
	}
	var noise *NoiseError
	if _, err := dev.Read(); !errors.As(err, &noise) {
		t.Errorf("Read of an unknown key = %v, want a *NoiseError", err)
	}

	done := make(chan error)
	go func() {
		_, err := dev.Read()
		done <- err
	}()
	dev.Close()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Read after Close returned no error")
		}
	case <-time.After(waitLimit):
		t.Fatal("Close did not wake Read")
	}
}

func TestOpenHIDErrors(t *testing.T) {
	_, err := OpenHID(Spec{Driver: DriverHID, Path: filepath.Join(t.TempDir(), "event99")})
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "hid: ") {
		t.Errorf("absent device: %v, want fs.ErrNotExist", err)
	}
	_, err = OpenHID(Spec{Driver: DriverHID, Path: "/dev/null", Options: map[string]string{"keymap": "xx"}})
	if err == nil || !strings.Contains(err.Error(), "unknown keymap") {
		t.Errorf("bad keymap: %v", err)
	}
}

func TestManagerHIDFIFO(t *testing.T) {
	path, w := newEventFIFO(t)
	sp, err := ParseSpec("hid:" + path + ",keymap=de,name=wedge")
	if err != nil {
		t.Fatal(err)
	}
	s := serve(t, []Spec{sp})
	st := s.waitState("wedge", StateConnected)
	if !strings.Contains(st.Warning, "without exclusive grab") {
		t.Errorf("status = %+v", st)
	}
	de := mustKeymap(t, "de")
	writeEvents(t, w, cat(
		typeText(t, de, "30234000517861", keyEnter),
		typeText(t, de, "Zy-B00001", keyKPEnter),
		keyEvents(59), keyEvents(keyEnter), // F1: no character
		typeText(t, de, "B00002", keyEnter),
	))
	expect(t, s.receive(3), []string{"wedge 30234000517861", "wedge Zy-B00001", "wedge B00002"})
	st = s.waitFor("wedge", "1 error", func(st Status) bool { return st.Errors == 1 })
	if st.Scans != 3 || st.LastError != "key 59 has no character in keymap de" {
		t.Errorf("status = %+v", st)
	}

	// The writer goes: end of file, disconnected. A new writer: read again.
	w.Close()
	s.waitState("wedge", StateDisconnected)
	w2, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	writeEvents(t, w2, typeText(t, de, "B00003", keyEnter))
	expect(t, s.receive(1), []string{"wedge B00003"})
	s.waitState("wedge", StateConnected)
}
