package decode

import (
	"image"

	"anterkoper/device/camera"
)

// Camera adapts a Decoder to the camera sources (package camera): the
// camera loop and the operator page's camera see many frames a second, so
// use a fast decoder there; a code missed in one frame is read in the next.
type Camera struct{ Decoder *Decoder }

// Decode returns the codes in img.
func (c Camera) Decode(img image.Image) []camera.Code {
	rs := c.Decoder.Decode(img)
	out := make([]camera.Code, len(rs))
	for i, r := range rs {
		out[i] = camera.Code{Text: r.Text, Symbology: r.Symbology}
	}
	return out
}
