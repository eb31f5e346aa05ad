package barcode

import (
	"errors"
	"fmt"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
)

// qrQuietZone is the light margin around a QR code, in modules, as the
// standard asks.
const qrQuietZone = 4

// QRPNG renders text as a QR code in a black-and-white PNG of at least
// size×size pixels (each module a whole number of pixels, centred, with a
// quiet zone of 4 modules). A size of 0 gives one pixel per module. The text
// is encoded as UTF-8 with error correction level M, which survives a
// scuffed label.
func QRPNG(text string, size int) ([]byte, error) {
	if text == "" {
		return nil, errors.New("barcode: qr: empty text")
	}
	if size < 0 {
		return nil, fmt.Errorf("barcode: qr: negative size %d", size)
	}
	hints := map[gozxing.EncodeHintType]any{
		gozxing.EncodeHintType_ERROR_CORRECTION: decoder.ErrorCorrectionLevel_M,
		gozxing.EncodeHintType_CHARACTER_SET:    "UTF-8",
		gozxing.EncodeHintType_MARGIN:           qrQuietZone,
	}
	m, err := qrcode.NewQRCodeWriter().Encode(text, gozxing.BarcodeFormat_QR_CODE, size, size, hints)
	if err != nil {
		return nil, fmt.Errorf("barcode: qr: %w", err)
	}
	return encodePNG(m)
}
