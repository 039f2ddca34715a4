package forum

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"
)

// Mail: the same events as the notifications, by email for those who want
// them. The notifier's notifications are turned into mails by a Composer
// (the web layer, which knows the words in each language), queued in the
// database and sent by a Sender (forum/mail, SMTP) with retries.

// MailModes are the choices per kind of notification.
var MailModes = []string{"now", "digest", "off"}

// MailKinds are the notifications that can come by mail, in the order the
// settings page lists them.
var MailKinds = []string{NotifyAnswer, NotifyStaffAnswer, NotifyComment, NotifySolved, NotifyAccepted,
	NotifyNewThread, NotifyKnownIssue, NotifyLinked, NotifyMerged, NotifyPostHidden, NotifyPostFlagged, NotifyModerated, NotifyApproved,
	NotifyCluster}

// defaultMailMode is what a person gets before they choose: news of their
// own threads and posts at once, new questions they follow in the digest.
func defaultMailMode(kind string) string {
	if kind == NotifyNewThread {
		return "digest"
	}
	return "now"
}

// Mail is one message for the queue.
type Mail struct {
	ID             int64
	CreatedAt      time.Time
	UserID         int64
	To             string
	Subject        string
	Text, HTML     string
	UnsubscribeURL string
	Attempts       int
}

// Composer writes the mail for notifications, in the recipient's language.
// One notification for "now", several for a digest.
type Composer interface {
	Compose(to *User, ns []Notification, unsubscribeURL string) (Mail, error)
}

// Sender delivers one mail. A *PermanentError means the address is bad
// (SMTP 5xx): the mail fails for good and the address is marked bounced.
type Sender interface {
	Send(ctx context.Context, m Mail) error
}

// PermanentError is a refusal that retrying will not change; Bounce says
// the address itself was refused.
type PermanentError struct {
	Err    error
	Bounce bool
}

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Mailer turns notifications into mails and sends them. Create it with
// NewMailer; without a Sender, mails are logged and stay queued.
type Mailer struct {
	svc     *Service
	compose Composer
	send    Sender
	log     *slog.Logger
	baseURL string
	// giveUp is how long a mail is retried through an outage.
	giveUp time.Duration
}

// NewMailer wires a Mailer. baseURL is the forum's public address, for the
// links in mails.
func NewMailer(svc *Service, c Composer, s Sender, baseURL string, log *slog.Logger) *Mailer {
	return &Mailer{svc: svc, compose: c, send: s, log: log, baseURL: strings.TrimSuffix(baseURL, "/"), giveUp: 5 * 24 * time.Hour}
}

// BaseURL is the forum's public address.
func (m *Mailer) BaseURL() string { return m.baseURL }

// mailClaim is how long a mail being sent stays claimed: longer than any
// SMTP conversation, after which a mail whose sender died is due again.
const mailClaim = 10 * time.Minute

// backoff is the wait before attempt n+1: a minute, doubling, at most six
// hours.
func backoff(attempts int) time.Duration {
	d := time.Minute << min(attempts, 9)
	return min(d, 6*time.Hour)
}

// Run composes and sends until ctx ends, at once when kicked, else every
// 30 seconds (which also retries mails whose wait is over).
func (m *Mailer) Run(ctx context.Context, kick <-chan struct{}) {
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		if !m.svc.leading() {
			if !m.svc.followerPause(ctx) {
				return
			}
			continue
		}
		m.svc.rounds.mail.Add(1)
		if err := safely(func() error { return m.Step(ctx) }); err != nil && ctx.Err() == nil {
			m.log.Error("mail", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-kick:
		case <-tick.C:
		}
	}
}

// Step composes the mails of new notifications and the digests that are
// due, then sends the mails whose time has come.
func (m *Mailer) Step(ctx context.Context) error {
	if err := m.composeNow(ctx); err != nil {
		return err
	}
	if err := m.composeDigests(ctx); err != nil {
		return err
	}
	return m.sendDue(ctx)
}

func (m *Mailer) composeNow(ctx context.Context) error {
	s := m.svc
	for {
		batch, err := s.store.UnmailedNotifications(ctx, 200)
		if err != nil || len(batch) == 0 {
			return err
		}
		queued := 0
		for _, n := range batch {
			mail, digest, err := m.forNow(ctx, n)
			if err != nil {
				// One notification that cannot be written must not stall
				// the rest: it stays on the site, without a mail.
				m.log.Error("compose mail", "notification", n.ID, "error", err)
				mail, digest = nil, false
			}
			if mail != nil {
				queued++
			}
			if err := s.store.QueueMail(ctx, n.ID, mail, digest, s.now()); err != nil {
				return err
			}
		}
		if queued > 0 && m.send == nil {
			m.log.Info("mails queued; no SMTP server is configured, so they wait", "mails", queued)
		}
	}
}

