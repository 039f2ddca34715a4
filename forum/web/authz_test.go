package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/themes"
)

// ---- helpers shared by authz, csrf, input, pages and race tests ----

// signedIn returns a browser with a session for u, made directly through the
// service so that it costs no login attempt (the login limit is 10 per
// address); nil gives a guest.
func (e *env) axSignedIn(u *forum.User) *browser {
	e.t.Helper()
	b := e.browser()
	if u == nil {
		return b
	}
	secret, err := e.Svc.StartSession(context.Background(), u, forum.TokenSession)
	if err != nil {
		e.t.Fatal(err)
	}
	su, _ := url.Parse(e.Srv.URL)
	b.client.Jar.SetCookies(su, []*http.Cookie{{Name: "chorus_session", Value: secret, Path: "/"}})
	return b
}

// apiFor returns an API client with a bearer token for u, without the login
// route; nil gives an anonymous client.
func (e *env) axAPI(u *forum.User) *api {
	e.t.Helper()
	if u == nil {
		return e.api("")
	}
	token, err := e.Svc.StartSession(context.Background(), u, forum.TokenAPI)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.api(token)
}

// send makes any request with the browser's cookies; hdr adds headers.
func (b *browser) axSend(method, path string, body io.Reader, contentType string, hdr http.Header) response {
	b.e.t.Helper()
	req, err := http.NewRequest(method, b.e.Srv.URL+path, body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	return b.do(req)
}

// sendForm posts a form as given (no CSRF token added) with extra headers.
func (b *browser) axForm(path string, form url.Values, hdr http.Header) response {
	b.e.t.Helper()
	return b.axSend(http.MethodPost, path, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", hdr)
}

// sendJSON sends v as JSON with the browser's cookies (a session, no bearer).
func (b *browser) axJSON(method, path string, v any, hdr http.Header) response {
	b.e.t.Helper()
	var rd io.Reader
	ct := ""
	if v != nil {
		axRaw, err := json.Marshal(v)
		if err != nil {
			b.e.t.Fatal(err)
		}
		rd, ct = bytes.NewReader(axRaw), "application/json"
	}
	return b.axSend(method, path, rd, ct, hdr)
}

// withLang sets the browser's Accept-Language.
func (b *browser) axLang(lang string) *browser {
	b.header.Set("Accept-Language", lang)
	return b
}

// catalogs are the UI strings as the files say them, read without the web
// package, so a test notices when a key falls back to English or is missing.
var axCatalogs = sync.OnceValues(func() (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, lang := range []string{"en", "de"} {
		axRaw, err := fs.ReadFile(themes.Embedded(), "locales/"+lang+".json")
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(axRaw, &m); err != nil {
			return nil, err
		}
		out[lang] = m
	}
	return out, nil
})

// str returns the catalog string key in lang with args filled in; it fails
// the test when the language lacks the key.
func axStr(t testing.TB, lang, key string, args ...any) string {
	t.Helper()
	cs, err := axCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	s, ok := cs[lang][key]
	if !ok {
		t.Fatalf("catalog %s has no %q", lang, key)
	}
	if len(args) > 0 && strings.Contains(s, "%") {
		s = fmt.Sprintf(s, args...)
	}
	return s
}

// fieldMsg is an error message about one field, as the web layer says it.
func axFieldMsg(t testing.TB, lang, field, code string, args ...any) string {
	t.Helper()
	return axStr(t, lang, "field."+field) + ": " + axStr(t, lang, code, args...)
}

// says reports whether a page or JSON body contains text (HTML entities and
// JSON escapes undone).
func axSays(body, text string) bool {
	if strings.Contains(html.UnescapeString(body), text) {
		return true
	}
	var v any
	if json.Unmarshal([]byte(body), &v) == nil {
		axRaw, _ := json.Marshal(text)
		return strings.Contains(body, strings.Trim(string(axRaw), `"`)) || axJSONContains(v, text)
	}
	return false
}

func axJSONContains(v any, text string) bool {
	switch v := v.(type) {
	case string:
		return strings.Contains(v, text)
	case map[string]any:
		for _, x := range v {
			if axJSONContains(x, text) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if axJSONContains(x, text) {
				return true
			}
		}
	}
	return false
}

// apiErr decodes an API error body, or returns a zero value.
func axErr(r response) apiError {
	var e apiError
	_ = json.Unmarshal([]byte(r.Body), &e)
	return e
}

func axShort(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// ---- the role × action table ----

type axActor int

const (
	axGuest axActor = iota
	axOwner         // a member who owns the object acted on
	axOther         // a member who does not
	axMod
	axStaff
	axAdmin
)

var axActorNames = [...]string{"guest", "owner", "other member", "moderator", "staff", "admin"}

type axOutcome int

const (
	axAllowed axOutcome = iota
	axToLogin           // guests: a redirect to the login page (API: 401)
	axRefused           // 403
)

func (o axOutcome) String() string { return [...]string{"allowed", "login", "forbidden"}[o] }

// everyone but guests; owners only; moderators and up; admins only.
var (
	axMembers    = [6]axOutcome{axToLogin, axAllowed, axAllowed, axAllowed, axAllowed, axAllowed}
	axOwnerOrMod = [6]axOutcome{axToLogin, axAllowed, axRefused, axAllowed, axAllowed, axAllowed}
	axNotOwner   = [6]axOutcome{axToLogin, axRefused, axAllowed, axAllowed, axAllowed, axAllowed}
	axModsOnly   = [6]axOutcome{axToLogin, axRefused, axRefused, axAllowed, axAllowed, axAllowed}
	axNobody     = [6]axOutcome{axToLogin, axRefused, axRefused, axRefused, axRefused, axRefused}
	axAdminOnly  = [6]axOutcome{axToLogin, axRefused, axRefused, axRefused, axRefused, axAllowed}
	axPublic     = [6]axOutcome{axAllowed, axAllowed, axAllowed, axAllowed, axAllowed, axAllowed}
)

// world is one forum with an account per actor; every cell of the table
// makes its own objects in it.
type axWorld struct {
	e      *env
	users  [6]*forum.User
	helper *forum.User // another member, for threads the owner must not own
	pages  [6]*browser
	apis   [6]*api
	n      int
}

func axNewWorld(t *testing.T) *axWorld {
	e := newEnv(t)
	e.category("internet", 12)
	w := &axWorld{e: e}
	w.users[axOwner] = e.user("owner", forum.RoleMember)
	w.users[axOther] = e.user("other", forum.RoleMember)
	w.users[axMod] = e.user("mod", forum.RoleModerator)
	w.users[axStaff] = e.user("staffer", forum.RoleStaff)
	w.users[axAdmin] = e.user("admin", forum.RoleAdmin)
	w.helper = e.user("helper", forum.RoleMember)
	for a := range w.users {
		w.pages[a] = e.axSignedIn(w.users[a])
		w.apis[a] = e.axAPI(w.users[a])
	}
	return w
}

func (w *axWorld) next() int { w.n++; return w.n }

// fixture is what one cell acts on.
type axFixture struct {
	thread  int64
	post    int64
	comment int64
	catID   int64
	slug    string
	name    string
	count   int
}

func (w *axWorld) thread(by *forum.User) *forum.Thread {
	return w.e.ask(by, "internet", fmt.Sprintf("Router question number %d from %s", w.next(), by.Username))
}

func (w *axWorld) accept(thread, post int64) {
	w.e.t.Helper()
	if _, err := w.e.Svc.Accept(context.Background(), w.e.admin(), thread, post); err != nil {
		w.e.t.Fatal(err)
	}
}

func (w *axWorld) comment(by *forum.User, post int64) int64 {
	w.e.t.Helper()
	c, _, err := w.e.Svc.AddComment(context.Background(), by, post, "Same here, since the update.")
	if err != nil {
		w.e.t.Fatal(err)
	}
	return c.ID
}

func (w *axWorld) question(thread int64) int64 {
	w.e.t.Helper()
	v, err := w.e.Svc.Thread(context.Background(), nil, thread)
	if err != nil {
		w.e.t.Fatal(err)
	}
	return v.Question.ID
}

func (w *axWorld) threadRow(id int64) *forum.Thread {
	w.e.t.Helper()
	t, err := w.e.DB.ThreadByID(context.Background(), id)
	if err != nil {
		w.e.t.Fatal(err)
	}
	return t
}

func (w *axWorld) postRow(id int64) *forum.Post {
	w.e.t.Helper()
	p, err := w.e.DB.PostByID(context.Background(), id)
	if err != nil {
		w.e.t.Fatal(err)
	}
	return p
}

type axCase struct {
	name string
	want [6]axOutcome
	// setup makes fresh objects for one cell.
	setup func(w *axWorld) axFixture
	// page and api do the action; nil when there is no such route.
	page    func(b *browser, f axFixture) response
	pageGET bool
	pageOK  int
	api     func(a *api, f axFixture) response
	apiOK   int
	// done reports whether the action took effect; nil for reads.
	done func(w *axWorld, f axFixture) bool
}

func axCases() []axCase {
	const newBody = "Edited: the router needs the firmware update from May."
	return []axCase{
		{
			name: "ask", want: axMembers,
			setup: func(w *axWorld) axFixture {
				n, _ := w.e.Svc.Threads(context.Background(), forum.ThreadFilter{})
				return axFixture{count: n.Total, name: fmt.Sprintf("Fresh question number %d about DSL", w.next())}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/ask", url.Values{"category": {"internet"}, "title": {f.name}, "body": {"The line drops every evening since Monday."}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPost, "/api/v1/threads", map[string]any{"category": "internet", "title": f.name,
					"body": "The line drops every evening since Monday."}, nil)
			},
			apiOK: http.StatusCreated,
			done: func(w *axWorld, f axFixture) bool {
				n, _ := w.e.Svc.Threads(context.Background(), forum.ThreadFilter{})
				return n.Total > f.count
			},
		},
		{
			name: "answer", want: axMembers,
			setup: func(w *axWorld) axFixture { return axFixture{thread: w.thread(w.users[axOwner]).ID} },
			page: func(b *browser, f axFixture) response {
				return b.post("/t/"+itoa(f.thread)+"/answer", url.Values{"body": {"Restart the router and check the splitter."}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPost, "/api/v1/threads/"+itoa(f.thread)+"/posts", map[string]string{"body": "Restart the router and check the splitter."}, nil)
			},
			apiOK: http.StatusCreated,
			done:  func(w *axWorld, f axFixture) bool { return w.threadRow(f.thread).AnswerCount > 0 },
		},
		{
			name: "comment", want: axMembers,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.users[axOwner])
				return axFixture{thread: th.ID, post: w.question(th.ID)}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/p/"+itoa(f.post)+"/comments", url.Values{"comment": {"Which router model is it?"}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPost, "/api/v1/posts/"+itoa(f.post)+"/comments", map[string]string{"body": "Which router model is it?"}, nil)
			},
			apiOK: http.StatusCreated,
			done: func(w *axWorld, f axFixture) bool {
				posts, _ := w.e.DB.Posts(context.Background(), f.thread)
				return len(posts) > 0 && len(posts[0].Comments) > 0
			},
		},
		{
			// The owner edits their own post; everyone else edits someone else's.
			name: "edit post (the owner's)", want: axOwnerOrMod,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.users[axOwner])
				return axFixture{thread: th.ID, post: w.question(th.ID), name: th.Title}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/p/"+itoa(f.post)+"/edit", url.Values{"title": {f.name}, "body": {newBody}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPatch, "/api/v1/posts/"+itoa(f.post), map[string]string{"body": newBody}, nil)
			},
			apiOK: http.StatusOK,
			done:  func(w *axWorld, f axFixture) bool { return w.postRow(f.post).BodyMD == newBody },
		},
		{
			name: "edit form (the owner's post)", want: axOwnerOrMod,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.users[axOwner])
				return axFixture{thread: th.ID, post: w.question(th.ID)}
			},
			page:    func(b *browser, f axFixture) response { return b.get("/p/" + itoa(f.post) + "/edit") },
			pageGET: true, pageOK: http.StatusOK,
		},
		{
			name: "delete post (the owner's answer)", want: axOwnerOrMod,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.helper)
				return axFixture{thread: th.ID, post: w.e.answer(w.users[axOwner], th.ID).ID}
			},
			page:   func(b *browser, f axFixture) response { return b.post("/p/"+itoa(f.post)+"/delete", nil) },
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodDelete, "/api/v1/posts/"+itoa(f.post), nil, nil)
			},
			apiOK: http.StatusNoContent,
			done:  func(w *axWorld, f axFixture) bool { return w.postRow(f.post).Deleted() },
		},
		{
			name: "delete post (the owner's accepted answer)", want: axModsOnly,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.helper)
				a := w.e.answer(w.users[axOwner], th.ID)
				w.accept(th.ID, a.ID)
				return axFixture{thread: th.ID, post: a.ID}
			},
			page:   func(b *browser, f axFixture) response { return b.post("/p/"+itoa(f.post)+"/delete", nil) },
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodDelete, "/api/v1/posts/"+itoa(f.post), nil, nil)
			},
			apiOK: http.StatusNoContent,
			done:  func(w *axWorld, f axFixture) bool { return w.postRow(f.post).Deleted() },
		},
		{
			name: "delete post (the owner's answered question)", want: axModsOnly,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.users[axOwner])
				w.e.answer(w.helper, th.ID)
				return axFixture{thread: th.ID, post: w.question(th.ID)}
			},
			page:   func(b *browser, f axFixture) response { return b.post("/p/"+itoa(f.post)+"/delete", nil) },
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodDelete, "/api/v1/posts/"+itoa(f.post), nil, nil)
			},
			apiOK: http.StatusNoContent,
			done:  func(w *axWorld, f axFixture) bool { return w.postRow(f.post).Deleted() },
		},
		{
			name: "delete comment (the owner's)", want: axOwnerOrMod,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.helper)
				return axFixture{thread: th.ID, comment: w.comment(w.users[axOwner], w.question(th.ID))}
			},
			page:   func(b *browser, f axFixture) response { return b.post("/comments/"+itoa(f.comment)+"/delete", nil) },
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodDelete, "/api/v1/comments/"+itoa(f.comment), nil, nil)
			},
			apiOK: http.StatusNoContent,
			done: func(w *axWorld, f axFixture) bool {
				c, err := w.e.DB.CommentByID(context.Background(), f.comment)
				return err == nil && c.DeletedAt != nil
			},
		},
		{
			name: "vote (on the owner's answer)", want: axNotOwner,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.helper)
				return axFixture{thread: th.ID, post: w.e.answer(w.users[axOwner], th.ID).ID}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/p/"+itoa(f.post)+"/vote", url.Values{"value": {"1"}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPut, "/api/v1/posts/"+itoa(f.post)+"/vote", map[string]int{"value": 1}, nil)
			},
			apiOK: http.StatusOK,
			done:  func(w *axWorld, f axFixture) bool { return w.postRow(f.post).Score == 1 },
		},
		{
			name: "vote (on a question)", want: axNobody,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.users[axOwner])
				return axFixture{thread: th.ID, post: w.question(th.ID)}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/p/"+itoa(f.post)+"/vote", url.Values{"value": {"1"}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPut, "/api/v1/posts/"+itoa(f.post)+"/vote", map[string]int{"value": 1}, nil)
			},
			apiOK: http.StatusOK,
			done:  func(w *axWorld, f axFixture) bool { return w.postRow(f.post).Score != 0 },
		},
		{
			name: "me too (on the owner's thread)", want: axNotOwner,
			setup: func(w *axWorld) axFixture { return axFixture{thread: w.thread(w.users[axOwner]).ID} },
			page: func(b *browser, f axFixture) response {
				return b.post("/t/"+itoa(f.thread)+"/metoo", url.Values{"on": {"1"}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPut, "/api/v1/threads/"+itoa(f.thread)+"/metoo", nil, nil)
			},
			apiOK: http.StatusOK,
			done:  func(w *axWorld, f axFixture) bool { return w.threadRow(f.thread).MeTooCount == 1 },
		},
		{
			name: "accept (in the owner's thread)", want: axOwnerOrMod,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.users[axOwner])
				return axFixture{thread: th.ID, post: w.e.answer(w.helper, th.ID).ID}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/t/"+itoa(f.thread)+"/accept", url.Values{"post_id": {itoa(f.post)}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPost, "/api/v1/threads/"+itoa(f.thread)+"/accept", map[string]int64{"post_id": f.post}, nil)
			},
			apiOK: http.StatusOK,
			done:  func(w *axWorld, f axFixture) bool { return w.threadRow(f.thread).AcceptedPostID == f.post },
		},
		{
			name: "unaccept (in the owner's thread)", want: axOwnerOrMod,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.users[axOwner])
				a := w.e.answer(w.helper, th.ID)
				w.accept(th.ID, a.ID)
				return axFixture{thread: th.ID, post: a.ID}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/t/"+itoa(f.thread)+"/accept", url.Values{"post_id": {"0"}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodDelete, "/api/v1/threads/"+itoa(f.thread)+"/accept", nil, nil)
			},
			apiOK: http.StatusOK,
			done:  func(w *axWorld, f axFixture) bool { return w.threadRow(f.thread).AcceptedPostID == 0 },
		},
		{
			name: "view revisions", want: axPublic,
			setup: func(w *axWorld) axFixture {
				th := w.thread(w.users[axOwner])
				q := w.question(th.ID)
				if _, err := w.e.Svc.EditPost(context.Background(), w.users[axOwner], q, forum.PostEdit{Title: th.Title, Body: newBody}); err != nil {
					w.e.t.Fatal(err)
				}
				return axFixture{thread: th.ID, post: q}
			},
			page:    func(b *browser, f axFixture) response { return b.get("/p/" + itoa(f.post) + "/revisions") },
			pageGET: true, pageOK: http.StatusOK,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodGet, "/api/v1/posts/"+itoa(f.post)+"/revisions", nil, nil)
			},
			apiOK: http.StatusOK,
		},
		{
			name: "create category", want: axAdminOnly,
			setup: func(w *axWorld) axFixture {
				n := w.next()
				return axFixture{slug: fmt.Sprintf("area-%d", n), name: fmt.Sprintf("Area %d", n)}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/admin/categories", url.Values{"name": {f.name}, "slug": {f.slug}, "response_target_hours": {"24"}, "position": {"0"}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPost, "/api/v1/categories", map[string]any{"name": f.name, "slug": f.slug, "response_target_hours": 24}, nil)
			},
			apiOK: http.StatusCreated,
			done: func(w *axWorld, f axFixture) bool {
				_, err := w.e.Svc.Category(context.Background(), f.slug)
				return err == nil
			},
		},
		{
			name: "update category", want: axAdminOnly,
			setup: func(w *axWorld) axFixture {
				c := w.e.category(fmt.Sprintf("zone-%d", w.next()), 24)
				return axFixture{catID: c.ID, slug: c.Slug, name: "Renamed " + c.Slug}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/admin/categories/"+itoa(f.catID), url.Values{"name": {f.name}, "slug": {f.slug}, "response_target_hours": {"12"}, "position": {"0"}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPut, "/api/v1/categories/"+f.slug, map[string]any{"name": f.name}, nil)
			},
			apiOK: http.StatusOK,
			done: func(w *axWorld, f axFixture) bool {
				c, err := w.e.DB.CategoryByID(context.Background(), f.catID)
				return err == nil && c.Name == f.name
			},
		},
		{
			name: "assign role", want: axAdminOnly,
			setup: func(w *axWorld) axFixture {
				return axFixture{name: w.e.user(fmt.Sprintf("target%d", w.next()), forum.RoleMember).Username}
			},
			page: func(b *browser, f axFixture) response {
				return b.post("/admin/users/"+f.name+"/role", url.Values{"role": {"moderator"}})
			},
			pageOK: http.StatusSeeOther,
			api: func(a *api, f axFixture) response {
				return a.call(http.MethodPut, "/api/v1/users/"+f.name+"/role", map[string]string{"role": "moderator"}, nil)
			},
			apiOK: http.StatusOK,
			done: func(w *axWorld, f axFixture) bool {
				u, err := w.e.Svc.User(context.Background(), f.name)
				return err == nil && u.Role == forum.RoleModerator
			},
		},
		{
			name: "admin users page", want: axAdminOnly,
			setup:   func(w *axWorld) axFixture { return axFixture{} },
			page:    func(b *browser, f axFixture) response { return b.get("/admin/users") },
			pageGET: true, pageOK: http.StatusOK,
		},
		{
			name: "admin categories page", want: axAdminOnly,
			setup:   func(w *axWorld) axFixture { return axFixture{} },
			page:    func(b *browser, f axFixture) response { return b.get("/admin/categories") },
			pageGET: true, pageOK: http.StatusOK,
		},
		{
			name: "admin category page", want: axAdminOnly,
			setup: func(w *axWorld) axFixture {
				return axFixture{catID: w.e.category(fmt.Sprintf("page-%d", w.next()), 24).ID}
			},
			page:    func(b *browser, f axFixture) response { return b.get("/admin/categories/" + itoa(f.catID)) },
			pageGET: true, pageOK: http.StatusOK,
		},
	}
}

