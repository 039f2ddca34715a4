package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/password"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
	"github.com/chorus-forum/chorus/forum/web"
	"github.com/chorus-forum/chorus/moderation"
	"github.com/chorus-forum/chorus/search"
	"github.com/chorus-forum/chorus/static"
	"github.com/chorus-forum/chorus/themes"
)

// testPassword is the password of every account the tests create.
const testPassword = "correct horse battery staple"

// fastHash keeps tests quick: the same Argon2id code with small costs.
var fastHash = password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// env is a whole Chorus on a real SQLite file behind the real router.
type env struct {
	t   testing.TB
	DB  *sqlstore.DB
	Svc *forum.Service
	Mod *moderation.Service
	Idx *search.Index
	App *web.App
	Srv *httptest.Server
	// Path is the SQLite file, for tests that put rows in states no route
	// can reach yet.
	Path string

	// Accounts with two-factor authentication, by username: their TOTP
	// secrets. The service's clock runs ahead by one 30-second step for
	// every code the tests make, because a code is accepted only once.
	mu      sync.Mutex
	secrets map[string]string
	ahead   time.Duration
	// setupAdmin is the admin the helpers act as (made on first use: an
	// action is audited, so its actor must exist).
	setupAdmin *forum.User
}

// admin returns the helpers' admin account, creating it on first use.
func (e *env) admin() *forum.User {
	e.t.Helper()
	e.mu.Lock()
	a := e.setupAdmin
	e.mu.Unlock()
	if a != nil {
		return a
	}
	a, err := e.Svc.CreateUser(context.Background(), forum.RegisterInput{
		Username: "setup-admin", Email: "setup-admin@example.com", Password: testPassword, Role: forum.RoleAdmin})
	if err != nil {
		e.t.Fatalf("create the helpers' admin: %v", err)
	}
	e.mu.Lock()
	e.setupAdmin = a
	e.mu.Unlock()
	return a
}

func newEnv(t testing.TB) *env {
	t.Helper()
	return newEnvWith(t, true)
}

