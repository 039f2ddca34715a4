// Package storetest opens stores for tests: SQLite in a test's folder, or
// a fresh schema of a PostgreSQL database.
//
// Two environment variables choose:
//   - CHORUS_TEST_POSTGRES is a connection string (postgres://...). Without
//     it, every test that needs PostgreSQL skips and says why.
//   - CHORUS_TEST_STORE=postgres runs the feature suites that open their
//     store through Open (forum/web, for one) on PostgreSQL instead of
//     SQLite; .ci/run does one pass of each.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	"github.com/chorus-forum/chorus/forum/sqlstore"
)

// PostgresURL returns CHORUS_TEST_POSTGRES, or skips t when it is unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("CHORUS_TEST_POSTGRES")
	if u == "" {
		t.Skip("PostgreSQL tests skipped: set CHORUS_TEST_POSTGRES=postgres://user@host:5432/db to run them")
	}
	return u
}

// OnPostgres reports whether the feature suites run on PostgreSQL.
func OnPostgres() bool { return os.Getenv("CHORUS_TEST_STORE") == "postgres" }

// SQLiteOnly skips a test that reads or writes the SQLite file itself when
// the suite runs on PostgreSQL.
func SQLiteOnly(t testing.TB) {
	t.Helper()
	if OnPostgres() {
		t.Skip("works on the SQLite file itself")
	}
}

// Open opens the suite's store: on SQLite the file at path (made if
// needed), on PostgreSQL (CHORUS_TEST_STORE=postgres) a new empty schema,
// dropped when the test ends. The store is closed when the test ends.
func Open(t testing.TB, path string) *sqlstore.DB {
	t.Helper()
	var db *sqlstore.DB
	var err error
	if OnPostgres() {
		db, err = sqlstore.OpenPostgres(context.Background(), Schema(t))
	} else {
		db, err = sqlstore.Open(context.Background(), path)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// Schema makes a new schema in CHORUS_TEST_POSTGRES's database, drops it
// when the test ends, and returns a connection string that works in it.
func Schema(t testing.TB) string {
	t.Helper()
	base := PostgresURL(t)
	b := make([]byte, 6)
	_, _ = rand.Read(b) // crypto/rand does not fail
	name := "test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(context.Background(), `CREATE SCHEMA `+name); err != nil {
		t.Fatalf("create a test schema in %s: %v", base, err)
	}
	t.Cleanup(func() {
		h, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer h.Close()
		_, _ = h.ExecContext(context.Background(), `DROP SCHEMA `+name+` CASCADE`)
	})
	u, err := sqlstore.InSchema(base, name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Both runs fn once on SQLite and, when CHORUS_TEST_POSTGRES is set, once
// on PostgreSQL, each with a fresh store: the store contract tests.
func Both(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "chorus.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		fn(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		db, err := sqlstore.OpenPostgres(context.Background(), Schema(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		fn(t, db)
	})
}
