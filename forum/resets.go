package forum

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Password resets by mail, as Discourse and Gitea do them: a link with a
// 256-bit secret (only its SHA-256 is stored), valid for an hour, spent on
// first use; setting the new password ends every session of the account.
// The answer to a request is the same whether or not the account exists.
const (
	resetValid      = time.Hour
	resetPerIP      = 5
	resetPerAccount = 3
	resetWindow     = 15 * time.Minute
)

// ResetMailer writes the mail carrying a reset link's secret for u.
type ResetMailer func(u *User, secret string) (Mail, error)

// SetMailKick sets a function that wakes the mailer, so that a reset mail
// leaves at once instead of at the mailer's next round.
func (s *Service) SetMailKick(fn func()) { s.mailKick = fn }

// RequestPasswordReset mails a reset link to the account with this
// username or address, if there is one that mail can reach. It says
// nothing about whether there is: the caller answers the same either way.
func (s *Service) RequestPasswordReset(ctx context.Context, login, ip string, compose ResetMailer) error {
	if err := s.limit(ctx, "reset:ip:"+ip, resetPerIP, resetWindow); err != nil {
		return err
	}
	login = strings.TrimSpace(login)
	if login == "" {
		return FieldError("login", "error.required")
	}
	u, err := s.store.UserByLogin(ctx, login)
	if ErrorKind(err) == NotFound {
		return nil
	}
	if err != nil {
		return err
	}
	// Per account, whichever name or address asked, and without saying
	// so: a refusal here would tell that the account exists. Past the
	// limit the earlier link stays valid, so nobody can keep voiding a
	// person's link by asking again.
	if err := s.limit(ctx, "reset:user:"+strconv.FormatInt(u.ID, 10), resetPerAccount, resetWindow); err != nil {
		if ErrorKind(err) == RateLimited {
			return nil
		}
		return err
	}
	// Imported placeholders have an address that never delivers, and a
	// bounced address would not either: an administrator sets those.
	if strings.HasSuffix(u.Email, ".invalid") || u.EmailBouncedAt != nil {
		return nil
	}
	secret, hash := newSecret()
	m, err := compose(u, secret)
	if err != nil {
		return Internalf("compose reset mail: %w", err)
	}
	m.UserID, m.To = u.ID, u.Email
	now := s.now()
	if err := s.store.CreatePasswordReset(ctx, u.ID, hash, &m, now, now.Add(resetValid)); err != nil {
		return err
	}
	if s.mailKick != nil {
		s.mailKick()
	}
	return nil
}

// PasswordResetAccount returns the account a reset link is for, or
// error.reset_invalid when it is unknown, used or expired.
func (s *Service) PasswordResetAccount(ctx context.Context, secret string) (*User, error) {
	if secret == "" {
		return nil, E(NotFound, "error.reset_invalid")
	}
	u, err := s.store.PasswordResetUser(ctx, HashToken(secret), s.now())
	if ErrorKind(err) == NotFound {
		return nil, E(NotFound, "error.reset_invalid")
	}
	return u, err
}

// ResetPassword sets the password of a reset link's account, spending
// the link and ending every session of the account.
func (s *Service) ResetPassword(ctx context.Context, secret, next string) (*User, error) {
	u, err := s.PasswordResetAccount(ctx, secret)
	if err != nil {
		return nil, err
	}
	if err := ValidatePassword(next, u.Role, u.Username); err != nil {
		return u, err
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return u, Internalf("hash password: %w", err)
	}
	if _, err := s.store.UsePasswordReset(ctx, HashToken(secret), hash, s.now()); err != nil {
		if ErrorKind(err) == NotFound {
			// Spent by another click a moment ago.
			return u, E(NotFound, "error.reset_invalid")
		}
		return u, err
	}
	return u, nil
}
