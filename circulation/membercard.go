package circulation

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// A library's 14-digit card and item numbers read T IIII NNNNNNNN C: T is
// the type, IIII the institution, NNNNNNNN a sequence and C a Luhn ("mod
// 10") check digit over the first 13 digits.
const (
	CardPatron = '2' // the type digit of a patron card
	CardItem   = '3' // the type digit of an item barcode
)

const (
	cardLen    = 14
	maxCardSeq = 99_999_999
)

// LuhnDigit returns the Luhn check digit, as an ASCII digit '0'–'9', to
// append to digits, a non-empty string of ASCII digits.
func LuhnDigit(digits string) (byte, error) {
	if digits == "" {
		return 0, errors.New("circulation: luhn: no digits")
	}
	sum := 0
	// Walking from the right, the digit next to the check digit is doubled.
	for i, double := len(digits)-1, true; i >= 0; i, double = i-1, !double {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("circulation: luhn: %q is not a digit string", digits)
		}
		d := int(c - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10), nil
}

// MakeCard returns the patron card number for sequence number seq of
// institution, which must be exactly 4 ASCII digits; seq runs from 1 to
// 99,999,999.
func MakeCard(institution string, seq int64) (string, error) {
	if len(institution) != 4 || !allDigits(institution) {
		return "", fmt.Errorf("circulation: institution code %q is not 4 digits", institution)
	}
	if seq < 1 || seq > maxCardSeq {
		return "", fmt.Errorf("circulation: card sequence %d is out of range 1 to %d", seq, maxCardSeq)
	}
	body := fmt.Sprintf("%c%s%08d", CardPatron, institution, seq)
	c, err := LuhnDigit(body)
	if err != nil {
		return "", err // unreachable: body is digits
	}
	return body + string(c), nil
}

// CardCheck is what CheckCard found.
//
// Type, Institution and Seq are filled whenever the number has 14 digits,
// even when it is not Valid, so that a caller who accepts a vendor's
// numbers without a Luhn digit can still use them.
type CardCheck struct {
	Valid       bool
	Type        byte   // the type digit: CardPatron, CardItem or another digit
	Institution string // the 4 institution digits
	Seq         int64  // the 8-digit sequence number
	Problem     string // what is wrong, in English; empty when Valid
}

// CheckCard reads a 14-digit library number as a scanner or a person gives
// it: surrounding space and Codabar start/stop characters (A–D, in either
// case) are removed first. It is Valid when the rest is 14 digits whose last
// is the Luhn digit of the others and whose first is CardPatron or CardItem.
//
// CheckCard only reports: some vendors' numbers have no Luhn digit (see
// specs/scanners-and-barcodes.md), so whether an invalid number is refused
// or merely warned about is the caller's decision.
func CheckCard(s string) CardCheck {
	s = trimCodabar(s)
	if s == "" {
		return CardCheck{Problem: "empty"}
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return CardCheck{Problem: fmt.Sprintf("not 14 digits: contains %q", r)}
		}
	}
	if len(s) != cardLen {
		return CardCheck{Problem: fmt.Sprintf("not 14 digits: has %d", len(s))}
	}
	seq, _ := strconv.ParseInt(s[5:13], 10, 64) // 8 digits: cannot fail
	c := CardCheck{Type: s[0], Institution: s[1:5], Seq: seq}
	var problems []string
	if c.Type != CardPatron && c.Type != CardItem {
		problems = append(problems, fmt.Sprintf("type %c is neither patron (%c) nor item (%c)", c.Type, CardPatron, CardItem))
	}
	if want, _ := LuhnDigit(s[:cardLen-1]); s[cardLen-1] != want {
		problems = append(problems, fmt.Sprintf("check digit is %c, expected %c", s[cardLen-1], want))
	}
	c.Problem = strings.Join(problems, "; ")
	c.Valid = len(problems) == 0
	return c
}

// LooksLikePatronCard reports whether s is a valid patron card number.
func LooksLikePatronCard(s string) bool {
	c := CheckCard(s)
	return c.Valid && c.Type == CardPatron
}

// trimCodabar removes surrounding space and one Codabar start and one stop
// character, which scanners transmit or not depending on their settings.
func trimCodabar(s string) string {
	s = strings.TrimFunc(s, unicode.IsSpace)
	if s != "" && isCodabarStartStop(s[0]) {
		s = s[1:]
	}
	if s != "" && isCodabarStartStop(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return strings.TrimFunc(s, unicode.IsSpace)
}

func isCodabarStartStop(c byte) bool {
	return 'A' <= c && c <= 'D' || 'a' <= c && c <= 'd'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
