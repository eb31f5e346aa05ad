// Package receiptcode makes and checks the code printed as a QR on a loan
// receipt. It names the visit and the sign-off round the receipt is for,
// with an HMAC over both so that a made-up or altered code is refused:
//
//	AKR1-<visit>-<round>-<mac>
//
// The MAC is the first 10 base-32 characters (50 bits) of HMAC-SHA-256 with
// the kiosk's own key. Upper-case letters, digits and '-' keep the QR in
// its compact alphanumeric mode and let a keyboard-wedge scanner type it.
package receiptcode

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Prefix starts every receipt code.
const Prefix = "AKR1-"

const macLen = 10

// ErrInvalid is wrapped by every refusal.
var ErrInvalid = errors.New("receiptcode: not a valid receipt code")

// Looks reports whether s has the shape of a receipt code (it may still
// fail verification).
func Looks(s string) bool { return strings.HasPrefix(strings.ToUpper(strings.TrimSpace(s)), Prefix) }

// Make returns the code for a visit's receipt.
func Make(key []byte, visit int64, round int) string {
	return fmt.Sprintf("%s%d-%d-%s", Prefix, visit, round, mac(key, visit, round))
}

func mac(key []byte, visit int64, round int) string {
	h := hmac.New(sha256.New, key)
	fmt.Fprintf(h, "receipt|%d|%d", visit, round)
	return base32.StdEncoding.EncodeToString(h.Sum(nil))[:macLen]
}

// Parse reads a code's visit and round without checking its MAC.
func Parse(s string) (visit int64, round int, err error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) > 64 || !strings.HasPrefix(s, Prefix) {
		return 0, 0, fmt.Errorf("%w: it must start with %s", ErrInvalid, Prefix)
	}
	parts := strings.Split(strings.TrimPrefix(s, Prefix), "-")
	if len(parts) != 3 || len(parts[2]) != macLen {
		return 0, 0, fmt.Errorf("%w: expected %s<visit>-<round>-<10 characters>", ErrInvalid, Prefix)
	}
	visit, err1 := strconv.ParseInt(parts[0], 10, 64)
	r, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || visit <= 0 || r < 0 || parts[0] != strconv.FormatInt(visit, 10) || parts[1] != strconv.Itoa(r) {
		return 0, 0, fmt.Errorf("%w: the visit and round must be plain numbers", ErrInvalid)
	}
	return visit, r, nil
}

// Verify parses the code and checks its MAC with key.
func Verify(key []byte, s string) (visit int64, round int, err error) {
	visit, round, err = Parse(s)
	if err != nil {
		return 0, 0, err
	}
	got := strings.Split(strings.ToUpper(strings.TrimSpace(s)), "-")[3]
	if !hmac.Equal([]byte(got), []byte(mac(key, visit, round))) {
		return 0, 0, fmt.Errorf("%w: its check characters do not match (not made by this kiosk, or mistyped)", ErrInvalid)
	}
	return visit, round, nil
}
