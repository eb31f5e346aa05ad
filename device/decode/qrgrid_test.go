package decode

import (
	"image"
	"math"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// warp maps the square m onto the quadrilateral q (top left, top right,
// bottom right, bottom left) of a w×h gray canvas, 4×4 supersampled, with
// the code's black and white at 40 and 220, like a print in room light.
func warp(m *image.Gray, q [4][2]float64, w, h int) *image.Gray {
	n := float64(m.Rect.Dx())
	toCode, _ := fitHomography(q[:], [][2]float64{{0, 0}, {n, 0}, {n, n}, {0, n}})
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			s := 0
			for sy := range 4 {
				for sx := range 4 {
					u, v := toCode.apply(float64(x)+(float64(sx)+0.5)/4, float64(y)+(float64(sy)+0.5)/4)
					c := 150 // background
					if u >= 0 && v >= 0 && u < n && v < n {
						c = 40 + int(m.Pix[int(v)*m.Stride+int(u)])*180/255
					}
					s += c
				}
			}
			out.Pix[y*out.Stride+x] = uint8(s / 16)
		}
	}
	return out
}

// The grid fallback reads small photos of a code under strong perspective
// (one side half as long as the other, about 3 pixels a module) that
// gozxing's QR reader misses with either binarizer.
func TestReadQRGrid(t *testing.T) {
	// Version 6 (41 modules): one alignment pattern.
	const text = "anterkoper:item/0001234567 a longer label text so that the symbol is of medium size here, ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, 0, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	code := Gray(m)
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	tests := []struct {
		name string
		quad [4][2]float64
	}{
		{"right side far", [4][2]float64{{40, 30}, {190, 52}, {178, 200}, {32, 222}}},
		{"right side far, smaller", [4][2]float64{{45, 35}, {185, 60}, {170, 190}, {38, 215}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := warp(code, tt.quad, 240, 240)
			p := plane{pix: compact(img), w: 240, h: 240, back: identity}
			for _, global := range []bool{false, true} {
				bmp, err := bitmap(p, global)
				if err != nil {
					t.Fatal(err)
				}
				if r, err := qrcode.NewQRCodeReader().Decode(bmp, hints); err == nil {
					t.Fatalf("gozxing reads it (global binarizer %v): %q; the case no longer needs the fallback", global, r.GetText())
				}
			}
			rs := readQRGrid(p, hints)
			if len(rs) != 1 || rs[0].GetText() != text {
				t.Fatalf("readQRGrid: got %v, want %q", rs, text)
			}
			var d Decoder
			if got := texts(d.Decode(img)); got[text] != "QR_CODE" {
				t.Errorf("Decode: got %v", got)
			}
		})
	}
}

// The grid pass finds nothing where there is no code, and costs little.
func TestReadQRGridNothing(t *testing.T) {
	hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true}
	for name, img := range map[string]*image.Gray{
		"blank": canvas(320, 240, nil),
		"noise": noise(canvas(320, 240, nil), 120, 3),
	} {
		p := plane{pix: compact(img), w: img.Rect.Dx(), h: img.Rect.Dy(), back: identity}
		if rs := readQRGrid(p, hints); len(rs) != 0 {
			t.Errorf("%s: got %v", name, rs)
		}
	}
}

func TestFitHomography(t *testing.T) {
	// A known projective map, module coordinates to pixels.
	want := func(x, y float64) (float64, float64) {
		w := 1 + 0.004*x - 0.003*y
		return (2.6*x + 0.3*y + 60) / w, (0.2*x + 2.9*y + 45) / w
	}
	var src, dst [][2]float64
	for _, pt := range [][2]float64{{3.5, 3.5}, {41.5, 3.5}, {3.5, 41.5}, {22.5, 6.5}, {6.5, 22.5}, {22.5, 22.5}, {38.5, 22.5}, {22.5, 38.5}, {38.5, 38.5}} {
		u, v := want(pt[0], pt[1])
		src, dst = append(src, pt), append(dst, [2]float64{u, v})
	}
	for _, n := range []int{4, len(src)} {
		h, ok := fitHomography(src[:n], dst[:n])
		if !ok {
			t.Fatalf("%d points: no fit", n)
		}
		for x := 0.0; x <= 45; x += 5 {
			for y := 0.0; y <= 45; y += 5 {
				u, v := h.apply(x, y)
				wu, wv := want(x, y)
				if math.Hypot(u-wu, v-wv) > 1e-6 {
					t.Fatalf("%d points: (%v, %v) -> (%v, %v), want (%v, %v)", n, x, y, u, v, wu, wv)
				}
			}
		}
	}
	// Three points give the affine map through them.
	h, ok := fitHomography([][2]float64{{0, 0}, {1, 0}, {0, 1}}, [][2]float64{{10, 20}, {13, 21}, {9, 24}})
	if u, v := h.apply(1, 1); !ok || math.Hypot(u-12, v-25) > 1e-9 {
		t.Errorf("affine: (1, 1) -> (%v, %v), want (12, 25)", u, v)
	}
	if _, ok := fitHomography([][2]float64{{0, 0}, {1, 1}, {2, 2}, {3, 3}}, [][2]float64{{0, 0}, {1, 1}, {2, 2}, {3, 3}}); ok {
		t.Error("collinear points: want no fit")
	}
}
