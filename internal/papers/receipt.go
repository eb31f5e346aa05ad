package papers

// The loan receipt (bukti peminjaman) of SOP step 7: what was lent, what
// came back and what the location still holds, signed by both parties.

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"anterkoper/internal/barcode"
	"anterkoper/internal/pdftable"
)

// Line is one book on a paper.
type Line struct {
	Code  string
	Title string
	Level string    // SD, SMP, SMA, umum or ""
	Time  time.Time // when it was scanned (shown in WIB); zero: not shown
}

// Signature is one party's sign-off.
type Signature struct {
	Name string
	// PNG is the drawn signature. Nil leaves a blank space above the line
	// to sign by hand.
	PNG []byte
	At  time.Time // zero: not shown
}

// Receipt is everything printed on a loan receipt.
type Receipt struct {
	Office        string // letterhead line 1, e.g. "Dinas Kearsipan dan Perpustakaan Provinsi Jawa Tengah"
	OfficeAddress string // letterhead line 2
	Service       string // e.g. "Layanan Perpustakaan Keliling ANTER KOPER Buku"
	Number        string // the receipt's number as shown, e.g. "AKB/2026/11/0012"
	VisitID       int64
	Date          string // YYYY-MM-DD
	Location      string
	Address       string
	Contact       string // the location's contact person
	Phone         string
	Lent          []Line
	Returned      []Line
	// Outstanding is what is still on loan at the location after this
	// visit, from earlier visits too.
	Outstanding []Line
	School      Signature // the school's contact person
	Officer     Signature // the library officer
	QRText      string    // printed as a QR code to verify the receipt; required
	Sealed      time.Time // when both had signed; zero: not shown
	Lang        string    // "id" (when empty) or "en"
}

// receiptText is what one language says on the receipt.
type receiptText struct {
	title                                        string
	number, date, location, address, contact     string
	lent, returned, outstanding, continued       string
	heads                                        [5]string
	count                                        string // format with the number of books
	none                                         string
	totals                                       [3]string
	school, officer, signed, sealed, scan, visit string
	footer                                       string // format with the number and the page
}

var receiptLangs = map[string]*receiptText{
	"id": {
		title:  "BUKTI PEMINJAMAN BUKU",
		number: "Nomor", date: "Tanggal", location: "Lokasi", address: "Alamat",
		contact: "Penanggung jawab",
		lent:    "Buku dipinjamkan", returned: "Buku dikembalikan",
		outstanding: "Masih dipinjam lokasi", continued: "(lanjutan)",
		heads:  [5]string{"No.", "Kode", "Judul", "Tingkat", "Waktu (WIB)"},
		count:  "Jumlah: %d",
		none:   "— tidak ada —",
		totals: [3]string{"Dipinjamkan", "Dikembalikan", "Masih dipinjam"},
		school: "Pihak sekolah/lembaga", officer: "Petugas perpustakaan",
		signed: "Ditandatangani", sealed: "Bukti disahkan",
		scan: "Pindai untuk memeriksa bukti ini", visit: "kunjungan",
		footer: "Bukti %s · Halaman %d/{nb}",
	},
	"en": {
		title:  "BOOK LOAN RECEIPT",
		number: "Number", date: "Date", location: "Location", address: "Address",
		contact: "Contact person",
		lent:    "Books lent", returned: "Books returned",
		outstanding: "Still on loan at the location", continued: "(continued)",
		heads:  [5]string{"No.", "Code", "Title", "Level", "Time (WIB)"},
		count:  "Total: %d",
		none:   "— none —",
		totals: [3]string{"Lent", "Returned", "Still on loan"},
		school: "School/institution", officer: "Library officer",
		signed: "Signed", sealed: "Receipt sealed",
		scan: "Scan to verify this receipt", visit: "visit",
		footer: "Receipt %s · Page %d/{nb}",
	},
}

// Receipt layout, in mm on A4 portrait (210×297).
const (
	receiptMargin = 15.0
	receiptWidth  = 210 - 2*receiptMargin
	receiptBottom = 18.0 // kept free for the footer
	receiptFont   = 9.0
	receiptLineH  = 4.5
	receiptPad    = 0.8

	receiptSigW     = 70.0 // a signature column; the QR sits between the two
	receiptSigImgW  = 60.0
	receiptSigImgH  = 25.0
	receiptQRSize   = 30.0
	receiptQRPixels = 480  // whole pixels per module, sharp when printed
	receiptClosingH = 76.0 // totals box, signatures, QR and sealed line
)

// receiptCols are the table's columns; their widths add up to
// receiptWidth. A title takes up to two lines, then is cut with "…".
var receiptCols = []pdftable.Col{{Width: 10, Align: "R", MaxLines: 1}, {Width: 32, Align: "L", MaxLines: 1},
	{Width: 92, Align: "L", MaxLines: 2}, {Width: 16, Align: "L", MaxLines: 1}, {Width: 30, Align: "L", MaxLines: 1}}

