package auth

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Errors a caller branches on.
var (
	// ErrBadLogin means the user name or the password was wrong, or the
	// user is disabled. Which one is deliberately not said.
	ErrBadLogin = errors.New("auth: wrong user name or password")
	// ErrRateLimited means too many failed logins came from the address
	// recently; Login returns it as a *RateLimitError.
	ErrRateLimited = errors.New("auth: too many failed logins; try again later")
	// ErrTokenInvalid means a viewer token is unknown, revoked, expired or
	// belongs to another visit.
	ErrTokenInvalid = errors.New("auth: viewer link is invalid or has expired")
	// ErrNotFound is returned by a Store when the record does not exist.
	ErrNotFound = errors.New("auth: not found")
	// ErrUserExists is returned by a Store when a user of that name exists.
	ErrUserExists = errors.New("auth: user already exists")
	// ErrInvalidUserName means a name breaks the rules of NormalizeUserName.
	ErrInvalidUserName = errors.New("auth: invalid user name")
	// ErrInvalidPassword means a new password breaks the rules of
	// ValidatePassword.
	ErrInvalidPassword = errors.New("auth: invalid password")
	// ErrInvalidRole means a role is not one of the four roles.
	ErrInvalidRole = errors.New("auth: invalid role")
	// ErrMalformedLogin means a login request body could not be read.
	ErrMalformedLogin = errors.New("auth: malformed login request")
)

// RateLimitError is the error Login returns while an address is blocked.
type RateLimitError struct {
	// RetryAfter is how long until the address may try again.
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("%v (in %s)", ErrRateLimited, e.RetryAfter.Round(time.Second))
}

func (e *RateLimitError) Unwrap() error { return ErrRateLimited }

// Role is what a user may do. A later issue gives each role its rights.
type Role string

const (
	RoleOperator    Role = "operator"    // petugas teknis
	RoleCoordinator Role = "coordinator" // koordinator
	RoleHead        Role = "head"        // kepala bidang
	RoleAdmin       Role = "admin"
)

// Roles lists every role, least privileged first.
func Roles() []Role { return []Role{RoleOperator, RoleCoordinator, RoleHead, RoleAdmin} }

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool {
	switch r {
	case RoleOperator, RoleCoordinator, RoleHead, RoleAdmin:
		return true
	}
	return false
}

// ParseRole returns the role spelled s, or an error wrapping ErrInvalidRole.
func ParseRole(s string) (Role, error) {
	if r := Role(s); r.Valid() {
		return r, nil
	}
	return "", fmt.Errorf("%w %q: expected operator, coordinator, head or admin", ErrInvalidRole, s)
}

// User is an operator account.
type User struct {
	Name     string    `json:"name"`
	Role     Role      `json:"role"`
	Hash     string    `json:"-"` // argon2id PHC string or bcrypt hash
	Created  time.Time `json:"created_at"`
	Disabled bool      `json:"disabled"`
}

// Session is a logged-in user as the server sees it.
type Session struct {
	// ID is the cookie value. It is a secret: it is never stored, logged or
	// sent anywhere but in the cookie.
	ID      string    `json:"-"`
	User    string    `json:"user"`
	Role    Role      `json:"role"`
	CSRF    string    `json:"csrf"`
	Created time.Time `json:"created_at"`
	Expires time.Time `json:"expires_at"`
}

// SessionRecord is a session as a Store keeps it.
type SessionRecord struct {
	IDHash  string // hex SHA-256 of the session id
	User    string
	CSRF    string
	Created time.Time
	Expires time.Time
	Revoked bool
	// Role and UserDisabled are read from the user's current row, so a
	// role change or a disabled account takes effect at once.
	Role         Role
	UserDisabled bool
}

// ViewerToken is a read-only link to one visit, as listed for operators.
type ViewerToken struct {
	// ID is the hex SHA-256 of the token. It can be shown and used to revoke
	// the token, but it opens nothing.
	ID        string    `json:"id"`
	VisitID   int64     `json:"visit_id"`
	CreatedBy string    `json:"created_by"`
	Created   time.Time `json:"created_at"`
	Expires   time.Time `json:"expires_at"`
	Revoked   time.Time `json:"revoked_at,omitzero"` // zero while not revoked
}

