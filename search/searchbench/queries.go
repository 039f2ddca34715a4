package searchbench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/search/synth"
)

// Offsets from the corpus seed for the threads that queries and drafts are
// cut from: the same generator, so the same vocabulary, but other threads.
const (
	querySeedOffset = 1_000_003
	draftSeedOffset = 2_000_003
	liveSeedOffset  = 3_000_003
)

// benchQuery is one search as a person would type it.
type benchQuery struct {
	text     string
	lang     string
	category string // a filter, or ""
	status   string // a filter, or ""
	typo     bool
}

// Words too common to be what someone searches for; the analyzers drop
// most of them anyway.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		that this with have from when what since after does anyone there their they been also just still only
		your about into over than then them will would could should again every other some more very here
		seit nicht auch eine einem einen einer eines mein meine meinem meinen meiner habe hatte wird wurde
		dass doch noch kann können immer wieder schon beim über unter nach oder aber sind sein seine ihre
		jemand etwas keine kein hier dort dann wenn weil ganz sehr mehr`) {
		m[w] = true
	}
	return m
}()

// contentWords returns the words of text worth searching for.
func contentWords(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if utf8.RuneCountInString(w) >= 4 && !commonWords[strings.ToLower(w)] {
			out = append(out, w)
		}
	}
	return out
}

// typo swaps two neighbouring letters inside a word, the commonest slip.
func typo(r *rand.Rand, w string) string {
	rs := []rune(w)
	if len(rs) < 5 {
		return w
	}
	i := 1 + r.IntN(len(rs)-3)
	rs[i], rs[i+1] = rs[i+1], rs[i]
	return string(rs)
}

// makeQueries builds n queries of two to four words from the titles (and
// now and then the bodies) of threads the corpus does not hold: a tenth
// with a typo, a fifth with a filter, half typed in lower case.
func makeQueries(seed int64, n int) []benchQuery {
	r := rand.New(rand.NewPCG(uint64(seed), querySeedOffset)) // #nosec G115 G404 -- reproducible benchmark input from a seed
	out := make([]benchQuery, 0, n)
	_ = synth.Generate(synth.Options{Seed: seed + querySeedOffset}, 4*n, func(_ int, t *synth.Thread) error {
		if len(out) == n {
			return errDone
		}
		title, body := contentWords(t.Title), contentWords(t.Body)
		if len(title) < 2 {
			return nil
		}
		k := min(2+r.IntN(3), len(title))
		picked := make([]string, 0, k)
		start := r.IntN(len(title) - k + 1)
		picked = append(picked, title[start:start+k]...)
		if len(body) > 0 && r.IntN(10) < 3 {
			picked[r.IntN(len(picked))] = body[r.IntN(len(body))]
		}
		q := benchQuery{lang: t.Lang}
		if r.IntN(10) == 0 {
			i := r.IntN(len(picked))
			if w := typo(r, picked[i]); w != picked[i] {
				picked[i], q.typo = w, true
			}
		}
		switch x := r.IntN(20); {
		case x < 3:
			q.category = t.Category
		case x < 4:
			q.status = "solved"
		}
		q.text = strings.Join(picked, " ")
		if r.IntN(2) == 0 {
			q.text = strings.ToLower(q.text)
		}
		out = append(out, q)
		return nil
	})
	return out
}

// makeDrafts builds n drafts of a new question as the ask page sends them
// while someone types: the title and the first 300 characters of the body.
func makeDrafts(seed int64, n int) []forum.Draft {
	out := make([]forum.Draft, 0, n)
	_ = synth.Generate(synth.Options{Seed: seed + draftSeedOffset}, n, func(_ int, t *synth.Thread) error {
		out = append(out, forum.Draft{Title: t.Title, Body: cut(t.Body, 300)})
		return nil
	})
	return out
}

// cut returns the first n characters of s.
func cut(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// errDone stops a generator early.
var errDone = errors.New("done")

// ---- search ----

func (q benchQuery) search(now time.Time) forum.SearchQuery {
	return forum.SearchQuery{Text: q.text, Lang: q.lang, Category: q.category, Status: q.status,
		Page: 1, PerPage: 20, Now: now}
}

// benchSearch runs every query through the full path, the index alone and
// the LIKE baseline, interleaved and in rotating order, so that the
// machine's noise falls on all three alike. The first warm queries only
// warm the caches.
func benchSearch(ctx context.Context, svc *forum.Service, idx indexSearcher, like *likeBaseline, qs []benchQuery, warm int) (SearchReport, error) {
	rep := SearchReport{Modes: map[string]int{}}
	var tSvc, tIdx, tLike []time.Duration
	for i, q := range qs {
		record := i >= warm
		for k := range 3 {
			var err error
			start := time.Now()
			switch (i + k) % 3 {
			case 0:
				var res *forum.SearchResult
				res, err = svc.Search(ctx, nil, q.search(time.Time{}))
				d := time.Since(start)
				if err == nil && record {
					tSvc = append(tSvc, d)
					rep.Modes[res.Mode]++
					if len(res.Hits) > 0 {
						rep.FoundService++
					}
				}
			case 1:
				var res *forum.SearchHits
				res, err = idx.Search(ctx, q.search(time.Now()))
				d := time.Since(start)
				if err == nil && record && res != nil {
					tIdx = append(tIdx, d)
				}
			case 2:
				var n int
				n, err = like.search(ctx, q)
				d := time.Since(start)
				if err == nil && record {
					tLike = append(tLike, d)
					if n > 0 {
						rep.FoundBaseline++
					}
				}
			}
			if err != nil {
				return rep, fmt.Errorf("query %q: %w", q.text, err)
			}
		}
		if record {
			rep.Queries++
			if q.lang == "de" {
				rep.German++
			}
			if q.typo {
				rep.Typos++
			}
			if q.category != "" || q.status != "" {
				rep.Filtered++
			}
		}
	}
	rep.Service, rep.Index, rep.Baseline = latency(tSvc), latency(tIdx), latency(tLike)
	return rep, nil
}

// indexSearcher is what the benchmark calls on the index directly.
type indexSearcher interface {
	Search(ctx context.Context, q forum.SearchQuery) (*forum.SearchHits, error)
	Similar(ctx context.Context, d forum.Draft, limit int) ([]forum.SimilarHit, error)
}

// likeBaseline is Apache Answer's search: every word somewhere in the
// title, by SQL LIKE, twenty rows.
type likeBaseline struct {
	db   *sql.DB
	cats map[string]int64
}

func openLikeBaseline(ctx context.Context, path string) (*likeBaseline, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_query_only=1&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	b := &likeBaseline{db: db, cats: map[string]int64{}}
	rows, err := db.QueryContext(ctx, `SELECT id, slug FROM categories`)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			_ = db.Close()
			return nil, err
		}
		b.cats[slug] = id
	}
	return b, rows.Err()
}

func (b *likeBaseline) Close() error { return b.db.Close() }

// likeSQL is the shape of the baseline's query, for the report.
const likeSQL = `SELECT id, title FROM threads WHERE title LIKE '%w1%' ESCAPE '\' AND ... AND deleted_at IS NULL LIMIT 20`

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func (b *likeBaseline) search(ctx context.Context, q benchQuery) (int, error) {
	var where []string
	var args []any
	for _, w := range strings.Fields(q.text) {
		where = append(where, `title LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscaper.Replace(w)+"%")
	}
	if q.category != "" {
		where = append(where, `category_id = ?`)
		args = append(args, b.cats[q.category])
	}
	if q.status == "solved" {
		where = append(where, `accepted_post_id IS NOT NULL`)
	}
	where = append(where, `deleted_at IS NULL AND hidden_at IS NULL AND merged_into_id IS NULL`)
	// #nosec G202 -- fixed fragments; the words go in args.
	rows, err := b.db.QueryContext(ctx, `SELECT id, title FROM threads WHERE `+strings.Join(where, " AND ")+` LIMIT 20`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return 0, err
		}
		n++
	}
	return n, rows.Err()
}

// ---- similar ----

// benchSimilar runs every draft through Service.Similar and Index.Similar,
// interleaved.
func benchSimilar(ctx context.Context, svc *forum.Service, idx indexSearcher, drafts []forum.Draft, warm int) (SimilarReport, error) {
	var rep SimilarReport
	var tSvc, tIdx []time.Duration
	for i, d := range drafts {
		record := i >= warm
		for k := range 2 {
			start := time.Now()
			if (i+k)%2 == 0 {
				res, err := svc.Similar(ctx, nil, d)
				if err != nil {
					return rep, fmt.Errorf("similar %q: %w", d.Title, err)
				}
				if record {
					tSvc = append(tSvc, time.Since(start))
					if len(res.Threads) > 0 {
						rep.Shown++
					}
				}
			} else {
				dd := d
				dd.Lang = forum.DetectLanguage(d.Title+" "+d.Body, "")
				if _, err := idx.Similar(ctx, dd, 30); err != nil {
					return rep, fmt.Errorf("similar %q: %w", d.Title, err)
				}
				if record {
					tIdx = append(tIdx, time.Since(start))
				}
			}
		}
		if record {
			rep.Drafts++
		}
	}
	rep.Service, rep.Index = latency(tSvc), latency(tIdx)
	return rep, nil
}

// Query is one search of the benchmark's load, for other measurements of
// the same load (search/pgfts): the text and its language, without the
// filters a fifth of them carry here.
type Query struct{ Text, Lang string }

// Queries returns the n searches `chorus bench search` runs for seed.
func Queries(seed int64, n int) []Query {
	qs := makeQueries(seed, n)
	out := make([]Query, len(qs))
	for i, q := range qs {
		out[i] = Query{Text: q.text, Lang: q.lang}
	}
	return out
}

// Drafts returns the n similar-question drafts `chorus bench search`
// runs for seed.
func Drafts(seed int64, n int) []forum.Draft { return makeDrafts(seed, n) }
