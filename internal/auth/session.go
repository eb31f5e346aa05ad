package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Cookie and header names.
const (
	// CookieName is the session cookie over plain HTTP.
	CookieName = "anterkoper_session"
	// SecureCookieName is the session cookie over HTTPS. The __Host- prefix
	// makes browsers refuse it unless it is Secure, has Path=/ and no Domain.
	SecureCookieName = "__Host-" + CookieName
	// CSRFHeader carries the CSRF token on state-changing requests.
	CSRFHeader = "X-CSRF-Token"
)

const sessionIDBytes = 32 // 256 bits

// Login checks the password of user and starts a session. remoteIP is the
// client's address (http.Request.RemoteAddr is fine; the port is ignored).
//
// It returns an error wrapping ErrBadLogin for a wrong name or password or a
// disabled user, and a *RateLimitError (errors.Is ErrRateLimited) without
// checking anything when the address has reached the limit of failed
// logins. Other errors come from the store.
func (s *Service) Login(ctx context.Context, user, password, remoteIP string) (Session, error) {
	key := addrKey(remoteIP)
	if wait, ok := s.limiter.acquire(key, s.now()); !ok {
		return Session{}, &RateLimitError{RetryAfter: wait}
	}
	failed := false
	defer func() { s.limiter.release(key, s.now(), failed) }()

	u, err := s.checkUser(ctx, user, password)
	if errors.Is(err, ErrBadLogin) {
		failed = true
	}
	if err != nil {
		return Session{}, err
	}
	now := unixTime(s.now())
	sess := Session{
		ID:      randomString(sessionIDBytes),
		User:    u.Name,
		Role:    u.Role,
		CSRF:    randomString(sessionIDBytes),
		Created: now,
		Expires: now.Add(s.opts.SessionTTL),
	}
	err = s.store.CreateSession(ctx, SessionRecord{
		IDHash:  hashHex(sess.ID),
		User:    sess.User,
		CSRF:    sess.CSRF,
		Created: sess.Created,
		Expires: sess.Expires,
		Role:    u.Role,
	})
	if err != nil {
		return Session{}, fmt.Errorf("auth: unable to start session: %w", err)
	}
	return sess, nil
}

// checkUser returns the user if password is theirs. It spends the time of
// one password check whatever the outcome, so timing does not tell which
// user names exist.
func (s *Service) checkUser(ctx context.Context, name, password string) (User, error) {
	n, nameErr := NormalizeUserName(name)
	var u User
	var err error
	if nameErr == nil {
		u, err = s.store.User(ctx, n)
	}
	switch {
	case nameErr != nil || errors.Is(err, ErrNotFound):
		CheckPassword(dummyHash(), password)
		return User{}, ErrBadLogin
	case err != nil:
		return User{}, fmt.Errorf("auth: unable to read user: %w", err)
	}
	ok, err := CheckPassword(u.Hash, password)
	if err != nil {
		return User{}, fmt.Errorf("auth: user %s: %w", u.Name, err)
	}
	if !ok || u.Disabled {
		return User{}, ErrBadLogin
	}
	return u, nil
}

// Logout ends the session with the id (the cookie value): from now on the
// cookie opens nothing. Logging out an unknown or ended session is no error.
func (s *Service) Logout(ctx context.Context, sessionID string) error {
	if !validSecret(sessionID, sessionIDBytes) {
		return nil
	}
	if err := s.store.RevokeSession(ctx, hashHex(sessionID)); err != nil {
		return fmt.Errorf("auth: unable to end session: %w", err)
	}
	return nil
}

// Session returns the live session whose id the request's cookie carries.
// It is false when there is no cookie, or the session is unknown, ended,
// expired or its user disabled — and when the store fails, since a request
// that cannot be authenticated must be refused either way.
func (s *Service) Session(ctx context.Context, r *http.Request) (Session, bool) {
	for _, name := range []string{SecureCookieName, CookieName} {
		c, err := r.Cookie(name)
		if err != nil || !validSecret(c.Value, sessionIDBytes) {
			continue
		}
		rec, err := s.store.SessionByHash(ctx, hashHex(c.Value))
		if err != nil || rec.Revoked || rec.UserDisabled || !s.now().Before(rec.Expires) {
			continue
		}
		return Session{
			ID:      c.Value,
			User:    rec.User,
			Role:    rec.Role,
			CSRF:    rec.CSRF,
			Created: rec.Created,
			Expires: rec.Expires,
		}, true
	}
	return Session{}, false
}

// CheckCSRF reports whether the request's X-CSRF-Token header is the
// session's CSRF token, comparing in constant time.
func CheckCSRF(r *http.Request, sess Session) bool {
	got := r.Header.Get(CSRFHeader)
	if got == "" || sess.CSRF == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) == 1
}

// SetSessionCookie sends the session cookie: HttpOnly, SameSite=Strict,
// Path=/, expiring with the session. secure (the request came over HTTPS)
// adds Secure and the __Host- name.
func (s *Service) SetSessionCookie(w http.ResponseWriter, sess Session, secure bool) {
	name := CookieName
	if secure {
		name = SecureCookieName
	}
	maxAge := int(sess.Expires.Sub(s.now()) / time.Second)
	if maxAge <= 0 {
		maxAge = -1 // already expired: delete
	}
	http.SetCookie(w, &http.Cookie{
		Name:     name,
		Value:    sess.ID,
		Path:     "/",
		MaxAge:   maxAge, // relative, so a wrong clock on the phone does not matter
		HttpOnly: true,
		Secure:   secure,
		SameSite: http.SameSiteStrictMode,
	})
}

// ClearSessionCookie tells the browser to delete the session cookie (both
// names). It does not end the session on the server: call Logout for that.
func (s *Service) ClearSessionCookie(w http.ResponseWriter, secure bool) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteStrictMode})
	if secure {
		http.SetCookie(w, &http.Cookie{Name: SecureCookieName, Value: "", Path: "/", MaxAge: -1,
			HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
	}
}

// randomString returns n random bytes, base64url-encoded without padding.
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand panics instead)
	return base64.RawURLEncoding.EncodeToString(b)
}

// validSecret reports whether s looks like randomString(n) made it: the
// cheap check before anything from outside reaches the database.
func validSecret(s string, n int) bool {
	if len(s) != base64.RawURLEncoding.EncodedLen(n) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// hashHex is how sessions and viewer tokens are stored: a lookup by the
// hash leaks nothing useful through timing, and a copy of the database
// holds no usable secret.
func hashHex(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}
