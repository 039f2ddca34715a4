package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// affectedPeople are, for known issue :ki, the customers: the askers of
// its visible linked reports and everyone who said "me too" on them or on
// it, once each, staff not counted.
const affectedPeople = `SELECT p.user_id FROM (
		SELECT t.author_id AS user_id FROM known_issue_links l JOIN threads t ON t.id = l.thread_id
			WHERE l.known_issue_id = :ki AND t.deleted_at IS NULL AND t.hidden_at IS NULL AND t.merged_into_id IS NULL
		UNION SELECT m.user_id FROM known_issue_links l JOIN threads t ON t.id = l.thread_id JOIN metoo m ON m.thread_id = l.thread_id
			WHERE l.known_issue_id = :ki AND t.deleted_at IS NULL AND t.hidden_at IS NULL AND t.merged_into_id IS NULL
		UNION SELECT user_id FROM metoo WHERE thread_id = :ki
	) p JOIN users pu ON pu.id = p.user_id WHERE pu.role NOT IN ('staff', 'admin')`

// knownIssueAudience is who hears of a status change: the affected people
// and the known issue's followers.
const knownIssueAudience = affectedPeople + `
	UNION SELECT user_id FROM subscriptions WHERE thread_id = :ki`

// CreateKnownIssue stores a known issue's thread, question and status.
func (db *DB) CreateKnownIssue(ctx context.Context, t *forum.Thread, q *forum.Post, k *forum.KnownIssue, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		if err := createKnownIssue(ctx, tx, t, q, k); err != nil {
			return err
		}
		a.TargetID = t.ID
		return audit(ctx, tx, a)
	})
}

// createKnownIssue stores a known issue's thread, question and status in
// a transaction.
func createKnownIssue(ctx context.Context, tx *txn, t *forum.Thread, q *forum.Post, k *forum.KnownIssue) error {
	if err := createThread(ctx, tx, t, q); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO known_issues (thread_id, status, workaround_md, workaround_html,
			expected_fix_at, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, k.Status, k.WorkaroundMD, k.WorkaroundHTML, msPtr(k.ExpectedFixAt), t.Author.ID, ms(k.CreatedAt), ms(k.UpdatedAt)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO known_issue_updates (thread_id, status, actor_id, created_at) VALUES (?, ?, ?, ?)`,
		t.ID, k.Status, t.Author.ID, ms(k.CreatedAt))
	return err
}

const knownCols = `k.thread_id, k.status, k.workaround_md, k.workaround_html, k.expected_fix_at, k.created_at, k.updated_at,
	(SELECT COUNT(*) FROM (` + affectedPeople + `) a)`

func (db *DB) scanKnown(ctx context.Context, row scanner) (*forum.KnownIssue, error) {
	var k forum.KnownIssue
	var id, created, updated int64
	var fix sql.NullInt64
	if err := row.Scan(&id, &k.Status, &k.WorkaroundMD, &k.WorkaroundHTML, &fix, &created, &updated, &k.Affected); err != nil {
		return nil, dbErr(err)
	}
	k.ExpectedFixAt, k.CreatedAt, k.UpdatedAt = nullTime(fix), fromMS(created), fromMS(updated)
	t, err := db.ThreadByID(ctx, id)
	if err != nil {
		return nil, err
	}
	k.Thread = *t
	return &k, nil
}

// KnownIssue returns a known issue with its updates and linked reports.
func (db *DB) KnownIssue(ctx context.Context, threadID int64) (*forum.KnownIssue, error) {
	// The affected count's :ki is the row's own thread.
	k, err := db.scanKnown(ctx, db.r.QueryRowContext(ctx, `SELECT `+knownCols+` FROM known_issues k WHERE k.thread_id = :ki`,
		sql.Named("ki", threadID)))
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, `SELECT k.status, k.note_html, u.id, u.username, u.role, k.created_at
		FROM known_issue_updates k JOIN users u ON u.id = k.actor_id WHERE k.thread_id = ? ORDER BY k.id DESC`, threadID)
	if err != nil {
		return nil, dbErr(err)
	}
	for rows.Next() {
		var up forum.KnownIssueUpdate
		var role string
		var at int64
		if err := rows.Scan(&up.Status, &up.NoteHTML, &up.Actor.ID, &up.Actor.Username, &role, &at); err != nil {
			_ = rows.Close() // the scan error is the one worth reporting
			return nil, dbErr(err)
		}
		up.Actor.Role, _ = forum.ParseRole(role)
		up.CreatedAt = fromMS(at)
		k.Updates = append(k.Updates, up)
	}
	if err := rows.Close(); err != nil {
		return nil, dbErr(err)
	}
	ids, err := db.ids(ctx, `SELECT thread_id FROM known_issue_links WHERE known_issue_id = ? ORDER BY linked_at`, threadID)
	if err != nil {
		return nil, err
	}
	reports, err := db.ThreadsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, t := range reports {
		if t.Visible() {
			k.Reports = append(k.Reports, t)
		}
	}
	return k, nil
}

// KnownIssues returns the open known issues and those fixed since.
func (db *DB) KnownIssues(ctx context.Context, fixedSince time.Time) ([]forum.KnownIssue, error) {
	// One query: each issue's columns, its affected count (correlated)
	// and its thread's.
	// #nosec G202 -- only fixed fragments of this file are joined; the value goes in args.
	rows, err := db.r.QueryContext(ctx, `SELECT k.status, k.workaround_md, k.workaround_html, k.expected_fix_at, k.created_at, k.updated_at,
			(SELECT COUNT(*) FROM (`+strings.ReplaceAll(affectedPeople, ":ki", "k.thread_id")+`) a), `+threadCols+`
		FROM known_issues k JOIN threads t ON t.id = k.thread_id JOIN users u ON u.id = t.author_id JOIN categories c ON c.id = t.category_id
		WHERE t.deleted_at IS NULL AND t.hidden_at IS NULL AND t.merged_into_id IS NULL
			AND (k.status <> 'fixed' OR k.updated_at >= ?)
		ORDER BY k.status = 'fixed', k.updated_at DESC LIMIT 100`, ms(fixedSince))
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.KnownIssue
	for rows.Next() {
		var k forum.KnownIssue
		var created, updated int64
		var fix sql.NullInt64
		t, err := scanThread(prefixScanner{rows, []any{&k.Status, &k.WorkaroundMD, &k.WorkaroundHTML, &fix, &created, &updated, &k.Affected}})
		if err != nil {
			return nil, err
		}
		k.Thread, k.ExpectedFixAt, k.CreatedAt, k.UpdatedAt = *t, nullTime(fix), fromMS(created), fromMS(updated)
		out = append(out, k)
	}
	return out, dbErr(rows.Err())
}

// KnownIssueRole reports whether a thread is a known issue and what it is
// linked to.
func (db *DB) KnownIssueRole(ctx context.Context, threadID int64) (bool, int64, error) {
	var known bool
	var linked int64
	err := db.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM known_issues WHERE thread_id = ?1),
		COALESCE((SELECT known_issue_id FROM known_issue_links WHERE thread_id = ?1), 0)`, threadID).Scan(&known, &linked)
	return known, linked, dbErr(err)
}

