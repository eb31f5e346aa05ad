package uhf

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// SymbologyEPC is the device.Scan.Symbology of a tag read: Code is then the
// tag's EPC in upper-case hexadecimal. (The server treats every symbology
// starting with "rfid" as an RFID read.)
const SymbologyEPC = "rfid:epc"

// Tag is one tag read, as a reader reports it.
type Tag struct {
	EPC []byte
	// Antenna is the antenna the tag was read on, 1 to 4; 0 when the
	// reader did not say.
	Antenna int
	// RSSI is the signal strength byte the reader sent, in its own units
	// (R2000: dBm + 129); 0 when it sent none.
	RSSI byte
}

// maxEPC is the longest EPC in bytes (496 bits) a tag can hold.
const maxEPC = 62

// Inventory is what one reply frame says about an inventory round.
type Inventory struct {
	// Tags are the tags this frame reports, in the order sent.
	Tags []Tag
	// End is true when the frame is the last of its round.
	End bool
	// Status describes the reader's status for a person: "more frames
	// follow", "no tag in field", "antenna missing"; "" for an R2000 tag
	// frame, which has none.
	Status string
	// Err is not nil when the status is an error of the reader (for
	// "no tag in field", which is normal, it is nil).
	Err *ReaderError
}

// ReaderError is an error status a reader answered an inventory with.
type ReaderError struct {
	Protocol string // "chafon" or "r2000"
	Code     byte
	Text     string // "antenna missing", "illegal command", …
}

func (e *ReaderError) Error() string {
	return fmt.Sprintf("uhf: %s reader error 0x%02X: %s", e.Protocol, e.Code, e.Text)
}

// ErrNotInventory is returned by the inventory decoders for a good frame
// that answers another command (reader information, firmware version).
var ErrNotInventory = errors.New("uhf: not an inventory reply")

// SimulatedEPCs returns the n EPCs of a simulated basket: 12-byte EPCs
// made of prefix (hex digits) and the numbers 1 to n in decimal, zero
// padded between them, as in E20000000000000000000001. The same prefix and
// n give the same EPCs.
func SimulatedEPCs(prefix string, n int) ([][]byte, error) {
	const digits = 24
	if n < 0 {
		return nil, fmt.Errorf("uhf: %d tags", n)
	}
	prefix = strings.ToUpper(prefix)
	width := len(fmt.Sprint(n))
	if _, err := hex.DecodeString(prefix + strings.Repeat("0", len(prefix)%2)); err != nil || len(prefix)+width > digits {
		return nil, fmt.Errorf("uhf: epc prefix %q: want at most %d hex digits", prefix, digits-width)
	}
	epcs := make([][]byte, n)
	for i := range n {
		s := fmt.Sprintf("%s%0*d", prefix, digits-len(prefix), i+1)
		epcs[i], _ = hex.DecodeString(s)
	}
	return epcs, nil
}
