package searchbench

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// Write prints the report for people: the machine, the parameters, every
// figure with its target or baseline.
func (r *Report) Write(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }
	o, m := r.Options, r.Machine

	p("Chorus search benchmark, %s (took %s)", r.Started.Format("2006-01-02 15:04 MST"), r.Elapsed.Round(time.Second))
	if o.Command != "" {
		p("command   %s", o.Command)
	}
	p("machine   %d CPUs, GOMAXPROCS %d, %s, %s/%s, %s; load average at start %s",
		m.NumCPU, m.GOMAXPROCS, orUnknown(m.CPU), m.OS, m.Arch, m.GoVersion, orUnknown(m.LoadAvg))
	p("params    %d threads, seed %d, %d queries, %d drafts (%d for the naive baseline), live %s with %d writers",
		o.Threads, o.Seed, r.Search.Queries, r.Similar.Drafts, r.Similar.Baseline.N, o.LiveFor, o.LiveWriters)
	p("          figures are medians and percentiles (nearest rank) of single calls; ratios compare with a baseline timed in the same run, interleaved")
	p("")

	c := r.Corpus
	how := fmt.Sprintf("loaded in %s", dur(c.LoadTime))
	if c.Reused {
		how = fmt.Sprintf("reused (loaded earlier in %s)", dur(c.LoadTime))
	}
	p("corpus    %d threads, %d posts (%d answers), %s solved, %s German, %d users; %s through the store",
		c.Threads, c.Posts, c.Answers, pct(c.Accepted, c.Threads), pct(c.German, c.Threads), c.Users, how)
	p("          %s, %s", c.Path, mib(uint64(c.DBBytes))) // #nosec G115 -- a file size
	p("")

	x := r.Reindex
	p("reindex   %d threads, %d posts in %s: %.0f threads/s, %.0f posts/s   (target > %d posts/s: %s)",
		x.Threads, x.Posts, dur(x.Duration), x.ThreadsPerSec, x.PostsPerSec, TargetReindexPosts, verdict(x.PostsPerSec > TargetReindexPosts))
	p("          index on disk %s; after the rebuild heap in use %s, RSS %s (peak %s)",
		mib(uint64(x.IndexBytes)), mib(x.Memory.HeapInuse), mib(x.Memory.RSS), mib(x.Memory.PeakRSS)) // #nosec G115 -- a size
	p("")

	s := r.Search
	p("search    %d queries of 2-4 words: %s German, %s with a typo, %s with a filter", s.Queries,
		pct(s.German, s.Queries), pct(s.Typos, s.Queries), pct(s.Filtered, s.Queries))
	p("          %-44s %9s %9s %9s %9s", "", "p50", "p90", "p99", "max")
	row := func(name string, l Latency) {
		p("          %-44s %9s %9s %9s %9s", name, dur(l.P50), dur(l.P90), dur(l.P99), dur(l.Max))
	}
	row("Service.Search (index, SQLite, snippets)", s.Service)
	row("Index.Search alone", s.Index)
	row("baseline: SQL LIKE on titles (Apache Answer)", s.Baseline)
	p("          full path vs baseline: p50 %s, p99 %s; index alone vs baseline: p50 %s, p99 %s",
		times(s.Service.P50, s.Baseline.P50), times(s.Service.P99, s.Baseline.P99),
		times(s.Index.P50, s.Baseline.P50), times(s.Index.P99, s.Baseline.P99))
	p("          results for %s of queries (all words %d, some %d, fuzzy %d); the baseline finds something for %s",
		pct(s.FoundService, s.Queries), s.Modes["all"], s.Modes["some"], s.Modes["fuzzy"], pct(s.FoundBaseline, s.Queries))
	p("          target p50 < %s: %s; p99 < %s: %s", dur(TargetP50), verdict(s.Service.P50 < TargetP50), dur(TargetP99), verdict(s.Service.P99 < TargetP99))
	p("          baseline SQL: %s", likeSQL)
	p("")

	y := r.Similar
	p("similar   %d drafts (title and first 300 characters of the body); the ask page shows a similar thread for %s",
		y.Drafts, pct(y.Shown, y.Drafts))
	p("          %-44s %9s %9s %9s %9s", "", "p50", "p90", "p99", "max")
	row("Service.Similar (MLT, SQLite, rerank)", y.Service)
	row("Index.Similar alone", y.Index)
	row(fmt.Sprintf("Service.Similar, %d baseline drafts", y.Paired.N), y.Paired)
	row(fmt.Sprintf("baseline: naive match query, %d drafts", y.Baseline.N), y.Baseline)
	p("          Service.Similar vs naive baseline on the same drafts: p50 %s, p99 %s",
		times(y.Paired.P50, y.Baseline.P50), times(y.Paired.P99, y.Baseline.P99))
	p("          target p50 < %s: %s; p99 < %s: %s", dur(TargetP50), verdict(y.Service.P50 < TargetP50), dur(TargetP99), verdict(y.Service.P99 < TargetP99))
	p("")

	l := r.Live
	p("live      %d writers for %s through Service.Ask/Answer with the indexer running: %d posts (%d questions, %d answers), %.0f posts/s",
		l.Writers, dur(l.Duration), l.Asked+l.Answered, l.Asked, l.Answered, l.PostsPerSec)
	p("          post committed -> found by Index.Search: p50 %s, p90 %s, p99 %s, max %s over %d posts; %d not found within %s",
		dur(l.Searchable.P50), dur(l.Searchable.P90), dur(l.Searchable.P99), dur(l.Searchable.Max), l.Searchable.N, l.Unseen, liveWait)
	p("          target searchable within %s: %s", dur(TargetSearchableMax), verdict(l.Unseen == 0 && l.Searchable.Max < TargetSearchableMax && l.Searchable.N > 0))
	p("")
	p("memory    serving (after search and similar): heap in use %s, RSS %s; at the end: heap %s, RSS %s, peak RSS %s",
		mib(r.Serving.HeapInuse), mib(r.Serving.RSS), mib(r.Final.HeapInuse), mib(r.Final.RSS), mib(r.Final.PeakRSS))
	return b.Flush()
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// times says how a figure compares with its baseline: "3.2x faster" or
// "1.5x slower" (the ratio, and which way).
func times(ours, baseline time.Duration) string {
	r := ratio(ours, baseline)
	switch {
	case r == 0:
		return "n/a"
	case r < 1:
		return fmt.Sprintf("%.1fx faster (ratio %.3f)", 1/r, r)
	}
	return fmt.Sprintf("%.1fx slower (ratio %.2f)", r, r)
}
