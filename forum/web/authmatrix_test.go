package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// The authorization matrix: every route that changes state (and every
// admin page) is called by each kind of actor on objects in each state,
// and the answer is checked against an expectation written here, apart
// from forum/policy.go, so a handler that forgets to ask the policy (or a
// policy that drifts) fails. A route missing from this table fails too.

var matrixActors = []string{"guest", "owner", "other", "moderator", "staff", "admin"}

// matrixFixture is a fresh set of objects for one call: a thread asked by
// "owner", the owner's own answer, an answer by a helper (to accept), and
// the owner's comment on their answer.
type matrixFixture struct {
	Thread, OwnAnswer, TheirAnswer, Comment, Category int64
}

// target says which object a route acts on, and so what "deleted" means.
type target int

const (
	onNothing target = iota // no object: only the "visible" state applies
	onThread
	onPost    // the owner's answer
	onComment // the owner's comment
)

type matrixRule struct {
	on   target
	path func(f matrixFixture) string
	body map[string]string
	// allow says whether actor may do it with the object in state.
	allow func(actor, state string) bool
}

func mxMod(a string) bool        { return a == "moderator" || a == "staff" || a == "admin" }
func mxMember(a string) bool     { return a != "guest" }
func mxOwnerOrMod(a string) bool { return a == "owner" || mxMod(a) }

// mxCanWrite: answering and commenting: members while open, moderators also
// when locked, nobody on hidden or deleted threads (or deleted posts).
func mxCanWrite(a, s string) bool {
	switch s {
	case "visible":
		return mxMember(a)
	case "locked":
		return mxMod(a)
	}
	return false
}

// mxCanChangeOwn: editing or deleting the owner's content: the owner while
// the thread is open, moderators also when locked or hidden.
func mxCanChangeOwn(a, s string) bool {
	switch s {
	case "visible":
		return mxOwnerOrMod(a)
	case "locked", "hidden":
		return mxMod(a)
	}
	return false
}

func mxAdminOnly(a, _ string) bool { return a == "admin" }

