package device

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// frameStrings renders frames as "code", "sym|code" or "!reason".
func frameStrings(fs []Frame) []string {
	out := []string{}
	for _, f := range fs {
		switch {
		case f.Err != nil:
			out = append(out, "!"+f.Err.Reason)
		case f.Symbology != "":
			out = append(out, f.Symbology+"|"+string(f.Code))
		default:
			out = append(out, string(f.Code))
		}
	}
	return out
}

func TestLineFramer(t *testing.T) {
	tests := []struct {
		name   string
		framer LineFramer
		chunks []string
		want   []string
	}{
		{"auto CR", LineFramer{}, []string{"30234000517861\r"}, []string{"30234000517861"}},
		{"auto LF", LineFramer{}, []string{"30234000517861\n"}, []string{"30234000517861"}},
		{"auto CR LF", LineFramer{}, []string{"B00001\r\nB00002\r\n"}, []string{"B00001", "B00002"}},
		{"auto LF CR", LineFramer{}, []string{"B00001\n\rB00002\n\r"}, []string{"B00001", "B00002"}},
		{"auto empty lines", LineFramer{}, []string{"\r\n\r\n\n\n\r\r"}, []string{}},
		{"no terminator yet", LineFramer{}, []string{"B00001"}, []string{}},
		{"cr", LineFramer{Suffix: SuffixCR}, []string{"B00001\rB00002\r"}, []string{"B00001", "B00002"}},
		{"cr rejects LF", LineFramer{Suffix: SuffixCR}, []string{"B00001\r\nB00002\r"}, []string{"B00001", "!control byte 0x0A at byte 0"}},
		{"lf", LineFramer{Suffix: SuffixLF}, []string{"B00001\nB00002\n"}, []string{"B00001", "B00002"}},
		{"lf rejects CR", LineFramer{Suffix: SuffixLF}, []string{"B00001\r\n"}, []string{"!control byte 0x0D at byte 6"}},
		{"crlf", LineFramer{Suffix: SuffixCRLF}, []string{"B00001\r\nB00002\r\n"}, []string{"B00001", "B00002"}},
		{"crlf split terminator", LineFramer{Suffix: SuffixCRLF}, []string{"B00001\r", "\nB00002\r", "\n"}, []string{"B00001", "B00002"}},
		{"crlf lone CR", LineFramer{Suffix: SuffixCRLF}, []string{"B0\r0001\r\nB00002\r\n"}, []string{"!control byte 0x0D at byte 2", "B00002"}},
		{"crlf lone LF", LineFramer{Suffix: SuffixCRLF}, []string{"B00001\nB00002\r\n"}, []string{"!control byte 0x0A at byte 6"}},
		{"crlf CR CR LF", LineFramer{Suffix: SuffixCRLF}, []string{"B1\r\r\nB2\r\n"}, []string{"!control byte 0x0D at byte 2", "B2"}},
		{"split code", LineFramer{}, []string{"3023", "40005", "17861", "\r", "\n"}, []string{"30234000517861"}},
		{"several in one", LineFramer{}, []string{"A1\rA2\rA3\r"}, []string{"A1", "A2", "A3"}},
		{"aim code 128", LineFramer{}, []string{"]C0B00001\r"}, []string{"]C0|B00001"}},
		{"aim ean-13", LineFramer{}, []string{"]E09786024244057\r\n"}, []string{"]E0|9786024244057"}},
		{"aim qr", LineFramer{}, []string{"]Q1https://example.org/b?id=7\r"}, []string{"]Q1|https://example.org/b?id=7"}},
		{"aim data matrix", LineFramer{}, []string{"]d2010123456789012\r"}, []string{"]d2|010123456789012"}},
		{"aim letter modifier", LineFramer{}, []string{"]XAabc\r"}, []string{"]XA|abc"}},
		{"aim alone", LineFramer{}, []string{"]C0\r"}, []string{"!empty code"}},
		{"not aim", LineFramer{}, []string{"]1AB\r]C\r]-0x\r"}, []string{"]1AB", "]C", "]-0x"}},
		{"aim off", LineFramer{NoAIM: true}, []string{"]C0B00001\r"}, []string{"]C0B00001"}},
		{"prefix", LineFramer{Prefix: []byte{2}}, []string{"\x02]C0B00001\r"}, []string{"]C0|B00001"}},
		{"prefix missing", LineFramer{Prefix: []byte("ID:")}, []string{"B00001\rID:B00002\r"}, []string{"B00001", "B00002"}},
		{"prefix alone", LineFramer{Prefix: []byte("ID:")}, []string{"ID:\r"}, []string{"!empty code"}},
		{"prefix split", LineFramer{Prefix: []byte("ID:")}, []string{"I", "D", ":B1\r"}, []string{"B1"}},
		{"control byte", LineFramer{}, []string{"B0\x0700001\r\nB00002\r\n"}, []string{"!control byte 0x07 at byte 2", "B00002"}},
		{"NUL", LineFramer{}, []string{"\x00\x00\x00\r30234000517861\r"}, []string{"!control byte 0x00 at byte 0", "30234000517861"}},
		{"DEL", LineFramer{}, []string{"B\x7f\r"}, []string{"!control byte 0x7F at byte 1"}},
		{"tab", LineFramer{}, []string{"B\t1\r"}, []string{"!control byte 0x09 at byte 1"}},
		{"invalid UTF-8", LineFramer{}, []string{"\xff\xfe\xfd\rok\r"}, []string{"!invalid UTF-8 at byte 0", "ok"}},
		{"C1 control", LineFramer{}, []string{"a\u0085b\r"}, []string{"!control character U+0085 at byte 1"}},
		{"UTF-8 text", LineFramer{}, []string{"Buku\u00e9 \u4e66\r"}, []string{"Buku\u00e9 \u4e66"}},
		{"UTF-8 split", LineFramer{}, []string{"\xe4", "\xb9", "\xa6\r"}, []string{"\u4e66"}},
		{"spaces kept", LineFramer{}, []string{" B1 \r"}, []string{" B1 "}},
		{"max length", LineFramer{MaxLen: 5}, []string{"12345\r"}, []string{"12345"}},
		{"too long", LineFramer{MaxLen: 5}, []string{"123456\r12\r"}, []string{"!line longer than 5 bytes", "12"}},
		{"too long split", LineFramer{MaxLen: 5}, []string{"123", "456", "789\r", "12\r"}, []string{"!line longer than 5 bytes", "12"}},
		// 17 bytes with MaxLen 5: reported at the 6th byte and after 5 and
		// 10 more dropped ones.
		{"garbage without end", LineFramer{MaxLen: 5}, []string{strings.Repeat("x", 17), "\rok\r"}, []string{"!line longer than 5 bytes", "!line longer than 5 bytes", "!line longer than 5 bytes", "ok"}},
		{"default max length", LineFramer{}, []string{strings.Repeat("1", 256) + "\r" + strings.Repeat("1", 257) + "\r"}, []string{strings.Repeat("1", 256), "!line longer than 256 bytes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.framer
			var got []Frame
			for _, c := range tt.chunks {
				got = append(got, f.Feed([]byte(c))...)
			}
			if g := frameStrings(got); fmt.Sprint(g) != fmt.Sprint(tt.want) {
				t.Errorf("frames = %q, want %q", g, tt.want)
			}
		})
	}
}

