package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

// csrfWorld is a forum with one of everything, so every route's parameters
// can be filled with something that exists.
type axCSRFWorld struct {
	e       *env
	member  *forum.User
	axAdmin *forum.User
	thread  *forum.Thread
	answer  *forum.Post
	comment int64
	cat     *forum.Category
	cluster int64 // open, holding thread
}

func axNewCSRFWorld(t *testing.T) *axCSRFWorld {
	e := newEnv(t)
	w := &axCSRFWorld{e: e, cat: e.category("internet", 12)}
	w.member = e.user("sabine", forum.RoleMember)
	w.axAdmin = e.user("admin", forum.RoleAdmin)
	w.thread = e.ask(w.member, "internet", "Router drops the line every evening")
	w.answer = e.answer(w.axAdmin, w.thread.ID)
	c, _, err := e.Svc.AddComment(context.Background(), w.member, w.answer.ID, "Thanks, I will try that.")
	if err != nil {
		t.Fatal(err)
	}
	w.comment = c.ID
	w.cluster = e.clOpenCluster(t, "internet", w.thread.ID)
	return w
}

// fill replaces a route's parameters with real ids and names.
func (w *axCSRFWorld) fill(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if !strings.HasPrefix(p, ":") && p != "*" {
			continue
		}
		prev := ""
		if i > 0 {
			prev = parts[i-1]
		}
		switch {
		case p == ":username":
			parts[i] = w.member.Username
		case p == ":slug" && prev == "categories":
			parts[i] = w.cat.Slug
		case p == ":slug":
			parts[i] = w.thread.Slug
		case p == ":tag":
			parts[i] = "router"
		case p == ":name":
			parts[i] = "style.css"
		case p == "*":
			parts[i] = "nothing"
		case p == ":action": // a cluster's decision
			parts[i] = "dismiss"
		case prev == "clusters":
			parts[i] = itoa(w.cluster)
		case prev == "t" || prev == "threads":
			parts[i] = itoa(w.thread.ID)
		case prev == "p" || prev == "posts":
			parts[i] = itoa(w.answer.ID)
		case prev == "comments":
			parts[i] = itoa(w.comment)
		case prev == "categories":
			parts[i] = itoa(w.cat.ID)
		default:
			parts[i] = "1"
		}
	}
	return strings.Join(parts, "/")
}

