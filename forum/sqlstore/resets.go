package sqlstore

import (
	"context"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// UserByLogin returns the account with this username or address.
func (db *DB) UserByLogin(ctx context.Context, login string) (*forum.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE lower(username) = ? OR lower(email) = ?
		ORDER BY lower(username) = ? DESC LIMIT 1`, asciiLower(login), asciiLower(login), asciiLower(login)))
}

// CreatePasswordReset stores a reset link's hash and queues its mail in
// one transaction, dropping the person's earlier unused links.
func (db *DB) CreatePasswordReset(ctx context.Context, userID int64, hash []byte, m *forum.Mail, now, expires time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, userID, ms(now), ms(expires)); err != nil {
			return err
		}
		return insertMail(ctx, tx, m, now)
	})
}

// PasswordResetUser returns the account a link is for, or NotFound when
// the link is unknown, used or expired.
func (db *DB) PasswordResetUser(ctx context.Context, hash []byte, now time.Time) (*forum.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColsU+` FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.hash = ? AND r.used_at IS NULL AND r.expires_at > ?`, hash, ms(now)))
}

// UsePasswordReset spends a link: in one transaction it marks it used
// (only if it still is unused and unexpired, so two clicks cannot both
// win), sets the password, ends every session and token of the account,
// drops its other links and writes the audit entry.
func (db *DB) UsePasswordReset(ctx context.Context, hash []byte, passwordHash string, now time.Time) (int64, error) {
	var userID int64
	err := db.tx(ctx, func(tx *txn) error {
		if err := tx.QueryRowContext(ctx, `UPDATE password_resets SET used_at = ?
			WHERE hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`, ms(now), hash, ms(now)).Scan(&userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, passwordHash, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL`, userID); err != nil {
			return err
		}
		return audit(ctx, tx, &forum.AuditEntry{Actor: &forum.UserRef{ID: userID}, Action: "user.password_reset",
			TargetType: "user", TargetID: userID, CreatedAt: now})
	})
	return userID, dbErr(err)
}
