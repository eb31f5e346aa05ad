package uhf

import (
	"encoding/hex"
	"strings"
	"testing"
)

// unhex decodes hex bytes written with spaces, as the fact sheet and
// reader manuals write frames.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCRC16(t *testing.T) {
	if got := CRC16([]byte("123456789")); got != 0x6F91 {
		t.Fatalf("CRC16(123456789) = 0x%04X, want 0x6F91 (CRC-16/MCRF4XX check value)", got)
	}
	tests := []struct{ frame, name string }{
		{"04 FF 01 1B B4", "inventory command"},
		{"04 FF 21 19 95", "reader information command"},
		{"13 00 01 03 01 0C 00 00 00 00 00 00 00 00 00 00 03 13 3F 39", "fact sheet response"},
	}
	for _, tt := range tests {
		f := unhex(t, tt.frame)
		n := len(f)
		if got, want := CRC16(f[:n-2]), uint16(f[n-2])|uint16(f[n-1])<<8; got != want {
			t.Errorf("%s: CRC16 = 0x%04X, frame says 0x%04X", tt.name, got, want)
		}
		if got := ChafonFrame(f[1], f[2], f[3:n-2]...); hex.EncodeToString(got) != hex.EncodeToString(f) {
			t.Errorf("%s: ChafonFrame = % X, want % X", tt.name, got, f)
		}
	}
}

func TestChecksum(t *testing.T) {
	tests := []struct{ frame, name string }{
		{"A0 04 01 89 01 D1", "real-time inventory command"},
		{"A0 03 01 72 EA", "firmware version command"},
		{"A0 13 01 89 04 30 00 E2 00 30 16 66 13 01 21 15 50 74 EF 45 BF", "fact sheet tag frame"},
	}
	for _, tt := range tests {
		f := unhex(t, tt.frame)
		n := len(f)
		if got := Checksum(f[:n-1]); got != f[n-1] {
			t.Errorf("%s: Checksum = 0x%02X, frame says 0x%02X", tt.name, got, f[n-1])
		}
		if got := R2000Frame(f[2], f[3], f[4:n-1]...); hex.EncodeToString(got) != hex.EncodeToString(f) {
			t.Errorf("%s: R2000Frame = % X, want % X", tt.name, got, f)
		}
	}
}
