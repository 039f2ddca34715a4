package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum"
	"golang.org/x/net/html"
)

// ---- HTML helpers ----

func axParseHTML(t testing.TB, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

func axWalk(n *html.Node, fn func(*html.Node)) {
	fn(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		axWalk(c, fn)
	}
}

func axAttr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func axByID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	axWalk(doc, func(n *html.Node) {
		if found == nil && n.Type == html.ElementNode {
			if v, _ := axAttr(n, "id"); v == id {
				found = n
			}
		}
	})
	return found
}

func axText(n *html.Node) string {
	var b strings.Builder
	axWalk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

// fieldValue is what a form field shows: an input's value or a textarea's
// text (the parser drops one leading newline of a textarea, as browsers do).
func axFieldValue(t testing.TB, body, id string) (string, bool) {
	t.Helper()
	n := axByID(axParseHTML(t, body), id)
	if n == nil {
		return "", false
	}
	if n.Data == "textarea" {
		return axText(n), true
	}
	v, _ := axAttr(n, "value")
	return v, true
}

// ---- languages ----

// langCase is one way a person ends up with a language: the browser's
// Accept-Language, and a stored choice (the account's setting for members,
// the chorus_lang cookie for guests), which wins over the browser.
type axLangCase struct {
	name   string
	lang   string // the language the answer must be in
	header string
	stored string
}

var axLangCases = []axLangCase{
	{"English", "en", "en-GB,en;q=0.9", ""},
	{"German by Accept-Language", "de", "de-DE,de;q=0.9,en;q=0.5", ""},
	{"German by stored choice over an English browser", "de", "en-US,en;q=0.9", "de"},
	{"English by stored choice over a German browser", "en", "de-DE,de;q=0.9", "en"},
}

// member makes an account for lc and returns a browser and an API client
// signed in as it.
func (lc axLangCase) member(e *env, name string) (*forum.User, *browser, *api) {
	e.t.Helper()
	u := e.user(name, forum.RoleMember)
	if lc.stored != "" {
		if err := e.Svc.SetLanguage(context.Background(), u, lc.stored); err != nil {
			e.t.Fatal(err)
		}
	}
	b := e.axSignedIn(u).axLang(lc.header)
	a := e.axAPI(u)
	a.lang = lc.header
	return u, b, a
}

// guest returns a guest's browser and API client for lc.
func (lc axLangCase) axGuest(e *env) (*browser, *api) {
	b := e.browser().axLang(lc.header)
	if lc.stored != "" {
		su, _ := url.Parse(e.Srv.URL)
		b.client.Jar.SetCookies(su, []*http.Cookie{{Name: "chorus_lang", Value: lc.stored, Path: "/"}})
	}
	a := e.api("")
	a.lang = lc.header
	return b, a
}

// guestAPI calls the API as a guest with the guest's language cookie.
func (lc axLangCase) guestAPI(e *env, method, path string, body any) response {
	e.t.Helper()
	b := e.browser().axLang(lc.header)
	if lc.stored != "" {
		b.header.Set("Cookie", "chorus_lang="+lc.stored)
	}
	return b.axJSON(method, path, body, nil)
}

// checkRefusal checks a 4xx page or JSON error in the right language.
func axCheckRefusal(t *testing.T, what string, r response, status int, lang, msg string) {
	t.Helper()
	if r.Status >= 500 {
		t.Errorf("%s: %d, a server error\n%s", what, r.Status, axShort(r.Body))
		return
	}
	if r.Status != status {
		t.Errorf("%s: status %d, want %d\n%s", what, r.Status, status, axShort(r.Body))
	}
	if !axSays(r.Body, msg) {
		t.Errorf("%s: the answer lacks %q\n%s", what, msg, axShort(r.Body))
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") && !strings.Contains(r.Body, `<html lang="`+lang+`"`) {
		t.Errorf("%s: the page is not marked lang=%q", what, lang)
	}
}

func axCheckAPIRefusal(t *testing.T, what string, r response, status int, msg, field string) {
	t.Helper()
	if r.Status >= 500 {
		t.Errorf("%s: %d, a server error\n%s", what, r.Status, axShort(r.Body))
		return
	}
	e := axErr(r)
	if r.Status != status || e.Error.Message != msg || e.Error.Field != field {
		t.Errorf("%s: %d %s\nwant %d with message %q and field %q", what, r.Status, axShort(r.Body), status, msg, field)
	}
}

// ---- the ask form ----

// TestAskRefusesBadInput posts bad questions through the form and the API
// in each language: a 4xx naming the field, in the right language, with
// everything typed still in the form.
func TestAskRefusesBadInput(t *testing.T) {
	const body = "Since Monday my DSL line drops at 8 pm, every day. Übrigens: auch bei meinem Nachbarn."
	const title = "Router drops the line every evening"
	long := strings.Repeat("Routerproblem ", 22)[:300]
	for i, lc := range axLangCases {
		e := newEnv(t)
		e.category("internet", 12)
		_, b, a := lc.member(e, fmt.Sprintf("asker%d", i))
		created := 0
		cases := []struct {
			name, category, title, body string
			field, code                 string
			args                        []any
		}{
			{"empty title", "internet", "", body, "title", "error.required", nil},
			{"blank title", "internet", "   ", body, "title", "error.required", nil},
			{"300-character title", "internet", long, body, "title", "error.too_long", []any{forum.TitleMax}},
			{"short title", "internet", "Router", body, "title", "error.too_short", []any{forum.TitleMin}},
			{"invalid UTF-8 in the title", "internet", "Router drops \xff\xfe the line", body, "title", "error.invalid_utf8", nil},
			{"control character in the title", "internet", "Router drops \x07 the line", body, "title", "error.control_chars", nil},
			{"empty body", "internet", title, "", "body", "error.required", nil},
			{"nonexistent category", "no-such-area", title, body, "category", "error.category_unknown", nil},
			{"no category", "", title, body, "category", "error.required", nil},
		}
		for _, c := range cases {
			what := fmt.Sprintf("%s, form, %s", lc.name, c.name)
			msg := axFieldMsg(t, lc.lang, c.field, c.code, c.args...)
			r := b.post("/ask", url.Values{"category": {c.category}, "title": {c.title}, "body": {c.body}, "tags": {"dsl, router"}})
			axCheckRefusal(t, what, r, http.StatusUnprocessableEntity, lc.lang, msg)
			axCheckAskKept(t, what, r.Body, c.title, c.body, c.field)

			if c.code == "error.invalid_utf8" {
				// JSON cannot carry invalid UTF-8: a decoder reads it as
				// U+FFFD. Either a refusal or a clean title is fine.
				axRaw := []byte(`{"category":"internet","title":"Router drops ` + "\xff\xfe" + ` the line","body":"` + body + `"}`)
				r := a.axRaw(http.MethodPost, "/api/v1/threads", axRaw)
				if r.Status == http.StatusCreated {
					created++
					var out struct{ Thread struct{ Title string } }
					_ = json.Unmarshal([]byte(r.Body), &out)
					if !utf8.ValidString(out.Thread.Title) {
						t.Errorf("%s, API: stored an invalid title %q", lc.name, out.Thread.Title)
					}
				} else {
					axCheckAPIRefusal(t, lc.name+", API, "+c.name, r, http.StatusUnprocessableEntity, msg, c.field)
				}
				continue
			}
			r = a.call(http.MethodPost, "/api/v1/threads", map[string]any{"category": c.category, "title": c.title, "body": c.body}, nil)
			axCheckAPIRefusal(t, lc.name+", API, "+c.name, r, http.StatusUnprocessableEntity, msg, c.field)
		}
		if n, _ := e.Svc.Threads(context.Background(), forum.ThreadFilter{}); n.Total != created {
			t.Errorf("%s: %d refused questions were stored", lc.name, n.Total-created)
		}
	}
}

// checkAskKept checks that the re-rendered ask form shows what was typed
// and marks the field at fault.
func axCheckAskKept(t *testing.T, what, page, title, body, field string) {
	t.Helper()
	gotTitle, ok := axFieldValue(t, page, "ask-title")
	if !ok {
		t.Errorf("%s: no ask form in the answer", what)
		return
	}
	wantTitle := strings.ToValidUTF8(title, "\uFFFD")
	if strings.ToValidUTF8(gotTitle, "\uFFFD") != wantTitle && !strings.Contains(gotTitle, "Router drops") {
		t.Errorf("%s: title not kept: %q, typed %q", what, axShort(gotTitle), axShort(title))
	}
	if gotBody, _ := axFieldValue(t, page, "ask-body"); gotBody != body {
		t.Errorf("%s: body not kept: %q (%d bytes), typed %d bytes", what, axShort(gotBody), len(gotBody), len(body))
	}
	if tags, _ := axFieldValue(t, page, "ask-tags"); tags != "dsl, router" {
		t.Errorf("%s: tags not kept: %q", what, tags)
	}
	ids := map[string]string{"title": "ask-title", "body": "ask-body", "category": "ask-category"}
	if n := axByID(axParseHTML(t, page), ids[field]); n != nil {
		if v, _ := axAttr(n, "aria-invalid"); v != "true" {
			t.Errorf("%s: the %s field is not marked aria-invalid", what, field)
		}
	}
}

// raw sends a body as it is, with the client's token and language.
func (a *api) axRaw(method, path string, body []byte) response {
	a.e.t.Helper()
	req, _ := http.NewRequest(method, a.e.Srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	if a.lang != "" {
		req.Header.Set("Accept-Language", a.lang)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.e.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(out), Header: res.Header}
}

// ---- oversized bodies ----

// try sends a request and reports transport errors instead of failing (a
// server may close the connection after refusing a huge body).
func (b *browser) axTry(req *http.Request) (response, error) {
	for k, v := range b.header {
		req.Header[k] = v
	}
	res, err := b.client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(body), Header: res.Header, Location: res.Header.Get("Location")}, nil
}

// onlyReader hides the length of a body, so the client sends it chunked
// without a Content-Length.
type axChunked struct{ io.Reader }

// TestOversizedBodies: a body beyond the limit (1.5 MiB) is refused with 413
// and a clear message, whether it announces its length or comes chunked; a
// 1 MB post is under the limit, so it is read and refused as too long with
// the form kept (the design: nothing typed is lost).
func TestOversizedBodies(t *testing.T) {
	const limitKiB = 1536
	for i, lc := range axLangCases[:3] {
		e := newEnv(t)
		e.category("internet", 12)
		_, b, a := lc.member(e, fmt.Sprintf("writer%d", i))
		token := b.csrf()
		title := "Router drops the line every evening"
		tooLarge := axStr(t, lc.lang, "error.body_too_large", limitKiB)

		// 1 MB of text in a form: a refusal naming the limit of a post
		// (or the request limit), never a 500, never stored.
		mb := strings.Repeat("0123456789abcdef", 1<<16) // 1 MiB
		r := b.post("/ask", url.Values{"category": {"internet"}, "title": {title}, "body": {mb}, "tags": {"dsl, router"}})
		switch r.Status {
		case http.StatusRequestEntityTooLarge:
			axCheckRefusal(t, lc.name+", 1 MB form", r, http.StatusRequestEntityTooLarge, lc.lang, tooLarge)
		default:
			axCheckRefusal(t, lc.name+", 1 MB form", r, http.StatusUnprocessableEntity, lc.lang,
				axFieldMsg(t, lc.lang, "body", "error.too_long", forum.BodyMax))
			axCheckAskKept(t, lc.name+", 1 MB form", r.Body, title, mb, "body")
		}
		r = a.call(http.MethodPost, "/api/v1/threads", map[string]any{"category": "internet", "title": title, "body": mb}, nil)
		if r.Status != http.StatusRequestEntityTooLarge {
			axCheckAPIRefusal(t, lc.name+", 1 MB API", r, http.StatusUnprocessableEntity,
				axFieldMsg(t, lc.lang, "body", "error.too_long", forum.BodyMax), "body")
		}

		// 2 MB: beyond the limit, with and without Content-Length.
		huge := url.Values{"csrf": {token}, "category": {"internet"}, "title": {title},
			"body": {strings.Repeat("x", 2<<20)}}.Encode()
		for _, chunked := range []bool{false, true} {
			var rd io.Reader = strings.NewReader(huge)
			if chunked {
				rd = axChunked{rd}
			}
			req, _ := http.NewRequest(http.MethodPost, e.Srv.URL+"/ask", rd)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			what := fmt.Sprintf("%s, 2 MB form (chunked %v)", lc.name, chunked)
			r, err := b.axTry(req)
			if err != nil {
				t.Errorf("%s: %v", what, err)
				continue
			}
			if chunked && req.ContentLength != 0 {
				t.Fatalf("%s: sent with a length", what)
			}
			axCheckRefusal(t, what, r, http.StatusRequestEntityTooLarge, lc.lang, tooLarge)

			rawJSON := []byte(`{"category":"internet","title":"` + title + `","body":"` + strings.Repeat("x", 2<<20) + `"}`)
			rd = bytes.NewReader(rawJSON)
			if chunked {
				rd = axChunked{rd}
			}
			req, _ = http.NewRequest(http.MethodPost, e.Srv.URL+"/api/v1/threads", rd)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+a.token)
			req.Header.Set("Accept-Language", lc.header)
			what = fmt.Sprintf("%s, 2 MB API (chunked %v)", lc.name, chunked)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("%s: %v", what, err)
				continue
			}
			out, _ := io.ReadAll(res.Body)
			res.Body.Close()
			axCheckAPIRefusal(t, what, response{Status: res.StatusCode, Body: string(out)}, http.StatusRequestEntityTooLarge, tooLarge, "")
		}
		if n, _ := e.Svc.Threads(context.Background(), forum.ThreadFilter{}); n.Total != 0 {
			t.Errorf("%s: %d oversized questions were stored", lc.name, n.Total)
		}
	}
}

