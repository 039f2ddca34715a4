package sqlstore_test

// Copy against the real things: a forum built through the services on a
// SQLite file, copied into a fresh PostgreSQL schema (storetest.Schema;
// the tests skip without CHORUS_TEST_POSTGRES), and read back through the
// store.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
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

// copyTables are the tables Copy copies, and how. When this test fails, a
// migration added (or dropped) a table: decide how Copy must treat it (a
// table whose rows never change is append-only, see copyAppendOnly in
// copy.go; one each store keeps for itself is skipped, see copySkip), and
// list it here.
var copyTables = map[string]string{
	"audit_log":              "append-only",
	"categories":             "mirror",
	"category_subscriptions": "mirror",
	"cluster_threads":        "mirror",
	"clusters":               "mirror",
	"comments":               "mirror",
	"email_prefs":            "mirror",
	"flags":                  "mirror",
	"import_map":             "mirror",
	"known_issue_links":      "mirror",
	"known_issue_updates":    "mirror",
	"known_issues":           "mirror",
	"mail_queue":             "mirror",
	"merge_people":           "mirror",
	"merge_posts":            "mirror",
	"merges":                 "mirror",
	"metoo":                  "mirror",
	"notifications":          "mirror",
	"notify_jobs":            "mirror",
	"outbox":                 "mirror",
	"password_resets":        "mirror",
	"post_revisions":         "mirror",
	"post_sources":           "mirror",
	"posts":                  "mirror",
	"rate_limits":            "mirror",
	"recovery_codes":         "mirror",
	"satisfaction":           "mirror",
	"schema_migrations":      "skip",
	"search_words":           "mirror",
	"secrets":                "mirror",
	"spam_words":             "mirror",
	"subscriptions":          "mirror",
	"tag_subscriptions":      "mirror",
	"tags":                   "mirror",
	"thread_tags":            "mirror",
	"threads":                "mirror",
	"tokens":                 "mirror",
	"users":                  "mirror",
	"votes":                  "mirror",
}

func TestCopyKnowsEveryTable(t *testing.T) {
	t.Parallel()
	db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := sqliteTables(t, db)
	var want []string
	for name := range copyTables {
		want = append(want, name)
	}
	sort.Strings(want)
	for _, name := range got {
		if _, ok := copyTables[name]; !ok {
			t.Errorf("a migration added table %s: check how Copy copies it (append-only? skipped?) and add it to copyTables", name)
		}
	}
	for _, name := range want {
		if !slices.Contains(got, name) {
			t.Errorf("table %s is gone from the schema: drop it from copyTables", name)
		}
	}
}

