package decode

import (
	"image"
	"math"
	"time"
	"unicode/utf8"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	multiqr "github.com/makiuchi-d/gozxing/multi/qrcode"
	"github.com/makiuchi-d/gozxing/oned"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Result is one code read from a frame.
type Result struct {
	// Format is gozxing's name of the symbology: QR_CODE, CODE_128,
	// CODE_39, CODABAR, EAN_13, UPC_A, EAN_8, UPC_E, DATA_MATRIX.
	Format string
	// Text is the decoded content (Latin-1 Code 128 as raw bytes).
	Text string
	// Symbology is the AIM identifier, e.g. ]Q1, ]C0, ]A0, ]F0, ]E0.
	Symbology string
	// Points are the corners or finder points gozxing reported, in frame
	// coordinates (for 1D codes: the two ends of the row read).
	Points []image.Point
}

// Formats the zero Decoder reads, in the order they are tried. EAN_8 and
// UPC_E are also supported but only when named in Decoder.Formats: their
// short symbols were read from plain photos with no code at all.
var Formats = []string{"QR_CODE", "CODE_128", "CODE_39", "CODABAR", "EAN_13", "UPC_A", "DATA_MATRIX"}

// Decoder reads codes from images. The zero value tries every supported
// format and every retry.
type Decoder struct {
	// Formats limits the formats tried (names as in Result.Format);
	// empty means all of Formats.
	Formats []string
	// Fast skips every retry after the first quick pass: for a camera
	// loop that will see the code again in the next frame.
	Fast bool
	// NoRotate skips the 180° and 90° retries.
	NoRotate bool
	// Budget stops starting new retries once this much time has passed
	// since Decode began; zero means no limit.
	Budget time.Duration
	// MaxCodes is the most codes reported per frame; zero means 4.
	MaxCodes int
}

type reader struct {
	format string // first format it reads, for filtering
	one    gozxing.Reader
	multi  *multiqr.QRCodeMultiReader
}

func (d *Decoder) wants(formats ...string) bool {
	want := d.Formats
	if len(want) == 0 {
		want = Formats
	}
	for _, f := range formats {
		for _, g := range want {
			if f == g {
				return true
			}
		}
	}
	return false
}

// readers returns fresh readers (gozxing's keep per-call state), QR first
// because most labels are QR, Data Matrix last because it is the slowest.
func (d *Decoder) readers() []reader {
	var rs []reader
	if d.wants("QR_CODE") {
		rs = append(rs, reader{format: "QR_CODE", one: qrcode.NewQRCodeReader(), multi: multiqr.NewQRCodeMultiReader().(*multiqr.QRCodeMultiReader)})
	}
	if d.wants("CODE_128") {
		rs = append(rs, reader{format: "CODE_128", one: oned.NewCode128Reader()})
	}
	if d.wants("CODE_39") {
		rs = append(rs, reader{format: "CODE_39", one: oned.NewCode39Reader()})
	}
	if d.wants("CODABAR") {
		rs = append(rs, reader{format: "CODABAR", one: oned.NewCodaBarReader()})
	}
	if d.wants("EAN_13", "UPC_A", "EAN_8", "UPC_E") {
		var fs []gozxing.BarcodeFormat
		for f, name := range map[gozxing.BarcodeFormat]string{
			gozxing.BarcodeFormat_EAN_13: "EAN_13", gozxing.BarcodeFormat_UPC_A: "UPC_A",
			gozxing.BarcodeFormat_EAN_8: "EAN_8", gozxing.BarcodeFormat_UPC_E: "UPC_E",
		} {
			if d.wants(name) {
				fs = append(fs, f)
			}
		}
		hints := map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_POSSIBLE_FORMATS: fs}
		rs = append(rs, reader{format: "EAN_13", one: oned.NewMultiFormatUPCEANReader(hints)})
	}
	if d.wants("DATA_MATRIX") {
		rs = append(rs, reader{format: "DATA_MATRIX", one: datamatrix.NewDataMatrixReader()})
	}
	return rs
}

// pass is one way of looking at the frame.
type pass struct {
	view      func(plane) plane
	global    bool // GlobalHistogramBinarizer instead of HybridBinarizer
	tryHarder bool
	qrOnly    bool // only the QR reader: retries that make 1D texture
	grid      bool // readQRGrid instead of the readers
}

