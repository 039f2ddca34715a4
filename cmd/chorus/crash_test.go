package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestCrashSafety kills the real server with SIGKILL while eight members
// post questions and answers over the API, three times on one data
// directory, at different moments of the load. After each kill: the
// database file is sound as the kill left it, and after a restart every
// write that was acknowledged with a 2xx (of this round and the earlier
// ones) is there, and every acknowledged thread is found by search on its
// own marker word once the indexer has caught up from its outbox.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real server; skipped with -short")
	}
	bin := buildChorus(t)
	const writers = 8
	// Each account may post 30 times an hour, so a round brings fresh ones,
	// enough that the writers still post (rather than being refused) when
	// the kill comes, up to 800 posts a second (a 2-core machine makes
	// about 300 without the race detector, 130 with it).
	rounds := []struct {
		killAfter time.Duration
		accounts  int
	}{
		{150 * time.Millisecond, 8},
		{400 * time.Millisecond, 12},
		{900 * time.Millisecond, 24},
	}
	total := 0
	for _, r := range rounds {
		total += r.accounts
	}
	f := newCrashForum(t, bin, total)
	s := startChorus(t, bin, f.dir)
	f.createCategory(t, s)

	var l ledger
	first := 0 // the round's first account
	for i, r := range rounds {
		round, after := i+1, r.killAfter
		accounts := make(chan *apiClient, r.accounts)
		for _, c := range f.memberClients(t, s, first, r.accounts) {
			accounts <- c
		}
		first += r.accounts
		var st writeStats
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() { writeUntil(accounts, &l, round, w, &st) })
		}
		time.Sleep(after)
		// No new requests from here on; those in flight meet the kill.
		st.stopping.Store(true)
		inFlight := st.inFlight.Load()
		s.kill()
		wg.Wait()
		if inFlight == 0 {
			t.Errorf("round %d: no request was in flight at the kill; the writers had stopped", round)
		}
		// The files exactly as the kill left them, before a start recovers
		// the write-ahead log.
		integrityCheck(t, f.dir)

		s = startChorus(t, bin, f.dir)
		checkPresent(t, s, &l)
		threads, answers := l.snapshot()
		took := checkSearchable(t, s, threads, 15*time.Second)
		if strings.Contains(s.logs.String(), "damaged") {
			t.Logf("round %d: the kill damaged the search index; the server set it aside and rebuilt it", round)
		}
		t.Logf("round %d: killed %v into the load with %d requests in flight; acknowledged this round: %d threads, %d answers "+
			"(refused: %d by rate limits, as writers moved to their next account, %d otherwise%s; %d cut off by the kill); "+
			"checked all %d threads and %d answers so far, search for every thread done in %v",
			round, after, inFlight, countRound(threads, round), countRound(answers, round),
			st.limited.Load(), st.refused.Load(), st.firstRefusal(), st.cutOff.Load(), len(threads), len(answers), took.Round(time.Millisecond))
		if t.Failed() {
			t.FailNow()
		}
	}
	if threads, _ := l.snapshot(); len(threads) == 0 {
		t.Fatal("no write was acknowledged in any round: the test proved nothing")
	}
	s.stop(t)
	integrityCheck(t, f.dir)
	checkInDatabase(t, f.dir, &l)
}

// writeStats counts one round's requests.
type writeStats struct {
	stopping atomic.Bool // set just before the kill
	inFlight atomic.Int64
	limited  atomic.Int64 // 429: a rate limit, not the server's fault
	refused  atomic.Int64 // other non-2xx answers
	cutOff   atomic.Int64 // no answer: the kill came first
	mu       sync.Mutex
	refusal  error
}

func (st *writeStats) firstRefusal() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.refusal == nil {
		return ""
	}
	return fmt.Sprintf(", first: %v", st.refusal)
}

// writeUntil posts until the kill comes, as an account from accounts and then
// the next one once the first is over its limit, and records in l what
// the server acknowledged: a question, or an answer to any acknowledged
// thread (earlier rounds' too), about half and half.
func writeUntil(accounts chan *apiClient, l *ledger, round, writer int, st *writeStats) {
	ctx := context.Background()
	c := <-accounts
	for seq := 0; !st.stopping.Load(); seq++ {
		marker := newMarker()
		note := fmt.Sprintf("round %d writer %d post %d", round, writer, seq)
		target, ok := l.randomThread()
		st.inFlight.Add(1)
		var id int64
		var status int
		var err error
		if !ok || seq%2 == 0 {
			id, status, err = c.ask(ctx, marker, note)
			if err == nil {
				l.addThread(ackedThread{id: id, marker: marker, round: round})
			}
		} else {
			id, status, err = c.answer(ctx, target.id, marker, note)
			if err == nil {
				l.addAnswer(ackedAnswer{id: id, thread: target.id, marker: marker, round: round})
			}
		}
		st.inFlight.Add(-1)
		switch {
		case err == nil:
		case status == 0:
			st.cutOff.Add(1)
		case status == 429:
			st.limited.Add(1)
			select {
			case c = <-accounts:
			default: // none left: go on being refused
			}
		default:
			st.refused.Add(1)
			st.mu.Lock()
			if st.refusal == nil {
				st.refusal = err
			}
			st.mu.Unlock()
		}
	}
}

