package decode

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/common"
	multidetector "github.com/makiuchi-d/gozxing/multi/qrcode/detector"
	"github.com/makiuchi-d/gozxing/qrcode/decoder"
	"github.com/makiuchi-d/gozxing/qrcode/detector"
)

// readQRGrid is the last resort for small, skewed QR photos. gozxing maps
// the symbol from three finder centres and one alignment pattern found on
// the binarized image, then samples the binarized image; on a photo a few
// modules wide each, a pixel's error in those points puts the far modules
// on their neighbours. Here the finder triple gozxing found only seeds the
// grid: every finder and alignment pattern of the version is then located
// again on the gray image, to a fraction of a pixel, by matching its
// template; a homography is fitted to all of them by least squares, and the
// gray image is sampled at the module centres and thresholded against its
// neighbourhood. Reed–Solomon decoding checks the result as on any read.
// It tries the triples gozxing's single and multi-code finders propose, on
// both binarizations, and stops at the first that decodes.
func readQRGrid(p plane, hints map[gozxing.DecodeHintType]interface{}) []*gozxing.Result {
	var seen [][3]gozxing.ResultPoint
	for _, global := range []bool{false, true} {
		bmp, err := bitmap(p, global)
		if err != nil {
			continue
		}
		bm, err := bmp.GetBlackMatrix()
		if err != nil {
			continue
		}
		for _, info := range finderTriples(bm, hints) {
			if r := readQRGridFrom(p, bm, info, hints, &seen); r != nil {
				return []*gozxing.Result{r}
			}
		}
	}
	return nil
}

// finderTriples returns gozxing's best finder triple and then the others
// its multi-code finder proposes.
func finderTriples(bm *gozxing.BitMatrix, hints map[gozxing.DecodeHintType]interface{}) (out []*detector.FinderPatternInfo) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	if info, err := detector.NewFinderPatternFinder(bm, nil).Find(hints); err == nil {
		out = append(out, info)
	}
	if infos, err := multidetector.NewMultiFinderPatternFinder(bm, nil).FindMulti(hints); err == nil {
		out = append(out, infos...)
	}
	return out
}

func readQRGridFrom(p plane, bm *gozxing.BitMatrix, info *detector.FinderPatternInfo, hints map[gozxing.DecodeHintType]interface{}, seen *[][3]gozxing.ResultPoint) (res *gozxing.Result) {
	defer func() {
		if recover() != nil {
			res = nil
		}
	}()
	tl, tr, bl := info.GetTopLeft(), info.GetTopRight(), info.GetBottomLeft()
	for _, s := range *seen {
		if near(s[0], tl) && near(s[1], tr) && near(s[2], bl) {
			return nil
		}
	}
	*seen = append(*seen, [3]gozxing.ResultPoint{tl, tr, bl})
	dr, err := detector.NewDetector(bm).ProcessFinderPatternInfo(info)
	if err != nil {
		return nil
	}
	finders := [3][2]float64{{tl.GetX(), tl.GetY()}, {tr.GetX(), tr.GetY()}, {bl.GetX(), bl.GetY()}}
	var align *[2]float64
	if pts := dr.GetPoints(); len(pts) == 4 {
		align = &[2]float64{pts[3].GetX(), pts[3].GetY()}
	}
	// gozxing counts the modules from the finders' sizes, which perspective
	// makes unequal: the neighbouring versions are worth a try.
	dim := dr.GetBits().GetWidth()
	for _, n := range []int{dim, dim - 4, dim + 4} {
		dec, h, ok := readGrid(p, finders, align, n, hints)
		if !ok {
			continue
		}
		d := float64(n)
		ax, ay := h.apply(d-6.5, d-6.5)
		points := []gozxing.ResultPoint{bl, tl, tr, gozxing.NewResultPoint(ax, ay)}
		if m, ok := dec.GetOther().(*decoder.QRCodeDecoderMetaData); ok {
			m.ApplyMirroredCorrection(points)
		}
		r := gozxing.NewResult(dec.GetText(), dec.GetRawBytes(), points, gozxing.BarcodeFormat_QR_CODE)
		r.PutMetadata(gozxing.ResultMetadataType_SYMBOLOGY_IDENTIFIER, "]Q"+strconv.Itoa(dec.GetSymbologyModifier()))
		return r
	}
	return nil
}

