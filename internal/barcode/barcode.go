package barcode

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/oned"
)

// code128QuietZone is the light margin each side of a Code 128 symbol, in
// modules. The standard asks for at least 10; scanners read a label cut close
// to its bars badly.
const code128QuietZone = 10

// defaultBarHeight is the height of a barcode asked for with height 0.
const defaultBarHeight = 60

// Code128PNG renders code as a Code 128 barcode in a black-and-white PNG.
// The image is width pixels wide, or wider when the symbol needs more: each
// module is a whole number of pixels, so bars stay crisp, and the symbol is
// centred with a quiet zone of at least 10 modules each side. A width of 0
// gives one pixel per module; a height of 0 gives 60 pixels. code must be
// non-empty ASCII.
func Code128PNG(code string, width, height int) ([]byte, error) {
	if code == "" {
		return nil, errors.New("barcode: code128: empty code")
	}
	if width < 0 || height < 0 {
		return nil, fmt.Errorf("barcode: code128: negative size %dx%d", width, height)
	}
	for _, r := range code {
		if r > 0x7e || r < 0x20 {
			return nil, fmt.Errorf("barcode: code128: %q has a character Code 128 cannot print: %q", code, r)
		}
	}
	if height == 0 {
		height = defaultBarHeight
	}
	hints := map[gozxing.EncodeHintType]any{
		// The writer's margin is the total of both sides.
		gozxing.EncodeHintType_MARGIN: 2 * code128QuietZone,
	}
	m, err := oned.NewCode128Writer().Encode(code, gozxing.BarcodeFormat_CODE_128, width, height, hints)
	if err != nil {
		return nil, fmt.Errorf("barcode: code128 %q: %w", code, err)
	}
	return encodePNG(m)
}

// encodePNG writes a bit matrix (set = black) as a greyscale PNG.
func encodePNG(m *gozxing.BitMatrix) ([]byte, error) {
	w, h := m.GetWidth(), m.GetHeight()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		for x := range w {
			if !m.Get(x, y) {
				row[x] = 0xff
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("barcode: encode png: %w", err)
	}
	return buf.Bytes(), nil
}
