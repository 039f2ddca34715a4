package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

var _ moderation.Store = (*DB)(nil)

// msPtr converts a nullable time to the stored form.
func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return ms(*t)
}

// subscribe makes a person follow a thread, inside the caller's transaction.
func subscribe(ctx context.Context, tx *txn, threadID, userID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO subscriptions (thread_id, user_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (thread_id, user_id) DO NOTHING`, threadID, userID, ms(now))
	return err
}

// audit appends an entry to the audit log; nil is no entry.
func audit(ctx context.Context, tx *txn, e *forum.AuditEntry) error {
	if e == nil {
		return nil
	}
	var actor any
	if e.Actor != nil {
		actor = e.Actor.ID
	}
	if e.Before == "" {
		e.Before = "{}"
	}
	if e.After == "" {
		e.After = "{}"
	}
	var err error
	e.ID, err = tx.insertID(ctx, `INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, before, after, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, actor, e.Action, e.TargetType, e.TargetID, e.Reason, e.Before, e.After, ms(e.CreatedAt))
	return err
}

// recountThread brings a thread's counters in line with its posts and
// "me too"s after posts moved, hid or went.
func recountThread(ctx context.Context, tx *txn, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE threads SET
		answer_count = (SELECT COUNT(*) FROM posts WHERE thread_id = threads.id AND is_question = 0
			AND deleted_at IS NULL AND hidden_at IS NULL),
		metoo_count = (SELECT COUNT(*) FROM metoo WHERE thread_id = threads.id),
		first_answer_at = COALESCE(first_answer_at, (SELECT MIN(created_at) FROM posts WHERE thread_id = threads.id
			AND is_question = 0 AND deleted_at IS NULL AND hidden_at IS NULL AND author_id <> threads.author_id
			AND merged_from_id IS NULL)),
		last_activity_at = COALESCE((SELECT MAX(created_at) FROM posts WHERE thread_id = threads.id
			AND deleted_at IS NULL AND hidden_at IS NULL AND created_at > threads.last_activity_at), last_activity_at),
		first_staff_answer_at = (SELECT MIN(p.created_at) FROM posts p JOIN users u ON u.id = p.author_id
			WHERE p.thread_id = threads.id AND p.is_question = 0 AND p.deleted_at IS NULL AND p.hidden_at IS NULL
			AND p.merged_from_id IS NULL AND u.role IN ('staff', 'admin')),
		last_staff_answer_at = (SELECT MAX(p.created_at) FROM posts p JOIN users u ON u.id = p.author_id
			WHERE p.thread_id = threads.id AND p.is_question = 0 AND p.deleted_at IS NULL AND p.hidden_at IS NULL
			AND p.merged_from_id IS NULL AND u.role IN ('staff', 'admin'))
		WHERE id = ?`, id)
	return err
}

// Moderate runs fn in one write transaction.
func (db *DB) Moderate(ctx context.Context, fn func(moderation.Tx) error) error {
	return db.tx(ctx, func(tx *txn) error { return fn(&modTx{ctx: ctx, tx: tx}) })
}

// modTx is moderation's view of a write transaction. Its methods wrap
// driver errors into forum errors, so the service can tell a broken
// uniqueness (Conflict) from a missing row.
type modTx struct {
	ctx context.Context
	tx  *txn
}

func (m *modTx) exec(query string, args ...any) (int64, error) {
	res, err := m.tx.ExecContext(m.ctx, query, args...)
	if err != nil {
		return 0, dbErr(err)
	}
	n, err := res.RowsAffected()
	return n, dbErr(err)
}

func (m *modTx) Thread(id int64) (*forum.Thread, error) {
	return scanThread(m.tx.QueryRowContext(m.ctx, `SELECT `+threadCols+threadFrom+` WHERE t.id = ?`, id))
}

func (m *modTx) Post(id int64) (*forum.Post, error) {
	return scanPost(m.tx.QueryRowContext(m.ctx, `SELECT `+postCols+postFrom+` WHERE p.id = ?`, id))
}

func (m *modTx) IsKnownIssue(threadID int64) (bool, error) {
	var n int
	err := m.tx.QueryRowContext(m.ctx, `SELECT COUNT(*) FROM known_issues WHERE thread_id = ?`, threadID).Scan(&n)
	return n > 0, dbErr(err)
}

func (m *modTx) Question(threadID int64) (*forum.Post, error) {
	return scanPost(m.tx.QueryRowContext(m.ctx, `SELECT `+postCols+postFrom+`
		WHERE p.thread_id = ? AND p.is_question = 1`, threadID))
}

func (m *modTx) User(id int64) (*forum.User, error) {
	return scanUser(m.tx.QueryRowContext(m.ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
}

func (m *modTx) SetThreadState(id int64, st moderation.ThreadState) error {
	var dup any
	if st.DuplicateOfID != 0 {
		dup = st.DuplicateOfID
	}
	n, err := m.exec(`UPDATE threads SET category_id = ?, closed_at = ?, close_reason = ?, duplicate_of_id = ?,
		locked_at = ?, pinned_at = ?, hidden_at = ?, hidden_reason = ? WHERE id = ?`,
		st.CategoryID, msPtr(st.ClosedAt), st.CloseReason, dup, msPtr(st.LockedAt), msPtr(st.PinnedAt),
		msPtr(st.HiddenAt), st.HiddenReason, id)
	if err != nil {
		return err
	}
	if n == 0 {
		return forum.ErrNotFound
	}
	return dbErr(outbox(m.ctx, m.tx, id, time.Now()))
}

func (m *modTx) EditQuestion(u forum.PostUpdate) error {
	return dbErr(updatePost(m.ctx, m.tx, u))
}

func (m *modTx) SetPostHidden(postID int64, at *time.Time, reason string) error {
	var threadID int64
	if err := m.tx.QueryRowContext(m.ctx, `UPDATE posts SET hidden_at = ?, hidden_reason = ?
		WHERE id = ? AND is_question = 0 RETURNING thread_id`, msPtr(at), reason, postID).Scan(&threadID); err != nil {
		return dbErr(err)
	}
	if at != nil {
		// Readers cannot see a hidden answer, so it cannot be what solved
		// the thread for them; the asker can accept it again once shown.
		if _, err := m.exec(`UPDATE threads SET accepted_post_id = NULL WHERE accepted_post_id = ?`, postID); err != nil {
			return err
		}
	}
	if err := recountThread(m.ctx, m.tx, threadID); err != nil {
		return dbErr(err)
	}
	return dbErr(outbox(m.ctx, m.tx, threadID, time.Now()))
}

func (m *modTx) DeletePost(postID int64, at time.Time) error {
	return dbErr(deletePost(m.ctx, m.tx, postID, at))
}

// DeleteUserContent removes a spammer's traces: their threads, posts and
// comments are soft-deleted, their votes and "me too"s withdrawn, and
// every thread touched is recounted and re-indexed.
func (m *modTx) DeleteUserContent(userID int64, at time.Time) (int, int, error) {
	// The threads touched: theirs, those they answered, commented on,
	// voted in or said "me too" to.
	rows, err := m.tx.QueryContext(m.ctx, `SELECT id FROM threads WHERE author_id = ?1
		UNION SELECT thread_id FROM posts WHERE author_id = ?1
		UNION SELECT p.thread_id FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.author_id = ?1
		UNION SELECT p.thread_id FROM votes v JOIN posts p ON p.id = v.post_id WHERE v.user_id = ?1
		UNION SELECT thread_id FROM metoo WHERE user_id = ?1`, userID)
	if err != nil {
		return 0, 0, dbErr(err)
	}
	var touched []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close() // the scan error is the one worth reporting
			return 0, 0, dbErr(err)
		}
		touched = append(touched, id)
	}
	if err := rows.Close(); err != nil {
		return 0, 0, dbErr(err)
	}
	threads, err := m.exec(`UPDATE threads SET deleted_at = ? WHERE author_id = ? AND deleted_at IS NULL`, ms(at), userID)
	if err != nil {
		return 0, 0, err
	}
	posts, err := m.exec(`UPDATE posts SET deleted_at = ? WHERE author_id = ? AND is_question = 0 AND deleted_at IS NULL`, ms(at), userID)
	if err != nil {
		return 0, 0, err
	}
	steps := []string{
		`UPDATE posts SET deleted_at = ?2 WHERE author_id = ?1 AND is_question = 1 AND deleted_at IS NULL`,
		`UPDATE comments SET deleted_at = ?2 WHERE author_id = ?1 AND deleted_at IS NULL`,
		`UPDATE threads SET accepted_post_id = NULL WHERE accepted_post_id IN (SELECT id FROM posts WHERE author_id = ?1)`,
		`DELETE FROM metoo WHERE user_id = ?1`,
		`CREATE TEMP TABLE IF NOT EXISTS purge_votes (post_id INTEGER PRIMARY KEY)`,
		`DELETE FROM purge_votes`,
		`INSERT INTO purge_votes SELECT post_id FROM votes WHERE user_id = ?1`,
		`DELETE FROM votes WHERE user_id = ?1`,
		`UPDATE posts SET score = (SELECT COALESCE(SUM(value), 0) FROM votes WHERE post_id = posts.id)
				+ COALESCE((SELECT base_score FROM post_sources WHERE post_id = posts.id), 0)
			WHERE id IN (SELECT post_id FROM purge_votes)`,
		`DELETE FROM purge_votes`,
	}
	for _, q := range steps {
		args := []any{userID, ms(at)}
		if !strings.Contains(q, "?") {
			args = nil // PostgreSQL refuses arguments a statement has no place for
		}
		if _, err := m.exec(q, args...); err != nil {
			return 0, 0, err
		}
	}
	for _, id := range touched {
		if err := recountThread(m.ctx, m.tx, id); err != nil {
			return 0, 0, dbErr(err)
		}
		if err := outbox(m.ctx, m.tx, id, at); err != nil {
			return 0, 0, dbErr(err)
		}
	}
	return int(threads), int(posts), nil
}

func (m *modTx) Standing(userID int64) (moderation.Standing, error) {
	var st moderation.Standing
	err := m.tx.QueryRowContext(m.ctx, `SELECT
			COUNT(*) FILTER (WHERE resolution = 'agreed'), COUNT(*) FILTER (WHERE resolution = 'disagreed'),
			(SELECT COUNT(*) FROM posts WHERE author_id = ?1 AND deleted_at IS NULL)
		FROM flags WHERE user_id = ?1`, userID).Scan(&st.Agreed, &st.Disagreed, &st.Posts)
	return st, dbErr(err)
}

func (m *modTx) AddFlag(f *moderation.Flag) error {
	var dup any
	if f.DuplicateOfID != 0 {
		dup = f.DuplicateOfID
	}
	var err error
	f.ID, err = m.tx.insertID(m.ctx, `INSERT INTO flags (post_id, user_id, reason, note, duplicate_of_id, weight, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, f.PostID, f.User.ID, string(f.Reason), f.Note, dup, f.Weight, ms(f.CreatedAt))
	return dbErr(err)
}