// readGrid places a dim×dim grid on p from the finder centres (top left,
// top right, bottom left) and the corner alignment pattern gozxing found,
// if any, and decodes it.
func readGrid(p plane, finders [3][2]float64, align *[2]float64, dim int, hints map[gozxing.DecodeHintType]interface{}) (*common.DecoderResult, homography, bool) {
	version, err := decoder.Version_GetProvisionalVersionForDimension(dim)
	if err != nil || dim < 21 {
		return nil, homography{}, false
	}
	d := float64(dim)
	src := [][2]float64{{3.5, 3.5}, {d - 3.5, 3.5}, {3.5, d - 3.5}}
	dst := [][2]float64{finders[0], finders[1], finders[2]}
	h, ok := fitHomography(src, dst)
	if !ok {
		return nil, h, false
	}
	// The finders are where gozxing found them, near enough to refine
	// within a module. The alignment patterns are then located nearest
	// first, each predicted by the fit to those already located: a far
	// pattern predicted from three finders alone can be modules away under
	// strong perspective.
	var contrast float64
	for k := range 3 {
		x, y, score := locate(p, h, src[k][0], src[k][1], true, 1)
		if score > 0 {
			dst[k] = [2]float64{x, y}
		}
		contrast = max(contrast, score)
	}
	if h, ok = fitHomography(src, dst); !ok {
		return nil, h, false
	}
	for _, pt := range alignmentCentres(version) {
		x, y, score := locate(p, h, pt[0], pt[1], false, 2)
		if align != nil && pt[0] == d-6.5 && pt[1] == d-6.5 {
			// gozxing's own find is a second guess for the corner one.
			if h2, ok := fitHomography(append(src[:3:3], pt), append(dst[:3:3], *align)); ok {
				if x2, y2, s2 := locate(p, h2, pt[0], pt[1], false, 2); s2 > score {
					x, y, score = x2, y2, s2
				}
			}
		}
		if score < 0.3*contrast {
			continue // not seen clearly enough to trust
		}
		src = append(src, pt)
		dst = append(dst, [2]float64{x, y})
		if h, ok = fitHomography(src, dst); !ok {
			return nil, h, false
		}
	}
	dec, err := decoder.NewDecoder().Decode(sampleGrid(p, h, dim), hints)
	return dec, h, err == nil
}

// alignmentCentres returns the centres, in modules, of the version's
// alignment patterns (all but the three that would overlap a finder),
// nearest the top-left corner first.
func alignmentCentres(v *decoder.Version) [][2]float64 {
	var out [][2]float64
	cs := v.GetAlignmentPatternCenters()
	last := len(cs) - 1
	for i, cy := range cs {
		for j, cx := range cs {
			if i == 0 && (j == 0 || j == last) || i == last && j == 0 {
				continue
			}
			out = append(out, [2]float64{float64(cx) + 0.5, float64(cy) + 0.5})
		}
	}
	slices.SortStableFunc(out, func(a, b [2]float64) int { return cmp.Compare(a[0]+a[1], b[0]+b[1]) })
	return out
}

func near(a, b gozxing.ResultPoint) bool {
	return math.Abs(a.GetX()-b.GetX()) < 1 && math.Abs(a.GetY()-b.GetY()) < 1
}

// locate finds the centre of the finder or alignment pattern whose centre
// h maps to about (mx, my), in modules, within reach modules, by template
// matching on the gray image (the template shaped by h): the score of a
// candidate centre is the mean of the samples that should be light minus
// the mean of those that should be dark, less their spreads. It returns
// the best centre and its score.
func locate(p plane, h homography, mx, my float64, finder bool, reach float64) (x, y, score float64) {
	half := 2 // alignment pattern: 5×5 modules
	if finder {
		half = 3
	}
	cx, cy := h.apply(mx, my)
	// Two samples a module each way, as offsets from the centre.
	type sample struct {
		dx, dy float64
		light  bool
	}
	var ss []sample
	var nl, nd float64
	for v := -2*half - 1; v <= 2*half+1; v += 2 {
		for u := -2*half - 1; u <= 2*half+1; u += 2 {
			fu, fv := float64(u)/4, float64(v)/4
			ring := max(abs(int(math.Round(fu))), abs(int(math.Round(fv))))
			light := ring == 1
			if finder {
				light = ring == 2
			}
			sx, sy := h.apply(mx+fu, my+fv)
			ss = append(ss, sample{sx - cx, sy - cy, light})
			if light {
				nl++
			} else {
				nd++
			}
		}
	}
	eval := func(x, y float64) float64 {
		var l, d, l2, d2 float64
		for _, s := range ss {
			v := p.at(x+s.dx, y+s.dy)
			if s.light {
				l += v
				l2 += v * v
			} else {
				d += v
				d2 += v * v
			}
		}
		l, d = l/nl, d/nd
		// Uniform rings score higher than a patch of data modules that
		// happens to be dark in the middle.
		sl, sd := math.Sqrt(max(l2/nl-l*l, 0)), math.Sqrt(max(d2/nd-d*d, 0))
		return l - d - sl - sd
	}
	ux, uy := h.apply(mx+1, my)
	module := math.Hypot(ux-cx, uy-cy)
	r := max(reach*module, 1.5)
	step := max(0.5, module/8) // a bounded search on large codes too
	best, bx, by := math.Inf(-1), cx, cy
	for oy := -r; oy <= r; oy += step {
		for ox := -r; ox <= r; ox += step {
			if s := eval(cx+ox, cy+oy); s > best {
				best, bx, by = s, cx+ox, cy+oy
			}
		}
	}
	fx, fy := bx, by
	for oy := -0.75 * step; oy <= 0.75*step; oy += step / 4 {
		for ox := -0.75 * step; ox <= 0.75*step; ox += step / 4 {
			if s := eval(bx+ox, by+oy); s > best {
				best, fx, fy = s, bx+ox, by+oy
			}
		}
	}
	return fx, fy, best
}

