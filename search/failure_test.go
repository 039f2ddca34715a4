package search_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/search"
)

// flakySource is the real store with a switch: while broken, reading the
// outbox fails (as writes fail on a full disk) or panics (as Bleve's
// storage did on one).
type flakySource struct {
	search.Source
	mode atomic.Int32 // 0 works, 1 fails, 2 panics
}

func (f *flakySource) OutboxAfter(ctx context.Context, seq int64, limit int) ([]forum.OutboxEntry, error) {
	switch f.mode.Load() {
	case 1:
		return nil, errors.New("no space left on device")
	case 2:
		panic("storage layer exploded")
	}
	return f.Source.OutboxAfter(ctx, seq, limit)
}

// TestIndexerSurvivesFailures: while the indexer cannot write, posting
// goes on and search says it is unavailable (503, never stale silence or a
// crash); once the cause is gone, it catches up by itself, no restart.
func TestIndexerSurvivesFailures(t *testing.T) {
	for _, tc := range []struct {
		name string
		mode int32
	}{{"write error", 1}, {"panic", 2}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.ask("internet", "Router restarts every night", "My router restarts every night at three.")
			src := &flakySource{Source: e.db}
			ix, err := search.Open(e.ctx, e.indexDir(), src, search.Options{Logger: e.log})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = ix.Close() })
			e.ix = ix
			e.svc.SetSearchIndex(ix)
			e.db.OnCommit(ix.Kick)
			e.rebuild()
			e.runIndexer(ix)

			src.mode.Store(tc.mode)
			// Posting works while the indexer is broken.
			th := e.ask("internet", "Fibre modem shows a red light", "The fibre modem light turned red this morning.")
			eventually(t, 10*time.Second, "search reports the broken index", func() bool {
				_, err := e.svc.Search(e.ctx, nil, forum.SearchQuery{Text: "router"})
				return forum.ErrorKind(err) == forum.Unavailable
			})

			src.mode.Store(0)
			ix.Kick()
			eventually(t, 40*time.Second, "the new thread becomes searchable after recovery", func() bool {
				res, err := e.svc.Search(e.ctx, nil, forum.SearchQuery{Text: "fibre modem"})
				return err == nil && len(res.Hits) == 1 && res.Hits[0].Thread.ID == th.ID
			})
		})
	}
}
