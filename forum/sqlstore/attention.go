package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// attentionFrom is the staff's "needs attention" queue: visible, open,
// unsolved threads past their category's response target with no answer
// from anyone but the asker (first_answer_at ignores the asker's own
// follow-ups), and threads whose asker asked for help and got no staff
// answer since (solved ones too: "it did not work after all").
// :now is the time; since is when each thread's wait began.
const attentionFrom = ` FROM (
		SELECT t.id, t.created_at AS since, 0 AS needs_help FROM threads t JOIN categories c ON c.id = t.category_id
		WHERE t.first_answer_at IS NULL AND t.accepted_post_id IS NULL AND t.deleted_at IS NULL AND t.hidden_at IS NULL
			AND t.merged_into_id IS NULL AND t.closed_at IS NULL AND t.locked_at IS NULL AND t.needs_help_at IS NULL
			AND t.created_at + c.response_target_hours * 3600000 <= :now
		UNION ALL
		SELECT t.id, t.needs_help_at, 1 FROM threads t
		WHERE t.needs_help_at IS NOT NULL AND (t.last_staff_answer_at IS NULL OR t.last_staff_answer_at < t.needs_help_at)
			AND t.deleted_at IS NULL AND t.hidden_at IS NULL AND t.merged_into_id IS NULL AND t.closed_at IS NULL
	) q`

// NeedsAttention returns a page of the queue, longest waiting first.
func (db *DB) NeedsAttention(ctx context.Context, now time.Time, offset, limit int) ([]forum.AttentionItem, int, error) {
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*)`+attentionFrom, sql.Named("now", ms(now))).Scan(&total); err != nil {
		return nil, 0, dbErr(err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT q.id, q.since, q.needs_help`+attentionFrom+`
		ORDER BY q.since, q.id LIMIT :limit OFFSET :offset`,
		sql.Named("now", ms(now)), sql.Named("limit", limit), sql.Named("offset", offset))
	if err != nil {
		return nil, 0, dbErr(err)
	}
	var items []forum.AttentionItem
	var ids []int64
	for rows.Next() {
		var it forum.AttentionItem
		var id, since int64
		if err := rows.Scan(&id, &since, &it.NeedsHelp); err != nil {
			_ = rows.Close() // the scan error is the one worth reporting
			return nil, 0, dbErr(err)
		}
		it.Thread.ID, it.Since = id, fromMS(since)
		items = append(items, it)
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return nil, 0, dbErr(err)
	}
	threads, err := db.ThreadsByIDs(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	byID := map[int64]forum.Thread{}
	for _, t := range threads {
		byID[t.ID] = t
	}
	cats, err := db.Categories(ctx)
	if err != nil {
		return nil, 0, err
	}
	target := map[int64]time.Duration{}
	for _, c := range cats {
		target[c.ID] = time.Duration(c.ResponseTargetHours) * time.Hour
	}
	for i := range items {
		items[i].Thread = byID[items[i].Thread.ID]
		items[i].Target = target[items[i].Thread.CategoryID]
	}
	return items, total, nil
}

// SetNeedsHelp records the asker's "I still need help".
func (db *DB) SetNeedsHelp(ctx context.Context, threadID int64, at time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `UPDATE threads SET needs_help_at = ? WHERE id = ?`, ms(at), threadID); err != nil {
			return err
		}
		return outbox(ctx, tx, threadID, at)
	})
}

// SetClaim records (userID non-zero) or clears a staff member's claim,
// with its audit entry.
func (db *DB) SetClaim(ctx context.Context, threadID, userID int64, at time.Time, a *forum.AuditEntry) error {
	return db.tx(ctx, func(tx *txn) error {
		var err error
		if userID != 0 {
			_, err = tx.ExecContext(ctx, `UPDATE threads SET claimed_by = ?, claimed_at = ? WHERE id = ?`, userID, ms(at), threadID)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE threads SET claimed_by = NULL, claimed_at = NULL WHERE id = ?`, threadID)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, a)
	})
}
