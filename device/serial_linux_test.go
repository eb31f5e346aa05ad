package device

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// fakeScanner is a pseudo-terminal standing in for a serial scanner: the
// driver opens the slave through go.bug.st/serial, the test writes to the
// master what the scanner would send.
type fakeScanner struct {
	t      *testing.T
	master *os.File
	slave  *os.File // kept open to ask how much input is queued
}

func newFakeScanner(t *testing.T) *fakeScanner {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Fatalf("pty: %v", err)
	}
	f := &fakeScanner{t: t, master: master, slave: slave}
	t.Cleanup(f.unplug)
	return f
}

func (f *fakeScanner) path() string { return f.slave.Name() }

func (f *fakeScanner) send(s string) {
	f.t.Helper()
	if _, err := f.master.WriteString(s); err != nil {
		f.t.Fatalf("write to pty: %v", err)
	}
}

// drained waits until the driver has read everything sent so far.
func (f *fakeScanner) drained() {
	f.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		n, err := unix.IoctlGetInt(int(f.slave.Fd()), unix.TIOCINQ)
		if err != nil {
			f.t.Fatalf("TIOCINQ: %v", err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("%d bytes still queued after %v", n, waitLimit)
		}
		time.Sleep(time.Millisecond) // polling the queue; nothing to wait on
	}
}

// unplug closes both ends: the driver's reads fail and the node goes.
func (f *fakeScanner) unplug() {
	f.master.Close()
	f.slave.Close()
}

