package web_test

import (
	"context"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/mail"
	"github.com/emersion/go-smtp"
)

// smtpBox is an in-process SMTP server that can fail for a while and
// refuse addresses, recording what it accepted.
type smtpBox struct {
	mu       sync.Mutex
	failData int             // DATA commands to refuse with 451 before accepting
	reject   map[string]bool // recipients refused with 550
	badFrom  bool            // refuse MAIL FROM with 553 (our misconfiguration)
	got      []smtpMessage
}

type smtpMessage struct {
	From, To string
	Data     string
}

func (b *smtpBox) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{box: b}, nil }

type smtpSession struct {
	box      *smtpBox
	from, to string
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	if s.box.badFrom {
		return &smtp.SMTPError{Code: 553, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "sender not allowed"}
	}
	s.from = from
	return nil
}
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	if s.box.reject[to] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.to = to
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.box.mu.Lock()
	defer s.box.mu.Unlock()
	if s.box.failData > 0 {
		s.box.failData--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.box.got = append(s.box.got, smtpMessage{From: s.from, To: s.to, Data: string(b)})
	return nil
}
func (s *smtpSession) Reset()        {}
func (s *smtpSession) Logout() error { return nil }

func (b *smtpBox) messages(to string) []smtpMessage {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []smtpMessage
	for _, m := range b.got {
		if m.To == to {
			out = append(out, m)
		}
	}
	return out
}

// startSMTP runs the box on a free port and returns the sender's config.
func startSMTP(t *testing.T, box *smtpBox) mail.Config {
	t.Helper()
	srv := smtp.NewServer(box)
	srv.Domain, srv.AllowInsecureAuth = "localhost", true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	port := ln.Addr().(*net.TCPAddr).Port
	return mail.Config{Host: "127.0.0.1", Port: port, From: "Chorus <forum@example.com>", Timeout: 5 * time.Second}
}

// mailWorld is a forum with a frozen, movable clock, a mailer and an SMTP
// box.
type mailWorld struct {
	e      *env
	box    *smtpBox
	mailer *forum.Mailer
	mu     sync.Mutex
	now    time.Time
}

func newMailWorld(t *testing.T) *mailWorld {
	e := newEnv(t)
	e.category("internet", 12)
	w := &mailWorld{e: e, box: &smtpBox{reject: map[string]bool{}}, now: time.Now().UTC()}
	e.Svc.Now = func() time.Time { w.mu.Lock(); defer w.mu.Unlock(); return w.now }
	cfg := startSMTP(t, w.box)
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	w.mailer = forum.NewMailer(e.Svc, e.App.NewMailComposer("http://forum.test"), mail.NewSender(cfg), "http://forum.test",
		slog.New(slog.DiscardHandler))
	return w
}

func (w *mailWorld) advance(d time.Duration) { w.mu.Lock(); w.now = w.now.Add(d); w.mu.Unlock() }