func (d *Decoder) passes(p plane) []pass {
	ps := []pass{{}}
	if d.Fast {
		return ps
	}
	long := max(p.w, p.h)
	switch {
	case long > 1400:
		ps = append(ps, pass{view: func(p plane) plane { return p.scale(0.5) }})
	case long < 400:
		ps = append(ps, pass{view: func(p plane) plane { return p.scale(2) }, tryHarder: true})
	}
	ps = append(ps,
		pass{tryHarder: true},
		pass{global: true, tryHarder: true},
		pass{view: plane.stretch, global: true, tryHarder: true},
	)
	if !d.NoRotate {
		ps = append(ps,
			pass{view: plane.rotate180, tryHarder: true},
			pass{view: plane.rotate90, tryHarder: true},
		)
	}
	// Last resorts for soft or small QR photos: an unsharp mask (blurry
	// dense codes), and for small frames a smooth 1.5× upscale, blurred
	// against JPEG noise and sharpened, read with the global binarizer.
	ps = append(ps, pass{view: plane.sharpen, tryHarder: true, qrOnly: true})
	if long < 400 {
		up := func(p plane) plane { return p.resize(1.5).blur().sharpen() }
		ps = append(ps,
			pass{view: up, global: true, tryHarder: true, qrOnly: true},
			pass{view: func(p plane) plane { return up(p).rotate180() }, global: true, tryHarder: true, qrOnly: true})
	}
	// The very last: QR codes whose finders were found but whose grid
	// gozxing could not place (small and skewed photos).
	if d.wants("QR_CODE") {
		ps = append(ps, pass{grid: true, tryHarder: true, qrOnly: true})
	}
	return ps
}

// Decode returns the codes found in img, nil if none.
func (d *Decoder) Decode(img image.Image) []Result {
	start := time.Now()
	g := Gray(img)
	if g.Rect.Dx() < 8 || g.Rect.Dy() < 8 {
		return nil
	}
	ox, oy := float64(g.Rect.Min.X), float64(g.Rect.Min.Y)
	base := plane{pix: compact(g), w: g.Rect.Dx(), h: g.Rect.Dy(),
		back: func(x, y float64) (float64, float64) { return x + ox, y + oy }}
	rs := d.readers()
	for i, ps := range d.passes(base) {
		if i > 0 && d.Budget > 0 && time.Since(start) > d.Budget {
			break
		}
		p := base
		if ps.view != nil {
			p = ps.view(base)
		}
		if out := d.scan(p, ps, rs); len(out) > 0 {
			return out
		}
	}
	return nil
}

// scan reads p with every reader, masking each code found and reading
// again so that several codes in one frame are all reported.
func (d *Decoder) scan(p plane, ps pass, rs []reader) []Result {
	limit := d.MaxCodes
	if limit <= 0 {
		limit = 4
	}
	hints := map[gozxing.DecodeHintType]interface{}{}
	if ps.tryHarder {
		hints[gozxing.DecodeHintType_TRY_HARDER] = true
	}
	var out []Result
	seen := map[[2]string]bool{}
	owned := false
	for round := 0; round < 2*limit && len(out) < limit; round++ {
		found, err := find(p, ps, rs, hints)
		if err != nil {
			return out
		}
		if len(found) == 0 {
			break
		}
		if !owned {
			p, owned = p.clone(), true
		}
		for _, zr := range found {
			p.fill(region(zr, p.w, p.h))
			res, ok := d.result(zr, p)
			k := [2]string{res.Format, res.Text}
			if !ok || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, res)
		}
	}
	return out
}

// find reads p once with the pass's readers.
func find(p plane, ps pass, rs []reader, hints map[gozxing.DecodeHintType]interface{}) ([]*gozxing.Result, error) {
	if ps.grid {
		return readQRGrid(p, hints), nil
	}
	bmp, err := bitmap(p, ps.global)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if ps.qrOnly && r.format != "QR_CODE" {
			continue
		}
		if found := read(r, bmp, hints); len(found) > 0 {
			return found, nil
		}
	}
	return nil, nil
}

func bitmap(p plane, global bool) (*gozxing.BinaryBitmap, error) {
	src, err := gozxing.NewPlanarYUVLuminanceSource(p.pix, p.w, p.h, 0, 0, p.w, p.h, false)
	if err != nil {
		return nil, err
	}
	if global {
		return gozxing.NewBinaryBitmap(gozxing.NewGlobalHistgramBinarizer(src))
	}
	return gozxing.NewBinaryBitmap(gozxing.NewHybridBinarizer(src))
}