// ---- not found ----

func TestNotFoundInBothLanguages(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	for i, lc := range axLangCases {
		_, mb, ma := lc.member(e, fmt.Sprintf("reader%d", i))
		gb, _ := lc.axGuest(e)
		notFound := axStr(t, lc.lang, "error.not_found")
		for _, who := range []struct {
			name string
			b    *browser
		}{{"member", mb}, {"guest", gb}} {
			for _, path := range []string{"/t/999999", "/t/999999/some-slug", "/t/abc", "/t/-1", "/c/no-such-area", "/u/nobody-here", "/p/999999/revisions", "/no/such/page"} {
				r := who.b.get(path)
				axCheckRefusal(t, fmt.Sprintf("%s, %s GET %s", lc.name, who.name, path), r, http.StatusNotFound, lc.lang, notFound)
			}
		}
		// A form sent to a thread that does not exist.
		r := mb.post("/t/999999/answer", url.Values{"body": {"An answer to a thread that is gone."}})
		axCheckRefusal(t, lc.name+", answer to a missing thread", r, http.StatusNotFound, lc.lang, notFound)

		for _, path := range []string{"/api/v1/threads/999999", "/api/v1/threads/abc", "/api/v1/posts/999999/revisions", "/api/v1/users/nobody-here", "/api/v1/no-such-thing"} {
			r := ma.call(http.MethodGet, path, nil, nil)
			axCheckAPIRefusal(t, lc.name+", API GET "+path, r, http.StatusNotFound, notFound, "")
			if axErr(r).Error.Code != "not_found" {
				t.Errorf("%s, API GET %s: code %q", lc.name, path, axErr(r).Error.Code)
			}
		}
		r = ma.call(http.MethodPost, "/api/v1/threads/999999/posts", map[string]string{"body": "An answer to a thread that is gone."}, nil)
		axCheckAPIRefusal(t, lc.name+", API answer to a missing thread", r, http.StatusNotFound, notFound, "")
		r = ma.call(http.MethodGet, "/api/v1/threads?category=no-such-area", nil, nil)
		axCheckAPIRefusal(t, lc.name+", API list of a missing category", r, http.StatusNotFound,
			axFieldMsg(t, lc.lang, "category", "error.category_unknown"), "category")
	}
}

