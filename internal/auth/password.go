package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
)

// Password rules (ValidatePassword).
const (
	MinPasswordLen = 4   // characters; a PIN needs at least 4 digits
	MaxPasswordLen = 256 // bytes
)

// argon2id parameters: OWASP's recommended minimum (19 MiB, 2 passes, one
// lane). The kiosk is a small machine; hashSlots bounds the memory that
// concurrent logins can take.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024 // KiB
	argonThreads = 1
	argonKeyLen  = 32
	argonSaltLen = 16
)

// hashSlots bounds concurrent argon2 computations (4 × 19 MiB at most for
// the default parameters), so a burst of logins cannot exhaust memory.
var hashSlots = make(chan struct{}, 4)

// ValidatePassword reports whether password may be set as a new password:
// valid UTF-8 without control characters, at least MinPasswordLen
// characters and at most MaxPasswordLen bytes. A PIN of four or more digits
// passes.
func ValidatePassword(password string) error {
	switch {
	case password == "":
		return fmt.Errorf("%w: it is empty", ErrInvalidPassword)
	case !utf8.ValidString(password):
		return fmt.Errorf("%w: it is not valid UTF-8", ErrInvalidPassword)
	case len(password) > MaxPasswordLen:
		return fmt.Errorf("%w: it is longer than %d bytes", ErrInvalidPassword, MaxPasswordLen)
	case utf8.RuneCountInString(password) < MinPasswordLen:
		return fmt.Errorf("%w: it needs at least %d characters (a PIN at least %d digits)", ErrInvalidPassword, MinPasswordLen, MinPasswordLen)
	case strings.IndexFunc(password, unicode.IsControl) >= 0:
		return fmt.Errorf("%w: it contains control characters", ErrInvalidPassword)
	}
	return nil
}

// HashPassword validates password and returns its argon2id hash as a PHC
// string ($argon2id$v=19$m=…,t=…,p=…$salt$key) with a random salt.
func HashPassword(password string) (string, error) {
	if err := ValidatePassword(password); err != nil {
		return "", err
	}
	salt := make([]byte, argonSaltLen)
	rand.Read(salt) // never fails (crypto/rand panics instead)
	p := argonParams{time: argonTime, memory: argonMemory, threads: argonThreads, salt: salt}
	key := p.derive(password, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash, an argon2id PHC
// string or a bcrypt hash. The keys are compared in constant time. The error
// is non-nil only when hash itself is malformed.
func CheckPassword(hash, password string) (bool, error) {
	if strings.HasPrefix(hash, "$2") {
		cost, err := bcrypt.Cost([]byte(hash))
		if err != nil {
			return false, fmt.Errorf("auth: bad bcrypt hash: %w", err)
		}
		if cost > maxBcryptCost {
			return false, fmt.Errorf("auth: bad bcrypt hash: cost %d is above %d", cost, maxBcryptCost)
		}
		err = bcrypt.CompareHashAndPassword([]byte(hash), []byte(password))
		if errors.Is(err, bcrypt.ErrMismatchedHashAndPassword) {
			return false, nil
		}
		if err != nil {
			return false, fmt.Errorf("auth: bad bcrypt hash: %w", err)
		}
		return true, nil
	}
	p, key, err := parseArgon2id(hash)
	if err != nil {
		return false, err
	}
	got := p.derive(password, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

type argonParams struct {
	time, memory uint32
	threads      uint8
	salt         []byte
}

func (p argonParams) derive(password string, keyLen uint32) []byte {
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	return argon2.IDKey([]byte(password), p.salt, p.time, p.memory, p.threads, keyLen)
}

// Bounds on the parameters a stored hash may ask for, so that a damaged or
// hostile row cannot make one login take gigabytes or minutes.
const (
	maxArgonMemory  = 256 * 1024 // KiB
	maxArgonTime    = 16
	maxArgonThreads = 16
	maxBcryptCost   = 14 // about a second on a small machine
)

// parseArgon2id reads a PHC string written by HashPassword (or by another
// argon2id implementation with parameters inside the bounds above).
func parseArgon2id(s string) (argonParams, []byte, error) {
	bad := func(why string) (argonParams, []byte, error) {
		return argonParams{}, nil, fmt.Errorf("auth: bad argon2id hash: %s", why)
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return bad("not a $argon2id$ PHC string")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return bad("unsupported version")
	}
	var p argonParams
	seen := map[string]bool{}
	for kv := range strings.SplitSeq(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || seen[k] {
			return bad("parameters")
		}
		seen[k] = true
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n == 0 {
			return bad("parameter " + k)
		}
		switch {
		case k == "m" && n <= maxArgonMemory:
			p.memory = uint32(n)
		case k == "t" && n <= maxArgonTime:
			p.time = uint32(n)
		case k == "p" && n <= maxArgonThreads:
			p.threads = uint8(n)
		default:
			return bad("parameter " + k)
		}
	}
	if p.memory == 0 || p.time == 0 || p.threads == 0 {
		return bad("missing parameters")
	}
	if p.memory < 8*uint32(p.threads) {
		return bad("memory below 8×threads KiB")
	}
	salt, err := base64.RawStdEncoding.Strict().DecodeString(parts[4])
	if err != nil || len(salt) < 8 || len(salt) > 64 {
		return bad("salt")
	}
	key, err := base64.RawStdEncoding.Strict().DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return bad("key")
	}
	p.salt = salt
	return p, key, nil
}

// dummyHash is checked against when the user does not exist, so that a
// login for an unknown name takes as long as one with a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(rand.Text())
	if err != nil {
		panic(err) // rand.Text always passes ValidatePassword
	}
	return h
})

// NormalizeUserName returns the name as stored: trimmed and lower-case. A
// name is 1 to 32 characters of a–z, 0–9, '.', '_' and '-', starting with a
// letter or a digit; anything else is an error wrapping ErrInvalidUserName.
func NormalizeUserName(name string) (string, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	if n == "" || len(n) > 32 {
		return "", fmt.Errorf("%w %q: it must be 1 to 32 characters", ErrInvalidUserName, name)
	}
	for i, c := range []byte(n) {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return "", fmt.Errorf("%w %q: use letters a–z, digits, '.', '_' or '-', starting with a letter or digit", ErrInvalidUserName, name)
		}
	}
	return n, nil
}
