package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// AddSatisfaction stores the asker's answer. A second answer about the
// same accepted answer is a Conflict; one about a newly accepted answer
// replaces the old, which no longer says anything about the thread.
func (db *DB) AddSatisfaction(ctx context.Context, r *forum.Satisfaction) error {
	var rating any
	if r.Rating > 0 {
		rating = r.Rating
	}
	return db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO satisfaction (thread_id, user_id, solved, rating, comment, answer_post_id, answerer_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (thread_id) DO UPDATE SET solved = excluded.solved, rating = excluded.rating, comment = excluded.comment,
				answer_post_id = excluded.answer_post_id, answerer_id = excluded.answerer_id, created_at = excluded.created_at
			WHERE satisfaction.answer_post_id IS DISTINCT FROM excluded.answer_post_id`,
			r.ThreadID, r.UserID, r.Solved, rating, r.Comment, r.AnswerID, r.AnswererID, ms(r.CreatedAt))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return forum.E(forum.Conflict, "error.satisfaction_given")
		}
		return nil
	})
}

// SatisfactionOf returns a thread's answer.
func (db *DB) SatisfactionOf(ctx context.Context, threadID int64) (*forum.Satisfaction, error) {
	var r forum.Satisfaction
	var at int64
	err := db.r.QueryRowContext(ctx, `SELECT thread_id, user_id, solved, COALESCE(rating, 0), comment,
			COALESCE(answer_post_id, 0), COALESCE(answerer_id, 0), created_at
		FROM satisfaction WHERE thread_id = ?`, threadID).
		Scan(&r.ThreadID, &r.UserID, &r.Solved, &r.Rating, &r.Comment, &r.AnswerID, &r.AnswererID, &at)
	if err != nil {
		return nil, dbErr(err)
	}
	r.CreatedAt = fromMS(at)
	return &r, nil
}

// InsightRows returns the questions asked in [from, to] that still stand
// (not deleted, not merged away, not spam held for approval; hidden ones
// count: they were asked).
func (db *DB) InsightRows(ctx context.Context, from, to time.Time) ([]forum.InsightRow, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT category_id, created_at, first_answer_at, first_staff_answer_at,
			accepted_post_id IS NOT NULL
		FROM threads WHERE created_at >= ? AND created_at <= ? AND deleted_at IS NULL AND merged_into_id IS NULL
			AND hidden_reason <> 'held'`, ms(from), ms(to))
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.InsightRow
	for rows.Next() {
		var r forum.InsightRow
		var created int64
		var first, staff sql.NullInt64
		if err := rows.Scan(&r.CategoryID, &created, &first, &staff, &r.Solved); err != nil {
			return nil, dbErr(err)
		}
		r.CreatedAt, r.FirstAnswerAt, r.FirstStaffAt = fromMS(created), nullTime(first), nullTime(staff)
		out = append(out, r)
	}
	return out, dbErr(rows.Err())
}

// SatisfactionRows returns the askers' answers given in [from, to).
func (db *DB) SatisfactionRows(ctx context.Context, from, to time.Time) ([]forum.SatisfactionRow, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT t.category_id, COALESCE(u.id, 0), COALESCE(u.username, ''), COALESCE(u.role, ''),
			s.solved, COALESCE(s.rating, 0), t.id, t.title, t.slug, s.comment, s.created_at
		FROM satisfaction s JOIN threads t ON t.id = s.thread_id LEFT JOIN users u ON u.id = s.answerer_id
		WHERE s.created_at >= ? AND s.created_at <= ? AND t.deleted_at IS NULL AND t.merged_into_id IS NULL`, ms(from), ms(to))
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.SatisfactionRow
	for rows.Next() {
		var r forum.SatisfactionRow
		var role string
		var at int64
		if err := rows.Scan(&r.CategoryID, &r.Answerer.ID, &r.Answerer.Username, &role, &r.Solved, &r.Rating,
			&r.Thread.ID, &r.Thread.Title, &r.Thread.Slug, &r.Comment, &at); err != nil {
			return nil, dbErr(err)
		}
		r.CreatedAt = fromMS(at)
		r.Answerer.Role, _ = forum.ParseRole(role)
		out = append(out, r)
	}
	return out, dbErr(rows.Err())
}