// ReceiptPDF writes the loan receipt of a visit as an A4 portrait PDF: the
// letterhead, the visit's details, the numbered tables of books lent,
// returned and still on loan (the table header repeated on each page), the
// totals, both signatures with the QR code between them, and on each page
// the footer "Bukti {Number} · Halaman i/n".
//
// A signature PNG that cannot be decoded is an error naming the party;
// so are an empty QRText, a Date not in YYYY-MM-DD and an unknown Lang.
func ReceiptPDF(w io.Writer, r Receipt) error {
	lang, err := paperLang(r.Lang)
	if err != nil {
		return fmt.Errorf("papers: receipt: %w", err)
	}
	day, err := paperParseDate(r.Date)
	if err != nil {
		return fmt.Errorf("papers: receipt: %w", err)
	}
	if strings.TrimSpace(r.QRText) == "" {
		return errors.New("papers: receipt: empty QR text")
	}
	qr, err := barcode.QRPNG(r.QRText, receiptQRPixels)
	if err != nil {
		return fmt.Errorf("papers: receipt: %w", err)
	}
	qrSize, err := png.DecodeConfig(bytes.NewReader(qr)) // a long text grows past receiptQRPixels
	if err != nil {
		return fmt.Errorf("papers: receipt: qr: %w", err)
	}
	p := &receiptPDF{r: r, t: receiptLangs[lang], lang: lang, day: day,
		qr: receiptImage{qr, qrSize.Width, qrSize.Height}}
	for _, s := range []struct {
		party string
		sig   Signature
		img   *receiptImage
	}{{"school", r.School, &p.school}, {"officer", r.Officer, &p.officer}} {
		if s.sig.PNG == nil {
			continue
		}
		if s.img.data, s.img.w, s.img.h, err = pdfCleanPNG(s.sig.PNG); err != nil {
			return fmt.Errorf("papers: receipt: %s signature: %w", s.party, err)
		}
	}

	created := r.Sealed
	if created.IsZero() {
		created = time.Now()
	}
	title := p.t.title + " " + r.Number
	pdf, cp1252 := pdftable.NewDoc(pdftable.Doc{Orientation: "P", Title: title, Author: r.Office,
		Created: created, Margin: receiptMargin, Bottom: receiptBottom})
	p.Fpdf, p.tr = pdf, pdfOneLine(cp1252)
	// A blank cell stays empty, as pdfFit leaves the other texts of the
	// receipt; the report and the schedule draw it.
	p.table = &pdftable.Table{Cols: receiptCols, Left: receiptMargin, LineH: receiptLineH, Pad: receiptPad,
		Tr: p.tr, SkipBlank: true}
	p.SetHeaderFunc(p.header)
	p.SetFooterFunc(p.footer)
	p.AddPage()
	p.letterhead()
	p.details()
	p.section(p.t.lent, r.Lent)
	p.section(p.t.returned, r.Returned)
	p.section(p.t.outstanding, r.Outstanding)
	p.closing()
	if err := p.Output(w); err != nil {
		return fmt.Errorf("papers: receipt pdf: %w", err)
	}
	return nil
}

// receiptImage is a checked PNG and its size in pixels.
type receiptImage struct {
	data []byte
	w, h int
}

type receiptPDF struct {
	*fpdf.Fpdf
	r                   Receipt
	t                   *receiptText
	lang                string
	day                 time.Time
	tr                  func(string) string
	table               *pdftable.Table
	qr, school, officer receiptImage
}

// header repeats the title and number on the pages after the first, which
// carries the letterhead instead.
func (p *receiptPDF) header() {
	if p.PageNo() == 1 {
		return
	}
	p.SetFont("Helvetica", "B", 9)
	p.CellFormat(receiptWidth/2, 5, p.tr(p.t.title), "", 0, "L", false, 0, "")
	p.SetFont("Helvetica", "", 9)
	p.CellFormat(receiptWidth/2, 5, p.tr(p.r.Number), "", 1, "R", false, 0, "")
	p.SetLineWidth(0.2)
	p.Line(receiptMargin, p.GetY()+0.5, receiptMargin+receiptWidth, p.GetY()+0.5)
	p.Ln(4)
}

func (p *receiptPDF) footer() {
	p.SetY(-12)
	p.SetFont("Helvetica", "", 8)
	p.SetTextColor(80, 80, 80)
	p.CellFormat(0, 5, p.tr(fmt.Sprintf(p.t.footer, p.r.Number, p.PageNo())), "", 0, "C", false, 0, "")
	p.SetTextColor(0, 0, 0)
}

