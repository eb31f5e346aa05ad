package papers

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"anterkoper/device/decode"
	"anterkoper/internal/testenv"
)

// receiptScribble draws a signature-like PNG: a thick wavy stroke of ink
// on a transparent canvas, as a browser canvas gives it. gray16 makes a
// 16-bit grayscale PNG instead, which fpdf cannot read by itself.
func receiptScribble(t testing.TB, w, h int, freq float64, ink color.Color, gray16 bool) []byte {
	t.Helper()
	var img interface {
		image.Image
		Set(x, y int, c color.Color)
	}
	if gray16 {
		g := image.NewGray16(image.Rect(0, 0, w, h))
		for i := range g.Pix {
			g.Pix[i] = 0xff
		}
		img = g
	} else {
		img = image.NewNRGBA(image.Rect(0, 0, w, h))
	}
	for x := w / 10; x < w*9/10; x++ {
		y := float64(h)/2 + float64(h)/3*math.Sin(float64(x)*freq)*math.Cos(float64(x)/37)
		for dy := -3; dy <= 3; dy++ {
			for dx := -1; dx <= 1; dx++ {
				img.Set(x+dx, int(y)+dy, ink)
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var receiptWhen = time.Date(2026, 11, 27, 7, 5, 0, 0, time.UTC) // 14:05 WIB

func receiptLines(prefix string, titles ...string) []Line {
	lines := make([]Line, len(titles))
	for i, title := range titles {
		lines[i] = Line{Code: fmt.Sprintf("%s%04d", prefix, i+1), Title: title, Level: "SD",
			Time: receiptWhen.Add(time.Duration(i) * time.Minute)}
	}
	return lines
}

func receiptSample(t testing.TB) Receipt {
	return Receipt{
		Office:        "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
		OfficeAddress: "Jl. Sriwijaya No. 29A, Semarang",
		Service:       "Layanan Perpustakaan Keliling ANTER KOPER Buku",
		Number:        "AKB/2026/11/0012",
		VisitID:       12,
		Date:          "2026-11-27",
		Location:      "SD Negeri 2 Ungaran",
		Address:       "Jl. Diponegoro No. 5, Ungaran, Kabupaten Semarang",
		Contact:       "Sri Wahyuningsih",
		Phone:         "0812-2700-1234",
		Lent: receiptLines("B", "Laskar Pelangi", "Si Kancil dan Buaya",
			"Ensiklopedia Flora dan Fauna Nusantara"),
		Returned: receiptLines("R", "Bumi Manusia", "Cerita Rakyat Jawa Tengah"),
		Outstanding: receiptLines("O", "Keajaiban Candi Borobudur", "Petualangan Timun Mas",
			"Atlas Indonesia dan Dunia", "Pahlawan dari Semarang"),
		School: Signature{Name: "Sri Wahyuningsih, S.Pd.", At: receiptWhen.Add(20 * time.Minute),
			PNG: receiptScribble(t, 360, 140, 0.09, color.NRGBA{10, 20, 120, 255}, false)},
		Officer: Signature{Name: "Budi Santoso", At: receiptWhen.Add(22 * time.Minute),
			PNG: receiptScribble(t, 500, 160, 0.05, color.Gray16{0x1000}, true)},
		QRText: "https://anterkoper.local/v/AKB-2026-11-0012?k=7f3a91c2",
		Sealed: receiptWhen.Add(22 * time.Minute),
	}
}

// receiptTool finds a poppler-utils program (see testenv.Tool).
func receiptTool(t *testing.T, name string) string {
	t.Helper()
	return testenv.Tool(t, "poppler-utils", name)
}

// receiptWrite writes the receipt to a file and returns its path.
func receiptWrite(t *testing.T, r Receipt) string {
	t.Helper()
	var buf bytes.Buffer
	if err := ReceiptPDF(&buf, r); err != nil {
		t.Fatalf("ReceiptPDF: %v", err)
	}
	path := filepath.Join(t.TempDir(), "receipt.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var receiptSpaces = regexp.MustCompile(`[ \t]+`)

// receiptText returns the text of each page by pdftotext -layout, with
// runs of blanks made one space.
func receiptPages(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command(receiptTool(t, "pdftotext"), "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	for i, p := range pages {
		pages[i] = receiptSpaces.ReplaceAllString(p, " ")
	}
	return pages
}

func receiptPageCount(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command(receiptTool(t, "pdfinfo"), path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo gave no page count:\n%s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// receiptQR renders a page at 150 dpi and returns the QR codes read from
// it by the project's decoder.
func receiptQR(t *testing.T, path string, page int) []string {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	p := strconv.Itoa(page)
	cmd := exec.Command(receiptTool(t, "pdftoppm"), "-r", "150", "-png", "-singlefile", "-f", p, "-l", p, path, prefix)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	d := decode.Decoder{Formats: []string{"QR_CODE"}}
	var texts []string
	for _, r := range d.Decode(img) {
		texts = append(texts, r.Text)
	}
	return texts
}

func receiptWant(t *testing.T, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext:\n%s", text)
	}
}

func TestReceiptPDF(t *testing.T) {
	r := receiptSample(t)
	path := receiptWrite(t, r)
	pages := receiptPages(t, path)
	if len(pages) != 1 {
		t.Fatalf("got %d pages, want 1", len(pages))
	}
	want := []string{
		"Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah",
		"Jl. Sriwijaya No. 29A, Semarang",
		"Layanan Perpustakaan Keliling ANTER KOPER Buku",
		"BUKTI PEMINJAMAN BUKU",
		"AKB/2026/11/0012 (kunjungan 12)",
		"Jumat, 27/11/2026",
		"SD Negeri 2 Ungaran",
		"Jl. Diponegoro No. 5, Ungaran, Kabupaten Semarang",
		"Sri Wahyuningsih (0812-2700-1234)",
		"Buku dipinjamkan (3)", "Buku dikembalikan (2)", "Masih dipinjam lokasi (4)",
		"No. Kode Judul Tingkat Waktu (WIB)",
		"1 B0001 Laskar Pelangi SD 27/11/2026 14:05",
		"Jumlah: 3", "Jumlah: 2", "Jumlah: 4",
		"Dipinjamkan 3 · Dikembalikan 2 · Masih dipinjam 4",
		"Pihak sekolah/lembaga", "Petugas perpustakaan",
		"Sri Wahyuningsih, S.Pd.", "Budi Santoso",
		"Ditandatangani 27/11/2026 14:25 WIB", "Ditandatangani 27/11/2026 14:27 WIB",
		"Pindai untuk memeriksa bukti ini",
		"Bukti disahkan 27/11/2026 14:27 WIB",
		"Bukti AKB/2026/11/0012 · Halaman 1/1",
	}
	for _, lines := range [][]Line{r.Lent, r.Returned, r.Outstanding} {
		for _, l := range lines {
			want = append(want, l.Code+" "+l.Title)
		}
	}
	receiptWant(t, pages[0], want...)
	if strings.Contains(pages[0], "tidak ada") {
		t.Error("a non-empty list printed as empty")
	}

	got := receiptQR(t, path, 1)
	if len(got) != 1 || got[0] != r.QRText {
		t.Errorf("QR codes read from the page: %q, want [%q]", got, r.QRText)
	}
}

func TestReceiptPDFPages(t *testing.T) {
	r := receiptSample(t)
	titles := make([]string, 120)
	for i := range titles {
		titles[i] = fmt.Sprintf("Buku Bacaan Anak Nomor %03d", i+1)
	}
	r.Lent = receiptLines("B", titles...)
	path := receiptWrite(t, r)
	n := receiptPageCount(t, path)
	if n < 2 {
		t.Fatalf("120 lent books fit on %d page, want several", n)
	}
	pages := receiptPages(t, path)
	if len(pages) != n {
		t.Fatalf("pdftotext found %d pages, pdfinfo %d", len(pages), n)
	}
	all := strings.Join(pages, "\n")
	for i := range titles {
		if !strings.Contains(all, titles[i]) {
			t.Errorf("title %q missing", titles[i])
		}
	}
	receiptWant(t, all, "Buku dipinjamkan (120)", "Jumlah: 120", "Buku dipinjamkan (120) (lanjutan)",
		"120 B0120 Buku Bacaan Anak Nomor 120")
	for i, p := range pages {
		footer := fmt.Sprintf("Bukti AKB/2026/11/0012 · Halaman %d/%d", i+1, n)
		if !strings.Contains(p, footer) {
			t.Errorf("page %d lacks the footer %q", i+1, footer)
		}
		// Every page with lent rows repeats the column header.
		if strings.Contains(p, "Buku Bacaan Anak Nomor") && !strings.Contains(p, "No. Kode Judul Tingkat") {
			t.Errorf("page %d has table rows without the column header", i+1)
		}
	}
	if !strings.Contains(pages[n-1], "Petugas perpustakaan") {
		t.Error("the signatures are not on the last page")
	}
	if got := receiptQR(t, path, n); len(got) != 1 || got[0] != r.QRText {
		t.Errorf("QR codes read from the last page: %q, want [%q]", got, r.QRText)
	}
}

func TestReceiptPDFEnglishAndEmpty(t *testing.T) {
	r := receiptSample(t)
	r.Lang = "en"
	r.Returned = nil
	r.School.PNG, r.Officer.PNG = nil, nil // signed by hand on paper
	r.Officer.Name = ""
	r.Lent[0].Title = strings.Repeat("Sebuah judul yang sangat panjang sekali ", 8) + "AKHIR"
	pages := receiptPages(t, receiptWrite(t, r))
	text := strings.Join(pages, "\n")
	receiptWant(t, text, "BOOK LOAN RECEIPT", "Friday, 27 Nov 2026", "Books lent (3)", "Books returned (0)",
		"— none —", "Total: 0", "Total: 3", "Lent 3 · Returned 0 · Still on loan 4", "School/institution",
		"Library officer", "Signed 27 Nov 2026 14:25 WIB", "Scan to verify this receipt",
		"Receipt AKB/2026/11/0012 · Page 1/1", "Sri Wahyuningsih, S.Pd.", "(......", "…")
	if strings.Contains(text, "AKHIR") {
		t.Error("an overlong title was not cut")
	}
}

func TestReceiptPDFDeterministic(t *testing.T) {
	r := receiptSample(t)
	var a, b bytes.Buffer
	if err := ReceiptPDF(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := ReceiptPDF(&b, r); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same receipt gave different bytes")
	}
	if !bytes.HasPrefix(a.Bytes(), []byte("%PDF-")) {
		t.Errorf("not a PDF: %q", a.Bytes()[:min(a.Len(), 16)])
	}
}

func TestReceiptPDFErrors(t *testing.T) {
	good := receiptSample(t)
	truncated := good.School.PNG[:len(good.School.PNG)/2]
	for _, tc := range []struct {
		name, want string
		edit       func(r *Receipt)
	}{
		{"school not a png", "school signature", func(r *Receipt) { r.School.PNG = []byte("GIF89a…") }},
		{"officer truncated", "officer signature", func(r *Receipt) { r.Officer.PNG = truncated }},
		{"officer empty", "officer signature", func(r *Receipt) { r.Officer.PNG = []byte{} }},
		{"no qr", "empty QR text", func(r *Receipt) { r.QRText = " " }},
		{"bad date", `date "27/11/2026"`, func(r *Receipt) { r.Date = "27/11/2026" }},
		{"bad lang", `language "jv"`, func(r *Receipt) { r.Lang = "jv" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := receiptSample(t)
			tc.edit(&r)
			var buf bytes.Buffer
			err := ReceiptPDF(&buf, r)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "papers: ") {
				t.Fatalf("err = %v, want one naming %q", err, tc.want)
			}
			if buf.Len() != 0 {
				t.Errorf("%d bytes written before the error", buf.Len())
			}
		})
	}
}

func TestPDFCleanPNGShrinks(t *testing.T) {
	big := receiptScribble(t, 3000, 1000, 0.01, color.Black, false)
	data, w, h, err := pdfCleanPNG(big)
	if err != nil {
		t.Fatal(err)
	}
	if w != 1000 || h != 334 {
		t.Errorf("size %d×%d, want 1000×334", w, h)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Errorf("encoded %v, reported %d×%d", b, w, h)
	}
	// Transparent canvas becomes white paper, ink stays dark.
	if r, g, b, _ := img.At(0, 0).RGBA(); r>>8 != 0xff || g>>8 != 0xff || b>>8 != 0xff {
		t.Errorf("background %v, want white", img.At(0, 0))
	}
}

func FuzzPDFCleanPNG(f *testing.F) {
	f.Add(receiptScribble(f, 40, 20, 0.3, color.Black, false))
	f.Add(receiptScribble(f, 30, 10, 0.3, color.Gray16{}, true))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		data, w, h, err := pdfCleanPNG(b)
		if err != nil {
			return
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("cleaned PNG does not decode: %v", err)
		}
		if got := img.Bounds(); got.Dx() != w || got.Dy() != h || w > pdfImageMaxSide || h > pdfImageMaxSide {
			t.Fatalf("cleaned PNG is %v, reported %d×%d", got, w, h)
		}
	})
}