func matrixRules() map[string]matrixRule {
	thread := func(suffix string) func(matrixFixture) string {
		return func(f matrixFixture) string { return "/t/" + itoa(f.Thread) + suffix }
	}
	apiThread := func(suffix string) func(matrixFixture) string {
		return func(f matrixFixture) string { return "/api/v1/threads/" + itoa(f.Thread) + suffix }
	}
	own := func(prefix, suffix string) func(matrixFixture) string {
		return func(f matrixFixture) string { return prefix + itoa(f.OwnAnswer) + suffix }
	}
	comment := func(prefix, suffix string) func(matrixFixture) string {
		return func(f matrixFixture) string { return prefix + itoa(f.Comment) + suffix }
	}
	fixed := func(p string) func(matrixFixture) string { return func(matrixFixture) string { return p } }
	category := func(prefix string) func(matrixFixture) string {
		return func(f matrixFixture) string { return prefix + itoa(f.Category) }
	}
	ask := map[string]string{"category": "general", "title": "A question from the matrix test", "body": "The body of a question from the matrix test."}
	answer := map[string]string{"body": "An answer from the matrix test, long enough."}
	meToo := func(a, s string) bool { return mxMember(a) && a != "owner" && (s == "visible" || s == "locked") }
	accept := func(a, s string) bool { return mxOwnerOrMod(a) && (s == "visible" || s == "locked") }
	vote := func(a, s string) bool { return mxMember(a) && a != "owner" && (s == "visible" || s == "locked") }
	revisions := func(a, s string) bool { return s == "visible" || s == "locked" || mxMod(a) }
	cat := map[string]string{"slug": "UNIQUE", "name": "New area", "description": "Made by the matrix test.", "response_target_hours": "24"}
	catJSON := map[string]string{"name": "Renamed area", "description": "Renamed by the matrix test.", "response_target_hours": "12"}

	return map[string]matrixRule{
		// Pages.
		"POST /ask":                         {onNothing, fixed("/ask"), ask, func(a, _ string) bool { return mxMember(a) }},
		"POST /t/:id/answer":                {onThread, thread("/answer"), answer, mxCanWrite},
		"POST /t/:id/metoo":                 {onThread, thread("/metoo"), nil, meToo},
		"POST /t/:id/accept":                {onThread, thread("/accept"), map[string]string{"post_id": "THEIR"}, accept},
		"POST /p/:id/vote":                  {onPost, own("/p/", "/vote"), map[string]string{"value": "1"}, vote},
		"GET /p/:id/edit":                   {onPost, own("/p/", "/edit"), nil, mxCanChangeOwn},
		"POST /p/:id/edit":                  {onPost, own("/p/", "/edit"), map[string]string{"body": "An edited answer from the matrix test."}, mxCanChangeOwn},
		"POST /p/:id/delete":                {onPost, own("/p/", "/delete"), nil, mxCanChangeOwn},
		"GET /p/:id/revisions":              {onPost, own("/p/", "/revisions"), nil, revisions},
		"POST /p/:id/comments":              {onPost, own("/p/", "/comments"), map[string]string{"comment": "A comment from the matrix."}, mxCanWrite},
		"POST /comments/:id/delete":         {onComment, comment("/comments/", "/delete"), nil, mxCanChangeOwn},
		"GET /admin/users":                  {onNothing, fixed("/admin/users"), nil, mxAdminOnly},
		"POST /admin/users/:username/role":  {onNothing, fixed("/admin/users/helper/role"), map[string]string{"role": "moderator"}, mxAdminOnly},
		"GET /admin/categories":             {onNothing, fixed("/admin/categories"), nil, mxAdminOnly},
		"POST /admin/categories":            {onNothing, fixed("/admin/categories"), cat, mxAdminOnly},
		"GET /admin/categories/:id":         {onNothing, category("/admin/categories/"), nil, mxAdminOnly},
		"GET /admin/search":                 {onNothing, fixed("/admin/search"), nil, mxAdminOnly},
		"POST /admin/search":                {onNothing, fixed("/admin/search"), map[string]string{"words": "nordbox"}, mxAdminOnly},
		"POST /admin/categories/:id":        {onNothing, category("/admin/categories/"), map[string]string{"slug": "general", "name": "General", "response_target_hours": "12"}, mxAdminOnly},
		"POST /api/v1/categories":           {onNothing, fixed("/api/v1/categories"), cat, mxAdminOnly},
		"PUT /api/v1/categories/:slug":      {onNothing, fixed("/api/v1/categories/general"), catJSON, mxAdminOnly},
		"POST /api/v1/threads":              {onNothing, fixed("/api/v1/threads"), ask, func(a, _ string) bool { return mxMember(a) }},
		"POST /api/v1/threads/:id/posts":    {onThread, apiThread("/posts"), answer, mxCanWrite},
		"PUT /api/v1/threads/:id/metoo":     {onThread, apiThread("/metoo"), nil, meToo},
		"DELETE /api/v1/threads/:id/metoo":  {onThread, apiThread("/metoo"), nil, meToo},
		"POST /api/v1/threads/:id/accept":   {onThread, apiThread("/accept"), map[string]string{"post_id": "THEIR"}, accept},
		"DELETE /api/v1/threads/:id/accept": {onThread, apiThread("/accept"), nil, accept},
		"PATCH /api/v1/posts/:id":           {onPost, own("/api/v1/posts/", ""), map[string]string{"body": "An edited answer from the matrix test."}, mxCanChangeOwn},
		"DELETE /api/v1/posts/:id":          {onPost, own("/api/v1/posts/", ""), nil, mxCanChangeOwn},
		"GET /api/v1/posts/:id/revisions":   {onPost, own("/api/v1/posts/", "/revisions"), nil, revisions},
		"PUT /api/v1/posts/:id/vote":        {onPost, own("/api/v1/posts/", "/vote"), map[string]string{"value": "1"}, vote},
		"DELETE /api/v1/posts/:id/vote":     {onPost, own("/api/v1/posts/", "/vote"), nil, vote},
		"POST /api/v1/posts/:id/comments":   {onPost, own("/api/v1/posts/", "/comments"), map[string]string{"body": "A comment from the matrix."}, mxCanWrite},
		"DELETE /api/v1/comments/:id":       {onComment, comment("/api/v1/comments/", ""), nil, mxCanChangeOwn},
		"PUT /api/v1/users/:username/role":  {onNothing, fixed("/api/v1/users/helper/role"), map[string]string{"role": "moderator"}, mxAdminOnly},
	}
}

// selfService routes act only on the caller's own account or session, so
// there is no one else's object to protect; each is tested on its own.
var selfService = map[string]string{
	"POST /login": "logs in", "POST /login/code": "second factor of one's own login",
	"POST /logout": "ends one's own session", "POST /register": "creates an account",
	"POST /setup": "first account only; refused once any exists", "POST /settings": "own language",
	"POST /settings/password": "own password, needs the current one", "POST /settings/2fa": "own second factor",
	"POST /language": "a cookie", "POST /api/v1/auth/register": "creates an account",
	"POST /api/v1/auth/token": "logs in", "DELETE /api/v1/auth/token": "ends the caller's own token",
}

