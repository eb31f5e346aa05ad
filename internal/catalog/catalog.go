package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

	"anterkoper/circulation"
)

// maxCodeLen is the width of SLiMS's item.item_code, varchar(20), in characters.
const maxCodeLen = 20

// Parse reads a SLiMS item export or a plain CSV with a header (see the
// package documentation) and returns the items it could import and the rows
// it could not. err is non-nil only when the input as a whole is unreadable;
// items and bad are then nil. It is ParseWith with the zero Options.
func Parse(r io.Reader) (items []circulation.Item, bad []RowError, err error) {
	return ParseWith(r, Options{})
}

// ParseWith is Parse with options, such as level rules for rows without a
// level. It returns an error, and reads nothing, when a rule in opts is not
// one ParseLevelRule could return.
func ParseWith(r io.Reader, opts Options) (items []circulation.Item, bad []RowError, err error) {
	for _, rule := range opts.Levels {
		if err := rule.check(); err != nil {
			return nil, nil, err
		}
	}
	lr := newLineReader(r)
	var first []byte
	for {
		line, tooLong, err := lr.next()
		if err == io.EOF {
			return nil, nil, errors.New("catalog: no rows in input")
		}
		if err != nil {
			return nil, nil, fmt.Errorf("catalog: read line %d: %w", lr.n+1, err)
		}
		if tooLong {
			return nil, nil, fmt.Errorf("catalog: line %d: %w: over %d bytes", lr.n, ErrLineTooLong, maxLine)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			first = line
			break
		}
	}

	c := &collector{seen: make(map[string]int), levels: opts.Levels}
	s := &splitter{}
	f, err := detect(lr.n, first, s)
	switch {
	case err != nil:
		return nil, nil, err
	case f.plain != nil:
		err = c.parsePlain(lr, f.plain)
	case f.slimsHeader:
		err = c.parseSLiMS(lr, s, nil)
	default:
		err = c.parseSLiMS(lr, s, first)
	}
	if err != nil {
		return nil, nil, err
	}
	return c.items, c.bad, nil
}

// collector validates rows and gathers the outcome.
type collector struct {
	items  []circulation.Item
	bad    []RowError
	seen   map[string]int // item_code → line of its first row
	levels LevelRules     // for rows without a level
}

func (c *collector) reject(line int, err error) {
	c.bad = append(c.bad, RowError{Line: line, Err: err})
}

// rawItem is a row's values before validation. Its slices may alias reused
// buffers; add copies what it keeps.
type rawItem struct {
	code, title, author, isbn, level, callNumber, rfid []byte
	collType                                           []byte // SLiMS only, for the level rules
}

// add validates a row and keeps it or reports it.
func (c *collector) add(line int, r rawItem) {
	code := bytes.TrimSpace(r.code)
	if len(code) == 0 {
		c.reject(line, ErrNoCode)
		return
	}
	if err := checkCode(code); err != nil {
		c.reject(line, err)
		return
	}
	title := bytes.TrimSpace(r.title)
	if len(title) == 0 {
		c.reject(line, ErrNoTitle)
		return
	}
	level, ok := circulation.NormalizeLevel(string(r.level))
	if !ok {
		c.reject(line, fmt.Errorf("%w %q", ErrBadLevel, bytes.TrimSpace(r.level)))
		return
	}
	callNumber := trimString(r.callNumber)
	if level == "" && len(c.levels) > 0 {
		level = c.levels.Level(string(r.collType), callNumber)
	}
	var epc string
	if r := bytes.TrimSpace(r.rfid); len(r) > 0 {
		var err error
		if epc, err = NormalizeEPC(string(r)); err != nil {
			c.reject(line, fmt.Errorf("rfid: %w", err))
			return
		}
	}
	if first, dup := c.seen[string(code)]; dup {
		c.reject(line, fmt.Errorf("%w %q, first on line %d", ErrDuplicate, code, first))
		return
	}
	it := circulation.Item{
		Code:       string(code),
		Title:      string(title),
		Author:     trimString(r.author),
		ISBN:       trimString(r.isbn),
		Level:      level,
		CallNumber: callNumber,
		RFID:       epc,
	}
	c.seen[it.Code] = line
	c.items = append(c.items, it)
}

func checkCode(code []byte) error {
	n := 0
	for _, r := range string(code) {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w: contains control character %U", ErrBadCode, r)
		}
		n++
	}
	if n > maxCodeLen {
		return fmt.Errorf("%w: %d characters, at most %d", ErrBadCode, n, maxCodeLen)
	}
	return nil
}

func trimString(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return ""
	}
	return string(b)
}

// format is what detect learned from the first line.
type format struct {
	slimsHeader bool         // the first line is a SLiMS header
	plain       *plainLayout // set for a plain CSV
}

// detect decides the format from the first non-blank line, number n.
func detect(n int, first []byte, s *splitter) (format, error) {
	if !s.split(first) {
		return format{}, fmt.Errorf("catalog: line %d: unrecognised format: %w: a quoted field is not closed", n, ErrQuote)
	}
	names := make([]string, len(s.fields))
	for i, f := range s.fields {
		names[i] = strings.ToLower(string(bytes.TrimSpace(f.b)))
	}
	if len(names) == len(slimsColumns)+1 && names[0] == slimsColumns[0] && names[len(slimsColumns)] == "" {
		names = names[:len(slimsColumns)] // SLiMS 9 ends its header with a separator
	}
	if len(names) == len(slimsColumns) && names[0] == slimsColumns[0] {
		for i, want := range slimsColumns {
			if names[i] != want {
				return format{}, fmt.Errorf("catalog: line %d: SLiMS header column %d is %q, want %q", n, i+1, names[i], want)
			}
		}
		return format{slimsHeader: true}, nil
	}
	for _, name := range names {
		if name == "item_code" || name == "title" {
			p, err := plainHeader(n, names)
			return format{plain: p}, err
		}
	}
	got, ok := s.splitSLiMS(first)
	if !ok {
		return format{}, fmt.Errorf("catalog: line %d: unrecognised format: %d fields; want a SLiMS item export (%d columns) or a CSV whose header names item_code and title",
			n, got, len(slimsColumns))
	}
	return format{}, nil // a SLiMS export without its header
}