func (m *modTx) PendingScore(postID int64, reasons ...moderation.Reason) (float64, error) {
	args := []any{postID}
	for _, r := range reasons {
		args = append(args, string(r))
	}
	var score float64
	// #nosec G202 -- only placeholders are concatenated; the reasons go in args.
	err := m.tx.QueryRowContext(m.ctx, `SELECT COALESCE(SUM(weight), 0) FROM flags
		WHERE post_id = ? AND resolved_at IS NULL AND reason IN (`+placeholders(len(reasons))+`)`, args...).Scan(&score)
	return score, dbErr(err)
}

func (m *modTx) ResolveFlags(postID int64, resolution string, by int64, at time.Time) (int, error) {
	n, err := m.exec(`UPDATE flags SET resolved_at = ?, resolved_by = ?, resolution = ?
		WHERE post_id = ? AND resolved_at IS NULL`, ms(at), by, resolution, postID)
	return int(n), err
}

func (m *modTx) SetSuspension(userID int64, until *time.Time, reason string) error {
	_, err := m.exec(`UPDATE users SET suspended_until = ?, suspend_reason = ? WHERE id = ?`, msPtr(until), reason, userID)
	return err
}

func (m *modTx) SetSilence(userID int64, until *time.Time) error {
	_, err := m.exec(`UPDATE users SET silenced_until = ? WHERE id = ?`, msPtr(until), userID)
	return err
}

