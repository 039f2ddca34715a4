package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// How the indexer follows the outbox: it wakes on a kick (a commit in this
// process) or every pollEvery (a commit by another process), applies up to
// batchSize entries per Bleve batch, and forgets entries it applied more
// than keepOutbox ago.
const (
	pollEvery    = 250 * time.Millisecond
	batchSize    = 500
	rebuildBatch = 250
	keepOutbox   = 24 * time.Hour
	pruneEvery   = time.Hour
	retryMax     = 30 * time.Second
)

// Run applies the outbox to the index until ctx ends, rebuilding the index
// first when Open found it missing, damaged or outdated. It survives its
// own panics and write errors (a full disk, say): it logs them, waits and
// tries again, and search says it is unavailable meanwhile.
func (ix *Index) Run(ctx context.Context) {
	backoff := pollEvery
	lastPrune := time.Time{}
	for ctx.Err() == nil {
		err := ix.step(ctx)
		switch {
		case err == nil:
			if ix.writeErr.Swap(nil) != nil {
				ix.log.Info("search index is writable again; search is back")
			}
			backoff = pollEvery
			if time.Since(lastPrune) > pruneEvery {
				lastPrune = time.Now()
				ix.prune(ctx)
			}
		case ctx.Err() != nil:
			return
		default:
			if ix.writeErr.Swap(&err) == nil {
				ix.log.Error("search index cannot keep up; search is unavailable until it can", "error", err)
			}
			backoff = min(backoff*2, retryMax)
		}
		select {
		case <-ctx.Done():
			return
		case <-ix.kick:
		case <-time.After(backoff):
		}
	}
}

// step does one round of work: a pending rebuild, or the outbox until it
// is empty. A panic inside Bleve becomes an error.
func (ix *Index) step(ctx context.Context) (err error) {
	ix.writing.Lock()
	defer ix.writing.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in indexer: %v\n%s", r, debug.Stack())
		}
	}()
	if ix.broken.Load() && !ix.needRebuild.Load() {
		ix.reopen()
	}
	if ix.needRebuild.Load() {
		start := time.Now()
		posts, err := ix.rebuild(ctx, nil)
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		ix.log.Info("search index rebuilt", "threads", ix.buildTotal.Load(), "posts", posts,
			"seconds", time.Since(start).Round(time.Millisecond).Seconds())
	}
	for {
		n, err := ix.applyOutbox(ctx)
		if err != nil || n < batchSize {
			return err
		}
	}
}

// CatchUp brings the index up to date now (rebuilding it first if it
// needs that); for commands and tests.
func (ix *Index) CatchUp(ctx context.Context) error {
	ix.writing.Lock()
	defer ix.writing.Unlock()
	if ix.broken.Load() && !ix.needRebuild.Load() {
		ix.reopen()
	}
	if ix.needRebuild.Load() {
		if _, err := ix.rebuild(ctx, nil); err != nil {
			return err
		}
	}
	for {
		n, err := ix.applyOutbox(ctx)
		if err != nil || n < batchSize {
			return err
		}
	}
}

