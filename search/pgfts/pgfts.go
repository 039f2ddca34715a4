// Package pgfts is the PostgreSQL side of a measurement: PostgreSQL
// full-text search (the 'german' and 'english' configurations) against
// Chorus's Bleve search on the same threads, so that the choice between a
// Bleve replica per node and PostgreSQL as the shared search backend rests
// on figures (docs/pgfts-measurement.md).
//
// It is a harness, not a search backend: one table of threads (id, lang,
// title, body) with a generated, weighted tsvector and a GIN index, a bulk
// load by COPY, and the queries the measurement runs. Chorus does not use it
// to serve anything; nothing outside its own tests imports it. It imports
// pgx and the standard library.
package pgfts

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Thread is one thread as the measurement stores it: its language ("de" or
// "en"), its title, and the text of its posts as one body.
type Thread struct {
	ID    int64
	Lang  string
	Title string
	Body  string
}

// DB is a connection pool on the schema the measurement works in.
type DB struct {
	pool *pgxpool.Pool
}

// Open connects to url (postgres://..., usually with a search_path of its
// own) and checks that the server answers.
func Open(ctx context.Context, url string) (*DB, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("pgfts: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("pgfts: connect: %w", err)
	}
	return &DB{pool: pool}, nil
}

// Close closes the pool.
func (db *DB) Close() { db.pool.Close() }

// createTableSQL is the table. The tsvector is a stored generated column:
// PostgreSQL computes it on every insert and update, in the thread's own
// configuration, the title weighted A over the body's B (ts_rank_cd's
// default weights make an A match count 2.5 times a B match). The
// CASE over string literals cast to regconfig is folded to constants, so
// the expression is immutable, as a generated column needs.
const createTableSQL = `
DROP TABLE IF EXISTS fts_threads;
CREATE TABLE fts_threads (
    id    bigint PRIMARY KEY,
    lang  text   NOT NULL CHECK (lang IN ('de', 'en')),
    title text   NOT NULL,
    body  text   NOT NULL,
    tsv   tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(CASE lang WHEN 'de' THEN 'german'::regconfig ELSE 'english'::regconfig END, title), 'A') ||
        setweight(to_tsvector(CASE lang WHEN 'de' THEN 'german'::regconfig ELSE 'english'::regconfig END, body), 'B')
    ) STORED
)`

// CreateTable drops and creates the threads table, without its index: a
// bulk load is faster with the index built afterwards.
func (db *DB) CreateTable(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, createTableSQL); err != nil {
		return fmt.Errorf("pgfts: create table: %w", err)
	}
	return nil
}

// Load copies threads into the table with COPY; PostgreSQL computes each
// tsvector as the rows arrive. A language other than "de" is stored as
// "en", as Chorus's own index treats it.
func (db *DB) Load(ctx context.Context, threads []Thread) error {
	rows := make([][]any, len(threads))
	for i, t := range threads {
		rows[i] = []any{t.ID, docLang(t.Lang), t.Title, t.Body}
	}
	n, err := db.pool.CopyFrom(ctx, pgx.Identifier{"fts_threads"}, []string{"id", "lang", "title", "body"}, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("pgfts: copy: %w", err)
	}
	if n != int64(len(threads)) {
		return fmt.Errorf("pgfts: copy: %d of %d rows", n, len(threads))
	}
	return nil
}

// createIndexSQL is the GIN index over the tsvector.
const createIndexSQL = `CREATE INDEX fts_threads_tsv ON fts_threads USING gin (tsv)`

// CreateIndex builds the GIN index.
func (db *DB) CreateIndex(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, createIndexSQL); err != nil {
		return fmt.Errorf("pgfts: create index: %w", err)
	}
	return nil
}

// Vacuum vacuums and analyses the table, as autovacuum would soon after a
// bulk load: run here, it does not run in the middle of a measurement.
func (db *DB) Vacuum(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, `VACUUM (ANALYZE) fts_threads`); err != nil {
		return fmt.Errorf("pgfts: vacuum: %w", err)
	}
	return nil
}

// Sizes is what the search data takes on disk, in bytes.
type Sizes struct {
	// GIN is the index alone.
	GIN int64
	// TSVector is the stored tsvectors, as pg_column_size counts them
	// (compressed or TOASTed values at their stored size).
	TSVector int64
	// Table is the whole table (heap, TOAST, the primary key and the GIN
	// index), the text included.
	Table int64
}