func TestLineFramerCopiesCodes(t *testing.T) {
	var f LineFramer
	buf := []byte("B00001\r")
	got := f.Feed(buf)
	copy(buf, "XXXXXX")
	more := f.Feed([]byte("B00002\r"))
	if string(got[0].Code) != "B00001" || string(more[0].Code) != "B00002" {
		t.Fatalf("codes changed under the caller: %q %q", got[0].Code, more[0].Code)
	}
}

func TestLineFramerReset(t *testing.T) {
	f := LineFramer{MaxLen: 4}
	f.Feed([]byte("12345678"))
	f.Reset()
	if got := frameStrings(f.Feed([]byte("ab\r"))); fmt.Sprint(got) != "[ab]" {
		t.Fatalf("after Reset: %q", got)
	}
}

func FuzzLineFramer(f *testing.F) {
	f.Add([]byte("30234000517861\r\n]C0B00001\r"), uint8(0), uint16(256), []byte(nil), uint8(3))
	f.Add([]byte("\x02]E09786024244057\r\n"), uint8(3), uint16(20), []byte{2}, uint8(1))
	f.Add([]byte("\xff\x00garbage\rok\n"), uint8(1), uint16(4), []byte("ok"), uint8(2))
	f.Add([]byte("\r\r\n\n\r\n"), uint8(2), uint16(1), []byte("\r"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, suffix uint8, maxLen uint16, prefix []byte, step uint8) {
		mk := func() *LineFramer {
			return &LineFramer{Suffix: Suffix(suffix % 4), MaxLen: int(maxLen%512) + 1, Prefix: prefix, NoAIM: suffix&0x80 != 0}
		}
		whole := mk().Feed(data)
		for _, fr := range whole {
			if fr.Err != nil {
				if fr.Code != nil || fr.Err.Reason == "" {
					t.Fatalf("noise frame with code %q or without reason", fr.Code)
				}
				continue
			}
			checkCode(t, fr, mk().MaxLen)
		}
		// Feeding the same bytes in pieces gives the same frames.
		fr := mk()
		var pieces []Frame
		n := int(step%16) + 1
		for i := 0; i < len(data); i += n {
			pieces = append(pieces, fr.Feed(data[i:min(i+n, len(data))])...)
		}
		if a, b := fmt.Sprint(frameStrings(whole)), fmt.Sprint(frameStrings(pieces)); a != b {
			t.Fatalf("whole %s, in pieces of %d %s", a, n, b)
		}
	})
}

// checkCode asserts what the package guarantees of every code it emits.
func checkCode(t *testing.T, fr Frame, maxLen int) {
	t.Helper()
	if len(fr.Code) == 0 || len(fr.Code) > maxLen {
		t.Fatalf("code %q: length %d not in 1..%d", fr.Code, len(fr.Code), maxLen)
	}
	if !utf8.Valid(fr.Code) {
		t.Fatalf("code %q is not valid UTF-8", fr.Code)
	}
	for _, r := range string(fr.Code) {
		if unicode.IsControl(r) {
			t.Fatalf("code %q holds control character %U", fr.Code, r)
		}
	}
	if s := fr.Symbology; s != "" && (len(s) != 3 || s[0] != ']' || !isLetter(s[1])) {
		t.Fatalf("bad symbology %q", s)
	}
}
