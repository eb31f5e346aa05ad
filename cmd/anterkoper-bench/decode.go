package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"anterkoper/device/decode"
)

// barcodeDir holds ZXing's black-box photographs, relative to the repo root.
const barcodeDir = "../shared/testdata/barcodes"

var barcodeFormat = map[string]string{
	"qrcode-1": "QR_CODE", "qrcode-3": "QR_CODE", "code128-1": "CODE_128",
	"codabar-1": "CODABAR", "code39-1": "CODE_39", "ean13-3": "EAN_13",
}

// benchDecode compares our decoder with zbarimg and ZXingReader on the
// black-box photographs at 0° and 180°, then measures our frame rate on
// one core.
func benchDecode(ctx context.Context, o options) error {
	fmt.Println("## Barcode decoding")
	fmt.Println()
	if _, err := os.Stat(barcodeDir); err != nil {
		fmt.Printf("skipped: no barcode photographs at %s (%v)\n\n", barcodeDir, err)
		return nil
	}
	tmp, err := os.MkdirTemp(o.dir, "anterkoper-decode-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	ents, err := os.ReadDir(barcodeDir)
	if err != nil {
		return err
	}
	fmt.Println("Passes (exact text; ours also checks the format) at 0° / 180°:")
	fmt.Println()
	fmt.Println("| folder | images | ours | zbarimg | ZXingReader |")
	fmt.Println("|---|---|---|---|---|")
	var d decode.Decoder
	var peerTime [2]time.Duration
	peerRuns := 0
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		folder := e.Name()
		format, known := barcodeFormat[folder]
		if !known && folder != "falsepositives-2" {
			continue
		}
		files, err := barcodeImages(filepath.Join(barcodeDir, folder))
		if err != nil {
			return err
		}
		var pass [3][2]int // tool × angle
		for _, f := range files {
			if err := ctx.Err(); err != nil {
				return err
			}
			want, _ := os.ReadFile(strings.TrimSuffix(f, filepath.Ext(f)) + ".txt")
			img, err := loadImage(f)
			if err != nil {
				return err
			}
			for a, deg := range []int{0, 180} {
				path := f
				if deg == 180 {
					img = rotate180(decode.Gray(img))
					path = filepath.Join(tmp, "r.png")
					if err := writePNG(path, img); err != nil {
						return err
					}
				}
				ours := d.Decode(img)
				zb, zt := runPeer(ctx, "zbarimg", "--raw", "-q", path)
				zx, xt := runPeer(ctx, "ZXingReader", "-bytes", path)
				peerTime[0] += zt
				peerTime[1] += xt
				peerRuns++
				if !known { // falsepositives: count any result as false
					pass[0][a] += min(len(ours), 1)
					pass[1][a] += btoi(len(zb) > 0)
					pass[2][a] += btoi(len(zx) > 0)
					continue
				}
				for _, r := range ours {
					if r.Format == format && r.Text == string(want) || r.Format == "UPC_A" && format == "EAN_13" && "0"+r.Text == string(want) {
						pass[0][a]++
						break
					}
				}
				// zbarimg ends each symbol with a newline.
				pass[1][a] += btoi(strings.Contains("\n"+string(zb), "\n"+string(want)+"\n"))
				// ZXingReader -bytes writes the raw bytes: Latin-1 for Code 128.
				pass[2][a] += btoi(bytes.Equal(zx, want) || latin1(zx) == string(want))
			}
		}
		label := folder
		if !known {
			label += " (false results)"
		}
		fmt.Printf("| %s | %d | %d / %d | %d / %d | %d / %d |\n", label, len(files),
			pass[0][0], pass[0][1], pass[1][0], pass[1][1], pass[2][0], pass[2][1])
	}
	fmt.Println()
	if peerRuns > 0 {
		fmt.Printf("Peer wall time per image, including process start: zbarimg %v, ZXingReader %v.\n\n",
			round(peerTime[0]/time.Duration(peerRuns)), round(peerTime[1]/time.Duration(peerRuns)))
	}
	return benchDecodeFrames(ctx, tmp)
}

// benchDecodeFrames measures frames/s on one core on camera-like frames: a
// QR label pasted into a noisy gray image.
func benchDecodeFrames(ctx context.Context, tmp string) error {
	fmt.Println("| frame | ours, frames/s on one core | ours, ms/frame | zbarimg ms/image (CLI) | ZXingReader ms/image (CLI) |")
	fmt.Println("|---|---|---|---|---|")
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	for _, size := range [][2]int{{640, 480}, {1280, 720}} {
		f, err := cameraFrame(size[0], size[1])
		if err != nil {
			return err
		}
		var d decode.Decoder
		if len(d.Decode(f)) != 1 {
			return fmt.Errorf("decode: no code found in the %dx%d frame", size[0], size[1])
		}
		n, start := 0, time.Now()
		for time.Since(start) < 2*time.Second {
			d.Decode(f)
			n++
		}
		el := time.Since(start)
		path := filepath.Join(tmp, "frame.png")
		if err := writePNG(path, f); err != nil {
			return err
		}
		var peer [2]time.Duration
		const runs = 5
		for range runs {
			_, t0 := runPeer(ctx, "zbarimg", "--raw", "-q", path)
			_, t1 := runPeer(ctx, "ZXingReader", "-bytes", path)
			peer[0] += t0
			peer[1] += t1
		}
		fmt.Printf("| %d×%d | %.1f | %.1f | %.1f | %.1f |\n", size[0], size[1],
			float64(n)/el.Seconds(), ms(el/time.Duration(n)), ms(peer[0]/runs), ms(peer[1]/runs))
	}
	fmt.Println()
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func latin1(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = rune(c)
	}
	return string(rs)
}

// runPeer runs a comparison decoder; a missing tool or no result gives nil.
func runPeer(ctx context.Context, name string, args ...string) ([]byte, time.Duration) {
	start := time.Now()
	out, _ := exec.CommandContext(ctx, name, args...).Output()
	return out, time.Since(start)
}

func barcodeImages(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if ext := filepath.Ext(e.Name()); ext == ".png" || ext == ".jpg" || ext == ".jpeg" {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	slices.Sort(out)
	return out, nil
}

func loadImage(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func rotate180(g *image.Gray) *image.Gray {
	b := g.Rect
	out := image.NewGray(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Pix[(b.Max.Y-1-y)*out.Stride+(b.Max.X-1-x)] = g.Pix[g.PixOffset(x, y)]
		}
	}
	return out
}

// cameraFrame is a w×h gray frame of sensor-like noise with a QR label
// half the frame high pasted into it.
func cameraFrame(w, h int) (*image.Gray, error) {
	m, err := qrcode.NewQRCodeWriter().Encode("anterkoper:item/0001234567", gozxing.BarcodeFormat_QR_CODE, h/2, h/2, nil)
	if err != nil {
		return nil, err
	}
	f := image.NewGray(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range f.Pix {
		f.Pix[i] = uint8(90 + rng.IntN(60))
	}
	at := image.Pt(w/3, h/4)
	draw.Draw(f, image.Rectangle{at, at.Add(image.Pt(h/2, h/2))}, decode.Gray(m), image.Point{}, draw.Src)
	for i := range f.Pix {
		f.Pix[i] = uint8(min(max(int(f.Pix[i])+rng.IntN(41)-20, 0), 255))
	}
	return f, nil
}
