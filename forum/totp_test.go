package forum

import (
	"encoding/base32"
	"testing"
	"time"
)

// RFC 6238 appendix B, SHA-1 column, cut to six digits.
func TestTOTPCodeRFC6238(t *testing.T) {
	secret := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte("12345678901234567890"))
	for _, tt := range []struct {
		unix int64
		want string
	}{
		{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"},
		{1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
	} {
		got, err := TOTPCode(secret, time.Unix(tt.unix, 0))
		if err != nil || got != tt.want {
			t.Errorf("T=%d: got %q %v, want %q", tt.unix, got, err, tt.want)
		}
	}
}

func TestMatchTOTP(t *testing.T) {
	secret := NewTOTPSecret()
	now := time.Unix(1_800_000_000, 0)
	step := now.Unix() / 30
	code := func(t0 time.Time) string { c, _ := TOTPCode(secret, t0); return c }
	if got := matchTOTP(secret, code(now), now, 0); got != step {
		t.Fatalf("current code: step %d, want %d", got, step)
	}
	if got := matchTOTP(secret, code(now.Add(-30*time.Second)), now, 0); got != step-1 {
		t.Errorf("previous step not accepted: %d", got)
	}
	if got := matchTOTP(secret, code(now.Add(-90*time.Second)), now, 0); got != 0 {
		t.Errorf("a code three steps old was accepted")
	}
	if got := matchTOTP(secret, code(now), now, step); got != 0 {
		t.Errorf("a used step was accepted again")
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if matchTOTP(secret, bad, now, 0) != 0 {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, hashes := newRecoveryCodes(RecoveryCodeCount)
	if len(codes) != RecoveryCodeCount || len(hashes) != RecoveryCodeCount {
		t.Fatal("wrong count")
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if len(c) != 11 || c[5] != '-' || seen[c] {
			t.Errorf("bad or repeated code %q", c)
		}
		seen[c] = true
		if string(HashToken(normalizeRecoveryCode(" "+c[:5]+" "+c[6:]+" "))) != string(hashes[i]) {
			t.Errorf("normalised %q does not match its hash", c)
		}
	}
}
