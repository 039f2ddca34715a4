package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
)

// The store's SQL is written once, in the subset SQLite and PostgreSQL
// share: ? placeholders (and SQLite's ?1 and :name), integer columns for
// times and flags, INSERT ... RETURNING and ON CONFLICT. pool and txn wrap
// database/sql so that on PostgreSQL the placeholders become $1, $2, ...
// and Go booleans become the 0 and 1 the integer flag columns hold (what
// go-sqlite3 does on its own); see bind.
// Where the dialects differ (scalar max, sequences, backups), the method
// says so beside the SQL.

// pool is a database/sql pool in the store's dialect.
type pool struct {
	*sql.DB
	pg       bool
	lockBase int64
}

func (p *pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q, a := bind(p.pg, query, args)
	return p.DB.ExecContext(ctx, q, a...)
}

func (p *pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, a := bind(p.pg, query, args)
	return p.DB.QueryContext(ctx, q, a...)
}

func (p *pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	q, a := bind(p.pg, query, args)
	return p.DB.QueryRowContext(ctx, q, a...)
}

func (p *pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*txn, error) {
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &txn{Tx: tx, pg: p.pg, lockBase: p.lockBase}, nil
}

// txn is a transaction in the store's dialect.
type txn struct {
	*sql.Tx
	pg bool
	// lockBase is the store's advisory lock base; outboxLocked says the
	// transaction holds its outbox turn (see outboxTurn).
	lockBase     int64
	outboxLocked bool
}

func (t *txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q, a := bind(t.pg, query, args)
	return t.Tx.ExecContext(ctx, q, a...)
}

func (t *txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q, a := bind(t.pg, query, args)
	return t.Tx.QueryContext(ctx, q, a...)
}

func (t *txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	q, a := bind(t.pg, query, args)
	return t.Tx.QueryRowContext(ctx, q, a...)
}

// insertID runs an INSERT into a table with an id column and returns the
// new row's id. (PostgreSQL's driver has no LastInsertId; RETURNING works
// on both.)
func (t *txn) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, query+` RETURNING id`, args...).Scan(&id)
	return id, err
}

// bind rewrites a query and its arguments for PostgreSQL: ? becomes $1,
// $2, ...; SQLite's numbered ?1 and named :name (with sql.Named
// arguments) become PostgreSQL's numbered ones; booleans become 0 and 1,
// for the integer flag columns shared with SQLite's schema. Placeholders
// inside quoted strings and identifiers stay as they are. On SQLite it
// changes nothing.
func bind(pg bool, query string, args []any) (string, []any) {
	if !pg {
		return query, args
	}
	named := map[string]any{}
	for _, a := range args {
		if na, ok := a.(sql.NamedArg); ok {
			named[na.Name] = na.Value
		}
	}
	var out []any // the positional arguments, when the query uses names
	slot := map[string]int{}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n, numbered := 0, false
	var quote byte // the quote we are inside, or 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0 // a doubled quote closes and reopens: same result
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			b.WriteByte('$')
			if j > i+1 {
				// ?N: SQLite's numbered placeholder. PostgreSQL wants every
				// $k of 1..n used, and exactly n arguments, where SQLite
				// takes a list that some steps use only part of: number
				// them afresh, in order of appearance.
				k, err := strconv.Atoi(query[i+1 : j])
				if err != nil || k < 1 || k > len(args) {
					return query, args // the database will say what is wrong
				}
				name := "?" + query[i+1:j]
				slotOf, seen := slot[name]
				if !seen {
					out = append(out, args[k-1])
					slotOf = len(out)
					slot[name] = slotOf
				}
				numbered = true
				b.WriteString(strconv.Itoa(slotOf))
				i = j - 1
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			continue
		case c == ':' && len(named) > 0 && i+1 < len(query) && isNameByte(query[i+1]) && (i == 0 || query[i-1] != ':'):
			j := i + 1
			for j < len(query) && isNameByte(query[j]) {
				j++
			}
			name := query[i+1 : j]
			if v, ok := named[name]; ok {
				k, seen := slot[name]
				if !seen {
					out = append(out, v)
					k = len(out)
					slot[name] = k
				}
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(k))
				i = j - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	if len(named) > 0 || numbered {
		args = out
	}
	return b.String(), intFlags(args)
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// intFlags turns booleans into 0 and 1, copying args only if one is there.
func intFlags(args []any) []any {
	out := args
	for i, a := range args {
		if v, ok := a.(bool); ok {
			if &out[0] == &args[0] {
				out = append([]any(nil), args...) // the caller's slice stays as it was
			}
			out[i] = int64(0)
			if v {
				out[i] = int64(1)
			}
		}
	}
	return out
}
