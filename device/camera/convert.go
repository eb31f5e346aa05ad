package camera

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
)

// YUYV converts a YUYV 4:2:2 frame (V4L2_PIX_FMT_YUYV: Y0 U Y1 V for every
// two pixels, rows packed) of the given size into a new image; buf may be
// reused by the caller afterwards. The width must be even. Bytes past the
// frame (some drivers pad the buffer) are ignored.
func YUYV(buf []byte, width, height int) (*image.YCbCr, error) {
	if width <= 0 || height <= 0 || width%2 != 0 {
		return nil, fmt.Errorf("camera: YUYV frame of %dx%d: want a positive even width and positive height", width, height)
	}
	if len(buf) < width*height*2 {
		return nil, fmt.Errorf("camera: YUYV frame of %dx%d: %d bytes, want %d", width, height, len(buf), width*height*2)
	}
	img := image.NewYCbCr(image.Rect(0, 0, width, height), image.YCbCrSubsampleRatio422)
	for y := range height {
		row := buf[y*width*2 : (y+1)*width*2]
		yp := img.Y[y*img.YStride:]
		cb := img.Cb[y*img.CStride:]
		cr := img.Cr[y*img.CStride:]
		for x := 0; x < width; x += 2 {
			p := row[x*2 : x*2+4]
			yp[x], cb[x/2], yp[x+1], cr[x/2] = p[0], p[1], p[2], p[3]
		}
	}
	return img, nil
}

// JPEG decodes one MJPEG frame. V4L2 cameras often leave out the Huffman
// tables (DHT) that every such frame shares; image/jpeg needs them, so the
// standard ones are put in when missing.
func JPEG(b []byte) (image.Image, error) {
	img, err := jpeg.Decode(bytes.NewReader(withDHT(b)))
	if err != nil {
		return nil, fmt.Errorf("camera: bad JPEG frame: %w", err)
	}
	return img, nil
}

// Gray returns the luminance of img as a gray image, the form a barcode
// decoder reads fastest. For the YCbCr images cameras deliver it shares the
// Y plane instead of copying it.
func Gray(img image.Image) *image.Gray {
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		return &image.Gray{Pix: m.Y, Stride: m.YStride, Rect: m.Rect}
	}
	g := image.NewGray(img.Bounds())
	draw.Draw(g, g.Rect, img, img.Bounds().Min, draw.Src)
	return g
}