func (m *modTx) SetRole(userID int64, r forum.Role) error {
	_, err := m.exec(`UPDATE users SET role = ? WHERE id = ?`, r.String(), userID)
	return err
}

func (m *modTx) EndSessions(userID int64) error {
	_, err := m.exec(`DELETE FROM tokens WHERE user_id = ?`, userID)
	return err
}

// Merge moves thread m.FromID into m.IntoID; see moderation.Service.Merge.
func (m *modTx) Merge(mg *moderation.Merge) error {
	from, into := mg.FromID, mg.IntoID
	// Only a live thread merges, and only once: the guard in the WHERE
	// makes a second, racing merge of the same thread fail here.
	n, err := m.exec(`UPDATE threads SET merged_into_id = ? WHERE id = ? AND merged_into_id IS NULL AND deleted_at IS NULL`, into, from)
	if err != nil {
		return err
	}
	if n == 0 {
		return forum.E(forum.Conflict, "error.thread_merged")
	}
	if err := m.tx.QueryRowContext(m.ctx, `SELECT id FROM posts WHERE thread_id = ? AND is_question = 1`, from).Scan(&mg.QuestionPostID); err != nil {
		return dbErr(err)
	}
	if mg.ID, err = m.tx.insertID(m.ctx, `INSERT INTO merges (from_thread_id, into_thread_id, question_post_id, actor_id, created_at,
			into_last_activity_at, into_first_answer_at)
		SELECT ?, id, ?, ?, ?, last_activity_at, first_answer_at FROM threads WHERE id = ?`,
		from, mg.QuestionPostID, mg.ActorID, ms(mg.At), into); err != nil {
		return dbErr(err)
	}
	moved, err := m.exec(`INSERT INTO merge_posts (merge_id, post_id) SELECT ?, id FROM posts WHERE thread_id = ?`, mg.ID, from)
	if err != nil {
		return err
	}
	mg.MovedPosts = int(moved)
	steps := []string{
		// The posts join the target; the question becomes an answer.
		`UPDATE posts SET thread_id = ?2, is_question = 0, merged_from_id = COALESCE(merged_from_id, ?1) WHERE thread_id = ?1`,
		// "Me too": the merged thread's people, and its asker, who has
		// the problem too. added marks those the target did not have.
		`INSERT INTO merge_people (merge_id, kind, user_id, created_at, in_source, added)
			SELECT ?3, 'metoo', m.user_id, m.created_at, 1,
				CAST(m.user_id <> (SELECT author_id FROM threads WHERE id = ?2)
				AND NOT EXISTS (SELECT 1 FROM metoo WHERE thread_id = ?2 AND user_id = m.user_id) AS INTEGER)
			FROM metoo m WHERE m.thread_id = ?1`,
		`INSERT INTO merge_people (merge_id, kind, user_id, created_at, in_source, added)
			SELECT ?3, 'metoo', a.author_id, a.created_at, 0,
				CAST(a.author_id <> (SELECT author_id FROM threads WHERE id = ?2)
				AND NOT EXISTS (SELECT 1 FROM metoo WHERE thread_id = ?2 AND user_id = a.author_id) AS INTEGER)
			FROM threads a WHERE a.id = ?1
			ON CONFLICT (merge_id, kind, user_id) DO NOTHING`,
		`INSERT INTO metoo (thread_id, user_id, created_at)
			SELECT ?2, user_id, created_at FROM merge_people WHERE merge_id = ?3 AND kind = 'metoo' AND added = 1`,
		`DELETE FROM metoo WHERE thread_id = ?1`,
		// Subscribers, one per person.
		`INSERT INTO merge_people (merge_id, kind, user_id, created_at, in_source, added)
			SELECT ?3, 'subscriber', s.user_id, s.created_at, 1,
				CAST(NOT EXISTS (SELECT 1 FROM subscriptions WHERE thread_id = ?2 AND user_id = s.user_id) AS INTEGER)
			FROM subscriptions s WHERE s.thread_id = ?1`,
		`INSERT INTO subscriptions (thread_id, user_id, created_at)
			SELECT ?2, user_id, created_at FROM merge_people WHERE merge_id = ?3 AND kind = 'subscriber' AND added = 1`,
		`DELETE FROM subscriptions WHERE thread_id = ?1`,
		// News not yet delivered goes to the target's followers.
		`UPDATE notify_jobs SET thread_id = ?2 WHERE thread_id = ?1`,
		// A report linked to a known issue: its people now live in the
		// target, so the target carries the link (unless it has one).
		`INSERT INTO known_issue_links (thread_id, known_issue_id, linked_by, linked_at)
			SELECT ?2, known_issue_id, linked_by, linked_at FROM known_issue_links WHERE thread_id = ?1
			ON CONFLICT (thread_id) DO NOTHING`,
	}
	for _, q := range steps {
		if _, err := m.exec(q, from, into, mg.ID); err != nil {
			return err
		}
	}
	if err := m.tx.QueryRowContext(m.ctx, `SELECT
			COUNT(*) FILTER (WHERE kind = 'metoo' AND added = 1),
			COUNT(*) FILTER (WHERE kind = 'metoo' AND in_source = 1 AND added = 0),
			COUNT(*) FILTER (WHERE kind = 'subscriber' AND added = 1)
		FROM merge_people WHERE merge_id = ?`, mg.ID).Scan(&mg.MovedMeToo, &mg.SharedMeToo, &mg.MovedSubscribers); err != nil {
		return dbErr(err)
	}
	return m.recountAndIndex(mg.At, from, into)
}

