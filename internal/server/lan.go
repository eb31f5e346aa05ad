package server

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"anterkoper/internal/auth"
	"anterkoper/internal/barcode"
)

// LAN configures LAN mode: operators log in, state-changing requests need
// the session's CSRF token, and the school's phones open one visit's viewer
// with a revocable token.
type LAN struct {
	Auth *auth.Service
	// TLS: the server is served over HTTPS (cookies get Secure).
	TLS bool
	// Fingerprint of the HTTPS certificate, shown on the operator page.
	Fingerprint string
	// BaseURL is where phones reach the kiosk (scheme://host:port); empty
	// means the Host the operator's browser used.
	BaseURL string
}

type ctxKey int

const sessionKey ctxKey = 1

// sessionFrom returns the logged-in session a guarded request carries.
func sessionFrom(ctx context.Context) (auth.Session, bool) {
	s, ok := ctx.Value(sessionKey).(auth.Session)
	return s, ok
}

// viewerRoute matches the routes a viewer token may open: reading its
// visit, and (POST) the school's signature.
var viewerRoute = regexp.MustCompile(`^/api/visits/([0-9]+)(/tally|/ws|/summary|/signoff|/receipt\.pdf)?$`)

// guard enforces LAN mode's rules before any route runs:
//   - the pages, their assets, /healthz, GET /api/session and POST
//     /api/login are open to all;
//   - GET of a visit, its tally and its WebSocket is open to a viewer token
//     of that visit (?token=…), read-only;
//   - everything else under /api/ needs a session (401 without), and a
//     request that changes anything also its CSRF token (403 without).
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if !strings.HasPrefix(p, "/api/") || (r.Method == http.MethodPost && p == "/api/login") ||
			(r.Method == http.MethodGet && p == "/api/session") {
			next.ServeHTTP(w, r)
			return
		}
		sess, ok := s.opts.LAN.Auth.Session(r.Context(), r)
		if !ok {
			tok := r.URL.Query().Get("token")
			m := viewerRoute.FindStringSubmatch(p)
			sign := r.Method == http.MethodPost && m != nil && m[2] == "/signoff"
			if tok != "" && (r.Method == http.MethodGet || sign) {
				visit, _ := strconv.ParseInt(m2(m), 10, 64)
				if m == nil || s.opts.LAN.Auth.CheckViewerToken(r.Context(), tok, visit) != nil {
					writeError(w, http.StatusForbidden, "this viewer link is not valid here (expired, revoked, or for another visit)")
					return
				}
				// The token is the school's: it may sign for the school,
				// nothing else that changes anything.
				next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), viewerKey, true)))
				return
			}
			writeError(w, http.StatusUnauthorized, "login required")
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if !auth.CheckCSRF(r, sess) {
				writeError(w, http.StatusForbidden, "missing or wrong CSRF token (X-CSRF-Token)")
				return
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), sessionKey, sess)))
	})
}

func m2(m []string) string {
	if len(m) < 2 {
		return ""
	}
	return m[1]
}

// sessionView tells the pages who is logged in and how the kiosk is served.
type sessionView struct {
	LAN         bool    `json:"lan"`
	User        *string `json:"user"`
	Role        *string `json:"role"`
	CSRF        *string `json:"csrf"`
	TLS         bool    `json:"tls"`
	Fingerprint string  `json:"tls_fingerprint"`
}

func (s *Server) getSession(w http.ResponseWriter, r *http.Request) {
	lan := s.opts.LAN
	if lan == nil {
		user, role := "local", string(auth.RoleOperator)
		out := sessionView{User: &user, Role: &role}
		if s.opts.Auth != nil {
			if sess, ok := s.opts.Auth.Session(r.Context(), r); ok {
				role := string(sess.Role)
				out.User, out.Role, out.CSRF = &sess.User, &role, &sess.CSRF
			}
		}
		writeJSON(w, http.StatusOK, out)
		return
	}
	out := sessionView{LAN: true, TLS: lan.TLS, Fingerprint: lan.Fingerprint}
	if sess, ok := lan.Auth.Session(r.Context(), r); ok {
		role := string(sess.Role)
		out.User, out.Role, out.CSRF = &sess.User, &role, &sess.CSRF
	}
	writeJSON(w, http.StatusOK, out)
}

