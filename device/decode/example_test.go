package decode_test

import (
	"fmt"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"anterkoper/device/decode"
)

func ExampleDecoder_Decode() {
	// A camera frame would come from the webcam driver as *image.YCbCr;
	// here a QR label is drawn instead.
	label, _ := qrcode.NewQRCodeWriter().Encode("anterkoper:item/42", gozxing.BarcodeFormat_QR_CODE, 240, 240, nil)
	var d decode.Decoder
	for _, r := range d.Decode(label) {
		fmt.Println(r.Format, r.Symbology, r.Text)
	}
	// Output: QR_CODE ]Q1 anterkoper:item/42
}