// applyOutbox applies one batch of outbox entries after the watermark and
// moves the watermark in the same Bleve batch, so a crash leaves the index
// either before or after the batch, never between.
func (ix *Index) applyOutbox(ctx context.Context) (int, error) {
	w, err := ix.watermark()
	if err != nil {
		return 0, err
	}
	entries, err := ix.src.OutboxAfter(ctx, w, batchSize)
	if err != nil || len(entries) == 0 {
		return 0, err
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, e := range entries {
		if !seen[e.ThreadID] {
			seen[e.ThreadID] = true
			ids = append(ids, e.ThreadID)
		}
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, errors.New("no index open")
	}
	b := ix.idx.NewBatch()
	if _, err := ix.addThreads(ctx, b, ids); err != nil {
		return 0, err
	}
	b.SetInternal(keyWatermark, []byte(strconv.FormatInt(entries[len(entries)-1].Seq, 10)))
	if err := ix.idx.Batch(b); err != nil {
		ix.broken.Store(true)
		return 0, err
	}
	ix.df.reset()
	return len(entries), nil
}

// reopen drops the open index and opens it again from disk after a batch
// failed (a full disk). Bleve may have applied the batch in memory, the
// watermark with it, before writing it failed, and it closes the failed
// segment while searches still use it: the next search panicked, and the
// next round found nothing left to apply and declared search back. The
// index on disk is the last whole one; the outbox brings it up to date.
func (ix *Index) reopen() {
	func() {
		ix.mu.Lock()
		defer ix.mu.Unlock() // even if Bleve panics closing the failed segment
		if ix.idx != nil {
			old := ix.idx
			ix.idx = nil
			_ = old.Close() // it failed already; what is on disk counts
		}
	}()
	idx, err := openBleve(ix.path())
	if err != nil {
		ix.log.Error("search index cannot be opened again; rebuilding it from the database", "error", err)
		ix.needRebuild.Store(true)
		return
	}
	ix.mu.Lock()
	ix.idx = idx
	ix.mu.Unlock()
	ix.broken.Store(false)
	ix.df.reset()
}

// Progress is told how a rebuild goes: threads done of total, posts so far.
type Progress func(done, total, posts int)

// Rebuild builds a fresh index from the database next to the current one
// and swaps it in when complete. The current index (if any) serves
// searches meanwhile; with none, search says it is being rebuilt. Changes
// made during the rebuild are in the outbox after the watermark it
// records, so the indexer applies them next.
func (ix *Index) Rebuild(ctx context.Context, progress Progress) (posts int, err error) {
	ix.writing.Lock()
	defer ix.writing.Unlock()
	return ix.rebuild(ctx, progress)
}

func (ix *Index) rebuild(ctx context.Context, progress Progress) (posts int, err error) {
	_, last, err := ix.src.OutboxBounds(ctx)
	if err != nil {
		return 0, err
	}
	total, err := ix.src.CountThreads(ctx)
	if err != nil {
		return 0, err
	}
	ix.building.Store(true)
	defer ix.building.Store(false)
	ix.buildDone.Store(0)
	ix.buildTotal.Store(int64(total))

	tmp := ix.path() + ".new"
	if err := os.RemoveAll(tmp); err != nil {
		return 0, err
	}
	want := ix.want.Load()
	fresh, err := bleve.New(tmp, want.m)
	if err != nil {
		return 0, fmt.Errorf("create index: %w", err)
	}
	defer func() {
		if err != nil {
			_ = fresh.Close()
			_ = os.RemoveAll(tmp)
		}
	}()
	done := 0
	var after int64
	for {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		ids, err := ix.src.ThreadIDsAfter(ctx, after, rebuildBatch)
		if err != nil {
			return 0, err
		}
		if len(ids) == 0 {
			break
		}
		b := fresh.NewBatch()
		n, err := ix.addThreads(ctx, b, ids)
		if err != nil {
			return 0, err
		}
		if err := fresh.Batch(b); err != nil {
			return 0, err
		}
		posts += n
		done += len(ids)
		after = ids[len(ids)-1]
		ix.buildDone.Store(int64(done))
		if progress != nil {
			progress(done, max(total, done), posts)
		}
	}
	b := fresh.NewBatch()
	b.SetInternal(keyWatermark, []byte(strconv.FormatInt(last, 10)))
	b.SetInternal(keyMapping, []byte(want.version))
	if err := fresh.Batch(b); err != nil {
		return 0, err
	}
	if err := fresh.Close(); err != nil {
		return 0, err
	}
	if err := ix.swap(tmp); err != nil {
		return 0, err
	}
	// Words that changed during the rebuild need one more.
	ix.needRebuild.Store(ix.want.Load() != want)
	return posts, nil
}

// swap replaces the current index directory with the one at tmp.
func (ix *Index) swap(tmp string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.idx != nil {
		if err := ix.idx.Close(); err != nil {
			ix.log.Warn("closing the old search index", "error", err)
		}
		ix.idx = nil
	}
	path := ix.path()
	old := path + ".old"
	_ = os.RemoveAll(old)
	if _, err := os.Stat(path); err == nil {
		if err := os.Rename(path, old); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	idx, err := bleve.Open(path)
	if err != nil {
		return fmt.Errorf("open rebuilt index: %w", err)
	}
	ix.idx = idx
	ix.broken.Store(false) // a whole new index: nothing of the failed one is left
	ix.df.reset()
	return os.RemoveAll(old)
}

// prune forgets outbox entries the index applied more than a day ago; the
// day lets a restored backup of the index catch up instead of rebuilding.
func (ix *Index) prune(ctx context.Context) {
	w, err := ix.watermark()
	if err != nil || w == 0 {
		return
	}
	if n, err := ix.src.PruneOutbox(ctx, w, ix.now().Add(-keepOutbox)); err != nil {
		ix.log.Warn("prune outbox", "error", err)
	} else if n > 0 {
		ix.log.Debug("pruned outbox", "entries", n)
	}
}
