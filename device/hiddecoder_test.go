package device

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"testing"
)

func mustKeymap(t testing.TB, name string) *Keymap {
	t.Helper()
	km, err := LookupKeymap(name)
	if err != nil {
		t.Fatal(err)
	}
	return km
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func TestHIDDecoder(t *testing.T) {
	us := mustKeymap(t, "us")
	de := mustKeymap(t, "de")
	fr := mustKeymap(t, "fr")
	tests := []struct {
		name   string
		keymap *Keymap
		maxLen int
		events []byte
		want   []string
	}{
		{"digits and Enter", us, 0, typeText(t, us, "30234000517861", keyEnter), []string{"30234000517861"}},
		{"shift", us, 0, typeText(t, us, "B00001", keyEnter), []string{"B00001"}},
		{"symbols with shift", us, 0, typeText(t, us, "A-1/2:3?", keyEnter), []string{"A-1/2:3?"}},
		{"keypad Enter", us, 0, typeText(t, us, "B00002", keyKPEnter), []string{"B00002"}},
		{"two codes", us, 0, cat(typeText(t, us, "B1", keyEnter), typeText(t, us, "b2", keyKPEnter)), []string{"B1", "b2"}},
		{"AIM identifier", us, 0, typeText(t, us, "]C0B00001", keyEnter), []string{"]C0|B00001"}},
		{"right shift", us, 0, cat(event(evKey, keyRightShift, 1), keyEvents(48), event(evKey, keyRightShift, 0), keyEvents(48), keyEvents(keyEnter)), []string{"Bb"}},
		{"shift released", us, 0, cat(event(evKey, keyLeftShift, 1), keyEvents(30), event(evKey, keyLeftShift, 0), keyEvents(30), keyEvents(keyEnter)), []string{"Aa"}},
		{"autorepeat", us, 0, cat(event(evKey, 2, 1), event(evKey, 2, 2), event(evKey, 2, 2), event(evKey, 2, 0), keyEvents(keyEnter)), []string{"111"}},
		{"keypad digits", us, 0, cat(keyEvents(79), keyEvents(82), keyEvents(83), keyEvents(81), keyEvents(keyKPEnter)), []string{"10.3"}},
		{"locks ignored", us, 0, cat(keyEvents(keyNumLock), typeText(t, us, "12", 0), keyEvents(keyCapsLock), typeText(t, us, "3", keyEnter)), []string{"123"}},
		{"Enter alone", us, 0, cat(keyEvents(keyEnter), keyEvents(keyKPEnter)), []string{}},
		{"no Enter yet", us, 0, typeText(t, us, "B00001", 0), []string{}},
		{"other event types", us, 0, cat(event(evSyn, 0, 0), event(evMsc, 4, 0x7001e), event(0x11, 1, 1), event(evSyn, 0, 0)), []string{}},
		{"unknown key spoils the code", us, 0, cat(typeText(t, us, "B0", 0), keyEvents(59), typeText(t, us, "01", keyEnter), typeText(t, us, "B2", keyEnter)), []string{"!key 59 has no character in keymap us", "B2"}},
		{"unknown key before Enter", us, 0, cat(keyEvents(1), keyEvents(keyEnter)), []string{"!key 1 has no character in keymap us"}},
		{"Ctrl chord", us, 0, cat(event(evKey, keyLeftCtrl, 1), keyEvents(46), event(evKey, keyLeftCtrl, 0), keyEvents(keyEnter), typeText(t, us, "ok", keyEnter)), []string{"!key 46 pressed with Ctrl, Alt or Meta", "ok"}},
		{"too long", us, 4, cat(typeText(t, us, "12345", keyEnter), typeText(t, us, "1234", keyEnter)), []string{"!code longer than 4 bytes", "1234"}},
		{"de keymap", de, 0, typeText(t, de, "Zy-ß@", keyEnter), []string{"Zy-ß@"}},
		{"de keys are not us keys", de, 0, cat(keyEvents(21), keyEvents(44), keyEvents(53), keyEvents(keyEnter)), []string{"zy-"}},
		{"de AltGr", de, 0, cat(event(evKey, keyRightAlt, 1), keyEvents(16), event(evKey, keyRightAlt, 0), keyEvents(16), keyEvents(keyEnter)), []string{"@q"}},
		{"fr digits need shift", fr, 0, typeText(t, fr, "30234000517861", keyEnter), []string{"30234000517861"}},
		{"fr without shift", fr, 0, cat(keyEvents(2), keyEvents(3), keyEvents(16), keyEvents(keyEnter)), []string{"&éa"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := HIDDecoder{Keymap: tt.keymap, MaxLen: tt.maxLen}
			got := frameStrings(d.Feed(tt.events))
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("frames = %q, want %q", got, tt.want)
			}
			// The same stream byte by byte gives the same frames.
			d = HIDDecoder{Keymap: tt.keymap, MaxLen: tt.maxLen}
			var frames []Frame
			for i := range tt.events {
				frames = append(frames, d.Feed(tt.events[i:i+1])...)
			}
			if g := frameStrings(frames); fmt.Sprint(g) != fmt.Sprint(tt.want) {
				t.Errorf("byte by byte: frames = %q, want %q", g, tt.want)
			}
		})
	}
}

