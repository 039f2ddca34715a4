package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/web"
	"github.com/chorus-forum/chorus/search"
)

// errPostgresBackup: PostgreSQL has its own, better tools.
var errPostgresBackup = errors.New("backup and restore here are for the SQLite store; back up PostgreSQL with pg_dump (or its base backups) and restore with pg_restore (see docs/operations.md)")

// backupCommand copies the database while the forum may serve. The index
// is not copied: a restore rebuilds it from the database.
func backupCommand(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := dataFlag(flags)
	file, err := parseWithFile(flags, args, "backup")
	if err != nil {
		return err
	}
	if data.postgres() {
		return errPostgresBackup
	}
	start := time.Now()
	if err := sqlstore.BackupFile(ctx, data.sqlitePath(), file); err != nil {
		return err
	}
	info, err := sqlstore.VerifyBackup(ctx, file)
	if err != nil {
		return fmt.Errorf("the backup does not verify: %w", err)
	}
	fmt.Fprintf(stdout, "backup written to %s: %d threads, %d users, schema %d, %.1f MB in %.1f s\n",
		file, info.Threads, info.Users, info.Schema, float64(info.Size)/1e6, time.Since(start).Seconds())
	return nil
}

// restoreCommand puts a backup in place of the data directory's database
// and rebuilds the search index. The server must be stopped: the index's
// lock says whether one runs.
func restoreCommand(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("restore", flag.ContinueOnError)
	data := dataFlag(flags)
	file, err := parseWithFile(flags, args, "restore")
	if err != nil {
		return err
	}
	if data.postgres() {
		return errPostgresBackup
	}
	info, err := sqlstore.VerifyBackup(ctx, file)
	if err != nil {
		return fmt.Errorf("restore refused: %w", err)
	}
	unlock, err := search.Lock(filepath.Join(data.dir, "search"))
	if errors.Is(err, search.ErrInUse) {
		return errors.New("restore refused: a Chorus server is running on this data directory; stop it first")
	}
	if err != nil {
		return err
	}
	// The index belongs to the database being replaced: remove it, so
	// that even an interrupted rebuild below leaves none (the next start
	// builds one) rather than the old forum's.
	if err := os.RemoveAll(filepath.Join(data.dir, "search", "index")); err != nil {
		_ = unlock()
		return fmt.Errorf("restore: remove the old search index: %w", err)
	}
	kept, err := sqlstore.Restore(ctx, file, data.sqlitePath())
	if uerr := unlock(); err == nil && uerr != nil {
		err = uerr
	}
	if err != nil {
		return err
	}
	if kept != "" {
		fmt.Fprintf(stdout, "the database it replaced is kept as %s\n", kept)
	}
	fmt.Fprintf(stdout, "restored %s: %d threads, %d users, schema %d\n", file, info.Threads, info.Users, info.Schema)
	return rebuildIndex(ctx, data, stdout)
}

// parseWithFile parses flags around one file argument, in any order.
func parseWithFile(flags *flag.FlagSet, args []string, what string) (string, error) {
	var file string
	for {
		if err := flags.Parse(args); err != nil {
			return "", err
		}
		if flags.NArg() == 0 {
			break
		}
		if file != "" {
			return "", fmt.Errorf("%s: one file, not %q and %q", what, file, flags.Arg(0))
		}
		file, args = flags.Arg(0), flags.Args()[1:]
	}
	if file == "" {
		return "", fmt.Errorf("%s: which file? usage: chorus %s FILE [--data DIR]", what, what)
	}
	return file, nil
}

// readyChecks are what /readyz asks: the database answers at the schema
// this binary expects, and the index is usable and caught up (within
// readyLag entries of the outbox: a busy forum is always a little behind).
func readyChecks(db *sqlstore.DB, idx *search.Index) []web.ReadyCheck {
	return []web.ReadyCheck{
		{Name: "database", Check: db.Check},
		{Name: "search", Check: func(ctx context.Context) error {
			if err := idx.Usable(); err != nil {
				return errors.New("search index unavailable (rebuilding, or its disk refuses writes)")
			}
			lag, err := idx.Lag(ctx)
			if err != nil {
				return err
			}
			if lag > readyLag {
				return fmt.Errorf("search index is %d changes behind", lag)
			}
			return nil
		}},
	}
}