// newEnvWith builds the environment; without an indexer the search index
// stays as on a first start, never built, and search answers Unavailable.
func newEnvWith(t testing.TB, runIndexer bool) *env {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chorus.db")
	db := storetest.Open(t, path)
	svc := forum.NewService(db, markdown.New(), password.New(fastHash))
	idx, err := search.Open(ctx, filepath.Join(filepath.Dir(path), "search"), db, search.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	svc.SetSearchIndex(idx)
	db.OnCommit(idx.Kick) // without an indexer nobody listens: the kick is dropped
	if runIndexer {
		runCtx, stop := context.WithCancel(ctx)
		stopped := make(chan struct{})
		go func() { defer close(stopped); idx.Run(runCtx) }()
		t.Cleanup(func() { stop(); <-stopped })
	}
	mod := moderation.NewService(db, svc)
	// Tests of other features post far more than any person would; the
	// limits have their own tests, which put the defaults back.
	mod.Limits = relaxedLimits()
	app, err := web.New(svc, mod, themes.Embedded(), static.Files(), web.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	t.Cleanup(srv.Close)
	e := &env{t: t, DB: db, Svc: svc, Mod: mod, Idx: idx, App: app, Srv: srv, Path: path, secrets: map[string]string{}}
	svc.Now = func() time.Time {
		e.mu.Lock()
		defer e.mu.Unlock()
		return time.Now().Add(e.ahead)
	}
	// The new forum's index is built from nothing in the background, and
	// search answers 503 until it is; wait for that, so tests start where
	// a running forum is, with search up.
	if runIndexer {
		e.searchable()
	}
	return e
}

// searchable waits until everything written so far is in the index.
func (e *env) searchable() {
	e.t.Helper()
	if err := e.Idx.CatchUp(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// totp returns a fresh code for name's authenticator, moving the clock on
// so that it has not been used before.
func (e *env) totp(name string) string {
	e.t.Helper()
	e.mu.Lock()
	e.ahead += 30 * time.Second
	secret := e.secrets[name]
	e.mu.Unlock()
	if secret == "" {
		e.t.Fatalf("%s has no second factor", name)
	}
	code, err := forum.TOTPCode(secret, e.Svc.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return code
}

// enableTwoFactor sets up an authenticator for u, as the settings page does.
func (e *env) enableTwoFactor(u *forum.User) {
	e.t.Helper()
	ctx := context.Background()
	_, setup, err := e.Svc.TwoFactor(ctx, u, "Chorus")
	if err != nil {
		e.t.Fatal(err)
	}
	e.mu.Lock()
	e.secrets[u.Username] = setup.Secret
	e.mu.Unlock()
	if _, err := e.Svc.EnableTwoFactor(ctx, u, e.totp(u.Username)); err != nil {
		e.t.Fatalf("enable two-factor for %s: %v", u.Username, err)
	}
}

// user creates an account with a role. Moderators, staff and admins get a
// second factor, which their roles require.
func (e *env) user(name string, role forum.Role) *forum.User {
	e.t.Helper()
	u, err := e.Svc.CreateUser(context.Background(), forum.RegisterInput{
		Username: name, Email: name + "@example.com", Password: testPassword, Role: role})
	if err != nil {
		e.t.Fatalf("create user %s: %v", name, err)
	}
	if role >= forum.RoleModerator {
		e.enableTwoFactor(u)
	}
	return u
}

// category creates a category as an admin would.
func (e *env) category(slug string, targetHours int) *forum.Category {
	e.t.Helper()
	c, err := e.Svc.CreateCategory(context.Background(), e.admin(), forum.CategoryInput{
		Slug: slug, Name: strings.ToUpper(slug[:1]) + slug[1:], ResponseTargetHours: targetHours})
	if err != nil {
		e.t.Fatalf("create category %s: %v", slug, err)
	}
	return c
}

// ask starts a thread as u.
func (e *env) ask(u *forum.User, category, title string) *forum.Thread {
	e.t.Helper()
	th, _, err := e.Svc.Ask(context.Background(), u, forum.AskInput{
		CategorySlug: category, Title: title, Body: "This is the body of the question, long enough."})
	if err != nil {
		e.t.Fatalf("ask: %v", err)
	}
	return th
}

// answer answers a thread as u.
func (e *env) answer(u *forum.User, threadID int64) *forum.Post {
	e.t.Helper()
	p, err := e.Svc.Answer(context.Background(), u, threadID, "Try restarting the router, then check the cable.")
	if err != nil {
		e.t.Fatalf("answer: %v", err)
	}
	return p
}

// browser is a client with a cookie jar that fills in CSRF tokens the way
// a page's forms do.
type browser struct {
	e      *env
	client *http.Client
	header http.Header
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, header: http.Header{}, client: &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// response is what a request got back.
type response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

func (b *browser) do(req *http.Request) response {
	b.e.t.Helper()
	for k, v := range b.header {
		req.Header[k] = v
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(body), Header: res.Header, Location: res.Header.Get("Location")}
}

func (b *browser) get(path string) response {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.Srv.URL+path, nil)
	return b.do(req)
}

// csrf returns the browser's CSRF token, fetching a page first if needed.
func (b *browser) csrf() string {
	b.e.t.Helper()
	u, _ := url.Parse(b.e.Srv.URL)
	for i := 0; i < 2; i++ {
		for _, c := range b.client.Jar.Cookies(u) {
			if c.Name == "chorus_csrf" {
				return c.Value
			}
		}
		b.get("/login")
	}
	b.e.t.Fatal("no CSRF cookie")
	return ""
}

// post sends a form with the right CSRF token.
func (b *browser) post(path string, form url.Values) response {
	b.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf())
	}
	return b.postRaw(path, form)
}

// postRaw sends a form exactly as given.
func (b *browser) postRaw(path string, form url.Values) response {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.e.Srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// login logs the browser in as name.
func (b *browser) login(name string) *browser {
	b.e.t.Helper()
	r := b.post("/login", url.Values{"username": {name}, "password": {testPassword}})
	if r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location, "/login/code") {
		r = b.post("/login/code", url.Values{"code": {b.e.totp(name)}})
	}
	if r.Status != http.StatusSeeOther {
		b.e.t.Fatalf("login %s: status %d\n%s", name, r.Status, r.Body)
	}
	return b
}

// api is a JSON client; with a token it authenticates as a bearer.
type api struct {
	e     *env
	token string
	lang  string
}

func (e *env) api(token string) *api { return &api{e: e, token: token} }

// tokenFor logs in through the API and returns a client for that account.
func (e *env) tokenFor(name string) *api {
	e.t.Helper()
	var out struct{ Token string }
	creds := map[string]string{"username": name, "password": testPassword}
	e.mu.Lock()
	_, twoFactor := e.secrets[name]
	e.mu.Unlock()
	if twoFactor {
		creds["otp"] = e.totp(name)
	}
	r := e.api("").call(http.MethodPost, "/api/v1/auth/token", creds, &out)
	if r.Status != http.StatusCreated || out.Token == "" {
		e.t.Fatalf("token for %s: %d %s", name, r.Status, r.Body)
	}
	return e.api(out.Token)
}

// call sends body as JSON and decodes the answer into out (if not nil).
func (a *api) call(method, path string, body any, out any) response {
	a.e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			a.e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.e.Srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
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
	raw, _ := io.ReadAll(res.Body)
	if out != nil && len(raw) > 0 && res.StatusCode < 300 {
		if err := json.Unmarshal(raw, out); err != nil {
			a.e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
		}
	}
	return response{Status: res.StatusCode, Body: string(raw), Header: res.Header}
}

// apiError is the shape of every API error.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Reason  string `json:"reason"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"error"`
}

func decodeError(t *testing.T, r response) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal([]byte(r.Body), &e); err != nil || e.Error.Message == "" {
		t.Fatalf("not an API error (%d): %s", r.Status, r.Body)
	}
	return e
}

// relaxedLimits are limits no test of another feature meets, and no
// account counts as new.
func relaxedLimits() moderation.Limits {
	l := moderation.DefaultLimits()
	l.NewAccountAge = 0
	l.PostsPerHour, l.PostsPerHourPerIP = 100000, 100000
	l.VotesPerHour, l.VotesPerHourPerIP = 100000, 100000
	l.MeTooPerHour, l.MeTooPerHourPerIP = 100000, 100000
	l.FlagsPerDay, l.FlagsPerDayPerIP = 100000, 100000
	return l
}