func TestHIDDecoderEventSize32(t *testing.T) {
	// A 32-bit userspace: 8-byte timeval, big-endian for good measure.
	var stream []byte
	for _, ev := range [][3]int{{evKey, 4, 1}, {evSyn, 0, 0}, {evKey, 4, 0}, {evKey, keyEnter, 1}, {evKey, keyEnter, 0}} {
		b := make([]byte, EventSize32)
		binary.BigEndian.PutUint32(b[0:], 1732700000)
		binary.BigEndian.PutUint16(b[8:], uint16(ev[0]))
		binary.BigEndian.PutUint16(b[10:], uint16(ev[1]))
		binary.BigEndian.PutUint32(b[12:], uint32(ev[2]))
		stream = append(stream, b...)
	}
	d := HIDDecoder{EventSize: EventSize32, ByteOrder: binary.BigEndian}
	if got := frameStrings(d.Feed(stream)); fmt.Sprint(got) != "[3]" {
		t.Fatalf("frames = %q, want [3]", got)
	}
}

func TestHIDDecoderReset(t *testing.T) {
	d := HIDDecoder{Keymap: mustKeymap(t, "de")}
	d.Feed(cat(event(evKey, keyLeftShift, 1), keyEvents(2), event(evKey, 5, 1)[:10]))
	d.Reset()
	if d.Keymap.Name != "de" {
		t.Fatal("Reset lost the keymap")
	}
	if got := frameStrings(d.Feed(typeText(t, d.Keymap, "1", keyEnter))); fmt.Sprint(got) != "[1]" {
		t.Fatalf("after Reset: %q", got)
	}
}

func TestKeymaps(t *testing.T) {
	if _, err := LookupKeymap("xx"); err == nil {
		t.Error("LookupKeymap(xx) did not fail")
	}
	for _, name := range KeymapNames() {
		km := mustKeymap(t, name)
		// Every keymap can type library barcodes with AIM identifiers.
		for _, r := range "]0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-./" {
			if _, _, ok := reverseLookup(km, r); !ok {
				t.Errorf("keymap %s cannot type %q", name, r)
			}
		}
		for _, layer := range []map[uint16]rune{km.Plain, km.Shift, km.AltGr} {
			for key, r := range layer {
				if f := makeFrame([]byte(string(r)), false); f.Err != nil {
					t.Errorf("keymap %s key %d types %q: %v", name, key, r, f.Err)
				}
			}
		}
	}
}

func FuzzHIDDecoder(f *testing.F) {
	us := mustKeymap(f, "us")
	f.Add(typeText(f, us, "]C0B00001", keyEnter), uint8(0), uint16(256), uint8(7))
	f.Add(cat(keyEvents(59), typeText(f, us, "30234000517861", keyKPEnter)), uint8(1), uint16(8), uint8(24))
	f.Add(typeText(f, mustKeymap(f, "fr"), "Aé1", keyEnter), uint8(2), uint16(3), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, keymap uint8, maxLen uint16, step uint8) {
		names := KeymapNames()
		km := mustKeymap(t, names[int(keymap)%len(names)])
		max := int(maxLen%512) + 1
		mk := func() *HIDDecoder {
			d := &HIDDecoder{Keymap: km, MaxLen: max, NoAIM: keymap&0x80 != 0}
			if keymap&0x40 != 0 {
				d.EventSize = EventSize32
			}
			return d
		}
		whole := mk().Feed(data)
		for _, fr := range whole {
			if fr.Err == nil {
				checkCode(t, fr, max)
			}
		}
		d := mk()
		var pieces []Frame
		n := int(step%32) + 1
		for i := 0; i < len(data); i += n {
			pieces = append(pieces, d.Feed(data[i:min(i+n, len(data))])...)
		}
		if a, b := fmt.Sprint(frameStrings(whole)), fmt.Sprint(frameStrings(pieces)); a != b {
			t.Fatalf("whole %s, in pieces of %d %s", a, n, b)
		}
	})
}
