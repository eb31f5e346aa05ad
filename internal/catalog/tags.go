package catalog

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Errors of a tag file's rows.
var (
	ErrBadEPC       = errors.New("epc is not hexadecimal, or not a whole number of bytes (2 to 64)")
	ErrDuplicateEPC = errors.New("duplicate epc")
)

// Tag is one row of a tag file: an RFID tag's EPC and the item it is on.
type Tag struct {
	EPC      string // uppercase hexadecimal
	ItemCode string
}

// NormalizeEPC returns epc as uppercase hexadecimal without separators
// (spaces, colons, dashes), or ErrBadEPC.
func NormalizeEPC(epc string) (string, error) {
	var b strings.Builder
	for _, r := range epc {
		switch {
		case r == ' ' || r == ':' || r == '-' || r == '\t':
		case r >= '0' && r <= '9', r >= 'A' && r <= 'F':
			b.WriteRune(r)
		case r >= 'a' && r <= 'f':
			b.WriteRune(r - 'a' + 'A')
		default:
			return "", ErrBadEPC
		}
	}
	s := b.String()
	if len(s)%2 != 0 || len(s) < 4 || len(s) > 128 {
		return "", ErrBadEPC
	}
	return s, nil
}

// ParseTags reads a tag file: CSV rows `epc,item_code`, with or without that
// header. Like Parse, it returns the good rows and every bad row with its
// line number; err is set only when the input as a whole is unreadable.
func ParseTags(r io.Reader) (tags []Tag, bad []RowError, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	seen := map[string]int{}
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			bad = append(bad, RowError{Line: perr.Line, Err: fmt.Errorf("%w: %v", ErrQuote, perr.Err)})
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("catalog: unable to read tags: %w", err)
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if first {
			first = false
			if len(rec) >= 1 && strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff")), "epc") {
				continue
			}
		}
		if len(rec) != 2 {
			bad = append(bad, RowError{Line: line, Err: fmt.Errorf("%w: %d fields, want 2 (epc,item_code)", ErrFieldCount, len(rec))})
			continue
		}
		epc, err := NormalizeEPC(strings.TrimPrefix(rec[0], "\ufeff"))
		if err != nil {
			bad = append(bad, RowError{Line: line, Err: err})
			continue
		}
		code := strings.TrimSpace(rec[1])
		if code == "" {
			bad = append(bad, RowError{Line: line, Err: ErrNoCode})
			continue
		}
		if err := checkCode([]byte(code)); err != nil {
			bad = append(bad, RowError{Line: line, Err: err})
			continue
		}
		if at, dup := seen[epc]; dup {
			bad = append(bad, RowError{Line: line, Err: fmt.Errorf("%w %q, first on line %d", ErrDuplicateEPC, epc, at)})
			continue
		}
		seen[epc] = line
		tags = append(tags, Tag{EPC: epc, ItemCode: code})
	}
	return tags, bad, nil
}
