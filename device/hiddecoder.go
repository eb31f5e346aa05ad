package device

import (
	"encoding/binary"
	"fmt"
	"unicode/utf8"
)

// Linux input event types and key codes the decoder acts on
// (include/uapi/linux/input-event-codes.h).
const (
	evKey = 1

	keyEnter      = 28
	keyLeftCtrl   = 29
	keyLeftShift  = 42
	keyRightShift = 54
	keyLeftAlt    = 56
	keyCapsLock   = 58
	keyNumLock    = 69
	keyScrollLock = 70
	keyKPEnter    = 96
	keyRightCtrl  = 97
	keyRightAlt   = 100 // AltGr on European keyboards
	keyLeftMeta   = 125
	keyRightMeta  = 126
)

// EventSize64 and EventSize32 are the sizes of a Linux struct input_event
// for 64-bit and 32-bit userspace (the timeval is 16 or 8 bytes).
const (
	EventSize64 = 24
	EventSize32 = 16
)

// HIDDecoder turns a stream of Linux input_event records from a
// keyboard-wedge scanner into codes. It is pure: it does no I/O and keeps
// only the unfinished record, the modifier state and the unfinished code
// between calls.
//
// Key presses (value 1) and autorepeats (value 2) of keys with a character
// in the keymap type that character; Shift (left and right) and AltGr
// select the keymap layer; Enter or keypad Enter ends the code. Releases,
// Caps/Num/Scroll Lock and event types other than EV_KEY (EV_SYN, EV_MSC, …)
// are ignored.
//
// A key with no character in the layer in use, or a character key pressed
// while Ctrl, Alt or Meta is held, spoils the code in progress: we cannot
// know what the scanner meant, and a wrong code is worse than none. At the
// next Enter the decoder reports one NoiseError for the whole code instead
// of the code. Such a key outside of any code (followed directly by Enter)
// is reported the same way. A code longer than MaxLen bytes is reported
// likewise.
//
// The zero value decodes 24-byte little-endian records with the US keymap,
// DefaultMaxLen and AIM identifiers recognised.
type HIDDecoder struct {
	// Keymap maps key codes to characters; nil means the "us" keymap.
	Keymap *Keymap
	// MaxLen is the longest code accepted, in bytes; 0 means DefaultMaxLen.
	MaxLen int
	// NoAIM turns off the recognition of AIM identifiers.
	NoAIM bool
	// EventSize is EventSize64 (the default when 0) or EventSize32.
	EventSize int
	// ByteOrder of the records; nil means little endian.
	ByteOrder binary.ByteOrder

	partial [EventSize64]byte
	npart   int

	shiftL, shiftR, altGr, ctrl, alt, meta bool // ctrl, alt, meta: either side

	code []byte
	bad  *NoiseError // first reason the code in progress is spoilt
}

// Feed takes the next bytes read from the device and returns the frames
// they complete, in order. A record split across calls is reassembled.
func (d *HIDDecoder) Feed(p []byte) []Frame {
	size := d.eventSize()
	var out []Frame
	for len(p) > 0 {
		if d.npart > 0 || len(p) < size {
			n := copy(d.partial[d.npart:size], p)
			d.npart += n
			p = p[n:]
			if d.npart < size {
				break
			}
			d.npart = 0
			out = d.record(out, d.partial[:size])
			continue
		}
		out = d.record(out, p[:size])
		p = p[size:]
	}
	return out
}

// Reset forgets the unfinished record, code and modifier state.
func (d *HIDDecoder) Reset() {
	km, max, noAIM, size, order := d.Keymap, d.MaxLen, d.NoAIM, d.EventSize, d.ByteOrder
	*d = HIDDecoder{Keymap: km, MaxLen: max, NoAIM: noAIM, EventSize: size, ByteOrder: order, code: d.code[:0]}
}

func (d *HIDDecoder) eventSize() int {
	if d.EventSize == EventSize32 {
		return EventSize32
	}
	return EventSize64
}

func (d *HIDDecoder) record(out []Frame, rec []byte) []Frame {
	order := d.ByteOrder
	if order == nil {
		order = binary.LittleEndian
	}
	at := len(rec) - 8 // type, code and value follow the timeval
	typ := order.Uint16(rec[at:])
	code := order.Uint16(rec[at+2:])
	value := int32(order.Uint32(rec[at+4:]))
	if f, ok := d.event(typ, code, value); ok {
		out = append(out, f)
	}
	return out
}

// event handles one input event and returns a frame when it ends a code.
func (d *HIDDecoder) event(typ, key uint16, value int32) (Frame, bool) {
	if typ != evKey {
		return Frame{}, false
	}
	down := value != 0
	switch key {
	case keyLeftShift:
		d.shiftL = down
		return Frame{}, false
	case keyRightShift:
		d.shiftR = down
		return Frame{}, false
	case keyRightAlt:
		d.altGr = down
		return Frame{}, false
	case keyLeftCtrl, keyRightCtrl:
		d.ctrl = down
		return Frame{}, false
	case keyLeftAlt:
		d.alt = down
		return Frame{}, false
	case keyLeftMeta, keyRightMeta:
		d.meta = down
		return Frame{}, false
	case keyCapsLock, keyNumLock, keyScrollLock:
		return Frame{}, false
	}
	if value != 1 && value != 2 {
		return Frame{}, false
	}
	if key == keyEnter || key == keyKPEnter {
		return d.end()
	}
	if d.bad != nil {
		return Frame{}, false
	}
	km := d.Keymap
	if km == nil {
		km = keymaps[DefaultKeymap]
	}
	if d.ctrl || d.alt || d.meta {
		d.bad = &NoiseError{Reason: fmt.Sprintf("key %d pressed with Ctrl, Alt or Meta", key)}
		return Frame{}, false
	}
	r, ok := km.Lookup(key, d.shiftL || d.shiftR, d.altGr)
	if !ok {
		d.bad = &NoiseError{Reason: fmt.Sprintf("key %d%s has no character in keymap %s", key, d.layerName(), km.Name)}
		return Frame{}, false
	}
	max := d.MaxLen
	if max <= 0 {
		max = DefaultMaxLen
	}
	if len(d.code)+utf8.RuneLen(r) > max {
		d.bad = &NoiseError{Reason: fmt.Sprintf("code longer than %d bytes", max)}
		return Frame{}, false
	}
	d.code = utf8.AppendRune(d.code, r)
	return Frame{}, false
}

func (d *HIDDecoder) layerName() string {
	switch {
	case d.altGr:
		return " with AltGr"
	case d.shiftL || d.shiftR:
		return " with Shift"
	}
	return ""
}

func (d *HIDDecoder) end() (Frame, bool) {
	code, bad := d.code, d.bad
	d.code, d.bad = d.code[:0], nil
	if bad != nil {
		return Frame{Err: bad}, true
	}
	if len(code) == 0 {
		return Frame{}, false
	}
	return makeFrame(code, !d.NoAIM), true
}
