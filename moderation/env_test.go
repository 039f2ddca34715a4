package moderation_test

// The test environment: a real SQLite file in t.TempDir(), the real
// forum.Service with moderation installed as its gate, and a clock the
// tests move. Builders fail the test on error, so each test reads as the
// story it checks.

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/password"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
	"github.com/chorus-forum/chorus/moderation"
)

// baseTime is "now" unless a test moves the clock. It is on the hour, so a
// test that moves the clock by an hour starts a new rate-limit window.
var baseTime = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// oldAge is how old an established account is: past the three days that
// make an account new, short of the 90 that make it trusted.
const oldAge = 10 * 24 * time.Hour

// clock is the settable clock both services read.
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

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type env struct {
	t     testing.TB
	ctx   context.Context
	path  string
	db    *sqlstore.DB
	rawDB *sqlstore.Raw
	svc   *forum.Service
	mod   *moderation.Service
	clock *clock

	admin, staff, moderator *forum.User
	cat, other              *forum.Category

	*shared
}

// shared is the part of an env its copies for subtests share.
type shared struct {
	mu      sync.Mutex
	names   int
	scratch *forum.Thread // where flaggers write the post that makes them established
}

// sub returns the env for a subtest: the same forum, failing t.
func (e *env) sub(t testing.TB) *env {
	c := *e
	c.t = t
	return &c
}

// newEnv opens a fresh forum with an admin, a staff member and a
// moderator (all established), and two categories.
func newEnv(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chorus.db")
	db := storetest.Open(t, path)
	c := &clock{t: baseTime}
	svc := forum.NewService(db, markdown.New(), password.New(password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}))
	svc.Now = c.Now
	mod := moderation.NewService(db, svc)
	mod.Now = c.Now
	e := &env{t: t, ctx: ctx, path: path, db: db, rawDB: db.Raw(), svc: svc, mod: mod, clock: c, shared: &shared{}}
	e.admin = e.user("admin", forum.RoleAdmin)
	e.staff = e.user("staff", forum.RoleStaff)
	e.moderator = e.user("moderator", forum.RoleModerator)
	e.cat = e.category("router", "Router & WLAN")
	e.other = e.category("mobile", "Mobile")
	return e
}

func (e *env) now() time.Time { return e.clock.Now() }

// passwordOf is the password of the account name.
func passwordOf(name string) string { return "a long and unusual passphrase for " + name }

