package camera

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// The test images carry their code as blocks of 8×8 pixels, black for a 1
// bit and white for a 0, 40 to a row: first a length byte, then the text.
// That survives JPEG compression, which a code in single pixels would not.
const (
	block    = 8
	perRow   = 40
	imgW     = block * perRow
	imgH     = block * 8
	maxBytes = perRow*8/8 - 1
)

// paint returns an image carrying text ("" for an image with no code).
func paint(text string) *image.Gray {
	if len(text) > maxBytes {
		panic("text too long")
	}
	img := image.NewGray(image.Rect(0, 0, imgW, imgH))
	data := append([]byte{byte(len(text))}, text...)
	for i := range imgW * imgH / (block * block) {
		bit := i/8 < len(data) && data[i/8]&(0x80>>(i%8)) != 0
		c := color.Gray{Y: 0xff}
		if bit {
			c.Y = 0
		}
		x0, y0 := i%perRow*block, i/perRow*block
		for y := y0; y < y0+block; y++ {
			for x := x0; x < x0+block; x++ {
				img.SetGray(x, y, c)
			}
		}
	}
	return img
}

// blockDecoder is the fake Decoder: it reads what paint wrote.
type blockDecoder struct{}

func (blockDecoder) Decode(img image.Image) []Code {
	bit := func(i int) bool {
		x, y := i%perRow*block+block/2, i/perRow*block+block/2
		r, _, _, _ := img.At(img.Bounds().Min.X+x, img.Bounds().Min.Y+y).RGBA()
		return r < 0x8000
	}
	byteAt := func(n int) byte {
		var b byte
		for i := range 8 {
			if bit(n*8 + i) {
				b |= 0x80 >> i
			}
		}
		return b
	}
	if img.Bounds().Dx() < imgW || img.Bounds().Dy() < imgH {
		return nil
	}
	n := int(byteAt(0))
	if n == 0 || n > maxBytes {
		return nil
	}
	text := make([]byte, n)
	for i := range text {
		text[i] = byteAt(i + 1)
	}
	return []Code{{Text: string(text), Symbology: "]Q1"}}
}

func jpegOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestPaintRoundTrip(t *testing.T) {
	for _, text := range []string{"", "X", "978-3-16-148410-0", "ÄÖÜ barcode"} {
		var want []Code
		if text != "" {
			want = []Code{{text, "]Q1"}}
		}
		img, err := JPEG(jpegOf(t, paint(text)))
		if err != nil {
			t.Fatal(err)
		}
		got := blockDecoder{}.Decode(Gray(img))
		if len(got) != len(want) || len(want) == 1 && got[0] != want[0] {
			t.Errorf("%q: decoded %v, want %v", text, got, want)
		}
	}
}