func (m *modTx) recountAndIndex(at time.Time, ids ...int64) error {
	for _, id := range ids {
		if err := recountThread(m.ctx, m.tx, id); err != nil {
			return dbErr(err)
		}
		if err := outbox(m.ctx, m.tx, id, at); err != nil {
			return dbErr(err)
		}
	}
	return nil
}

func (m *modTx) ActiveMerge(fromID int64) (*moderation.Merge, error) {
	var mg moderation.Merge
	var at int64
	err := m.tx.QueryRowContext(m.ctx, `SELECT id, from_thread_id, into_thread_id, question_post_id, actor_id, created_at
		FROM merges WHERE from_thread_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1`, fromID).
		Scan(&mg.ID, &mg.FromID, &mg.IntoID, &mg.QuestionPostID, &mg.ActorID, &at)
	if err != nil {
		return nil, dbErr(err)
	}
	mg.At = fromMS(at)
	return &mg, nil
}

func (m *modTx) ActiveMergesInto(userID int64) ([]*moderation.Merge, error) {
	rows, err := m.tx.QueryContext(m.ctx, `SELECT g.id, g.from_thread_id, g.into_thread_id, g.question_post_id, g.actor_id, g.created_at
		FROM merges g JOIN threads t ON t.id = g.into_thread_id
		WHERE t.author_id = ? AND g.undone_at IS NULL ORDER BY g.id DESC`, userID)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []*moderation.Merge
	for rows.Next() {
		var mg moderation.Merge
		var at int64
		if err := rows.Scan(&mg.ID, &mg.FromID, &mg.IntoID, &mg.QuestionPostID, &mg.ActorID, &at); err != nil {
			return nil, dbErr(err)
		}
		mg.At = fromMS(at)
		out = append(out, &mg)
	}
	return out, dbErr(rows.Err())
}

