package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
)

// maxLoginBody bounds a login request body.
const maxLoginBody = 4 << 10

// LoginRequest is the body of POST /api/login.
type LoginRequest struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

// ParseLoginRequest reads a login request: contentType must be
// application/json (so a cross-site HTML form, which can only send
// form or text/plain bodies, cannot log a browser in), the body one JSON
// object of at most 4 KiB with exactly the fields user and password, both
// non-empty strings. Errors wrap ErrMalformedLogin and may be shown to the
// client; they never contain the password.
func ParseLoginRequest(contentType string, body io.Reader) (LoginRequest, error) {
	bad := func(why string) (LoginRequest, error) {
		return LoginRequest{}, fmt.Errorf("%w: %s", ErrMalformedLogin, why)
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "application/json" {
		return bad("Content-Type must be application/json")
	}
	b, err := io.ReadAll(io.LimitReader(body, maxLoginBody+1))
	if err != nil {
		return bad("unable to read the body")
	}
	if len(b) > maxLoginBody {
		return bad(fmt.Sprintf("body is larger than %d bytes", maxLoginBody))
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var req LoginRequest
	if err := dec.Decode(&req); err != nil {
		// The decoder's message may quote input, which may be the password.
		return bad(`expected {"user":"…","password":"…"}`)
	}
	if dec.More() {
		return bad("more than one JSON value")
	}
	if req.User == "" || req.Password == "" {
		return bad("user and password are required")
	}
	return req, nil
}
