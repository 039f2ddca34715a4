package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/password"
)

func TestReindexCommand(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := openDB(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	svc := forum.NewService(db, markdown.New(), password.New(password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}))
	admin, err := svc.CreateUser(ctx, forum.RegisterInput{Username: "setup-admin", Email: "setup-admin@example.com",
		Password: "correct horse battery staple", Role: forum.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CreateCategory(ctx, admin, forum.CategoryInput{Slug: "internet", Name: "Internet", ResponseTargetHours: 24}); err != nil {
		t.Fatal(err)
	}
	u, err := svc.CreateUser(ctx, forum.RegisterInput{Username: "sabine", Email: "s@example.com", Password: "a long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Router restarts every night", "WLAN bricht nach dem Update ab"} {
		if _, _, err := svc.Ask(ctx, u, forum.AskInput{CategorySlug: "internet", Title: title, Body: "The body of the question, long enough."}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	out, err := runCmd(t, "", "reindex", "--data", dir)
	if err != nil || !strings.Contains(out, "2 threads searchable") {
		t.Fatalf("reindex: %q %v", out, err)
	}

	// While a server holds the index, reindex says so instead of waiting.
	db2, err := openDB(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	idx, err := openIndex(ctx, dir, db2, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if _, err := runCmd(t, "", "reindex", "--data", dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("reindex while in use: %v", err)
	}
}

func TestEvalCommand(t *testing.T) {
	dir := t.TempDir()
	questions := filepath.Join(dir, "q.jsonl")
	pairs := filepath.Join(dir, "pairs.tsv")
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(questions, `{"id": "Q1", "title": "router keeps restarting every night", "body": "my router restarts at night, every night"}
{"id": "Q1_R1", "title": "how do I pay my bill online", "body": "where can I pay the monthly bill"}
{"id": "Q1_R2", "title": "router restarts every night at 3am", "body": "the router reboots itself every night"}
{"id": "Q2", "title": "best mobile plan for students", "body": "which mobile plan is cheap"}
{"id": "Q3", "title": "visa renewal documents", "body": "what documents does a visa renewal need"}
`)
	write(pairs, "query_id\trelevant_id\tlabel\nQ1\tQ1_R1\t0\nQ1\tQ1_R2\t1\n")
	out, err := runCmd(t, "", "eval", "similar", "--questions", questions, "--pairs", pairs)
	if err != nil {
		t.Fatal(err)
	}
	// The relevant candidate is listed second but is plainly the better
	// match: the ranking puts it first (MAP 100), the file order does not
	// (MAP 50).
	for _, want := range []string{"MAP  100.00", "MRR  100.00", "baseline, the candidates in file order", "MAP 50.00"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	if _, err := runCmd(t, "", "eval", "similar", "--questions", questions); err == nil {
		t.Error("eval without --pairs should fail")
	}
	write(pairs, "query_id\trelevant_id\tlabel\nQ1\tQ1_R1\tmaybe\n")
	if _, err := runCmd(t, "", "eval", "similar", "--questions", questions, "--pairs", pairs); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a bad label should be refused with its line: %v", err)
	}
}
