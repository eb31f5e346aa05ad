package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// plainColumns are the columns a plain CSV may name, in no required order.
var plainColumns = []string{"item_code", "title", "author", "isbn", "level", "call_number", "rfid"}

// plainLayout says where each known column of a plain CSV is.
type plainLayout struct {
	n                                                  int // fields per row
	code, title, author, isbn, level, callNumber, rfid int // -1 when absent
}

// plainHeader checks the header of a plain CSV, on line n. Columns with an
// empty name are ignored; an unknown name is an error rather than a column
// whose data would be dropped without a word.
func plainHeader(n int, names []string) (*plainLayout, error) {
	p := &plainLayout{n: len(names), code: -1, title: -1, author: -1, isbn: -1, level: -1, callNumber: -1, rfid: -1}
	seen := make(map[string]bool)
	for i, name := range names {
		if name == "" {
			continue
		}
		if seen[name] {
			return nil, fmt.Errorf("catalog: line %d: column %q appears twice in the header", n, name)
		}
		seen[name] = true
		var dst *int
		switch name {
		case "item_code", "nomorbarcode": // INLIS Lite names the item code NomorBarcode
			dst = &p.code
		case "title":
			dst = &p.title
		case "author":
			dst = &p.author
		case "isbn":
			dst = &p.isbn
		case "level":
			dst = &p.level
		case "call_number":
			dst = &p.callNumber
		case "rfid": // INLIS Lite's RFID column: the tag's EPC
			dst = &p.rfid
		default:
			if slices.Contains(slimsColumns[:], name) {
				return nil, fmt.Errorf("catalog: line %d: column %q belongs to a SLiMS item export, which has %d columns; this header has %d",
					n, name, len(slimsColumns), len(names))
			}
			return nil, fmt.Errorf("catalog: line %d: unknown column %q; known columns are %s",
				n, name, strings.Join(plainColumns, ", "))
		}
		*dst = i
	}
	if p.code < 0 {
		return nil, fmt.Errorf("catalog: line %d: header lacks the item_code column", n)
	}
	if p.title < 0 {
		return nil, fmt.Errorf("catalog: line %d: header lacks the title column", n)
	}
	return p, nil
}

// parsePlain reads the rows of a plain CSV after its header, the line lr
// returned last. Standard CSV quoting applies, so a quoted value may span
// lines; a row's line is the one it starts on.
func (c *collector) parsePlain(lr *lineReader, p *plainLayout) error {
	base := lr.n // csv counts from 1 on the line after the header
	cr := csv.NewReader(lr.br)
	cr.FieldsPerRecord = -1 // counted here, to report it per row
	cr.ReuseRecord = true
	cr.TrimLeadingSpace = true // values are trimmed anyway; this also allows `a, "b"`
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			c.reject(base+pe.StartLine, quoteError(base, pe))
			continue
		}
		if err != nil {
			return fmt.Errorf("catalog: read: %w", err)
		}
		line, _ := cr.FieldPos(0)
		line += base
		if plainBlank(rec) {
			continue
		}
		if len(rec) != p.n {
			c.reject(line, fmt.Errorf("%w: got %d, want %d", ErrFieldCount, len(rec), p.n))
			continue
		}
		if !validUTF8(rec) {
			c.reject(line, ErrEncoding)
			continue
		}
		c.add(line, rawItem{
			code:       col(rec, p.code),
			title:      col(rec, p.title),
			author:     col(rec, p.author),
			isbn:       col(rec, p.isbn),
			level:      col(rec, p.level),
			callNumber: col(rec, p.callNumber),
			rfid:       col(rec, p.rfid),
		})
	}
}

func quoteError(base int, pe *csv.ParseError) error {
	if pe.Line != pe.StartLine {
		return fmt.Errorf("%w: %v; the row runs on to line %d", ErrQuote, pe.Err, base+pe.Line)
	}
	return fmt.Errorf("%w: %v", ErrQuote, pe.Err)
}

func col(rec []string, i int) []byte {
	if i < 0 {
		return nil
	}
	return []byte(rec[i])
}

func plainBlank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func validUTF8(rec []string) bool {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return false
		}
	}
	return true
}
