package search_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/search"
)

// manyThreads posts n threads, more than one rebuild batch, each with a
// word of its own.
func manyThreads(e *env, n int) []int64 {
	e.t.Helper()
	ids := make([]int64, n)
	for i := range n {
		ids[i] = e.ask("", fmt.Sprintf("Bulk thread number %d for the rebuild", i),
			fmt.Sprintf("This is bulk thread %d with the word bulkword%d in it.", i, i)).ID
	}
	return ids
}

type progressCall struct{ done, total, posts int }

func TestRebuildReportsProgressAndServesMeanwhile(t *testing.T) {
	const n = 260 // two batches
	e := newEnv(t)
	ids := manyThreads(e, n)
	e.answer(ids[0], "An answer, so that posts and threads differ in the count.")
	ix := e.open(search.Options{})
	if !ix.NeedsRebuild() {
		t.Fatal("a missing index needs a rebuild")
	}

	// From nothing: search says it is being rebuilt, never an internal error.
	var first []progressCall
	if _, err := ix.Rebuild(e.ctx, func(done, total, posts int) {
		first = append(first, progressCall{done, total, posts})
		_, err := e.svc.Search(e.ctx, nil, forum.SearchQuery{Text: "bulk"})
		if kindOf(err) != forum.Unavailable {
			t.Errorf("search during the first build: %v, want Unavailable", err)
		}
	}); err != nil {
		t.Fatal(err)
	}
	checkProgress(t, first, n, n+1)
	if ix.NeedsRebuild() {
		t.Error("still NeedsRebuild after Rebuild")
	}
	if d := e.docCount(); d != n {
		t.Fatalf("%d docs, want %d", d, n)
	}

	// Again, with the old index serving and changes made meanwhile.
	var calls []progressCall
	var renamed, added int64
	if _, err := ix.Rebuild(e.ctx, func(done, total, posts int) {
		calls = append(calls, progressCall{done, total, posts})
		if res, err := e.svc.Search(e.ctx, nil, forum.SearchQuery{Text: "bulkword7"}); err != nil || len(res.Hits) != 1 {
			t.Errorf("search during the rebuild: %v, %d hits", err, len(res.Hits))
		}
		if len(calls) == 1 {
			// The first batch is done, so thread 0 was read before this
			// edit: only the outbox can bring the edit in.
			renamed = ids[0]
			view, err := e.svc.Thread(e.ctx, e.asker, renamed)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.EditPost(e.ctx, e.asker, view.Question.ID, forum.PostEdit{
				Title: "Bulk thread renamed to the quokka", Body: view.Question.BodyMD}); err != nil {
				t.Fatal(err)
			}
			added = e.ask("", "Thread asked during the rebuild", "This thread about the pangolin was asked while the index was rebuilt.").ID
		}
	}); err != nil {
		t.Fatal(err)
	}
	if len(calls) < 2 {
		t.Fatalf("progress called %d times", len(calls))
	}
	if last := calls[len(calls)-1]; last.done != last.total {
		t.Errorf("last progress %+v: done != total", last)
	}
	if e.lag() == 0 {
		t.Error("changes made during the rebuild are not behind the rebuild's watermark")
	}
	e.catchUp()
	if res := e.find("quokka"); !contains(hitIDs(res), renamed) {
		t.Errorf("edit made during the rebuild not found after catch-up: %q", hitTitles(res))
	}
	if res := e.find("pangolin"); !contains(hitIDs(res), added) {
		t.Errorf("thread asked during the rebuild not found after catch-up")
	}
	if d := e.docCount(); d != n+1 {
		t.Errorf("%d docs, want %d", d, n+1)
	}
	if e.lag() != 0 {
		t.Errorf("lag %d after catch-up", e.lag())
	}
}

// checkProgress wants done to grow to total, with total the thread count
// and posts counted up to wantPosts.
func checkProgress(t *testing.T, calls []progressCall, total, wantPosts int) {
	t.Helper()
	if len(calls) < 2 {
		t.Fatalf("progress called %d times for %d threads, want one call per batch", len(calls), total)
	}
	prev := 0
	for _, c := range calls {
		if c.done <= prev || c.done > c.total {
			t.Errorf("progress %+v after done=%d: want done increasing and at most total", c, prev)
		}
		prev = c.done
	}
	last := calls[len(calls)-1]
	if last.done != total || last.total != total || last.posts != wantPosts {
		t.Errorf("last progress %+v, want done=total=%d posts=%d", last, total, wantPosts)
	}
}

func TestRebuildCancelledKeepsOldIndex(t *testing.T) {
	e := newEnv(t)
	manyThreads(e, 260)
	e.open(search.Options{})
	e.rebuild()
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	_, err := e.ix.Rebuild(ctx, func(done, total, posts int) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled rebuild: %v", err)
	}
	if _, err := os.Stat(filepath.Join(e.indexDir(), "index.new")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cancelled rebuild left its directory behind: %v", err)
	}
	if res := e.find("bulkword259"); len(res.Hits) != 1 {
		t.Errorf("old index does not serve after a cancelled rebuild: %d hits", len(res.Hits))
	}
	if d := e.docCount(); d != 260 {
		t.Errorf("%d docs", d)
	}
}

// TestMappingChangeRebuildsInBackground opens an index built with one
// dictionary under another: the old index answers until the rebuild with
// the new mapping is swapped in.
func TestMappingChangeRebuildsInBackground(t *testing.T) {
	e := newEnv(t)
	th := e.askLang("de", "Der Plimpelrouter startet ständig neu", "Seit dem Update startet der Plimpelrouter ständig neu, was kann ich tun?")
	a := search.Options{Words: []string{"nordbox"}}
	b := search.Options{Words: []string{"nordbox", "plimpel"}}

	ix := e.open(a)
	e.rebuild()
	if res := e.find("Plimpel"); len(res.Hits) != 0 {
		t.Fatalf("mapping A splits what only B should (%q, mode %s): the test proves nothing", hitTitles(res), res.Mode)
	}
	versionA := ix.Version()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix = e.open(b)
	if ix.Version() == versionA {
		t.Fatal("another dictionary, same version")
	}
	if !ix.NeedsRebuild() {
		t.Fatal("an index of another mapping version does not ask for a rebuild")
	}
	if !strings.Contains(e.logs.String(), "another mapping") {
		t.Errorf("no log line says why it rebuilds:\n%s", e.logs)
	}
	// The old index serves meanwhile, with the old analysis.
	if res := e.find("Plimpelrouter"); !contains(hitIDs(res), th.ID) {
		t.Fatalf("old index does not answer while the rebuild is pending: %q", hitTitles(res))
	}
	// The indexer rebuilds first, then swaps.
	stop := e.runIndexer(ix)
	eventually(t, 10*time.Second, "background rebuild", func() bool { return !ix.NeedsRebuild() })
	stop()
	if res := e.find("Plimpel"); !contains(hitIDs(res), th.ID) {
		t.Errorf("after the rebuild, the new word does not split the compound: %q", hitTitles(res))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Built with B, opened with B: nothing to do.
	if ix := e.open(b); ix.NeedsRebuild() {
		t.Error("reopened with the same mapping, it wants a rebuild again")
	}
	// And back to A: the version is checked both ways.
	e.ix.Close()
	if ix := e.open(a); !ix.NeedsRebuild() {
		t.Error("reopened with the old mapping, it does not want a rebuild")
	}
}
