package e2e

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"anterkoper/device/decode"
	"anterkoper/internal/testenv"
)

// drawSignature draws a zigzag on the canvas sel with real mouse events.
func drawSignature(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(
		`(() => { const c = document.querySelector(%q); c.scrollIntoView({block: 'center'}); const r = c.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`, sel)))
	if err != nil || len(box) != 4 {
		t.Fatalf("signature pad %s: %v %v", sel, box, err)
	}
	x0, y0, w, h := box[0], box[1], box[2], box[3]
	steps := []chromedp.Action[chromedp.Void]{chromedp.MouseEvent(chromedp.MousePressed, x0+w*0.1, y0+h*0.5, chromedp.ButtonLeft)}
	for i := 1; i <= 24; i++ {
		y := y0 + h*0.3
		if i%2 == 0 {
			y = y0 + h*0.7
		}
		steps = append(steps, chromedp.MouseEvent(chromedp.MouseMoved, x0+w*(0.1+0.8*float64(i)/24), y, chromedp.ButtonLeft))
	}
	steps = append(steps, chromedp.MouseEvent(chromedp.MouseReleased, x0+w*0.9, y0+h*0.5, chromedp.ButtonLeft))
	if err := doWithin(ctx, 20*time.Second, steps...); err != nil {
		t.Fatal(err)
	}
}

// The papers issue's acceptance check: a visit goes from lending to a
// signed receipt. Both signatures are drawn (the officer on the laptop, the
// school on its viewer), the receipt PDF is downloaded from the viewer and
// its QR code, read by the project's own decoder, names the same receipt.
func TestLendToSignedReceiptInBrowser(t *testing.T) {
	pdftoppm := testenv.Tool(t, "poppler-utils", "pdftoppm")
	dir := t.TempDir()
	visit := seedKiosk(t, dir, 10)
	k := startKiosk(t, dir, "127.0.0.1:0")
	op := browser(t)
	viewer, cancel := chromedp.NewContext(op)
	defer cancel()
	if err := chromedp.Do(viewer); err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/api/visits/%d", visit)
	if err := doWithin(op, 30*time.Second, chromedp.Navigate(fmt.Sprintf("%s/?visit=%d", k.url, visit)),
		chromedp.WaitVisible(chromedp.CSS("#scan-input"))); err != nil {
		t.Fatal(err)
	}
	if err := waitAttr(op, "#conn-state", "data-state", "connected", 20*time.Second); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		mode  string
		codes []string
	}{{"pack", []string{"B00001", "B00002", "B00003"}}, {"lend", []string{"B00001", "B00002", "B00003"}}} {
		if err := doWithin(op, 20*time.Second, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-mode-button=%q]`, step.mode)))); err != nil {
			t.Fatal(err)
		}
		if err := waitAttr(op, fmt.Sprintf(`[data-mode-button=%q]`, step.mode), "aria-pressed", "true", 20*time.Second); err != nil {
			t.Fatal(err)
		}
		for _, c := range step.codes {
			typeScan(t, op, c)
		}
	}
	if err := waitText(op, `.tally-num[data-tally="lent"]`, "3", 20*time.Second); err != nil {
		t.Fatal(err)
	}

	// The school's screen.
	if err := doWithin(viewer, 30*time.Second, chromedp.Navigate(fmt.Sprintf("%s/viewer?visit=%d", k.url, visit)),
		chromedp.WaitVisible(chromedp.CSS("#signoff-open"))); err != nil {
		t.Fatal(err)
	}
	if err := waitText(viewer, `.big-num[data-tally="lent"]`, "3", 20*time.Second); err != nil {
		t.Fatal(err)
	}

	// The officer signs on the laptop.
	if err := doWithin(op, 20*time.Second, chromedp.Click(chromedp.CSS("#signoff-open")),
		chromedp.WaitVisible(chromedp.CSS("#so-pad-officer"))); err != nil {
		t.Fatal(err)
	}
	if err := waitText(op, `[data-so="lent"]`, "3", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	drawSignature(t, op, "#so-pad-officer")
	if err := doWithin(op, 20*time.Second, chromedp.SendKeys(chromedp.CSS("#so-name-officer"), "Budi Santoso"),
		chromedp.Click(chromedp.CSS("#so-sign-officer"))); err != nil {
		t.Fatal(err)
	}
	if err := waitAttr(op, `.so-party[data-party="officer"]`, "data-signed", "true", 20*time.Second); err != nil {
		t.Fatal(err)
	}
	// The viewer opens its panel by itself once someone signed; the school signs there.
	if err := doWithin(viewer, 20*time.Second, chromedp.WaitVisible(chromedp.CSS("#so-pad-school"))); err != nil {
		t.Fatal(err)
	}
	if err := waitText(viewer, `[data-so="lent"]`, "3", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	screenshot(t, viewer, "signoff-viewer", 1024, 900)
	drawSignature(t, viewer, "#so-pad-school")
	if err := doWithin(viewer, 20*time.Second, chromedp.SendKeys(chromedp.CSS("#so-name-school"), "Ibu Sri Wahyuni"),
		chromedp.Click(chromedp.CSS("#so-sign-school")), chromedp.WaitVisible(chromedp.CSS("#so-sealed"))); err != nil {
		t.Fatal(err)
	}
	// Sealed: the operator page refuses another scan.
	var st struct {
		Sealed  bool
		Receipt string
	}
	if code := call(t, "GET", k.url+base+"/signoff", "", &st); code != 200 || !st.Sealed {
		t.Fatalf("sign-off after both signed: %d %+v", code, st)
	}
	screenshot(t, viewer, "signoff-sealed", 1024, 900)

	// Download the receipt from the viewer, as the school's phone would.
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(viewer, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(viewer, 20*time.Second, chromedp.Click(chromedp.CSS("#so-receipt"))); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(downloads, fmt.Sprintf("bukti-peminjaman-%d.pdf", visit))
	deadline := time.Now().Add(30 * time.Second)
	for {
		if b, err := os.ReadFile(pdf); err == nil && strings.HasPrefix(string(b), "%PDF") && strings.Contains(string(b[max(0, len(b)-64):]), "%%EOF") {
			break
		}
		if time.Now().After(deadline) {
			entries, _ := os.ReadDir(downloads)
			t.Fatalf("the receipt was not downloaded to %s (found %v)", downloads, entries)
		}
		time.Sleep(100 * time.Millisecond)
	}
	prefix := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command(pdftoppm, "-r", "150", "-png", "-singlefile", pdf, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	d := decode.Decoder{Formats: []string{"QR_CODE"}}
	var got []string
	for _, r := range d.Decode(img) {
		got = append(got, r.Text)
	}
	if len(got) != 1 || got[0] != st.Receipt {
		t.Fatalf("the receipt's QR reads %q; the receipt is %q", got, st.Receipt)
	}

	// Sealed counts cannot change from the page either.
	if err := doWithin(op, 20*time.Second, chromedp.Click(chromedp.CSS("#signoff-dialog .so-close"))); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(op, 20*time.Second, chromedp.Sleep(500*time.Millisecond), chromedp.Click(chromedp.CSS("#scan-input"))); err != nil {
		t.Fatal(err)
	}
	typeScan(t, op, "B00004")
	// The page says it was not recorded (the flash's word is upper-cased by CSS).
	if err := waitText(op, "#flash-word", "TIDAK TERSIMPAN", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	var tally struct{ Lent int }
	call(t, "GET", k.url+base+"/tally", "", &tally)
	if tally.Lent != 3 {
		t.Fatalf("a scan changed sealed counts: lent %d", tally.Lent)
	}
}