// TestAuthorizationTable runs every action as every role, once through the
// HTML forms and once through the JSON API, each time on fresh objects, and
// compares status and effect with forum/policy.go.
func TestAuthorizationTable(t *testing.T) {
	w := axNewWorld(t)
	for _, c := range axCases() {
		for a := axGuest; a <= axAdmin; a++ {
			want := c.want[a]
			cell := fmt.Sprintf("%s as %s", c.name, axActorNames[a])
			if c.page != nil {
				f := c.setup(w)
				r := c.page(w.pages[a], f)
				axCheckPage(t, "page: "+cell, r, want, c.pageGET, c.pageOK)
				if c.done != nil {
					if got := c.done(w, f); got != (want == axAllowed) {
						t.Errorf("page: %s: took effect = %v, want %v (status %d)", cell, got, want == axAllowed, r.Status)
					}
				}
			}
			if c.api != nil {
				f := c.setup(w)
				r := c.api(w.apis[a], f)
				axCheckAPI(t, "api: "+cell, r, want, c.apiOK)
				if c.done != nil {
					if got := c.done(w, f); got != (want == axAllowed) {
						t.Errorf("api: %s: took effect = %v, want %v (status %d)", cell, got, want == axAllowed, r.Status)
					}
				}
			}
		}
	}
}

