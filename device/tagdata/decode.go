package tagdata

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Errors a caller may branch on; every error of [Decode] wraps one of them.
var (
	// ErrShort: the memory is shorter than the block of every layout.
	ErrShort = errors.New("tagdata: block too short")
	// ErrBadCRC: the block has the shape of a layout with a check value,
	// but the value does not match. The error is a [*CRCError].
	ErrBadCRC = errors.New("tagdata: CRC mismatch")
	// ErrUnknownLayout: no registered layout recognises the block.
	ErrUnknownLayout = errors.New("tagdata: unknown layout")
)

// CRCError reports a block whose stored CRC is not the one computed from
// its contents. It wraps [ErrBadCRC].
type CRCError struct {
	Layout   string // the layout's name
	Stored   CRC    // what the block says
	Computed CRC    // what its contents give
	Reversed bool   // found after reversing each 4-byte block
}

func (e *CRCError) Error() string {
	s := fmt.Sprintf("tagdata: CRC mismatch in %s block: block says %v, computed %v", e.Layout, e.Stored, e.Computed)
	if e.Reversed {
		s += " (4-byte blocks reversed)"
	}
	return s
}

func (e *CRCError) Unwrap() error { return ErrBadCRC }

// Layout is one way of laying out library data in a tag's memory.
//
// Decode reads block from its start and ignores bytes after the layout's
// own block. It must not panic, keep or modify block. It returns an error
// wrapping [ErrShort] when block is too short to hold the layout, one
// wrapping [ErrBadCRC] when the block has the layout's shape but its check
// value fails, and one wrapping [ErrUnknownLayout] when the block is not of
// this layout. The Tag it returns has Model set; [Decode] sets
// ByteReversed.
type Layout interface {
	Name() string
	Decode(block []byte) (Tag, error)
}

// The built-in layouts, registered in this order.
var (
	ISO28560_3 Layout = iso28560_3{} // ISO 28560-3 / Danish data model, with CRC
	ThreeM501  Layout = threeM501{}  // 3M "RFID 501"
)

var (
	mu       sync.RWMutex
	registry = []Layout{ISO28560_3, ThreeM501}
)

// Register adds a layout for [Decode] to try after those registered
// before it. It panics if l is nil or has an empty name or the name of a
// registered layout: both are programming mistakes.
func Register(l Layout) {
	if l == nil || l.Name() == "" {
		panic("tagdata: Register of a nil or unnamed layout")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, r := range registry {
		if r.Name() == l.Name() {
			panic("tagdata: Register called twice for layout " + l.Name())
		}
	}
	registry = append(registry, l)
}

// Layouts returns the registered layouts in the order Decode tries them.
func Layouts() []Layout {
	mu.RLock()
	defer mu.RUnlock()
	return append([]Layout(nil), registry...)
}

// Decode finds the library data in a tag's memory, as read from the tag
// starting at block 0. It tries every registered layout on the memory as
// read, then every layout on the memory with each 4-byte block reversed,
// and returns the first Tag a layout verifies.
//
// When none does, the error is, in this order of preference: the
// [*CRCError] of a block that has a layout's shape but a bad check value
// (as read before reversed), [ErrShort] if the memory is too short for
// every layout, or [ErrUnknownLayout] with each layout's reason.
func Decode(mem []byte) (Tag, error) {
	var (
		layouts  = Layouts()
		badCRC   error
		short    error // the first ErrShort, while every layout is short
		allShort = true
		reasons  []string
	)
	for _, reversed := range []bool{false, true} {
		in := mem
		if reversed {
			in = ReverseBlocks(mem)
		}
		for _, l := range layouts {
			t, err := l.Decode(in)
			if err == nil {
				t.ByteReversed = reversed
				return t, nil
			}
			var ce *CRCError
			switch {
			case errors.Is(err, ErrBadCRC):
				if badCRC == nil {
					if reversed && errors.As(err, &ce) {
						c := *ce
						c.Reversed = true
						err = &c
					}
					badCRC = err
				}
			case reversed:
				// Only the reasons for the memory as read are reported: they
				// are the ones a person can act on.
			case errors.Is(err, ErrShort):
				if short == nil {
					short = err
				}
				reasons = append(reasons, l.Name()+": "+strings.TrimPrefix(err.Error(), "tagdata: "))
			default:
				allShort = false
				reasons = append(reasons, strings.TrimPrefix(err.Error(), ErrUnknownLayout.Error()+": "))
			}
		}
	}
	switch {
	case badCRC != nil:
		return Tag{}, badCRC
	case allShort && short != nil:
		return Tag{}, short
	}
	return Tag{}, fmt.Errorf("%w (%s)", ErrUnknownLayout, strings.Join(reasons, "; "))
}

// notThis is the error of a layout that does not recognise a block.
func notThis(layout, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrUnknownLayout, layout, fmt.Sprintf(format, args...))
}

func tooShort(n, want int) error {
	return fmt.Errorf("%w: %d bytes, want %d", ErrShort, n, want)
}

// ReverseBlocks returns a copy of b with the bytes of each 4-byte block in
// reverse order, as some readers return tag memory. Trailing bytes that do
// not fill a block are copied unchanged. Reversing twice gives b back.
func ReverseBlocks(b []byte) []byte {
	out := make([]byte, len(b))
	copy(out, b)
	for i := 0; i+4 <= len(out); i += 4 {
		out[i], out[i+1], out[i+2], out[i+3] = out[i+3], out[i+2], out[i+1], out[i]
	}
	return out
}

// nulPadded returns the printable ASCII text at the start of b, which must
// be followed by nothing but NUL bytes.
func nulPadded(b []byte) (string, bool) {
	n := 0
	for n < len(b) && b[n] != 0 {
		if b[n] < 0x20 || b[n] > 0x7E {
			return "", false
		}
		n++
	}
	for _, c := range b[n:] {
		if c != 0 {
			return "", false
		}
	}
	return string(b[:n]), true
}

// putText writes s into dst, NUL padded, after checking that it fits and
// is printable ASCII.
func putText(dst []byte, field, s string) error {
	if len(s) > len(dst) {
		return fmt.Errorf("tagdata: %s %q is longer than %d bytes", field, s, len(dst))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return fmt.Errorf("tagdata: %s %q is not printable ASCII", field, s)
		}
	}
	copy(dst, s)
	clear(dst[len(s):])
	return nil
}