// ---- accounts ----

func TestWrongPasswordInBothLanguages(t *testing.T) {
	for _, lc := range axLangCases {
		e := newEnv(t)
		e.user("sabine", forum.RoleMember)
		b, _ := lc.axGuest(e)
		msg := axStr(t, lc.lang, "error.login_failed")
		for _, name := range []string{"sabine", "nobody-here"} {
			r := b.post("/login", url.Values{"username": {name}, "password": {"wrong password, quite long"}, "next": {"/ask"}})
			what := lc.name + ", login as " + name
			axCheckRefusal(t, what, r, http.StatusUnauthorized, lc.lang, msg)
			if v, _ := axFieldValue(t, r.Body, "login-username"); v != name {
				t.Errorf("%s: username not kept: %q", what, v)
			}
			if strings.Contains(r.Body, "wrong password, quite long") {
				t.Errorf("%s: the password is echoed", what)
			}
			if n := axByID(axParseHTML(t, r.Body), "login-password"); n == nil {
				t.Errorf("%s: no login form", what)
			}
			if !strings.Contains(r.Body, `name="next" value="/ask"`) {
				t.Errorf("%s: the way back (next) is lost", what)
			}
			r = lc.guestAPI(e, http.MethodPost, "/api/v1/auth/token", map[string]string{"username": name, "password": "wrong password, quite long"})
			axCheckAPIRefusal(t, what+", API", r, http.StatusUnauthorized, msg, "")
		}
	}
}

