package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

var resetLink = regexp.MustCompile(`(https?://[^/\s]+)/password/reset\?token=([A-Za-z0-9_%-]+)`)

// queuedResetLinks returns the reset links in the mails queued for addr.
func queuedResetLinks(t *testing.T, e *env, addr string) [][]string {
	t.Helper()
	mails, err := e.DB.DueMails(context.Background(), time.Now().Add(24*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for _, m := range mails {
		if m.To == addr {
			if l := resetLink.FindStringSubmatch(m.Text); l != nil {
				out = append(out, l)
			}
		}
	}
	return out
}

func TestPasswordReset(t *testing.T) {
	e := newEnv(t)
	e.admin()
	u := e.user("forgetful", forum.RoleMember)
	old, err := e.Svc.StartSession(context.Background(), u, forum.TokenSession)
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	if r := b.get("/login"); !strings.Contains(r.Body, `href="/password/forgot"`) {
		t.Fatal("the login page has no forgot-password link")
	}

	// Asking for a link answers the same for an account and for nobody,
	// and only the account gets a mail. A forged Host does not make the
	// link point elsewhere.
	sent := b.post("/password/forgot", url.Values{"login": {"forgetful"}})
	nobody := b.post("/password/forgot", url.Values{"login": {"nobody-at-all@example.com"}})
	if sent.Status != http.StatusOK || nobody.Status != http.StatusOK || !strings.Contains(sent.Body, "is on its way") ||
		!strings.Contains(nobody.Body, "is on its way") {
		t.Fatalf("forgot: %d / %d", sent.Status, nobody.Status)
	}
	const tok = "forged-host-csrf-token-0123456789abcdefghij"
	req, _ := http.NewRequest(http.MethodPost, e.Srv.URL+"/password/forgot", strings.NewReader(url.Values{"login": {u.Email}, "csrf": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "chorus_csrf", Value: tok})
	req.Host = "evil.example"
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("forgot with another Host: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	links := queuedResetLinks(t, e, u.Email)
	if len(links) != 2 {
		t.Fatalf("%d reset mails for the account, want 2", len(links))
	}
	for _, l := range links {
		if strings.Contains(l[1], "evil.example") {
			t.Fatalf("the link follows the request's Host: %s", l[0])
		}
	}
	first, latest := links[0][2], links[1][2]
	if r := b.get("/password/reset?token=" + first); r.Status != http.StatusNotFound {
		t.Fatalf("an earlier link still works after a newer one: %d", r.Status)
	}

	// The link opens the form; a weak password is refused and the link
	// still works; a good one is set, ends the old session, and the link
	// is spent.
	if r := b.get("/password/reset?token=" + latest); r.Status != http.StatusOK || !strings.Contains(r.Body, "forgetful") {
		t.Fatalf("reset page: %d", r.Status)
	}
	if r := b.post("/password/reset", url.Values{"token": {latest}, "password": {"short"}}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a short password: %d", r.Status)
	}
	const next = "a brand new passphrase for me"
	r := b.post("/password/reset", url.Values{"token": {latest}, "password": {next}})
	if r.Status != http.StatusSeeOther || r.Location != "/login?reset=1" {
		t.Fatalf("reset: %d %s\n%s", r.Status, r.Location, r.Body)
	}
	if _, err := e.Svc.SessionUser(context.Background(), old, forum.TokenSession); err == nil {
		t.Fatal("the session from before the reset still works")
	}
	if r := b.post("/password/reset", url.Values{"token": {latest}, "password": {"yet another long passphrase"}}); r.Status != http.StatusNotFound ||
		!strings.Contains(r.Body, "already used or expired") {
		t.Fatalf("a spent link: %d", r.Status)
	}
	if _, err := e.Svc.Login(context.Background(), "forgetful", next, "192.0.2.1"); err != nil {
		t.Fatalf("login with the new password: %v", err)
	}

	// Links expire after an hour.
	e.browser().post("/password/forgot", url.Values{"login": {"forgetful"}})
	links = queuedResetLinks(t, e, u.Email)
	stale := links[len(links)-1][2]
	e.mu.Lock()
	e.ahead += 2 * time.Hour
	e.mu.Unlock()
	if r := b.get("/password/reset?token=" + stale); r.Status != http.StatusNotFound {
		t.Fatalf("a link two hours old: %d", r.Status)
	}

	// Asking is limited per address: the sixth request in a row is refused.
	c := e.browser()
	var last response
	for i := range 6 {
		last = c.post("/password/forgot", url.Values{"login": {"someone" + itoa(i)}})
	}
	if last.Status != http.StatusTooManyRequests {
		t.Fatalf("the sixth request from one address: %d", last.Status)
	}
}