// snapshot describes everything a request could change, to compare.
func (w *axCSRFWorld) snapshot(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	list, err := w.e.Svc.Threads(ctx, forum.ThreadFilter{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "threads %d\n", list.Total)
	for _, th := range list.Threads {
		fmt.Fprintf(&b, "t%d %q %q answers=%d metoo=%d accepted=%d\n", th.ID, th.Title, th.Tags, th.AnswerCount, th.MeTooCount, th.AcceptedPostID)
		posts, err := w.e.DB.Posts(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range posts {
			fmt.Fprintf(&b, " p%d %q score=%d deleted=%v edited=%v\n", p.ID, p.BodyMD, p.Score, p.Deleted(), p.EditedAt != nil)
			for _, c := range p.Comments {
				fmt.Fprintf(&b, "  c%d deleted=%v\n", c.ID, c.DeletedAt != nil)
			}
		}
	}
	cats, _ := w.e.Svc.Categories(ctx)
	for _, c := range cats {
		fmt.Fprintf(&b, "cat %s %q %d %d\n", c.Slug, c.Name, c.ResponseTargetHours, c.Position)
	}
	users, total, err := w.e.Svc.Users(ctx, w.axAdmin, 1)
	if err != nil {
		t.Fatal(err)
	}
	clusters, err := w.e.Svc.Clusters(ctx, w.axAdmin, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range clusters {
		fmt.Fprintf(&b, "cluster %d %s people=%d threads=%d known=%d\n", c.ID, c.Status, c.People, len(c.Threads), c.KnownIssueID)
	}
	fmt.Fprintf(&b, "users %d\n", total)
	for _, u := range users {
		st, _ := w.e.DB.TwoFactor(ctx, u.ID)
		fmt.Fprintf(&b, "u %s %s %q %s 2fa=%v\n", u.Username, u.Role, u.Language, u.PasswordHash, st != nil && st.Enabled)
	}
	return b.String()
}

// formRoutes are the POST routes of the HTML side.
// csrfExempt are the form routes a signed token in the request authorises
// instead of the session and the CSRF token.
var csrfExempt = map[string]string{
	"/unsubscribe": "a mail client's one-click POST (RFC 8058) carries no cookie; the signed link is the authority",
}

func axFormRoutes(e *env) []string {
	var out []string
	for _, r := range e.App.Routes() {
		if _, exempt := csrfExempt[r.Path]; exempt {
			continue
		}
		if r.Method == http.MethodPost && !strings.HasPrefix(r.Path, "/api/") {
			out = append(out, r.Path)
		}
	}
	sort.Strings(out)
	return out
}

// What a form sends besides the token: every field any form has, so that
// a handler that ran would have something to act on.
var axAnyForm = url.Values{
	"title": {"A new title for the router problem"}, "body": {"A body that is long enough to be stored."},
	"comment": {"A comment that would be stored."}, "category": {"internet"}, "value": {"1"}, "on": {"1"},
	"post_id": {"1"}, "role": {"admin"}, "language": {"de"}, "name": {"Renamed"}, "slug": {"renamed"},
	"response_target_hours": {"5"}, "username": {"newcomer"}, "email": {"newcomer@example.com"},
	"password": {testPassword}, "current_password": {testPassword}, "new_password": {"another long passphrase here"},
	"action": {"disable"},
}

func axWithField(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for key, vals := range v {
		out[key] = append([]string(nil), vals...)
	}
	if val != "" {
		out.Set(k, val)
	}
	return out
}

// TestCSRFRefusesEveryFormRoute sends every POST form route without a
// token, with a wrong one, with another browser's and cross-site with the
// right one, as a guest and as a signed-in admin: each is a 403 that says
// why, and nothing changes.
func TestCSRFRefusesEveryFormRoute(t *testing.T) {
	w := axNewCSRFWorld(t)
	e := w.e
	routes := axFormRoutes(e)
	if len(routes) < 20 {
		t.Fatalf("only %d POST form routes found: %v", len(routes), routes)
	}
	t.Logf("%d POST form routes: %v", len(routes), routes)
	msg := axStr(t, "en", "error.csrf")
	before := w.snapshot(t)

	stranger := e.browser()
	strangerToken := stranger.csrf()
	for _, who := range []string{"guest", "admin"} {
		var u *forum.User
		if who == "admin" {
			u = w.axAdmin
		}
		for _, route := range routes {
			path := w.fill(route)
			fresh := e.axSignedIn(u) // has never loaded a page: no CSRF cookie at all
			b := e.axSignedIn(u)
			token := b.csrf()
			cases := []struct {
				name string
				b    *browser
				form url.Values
				hdr  http.Header
			}{
				{"no cookie, no token", fresh, axAnyForm, nil},
				{"no token", b, axAnyForm, nil},
				{"empty token", b, axWithField(axAnyForm, "csrf", " "), nil},
				{"wrong token", b, axWithField(axAnyForm, "csrf", strings.Repeat("A", len(token))), nil},
				{"another browser's token", b, axWithField(axAnyForm, "csrf", strangerToken), nil},
				{"token in the wrong header", b, axAnyForm, http.Header{"X-Csrf": {token}}},
				{"cross-site with the right token", b, axWithField(axAnyForm, "csrf", token), http.Header{"Sec-Fetch-Site": {"cross-site"}}},
			}
			for _, c := range cases {
				r := c.b.axForm(path, c.form, c.hdr)
				if r.Status != http.StatusForbidden || !axSays(r.Body, msg) {
					t.Errorf("%s POST %s, %s: %d %s, want 403 with the CSRF message", who, path, c.name, r.Status, r.Location)
				}
			}
			if r := b.get("/settings"); u != nil && r.Status != http.StatusOK {
				t.Errorf("%s: after refused POST %s the session is gone: %d %s", who, path, r.Status, r.Location)
			}
		}
	}
	if after := w.snapshot(t); after != before {
		t.Errorf("refused requests changed the forum:\nbefore:\n%s\nafter:\n%s", before, after)
	}

	// Control: the same routes with the right token get past the check
	// (whatever the handler then says), so the refusals above were the
	// check's doing.
	for _, route := range routes {
		b := e.axSignedIn(w.axAdmin)
		r := b.post(w.fill(route), url.Values{"csrf": {b.csrf()}})
		if axSays(r.Body, msg) || r.Status >= 500 {
			t.Errorf("POST %s with the right token: %d, refused as CSRF or failed", route, r.Status)
		}
	}
}

// A CSRF refusal must not eat a long answer: the error page shows the text
// for copying. A cross-site request is not echoed back.
func TestCSRFRefusalKeepsTheText(t *testing.T) {
	w := axNewCSRFWorld(t)
	b := w.e.axSignedIn(w.member)
	b.csrf()
	answer := "My long answer: unplug the splitter, wait a minute & plug it back <in>."
	r := b.axForm("/t/"+itoa(w.thread.ID)+"/answer", url.Values{"body": {answer}}, nil)
	if r.Status != http.StatusForbidden {
		t.Fatalf("status %d", r.Status)
	}
	if !axSays(r.Body, answer) || !axSays(r.Body, axStr(t, "en", "error.kept")) {
		t.Errorf("the refused answer is not on the error page:\n%s", axShort(r.Body))
	}
	r = b.axForm("/t/"+itoa(w.thread.ID)+"/answer", url.Values{"body": {answer}, "csrf": {b.csrf()}},
		http.Header{"Sec-Fetch-Site": {"cross-site"}})
	if r.Status != http.StatusForbidden || axSays(r.Body, answer) {
		t.Errorf("cross-site: %d, text echoed: %v", r.Status, axSays(r.Body, answer))
	}
}

// The API: a bearer token carries no ambient authority and needs no CSRF
// token; a browser session does, in the X-CSRF-Token header.
func TestCSRFOnTheAPI(t *testing.T) {
	w := axNewCSRFWorld(t)
	e := w.e
	ask := func(n int) map[string]any {
		return map[string]any{"category": "internet", "title": fmt.Sprintf("API question number %d about DSL", n),
			"body": "The line drops every evening since Monday."}
	}
	count := func() int {
		l, _ := e.Svc.Threads(context.Background(), forum.ThreadFilter{})
		return l.Total
	}

	// Bearer: no token, no cookie needed, even when a browser would call
	// the request cross-site.
	bearer := e.axAPI(w.member)
	if r := bearer.call(http.MethodPost, "/api/v1/threads", ask(1), nil); r.Status != http.StatusCreated {
		t.Errorf("bearer without CSRF: %d %s", r.Status, r.Body)
	}
	if r := bearer.call(http.MethodPut, "/api/v1/posts/"+itoa(w.answer.ID)+"/vote", map[string]int{"value": 1}, nil); r.Status != http.StatusOK {
		t.Errorf("bearer vote without CSRF: %d %s", r.Status, r.Body)
	}

	b := e.axSignedIn(w.member)
	token := b.csrf()
	n := count()
	for _, c := range []struct {
		name string
		hdr  http.Header
	}{
		{"no header", nil},
		{"token in a form field only", nil},
		{"wrong header", http.Header{"X-Csrf-Token": {strings.Repeat("B", len(token))}}},
		{"cross-site with the right header", http.Header{"X-Csrf-Token": {token}, "Sec-Fetch-Site": {"cross-site"}}},
	} {
		body := ask(2)
		if c.name == "token in a form field only" {
			body["csrf"] = token
		}
		r := b.axJSON(http.MethodPost, "/api/v1/threads", body, c.hdr)
		if r.Status != http.StatusForbidden || axErr(r).Error.Reason != "csrf" || !axSays(r.Body, axStr(t, "en", "error.csrf")) {
			t.Errorf("session, %s: %d %s, want 403 csrf", c.name, r.Status, axShort(r.Body))
		}
	}
	// Writes without a body need the header too.
	for _, req := range []struct{ method, path string }{
		{http.MethodPut, "/api/v1/threads/" + itoa(w.thread.ID) + "/metoo"},
		{http.MethodDelete, "/api/v1/posts/" + itoa(w.answer.ID) + "/vote"},
		{http.MethodDelete, "/api/v1/comments/" + itoa(w.comment)},
		{http.MethodDelete, "/api/v1/auth/token"},
	} {
		if r := b.axSend(req.method, req.path, nil, "", nil); r.Status != http.StatusForbidden {
			t.Errorf("session, %s %s without the header: %d %s", req.method, req.path, r.Status, axShort(r.Body))
		}
	}
	// A plain HTML form (what another site can send) never reaches the API.
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"} {
		r := b.axSend(http.MethodPost, "/api/v1/threads", strings.NewReader("title=x"), ct, http.Header{"X-Csrf-Token": {token}})
		if r.Status != http.StatusUnsupportedMediaType {
			t.Errorf("session, %s body: %d, want 415", ct, r.Status)
		}
	}
	if got := count(); got != n {
		t.Errorf("refused API requests created %d threads", got-n)
	}
	if c, _ := e.DB.CommentByID(context.Background(), w.comment); c.DeletedAt != nil {
		t.Error("a refused API request deleted the comment")
	}
	r := b.axJSON(http.MethodPost, "/api/v1/threads", ask(3), http.Header{"X-Csrf-Token": {token}})
	if r.Status != http.StatusCreated {
		t.Errorf("session with the right header: %d %s", r.Status, r.Body)
	}
}

// No GET changes anything: the POST-only addresses answer a GET with 405 or
// 404 (or, where /t/:id/:slug matches, a redirect to the thread), and every
// GET route, called as an admin, leaves the forum as it was.
func TestGETChangesNothing(t *testing.T) {
	w := axNewCSRFWorld(t)
	e := w.e
	b := e.axSignedIn(w.axAdmin)
	before := w.snapshot(t)
	tid, pid := itoa(w.thread.ID), itoa(w.answer.ID)
	for _, path := range []string{
		"/t/" + tid + "/accept?post_id=" + pid, "/t/" + tid + "/metoo?on=1", "/t/" + tid + "/answer?body=hello+there+long+enough+body",
		"/p/" + pid + "/vote?value=1", "/p/" + pid + "/delete", "/p/" + pid + "/comments?comment=hi+there",
		"/comments/" + itoa(w.comment) + "/delete", "/logout", "/admin/users/" + w.member.Username + "/role?role=admin",
		"/language?language=de", "/settings/password?current_password=x&new_password=y",
		"/api/v1/threads/" + tid + "/accept?post_id=" + pid, "/api/v1/posts/" + pid + "/vote?value=1",
		"/api/v1/threads/" + tid + "/metoo", "/api/v1/users/" + w.member.Username + "/role?role=admin",
	} {
		r := b.get(path)
		switch {
		case r.Status == http.StatusMethodNotAllowed || r.Status == http.StatusNotFound:
		case r.Status == http.StatusMovedPermanently && strings.HasPrefix(r.Location, "/t/"+tid+"/"+w.thread.Slug):
		default:
			t.Errorf("GET %s: %d %s, want 405 or 404", path, r.Status, r.Location)
		}
	}
	if r := b.get("/settings"); r.Status != http.StatusOK || strings.Contains(r.Body, `lang="de"`) {
		t.Errorf("after the GETs: /settings %d (logged out or language changed)", r.Status)
	}
	for _, route := range e.App.Routes() {
		if route.Method != http.MethodGet {
			continue
		}
		r := b.get(w.fill(route.Path))
		if r.Status >= 500 {
			t.Errorf("GET %s: %d", route.Path, r.Status)
		}
	}
	if after := w.snapshot(t); after != before {
		t.Errorf("GET requests changed the forum:\nbefore:\n%s\nafter:\n%s", before, after)
	}
}
