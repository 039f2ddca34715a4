package pgfts_test

// The measurement of docs/pgfts-measurement.md. Without CHORUS_TEST_POSTGRES
// every test and benchmark here skips.
//
//	CHORUS_TEST_POSTGRES='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	    go test -count=1 -v -run . ./search/pgfts/             # quality and German checks, ~30 s
//	CHORUS_TEST_POSTGRES=... go test -run '^$' -bench FTS -benchtime=1x -count=6 -timeout=90m ./search/pgfts/  # ~35 min
//
// The tests log their tables (with -v); the benchmarks report medians and
// 99th percentiles per query as metrics, for benchstat.

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
	"github.com/chorus-forum/chorus/search"
	"github.com/chorus-forum/chorus/search/eval"
	"github.com/chorus-forum/chorus/search/pgfts"
	"github.com/chorus-forum/chorus/search/searchbench"
)

// ---- the two backends on the same threads ----

// openPG opens a fresh schema of CHORUS_TEST_POSTGRES (it skips without
// it) with an empty threads table.
func openPG(tb testing.TB) *pgfts.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := pgfts.Open(ctx, storetest.Schema(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(db.Close)
	if err := db.CreateTable(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// loadPG loads threads into db and builds the index.
func loadPG(tb testing.TB, db *pgfts.DB, threads []pgfts.Thread) {
	tb.Helper()
	ctx := context.Background()
	if err := db.Load(ctx, threads); err != nil {
		tb.Fatal(err)
	}
	if err := db.CreateIndex(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := db.Vacuum(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := db.CreateWords(ctx); err != nil {
		tb.Fatal(err)
	}
}

// bleveForum is a real Chorus forum: a SQLite store in a test folder, the
// Bleve index rebuilt from it, and the service over both.
type bleveForum struct {
	store *sqlstore.DB
	ix    *search.Index
	svc   *forum.Service
}

// newBleveForum stores threads (their IDs are ignored) as questions of one
// category, indexes them, and returns the forum and the thread IDs the
// store gave them, in order.
func newBleveForum(tb testing.TB, threads []pgfts.Thread) (*bleveForum, []int64) {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "chorus.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = store.Close() })
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	u := &forum.User{Username: "asker", Email: "asker@example.invalid", PasswordHash: "!no-login", Role: forum.RoleMember, CreatedAt: at}
	if err := store.CreateUser(ctx, u); err != nil {
		tb.Fatal(err)
	}
	cat := &forum.Category{Slug: "hilfe", Name: "Hilfe", ResponseTargetHours: 24}
	if err := store.CreateCategory(ctx, cat, nil); err != nil {
		tb.Fatal(err)
	}
	render := markdown.New()
	ids := make([]int64, len(threads))
	for i, t := range threads {
		html, err := render.Render(t.Body)
		if err != nil {
			tb.Fatal(err)
		}
		th := &forum.Thread{CategoryID: cat.ID, CategorySlug: cat.Slug, CategoryName: cat.Name, Title: t.Title,
			Slug: forum.Slugify(t.Title), Author: u.Ref(), Lang: t.Lang, CreatedAt: at, LastActivityAt: at}
		q := &forum.Post{Author: u.Ref(), IsQuestion: true, BodyMD: t.Body, BodyHTML: html, CreatedAt: at}
		if err := store.CreateThread(ctx, th, q); err != nil {
			tb.Fatal(err)
		}
		ids[i] = th.ID
	}
	ix, err := search.Open(ctx, filepath.Join(dir, "search"), store, search.Options{Logger: quiet})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	if _, err := ix.Rebuild(ctx, nil); err != nil {
		tb.Fatal(err)
	}
	svc := forum.NewService(store, markdown.New(), noPasswords{})
	svc.SetSearchIndex(ix)
	return &bleveForum{store: store, ix: ix, svc: svc}, ids
}

var quiet = slog.New(slog.DiscardHandler)

// noPasswords is the hasher of a forum where nobody logs in.
type noPasswords struct{}

var errNoPasswords = errors.New("the measurement forum has no passwords")

func (noPasswords) Hash(string) (string, error)               { return "", errNoPasswords }
func (noPasswords) Verify(string, string) (bool, bool, error) { return false, false, errNoPasswords }

func hitIDs(hits []pgfts.Hit) []int64 {
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

// ---- the SQL itself ----

func TestSQL(t *testing.T) {
	db := openPG(t)
	ctx := context.Background()
	loadPG(t, db, []pgfts.Thread{
		{ID: 1, Lang: "de", Title: "Drucker druckt nicht", Body: "Der Drucker zeigt einen Fehler an."},
		{ID: 2, Lang: "de", Title: "Fehler beim Login", Body: "Nach dem Update kommt ein Fehler, auch am Drucker."},
		{ID: 3, Lang: "en", Title: "Printer shows an error", Body: "My printers all show error 0x80070005."},
		{ID: 4, Lang: "fr", Title: "Imprimante", Body: "Stored as English, as Chorus's index treats other languages."},
	})
	search := func(q pgfts.Query) []int64 {
		t.Helper()
		hits, err := db.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return hitIDs(hits)
	}
	for _, tc := range []struct {
		name string
		q    pgfts.Query
		want []int64
	}{
		{"all words must match", pgfts.Query{Text: "Drucker Login", Lang: "de"}, []int64{2}},
		{"all words must match, none has both", pgfts.Query{Text: "zeigt Login", Lang: "de"}, nil},
		{"any word, with Any", pgfts.Query{Text: "zeigt Login", Lang: "de", Mode: pgfts.AnyWord}, []int64{2, 1}},
		{"a title match (A) ranks above a body match (B)", pgfts.Query{Text: "Drucker", Lang: "de"}, []int64{1, 2}},
		{"German inflection in the German configuration", pgfts.Query{Text: "Druckers Fehlern", Lang: "de"}, []int64{1, 2}},
		{"English plural in the English configuration", pgfts.Query{Text: "printers errors", Lang: "en"}, []int64{3}},
		{"the German configuration does not stem English", pgfts.Query{Text: "printers", Lang: "de"}, nil},
		{"unknown language: either configuration", pgfts.Query{Text: "printers"}, []int64{3}},
		{"exclude", pgfts.Query{Text: "Drucker", Lang: "de", Exclude: 1}, []int64{2}},
		{"limit", pgfts.Query{Text: "Drucker", Lang: "de", Limit: 1}, []int64{1}},
		{"websearch syntax: -not", pgfts.Query{Text: "Fehler -Login", Lang: "de"}, []int64{1}},
		{"websearch syntax: phrase", pgfts.Query{Text: `"Fehler beim"`, Lang: "de"}, []int64{2}},
		{"stop words only find nothing", pgfts.Query{Text: "der die das", Lang: "de"}, nil},
		{"quotes and minus are words with Any", pgfts.Query{Text: `"Drucker -Fehler`, Lang: "de", Mode: pgfts.AnyWord}, []int64{1, 2}},
		{"another language is stored as English", pgfts.Query{Text: "languages", Lang: "en"}, []int64{4}},
		{"rare words: any of them", pgfts.Query{Text: "Login zeigt", Lang: "de", Mode: pgfts.RareWords}, []int64{2, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := search(tc.q); !slices.Equal(got, tc.want) {
				t.Errorf("%+v: %v, want %v", tc.q, got, tc.want)
			}
		})
	}
	ranks, err := db.Rank(ctx, pgfts.Query{Text: "Drucker", Lang: "de"}, []int64{1, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(ranks) != 2 || !(ranks[1] > ranks[2]) || ranks[2] <= 0 {
		t.Errorf("Rank = %v, want threads 1 and 2, 1 higher", ranks)
	}
	s, err := db.Sizes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.GIN <= 0 || s.TSVector <= 0 || s.Table < s.GIN {
		t.Errorf("sizes %+v", s)
	}
	for _, tc := range []struct {
		q    pgfts.Query
		want string
	}{
		{pgfts.Query{Text: "Drucker Login", Lang: "de"}, "'druck' & 'login'"},
		{pgfts.Query{Text: "Drucker Login", Lang: "de", Mode: pgfts.AnyWord}, "'druck' | 'login'"},
		{pgfts.Query{Text: "printers", Lang: ""}, "'print' | 'printer'"},
		// The rarest first: "login" is in one thread, "druck" in two;
		// "zzz" in none, so it cannot match and is left out.
		{pgfts.Query{Text: "Drucker Login zzz", Lang: "de", Mode: pgfts.RareWords}, "'login' | 'druck'"},
		{pgfts.Query{Text: "der die das", Lang: "de", Mode: pgfts.RareWords}, ""},
	} {
		got, err := db.TSQuery(ctx, tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("TSQuery(%+v) = %q, want %q", tc.q, got, tc.want)
		}
	}
	if got := pgfts.AnyWords(`Router "neu" -starten or OR wie?`); got != "Router or neu or starten or wie" {
		t.Errorf("AnyWords = %q", got)
	}
}

// ---- German behaviour that matters to our users ----

// germanThreads are the threads of the checks, by key.
var germanThreads = []struct {
	key string
	pgfts.Thread
}{
	{"routerneustart", pgfts.Thread{Lang: "de", Title: "Routerneustart hilft nicht", Body: "Nach jedem Routerneustart ist das WLAN für zehn Minuten weg."}},
	{"router-neu", pgfts.Thread{Lang: "de", Title: "Router startet nachts neu", Body: "Der Router macht jede Nacht einen Neustart, danach ist das Telefon tot."}},
	{"verbindung", pgfts.Thread{Lang: "de", Title: "Verbindung bricht ständig ab", Body: "Seit dem Update bricht die Verbindung alle paar Minuten ab."}},
	{"wlan-passwort", pgfts.Thread{Lang: "de", Title: "WLAN-Passwort vergessen", Body: "Ich habe das WLAN-Passwort vergessen. Wo finde ich es wieder?"}},
	{"störung", pgfts.Thread{Lang: "de", Title: "Störung im Festnetz", Body: "Seit Montag gibt es eine Störung, das Telefon hat kein Freizeichen."}},
	{"stoerung", pgfts.Thread{Lang: "de", Title: "Stoerung beim Fernsehen", Body: "Das Bild hat eine Stoerung und friert ein, seit heute morgen."}},
	{"straße", pgfts.Thread{Lang: "de", Title: "Bauarbeiten in der Straße", Body: "In unserer Straße wird gebaut, seitdem ist der Anschluss tot."}},
	{"gerät", pgfts.Thread{Lang: "de", Title: "Gerät startet nicht mehr", Body: "Mein Gerät startet nicht mehr, die Lampe bleibt aus."}},
	{"rechnung", pgfts.Thread{Lang: "de", Title: "Rechnung ist zu hoch", Body: "Meine Rechnung ist diesen Monat viel zu hoch, bitte um Hilfe."}},
	{"firmware", pgfts.Thread{Lang: "de", Title: "Firmware-Update für den Router bricht ab", Body: "Das Firmware-Update lädt bis 90 Prozent und bricht dann ab."}},
	{"en-router", pgfts.Thread{Lang: "en", Title: "My router restarts every night", Body: "The router restarts every night at 3am and the lights go out."}},
	{"en-update", pgfts.Thread{Lang: "en", Title: "Printer offline after the Windows update", Body: "Since the latest Windows update my printer shows as offline."}},
}

// germanChecks say, for each query, whether each backend finds the thread
// (in its first ten): Bleve through Service.Search as the search box calls
// it, PostgreSQL with the query parsed in the reader's language, and in
// both. They record what was measured; a failure means a version of
// Bleve, Chorus or PostgreSQL behaves otherwise, and the table in
// docs/pgfts-measurement.md needs the new result.
var germanChecks = []struct {
	kind, query, lang, thread string
	bleve, pgLang, pgBoth     bool
	mode                      string // how Bleve matched, when not by the analysis ("all")
}{
	{"compound, parts typed", "router neustart", "de", "routerneustart", true, false, false, ""},
	{"compound typed, parts in the thread", "Routerneustart", "de", "router-neu", true, false, false, ""},
	{"compound typed, one part in the thread", "Verbindungsabbruch", "de", "verbindung", true, false, false, ""},
	{"hyphenated compound, parts typed", "wlan passwort", "de", "wlan-passwort", true, true, true, ""},
	{"hyphenated compound typed whole", "WLAN-Passwort", "de", "wlan-passwort", true, true, true, ""},
	{"oe typed, ö in the thread", "Stoerung", "de", "störung", true, false, false, ""},
	{"ö typed, oe in the thread", "Störung", "de", "stoerung", true, false, false, ""},
	{"ae typed, ä in the thread", "Geraet startet nicht", "de", "gerät", true, false, false, ""},
	{"ss typed, ß in the thread", "Strasse", "de", "straße", true, true, true, ""},
	{"inflection (control)", "Rechnungen", "de", "rechnung", true, true, true, ""},
	{"umlaut typed as umlaut, plural (control)", "Geräte", "de", "gerät", true, true, true, ""},
	{"English words, German thread", "router firmware update", "en", "firmware", true, false, true, ""},
	{"English plural, German reader", "routers", "de", "en-router", true, false, true, ""},
	{"German reader, English thread, shared words", "Windows Update offline", "de", "en-update", true, false, true, ""},
	{"mixed words, language unknown", "Router Neustart", "", "router-neu", true, true, true, ""},
	{"typo", "Rechnnug", "de", "rechnung", true, false, false, "fuzzy"},
}

func TestGermanBehaviour(t *testing.T) {
	db := openPG(t)
	ctx := context.Background()
	threads := make([]pgfts.Thread, len(germanThreads))
	for i, g := range germanThreads {
		threads[i] = g.Thread
	}
	f, ids := newBleveForum(t, threads)
	byKey := map[string]int64{}
	for i, g := range germanThreads {
		threads[i].ID = ids[i]
		byKey[g.key] = ids[i]
	}
	loadPG(t, db, threads)

	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "**no**"
	}
	var table strings.Builder
	fmt.Fprintf(&table, "| what | query | reader | thread | Bleve (Chorus) | PostgreSQL, reader's configuration | PostgreSQL, both configurations |\n|---|---|---|---|---|---|---|\n")
	for _, c := range germanChecks {
		id, ok := byKey[c.thread]
		if !ok {
			t.Fatalf("no thread %q", c.thread)
		}
		res, err := f.svc.Search(ctx, nil, forum.SearchQuery{Text: c.query, Lang: c.lang, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		bleve := false
		for _, h := range res.Hits {
			bleve = bleve || h.Thread.ID == id
		}
		found := func(lang string) bool {
			hits, err := db.Search(ctx, pgfts.Query{Text: c.query, Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			return slices.Contains(hitIDs(hits), id)
		}
		pgLang, pgBoth := found(c.lang), found("")
		mode := ""
		if bleve && res.Mode != "all" {
			mode = " (" + res.Mode + ")" // found by a fallback, not the analysis
		}
		reader := c.lang
		if reader == "" {
			reader = "unknown"
		}
		fmt.Fprintf(&table, "| %s | `%s` | %s | %s | %s%s | %s | %s |\n", c.kind, c.query, reader,
			threads[slices.Index(ids, id)].Title, yes(bleve), mode, yes(pgLang), yes(pgBoth))
		wantMode := c.mode
		if wantMode == "" {
			wantMode = "all"
		}
		if bleve != c.bleve || pgLang != c.pgLang || pgBoth != c.pgBoth || bleve && res.Mode != wantMode {
			t.Errorf("%s %q: Bleve %v (mode %s), PostgreSQL %v, both %v; recorded %v (mode %s), %v, %v: update docs/pgfts-measurement.md",
				c.kind, c.query, bleve, res.Mode, pgLang, pgBoth, c.bleve, wantMode, c.pgLang, c.pgBoth)
		}
	}
	t.Logf("German behaviour (found among the first ten):\n%s", table.String())
}

// ---- quality on the labelled set ----

// semevalDir is where the SemEval-2016 set lives, outside the repository.
func semevalDir() string {
	if d := os.Getenv("CHORUS_SEMEVAL_DIR"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared", "data", "semeval2016")
}

func readSemEval(t *testing.T) ([]eval.Question, []eval.Pair) {
	t.Helper()
	open := func(name string) *os.File {
		f, err := os.Open(filepath.Join(semevalDir(), name))
		if err != nil {
			t.Skipf("SemEval-2016 data not found (%v); it lives in ../shared/data/semeval2016 or CHORUS_SEMEVAL_DIR", err)
		}
		t.Cleanup(func() { _ = f.Close() })
		return f
	}
	qf, pf := open("questions.jsonl"), open("pairs_dev.tsv")
	questions, err := eval.ReadQuestions(qf)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := eval.ReadPairs(pf)
	if err != nil {
		t.Fatal(err)
	}
	return questions, pairs
}

// qualityRow is one line of the quality table; a negative figure was not
// measured for that row.
type qualityRow struct {
	name                  string
	m                     eval.Metrics
	r                     eval.RecallMetrics
	neutralMAP, unmatched float64
	// What it ranked, for the paired differences: each query's scores
	// of its own candidates, and its first ten in the whole set.
	scores    map[string][]eval.Scored
	retrieved map[string][]string
}

func TestQualitySemEval(t *testing.T) {
	questions, pairs := readSemEval(t)
	db := openPG(t) // skips without PostgreSQL before the slow part
	ctx := context.Background()
	start := time.Now()

	// Bleve, as `chorus eval similar` measures it.
	chorus, chorusRecall, err := search.EvaluateSimilar(ctx, t.TempDir(), questions, pairs, search.DefaultRerankWeights)
	if err != nil {
		t.Fatal(err)
	}
	indexOnly, indexOnlyRecall, err := search.EvaluateSimilar(ctx, t.TempDir(), questions, pairs, search.RerankWeights{Index: 1})
	if err != nil {
		t.Fatal(err)
	}

	// The same questions in a Chorus forum (for the search box and the
	// reranker) and in PostgreSQL, with the language EvaluateSimilar gives
	// them.
	threads := make([]pgfts.Thread, len(questions))
	for i, q := range questions {
		threads[i] = pgfts.Thread{Lang: forum.DetectLanguage(q.Title+" "+q.Body, "en"), Title: q.Title, Body: q.Body}
	}
	f, ids := newBleveForum(t, threads)
	tid := make(map[string]int64, len(questions))
	qid := make(map[int64]string, len(questions))
	qOf := make(map[int64]int, len(questions))
	for i, q := range questions {
		threads[i].ID = ids[i]
		tid[q.ID], qid[ids[i]], qOf[ids[i]] = ids[i], q.ID, i
	}
	loadPG(t, db, threads)
	stored, err := f.store.ThreadsByIDs(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	thread := make(map[int64]forum.Thread, len(stored))
	for _, th := range stored {
		thread[th.ID] = th
	}

	order := []string{}
	cands := map[string][]int64{}
	for _, p := range pairs {
		if _, ok := cands[p.Query]; !ok {
			order = append(order, p.Query)
		}
		cands[p.Query] = append(cands[p.Query], tid[p.Candidate])
	}
	toQIDs := func(list []int64, self int64, n int) []string {
		var out []string
		for _, id := range list {
			if id != self && len(out) < n {
				out = append(out, qid[id])
			}
		}
		return out
	}

	// pgRow scores each query's own candidates with ts_rank_cd (Rank), and
	// takes its first ten in the whole set (Search), for a query text. It
	// keeps the first 30 hits of each query in pool.
	pool := map[string][]pgfts.Hit{}
	pgRow := func(name string, text func(q eval.Question) string, mode pgfts.Mode) qualityRow {
		scores := map[string][]eval.Scored{}
		neutral := map[string][]eval.Scored{}
		retrieved := map[string][]string{}
		var unmatched, all int
		for _, qq := range order {
			id := tid[qq]
			q := questions[qOf[id]]
			pq := pgfts.Query{Text: text(q), Lang: threads[qOf[id]].Lang, Mode: mode}
			ranks, err := db.Rank(ctx, pq, cands[qq])
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cands[qq] {
				all++
				if r, ok := ranks[c]; ok {
					scores[qq] = append(scores[qq], eval.Scored{Candidate: qid[c], Score: r})
				} else {
					unmatched++
				}
			}
			neutral[qq] = neutralOrder(cands[qq], ranks, qid)
			pq.Exclude, pq.Limit = id, 30
			hits, err := db.Search(ctx, pq)
			if err != nil {
				t.Fatal(err)
			}
			retrieved[qq], pool[qq] = toQIDs(hitIDs(hits), id, 10), hits
		}
		return qualityRow{name: name, m: eval.Rerank(pairs, scores), r: eval.Recall(pairs, retrieved),
			neutralMAP: eval.Rerank(pairs, neutral).MAP, unmatched: 100 * float64(unmatched) / float64(all),
			scores: scores, retrieved: retrieved}
	}
	titleBody := func(q eval.Question) string { return q.Title + "\n" + q.Body }
	title := func(q eval.Question) string { return q.Title }
	pgTitle := pgRow("PostgreSQL: all words of the title (websearch_to_tsquery), ts_rank_cd", title, pgfts.AllWords)
	pgRare := pgRow("PostgreSQL: the rarest words of title and body (Chorus's term selection), ts_rank_cd", titleBody, pgfts.RareWords)
	pgAny := pgRow("PostgreSQL: any word of title and body, ts_rank_cd", titleBody, pgfts.AnyWord) // last: its hits stay in pool

	// PostgreSQL's candidates, reranked by Chorus: the rerank is Go code
	// over the candidates' text, so it could run on any backend, but its
	// idf comes from the Bleve index here (PostgreSQL would need a
	// document-frequency table of its own).
	draft := func(id int64) forum.Draft {
		q := questions[qOf[id]]
		return forum.Draft{Title: q.Title, Body: q.Body, Lang: threads[qOf[id]].Lang, ExcludeID: id}
	}
	docs := func(list []int64, score map[int64]float64) []forum.SimilarDoc {
		out := make([]forum.SimilarDoc, 0, len(list))
		for _, id := range list {
			out = append(out, forum.SimilarDoc{Thread: thread[id], Body: questions[qOf[id]].Body, IndexScore: score[id]})
		}
		return out
	}
	hybrid := qualityRow{name: "PostgreSQL candidates (any word, first 30) reranked by Chorus", neutralMAP: -1, unmatched: -1}
	{
		scores := map[string][]eval.Scored{}
		retrieved := map[string][]string{}
		for _, qq := range order {
			id := tid[qq]
			for _, d := range f.ix.RerankWith(search.DefaultRerankWeights, draft(id), docs(cands[qq], nil)) {
				scores[qq] = append(scores[qq], eval.Scored{Candidate: qid[d.Thread.ID], Score: d.Similarity})
			}
			hits := pool[qq]
			rank := map[int64]float64{}
			for _, h := range hits {
				rank[h.ID] = h.Rank
			}
			var list []int64
			for _, d := range f.ix.RerankWith(search.DefaultRerankWeights, draft(id), docs(hitIDs(hits), rank)) {
				list = append(list, d.Thread.ID)
			}
			retrieved[qq] = toQIDs(list, id, 10)
		}
		hybrid.m, hybrid.r = eval.Rerank(pairs, scores), eval.Recall(pairs, retrieved)
		hybrid.scores, hybrid.retrieved = scores, retrieved
	}

	// Chorus's own candidates from this forum's index, the way
	// EvaluateSimilar takes them (Similar, 30 of them, the rerank, the
	// first ten), for per-query differences: EvaluateSimilar gives only
	// the means. Its rerank of each query's own candidates is the hybrid's.
	chorusLists := map[string][]string{}
	for _, qq := range order {
		id := tid[qq]
		hits, err := f.ix.Similar(ctx, draft(id), 60)
		if err != nil {
			t.Fatal(err)
		}
		var candidates, list []int64
		rank := map[int64]float64{}
		for _, h := range hits {
			if h.ID != id && len(candidates) < 30 {
				candidates, rank[h.ID] = append(candidates, h.ID), h.Score
			}
		}
		for _, d := range f.ix.RerankWith(search.DefaultRerankWeights, draft(id), docs(candidates, rank)) {
			list = append(list, d.Thread.ID)
		}
		chorusLists[qq] = toQIDs(list, id, 10)
	}
	if r := eval.Recall(pairs, chorusLists); math.Abs(r.RecallAt10-chorusRecall.RecallAt10) > 2 {
		t.Errorf("Chorus's candidates from this forum: recall@10 %.2f, EvaluateSimilar's %.2f: not the same ranking", r.RecallAt10, chorusRecall.RecallAt10)
	}

	// The search box, with each query's title typed into it: Chorus's
	// whole path (all words, then any, then fuzzy), and PostgreSQL's all
	// words, then any word when that finds nothing.
	refused := 0
	boxBleve := map[string][]string{}
	boxPG := map[string][]string{}
	for _, qq := range order {
		id := tid[qq]
		q := questions[qOf[id]]
		res, err := f.svc.Search(ctx, nil, forum.SearchQuery{Text: q.Title, Lang: threads[qOf[id]].Lang, PerPage: 11})
		var list []int64
		switch {
		case err == nil:
			for _, h := range res.Hits {
				list = append(list, h.Thread.ID)
			}
		case forum.ErrorKind(err) == forum.Invalid:
			refused++
		default:
			t.Fatal(err)
		}
		boxBleve[qq] = toQIDs(list, id, 10)
		pq := pgfts.Query{Text: q.Title, Lang: threads[qOf[id]].Lang, Exclude: id}
		hits, err := db.Search(ctx, pq)
		if err == nil && len(hits) == 0 {
			pq.Mode = pgfts.AnyWord
			hits, err = db.Search(ctx, pq)
		}
		if err != nil {
			t.Fatal(err)
		}
		boxPG[qq] = toQIDs(hitIDs(hits), id, 10)
	}

	// The order of the pairs file: for SemEval, the search engine's.
	fileOrder := map[string][]eval.Scored{}
	for _, p := range pairs {
		fileOrder[p.Query] = append(fileOrder[p.Query], eval.Scored{Candidate: p.Candidate, Score: -float64(len(fileOrder[p.Query]))})
	}
	none := eval.RecallMetrics{Queries: -1}
	notRanked := eval.Metrics{MAP: -1, MRR: -1, PrecisionAt1: -1}
	rows := []qualityRow{
		{name: "Bleve: Chorus similar questions (MLT, then the rerank), `chorus eval similar`", m: chorus, r: chorusRecall, neutralMAP: -1, unmatched: -1},
		{name: "Bleve: the MLT query's BM25 score alone, no rerank", m: indexOnly, r: indexOnlyRecall, neutralMAP: -1, unmatched: -1},
		pgAny,
		pgRare,
		pgTitle,
		hybrid,
		{name: "Bleve search box: the title through Service.Search", m: notRanked, r: eval.Recall(pairs, boxBleve), neutralMAP: -1, unmatched: -1},
		{name: "PostgreSQL search box: all words of the title, else any", m: notRanked, r: eval.Recall(pairs, boxPG), neutralMAP: -1, unmatched: -1},
		{name: "reference: the pairs file's order (the search engine's ranking)", m: eval.Rerank(pairs, fileOrder), r: none, neutralMAP: -1, unmatched: -1},
	}
	num := func(v float64) string {
		if v < 0 {
			return ""
		}
		return fmt.Sprintf("%.2f", v)
	}
	var table strings.Builder
	fmt.Fprintf(&table, "| system | MAP | MRR | P@1 | recall@5 | recall@10 | MAP, ties in neutral order | candidates unmatched |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		rec5, rec10 := r.r.RecallAt5, r.r.RecallAt10
		if r.r.Queries < 0 {
			rec5, rec10 = -1, -1
		}
		unmatched := ""
		if r.unmatched >= 0 {
			unmatched = fmt.Sprintf("%.0f%%", r.unmatched)
		}
		fmt.Fprintf(&table, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.name, num(r.m.MAP), num(r.m.MRR), num(r.m.PrecisionAt1),
			num(rec5), num(rec10), num(r.neutralMAP), unmatched)
	}
	var diffs strings.Builder
	ap := func(scores map[string][]eval.Scored) func([]eval.Pair) (float64, bool) {
		return func(sub []eval.Pair) (float64, bool) { return eval.Rerank(sub, scores).MAP, true }
	}
	rec := func(lists map[string][]string) func([]eval.Pair) (float64, bool) {
		return func(sub []eval.Pair) (float64, bool) {
			r := eval.Recall(sub, lists)
			return r.RecallAt10, r.Queries > 0
		}
	}
	for _, d := range []struct {
		what string
		a, b func([]eval.Pair) (float64, bool)
	}{
		{"MAP: Chorus − PostgreSQL any word", ap(hybrid.scores), ap(pgAny.scores)},
		{"MAP: Chorus − PostgreSQL rarest words", ap(hybrid.scores), ap(pgRare.scores)},
		{"recall@10: Chorus − PostgreSQL any word", rec(chorusLists), rec(pgAny.retrieved)},
		{"recall@10: Chorus − PostgreSQL rarest words", rec(chorusLists), rec(pgRare.retrieved)},
		{"recall@10: Chorus − PostgreSQL candidates reranked by Chorus", rec(chorusLists), rec(hybrid.retrieved)},
		{"recall@10: PostgreSQL candidates reranked by Chorus − PostgreSQL any word", rec(hybrid.retrieved), rec(pgAny.retrieved)},
		{"recall@10: PostgreSQL search box − Bleve search box", rec(boxPG), rec(boxBleve)},
	} {
		mean, se, n := paired(perQuery(pairs, order, d.a), perQuery(pairs, order, d.b))
		fmt.Fprintf(&diffs, "- %s: %+.2f ± %.2f (paired standard error over %d queries)\n", d.what, mean, se, n)
	}
	t.Logf("SemEval-2016 Task 3 B dev: %d questions, %d queries (%d with a relevant candidate), %d pairs; %d titles refused by the search box; %.1f s\n%s\n%s",
		len(questions), chorus.Queries, chorusRecall.Queries, len(pairs), refused, time.Since(start).Seconds(), table.String(), diffs.String())

	// What the doc's reasoning rests on, checked so that it stays true.
	if math.Abs(hybrid.m.MAP-chorus.MAP) > 0.5 {
		t.Errorf("the rerank of the same candidates gave MAP %.2f here and %.2f in EvaluateSimilar: the comparison is not like for like", hybrid.m.MAP, chorus.MAP)
	}
	for _, r := range rows[:6] {
		if r.m.Queries != 81 || r.m.MAP <= 0 || r.m.MAP > 100 {
			t.Errorf("%s: %+v", r.name, r.m)
		}
	}
}

// perQuery measures each query of pairs on its own pairs, in order; a
// query the measure does not count (recall of a query with no relevant
// candidate) is NaN.
func perQuery(pairs []eval.Pair, order []string, measure func([]eval.Pair) (float64, bool)) []float64 {
	by := map[string][]eval.Pair{}
	for _, p := range pairs {
		by[p.Query] = append(by[p.Query], p)
	}
	out := make([]float64, len(order))
	for i, q := range order {
		v, ok := measure(by[q])
		if !ok {
			v = math.NaN()
		}
		out[i] = v
	}
	return out
}

// paired is the mean of a−b over the queries both count, its standard
// error, and how many queries that is.
func paired(a, b []float64) (mean, se float64, n int) {
	var d []float64
	for i := range a {
		if !math.IsNaN(a[i]) && !math.IsNaN(b[i]) {
			d = append(d, a[i]-b[i])
		}
	}
	n = len(d)
	if n < 2 {
		return 0, 0, n
	}
	for _, x := range d {
		mean += x
	}
	mean /= float64(n)
	var ss float64
	for _, x := range d {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n)), n
}

// neutralOrder ranks candidates by rank, best first, and the unmatched
// and tied ones in an order that has nothing to do with the pairs file
// (whose order is the search engine's ranking, which eval.Rerank would
// otherwise hand them): by a hash of the candidate's question ID.
func neutralOrder(cands []int64, rank map[int64]float64, qid map[int64]string) []eval.Scored {
	hash := func(id int64) uint64 {
		h := fnv.New64a()
		_, _ = h.Write([]byte(qid[id]))
		return h.Sum64()
	}
	sorted := slices.Clone(cands)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if rank[a] != rank[b] {
			return rank[a] > rank[b]
		}
		return hash(a) < hash(b)
	})
	out := make([]eval.Scored, len(sorted))
	for i, id := range sorted {
		out[i] = eval.Scored{Candidate: qid[id], Score: -float64(i)}
	}
	return out
}

// ---- speed on the synthetic corpus ----

// benchThreads is the corpus size: CHORUS_PGFTS_THREADS, 20,000 by default.
func benchThreads(b *testing.B) int {
	if s := os.Getenv("CHORUS_PGFTS_THREADS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 100 {
			b.Fatalf("CHORUS_PGFTS_THREADS=%q: want a number of threads, 100 or more", s)
		}
		return n
	}
	return 20_000
}

// benchDir keeps the corpus between runs: CHORUS_PGFTS_DIR, or
// chorus-pgfts-bench in the temp directory.
func benchDir() string {
	if d := os.Getenv("CHORUS_PGFTS_DIR"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "chorus-pgfts-bench")
}

// Queries per pass, and untimed ones before the first pass. PostgreSQL
// ranks every thread a draft's any-word query matches, most of the forum,
// at seconds per draft on 20,000 threads: the similar pass is short.
const (
	benchQueryCount   = 500
	benchQueryWarmups = 50
	benchDraftCount   = 40
	benchDraftWarmups = 5
)

// BenchmarkFTS measures both backends on the synthetic corpus of
// searchbench, in one process, against the same threads:
//
//   - build: search.Index.Rebuild from the SQLite forum into a new folder
//     (what a new node or a mapping change costs), and for PostgreSQL
//     reading the same threads from the SQLite forum, COPY (which computes
//     the tsvectors), the GIN index and VACUUM ANALYZE;
//   - search: searchbench's search-box queries, each through
//     search.Index.Search (IDs and facets) and through PostgreSQL in the
//     reader's configuration and in both, interleaved in rotating order so
//     that the machine's noise falls on all alike;
//   - similar: searchbench's drafts, through search.Index.Similar and
//     through PostgreSQL's any-word query, interleaved likewise.
//
// One op of search and similar is one pass over all queries; the metrics
// are per query (medians and 99th percentiles), ns/op is the pass. Run with
// -benchtime=1x and -count=6 or more, and compare medians across counts.
func BenchmarkFTS(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 20,000-thread forum; skipped with -short")
	}
	url := storetest.Schema(b)
	ctx := context.Background()
	corpus, err := searchbench.EnsureCorpus(ctx, searchbench.Options{Threads: benchThreads(b), Seed: 1, Dir: benchDir(), Progress: os.Stderr})
	if err != nil {
		b.Fatal(err)
	}
	// The corpus file is only read: the rebuild and the reading for COPY
	// both go through the store's read methods.
	store, err := sqlstore.Open(ctx, corpus.Path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = store.Close() })
	pg, err := pgfts.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pg.Close)
	dir := b.TempDir()
	queries := searchbench.Queries(1, benchQueryCount+benchQueryWarmups)
	drafts := searchbench.Drafts(1, benchDraftCount+benchDraftWarmups)

	var ix *search.Index
	var ixDir string
	builds := 0
	buildBleve := func() (time.Duration, int64) {
		d := filepath.Join(dir, fmt.Sprintf("bleve-%d", builds))
		next, err := search.Open(ctx, d, store, search.Options{Logger: quiet})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := next.Rebuild(ctx, nil); err != nil {
			b.Fatal(err)
		}
		took := time.Since(start)
		if ix != nil {
			_ = ix.Close()
			_ = os.RemoveAll(ixDir)
		}
		ix, ixDir = next, d
		b.Cleanup(func() { _ = next.Close() })
		return took, dirSize(d)
	}
	pgBuilt := false
	buildPG := func() (read, copied, indexed, vacuumed, words time.Duration) {
		start := time.Now()
		threads, err := readThreads(ctx, store)
		if err != nil {
			b.Fatal(err)
		}
		read = time.Since(start)
		if err := pg.CreateTable(ctx); err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		if err := pg.Load(ctx, threads); err != nil {
			b.Fatal(err)
		}
		copied = time.Since(start)
		start = time.Now()
		if err := pg.CreateIndex(ctx); err != nil {
			b.Fatal(err)
		}
		indexed = time.Since(start)
		start = time.Now()
		if err := pg.Vacuum(ctx); err != nil {
			b.Fatal(err)
		}
		vacuumed = time.Since(start)
		start = time.Now()
		if err := pg.CreateWords(ctx); err != nil {
			b.Fatal(err)
		}
		words = time.Since(start)
		pgBuilt = true
		return read, copied, indexed, vacuumed, words
	}

	// One op builds both, the first of the two alternating from op to op
	// (and -count run to run), so that a busy spell of the machine does
	// not fall on one backend's builds only.
	b.Run("build", func(b *testing.B) {
		var bleve, read, copied, indexed, vacuumed, words time.Duration
		var bleveSize int64
		for b.Loop() {
			builds++
			if builds%2 == 1 {
				bleve, bleveSize = buildBleve()
				read, copied, indexed, vacuumed, words = buildPG()
			} else {
				read, copied, indexed, vacuumed, words = buildPG()
				bleve, bleveSize = buildBleve()
			}
		}
		s, err := pg.Sizes(ctx)
		if err != nil {
			b.Fatal(err)
		}
		pgTotal := read + copied + indexed + vacuumed
		b.ReportMetric(bleve.Seconds(), "bleve-s")
		b.ReportMetric(float64(bleveSize)/(1<<20), "bleve-MiB")
		b.ReportMetric(pgTotal.Seconds(), "pg-s")
		b.ReportMetric(pgTotal.Seconds()/bleve.Seconds(), "pg/bleve-s")
		b.ReportMetric(read.Seconds(), "pg-read-s")
		b.ReportMetric(copied.Seconds(), "pg-copy-s")
		b.ReportMetric(indexed.Seconds(), "pg-gin-s")
		b.ReportMetric(vacuumed.Seconds(), "pg-vacuum-s")
		b.ReportMetric(words.Seconds(), "pg-words-s") // for RareWords only, not in pg-s
		b.ReportMetric(float64(s.GIN)/(1<<20), "pg-gin-MiB")
		b.ReportMetric(float64(s.TSVector)/(1<<20), "pg-tsvector-MiB")
		b.ReportMetric(float64(s.Table)/(1<<20), "pg-table-MiB")
	})
	if ix == nil { // the build benchmarks were filtered out
		buildBleve()
	}
	if !pgBuilt {
		buildPG()
	}
	settle()

	b.Run("search", func(b *testing.B) {
		backends := []namedSearch{
			{"bleve", func(q searchbench.Query) (bool, error) {
				res, err := ix.Search(ctx, forum.SearchQuery{Text: q.Text, Lang: q.Lang, Page: 1, PerPage: 10, Now: time.Now()})
				return err == nil && len(res.IDs) > 0, err
			}},
			{"pg", func(q searchbench.Query) (bool, error) {
				hits, err := pg.Search(ctx, pgfts.Query{Text: q.Text, Lang: q.Lang, Limit: 10})
				return len(hits) > 0, err
			}},
			{"pgboth", func(q searchbench.Query) (bool, error) {
				hits, err := pg.Search(ctx, pgfts.Query{Text: q.Text, Limit: 10})
				return len(hits) > 0, err
			}},
		}
		runInterleaved(b, backends, queries, benchQueryWarmups)
	})
	b.Run("similar", func(b *testing.B) {
		asQueries := make([]searchbench.Query, len(drafts))
		for i, d := range drafts {
			asQueries[i] = searchbench.Query{Text: d.Title + "\n" + d.Body, Lang: forum.DetectLanguage(d.Title+" "+d.Body, "")}
		}
		backends := []namedSearch{
			{"bleve", func(q searchbench.Query) (bool, error) {
				title, body, _ := strings.Cut(q.Text, "\n")
				hits, err := ix.Similar(ctx, forum.Draft{Title: title, Body: body, Lang: q.Lang}, 30)
				return len(hits) > 0, err
			}},
			{"pg", func(q searchbench.Query) (bool, error) {
				hits, err := pg.Search(ctx, pgfts.Query{Text: q.Text, Lang: q.Lang, Mode: pgfts.AnyWord, Limit: 30})
				return len(hits) > 0, err
			}},
			{"pgrare", func(q searchbench.Query) (bool, error) {
				hits, err := pg.Search(ctx, pgfts.Query{Text: q.Text, Lang: q.Lang, Mode: pgfts.RareWords, Limit: 30})
				return len(hits) > 0, err
			}},
		}
		runInterleaved(b, backends, asQueries, benchDraftWarmups)
	})
}

type namedSearch struct {
	name string
	run  func(searchbench.Query) (found bool, err error)
}

// runInterleaved runs every query through every backend, rotating which
// goes first, after warm untimed queries, and reports per backend
// the median and 99th percentile per query, the share of queries with a
// hit, and each backend's median over the first's.
func runInterleaved(b *testing.B, backends []namedSearch, qs []searchbench.Query, warm int) {
	for _, q := range qs[:warm] {
		for _, be := range backends {
			if _, err := be.run(q); err != nil {
				b.Fatal(err)
			}
		}
	}
	qs = qs[warm:]
	times := make([][]time.Duration, len(backends))
	found := make([]int, len(backends))
	for b.Loop() {
		for i, q := range qs {
			for k := range backends {
				j := (i + k) % len(backends)
				start := time.Now()
				ok, err := backends[j].run(q)
				times[j] = append(times[j], time.Since(start))
				if err != nil {
					b.Fatalf("%s %q: %v", backends[j].name, q.Text, err)
				}
				if ok {
					found[j]++
				}
			}
		}
	}
	var first time.Duration
	for j, be := range backends {
		p50, p99 := percentile(times[j], 0.50), percentile(times[j], 0.99)
		b.ReportMetric(ms(p50), be.name+"-p50-ms")
		b.ReportMetric(ms(p99), be.name+"-p99-ms")
		b.ReportMetric(100*float64(found[j])/float64(len(times[j])), be.name+"-found-%")
		if j == 0 {
			first = p50
		} else if first > 0 {
			b.ReportMetric(float64(p50)/float64(first), be.name+"/"+backends[0].name+"-p50")
		}
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// percentile is the nearest-rank percentile, as searchbench reports them.
func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(p*float64(len(s))+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// readThreads reads the visible threads of the store with the text of
// their live posts, question first, through the methods the Bleve rebuild
// reads with.
func readThreads(ctx context.Context, store *sqlstore.DB) ([]pgfts.Thread, error) {
	var out []pgfts.Thread
	for after := int64(0); ; {
		ids, err := store.ThreadIDsAfter(ctx, after, 500)
		if err != nil || len(ids) == 0 {
			return out, err
		}
		after = ids[len(ids)-1]
		threads, err := store.ThreadsByIDs(ctx, ids)
		if err != nil {
			return nil, err
		}
		texts, err := store.PostTexts(ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, t := range threads {
			if !t.Visible() {
				continue
			}
			var body strings.Builder
			for _, p := range texts[t.ID] {
				body.WriteString(p.BodyMD)
				body.WriteString("\n\n")
			}
			out = append(out, pgfts.Thread{ID: t.ID, Lang: t.Lang, Title: t.Title, Body: body.String()})
		}
	}
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// settle waits (at most 30 s) until this process is nearly idle: Bleve
// merges segments in the background after a rebuild, and timing queries
// beside a merge would charge the merge to Bleve's queries.
func settle() {
	cpu := func() (time.Duration, bool) {
		b, err := os.ReadFile("/proc/self/stat")
		if err != nil {
			return 0, false
		}
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			return 0, false
		}
		u, err1 := strconv.ParseInt(f[11], 10, 64)
		k, err2 := strconv.ParseInt(f[12], 10, 64)
		if err1 != nil || err2 != nil {
			return 0, false
		}
		return time.Duration(u+k) * 10 * time.Millisecond, true // USER_HZ is 100 on Linux
	}
	deadline := time.Now().Add(30 * time.Second)
	prev, ok := cpu()
	for quiet := 0; ok && quiet < 2 && time.Now().Before(deadline); {
		time.Sleep(500 * time.Millisecond)
		now, _ := cpu()
		if now-prev < 50*time.Millisecond {
			quiet++
		} else {
			quiet = 0
		}
		prev = now
	}
}