func (m *modTx) IgnoreFlagsBy(userID, by int64, at time.Time) (int, error) {
	n, err := m.exec(`UPDATE flags SET resolved_at = ?, resolved_by = ?, resolution = 'ignored'
		WHERE user_id = ? AND resolved_at IS NULL`, ms(at), by, userID)
	return int(n), err
}

// Unmerge puts back what Merge moved.
func (m *modTx) Unmerge(mg *moderation.Merge, at time.Time) error {
	steps := []string{
		`UPDATE threads SET accepted_post_id = NULL
			WHERE id = ?2 AND accepted_post_id IN (SELECT post_id FROM merge_posts WHERE merge_id = ?3)`,
		`UPDATE posts SET thread_id = ?1, is_question = CASE WHEN id = ?4 THEN 1 ELSE 0 END,
				merged_from_id = CASE WHEN merged_from_id = ?1 THEN NULL ELSE merged_from_id END
			WHERE id IN (SELECT post_id FROM merge_posts WHERE merge_id = ?3)`,
		`DELETE FROM metoo WHERE thread_id = ?2
			AND user_id IN (SELECT user_id FROM merge_people WHERE merge_id = ?3 AND kind = 'metoo' AND added = 1)`,
		`INSERT INTO metoo (thread_id, user_id, created_at)
			SELECT ?1, user_id, created_at FROM merge_people WHERE merge_id = ?3 AND kind = 'metoo' AND in_source = 1
			ON CONFLICT (thread_id, user_id) DO NOTHING`,
		// Followers the merge added leave the target, unless they have
		// taken part there since (their own post, comment or "me too").
		`DELETE FROM subscriptions WHERE thread_id = ?2
			AND user_id IN (SELECT user_id FROM merge_people WHERE merge_id = ?3 AND kind = 'subscriber' AND added = 1)
			AND NOT EXISTS (SELECT 1 FROM posts WHERE thread_id = ?2 AND author_id = subscriptions.user_id)
			AND NOT EXISTS (SELECT 1 FROM comments c JOIN posts p ON p.id = c.post_id
				WHERE p.thread_id = ?2 AND c.author_id = subscriptions.user_id)
			AND NOT EXISTS (SELECT 1 FROM metoo WHERE thread_id = ?2 AND user_id = subscriptions.user_id)`,
		`INSERT INTO subscriptions (thread_id, user_id, created_at)
			SELECT ?1, user_id, created_at FROM merge_people WHERE merge_id = ?3 AND kind = 'subscriber'
			ON CONFLICT (thread_id, user_id) DO NOTHING`,
		`UPDATE threads SET merged_into_id = NULL WHERE id = ?1`,
		// The target's times as before the merge; the recount below adds
		// what happened in it since.
		`UPDATE threads SET last_activity_at = (SELECT into_last_activity_at FROM merges WHERE id = ?3),
			first_answer_at = (SELECT into_first_answer_at FROM merges WHERE id = ?3) WHERE id = ?2`,
		`UPDATE merges SET undone_at = ?5 WHERE id = ?3`,
	}
	for _, q := range steps {
		if _, err := m.exec(q, mg.FromID, mg.IntoID, mg.ID, mg.QuestionPostID, ms(at)); err != nil {
			return err
		}
	}
	return m.recountAndIndex(at, mg.FromID, mg.IntoID)
}

