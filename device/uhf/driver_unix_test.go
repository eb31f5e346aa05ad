//go:build linux || darwin

package uhf

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"anterkoper/device"
)

var protocols = []string{device.DriverChafon, device.DriverR2000}

func epcStrings(t *testing.T, prefix string, n int) []string {
	t.Helper()
	epcs, err := SimulatedEPCs(prefix, n)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, n)
	for i, e := range epcs {
		out[i] = fmt.Sprintf("%X", e)
	}
	return out
}

func simulated(t *testing.T, prefix string, n int) [][]byte {
	t.Helper()
	epcs, err := SimulatedEPCs(prefix, n)
	if err != nil {
		t.Fatal(err)
	}
	return epcs
}

// A basket of 300 tags on a noisy line: damaged frames, bursts of garbage,
// frames split across reads and joined together. Every tag is seen, no tag
// that is not there, and the bad frames are counted.
func TestManyTagsThroughNoise(t *testing.T) {
	for _, proto := range protocols {
		t.Run(proto, func(t *testing.T) {
			checkNoLeaks(t)
			const n = 300
			r := startReader(t, &Simulator{Protocol: proto, Tags: simulated(t, "E2000000", n), Garbage: 0.1, Seed: 42, Clone: true})
			s := serve(t, []device.Spec{spec(t, proto+":"+r.path()+",poll=5ms,name=uhf")})
			start := time.Now()
			got := s.waitTags(n)
			t.Logf("%d tags in %v", n, time.Since(start).Round(time.Millisecond))
			slices.Sort(got)
			if want := epcStrings(t, "E2000000", n); !slices.Equal(got, want) {
				t.Fatalf("tags seen differ from the basket:\ngot  %v\nwant %v", got, want)
			}
			st := s.waitFor("uhf", "an error counted", func(st device.Status) bool { return st.Errors > 0 })
			stats := r.sim.Stats()
			t.Logf("status %+v; simulator %+v", st, stats)
			if st.State != device.StateConnected || st.Scans < n || !strings.Contains(st.LastError, proto+": ") || !strings.Contains(st.LastError, "skipped") {
				t.Errorf("status = %+v", st)
			}
			if faults := stats.Damaged + stats.Garbage; st.Errors > faults {
				t.Errorf("%d errors counted for %d damaged frames and bursts of garbage", st.Errors, faults)
			}
			if stats.Split == 0 || stats.Joined == 0 {
				t.Errorf("no split or joined frames: %+v", stats)
			}
			if got := len(s.distinct()); got != n {
				t.Errorf("%d distinct tags, want %d", got, n)
			}
		})
	}
}

// TestReplug unplugs the reader in the middle of an inventory round and
// plugs another in at the same path, a symlink standing for
// /dev/serial/by-id/…; every tag in its field is reported.
func TestReplug(t *testing.T) {
	for _, proto := range protocols {
		t.Run(proto, func(t *testing.T) {
			checkNoLeaks(t)
			link := filepath.Join(t.TempDir(), "usb-UHF_Reader-if00")
			first := startReader(t, &Simulator{Protocol: proto, Tags: simulated(t, "E2000000", 200), Rate: 2000})
			if err := os.Symlink(first.path(), link); err != nil {
				t.Fatal(err)
			}
			s := serve(t, []device.Spec{spec(t, proto+":"+link+",name=uhf")})
			s.waitState("uhf", device.StateConnected)
			s.waitTags(50)

			os.Remove(link)
			first.unplug() // rounds of 200 reads last 0.1 s: this is mid-round
			st := s.waitState("uhf", device.StateDisconnected)
			if st.Error == "" {
				t.Errorf("disconnected without a reason: %+v", st)
			}
			// Scans are delivered before the state changes: all of the
			// first reader's are in.
			s.reset()

			want := epcStrings(t, "E2000001", 120)
			second := startReader(t, &Simulator{Protocol: proto, Tags: simulated(t, "E2000001", 120), Rate: 5000, Garbage: 0.05, Seed: 7})
			if err := os.Symlink(second.path(), link); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			s.waitState("uhf", device.StateConnected)
			t.Logf("reconnected after %v", time.Since(start).Round(time.Millisecond))
			got := s.waitTags(len(want))
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("tags seen after the return:\ngot  %v\nwant %v", got, want)
			}
		})
	}
}

// A reader that answers every round with an error: counted once, named in
// LastError, and the device stays connected.
func TestReaderErrorStatus(t *testing.T) {
	tests := []struct {
		proto string
		code  byte
		want  string
	}{
		{device.DriverChafon, ChafonAntennaError, "chafon reader: antenna error (0xF8)"},
		{device.DriverR2000, R2000AntennaMissing, "r2000 reader: antenna missing (0x22)"},
	}
	for _, tt := range tests {
		t.Run(tt.proto, func(t *testing.T) {
			checkNoLeaks(t)
			r := startReader(t, &Simulator{Protocol: tt.proto, ReaderError: tt.code})
			s := serve(t, []device.Spec{spec(t, tt.proto+":"+r.path()+",poll=1ms,name=uhf")})
			st := s.waitFor("uhf", "reader error", func(st device.Status) bool { return st.Errors > 0 })
			if st.LastError != tt.want || st.State != device.StateConnected {
				t.Fatalf("status = %+v, want LastError %q", st, tt.want)
			}
			for c := r.sim.Stats().Commands; r.sim.Stats().Commands < c+20; {
				time.Sleep(time.Millisecond) // polling the simulator's counter; nothing to wait on
			}
			if st := s.status("uhf"); st.Errors != 1 || st.Scans != 0 {
				t.Fatalf("after 20 more rounds: %+v, want the error counted once", st)
			}
		})
	}
}

