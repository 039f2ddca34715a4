package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func idArgs(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// maxIDs bounds one IN list, well under SQLite's limit of host parameters.
const maxIDs = 500

// queryIDs runs a query with an IN list of ids, maxIDs at a time, and
// calls scan for every row. sqlFor gets the placeholders for one chunk.
func (db *DB) queryIDs(ctx context.Context, ids []int64, sqlFor func(in string) string, scan func(*sql.Rows) error) error {
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), maxIDs)]
		ids = ids[len(chunk):]
		rows, err := db.r.QueryContext(ctx, sqlFor(placeholders(len(chunk))), idArgs(chunk)...)
		if err != nil {
			return dbErr(err)
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				_ = rows.Close() // the scan error is the one worth reporting
				return dbErr(err)
			}
		}
		if err := rows.Close(); err != nil {
			return dbErr(err)
		}
		if err := rows.Err(); err != nil {
			return dbErr(err)
		}
	}
	return nil
}

// ThreadsByIDs returns the threads among ids, in any state.
func (db *DB) ThreadsByIDs(ctx context.Context, ids []int64) ([]forum.Thread, error) {
	var out []forum.Thread
	err := db.queryIDs(ctx, ids, func(in string) string {
		// #nosec G202 -- only placeholders are concatenated; the IDs go in args.
		return `SELECT ` + threadCols + threadFrom + ` WHERE t.id IN (` + in + `)`
	}, func(rows *sql.Rows) error {
		t, err := scanThread(rows)
		if err == nil {
			out = append(out, *t)
		}
		return err
	})
	return out, err
}

// PostTexts returns the live posts of the threads, question first.
func (db *DB) PostTexts(ctx context.Context, threadIDs []int64) (map[int64][]forum.PostText, error) {
	out := make(map[int64][]forum.PostText, len(threadIDs))
	err := db.queryIDs(ctx, threadIDs, func(in string) string {
		// #nosec G202 -- only placeholders are concatenated; the IDs go in args.
		return `SELECT id, thread_id, is_question, body_md FROM posts
			WHERE thread_id IN (` + in + `) AND deleted_at IS NULL AND hidden_at IS NULL
			ORDER BY thread_id, is_question DESC, created_at, id`
	}, func(rows *sql.Rows) error {
		var p forum.PostText
		if err := rows.Scan(&p.PostID, &p.ThreadID, &p.IsQuestion, &p.BodyMD); err != nil {
			return err
		}
		out[p.ThreadID] = append(out[p.ThreadID], p)
		return nil
	})
	return out, err
}

// QuestionsHTML returns the rendered questions of the threads.
func (db *DB) QuestionsHTML(ctx context.Context, threadIDs []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(threadIDs))
	err := db.queryIDs(ctx, threadIDs, func(in string) string {
		// #nosec G202 -- only placeholders are concatenated; the IDs go in args.
		return `SELECT thread_id, body_html FROM posts WHERE thread_id IN (` + in + `) AND is_question = 1`
	}, func(rows *sql.Rows) error {
		var id int64
		var html string
		if err := rows.Scan(&id, &html); err != nil {
			return err
		}
		out[id] = html
		return nil
	})
	return out, err
}

// OutboxAfter returns up to limit outbox entries after seq, oldest first.
func (db *DB) OutboxAfter(ctx context.Context, seq int64, limit int) ([]forum.OutboxEntry, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT seq, thread_id FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.OutboxEntry
	for rows.Next() {
		var e forum.OutboxEntry
		if err := rows.Scan(&e.Seq, &e.ThreadID); err != nil {
			return nil, dbErr(err)
		}
		out = append(out, e)
	}
	return out, dbErr(rows.Err())
}

// OutboxBounds returns the first and last sequence numbers in the outbox,
// and last (zero when it was never written) even when pruning emptied it.
func (db *DB) OutboxBounds(ctx context.Context) (first, last int64, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM outbox`).Scan(&first, &last)
	if err != nil {
		return 0, 0, dbErr(err)
	}
	if last == 0 && db.pg {
		return 1, 0, nil // never written (PostgreSQL's outbox keeps its newest entry once it has one)
	}
	if last == 0 {
		// AUTOINCREMENT remembers the highest seq ever given out.
		err = db.r.QueryRowContext(ctx, `SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)`).Scan(&last)
		first = last + 1
	}
	return first, last, dbErr(err)
}

// PruneOutbox deletes entries up to seq that are older than before, and
// reports how many went. The newest entry always stays, so the outbox
// remembers where it is.
func (db *DB) PruneOutbox(ctx context.Context, seq int64, before time.Time) (int64, error) {
	var n int64
	err := db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE seq <= ? AND created_at < ?
			AND seq < (SELECT MAX(seq) FROM outbox)`, seq, ms(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// ThreadIDsAfter returns up to limit thread IDs above after, ascending, in
// any state: a rebuild walks every thread and decides itself.
func (db *DB) ThreadIDsAfter(ctx context.Context, after int64, limit int) ([]int64, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id FROM threads WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, dbErr(err)
		}
		out = append(out, id)
	}
	return out, dbErr(rows.Err())
}

// CountThreads counts every thread, in any state.
func (db *DB) CountThreads(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM threads`).Scan(&n)
	return n, dbErr(err)
}

// SearchWords returns the admins' compound words, sorted.
func (db *DB) SearchWords(ctx context.Context) ([]string, error) {
	return db.words(ctx, `SELECT word FROM search_words ORDER BY word`)
}

// ids runs a query for one integer column.
func (db *DB) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	return queryIDList(ctx, db.r, query, args...)
}

// querier is what runs a query: the reading pool, or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryIDList runs a query for one integer column on q.
func queryIDList(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, dbErr(err)
		}
		out = append(out, id)
	}
	return out, dbErr(rows.Err())
}

// words runs a query for one text column; it never returns nil.
func (db *DB) words(ctx context.Context, query string) ([]string, error) {
	rows, err := db.r.QueryContext(ctx, query)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			return nil, dbErr(err)
		}
		out = append(out, w)
	}
	return out, dbErr(rows.Err())
}

// SetSearchWords replaces the admins' compound words.
func (db *DB) SetSearchWords(ctx context.Context, words []string, now time.Time, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		if err := audit(ctx, tx, a); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_words`); err != nil {
			return err
		}
		for _, w := range words {
			if _, err := tx.ExecContext(ctx, `INSERT INTO search_words (word, added_at) VALUES (?, ?)`, w, ms(now)); err != nil {
				return err
			}
		}
		return nil
	})
}
