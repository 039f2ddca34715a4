// Package search is the full-text index of Chorus, on Bleve: the mapping
// and the German and English analysis, the indexer that follows the
// database's outbox, search with facets and snippets, and similar
// questions. The index is a cache of the database: it holds thread IDs and
// analysed text, never the truth, and it can always be rebuilt. It imports
// forum and Bleve.
package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/chorus-forum/chorus/forum"
)

// Source is what the index reads from the database. forum/sqlstore
// implements it.
type Source interface {
	ThreadsByIDs(ctx context.Context, ids []int64) ([]forum.Thread, error)
	PostTexts(ctx context.Context, threadIDs []int64) (map[int64][]forum.PostText, error)
	OutboxAfter(ctx context.Context, seq int64, limit int) ([]forum.OutboxEntry, error)
	OutboxBounds(ctx context.Context) (first, last int64, err error)
	PruneOutbox(ctx context.Context, seq int64, before time.Time) (int64, error)
	ThreadIDsAfter(ctx context.Context, after int64, limit int) ([]int64, error)
	CountThreads(ctx context.Context) (int, error)
}

// Keys of the values the index keeps beside its documents.
var (
	keyWatermark = []byte("chorus:watermark") // last outbox seq applied
	keyMapping   = []byte("chorus:mapping")   // mapping version
)

// Options configure an Index.
type Options struct {
	// Words are extra German compound parts (product names, local terms),
	// added to the shipped dictionary: the operator's file.
	Words []string
	// AdminWords are more, that admins keep in the forum; SetWords
	// replaces them while the index runs.
	AdminWords []string
	Logger     *slog.Logger
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// Index is the search index of one data directory. Open it with Open, run
// its indexer with Run, and Close it last.
type Index struct {
	dir string
	src Source
	log *slog.Logger
	now func() time.Time
	// want is the mapping this index should have: the one queries are
	// analysed with and the next rebuild builds. SetWords replaces it.
	want       atomic.Pointer[wantedMapping]
	fixedWords []string // Options.Words
	lock       *os.File

	mu  sync.RWMutex
	idx bleve.Index // nil while a rebuild from nothing runs

	// writing keeps writers apart: the indexer's rounds, CatchUp and
	// Rebuild each hold it, so two never apply one batch or swap at once.
	writing sync.Mutex

	// needRebuild is set when the index on disk is missing, damaged, of
	// another mapping, or behind a pruned outbox.
	needRebuild atomic.Bool
	// broken is set when a batch failed to write: the open index is not
	// to be trusted until it is opened again from disk (reopen).
	broken atomic.Bool
	// building counts progress of a rebuild in threads, for the 503
	// message; buildTotal is its goal.
	building   atomic.Bool
	buildDone  atomic.Int64
	buildTotal atomic.Int64
	// writeErr is the last error writing the index; search answers 503
	// while the index cannot keep up.
	writeErr atomic.Pointer[error]

	kick chan struct{}
	df   dfCache
	tf   tfCache
}

// wantedMapping is a mapping with its version string.
type wantedMapping struct {
	m          *mapping.IndexMappingImpl
	version    string
	adminWords []string
}

func newWantedMapping(fixed, admin []string) (*wantedMapping, error) {
	all := append(append(ShippedWords(), fixed...), admin...)
	m, version, err := buildMapping(all)
	if err != nil {
		return nil, fmt.Errorf("search mapping: %w", err)
	}
	return &wantedMapping{m: m, version: version, adminWords: admin}, nil
}

// mapping is the mapping queries are analysed with.
func (ix *Index) mapping() *mapping.IndexMappingImpl { return ix.want.Load().m }

// SetWords replaces the admins' compound words. When that changes the
// mapping, the indexer rebuilds the index in the background (the old one
// serves meanwhile) and it reports true.
func (ix *Index) SetWords(words []string) (bool, error) {
	w, err := newWantedMapping(ix.fixedWords, words)
	if err != nil {
		return false, err
	}
	if old := ix.want.Swap(w); old.version == w.version {
		return false, nil
	}
	ix.log.Info("search words changed; rebuilding the index in the background", "words", len(words), "mapping", w.version)
	ix.needRebuild.Store(true)
	ix.Kick()
	return true, nil
}

// ErrInUse is returned by Open when another process holds the index.
var ErrInUse = errors.New("the search index is in use by another Chorus process (is the server running?)")

func (ix *Index) path() string { return filepath.Join(ix.dir, "index") }

// Open opens the index in dir (creating dir), repairing what it can: a
// missing, damaged or outdated index is set aside and rebuilt by Run, with
// a log line saying why. It fails only when dir is unusable or another
// process holds the index.
func Open(ctx context.Context, dir string, src Source, opts Options) (*Index, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	want, err := newWantedMapping(opts.Words, opts.AdminWords)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("search directory: %w", err)
	}
	lock, err := lockDir(filepath.Join(dir, "index.lock"))
	if err != nil {
		return nil, err
	}
	ix := &Index{dir: dir, src: src, log: opts.Logger, now: opts.Now, lock: lock, kick: make(chan struct{}, 1),
		fixedWords: opts.Words}
	ix.want.Store(want)
	ix.df.reset()
	if err := ix.openExisting(ctx); err != nil {
		_ = ix.Close()
		return nil, err
	}
	return ix, nil
}

