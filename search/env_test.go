package search_test

// The test environment: a real SQLite file, the real forum.Service and a
// real Bleve index, all in t.TempDir(). Builders fail the test on error so
// the tests read as the story they check.

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/password"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/search"
)

// baseTime is "now" in every test unless a test moves the clock.
var baseTime = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// clock is a settable clock for the Service, safe for the indexer
// goroutine to read.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// logBuffer collects what the index logs, for tests that check that a
// repair says what it did.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

type env struct {
	t      testing.TB
	ctx    context.Context
	dir    string
	dbPath string
	db     *sqlstore.DB
	raw    *sql.DB // a second handle on the file, for changes no route makes yet
	svc    *forum.Service
	ix     *search.Index
	clock  *clock
	logs   *logBuffer
	log    *slog.Logger

	asker, helper, mod *forum.User
}

// newEnv creates a database with two categories, an asker, a helper and a
// moderator, and a Service without a search index.
func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	e := &env{t: t, ctx: ctx, dir: dir, dbPath: filepath.Join(dir, "chorus.db"), clock: &clock{t: baseTime}, logs: &logBuffer{}}
	e.log = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, err := sqlstore.Open(ctx, e.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	e.db = db
	raw, err := sql.Open("sqlite3", "file:"+e.dbPath+"?_busy_timeout=5000&_journal_mode=WAL&_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	e.raw = raw

	e.svc = forum.NewService(db, markdown.New(), password.New(password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}))
	e.svc.Now = e.clock.Now
	admin, err := e.svc.CreateUser(ctx, forum.RegisterInput{Username: "setup-admin", Email: "setup-admin@example.com",
		Password: "correct horse battery staple", Role: forum.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []forum.CategoryInput{
		{Slug: "internet", Name: "Internet & Telefonie", ResponseTargetHours: 24},
		{Slug: "mobile", Name: "Mobile", ResponseTargetHours: 24},
	} {
		if _, err := e.svc.CreateCategory(ctx, admin, c); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(name string, role forum.Role) *forum.User {
		u, err := e.svc.CreateUser(ctx, forum.RegisterInput{Username: name, Email: name + "@example.com",
			Password: "a long and unusual passphrase for " + name, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	e.asker, e.helper, e.mod = mk("sabine", forum.RoleMember), mk("helmut", forum.RoleMember), mk("moritz", forum.RoleModerator)
	return e
}

// newIndexedEnv is newEnv with the threads built by seed indexed.
func newIndexedEnv(t testing.TB, seed func(e *env)) *env {
	t.Helper()
	e := newEnv(t)
	if seed != nil {
		seed(e)
	}
	e.open(search.Options{})
	e.rebuild()
	return e
}

func (e *env) indexDir() string { return filepath.Join(e.dir, "search") }

// openIndex opens the index of this environment without making it the
// Service's; it is closed when the test ends.
func (e *env) openIndex(opts search.Options) *search.Index {
	e.t.Helper()
	if opts.Logger == nil {
		opts.Logger = e.log
	}
	ix, err := search.Open(e.ctx, e.indexDir(), e.db, opts)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// open opens the index and gives it to the Service.
func (e *env) open(opts search.Options) *search.Index {
	e.t.Helper()
	e.ix = e.openIndex(opts)
	e.svc.SetSearchIndex(e.ix)
	return e.ix
}

func (e *env) rebuild() {
	e.t.Helper()
	if _, err := e.ix.Rebuild(e.ctx, nil); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) catchUp() {
	e.t.Helper()
	if err := e.ix.CatchUp(e.ctx); err != nil {
		e.t.Fatal(err)
	}
}

// at runs fn with the Service's clock at t, then puts it back.
func (e *env) at(t time.Time, fn func()) {
	old := e.clock.Now()
	e.clock.Set(t)
	defer e.clock.Set(old)
	fn()
}

// ask posts a question by the asker in a category ("internet" when empty).
func (e *env) ask(category, title, body string, tags ...string) *forum.Thread {
	e.t.Helper()
	if category == "" {
		category = "internet"
	}
	th, _, err := e.svc.Ask(e.ctx, e.asker, forum.AskInput{CategorySlug: category, Title: title, Body: body, Tags: tags})
	if err != nil {
		e.t.Fatalf("ask %q: %v", title, err)
	}
	return th
}

// askLang is ask with the language checked, so a test about German
// analysis cannot pass on a thread that was taken for English.
func (e *env) askLang(lang, title, body string, tags ...string) *forum.Thread {
	e.t.Helper()
	th := e.ask("", title, body, tags...)
	if th.Lang != lang {
		e.t.Fatalf("thread %q detected as %q, want %q", title, th.Lang, lang)
	}
	return th
}

// answer posts an answer by the helper.
func (e *env) answer(threadID int64, body string) *forum.Post {
	e.t.Helper()
	p, err := e.svc.Answer(e.ctx, e.helper, threadID, body)
	if err != nil {
		e.t.Fatalf("answer %d: %v", threadID, err)
	}
	return p
}

// solve answers a thread and accepts the answer as the asker.
func (e *env) solve(threadID int64, body string) *forum.Post {
	e.t.Helper()
	p := e.answer(threadID, body)
	if _, err := e.svc.Accept(e.ctx, e.asker, threadID, p.ID); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// exec changes the database behind the Service's back.
func (e *env) exec(query string, args ...any) {
	e.t.Helper()
	if _, err := e.raw.ExecContext(e.ctx, query, args...); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
}

// setThread sets a column of a thread directly in SQL, as a moderation
// route would, with the outbox row such a route writes in the same
// transaction.
func (e *env) setThread(id int64, assignment string, args ...any) {
	e.t.Helper()
	tx, err := e.raw.BeginTx(e.ctx, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(e.ctx, `UPDATE threads SET `+assignment+` WHERE id = ?`, append(args, id)...); err != nil {
		e.t.Fatal(err)
	}
	if _, err := tx.ExecContext(e.ctx, `INSERT INTO outbox (thread_id, created_at) VALUES (?, ?)`, id, e.clock.Now().UnixMilli()); err != nil {
		e.t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		e.t.Fatal(err)
	}
}

// search runs a query through the Service and fails the test on error.
func (e *env) search(q forum.SearchQuery) *forum.SearchResult {
	e.t.Helper()
	res, err := e.svc.Search(e.ctx, nil, q)
	if err != nil {
		e.t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func (e *env) find(text string) *forum.SearchResult {
	e.t.Helper()
	return e.search(forum.SearchQuery{Text: text})
}

func (e *env) docCount() uint64 {
	e.t.Helper()
	n, err := e.ix.DocCount()
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func (e *env) lag() int64 {
	e.t.Helper()
	n, err := e.ix.Lag(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

// runIndexer starts ix.Run and returns a function that stops it and waits
// until it returned; the test's cleanup stops it too.
func (e *env) runIndexer(ix *search.Index) (stop func()) {
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		ix.Run(ctx)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				e.t.Error("indexer did not stop within 10 s")
			}
		})
	}
	e.t.Cleanup(stop)
	return stop
}

// eventually polls cond every few milliseconds until it holds or the
// deadline passes, and returns how long it took.
func eventually(t testing.TB, within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		if cond() {
			return time.Since(start)
		}
		if time.Since(start) > within {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ---- reading results ----

func hitIDs(res *forum.SearchResult) []int64 {
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Thread.ID
	}
	return ids
}

func hitTitles(res *forum.SearchResult) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.Thread.Title
	}
	return out
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// snippetText joins the text of every snippet of every hit.
func snippetText(res *forum.SearchResult) string {
	var b strings.Builder
	for _, h := range res.Hits {
		for _, s := range h.Snippets {
			for _, p := range s.Parts {
				b.WriteString(p.Text)
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// marked lists the matched words of a snippet.
func marked(s forum.Snippet) []string {
	var out []string
	for _, p := range s.Parts {
		if p.Match {
			out = append(out, p.Text)
		}
	}
	return out
}

func plain(s forum.Snippet) string {
	var b strings.Builder
	for _, p := range s.Parts {
		b.WriteString(p.Text)
	}
	return b.String()
}

// kindOf is the forum error kind of err, or -1 for no error.
func kindOf(err error) forum.Kind {
	if err == nil {
		return -1
	}
	return forum.ErrorKind(err)
}

func fieldOf(err error) string {
	var fe *forum.Error
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}
