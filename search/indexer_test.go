package search_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/password"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/search"
)

// TestCatchUpAfterWritesWithoutIndexer writes to the database while no
// index is open, as after a crash between commit and indexing, and checks
// that the next start catches up from the watermark it kept, and only from
// there.
func TestCatchUpAfterWritesWithoutIndexer(t *testing.T) {
	var old, doomed int64
	e := newIndexedEnv(t, func(e *env) {
		old = e.ask("", "Old thread about the answering machine", "The answering machine keeps the old greeting although I recorded a new one.").ID
		doomed = e.ask("", "Thread that will be deleted soon", "This question is about to be deleted by its author, nobody answered it.").ID
	})
	if err := e.ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Committed, never indexed.
	var fresh []int64
	for i, w := range []string{"alpaca", "capybara", "wombat"} {
		fresh = append(fresh, e.ask("", fmt.Sprintf("New thread number %d about the %s", i+1, w), "The "+w+" ate the network cable and now nothing works any more.").ID)
	}
	e.answer(old, "Delete the greeting with the ocelot button first, then record again.")
	view, err := e.svc.Thread(e.ctx, e.asker, doomed)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.DeletePost(e.ctx, e.asker, view.Question.ID); err != nil {
		t.Fatal(err)
	}

	ix := e.open(search.Options{})
	if ix.NeedsRebuild() {
		t.Fatalf("a sound index of the current mapping needs no rebuild; log:\n%s", e.logs)
	}
	if got := e.lag(); got != 5 {
		t.Fatalf("lag %d, want the 5 changes made while no indexer ran", got)
	}
	if res := e.find("alpaca"); len(res.Hits) != 0 {
		t.Fatalf("found before catching up: the test proves nothing")
	}
	e.catchUp()
	for i, w := range []string{"alpaca", "capybara", "wombat"} {
		if res := e.find(w); !contains(hitIDs(res), fresh[i]) {
			t.Errorf("%s: not found after catch-up", w)
		}
	}
	if res := e.find("ocelot"); !contains(hitIDs(res), old) {
		t.Errorf("the new answer on the old thread is not indexed")
	}
	if res := e.find("question nobody answered"); contains(hitIDs(res), doomed) {
		t.Errorf("the deleted thread is still found")
	}
	if n := e.docCount(); n != 4 {
		t.Errorf("%d docs, want 4", n)
	}

	// The watermark survives a restart: nothing is left to apply.
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	e.open(search.Options{})
	if got := e.lag(); got != 0 {
		t.Fatalf("after reopening, lag %d, want 0", got)
	}
	// A change without an outbox row is invisible to the indexer; if
	// catching up replayed old entries, it would pick this one up.
	e.exec(`UPDATE threads SET title = 'Zeppelin thread renamed behind the back' WHERE id = ?`, old)
	newest := e.ask("", "One more new thread about the lemur", "The lemur is a new animal in this story and wants to be found.").ID
	if got := e.lag(); got != 1 {
		t.Fatalf("lag %d, want 1", got)
	}
	e.catchUp()
	if res := e.find("lemur"); !contains(hitIDs(res), newest) {
		t.Errorf("the newest thread is not found")
	}
	if res := e.find("zeppelin"); len(res.Hits) != 0 {
		t.Errorf("catch-up re-applied entries before the watermark: %q", hitTitles(res))
	}
}

// crashDirEnv names the data directory for the child process of
// TestKilledDuringIndexing.
const crashDirEnv = "CHORUS_SEARCH_TEST_CRASH_DIR"

// crashThreads is how many threads the child posts before it dies.
const crashThreads = 40

// TestKilledDuringIndexing runs a child process that posts threads with
// the indexer running and kills itself with SIGKILL right after the last
// commit, with batches in flight. The next start must open the index and
// catch up to everything committed.
func TestKilledDuringIndexing(t *testing.T) {
	e := newIndexedEnv(t, func(e *env) {
		e.ask("", "A thread from before the crash", "This thread was indexed long before the process was killed.")
	})
	if err := e.ix.Close(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledDuringIndexingChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDirEnv+"="+e.dir)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("child did not die by SIGKILL: %v\n%s", err, out)
	}

	ix := e.open(search.Options{})
	if ix.NeedsRebuild() {
		t.Logf("index needed a rebuild after the kill; log:\n%s", e.logs)
	}
	e.catchUp()
	if n := e.docCount(); n != crashThreads+1 {
		t.Fatalf("%d docs after catch-up, want %d", n, crashThreads+1)
	}
	for i := range crashThreads {
		w := crashWord(i)
		if res := e.find(w); len(res.Hits) != 1 {
			t.Errorf("%s: %d hits after catch-up", w, len(res.Hits))
		}
	}
}

func crashWord(i int) string { return fmt.Sprintf("crashword%03d", i) }