// login signs a user in. In LAN mode every operator does; without it, a
// coordinator or head of division does for the steps only they may take.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	a := s.opts.Auth
	if a == nil {
		writeError(w, http.StatusNotFound, "this kiosk has no accounts (start it with its data folder to use them)")
		return
	}
	secure := s.opts.LAN != nil && s.opts.LAN.TLS
	req, err := auth.ParseLoginRequest(r.Header.Get("Content-Type"), r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	sess, err := a.Login(r.Context(), req.User, req.Password, r.RemoteAddr)
	var limited *auth.RateLimitError
	switch {
	case errors.As(err, &limited):
		w.Header().Set("Retry-After", strconv.Itoa(int(limited.RetryAfter/time.Second)+1))
		writeError(w, http.StatusTooManyRequests, "too many failed logins from this address; try again later")
		return
	case errors.Is(err, auth.ErrBadLogin):
		s.log.Warn("Login failed", "remote", r.RemoteAddr) // not the name: it may be a mistyped password
		writeError(w, http.StatusUnauthorized, "wrong user name or password")
		return
	case err != nil:
		s.writeEngineError(w, err)
		return
	}
	a.SetSessionCookie(w, sess, secure)
	s.log.Info("Logged in", "user", sess.User, "role", sess.Role, "remote", r.RemoteAddr)
	writeJSON(w, http.StatusOK, map[string]string{"csrf": sess.CSRF, "user": sess.User, "role": string(sess.Role)})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	a := s.opts.Auth
	if a == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if sess, ok := sessionFrom(r.Context()); ok {
		if err := a.Logout(r.Context(), sess.ID); err != nil {
			s.writeEngineError(w, err)
			return
		}
	}
	a.ClearSessionCookie(w, s.opts.LAN != nil && s.opts.LAN.TLS)
	w.WriteHeader(http.StatusNoContent)
}

// viewerTokenView is a new pairing link for the school's phone.
type viewerTokenView struct {
	Token   string    `json:"token"`
	URL     string    `json:"url"`
	QR      string    `json:"qr"` // data: URL of a PNG
	Expires time.Time `json:"expires_at"`
}

func (s *Server) createViewerToken(w http.ResponseWriter, r *http.Request) {
	lan := s.opts.LAN
	if lan == nil {
		writeError(w, http.StatusConflict, "viewer links are for LAN mode (--lan); locally, open /viewer?visit=ID")
		return
	}
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	sess, _ := sessionFrom(r.Context())
	tok, exp, err := lan.Auth.NewViewerToken(r.Context(), v.ID, sess.User, 0)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	base := lan.BaseURL
	if base == "" {
		scheme := "http"
		if lan.TLS {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	link := fmt.Sprintf("%s/viewer?visit=%d&token=%s", strings.TrimSuffix(base, "/"), v.ID, url.QueryEscape(tok))
	png, err := barcode.QRPNG(link, 360)
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.log.Info("Viewer link made", "visit", v.ID, "by", sess.User, "expires", exp)
	writeJSON(w, http.StatusCreated, viewerTokenView{Token: tok, URL: link, Expires: exp,
		QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)})
}

func (s *Server) revokeViewerToken(w http.ResponseWriter, r *http.Request) {
	lan := s.opts.LAN
	if lan == nil {
		writeError(w, http.StatusConflict, "viewer links are for LAN mode (--lan)")
		return
	}
	v, ok := s.visit(w, r)
	if !ok {
		return
	}
	err := lan.Auth.RevokeViewerToken(r.Context(), v.ID, r.PathValue("token"))
	if errors.Is(err, auth.ErrNotFound) || errors.Is(err, auth.ErrTokenInvalid) {
		writeError(w, http.StatusNotFound, "no such viewer link for this visit")
		return
	}
	if err != nil {
		s.writeEngineError(w, err)
		return
	}
	s.tokenConns.closeAll(tokenID(r.PathValue("token")))
	s.log.Info("Viewer link revoked", "visit", v.ID)
	w.WriteHeader(http.StatusNoContent)
}

// IsLoopback reports whether a listen address stays on this machine
// ("127.0.0.1:8080", "[::1]:80", "localhost:8080"). An empty host means
// every interface: not loopback.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// tokenID is the id of a viewer token: the hex SHA-256 the auth package
// stores and lists. Given an id already, it returns it.
func tokenID(tokenOrID string) string {
	if len(tokenOrID) == 64 && strings.Trim(strings.ToLower(tokenOrID), "0123456789abcdef") == "" {
		return strings.ToLower(tokenOrID)
	}
	sum := sha256.Sum256([]byte(tokenOrID))
	return hex.EncodeToString(sum[:])
}

// tokenConns are the WebSocket clients opened with each viewer link, so
// that revoking the link closes them at once.
type tokenConns struct {
	mu   sync.Mutex
	next int
	m    map[string]map[int]context.CancelFunc
}

func (tc *tokenConns) add(id string, cancel context.CancelFunc) (release func()) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.m == nil {
		tc.m = map[string]map[int]context.CancelFunc{}
	}
	if tc.m[id] == nil {
		tc.m[id] = map[int]context.CancelFunc{}
	}
	tc.next++
	n := tc.next
	tc.m[id][n] = cancel
	return func() {
		tc.mu.Lock()
		defer tc.mu.Unlock()
		delete(tc.m[id], n)
		if len(tc.m[id]) == 0 {
			delete(tc.m, id)
		}
	}
}

func (tc *tokenConns) closeAll(id string) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	for _, cancel := range tc.m[id] {
		cancel()
	}
}
