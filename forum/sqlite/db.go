// Package sqlite is the SQLite store of Chorus. It implements forum.Store
// with hand-written SQL beside each method, on two handles to one file: a
// single writer connection (SQLite allows one writer at a time, and waiting
// in Go is cheaper than SQLITE_BUSY) and a pool of readers. Schema changes
// are numbered, embedded migrations. It imports forum and go-sqlite3.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is the store. Create it with Open and close it with Close.
type DB struct {
	w *sql.DB // one connection; every write goes through it
	r *sql.DB // readers
	// dsn opens another connection with the pragmas (less the readers'
	// query_only and the writer's immediate lock): backups use it.
	dsn string

	// committed, when set, is called after every committed write, so the
	// search indexer can pick up the outbox at once instead of at its next
	// poll. It must not block.
	committed atomic.Pointer[func()]
	// commits counts committed write transactions: the web layer's guest
	// page cache drops what was rendered before the last one.
	commits atomic.Int64
	// limitSweep is when (Unix ms) HitAll last dropped old rate-limit
	// windows.
	limitSweep atomic.Int64
}

// Commits returns how many write transactions have committed since Open.
func (db *DB) Commits() int64 { return db.commits.Load() }

// OnCommit sets a function called after every committed write
// transaction. It must return at once (a non-blocking channel send).
func (db *DB) OnCommit(fn func()) { db.committed.Store(&fn) }

var _ forum.Store = (*DB)(nil)

// Open opens (creating if needed) the database file at path and brings its
// schema up to date. It refuses a database written by a newer Chorus.
func Open(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	// Pragmas live in the DSN so that every connection of the pool has
	// them, not only the one that happened to run an Exec.
	params := url.Values{}
	params.Set("_journal_mode", "WAL")
	params.Set("_busy_timeout", "5000")
	params.Set("_foreign_keys", "on")
	params.Set("_synchronous", "NORMAL")
	base := "file:" + path + "?"

	wp := url.Values{}
	for k, v := range params {
		wp[k] = v
	}
	wp.Set("_txlock", "immediate")
	w, err := sql.Open("sqlite3", base+wp.Encode())
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)

	params.Set("_query_only", "1")
	r, err := sql.Open("sqlite3", base+params.Encode())
	if err != nil {
		_ = w.Close() // already failing; the open error says why
		return nil, err
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()*2))

	params.Del("_query_only")
	db := &DB{w: w, r: r, dsn: base + params.Encode()}
	if err := db.migrate(ctx); err != nil {
		_ = db.Close() // already failing; the migration error says why
		return nil, err
	}
	return db, nil
}

// Close closes both handles.
func (db *DB) Close() error {
	return errors.Join(db.r.Close(), db.w.Close())
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

type migration struct {
	version int
	name    string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		ms = append(ms, migration{v, e.Name()})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// SchemaVersion returns the newest migration this binary knows.
func SchemaVersion() int {
	ms, _ := migrations()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies the migrations the database lacks, each in its own
// transaction with its record in schema_migrations.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	var current int
	if err := db.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return err
	}
	all, err := migrations()
	if err != nil {
		return err
	}
	if latest := SchemaVersion(); current > latest {
		return fmt.Errorf("database schema version %d is newer than this Chorus (%d): upgrade Chorus, or restore a backup", current, latest)
	}
	for _, m := range all {
		if m.version <= current {
			continue
		}
		body, err := migrationFiles.ReadFile("migrations/" + m.name)
		if err != nil {
			return err
		}
		err = db.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, m.version, ms(time.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// tx runs fn in a write transaction, committing when fn returns nil, and
// tells the OnCommit hook.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := db.quietTx(ctx, fn); err != nil {
		return err
	}
	db.commits.Add(1)
	if fn := db.committed.Load(); fn != nil {
		(*fn)()
	}
	return nil
}

// quietTx is tx without the OnCommit hook, for the background jobs' own
// bookkeeping: a notifier kicked by its own commits would never rest.
func (db *DB) quietTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return dbErr(err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return dbErr(err)
	}
	if err := tx.Commit(); err != nil {
		return dbErr(err)
	}
	return nil
}

// dbErr turns driver errors into forum errors: a missing row is NotFound, a
// broken unique constraint is Conflict, a full disk says so; anything else
// stays internal.
func dbErr(err error) error {
	if err == nil {
		return nil
	}
	var fe *forum.Error
	if errors.As(err, &fe) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return forum.ErrNotFound
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch {
		case se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey:
			msg := se.Error()
			switch {
			case strings.Contains(msg, "users.username"):
				return &forum.Error{Kind: forum.Conflict, Code: "error.username_taken", Field: "username", Err: err}
			case strings.Contains(msg, "users.email"):
				return &forum.Error{Kind: forum.Conflict, Code: "error.email_taken", Field: "email", Err: err}
			case strings.Contains(msg, "categories.slug"):
				return &forum.Error{Kind: forum.Conflict, Code: "error.slug_taken", Field: "slug", Err: err}
			}
			return &forum.Error{Kind: forum.Conflict, Code: "error.conflict", Err: err}
		// A full disk and a long lock pass: 503, so the person (and a
		// load balancer) knows to try again, not that Chorus is broken.
		case se.Code == sqlite3.ErrFull:
			return &forum.Error{Kind: forum.Unavailable, Code: "error.disk_full", Err: err}
		case se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked:
			return &forum.Error{Kind: forum.Unavailable, Code: "error.busy", Err: err}
		}
	}
	return &forum.Error{Kind: forum.Internal, Code: "error.internal", Err: err}
}

// ms converts a time to the stored form.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts the stored form back.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// nullTime reads a nullable time column.
func nullTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}

// outbox records that a thread changed, inside the caller's transaction.
func outbox(ctx context.Context, tx *sql.Tx, threadID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (thread_id, created_at) VALUES (?, ?)`, threadID, ms(now))
	return err
}
