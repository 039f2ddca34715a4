package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// notifyJob queues the notifications of a write, inside its transaction.
func notifyJob(ctx context.Context, tx *txn, kind string, threadID, postID, actorID int64, now time.Time) error {
	var post any
	if postID != 0 {
		post = postID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO notify_jobs (kind, thread_id, post_id, actor_id, created_at)
		VALUES (?, ?, ?, ?, ?)`, kind, threadID, post, actorID, ms(now))
	return err
}

// activeUser is the condition on u (users) for a recipient: not suspended.
// A suspended account hears nothing until it is back.
const activeUser = `(u.suspended_until IS NULL OR u.suspended_until <= :now)`

// fanOut is, per kind of job, the INSERT that turns it into notifications.
// Named parameters: :job_kind, :thread, :post, :actor, :now. Nobody is told of
// their own action.
var fanOut = map[string][]string{
	// A new answer: everyone following the thread.
	forum.NotifyAnswer: {`INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, title, created_at)
		SELECT s.user_id, :job_kind, :thread, :post, :actor, t.title, :now
		FROM subscriptions s JOIN users u ON u.id = s.user_id JOIN threads t ON t.id = s.thread_id
		WHERE s.thread_id = :thread AND s.user_id <> :actor AND ` + activeUser},
	// A comment: the author of the post commented on.
	forum.NotifyComment: {`INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, title, created_at)
		SELECT p.author_id, :job_kind, :thread, :post, :actor, t.title, :now
		FROM posts p JOIN users u ON u.id = p.author_id JOIN threads t ON t.id = :thread
		WHERE p.id = :post AND p.author_id <> :actor AND ` + activeUser},
	// Solved: the accepted answer's author hears "accepted", the other
	// followers "solved", if that answer is still the accepted one.
	forum.NotifySolved: {
		`INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, title, created_at)
		SELECT p.author_id, 'accepted', :thread, :post, :actor, t.title, :now
		FROM posts p JOIN users u ON u.id = p.author_id JOIN threads t ON t.id = :thread
		WHERE p.id = :post AND p.author_id <> :actor AND t.accepted_post_id = :post AND ` + activeUser,
		`INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, title, created_at)
		SELECT s.user_id, :job_kind, :thread, :post, :actor, t.title, :now
		FROM subscriptions s JOIN users u ON u.id = s.user_id JOIN threads t ON t.id = s.thread_id
		WHERE s.thread_id = :thread AND s.user_id <> :actor AND t.accepted_post_id = :post
			AND s.user_id <> (SELECT author_id FROM posts WHERE id = :post) AND ` + activeUser},
	// A new question: the followers of its category and of its tags, once.
	forum.NotifyNewThread: {`INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, title, created_at)
		SELECT f.user_id, :job_kind, :thread, :post, :actor, t.title, :now
		FROM (SELECT cs.user_id FROM category_subscriptions cs JOIN threads t ON t.category_id = cs.category_id WHERE t.id = :thread
			UNION SELECT ts.user_id FROM tag_subscriptions ts JOIN tags g ON g.name = ts.tag
				JOIN thread_tags tt ON tt.tag_id = g.id WHERE tt.thread_id = :thread) f
		JOIN users u ON u.id = f.user_id JOIN threads t ON t.id = :thread
		WHERE f.user_id <> :actor AND ` + activeUser},
}

func init() {
	fanOut[forum.NotifyStaffAnswer] = fanOut[forum.NotifyAnswer]
	// A known issue's status change: everyone affected (see
	// affectedPeople), once each.
	fanOut[forum.NotifyKnownIssue] = []string{`INSERT INTO notifications (user_id, kind, thread_id, actor_id, title, created_at)
		SELECT f.user_id, :job_kind, :thread, :actor, t.title, :now
		FROM (` + strings.ReplaceAll(knownIssueAudience, ":ki", ":thread") + `) f
		JOIN users u ON u.id = f.user_id JOIN threads t ON t.id = :thread
		WHERE f.user_id <> :actor AND ` + activeUser}
}

// DeliverNotifications turns up to limit queued jobs into notifications,
// each job and its notifications in one transaction with the job's
// deletion. Jobs of deleted or merged threads and deleted posts are
// dropped; jobs of hidden or held ones wait (an approved answer is then
// announced). It returns how many jobs it delivered.
func (db *DB) DeliverNotifications(ctx context.Context, now time.Time, limit int) (int, error) {
	// Most calls find nothing: a read, not a write transaction.
	var pending bool
	if err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM notify_jobs)`).Scan(&pending); err != nil || !pending {
		return 0, dbErr(err)
	}
	done := 0
	err := db.quietTx(ctx, func(tx *txn) error {
		done = 0 // a retried transaction counts afresh
		// Jobs that can never go out, and jobs that waited a month for a
		// hidden post (their news is stale by now).
		if _, err := tx.ExecContext(ctx, `DELETE FROM notify_jobs WHERE created_at < ? OR id IN (SELECT j.id FROM notify_jobs j
			JOIN threads t ON t.id = j.thread_id LEFT JOIN posts p ON p.id = j.post_id
			WHERE t.deleted_at IS NOT NULL OR t.merged_into_id IS NOT NULL OR p.deleted_at IS NOT NULL)`,
			ms(now.Add(-30*24*time.Hour))); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT j.id, j.kind, j.thread_id, COALESCE(j.post_id, 0), COALESCE(j.actor_id, 0)
			FROM notify_jobs j JOIN threads t ON t.id = j.thread_id LEFT JOIN posts p ON p.id = j.post_id
			WHERE t.hidden_at IS NULL AND (p.id IS NULL OR p.hidden_at IS NULL)
			ORDER BY j.id LIMIT ?`, limit)
		if err != nil {
			return err
		}
		type job struct {
			id, thread, post, actor int64
			kind                    string
		}
		var jobs []job
		for rows.Next() {
			var j job
			if err := rows.Scan(&j.id, &j.kind, &j.thread, &j.post, &j.actor); err != nil {
				_ = rows.Close() // the scan error is the one worth reporting
				return err
			}
			jobs = append(jobs, j)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, j := range jobs {
			for _, q := range fanOut[j.kind] {
				if _, err := tx.ExecContext(ctx, q, sql.Named("job_kind", j.kind), sql.Named("thread", j.thread),
					sql.Named("post", j.post), sql.Named("actor", j.actor), sql.Named("now", ms(now))); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM notify_jobs WHERE id = ?`, j.id); err != nil {
				return err
			}
			done++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return done, nil
}

