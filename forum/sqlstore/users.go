package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

const userCols = `id, username, email, password_hash, role, language, created_at, totp_enabled_at IS NOT NULL,
	suspended_until, suspend_reason, silenced_until, email_bounced_at`

// userColsU is userCols for a query that names the users table u.
const userColsU = `u.id, u.username, u.email, u.password_hash, u.role, u.language, u.created_at,
	u.totp_enabled_at IS NOT NULL, u.suspended_until, u.suspend_reason, u.silenced_until, u.email_bounced_at`

type scanner interface{ Scan(dest ...any) error }

// prefixScanner scans a row whose first columns go to before, the rest to
// the caller's destinations.
type prefixScanner struct {
	row    scanner
	before []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.row.Scan(append(append([]any(nil), p.before...), dest...)...)
}

func scanUser(row scanner) (*forum.User, error) {
	var u forum.User
	var role string
	var created int64
	var suspended, silenced, bounced sql.NullInt64
	if err := row.Scan(&u.ID, &u.Username, &u.Email, &u.PasswordHash, &role, &u.Language, &created, &u.TwoFactor,
		&suspended, &u.SuspendReason, &silenced, &bounced); err != nil {
		return nil, dbErr(err)
	}
	u.Role, _ = forum.ParseRole(role)
	u.CreatedAt = fromMS(created)
	u.SuspendedUntil, u.SilencedUntil, u.EmailBouncedAt = nullTime(suspended), nullTime(silenced), nullTime(bounced)
	return &u, nil
}

func insertUser(ctx context.Context, tx *txn, u *forum.User) error {
	var err error
	u.ID, err = tx.insertID(ctx, `INSERT INTO users (username, email, password_hash, role, language, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, u.Username, u.Email, u.PasswordHash, u.Role.String(), u.Language, ms(u.CreatedAt))
	return err
}

// CreateUser stores a new account and sets its ID.
func (db *DB) CreateUser(ctx context.Context, u *forum.User) error {
	return db.tx(ctx, func(tx *txn) error { return insertUser(ctx, tx, u) })
}

// CreateFirstAdmin stores u only while no account exists.
func (db *DB) CreateFirstAdmin(ctx context.Context, u *forum.User) error {
	return db.tx(ctx, func(tx *txn) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return forum.E(forum.Conflict, "error.setup_done")
		}
		return insertUser(ctx, tx, u)
	})
}

// UserByID returns an account.
func (db *DB) UserByID(ctx context.Context, id int64) (*forum.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
}

// UserByUsername returns an account by name, ignoring case.
func (db *DB) UserByUsername(ctx context.Context, username string) (*forum.User, error) {
	return scanUser(db.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE lower(username) = ?`, asciiLower(username)))
}

// CountUsers returns the number of accounts.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, dbErr(err)
}

// ListUsers returns a page of accounts, staff first, then by name.
func (db *DB) ListUsers(ctx context.Context, page, perPage int) ([]forum.User, int, error) {
	var total int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&total); err != nil {
		return nil, 0, dbErr(err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+userCols+` FROM users
		ORDER BY CASE role WHEN 'admin' THEN 0 WHEN 'staff' THEN 1 WHEN 'moderator' THEN 2 ELSE 3 END, lower(username)
		LIMIT ? OFFSET ?`, perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, dbErr(err)
	}
	defer rows.Close()
	var us []forum.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		us = append(us, *u)
	}
	return us, total, dbErr(rows.Err())
}

func (db *DB) updateUser(ctx context.Context, query string, args ...any) error {
	return db.tx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return forum.ErrNotFound
		}
		return nil
	})
}

// SetUserRole changes an account's role.
func (db *DB) SetUserRole(ctx context.Context, id int64, r forum.Role) error {
	return db.updateUser(ctx, `UPDATE users SET role = ? WHERE id = ?`, r.String(), id)
}

