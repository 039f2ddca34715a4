package sqlstore

import (
	"context"
	"database/sql/driver"
	"sync/atomic"
	"time"
)

// Leading reports whether this node runs the background jobs that must run
// once across all nodes sharing the database: notification fan-out, mail
// and cluster detection. On SQLite there is one node, and it leads.
//
// On PostgreSQL the leader is the node holding a session advisory lock on
// a connection of its own (campaign). PostgreSQL releases the lock when
// that session ends, so when the leader's process dies (or loses the
// database) another node takes over within about a second.
func (db *DB) Leading() bool {
	if !db.pg {
		return true
	}
	return db.leading.Load()
}

// campaignEvery is how often a follower tries to lead and a leader checks
// that its session still lives.
const campaignEvery = time.Second

// leaderState is the PostgreSQL leader election's part of DB.
type leaderState struct {
	leading    atomic.Bool
	stopLead   context.CancelFunc
	leaderDone chan struct{}
}

// campaign tries to take the leader lock, and holds it while its session
// answers, until ctx ends.
func (db *DB) campaign(ctx context.Context, url string) {
	defer close(db.leaderDone)
	for ctx.Err() == nil {
		db.leadOnce(ctx, url)
		db.leading.Store(false)
		select {
		case <-ctx.Done():
			return
		case <-time.After(campaignEvery):
		}
	}
}

// leadOnce connects, and while connected tries for the lock and, once it
// holds it, checks every campaignEvery that the session still answers. It
// returns when the connection fails or ctx ends; closing the connection
// gives the lock up.
func (db *DB) leadOnce(ctx context.Context, url string) {
	conn, err := dialOwn(ctx, url)
	if err != nil {
		return
	}
	defer conn.Close(context.WithoutCancel(ctx)) //nolint:errcheck // the session ends either way, and with it the lock
	// If this node vanishes from the network (no FIN reaches PostgreSQL),
	// the server finds the session dead in about 11 s rather than the
	// kernel's two hours, and the lock passes on.
	if _, err := conn.Exec(ctx, `SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3`); err != nil {
		return
	}
	tick := time.NewTicker(campaignEvery)
	defer tick.Stop()
	for {
		checkCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
		if db.leading.Load() {
			_, err = conn.Exec(checkCtx, `SELECT 1`)
		} else {
			var got bool
			err = conn.QueryRow(checkCtx, `SELECT pg_try_advisory_lock($1)`, db.lockBase+lockLeader).Scan(&got)
			if err == nil && got {
				db.leading.Store(true)
			}
		}
		cancel()
		if err != nil {
			return // a session we cannot reach may have lost the lock: lead no more
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// ClusterPassLock holds, on PostgreSQL, a session advisory lock on a
// pooled connection for the length of a cluster pass, so that a pass on
// one node (the leader's job, or staff's "run now" on any node) waits for
// another's. On SQLite one process runs the passes, one at a time already.
func (db *DB) ClusterPassLock(ctx context.Context) (func(), error) {
	if !db.pg {
		return func() {}, nil
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, dbErr(err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, db.lockBase+lockClusters); err != nil {
		_ = conn.Close()
		return nil, dbErr(err)
	}
	return func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, db.lockBase+lockClusters); err != nil {
			// Not back to the pool holding the lock: database/sql drops
			// a connection whose driver says it is bad.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		_ = conn.Close()
	}, nil
}
