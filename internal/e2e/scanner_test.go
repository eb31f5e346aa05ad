package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"anterkoper/internal/testenv"
)

func needSocat(t *testing.T) string {
	t.Helper()
	return testenv.Tool(t, "socat", "socat")
}

// virtualScanner is a socat pty pair: the daemon opens scanner, the test
// writes into host as the scanner would.
type virtualScanner struct {
	cmd           *exec.Cmd
	scanner, host string
}

func startSocat(t *testing.T, socat, dir string) *virtualScanner {
	t.Helper()
	v := &virtualScanner{scanner: filepath.Join(dir, "ttyScanner"), host: filepath.Join(dir, "ttyHost")}
	v.cmd = exec.Command(socat, "pty,raw,echo=0,link="+v.scanner, "pty,raw,echo=0,link="+v.host)
	if err := v.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.cmd.Process.Kill(); v.cmd.Wait() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, e1 := os.Stat(v.scanner)
		_, e2 := os.Stat(v.host)
		if e1 == nil && e2 == nil {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatal("socat made no ptys")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (v *virtualScanner) write(t *testing.T, s string) {
	t.Helper()
	f, err := os.OpenFile(v.host, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func (v *virtualScanner) stop() {
	v.cmd.Process.Kill()
	v.cmd.Wait()
}

type deviceState struct {
	Name, State, Error string
	Scans, Errors      int
}

func waitDevice(t *testing.T, url string, want func(deviceState) bool, what string) deviceState {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var got []deviceState
	for time.Now().Before(deadline) {
		got = nil
		call(t, "GET", url+"/api/devices", "", &got)
		if len(got) == 1 && want(got[0]) {
			return got[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("device never %s: %+v", what, got)
	return deviceState{}
}

// The README's instructions: a socat pty as a serial scanner, fed to the
// real binary with --device; scans reach the active visit's viewers, with
// no active visit they are logged as no_visit, and the scanner survives
// being unplugged and plugged back.
func TestSerialScannerEndToEnd(t *testing.T) {
	socat := needSocat(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	visit := seedKiosk(t, dir, 20)
	vs := startSocat(t, socat, t.TempDir())
	d := startDaemon(t, bin, dir, "--device", "serial:"+vs.scanner+",name=meja")
	waitDevice(t, d.url, func(s deviceState) bool { return s.State == "connected" && s.Name == "meja" }, "connected")

	// No active visit yet: logged as no_visit, announced to every screen.
	ws := dialViewer(t, d.url, visit)
	vs.write(t, "B00001\r\n")
	if m := readUntil(t, ws, func(m map[string]any) bool { return m["type"] == "no_visit" }); m["code"] != "B00001" || m["source"] != "device:meja" {
		t.Fatalf("scan with no active visit: %v", m)
	}

	if c := call(t, "PUT", d.url+"/api/active", fmt.Sprintf(`{"visit_id":%d}`, visit), nil); c != 204 {
		t.Fatalf("PUT /api/active: %d", c)
	}
	vs.write(t, "]C0B00002\r\n")
	m := readUntil(t, ws, func(m map[string]any) bool { return m["type"] == "scan" })
	if m["code"] != "B00002" || m["outcome"] != "accepted" || m["source"] != "device:meja" {
		t.Fatalf("device scan: %v", m)
	}
	vs.write(t, "\x01\x02garbage\x7f\r\nB00003\n")
	m = readUntil(t, ws, func(m map[string]any) bool { return m["type"] == "scan" })
	if m["code"] != "B00003" {
		t.Fatalf("after noise: %v", m)
	}
	waitDevice(t, d.url, func(s deviceState) bool { return s.Errors >= 1 && s.Scans == 3 }, "counted the noise")

	// Unplug: the state says so, live.
	vs.stop()
	readUntil(t, ws, func(m map[string]any) bool {
		devs, _ := m["devices"].([]any)
		return m["type"] == "devices" && len(devs) == 1 && devs[0].(map[string]any)["state"] == "disconnected"
	})
	// Plug back in at the same path: reopened, and scans count again.
	vs = startSocat(t, socat, filepath.Dir(vs.scanner))
	waitDevice(t, d.url, func(s deviceState) bool { return s.State == "connected" }, "reconnected")
	vs.write(t, "B00004\r\n")
	m = readUntil(t, ws, func(m map[string]any) bool { return m["type"] == "scan" })
	if m["code"] != "B00004" || m["outcome"] != "accepted" {
		t.Fatalf("after replug: %v", m)
	}
	var tally struct{ Packed int }
	call(t, "GET", fmt.Sprintf("%s/api/visits/%d/tally", d.url, visit), "", &tally)
	if tally.Packed != 3 {
		t.Fatalf("packed = %d, want 3", tally.Packed)
	}
}

func dialViewer(t *testing.T, url string, visit int64) *websocket.Conn {
	t.Helper()
	c, _, err := websocket.DefaultDialer.Dial(strings.Replace(url, "http://", "ws://", 1)+fmt.Sprintf("/api/visits/%d/ws", visit), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func readUntil(t *testing.T, c *websocket.Conn, match func(map[string]any) bool) map[string]any {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	var last map[string]any
	for {
		var m map[string]any
		if err := c.ReadJSON(&m); err != nil {
			t.Fatalf("waiting for a message: %v (last seen: %v)", err, last)
		}
		last = m
		if match(m) {
			return m
		}
	}
}