// userAt creates an account with the clock set to created.
func (e *env) userAt(name string, role forum.Role, created time.Time) *forum.User {
	e.t.Helper()
	saved := e.clock.Now()
	e.clock.Set(created)
	defer e.clock.Set(saved)
	u, err := e.svc.CreateUser(e.ctx, forum.RegisterInput{Username: name, Email: name + "@example.com",
		Password: passwordOf(name), Role: role})
	if err != nil {
		e.t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

// user creates an established account (ten days old) of a role.
func (e *env) user(name string, role forum.Role) *forum.User {
	e.t.Helper()
	return e.userAt(name, role, e.now().Add(-oldAge))
}

// member creates an established member.
func (e *env) member(name string) *forum.User {
	e.t.Helper()
	return e.user(name, forum.RoleMember)
}

// newMember creates a member who signed up just now.
func (e *env) newMember(name string) *forum.User {
	e.t.Helper()
	return e.userAt(name, forum.RoleMember, e.now())
}

// flagger creates an established member with one post, whose flags weigh 1.
func (e *env) flagger(name string) *forum.User {
	e.t.Helper()
	u := e.member(name)
	e.answer(u, e.scratchThread().ID, "An honest answer from "+name+" to make the account established.")
	return u
}

// scratchThread is a thread for posts that only make accounts established.
func (e *env) scratchThread() *forum.Thread {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.scratch == nil {
		e.scratch = e.ask(e.admin, "Scratch thread for the flaggers")
	}
	return e.scratch
}

// fresh reloads an account, as a request would.
func (e *env) fresh(u *forum.User) *forum.User {
	e.t.Helper()
	r, err := e.db.UserByID(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// category makes a category through the store, unaudited, so that the
// audit tests count only the actions they take.
func (e *env) category(slug, name string) *forum.Category {
	e.t.Helper()
	c := &forum.Category{Slug: slug, Name: name, ResponseTargetHours: 24}
	if err := e.db.CreateCategory(e.ctx, c, nil); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// ask starts a thread in the first category.
func (e *env) ask(u *forum.User, title string, tags ...string) *forum.Thread {
	e.t.Helper()
	t, _, err := e.svc.Ask(e.ctx, u, forum.AskInput{CategorySlug: e.cat.Slug, Title: title,
		Body: "The question in detail: " + title + ". It happens every evening.", Tags: tags})
	if err != nil {
		e.t.Fatalf("ask %q: %v", title, err)
	}
	return t
}

func (e *env) answer(u *forum.User, threadID int64, body string) *forum.Post {
	e.t.Helper()
	p, err := e.svc.Answer(e.ctx, u, threadID, body)
	if err != nil {
		e.t.Fatalf("answer by %s: %v", u.Username, err)
	}
	return p
}

func (e *env) vote(u *forum.User, postID int64, value int) {
	e.t.Helper()
	if _, _, err := e.svc.Vote(e.ctx, u, postID, value); err != nil {
		e.t.Fatalf("vote by %s: %v", u.Username, err)
	}
}

func (e *env) meToo(u *forum.User, threadID int64) {
	e.t.Helper()
	if _, err := e.svc.MeToo(e.ctx, u, threadID, true); err != nil {
		e.t.Fatalf("me too by %s: %v", u.Username, err)
	}
}

func (e *env) flag(u *forum.User, postID int64, reason moderation.Reason) *moderation.FlagResult {
	e.t.Helper()
	r, err := e.mod.Flag(e.ctx, u, postID, moderation.FlagInput{Reason: string(reason)})
	if err != nil {
		e.t.Fatalf("flag by %s: %v", u.Username, err)
	}
	return r
}

func (e *env) thread(id int64) *forum.Thread {
	e.t.Helper()
	t, err := e.db.ThreadByID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return t
}

func (e *env) post(id int64) *forum.Post {
	e.t.Helper()
	p, err := e.db.PostByID(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) posts(threadID int64) []forum.Post {
	e.t.Helper()
	ps, err := e.db.Posts(e.ctx, threadID)
	if err != nil {
		e.t.Fatal(err)
	}
	return ps
}

// question returns a thread's question.
func (e *env) question(threadID int64) *forum.Post {
	e.t.Helper()
	for _, p := range e.posts(threadID) {
		if p.IsQuestion {
			return &p
		}
	}
	e.t.Fatalf("thread %d has no question", threadID)
	return nil
}

func (e *env) subscribers(threadID int64) []int64 {
	e.t.Helper()
	ids, err := e.db.Subscribers(e.ctx, threadID)
	if err != nil {
		e.t.Fatal(err)
	}
	return ids
}

func (e *env) notifications(u *forum.User) []forum.Notification {
	e.t.Helper()
	ns, _, err := e.db.Notifications(e.ctx, u.ID, 0, 100)
	if err != nil {
		e.t.Fatal(err)
	}
	return ns
}

// notified reports whether u has a notification of kind about thread.
func (e *env) notified(u *forum.User, kind string, threadID int64) bool {
	e.t.Helper()
	for _, n := range e.notifications(u) {
		if n.Kind == kind && (threadID == 0 || n.ThreadID == threadID) {
			return true
		}
	}
	return false
}

// audit returns the audit entries that match f, read as staff.
func (e *env) audit(f moderation.AuditFilter) []forum.AuditEntry {
	e.t.Helper()
	es, _, err := e.mod.AuditLog(e.ctx, e.staff, f)
	if err != nil {
		e.t.Fatal(err)
	}
	return es
}

// auditEntry returns the newest entry of an action on a target, failing the
// test when there is none.
func (e *env) auditEntry(action, targetType string, targetID int64) forum.AuditEntry {
	e.t.Helper()
	es := e.audit(moderation.AuditFilter{Action: action, TargetType: targetType, TargetID: targetID})
	if len(es) == 0 {
		e.t.Fatalf("no audit entry %s on %s %d", action, targetType, targetID)
	}
	return es[0]
}

func (e *env) queue() []moderation.ReviewItem {
	e.t.Helper()
	items, _, err := e.mod.Queue(e.ctx, e.moderator, 1)
	if err != nil {
		e.t.Fatal(err)
	}
	return items
}

// queued returns the queue's item for a post, or nil.
func (e *env) queued(postID int64) *moderation.ReviewItem {
	e.t.Helper()
	for _, it := range e.queue() {
		if it.Post.ID == postID {
			return &it
		}
	}
	return nil
}

// listed reports whether svc.Threads lists a thread.
func (e *env) listed(threadID int64) bool {
	e.t.Helper()
	page, err := e.svc.Threads(e.ctx, forum.ThreadFilter{PerPage: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	return slices.ContainsFunc(page.Threads, func(t forum.Thread) bool { return t.ID == threadID })
}

// raw runs SQL on the store's database outside its methods, as any other
// program could.
func (e *env) raw() *sqlstore.Raw { return e.rawDB }

// dbState is a fingerprint of everything a moderation action may change,
// read through a raw handle, to check that a refused action changed
// nothing.
func (e *env) dbState() string {
	e.t.Helper()
	db := e.raw()
	queries := []string{
		`SELECT COUNT(*) FROM merges`,
		`SELECT COUNT(*) FROM merge_posts`,
		`SELECT COUNT(*) FROM merge_people`,
		`SELECT COUNT(*) FROM audit_log`,
		`SELECT COUNT(*) FROM notifications`,
		`SELECT COUNT(*) FROM flags`,
		`SELECT COALESCE(string_agg(id || ':' || thread_id || ':' || is_question || ':' || COALESCE(CAST(merged_from_id AS TEXT), '-') || ':' ||
			COALESCE(CAST(deleted_at AS TEXT), '-') || ':' || COALESCE(CAST(hidden_at AS TEXT), '-') || ':' || score, ' ' ORDER BY id), '') FROM posts`,
		`SELECT COALESCE(string_agg(id || ':' || COALESCE(CAST(merged_into_id AS TEXT), '-') || ':' || answer_count || ':' || metoo_count || ':' ||
			COALESCE(CAST(deleted_at AS TEXT), '-') || ':' || COALESCE(CAST(hidden_at AS TEXT), '-') || ':' || COALESCE(CAST(closed_at AS TEXT), '-') || ':' ||
			COALESCE(CAST(accepted_post_id AS TEXT), '-') || ':' || title, ' ' ORDER BY id), '') FROM threads`,
		`SELECT COALESCE(string_agg(thread_id || ':' || user_id, ' ' ORDER BY thread_id, user_id), '') FROM metoo`,
		`SELECT COALESCE(string_agg(thread_id || ':' || user_id, ' ' ORDER BY thread_id, user_id), '') FROM subscriptions`,
		`SELECT COALESCE(string_agg(id || ':' || COALESCE(CAST(suspended_until AS TEXT), '-') || ':' || COALESCE(CAST(silenced_until AS TEXT), '-') || ':' || role, ' ' ORDER BY id), '')
			FROM users`,
	}
	var b strings.Builder
	for _, q := range queries {
		var s string
		if err := db.QueryRowContext(e.ctx, q).Scan(&s); err != nil {
			e.t.Fatalf("%s: %v", q, err)
		}
		fmt.Fprintf(&b, "%s\n", s)
	}
	return b.String()
}

// lastOutbox is the newest outbox sequence number.
func (e *env) lastOutbox() int64 {
	e.t.Helper()
	_, last, err := e.db.OutboxBounds(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	return last
}

// outboxThreads returns the threads written to the outbox after seq.
func (e *env) outboxThreads(seq int64) map[int64]bool {
	e.t.Helper()
	es, err := e.db.OutboxAfter(e.ctx, seq, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[int64]bool{}
	for _, x := range es {
		out[x.ThreadID] = true
	}
	return out
}

// wantErr checks an error's kind and, when code is not empty, its code.
func wantErr(t testing.TB, err error, kind forum.Kind, code string) *forum.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v %s", kind, code)
	}
	fe := forum.AsError(err)
	if fe.Kind != kind || (code != "" && fe.Code != code) {
		t.Fatalf("got %v %q (%v), want %v %q", fe.Kind, fe.Code, err, kind, code)
	}
	return fe
}

// wantField checks an Invalid error that names a field.
func wantField(t testing.TB, err error, field, code string) {
	t.Helper()
	fe := wantErr(t, err, forum.Invalid, code)
	if fe.Field != field {
		t.Fatalf("error %v names field %q, want %q", err, fe.Field, field)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// name returns a fresh username with a prefix.
func (e *env) name(prefix string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.names++
	return fmt.Sprintf("%s%d", prefix, e.names)
}
