package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	_ "image/png"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// decodeQRDataURL reads the text of a QR code in a data:image/png URL, as
// the teacher's phone camera would.
func decodeQRDataURL(t *testing.T, src string) string {
	t.Helper()
	b64, ok := strings.CutPrefix(src, "data:image/png;base64,")
	if !ok {
		t.Fatalf("QR image src %.40q is not a PNG data URL", src)
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decoding the pairing QR: %v", err)
	}
	return res.GetText()
}

// LAN mode in a real browser: log in, open the pairing QR, and open the
// viewer URL it encodes in a second tab, which then follows the scans.
func TestLANLoginPairingAndViewer(t *testing.T) {
	dir := t.TempDir()
	visit := seedKiosk(t, dir, 10)
	addUser(t, dir, "sri", "rahasia123")
	k := startKioskWith(t, dir, "127.0.0.1:0", true)
	op := browser(t)

	if err := doWithin(op, 20*time.Second,
		chromedp.Navigate(fmt.Sprintf("%s/?visit=%d", k.url, visit)),
		chromedp.WaitVisible(chromedp.CSS("#login-form")),
		chromedp.SendKeys(chromedp.CSS("#login-user"), "sri"),
		chromedp.SendKeys(chromedp.CSS("#login-password"), "rahasia123"),
		chromedp.Click(chromedp.CSS("#login-submit")),
		chromedp.WaitVisible(chromedp.CSS("#scan-input")),
	); err != nil {
		t.Fatalf("login: %v", err)
	}
	if err := waitAttr(op, "#conn-state", "data-state", "connected", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	// A scan from the page passes the CSRF check.
	typeScan(t, op, "B00001")
	if err := waitText(op, `[data-tally="packed"]`, "1", 10*time.Second); err != nil {
		t.Fatal(err)
	}

	if err := doWithin(op, 20*time.Second,
		chromedp.Click(chromedp.CSS("#open-viewer")),
		chromedp.WaitVisible(chromedp.CSS("#pair-qr")),
	); err != nil {
		t.Fatalf("pairing dialog: %v", err)
	}
	var src string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && !strings.HasPrefix(src, "data:") {
		res, err := chromedp.Run(op, chromedp.AttributeValue(chromedp.CSS("#pair-qr"), "src"))
		if err == nil {
			src = res.Value
		}
		time.Sleep(50 * time.Millisecond)
	}
	screenshot(t, op, "operator-pairing-1366x768", 1366, 768)
	link := decodeQRDataURL(t, src)
	if !strings.Contains(link, fmt.Sprintf("/viewer?visit=%d&token=", visit)) {
		t.Fatalf("QR encodes %q", link)
	}

	// The teacher's phone: a browser context of its own, without the
	// operator's cookie, so only the token in the link opens the viewer.
	viewer, cancel := chromedp.NewContext(op, chromedp.WithNewBrowserContext())
	defer cancel()
	if err := chromedp.Do(viewer); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(viewer, 20*time.Second, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`[data-tally="packed"]`))); err != nil {
		t.Fatalf("viewer from the QR: %v", err)
	}
	if err := waitAttr(viewer, "#conn-state", "data-state", "connected", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := doWithin(op, 20*time.Second, chromedp.Click(chromedp.CSS("#pair-close"))); err != nil {
		t.Fatal(err)
	}
	typeScan(t, op, "B00002")
	if err := waitText(viewer, `[data-tally="packed"]`, "2", 10*time.Second); err != nil {
		t.Fatalf("viewer opened from the QR does not follow the scans: %v", err)
	}
}
