package searchbench

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/search"
)

// TestRunSmall runs the whole benchmark on a tiny forum: every phase must
// produce a figure, and the report must print them.
func TestRunSmall(t *testing.T) {
	var out, progress bytes.Buffer
	opts := Options{Threads: 300, Queries: 50, Seed: 7, Dir: t.TempDir(), Progress: &progress,
		LiveFor: time.Second, LiveWriters: 2, BaselineDrafts: 8, Command: "go test"}
	rep, err := Run(context.Background(), opts, &out)
	if err != nil {
		t.Fatalf("Run: %v\nprogress:\n%s", err, progress.String())
	}
	t.Logf("report:\n%s\nprogress:\n%s", out.String(), progress.String())

	positive := map[string]float64{
		"corpus posts":                  float64(rep.Corpus.Posts),
		"corpus answers":                float64(rep.Corpus.Answers),
		"corpus accepted":               float64(rep.Corpus.Accepted),
		"corpus German":                 float64(rep.Corpus.German),
		"corpus load time":              float64(rep.Corpus.LoadTime),
		"corpus database size":          float64(rep.Corpus.DBBytes),
		"reindex threads":               float64(rep.Reindex.Threads),
		"reindex posts":                 float64(rep.Reindex.Posts),
		"reindex threads/s":             rep.Reindex.ThreadsPerSec,
		"reindex posts/s":               rep.Reindex.PostsPerSec,
		"index size":                    float64(rep.Reindex.IndexBytes),
		"heap in use":                   float64(rep.Reindex.Memory.HeapInuse),
		"RSS":                           float64(rep.Reindex.Memory.RSS),
		"search queries":                float64(rep.Search.Queries),
		"search found":                  float64(rep.Search.FoundService),
		"baseline found":                float64(rep.Search.FoundBaseline),
		"similar drafts":                float64(rep.Similar.Drafts),
		"similar shown":                 float64(rep.Similar.Shown),
		"live posts/s":                  rep.Live.PostsPerSec,
		"live questions":                float64(rep.Live.Asked),
		"live answers":                  float64(rep.Live.Answered),
		"serving RSS":                   float64(rep.Serving.RSS),
		"final peak RSS":                float64(rep.Final.PeakRSS),
		"search full/baseline p50":      ratio(rep.Search.Service.P50, rep.Search.Baseline.P50),
		"similar baseline/service p50":  ratio(rep.Similar.Baseline.P50, rep.Similar.Paired.P50),
		"searchable after commit (p50)": float64(rep.Live.Searchable.P50),
	}
	for name, l := range map[string]Latency{
		"Service.Search": rep.Search.Service, "Index.Search": rep.Search.Index, "LIKE baseline": rep.Search.Baseline,
		"Service.Similar": rep.Similar.Service, "Index.Similar": rep.Similar.Index, "paired Similar": rep.Similar.Paired,
		"naive baseline": rep.Similar.Baseline, "searchable": rep.Live.Searchable,
	} {
		positive[name+" n"] = float64(l.N)
		for _, q := range []struct {
			name string
			d    time.Duration
		}{{"p50", l.P50}, {"p90", l.P90}, {"p99", l.P99}, {"max", l.Max}} {
			positive[name+" "+q.name] = float64(q.d)
		}
		if !(l.P50 <= l.P90 && l.P90 <= l.P99 && l.P99 <= l.Max) {
			t.Errorf("%s percentiles out of order: %+v", name, l)
		}
	}
	for name, v := range positive {
		if !(v > 0) {
			t.Errorf("%s = %v, want > 0", name, v)
		}
	}
	if rep.Corpus.Threads != 300 || rep.Reindex.Threads != 300 {
		t.Errorf("threads: corpus %d, index %d, want 300", rep.Corpus.Threads, rep.Reindex.Threads)
	}
	if rep.Search.Queries != 50 || rep.Similar.Drafts != 50 || rep.Similar.Baseline.N != 8 {
		t.Errorf("counts: %d queries, %d drafts, %d baseline drafts", rep.Search.Queries, rep.Similar.Drafts, rep.Similar.Baseline.N)
	}
	if rep.Live.Unseen != 0 {
		t.Errorf("%d live posts never became searchable", rep.Live.Unseen)
	}
	for _, want := range []string{"command   go test", "reindex", "Service.Search", "SQL LIKE", "Service.Similar",
		"naive match query", "post committed -> found", "memory", "p50", "GOMAXPROCS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}

	// A second run would reuse the corpus.
	again, err := ensureCorpus(context.Background(), opts.withDefaults(), func(string, ...any) {})
	if err != nil || !again.Reused || again.Posts != rep.Corpus.Posts || again.Path != rep.Corpus.Path {
		t.Errorf("corpus again: %+v, %v; want it reused with %d posts", again, err, rep.Corpus.Posts)
	}
}

func TestLatency(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	got := latency(ds)
	want := Latency{N: 100, P50: 50 * time.Millisecond, P90: 90 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}
	if got != want {
		t.Errorf("latency = %+v, want %+v", got, want)
	}
	if one := latency([]time.Duration{time.Second}); one.P50 != time.Second || one.P99 != time.Second {
		t.Errorf("latency of one = %+v", one)
	}
}

// ---- Go benchmarks on a 5,000-thread forum, built once per process ----

const benchThreads = 5000

type benchEnv struct {
	dir     string
	db      *sqlstore.DB
	idx     *search.Index
	svc     *forum.Service
	like    *likeBaseline
	queries []benchQuery
	drafts  []forum.Draft
	posts   int
}

var (
	envOnce sync.Once
	env     *benchEnv
	envErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if env != nil {
		_ = env.like.Close()
		_ = env.idx.Close()
		_ = env.db.Close()
		_ = os.RemoveAll(env.dir)
	}
	os.Exit(code)
}

func benchForum(b *testing.B) *benchEnv {
	b.Helper()
	if testing.Short() {
		b.Skip("builds a 5,000-thread forum; skipped with -short")
	}
	envOnce.Do(func() { env, envErr = buildBenchEnv() })
	if envErr != nil {
		b.Fatal(envErr)
	}
	return env
}

func buildBenchEnv() (*benchEnv, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "chorus-searchbench-")
	if err != nil {
		return nil, err
	}
	e := &benchEnv{dir: dir}
	fail := func(err error) (*benchEnv, error) {
		if e.db != nil {
			_ = e.db.Close()
		}
		_ = os.RemoveAll(dir)
		return nil, err
	}
	opts := Options{Threads: benchThreads, Seed: 1, Dir: dir}.withDefaults()
	corpus, err := ensureCorpus(ctx, opts, func(string, ...any) {})
	if err != nil {
		return fail(err)
	}
	if e.db, err = sqlstore.Open(ctx, corpus.Path); err != nil {
		return fail(err)
	}
	if e.idx, err = search.Open(ctx, filepath.Join(dir, "search"), e.db, search.Options{Logger: slog.New(slog.DiscardHandler)}); err != nil {
		return fail(err)
	}
	if e.posts, err = e.idx.Rebuild(ctx, nil); err != nil {
		return fail(err)
	}
	e.svc = forum.NewService(e.db, markdown.New(), noPasswords{})
	e.svc.SetSearchIndex(e.idx)
	if e.like, err = openLikeBaseline(ctx, corpus.Path); err != nil {
		return fail(err)
	}
	e.queries = makeQueries(1, 500)
	e.drafts = makeDrafts(1, 200)
	return e, nil
}

