package sqlstore

import (
	"context"
	"database/sql"
)

// Raw runs SQL on the store's database outside the store's methods, in the
// store's dialect (? placeholders on SQLite and PostgreSQL alike): for
// tests that set up or check rows no method writes. On SQLite it writes
// through the store's one writer connection, so a RawTx must end before
// the store writes again.
type Raw struct{ p *pool }

// Raw returns the store's raw handle.
func (db *DB) Raw() *Raw { return &Raw{db.w} }

func (r *Raw) Exec(query string, args ...any) (sql.Result, error) {
	return r.p.ExecContext(context.Background(), query, args...)
}

func (r *Raw) Query(query string, args ...any) (*sql.Rows, error) {
	return r.p.QueryContext(context.Background(), query, args...)
}

func (r *Raw) QueryRow(query string, args ...any) *sql.Row {
	return r.p.QueryRowContext(context.Background(), query, args...)
}

// Begin starts a transaction.
func (r *Raw) Begin() (*RawTx, error) {
	t, err := r.p.BeginTx(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	return &RawTx{t}, nil
}

// Close does nothing: the store owns the handle.
func (r *Raw) Close() error { return nil }

// RawTx is a transaction of Raw.
type RawTx struct{ t *txn }

func (t *RawTx) Exec(query string, args ...any) (sql.Result, error) {
	return t.t.ExecContext(context.Background(), query, args...)
}

func (t *RawTx) QueryRow(query string, args ...any) *sql.Row {
	return t.t.QueryRowContext(context.Background(), query, args...)
}

// InsertID runs an INSERT and returns the new row's id (see txn.insertID).
func (t *RawTx) InsertID(query string, args ...any) (int64, error) {
	return t.t.insertID(context.Background(), query, args...)
}

func (t *RawTx) Commit() error   { return t.t.Commit() }
func (t *RawTx) Rollback() error { return t.t.Rollback() }

func (r *Raw) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.p.ExecContext(ctx, query, args...)
}

func (r *Raw) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.p.QueryContext(ctx, query, args...)
}

func (r *Raw) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return r.p.QueryRowContext(ctx, query, args...)
}
