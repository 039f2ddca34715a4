package sqlstore

import (
	"database/sql"
	"reflect"
	"slices"
	"testing"
)

// bind is the one place where a query written for SQLite becomes one for
// PostgreSQL; every case here is a shape some method of the store uses.
func TestBindPostgres(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		query     string
		args      []any
		wantQuery string
		wantArgs  []any
	}{
		{
			name:      "positional",
			query:     `SELECT a FROM t WHERE b = ? AND c = ?`,
			args:      []any{1, "x"},
			wantQuery: `SELECT a FROM t WHERE b = $1 AND c = $2`,
			wantArgs:  []any{1, "x"},
		},
		{
			name:      "no placeholders",
			query:     `SELECT COUNT(*) FROM users`,
			wantQuery: `SELECT COUNT(*) FROM users`,
		},
		{
			name:      "quoted strings and identifiers keep their question marks",
			query:     `SELECT '?', "odd?name", 'it''s ?' FROM t WHERE a = ?`,
			args:      []any{1},
			wantQuery: `SELECT '?', "odd?name", 'it''s ?' FROM t WHERE a = $1`,
			wantArgs:  []any{1},
		},
		{
			name:      "numbered, reused",
			query:     `SELECT id FROM threads WHERE author_id = ?1 UNION SELECT thread_id FROM posts WHERE author_id = ?1`,
			args:      []any{int64(7)},
			wantQuery: `SELECT id FROM threads WHERE author_id = $1 UNION SELECT thread_id FROM posts WHERE author_id = $1`,
			wantArgs:  []any{int64(7)},
		},
		{
			name:      "numbered, out of order",
			query:     `UPDATE posts SET deleted_at = ?2 WHERE author_id = ?1`,
			args:      []any{int64(7), int64(1000)},
			wantQuery: `UPDATE posts SET deleted_at = $1 WHERE author_id = $2`,
			wantArgs:  []any{int64(1000), int64(7)},
		},
		{
			// PostgreSQL wants every argument used: the ones a step leaves
			// out are dropped.
			name:      "numbered, only some used",
			query:     `DELETE FROM metoo WHERE user_id = ?3`,
			args:      []any{"a", "b", int64(3)},
			wantQuery: `DELETE FROM metoo WHERE user_id = $1`,
			wantArgs:  []any{int64(3)},
		},
		{
			name:      "numbered, two digits",
			query:     `SELECT ?10, ?1`,
			args:      []any{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
			wantQuery: `SELECT $1, $2`,
			wantArgs:  []any{10, 1},
		},
		{
			name:      "numbered, out of range: left for the database to refuse",
			query:     `SELECT ?3`,
			args:      []any{1},
			wantQuery: `SELECT ?3`,
			wantArgs:  []any{1},
		},
		{
			name:      "named, reused",
			query:     `SELECT :thread, :post WHERE s.thread_id = :thread`,
			args:      []any{sql.Named("thread", int64(5)), sql.Named("post", int64(9))},
			wantQuery: `SELECT $1, $2 WHERE s.thread_id = $1`,
			wantArgs:  []any{int64(5), int64(9)},
		},
		{
			name:      "named, in order of appearance, not of arguments",
			query:     `LIMIT :limit OFFSET :offset WHERE x > :now`,
			args:      []any{sql.Named("now", int64(1)), sql.Named("limit", 10), sql.Named("offset", 20)},
			wantQuery: `LIMIT $1 OFFSET $2 WHERE x > $3`,
			wantArgs:  []any{10, 20, int64(1)},
		},
		{
			name:      "named beside a cast, a quoted colon and an unknown name",
			query:     `SELECT :a::text, '12:30', :nope`,
			args:      []any{sql.Named("a", "v")},
			wantQuery: `SELECT $1::text, '12:30', :nope`,
			wantArgs:  []any{"v"},
		},
		{
			name:      "a colon without named arguments is not a placeholder",
			query:     `SELECT ?::bigint, ':x'`,
			args:      []any{1},
			wantQuery: `SELECT $1::bigint, ':x'`,
			wantArgs:  []any{1},
		},
		{
			name:      "booleans become the integer flags",
			query:     `UPDATE t SET a = ?, b = ?, c = ?`,
			args:      []any{true, false, "true"},
			wantQuery: `UPDATE t SET a = $1, b = $2, c = $3`,
			wantArgs:  []any{int64(1), int64(0), "true"},
		},
		{
			name:      "named booleans too",
			query:     `WHERE a = :on AND b = :off`,
			args:      []any{sql.Named("off", false), sql.Named("on", true)},
			wantQuery: `WHERE a = $1 AND b = $2`,
			wantArgs:  []any{int64(1), int64(0)},
		},
		{
			name:      "numbered booleans too",
			query:     `WHERE a = ?2 AND b = ?1`,
			args:      []any{false, true},
			wantQuery: `WHERE a = $1 AND b = $2`,
			wantArgs:  []any{int64(1), int64(0)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			before := slices.Clone(tt.args)
			q, args := bind(true, tt.query, tt.args)
			if q != tt.wantQuery {
				t.Errorf("query:\n got %s\nwant %s", q, tt.wantQuery)
			}
			if len(args) != 0 || len(tt.wantArgs) != 0 {
				if !reflect.DeepEqual(args, tt.wantArgs) {
					t.Errorf("args: got %#v, want %#v", args, tt.wantArgs)
				}
			}
			if !reflect.DeepEqual(tt.args, before) {
				t.Errorf("the caller's args changed: %#v, were %#v", tt.args, before)
			}
		})
	}
}

// On SQLite the driver does all of this itself: bind hands back the very
// query and slice it got.
func TestBindSQLiteIsNoOp(t *testing.T) {
	t.Parallel()
	queries := []struct {
		query string
		args  []any
	}{
		{`SELECT a FROM t WHERE b = ? AND c = ?`, []any{1, true}},
		{`UPDATE posts SET deleted_at = ?2 WHERE author_id = ?1`, []any{int64(1), int64(2)}},
		{`SELECT :a`, []any{sql.Named("a", false)}},
		{`SELECT 1`, nil},
	}
	for _, tt := range queries {
		before := slices.Clone(tt.args)
		q, args := bind(false, tt.query, tt.args)
		if q != tt.query {
			t.Errorf("bind(false, %q) changed the query to %q", tt.query, q)
		}
		if !reflect.DeepEqual(args, before) || len(args) > 0 && &args[0] != &tt.args[0] {
			t.Errorf("bind(false, %q) changed the args: %#v, were %#v", tt.query, args, before)
		}
	}
}

// A boolean is replaced in a copy: the caller may pass the same slice to
// another query, or look at it again.
func TestBindCopiesBeforeReplacingBooleans(t *testing.T) {
	t.Parallel()
	args := []any{int64(4), true}
	_, got := bind(true, `UPDATE t SET a = ? WHERE b = ?`, args)
	if args[1] != true {
		t.Fatalf("the caller's bool became %#v", args[1])
	}
	if got[1] != int64(1) {
		t.Fatalf("bound bool is %#v, want int64(1)", got[1])
	}
	plain := []any{int64(4), "x"}
	if _, got := bind(true, `SELECT ?, ?`, plain); &got[0] != &plain[0] {
		t.Error("args without a bool were copied; they can be passed through")
	}
}
