package decode

import (
	"image"
	"image/color"
)

// Gray returns img as an 8-bit grayscale image. A *image.Gray is returned
// as is; for a *image.YCbCr (webcam YUYV, JPEG) the result shares the Y
// plane, which already is the luminance, so nothing is copied. Other images
// are converted once. Callers that reuse frame buffers must copy first.
func Gray(img image.Image) *image.Gray {
	switch m := img.(type) {
	case *image.Gray:
		return m
	case *image.YCbCr:
		return &image.Gray{Pix: m.Y, Stride: m.YStride, Rect: m.Rect}
	case *image.RGBA:
		b := m.Rect
		g := image.NewGray(b)
		for y := b.Min.Y; y < b.Max.Y; y++ {
			src := m.Pix[m.PixOffset(b.Min.X, y):]
			dst := g.Pix[g.PixOffset(b.Min.X, y):]
			for x := range b.Dx() {
				r, gg, bb := uint32(src[4*x]), uint32(src[4*x+1]), uint32(src[4*x+2])
				dst[x] = uint8((19595*r + 38470*gg + 7471*bb + 1<<15) >> 16)
			}
		}
		return g
	}
	b := img.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Pix[g.PixOffset(x, y)] = color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
		}
	}
	return g
}

// compact returns the pixels of g as a w×h slice with stride w, copying only
// when g is a sub-image or padded.
func compact(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if g.Stride == w && len(g.Pix) >= w*h {
		return g.Pix[:w*h]
	}
	p := make([]byte, w*h)
	for y := range h {
		copy(p[y*w:(y+1)*w], g.Pix[y*g.Stride:])
	}
	return p
}

// plane is a compact grayscale image with a map back to the frame it came
// from, so that result points are reported in frame coordinates.
type plane struct {
	pix  []byte
	w, h int
	// back maps a point of this plane to the original frame.
	back func(x, y float64) (float64, float64)
}

func identity(x, y float64) (float64, float64) { return x, y }

func (p plane) clone() plane {
	c := p
	c.pix = append([]byte(nil), p.pix...)
	return c
}

// scale returns p resized by f (0.5 averages 2×2 blocks; 2 repeats pixels).
func (p plane) scale(f float64) plane {
	back := p.back
	if f == 0.5 {
		w, h := p.w/2, p.h/2
		q := make([]byte, w*h)
		for y := range h {
			r0, r1 := p.pix[2*y*p.w:], p.pix[(2*y+1)*p.w:]
			for x := range w {
				q[y*w+x] = uint8((int(r0[2*x]) + int(r0[2*x+1]) + int(r1[2*x]) + int(r1[2*x+1]) + 2) / 4)
			}
		}
		return plane{q, w, h, func(x, y float64) (float64, float64) { return back(2*x, 2*y) }}
	}
	w, h := p.w*2, p.h*2
	q := make([]byte, w*h)
	for y := range h {
		src := p.pix[(y/2)*p.w:]
		row := q[y*w : (y+1)*w]
		for x := range w {
			row[x] = src[x/2]
		}
	}
	return plane{q, w, h, func(x, y float64) (float64, float64) { return back(x/2, y/2) }}
}

// rotate180 turns p upside down.
func (p plane) rotate180() plane {
	q := make([]byte, len(p.pix))
	n := len(p.pix)
	for i, v := range p.pix {
		q[n-1-i] = v
	}
	back, w, h := p.back, float64(p.w), float64(p.h)
	return plane{q, p.w, p.h, func(x, y float64) (float64, float64) { return back(w-1-x, h-1-y) }}
}

// rotate90 turns p a quarter clockwise, so vertical bars become horizontal.
func (p plane) rotate90() plane {
	w, h := p.h, p.w
	q := make([]byte, w*h)
	for y := range p.h {
		for x := range p.w {
			// (x, y) -> (h-1-y, x) in the new plane of width p.h.
			q[x*w+(p.h-1-y)] = p.pix[y*p.w+x]
		}
	}
	back, ph := p.back, float64(p.h)
	return plane{q, w, h, func(x, y float64) (float64, float64) { return back(y, ph-1-x) }}
}

// stretch maps the 1st..99th percentile of brightness onto 0..255, which
// helps the global binarizer on dim or washed-out photos.
func (p plane) stretch() plane {
	var hist [256]int
	for _, v := range p.pix {
		hist[v]++
	}
	n := len(p.pix)
	lo, hi, acc := 0, 255, 0
	for i := range 256 {
		acc += hist[i]
		if acc > n/100 {
			lo = i
			break
		}
	}
	acc = 0
	for i := 255; i >= 0; i-- {
		acc += hist[i]
		if acc > n/100 {
			hi = i
			break
		}
	}
	if hi-lo < 8 {
		return p
	}
	var lut [256]uint8
	for i := range 256 {
		v := (i - lo) * 255 / (hi - lo)
		lut[i] = uint8(min(max(v, 0), 255))
	}
	q := make([]byte, n)
	for i, v := range p.pix {
		q[i] = lut[v]
	}
	return plane{q, p.w, p.h, p.back}
}

// fill paints the rectangle r (clipped) white, to hide a code already read.
func (p plane) fill(r image.Rectangle) {
	r = r.Intersect(image.Rect(0, 0, p.w, p.h))
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := p.pix[y*p.w+r.Min.X : y*p.w+r.Max.X]
		for i := range row {
			row[i] = 255
		}
	}
}

// resize returns p scaled by f with bilinear interpolation.
func (p plane) resize(f float64) plane {
	w, h := int(float64(p.w)*f), int(float64(p.h)*f)
	q := make([]byte, w*h)
	for y := range h {
		sy := min(max((float64(y)+0.5)/f-0.5, 0), float64(p.h-1))
		y0 := int(sy)
		fy, y1 := sy-float64(y0), min(y0+1, p.h-1)
		for x := range w {
			sx := min(max((float64(x)+0.5)/f-0.5, 0), float64(p.w-1))
			x0 := int(sx)
			fx, x1 := sx-float64(x0), min(x0+1, p.w-1)
			a := float64(p.pix[y0*p.w+x0])*(1-fx) + float64(p.pix[y0*p.w+x1])*fx
			b := float64(p.pix[y1*p.w+x0])*(1-fx) + float64(p.pix[y1*p.w+x1])*fx
			q[y*w+x] = uint8(a*(1-fy) + b*fy + 0.5)
		}
	}
	back := p.back
	return plane{q, w, h, func(x, y float64) (float64, float64) { return back(x/f, y/f) }}
}

// blur returns p averaged over 3×3 blocks (edges use the pixels present).
func (p plane) blur() plane {
	q := make([]byte, len(p.pix))
	for y := range p.h {
		for x := range p.w {
			s, n := 0, 0
			for yy := max(y-1, 0); yy <= min(y+1, p.h-1); yy++ {
				for xx := max(x-1, 0); xx <= min(x+1, p.w-1); xx++ {
					s += int(p.pix[yy*p.w+xx])
					n++
				}
			}
			q[y*p.w+x] = uint8(s / n)
		}
	}
	return plane{q, p.w, p.h, p.back}
}

// sharpen returns p with its difference from its 3×3 blur doubled
// (unsharp mask), which crisps soft module edges of blurry photos.
func (p plane) sharpen() plane {
	b := p.blur()
	for i, v := range p.pix {
		b.pix[i] = uint8(min(max(2*int(v)-int(b.pix[i]), 0), 255))
	}
	return b
}
