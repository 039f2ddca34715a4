package sqlstore

import (
	"context"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// TwoFactor returns an account's second-factor state.
func (db *DB) TwoFactor(ctx context.Context, userID int64) (*forum.TwoFactorState, error) {
	var st forum.TwoFactorState
	err := db.r.QueryRowContext(ctx, `SELECT totp_secret, totp_pending, totp_enabled_at IS NOT NULL, totp_last_step,
			(SELECT COUNT(*) FROM recovery_codes WHERE user_id = users.id AND used_at IS NULL)
		FROM users WHERE id = ?`, userID).Scan(&st.Secret, &st.Pending, &st.Enabled, &st.LastStep, &st.RecoveryLeft)
	if err != nil {
		return nil, dbErr(err)
	}
	return &st, nil
}

// SetTOTPPending keeps a secret that is being set up.
func (db *DB) SetTOTPPending(ctx context.Context, userID int64, secret string) error {
	return db.updateUser(ctx, `UPDATE users SET totp_pending = ? WHERE id = ?`, secret, userID)
}

// EnableTOTP makes the pending secret active and stores new recovery codes.
func (db *DB) EnableTOTP(ctx context.Context, userID int64, step int64, codes [][]byte, now time.Time) error {
	return db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = totp_pending, totp_pending = '',
			totp_enabled_at = ?, totp_last_step = ? WHERE id = ? AND totp_pending != '' AND totp_enabled_at IS NULL`,
			ms(now), step, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return forum.E(forum.Conflict, "error.two_factor_on")
		}
		return replaceRecoveryCodes(ctx, tx, userID, codes)
	})
}

// DisableTOTP turns the second factor off and drops the recovery codes.
func (db *DB) DisableTOTP(ctx context.Context, userID int64) error {
	return db.tx(ctx, func(tx *txn) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = '', totp_pending = '',
			totp_enabled_at = NULL, totp_last_step = 0 WHERE id = ?`, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID)
		return err
	})
}

// ReplaceRecoveryCodes swaps an account's recovery codes for new ones.
func (db *DB) ReplaceRecoveryCodes(ctx context.Context, userID int64, codes [][]byte) error {
	return db.tx(ctx, func(tx *txn) error { return replaceRecoveryCodes(ctx, tx, userID, codes) })
}

func replaceRecoveryCodes(ctx context.Context, tx *txn, userID int64, codes [][]byte) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return err
	}
	for _, h := range codes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, hash) VALUES (?, ?)`, userID, h); err != nil {
			return err
		}
	}
	return nil
}

// UseTOTPStep records a used step if it is newer than the last one.
func (db *DB) UseTOTPStep(ctx context.Context, userID int64, step int64) (bool, error) {
	var ok bool
	err := db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n == 1
		return err
	})
	return ok, err
}

// UseRecoveryCode marks an unused recovery code as used.
func (db *DB) UseRecoveryCode(ctx context.Context, userID int64, hash []byte, now time.Time) (bool, error) {
	var ok bool
	err := db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND hash = ? AND used_at IS NULL`,
			ms(now), userID, hash)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n == 1
		return err
	})
	return ok, err
}
