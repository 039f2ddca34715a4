package forum

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// TwoFactorState is an account's second factor as stored.
type TwoFactorState struct {
	Secret       string // the active TOTP secret, "" when off
	Pending      string // a secret shown to the person, not yet confirmed
	Enabled      bool
	LastStep     int64 // the last TOTP step accepted
	RecoveryLeft int   // unused recovery codes
}

// RecoveryCodeCount is how many recovery codes an account gets.
const RecoveryCodeCount = 10

// Second-factor attempts are limited like logins: a six-digit code must not
// be guessable by trying.
const (
	mfaPerAccount = 5
	mfaWindow     = 5 * time.Minute
)

// NeedsTwoFactor reports whether u must set up two-factor authentication
// before doing anything else: moderators, staff and admins can change what
// customers read, so a stolen password alone must not be enough.
func NeedsTwoFactor(u *User) bool {
	return u != nil && u.Role >= RoleModerator && !u.TwoFactor
}

// TwoFactorSetup is what the settings page shows while a person adds an
// authenticator app.
type TwoFactorSetup struct {
	Secret string
	URI    string // otpauth:// for the QR code
}

// TwoFactor returns u's second-factor state, and, when it is off, a pending
// secret to set up (kept across page loads, so a scanned code stays good).
func (s *Service) TwoFactor(ctx context.Context, u *User, issuer string) (*TwoFactorState, *TwoFactorSetup, error) {
	st, err := s.store.TwoFactor(ctx, u.ID)
	if err != nil || st.Enabled {
		return st, nil, err
	}
	if st.Pending == "" {
		st.Pending = NewTOTPSecret()
		if err := s.store.SetTOTPPending(ctx, u.ID, st.Pending); err != nil {
			return nil, nil, err
		}
	}
	return st, &TwoFactorSetup{Secret: st.Pending, URI: TOTPURI(issuer, u.Username, st.Pending)}, nil
}

// EnableTwoFactor confirms the pending secret with a code from the app and
// returns the recovery codes, which are shown this once.
func (s *Service) EnableTwoFactor(ctx context.Context, u *User, code string) ([]string, error) {
	if err := s.limit(ctx, "mfa:user:"+strconv.FormatInt(u.ID, 10), mfaPerAccount, mfaWindow); err != nil {
		return nil, err
	}
	st, err := s.store.TwoFactor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if st.Enabled {
		return nil, E(Conflict, "error.two_factor_on")
	}
	step := matchTOTP(st.Pending, normalizeDigits(code), s.now(), 0)
	if st.Pending == "" || step == 0 {
		return nil, FieldError("code", "error.two_factor_code")
	}
	codes, hashes := newRecoveryCodes(RecoveryCodeCount)
	if err := s.store.EnableTOTP(ctx, u.ID, step, hashes, s.now()); err != nil {
		return nil, err
	}
	u.TwoFactor = true
	return codes, nil
}

// DisableTwoFactor turns the second factor off after checking the password.
// Roles that require it cannot turn it off.
func (s *Service) DisableTwoFactor(ctx context.Context, u *User, password string) error {
	if u.Role >= RoleModerator {
		return E(Forbidden, "error.two_factor_required")
	}
	if err := s.checkPassword(ctx, u, password); err != nil {
		return err
	}
	if err := s.store.DisableTOTP(ctx, u.ID); err != nil {
		return err
	}
	u.TwoFactor = false
	return nil
}

// ResetTwoFactor turns an account's second factor off and ends its
// sessions; for the operator's command, when someone lost both the phone and
// the recovery codes. Roles that require it must set it up again.
func (s *Service) ResetTwoFactor(ctx context.Context, username string) error {
	u, err := s.store.UserByUsername(ctx, username)
	if err != nil {
		return err
	}
	if err := s.store.DisableTOTP(ctx, u.ID); err != nil {
		return err
	}
	return s.store.DeleteUserTokens(ctx, u.ID)
}

// NewRecoveryCodes replaces u's recovery codes, after a code from the app.
func (s *Service) NewRecoveryCodes(ctx context.Context, u *User, code string) ([]string, error) {
	if err := s.VerifySecondFactor(ctx, u, code); err != nil {
		return nil, err
	}
	codes, hashes := newRecoveryCodes(RecoveryCodeCount)
	return codes, s.store.ReplaceRecoveryCodes(ctx, u.ID, hashes)
}

// VerifySecondFactor checks a code from the app, or a recovery code, which
// is then used up. Attempts are rate-limited per account.
func (s *Service) VerifySecondFactor(ctx context.Context, u *User, code string) error {
	if err := s.limit(ctx, "mfa:user:"+strconv.FormatInt(u.ID, 10), mfaPerAccount, mfaWindow); err != nil {
		return err
	}
	st, err := s.store.TwoFactor(ctx, u.ID)
	if err != nil {
		return err
	}
	if !st.Enabled {
		return nil
	}
	bad := FieldError("code", "error.two_factor_code")
	if digits := normalizeDigits(code); len(digits) == totpDigits {
		step := matchTOTP(st.Secret, digits, s.now(), st.LastStep)
		if step == 0 {
			return bad
		}
		ok, err := s.store.UseTOTPStep(ctx, u.ID, step)
		if err != nil {
			return err
		}
		if !ok {
			return bad // the same code, used a moment ago
		}
		return nil
	}
	rc := normalizeRecoveryCode(code)
	if len(rc) != 10 {
		return bad
	}
	ok, err := s.store.UseRecoveryCode(ctx, u.ID, HashToken(rc), s.now())
	if err != nil {
		return err
	}
	if !ok {
		return bad
	}
	return nil
}

// CompleteLogin finishes a login that waits for its second factor: mfaToken
// is the secret from the password step.
func (s *Service) CompleteLogin(ctx context.Context, mfaToken, code string) (*User, error) {
	u, err := s.SessionUser(ctx, mfaToken, TokenMFA)
	if err != nil {
		return nil, E(Unauthenticated, "error.two_factor_expired")
	}
	if err := s.VerifySecondFactor(ctx, u, code); err != nil {
		return nil, err
	}
	if err := s.EndSession(ctx, mfaToken); err != nil {
		return nil, err
	}
	return u, nil
}

// checkPassword confirms a signed-in person's password before a sensitive
// change, with the login limits.
func (s *Service) checkPassword(ctx context.Context, u *User, password string) error {
	if err := s.limit(ctx, "login:user:"+strings.ToLower(u.Username), loginPerAccount, loginWindow); err != nil {
		return err
	}
	full, err := s.store.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	ok, _, err := s.hasher.Verify(full.PasswordHash, password)
	if err != nil {
		return Internalf("verify password of %d: %w", u.ID, err)
	}
	if !ok {
		return FieldError("password", "error.password_wrong")
	}
	return nil
}

// normalizeDigits drops the spaces people type in "123 456".
func normalizeDigits(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			out = append(out, c)
		case c == ' ' || c == '-':
		default:
			return s
		}
	}
	return string(out)
}
