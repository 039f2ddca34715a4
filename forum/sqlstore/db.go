// Package sqlstore is the SQL store of Chorus. It implements forum.Store
// with hand-written SQL beside each method, once for two databases:
//
//   - SQLite, the embedded default: one file, a single writer connection
//     (SQLite allows one writer at a time, and waiting in Go is cheaper
//     than SQLITE_BUSY) and a pool of readers.
//   - PostgreSQL, for several nodes sharing one database: one pool, each
//     write transaction SERIALIZABLE and retried when PostgreSQL says two
//     of them collided, so the store keeps the single writer's guarantees
//     (no check-then-write race) that the SQLite code was written against.
//
// Schema changes are numbered, embedded migrations, one set per dialect
// with the same numbers. See dialect.go for how one query serves both.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	mrand "math/rand/v2"
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

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// DB is the store. Create it with Open (SQLite), OpenPostgres or OpenURL,
// and close it with Close.
type DB struct {
	w *pool // writes; on SQLite one connection
	r *pool // reads; on PostgreSQL the same pool as w
	// pg says the database is PostgreSQL.
	pg bool
	// dsn opens another connection with the pragmas (less the readers'
	// query_only and the writer's immediate lock): SQLite backups use it.
	dsn string

	// committed, when set, is called after every committed write (and on
	// PostgreSQL after another node's, see listen), so the search indexer
	// can pick up the outbox at once instead of at its next poll. It must
	// not block.
	committed atomic.Pointer[func()]
	// commits counts committed write transactions: the web layer's guest
	// page cache drops what was rendered before the last one.
	commits atomic.Int64
	// limitSweep is when (Unix ms) HitAll last dropped old rate-limit
	// windows.
	limitSweep atomic.Int64
	// stopListen ends the PostgreSQL commit listener; deaf is set while
	// it is not connected.
	stopListen context.CancelFunc
	listenDone chan struct{}
	deaf       atomic.Bool
	// lockBase is the first of this forum's PostgreSQL advisory lock keys.
	lockBase int64
	// node names this process among the nodes sharing the database.
	node string
	// url and channel: PostgreSQL's address, and the NOTIFY channel of
	// this forum's commits.
	url, channel string
	leaderState
}

// Node returns the name this process goes by among the nodes that share
// the database (its host name and a random suffix).
func (db *DB) Node() string { return db.node }

// Commits returns a number that changes whenever a write transaction
// commits, here or (on PostgreSQL) on another node.
func (db *DB) Commits() int64 {
	if db.deaf.Load() {
		return db.commits.Add(1) // other nodes' commits go unheard: trust nothing cached
	}
	return db.commits.Load()
}

// OnCommit sets a function called after every committed write
// transaction. It must return at once (a non-blocking channel send).
func (db *DB) OnCommit(fn func()) { db.committed.Store(&fn) }

// Postgres reports whether the store is PostgreSQL.
func (db *DB) Postgres() bool { return db.pg }

var _ forum.Store = (*DB)(nil)

// IsPostgresURL reports whether a --database value names PostgreSQL
// (postgres://... or postgresql://...) rather than a SQLite file.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open opens (creating if needed) the SQLite database file at path and
// brings its schema up to date. It refuses a database written by a newer
// Chorus.
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
	db := &DB{w: &pool{DB: w}, r: &pool{DB: r}, dsn: base + params.Encode(), node: nodeName()}
	if err := db.migrate(ctx); err != nil {
		_ = db.Close() // already failing; the migration error says why
		return nil, err
	}
	return db, nil
}

// nodeName makes a name for this process: the host name and a random
// suffix, so two nodes on one machine differ.
func nodeName() string {
	host, _ := os.Hostname()
	b := make([]byte, 3)
	_, _ = rand.Read(b) // crypto/rand does not fail
	return host + "-" + hex.EncodeToString(b)
}

// Close closes the handles (one on PostgreSQL) and stops the listener.
func (db *DB) Close() error {
	if db.stopListen != nil {
		db.stopListen()
		<-db.listenDone
	}
	if db.stopLead != nil {
		db.stopLead()
		<-db.leaderDone
	}
	if db.r == db.w {
		return db.w.Close()
	}
	return errors.Join(db.r.Close(), db.w.Close())
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

type migration struct {
	version int
	name    string
}

// migrationDir is where the dialect's migrations are.
func (db *DB) migrationDir() string {
	if db.pg {
		return "migrations/postgres"
	}
	return "migrations/sqlite"
}

func migrations(dir string) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, dir)
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