// step delivers notifications and runs the mailer once.
func (w *mailWorld) step(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if _, err := w.e.Svc.DeliverNotifications(ctx); err != nil {
		t.Fatal(err)
	}
	if err := w.mailer.Step(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestMailSurvivesAnOutage: the server refuses twice, the mail is retried
// with backoff and arrives exactly once, in the recipient's language, with
// text and HTML and a working one-click unsubscribe.
func TestMailSurvivesAnOutage(t *testing.T) {
	w := newMailWorld(t)
	e := w.e
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	if err := e.Svc.SetLanguage(ctx, sabine, "de"); err != nil {
		t.Fatal(err)
	}
	peter := e.user("peter", forum.RoleMember)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	w.box.mu.Lock()
	w.box.failData = 2
	w.box.mu.Unlock()
	e.answer(peter, th.ID)
	w.step(t) // refused
	w.step(t) // not due yet: the retry waits a minute
	if n := len(w.box.messages("sabine@example.com")); n != 0 {
		t.Fatalf("%d mails during the outage", n)
	}
	w.advance(61 * time.Second)
	w.step(t) // refused again; now it waits two minutes
	w.advance(61 * time.Second)
	w.step(t)
	if n := len(w.box.messages("sabine@example.com")); n != 0 {
		t.Fatalf("the second retry came before its backoff (%d mails)", n)
	}
	w.advance(61 * time.Second)
	w.step(t)
	for range 3 {
		w.advance(time.Hour)
		w.step(t)
	}
	got := w.box.messages("sabine@example.com")
	if len(got) != 1 {
		t.Fatalf("%d mails after the outage, want exactly 1", len(got))
	}
	data := got[0].Data
	for _, want := range []string{"Subject: =?utf-8?q?", "Content-Type: text/plain; charset=utf-8", "Content-Type: text/html; charset=utf-8",
		"List-Unsubscribe: <http://forum.test/unsubscribe?t=", "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "Hallo sabine"} {
		if !strings.Contains(data, want) {
			t.Errorf("the mail lacks %q:\n%s", want, data)
		}
	}

	// The one-click POST, without any cookie, turns that kind off.
	i := strings.Index(data, "List-Unsubscribe: <")
	link := data[i+len("List-Unsubscribe: <") : i+strings.Index(data[i:], ">")]
	u, _ := url.Parse(link)
	req, _ := http.NewRequest(http.MethodPost, e.Srv.URL+u.RequestURI(), strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("one-click unsubscribe: %d", res.StatusCode)
	}
	prefs, _ := e.Svc.EmailPrefs(ctx, sabine)
	if prefs[forum.NotifyAnswer] != "off" || prefs[forum.NotifyComment] != "now" {
		t.Errorf("after unsubscribing from answers: %v", prefs)
	}
	e.answer(peter, th.ID)
	w.step(t)
	if n := len(w.box.messages("sabine@example.com")); n != 1 {
		t.Errorf("mail after unsubscribing: %d mails in all", n)
	}

	// Forged and expired links change nothing.
	forged := "/unsubscribe?t=" + url.QueryEscape(u.Query().Get("t")[:10]+"AAAA")
	if r := e.browser().get(forged); r.Status != http.StatusNotFound {
		t.Errorf("forged link: %d", r.Status)
	}
	if r := e.browser().postRaw(forged, url.Values{}); r.Status != http.StatusNotFound {
		t.Errorf("forged one-click POST: %d", r.Status)
	}
	w.advance(61 * 24 * time.Hour)
	if r := e.browser().get(u.RequestURI()); r.Status != http.StatusNotFound {
		t.Errorf("expired link: %d", r.Status)
	}
}

// TestMailBounceAndDigest: an address the server refuses (550) is marked
// and not retried, and digest-mode news arrives once a day in one mail.
func TestMailBounceAndDigest(t *testing.T) {
	w := newMailWorld(t)
	e := w.e
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	olga := e.user("olga", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	w.box.reject["olga@example.com"] = true
	th := e.ask(olga, "internet", "Router drops the line every evening")
	e.answer(peter, th.ID)
	w.step(t)
	bounced, err := e.DB.UserByID(ctx, olga.ID)
	if err != nil || bounced.EmailBouncedAt == nil {
		t.Fatalf("the refused address was not marked: %v", err)
	}
	e.answer(sabine, th.ID)
	w.advance(2 * time.Hour)
	w.step(t)
	var queued int
	raw := w.e.rawDB(t)
	if err := raw.QueryRow(`SELECT COUNT(*) FROM mail_queue WHERE to_addr = 'olga@example.com'`).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if queued != 1 {
		t.Errorf("%d mails queued for the bounced address, want only the first", queued)
	}

	// Digest: sabine follows the category (new questions come in the
	// digest by default).
	if _, err := e.Svc.FollowCategory(ctx, sabine, "internet", true); err != nil {
		t.Fatal(err)
	}
	e.ask(peter, "internet", "Wi-Fi drops on the 5 GHz band")
	e.ask(peter, "internet", "Phone line crackles since Monday")
	w.step(t)
	if n := len(w.box.messages("sabine@example.com")); n != 0 {
		t.Fatalf("%d mails before the digest is due", n)
	}
	w.advance(25 * time.Hour)
	w.step(t)
	w.step(t)
	got := w.box.messages("sabine@example.com")
	if len(got) != 1 || !strings.Contains(got[0].Data, "Wi-Fi drops") || !strings.Contains(got[0].Data, "Phone line crackles") {
		t.Fatalf("digest: %d mails", len(got))
	}
	if err := (mail.Config{Host: "mail.example.com", Port: 587, From: "not an address"}).Validate(); err == nil {
		t.Error("a bad --smtp-from passed validation")
	}
	if err := (mail.Config{Host: "mail.example.com", Port: 25, From: "a@example.com", User: "u", Password: "p"}).Validate(); err == nil {
		t.Error("a password over plain SMTP passed validation")
	}
}

func (e *env) rawDB(t *testing.T) *sqlstore.Raw {
	t.Helper()
	raw := e.DB.Raw()
	return raw
}

// TestMailMisconfigurationAndLongOutage: a server refusing our sender (a
// 5xx outside RCPT) is our configuration, not the recipient: the address is
// not marked bounced, and the mail goes out once the server is fixed, even
// after hours of retrying.
func TestMailMisconfigurationAndLongOutage(t *testing.T) {
	w := newMailWorld(t)
	e := w.e
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	w.box.mu.Lock()
	w.box.badFrom = true
	w.box.mu.Unlock()
	e.answer(peter, th.ID)
	for range 12 { // about 12 hours of refusals
		w.step(t)
		w.advance(time.Hour)
	}
	u, err := e.DB.UserByID(ctx, sabine.ID)
	if err != nil || u.EmailBouncedAt != nil {
		t.Fatalf("a refused sender marked the recipient bounced (%v)", err)
	}
	w.box.mu.Lock()
	w.box.badFrom = false
	w.box.mu.Unlock()
	w.advance(6 * time.Hour)
	w.step(t)
	w.step(t)
	if n := len(w.box.messages("sabine@example.com")); n != 1 {
		t.Errorf("%d mails after the server was fixed, want 1", n)
	}
}