const sizesSQL = `
SELECT pg_relation_size('fts_threads_tsv'),
       (SELECT COALESCE(SUM(pg_column_size(tsv)), 0) FROM fts_threads),
       pg_total_relation_size('fts_threads')`

// Sizes measures the table and its index. Call it after a VACUUM or a
// fresh build: GIN's pending list and dead rows would count too.
func (db *DB) Sizes(ctx context.Context) (Sizes, error) {
	var s Sizes
	if err := db.pool.QueryRow(ctx, sizesSQL).Scan(&s.GIN, &s.TSVector, &s.Table); err != nil {
		return s, fmt.Errorf("pgfts: sizes: %w", err)
	}
	return s, nil
}

// Mode says how a query's words combine.
type Mode int

const (
	// AllWords is websearch_to_tsquery as typed: every word must match
	// (or and -not work), the search box's meaning.
	AllWords Mode = iota
	// AnyWord lets any of the words match (AnyWords rewrites the text
	// for websearch_to_tsquery): the obvious similar-questions query.
	AnyWord
	// RareWords is any of the text's rarest words, after Chorus's term
	// selection: at most 25 lexemes, the rarest first, none in more than
	// half the threads, their document frequencies adding up to no more
	// than a fifth of the threads (or 5,000), but at least three. The
	// frequencies come from the fts_words table (CreateWords), a snapshot.
	RareWords
)

// Query is one search.
type Query struct {
	// Text is what was typed or drafted.
	Text string
	// Lang is the query's language, "de" or "en": the text is parsed in
	// that configuration only. Empty means unknown: the text is parsed in
	// both and either may match (the OR of the two tsqueries).
	Lang string
	Mode Mode
	// Exclude leaves one thread out (the one the draft is); 0 for none.
	Exclude int64
	// Limit is the number of hits; 10 when 0.
	Limit int
}

// Hit is a thread found, with its ts_rank_cd.
type Hit struct {
	ID   int64
	Rank float64
}

// searchSQL finds threads for a tsquery, best first by cover density. The
// tsquery is computed once (a FROM item) and the GIN index answers
// tsv @@ q. %s is the tsquery expression (tsqueryExpr); $1 is the text,
// $4 the configuration.
const searchSQL = `
SELECT t.id, ts_rank_cd(t.tsv, q.q) AS rank
FROM fts_threads t, (SELECT %s AS q) q
WHERE t.tsv @@ q.q AND t.id <> $2
ORDER BY rank DESC, t.id
LIMIT $3`

// rankSQL scores the given threads that match a tsquery: the evaluation
// reorders each query's own candidates by it. $3 is the configuration.
const rankSQL = `
SELECT t.id, ts_rank_cd(t.tsv, q.q)
FROM fts_threads t, (SELECT %s AS q) q
WHERE t.id = ANY($2) AND t.tsv @@ q.q`

// rareSQL picks a text's rarest lexemes (%s is its tsvector) and ORs them
// into a tsquery. Lexemes with a backslash are left out: quote_literal
// would write them in E” syntax, which tsquery input does not read.
const rareSQL = `(
SELECT COALESCE(string_agg(quote_literal(c.word), ' | '), '')::tsquery
FROM (
    SELECT w.word,
           row_number() OVER (ORDER BY w.ndoc, w.word) AS n,
           sum(w.ndoc) OVER (ORDER BY w.ndoc, w.word) AS spent
    FROM (SELECT DISTINCT unnest(tsvector_to_array(%s)) AS word) d
    JOIN fts_words w ON w.word = d.word
    WHERE 2 * w.ndoc <= (SELECT total FROM fts_words_total) AND strpos(w.word, '\') = 0
) c, fts_words_total
WHERE c.n <= 3 OR c.n <= 25 AND c.spent <= greatest(5000, 0.2 * fts_words_total.total))`

// tsqueryExpr is the SQL of q's tsquery, from the text ($1) and, when the
// language is known, the configuration ($cfg).
func tsqueryExpr(q Query, cfg string) string {
	parse := func(c string) string { return "websearch_to_tsquery(" + c + ", $1)" }
	vector := func(c string) string { return "to_tsvector(" + c + ", $1)" }
	one := cfg + "::regconfig"
	if q.Mode == RareWords {
		if q.Lang == "" {
			return fmt.Sprintf(rareSQL, "("+vector("'german'")+" || "+vector("'english'")+")")
		}
		return fmt.Sprintf(rareSQL, vector(one))
	}
	if q.Lang == "" {
		return "(" + parse("'german'") + " || " + parse("'english'") + ")"
	}
	return parse(one)
}

