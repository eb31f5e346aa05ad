package decode

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// qr renders text as a QR code of about size pixels, quiet zone included.
func qr(t testing.TB, text string, size int) *image.Gray {
	t.Helper()
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, size, size, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Gray(m)
}

// code128 renders text as a Code 128 symbol w×h pixels.
func code128(t testing.TB, text string, w, h int) *image.Gray {
	t.Helper()
	m, err := oned.NewCode128Writer().Encode(text, gozxing.BarcodeFormat_CODE_128, w, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Gray(m)
}

// canvas returns a white w×h image with each code pasted at its point.
func canvas(w, h int, codes map[image.Point]*image.Gray) *image.Gray {
	c := image.NewGray(image.Rect(0, 0, w, h))
	draw.Draw(c, c.Rect, image.White, image.Point{}, draw.Src)
	for at, m := range codes {
		draw.Draw(c, m.Rect.Sub(m.Rect.Min).Add(at), m, m.Rect.Min, draw.Src)
	}
	return c
}

// rotate turns m by deg degrees about its centre (nearest neighbour) onto
// a white canvas large enough to hold it.
func rotate(m *image.Gray, deg float64) *image.Gray {
	a := deg * math.Pi / 180
	sin, cos := math.Sin(a), math.Cos(a)
	w, h := float64(m.Rect.Dx()), float64(m.Rect.Dy())
	n := int(math.Ceil(math.Abs(w*cos) + math.Abs(h*sin) + math.Abs(w*sin) + math.Abs(h*cos)))
	out := image.NewGray(image.Rect(0, 0, n, n))
	cx, cy, c := w/2, h/2, float64(n)/2
	for y := range n {
		for x := range n {
			dx, dy := float64(x)-c, float64(y)-c
			sx, sy := int(math.Floor(cos*dx+sin*dy+cx)), int(math.Floor(-sin*dx+cos*dy+cy))
			v := uint8(255)
			if sx >= 0 && sy >= 0 && sx < int(w) && sy < int(h) {
				v = m.GrayAt(sx+m.Rect.Min.X, sy+m.Rect.Min.Y).Y
			}
			out.SetGray(x, y, color.Gray{v})
		}
	}
	return out
}

// blur applies an r-pixel box blur.
func blur(m *image.Gray, r int) *image.Gray {
	b := m.Rect
	out := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			sum, n := 0, 0
			for yy := max(y-r, b.Min.Y); yy <= min(y+r, b.Max.Y-1); yy++ {
				for xx := max(x-r, b.Min.X); xx <= min(x+r, b.Max.X-1); xx++ {
					sum += int(m.GrayAt(xx, yy).Y)
					n++
				}
			}
			out.SetGray(x, y, color.Gray{uint8(sum / n)})
		}
	}
	return out
}

// noise adds seeded uniform noise of ±amp.
func noise(m *image.Gray, amp int, seed uint64) *image.Gray {
	rng := rand.New(rand.NewPCG(seed, seed))
	out := image.NewGray(m.Rect)
	for i, v := range m.Pix {
		out.Pix[i] = uint8(min(max(int(v)+rng.IntN(2*amp+1)-amp, 0), 255))
	}
	return out
}

func texts(rs []Result) map[string]string {
	m := map[string]string{}
	for _, r := range rs {
		m[r.Text] = r.Format
	}
	return m
}

func TestDecodeGenerated(t *testing.T) {
	const text = "anterkoper:item/0001234567"
	q := qr(t, text, 300)
	c := code128(t, "B00012345", 400, 120)
	tests := []struct {
		name   string
		img    image.Image
		format string
	}{
		{"qr plain", q, "QR_CODE"},
		{"qr rotated 90", rotate(q, 90), "QR_CODE"},
		{"qr rotated 180", rotate(q, 180), "QR_CODE"},
		{"qr rotated 7", rotate(q, 7), "QR_CODE"},
		{"qr blurred", blur(q, 2), "QR_CODE"},
		{"qr noisy", noise(q, 60, 1), "QR_CODE"},
		{"qr small", qr(t, text, 60), "QR_CODE"},
		{"code128 plain", c, "CODE_128"},
		{"code128 rotated 180", rotate(c, 180), "CODE_128"},
		{"code128 rotated 90", rotate(c, 90), "CODE_128"},
		{"code128 rotated 4", rotate(c, 4), "CODE_128"},
		{"code128 blurred", blur(c, 1), "CODE_128"},
		{"code128 noisy", noise(c, 40, 2), "CODE_128"},
	}
	var d Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := d.Decode(tt.img)
			if len(rs) != 1 {
				t.Fatalf("got %d results %q, want 1", len(rs), rs)
			}
			r := rs[0]
			want := text
			if tt.format == "CODE_128" {
				want = "B00012345"
			}
			if r.Format != tt.format || r.Text != want {
				t.Errorf("got %s %q, want %s %q", r.Format, r.Text, tt.format, want)
			}
			if r.Symbology == "" || len(r.Points) < 2 {
				t.Errorf("symbology %q points %v: want both", r.Symbology, r.Points)
			}
		})
	}
}