func TestAuthorizationMatrix(t *testing.T) {
	e := newEnv(t)
	rules := matrixRules()

	// Every state-changing route, and every admin page, has a rule.
	for _, r := range e.App.Routes() {
		key := r.Method + " " + r.Path
		if strings.HasSuffix(r.Path, "/*") || r.Method == "echo_route_not_found" {
			continue
		}
		_, ruled := rules[key]
		_, self := selfService[key]
		needs := r.Method != http.MethodGet || strings.HasPrefix(r.Path, "/admin")
		if needs && !ruled && !self {
			t.Errorf("route %s has no entry in the authorization matrix", key)
		}
	}

	ctx := context.Background()
	cat := e.category("general", 24)
	for _, a := range matrixActors[1:] {
		role := map[string]forum.Role{"moderator": forum.RoleModerator, "staff": forum.RoleStaff, "admin": forum.RoleAdmin}[a]
		if role == 0 {
			role = forum.RoleMember
		}
		e.user(a, role)
	}
	helper := e.user("helper", forum.RoleMember)
	owner, _ := e.Svc.User(ctx, "owner")
	raw, err := sql.Open("sqlite3", e.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	browsers, tokens := map[string]*browser{"guest": e.browser()}, map[string]*api{"guest": e.api("")}
	for _, a := range matrixActors[1:] {
		browsers[a], tokens[a] = e.browser().login(a), e.tokenFor(a)
	}

	n := 0
	for key, rule := range rules {
		method, path, _ := strings.Cut(key, " ")
		states := []string{"visible", "locked", "hidden", "deleted"}
		if rule.on == onNothing {
			states = states[:1]
		}
		for _, state := range states {
			for _, actor := range matrixActors {
				f := newMatrixFixture(t, e, raw, owner, helper, cat.ID, rule.on, state)
				// Role changes must not pile up: reset the helper each time.
				if _, err := e.Svc.AssignRole(ctx, "helper", forum.RoleMember); err != nil {
					t.Fatal(err)
				}
				target := rule.path(f)
				var r response
				if strings.HasPrefix(path, "/api/") {
					body := map[string]any{}
					for k, v := range rule.body {
						body[k] = matrixValue(k, v, f)
					}
					if len(rule.body) == 0 {
						body = nil
					}
					r = tokens[actor].call(method, target, body, nil)
				} else if method == http.MethodGet {
					r = browsers[actor].get(target)
				} else {
					form := url.Values{}
					for k, v := range rule.body {
						form.Set(k, fmt.Sprint(matrixValue(k, v, f)))
					}
					r = browsers[actor].post(target, form)
				}
				n++
				allowed := r.Status < 400 && !strings.HasPrefix(r.Location, "/login")
				if r.Status >= 500 {
					t.Errorf("%s as %s on a %s object: %d", key, actor, state, r.Status)
					continue
				}
				if want := rule.allow(actor, state); allowed != want {
					t.Errorf("%s as %s on a %s object: status %d %s, want allowed=%v\n%.300s", key, actor, state, r.Status, r.Location, want, r.Body)
				}
			}
		}
	}
	t.Logf("%d calls checked", n)
}

// matrixValue fills placeholders and types JSON numbers.
func matrixValue(key, v string, f matrixFixture) any {
	switch v {
	case "THEIR":
		return f.TheirAnswer
	case "UNIQUE":
		return "area-" + itoa(f.Thread)
	}
	switch key {
	case "value", "response_target_hours", "post_id":
		var n int64
		fmt.Sscan(v, &n)
		return n
	}
	return v
}

func newMatrixFixture(t *testing.T, e *env, raw *sql.DB, owner, helper *forum.User, categoryID int64, on target, state string) matrixFixture {
	t.Helper()
	ctx := context.Background()
	th := e.ask(owner, "general", "A thread for the authorization matrix")
	their := e.answer(helper, th.ID)
	ownAnswer, err := e.Svc.Answer(ctx, owner, th.ID, "The owner's own answer, with details.")
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := e.Svc.AddComment(ctx, owner, ownAnswer.ID, "The owner's comment.")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UnixMilli()
	exec := func(q string, args ...any) {
		if _, err := raw.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	switch state {
	case "locked":
		exec(`UPDATE threads SET locked_at = ? WHERE id = ?`, now, th.ID)
	case "hidden":
		exec(`UPDATE threads SET hidden_at = ? WHERE id = ?`, now, th.ID)
	case "deleted":
		switch on {
		case onThread:
			exec(`UPDATE threads SET deleted_at = ? WHERE id = ?`, now, th.ID)
		case onPost:
			exec(`UPDATE posts SET deleted_at = ? WHERE id = ?`, now, ownAnswer.ID)
		case onComment:
			exec(`UPDATE comments SET deleted_at = ? WHERE id = ?`, now, c.ID)
		}
	}
	return matrixFixture{Thread: th.ID, OwnAnswer: ownAnswer.ID, TheirAnswer: their.ID, Comment: c.ID, Category: categoryID}
}
