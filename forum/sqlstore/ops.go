package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Check reports whether the database answers and its schema is the one
// this binary expects: /readyz fails when another node has migrated the
// database past it.
func (db *DB) Check(ctx context.Context) error {
	var current int
	if err := db.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if latest := SchemaVersion(); current != latest {
		return fmt.Errorf("database schema is at version %d, this Chorus expects %d", current, latest)
	}
	return nil
}

// QueueDepths is the work waiting in the database's queues.
type QueueDepths struct {
	Mail          int // mails not sent yet and not given up on
	NotifyJobs    int // notification fan-outs not done yet
	Notifications int // notifications not turned into mail yet
}

// QueueDepths counts the waiting work, for the metrics.
func (db *DB) QueueDepths(ctx context.Context) (QueueDepths, error) {
	var q QueueDepths
	err := db.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM mail_queue WHERE sent_at IS NULL AND failed_at IS NULL),
		(SELECT COUNT(*) FROM notify_jobs),
		(SELECT COUNT(*) FROM notifications WHERE mailed = 0)`).Scan(&q.Mail, &q.NotifyJobs, &q.Notifications)
	return q, dbErr(err)
}

// Backup writes a consistent copy of the database to path while it
// serves (see BackupFile).
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.pg {
		return errors.New("backup: a PostgreSQL store is backed up with pg_dump or base backups")
	}
	return vacuumInto(ctx, db.dsn, path)
}

// BackupFile writes a consistent copy of the database file at dbPath to
// path, while a server may be using it, without opening it as a store (so
// without migrating it). path must not exist.
func BackupFile(ctx context.Context, dbPath, path string) error {
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("no database to back up: %w", err)
	}
	q := url.Values{}
	q.Set("_busy_timeout", "5000")
	return vacuumInto(ctx, fileURI(dbPath)+"?"+q.Encode(), path)
}

// vacuumInto copies the database of dsn to path with VACUUM INTO: it reads
// one snapshot, so writers go on (WAL mode), and the copy is compact. The
// handle is its own: the pool's readers are query-only, and the one writer
// must stay free for the forum's writes.
func vacuumInto(ctx context.Context, dsn, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s exists already: choose a new file name", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	h, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return err
	}
	defer h.Close()
	if _, err := h.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		_ = os.Remove(path) // a half-written copy is no backup
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// fileURI is path as an SQLite file: URI, escaped: a "#", "?" or "%" in a
// file name would otherwise end or change the path SQLite opens (a check
// of "b.db#2" read "b.db").
func fileURI(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// BackupInfo describes a verified backup file.
type BackupInfo struct {
	Schema  int
	Threads int
	Users   int
	Size    int64
}

// VerifyBackup checks that path is a whole Chorus database this binary
// can open: an SQLite file that passes integrity_check, with Chorus's
// migrations table at a version no newer than this binary's. It opens the
// file read-only and changes nothing.
func VerifyBackup(ctx context.Context, path string) (BackupInfo, error) {
	var info BackupInfo
	st, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	if !st.Mode().IsRegular() {
		return info, fmt.Errorf("%s is not a file", path)
	}
	info.Size = st.Size()
	if err := sqliteHeader(path); err != nil {
		return info, err
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_query_only", "1")
	h, err := sql.Open("sqlite3", fileURI(path)+"?"+q.Encode())
	if err != nil {
		return info, err
	}
	defer h.Close()
	var check string
	if err := h.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&check); err != nil {
		return info, fmt.Errorf("%s is not a readable SQLite database: %w", path, err)
	}
	if check != "ok" {
		return info, fmt.Errorf("%s is damaged: %s", path, check)
	}
	if err := h.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&info.Schema); err != nil {
		return info, fmt.Errorf("%s is an SQLite database but not a Chorus backup (no schema_migrations)", path)
	}
	if latest := SchemaVersion(); info.Schema > latest {
		return info, fmt.Errorf("%s is at schema version %d, newer than this Chorus (%d): restore it with a newer Chorus", path, info.Schema, latest)
	}
	if err := h.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM threads), (SELECT COUNT(*) FROM users)`).Scan(&info.Threads, &info.Users); err != nil {
		return info, fmt.Errorf("%s is not a Chorus backup: %w", path, err)
	}
	return info, nil
}

// sqliteHeader refuses a file that does not start like an SQLite database,
// with a message better than the driver's "file is not a database".
func sqliteHeader(path string) error {
	f, err := os.Open(path) // #nosec G304 -- the operator names the backup file
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 16)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "SQLite format 3\x00" {
		return fmt.Errorf("%s is not a Chorus backup (not an SQLite database)", path)
	}
	return nil
}

// Restore puts a verified backup in place of the database at dbPath, with
// the server stopped: the copy is written beside it, synced and renamed
// over, so a crash leaves either database whole. A database already there
// is kept as dbPath.before-restore-TIME (nothing is lost) and returned.
func Restore(ctx context.Context, backup, dbPath string) (kept string, err error) {
	if _, err := VerifyBackup(ctx, backup); err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return "", err
	}
	tmp := dbPath + ".restoring"
	if err := copyFile(backup, tmp); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("restore: %w", err)
	}
	// The old database is kept by a hard link, and the new one replaces
	// it by one rename: a crash at any point leaves a whole database at
	// dbPath (never none, which the next start would take for a new forum
	// and offer its /setup to the first visitor).
	if _, err := os.Stat(dbPath); err == nil {
		kept = dbPath + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Link(dbPath, kept); err != nil {
			return "", fmt.Errorf("restore: keep the old database: %w", err)
		}
		// Its write-ahead log belongs to it: the restored database must
		// not replay it. A clean stop leaves none.
		for _, suffix := range []string{"-wal", "-shm"} {
			if err := os.Rename(dbPath+suffix, kept+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return kept, fmt.Errorf("restore: keep the old database's %s: %w", strings.TrimPrefix(suffix, "-"), err)
			}
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	if d, err := os.Open(filepath.Dir(dbPath)); err == nil {
		_ = d.Sync() // the rename reaches the disk; not all filesystems allow it
		_ = d.Close()
	}
	return kept, nil
}

// copyFile copies src to dst and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src) // #nosec G304 -- the operator names the backup file
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600) // #nosec G304 -- beside the database
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close() // the copy error says why
		return err
	}
	if err := out.Sync(); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}
