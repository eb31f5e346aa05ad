// Package auth is the kiosk's LAN mode security: operator logins and
// sessions, CSRF tokens, read-only viewer links for the school's staff, a
// rate limit on failed logins, security headers and the self-signed HTTPS
// certificate. It holds the rules; a Store (*store.DB) keeps the records and
// the server wires the pieces to its routes.
//
// Guarantees:
//
//   - No secret is stored in the clear. Passwords are argon2id hashes (bcrypt
//     hashes are accepted too); session ids and viewer tokens are stored as
//     their SHA-256, so a copy of the database opens nothing. A password or
//     token never appears in an error message.
//   - Session ids (256 bits), CSRF tokens (256 bits) and viewer tokens (128
//     bits) come from crypto/rand and are URL-safe base64. Secrets are
//     compared in constant time, or looked up by their hash.
//   - A session lasts Options.SessionTTL (12 hours) from login, not
//     extended by use. Logout, a password change and disabling the user end
//     it on the server at once: the cookie opens nothing afterwards. A role
//     change takes effect on the next request.
//   - A viewer token opens exactly one visit, read-only, until it expires
//     (12 hours by default) or is revoked, whichever comes first.
//   - Login refuses an address, without checking the password, once it has
//     MaxFailures (10) failed logins within the last FailureWindow (5
//     minutes); attempts in flight count, so parallel requests cannot exceed
//     the limit. The window slides: an attempt is allowed again as soon as
//     the oldest counted failure is FailureWindow old. A successful login
//     neither resets nor affects any address's count. The limiter lives in
//     memory (a restart forgets it) and remembers at most MaxAddrs
//     addresses. It trusts the connection's address, not X-Forwarded-For.
//   - A login takes about the time of one password check whether or not the
//     user exists, and at most four password checks run at once, bounding
//     argon2id's memory (19 MiB each).
//   - Every exported function and method is safe for concurrent use.
package auth
