package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

const postCols = `p.id, p.thread_id, u.id, u.username, u.role, p.is_question, p.body_md, p.body_html,
	p.score, p.created_at, p.edited_at, p.deleted_at, p.hidden_at, p.hidden_reason,
	COALESCE(p.merged_from_id, 0), COALESCE(mt.title, ''), COALESCE(mt.slug, ''), CASE WHEN mt.accepted_post_id = p.id THEN 1 ELSE 0 END,
	COALESCE(ps.site, ''), COALESCE(ps.url, ''), COALESCE(ps.author_name, ''), COALESCE(ps.author_url, ''), COALESCE(ps.license, '')`

// postFrom joins a post's author, the thread it was merged from and,
// for an imported post, where it came from.
const postFrom = ` FROM posts p JOIN users u ON u.id = p.author_id LEFT JOIN threads mt ON mt.id = p.merged_from_id
	LEFT JOIN post_sources ps ON ps.post_id = p.id`

func scanPost(row scanner) (*forum.Post, error) {
	var p forum.Post
	var src forum.PostSource
	var role string
	var created int64
	var edited, deleted, hidden sql.NullInt64
	err := row.Scan(&p.ID, &p.ThreadID, &p.Author.ID, &p.Author.Username, &role, &p.IsQuestion,
		&p.BodyMD, &p.BodyHTML, &p.Score, &created, &edited, &deleted, &hidden, &p.HiddenReason,
		&p.MergedFrom.ID, &p.MergedFrom.Title, &p.MergedFrom.Slug, &p.MergedFromSolved,
		&src.Site, &src.URL, &src.AuthorName, &src.AuthorURL, &src.License)
	if err != nil {
		return nil, dbErr(err)
	}
	if src.Site != "" {
		p.Source = &src
	}
	p.Author.Role, _ = forum.ParseRole(role)
	p.CreatedAt, p.EditedAt, p.DeletedAt, p.HiddenAt = fromMS(created), nullTime(edited), nullTime(deleted), nullTime(hidden)
	return &p, nil
}

// Posts returns a thread's posts in time order, deleted ones included, each
// with its comments.
func (db *DB) Posts(ctx context.Context, threadID int64) ([]forum.Post, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+postCols+postFrom+`
		WHERE p.thread_id = ? ORDER BY p.created_at, p.id`, threadID)
	if err != nil {
		return nil, dbErr(err)
	}
	var posts []forum.Post
	index := map[int64]int{}
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			_ = rows.Close() // the scan error is the one worth reporting
			return nil, err
		}
		index[p.ID] = len(posts)
		posts = append(posts, *p)
	}
	if err := rows.Close(); err != nil {
		return nil, dbErr(err)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(err)
	}

	crows, err := db.r.QueryContext(ctx, `SELECT c.id, c.post_id, u.id, u.username, u.role, c.body_md, c.body_html,
			c.created_at, c.deleted_at
		FROM comments c JOIN posts p ON p.id = c.post_id JOIN users u ON u.id = c.author_id
		WHERE p.thread_id = ? ORDER BY c.created_at, c.id`, threadID)
	if err != nil {
		return nil, dbErr(err)
	}
	defer crows.Close()
	for crows.Next() {
		c, err := scanComment(crows)
		if err != nil {
			return nil, err
		}
		if i, ok := index[c.PostID]; ok {
			posts[i].Comments = append(posts[i].Comments, *c)
		}
	}
	return posts, dbErr(crows.Err())
}

func scanComment(row scanner) (*forum.Comment, error) {
	var c forum.Comment
	var role string
	var created int64
	var deleted sql.NullInt64
	if err := row.Scan(&c.ID, &c.PostID, &c.Author.ID, &c.Author.Username, &role, &c.BodyMD, &c.BodyHTML, &created, &deleted); err != nil {
		return nil, dbErr(err)
	}
	c.Author.Role, _ = forum.ParseRole(role)
	c.CreatedAt, c.DeletedAt = fromMS(created), nullTime(deleted)
	return &c, nil
}

// PostByID returns one post.
func (db *DB) PostByID(ctx context.Context, id int64) (*forum.Post, error) {
	return scanPost(db.r.QueryRowContext(ctx, `SELECT `+postCols+postFrom+` WHERE p.id = ?`, id))
}

