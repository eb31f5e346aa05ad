package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestParseLoginRequest(t *testing.T) {
	for _, tc := range []struct {
		name, ctype, body string
		want              LoginRequest
		ok                bool
	}{
		{"ok", "application/json", `{"user":"budi","password":"1234"}`, LoginRequest{"budi", "1234"}, true},
		{"charset", "application/json; charset=utf-8", ` {"password":"a b","user":"x"} ` + "\n", LoginRequest{"x", "a b"}, true},
		{"form", "application/x-www-form-urlencoded", `user=budi&password=1234`, LoginRequest{}, false},
		{"text/plain JSON (cross-site form)", "text/plain", `{"user":"budi","password":"1234"}`, LoginRequest{}, false},
		{"no content type", "", `{"user":"budi","password":"1234"}`, LoginRequest{}, false},
		{"missing password", "application/json", `{"user":"budi"}`, LoginRequest{}, false},
		{"unknown field", "application/json", `{"user":"budi","password":"1234","admin":true}`, LoginRequest{}, false},
		{"two values", "application/json", `{"user":"budi","password":"1234"}{}`, LoginRequest{}, false},
		{"number", "application/json", `{"user":"budi","password":1234}`, LoginRequest{}, false},
		{"too big", "application/json", `{"user":"budi","password":"` + strings.Repeat("x", 5000) + `"}`, LoginRequest{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseLoginRequest(tc.ctype, strings.NewReader(tc.body))
			if tc.ok != (err == nil) || got != tc.want {
				t.Fatalf("got %+v, %v", got, err)
			}
			if err != nil && !errors.Is(err, ErrMalformedLogin) {
				t.Fatalf("error %v does not wrap ErrMalformedLogin", err)
			}
		})
	}
	// The password must not leak into the message.
	_, err := ParseLoginRequest("application/json", strings.NewReader(`{"user":"budi","password":"SECRET-PIN-9"`))
	if err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Fatalf("truncated body: %v", err)
	}
}

func FuzzParseLoginRequest(f *testing.F) {
	for _, s := range []string{
		`{"user":"budi","password":"1234"}`,
		`{"user":"","password":""}`,
		`{"user":"budi","password":"12\u00003"}`,
		`{"user":["x"]}`,
		`{"user":"budi","password":"1234"} x`,
		`null`,
		``,
	} {
		f.Add("application/json", s)
	}
	f.Add("application/json; charset=utf-8", `{"password":"x"}`)
	f.Add("multipart/form-data; boundary=x", "--x--")
	f.Fuzz(func(t *testing.T, ctype, body string) {
		req, err := ParseLoginRequest(ctype, strings.NewReader(body))
		if err != nil {
			if req != (LoginRequest{}) || !errors.Is(err, ErrMalformedLogin) {
				t.Fatalf("%+v with %v", req, err)
			}
			// Only fixed messages, never a piece of the body.
			if len(err.Error()) > 90 {
				t.Fatalf("long error %q", err)
			}
			return
		}
		if req.User == "" || req.Password == "" || len(body) > maxLoginBody {
			t.Fatalf("accepted %+v from %q", req, body)
		}
	})
}

func FuzzParseArgon2id(f *testing.F) {
	good, _ := HashPassword("1234")
	for _, s := range []string{good, "", "$argon2id$", "$argon2id$v=19$m=1,t=1,p=1$$", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, key, err := parseArgon2id(s)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "auth: bad argon2id hash: ") {
				t.Fatalf("error %v", err)
			}
			return
		}
		// Whatever a stored hash says, a login cannot be made expensive.
		if p.memory > maxArgonMemory || p.time > maxArgonTime || p.threads > maxArgonThreads ||
			p.memory < 8*uint32(p.threads) || p.time == 0 || p.threads == 0 ||
			len(p.salt) < 8 || len(key) < 16 || len(key) > 64 {
			t.Fatalf("accepted %+v key %d bytes from %q", p, len(key), s)
		}
	})
}

func FuzzAddrKey(f *testing.F) {
	for _, s := range []string{"192.168.1.2:80", "[::1]:1", "fe80::1%eth0", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := addrKey(s)
		if addrKey(k) != k {
			t.Fatalf("addrKey(%q) = %q is not stable", s, k)
		}
	})
}
