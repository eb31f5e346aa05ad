package barcode

import (
	"bytes"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

func TestQRPNGRoundTrip(t *testing.T) {
	tests := []struct {
		text string
		size int
	}{
		{"B00001", 0},
		{"KRJ-01", 200},
		{"https://anterkoper.local/pair?t=3f9a1c", 300},
		{"Taman Baca Desa Kemiri — Kab. Purworejo", 250},
		{strings.Repeat("P00103,", 40), 400},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			b, err := QRPNG(tt.text, tt.size)
			if err != nil {
				t.Fatalf("QRPNG: %v", err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if r := img.Bounds(); r.Dx() < tt.size || r.Dy() < tt.size || r.Dx() != r.Dy() {
				t.Errorf("image is %v; want a square of at least %d", r, tt.size)
			}
			bmp, err := gozxing.NewBinaryBitmapFromImage(img)
			if err != nil {
				t.Fatal(err)
			}
			res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got := res.GetText(); got != tt.text {
				t.Errorf("decoded %q; want %q", got, tt.text)
			}
		})
	}
}

func TestQRPNGErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
		size int
	}{
		{"empty", "", 100},
		{"negative size", "B00001", -1},
		{"too long", strings.Repeat("x", 8000), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := QRPNG(tt.text, tt.size)
			if err == nil || !strings.HasPrefix(err.Error(), "barcode: qr") {
				t.Errorf("QRPNG(%q…, %d) error = %v; want a demo: qr error", tt.text[:min(len(tt.text), 10)], tt.size, err)
			}
		})
	}
}
