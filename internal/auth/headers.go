package auth

import (
	"net/http"
	"strings"
)

// ContentSecurityPolicy allows only the kiosk's own scripts, styles and
// connections: no inline script, no framing, nothing from elsewhere (the
// kiosk is offline anyway). Images and media may also be data: or blob:
// URLs, for barcodes drawn in the page and the phone camera's stream.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data: blob:; connect-src 'self'; media-src 'self' blob:; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// SecurityHeaders sets the security headers on every response of next:
// the CSP above, X-Frame-Options DENY, X-Content-Type-Options nosniff,
// Referrer-Policy no-referrer (a viewer URL carries its token and must not
// leak), and Cache-Control no-store under /api/.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", ContentSecurityPolicy)
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasPrefix(r.URL.Path, "/api/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}
