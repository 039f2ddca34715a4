package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

const threadCols = `t.id, t.category_id, c.slug, c.name, t.title, t.slug, u.id, u.username, u.role, t.lang,
	COALESCE((SELECT string_agg(g.name, ' ' ORDER BY g.name) FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id
		WHERE tt.thread_id = t.id), ''),
	t.created_at, t.last_activity_at, t.answer_count, t.metoo_count, COALESCE(t.accepted_post_id, 0),
	t.first_answer_at, t.deleted_at, t.hidden_at, t.locked_at, t.closed_at, COALESCE(t.merged_into_id, 0),
	t.pinned_at, t.hidden_reason, t.close_reason, COALESCE(t.duplicate_of_id, 0),
	t.needs_help_at, COALESCE(t.claimed_by, 0), COALESCE((SELECT cu.username FROM users cu WHERE cu.id = t.claimed_by), ''),
	t.claimed_at, t.first_staff_answer_at, t.last_staff_answer_at`

const threadFrom = ` FROM threads t JOIN users u ON u.id = t.author_id JOIN categories c ON c.id = t.category_id`

// visibleThread is the condition every public list applies.
const visibleThread = ` t.deleted_at IS NULL AND t.hidden_at IS NULL AND t.merged_into_id IS NULL`

func scanThread(row scanner) (*forum.Thread, error) {
	var t forum.Thread
	var role, tags string
	var created, active int64
	var first, deleted, hidden, locked, closed, pinned sql.NullInt64
	var help, claimedAt, firstStaff, lastStaff sql.NullInt64
	var claimedBy forum.UserRef
	err := row.Scan(&t.ID, &t.CategoryID, &t.CategorySlug, &t.CategoryName, &t.Title, &t.Slug,
		&t.Author.ID, &t.Author.Username, &role, &t.Lang, &tags,
		&created, &active, &t.AnswerCount, &t.MeTooCount, &t.AcceptedPostID,
		&first, &deleted, &hidden, &locked, &closed, &t.MergedIntoID,
		&pinned, &t.HiddenReason, &t.CloseReason, &t.DuplicateOfID,
		&help, &claimedBy.ID, &claimedBy.Username, &claimedAt, &firstStaff, &lastStaff)
	if err != nil {
		return nil, dbErr(err)
	}
	t.Author.Role, _ = forum.ParseRole(role)
	if tags != "" {
		t.Tags = strings.Fields(tags)
	}
	t.CreatedAt, t.LastActivityAt = fromMS(created), fromMS(active)
	t.FirstAnswerAt, t.DeletedAt, t.HiddenAt = nullTime(first), nullTime(deleted), nullTime(hidden)
	t.LockedAt, t.ClosedAt, t.PinnedAt = nullTime(locked), nullTime(closed), nullTime(pinned)
	t.NeedsHelpAt, t.ClaimedAt = nullTime(help), nullTime(claimedAt)
	t.FirstStaffAnswerAt, t.LastStaffAnswerAt = nullTime(firstStaff), nullTime(lastStaff)
	if claimedBy.ID != 0 {
		claimedBy.Role = forum.RoleStaff
		t.ClaimedBy = &claimedBy
	}
	return &t, nil
}

// setTags replaces a thread's tags, creating tags that are new.
func setTags(ctx context.Context, tx *txn, threadID int64, tags []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM thread_tags WHERE thread_id = ?`, threadID); err != nil {
		return err
	}
	for _, name := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, name); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO thread_tags (thread_id, tag_id)
			SELECT ?, id FROM tags WHERE name = ?`, threadID, name); err != nil {
			return err
		}
	}
	return nil
}