// Active reports whether the token opens its visit at time now.
func (t ViewerToken) Active(now time.Time) bool {
	return t.Revoked.IsZero() && now.Before(t.Expires)
}

// Store keeps users, sessions and viewer tokens (*store.DB is one).
type Store interface {
	// User returns the user, or ErrNotFound.
	User(ctx context.Context, name string) (User, error)
	CreateSession(ctx context.Context, s SessionRecord) error
	// SessionByHash returns the session, or ErrNotFound.
	SessionByHash(ctx context.Context, idHash string) (SessionRecord, error)
	// RevokeSession marks the session revoked; an unknown one is no error.
	RevokeSession(ctx context.Context, idHash string) error
	// DeleteExpiredSessions deletes sessions expired at now or revoked.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)
	// CreateViewerToken stores t; an unknown visit is
	// circulation.ErrUnknownVisit.
	CreateViewerToken(ctx context.Context, t ViewerToken) error
	// ViewerTokenByHash returns the token, or ErrNotFound.
	ViewerTokenByHash(ctx context.Context, hash string) (ViewerToken, error)
	// RevokeViewerToken sets the token's revocation time unless it is
	// already set; ErrNotFound when the visit has no such token.
	RevokeViewerToken(ctx context.Context, visitID int64, hash string, at time.Time) error
	// VisitViewerTokens lists the visit's tokens, newest first.
	VisitViewerTokens(ctx context.Context, visitID int64) ([]ViewerToken, error)
}

// Defaults for Options.
const (
	DefaultSessionTTL     = 12 * time.Hour // a working day in the vehicle
	DefaultViewerTokenTTL = 12 * time.Hour
	DefaultMaxFailures    = 10
	DefaultFailureWindow  = 5 * time.Minute
	DefaultMaxAddrs       = 4096
)

// Options configure a Service. Zero values mean the defaults.
type Options struct {
	SessionTTL     time.Duration
	ViewerTokenTTL time.Duration
	// MaxFailures failed logins from one address within FailureWindow
	// block further attempts from it until the oldest leaves the window.
	MaxFailures   int
	FailureWindow time.Duration
	// MaxAddrs bounds how many addresses the rate limiter remembers.
	MaxAddrs int
	// Now is the clock (tests set it).
	Now func() time.Time
}

// Service logs users in and checks sessions and viewer tokens.
// It is safe for concurrent use.
type Service struct {
	store   Store
	opts    Options
	now     func() time.Time
	limiter *limiter
}

// New returns a Service over st.
func New(st Store, opts Options) *Service {
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = DefaultSessionTTL
	}
	if opts.ViewerTokenTTL <= 0 {
		opts.ViewerTokenTTL = DefaultViewerTokenTTL
	}
	if opts.MaxFailures <= 0 {
		opts.MaxFailures = DefaultMaxFailures
	}
	if opts.FailureWindow <= 0 {
		opts.FailureWindow = DefaultFailureWindow
	}
	if opts.MaxAddrs <= 0 {
		opts.MaxAddrs = DefaultMaxAddrs
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{
		store:   st,
		opts:    opts,
		now:     opts.Now,
		limiter: newLimiter(opts.MaxFailures, opts.FailureWindow, opts.MaxAddrs),
	}
}

// cleanupEvery is how often Serve deletes dead sessions.
const cleanupEvery = time.Hour

// Serve deletes expired and revoked sessions and forgets rate-limiter
// entries that left the window, once at start and then every hour, until
// ctx is done (then it returns nil). It returns the store's error if a
// cleanup fails; run it under a supervisor. Nothing depends on it for
// correctness: expired sessions are refused whether or not they are deleted.
func (s *Service) Serve(ctx context.Context) error {
	t := time.NewTicker(cleanupEvery)
	defer t.Stop()
	for {
		if err := s.Cleanup(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Cleanup does one round of Serve's work.
func (s *Service) Cleanup(ctx context.Context) error {
	now := s.now()
	s.limiter.prune(now)
	if _, err := s.store.DeleteExpiredSessions(ctx, now); err != nil {
		return fmt.Errorf("auth: unable to delete expired sessions: %w", err)
	}
	return nil
}

// unixTime drops what the store cannot keep (it stores Unix seconds), so
// that values returned at creation equal those read back later.
func unixTime(t time.Time) time.Time { return time.Unix(t.Unix(), 0).UTC() }
