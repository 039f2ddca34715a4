// Package mail sends Chorus's mails over SMTP with the standard library:
// STARTTLS, PLAIN authentication, and a plain-text plus HTML message with
// one-click unsubscribe headers (RFC 8058). It implements forum.Sender.
package mail

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/smtp"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// Config is the SMTP server, from flags and the environment.
type Config struct {
	Host     string
	Port     int
	StartTLS bool
	User     string
	Password string
	From     string
	// Timeout bounds one delivery, connection to QUIT.
	Timeout time.Duration
}

// Enabled reports whether an SMTP server is configured.
func (c Config) Enabled() bool { return c.Host != "" }

// Validate says clearly what is wrong with a configuration, for start-up.
func (c Config) Validate() error {
	if !c.Enabled() {
		if c.User != "" || c.Password != "" || c.From != "" {
			return errors.New("smtp: --smtp-host is required when --smtp-user, --smtp-password or --smtp-from is set")
		}
		return nil
	}
	if strings.Contains(c.Host, ":") || strings.ContainsAny(c.Host, " /") {
		return fmt.Errorf("smtp: --smtp-host %q must be a host name alone; give the port with --smtp-port", c.Host)
	}
	if c.Port < 1 || c.Port > 65535 {
		return fmt.Errorf("smtp: port %d is not between 1 and 65535", c.Port)
	}
	if c.Port == 465 {
		return errors.New("smtp: port 465 (TLS from the first byte) is not supported; use 587 with --smtp-starttls")
	}
	if _, err := netmail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("smtp: --smtp-from %q is not an email address: %v", c.From, err)
	}
	if (c.User == "") != (c.Password == "") {
		return errors.New("smtp: give both --smtp-user and --smtp-password, or neither")
	}
	if c.User != "" && !c.StartTLS && c.Host != "localhost" && c.Host != "127.0.0.1" {
		return errors.New("smtp: a password is only sent over STARTTLS (set --smtp-starttls), or to localhost")
	}
	return nil
}

// Sender delivers mails to the configured server.
type Sender struct{ cfg Config }

// NewSender returns a Sender for a validated configuration.
func NewSender(cfg Config) *Sender {
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Sender{cfg: cfg}
}

// Send delivers one mail. A refusal with a 5xx code is permanent.
func (s *Sender) Send(ctx context.Context, m forum.Mail) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		_ = conn.Close()
		return err
	}
	defer c.Close()
	// Refusals of STARTTLS, AUTH or MAIL FROM are our configuration, not
	// the recipient: they are retried (and logged), never a bounce.
	if s.cfg.StartTLS {
		if err := c.StartTLS(&tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	if s.cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.User, s.cfg.Password, s.cfg.Host)); err != nil {
			return err
		}
	}
	from, _ := netmail.ParseAddress(s.cfg.From)
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	// A 5xx to RCPT is the address: a bounce.
	if err := c.Rcpt(m.To); err != nil {
		if isPermanent(err) {
			return &forum.PermanentError{Err: err, Bounce: true}
		}
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(Message(s.cfg.From, m, time.Now())); err != nil {
		return err
	}
	// A 5xx to the message is this mail's content: give up on it, but the
	// address is fine.
	if err := w.Close(); err != nil {
		if isPermanent(err) {
			return &forum.PermanentError{Err: err}
		}
		return err
	}
	// Accepted: whatever QUIT says now, sending again would duplicate it.
	_ = c.Quit()
	return nil
}

func isPermanent(err error) bool {
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500
}

// Message builds the mail: headers, then a multipart/alternative body of
// plain text and HTML, both UTF-8 quoted-printable.
func Message(from string, m forum.Mail, now time.Time) []byte {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct{ ctype, text string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, _ := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ctype + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		qp := quotedprintable.NewWriter(w)
		_, _ = qp.Write([]byte(part.text))
		_ = qp.Close()
	}
	_ = mw.Close()

	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	if a, err := netmail.ParseAddress(from); err == nil {
		from = a.String() // a non-ASCII display name, encoded
	}
	header("From", from)
	header("To", oneLine(m.To))
	// Long subjects become several encoded words, folded onto lines of
	// their own (RFC 5322 caps a line at 998 characters).
	header("Subject", strings.ReplaceAll(mime.QEncoding.Encode("utf-8", oneLine(m.Subject)), "?= =?", "?=\r\n =?"))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", fmt.Sprintf("<chorus-mail-%d@%s>", m.ID, domainOf(from)))
	header("MIME-Version", "1.0")
	header("Auto-Submitted", "auto-generated")
	if m.UnsubscribeURL != "" {
		header("List-Unsubscribe", "<"+m.UnsubscribeURL+">")
		header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	header("Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes()
}

// oneLine keeps a header on one line, whatever it was given.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func domainOf(from string) string {
	if a, err := netmail.ParseAddress(from); err == nil {
		if i := strings.LastIndex(a.Address, "@"); i >= 0 {
			return a.Address[i+1:]
		}
	}
	return "chorus.invalid"
}