func (m *modTx) SetSpamWords(words []string, at time.Time) error {
	if _, err := m.exec(`DELETE FROM spam_words`); err != nil {
		return err
	}
	for _, w := range words {
		if _, err := m.exec(`INSERT INTO spam_words (word, added_at) VALUES (?, ?)`, w, ms(at)); err != nil {
			return err
		}
	}
	return nil
}

func (m *modTx) Notify(n *forum.Notification) error {
	var actor, thread, post any
	if n.Actor != nil {
		actor = n.Actor.ID
	}
	if n.ThreadID != 0 {
		thread = n.ThreadID
	}
	if n.PostID != 0 {
		post = n.PostID
	}
	var err error
	n.ID, err = m.tx.insertID(m.ctx, `INSERT INTO notifications (user_id, kind, thread_id, post_id, actor_id, title, reason, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, n.UserID, n.Kind, thread, post, actor, n.Title, n.Reason, ms(n.CreatedAt))
	return dbErr(err)
}

func (m *modTx) Audit(e *forum.AuditEntry) error { return dbErr(audit(m.ctx, m.tx, e)) }

// ---- the moderators' lists ----

// queueCandidates is every post waiting for a moderator: flagged and not
// yet resolved, or held for approval (an answer, or a thread's question).
const queueCandidates = `WITH cand(post_id) AS (
		SELECT post_id FROM flags WHERE resolved_at IS NULL
		UNION SELECT id FROM posts WHERE hidden_at IS NOT NULL AND hidden_reason = 'held'
		UNION SELECT p.id FROM threads t JOIN posts p ON p.thread_id = t.id AND p.is_question = 1
			WHERE t.hidden_at IS NOT NULL AND t.hidden_reason = 'held'
	), queue AS (
		SELECT c.post_id,
			COALESCE((SELECT SUM(weight) FROM flags WHERE post_id = c.post_id AND resolved_at IS NULL), 0) AS score,
			COALESCE((SELECT MIN(created_at) FROM flags WHERE post_id = c.post_id AND resolved_at IS NULL),
				p.hidden_at, t.hidden_at, p.created_at) AS since,
			(p.hidden_reason = 'held' OR (p.is_question = 1 AND t.hidden_reason = 'held')) AS held
		FROM cand c JOIN posts p ON p.id = c.post_id JOIN threads t ON t.id = p.thread_id
		WHERE p.deleted_at IS NULL AND t.deleted_at IS NULL AND t.merged_into_id IS NULL
	)`

// ReviewQueue returns the waiting posts, longest waiting first.
func (db *DB) ReviewQueue(ctx context.Context, offset, limit int) ([]moderation.ReviewItem, int, error) {
	rows, err := db.r.QueryContext(ctx, queueCandidates+`
		SELECT post_id, score, since, held, COUNT(*) OVER () FROM queue ORDER BY since, post_id LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, dbErr(err)
	}
	var items []moderation.ReviewItem
	total := 0
	for rows.Next() {
		var it moderation.ReviewItem
		var since int64
		if err := rows.Scan(&it.Post.ID, &it.Score, &since, &it.Held, &total); err != nil {
			_ = rows.Close() // the scan error is the one worth reporting
			return nil, 0, dbErr(err)
		}
		it.Since = fromMS(since)
		items = append(items, it)
	}
	if err := rows.Close(); err != nil {
		return nil, 0, dbErr(err)
	}
	for i := range items {
		p, err := db.PostByID(ctx, items[i].Post.ID)
		if err != nil {
			return nil, 0, err
		}
		t, err := db.ThreadByID(ctx, p.ThreadID)
		if err != nil {
			return nil, 0, err
		}
		items[i].Post, items[i].Thread = *p, *t
		if items[i].Flags, err = db.pendingFlags(ctx, p.ID); err != nil {
			return nil, 0, err
		}
	}
	if total == 0 && offset > 0 {
		// Past the end: count for the pager.
		err := db.r.QueryRowContext(ctx, queueCandidates+` SELECT COUNT(*) FROM queue`).Scan(&total)
		if err != nil {
			return nil, 0, dbErr(err)
		}
	}
	return items, total, nil
}