// Search runs q and returns up to q.Limit threads, best first.
func (db *DB) Search(ctx context.Context, q Query) ([]Hit, error) {
	if q.Limit <= 0 {
		q.Limit = 10
	}
	args := []any{q.text(), q.Exclude, q.Limit}
	if q.Lang != "" {
		args = append(args, Config(q.Lang))
	}
	rows, err := db.pool.Query(ctx, fmt.Sprintf(searchSQL, tsqueryExpr(q, "$4")), args...)
	if err != nil {
		return nil, fmt.Errorf("pgfts: search: %w", err)
	}
	hits, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Hit, error) {
		var h Hit
		err := r.Scan(&h.ID, &h.Rank)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("pgfts: search: %w", err)
	}
	return hits, nil
}

// Rank returns the ts_rank_cd of those of ids that match q; the others
// are missing from the map. q.Exclude and q.Limit do not apply.
func (db *DB) Rank(ctx context.Context, q Query, ids []int64) (map[int64]float64, error) {
	args := []any{q.text(), ids}
	if q.Lang != "" {
		args = append(args, Config(q.Lang))
	}
	rows, err := db.pool.Query(ctx, fmt.Sprintf(rankSQL, tsqueryExpr(q, "$3")), args...)
	if err != nil {
		return nil, fmt.Errorf("pgfts: rank: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]float64, len(ids))
	for rows.Next() {
		var id int64
		var r float64
		if err := rows.Scan(&id, &r); err != nil {
			return nil, fmt.Errorf("pgfts: rank: %w", err)
		}
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pgfts: rank: %w", err)
	}
	return out, nil
}

// TSQuery is the tsquery q becomes, as text: what Search looks for.
func (db *DB) TSQuery(ctx context.Context, q Query) (string, error) {
	args := []any{q.text()}
	if q.Lang != "" {
		args = append(args, Config(q.Lang))
	}
	var out string
	if err := db.pool.QueryRow(ctx, "SELECT ("+tsqueryExpr(q, "$2")+")::text", args...).Scan(&out); err != nil {
		return "", fmt.Errorf("pgfts: tsquery: %w", err)
	}
	return out, nil
}

// text is the query text as PostgreSQL gets it.
func (q Query) text() string {
	switch q.Mode {
	case AnyWord:
		return AnyWords(q.Text)
	case RareWords:
		return cut(q.Text, maxAnyBytes)
	}
	return q.Text
}

// createWordsSQL is the document frequency of every lexeme, both
// configurations' together, as ts_stat counts them over the whole table,
// and the number of threads. It is a snapshot: a backend would have to
// keep it up to date on every write.
const createWordsSQL = `
DROP TABLE IF EXISTS fts_words, fts_words_total;
CREATE TABLE fts_words AS SELECT word, ndoc FROM ts_stat('SELECT tsv FROM fts_threads');
ALTER TABLE fts_words ADD PRIMARY KEY (word);
CREATE TABLE fts_words_total AS SELECT count(*) AS total FROM fts_threads;
ANALYZE fts_words`

// CreateWords builds the document frequencies RareWords selects by.
func (db *DB) CreateWords(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, createWordsSQL); err != nil {
		return fmt.Errorf("pgfts: create words: %w", err)
	}
	return nil
}

// Config is the text search configuration of a language.
func Config(lang string) string {
	if docLang(lang) == "de" {
		return "german"
	}
	return "english"
}

func docLang(lang string) string {
	if lang == "de" {
		return "de"
	}
	return "en"
}

// cut is the first n bytes of s, or fewer to end on a whole character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// maxAnyBytes bounds the text AnyWords and RareWords read, as Chorus's similar
// questions reads at most 3,000 characters of a body.
const maxAnyBytes = 3000

// AnyWords rewrites text for websearch_to_tsquery so that any of its
// words may match: "w1 or w2 or ...". Only letters and digits survive, so
// quotes and a leading "-" cannot turn into phrases or negations, and the
// word "or" itself is dropped (it is a stop word in English, and here it
// would be the operator). Text beyond maxAnyBytes is ignored.
func AnyWords(text string) string {
	words := strings.FieldsFunc(cut(text, maxAnyBytes), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	kept := words[:0]
	for _, w := range words {
		if !strings.EqualFold(w, "or") {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " or ")
}

// Count counts the rows of the table.
func (db *DB) Count(ctx context.Context) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM fts_threads`).Scan(&n); err != nil {
		return 0, fmt.Errorf("pgfts: count: %w", err)
	}
	return n, nil
}
