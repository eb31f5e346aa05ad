package papers

// Helpers shared by the papers: languages, WIB dates and what the papers
// add to internal/pdftable (one-line cells, PNGs checked before fpdf sees
// them).

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"time"
	"unicode"

	"github.com/go-pdf/fpdf"

	"anterkoper/internal/pdftable"
)

// paperWIB is the zone every time on paper is written in (UTC+7, no DST),
// as in internal/export.
var paperWIB = time.FixedZone("WIB", 7*3600)

// paperDays are the day names from Sunday, as time.Weekday, per language.
var paperDays = map[string][7]string{
	"id": {"Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"},
	"en": {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
}

// paperLang checks a language code: "" means "id".
func paperLang(lang string) (string, error) {
	lang = cmp.Or(lang, "id")
	if _, ok := paperDays[lang]; !ok {
		return "", fmt.Errorf("language %q: want id or en", lang)
	}
	return lang, nil
}

// paperParseDate parses a YYYY-MM-DD date.
func paperParseDate(s string) (time.Time, error) {
	d, err := time.Parse("2006-01-02", s)
	if err != nil || len(s) != len("2006-01-02") {
		return time.Time{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return d, nil
}

// paperDayLayout writes a date; English spells the month out so that it
// cannot be misread in the US month/day order (as internal/export does).
var paperDayLayout = map[string]string{"id": "02/01/2006", "en": "02 Jan 2006"}

// paperDay writes a calendar day with its name: "Jumat, 27/11/2026".
func paperDay(lang string, d time.Time) string {
	return paperDays[lang][d.Weekday()] + ", " + d.Format(paperDayLayout[lang])
}

// paperStamp writes a moment in WIB: "27/11/2026 14:05 WIB".
func paperStamp(lang string, t time.Time) string {
	return t.In(paperWIB).Format(paperDayLayout[lang]+" 15:04") + " WIB"
}

// pdfOneLine wraps a cp1252 translator from pdftable.NewDoc so that a
// newline or tab, which would print as a stray glyph inside a cell, becomes
// a space. The report uses the bare translator: in its table cells fpdf
// breaks the line at a newline.
func pdfOneLine(cp1252 func(string) string) func(string) string {
	return func(s string) string {
		return cp1252(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s))
	}
}

// pdfFit is pdftable.Fit, except that text of blanks only gives no lines.
func pdfFit(pdf *fpdf.Fpdf, text string, width float64, maxLines int) []string {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	return pdftable.Fit(pdf, text, width, maxLines)
}

// pdfImageLimit bounds the pixels of a PNG from outside (a drawn
// signature) so that a small file cannot inflate into gigabytes.
const pdfImageLimit = 16 << 20

// pdfImageMaxSide is the longest side kept: a 60 mm signature needs no
// more than about 300 dpi.
const pdfImageMaxSide = 1200

// pdfCleanPNG decodes a PNG, flattens it onto white and shrinks it by a
// whole factor until its longest side is at most pdfImageMaxSide, and
// encodes it again as a plain 8-bit RGB PNG. fpdf's own PNG reader refuses
// interlaced and 16-bit files and fails late, poisoning the document; this
// fails early with the reason instead.
func pdfCleanPNG(b []byte) (data []byte, w, h int, err error) {
	if len(b) == 0 {
		return nil, 0, 0, fmt.Errorf("empty png")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return nil, 0, 0, err
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > pdfImageLimit {
		return nil, 0, 0, fmt.Errorf("png of %d×%d pixels: want at most %d pixels", cfg.Width, cfg.Height, pdfImageLimit)
	}
	src, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return nil, 0, 0, err
	}
	r := src.Bounds()
	flat := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(flat, flat.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(flat, flat.Bounds(), src, r.Min, draw.Over)
	out := image.Image(flat)
	if k := (max(r.Dx(), r.Dy()) + pdfImageMaxSide - 1) / pdfImageMaxSide; k > 1 {
		out = pdfShrink(flat, k)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return nil, 0, 0, err
	}
	return buf.Bytes(), out.Bounds().Dx(), out.Bounds().Dy(), nil
}

// pdfShrink averages k×k blocks of an opaque image.
func pdfShrink(src *image.RGBA, k int) *image.RGBA {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewRGBA(image.Rect(0, 0, (sw+k-1)/k, (sh+k-1)/k))
	for y := range dst.Rect.Dy() {
		for x := range dst.Rect.Dx() {
			var sum [3]int
			n := 0
			for sy := y * k; sy < min(y*k+k, sh); sy++ {
				for sx := x * k; sx < min(x*k+k, sw); sx++ {
					p := src.Pix[sy*src.Stride+4*sx:]
					sum[0] += int(p[0])
					sum[1] += int(p[1])
					sum[2] += int(p[2])
					n++
				}
			}
			d := dst.Pix[y*dst.Stride+4*x:]
			d[0], d[1], d[2], d[3] = uint8(sum[0]/n), uint8(sum[1]/n), uint8(sum[2]/n), 0xff
		}
	}
	return dst
}

// pdfPlaceImage registers a PNG (already checked by pdfCleanPNG or drawn
// by us) under name and draws it as large as fits in the w×h box at x, y,
// keeping its aspect, centred horizontally and sitting on the box's bottom.
func pdfPlaceImage(pdf *fpdf.Fpdf, name string, data []byte, pw, ph int, x, y, w, h float64) {
	opts := fpdf.ImageOptions{ImageType: "PNG"}
	pdf.RegisterImageOptionsReader(name, opts, bytes.NewReader(data))
	scale := min(w/float64(pw), h/float64(ph))
	iw, ih := float64(pw)*scale, float64(ph)*scale
	pdf.ImageOptions(name, x+(w-iw)/2, y+h-ih, iw, ih, false, opts, 0, "")
}
