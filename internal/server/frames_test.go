package server

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"anterkoper/device/decode"
	"anterkoper/internal/auth"
	"anterkoper/internal/store"
)

func qrJPEG(t *testing.T, text string) []byte {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 200, 200, nil)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewGray(image.Rect(0, 0, 480, 360))
	draw.Draw(img, img.Bounds(), image.NewUniform(image.White), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(140, 80, 340, 280), m, image.Point{}, draw.Src)
	var b bytes.Buffer
	jpeg.Encode(&b, img, nil)
	return b.Bytes()
}

type ackMsg struct {
	Type  string
	Codes []string
	Error string
}

func readAck(t *testing.T, c *websocket.Conn) ackMsg {
	t.Helper()
	for {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		var m ackMsg
		if err := c.ReadJSON(&m); err != nil {
			t.Fatal(err)
		}
		if m.Type == "frame_ack" {
			return m
		}
	}
}

// The operator page's own camera: JPEG frames over the visit's socket. A
// code in view across frames is one scan; garbage gets a clear error; a
// viewer link cannot send frames.
func TestCameraFramesOverWebSocket(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, dir, Options{FrameDecoder: decode.Camera{Decoder: &decode.Decoder{Fast: true}}})
	v := ts.seed()
	c := dialWS(t, ts, v, "")
	readMsg(t, c)
	frame := qrJPEG(t, "B00007")
	for i := 0; i < 3; i++ {
		if err := c.WriteMessage(websocket.BinaryMessage, frame); err != nil {
			t.Fatal(err)
		}
		if a := readAck(t, c); len(a.Codes) != 1 || a.Codes[0] != "B00007" || a.Error != "" {
			t.Fatalf("frame %d ack %+v", i, a)
		}
	}
	var tally map[string]any
	ts.do("GET", fmt.Sprintf("/api/visits/%d/tally", v), "", &tally)
	if tally["packed"] != 1.0 || tally["duplicate"] != 0.0 {
		t.Fatalf("three frames of one code: %v", tally)
	}
	c.WriteMessage(websocket.BinaryMessage, []byte("not a jpeg"))
	if a := readAck(t, c); !strings.Contains(a.Error, "JPEG") {
		t.Fatalf("garbage frame ack %+v", a)
	}
	ts.stop()

	// LAN mode: a viewer link is read-only.
	lan := startServerWith(t, dir, func(db *store.DB) Options {
		return Options{FrameDecoder: decode.Camera{Decoder: &decode.Decoder{Fast: true}}, LAN: &LAN{Auth: auth.New(db, auth.Options{})}}
	})
	a := auth.New(lan.db, auth.Options{})
	tok, _, err := a.NewViewerToken(context.Background(), v, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	vc, _, err := websocket.DefaultDialer.Dial(strings.Replace(lan.url, "http://", "ws://", 1)+fmt.Sprintf("/api/visits/%d/ws?token=%s", v, tok), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer vc.Close()
	vc.WriteMessage(websocket.BinaryMessage, frame)
	if a := readAck(t, vc); !strings.Contains(a.Error, "read-only") {
		t.Fatalf("viewer link frame ack %+v", a)
	}
}