func insertRevision(ctx context.Context, tx *txn, postID int64, title, body string, editorID int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO post_revisions (post_id, number, title, body_md, editor_id, created_at)
		VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM post_revisions WHERE post_id = ?), ?, ?, ?, ?)`,
		postID, postID, title, body, editorID, ms(at))
	return err
}

// CreateThread stores a thread with its question and sets both IDs.
func (db *DB) CreateThread(ctx context.Context, t *forum.Thread, q *forum.Post) error {
	return db.tx(ctx, func(tx *txn) error { return createThread(ctx, tx, t, q) })
}

func createThread(ctx context.Context, tx *txn, t *forum.Thread, q *forum.Post) error {
	var err error
	if t.ID, err = tx.insertID(ctx, `INSERT INTO threads (category_id, author_id, title, slug, lang, created_at, last_activity_at,
			hidden_at, hidden_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.CategoryID, t.Author.ID, t.Title, t.Slug, t.Lang, ms(t.CreatedAt), ms(t.LastActivityAt),
		msPtr(t.HiddenAt), t.HiddenReason); err != nil {
		return err
	}
	q.ThreadID, q.IsQuestion = t.ID, true
	if q.ID, err = tx.insertID(ctx, `INSERT INTO posts (thread_id, author_id, is_question, body_md, body_html, created_at)
		VALUES (?, ?, 1, ?, ?, ?)`, t.ID, q.Author.ID, q.BodyMD, q.BodyHTML, ms(q.CreatedAt)); err != nil {
		return err
	}
	if err := insertRevision(ctx, tx, q.ID, t.Title, q.BodyMD, q.Author.ID, q.CreatedAt); err != nil {
		return err
	}
	if err := setTags(ctx, tx, t.ID, t.Tags); err != nil {
		return err
	}
	if err := subscribe(ctx, tx, t.ID, t.Author.ID, t.CreatedAt); err != nil {
		return err
	}
	if err := notifyJob(ctx, tx, forum.NotifyNewThread, t.ID, q.ID, t.Author.ID, t.CreatedAt); err != nil {
		return err
	}
	return outbox(ctx, tx, t.ID, t.CreatedAt)
}

// ThreadByID returns a thread whatever its state.
func (db *DB) ThreadByID(ctx context.Context, id int64) (*forum.Thread, error) {
	return scanThread(db.r.QueryRowContext(ctx, `SELECT `+threadCols+threadFrom+` WHERE t.id = ?`, id))
}

// FindThreads returns a page of visible threads.
func (db *DB) FindThreads(ctx context.Context, f forum.ThreadFilter) (forum.ThreadPage, error) {
	where := []string{visibleThread}
	var args []any
	if f.CategoryID != 0 {
		where = append(where, `t.category_id = ?`)
		args = append(args, f.CategoryID)
	}
	if f.AuthorID != 0 {
		where = append(where, `t.author_id = ?`)
		args = append(args, f.AuthorID)
	}
	if f.Tag != "" {
		where = append(where, `EXISTS (SELECT 1 FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id
			WHERE tt.thread_id = t.id AND g.name = ?)`)
		args = append(args, f.Tag)
	}
	switch f.Status {
	case "solved":
		where = append(where, `t.accepted_post_id IS NOT NULL`)
	case "open":
		where = append(where, `t.accepted_post_id IS NULL`)
	case "unanswered":
		where = append(where, `t.accepted_post_id IS NULL AND t.answer_count = 0`)
	}
	cond := " WHERE " + strings.Join(where, " AND ")

	page := forum.ThreadPage{Page: f.Page, PerPage: f.PerPage}
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM threads t`+cond, args...).Scan(&page.Total); err != nil {
		return page, dbErr(err)
	}
	order := ` ORDER BY t.created_at DESC, t.id DESC`
	switch f.Sort {
	case "active":
		order = ` ORDER BY t.last_activity_at DESC, t.id DESC`
	case "top":
		order = ` ORDER BY t.metoo_count DESC, t.answer_count DESC, t.last_activity_at DESC, t.id DESC`
	}
	// #nosec G202 -- cond and order are built from fixed fragments; values go in args.
	rows, err := db.r.QueryContext(ctx, `SELECT `+threadCols+threadFrom+cond+order+` LIMIT ? OFFSET ?`,
		append(args, f.PerPage, (f.Page-1)*f.PerPage)...)
	if err != nil {
		return page, dbErr(err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return page, err
		}
		page.Threads = append(page.Threads, *t)
	}
	if err := rows.Err(); err != nil {
		return page, dbErr(err)
	}
	if f.Page == 1 && f.Sort != "top" {
		return db.pinnedFirst(ctx, page, cond, args)
	}
	return page, nil
}

// pinnedFirst puts the list's pinned threads at the top of its first page,
// as Discourse does. They are read apart (a handful, through a partial
// index) so that the list itself keeps walking its index in order instead
// of sorting every thread.
func (db *DB) pinnedFirst(ctx context.Context, page forum.ThreadPage, cond string, args []any) (forum.ThreadPage, error) {
	// #nosec G202 -- cond is built from fixed fragments; values go in args.
	rows, err := db.r.QueryContext(ctx, `SELECT `+threadCols+threadFrom+cond+` AND t.pinned_at IS NOT NULL
		ORDER BY t.pinned_at DESC LIMIT 10`, args...)
	if err != nil {
		return page, dbErr(err)
	}
	defer rows.Close()
	var pinned []forum.Thread
	seen := map[int64]bool{}
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			return page, err
		}
		pinned = append(pinned, *t)
		seen[t.ID] = true
	}
	if err := rows.Err(); err != nil || len(pinned) == 0 {
		return page, dbErr(err)
	}
	for _, t := range page.Threads {
		if !seen[t.ID] {
			pinned = append(pinned, t)
		}
	}
	page.Threads = pinned
	return page, nil
}

// PopularTags returns the tags on most visible threads.
func (db *DB) PopularTags(ctx context.Context, limit int) ([]forum.TagCount, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT g.name, COUNT(*) AS n FROM tags g
		JOIN thread_tags tt ON tt.tag_id = g.id JOIN threads t ON t.id = tt.thread_id
		WHERE`+visibleThread+` GROUP BY g.name ORDER BY n DESC, g.name LIMIT ?`, limit)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.TagCount
	for rows.Next() {
		var tc forum.TagCount
		if err := rows.Scan(&tc.Name, &tc.Count); err != nil {
			return nil, dbErr(err)
		}
		out = append(out, tc)
	}
	return out, dbErr(rows.Err())
}

