package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/password"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
)

// migrateForum is a small SQLite forum made through the service, closed
// again so that a server or the command can open its file.
type migrateForum struct {
	path             string
	solved, answered *forum.Thread
	accepted         *forum.Post
}

func newMigrateForum(t *testing.T, dir string) *migrateForum {
	t.Helper()
	ctx := context.Background()
	f := &migrateForum{path: filepath.Join(dir, "chorus.db")}
	db, err := sqlstore.Open(ctx, f.path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := forum.NewService(db, markdown.New(), password.New(password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}))
	users := map[string]*forum.User{}
	for _, name := range []string{"admin", "alice", "bob"} {
		role := forum.RoleMember
		if name == "admin" {
			role = forum.RoleAdmin
		}
		if users[name], err = svc.CreateUser(ctx, forum.RegisterInput{Username: name, Email: name + "@example.com",
			Password: "a long and unusual passphrase for " + name, Role: role}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.CreateCategory(ctx, users["admin"], forum.CategoryInput{Slug: "router", Name: "Router", ResponseTargetHours: 24}); err != nil {
		t.Fatal(err)
	}
	ask := func(u *forum.User, title string) *forum.Thread {
		th, _, err := svc.Ask(ctx, u, forum.AskInput{CategorySlug: "router", Title: title, Body: "In detail: " + title + ", every evening.", Tags: []string{"dsl"}})
		if err != nil {
			t.Fatal(err)
		}
		return th
	}
	f.solved = ask(users["alice"], "DSL sync lost every evening")
	if f.accepted, err = svc.Answer(ctx, users["bob"], f.solved.ID, "Replace the splitter; mine did the same."); err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Vote(ctx, users["alice"], f.accepted.ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Accept(ctx, users["alice"], f.solved.ID, f.accepted.ID); err != nil {
		t.Fatal(err)
	}
	f.answered = ask(users["bob"], "WLAN slow upstairs")
	if _, _, err := svc.AddComment(ctx, users["alice"], f.accepted.ID, "Which splitter?"); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMigrateStore(t *testing.T) {
	dbURL := storetest.Schema(t) // skips without CHORUS_TEST_POSTGRES
	ctx := context.Background()
	f := newMigrateForum(t, t.TempDir())

	var stdout, stderr bytes.Buffer
	if err := migrateStore(ctx, []string{"--from", "sqlite:" + f.path, "--to", dbURL}, &stdout, &stderr); err != nil {
		t.Fatalf("migrate-store: %v\n%s", err, stderr.String())
	}
	out := stdout.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^threads +2 +2 +2 +0 +0$`),
		regexp.MustCompile(`(?m)^posts +3 +3 +3 +0 +0$`),
		regexp.MustCompile(`(?m)^users +3 +3 +3 +0 +0$`),
		regexp.MustCompile(`(?m)^total +(\d+) +(\d+) +(\d+) +0 +0$`),
		regexp.MustCompile(`verified: each table has the rows the source had`),
	} {
		if !want.MatchString(out) {
			t.Errorf("the report lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "schema_migrations") {
		t.Errorf("the report lists schema_migrations, which each store keeps for itself:\n%s", out)
	}
	if e := stderr.String(); !strings.Contains(e, "threads\n[") || !strings.Contains(e, "100%") || strings.Contains(e, "wrote to the database during the copy") {
		t.Errorf("stderr should show a bar per table and no warning:\n%s", e)
	}

	dst, err := sqlstore.OpenPostgres(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	th, err := dst.ThreadByID(ctx, f.solved.ID)
	if err != nil || th.Title != f.solved.Title || th.AcceptedPostID != f.accepted.ID {
		t.Fatalf("solved thread on PostgreSQL: %+v, %v", th, err)
	}

	// The forum goes on; the second run brings what changed, once.
	src, err := sqlstore.Open(ctx, f.path)
	if err != nil {
		t.Fatal(err)
	}
	svc := forum.NewService(src, markdown.New(), password.New(password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}))
	bob, err := src.UserByUsername(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	added, _, err := svc.Ask(ctx, bob, forum.AskInput{CategorySlug: "router", Title: "Mesh repeater keeps rebooting", Body: "Every hour, since the update."})
	if err != nil {
		t.Fatal(err)
	}
	_ = src.Close()
	stdout.Reset()
	stderr.Reset()
	if err := migrateStore(ctx, []string{"--to", dbURL, "--from", f.path}, &stdout, &stderr); err != nil { // a bare path works too
		t.Fatalf("second run: %v\n%s", err, stderr.String())
	}
	if !regexp.MustCompile(`(?m)^threads +3 +3 +1 +0 +0$`).MatchString(stdout.String()) {
		t.Errorf("second run should write the one new thread:\n%s", stdout.String())
	}
	n, err := dst.CountThreads(ctx)
	if err != nil || n != 3 {
		t.Errorf("PostgreSQL has %d threads (%v), want 3", n, err)
	}
	if th, err := dst.ThreadByID(ctx, added.ID); err != nil || th.Title != added.Title {
		t.Errorf("the new thread on PostgreSQL: %+v, %v", th, err)
	}
}

// TestMigrateStoreWhileServing is the move as the help describes it: copy
// while a Chorus server runs on the SQLite file, stop it, copy again, and
// start a node on PostgreSQL that serves the same threads.
func TestMigrateStoreWhileServing(t *testing.T) {
	dbURL := storetest.Schema(t)
	if testing.Short() {
		t.Skip("builds and starts Chorus")
	}
	ctx := context.Background()
	dir := t.TempDir()
	f := newMigrateForum(t, dir)
	bin := buildChorus(t)
	old := startChorus(t, bin, dir)

	var stdout, stderr bytes.Buffer
	if err := migrateStore(ctx, []string{"--from", "sqlite:" + f.path, "--to", dbURL}, &stdout, &stderr); err != nil {
		t.Fatalf("copy while serving: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	old.stop(t)
	stdout.Reset()
	stderr.Reset()
	if err := migrateStore(ctx, []string{"--from", "sqlite:" + f.path, "--to", dbURL}, &stdout, &stderr); err != nil {
		t.Fatalf("final pass: %v\n%s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "during the copy") {
		t.Errorf("the final pass, with the forum stopped, says the forum wrote:\n%s", stderr.String())
	}

	node := startChorus(t, bin, t.TempDir(), "--database", dbURL)
	var got struct {
		Thread struct {
			Title          string
			AcceptedPostID int64
		} `json:"thread"`
	}
	if _, err := node.guest.call(ctx, "GET", fmt.Sprintf("/api/v1/threads/%d", f.solved.ID), nil, &got); err != nil {
		t.Fatal(err)
	}
	if got.Thread.Title != f.solved.Title {
		t.Errorf("the node on PostgreSQL serves %q for thread %d, want %q", got.Thread.Title, f.solved.ID, f.solved.Title)
	}
	node.stop(t)
}

func TestMigrateStoreBadInput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	missing := filepath.Join(dir, "nowhere", "chorus.db")
	f := newMigrateForum(t, dir)
	before, err := os.ReadFile(f.path)
	if err != nil {
		t.Fatal(err)
	}
	good := "postgres://chorus@127.0.0.1:5432/chorus?sslmode=disable"
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no flags", nil, "--from is missing"},
		{"no --to", []string{"--from", "sqlite:" + f.path}, "--to is missing"},
		{"no --from", []string{"--to", good}, "--from is missing"},
		{"from PostgreSQL", []string{"--from", good, "--to", good}, "--from must be the SQLite database"},
		{"from MySQL", []string{"--from", "mysql://x@db/forum", "--to", good}, "is not a SQLite database"},
		{"empty sqlite:", []string{"--from", "sqlite:", "--to", good}, "names no file"},
		{"missing file", []string{"--from", "sqlite:" + missing, "--to", good}, "there is no database at " + missing},
		{"folder", []string{"--from", "sqlite:" + dir, "--to", good}, "is a folder"},
		{"to SQLite", []string{"--from", "sqlite:" + f.path, "--to", "sqlite:other.db"}, "not a PostgreSQL URL"},
		{"bad port", []string{"--from", "sqlite:" + f.path, "--to", "postgres://chorus@db.example.com:99999/chorus"}, "--to postgres://chorus@db.example.com:99999/chorus"},
		{"bad port and a password", []string{"--from", "sqlite:" + f.path, "--to", "postgres://chorus:hunter2@db.example.com:99999/chorus"}, "invalid port"},
		{"unreachable", []string{"--from", "sqlite:" + f.path, "--to", "postgres://chorus:hunter2@127.0.0.1:1/chorus?sslmode=disable&connect_timeout=3"},
			"connect to PostgreSQL at 127.0.0.1:1"},
		{"unknown flag", []string{"--from", "sqlite:" + f.path, "--to", good, "--data", dir}, "flag provided but not defined: -data"},
		{"argument", []string{"--from", "sqlite:" + f.path, "--to", good, "extra"}, `unexpected "extra"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := migrateStore(ctx, c.args, &stdout, &stderr)
			if err == nil {
				t.Fatalf("no error; stdout:\n%s", stdout.String())
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "migrate-store: ") {
				t.Errorf("error %q, want one starting migrate-store: and saying %q", err, c.want)
			}
			if strings.Contains(err.Error()+stderr.String(), "hunter2") {
				t.Errorf("the password is in the message: %v\n%s", err, stderr.String())
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout has %q; nothing was copied", stdout.String())
			}
		})
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Errorf("the command made %s for a missing --from (%v)", filepath.Dir(missing), err)
	}
	after, err := os.ReadFile(f.path)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the source database changed (%v)", err)
	}

	t.Run("help", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		if err := migrateStore(ctx, []string{"--help"}, &stdout, &stderr); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"usage: chorus migrate-store", "stop the forum", "removes from PostgreSQL what the forum deleted", "-from", "-to"} {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("help lacks %q:\n%s", want, stderr.String())
			}
		}
	})
}

// TestMigrateStoreRefusesLeavesPostgresEmpty: a source that cannot be
// copied is refused before PostgreSQL is touched (not even migrated).
func TestMigrateStoreRefusesLeavesPostgresEmpty(t *testing.T) {
	t.Parallel()
	dbURL := storetest.Schema(t)
	ctx := context.Background()
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte("not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{"sqlite:" + filepath.Join(dir, "missing.db"), "sqlite:" + notDB} {
		var stdout, stderr bytes.Buffer
		if err := migrateStore(ctx, []string{"--from", from, "--to", dbURL}, &stdout, &stderr); err == nil {
			t.Fatalf("%s: no error", from)
		}
	}
	h, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var tables int
	if err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Errorf("the refused copies made %d tables in PostgreSQL", tables)
	}
}
