package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

func openTestDB(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// seedThreads writes n threads by one new user in one new category.
func seedThreads(t *testing.T, db *DB, n int) {
	t.Helper()
	if err := addThreads(db, n); err != nil {
		t.Fatal(err)
	}
}

func addThreads(db *DB, n int) error {
	ctx := context.Background()
	now := time.Now()
	u := &forum.User{Username: fmt.Sprintf("u%d", now.UnixNano()), Email: fmt.Sprintf("u%d@example.org", now.UnixNano()),
		PasswordHash: "x", Role: forum.RoleMember, CreatedAt: now}
	if err := db.CreateUser(ctx, u); err != nil {
		return err
	}
	c := &forum.Category{Slug: fmt.Sprintf("c%d", now.UnixNano()), Name: "C", ResponseTargetHours: 24}
	if err := db.CreateCategory(ctx, c, nil); err != nil {
		return err
	}
	for i := range n {
		th := &forum.Thread{CategoryID: c.ID, Title: fmt.Sprintf("Thread %d", i), Slug: "thread", Author: forum.UserRef{ID: u.ID},
			Lang: "en", CreatedAt: now, LastActivityAt: now}
		if err := db.CreateThread(ctx, th, &forum.Post{Author: forum.UserRef{ID: u.ID}, BodyMD: "body", BodyHTML: "<p>body</p>", CreatedAt: now}); err != nil {
			return err
		}
	}
	return nil
}

func openRaw(path string) (*sql.DB, error) { return sql.Open("sqlite3", path) }

func countThreads(t *testing.T, db *DB) int {
	t.Helper()
	n, err := db.CountThreads(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A backup taken while another goroutine keeps writing is whole, the
// writes all succeed, and a restore brings exactly the backup back while
// keeping the database it replaced.
func TestBackupWhileWritingAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTestDB(t, filepath.Join(dir, "data", "chorus.db"))
	seedThreads(t, db, 2000)

	// A writer goes on while the backup runs; some of its writes must
	// finish while the backup is between start and end.
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		finished []time.Time
	)
	stop, started := make(chan struct{}), make(chan struct{})
	writeErr := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := addThreads(db, 1); err != nil {
				writeErr <- err
				return
			}
			mu.Lock()
			finished = append(finished, time.Now())
			mu.Unlock()
			if i == 0 {
				close(started)
			}
		}
	}()
	<-started
	backup := filepath.Join(dir, "backup.db")
	from := time.Now()
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	to := time.Now()
	close(stop)
	wg.Wait()
	select {
	case err := <-writeErr:
		t.Fatalf("a write during the backup failed: %v", err)
	default:
	}
	during := 0
	for _, at := range finished {
		if at.After(from) && at.Before(to) {
			during++
		}
	}
	t.Logf("backup took %v; %d writes finished meanwhile", to.Sub(from), during)
	if during == 0 {
		t.Fatal("no write finished while the backup ran: writes were blocked")
	}
	if err := db.Backup(ctx, backup); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("a backup over an existing file: %v, want a refusal", err)
	}

	info, err := VerifyBackup(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	if info.Threads < 2000 || info.Schema != SchemaVersion() {
		t.Fatalf("backup holds %d threads at schema %d", info.Threads, info.Schema)
	}
	after := countThreads(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	dbPath := filepath.Join(dir, "data", "chorus.db")
	kept, err := Restore(ctx, backup, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if kept == "" {
		t.Fatal("the replaced database was not kept")
	}
	restored := openTestDB(t, dbPath)
	if n := countThreads(t, restored); n != info.Threads {
		t.Fatalf("restored %d threads, the backup had %d", n, info.Threads)
	}
	if err := restored.Check(ctx); err != nil {
		t.Fatal(err)
	}
	old := openTestDB(t, kept)
	if n := countThreads(t, old); n != after {
		t.Fatalf("the kept database has %d threads, had %d", n, after)
	}
}

// Files that are not Chorus backups are refused before anything moves.
func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "data", "chorus.db")
	db := openTestDB(t, dbPath)
	seedThreads(t, db, 3)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("hello, not a database at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	o, err := openRaw(other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Exec(`CREATE TABLE x (y INTEGER)`); err != nil {
		t.Fatal(err)
	}
	_ = o.Close()
	full := filepath.Join(dir, "full.db")
	src := openTestDB(t, filepath.Join(dir, "src", "chorus.db"))
	if err := src.Backup(ctx, full); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.db")
	if err := os.WriteFile(cut, data[:len(data)/2], 0o600); err != nil {
		t.Fatal(err)
	}

	for name, file := range map[string]string{"text": text, "foreign SQLite": other, "truncated": cut, "missing": filepath.Join(dir, "nope.db")} {
		if _, err := Restore(ctx, file, dbPath); err == nil {
			t.Errorf("%s: restored, want a refusal", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
	db = openTestDB(t, dbPath)
	if n := countThreads(t, db); n != 3 {
		t.Fatalf("after refused restores the database has %d threads, want 3", n)
	}
}

// /readyz fails on a node whose database another Chorus has migrated on.
func TestCheckSeesANewerSchema(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t, filepath.Join(t.TempDir(), "chorus.db"))
	if err := db.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)`, SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	if err := db.Check(ctx); err == nil || !strings.Contains(err.Error(), "expects") {
		t.Fatalf("Check on a newer schema: %v", err)
	}
}

// A "#" or "?" in a backup's name is part of the name: the check reads the
// file the restore would copy, not another one.
func TestVerifyBackupOddNames(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openTestDB(t, filepath.Join(dir, "live", "chorus.db"))
	seedThreads(t, db, 2)
	good := filepath.Join(dir, "b.db")
	if err := db.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	odd := filepath.Join(dir, "b.db#2")
	if err := os.WriteFile(odd, []byte("SQLite format 3\x00 and then garbage, not a database"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyBackup(ctx, odd); err == nil {
		t.Fatal("a damaged b.db#2 passed the check (it read b.db?)")
	}
	named := filepath.Join(dir, "nightly?v=1#x.db")
	if err := db.Backup(ctx, named); err != nil {
		t.Fatal(err)
	}
	if info, err := VerifyBackup(ctx, named); err != nil || info.Threads != 2 {
		t.Fatalf("a backup with ? and # in its name: %+v %v", info, err)
	}
}