func abs(i int) int {
	if i < 0 {
		return -i
	}
	return i
}

// sampleGrid reads the dim×dim modules of the gray image through h: each
// module is the mean of four samples around its centre, dark when darker
// than the mean of the modules within three of it.
func sampleGrid(p plane, h homography, dim int) *gozxing.BitMatrix {
	v := make([]float64, dim*dim)
	for j := range dim {
		for i := range dim {
			s := 0.0
			for _, o := range [4][2]float64{{0.375, 0.375}, {0.625, 0.375}, {0.375, 0.625}, {0.625, 0.625}} {
				x, y := h.apply(float64(i)+o[0], float64(j)+o[1])
				s += p.at(x, y)
			}
			v[j*dim+i] = s / 4
		}
	}
	bits, _ := gozxing.NewSquareBitMatrix(dim)
	const r = 3
	for j := range dim {
		for i := range dim {
			s, n := 0.0, 0
			for jj := max(j-r, 0); jj <= min(j+r, dim-1); jj++ {
				for ii := max(i-r, 0); ii <= min(i+r, dim-1); ii++ {
					s += v[jj*dim+ii]
					n++
				}
			}
			if v[j*dim+i] < s/float64(n) {
				bits.Set(i, j)
			}
		}
	}
	return bits
}

// at returns the gray level at (x, y) by bilinear interpolation, pixel i
// covering [i, i+1) as in gozxing's coordinates; outside, the nearest edge.
func (p plane) at(x, y float64) float64 {
	x = min(max(x-0.5, 0), float64(p.w-1))
	y = min(max(y-0.5, 0), float64(p.h-1))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, p.w-1), min(y0+1, p.h-1)
	fx, fy := x-float64(x0), y-float64(y0)
	a := float64(p.pix[y0*p.w+x0])*(1-fx) + float64(p.pix[y0*p.w+x1])*fx
	b := float64(p.pix[y1*p.w+x0])*(1-fx) + float64(p.pix[y1*p.w+x1])*fx
	return a*(1-fy) + b*fy
}

// homography maps module coordinates to image coordinates; both sides are
// normalized (shifted and scaled) for a well-conditioned fit.
type homography struct {
	h                      [8]float64
	sx, sy, ss, dx, dy, ds float64
}

func (h homography) apply(x, y float64) (float64, float64) {
	x, y = (x-h.sx)*h.ss, (y-h.sy)*h.ss
	w := h.h[6]*x + h.h[7]*y + 1
	u := (h.h[0]*x + h.h[1]*y + h.h[2]) / w
	v := (h.h[3]*x + h.h[4]*y + h.h[5]) / w
	return u/h.ds + h.dx, v/h.ds + h.dy
}

// fitHomography returns the homography taking src to dst (four or more
// pairs) with the least squared error, false if they are degenerate.
func fitHomography(src, dst [][2]float64) (homography, bool) {
	var h homography
	n := len(src)
	if n < 3 || len(dst) != n {
		return h, false
	}
	norm := func(ps [][2]float64) (cx, cy, s float64) {
		for _, p := range ps {
			cx += p[0]
			cy += p[1]
		}
		cx, cy = cx/float64(n), cy/float64(n)
		for _, p := range ps {
			s += math.Hypot(p[0]-cx, p[1]-cy)
		}
		if s == 0 {
			return cx, cy, 0
		}
		return cx, cy, float64(n) * math.Sqrt2 / s
	}
	h.sx, h.sy, h.ss = norm(src)
	h.dx, h.dy, h.ds = norm(dst)
	if h.ss == 0 || h.ds == 0 {
		return h, false
	}
	// Normal equations of the linearized problem, h33 = 1.
	var a [8][9]float64
	add := func(row [8]float64, b float64) {
		for i := range 8 {
			for j := range 8 {
				a[i][j] += row[i] * row[j]
			}
			a[i][8] += row[i] * b
		}
	}
	for k := range n {
		x, y := (src[k][0]-h.sx)*h.ss, (src[k][1]-h.sy)*h.ss
		u, v := (dst[k][0]-h.dx)*h.ds, (dst[k][1]-h.dy)*h.ds
		add([8]float64{x, y, 1, 0, 0, 0, -x * u, -y * u}, u)
		add([8]float64{0, 0, 0, x, y, 1, -x * v, -y * v}, v)
	}
	if n == 3 {
		// An affine map: no perspective terms.
		for i := range 8 {
			a[6][i], a[7][i], a[i][6], a[i][7] = 0, 0, 0, 0
		}
		a[6][6], a[7][7], a[6][8], a[7][8] = 1, 1, 0, 0
	}
	for c := range 8 {
		piv := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[piv][c]) {
				piv = r
			}
		}
		if math.Abs(a[piv][c]) < 1e-12 {
			return h, false
		}
		a[c], a[piv] = a[piv], a[c]
		for r := range 8 {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	for i := range 8 {
		h.h[i] = a[i][8] / a[i][i]
	}
	return h, !slices.ContainsFunc(h.h[:], math.IsNaN)
}