// read runs one reader; gozxing may panic on odd input, which counts as
// nothing found.
func read(r reader, bmp *gozxing.BinaryBitmap, hints map[gozxing.DecodeHintType]interface{}) (found []*gozxing.Result) {
	defer func() {
		if recover() != nil {
			found = nil
		}
	}()
	if r.multi != nil {
		if rs, err := r.multi.DecodeMultiple(bmp, hints); err == nil && len(rs) > 0 {
			return rs
		}
	}
	res, err := r.one.Decode(bmp, hints)
	if err != nil || res == nil {
		return nil
	}
	return []*gozxing.Result{res}
}

// region is the area of p to hide once zr has been read: the box around
// its points with a margin; 1D codes report only a row, so their box is
// grown vertically in proportion to their width.
func region(zr *gozxing.Result, w, h int) image.Rectangle {
	pts := zr.GetResultPoints()
	if len(pts) == 0 {
		return image.Rectangle{}
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, pt := range pts {
		if pt == nil {
			continue
		}
		x0, x1 = min(x0, pt.GetX()), max(x1, pt.GetX())
		y0, y1 = min(y0, pt.GetY()), max(y1, pt.GetY())
	}
	if math.IsInf(x0, 0) {
		return image.Rectangle{}
	}
	size := max(x1-x0, y1-y0)
	m := size * 0.25
	if is1D(zr.GetBarcodeFormat()) {
		// Whole quiet zone sideways; codes are rarely taller than wide.
		return image.Rect(int(x0-m), int(y0-size), int(x1+m), int(y1+size))
	}
	return image.Rect(int(x0-m), int(y0-m), int(x1+m)+1, int(y1+m)+1)
}

func is1D(f gozxing.BarcodeFormat) bool {
	switch f {
	case gozxing.BarcodeFormat_QR_CODE, gozxing.BarcodeFormat_DATA_MATRIX,
		gozxing.BarcodeFormat_AZTEC, gozxing.BarcodeFormat_PDF_417, gozxing.BarcodeFormat_MAXICODE:
		return false
	}
	return true
}

// symbologies gives AIM identifiers for readers that do not report one.
var symbologies = map[gozxing.BarcodeFormat]string{
	gozxing.BarcodeFormat_QR_CODE:     "]Q1",
	gozxing.BarcodeFormat_CODE_128:    "]C0",
	gozxing.BarcodeFormat_CODE_39:     "]A0",
	gozxing.BarcodeFormat_CODABAR:     "]F0",
	gozxing.BarcodeFormat_EAN_13:      "]E0",
	gozxing.BarcodeFormat_UPC_A:       "]E0",
	gozxing.BarcodeFormat_EAN_8:       "]E4",
	gozxing.BarcodeFormat_UPC_E:       "]E0",
	gozxing.BarcodeFormat_DATA_MATRIX: "]d1",
}

// result converts zr, and reports false for results to drop: formats not
// asked for and too-short 1D reads, which are mostly texture.
func (d *Decoder) result(zr *gozxing.Result, p plane) (Result, bool) {
	f := zr.GetBarcodeFormat()
	r := Result{Format: f.String(), Text: zr.GetText(), Symbology: symbologies[f]}
	if f == gozxing.BarcodeFormat_CODE_128 {
		// gozxing hands back Code 128's Latin-1 bytes as they are.
		r.Text = latin1(r.Text)
	}
	if s, ok := zr.GetResultMetadata()[gozxing.ResultMetadataType_SYMBOLOGY_IDENTIFIER].(string); ok && s != "" {
		r.Symbology = s
	}
	for _, pt := range zr.GetResultPoints() {
		if pt == nil {
			continue
		}
		x, y := p.back(pt.GetX(), pt.GetY())
		r.Points = append(r.Points, image.Pt(int(math.Round(x)), int(math.Round(y))))
	}
	if !d.wants(r.Format) {
		return r, false
	}
	switch f {
	case gozxing.BarcodeFormat_EAN_13, gozxing.BarcodeFormat_UPC_A, gozxing.BarcodeFormat_EAN_8, gozxing.BarcodeFormat_UPC_E:
		// Fixed length with a checksum.
	default:
		if is1D(f) && len(r.Text) < 4 {
			return r, false
		}
	}
	return r, r.Text != ""
}

// latin1 converts ISO 8859-1 bytes, Code 128's character set, to UTF-8.
func latin1(s string) string {
	ascii := true
	for i := range len(s) {
		ascii = ascii && s[i] < utf8.RuneSelf
	}
	if ascii {
		return s
	}
	rs := make([]rune, len(s))
	for i := range len(s) {
		rs[i] = rune(s[i])
	}
	return string(rs)
}