// openExisting opens the index on disk if it is sound and current.
func (ix *Index) openExisting(ctx context.Context) error {
	path := ix.path()
	// A rebuild that a crash interrupted leaves its half-built directory.
	_ = os.RemoveAll(path + ".new")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		ix.log.Info("search index not found; building it from the database", "path", path)
		ix.needRebuild.Store(true)
		return nil
	}
	idx, err := openBleve(path)
	var v []byte
	if err == nil {
		// Every index Chorus builds records its mapping version. One
		// without it is an older snapshot Bleve fell back to because the
		// newest was damaged: damaged too, not of another mapping.
		if v, err = idx.GetInternal(keyMapping); err == nil && len(v) == 0 {
			err = errors.New("no mapping version: Bleve fell back to a snapshot older than any Chorus wrote")
		}
		if err != nil {
			_ = idx.Close()
		}
	}
	if err != nil {
		aside := fmt.Sprintf("%s.broken-%d", path, ix.now().Unix())
		// Damaged again within a second (a crash loop): never onto an
		// earlier one, or the rename fails and so does every start.
		for n := 2; exists(aside); n++ {
			aside = fmt.Sprintf("%s.broken-%d-%d", path, ix.now().Unix(), n)
		}
		ix.log.Error("search index is damaged; moving it aside and rebuilding it from the database",
			"path", path, "error", err, "moved_to", aside)
		if rerr := os.Rename(path, aside); rerr != nil {
			return fmt.Errorf("move damaged search index aside: %w", rerr)
		}
		ix.needRebuild.Store(true)
		return nil
	}
	if want := ix.Version(); string(v) != want {
		ix.log.Info("search index was built for another mapping; rebuilding it in the background, the old one serves until then",
			"have", string(v), "want", want)
		ix.needRebuild.Store(true)
	}
	ix.idx = idx
	if !ix.needRebuild.Load() {
		w, err := ix.watermark()
		if err != nil {
			return err
		}
		first, last, err := ix.src.OutboxBounds(ctx)
		if err != nil {
			return err
		}
		switch {
		case w < first-1:
			ix.log.Info("search index is older than the kept outbox; rebuilding it", "watermark", w, "outbox_first", first)
			ix.needRebuild.Store(true)
		case w > last:
			// The index applied changes this database never had: it is
			// of another database (a restore put an older one in place).
			ix.log.Info("search index is ahead of the database's outbox (a restored database?); rebuilding it", "watermark", w, "outbox_last", last)
			ix.needRebuild.Store(true)
		}
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, os.ErrNotExist)
}

// openBleve opens the index at path. Damage can make Bleve's storage
// panic rather than fail: bbolt panics on a torn root.bolt, or reads its
// memory map past the end of a truncated one (SIGBUS, which only
// SetPanicOnFault turns into a panic). That is damage like any other, not
// a reason to crash at every start.
func openBleve(path string) (idx bleve.Index, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			idx, err = nil, fmt.Errorf("open panicked: %v", r)
		}
	}()
	return bleve.Open(path)
}

// Close closes the index and releases the directory.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var err error
	if ix.idx != nil {
		err = ix.idx.Close()
		ix.idx = nil
	}
	if ix.lock != nil {
		err = errors.Join(err, unlockDir(ix.lock))
		ix.lock = nil
	}
	return err
}

// Version is the mapping version this binary builds.
func (ix *Index) Version() string { return ix.want.Load().version }

// AdminWords returns the admins' compound words in use.
func (ix *Index) AdminWords() []string { return ix.want.Load().adminWords }

// NeedsRebuild reports whether Run will rebuild the index first.
func (ix *Index) NeedsRebuild() bool { return ix.needRebuild.Load() }

// watermark returns the last outbox sequence number the index holds.
func (ix *Index) watermark() (int64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.idx == nil {
		return 0, nil
	}
	v, err := ix.idx.GetInternal(keyWatermark)
	if err != nil || len(v) == 0 {
		return 0, err
	}
	return strconv.ParseInt(string(v), 10, 64)
}

