package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// daemon is the real binary serving a data folder.
type daemon struct {
	cmd *exec.Cmd
	url string
}

var kioskAt = regexp.MustCompile(`kiosk at (http://\S+)/`)

func startDaemon(t *testing.T, bin, dir string, extra ...string) *daemon {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, extra...)
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := kioskAt.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case url := <-found:
		return &daemon{cmd: cmd, url: url}
	case <-time.After(30 * time.Second):
		t.Fatal("the daemon did not say where it listens")
	}
	return nil
}

type ack struct {
	seq  int64
	code string
}

// Kill -9 in the middle of a burst of scans: every acknowledged scan is in
// the log exactly once after a restart, and the counts agree with the log.
func TestSIGKILLLosesNoAcknowledgedScan(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	const items = 3000
	visit := seedKiosk(t, dir, items)

	var acked []ack
	var mu sync.Mutex
	next := 1
	rng := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 3; round++ {
		d := startDaemon(t, bin, dir)
		killAfter := 150 + rng.IntN(250)
		const workers = 4
		var wg sync.WaitGroup
		var sent int
		stop := make(chan struct{})
		var stopOnce sync.Once
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					mu.Lock()
					if next > items {
						mu.Unlock()
						return
					}
					code := fmt.Sprintf("B%05d", next)
					next++
					mu.Unlock()
					select {
					case <-stop:
						return
					default:
					}
					body := fmt.Sprintf(`{"code":%q,"source":"crash-test"}`, code)
					resp, err := httpPost(d.url+fmt.Sprintf("/api/visits/%d/scans", visit), body)
					if err != nil {
						return // the daemon died under us: this scan was never acknowledged
					}
					var r struct {
						Seq     int64
						Outcome string
					}
					if resp.status == 201 && json.Unmarshal(resp.body, &r) == nil && r.Seq > 0 {
						mu.Lock()
						acked = append(acked, ack{r.Seq, code})
						sent++
						n := sent
						mu.Unlock()
						if n >= killAfter {
							stopOnce.Do(func() {
								d.cmd.Process.Signal(syscall.SIGKILL)
								close(stop)
							})
						}
					}
				}
			}()
		}
		wg.Wait()
		d.cmd.Wait()
	}
	if len(acked) < 300 {
		t.Fatalf("only %d scans acknowledged", len(acked))
	}

	// Restart and read everything back.
	d := startDaemon(t, bin, dir)
	var exp struct {
		Scans []struct {
			Seq     int64
			Code    string
			Outcome string
			Voided  bool
		}
		Tally struct{ Packed int }
	}
	out, err := exec.Command(bin, "export", "visit", fmt.Sprint(visit), "--format", "json", "--data", dir).Output()
	if err != nil {
		t.Fatalf("export while serving: %v", err)
	}
	if err := json.Unmarshal(out, &exp); err != nil {
		t.Fatal(err)
	}
	logged := map[int64]string{}
	codes := map[string]int{}
	for _, s := range exp.Scans {
		logged[s.Seq] = s.Code
		codes[s.Code]++
	}
	for _, a := range acked {
		if logged[a.seq] != a.code {
			t.Fatalf("acknowledged scan %d (%s) is missing from the log (found %q)", a.seq, a.code, logged[a.seq])
		}
		if codes[a.code] != 1 {
			t.Fatalf("scan of %s is in the log %d times", a.code, codes[a.code])
		}
	}
	// Unacknowledged commits are possible only for requests in flight at
	// the moment of each kill.
	if extra := len(exp.Scans) - len(acked); extra < 0 || extra > 3*4 {
		t.Fatalf("log has %d scans, %d acknowledged", len(exp.Scans), len(acked))
	}
	var tally struct{ Packed int }
	call(t, "GET", fmt.Sprintf("%s/api/visits/%d/tally", d.url, visit), "", &tally)
	if tally.Packed != len(exp.Scans) || exp.Tally.Packed != tally.Packed {
		t.Fatalf("packed after restart %d, export %d, scans in log %d", tally.Packed, exp.Tally.Packed, len(exp.Scans))
	}
	t.Logf("%d scans acknowledged across 3 kills; %d in the log; packed = %d", len(acked), len(exp.Scans), tally.Packed)

	// Stop it the gentle way too: SIGTERM shuts down cleanly.
	d.cmd.Process.Signal(syscall.SIGTERM)
	if err := d.cmd.Wait(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
}

type httpResp struct {
	status int
	body   []byte
}

func httpPost(url, body string) (httpResp, error) {
	resp, err := httpClient.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		return httpResp{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return httpResp{resp.StatusCode, b}, err
}
