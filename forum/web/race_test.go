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
	"sync"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

// axResult is one of many parallel requests.
type axResult struct {
	status int
	body   string
	err    error
}

// axParallel sends n requests at once (released together) and returns
// what each got. It never calls t from the goroutines.
func axParallel(n int, req func(i int) (*http.Request, error)) []axResult {
	out := make([]axResult, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := req(i)
			if err != nil {
				out[i].err = err
				return
			}
			<-start
			res, err := http.DefaultClient.Do(r)
			if err != nil {
				out[i].err = err
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			out[i] = axResult{status: res.StatusCode, body: string(b)}
		}(i)
	}
	close(start)
	wg.Wait()
	return out
}

// axAPIRequest builds a JSON API request with a bearer token.
func axAPIRequest(e *env, token, method, path string, body any) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, e.Srv.URL+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, nil
}

// axStatuses counts the results by status and fails on transport errors
// and server errors.
func axStatuses(t *testing.T, what string, rs []axResult) map[int]int {
	t.Helper()
	n := map[int]int{}
	for i, r := range rs {
		if r.err != nil {
			t.Errorf("%s: request %d: %v", what, i, r.err)
			continue
		}
		if r.status >= 500 {
			t.Errorf("%s: request %d: %d %s", what, i, r.status, axShort(r.body))
		}
		n[r.status]++
	}
	return n
}

func TestRaceMeToo(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	asker := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	th := e.ask(asker, "internet", "Router drops the line every evening")
	token := e.axAPI(peter).token
	path := "/api/v1/threads/" + itoa(th.ID) + "/metoo"

	rs := axParallel(20, func(int) (*http.Request, error) { return axAPIRequest(e, token, http.MethodPut, path, nil) })
	if got := axStatuses(t, "me too", rs); got[http.StatusOK] != 20 {
		t.Errorf("me too: statuses %v, want 20 × 200", got)
	}
	for _, r := range rs {
		var out struct {
			Count int `json:"metoo_count"`
		}
		if json.Unmarshal([]byte(r.body), &out) == nil && r.status == http.StatusOK && out.Count != 1 {
			t.Errorf("me too: a response says %d people", out.Count)
		}
	}
	row, _ := e.DB.ThreadByID(context.Background(), th.ID)
	if row.MeTooCount != 1 {
		t.Errorf("after 20 parallel me-toos by one person: metoo_count %d, want 1", row.MeTooCount)
	}

	// And withdrawing in parallel leaves none.
	rs = axParallel(20, func(int) (*http.Request, error) { return axAPIRequest(e, token, http.MethodDelete, path, nil) })
	axStatuses(t, "withdraw", rs)
	if row, _ := e.DB.ThreadByID(context.Background(), th.ID); row.MeTooCount != 0 {
		t.Errorf("after withdrawing: metoo_count %d, want 0", row.MeTooCount)
	}
}

func TestRaceVotes(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	asker := e.user("sabine", forum.RoleMember)
	helper := e.user("anna", forum.RoleMember)
	voter := e.user("peter", forum.RoleMember)
	th := e.ask(asker, "internet", "Router drops the line every evening")
	p := e.answer(helper, th.ID)
	token := e.axAPI(voter).token
	path := "/api/v1/posts/" + itoa(p.ID) + "/vote"

	rs := axParallel(20, func(int) (*http.Request, error) {
		return axAPIRequest(e, token, http.MethodPut, path, map[string]int{"value": 1})
	})
	if got := axStatuses(t, "vote", rs); got[http.StatusOK] != 20 {
		t.Errorf("vote: statuses %v, want 20 × 200", got)
	}
	row, _ := e.DB.PostByID(context.Background(), p.ID)
	if row.Score != 1 {
		t.Errorf("after 20 parallel up-votes by one person: score %d, want 1", row.Score)
	}
	var out struct {
		Posts []struct {
			ID    int64 `json:"id"`
			Score int   `json:"score"`
		} `json:"posts"`
	}
	e.api("").call(http.MethodGet, "/api/v1/threads/"+itoa(th.ID), nil, &out)
	for _, q := range out.Posts {
		if q.ID == p.ID && q.Score != 1 {
			t.Errorf("the API shows score %d", q.Score)
		}
	}
}