const readyLag = 1000

// newMetrics makes the registry /metrics serves, with gauges read at
// scrape time from the store, the index and the data directory.
func newMetrics(svc *forum.Service, db *sqlstore.DB, idx *search.Index, dataDir string, log *slog.Logger) *web.Metrics {
	m := web.NewMetrics()
	// One scrape reads several gauges; each asks the database at most
	// once, with a short timeout, and reports -1 when it cannot.
	scrape := func(fn func(context.Context) (float64, error)) func() float64 {
		return func() float64 {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			v, err := fn(ctx)
			if err != nil {
				log.Warn("metrics", "err", err)
				return -1
			}
			return v
		}
	}
	queue := func(pick func(sqlstore.QueueDepths) int) func(context.Context) (float64, error) {
		return func(ctx context.Context) (float64, error) {
			q, err := db.QueueDepths(ctx)
			return float64(pick(q)), err
		}
	}
	m.GaugeFunc("chorus_mail_queue_depth", "Mails waiting to be sent (not sent, not given up).",
		scrape(queue(func(q sqlstore.QueueDepths) int { return q.Mail })))
	m.GaugeFunc("chorus_notify_jobs_depth", "Notification fan-outs waiting.",
		scrape(queue(func(q sqlstore.QueueDepths) int { return q.NotifyJobs })))
	m.GaugeFunc("chorus_notifications_unmailed", "Notifications not yet turned into mail or digest.",
		scrape(queue(func(q sqlstore.QueueDepths) int { return q.Notifications })))
	m.GaugeFunc("chorus_outbox_depth", "Search outbox entries the index has not applied (the index lag).",
		scrape(func(ctx context.Context) (float64, error) {
			lag, err := idx.Lag(ctx)
			return float64(lag), err
		}))
	m.GaugeFunc("chorus_search_usable", "1 when search answers, 0 while it rebuilds or cannot write.",
		func() float64 {
			if idx.Usable() != nil {
				return 0
			}
			return 1
		})
	if db.Postgres() {
		m.GaugeFunc("chorus_database_bytes", "Size of the PostgreSQL database.",
			scrape(func(ctx context.Context) (float64, error) {
				n, err := db.PostgresBytes(ctx)
				return float64(n), err
			}))
	} else {
		m.GaugeFunc("chorus_database_bytes", "Size of the database file with its write-ahead log.",
			func() float64 {
				base := filepath.Join(dataDir, "chorus.db")
				return float64(fileSize(base) + fileSize(base+"-wal"))
			})
	}
	m.GaugeFunc("chorus_jobs_leader", "1 when this node runs the once-across-nodes jobs (notifications, mail, clusters).",
		func() float64 {
			if db.Leading() {
				return 1
			}
			return 0
		})
	for _, job := range []string{"notify", "mail", "clusters"} {
		m.CounterFunc("chorus_job_rounds_total", "Rounds a background job ran on this node; summed over the nodes, once per tick.",
			map[string]string{"job": job}, func() float64 { return float64(svc.JobRounds()[job]) })
	}
	m.GaugeFunc("chorus_search_index_bytes", "Size of the search index directory.",
		func() float64 { return float64(dirSize(filepath.Join(dataDir, "search"))) })
	pass := m.Histogram("chorus_cluster_pass_seconds", "Duration of a cluster detection pass.",
		[]float64{.01, .05, .1, .25, .5, 1, 2, 5, 10})
	svc.OnClusterPass(func(d time.Duration) { pass(d.Seconds()) })
	return m
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// dirSize is the bytes of the regular files under dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a file removed while walking (a merge of segments)
		}
		if d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
