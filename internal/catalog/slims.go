package catalog

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// slimsColumns is the SLiMS item export, in the order SLiMS writes it.
var slimsColumns = [...]string{
	"item_code", "call_number", "coll_type_name", "inventory_code", "received_date",
	"supplier_name", "order_no", "location_name", "order_date", "item_status_name",
	"site", "source", "invoice", "price", "price_currency", "invoice_date",
	"input_date", "last_update", "title",
}

const (
	slimsCode       = 0
	slimsCallNumber = 1
	slimsCollType   = 2
	slimsTitle      = len(slimsColumns) - 1
)

// splitSLiMS splits a SLiMS row. The title is the last column, so a quoted
// title that contains a quote followed by a separator (`"Ayo "Main", Nak"`),
// which splits into too many fields, is recovered as the rest of the line.
// It reports the number of fields found when that is not 19.
func (s *splitter) splitSLiMS(line []byte) (n int, ok bool) {
	if !s.split(line) {
		return 0, false
	}
	n = len(s.fields)
	if n <= len(slimsColumns) {
		return n, n == len(slimsColumns)
	}
	t := s.fields[slimsTitle]
	raw := line[t.start:]
	if !t.quoted || len(raw) < 2 || raw[len(raw)-1] != quote {
		return n, false
	}
	inner := raw[1 : len(raw)-1]
	// `","` would be the boundary between two whole quoted fields: an earlier
	// column split apart, and the columns no longer line up.
	if bytes.Contains(inner, []byte{quote, sep, quote}) {
		return n, false
	}
	s.fields[slimsTitle].b = unescapeQuotes(inner)
	s.fields = s.fields[:len(slimsColumns)]
	return len(slimsColumns), true
}

// parseSLiMS reads SLiMS rows from lr. first, when not nil, is the row
// detect looked at, the line lr returned last.
func (c *collector) parseSLiMS(lr *lineReader, s *splitter, first []byte) error {
	if first != nil {
		c.slimsRow(lr.n, first, s)
	}
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("catalog: read line %d: %w", lr.n+1, err)
		}
		if tooLong {
			c.reject(lr.n, fmt.Errorf("%w: over %d bytes", ErrLineTooLong, maxLine))
			continue
		}
		c.slimsRow(lr.n, line, s)
	}
}

func (c *collector) slimsRow(n int, line []byte, s *splitter) {
	if len(bytes.TrimSpace(line)) == 0 {
		return
	}
	if !utf8.Valid(line) {
		c.reject(n, ErrEncoding)
		return
	}
	got, ok := s.splitSLiMS(line)
	if !ok {
		if got == 0 {
			c.reject(n, fmt.Errorf("%w: a quoted field is not closed", ErrQuote))
		} else {
			c.reject(n, fmt.Errorf("%w: got %d, want %d", ErrFieldCount, got, len(slimsColumns)))
		}
		return
	}
	if blank(s.fields) {
		return
	}
	c.add(n, rawItem{
		code:       s.fields[slimsCode].b,
		title:      s.fields[slimsTitle].b,
		callNumber: s.fields[slimsCallNumber].b,
		collType:   s.fields[slimsCollType].b,
	})
}