func TestRaceAccept(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	asker := e.user("sabine", forum.RoleMember)
	th := e.ask(asker, "internet", "Router drops the line every evening")
	var answers []int64
	for i := 0; i < 10; i++ {
		answers = append(answers, e.answer(e.user(fmt.Sprintf("helper%d", i), forum.RoleMember), th.ID).ID)
	}
	token := e.axAPI(asker).token
	path := "/api/v1/threads/" + itoa(th.ID) + "/accept"

	rs := axParallel(10, func(i int) (*http.Request, error) {
		return axAPIRequest(e, token, http.MethodPost, path, map[string]int64{"post_id": answers[i]})
	})
	if got := axStatuses(t, "accept", rs); got[http.StatusOK] != 10 {
		t.Errorf("accept: statuses %v, want 10 × 200", got)
	}
	row, _ := e.DB.ThreadByID(context.Background(), th.ID)
	found := false
	for _, id := range answers {
		found = found || id == row.AcceptedPostID
	}
	if !found {
		t.Errorf("accepted post %d is none of the answers", row.AcceptedPostID)
	}
	var out struct {
		Thread struct {
			Status   string `json:"status"`
			Accepted int64  `json:"accepted_post_id"`
		} `json:"thread"`
		Posts []struct {
			ID       int64 `json:"id"`
			Accepted bool  `json:"accepted"`
		} `json:"posts"`
	}
	e.api("").call(http.MethodGet, "/api/v1/threads/"+itoa(th.ID), nil, &out)
	n := 0
	for _, p := range out.Posts {
		if p.Accepted {
			n++
			if p.ID != row.AcceptedPostID {
				t.Errorf("post %d shows as accepted, the thread says %d", p.ID, row.AcceptedPostID)
			}
		}
	}
	if n != 1 || out.Thread.Status != "solved" || out.Thread.Accepted != row.AcceptedPostID {
		t.Errorf("after 10 parallel accepts: %d accepted answers, status %q", n, out.Thread.Status)
	}
}

func TestRaceRegistration(t *testing.T) {
	for _, same := range []string{"email", "username"} {
		e := newEnv(t)
		rs := axParallel(10, func(i int) (*http.Request, error) {
			in := map[string]string{"username": fmt.Sprintf("twin%d", i), "email": fmt.Sprintf("twin%d@example.com", i), "password": testPassword}
			if same == "email" {
				in["email"] = "twin@example.com"
			} else {
				in["username"] = "twin"
			}
			return axAPIRequest(e, "", http.MethodPost, "/api/v1/auth/register", in)
		})
		got := axStatuses(t, "register with the same "+same, rs)
		if got[http.StatusCreated] != 1 || got[http.StatusConflict] != 9 {
			t.Errorf("10 parallel registrations with the same %s: statuses %v, want one 201 and nine 409", same, got)
		}
		for _, r := range rs {
			if r.status == http.StatusConflict {
				var e apiError
				_ = json.Unmarshal([]byte(r.body), &e)
				if e.Error.Field != same || e.Error.Reason != same+"_taken" {
					t.Errorf("same %s: conflict names %q (%s)", same, e.Error.Field, e.Error.Reason)
				}
			}
		}
		_, total, _ := e.Svc.Users(context.Background(), &forum.User{ID: -1, Role: forum.RoleAdmin}, 1)
		if total != 1 {
			t.Errorf("same %s: %d accounts, want 1", same, total)
		}
	}
}

// Two visitors racing through /setup: one admin, the other told so.
func TestRaceSetup(t *testing.T) {
	e := newEnv(t)
	type visitor struct {
		jar   http.CookieJar
		token string
	}
	vs := make([]visitor, 10)
	for i := range vs {
		b := e.browser()
		vs[i] = visitor{jar: b.client.Jar, token: b.csrf()}
	}
	client := func(jar http.CookieJar) *http.Client {
		return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	out := make([]axResult, len(vs))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range vs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			form := url.Values{"csrf": {vs[i].token}, "username": {fmt.Sprintf("founder%d", i)},
				"email": {fmt.Sprintf("founder%d@example.com", i)}, "password": {testPassword}}
			req, _ := http.NewRequest(http.MethodPost, e.Srv.URL+"/setup", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			<-start
			res, err := client(vs[i].jar).Do(req)
			if err != nil {
				out[i].err = err
				return
			}
			res.Body.Close()
			out[i].status = res.StatusCode
		}(i)
	}
	close(start)
	wg.Wait()
	got := axStatuses(t, "setup", out)
	if got[http.StatusSeeOther] != 1 || got[http.StatusConflict] != len(vs)-1 {
		t.Errorf("parallel setup: statuses %v, want one 303 and the rest 409", got)
	}
	_, total, _ := e.Svc.Users(context.Background(), &forum.User{ID: -1, Role: forum.RoleAdmin}, 1)
	if total != 1 {
		t.Errorf("parallel setup made %d accounts", total)
	}
}