func TestCopyForum(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := newForum(t)
	s := src.seed()
	dst := openPostgres(t)

	rep, err := sqlstore.Copy(ctx, src.db, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SourceChanged {
		t.Error("SourceChanged on a forum nobody wrote to during the copy")
	}
	checkReport(t, rep)
	for _, ct := range rep.Tables {
		if ct.Removed != 0 || ct.Updated != 0 || ct.Inserted != ct.Source {
			t.Errorf("%s: %d inserted, %d updated, %d removed into an empty destination, from %d rows", ct.Name, ct.Inserted, ct.Updated, ct.Removed, ct.Source)
		}
	}
	var empty []string
	for _, ct := range rep.Tables {
		if ct.Source == 0 {
			empty = append(empty, ct.Name)
		}
	}
	t.Logf("tables the fixture leaves empty: %v", empty)
	sameRows(t, src.db, dst)

	// Through the store: the same threads, posts, accounts and answers.
	sameThreads(t, src.db, dst, s.threads...)
	th, err := dst.ThreadByID(ctx, s.solved.ID)
	if err != nil {
		t.Fatal(err)
	}
	if th.AcceptedPostID != s.accepted.ID || !slices.Equal(th.Tags, []string{"dsl", "router"}) {
		t.Errorf("solved thread on PostgreSQL: accepted %d tags %v, want %d [dsl router]", th.AcceptedPostID, th.Tags, s.accepted.ID)
	}
	merged, err := dst.ThreadByID(ctx, s.mergedFrom.ID)
	if err != nil {
		t.Fatal(err)
	}
	if merged.MergedIntoID != s.mergedInto.ID {
		t.Errorf("merged thread points at %d, want %d", merged.MergedIntoID, s.mergedInto.ID)
	}
	for _, name := range []string{"src", "dst"} {
		db := map[string]*sqlstore.DB{"src": src.db, "dst": dst}[name]
		n, err := db.CountThreads(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := len(s.threads); n != want {
			t.Errorf("%s: %d threads, want %d", name, n, want)
		}
	}
	pgSvc := newService(dst, src.clock)
	u, err := pgSvc.Login(ctx, "ALICE", passwordOf("alice"), "192.0.2.1")
	if err != nil {
		t.Fatalf("alice signs in on PostgreSQL by her name in capitals: %v", err)
	}
	if u.ID != s.alice.ID {
		t.Errorf("alice is %d on PostgreSQL, %d on SQLite", u.ID, s.alice.ID)
	}
	if _, err := pgSvc.SessionUser(ctx, s.session, forum.TokenSession); err != nil {
		t.Errorf("alice's session (a BLOB key) does not work on PostgreSQL: %v", err)
	}
	ns, _, err := dst.Notifications(ctx, s.alice.ID, 0, 100)
	if err != nil || len(ns) == 0 {
		t.Errorf("alice's notifications on PostgreSQL: %d, %v", len(ns), err)
	}
	ki, err := pgSvc.KnownIssue(ctx, s.staff, s.known.Thread.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ki.Status != "identified" || len(ki.Updates) == 0 || ki.WorkaroundMD == "" {
		t.Errorf("known issue on PostgreSQL: %+v", ki)
	}

	// The sequences moved: what is made on PostgreSQL gets fresh ids.
	fresh, _, err := pgSvc.Ask(ctx, s.alice, forum.AskInput{CategorySlug: "router", Title: "A new question asked on PostgreSQL",
		Body: "Asked after the move: it must not take an id the copy brought."})
	if err != nil {
		t.Fatal(err)
	}
	var maxThread, maxPost int64
	for _, th := range s.threads {
		maxThread = max(maxThread, th.ID)
	}
	if err := src.db.Raw().QueryRow(`SELECT MAX(id) FROM posts`).Scan(&maxPost); err != nil {
		t.Fatal(err)
	}
	if fresh.ID <= maxThread {
		t.Errorf("new thread on PostgreSQL got id %d, the copy's highest is %d", fresh.ID, maxThread)
	}
	ps, err := dst.Posts(ctx, fresh.ID)
	if err != nil || len(ps) != 1 || ps[0].ID <= maxPost {
		t.Errorf("new question's post on PostgreSQL: %+v, %v (highest copied %d)", ps, err, maxPost)
	}
	var seq, srcSeq int64
	if err := dst.Raw().QueryRow(`SELECT MAX(seq) FROM outbox`).Scan(&seq); err != nil {
		t.Fatal(err)
	}
	if err := src.db.Raw().QueryRow(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).Scan(&srcSeq); err != nil {
		t.Fatal(err)
	}
	if seq <= srcSeq {
		t.Errorf("new outbox entry on PostgreSQL is %d, the source's outbox had reached %d", seq, srcSeq)
	}
}

func TestCopyAgain(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := newForum(t)
	s := src.seed()
	dst := openPostgres(t)
	if _, err := sqlstore.Copy(ctx, src.db, dst, nil); err != nil {
		t.Fatal(err)
	}

	// The forum goes on: a new thread, an edited one, a vote withdrawn
	// and a session ended (rows deleted), the accepted answer changed.
	added := src.ask(s.bob, "Fritzbox drops WLAN after the update", "wlan")
	if _, err := src.svc.EditPost(ctx, s.alice, s.solvedQuestion.ID, forum.PostEdit{Title: "DSL sync lost every evening at eight",
		Body: "The question in detail, now with the modem log.", Tags: []string{"dsl"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := src.svc.Vote(ctx, s.carol, s.accepted.ID, 0); err != nil {
		t.Fatal(err)
	}
	if err := src.svc.EndSession(ctx, s.session); err != nil {
		t.Fatal(err)
	}
	if _, err := src.svc.Accept(ctx, s.alice, s.solved.ID, s.other.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := src.svc.DeliverNotifications(ctx); err != nil {
		t.Fatal(err)
	}
	if err := src.db.ReplaceRecoveryCodes(ctx, s.alice.ID, [][]byte{{0x09}}); err != nil {
		t.Fatal(err)
	}

	rep, err := sqlstore.Copy(ctx, src.db, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkReport(t, rep)
	byName := map[string]sqlstore.CopiedTable{}
	for _, ct := range rep.Tables {
		byName[ct.Name] = ct
	}
	if ct := byName["threads"]; ct.Inserted != 1 || ct.Updated == 0 || ct.Updated > 3 {
		t.Errorf("threads: %d inserted and %d updated on the second run, want 1 and the few that changed", ct.Inserted, ct.Updated)
	}
	if ct := byName["users"]; ct.Inserted+ct.Updated != 0 {
		t.Errorf("users: %d inserted, %d updated on the second run; none changed", ct.Inserted, ct.Updated)
	}
	for _, name := range []string{"votes", "tokens", "thread_tags", "notify_jobs", "recovery_codes"} {
		if ct := byName[name]; ct.Removed == 0 {
			t.Errorf("%s: nothing removed, but rows went in the source", name)
		}
	}
	sameRows(t, src.db, dst)
	sameThreads(t, src.db, dst, append(s.threads, *added)...)
	th, err := dst.ThreadByID(ctx, s.solved.ID)
	if err != nil {
		t.Fatal(err)
	}
	if th.Title != "DSL sync lost every evening at eight" || th.AcceptedPostID != s.other.ID || !slices.Equal(th.Tags, []string{"dsl"}) {
		t.Errorf("edited thread on PostgreSQL: %q accepted %d tags %v", th.Title, th.AcceptedPostID, th.Tags)
	}
	pgSvc := newService(dst, src.clock)
	if _, err := pgSvc.SessionUser(ctx, s.session, forum.TokenSession); err == nil {
		t.Error("the session alice ended still works on PostgreSQL")
	}

	// A third run with nothing new writes nothing.
	rep, err = sqlstore.Copy(ctx, src.db, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range rep.Tables {
		if ct.Inserted != 0 || ct.Updated != 0 || ct.Removed != 0 {
			t.Errorf("%s: third run inserted %d, updated %d, removed %d; nothing changed", ct.Name, ct.Inserted, ct.Updated, ct.Removed)
		}
	}
}

// TestCopyWhileServing writes to the forum while Copy reads it: the copy is
// the snapshot of when it began, says the source changed, and the next run
// brings the rest.
func TestCopyWhileServing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := newForum(t)
	s := src.seed()
	dst := openPostgres(t)
	reader, err := sqlstore.OpenCopySource(ctx, src.path)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()

	var once sync.Once
	var during *forum.Thread
	rep, err := sqlstore.Copy(ctx, reader, dst, func(p sqlstore.CopyProgress) {
		if p.Step == "copy" && p.Table == "posts" {
			once.Do(func() { during = src.ask(s.carol, "Written while the copy runs") })
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.SourceChanged {
		t.Error("the forum wrote during the copy, and the report does not say so")
	}
	for _, ct := range rep.Tables {
		if ct.Dest != ct.Source {
			t.Errorf("%s: destination %d, snapshot %d", ct.Name, ct.Dest, ct.Source)
		}
		if ct.Name == "threads" && ct.SourceNow != ct.Source+1 {
			t.Errorf("threads: %d in the source now, %d in the snapshot; one was added", ct.SourceNow, ct.Source)
		}
	}
	if _, err := dst.ThreadByID(ctx, during.ID); forum.ErrorKind(err) != forum.NotFound {
		t.Errorf("a thread asked after the snapshot began is in the copy (%v)", err)
	}

	rep, err = sqlstore.Copy(ctx, reader, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SourceChanged {
		t.Error("SourceChanged on the final pass, with nobody writing")
	}
	sameThreads(t, src.db, dst, append(s.threads, *during)...)
	sameRows(t, src.db, dst)
}

func TestCopyRefuses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	src := newForum(t)
	src.seed()

	t.Run("directions", func(t *testing.T) {
		t.Parallel()
		dst := openPostgres(t)
		other, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "other.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		for _, c := range []struct {
			from, to *sqlstore.DB
			want     string
		}{
			{dst, src.db, "source must be a SQLite"},
			{src.db, other, "destination must be a PostgreSQL"},
		} {
			if _, err := sqlstore.Copy(ctx, c.from, c.to, nil); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want an error saying %q", err, c.want)
			}
		}
	})
	t.Run("schema versions", func(t *testing.T) {
		t.Parallel()
		dst := openPostgres(t)
		if _, err := dst.Raw().Exec(`DELETE FROM schema_migrations WHERE version = ?`, sqlstore.SchemaVersion()); err != nil {
			t.Fatal(err)
		}
		_, err := sqlstore.Copy(ctx, src.db, dst, nil)
		if err == nil || !strings.Contains(err.Error(), "same version") {
			t.Fatalf("got %v, want a refusal for the schema versions", err)
		}
		assertEmpty(t, dst)
	})
	t.Run("another forum", func(t *testing.T) {
		t.Parallel()
		dst := openPostgres(t)
		svc := newService(dst, src.clock)
		if _, err := svc.CreateUser(ctx, forum.RegisterInput{Username: "someone", Email: "someone@example.com",
			Password: passwordOf("someone"), Role: forum.RoleAdmin}); err != nil {
			t.Fatal(err)
		}
		_, err := sqlstore.Copy(ctx, src.db, dst, nil)
		if err == nil || !strings.Contains(err.Error(), "nothing was written") {
			t.Fatalf("got %v, want a refusal", err)
		}
		var n int
		if err := dst.Raw().QueryRow(`SELECT COUNT(*) FROM users`).Scan(&n); err != nil || n != 1 {
			t.Errorf("the other forum has %d users (%v), want its 1", n, err)
		}
	})
}

func TestOpenCopySource(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	empty := filepath.Join(dir, "empty.db")
	text := filepath.Join(dir, "notes.txt")
	old := filepath.Join(dir, "old.db")
	for path, body := range map[string]string{empty: "", text: "not a database at all, only some words"} {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sqlstore.Open(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Raw().Exec(`DELETE FROM schema_migrations WHERE version = ?`, sqlstore.SchemaVersion()); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	before, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, want string }{
		{missing, "there is no database at"},
		{dir, "is a folder"},
		{empty, "is not a SQLite database"},
		{text, "is not a SQLite database"},
		{old, "run this version of Chorus on the forum first"},
	} {
		db, err := sqlstore.OpenCopySource(ctx, c.path)
		if err == nil {
			_ = db.Close()
			t.Errorf("%s: opened, want %q", c.path, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.path, err, c.want)
		}
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenCopySource made %s: %v", missing, err)
	}
	if st, err := os.Stat(empty); err != nil || st.Size() != 0 {
		t.Errorf("OpenCopySource wrote to the empty file: %v", err)
	}
	after, err := os.ReadFile(old)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("OpenCopySource changed the older database (migrated it?)")
	}
}

func TestCheckPostgresURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"postgres://chorus@db.example.com:5432/chorus?sslmode=require", true},
		{"postgresql://chorus:secret@127.0.0.1/chorus", true},
		{"mysql://chorus@db/chorus", false},
		{"sqlite:./data/chorus.db", false},
		{"postgres://chorus@db.example.com:99999/chorus", false},
		{"postgres://chorus@db/chorus?sslmode=sometimes", false},
	} {
		if err := sqlstore.CheckPostgresURL(c.url); (err == nil) != c.ok {
			t.Errorf("CheckPostgresURL(%q) = %v, want ok %v", c.url, err, c.ok)
		}
	}
}

// BenchmarkCopy copies a forum of 2,000 threads, each with three answers,
// votes and a comment, into an empty schema, then again unchanged.
func BenchmarkCopy(b *testing.B) {
	ctx := context.Background()
	src, err := sqlstore.Open(ctx, filepath.Join(b.TempDir(), "chorus.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer src.Close()
	seedBulk(b, src, 2000)
	b.ResetTimer()
	for range b.N {
		dst := openPostgres(b)
		start := time.Now()
		if _, err := sqlstore.Copy(ctx, src, dst, nil); err != nil {
			b.Fatal(err)
		}
		first := time.Since(start)
		start = time.Now()
		if _, err := sqlstore.Copy(ctx, src, dst, nil); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(first.Seconds(), "s/first")
		b.ReportMetric(time.Since(start).Seconds(), "s/again")
	}
}

// seedBulk writes n threads through the store (no rendering, no limits):
// enough rows to time the copy.
func seedBulk(tb testing.TB, db *sqlstore.DB, n int) {
	tb.Helper()
	ctx := context.Background()
	now := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	var users []*forum.User
	for i := range 20 {
		u := &forum.User{Username: fmt.Sprintf("user%02d", i), Email: fmt.Sprintf("user%02d@example.com", i),
			PasswordHash: "x", Role: forum.RoleMember, CreatedAt: now}
		if err := db.CreateUser(ctx, u); err != nil {
			tb.Fatal(err)
		}
		users = append(users, u)
	}
	cat := &forum.Category{Slug: "bulk", Name: "Bulk", ResponseTargetHours: 24}
	if err := db.CreateCategory(ctx, cat, nil); err != nil {
		tb.Fatal(err)
	}
	body := strings.Repeat("The router loses its connection every evening, and the log shows why. ", 8)
	for i := range n {
		at := now.Add(time.Duration(i) * time.Minute)
		asker := users[i%len(users)]
		th := &forum.Thread{CategoryID: cat.ID, Author: asker.Ref(), Title: fmt.Sprintf("Question number %d about the router", i),
			Slug: fmt.Sprintf("question-%d", i), Lang: "en", Tags: []string{"router", fmt.Sprintf("tag%d", i%50)}, CreatedAt: at, LastActivityAt: at}
		q := &forum.Post{Author: asker.Ref(), BodyMD: body, BodyHTML: "<p>" + body + "</p>", CreatedAt: at}
		if err := db.CreateThread(ctx, th, q); err != nil {
			tb.Fatal(err)
		}
		for j := range 3 {
			a := &forum.Post{ThreadID: th.ID, Author: users[(i+j+1)%len(users)].Ref(), BodyMD: body, BodyHTML: "<p>" + body + "</p>", CreatedAt: at.Add(time.Duration(j+1) * time.Second)}
			if err := db.CreatePost(ctx, a); err != nil {
				tb.Fatal(err)
			}
			if _, err := db.SetVote(ctx, a.ID, users[(i+j+5)%len(users)].ID, 1, at); err != nil {
				tb.Fatal(err)
			}
			if j == 0 {
				c := &forum.Comment{PostID: a.ID, Author: asker.Ref(), BodyMD: "Thanks, trying it.", BodyHTML: "<p>Thanks, trying it.</p>", CreatedAt: at}
				if err := db.CreateComment(ctx, c); err != nil {
					tb.Fatal(err)
				}
			}
		}
	}
}

// --- the forum the tests copy ---

var baseTime = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second) // every write at its own time
	return c.t
}

type testForum struct {
	t     testing.TB
	ctx   context.Context
	path  string
	db    *sqlstore.DB
	svc   *forum.Service
	mod   *moderation.Service
	clock *clock
}

func newForum(t testing.TB) *testForum {
	t.Helper()
	path := filepath.Join(t.TempDir(), "chorus.db")
	db, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	c := &clock{t: baseTime}
	svc := newService(db, c)
	mod := moderation.NewService(db, svc)
	mod.Now = c.Now
	return &testForum{t: t, ctx: context.Background(), path: path, db: db, svc: svc, mod: mod, clock: c}
}

func newService(db *sqlstore.DB, c *clock) *forum.Service {
	svc := forum.NewService(db, markdown.New(), password.New(password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}))
	svc.Now = c.Now
	return svc
}

func openPostgres(t testing.TB) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.OpenPostgres(context.Background(), storetest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

func passwordOf(name string) string { return "a long and unusual passphrase for " + name }

func (f *testForum) user(name string, role forum.Role) *forum.User {
	f.t.Helper()
	u, err := f.svc.CreateUser(f.ctx, forum.RegisterInput{Username: name, Email: name + "@example.com", Password: passwordOf(name), Role: role})
	if err != nil {
		f.t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

func (f *testForum) ask(u *forum.User, title string, tags ...string) *forum.Thread {
	f.t.Helper()
	th, _, err := f.svc.Ask(f.ctx, u, forum.AskInput{CategorySlug: "router", Title: title,
		Body: "The question in detail: " + title + ". It happens every evening.", Tags: tags})
	if err != nil {
		f.t.Fatalf("ask %q: %v", title, err)
	}
	return th
}

func (f *testForum) answer(u *forum.User, threadID int64, body string) *forum.Post {
	f.t.Helper()
	p, err := f.svc.Answer(f.ctx, u, threadID, body)
	if err != nil {
		f.t.Fatalf("answer by %s: %v", u.Username, err)
	}
	return p
}

// seeded is what seed made, for the checks.
type seeded struct {
	alice, bob, carol, staff *forum.User
	threads                  []forum.Thread
	solved                   *forum.Thread
	solvedQuestion           *forum.Post
	accepted, other          *forum.Post
	mergedFrom, mergedInto   *forum.Thread
	known                    *forum.KnownIssue
	session                  string
}

// seed builds a small forum through the services: something in most
// tables.
func (f *testForum) seed() *seeded {
	f.t.Helper()
	ctx, e := f.ctx, f.t
	s := &seeded{}
	admin := f.user("admin", forum.RoleAdmin)
	s.staff = f.user("staff", forum.RoleStaff)
	moderator := f.user("moderator", forum.RoleModerator)
	s.alice, s.bob, s.carol = f.user("alice", forum.RoleMember), f.user("bob", forum.RoleMember), f.user("carol", forum.RoleMember)
	// Established accounts: the limits treat new ones strictly.
	f.clock.mu.Lock()
	f.clock.t = f.clock.t.Add(10 * 24 * time.Hour)
	f.clock.mu.Unlock()
	for _, c := range []forum.CategoryInput{
		{Slug: "router", Name: "Router & WLAN", ResponseTargetHours: 24},
		{Slug: "mobile", Name: "Mobile", ResponseTargetHours: 48},
	} {
		if _, err := f.svc.CreateCategory(ctx, admin, c); err != nil {
			e.Fatal(err)
		}
	}

	s.solved = f.ask(s.alice, "DSL sync lost every evening", "dsl", "router")
	ps, err := f.db.Posts(ctx, s.solved.ID)
	if err != nil {
		e.Fatal(err)
	}
	s.solvedQuestion = &ps[0]
	s.accepted = f.answer(s.bob, s.solved.ID, "Replace the splitter; mine did the same.")
	s.other = f.answer(s.carol, s.solved.ID, "Ask your provider to lower the line profile.")
	if _, _, err := f.svc.Vote(ctx, s.carol, s.accepted.ID, 1); err != nil {
		e.Fatal(err)
	}
	if _, _, err := f.svc.Vote(ctx, s.alice, s.other.ID, 1); err != nil {
		e.Fatal(err)
	}
	if _, err := f.svc.MeToo(ctx, s.carol, s.solved.ID, true); err != nil {
		e.Fatal(err)
	}
	if _, _, err := f.svc.AddComment(ctx, s.alice, s.accepted.ID, "Which splitter did you buy?"); err != nil {
		e.Fatal(err)
	}
	if _, err := f.svc.Accept(ctx, s.alice, s.solved.ID, s.accepted.ID); err != nil {
		e.Fatal(err)
	}
	if _, err := f.svc.RateThread(ctx, s.alice, s.solved.ID, forum.SatisfactionInput{Solved: true, Rating: 5, Comment: "Quick help"}); err != nil {
		e.Fatal(err)
	}

	s.mergedInto = f.ask(s.bob, "Internet drops at night", "dsl")
	s.mergedFrom = f.ask(s.carol, "Connection lost every night", "dsl")
	f.answer(s.alice, s.mergedFrom.ID, "Same here since Tuesday.")
	if _, err := f.mod.Merge(ctx, moderator, s.mergedFrom.ID, s.mergedInto.ID, "same DSL problem"); err != nil {
		e.Fatal(err)
	}
	locked := f.ask(s.bob, "Which router should I buy?")
	if _, err := f.mod.Flag(ctx, s.carol, f.answer(s.bob, locked.ID, "Buy the cheapest one.").ID, moderation.FlagInput{Reason: "off_topic"}); err != nil {
		e.Fatal(err)
	}
	if _, err := f.mod.ActOnThread(ctx, moderator, locked.ID, moderation.ThreadActionInput{Action: "lock", Reason: "shopping advice"}); err != nil {
		e.Fatal(err)
	}
	if _, err := f.mod.SetSpamWords(ctx, admin, []string{"casino"}); err != nil {
		e.Fatal(err)
	}
	if _, _, err := f.svc.SetSearchWords(ctx, admin, "Routerkabel"); err != nil {
		e.Fatal(err)
	}

	s.known, err = f.svc.CreateKnownIssue(ctx, s.staff, forum.KnownIssueInput{Category: "router", Title: "Evening DSL outages in the north",
		Body: "Many of you lose DSL in the evening; we are on it.", Status: "investigating", Workaround: "Restart the modem after eight."})
	if err != nil {
		e.Fatal(err)
	}
	if err := f.svc.LinkReport(ctx, s.staff, s.known.Thread.ID, s.mergedInto.ID, true); err != nil {
		e.Fatal(err)
	}
	if s.known, err = f.svc.UpdateKnownIssue(ctx, s.staff, s.known.Thread.ID, forum.KnownIssueChange{Status: "identified", Note: "A faulty line card."}); err != nil {
		e.Fatal(err)
	}

	if _, err := f.svc.FollowCategory(ctx, s.bob, "mobile", true); err != nil {
		e.Fatal(err)
	}
	if _, err := f.svc.FollowTag(ctx, s.carol, "dsl", true); err != nil {
		e.Fatal(err)
	}
	if err := f.svc.SetEmailPrefs(ctx, s.alice, map[string]string{forum.NotifyAnswer: "digest"}); err != nil {
		e.Fatal(err)
	}
	if _, err := f.svc.UnsubscribeToken(ctx, s.alice.ID, forum.NotifyAnswer, f.clock.Now().Add(24*time.Hour)); err != nil {
		e.Fatal(err)
	}
	if s.session, err = f.svc.StartSession(ctx, s.alice, forum.TokenSession); err != nil {
		e.Fatal(err)
	}
	if _, err := f.svc.Login(ctx, "bob", passwordOf("bob"), "192.0.2.7"); err != nil {
		e.Fatal(err)
	}
	if err := f.svc.RequestPasswordReset(ctx, "bob", "192.0.2.7", func(u *forum.User, secret string) (forum.Mail, error) {
		return forum.Mail{To: u.Email, Subject: "Your password", Text: "Open /reset/" + secret, HTML: "<p>Open the link.</p>"}, nil
	}); err != nil {
		e.Fatal(err)
	}
	if err := f.db.ReplaceRecoveryCodes(ctx, s.alice.ID, [][]byte{{0x01, 0x02, 0xff}, {0x00, 0x7f, 0x80}}); err != nil {
		e.Fatal(err)
	}
	// What no service of this size writes: an import's records, and a
	// cluster detection's.
	raw := f.db.Raw()
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO import_map (source, kind, external_id, local_id) VALUES (?, ?, ?, ?)`, []any{"stackexchange:example", "post", 42, s.other.ID}},
		{`INSERT INTO post_sources (post_id, site, url, author_name, license, base_score) VALUES (?, ?, ?, ?, ?, ?)`,
			[]any{s.other.ID, "example.stackexchange.com", "https://example.stackexchange.com/a/42", "Zoë", "CC BY-SA 4.0", 7}},
		{`INSERT INTO clusters (id, status, label, people, raised_at, updated_at, known_issue_id) VALUES (1, 'open', 'dsl evening', 3, ?, ?, ?)`,
			[]any{baseTime.UnixMilli(), baseTime.UnixMilli(), s.known.Thread.ID}},
		{`INSERT INTO cluster_threads (cluster_id, thread_id, added_at) VALUES (1, ?, ?)`, []any{s.mergedInto.ID, baseTime.UnixMilli()}},
	} {
		if _, err := raw.Exec(q.sql, q.args...); err != nil {
			e.Fatalf("%s: %v", q.sql, err)
		}
	}
	if _, err := f.svc.DeliverNotifications(ctx); err != nil {
		e.Fatal(err)
	}
	// A job left for the notifier, as a running forum has.
	f.answer(s.staff, s.mergedInto.ID, "We are looking into it.")

	page, err := f.db.FindThreads(ctx, forum.ThreadFilter{PerPage: 100})
	if err != nil {
		e.Fatal(err)
	}
	s.threads = page.Threads
	s.threads = append(s.threads, *f.thread(s.mergedFrom.ID)) // merged: not listed
	return s
}

func (f *testForum) thread(id int64) *forum.Thread {
	f.t.Helper()
	th, err := f.db.ThreadByID(f.ctx, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return th
}

// --- checks ---

// checkReport checks that the report names every table copyTables copies,
// as it says, and that every table arrived whole.
func checkReport(t *testing.T, rep *sqlstore.CopyReport) {
	t.Helper()
	seen := map[string]bool{}
	for _, ct := range rep.Tables {
		seen[ct.Name] = true
		kind := "mirror"
		if ct.AppendOnly {
			kind = "append-only"
		}
		if copyTables[ct.Name] != kind {
			t.Errorf("%s copied as %s, copyTables says %q", ct.Name, kind, copyTables[ct.Name])
		}
		if ct.Dest != ct.Source {
			t.Errorf("%s: %d rows in the destination, %d in the source", ct.Name, ct.Dest, ct.Source)
		}
	}
	for name, kind := range copyTables {
		if kind != "skip" && !seen[name] {
			t.Errorf("%s is not in the report", name)
		}
	}
}

// sameThreads checks that the store reads each thread, its posts and their
// revisions the same from both databases.
func sameThreads(t *testing.T, src, dst *sqlstore.DB, threads ...forum.Thread) {
	t.Helper()
	ctx := context.Background()
	for _, th := range threads {
		a, err := src.ThreadByID(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dst.ThreadByID(ctx, th.ID)
		if err != nil {
			t.Fatalf("thread %d on PostgreSQL: %v", th.ID, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("thread %d differs:\nSQLite     %+v\nPostgreSQL %+v", th.ID, a, b)
		}
		pa, err := src.Posts(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		pb, err := dst.Posts(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("posts of thread %d differ:\nSQLite     %+v\nPostgreSQL %+v", th.ID, pa, pb)
		}
		for _, p := range pa {
			ra, err := src.Revisions(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			rb, err := dst.Revisions(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ra, rb) {
				t.Errorf("revisions of post %d differ", p.ID)
			}
		}
	}
}

// sameRows checks that every copied table holds the same rows in both
// databases, value for value.
func sameRows(t *testing.T, src, dst *sqlstore.DB) {
	t.Helper()
	for _, table := range sqliteTables(t, src) {
		if copyTables[table] == "skip" {
			continue
		}
		cols, key := sqliteColumns(t, src, table)
		q := `SELECT ` + strings.Join(cols, ", ") + ` FROM ` + table + ` ORDER BY ` + strings.Join(key, ", ")
		a, b := dump(t, src, q, len(cols)), dump(t, dst, q, len(cols))
		if !slices.Equal(a, b) {
			t.Errorf("%s differs (%d rows in SQLite, %d in PostgreSQL):\nSQLite     %q\nPostgreSQL %q", table, len(a), len(b), a, b)
		}
	}
}

func sqliteTables(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	rows, err := db.Raw().Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		names = append(names, s)
	}
	return names
}

func sqliteColumns(t *testing.T, db *sqlstore.DB, table string) (cols, key []string) {
	t.Helper()
	rows, err := db.Raw().Query(`SELECT name, pk FROM pragma_table_info(?) ORDER BY name`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type k struct {
		pos  int
		name string
	}
	var keys []k
	for rows.Next() {
		var name string
		var pk int
		if err := rows.Scan(&name, &pk); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, `"`+name+`"`)
		if pk > 0 {
			keys = append(keys, k{pk, `"` + name + `"`})
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].pos < keys[j].pos })
	for _, kk := range keys {
		key = append(key, kk.name)
	}
	return cols, key
}

// dump reads rows as strings, the same for the same values in either
// database.
func dump(t *testing.T, db *sqlstore.DB, q string, n int) []string {
	t.Helper()
	rows, err := db.Raw().Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, v := range vals {
			switch x := v.(type) {
			case []byte:
				fmt.Fprintf(&b, "x'%x' ", x)
			default:
				fmt.Fprintf(&b, "%T(%v) ", x, x)
			}
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// assertEmpty checks that a destination holds no forum data.
func assertEmpty(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	for _, table := range []string{"users", "threads", "posts", "audit_log"} {
		var n int
		if err := db.Raw().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s has %d rows; nothing should have been written", table, n)
		}
	}
}
