package camera

import (
	"bytes"
	"image"
	"image/color"
	"testing"
)

// yuyvOf builds the YUYV frame a camera would send for a gray image, with
// constant chroma.
func yuyvOf(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	b := make([]byte, 0, w*h*2)
	for y := range h {
		for x := 0; x < w; x += 2 {
			b = append(b, g.GrayAt(x, y).Y, 0x70, g.GrayAt(x+1, y).Y, 0x90)
		}
	}
	return b
}

func TestYUYV(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 6, 3))
	for i := range g.Pix {
		g.Pix[i] = byte(i * 13)
	}
	buf := yuyvOf(g)
	img, err := YUYV(append(buf, 0, 0, 0, 0), 6, 3) // with padding
	if err != nil {
		t.Fatal(err)
	}
	if img.SubsampleRatio != image.YCbCrSubsampleRatio422 {
		t.Errorf("subsample ratio %v, want 4:2:2", img.SubsampleRatio)
	}
	gray := Gray(img)
	if !bytes.Equal(gray.Pix, g.Pix) || gray.Rect != g.Rect {
		t.Errorf("Y plane %v, want %v", gray.Pix, g.Pix)
	}
	if c := img.YCbCrAt(3, 1); c != (color.YCbCr{Y: g.GrayAt(3, 1).Y, Cb: 0x70, Cr: 0x90}) {
		t.Errorf("pixel (3,1) = %v", c)
	}
	buf[0] = 0xff // the image is a copy
	if img.Y[0] == 0xff {
		t.Error("image shares the frame buffer")
	}
}

func TestYUYVErrors(t *testing.T) {
	for _, tt := range []struct {
		n, w, h int
	}{{10, 3, 1}, {0, 0, 0}, {10, 4, 2}} {
		if _, err := YUYV(make([]byte, tt.n), tt.w, tt.h); err == nil {
			t.Errorf("YUYV(%d bytes, %dx%d): no error", tt.n, tt.w, tt.h)
		}
	}
}

func TestYUYVCodeRoundTrip(t *testing.T) {
	img, err := YUYV(yuyvOf(paint("LIB-0042")), imgW, imgH)
	if err != nil {
		t.Fatal(err)
	}
	if got := (blockDecoder{}).Decode(Gray(img)); len(got) != 1 || got[0].Text != "LIB-0042" {
		t.Errorf("decoded %v", got)
	}
}

func TestJPEG(t *testing.T) {
	src := paint("JPEG")
	img, err := JPEG(jpegOf(t, src))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != src.Rect {
		t.Errorf("bounds %v, want %v", img.Bounds(), src.Rect)
	}
	if _, err := JPEG([]byte("not a jpeg")); err == nil {
		t.Error("JPEG(garbage): no error")
	}
}

// stripDHT removes the DHT segments of a JPEG, as UVC cameras send them.
func stripDHT(t testing.TB, b []byte) []byte {
	t.Helper()
	out := append([]byte(nil), b[:2]...)
	for i := 2; ; {
		if b[i] != 0xff {
			t.Fatalf("no marker at %d", i)
		}
		if b[i+1] == 0xda {
			return append(out, b[i:]...)
		}
		n := 2 + (int(b[i+2])<<8 | int(b[i+3]))
		if b[i+1] != 0xc4 {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
}

func TestJPEGWithoutHuffmanTables(t *testing.T) {
	full := jpegOf(t, paint("UVC"))
	bare := stripDHT(t, full)
	if len(bare) >= len(full) {
		t.Fatal("nothing stripped")
	}
	img, err := JPEG(bare)
	if err != nil {
		t.Fatal(err)
	}
	if got := (blockDecoder{}).Decode(Gray(img)); len(got) != 1 || got[0].Text != "UVC" {
		t.Errorf("decoded %v", got)
	}
	if got := withDHT(full); !bytes.Equal(got, full) {
		t.Error("withDHT changed a JPEG that has its tables")
	}
}

func FuzzWithDHT(f *testing.F) {
	full := jpegOf(f, paint("F"))
	f.Add(full)
	f.Add(stripDHT(f, full))
	f.Add([]byte{0xff, 0xd8, 0xff, 0xda})
	f.Add([]byte{0xff, 0xd8, 0xff, 0xff, 0xe0, 0x00, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		got := withDHT(b)
		if !bytes.Equal(got, b) {
			// Only ever an insertion of the standard tables.
			i := bytes.Index(got, stdDHT)
			if i < 0 || !bytes.Equal(append(append([]byte(nil), got[:i]...), got[i+len(stdDHT):]...), b) {
				t.Fatalf("withDHT(%x) = %x: not b with the tables inserted", b, got)
			}
		}
		JPEG(b) // must not panic
	})
}

func TestChooseSize(t *testing.T) {
	d := func(w, h uint32) frameSize { return frameSize{w, w, 0, h, h, 0} }
	tests := []struct {
		name  string
		sizes []frameSize
		w, h  uint32
		ok    bool
	}{
		{"720p offered", []frameSize{d(640, 480), d(1280, 720), d(1920, 1080)}, 1280, 720, true},
		{"largest up to 1920", []frameSize{d(640, 480), d(1920, 1080), d(2592, 1944), d(800, 600)}, 1920, 1080, true},
		{"only too large", []frameSize{d(3840, 2160), d(2592, 1944)}, 2592, 1944, true},
		{"stepwise with 720p", []frameSize{{16, 4096, 16, 16, 2160, 8}}, 1280, 720, true},
		{"stepwise without 720p", []frameSize{{200, 4000, 200, 150, 3000, 150}}, 1800, 1350, true},
		{"none", nil, 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, h, ok := chooseSize(tt.sizes)
			if w != tt.w || h != tt.h || ok != tt.ok {
				t.Errorf("chooseSize = %d×%d %v, want %d×%d %v", w, h, ok, tt.w, tt.h, tt.ok)
			}
		})
	}
}
