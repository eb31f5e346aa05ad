package auth_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"anterkoper/internal/auth"
)

// FuzzSessionCookie feeds arbitrary Cookie headers to Session: no input
// but the real cookie opens the session.
func FuzzSessionCookie(f *testing.F) {
	fx := newFixture(f)
	ctx := context.Background()
	sess, err := fx.auth.Login(ctx, "budi", "1234", "127.0.0.1")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"anterkoper_session=" + sess.CSRF,
		"__Host-anterkoper_session=" + sess.ID[:42],
		"anterkoper_session=" + sess.ID + "x",
		"anterkoper_session=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"",
		"a=b; anterkoper_session=; anterkoper_session==",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cookie string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Cookie", cookie)
		got, ok := fx.auth.Session(ctx, r)
		if ok && got.ID != sess.ID {
			t.Fatalf("cookie %q opened session %+v", cookie, got)
		}
	})
}

// FuzzViewerToken: no string but the real token opens the visit.
func FuzzViewerToken(f *testing.F) {
	fx := newFixture(f)
	ctx := context.Background()
	tok, _, err := fx.auth.NewViewerToken(ctx, fx.visit, "budi", 0)
	if err != nil {
		f.Fatal(err)
	}
	list, _ := fx.auth.ViewerTokens(ctx, fx.visit)
	for _, s := range []string{list[0].ID, tok[:21], tok + "=", "", "%00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := fx.auth.CheckViewerToken(ctx, s, fx.visit)
		if s == tok {
			return
		}
		if !errors.Is(err, auth.ErrTokenInvalid) {
			t.Fatalf("token %q: %v", s, err)
		}
	})
}
