package device

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Suffix says which bytes end a code on a line scanner.
type Suffix uint8

const (
	// SuffixAuto ends a code at CR, LF or CR LF; empty lines are skipped.
	SuffixAuto Suffix = iota
	// SuffixCR ends a code at CR only; an LF is noise.
	SuffixCR
	// SuffixLF ends a code at LF only; a CR is noise.
	SuffixLF
	// SuffixCRLF ends a code at CR LF only; a lone CR or LF is noise.
	SuffixCRLF
)

var suffixNames = [...]string{SuffixAuto: "auto", SuffixCR: "cr", SuffixLF: "lf", SuffixCRLF: "crlf"}

func (s Suffix) String() string {
	if int(s) < len(suffixNames) {
		return suffixNames[s]
	}
	return fmt.Sprintf("Suffix(%d)", uint8(s))
}

// DefaultMaxLen is the longest line (in bytes, prefix and AIM identifier
// included) a framer accepts unless told otherwise.
const DefaultMaxLen = 256

// LineFramer cuts the byte stream of a line scanner into codes. It is pure:
// it does no I/O and keeps only the unfinished line between calls, so a code
// split across reads and several codes in one read come out the same.
//
// A line is rejected as noise when it holds a control character (a byte
// below 0x20 other than the terminator, DEL, or a C1 control), is not valid
// UTF-8, or is longer than MaxLen bytes; the framer then starts afresh after
// the next terminator. A line that goes on past MaxLen is reported once as
// soon as it does and once more for every further MaxLen bytes without a
// terminator, so a stream of garbage keeps showing up in the error count
// while the framer's memory stays bounded. Empty lines are skipped.
//
// The zero value frames with SuffixAuto, no prefix, DefaultMaxLen and AIM
// identifiers recognised.
type LineFramer struct {
	Suffix Suffix
	// Prefix, when not empty and at the start of a line, is removed before
	// the line is checked. A line without it is taken as it is.
	Prefix []byte
	// MaxLen is the longest line accepted, in bytes; 0 means DefaultMaxLen.
	MaxLen int
	// NoAIM turns off the recognition of AIM identifiers.
	NoAIM bool

	line      []byte
	skipping  bool // the line went past MaxLen: drop bytes up to the next terminator
	skipped   int  // bytes dropped since the last report of the over-long line
	pendingCR bool // SuffixCRLF: a CR was seen and may start the terminator
}

func (f *LineFramer) maxLen() int {
	if f.MaxLen > 0 {
		return f.MaxLen
	}
	return DefaultMaxLen
}

// Feed takes the next bytes from the device and returns the frames they
// complete, in order. The returned codes are copies; p is not retained.
func (f *LineFramer) Feed(p []byte) []Frame {
	var out []Frame
	for _, b := range p {
		if f.pendingCR {
			f.pendingCR = false
			if b == '\n' {
				out = f.end(out)
				continue
			}
			out = f.add(out, '\r')
		}
		switch {
		case b == '\r' && f.Suffix == SuffixCRLF:
			f.pendingCR = true
		case b == '\r' && (f.Suffix == SuffixAuto || f.Suffix == SuffixCR),
			b == '\n' && (f.Suffix == SuffixAuto || f.Suffix == SuffixLF):
			out = f.end(out)
		default:
			out = f.add(out, b)
		}
	}
	return out
}

// Reset drops the unfinished line.
func (f *LineFramer) Reset() {
	f.line = f.line[:0]
	f.skipping, f.skipped, f.pendingCR = false, 0, false
}

func (f *LineFramer) add(out []Frame, b byte) []Frame {
	max := f.maxLen()
	if f.skipping {
		f.skipped++
		if f.skipped >= max {
			f.skipped = 0
			out = append(out, noise("line longer than %d bytes", max))
		}
		return out
	}
	if len(f.line) >= max {
		f.line = f.line[:0]
		f.skipping, f.skipped = true, 0
		return append(out, noise("line longer than %d bytes", max))
	}
	f.line = append(f.line, b)
	return out
}

func (f *LineFramer) end(out []Frame) []Frame {
	line := f.line
	f.line = f.line[:0]
	if f.skipping {
		f.skipping = false
		return out
	}
	if len(line) == 0 {
		return out
	}
	if len(f.Prefix) > 0 {
		line = bytes.TrimPrefix(line, f.Prefix)
	}
	return append(out, makeFrame(line, !f.NoAIM))
}

// makeFrame checks a complete line (terminator and prefix removed), splits
// off an AIM identifier and copies the code.
func makeFrame(line []byte, aim bool) Frame {
	if err := checkText(line); err != nil {
		return Frame{Err: err}
	}
	var sym string
	if aim {
		sym, line = splitAIM(line)
	}
	if len(line) == 0 {
		return noise("empty code")
	}
	return Frame{Code: bytes.Clone(line), Symbology: sym}
}

// checkText rejects what cannot be part of a code.
func checkText(b []byte) *NoiseError {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return &NoiseError{Reason: fmt.Sprintf("invalid UTF-8 at byte %d", i)}
		}
		if unicode.IsControl(r) {
			if r < utf8.RuneSelf {
				return &NoiseError{Reason: fmt.Sprintf("control byte 0x%02X at byte %d", r, i)}
			}
			return &NoiseError{Reason: fmt.Sprintf("control character %U at byte %d", r, i)}
		}
		i += size
	}
	return nil
}

// splitAIM removes an AIM symbology identifier ("]" + code letter + modifier
// character) from the start of a code.
func splitAIM(b []byte) (sym string, rest []byte) {
	if len(b) >= 3 && b[0] == ']' && isLetter(b[1]) && (isLetter(b[2]) || isDigit(b[2])) {
		return string(b[:3]), b[3:]
	}
	return "", b
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

func noise(format string, args ...any) Frame {
	return Frame{Err: &NoiseError{Reason: fmt.Sprintf(format, args...)}}
}