// seen reports whether n's thread is still one its recipient may read: a
// thread hidden or deleted since is mailed only to its own asker.
func (m *Mailer) seen(ctx context.Context, n Notification) (bool, error) {
	if n.ThreadID == 0 {
		return true, nil
	}
	t, err := m.svc.store.ThreadByID(ctx, n.ThreadID)
	if ErrorKind(err) == NotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return t.Author.ID == n.UserID || (t.DeletedAt == nil && t.HiddenAt == nil), nil
}

// forNow returns the mail for one notification, or nil when the person
// wants none now; digest says it waits for the daily digest.
func (m *Mailer) forNow(ctx context.Context, n Notification) (*Mail, bool, error) {
	u, err := m.svc.store.UserByID(ctx, n.UserID)
	if err != nil {
		return nil, false, err
	}
	mode, err := m.svc.mailMode(ctx, u.ID, n.Kind)
	if err != nil || mode == "off" || !mailable(u, m.svc.now()) {
		return nil, false, err
	}
	if ok, err := m.seen(ctx, n); err != nil || !ok {
		return nil, false, err
	}
	if mode == "digest" {
		return nil, true, nil
	}
	mail, err := m.compose.Compose(u, []Notification{n}, m.unsubscribeURL(u.ID, n.Kind))
	if err != nil {
		return nil, false, err
	}
	return &mail, false, nil
}

// mailable reports whether u can be mailed: an address that has not
// bounced, and an account that is not suspended.
func mailable(u *User, now time.Time) bool {
	return u.Email != "" && u.EmailBouncedAt == nil && !u.Suspended(now)
}

func (m *Mailer) composeDigests(ctx context.Context) error {
	s := m.svc
	now := s.now()
	users, err := s.store.DigestDue(ctx, now.Add(-24*time.Hour))
	if err != nil {
		return err
	}
	for _, id := range users {
		u, err := s.store.UserByID(ctx, id)
		if err != nil {
			return err
		}
		ns, err := s.store.DigestNotifications(ctx, id)
		if err != nil {
			return err
		}
		// What the person wants now, of threads they may still read.
		prefs, err := s.store.EmailPrefs(ctx, id)
		if err != nil {
			return err
		}
		var keep []Notification
		for _, n := range ns {
			mode := modeOf(prefs, n.Kind)
			ok, err := m.seen(ctx, n)
			if err != nil {
				return err
			}
			if mode == "digest" && ok {
				keep = append(keep, n)
			}
		}
		var mail *Mail
		if len(keep) > 0 && mailable(u, now) {
			c, err := m.compose.Compose(u, keep, m.unsubscribeURL(u.ID, ""))
			if err != nil {
				m.log.Error("compose digest", "user", id, "error", err)
			} else {
				mail = &c
			}
		}
		ids := make([]int64, len(ns))
		for i, n := range ns {
			ids[i] = n.ID
		}
		if err := s.store.QueueDigest(ctx, id, ids, mail, now); err != nil {
			return err
		}
	}
	return nil
}

func (m *Mailer) sendDue(ctx context.Context) error {
	s := m.svc
	if m.send == nil {
		return nil // kept in the queue until an SMTP server is configured
	}
	for ctx.Err() == nil {
		due, err := s.store.DueMails(ctx, s.now(), 50)
		if err != nil || len(due) == 0 {
			return err
		}
		for _, mail := range due {
			if err := m.sendOne(ctx, mail); err != nil {
				return err
			}
		}
	}
	return nil
}

// sendOne sends one mail and records what happened. The records use a
// context that outlives a shutdown, so a mail sent just before it is not
// sent again after the restart.
func (m *Mailer) sendOne(ctx context.Context, mail Mail) error {
	s := m.svc
	record := context.WithoutCancel(ctx)
	if mail.UserID != 0 {
		u, err := s.store.UserByID(ctx, mail.UserID)
		if err != nil {
			return err
		}
		if !mailable(u, s.now()) {
			return s.store.MailFailed(record, mail.ID, mail.UserID, false, "recipient suspended or address bounced since", s.now())
		}
	}
	// Claimed first: while leadership passes from one node to another, two
	// mailers may briefly run, and a mail must still go out once.
	if ok, err := s.store.ClaimMail(record, mail.ID, s.now(), s.now().Add(mailClaim)); err != nil || !ok {
		return err
	}
	err := m.send.Send(ctx, mail)
	var perm *PermanentError
	switch {
	case err == nil:
		return s.store.MailSent(record, mail.ID, s.now())
	case errors.As(err, &perm):
		m.log.Warn("mail refused for good", "to", mail.To, "bounce", perm.Bounce, "error", err)
		return s.store.MailFailed(record, mail.ID, mail.UserID, perm.Bounce, err.Error(), s.now())
	case s.now().Sub(mail.CreatedAt) > m.giveUp:
		m.log.Error("mail given up after retrying for days", "to", mail.To, "error", err)
		return s.store.MailFailed(record, mail.ID, mail.UserID, false, err.Error(), s.now())
	default:
		m.log.Warn("mail deferred", "to", mail.To, "attempt", mail.Attempts+1, "error", err)
		return s.store.MailRetry(record, mail.ID, mail.Attempts+1, s.now().Add(backoff(mail.Attempts)), err.Error())
	}
}