func TestDecodeTwoCodes(t *testing.T) {
	tests := []struct {
		name  string
		img   image.Image
		texts map[string]string
	}{
		{"two QR side by side", canvas(700, 340, map[image.Point]*image.Gray{
			{10, 20}: qr(t, "left code", 300), {370, 20}: qr(t, "right code", 300),
		}), map[string]string{"left code": "QR_CODE", "right code": "QR_CODE"}},
		{"QR and Code 128", canvas(800, 340, map[image.Point]*image.Gray{
			{10, 20}: qr(t, "a QR label", 300), {360, 100}: code128(t, "B0042", 400, 120),
		}), map[string]string{"a QR label": "QR_CODE", "B0042": "CODE_128"}},
		{"two Code 128 side by side", canvas(900, 200, map[image.Point]*image.Gray{
			{10, 40}: code128(t, "LEFT1", 400, 120), {470, 40}: code128(t, "RIGHT2", 400, 120),
		}), map[string]string{"LEFT1": "CODE_128", "RIGHT2": "CODE_128"}},
	}
	var d Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := texts(d.Decode(tt.img))
			if len(got) != len(tt.texts) {
				t.Fatalf("got %v, want %v", got, tt.texts)
			}
			for k, v := range tt.texts {
				if got[k] != v {
					t.Errorf("got %v, want %v", got, tt.texts)
				}
			}
		})
	}
}

// gozxing returns Code 128's Latin-1 bytes raw and Decode turns them into
// UTF-8. gozxing's Code 128 writer rejects non-ASCII input, so the
// conversion is tested here and end to end by code128-1/6.png in
// TestBlackBox ("óóóó1234óóabózz").
func TestLatin1(t *testing.T) {
	for in, want := range map[string]string{"caf\xe9 12": "café 12", "ascii": "ascii", "\xf3\xff": "óÿ"} {
		if got := latin1(in); got != want {
			t.Errorf("latin1(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDecodeNothing(t *testing.T) {
	var d Decoder
	blank := canvas(320, 240, nil)
	for name, img := range map[string]image.Image{
		"blank": blank,
		"noise": noise(blank, 120, 3),
		"tiny":  image.NewGray(image.Rect(0, 0, 3, 3)),
		"empty": image.NewGray(image.Rectangle{}),
	} {
		if rs := d.Decode(img); len(rs) != 0 {
			t.Errorf("%s: got %q, want nothing", name, rs)
		}
	}
}

func TestGray(t *testing.T) {
	y := image.NewYCbCr(image.Rect(0, 0, 4, 2), image.YCbCrSubsampleRatio422)
	y.Y[5] = 200
	g := Gray(y)
	if g.GrayAt(1, 1).Y != 200 || &g.Pix[0] != &y.Y[0] {
		t.Errorf("YCbCr: want the Y plane shared, got %v", g.Pix)
	}
	if gg := image.NewGray(image.Rect(0, 0, 2, 2)); Gray(gg) != gg {
		t.Error("Gray: want the same image back")
	}
	rgba := image.NewRGBA(image.Rect(0, 0, 2, 1))
	rgba.Set(1, 0, color.RGBA{255, 255, 255, 255})
	if g := Gray(rgba); g.Pix[0] != 0 || g.Pix[1] != 255 {
		t.Errorf("RGBA: got %v", g.Pix)
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	nrgba.Set(0, 0, color.NRGBA{0, 255, 0, 255})
	if g := Gray(nrgba); g.Pix[0] != color.GrayModel.Convert(color.NRGBA{0, 255, 0, 255}).(color.Gray).Y {
		t.Errorf("NRGBA: got %v", g.Pix)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(uint8(16), uint8(16), []byte{0, 255, 0, 255})
	f.Add(uint8(40), uint8(9), []byte("anterkoper"))
	f.Fuzz(func(t *testing.T, w, h uint8, pix []byte) {
		m := image.NewGray(image.Rect(0, 0, int(w)%64+1, int(h)%64+1))
		for i := range m.Pix {
			if len(pix) > 0 {
				m.Pix[i] = pix[i%len(pix)]
			}
		}
		var d Decoder
		for _, r := range d.Decode(m) {
			if r.Text == "" || r.Format == "" {
				t.Errorf("empty result %q", r)
			}
		}
	})
}

// frame returns a camera-like w×h frame: a QR label pasted into noise.
func frame(b testing.TB, w, h int) *image.Gray {
	f := noise(canvas(w, h, map[image.Point]*image.Gray{{w / 3, h / 4}: qr(b, "anterkoper:item/0001234567", h/2)}), 30, 4)
	return f
}

func benchmarkDecode(b *testing.B, w, h int) {
	f := frame(b, w, h)
	var d Decoder
	if rs := d.Decode(f); len(rs) != 1 {
		b.Fatalf("frame: got %q", rs)
	}
	b.ReportAllocs()
	for b.Loop() {
		d.Decode(f)
	}
}

func BenchmarkDecode1280x720(b *testing.B) { benchmarkDecode(b, 1280, 720) }
func BenchmarkDecode640x480(b *testing.B)  { benchmarkDecode(b, 640, 480) }
