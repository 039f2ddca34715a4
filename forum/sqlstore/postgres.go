package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// OpenPostgres connects to the PostgreSQL database of url
// (postgres://user@host:port/db?...) and brings its schema up to date.
// Several nodes may open one database at once; they migrate one at a time.
func OpenPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database address: %w", err)
	}
	h, err := sql.Open("pgx", url)
	if err != nil {
		return nil, err
	}
	// Every node has its own pool; PostgreSQL's default limit of 100
	// connections leaves room for a handful of nodes of 20.
	// All of them stay open: a connection closed after a burst costs the
	// next one a PostgreSQL backend start (tens of milliseconds), and
	// under load that churn, not the queries, was the time.
	h.SetMaxOpenConns(20)
	h.SetMaxIdleConns(20)
	h.SetConnMaxIdleTime(5 * time.Minute)
	p := &pool{DB: h, pg: true}
	db := &DB{w: p, r: p, pg: true, node: nodeName()}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := h.PingContext(pingCtx); err != nil {
		_ = h.Close() // already failing; the ping error says why
		return nil, fmt.Errorf("connect to PostgreSQL at %s:%d: %w", cfg.Host, cfg.Port, err)
	}
	// Advisory locks are per database; two Chorus forums in two schemas of
	// one database (the tests do this) must not share theirs.
	var schema string
	if err := h.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		_ = h.Close()
		return nil, err
	}
	db.lockBase = lockKey(schema)
	p.lockBase = db.lockBase
	db.url = url
	// The channel is the forum's own: two forums in two schemas of one
	// database (the tests) do not wake each other.
	db.channel = fmt.Sprintf("chorus_commit_%x", uint64(db.lockBase)) // #nosec G115 -- a name, any bits do
	if err := db.migrate(ctx); err != nil {
		_ = h.Close()
		return nil, err
	}
	db.deaf.Store(true) // until the listener is connected
	listenCtx, stop := context.WithCancel(context.Background())
	db.stopListen, db.listenDone = stop, make(chan struct{})
	go db.listen(listenCtx, url)
	return db, nil
}

// InSchema returns the PostgreSQL address dbURL with its search_path set
// to schema: a forum of its own inside a shared database (the tests', the
// benchmark's).
func InSchema(dbURL, schema string) (string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// PostgresBytes is the size of the PostgreSQL database, for the metrics.
func (db *DB) PostgresBytes(ctx context.Context) (int64, error) {
	var n int64
	err := db.r.QueryRowContext(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
	return n, dbErr(err)
}

// Advisory lock keys, offsets from the schema's lockBase.
const (
	lockMigrate = iota
	lockLeader
	lockOutbox
	lockClusters
)

// lockKey derives the schema's advisory lock base from its name.
func lockKey(schema string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte("chorus:" + schema)) // a hash never fails to write
	return int64(h.Sum64() &^ 0xff)            // #nosec G115 -- any 64 bits make a key; the low byte numbers the locks
}

// listen follows the commits of every node: each write transaction sends
// pg_notify('chorus_commit') when it commits (see tx), and this
// connection hears them, so the guest page cache and the search indexer
// react to another node's writes as to their own. While the connection is
// down nothing can be heard: Commits then changes on every call (no page
// is served from the cache) until it is back.
func (db *DB) listen(ctx context.Context, url string) {
	defer close(db.listenDone)
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, url)
		db.deaf.Store(true)
		if ctx.Err() != nil {
			return
		}
		_ = err // the pool's requests report the outage; this retries quietly
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 5*time.Second)
	}
}

func (db *DB) listenOnce(ctx context.Context, url string) error {
	conn, err := dialOwn(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx)) //nolint:errcheck // closing a listener that may be broken
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{db.channel}.Sanitize()); err != nil {
		return err
	}
	// Whatever committed while nobody listened is news now.
	db.deaf.Store(false)
	db.noteCommit()
	for {
		// A connection a NAT dropped in silence hears nothing and says
		// nothing: after a quiet while, ask it something.
		waitCtx, cancel := context.WithTimeout(ctx, listenQuiet)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case err == nil:
			if n.Payload != db.node { // our own commits told the hook already
				db.noteCommit()
			}
			continue
		case ctx.Err() != nil:
			return ctx.Err()
		case !errors.Is(err, context.DeadlineExceeded):
			return err
		}
		pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		_, err = conn.Exec(pingCtx, `SELECT 1`)
		cancel()
		if err != nil {
			return err
		}
	}
}

// dialOwn opens a connection of its own, outside the pool, for a session
// that must last: the commit listener's, the leader's lock.
func dialOwn(ctx context.Context, url string) (*pgx.Conn, error) {
	dialCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return pgx.Connect(dialCtx, url)
}

// listenQuiet is how long the listener waits for a notification before
// it checks that its connection still answers.
const listenQuiet = 15 * time.Second

// Campaign makes this node try to lead the once-across-nodes jobs (see
// Leading). Only a server does: a command-line tool holding the lock would
// stop the jobs everywhere while it runs.
func (db *DB) Campaign() {
	if !db.pg || db.stopLead != nil {
		return
	}
	leadCtx, stopLead := context.WithCancel(context.Background())
	db.stopLead, db.leaderDone = stopLead, make(chan struct{})
	go db.campaign(leadCtx, db.url)
}

// retryable reports whether PostgreSQL failed a transaction only because
// another one collided with it, so running it again can succeed.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// pgErr turns PostgreSQL's errors into forum errors, as dbErr does
// SQLite's; it returns nil for an error it does not know.
func pgErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "23505": // unique_violation
			c := pe.ConstraintName
			switch {
			case strings.Contains(c, "username"):
				return &forum.Error{Kind: forum.Conflict, Code: "error.username_taken", Field: "username", Err: err}
			case strings.Contains(c, "email"):
				return &forum.Error{Kind: forum.Conflict, Code: "error.email_taken", Field: "email", Err: err}
			case strings.Contains(c, "categories_slug"):
				return &forum.Error{Kind: forum.Conflict, Code: "error.slug_taken", Field: "slug", Err: err}
			}
			return &forum.Error{Kind: forum.Conflict, Code: "error.conflict", Err: err}
		case pe.Code == "53100": // disk_full
			return &forum.Error{Kind: forum.Unavailable, Code: "error.disk_full", Err: err}
		case pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03": // collided too often, lock_not_available
			return &forum.Error{Kind: forum.Unavailable, Code: "error.busy", Err: err}
		case strings.HasPrefix(pe.Code, "08"), // connection_exception
			pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", // shutting down, starting up
			pe.Code == "53300", // too_many_connections
			pe.Code == "25006", // read_only_sql_transaction: a standby, during a failover
			pe.Code == "57014": // query_canceled: a statement timeout
			return &forum.Error{Kind: forum.Unavailable, Code: "error.db_unavailable", Err: err}
		}
		return nil
	}
	if connectionLost(err) {
		return &forum.Error{Kind: forum.Unavailable, Code: "error.db_unavailable", Err: err}
	}
	return nil
}

// connectionLost reports an error of the way to the database rather than
// of the query: PostgreSQL is down, restarting or unreachable.
func connectionLost(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || pgconn.Timeout(err) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || pgconn.SafeToRetry(err) ||
		strings.Contains(err.Error(), "conn closed")
}
