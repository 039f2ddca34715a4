package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/chorus-forum/chorus/forum/sqlstore"
)

const migrateStoreUsage = `usage: chorus migrate-store --from sqlite:PATH --to postgres://USER@HOST:5432/DB?sslmode=...

Copies a community from its SQLite database to PostgreSQL, for several nodes
sharing one database, and checks that every table arrived whole. The forum may
go on serving meanwhile: the copy reads one consistent snapshot of it and
writes nothing to it.

Run it again as often as needed: each run writes only what changed since the
last, and removes from PostgreSQL what the forum deleted since (a signed-out
session, a withdrawn vote), so that PostgreSQL ends as an exact copy. The move:
  1. chorus migrate-store --from ... --to ...   while the forum serves (the long part)
  2. stop the forum
  3. chorus migrate-store --from ... --to ...   again: quick, and now the final pass
  4. start the nodes with --database postgres://... (each builds its search index)
Nothing may run on the PostgreSQL database before the final pass: each run
makes it the forum's copy again and would undo what was written there (a
database whose accounts or audit log are not the forum's is refused).

flags:
`

// migrateStore copies a community from SQLite to PostgreSQL (see
// migrateStoreUsage), with a progress bar per table on stderr and a table
// of counts on stdout.
func migrateStore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("migrate-store", flag.ContinueOnError)
	flags.SetOutput(stderr)
	from := flags.String("from", "", "the forum's SQLite database: sqlite:PATH, e.g. sqlite:./data/chorus.db")
	to := flags.String("to", "", "the PostgreSQL database to copy to: postgres://USER@HOST:5432/DB?sslmode=...")
	flags.Usage = func() {
		fmt.Fprint(flags.Output(), migrateStoreUsage)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("migrate-store: %w", err)
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("migrate-store: unexpected %q: give the databases as --from sqlite:PATH and --to with a postgres:// address", flags.Arg(0))
	}
	path, err := migrateSource(*from)
	if err != nil {
		return err
	}
	if err := migrateTarget(*to); err != nil {
		return err
	}
	target := redactURL(*to)

	// The source first: it is opened only to read, and refusing it leaves
	// PostgreSQL untouched (opening that migrates its schema).
	src, err := sqlstore.OpenCopySource(ctx, path)
	if err != nil {
		return fmt.Errorf("migrate-store: --from: %w", err)
	}
	defer src.Close()
	dst, err := sqlstore.OpenPostgres(ctx, *to)
	if err != nil {
		return fmt.Errorf("migrate-store: --to: %w", err)
	}
	defer dst.Close()

	fmt.Fprintf(stderr, "copying %s to %s\n", path, target)
	var bar *progressBar
	current := ""
	rep, err := sqlstore.Copy(ctx, src, dst, func(p sqlstore.CopyProgress) {
		label := p.Table
		switch p.Step {
		case "links":
			label += ": references"
		case "prune":
			label += ": looking for rows deleted since the last run"
		}
		if label != current {
			if bar != nil {
				bar.finish()
			}
			bar, current = nil, label
			if p.Total == 0 {
				return // an empty table: nothing to show
			}
			fmt.Fprintln(stderr, label)
			bar = newProgressBar(stderr, "rows")
			bar.rate = "rows"
		}
		if bar != nil {
			bar.update(int(p.Done), int(p.Total), int(p.Done))
		}
	})
	if bar != nil {
		bar.finish()
	}
	if rep != nil {
		printCopyReport(stdout, rep)
	}
	if err != nil {
		return fmt.Errorf("migrate-store: %w", err)
	}
	fmt.Fprintf(stdout, "copied %s to %s in %.1f s; verified: each table has the rows the source had when the copy began\n", path, target, rep.Took.Seconds())
	if rep.SourceChanged {
		fmt.Fprintln(stderr, "\nThe forum wrote to the database during the copy: PostgreSQL has the forum as it was when the copy began.\n"+
			"For the final pass, stop the forum and run the same command again (it writes only what changed), then start the nodes on PostgreSQL.")
	}
	return nil
}

// migrateSource checks --from and returns the SQLite file's path.
func migrateSource(from string) (string, error) {
	switch {
	case from == "":
		return "", errors.New("migrate-store: --from is missing: give the forum's SQLite database, e.g. --from sqlite:./data/chorus.db")
	case sqlstore.IsPostgresURL(from):
		return "", errors.New("migrate-store: --from must be the SQLite database (sqlite:PATH): the command copies from SQLite to PostgreSQL")
	case strings.Contains(from, "://"):
		return "", fmt.Errorf("migrate-store: --from %q is not a SQLite database: give sqlite:PATH, e.g. sqlite:./data/chorus.db", from)
	}
	path := strings.TrimPrefix(from, "sqlite:")
	if path == "" {
		return "", errors.New("migrate-store: --from sqlite: names no file: give sqlite:PATH, e.g. sqlite:./data/chorus.db")
	}
	return path, nil
}

// migrateTarget checks --to without connecting.
func migrateTarget(to string) error {
	if to == "" {
		return errors.New("migrate-store: --to is missing: give the PostgreSQL database, e.g. --to postgres://chorus@db.example.com:5432/chorus?sslmode=require")
	}
	if err := sqlstore.CheckPostgresURL(to); err != nil {
		return fmt.Errorf("migrate-store: --to %s: %w", redactURL(to), err)
	}
	return nil
}

// redactURL hides the password of a connection URL, for messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		if err != nil && strings.Contains(s, "@") {
			return "(a URL that does not parse)"
		}
		return s
	}
	return u.Redacted()
}

// printCopyReport writes the table of counts.
func printCopyReport(w io.Writer, rep *sqlstore.CopyReport) {
	width := len("table")
	for _, t := range rep.Tables {
		width = max(width, len(t.Name))
	}
	now := ""
	if rep.SourceChanged {
		now = "  source now"
	}
	fmt.Fprintf(w, "%-*s  %10s  %11s  %10s  %10s  %10s%s\n", width, "table", "source", "destination", "inserted", "updated", "removed", now)
	tables := slices.Clone(rep.Tables) // in copy order, parents first; the reader looks by name
	sort.Slice(tables, func(i, j int) bool { return tables[i].Name < tables[j].Name })
	var src, dst, inserted, updated, removed int64
	for _, t := range tables {
		now = ""
		if rep.SourceChanged {
			now = fmt.Sprintf("  %10d", t.SourceNow)
		}
		fmt.Fprintf(w, "%-*s  %10d  %11d  %10d  %10d  %10d%s\n", width, t.Name, t.Source, t.Dest, t.Inserted, t.Updated, t.Removed, now)
		src, dst, inserted, updated, removed = src+t.Source, dst+t.Dest, inserted+t.Inserted, updated+t.Updated, removed+t.Removed
	}
	fmt.Fprintf(w, "%-*s  %10d  %11d  %10d  %10d  %10d\n", width, "total", src, dst, inserted, updated, removed)
}