// CreatePost stores an answer, counts it on its thread and, if it is the
// first answer by someone other than the asker, records when it came. A
// held answer (HiddenAt set) is counted when it is approved.
func (db *DB) CreatePost(ctx context.Context, p *forum.Post) error {
	return db.tx(ctx, func(tx *txn) error {
		var err error
		if p.ID, err = tx.insertID(ctx, `INSERT INTO posts (thread_id, author_id, is_question, body_md, body_html, created_at,
				hidden_at, hidden_reason)
			VALUES (?, ?, 0, ?, ?, ?, ?, ?)`, p.ThreadID, p.Author.ID, p.BodyMD, p.BodyHTML, ms(p.CreatedAt),
			msPtr(p.HiddenAt), p.HiddenReason); err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, p.ID, "", p.BodyMD, p.Author.ID, p.CreatedAt); err != nil {
			return err
		}
		if err := subscribe(ctx, tx, p.ThreadID, p.Author.ID, p.CreatedAt); err != nil {
			return err
		}
		// Staff answers are announced as such; a held answer's job waits
		// until it is approved.
		kind := forum.NotifyAnswer
		if p.Author.Role.AtLeast(forum.RoleStaff) {
			kind = forum.NotifyStaffAnswer
		}
		if err := notifyJob(ctx, tx, kind, p.ThreadID, p.ID, p.Author.ID, p.CreatedAt); err != nil {
			return err
		}
		if p.HiddenAt != nil {
			return nil // nothing readers see changed
		}
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET answer_count = answer_count + 1, last_activity_at = ?,
				first_answer_at = COALESCE(first_answer_at, CASE WHEN author_id <> ? THEN CAST(? AS BIGINT) END)
			WHERE id = ?`, ms(p.CreatedAt), p.Author.ID, ms(p.CreatedAt), p.ThreadID); err != nil {
			return err
		}
		if p.Author.Role.AtLeast(forum.RoleStaff) {
			if _, err := tx.ExecContext(ctx, `UPDATE threads SET first_staff_answer_at = COALESCE(first_staff_answer_at, ?),
				last_staff_answer_at = ? WHERE id = ?`, ms(p.CreatedAt), ms(p.CreatedAt), p.ThreadID); err != nil {
				return err
			}
		}
		return outbox(ctx, tx, p.ThreadID, p.CreatedAt)
	})
}

// UpdatePost saves an edit as a new revision.
func (db *DB) UpdatePost(ctx context.Context, u forum.PostUpdate) error {
	return db.tx(ctx, func(tx *txn) error {
		if err := updatePost(ctx, tx, u); err != nil {
			return err
		}
		return audit(ctx, tx, u.Audit)
	})
}

func updatePost(ctx context.Context, tx *txn, u forum.PostUpdate) error {
	var threadID int64
	var isQuestion bool
	if err := tx.QueryRowContext(ctx, `UPDATE posts SET body_md = ?, body_html = ?, edited_at = ?
		WHERE id = ? AND deleted_at IS NULL RETURNING thread_id, is_question`,
		u.BodyMD, u.BodyHTML, ms(u.At), u.PostID).Scan(&threadID, &isQuestion); err != nil {
		return err
	}
	if isQuestion {
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET title = ?, slug = ? WHERE id = ?`, u.Title, u.Slug, threadID); err != nil {
			return err
		}
		if err := setTags(ctx, tx, threadID, u.Tags); err != nil {
			return err
		}
	}
	if err := insertRevision(ctx, tx, u.PostID, u.Title, u.BodyMD, u.EditorID, u.At); err != nil {
		return err
	}
	if u.Hold {
		if err := holdPost(ctx, tx, u.PostID, threadID, isQuestion, u.At); err != nil {
			return err
		}
	}
	return outbox(ctx, tx, threadID, u.At)
}

// holdPost hides an edited post until a moderator approves it: an answer
// itself, a question through its thread. An accepted answer loses its mark
// (readers could not see what solved the thread).
func holdPost(ctx context.Context, tx *txn, postID, threadID int64, isQuestion bool, at time.Time) error {
	if isQuestion {
		_, err := tx.ExecContext(ctx, `UPDATE threads SET hidden_at = COALESCE(hidden_at, ?), hidden_reason = 'held' WHERE id = ?`, ms(at), threadID)
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE posts SET hidden_at = COALESCE(hidden_at, ?), hidden_reason = 'held' WHERE id = ?`, ms(at), postID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE threads SET accepted_post_id = NULL WHERE accepted_post_id = ?`, postID); err != nil {
		return err
	}
	return recountThread(ctx, tx, threadID)
}

// DeletePost soft-deletes a post. Deleting the question deletes the thread;
// deleting an answer uncounts it and, if it was accepted, unaccepts it.
func (db *DB) DeletePost(ctx context.Context, id int64, now time.Time, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		if err := deletePost(ctx, tx, id, now); err != nil {
			return err
		}
		return audit(ctx, tx, a)
	})
}

func deletePost(ctx context.Context, tx *txn, id int64, now time.Time) error {
	var threadID int64
	var isQuestion bool
	if err := tx.QueryRowContext(ctx, `UPDATE posts SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL
		RETURNING thread_id, is_question`, ms(now), id).Scan(&threadID, &isQuestion); err != nil {
		return err
	}
	var err error
	if isQuestion {
		_, err = tx.ExecContext(ctx, `UPDATE threads SET deleted_at = ? WHERE id = ?`, ms(now), threadID)
	} else {
		// Every thread it was accepted in: its own, and the thread it was
		// merged from, whose "solved" would point at nothing after an undo.
		_, err = tx.ExecContext(ctx, `UPDATE threads SET accepted_post_id = NULL WHERE accepted_post_id = ?`, id)
		if err == nil {
			err = recountThread(ctx, tx, threadID)
		}
	}
	if err != nil {
		return err
	}
	return outbox(ctx, tx, threadID, now)
}