// centred writes lines of text centred across the page.
func (p *receiptPDF) centred(text, style string, size, lineH float64) {
	if text == "" {
		return
	}
	p.SetFont("Helvetica", style, size)
	for _, l := range pdfFit(p.Fpdf, p.tr(text), receiptWidth, 2) {
		p.CellFormat(receiptWidth, lineH, l, "", 1, "C", false, 0, "")
	}
}

func (p *receiptPDF) letterhead() {
	p.centred(p.r.Office, "B", 13, 6)
	p.centred(p.r.OfficeAddress, "", 9, 4.5)
	p.centred(p.r.Service, "B", 10, 5)
	y := p.GetY() + 1.5
	p.SetLineWidth(0.7)
	p.Line(receiptMargin, y, receiptMargin+receiptWidth, y)
	p.SetLineWidth(0.2)
	p.Line(receiptMargin, y+1, receiptMargin+receiptWidth, y+1)
	p.SetY(y + 5)
	p.centred(p.t.title, "B", 14, 7)
	p.Ln(3)
}

func (p *receiptPDF) details() {
	contact := p.r.Contact
	switch {
	case contact == "":
		contact = p.r.Phone
	case p.r.Phone != "":
		contact += " (" + p.r.Phone + ")"
	}
	number := p.r.Number
	if p.r.VisitID != 0 {
		number += " (" + p.t.visit + " " + strconv.FormatInt(p.r.VisitID, 10) + ")"
	}
	const labelW = 36.0
	for _, d := range [][2]string{
		{p.t.number, number},
		{p.t.date, paperDay(p.lang, p.day)},
		{p.t.location, p.r.Location},
		{p.t.address, p.r.Address},
		{p.t.contact, contact},
	} {
		p.SetFont("Helvetica", "", receiptFont+0.5)
		lines := pdfFit(p.Fpdf, p.tr(d[1]), receiptWidth-labelW-3, 3)
		if len(lines) == 0 {
			lines = []string{"-"}
		}
		p.CellFormat(labelW, 5, p.tr(d[0]), "", 0, "L", false, 0, "")
		p.CellFormat(3, 5, ":", "", 0, "L", false, 0, "")
		for i, l := range lines {
			if i > 0 {
				p.SetX(receiptMargin + labelW + 3)
			}
			p.CellFormat(0, 5, l, "", 1, "L", false, 0, "")
		}
	}
	p.Ln(3)
}

// room starts a new page unless h mm fit above the footer, and says
// whether it did.
func (p *receiptPDF) room(h float64) bool { return pdftable.PageBreak(p.Fpdf, h) }

const (
	receiptHeadingH = 7.0
	receiptCountH   = 7.0
)

// section draws one numbered table with its heading and count. The heading
// is kept with the first row, the count with the last; a table broken by a
// page goes on under its heading marked "(lanjutan)" and the column header.
func (p *receiptPDF) section(title string, lines []Line) {
	heading := fmt.Sprintf("%s (%d)", title, len(lines))
	rows := make([][5]string, len(lines))
	for i, l := range lines {
		when := ""
		if !l.Time.IsZero() {
			when = l.Time.In(paperWIB).Format(paperDayLayout[p.lang] + " 15:04")
		}
		rows[i] = [5]string{strconv.Itoa(i + 1), l.Code, l.Title, l.Level, when}
	}
	p.SetFont("Helvetica", "", receiptFont)
	first := receiptLineH + 2*receiptPad // the "none" line
	if len(rows) > 0 {
		first = p.table.Height(p.Fpdf, p.t.heads[:], 0) + p.table.Height(p.Fpdf, rows[0][:], 0)
	}
	if len(rows) <= 1 {
		first += receiptCountH
	}
	p.room(receiptHeadingH + first)
	p.heading(heading)
	if len(rows) == 0 {
		p.SetFont("Helvetica", "I", receiptFont)
		p.CellFormat(receiptWidth, receiptLineH+2*receiptPad, p.tr(p.t.none), "", 1, "L", false, 0, "")
	} else {
		p.tableHead()
	}
	for i, row := range rows {
		h := p.table.Height(p.Fpdf, row[:], 0)
		if i == len(rows)-1 {
			h += receiptCountH
		}
		if p.room(h) {
			p.heading(heading + " " + p.t.continued)
			p.tableHead()
		}
		p.row(row, i%2 == 1)
	}
	p.SetFont("Helvetica", "B", receiptFont)
	p.CellFormat(receiptWidth, 6, p.tr(fmt.Sprintf(p.t.count, len(lines))), "", 1, "R", false, 0, "")
	p.Ln(1)
}

func (p *receiptPDF) heading(text string) {
	p.SetFont("Helvetica", "B", receiptFont+1.5)
	p.CellFormat(receiptWidth, receiptHeadingH, p.tr(text), "", 1, "L", false, 0, "")
}

