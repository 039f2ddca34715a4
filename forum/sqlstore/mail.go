package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// The mail queue and everything around it.

const notificationCols = `n.id, n.user_id, n.kind, COALESCE(n.thread_id, 0), COALESCE(n.post_id, 0),
	COALESCE(u.id, 0), COALESCE(u.username, ''), COALESCE(u.role, ''), n.title, n.reason, n.created_at, n.read_at`

// notifications reads notifications (n, with their actor u); tail is the
// rest of the query after the FROM: joins, WHERE, ORDER and LIMIT.
func (db *DB) notifications(ctx context.Context, tail string, args ...any) ([]forum.Notification, error) {
	// #nosec G202 -- tail is a fixed fragment of this package; values go in args.
	rows, err := db.r.QueryContext(ctx, `SELECT `+notificationCols+` FROM notifications n LEFT JOIN users u ON u.id = n.actor_id `+tail, args...)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.Notification
	for rows.Next() {
		var n forum.Notification
		var actor forum.UserRef
		var role string
		var at int64
		var read sql.NullInt64
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.ThreadID, &n.PostID, &actor.ID, &actor.Username, &role,
			&n.Title, &n.Reason, &at, &read); err != nil {
			return nil, dbErr(err)
		}
		if actor.ID != 0 {
			actor.Role, _ = forum.ParseRole(role)
			n.Actor = &actor
		}
		n.CreatedAt, n.ReadAt = fromMS(at), nullTime(read)
		out = append(out, n)
	}
	return out, dbErr(rows.Err())
}

// UnmailedNotifications returns notifications not yet considered for mail.
func (db *DB) UnmailedNotifications(ctx context.Context, limit int) ([]forum.Notification, error) {
	return db.notifications(ctx, `WHERE n.mailed = 0 ORDER BY n.id LIMIT ?`, limit)
}

// DigestNotifications returns a person's notifications waiting for the
// digest, oldest first.
func (db *DB) DigestNotifications(ctx context.Context, userID int64) ([]forum.Notification, error) {
	return db.notifications(ctx, `WHERE n.mailed = 2 AND n.user_id = ? ORDER BY n.id LIMIT 200`, userID)
}

func insertMail(ctx context.Context, tx *txn, m *forum.Mail, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO mail_queue (user_id, to_addr, subject, text_body, html_body, unsubscribe_url,
			created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		m.UserID, m.To, m.Subject, m.Text, m.HTML, m.UnsubscribeURL, ms(now), ms(now))
	return err
}

// QueueMail marks a notification handled and queues its mail, unless it
// was handled already (by another node's mailer during a leadership
// hand-off): a notification is mailed once.
func (db *DB) QueueMail(ctx context.Context, notificationID int64, m *forum.Mail, digest bool, now time.Time) error {
	state := 1
	if digest {
		state = 2
	}
	return db.quietTx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET mailed = ? WHERE id = ? AND mailed = 0`, state, notificationID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 || m == nil {
			return err
		}
		return insertMail(ctx, tx, m, now)
	})
}

// SkipPendingMail marks every notification not yet mailed as done, so that
// none is mailed (the demo's invented history).
func (db *DB) SkipPendingMail(ctx context.Context) error {
	return db.quietTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE notifications SET mailed = 1 WHERE mailed <> 1`)
		return err
	})
}

// DigestDue returns the people whose digest is due.
func (db *DB) DigestDue(ctx context.Context, since time.Time) ([]int64, error) {
	// Daily: a day after the last digest, or for a first one a day after
	// the oldest news it would carry.
	return db.ids(ctx, `SELECT n.user_id FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.mailed = 2 GROUP BY n.user_id
		HAVING COALESCE(MAX(u.last_digest_at), MIN(n.created_at)) <= ?`, ms(since))
}

// QueueDigest marks a digest's notifications done and queues its mail.
func (db *DB) QueueDigest(ctx context.Context, userID int64, ids []int64, m *forum.Mail, now time.Time) error {
	return db.quietTx(ctx, func(tx *txn) error {
		var pending int64
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE notifications SET mailed = 1 WHERE id = ? AND user_id = ? AND mailed = 2`, id, userID)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			pending += n
		}
		if len(ids) > 0 && pending == 0 {
			return nil // another mailer sent this digest
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_digest_at = ? WHERE id = ?`, ms(now), userID); err != nil {
			return err
		}
		if m == nil {
			return nil
		}
		return insertMail(ctx, tx, m, now)
	})
}