func axCheckPage(t *testing.T, cell string, r response, want axOutcome, get bool, okStatus int) {
	t.Helper()
	if r.Status >= 500 {
		t.Errorf("%s: %d, a server error\n%s", cell, r.Status, axShort(r.Body))
		return
	}
	switch want {
	case axAllowed:
		if r.Status != okStatus || strings.HasPrefix(r.Location, "/login") {
			t.Errorf("%s: %d %s, want %d (allowed)\n%s", cell, r.Status, r.Location, okStatus, axShort(r.Body))
		}
	case axToLogin:
		redirect := r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location, "/login")
		// A refused POST shows an error page (401) that keeps the text
		// and links to the login; a GET goes straight to the login.
		if get && !redirect || !get && !redirect && r.Status != http.StatusUnauthorized {
			t.Errorf("%s: %d %s, want a way to the login page", cell, r.Status, r.Location)
		}
		if !get && r.Status == http.StatusUnauthorized && !strings.Contains(r.Body, `href="/login?next=`) {
			t.Errorf("%s: the 401 page has no login link", cell)
		}
	case axRefused:
		if r.Status != http.StatusForbidden {
			t.Errorf("%s: %d %s, want 403", cell, r.Status, r.Location)
		}
	}
}

func axCheckAPI(t *testing.T, cell string, r response, want axOutcome, okStatus int) {
	t.Helper()
	switch want {
	case axAllowed:
		if r.Status != okStatus {
			t.Errorf("%s: %d, want %d\n%s", cell, r.Status, okStatus, axShort(r.Body))
		}
	case axToLogin:
		if r.Status != http.StatusUnauthorized || axErr(r).Error.Code != "unauthenticated" {
			t.Errorf("%s: %d %s, want 401 unauthenticated", cell, r.Status, axShort(r.Body))
		}
	case axRefused:
		if r.Status != http.StatusForbidden || axErr(r).Error.Code != "forbidden" {
			t.Errorf("%s: %d %s, want 403 forbidden", cell, r.Status, axShort(r.Body))
		}
	}
}
