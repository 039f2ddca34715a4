package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

// benchThread makes a question with 20 answers, each with a comment and a
// vote, written in Markdown the way customers write.
func benchThread(b *testing.B, e *env) int64 {
	b.Helper()
	ctx := context.Background()
	e.category("internet", 12)
	asker := e.user("asker", forum.RoleMember)
	th := e.ask(asker, "internet", "Router drops the line every evening at eight")
	for i := range 20 {
		u := e.user(fmt.Sprintf("helper%02d", i), forum.RoleMember)
		body := fmt.Sprintf("Answer %d: check the **splitter** first.\n\n- unplug it\n- wait 30 s\n- plug it in\n\n```\nping -c 4 192.168.1.1\n```\n\nSee [the manual](https://example.com/manual/%d).", i, i)
		p, err := e.Svc.Answer(ctx, u, th.ID, body)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := e.Svc.AddComment(ctx, asker, p.ID, "Thanks, I will try this tonight."); err != nil {
			b.Fatal(err)
		}
		if _, _, err := e.Svc.Vote(ctx, asker, p.ID, 1); err != nil {
			b.Fatal(err)
		}
	}
	return th.ID
}

// BenchmarkThreadPage renders a question with 20 answers through the real
// router and templates, as a logged-in member sees it.
func BenchmarkThreadPage(b *testing.B) {
	e := newEnv(b)
	id := benchThread(b, e)
	viewer := e.user("viewer", forum.RoleMember)
	session, err := e.Svc.StartSession(context.Background(), viewer, forum.TokenSession)
	if err != nil {
		b.Fatal(err)
	}
	h := e.App.Handler()
	path := "/t/" + itoa(id)
	// Follow the one redirect to the canonical address with the slug.
	probe := httptest.NewRecorder()
	h.ServeHTTP(probe, httptest.NewRequest(http.MethodGet, path, nil))
	if loc := probe.Header().Get("Location"); loc != "" {
		path = loc
	}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(&http.Cookie{Name: "chorus_session", Value: session})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Answer 19") {
			b.Fatalf("status %d", rec.Code)
		}
	}
}

// BenchmarkPostAnswer posts answers through the real form route: session,
// CSRF check, validation, Markdown rendering, the SQLite write and the
// redirect.
func BenchmarkPostAnswer(b *testing.B) {
	e := newEnv(b)
	e.category("internet", 12)
	asker := e.user("asker", forum.RoleMember)
	th := e.ask(asker, "internet", "Router drops the line every evening at eight")
	helper := e.user("helper", forum.RoleMember)
	session, err := e.Svc.StartSession(context.Background(), helper, forum.TokenSession)
	if err != nil {
		b.Fatal(err)
	}
	const csrf = "0123456789abcdef0123456789abcdef0123456789a"
	h := e.App.Handler()
	path := "/t/" + itoa(th.ID) + "/answer"
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		form := url.Values{"csrf": {csrf}, "body": {fmt.Sprintf("Answer %d: check the **splitter** first, then [the manual](https://example.com/m).", i)}}
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: "chorus_session", Value: session})
		req.AddCookie(&http.Cookie{Name: "chorus_csrf", Value: csrf})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