// LinkedKnownIssue returns the known issue a report is linked to.
func (db *DB) LinkedKnownIssue(ctx context.Context, reportID int64) (*forum.KnownIssue, error) {
	var ki int64
	if err := db.r.QueryRowContext(ctx, `SELECT known_issue_id FROM known_issue_links WHERE thread_id = ?`, reportID).Scan(&ki); err != nil {
		return nil, dbErr(err)
	}
	return db.scanKnown(ctx, db.r.QueryRowContext(ctx, `SELECT `+knownCols+` FROM known_issues k WHERE k.thread_id = :ki`, sql.Named("ki", ki)))
}

// UpdateKnownIssue records a status change and queues its notification.
func (db *DB) UpdateKnownIssue(ctx context.Context, u forum.KnownIssueUpdateIn) error {
	return db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE known_issues SET status = ?, workaround_md = ?, workaround_html = ?,
			expected_fix_at = ?, updated_at = ? WHERE thread_id = ?`,
			u.Status, u.WorkaroundMD, u.WorkaroundHTML, msPtr(u.ExpectedFixAt), ms(u.At), u.ThreadID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return forum.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO known_issue_updates (thread_id, status, note_md, note_html, actor_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, u.ThreadID, u.Status, u.NoteMD, u.NoteHTML, u.ActorID, ms(u.At)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET last_activity_at = ? WHERE id = ?`, ms(u.At), u.ThreadID); err != nil {
			return err
		}
		if err := notifyJob(ctx, tx, forum.NotifyKnownIssue, u.ThreadID, 0, u.ActorID, u.At); err != nil {
			return err
		}
		if err := audit(ctx, tx, u.Audit); err != nil {
			return err
		}
		return outbox(ctx, tx, u.ThreadID, u.At)
	})
}

// LinkReport links (or unlinks) a report; linking again changes nothing.
func (db *DB) LinkReport(ctx context.Context, knownID, threadID, actorID int64, on bool, now time.Time, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		_, err := linkReport(ctx, tx, knownID, threadID, actorID, on, now, a)
		return err
	})
}

// linkReport links or unlinks a report in a transaction, telling its
// asker of a link, and reports whether anything changed: only a change is
// audited.
func linkReport(ctx context.Context, tx *txn, knownID, threadID, actorID int64, on bool, now time.Time, a *forum.AuditEntry) (bool, error) {
	var res sql.Result
	var err error
	if on {
		res, err = tx.ExecContext(ctx, `INSERT INTO known_issue_links (thread_id, known_issue_id, linked_by, linked_at)
			VALUES (?, ?, ?, ?)
			ON CONFLICT (thread_id) DO UPDATE SET known_issue_id = excluded.known_issue_id, linked_by = excluded.linked_by,
				linked_at = excluded.linked_at
			WHERE known_issue_links.known_issue_id <> excluded.known_issue_id`, threadID, knownID, actorID, ms(now))
	} else {
		res, err = tx.ExecContext(ctx, `DELETE FROM known_issue_links WHERE thread_id = ? AND known_issue_id = ?`, threadID, knownID)
	}
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil // already so: idempotent, nothing to audit or tell
	}
	if on {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, thread_id, actor_id, title, created_at)
			SELECT t.author_id, 'linked', ?, ?, k.title, ? FROM threads t JOIN users u ON u.id = t.author_id, threads k
			WHERE t.id = ? AND k.id = ? AND t.author_id <> ?
				AND (u.suspended_until IS NULL OR u.suspended_until <= ?)`, knownID, actorID, ms(now), threadID, knownID, actorID, ms(now)); err != nil {
			return false, err
		}
	}
	if err := audit(ctx, tx, a); err != nil {
		return false, err
	}
	if err := outbox(ctx, tx, threadID, now); err != nil {
		return false, err
	}
	return true, outbox(ctx, tx, knownID, now)
}
