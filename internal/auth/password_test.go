package auth

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestHashPasswordRoundTrip(t *testing.T) {
	for _, pw := range []string{"1234", "rahasia-kancil", "Sandi Panjang dengan spasi ", "kata✓sandi", strings.Repeat("x", MaxPasswordLen)} {
		t.Run(pw[:4], func(t *testing.T) {
			h, err := HashPassword(pw)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, pw) {
				t.Fatalf("hash %q", h)
			}
			if ok, err := CheckPassword(h, pw); !ok || err != nil {
				t.Fatalf("right password: %v %v", ok, err)
			}
			for _, wrong := range []string{"", pw + "x", pw[:len(pw)-1], strings.ToUpper(pw)} {
				if wrong == pw {
					continue
				}
				if ok, err := CheckPassword(h, wrong); ok || err != nil {
					t.Fatalf("wrong password %q: %v %v", wrong, ok, err)
				}
			}
			h2, _ := HashPassword(pw)
			if h2 == h {
				t.Fatal("two hashes of one password are equal: no salt")
			}
		})
	}
}

func TestValidatePasswordRejects(t *testing.T) {
	for _, tc := range []struct{ name, pw string }{
		{"empty", ""},
		{"3-digit PIN", "123"},
		{"3 letters", "abc"},
		{"3 runes, more bytes", "✓✓✓"},
		{"too long", strings.Repeat("x", MaxPasswordLen+1)},
		{"newline", "1234\n"},
		{"NUL", "12\x0034"},
		{"not UTF-8", "12\xff34"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidatePassword(tc.pw)
			if !errors.Is(err, ErrInvalidPassword) {
				t.Fatalf("ValidatePassword: %v, want ErrInvalidPassword", err)
			}
			if _, err := HashPassword(tc.pw); !errors.Is(err, ErrInvalidPassword) {
				t.Fatalf("HashPassword: %v", err)
			}
		})
	}
	if err := ValidatePassword("0000"); err != nil {
		t.Fatalf("4-digit PIN: %v", err)
	}
}

func TestCheckPasswordBcryptAndMalformed(t *testing.T) {
	h, err := bcrypt.GenerateFromPassword([]byte("1234"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := CheckPassword(string(h), "1234"); !ok || err != nil {
		t.Fatalf("bcrypt right: %v %v", ok, err)
	}
	if ok, err := CheckPassword(string(h), "1235"); ok || err != nil {
		t.Fatalf("bcrypt wrong: %v %v", ok, err)
	}
	good, _ := HashPassword("1234")
	for _, bad := range []string{
		"",
		"plain",
		"$2a$10$short",
		"$2a$20$" + strings.Repeat("a", 53), // 2^20 rounds: refused, not attempted
		"$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		strings.Replace(good, "v=19", "v=16", 1),
		strings.Replace(good, "m=19456", "m=999999999", 1), // 1 TB: refused, not attempted
		strings.Replace(good, "t=2", "t=0", 1),
		strings.Replace(good, ",p=1", "", 1),
		strings.Replace(good, "m=19456,", "m=19456,m=19456,", 1),
		good[:len(good)-10],
		good + "$",
	} {
		if ok, err := CheckPassword(bad, "1234"); ok || err == nil {
			t.Errorf("hash %q: %v %v, want an error", bad, ok, err)
		}
	}
}

func TestNormalizeUserName(t *testing.T) {
	for in, want := range map[string]string{"budi": "budi", " Budi.S ": "budi.s", "op_1": "op_1", "7-a": "7-a"} {
		if got, err := NormalizeUserName(in); got != want || err != nil {
			t.Errorf("%q: %q %v, want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", " ", "-budi", ".x", "budi santoso", "búdi", "a/b", strings.Repeat("a", 33), "x\x00"} {
		if got, err := NormalizeUserName(in); !errors.Is(err, ErrInvalidUserName) {
			t.Errorf("%q: %q %v, want ErrInvalidUserName", in, got, err)
		}
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range Roles() {
		if got, err := ParseRole(string(r)); got != r || err != nil {
			t.Errorf("%s: %q %v", r, got, err)
		}
	}
	for _, s := range []string{"", "Operator", "root", "petugas"} {
		if _, err := ParseRole(s); !errors.Is(err, ErrInvalidRole) {
			t.Errorf("%q: %v", s, err)
		}
	}
}
