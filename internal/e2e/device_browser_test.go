package e2e

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The operator page shows each scanner's state live and warns loudly when
// one is unplugged; a scan from the scanner shows like one from the page.
func TestOperatorPageShowsScannerState(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	visit := seedKiosk(t, dir, 10)
	link := filepath.Join(t.TempDir(), "ttyScanner")
	line := openRawPTY(t, link)
	d := startDaemon(t, bin, dir, "--device", "serial:"+link+",name=meja")
	op := browser(t)
	if err := doWithin(op, 20*time.Second,
		chromedp.Navigate(fmt.Sprintf("%s/?visit=%d", d.url, visit)),
		chromedp.WaitVisible(chromedp.CSS("#scan-input")),
	); err != nil {
		t.Fatal(err)
	}
	dev := `#devices li[data-device="meja"]`
	if err := waitAttr(op, dev, "data-state", "connected", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	// Opening the visit made it the active one: the scanner feeds it.
	line.master.Write([]byte("B00001\r\n"))
	if err := waitText(op, `[data-tally="packed"]`, "1", 10*time.Second); err != nil {
		t.Fatalf("scan from the serial scanner: %v", err)
	}

	line.unplug()
	if err := waitAttr(op, dev, "data-state", "disconnected", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(op, 20*time.Second, chromedp.WaitVisible(chromedp.CSS(`#banner .banner-line[data-problem="device:meja"]`))); err != nil {
		t.Fatalf("no banner for the unplugged scanner: %v", err)
	}
	screenshot(t, op, "operator-scanner-unplugged-1366x768", 1366, 768)

	line = openRawPTY(t, link)
	if err := waitAttr(op, dev, "data-state", "connected", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(op, 20*time.Second, chromedp.WaitNotPresent(chromedp.CSS(`#banner .banner-line[data-problem="device:meja"]`))); err != nil {
		t.Fatalf("the banner stayed after the scanner came back: %v", err)
	}
	line.master.Write([]byte("B00002\r\n"))
	if err := waitText(op, `[data-tally="packed"]`, "2", 10*time.Second); err != nil {
		t.Fatalf("scan after replug: %v", err)
	}
}
