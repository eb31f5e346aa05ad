package receiptcode

import (
	"errors"
	"strings"
	"testing"
)

func TestMakeVerify(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	code := Make(key, 1234, 2)
	if !strings.HasPrefix(code, "AKR1-1234-2-") || !Looks(code) || len(code) != len("AKR1-1234-2-")+10 {
		t.Fatalf("code %q", code)
	}
	v, r, err := Verify(key, code)
	if err != nil || v != 1234 || r != 2 {
		t.Fatalf("Verify(%q) = %d, %d, %v", code, v, r, err)
	}
	if _, _, err := Verify(key, " "+strings.ToLower(code)+"\n"); err != nil {
		t.Errorf("a scanner's lower case and spaces: %v", err)
	}
	bad := []string{
		Make([]byte("another kiosk's key"), 1234, 2), // other key
		strings.Replace(code, "-1234-", "-1235-", 1), // other visit, same mac
		strings.Replace(code, "-2-", "-3-", 1),       // other round
		code[:len(code)-1],                           // cut
		"AKR1-01234-2-" + code[len(code)-10:],        // leading zero
		"AKR1--5-2-AAAAAAAAAA", "B00001", "",
	}
	for _, b := range bad {
		if _, _, err := Verify(key, b); !errors.Is(err, ErrInvalid) {
			t.Errorf("Verify(%q) = %v; want ErrInvalid", b, err)
		}
	}
}

func FuzzVerify(f *testing.F) {
	key := []byte("k")
	f.Add(Make(key, 1, 0))
	f.Add("AKR1-1-0-AAAAAAAAAA")
	f.Add("akr1-99999999999999999999-1-x")
	f.Fuzz(func(t *testing.T, s string) {
		v, r, err := Verify(key, s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if Make(key, v, r) != strings.ToUpper(strings.TrimSpace(s)) {
			t.Fatalf("%q verified as visit %d round %d, whose code differs", s, v, r)
		}
	})
}
