package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/chorus-forum/chorus/search/searchbench"
)

const benchUsage = `usage: chorus bench search [--threads N] [--dir DIR] [--queries N] [--seed N] [--live DURATION]

Loads a synthetic forum of N threads (German and English, with answers) into
DIR (reused by later runs with the same --threads and --seed), rebuilds the
search index and measures search, similar questions, reindexing and live
posting against baselines timed in the same run.
`

// benchCommand runs `chorus bench search`.
func benchCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("bench: expected a benchmark name (search or http)\n%s\n%s", benchUsage, benchHTTPUsage)
	}
	if args[0] == "http" {
		ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
		return benchHTTP(ctx, args[1:], stdout)
	}
	if args[0] != "search" {
		return fmt.Errorf("bench: unknown benchmark %q (search or http)\n%s\n%s", args[0], benchUsage, benchHTTPUsage)
	}
	opts, err := parseBenchFlags(args[1:])
	if err != nil {
		return err
	}
	opts.Progress = os.Stderr
	opts.Command = "chorus bench search " + strings.Join(args[1:], " ")
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	_, err = searchbench.Run(ctx, opts, stdout)
	if err != nil {
		return fmt.Errorf("bench search: %w", err)
	}
	return nil
}

func parseBenchFlags(args []string) (searchbench.Options, error) {
	fs := flag.NewFlagSet("bench search", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the error returned says it; usage follows
	threads := fs.Int("threads", 100_000, "threads in the synthetic forum")
	dir := fs.String("dir", filepath.Join(os.TempDir(), "chorus-bench"), "work directory; the corpus database there is reused")
	queries := fs.Int("queries", 1000, "searches and similar-question drafts to time")
	seed := fs.Int64("seed", 1, "corpus seed")
	live := fs.Duration("live", 10*time.Second, "how long the live-posting phase writes")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return searchbench.Options{}, errors.New(strings.TrimSpace(benchUsage))
		}
		return searchbench.Options{}, fmt.Errorf("bench search: %w\n%s", err, strings.TrimSpace(benchUsage))
	}
	if fs.NArg() > 0 {
		return searchbench.Options{}, fmt.Errorf("bench search: unexpected argument %q\n%s", fs.Arg(0), benchUsage)
	}
	switch {
	case *threads < 1 || *threads > 10_000_000:
		return searchbench.Options{}, fmt.Errorf("bench search: --threads must be between 1 and 10000000, not %d", *threads)
	case *queries < 1 || *queries > 1_000_000:
		return searchbench.Options{}, fmt.Errorf("bench search: --queries must be between 1 and 1000000, not %d", *queries)
	case *live < 100*time.Millisecond:
		return searchbench.Options{}, fmt.Errorf("bench search: --live must be at least 100ms, not %s", *live)
	case strings.TrimSpace(*dir) == "":
		return searchbench.Options{}, errors.New("bench search: --dir must not be empty")
	}
	return searchbench.Options{Threads: *threads, Dir: *dir, Queries: *queries, Seed: *seed, LiveFor: *live}, nil
}