// reportLatency adds the median and the 99th percentile of the ops to the
// benchmark's output: ns/op is a mean, and a mean hides the tail.
func reportLatency(b *testing.B, ds []time.Duration) {
	l := latency(ds)
	b.ReportMetric(float64(l.P50)/1e6, "p50-ms")
	b.ReportMetric(float64(l.P99)/1e6, "p99-ms")
}

func BenchmarkSearch(b *testing.B) {
	e := benchForum(b)
	ctx := context.Background()
	var ds []time.Duration
	found := 0
	for i := 0; b.Loop(); i++ {
		q := e.queries[i%len(e.queries)]
		start := time.Now()
		res, err := e.svc.Search(ctx, nil, q.search(time.Time{}))
		ds = append(ds, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Hits) > 0 {
			found++
		}
	}
	reportLatency(b, ds)
	b.ReportMetric(float64(found)/float64(len(ds)), "found/op")
}

func BenchmarkSearchIndexOnly(b *testing.B) {
	e := benchForum(b)
	ctx := context.Background()
	var ds []time.Duration
	for i := 0; b.Loop(); i++ {
		q := e.queries[i%len(e.queries)]
		start := time.Now()
		if _, err := e.idx.Search(ctx, q.search(time.Now())); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	reportLatency(b, ds)
}

func BenchmarkSQLLikeBaseline(b *testing.B) {
	e := benchForum(b)
	ctx := context.Background()
	var ds []time.Duration
	found := 0
	for i := 0; b.Loop(); i++ {
		q := e.queries[i%len(e.queries)]
		start := time.Now()
		n, err := e.like.search(ctx, q)
		ds = append(ds, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if n > 0 {
			found++
		}
	}
	reportLatency(b, ds)
	b.ReportMetric(float64(found)/float64(len(ds)), "found/op")
}

func BenchmarkSimilar(b *testing.B) {
	e := benchForum(b)
	ctx := context.Background()
	var ds []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := e.svc.Similar(ctx, nil, e.drafts[i%len(e.drafts)]); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	reportLatency(b, ds)
}

// BenchmarkIndexThreads rebuilds the index of the 5,000-thread forum from
// its database into a fresh directory; one op is one full rebuild.
func BenchmarkIndexThreads(b *testing.B) {
	e := benchForum(b)
	ctx := context.Background()
	var elapsed time.Duration
	posts := 0
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		dir := filepath.Join(e.dir, fmt.Sprintf("rebuild-%d", i))
		idx, err := search.Open(ctx, dir, e.db, search.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		n, err := idx.Rebuild(ctx, nil)
		elapsed += time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		posts += n
		_ = idx.Close()
		_ = os.RemoveAll(dir)
		b.StartTimer()
	}
	secs := elapsed.Seconds()
	ops := float64(posts) / float64(max(e.posts, 1))
	b.ReportMetric(ops*benchThreads/secs, "threads/s")
	b.ReportMetric(float64(posts)/secs, "posts/s")
}
