package device

import (
	"fmt"
	"slices"
	"strings"
)

// Keymap turns the key codes of a keyboard-wedge scanner into characters.
// Key codes are physical key positions (Linux input-event-codes), so the
// keymap must match the keyboard country set in the scanner.
//
// Each layer maps a key code to the character it types: Plain with no
// modifier, Shift with either Shift key held, AltGr with the right Alt key
// held. A key absent from the layer in use has no character there.
type Keymap struct {
	Name  string
	Plain map[uint16]rune
	Shift map[uint16]rune
	AltGr map[uint16]rune
}

// Lookup returns the character key types with the given modifiers held.
func (k *Keymap) Lookup(key uint16, shift, altGr bool) (rune, bool) {
	var m map[uint16]rune
	switch {
	case altGr:
		m = k.AltGr
	case shift:
		m = k.Shift
	default:
		m = k.Plain
	}
	r, ok := m[key]
	return r, ok
}

// The built-in keymaps. Dead keys (´ ^ ` ¨ on German and French keyboards)
// type their own character: a scanner sends them followed by a space, or
// not at all.
var keymaps = map[string]*Keymap{
	"us": newKeymap("us",
		[]keyRow{{2, "1234567890-="}, {16, "qwertyuiop[]"}, {30, "asdfghjkl;'`"}, {43, `\zxcvbnm,./`}, {57, " "}, {86, `\`}},
		[]keyRow{{2, "!@#$%^&*()_+"}, {16, "QWERTYUIOP{}"}, {30, `ASDFGHJKL:"~`}, {43, "|ZXCVBNM<>?"}, {57, " "}, {86, "|"}},
		nil, '.'),
	"de": newKeymap("de",
		[]keyRow{{2, "1234567890ß´"}, {16, "qwertzuiopü+"}, {30, "asdfghjklöä^"}, {43, "#yxcvbnm,.-"}, {57, " "}, {86, "<"}},
		[]keyRow{{2, `!"§$%&/()=?` + "`"}, {16, "QWERTZUIOPÜ*"}, {30, "ASDFGHJKLÖÄ°"}, {43, "'YXCVBNM;:_"}, {57, " "}, {86, ">"}},
		[]keyRow{{3, "²³"}, {8, `{[]}\`}, {16, "@"}, {18, "€"}, {27, "~"}, {50, "µ"}, {86, "|"}}, ','),
	"fr": newKeymap("fr",
		[]keyRow{{2, `&é"'(-è_çà)=`}, {16, "azertyuiop^$"}, {30, "qsdfghjklmù²"}, {43, "*wxcvbn,;:!"}, {57, " "}, {86, "<"}},
		[]keyRow{{2, "1234567890°+"}, {16, "AZERTYUIOP¨£"}, {30, "QSDFGHJKLM%"}, {43, "µWXCVBN?./§"}, {57, " "}, {86, ">"}},
		[]keyRow{{3, "~#{[|`\\^@]}"}, {18, "€"}, {27, "¤"}}, '.'),
}

// DefaultKeymap is the name of the keymap used when none is configured.
const DefaultKeymap = "us"

// LookupKeymap returns a built-in keymap by name ("us", "de", "fr"). The
// keymap is shared: do not modify it.
func LookupKeymap(name string) (*Keymap, error) {
	if k, ok := keymaps[strings.ToLower(name)]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("device: unknown keymap %q (known: %s)", name, strings.Join(KeymapNames(), ", "))
}

// KeymapNames lists the built-in keymaps.
func KeymapNames() []string {
	names := make([]string, 0, len(keymaps))
	for n := range keymaps {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// keyRow is a run of characters on consecutive key codes.
type keyRow struct {
	first uint16
	chars string
}

func newKeymap(name string, plain, shift, altGr []keyRow, kpDecimal rune) *Keymap {
	k := &Keymap{Name: name, Plain: rows(plain), Shift: rows(shift), AltGr: rows(altGr)}
	// The keypad types the same with or without Shift (scanners that use
	// it send its digits with Num Lock assumed on).
	keypad := map[uint16]rune{55: '*', 74: '-', 78: '+', 83: kpDecimal, 98: '/'}
	for i, r := range "789456123" {
		keypad[[]uint16{71, 72, 73, 75, 76, 77, 79, 80, 81}[i]] = r
	}
	keypad[82] = '0'
	for key, r := range keypad {
		k.Plain[key] = r
		k.Shift[key] = r
	}
	return k
}

func rows(rs []keyRow) map[uint16]rune {
	m := make(map[uint16]rune)
	for _, row := range rs {
		key := row.first
		for _, r := range row.chars {
			m[key] = r
			key++
		}
	}
	return m
}
