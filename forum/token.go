package forum

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// TokenKind tells a browser session from an API token.
type TokenKind string

// The kinds of token.
const (
	TokenSession TokenKind = "session"
	TokenAPI     TokenKind = "api"
	// TokenMFA is the short step between a right password and a right
	// second factor; it lets the holder do nothing but finish logging in.
	TokenMFA TokenKind = "mfa"
)

// Lifetimes of tokens: a session ends after a month without use or two
// months in all (Discourse keeps 60 days); an API token lasts a year.
const (
	SessionIdle     = 30 * 24 * time.Hour
	SessionAbsolute = 60 * 24 * time.Hour
	APITokenLife    = 365 * 24 * time.Hour
	MFATokenLife    = 10 * time.Minute
)

// Token is a stored session or API token. Only its hash is stored, so a
// copy of the database does not let anyone log in.
type Token struct {
	Hash       []byte
	UserID     int64
	Kind       TokenKind
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
}

// newSecret returns a random token for the client and the hash to store.
func newSecret() (string, []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails: crypto/rand panics rather than return an error
	s := base64.RawURLEncoding.EncodeToString(b)
	return s, HashToken(s)
}

// HashToken is the stored form of a token.
func HashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}