func (p *receiptPDF) tableHead() {
	p.SetFont("Helvetica", "B", receiptFont)
	p.SetFillColor(220, 220, 220)
	p.table.Row(p.Fpdf, p.t.heads[:], 2)
	p.SetFont("Helvetica", "", receiptFont)
}

func (p *receiptPDF) row(cells [5]string, shade bool) {
	p.SetFont("Helvetica", "", receiptFont)
	if shade {
		p.SetFillColor(244, 244, 244)
	} else {
		p.SetFillColor(255, 255, 255)
	}
	p.table.Row(p.Fpdf, cells[:], 0)
}

// closing draws the totals box, the two signatures with the QR code
// between them and the sealing time, all on one page.
func (p *receiptPDF) closing() {
	p.room(receiptClosingH)
	p.Ln(2)
	t := p.t.totals
	box := fmt.Sprintf("%s %d  ·  %s %d  ·  %s %d", t[0], len(p.r.Lent), t[1], len(p.r.Returned),
		t[2], len(p.r.Outstanding))
	p.SetFont("Helvetica", "B", receiptFont+1.5)
	p.SetFillColor(240, 240, 240)
	p.SetLineWidth(0.4)
	p.CellFormat(receiptWidth, 9, p.tr(box), "1", 1, "C", true, 0, "")
	p.SetLineWidth(0.2)
	p.Ln(6)

	y := p.GetY()
	p.signature(receiptMargin, y, p.t.school, p.r.School, p.school, "receipt-sig-school")
	p.signature(receiptMargin+receiptWidth-receiptSigW, y, p.t.officer, p.r.Officer, p.officer, "receipt-sig-officer")
	p.qrCode(receiptMargin+receiptSigW, y)
	p.SetY(y + 48)
	if !p.r.Sealed.IsZero() {
		p.SetFont("Helvetica", "", 8)
		p.CellFormat(receiptWidth, 4, p.tr(p.t.sealed+" "+paperStamp(p.lang, p.r.Sealed)), "", 1, "C", false, 0, "")
	}
}

// signature draws one party's block at x, y: its role, the signature (or
// room to sign by hand) on a line, the name under the line and the time
// signed.
func (p *receiptPDF) signature(x, y float64, role string, s Signature, img receiptImage, name string) {
	p.SetXY(x, y)
	p.SetFont("Helvetica", "", receiptFont)
	p.CellFormat(receiptSigW, 5, p.tr(role), "", 0, "C", false, 0, "")
	imgX, imgY := x+(receiptSigW-receiptSigImgW)/2, y+6
	if img.data != nil {
		pdfPlaceImage(p.Fpdf, name, img.data, img.w, img.h, imgX, imgY, receiptSigImgW, receiptSigImgH)
	}
	lineY := imgY + receiptSigImgH + 1
	p.SetLineWidth(0.3)
	p.Line(imgX, lineY, imgX+receiptSigImgW, lineY)
	p.SetLineWidth(0.2)
	who := s.Name
	if strings.TrimSpace(who) == "" {
		who = "(........................................)"
	}
	p.SetFont("Helvetica", "B", receiptFont)
	p.SetXY(x, lineY+1)
	if l := pdfFit(p.Fpdf, p.tr(who), receiptSigW, 1); len(l) > 0 {
		p.CellFormat(receiptSigW, 5, l[0], "", 0, "C", false, 0, "")
	}
	if !s.At.IsZero() {
		p.SetFont("Helvetica", "", 7.5)
		p.SetXY(x, lineY+6)
		p.CellFormat(receiptSigW, 4, p.tr(p.t.signed+" "+paperStamp(p.lang, s.At)), "", 0, "C", false, 0, "")
	}
}

// qrCode draws the verification QR code centred in the column at x, y
// with its caption and text under it.
func (p *receiptPDF) qrCode(x, y float64) {
	colW := receiptWidth - 2*receiptSigW
	pdfPlaceImage(p.Fpdf, "receipt-qr", p.qr.data, p.qr.w, p.qr.h,
		x+(colW-receiptQRSize)/2, y, receiptQRSize, receiptQRSize)
	p.SetXY(x, y+receiptQRSize+0.5)
	p.SetFont("Helvetica", "", 6.5)
	for _, l := range pdfFit(p.Fpdf, p.tr(p.t.scan), colW, 2) {
		p.SetX(x)
		p.CellFormat(colW, 3, l, "", 1, "C", false, 0, "")
	}
	p.SetFont("Courier", "", 6)
	for _, l := range pdfFit(p.Fpdf, p.tr(p.r.QRText), colW, 3) {
		p.SetX(x)
		p.CellFormat(colW, 2.6, l, "", 1, "C", false, 0, "")
	}
}