// mailMode is a person's choice for a kind, or the default.
func (s *Service) mailMode(ctx context.Context, userID int64, kind string) (string, error) {
	prefs, err := s.store.EmailPrefs(ctx, userID)
	if err != nil {
		return "", err
	}
	return modeOf(prefs, kind), nil
}

// modeOf is the stored choice for a kind, or its default.
func modeOf(prefs map[string]string, kind string) string {
	if mode, ok := prefs[kind]; ok {
		return mode
	}
	return defaultMailMode(kind)
}

// EmailPrefs returns actor's choice for every kind.
func (s *Service) EmailPrefs(ctx context.Context, actor *User) (map[string]string, error) {
	if actor == nil {
		return nil, E(Unauthenticated, "error.login_required")
	}
	stored, err := s.store.EmailPrefs(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, k := range MailKinds {
		out[k] = modeOf(stored, k)
	}
	return out, nil
}

// SetEmailPrefs stores actor's choices; unknown kinds or modes are refused.
func (s *Service) SetEmailPrefs(ctx context.Context, actor *User, prefs map[string]string) error {
	if actor == nil {
		return E(Unauthenticated, "error.login_required")
	}
	for k, m := range prefs {
		if !slices.Contains(MailKinds, k) {
			return FieldError("kind", "error.mail_kind", k)
		}
		if !slices.Contains(MailModes, m) {
			return FieldError(k, "error.mail_mode", m)
		}
	}
	return s.store.SetEmailPrefs(ctx, actor.ID, prefs)
}

// Unsubscribe links are signed with a server secret and expire.
const unsubscribeLife = 60 * 24 * time.Hour

func (m *Mailer) unsubscribeURL(userID int64, kind string) string {
	tok, err := m.svc.UnsubscribeToken(context.Background(), userID, kind, m.svc.now().Add(unsubscribeLife))
	if err != nil {
		return m.baseURL + "/settings/email"
	}
	return m.baseURL + "/unsubscribe?t=" + tok
}

// UnsubscribeToken signs (user, kind, expiry); kind "" means every mail.
func (s *Service) UnsubscribeToken(ctx context.Context, userID int64, kind string, expires time.Time) (string, error) {
	key, err := s.store.Secret(ctx, "unsubscribe", newKey)
	if err != nil {
		return "", err
	}
	var b []byte
	b = binary.BigEndian.AppendUint64(b, uint64(userID))         // #nosec G115 -- IDs are positive
	b = binary.BigEndian.AppendUint64(b, uint64(expires.Unix())) // #nosec G115 -- a date after 1970
	b = append(b, kind...)
	mac := hmac.New(sha256.New, key)
	mac.Write(b)
	return base64.RawURLEncoding.EncodeToString(append(mac.Sum(nil)[:16], b...)), nil
}

// Unsubscription is what a valid link unsubscribes.
type Unsubscription struct {
	User *User
	Kind string // "" for every mail
}

// CheckUnsubscribe reads a link's token: NotFound when it is forged or
// expired.
func (s *Service) CheckUnsubscribe(ctx context.Context, token string) (*Unsubscription, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) < 32 || len(raw) > 200 {
		return nil, E(NotFound, "error.unsubscribe_link")
	}
	key, err := s.store.Secret(ctx, "unsubscribe", newKey)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(raw[16:])
	if !hmac.Equal(mac.Sum(nil)[:16], raw[:16]) {
		return nil, E(NotFound, "error.unsubscribe_link")
	}
	userID := int64(binary.BigEndian.Uint64(raw[16:24]))                      // #nosec G115 -- signed by us
	expires := time.Unix(int64(binary.BigEndian.Uint64(raw[24:32])), 0).UTC() // #nosec G115 -- signed by us
	if s.now().After(expires) {
		return nil, E(NotFound, "error.unsubscribe_expired")
	}
	u, err := s.store.UserByID(ctx, userID)
	if err != nil {
		return nil, E(NotFound, "error.unsubscribe_link")
	}
	return &Unsubscription{User: u, Kind: string(raw[32:])}, nil
}

// Unsubscribe turns off the mails a valid link names.
func (s *Service) Unsubscribe(ctx context.Context, token string) (*Unsubscription, error) {
	un, err := s.CheckUnsubscribe(ctx, token)
	if err != nil {
		return nil, err
	}
	prefs := map[string]string{}
	for _, k := range MailKinds {
		if un.Kind == "" || un.Kind == k {
			prefs[k] = "off"
		}
	}
	return un, s.store.SetEmailPrefs(ctx, un.User.ID, prefs)
}

func newKey() ([]byte, error) {
	b := make([]byte, 32)
	_, err := rand.Read(b)
	return b, err
}
