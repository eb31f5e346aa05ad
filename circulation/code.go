package circulation

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxCodeLen is the longest code, in bytes, the engine accepts. Item codes are
// short (SLiMS allows 20 characters); QR labels and receipts are longer.
const MaxCodeLen = 256

// Errors for codes that cannot be scans at all.
var (
	ErrEmptyCode   = errors.New("circulation: code is empty")
	ErrLongCode    = errors.New("circulation: code is too long")
	ErrInvalidCode = errors.New("circulation: code contains control characters or is not UTF-8")
)

// NormalizeCode trims the spaces, CR and LF that scanners add and checks that
// what is left can be a code.
func NormalizeCode(s string) (string, error) {
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == 0 })
	switch {
	case s == "":
		return "", ErrEmptyCode
	case len(s) > MaxCodeLen:
		return "", ErrLongCode
	case !utf8.ValidString(s):
		return "", ErrInvalidCode
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "", ErrInvalidCode
		}
	}
	return s, nil
}

// IsISBN reports whether code is an EAN-13 in the ISBN ranges 978/979 with a
// valid check digit. Such a code names a title, never a copy.
func IsISBN(code string) bool {
	if len(code) != 13 || !(strings.HasPrefix(code, "978") || strings.HasPrefix(code, "979")) {
		return false
	}
	sum := 0
	for i := 0; i < 13; i++ {
		c := code[i]
		if c < '0' || c > '9' {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return sum%10 == 0
}

// isBasket reports whether code is a basket label under prefix
// (compared without regard to case).
func isBasket(code, prefix string) bool {
	return prefix != "" && len(code) > len(prefix) && strings.EqualFold(code[:len(prefix)], prefix)
}