// SchemaVersion returns the newest migration this binary knows (the two
// dialects have the same numbers; a test checks).
func SchemaVersion() int {
	ms, _ := migrations("migrations/sqlite")
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// migrate applies the migrations the database lacks, each in its own
// transaction with its record in schema_migrations. On PostgreSQL an
// advisory lock makes nodes that start together migrate one after the
// other.
func (db *DB) migrate(ctx context.Context) error {
	if db.pg {
		conn, err := db.w.Conn(ctx)
		if err != nil {
			return dbErr(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, db.lockBase+lockMigrate); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, db.lockBase+lockMigrate) //nolint:errcheck // the session ends with the connection anyway
	}
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	var current int
	if err := db.w.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return err
	}
	all, err := migrations(db.migrationDir())
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
		body, err := migrationFiles.ReadFile(db.migrationDir() + "/" + m.name)
		if err != nil {
			return err
		}
		err = db.tx(ctx, func(tx *txn) error {
			if _, err := tx.Tx.ExecContext(ctx, string(body)); err != nil {
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
// tells the OnCommit hook (and, on PostgreSQL, the other nodes).
func (db *DB) tx(ctx context.Context, fn func(*txn) error) error {
	err := db.quietTx(ctx, func(tx *txn) error {
		if err := fn(tx); err != nil {
			return err
		}
		if db.pg {
			// Delivered to every listening node when the transaction
			// commits, and not at all when it rolls back.
			_, err := tx.ExecContext(ctx, `SELECT pg_notify(?, ?)`, db.channel, db.node)
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	db.noteCommit()
	return nil
}

// noteCommit counts a commit, here or on another node, and tells the
// OnCommit hook.
func (db *DB) noteCommit() {
	db.commits.Add(1)
	if fn := db.committed.Load(); fn != nil {
		(*fn)()
	}
}

// quietTx is tx without the OnCommit hook, for the background jobs' own
// bookkeeping: a notifier kicked by its own commits would never rest.
//
// On PostgreSQL the transaction is SERIALIZABLE: when two collide,
// PostgreSQL fails one (40001, or 40P01 for a deadlock) and fn runs again
// from the start, after a random pause that grows with each attempt ("full
// jitter", so that the losers do not collide again in step), for up to
// retryFor. fn must therefore only change the database and values it sets
// afresh on each run.
func (db *DB) quietTx(ctx context.Context, fn func(*txn) error) error {
	if !db.pg {
		return dbErr(db.runTx(ctx, nil, fn))
	}
	opts := &sql.TxOptions{Isolation: sql.LevelSerializable}
	give := time.Now().Add(retryFor)
	for attempt := 0; ; attempt++ {
		err := db.runTx(ctx, opts, fn)
		if !retryable(err) || time.Now().After(give) {
			return dbErr(err)
		}
		pause := mrand.N(min(2*time.Millisecond<<min(attempt, 10), 100*time.Millisecond)) // #nosec G404 -- a pause, not a secret
		select {
		case <-ctx.Done():
			return dbErr(ctx.Err())
		case <-time.After(pause):
		}
	}
}

// retryFor is how long a write keeps retrying its collisions (20 people
// accepting answers of one thread at once need a few hundred ms).
const retryFor = 5 * time.Second

func (db *DB) runTx(ctx context.Context, opts *sql.TxOptions, fn func(*txn) error) error {
	tx, err := db.w.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
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
	if pe := pgErr(err); pe != nil {
		return pe
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// The request's time ran out waiting for the database.
		return &forum.Error{Kind: forum.Unavailable, Code: "error.busy", Err: err}
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
func outbox(ctx context.Context, tx *txn, threadID int64, now time.Time) error {
	if err := tx.outboxTurn(ctx); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (thread_id, created_at) VALUES (?, ?)`, threadID, ms(now))
	return err
}

// outboxTurn makes transactions that write the outbox commit in the order
// of their sequence numbers. The indexers follow the outbox by the highest
// number they applied; on PostgreSQL, without this, a transaction that
// took number 10 and committed after the one that took 11 would never be
// read. A transaction-level advisory lock, taken before the number and
// held to the commit, does it (SQLite's single writer does it anyway).
func (t *txn) outboxTurn(ctx context.Context) error {
	if !t.pg || t.outboxLocked {
		return nil
	}
	if _, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, t.lockBase+lockOutbox); err != nil {
		return err
	}
	t.outboxLocked = true
	return nil
}