func TestDuplicateRegistrationInBothLanguages(t *testing.T) {
	for _, lc := range axLangCases {
		e := newEnv(t)
		e.user("sabine", forum.RoleMember)
		b, _ := lc.axGuest(e)
		for _, c := range []struct {
			name, username, email, field, code string
		}{
			{"same username", "sabine", "other@example.com", "username", "error.username_taken"},
			{"same username in other case", "SABINE", "other2@example.com", "username", "error.username_taken"},
			{"same email", "sabine2", "sabine@example.com", "email", "error.email_taken"},
		} {
			what := lc.name + ", register with the " + c.name
			msg := axFieldMsg(t, lc.lang, c.field, c.code)
			r := b.post("/register", url.Values{"username": {c.username}, "email": {c.email}, "password": {testPassword}})
			axCheckRefusal(t, what, r, http.StatusConflict, lc.lang, msg)
			if v, _ := axFieldValue(t, r.Body, "acct-username"); v != c.username {
				t.Errorf("%s: username not kept: %q", what, v)
			}
			if v, _ := axFieldValue(t, r.Body, "acct-email"); v != c.email {
				t.Errorf("%s: email not kept: %q", what, v)
			}
			if strings.Contains(r.Body, testPassword) {
				t.Errorf("%s: the password is echoed", what)
			}
			r = lc.guestAPI(e, http.MethodPost, "/api/v1/auth/register", map[string]string{"username": c.username, "email": c.email, "password": testPassword})
			axCheckAPIRefusal(t, what+", API", r, http.StatusConflict, msg, c.field)
		}
		_, total, _ := e.Svc.Users(context.Background(), &forum.User{ID: -1, Role: forum.RoleAdmin}, 1)
		if total != 1 {
			t.Errorf("%s: %d accounts, want 1", lc.name, total)
		}
	}
}