func (db *DB) pendingFlags(ctx context.Context, postID int64) ([]moderation.Flag, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT f.id, f.post_id, u.id, u.username, u.role, f.reason, f.note,
			COALESCE(f.duplicate_of_id, 0), f.weight, f.created_at
		FROM flags f JOIN users u ON u.id = f.user_id
		WHERE f.post_id = ? AND f.resolved_at IS NULL ORDER BY f.created_at, f.id`, postID)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []moderation.Flag
	for rows.Next() {
		var f moderation.Flag
		var role, reason string
		var at int64
		if err := rows.Scan(&f.ID, &f.PostID, &f.User.ID, &f.User.Username, &role, &reason, &f.Note,
			&f.DuplicateOfID, &f.Weight, &at); err != nil {
			return nil, dbErr(err)
		}
		f.User.Role, _ = forum.ParseRole(role)
		f.Reason, f.CreatedAt = moderation.Reason(reason), fromMS(at)
		out = append(out, f)
	}
	return out, dbErr(rows.Err())
}

// AuditLog returns a page of the audit log, newest first.
func (db *DB) AuditLog(ctx context.Context, f moderation.AuditFilter) ([]forum.AuditEntry, int, error) {
	var where []string
	var args []any
	if f.Actor != "" {
		where = append(where, `a.actor_id = (SELECT id FROM users WHERE lower(username) = ?)`)
		args = append(args, asciiLower(f.Actor))
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			where = append(where, `substr(a.action, 1, ?) = ?`)
			args = append(args, len(f.Action), f.Action)
		} else {
			where = append(where, `a.action = ?`)
			args = append(args, f.Action)
		}
	}
	if f.TargetType != "" {
		where = append(where, `a.target_type = ?`)
		args = append(args, f.TargetType)
	}
	if f.TargetID != 0 {
		where = append(where, `a.target_id = ?`)
		args = append(args, f.TargetID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	// #nosec G202 -- cond is built from fixed fragments; values go in args.
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log a`+cond, args...).Scan(&total); err != nil {
		return nil, 0, dbErr(err)
	}
	perPage := max(f.PerPage, 1)
	// #nosec G202 -- cond is built from fixed fragments; values go in args.
	rows, err := db.r.QueryContext(ctx, `SELECT a.id, COALESCE(u.id, 0), COALESCE(u.username, ''), COALESCE(u.role, ''),
			a.action, a.target_type, a.target_id, a.reason, a.before, a.after, a.created_at
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id`+cond+`
		ORDER BY a.id DESC LIMIT ? OFFSET ?`, append(args, perPage, (max(f.Page, 1)-1)*perPage)...)
	if err != nil {
		return nil, 0, dbErr(err)
	}
	defer rows.Close()
	var out []forum.AuditEntry
	for rows.Next() {
		var e forum.AuditEntry
		var actor forum.UserRef
		var role string
		var at int64
		if err := rows.Scan(&e.ID, &actor.ID, &actor.Username, &role, &e.Action, &e.TargetType, &e.TargetID,
			&e.Reason, &e.Before, &e.After, &at); err != nil {
			return nil, 0, dbErr(err)
		}
		if actor.ID != 0 {
			actor.Role, _ = forum.ParseRole(role)
			e.Actor = &actor
		}
		e.CreatedAt = fromMS(at)
		out = append(out, e)
	}
	return out, total, dbErr(rows.Err())
}