// SetUserPassword replaces an account's password hash.
func (db *DB) SetUserPassword(ctx context.Context, id int64, hash string) error {
	if err := db.updateUser(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id); err != nil {
		return err
	}
	// A new password voids the reset links asked for before.
	return db.quietTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL`, id)
		return err
	})
}

// SetUserLanguage stores an account's UI language.
func (db *DB) SetUserLanguage(ctx context.Context, id int64, lang string) error {
	return db.updateUser(ctx, `UPDATE users SET language = ? WHERE id = ?`, lang, id)
}

// CreateToken stores a session or API token. Tokens and rate-limit counts
// are bookkeeping: written with quietTx, they neither wake the background
// jobs nor count as a commit that changes what guests see (the guest page
// cache would otherwise be emptied by every login attempt).
func (db *DB) CreateToken(ctx context.Context, t *forum.Token) error {
	return db.quietTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (hash, user_id, kind, created_at, last_used_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`, t.Hash, t.UserID, string(t.Kind), ms(t.CreatedAt), ms(t.LastUsedAt), ms(t.ExpiresAt))
		return err
	})
}

// TokenUser returns the account and token for an unexpired token hash.
func (db *DB) TokenUser(ctx context.Context, hash []byte, kind forum.TokenKind, now time.Time) (*forum.User, *forum.Token, error) {
	var t forum.Token
	var created, used, expires int64
	// One query per request: the token's columns, then the account's.
	row := db.r.QueryRowContext(ctx, `SELECT t.created_at, t.last_used_at, t.expires_at, `+userColsU+`
		FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.hash = ? AND t.kind = ? AND t.expires_at > ?`, hash, string(kind), ms(now))
	u, err := scanUser(prefixScanner{row, []any{&created, &used, &expires}})
	if err != nil {
		return nil, nil, err
	}
	t.Hash, t.UserID, t.Kind = hash, u.ID, kind
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt = fromMS(created), fromMS(used), fromMS(expires)
	return u, &t, nil
}

// TouchToken records that a token was used now.
func (db *DB) TouchToken(ctx context.Context, hash []byte, now time.Time) error {
	return db.quietTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE tokens SET last_used_at = ? WHERE hash = ?`, ms(now), hash)
		return err
	})
}

// DeleteToken removes one token (log out).
func (db *DB) DeleteToken(ctx context.Context, hash []byte) error {
	return db.quietTx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE hash = ?`, hash)
		return err
	})
}

// DeleteUserTokens ends every session and API token of an account.
func (db *DB) DeleteUserTokens(ctx context.Context, userID int64) error {
	return db.tx(ctx, func(tx *txn) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM tokens WHERE user_id = ?`, userID)
		return err
	})
}

// Hit counts an event in key's current fixed window and drops the key's
// older windows.
func (db *DB) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	n, err := db.HitAll(ctx, []string{key}, window, now)
	if err != nil {
		return 0, err
	}
	return n[0], nil
}

// HitAll counts an event in each key's current window, in one transaction
// (a post checks its account and its address together).
func (db *DB) HitAll(ctx context.Context, keys []string, window time.Duration, now time.Time) ([]int, error) {
	start := now.Truncate(window)
	out := make([]int, len(keys))
	err := db.quietTx(ctx, func(tx *txn) error {
		// Drop anyone's windows older than a day, at most once a minute,
		// so the table stays small without a separate job.
		if last := db.limitSweep.Load(); now.UnixMilli()-last > time.Minute.Milliseconds() && db.limitSweep.CompareAndSwap(last, now.UnixMilli()) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM rate_limits WHERE window_start < ?`, ms(now.Add(-24*time.Hour))); err != nil {
				return err
			}
		}
		for i, key := range keys {
			// This key's older windows go too.
			if _, err := tx.ExecContext(ctx, `DELETE FROM rate_limits WHERE key = ? AND window_start < ?`, key, ms(start)); err != nil {
				return err
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
				ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
				RETURNING count`, key, ms(start)).Scan(&out[i]); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// asciiLower folds ASCII letters only, as lower() does on both stores
// (SQLite's built-in, and PostgreSQL's under the "C" collation of the
// name and address columns): compared with lower(column), it finds what
// SQLite's NOCASE would. PostgreSQL's lower(?) would fold more, by the
// database's collation, and miss "Émile@example.org".
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
