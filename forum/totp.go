package forum

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1" // #nosec G505 -- RFC 6238 TOTP is HMAC-SHA1; every authenticator app expects it
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Time-based one-time passwords (RFC 6238) as every authenticator app
// speaks them: HMAC-SHA1, six digits, 30-second steps.
const (
	totpPeriod = 30 * time.Second
	totpDigits = 6
	// totpSkew accepts the step before and after the current one, for
	// phones whose clocks drift and people who type slowly.
	totpSkew = 1
)

var base32NoPad = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a random 160-bit secret in base32, the form apps
// accept when typed by hand.
func NewTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return base32NoPad.EncodeToString(b)
}

// TOTPCode returns the code for secret at time t.
func TOTPCode(secret string, t time.Time) (string, error) {
	key, err := base32NoPad.DecodeString(strings.ToUpper(secret))
	if err != nil {
		return "", err
	}
	return totpAt(key, t.Unix()/int64(totpPeriod.Seconds())), nil
}

func totpAt(key []byte, step int64) string {
	mac := hmac.New(sha1.New, key)
	_ = binary.Write(mac, binary.BigEndian, step)
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	n := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", n%1_000_000)
}

// matchTOTP returns the step whose code equals code, within the allowed
// skew and later than lastStep (a code is good once), or 0.
func matchTOTP(secret, code string, now time.Time, lastStep int64) int64 {
	if len(code) != totpDigits {
		return 0
	}
	key, err := base32NoPad.DecodeString(secret)
	if err != nil {
		return 0
	}
	current := now.Unix() / int64(totpPeriod.Seconds())
	for step := current - totpSkew; step <= current+totpSkew; step++ {
		if step > lastStep && subtle.ConstantTimeCompare([]byte(totpAt(key, step)), []byte(code)) == 1 {
			return step
		}
	}
	return 0
}

// TOTPURI is the otpauth:// address an authenticator app reads from a QR
// code.
func TOTPURI(issuer, account, secret string) string {
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	q := url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"},
		"digits": {fmt.Sprint(totpDigits)}, "period": {fmt.Sprint(int(totpPeriod.Seconds()))}}
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// newRecoveryCodes returns n codes of the form "abcde-fghij" (50 bits each)
// and their hashes.
func newRecoveryCodes(n int) (codes []string, hashes [][]byte) {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789" // no 0/o, 1/l/i
	for range n {
		b := make([]byte, 0, 10)
		var r [1]byte
		for len(b) < 10 {
			_, _ = rand.Read(r[:])
			if int(r[0]) < 256/len(alphabet)*len(alphabet) { // no modulo bias
				b = append(b, alphabet[int(r[0])%len(alphabet)])
			}
		}
		code := string(b[:5]) + "-" + string(b[5:])
		codes = append(codes, code)
		hashes = append(hashes, HashToken(normalizeRecoveryCode(code)))
	}
	return codes, hashes
}

// normalizeRecoveryCode forgives case, spaces and dashes.
func normalizeRecoveryCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}
