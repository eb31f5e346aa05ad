package main

import (
	"image"

	"anterkoper/device/camera"
	"anterkoper/device/decode"
)

// cameraDecoder lets the camera sources use the barcode decoder. The camera
// loop sees many frames a second, so each gets the decoder's fast pass;
// a code missed in one frame is read in the next.
type cameraDecoder struct{ d decode.Decoder }

func newCameraDecoder() cameraDecoder { return cameraDecoder{decode.Decoder{Fast: true}} }

func (c cameraDecoder) Decode(img image.Image) []camera.Code {
	rs := c.d.Decode(img)
	out := make([]camera.Code, len(rs))
	for i, r := range rs {
		out[i] = camera.Code{Text: r.Text, Symbology: r.Symbology}
	}
	return out
}
