package auth

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// viewerTokenBytes is the viewer token's entropy: 128 bits, 22 characters
// in the URL, which keeps the QR code small enough to scan from across a
// classroom.
const viewerTokenBytes = 16

// NewViewerToken creates a read-only token for the visit, valid for ttl
// (DefaultViewerTokenTTL, or Options.ViewerTokenTTL, when ttl <= 0). The
// token is URL-safe; only its hash is stored, so it can be shown now and
// never again. createdBy is the operator's user name, for the list.
// An unknown visit is an error wrapping circulation.ErrUnknownVisit.
func (s *Service) NewViewerToken(ctx context.Context, visitID int64, createdBy string, ttl time.Duration) (token string, expires time.Time, err error) {
	if ttl <= 0 {
		ttl = s.opts.ViewerTokenTTL
	}
	now := unixTime(s.now())
	token = randomString(viewerTokenBytes)
	t := ViewerToken{
		ID:        hashHex(token),
		VisitID:   visitID,
		CreatedBy: createdBy,
		Created:   now,
		Expires:   now.Add(ttl),
	}
	if err := s.store.CreateViewerToken(ctx, t); err != nil {
		return "", time.Time{}, fmt.Errorf("auth: unable to create viewer token: %w", err)
	}
	return token, t.Expires, nil
}

// CheckViewerToken returns nil when token opens visitID now, and an error
// wrapping ErrTokenInvalid when it is unknown, revoked, expired or for
// another visit. Other errors come from the store.
func (s *Service) CheckViewerToken(ctx context.Context, token string, visitID int64) error {
	t, err := s.ViewerToken(ctx, token)
	if err != nil {
		return err
	}
	if t.VisitID != visitID {
		return ErrTokenInvalid
	}
	return nil
}

// ViewerToken returns the active token's record (its VisitID says which
// visit it opens), or an error wrapping ErrTokenInvalid.
func (s *Service) ViewerToken(ctx context.Context, token string) (ViewerToken, error) {
	if !validSecret(token, viewerTokenBytes) {
		return ViewerToken{}, ErrTokenInvalid
	}
	t, err := s.store.ViewerTokenByHash(ctx, hashHex(token))
	if errors.Is(err, ErrNotFound) {
		return ViewerToken{}, ErrTokenInvalid
	}
	if err != nil {
		return ViewerToken{}, fmt.Errorf("auth: unable to read viewer token: %w", err)
	}
	if !t.Active(s.now()) {
		return ViewerToken{}, ErrTokenInvalid
	}
	return t, nil
}

// RevokeViewerToken ends a token of the visit at once. tokenOrID is the
// token itself or its ID from ViewerTokens (both name the same token; the
// ID cannot open anything). Revoking twice is no error; a token that is
// not the visit's is an error wrapping ErrNotFound.
func (s *Service) RevokeViewerToken(ctx context.Context, visitID int64, tokenOrID string) error {
	var hash string
	switch {
	case isHashHex(tokenOrID):
		hash = tokenOrID
	case validSecret(tokenOrID, viewerTokenBytes):
		hash = hashHex(tokenOrID)
	default:
		return fmt.Errorf("auth: viewer token: %w", ErrNotFound)
	}
	if err := s.store.RevokeViewerToken(ctx, visitID, hash, unixTime(s.now())); err != nil {
		return fmt.Errorf("auth: unable to revoke viewer token: %w", err)
	}
	return nil
}

// ViewerTokens lists the visit's tokens, newest first, including revoked
// and expired ones (ViewerToken.Active tells them apart).
func (s *Service) ViewerTokens(ctx context.Context, visitID int64) ([]ViewerToken, error) {
	ts, err := s.store.VisitViewerTokens(ctx, visitID)
	if err != nil {
		return nil, fmt.Errorf("auth: unable to list viewer tokens: %w", err)
	}
	return ts, nil
}

// isHashHex reports whether s is a lower-case hex SHA-256 (a token's ID).
func isHashHex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