// PendingNotifyJobs counts the jobs waiting, delivered or not.
func (db *DB) PendingNotifyJobs(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM notify_jobs`).Scan(&n)
	return n, dbErr(err)
}

// SetSubscription makes a person follow a thread (on) or stop.
func (db *DB) SetSubscription(ctx context.Context, threadID, userID int64, on bool, now time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		if on {
			return subscribe(ctx, tx, threadID, userID, now)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE thread_id = ? AND user_id = ?`, threadID, userID)
		return err
	})
}

// IsSubscribed reports whether a person follows a thread.
func (db *DB) IsSubscribed(ctx context.Context, threadID, userID int64) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM subscriptions WHERE thread_id = ? AND user_id = ?`, threadID, userID).Scan(&n)
	return n > 0, dbErr(err)
}

// SetCategorySubscription makes a person follow a category (on) or stop.
func (db *DB) SetCategorySubscription(ctx context.Context, categoryID, userID int64, on bool, now time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		var err error
		if on {
			_, err = tx.ExecContext(ctx, `INSERT INTO category_subscriptions (category_id, user_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT (category_id, user_id) DO NOTHING`, categoryID, userID, ms(now))
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM category_subscriptions WHERE category_id = ? AND user_id = ?`, categoryID, userID)
		}
		return err
	})
}

// SetTagSubscription makes a person follow a tag (on) or stop.
func (db *DB) SetTagSubscription(ctx context.Context, tag string, userID int64, on bool, now time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		var err error
		if on {
			_, err = tx.ExecContext(ctx, `INSERT INTO tag_subscriptions (tag, user_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT (tag, user_id) DO NOTHING`, tag, userID, ms(now))
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM tag_subscriptions WHERE tag = ? AND user_id = ?`, tag, userID)
		}
		return err
	})
}

// Following reports whether a person follows a category and a tag (either
// may be zero or empty).
func (db *DB) Following(ctx context.Context, userID, categoryID int64, tag string) (category, tagged bool, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT
			EXISTS (SELECT 1 FROM category_subscriptions WHERE category_id = ? AND user_id = ?),
			EXISTS (SELECT 1 FROM tag_subscriptions WHERE tag = ? AND user_id = ?)`,
		categoryID, userID, tag, userID).Scan(&category, &tagged)
	return category, tagged, dbErr(err)
}
