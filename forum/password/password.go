// Package password hashes passwords with Argon2id (the OWASP baseline:
// 19 MiB, 2 passes, 1 lane) in the PHC string format, so the parameters
// travel with each hash and can be raised later. It imports forum and
// golang.org/x/crypto.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are Argon2id's cost settings.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
	SaltLen uint32
}

// Default is the OWASP baseline for Argon2id.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32, SaltLen: 16}

// Hasher hashes and verifies passwords. It bounds how many hashes run at
// once: each takes 19 MiB, and a burst of logins must not exhaust memory.
type Hasher struct {
	params Params
	slots  chan struct{}
}

// New returns a Hasher with the given parameters that runs at most one hash
// per CPU at a time.
func New(p Params) *Hasher {
	return &Hasher{params: p, slots: make(chan struct{}, runtime.NumCPU())}
}

func (h *Hasher) key(password string, salt []byte, p Params) []byte {
	h.slots <- struct{}{}
	defer func() { <-h.slots }()
	return argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// Hash returns the PHC string of password with a fresh salt.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := h.key(password, salt, h.params)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.Memory, h.params.Time, h.params.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errFormat = errors.New("password: hash is not an argon2id PHC string")

// Verify checks password against hash. rehash is true when the hash was made
// with other parameters than the Hasher's, so the caller can store a new one.
func (h *Hasher) Verify(hash, password string) (ok, rehash bool, err error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, false, errFormat
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, false, errFormat
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return false, false, errFormat
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, false, errFormat
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false, false, errFormat
	}
	if p.Memory == 0 || p.Memory > 1<<22 || p.Time == 0 || p.Time > 16 || p.Threads == 0 {
		return false, false, errFormat
	}
	p.KeyLen = uint32(len(want)) // #nosec G115 -- a decoded hash of a few dozen bytes
	got := h.key(password, salt, p)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	rehash = p.Memory != h.params.Memory || p.Time != h.params.Time || p.Threads != h.params.Threads ||
		p.KeyLen != h.params.KeyLen || uint32(len(salt)) != h.params.SaltLen // #nosec G115 -- salt is 16 bytes
	return true, rehash, nil
}
