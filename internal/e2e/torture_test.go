package e2e

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/gorilla/websocket"
	"golang.org/x/sys/unix"
)

var (
	tortureKills  = flag.Int("torture.kills", 5, "kill-and-restart harness: how many SIGKILLs")
	tortureScans  = flag.Int("torture.scans", 2000, "kill-and-restart harness: scans to send (HTTP and pty)")
	tortureCycles = flag.Int("torture.cycles", 5, "unplug/replug harness: cycles")
)

// rawPTY is a pseudo-terminal the test holds open (so the line survives the
// daemon dying), in raw mode (so nothing is echoed or line-edited), and
// reached by the daemon through a symlink in a folder of ours.
type rawPTY struct {
	master, slave *os.File
	link          string
}

func openRawPTY(t *testing.T, link string) *rawPTY {
	t.Helper()
	m, s, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	tio, err := unix.IoctlGetTermios(int(s.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	tio.Oflag &^= unix.OPOST
	tio.Lflag &^= unix.ECHO | unix.ECHONL | unix.ICANON | unix.ISIG | unix.IEXTEN
	if err := unix.IoctlSetTermios(int(s.Fd()), unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
	os.Remove(link)
	if err := os.Symlink(s.Name(), link); err != nil {
		t.Fatal(err)
	}
	p := &rawPTY{master: m, slave: s, link: link}
	t.Cleanup(p.unplug)
	return p
}

// unplug makes the device vanish, as pulling the cable does.
func (p *rawPTY) unplug() {
	os.Remove(p.link)
	p.master.Close()
	p.slave.Close()
}

// acks collects the codes whose scan event a viewer received: for a pty
// scan, the screen showing it is the acknowledgement.
type acks struct {
	mu    sync.Mutex
	codes map[string]int64 // code → seq
}

func (a *acks) add(code string, seq int64) {
	a.mu.Lock()
	a.codes[code] = seq
	a.mu.Unlock()
}

func watchAcks(c *websocket.Conn, a *acks) {
	for {
		var m struct {
			Type, Code string
			Seq        int64
		}
		if err := c.ReadJSON(&m); err != nil {
			return
		}
		if m.Type == "scan" {
			a.add(m.Code, m.Seq)
		}
	}
}

type exportScan struct {
	Seq     int64
	Code    string
	Outcome string
	Voided  bool
}

type visitExport struct {
	Scans []exportScan
	Tally map[string]any
}

func exportVisit(t *testing.T, bin, dir string, visit int64) visitExport {
	t.Helper()
	out, err := exec.Command(bin, "export", "visit", fmt.Sprint(visit), "--format", "json", "--data", dir).Output()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	var v visitExport
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// The kill-and-restart harness: thousands of scans over HTTP and over a
// pty scanner while the daemon is killed with SIGKILL at random moments and
// restarted each time. Afterwards every acknowledged scan is in the log
// exactly once, the tallies equal a recomputation from the log, and the
// database passes SQLite's integrity check. CI runs it bounded (5 kills,
// 2,000 scans); docs/RELIABILITY.md gives the long form.
func TestKillAndRestartHarness(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	total := *tortureScans
	visit := seedKiosk(t, dir, total)
	line := openRawPTY(t, filepath.Join(t.TempDir(), "ttyScanner"))
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))

	httpAcked := &acks{codes: map[string]int64{}}   // by the 201 answer
	screenAcked := &acks{codes: map[string]int64{}} // by a viewer's event (HTTP and pty scans)
	var next atomic.Int64
	sentPTY := map[string]bool{}
	var sentMu sync.Mutex
	nextCode := func() (string, bool) {
		n := next.Add(1)
		if n > int64(total) {
			return "", false
		}
		return fmt.Sprintf("B%05d", n), true
	}

	kills := 0
	for kills < *tortureKills && next.Load() < int64(total) {
		d := startDaemon(t, bin, dir, "--device", "serial:"+line.link+",name=pty")
		call(t, "PUT", d.url+"/api/active", fmt.Sprintf(`{"visit_id":%d}`, visit), nil)
		ws := dialViewer(t, d.url, visit)
		go watchAcks(ws, screenAcked)

		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < 3; w++ { // HTTP scanners
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					code, ok := nextCode()
					if !ok {
						return
					}
					r, err := httpPost(fmt.Sprintf("%s/api/visits/%d/scans", d.url, visit), fmt.Sprintf(`{"code":%q}`, code))
					var res struct{ Seq int64 }
					if err == nil && r.status == 201 && json.Unmarshal(r.body, &res) == nil {
						httpAcked.add(code, res.Seq)
					}
				}
			}()
		}
		wg.Add(1)
		go func() { // the pty scanner, one code every few milliseconds
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				case <-time.After(2 * time.Millisecond):
				}
				code, ok := nextCode()
				if !ok {
					return
				}
				// A dead daemon reads nothing: the line's buffer fills up, and
				// a scanner's write would fail too. Only a whole write counts
				// as sent.
				line.master.SetWriteDeadline(time.Now().Add(200 * time.Millisecond))
				if n, err := line.master.Write([]byte(code + "\r\n")); err == nil && n == len(code)+2 {
					sentMu.Lock()
					sentPTY[code] = true
					sentMu.Unlock()
				}
			}
		}()
		// Kill at a random moment within this round's share of the scans.
		share := int64(total / *tortureKills)
		killAt := int64(kills)*share + share/3 + rng.Int64N(share*2/3)
		for next.Load() < killAt {
			time.Sleep(time.Millisecond)
		}
		d.cmd.Process.Signal(syscall.SIGKILL)
		kills++
		close(stop)
		wg.Wait()
		d.cmd.Wait()
		ws.Close()
	}

	// Restart once more and let the pty's buffered codes drain.
	d := startDaemon(t, bin, dir, "--device", "serial:"+line.link+",name=pty")
	ws := dialViewer(t, d.url, visit)
	go watchAcks(ws, screenAcked)
	deadline := time.Now().Add(20 * time.Second)
	var v visitExport
	for {
		v = exportVisit(t, bin, dir, visit)
		logged := map[string]bool{}
		for _, s := range v.Scans {
			logged[s.Code] = true
		}
		pending := 0
		sentMu.Lock()
		for c := range sentPTY {
			if !logged[c] {
				pending++
			}
		}
		sentMu.Unlock()
		if pending == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}

	seen := map[string]int{}
	bySeq := map[int64]string{}
	accepted := 0
	for _, s := range v.Scans {
		seen[s.Code]++
		bySeq[s.Seq] = s.Code
		if s.Outcome == "accepted" && !s.Voided {
			accepted++
		}
	}
	lost, dup := 0, 0
	for _, a := range []*acks{httpAcked, screenAcked} {
		for code, seq := range a.codes {
			if bySeq[seq] != code || seen[code] == 0 {
				lost++
				t.Errorf("acknowledged scan %s (seq %d) is not in the log", code, seq)
			}
		}
	}
	for code, n := range seen {
		if n > 1 {
			dup++
			t.Errorf("%s is in the log %d times", code, n)
		}
	}
	// Tallies: the running daemon's, the export's (a fresh replay in another
	// process) and a count straight from the log agree.
	var live map[string]any
	call(t, "GET", fmt.Sprintf("%s/api/visits/%d/tally", d.url, visit), "", &live)
	if live["packed"] != float64(accepted) || v.Tally["packed"] != float64(accepted) {
		t.Errorf("packed: live %v, export %v, log %d", live["packed"], v.Tally["packed"], accepted)
	}
	d.cmd.Process.Signal(syscall.SIGTERM)
	d.cmd.Wait()
	out, err := exec.Command(bin, "check", "--data", dir).CombinedOutput()
	if err != nil {
		t.Errorf("anterkoper check: %v\n%s", err, out)
	}
	t.Logf("kills %d; scans sent %d (pty %d); acknowledged %d by HTTP answer, %d by a viewer's event; in the log %d; lost %d; duplicated %d",
		kills, min(next.Load(), int64(total)), len(sentPTY), len(httpAcked.codes), len(screenAcked.codes), len(v.Scans), lost, dup)
}