// TestKilledDuringIndexingChild is the child of TestKilledDuringIndexing;
// on its own it does nothing.
func TestKilledDuringIndexingChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("runs as the child of TestKilledDuringIndexing")
	}
	ctx := t.Context()
	db, err := sqlstore.Open(ctx, filepath.Join(dir, "chorus.db"))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(ctx, filepath.Join(dir, "search"), db, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.OnCommit(ix.Kick)
	go ix.Run(ctx)
	svc := forum.NewService(db, markdown.New(), password.New(password.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}))
	u, err := svc.User(ctx, "sabine")
	if err != nil {
		t.Fatal(err)
	}
	for i := range crashThreads {
		if _, _, err := svc.Ask(ctx, u, forum.AskInput{CategorySlug: "internet",
			Title: fmt.Sprintf("Thread %d posted just before the crash", i),
			Body:  fmt.Sprintf("This body holds the word %s and nothing else of note.", crashWord(i))}); err != nil {
			t.Fatal(err)
		}
	}
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	time.Sleep(time.Minute)
}

// TestRunPicksUpNewPosts starts the indexer and checks that posts become
// searchable by themselves: by polling without Kick, and at once with the
// commit hook the server installs.
func TestRunPicksUpNewPosts(t *testing.T) {
	e := newIndexedEnv(t, func(e *env) {
		e.ask("", "A thread that was there first", "This thread was indexed before the indexer started running.")
	})
	e.runIndexer(e.ix)

	th := e.ask("", "Polled thread about the narwhal", "The narwhal thread is found by the indexer's regular poll.")
	took := eventually(t, 2*time.Second, "polled post searchable", func() bool { return contains(hitIDs(e.find("narwhal")), th.ID) })
	t.Logf("searchable by polling after %s", took)

	// With Kick after each commit, a post does not wait for the poll.
	e.db.OnCommit(e.ix.Kick)
	var lat []time.Duration
	for i := range 9 {
		w := fmt.Sprintf("kickword%d", i)
		th := e.ask("", fmt.Sprintf("Kicked thread number %d here", i), "This thread holds "+w+" and is kicked.")
		lat = append(lat, eventually(t, 3*time.Second, "kicked post searchable", func() bool { return contains(hitIDs(e.find(w)), th.ID) }))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	t.Logf("searchable after a kick: %v", lat)
	// Without the kick a post waits for the next poll, up to 250 ms and
	// half that on average; the median of nine kicked posts stays well
	// below it even under -race.
	if lat[len(lat)/2] > 100*time.Millisecond {
		t.Errorf("median latency with Kick %s: the kick does not wake the indexer", lat[len(lat)/2])
	}

	// Kick never blocks, whether the indexer is busy or stopped.
	done := make(chan struct{})
	go func() {
		for range 1000 {
			e.ix.Kick()
		}
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Kick blocked")
	}
}

// TestIndexBehindPrunedOutboxIsRebuilt restores an old copy of the index
// (a backup) after the indexer pruned the outbox past it: catching up
// from its watermark would miss changes, so it must be rebuilt instead.
func TestIndexBehindPrunedOutboxIsRebuilt(t *testing.T) {
	later := search.Options{Now: func() time.Time { return baseTime.Add(48 * time.Hour) }}
	e := newEnv(t)
	for i := range 3 {
		e.ask("", fmt.Sprintf("Thread %d from before the backup", i), fmt.Sprintf("This thread holds backupword%d, written before the backup.", i))
	}
	ix := e.open(later)
	e.rebuild()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "index")
	copyDir(t, filepath.Join(e.indexDir(), "index"), backup)

	ix = e.open(later)
	for i := range 3 {
		e.ask("", fmt.Sprintf("Thread %d from after the backup", i), fmt.Sprintf("This thread holds afterword%d, written after the backup.", i))
	}
	// The indexer applies the outbox and then prunes what it applied
	// more than a day ago (by its clock, two days on), except the newest.
	stop := e.runIndexer(ix)
	eventually(t, 5*time.Second, "outbox pruned", func() bool {
		first, last, err := e.db.OutboxBounds(e.ctx)
		return err == nil && first == last && e.lag() == 0
	})
	stop()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Restore the backup.
	if err := os.RemoveAll(filepath.Join(e.indexDir(), "index")); err != nil {
		t.Fatal(err)
	}
	copyDir(t, backup, filepath.Join(e.indexDir(), "index"))
	ix = e.open(later)
	if !ix.NeedsRebuild() {
		t.Fatalf("an index behind the pruned outbox does not ask for a rebuild; log:\n%s", e.logs)
	}
	e.catchUp()
	for i := range 3 {
		for _, w := range []string{"backupword", "afterword"} {
			if res := e.find(fmt.Sprint(w, i)); len(res.Hits) != 1 {
				t.Errorf("%s%d: %d hits", w, i, len(res.Hits))
			}
		}
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o700)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}