// Revisions returns every version of a post, oldest first.
func (db *DB) Revisions(ctx context.Context, postID int64) ([]forum.Revision, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT r.post_id, r.number, r.title, r.body_md, u.id, u.username, u.role, r.created_at
		FROM post_revisions r JOIN users u ON u.id = r.editor_id WHERE r.post_id = ? ORDER BY r.number`, postID)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.Revision
	for rows.Next() {
		var r forum.Revision
		var role string
		var created int64
		if err := rows.Scan(&r.PostID, &r.Number, &r.Title, &r.BodyMD, &r.Editor.ID, &r.Editor.Username, &role, &created); err != nil {
			return nil, dbErr(err)
		}
		r.Editor.Role, _ = forum.ParseRole(role)
		r.CreatedAt = fromMS(created)
		out = append(out, r)
	}
	return out, dbErr(rows.Err())
}

// CreateComment stores a comment and sets its ID.
func (db *DB) CreateComment(ctx context.Context, c *forum.Comment) error {
	return db.tx(ctx, func(tx *txn) error {
		var err error
		if c.ID, err = tx.insertID(ctx, `INSERT INTO comments (post_id, author_id, body_md, body_html, created_at)
			VALUES (?, ?, ?, ?, ?)`, c.PostID, c.Author.ID, c.BodyMD, c.BodyHTML, ms(c.CreatedAt)); err != nil {
			return err
		}
		var threadID int64
		if err := tx.QueryRowContext(ctx, `UPDATE threads SET last_activity_at = ?
			WHERE id = (SELECT thread_id FROM posts WHERE id = ?) RETURNING id`, ms(c.CreatedAt), c.PostID).Scan(&threadID); err != nil {
			return err
		}
		if err := subscribe(ctx, tx, threadID, c.Author.ID, c.CreatedAt); err != nil {
			return err
		}
		if err := notifyJob(ctx, tx, forum.NotifyComment, threadID, c.PostID, c.Author.ID, c.CreatedAt); err != nil {
			return err
		}
		return outbox(ctx, tx, threadID, c.CreatedAt)
	})
}

// CommentByID returns one comment.
func (db *DB) CommentByID(ctx context.Context, id int64) (*forum.Comment, error) {
	return scanComment(db.r.QueryRowContext(ctx, `SELECT c.id, c.post_id, u.id, u.username, u.role, c.body_md, c.body_html,
		c.created_at, c.deleted_at FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id = ?`, id))
}

// DeleteComment soft-deletes a comment.
func (db *DB) DeleteComment(ctx context.Context, id int64, now time.Time, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		var threadID int64
		if err := tx.QueryRowContext(ctx, `UPDATE comments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL
			RETURNING (SELECT thread_id FROM posts WHERE posts.id = comments.post_id)`, ms(now), id).Scan(&threadID); err != nil {
			return err
		}
		if err := audit(ctx, tx, a); err != nil {
			return err
		}
		return outbox(ctx, tx, threadID, now)
	})
}

// SetVote records, changes or (value 0) withdraws a member's vote and
// returns the answer's new score.
func (db *DB) SetVote(ctx context.Context, postID, userID int64, value int, now time.Time) (int, error) {
	var score int
	err := db.tx(ctx, func(tx *txn) error {
		var err error
		if value == 0 {
			_, err = tx.ExecContext(ctx, `DELETE FROM votes WHERE post_id = ? AND user_id = ?`, postID, userID)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO votes (post_id, user_id, value, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (post_id, user_id) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
				postID, userID, value, ms(now))
		}
		if err != nil {
			return err
		}
		var threadID int64
		if err := tx.QueryRowContext(ctx, `UPDATE posts SET score = (SELECT COALESCE(SUM(value), 0) FROM votes WHERE post_id = ?)
				+ COALESCE((SELECT base_score FROM post_sources WHERE post_id = ?), 0)
			WHERE id = ? RETURNING score, thread_id`, postID, postID, postID).Scan(&score, &threadID); err != nil {
			return err
		}
		return outbox(ctx, tx, threadID, now)
	})
	return score, err
}

// UserVotes returns a member's votes on a thread's posts.
func (db *DB) UserVotes(ctx context.Context, threadID, userID int64) (map[int64]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT v.post_id, v.value FROM votes v JOIN posts p ON p.id = v.post_id
		WHERE p.thread_id = ? AND v.user_id = ?`, threadID, userID)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return nil, dbErr(err)
		}
		out[id] = v
	}
	return out, dbErr(rows.Err())
}