// Unplug and replug a pty scanner again and again while scanning: after
// each return every scan written is counted.
func TestUnplugReplugCycles(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const perCycle = 20
	visit := seedKiosk(t, dir, (*tortureCycles+1)*perCycle)
	link := filepath.Join(t.TempDir(), "ttyScanner")
	line := openRawPTY(t, link)
	d := startDaemon(t, bin, dir, "--device", "serial:"+link+",name=pty")
	call(t, "PUT", d.url+"/api/active", fmt.Sprintf(`{"visit_id":%d}`, visit), nil)
	ws := dialViewer(t, d.url, visit)
	a := &acks{codes: map[string]int64{}}
	go watchAcks(ws, a)

	n := 0
	lostAfterReturn := 0
	for cycle := 0; cycle <= *tortureCycles; cycle++ {
		if cycle > 0 {
			line.unplug()
			waitDevice(t, d.url, func(s deviceState) bool { return s.State != "connected" }, "disconnected")
			line = openRawPTY(t, link)
		}
		waitDevice(t, d.url, func(s deviceState) bool { return s.State == "connected" }, "connected")
		var want []string
		for i := 0; i < perCycle; i++ {
			n++
			code := fmt.Sprintf("B%05d", n)
			want = append(want, code)
			line.master.Write([]byte(code + "\r\n"))
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			a.mu.Lock()
			missing := 0
			for _, c := range want {
				if _, ok := a.codes[c]; !ok {
					missing++
				}
			}
			a.mu.Unlock()
			if missing == 0 {
				break
			}
			if time.Now().After(deadline) {
				lostAfterReturn += missing
				t.Errorf("cycle %d: %d of %d scans after the return never arrived", cycle, missing, perCycle)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	t.Logf("unplug/replug cycles survived %d; scans after returns %d; lost %d", *tortureCycles, n, lostAfterReturn)
}