// ---- transport-level refusals ----

// TestFormRefusals: a missing CSRF token keeps the text on the error page;
// JSON sent to a form route is a 415; both in the right language.
func TestFormRefusals(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	for i, lc := range axLangCases {
		_, b, _ := lc.member(e, fmt.Sprintf("poster%d", i))
		token := b.csrf()
		title, body := "Router drops the line every evening", "Since Monday my DSL line drops at 8 pm."

		r := b.postRaw("/ask", url.Values{"category": {"internet"}, "title": {title}, "body": {body}})
		axCheckRefusal(t, lc.name+", ask without a CSRF token", r, http.StatusForbidden, lc.lang, axStr(t, lc.lang, "error.csrf"))
		if !axSays(r.Body, title) || !axSays(r.Body, body) || !axSays(r.Body, axStr(t, lc.lang, "error.kept")) {
			t.Errorf("%s: the refused question is not kept on the error page", lc.name)
		}

		for _, path := range []string{"/ask", "/t/1/answer", "/login", "/register"} {
			r = b.axSend(http.MethodPost, path, strings.NewReader(`{"title":"`+title+`","body":"`+body+`","csrf":"`+token+`"}`),
				"application/json", http.Header{"X-Csrf-Token": {token}})
			axCheckRefusal(t, lc.name+", JSON to "+path, r, http.StatusUnsupportedMediaType, lc.lang, axStr(t, lc.lang, "error.form_type"))
		}
		// Broken form encoding is a 400, not a 500.
		r = b.axSend(http.MethodPost, "/ask", strings.NewReader("csrf="+token+"&title=%zz&body=%"), "application/x-www-form-urlencoded", nil)
		axCheckRefusal(t, lc.name+", broken form encoding", r, http.StatusBadRequest, lc.lang, axStr(t, lc.lang, "error.form_malformed"))
	}
	if n, _ := e.Svc.Threads(context.Background(), forum.ThreadFilter{}); n.Total != 0 {
		t.Errorf("%d refused questions were stored", n.Total)
	}
}
