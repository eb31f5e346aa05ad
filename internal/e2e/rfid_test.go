package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// simulator runs `anterkoper simulate rfid` with a link at a path of ours.
func startSimulator(t *testing.T, bin, protocol, link string, tags int, extra ...string) *exec.Cmd {
	t.Helper()
	args := append([]string{"simulate", "rfid", "--protocol", protocol, "--tags", fmt.Sprint(tags), "--link", link,
		"--rate", "2000"}, extra...)
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(link); err == nil {
			return cmd
		}
		if time.Now().After(deadline) {
			t.Fatal("the simulator made no reader")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tagsFile writes epc,item_code rows for the simulator's first n tags
// (EPCs E2000000…0001 to …n, in decimal) and items B00001…
func tagsFile(t *testing.T, n int) string {
	var b strings.Builder
	b.WriteString("epc,item_code\n")
	for i := 1; i <= n; i++ {
		num := fmt.Sprint(i)
		b.WriteString("E2000000" + strings.Repeat("0", 16-len(num)) + num + fmt.Sprintf(",B%05d\n", i))
	}
	p := filepath.Join(t.TempDir(), "tags.csv")
	os.WriteFile(p, []byte(b.String()), 0o644)
	return p
}

// A basket of 300 tagged books on a UHF reader (both protocols, through a
// real pty, with line faults mixed in): each book counts exactly once;
// switching to lend counts each once more; unplugging the reader mid-
// inventory and plugging it back loses no tag seen after the return.
func TestRFIDBasketCount(t *testing.T) {
	bin := buildBinary(t)
	for _, protocol := range []string{"chafon", "r2000"} {
		t.Run(protocol, func(t *testing.T) {
			dir := t.TempDir()
			visit := seedKiosk(t, dir, 320)
			if out, err := exec.Command(bin, "import", "tags", tagsFile(t, 320), "--data", dir).CombinedOutput(); err != nil {
				t.Fatalf("import tags: %v %s", err, out)
			}
			link := filepath.Join(t.TempDir(), "reader")
			sim := startSimulator(t, bin, protocol, link, 300, "--garbage", "0.05")
			d := startDaemon(t, bin, dir, "--device", protocol+":"+link+",name=uhf")
			call(t, "PUT", d.url+"/api/active", fmt.Sprintf(`{"visit_id":%d}`, visit), nil)
			tally := func() map[string]any {
				var m map[string]any
				call(t, "GET", fmt.Sprintf("%s/api/visits/%d/tally", d.url, visit), "", &m)
				return m
			}
			waitTally := func(field string, want float64) {
				t.Helper()
				deadline := time.Now().Add(30 * time.Second)
				for {
					m := tally()
					if m[field] == want {
						return
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s = %v, want %v (tally %v)", field, m[field], want, m)
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
			waitTally("packed", 300)
			var field struct{ Count int }
			call(t, "GET", d.url+"/api/rfid/field", "", &field)
			if field.Count != 300 {
				t.Fatalf("in the field now: %d, want 300", field.Count)
			}
			st := waitDevice(t, d.url, func(s deviceState) bool { return s.Scans > 600 }, "read every tag more than once")
			time.Sleep(500 * time.Millisecond) // more sightings: still 300
			if m := tally(); m["packed"] != 300.0 || m["duplicate"] != 0.0 {
				t.Fatalf("after repeated sightings: %v", m)
			}
			if st.Errors == 0 {
				t.Errorf("line faults were injected but no bad frame was counted")
			}

			// Lend with the basket still on the reader, and pull the
			// reader's cable in the middle of it.
			call(t, "PUT", fmt.Sprintf("%s/api/visits/%d/mode", d.url, visit), `{"mode":"lend"}`, nil)
			time.Sleep(50 * time.Millisecond)
			sim.Process.Kill()
			sim.Wait()
			os.Remove(link)
			waitDevice(t, d.url, func(s deviceState) bool { return s.State != "connected" }, "disconnected")
			startSimulator(t, bin, protocol, link, 300)
			waitDevice(t, d.url, func(s deviceState) bool { return s.State == "connected" }, "reconnected")
			waitTally("lent", 300)
			if m := tally(); m["packed"] != 300.0 || m["rejected"] != 0.0 {
				t.Fatalf("after the replug: %v", m)
			}
		})
	}
}

// The operator page shows the reader's field live: how many tags, and
// which of them map to no book; binding one from the page works.
func TestOperatorPageShowsRFIDField(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	visit := seedKiosk(t, dir, 120)
	if out, err := exec.Command(bin, "import", "tags", tagsFile(t, 30), "--data", dir).CombinedOutput(); err != nil {
		t.Fatalf("import tags: %v %s", err, out)
	}
	link := filepath.Join(t.TempDir(), "reader")
	startSimulator(t, bin, "r2000", link, 40)
	d := startDaemon(t, bin, dir, "--device", "r2000:"+link+",name=uhf")
	op := browser(t)
	if err := doWithin(op, 20*time.Second,
		chromedp.Navigate(fmt.Sprintf("%s/?visit=%d", d.url, visit)),
		chromedp.WaitVisible(chromedp.CSS("#rfid-panel")),
	); err != nil {
		t.Fatalf("RFID panel: %v", err)
	}
	if err := waitText(op, "#rfid-field-count", "40", 15*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := waitText(op, `[data-tally="packed"]`, "30", 15*time.Second); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(op, chromedp.Evaluate[int](`document.querySelectorAll('#rfid-unmapped li[data-epc]').length`))
	if err != nil || n != 10 {
		t.Fatalf("unmapped tags listed: %d, %v; want 10", n, err)
	}
	screenshot(t, op, "operator-rfid-1366x768", 1366, 768)

	// Bind: press the button, scan the book's barcode, and the reader's
	// next unbound tag is bound to it.
	if err := doWithin(op, 20*time.Second, chromedp.Click(chromedp.CSS("#rfid-bind"))); err != nil {
		t.Fatal(err)
	}
	if err := waitAttr(op, "#rfid-panel", "data-bind", "await-barcode", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	typeScan(t, op, "B00100")
	if err := waitAttr(op, "#rfid-bind-result", "data-result", "ok", 15*time.Second); err != nil {
		st, _ := chromedp.Run(op, chromedp.Evaluate[string](`document.querySelector('#rfid-panel').dataset.bind + ' | ' + document.querySelector('#rfid-bind-status').textContent + ' | ' + document.querySelector('#rfid-bind-result').textContent + ' | ' + document.querySelector('#scan-input').value`))
		var f map[string]any
		call(t, "GET", d.url+"/api/rfid/field", "", &f)
		t.Fatalf("binding from the page: %v (%s) field %v", err, st, f)
	}
	var field struct{ Unmapped []string }
	call(t, "GET", d.url+"/api/rfid/field", "", &field)
	if len(field.Unmapped) != 9 {
		t.Fatalf("after binding one tag, %d unmapped, want 9", len(field.Unmapped))
	}
}