// FirstAnswerDelays returns the waits for a first answer in a category's
// most recent answered threads.
func (db *DB) FirstAnswerDelays(ctx context.Context, categoryID int64, limit int) ([]time.Duration, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT first_answer_at - created_at FROM threads
		WHERE category_id = ? AND first_answer_at IS NOT NULL AND deleted_at IS NULL AND merged_into_id IS NULL
		ORDER BY created_at DESC LIMIT ?`, categoryID, limit)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []time.Duration
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return nil, dbErr(err)
		}
		out = append(out, time.Duration(d)*time.Millisecond)
	}
	return out, dbErr(rows.Err())
}

// SetMeToo adds or removes one member's "me too" and returns the count.
func (db *DB) SetMeToo(ctx context.Context, threadID, userID int64, on bool, now time.Time) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		if on {
			_, err = tx.ExecContext(ctx, `INSERT INTO metoo (thread_id, user_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT (thread_id, user_id) DO NOTHING`, threadID, userID, ms(now))
			if err == nil {
				err = subscribe(ctx, tx, threadID, userID, now)
			}
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM metoo WHERE thread_id = ? AND user_id = ?`, threadID, userID)
		}
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `UPDATE threads SET metoo_count = (SELECT COUNT(*) FROM metoo WHERE thread_id = ?)
			WHERE id = ? RETURNING metoo_count`, threadID, threadID).Scan(&n); err != nil {
			return err
		}
		return outbox(ctx, tx, threadID, now)
	})
	return n, err
}

// HasMeToo reports whether a member said "me too" on a thread.
func (db *DB) HasMeToo(ctx context.Context, threadID, userID int64) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM metoo WHERE thread_id = ? AND user_id = ?`, threadID, userID).Scan(&n)
	return n > 0, dbErr(err)
}

// SetAccepted marks (or with postID 0, clears) the accepted answer. The post
// must still be a live answer of the thread when the transaction runs, so a
// concurrent delete cannot leave a dangling mark.
func (db *DB) SetAccepted(ctx context.Context, threadID, postID int64, now time.Time, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		var res sql.Result
		var err error
		if postID == 0 {
			res, err = tx.ExecContext(ctx, `UPDATE threads SET accepted_post_id = NULL WHERE id = ?`, threadID)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE threads SET accepted_post_id = ?, last_activity_at = ?
				WHERE id = ? AND EXISTS (SELECT 1 FROM posts p WHERE p.id = ? AND p.thread_id = threads.id
					AND p.is_question = 0 AND p.deleted_at IS NULL AND p.hidden_at IS NULL)`, postID, ms(now), threadID, postID)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return forum.FieldError("post_id", "error.accept_not_answer")
		}
		if err := audit(ctx, tx, a); err != nil {
			return err
		}
		if postID != 0 {
			var actor int64
			if a != nil && a.Actor != nil {
				actor = a.Actor.ID
			} else if err := tx.QueryRowContext(ctx, `SELECT author_id FROM threads WHERE id = ?`, threadID).Scan(&actor); err != nil {
				return err
			}
			if err := notifyJob(ctx, tx, forum.NotifySolved, threadID, postID, actor, now); err != nil {
				return err
			}
		}
		return outbox(ctx, tx, threadID, now)
	})
}
