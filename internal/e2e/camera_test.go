package e2e

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// qrFrame is a 640×480 camera-like JPEG frame with a QR code of text in it.
func qrFrame(t *testing.T, text string) []byte {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 240, 240, nil)
	if err != nil {
		t.Fatal(err)
	}
	frame := image.NewGray(image.Rect(0, 0, 640, 480))
	draw.Draw(frame, frame.Bounds(), image.NewUniform(image.White), image.Point{}, draw.Src)
	draw.Draw(frame, image.Rect(200, 120, 440, 360), m, image.Point{}, draw.Src)
	var b bytes.Buffer
	if err := jpeg.Encode(&b, frame, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A phone camera app's MJPEG stream, read by the real daemon: a QR code in
// view for many frames is one scan; the stream ending is reconnected.
func TestMJPEGCameraScans(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	visit := seedKiosk(t, dir, 10)
	frame := qrFrame(t, "B00003")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{}) // the camera shows the code once the visit is active
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-ready:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "multipart/x-mixed-replace; boundary=frame")
		for i := 0; i < 40; i++ { // about 2 s of video, then the app stops
			fmt.Fprintf(w, "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n", len(frame))
			w.Write(frame)
			w.Write([]byte("\r\n"))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	d := startDaemon(t, bin, dir, "--device", "mjpeg:http://"+ln.Addr().String()+"/video,name=ponsel,rescan=30s")
	call(t, "PUT", d.url+"/api/active", fmt.Sprintf(`{"visit_id":%d}`, visit), nil)
	ws := dialViewer(t, d.url, visit)
	close(ready)
	m := readUntil(t, ws, func(m map[string]any) bool { return m["type"] == "scan" })
	if m["code"] != "B00003" || m["outcome"] != "accepted" || m["source"] != "device:ponsel" {
		t.Fatalf("camera scan: %v", m)
	}
	// Many more frames of the same code (and a reconnect when the stream
	// ends) make no second scan within rescan.
	time.Sleep(3 * time.Second)
	var tally map[string]any
	call(t, "GET", fmt.Sprintf("%s/api/visits/%d/tally", d.url, visit), "", &tally)
	if tally["packed"] != 1.0 || tally["duplicate"] != 0.0 {
		t.Fatalf("after 2 s of the same code: %v", tally)
	}
}

// The operator page's camera path: a frame with a QR code, given to the
// page as its camera would (window.anterkoperCamera.sendFrame, the same
// WebSocket message the live camera sends), becomes a scan on the page.
func TestOperatorPageCameraFrame(t *testing.T) {
	dir := t.TempDir()
	visit := seedKiosk(t, dir, 10)
	k := startKioskWith(t, dir, "127.0.0.1:0", false)
	op := browser(t)
	if err := doWithin(op, 20*time.Second,
		chromedp.Navigate(fmt.Sprintf("%s/?visit=%d", k.url, visit)),
		chromedp.WaitVisible(chromedp.CSS("#camera-toggle")),
	); err != nil {
		t.Fatal(err)
	}
	if err := waitAttr(op, "#conn-state", "data-state", "connected", 10*time.Second); err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString(qrFrame(t, "B00004"))
	codes, err := chromedp.Run(op, chromedp.Evaluate[[]string](`(async () => {
		const bin = Uint8Array.from(atob('`+b64+`'), c => c.charCodeAt(0));
		const ack = await window.anterkoperCamera.sendFrame(bin.buffer);
		return ack.codes;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || len(codes) != 1 || codes[0] != "B00004" {
		t.Fatalf("frame ack codes %v, %v", codes, err)
	}
	if err := waitText(op, `[data-tally="packed"]`, "1", 10*time.Second); err != nil {
		t.Fatalf("camera scan on the page: %v", err)
	}
	if err := waitAttr(op, "#last-scans li", "data-outcome", "accepted", 10*time.Second); err != nil {
		t.Fatal(err)
	}
}
