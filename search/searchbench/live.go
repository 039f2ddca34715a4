package searchbench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/search"
	"github.com/chorus-forum/chorus/search/synth"
)

const (
	// livePool is how many generated threads the writers take their text
	// from (cycled; every post gets its own token).
	livePool = 300
	// liveWait is how long the end of the live phase waits for the last
	// posts to become searchable.
	liveWait = 30 * time.Second
	// livePoll is the pause between two looks for a post not yet found.
	livePoll = 2 * time.Millisecond
)

// livePost is a committed post waiting to be found.
type livePost struct {
	token    string
	threadID int64
	at       time.Time // when the service call returned
}

// liveToken is a word no generated text contains and no analyzer splits:
// letter runs of two at most (compound parts have four or more), with
// digits between them.
func liveToken(n int64) string { return fmt.Sprintf("zq%dx", n) }

// benchLive starts the indexer as the server does (Run, kicked by every
// commit), posts questions and answers through forum.Service from
// opts.LiveWriters goroutines for opts.LiveFor, and times for every post
// how long it takes until Index.Search finds it.
func benchLive(ctx context.Context, opts Options, db *sqlstore.DB, svc *forum.Service, idx *search.Index, corpusThreads int) (LiveReport, error) {
	rep := LiveReport{Writers: opts.LiveWriters}
	var pool []synth.Thread
	_ = synth.Generate(synth.Options{Seed: opts.Seed + liveSeedOffset}, livePool, func(_ int, t *synth.Thread) error {
		c := *t
		c.Tags, c.Answers = slices.Clone(t.Tags), slices.Clone(t.Answers)
		pool = append(pool, c)
		return nil
	})
	var users []*forum.User
	for i := range min(benchMembers, 100) {
		u, err := db.UserByUsername(ctx, memberName(i))
		if err != nil {
			return rep, fmt.Errorf("live: member %d: %w", i, err)
		}
		users = append(users, u)
	}

	db.OnCommit(idx.Kick)
	defer db.OnCommit(func() {})
	runCtx, stopRun := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		idx.Run(runCtx)
	}()
	defer func() {
		stopRun()
		<-ran
	}()
	if err := idx.CatchUp(ctx); err != nil {
		return rep, fmt.Errorf("live: catch up: %w", err)
	}

	var (
		mu        sync.Mutex
		pending   []livePost
		seen      []time.Duration
		counter   atomic.Int64
		asked     atomic.Int64
		answered  atomic.Int64
		firstErr  error
		errOnce   sync.Once
		failed    atomic.Bool
		writing   sync.WaitGroup
		writersOn atomic.Bool
	)
	wctx, stopWriters := context.WithCancel(ctx)
	defer stopWriters()
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; failed.Store(true); stopWriters() })
	}

	// The checker looks for the oldest pending post until it appears; the
	// indexer applies the outbox in commit order, so younger posts wait.
	checked := make(chan struct{})
	writersOn.Store(true)
	go func() {
		defer close(checked)
		var deadline time.Time
		for {
			mu.Lock()
			if len(pending) == 0 {
				mu.Unlock()
				if !writersOn.Load() {
					return
				}
				time.Sleep(livePoll)
				continue
			}
			p := pending[0]
			mu.Unlock()
			if failed.Load() {
				return
			}
			if !writersOn.Load() {
				if deadline.IsZero() {
					deadline = time.Now().Add(liveWait)
				} else if time.Now().After(deadline) {
					return
				}
			}
			look := time.Now()
			hits, err := idx.Search(ctx, forum.SearchQuery{Text: p.token, Page: 1, PerPage: 5, Now: look})
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				time.Sleep(livePoll) // the index may be swapping; try again
				continue
			}
			if slices.Contains(hits.IDs, p.threadID) {
				mu.Lock()
				seen = append(seen, look.Sub(p.at))
				pending = pending[1:]
				mu.Unlock()
				continue
			}
			time.Sleep(livePoll)
		}
	}()

	start := time.Now()
	deadline := start.Add(opts.LiveFor)
	for w := range opts.LiveWriters {
		writing.Add(1)
		go func() {
			defer writing.Done()
			r := rand.New(rand.NewPCG(uint64(opts.Seed), uint64(w)+liveSeedOffset)) // #nosec G115 G404 -- reproducible benchmark input from a seed
			for time.Now().Before(deadline) && wctx.Err() == nil {
				n := counter.Add(1)
				token := liveToken(n)
				t := &pool[int(n)%len(pool)]
				u := users[r.IntN(len(users))]
				var p livePost
				if n%2 == 0 {
					title := cutRunes(t.Title, forum.TitleMax-utf8.RuneCountInString(token)-1) + " " + token
					th, _, err := svc.Ask(wctx, u, forum.AskInput{CategorySlug: t.Category, Title: title, Body: t.Body, Tags: t.Tags, Lang: t.Lang})
					if err != nil {
						fail(fmt.Errorf("live: ask: %w", err))
						return
					}
					p = livePost{token: token, threadID: th.ID, at: time.Now()}
					asked.Add(1)
				} else {
					body := "Same problem here since yesterday, any news?"
					if len(t.Answers) > 0 {
						body = t.Answers[r.IntN(len(t.Answers))]
					}
					threadID := int64(1 + r.IntN(corpusThreads))
					if _, err := svc.Answer(wctx, u, threadID, body+"\n\n"+token); err != nil {
						fail(fmt.Errorf("live: answer thread %d: %w", threadID, err))
						return
					}
					p = livePost{token: token, threadID: threadID, at: time.Now()}
					answered.Add(1)
				}
				mu.Lock()
				pending = append(pending, p)
				mu.Unlock()
			}
		}()
	}
	writing.Wait()
	rep.Duration = time.Since(start)
	writersOn.Store(false)
	<-checked
	if firstErr != nil {
		return rep, firstErr
	}
	rep.Asked, rep.Answered = int(asked.Load()), int(answered.Load())
	rep.PostsPerSec = float64(rep.Asked+rep.Answered) / rep.Duration.Seconds()
	mu.Lock()
	rep.Searchable, rep.Unseen = latency(seen), len(pending)
	mu.Unlock()
	return rep, nil
}

// cutRunes returns s cut to at most n runes.
func cutRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