func countRound[T interface{ roundOf() int }](xs []T, round int) int {
	n := 0
	for _, x := range xs {
		if x.roundOf() == round {
			n++
		}
	}
	return n
}

// checkInDatabase looks for every acknowledged write in the database file
// itself, after the last clean stop.
func checkInDatabase(t *testing.T, dir string, l *ledger) {
	t.Helper()
	db := openDataDB(t, dir, "ro")
	defer db.Close()
	threads, answers := l.snapshot()
	for _, th := range threads {
		var title string
		if err := db.QueryRow(`SELECT title FROM threads WHERE id = ?`, th.id).Scan(&title); err != nil || !strings.Contains(title, th.marker) {
			t.Errorf("thread %d (%s) in the database: %q, %v", th.id, th.marker, title, err)
		}
	}
	for _, a := range answers {
		var body string
		if err := db.QueryRow(`SELECT body_md FROM posts WHERE id = ? AND thread_id = ?`, a.id, a.thread).Scan(&body); err != nil || !strings.Contains(body, a.marker) {
			t.Errorf("answer %d (%s) in the database: %q, %v", a.id, a.marker, body, err)
		}
	}
	t.Logf("after the last clean stop: integrity ok, %d threads and %d answers in the database file", len(threads), len(answers))
}

// TestIndexRebuiltAfterLoss takes the search index away from a stopped
// server in three ways (deleted, its bolt root overwritten with garbage,
// its segments overwritten with garbage); each time the server must come
// up, rebuild the index from the database so that search finds the old
// threads again, and go on indexing new ones.
func TestIndexRebuiltAfterLoss(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real server; skipped with -short")
	}
	bin := buildChorus(t)
	f := newCrashForum(t, bin, 1)
	s := startChorus(t, bin, f.dir)
	f.createCategory(t, s)
	member := f.memberClients(t, s, 0, 1)[0]
	var l ledger
	post := func(s *chorusServer, round int) {
		t.Helper()
		marker := newMarker()
		id, _, err := s.client(member.token, member.ip).ask(context.Background(), marker, fmt.Sprintf("stage %d", round))
		if err != nil {
			t.Fatal(err)
		}
		l.addThread(ackedThread{id: id, marker: marker, round: round})
	}
	for range 5 {
		post(s, 0)
	}
	// They are in the index before it goes.
	threads, _ := l.snapshot()
	checkSearchable(t, s, threads, 15*time.Second)
	s.stop(t)

	// The index is DATA/search/index (search.Index.path); the lock file
	// beside it stays.
	index := filepath.Join(f.dir, "search", "index")
	garbage := func(t *testing.T, path string) {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, bytes.Repeat([]byte("garbage\x00\xff"), int(st.Size())/9+1)[:st.Size()], 0o600); err != nil {
			t.Fatal(err)
		}
	}
	losses := []struct {
		name string
		do   func(t *testing.T)
		log  string // what the server's log must say about it
	}{
		{"deleted", func(t *testing.T) {
			if err := os.RemoveAll(index); err != nil {
				t.Fatal(err)
			}
		}, "search index not found"},
		{"root.bolt overwritten", func(t *testing.T) { garbage(t, filepath.Join(index, "store", "root.bolt")) }, "damaged"},
		{"segments overwritten", func(t *testing.T) {
			zaps, _ := filepath.Glob(filepath.Join(index, "store", "*.zap"))
			if len(zaps) == 0 {
				t.Fatalf("no segment files in %s", index)
			}
			for _, z := range zaps {
				garbage(t, z)
			}
		}, "damaged"},
	}
	for i, loss := range losses {
		if _, err := os.Stat(index); err != nil {
			t.Fatalf("before %q: no index to lose: %v", loss.name, err)
		}
		loss.do(t)
		s = startChorus(t, bin, f.dir)
		threads, _ := l.snapshot()
		took := checkSearchable(t, s, threads, 15*time.Second)
		if !strings.Contains(s.logs.String(), loss.log) {
			t.Errorf("index %s: the log does not say %q:\n%s", loss.name, loss.log, s.logs)
		}
		t.Logf("index %s: the server came up and search found all %d threads again within %v", loss.name, len(threads), took.Round(time.Millisecond))
		// The indexer goes on after the rebuild.
		post(s, i+1)
		threads, _ = l.snapshot()
		checkSearchable(t, s, threads[len(threads)-1:], 15*time.Second)
		s.stop(t)
		if t.Failed() {
			t.FailNow()
		}
	}
	integrityCheck(t, f.dir)
}
