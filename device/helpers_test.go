package device

import (
	"encoding/binary"
	"testing"

	"anterkoper/device/internal/leaktest"
)

// checkNoLeaks fails the test if goroutines it started outlive it.
func checkNoLeaks(t *testing.T) { leaktest.Check(t) }

// event encodes one 64-bit little-endian input_event.
func event(typ, code uint16, value int32) []byte {
	b := make([]byte, EventSize64)
	binary.LittleEndian.PutUint64(b[0:], 1732700000) // tv_sec
	binary.LittleEndian.PutUint64(b[8:], 123456)     // tv_usec
	binary.LittleEndian.PutUint16(b[16:], typ)
	binary.LittleEndian.PutUint16(b[18:], code)
	binary.LittleEndian.PutUint32(b[20:], uint32(value))
	return b
}

const (
	evSyn = 0
	evMsc = 4
)

// keyEvents returns what a keyboard sends for one key stroke: the scan
// code (EV_MSC), the key (EV_KEY) and a report end (EV_SYN), for press and
// release, the way real USB keyboards and scanners report it.
func keyEvents(key uint16) []byte {
	var b []byte
	for _, v := range []int32{1, 0} {
		b = append(b, event(evMsc, 4, 0x70000+int32(key))...)
		b = append(b, event(evKey, key, v)...)
		b = append(b, event(evSyn, 0, 0)...)
	}
	return b
}

// typeText returns the events a wedge scanner set to keymap km sends to
// type s, followed by the key end (keyEnter or keyKPEnter; 0 for none).
func typeText(t testing.TB, km *Keymap, s string, end uint16) []byte {
	t.Helper()
	var b []byte
	for _, r := range s {
		key, mod, ok := reverseLookup(km, r)
		if !ok {
			t.Fatalf("keymap %s cannot type %q", km.Name, r)
		}
		if mod != 0 {
			b = append(b, event(evKey, mod, 1)...)
		}
		b = append(b, keyEvents(key)...)
		if mod != 0 {
			b = append(b, event(evKey, mod, 0)...)
		}
	}
	if end != 0 {
		b = append(b, keyEvents(end)...)
	}
	return b
}

// reverseLookup finds the key and modifier (0, keyLeftShift or
// keyRightAlt) typing r, preferring the plain layer and the main keys
// (low key codes) over the keypad.
func reverseLookup(km *Keymap, r rune) (key, mod uint16, ok bool) {
	for _, layer := range []struct {
		m   map[uint16]rune
		mod uint16
	}{{km.Plain, 0}, {km.Shift, keyLeftShift}, {km.AltGr, keyRightAlt}} {
		found := false
		for k, c := range layer.m {
			if c == r && (!found || k < key) {
				key, found = k, true
			}
		}
		if found {
			return key, layer.mod, true
		}
	}
	return 0, 0, false
}
