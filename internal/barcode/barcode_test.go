package barcode

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
)

func TestCode128PNGRoundTrip(t *testing.T) {
	tests := []struct {
		code          string
		width, height int
	}{
		{"B00001", 0, 0},
		{"B00320", 400, 120},
		{"KRJ-06", 300, 80},
		{"P00103", 50, 10}, // narrower than the symbol: it grows
		{"9786021047293", 500, 100},
		{"SLiMS item 20 chars", 0, 40},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			b, err := Code128PNG(tt.code, tt.width, tt.height)
			if err != nil {
				t.Fatalf("Code128PNG: %v", err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			r := img.Bounds()
			wantHeight := tt.height
			if wantHeight == 0 {
				wantHeight = defaultBarHeight
			}
			if r.Dx() < tt.width || r.Dy() != wantHeight {
				t.Errorf("image is %dx%d; want at least %d wide and %d high", r.Dx(), r.Dy(), tt.width, wantHeight)
			}
			checkQuietZone(t, img)

			bmp, err := gozxing.NewBinaryBitmapFromImage(img)
			if err != nil {
				t.Fatal(err)
			}
			res, err := oned.NewCode128Reader().Decode(bmp, nil)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got := res.GetText(); got != tt.code {
				t.Errorf("decoded %q; want %q", got, tt.code)
			}
		})
	}
}

// checkQuietZone checks that the margins each side are white and at least
// ten times as wide as the narrowest bar.
func checkQuietZone(t *testing.T, img image.Image) {
	t.Helper()
	r := img.Bounds()
	y := r.Min.Y + r.Dy()/2
	dark := func(x int) bool {
		g, _, _, _ := img.At(x, y).RGBA()
		return g < 0x8000
	}
	left, right := -1, -1
	narrowest := r.Dx()
	run := 0
	for x := r.Min.X; x < r.Max.X; x++ {
		if dark(x) {
			if left < 0 {
				left = x - r.Min.X
			}
			right = r.Max.X - 1 - x
			run++
			continue
		}
		if run > 0 {
			narrowest = min(narrowest, run)
		}
		run = 0
	}
	if left < 0 {
		t.Fatal("no bars in the image")
	}
	if left < 10*narrowest || right < 10*narrowest {
		t.Errorf("quiet zones of %d and %d pixels; want at least %d (10 modules)", left, right, 10*narrowest)
	}
}

func TestCode128PNGErrors(t *testing.T) {
	tests := []struct {
		name          string
		code          string
		width, height int
	}{
		{"empty", "", 100, 50},
		{"not ASCII", "Bükü-01", 100, 50},
		{"control character", "B0\x01", 100, 50},
		{"negative width", "B00001", -1, 50},
		{"negative height", "B00001", 100, -5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Code128PNG(tt.code, tt.width, tt.height)
			if err == nil || !strings.HasPrefix(err.Error(), "barcode: code128") {
				t.Errorf("Code128PNG(%q, %d, %d) = %d bytes, %v; want a demo: code128 error", tt.code, tt.width, tt.height, len(b), err)
			}
		})
	}
}