// Dashboard counts the queue and today's actions.
func (db *DB) Dashboard(ctx context.Context, since time.Time, actorID int64) (moderation.Dashboard, error) {
	var d moderation.Dashboard
	var oldest sql.NullInt64
	err := db.r.QueryRowContext(ctx, queueCandidates+` SELECT COUNT(*), COUNT(*) FILTER (WHERE held),
			(SELECT MIN(since) FROM queue WHERE NOT held) FROM queue`).Scan(&d.QueueSize, &d.HeldPosts, &oldest)
	if err != nil {
		return d, dbErr(err)
	}
	d.OldestFlag = nullTime(oldest)
	err = db.r.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE actor_id = ?) FROM audit_log
		WHERE created_at >= ? AND actor_id IS NOT NULL`, actorID, ms(since)).Scan(&d.ActionsDay, &d.MyActionDay)
	return d, dbErr(err)
}

// HasFlagged reports whether a member has flagged a post already.
func (db *DB) HasFlagged(ctx context.Context, postID, userID int64) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM flags WHERE post_id = ? AND user_id = ?`, postID, userID).Scan(&n)
	return n > 0, dbErr(err)
}

// PostCount counts an account's questions and answers, in any state.
func (db *DB) PostCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM posts WHERE author_id = ?`, userID).Scan(&n)
	return n, dbErr(err)
}

// SpamWords returns the admins' spam words, sorted.
func (db *DB) SpamWords(ctx context.Context) ([]string, error) {
	return db.words(ctx, `SELECT word FROM spam_words ORDER BY word`)
}

// Subscribers returns who follows a thread.
func (db *DB) Subscribers(ctx context.Context, threadID int64) ([]int64, error) {
	return db.ids(ctx, `SELECT user_id FROM subscriptions WHERE thread_id = ? ORDER BY user_id`, threadID)
}

// notificationSeen keeps a person's notifications (n) whose thread they
// may still read: a thread hidden or deleted since no longer shows its
// title, except to its own asker, who is told what happened to it.
const notificationSeen = ` LEFT JOIN threads t ON t.id = n.thread_id
	WHERE n.user_id = ? AND (t.id IS NULL OR t.author_id = n.user_id OR (t.deleted_at IS NULL AND t.hidden_at IS NULL))`

// Notifications returns a page of a person's notifications, newest first.
func (db *DB) Notifications(ctx context.Context, userID int64, offset, limit int) ([]forum.Notification, int, error) {
	unread, err := db.UnreadNotifications(ctx, userID)
	if err != nil {
		return nil, 0, err
	}
	out, err := db.notifications(ctx, notificationSeen+` ORDER BY n.id DESC LIMIT ? OFFSET ?`, userID, limit, offset)
	return out, unread, err
}

// UnreadNotifications counts a person's unread notifications.
func (db *DB) UnreadNotifications(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications n`+notificationSeen+` AND n.read_at IS NULL`, userID).Scan(&n)
	return n, dbErr(err)
}

// MarkNotificationsRead marks all of a person's notifications read.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID int64, now time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, ms(now), userID)
		return err
	})
}