func serialSpec(t *testing.T, s string) Spec {
	t.Helper()
	sp, err := ParseSpec(s)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestSerialSuffixes(t *testing.T) {
	tests := []struct{ name, options, sent string }{
		{"auto-cr", "", "30234000517861\rB00001\r"},
		{"auto-lf", "", "30234000517861\nB00001\n"},
		{"auto-crlf", "", "30234000517861\r\nB00001\r\n"},
		{"cr", ",suffix=cr", "30234000517861\rB00001\r"},
		{"lf", ",suffix=lf", "30234000517861\nB00001\n"},
		{"crlf", ",suffix=crlf,baud=115200", "30234000517861\r\nB00001\r\n"},
	}
	var specs []Spec
	scanners := map[string]*fakeScanner{}
	for _, tt := range tests {
		f := newFakeScanner(t)
		scanners[tt.name] = f
		specs = append(specs, serialSpec(t, "serial:"+f.path()+tt.options+",name="+tt.name))
	}
	s := serve(t, specs)
	for _, tt := range tests {
		s.waitState(tt.name, StateConnected)
		scanners[tt.name].send(tt.sent)
		expect(t, s.receive(2), []string{tt.name + " 30234000517861", tt.name + " B00001"})
		if st := s.status(tt.name); st.Scans != 2 || st.Errors != 0 || st.LastScan == nil {
			t.Errorf("%s: status = %+v", tt.name, st)
		}
	}
}

func TestSerialAIMAndPrefix(t *testing.T) {
	plain, prefixed := newFakeScanner(t), newFakeScanner(t)
	s := serve(t, []Spec{
		serialSpec(t, "serial:"+plain.path()+",name=plain"),
		serialSpec(t, "serial:"+prefixed.path()+`,name=stx,prefix=\x02`),
	})
	s.waitState("plain", StateConnected)
	s.waitState("stx", StateConnected)
	plain.send("]C0B00001\r\n]E09786024244057\r\n]Q1https://example.org/b?id=7\r\n]F0A30234000517861B\r\n]1notaim\r\n")
	expect(t, s.receive(5), []string{
		"plain ]C0|B00001", "plain ]E0|9786024244057", "plain ]Q1|https://example.org/b?id=7",
		"plain ]F0|A30234000517861B", "plain ]1notaim",
	})
	prefixed.send("\x02]C0B00002\r\n\x02B00003\r\n")
	expect(t, s.receive(2), []string{"stx ]C0|B00002", "stx B00003"})
}

func TestSerialNoise(t *testing.T) {
	f := newFakeScanner(t)
	s := serve(t, []Spec{serialSpec(t, "serial:"+f.path()+",name=desk,maxlen=64")})
	s.waitState("desk", StateConnected)
	f.send("B0\x0700001\r\n")                        // bell in the middle
	f.send("\xff\xfe\xfd\xfc\r\n")                   // a wrong baud rate looks like this
	f.send(strings.Repeat("1234567890", 7) + "\r\n") // 70 bytes > maxlen
	f.send("30234000517861\r\n")
	expect(t, s.receive(1), []string{"desk 30234000517861"})
	st := s.waitFor("desk", "3 errors", func(st Status) bool { return st.Errors == 3 })
	if st.State != StateConnected || st.Scans != 1 || st.LastError != "line longer than 64 bytes" {
		t.Fatalf("status = %+v", st)
	}
	f.send("B00002\r\n")
	expect(t, s.receive(1), []string{"desk B00002"})
	s.noMoreScans()
}

func TestSerialSplitWrites(t *testing.T) {
	f := newFakeScanner(t)
	s := serve(t, []Spec{serialSpec(t, "serial:"+f.path()+",name=desk,suffix=crlf")})
	s.waitState("desk", StateConnected)
	// Each piece is read before the next is written, so the driver sees
	// the code in five reads, the terminator split between two.
	for _, piece := range []string{"]C", "0B00", "001", "\r", "\nB00002\r\nB0"} {
		f.send(piece)
		f.drained()
	}
	f.send("0003\r\n")
	expect(t, s.receive(3), []string{"desk ]C0|B00001", "desk B00002", "desk B00003"})
}

func TestSerialThousandScans(t *testing.T) {
	f := newFakeScanner(t)
	s := serve(t, []Spec{serialSpec(t, "serial:"+f.path()+",name=desk,baud=115200")})
	s.waitState("desk", StateConnected)
	var sent strings.Builder
	var want []string
	for i := range 1000 {
		code := fmt.Sprintf("3%013d", 234000000000+int64(i))
		fmt.Fprintf(&sent, "%s\r\n", code)
		want = append(want, "desk "+code)
	}
	// One write of 16 kB: the pty passes it on as fast as the driver reads.
	go f.master.WriteString(sent.String())
	expect(t, s.receive(1000), want)
	st := s.waitFor("desk", "1000 scans", func(st Status) bool { return st.Scans == 1000 })
	if st.Errors != 0 {
		t.Fatalf("status = %+v", st)
	}
}

// TestSerialReconnect unplugs a scanner and plugs another in at the same
// path, a symlink standing for /dev/serial/by-id/….
func TestSerialReconnect(t *testing.T) {
	for _, tt := range []struct {
		name string
		opt  []Option
	}{
		{"default", nil},
		// With an hour's backoff only the file system watcher can bring
		// the device back.
		{"watcher", []Option{WithBackoff(time.Hour, time.Hour)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			link := filepath.Join(t.TempDir(), "usb-Honeywell_1900-if00")
			first := newFakeScanner(t)
			if err := os.Symlink(first.path(), link); err != nil {
				t.Fatal(err)
			}
			s := serve(t, []Spec{serialSpec(t, "serial:"+link+",name=desk")}, tt.opt...)
			s.waitState("desk", StateConnected)
			first.send("B00001\r\nB00002\r\n")
			expect(t, s.receive(2), []string{"desk B00001", "desk B00002"})

			os.Remove(link)
			first.unplug()
			st := s.waitState("desk", StateDisconnected)
			if st.Error == "" {
				t.Errorf("disconnected without a reason: %+v", st)
			}

			second := newFakeScanner(t)
			if err := os.Symlink(second.path(), link); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			st = s.waitState("desk", StateConnected)
			t.Logf("reconnected after %v", time.Since(start).Round(time.Millisecond))
			if st.Error != "" || st.Scans != 2 {
				t.Errorf("reconnected: %+v", st)
			}
			second.send("B00003\r\nB00004\r\nB00005\r\n")
			expect(t, s.receive(3), []string{"desk B00003", "desk B00004", "desk B00005"})
			if st := s.status("desk"); st.Scans != 5 {
				t.Errorf("status = %+v", st)
			}
		})
	}
}

// TestSerialFolderAppears configures a path whose folder does not exist
// yet, as /dev/serial/by-id before the first scanner is plugged in.
func TestSerialFolderAppears(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "serial", "by-id")
	link := filepath.Join(dir, "usb-Honeywell_1900-if00")
	s := serve(t, []Spec{serialSpec(t, "serial:"+link+",name=desk")}, WithBackoff(time.Hour, time.Hour))
	s.waitFor("desk", "absent", func(st Status) bool {
		return st.State == StateDisconnected && strings.Contains(st.Error, "no such file")
	})
	f := newFakeScanner(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(f.path(), link); err != nil {
		t.Fatal(err)
	}
	s.waitState("desk", StateConnected)
	f.send("B00001\r")
	expect(t, s.receive(1), []string{"desk B00001"})
}

func TestOpenSerialErrors(t *testing.T) {
	_, err := OpenSerial(serialSpec(t, "serial:"+filepath.Join(t.TempDir(), "ttyNone")))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("absent port: %v, want fs.ErrNotExist", err)
	}
	file := filepath.Join(t.TempDir(), "notatty")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = OpenSerial(serialSpec(t, "serial:"+file))
	if err == nil || errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "serial: open ") {
		t.Errorf("not a tty: %v", err)
	}
}

func TestSerialCloseWakesRead(t *testing.T) {
	checkNoLeaks(t)
	f := newFakeScanner(t)
	dev, err := OpenSerial(serialSpec(t, "serial:"+f.path()))
	if err != nil {
		t.Fatal(err)
	}
	f.send("B00001\r")
	if sc, err := dev.Read(); err != nil || string(sc.Code) != "B00001" {
		t.Fatalf("Read = %q, %v", sc.Code, err)
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
	if err := dev.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