// DueMails returns mails whose next attempt has come, oldest first.
func (db *DB) DueMails(ctx context.Context, now time.Time, limit int) ([]forum.Mail, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, COALESCE(user_id, 0), to_addr, subject, text_body, html_body, unsubscribe_url, attempts,
			created_at
		FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`, ms(now), limit)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	var out []forum.Mail
	for rows.Next() {
		var m forum.Mail
		var at int64
		if err := rows.Scan(&m.ID, &m.UserID, &m.To, &m.Subject, &m.Text, &m.HTML, &m.UnsubscribeURL, &m.Attempts, &at); err != nil {
			return nil, dbErr(err)
		}
		m.CreatedAt = fromMS(at)
		out = append(out, m)
	}
	return out, dbErr(rows.Err())
}

// MailSent records a delivered mail.
func (db *DB) MailSent(ctx context.Context, id int64, at time.Time) error {
	return db.quietTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE mail_queue SET sent_at = ?, attempts = attempts + 1, text_body = '', html_body = '' WHERE id = ?`, ms(at), id)
		return err
	})
}

// ClaimMail moves a due mail's next attempt to until, if it is still due
// and unsent: the claim is the row's change, so one claimant wins. A
// sender that dies with a claim leaves the mail due again at until.
func (db *DB) ClaimMail(ctx context.Context, id int64, now, until time.Time) (bool, error) {
	var n int64
	err := db.quietTx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE mail_queue SET next_attempt_at = ?
			WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ?`, ms(until), id, ms(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// MailRetry schedules another attempt.
func (db *DB) MailRetry(ctx context.Context, id int64, attempts int, next time.Time, reason string) error {
	return db.quietTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE mail_queue SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`,
			attempts, ms(next), reason, id)
		return err
	})
}

// MailFailed gives up on a mail and, for a bounce, marks the address.
func (db *DB) MailFailed(ctx context.Context, id, userID int64, bounced bool, reason string, at time.Time) error {
	return db.quietTx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `UPDATE mail_queue SET failed_at = ?, attempts = attempts + 1, last_error = ? WHERE id = ?`,
			ms(at), reason, id); err != nil {
			return err
		}
		if !bounced || userID == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET email_bounced_at = ? WHERE id = ?`, ms(at), userID)
		return err
	})
}

// EmailPrefs returns a person's stored choices.
func (db *DB) EmailPrefs(ctx context.Context, userID int64) (map[string]string, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT kind, mode FROM email_prefs WHERE user_id = ?`, userID)
	if err != nil {
		return nil, dbErr(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, m string
		if err := rows.Scan(&k, &m); err != nil {
			return nil, dbErr(err)
		}
		out[k] = m
	}
	return out, dbErr(rows.Err())
}

// SetEmailPrefs stores a person's choices.
func (db *DB) SetEmailPrefs(ctx context.Context, userID int64, prefs map[string]string) error {
	return db.tx(ctx, func(tx *txn) error {
		for k, m := range prefs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO email_prefs (user_id, kind, mode) VALUES (?, ?, ?)
				ON CONFLICT (user_id, kind) DO UPDATE SET mode = excluded.mode`, userID, k, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// Secret returns a named secret, making it the first time.
func (db *DB) Secret(ctx context.Context, name string, gen func() ([]byte, error)) ([]byte, error) {
	var v []byte
	err := db.r.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&v)
	if err == nil {
		return v, nil
	}
	if err != sql.ErrNoRows {
		return nil, dbErr(err)
	}
	fresh, err := gen()
	if err != nil {
		return nil, err
	}
	err = db.quietTx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO secrets (name, value, created_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO NOTHING`, name, fresh, ms(time.Now())); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT value FROM secrets WHERE name = ?`, name).Scan(&v)
	})
	return v, dbErr(err)
}