// Lag returns how many outbox entries the index has not applied yet.
func (ix *Index) Lag(ctx context.Context) (int64, error) {
	w, err := ix.watermark()
	if err != nil {
		return 0, err
	}
	_, last, err := ix.src.OutboxBounds(ctx)
	if err != nil {
		return 0, err
	}
	return max(0, last-w), nil
}

// Kick tells the indexer that the outbox has news. It never blocks.
func (ix *Index) Kick() {
	select {
	case ix.kick <- struct{}{}:
	default:
	}
}

// reader returns the open index for a query, or why there is none.
func (ix *Index) reader() (bleve.Index, func(), error) {
	ix.mu.RLock()
	if ix.idx == nil {
		ix.mu.RUnlock()
		done, total := ix.buildDone.Load(), ix.buildTotal.Load()
		pct := 0
		if total > 0 {
			pct = int(done * 100 / total)
		}
		return nil, nil, forum.E(forum.Unavailable, "error.search_rebuilding", pct)
	}
	if err := ix.writeErr.Load(); err != nil || ix.broken.Load() {
		ix.mu.RUnlock()
		return nil, nil, forum.E(forum.Unavailable, "error.search_unavailable")
	}
	return ix.idx, ix.mu.RUnlock, nil
}

// Usable reports why search cannot answer now (a rebuild running, or
// writes failing), or nil when it can.
func (ix *Index) Usable() error {
	_, done, err := ix.reader()
	if err != nil {
		return err
	}
	done()
	return nil
}

// DocCount returns how many threads the index holds.
func (ix *Index) DocCount() (uint64, error) {
	idx, done, err := ix.reader()
	if err != nil {
		return 0, err
	}
	defer done()
	return idx.DocCount()
}

// ---- documents ----

// document builds the index document of a thread, or reports that the
// thread must not be in the index at all.
func document(t forum.Thread, posts []forum.PostText) (map[string]any, bool) {
	if !t.Visible() {
		return nil, false
	}
	lang := docLang(t.Lang)
	var question, accepted string
	var answers []string
	for _, p := range posts {
		switch {
		case p.IsQuestion:
			question = plainText(p.BodyMD)
		case p.PostID == t.AcceptedPostID:
			accepted = plainText(p.BodyMD)
		default:
			answers = append(answers, plainText(p.BodyMD))
		}
	}
	tags := t.Tags
	if tags == nil {
		tags = []string{}
	}
	doc := map[string]any{
		fieldTitle + "_" + lang: t.Title,
		fieldBody + "_" + lang:  question,
		fieldSpell:              t.Title + "\n" + question,
		fieldCodes:              extractCodes(t.Title + "\n" + question + "\n" + accepted),
		fieldCategory:           t.CategorySlug,
		fieldTags:               tags,
		fieldStatus:             t.Status(),
		fieldLang:               lang,
		fieldCreated:            t.CreatedAt,
		fieldFacet:              facetValues(t.CategorySlug, t.Status(), tags, t.CreatedAt),
	}
	if accepted != "" {
		doc[fieldAccepted+"_"+lang] = accepted
	}
	if len(answers) > 0 {
		doc[fieldAnswers+"_"+lang] = answers
	}
	return doc, true
}

func docID(id int64) string { return strconv.FormatInt(id, 10) }

// addThreads loads threads and their posts and puts each into the batch,
// as a document or as a delete. It returns how many posts it indexed.
func (ix *Index) addThreads(ctx context.Context, b *bleve.Batch, ids []int64) (int, error) {
	threads, err := ix.src.ThreadsByIDs(ctx, ids)
	if err != nil {
		return 0, err
	}
	texts, err := ix.src.PostTexts(ctx, ids)
	if err != nil {
		return 0, err
	}
	found := make(map[int64]bool, len(threads))
	posts := 0
	for _, t := range threads {
		found[t.ID] = true
		doc, ok := document(t, texts[t.ID])
		if !ok {
			b.Delete(docID(t.ID))
			continue
		}
		if err := b.Index(docID(t.ID), doc); err != nil {
			return 0, fmt.Errorf("index thread %d: %w", t.ID, err)
		}
		posts += len(texts[t.ID])
	}
	for _, id := range ids {
		if !found[id] {
			b.Delete(docID(id))
		}
	}
	return posts, nil
}

// Lock takes the lock a running Chorus holds on the index directory dir,
// for commands that must not run beside a server (a restore): it returns
// ErrInUse while one runs.
func Lock(dir string) (unlock func() error, err error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("search directory: %w", err)
	}
	f, err := lockDir(filepath.Join(dir, "index.lock"))
	if err != nil {
		return nil, err
	}
	return func() error { return unlockDir(f) }, nil
}