// The driver waits for the end of a round and for the poll interval
// between the starts of rounds.
func TestPollInterval(t *testing.T) {
	for _, proto := range protocols {
		t.Run(proto, func(t *testing.T) {
			checkNoLeaks(t)
			r := startReader(t, &Simulator{Protocol: proto, Tags: simulated(t, "E2000000", 3)})
			dev, err := Drivers0(proto)(spec(t, proto+":"+r.path()+",poll=40ms"))
			if err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			var codes []string
			for len(codes) < 30 { // ten rounds
				sc, err := dev.Read()
				if err != nil {
					t.Fatal(err)
				}
				codes = append(codes, string(sc.Code))
			}
			elapsed := time.Since(start)
			dev.Close()
			if rounds := r.sim.Stats().Commands; float64(rounds) > elapsed.Seconds()/0.040+2 {
				t.Errorf("%d rounds in %v with poll=40ms", rounds, elapsed)
			}
			if elapsed < 9*40*time.Millisecond {
				t.Errorf("ten rounds in %v with poll=40ms", elapsed)
			}
			if dr, ok := dev.(*Dev); !ok || !strings.HasPrefix(dr.ReaderStatus(), "inventory finished") {
				t.Errorf("ReaderStatus = %q", dev.(*Dev).ReaderStatus())
			}
		})
	}
}

// Drivers0 returns the opener of a protocol.
func Drivers0(proto string) device.Opener {
	if proto == device.DriverR2000 {
		return OpenR2000
	}
	return OpenChafon
}

func TestCloseWakesRead(t *testing.T) {
	for _, proto := range protocols {
		t.Run(proto, func(t *testing.T) {
			checkNoLeaks(t)
			r := startReader(t, &Simulator{Protocol: proto}) // no tags: Read blocks
			dev, err := Drivers0(proto)(spec(t, proto+":"+r.path()))
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error)
			go func() {
				_, err := dev.Read()
				done <- err
			}()
			for r.sim.Stats().Commands < 3 {
				time.Sleep(time.Millisecond) // polling the simulator's counter; nothing to wait on
			}
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
			if st := dev.(*Dev).ReaderStatus(); st != "no tag in field" && !strings.HasPrefix(st, "inventory finished, 0 reads") {
				t.Errorf("ReaderStatus = %q", st)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	_, err := OpenChafon(spec(t, "chafon:"+filepath.Join(t.TempDir(), "ttyNone")))
	if err == nil || !strings.HasPrefix(err.Error(), "chafon: open ") {
		t.Errorf("absent port: %v", err)
	}
	_, err = OpenR2000(device.Spec{Path: "/dev/null", Options: map[string]string{"poll": "forever"}})
	if err == nil || !strings.Contains(err.Error(), `poll "forever"`) {
		t.Errorf("bad poll: %v", err)
	}
}

// Garbage that looks like the header of a long frame holds back the reply
// after it; the driver gives up on it when the next reply comes and the
// rest has not, instead of waiting for 240 bytes.
func TestStaleFrameGivenUp(t *testing.T) {
	checkNoLeaks(t)
	master, slave, err := OpenPTY()
	if err != nil {
		t.Fatal(err)
	}
	defer slave.Close()
	defer master.Close()
	tag := Tag{EPC: []byte{0xE2, 0, 0, 0x42}}
	reply := ChafonFrame(0, ChafonInventory, append([]byte{ChafonFinished}, ChafonInventoryData([]Tag{tag}, 0, false)...)...)
	go func() {
		var p ChafonParser
		buf := make([]byte, 64)
		first := true
		for {
			n, err := master.Read(buf)
			if err != nil {
				return
			}
			for range p.Feed(buf[:n]) {
				out := reply
				if first { // Len 240, address 0, inventory, more frames follow
					out, first = append([]byte{0xF0, 0x00, ChafonInventory, ChafonMore}, reply...), false
				}
				if _, err := master.Write(out); err != nil {
					return
				}
			}
		}
	}()
	dev, err := OpenChafon(spec(t, "chafon:"+slave.Name()))
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	start := time.Now()
	var got []string
	for len(got) < 3 {
		sc, err := dev.Read()
		var noise *device.NoiseError
		switch {
		case errors.As(err, &noise):
			got = append(got, "noise: "+noise.Reason)
		case err != nil:
			t.Fatal(err)
		default:
			got = append(got, string(sc.Code))
		}
	}
	want := []string{"noise: chafon: unfinished frame, 4 bytes skipped", "E2000042", "E2000042"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
	if elapsed := time.Since(start); elapsed < staleAfter || elapsed > roundTimeout+time.Second {
		t.Errorf("held back for %v", elapsed)
	}
}
