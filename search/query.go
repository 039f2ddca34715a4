package search

import (
	"context"
	"errors"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/chorus-forum/chorus/forum"
)

// Field weights for search: a word in the title says most about a thread,
// then the accepted answer (the solution people look for), the question,
// and other answers least. Codes ("0x80070005", "7590") are near-certain
// matches when they occur at all.
var searchFields = []struct {
	name  string
	boost float64
}{{fieldTitle, 3}, {fieldAccepted, 1.5}, {fieldBody, 1}, {fieldAnswers, 0.5}}

const (
	codeBoost = 4
	tagBoost  = 1.5
	// solvedFactor lifts solved threads: an accepted answer is what a
	// searcher wants, so among close matches it comes first, but a solved
	// thread about something else does not beat a real match.
	solvedFactor = 1.3
	// rerankWindow is how many top hits are lifted by solvedFactor.
	rerankWindow = 60
	// ownLanguageBoost favours the reader's language a little.
	ownLanguageBoost = 1.2
	maxQueryWords    = 32
	// The fuzzy fallback spells at most maxFuzzyWords words of up to
	// maxFuzzyLen letters fuzzily: beyond that it costs hundreds of
	// milliseconds and finds noise.
	maxFuzzyWords = 6
	maxFuzzyLen   = 20
)

// Search finds threads. Words must all match (in any field, in either
// language's analysis) unless q.Relax is set; q.Fuzzy forgives spelling.
func (ix *Index) Search(ctx context.Context, q forum.SearchQuery) (_ *forum.SearchHits, err error) {
	defer ix.recoverQuery(&err)
	idx, done, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer done()

	bq := bleve.NewBooleanQuery()
	if strings.TrimSpace(q.Text) == "" {
		bq.AddMust(bleve.NewMatchAllQuery())
	} else {
		text := ix.textQuery(q)
		if text == nil {
			return &forum.SearchHits{}, nil // only stop words: nothing to look for
		}
		bq.AddMust(text)
	}
	if f := filters(q); f != nil {
		bq.AddFilter(f)
	}

	offset := (q.Page - 1) * q.PerPage
	rerank := q.Sort != "newest" && strings.TrimSpace(q.Text) != ""
	req := bleve.NewSearchRequestOptions(bq, q.PerPage, offset, false)
	if rerank {
		// Fetch a window from the top and lift solved threads within it;
		// the window is the same for the first pages, so they agree.
		req.From, req.Size = 0, max(rerankWindow, offset+q.PerPage)
		req.Fields = []string{fieldStatus}
	}
	if q.Sort == "newest" || !rerank {
		req.SortBy([]string{"-" + fieldCreated, "-_id"})
	}
	// One terms facet over one field that holds every facet value of a
	// thread ("c:internet", "t:wlan", "s:solved", "d:2026-12-01"), split
	// here: a facet per field, and a date range facet over the numeric
	// field most of all, cost more than half of a search at 100,000
	// threads (docs/performance.md).
	req.AddFacet("all", bleve.NewFacetRequest(fieldFacet, maxFacetTerms))

	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, forum.Internalf("search: %w", err)
	}
	out := &forum.SearchHits{Total: int(min(res.Total, uint64(math.MaxInt32)))} // #nosec G115 -- capped above
	hits := res.Hits
	if rerank {
		for _, h := range hits {
			if h.Fields[fieldStatus] == "solved" {
				h.Score *= solvedFactor
			}
		}
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
		hits = hits[min(offset, len(hits)):min(offset+q.PerPage, len(hits))]
	}
	for _, h := range hits {
		if id, err := strconv.ParseInt(h.ID, 10, 64); err == nil {
			out.IDs = append(out.IDs, id)
		}
	}
	out.Facets = facets(res, q.Now)
	if q.Fuzzy {
		out.Suggestion = ix.suggest(idx, q.Text)
	}
	return out, nil
}

// dateRanges are the date facet's buckets and filter values, in whole
// UTC days: "week" is today and the six days before.
var dateRanges = []struct {
	name string
	days int
}{{"day", 1}, {"week", 7}, {"month", 30}, {"year", 365}}

// maxFacetTerms bounds the distinct facet values counted per search.
const maxFacetTerms = 20000

// dayStart returns the start of the UTC day days-1 days before now's.
func dayStart(now time.Time, days int) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d-(days-1), 0, 0, 0, 0, time.UTC)
}

// facetValues are the values of a thread's facet field.
func facetValues(category, status string, tags []string, created time.Time) []string {
	out := make([]string, 0, 3+len(tags))
	out = append(out, "c:"+category, "s:"+status, "d:"+created.UTC().Format(time.DateOnly))
	for _, t := range tags {
		out = append(out, "t:"+t)
	}
	return out
}

// filters builds the non-scoring part: category, tag, status, date.
func filters(q forum.SearchQuery) query.Query {
	var fs []query.Query
	term := func(field, value string) {
		t := bleve.NewTermQuery(value)
		t.SetField(field)
		fs = append(fs, t)
	}
	if q.Category != "" {
		term(fieldCategory, q.Category)
	}
	if q.Tag != "" {
		term(fieldTags, strings.ToLower(q.Tag))
	}
	switch q.Status {
	case "":
	case "open":
		// As in the thread lists: open is every thread not solved yet,
		// unanswered ones included.
		open, unanswered := bleve.NewTermQuery("open"), bleve.NewTermQuery("unanswered")
		open.SetField(fieldStatus)
		unanswered.SetField(fieldStatus)
		fs = append(fs, bleve.NewDisjunctionQuery(open, unanswered))
	default:
		term(fieldStatus, q.Status)
	}
	for _, r := range dateRanges {
		if q.Date == r.name {
			dq := bleve.NewDateRangeQuery(dayStart(q.Now, r.days), time.Time{})
			dq.SetField(fieldCreated)
			fs = append(fs, dq)
		}
	}
	if len(fs) == 0 {
		return nil
	}
	return bleve.NewConjunctionQuery(fs...)
}

func facets(res *bleve.SearchResult, now time.Time) forum.SearchFacets {
	var out forum.SearchFacets
	f, ok := res.Facets["all"]
	if !ok || f.Terms == nil {
		return out
	}
	dates := make([]int, len(dateRanges))
	for _, t := range f.Terms.Terms() {
		kind, value, ok := strings.Cut(t.Term, ":")
		if !ok {
			continue
		}
		fc := forum.FacetCount{Value: value, Count: t.Count}
		switch kind {
		case "c":
			out.Category = append(out.Category, fc)
		case "t":
			out.Tag = append(out.Tag, fc)
		case "s":
			out.Status = append(out.Status, fc)
			if value == "unanswered" {
				// Unanswered threads are open too, as the filter counts them.
				out.Status = append(out.Status, forum.FacetCount{Value: "open", Count: t.Count})
			}
		case "d":
			day, err := time.Parse(time.DateOnly, value)
			if err != nil {
				continue
			}
			for i, r := range dateRanges {
				if !day.Before(dayStart(now, r.days)) {
					dates[i] += t.Count
				}
			}
		}
	}
	byCount := func(fs []forum.FacetCount, limit int) []forum.FacetCount {
		sort.Slice(fs, func(i, j int) bool {
			if fs[i].Count != fs[j].Count {
				return fs[i].Count > fs[j].Count
			}
			return fs[i].Value < fs[j].Value
		})
		return fs[:min(len(fs), limit)]
	}
	out.Status = mergeCounts(out.Status)
	out.Category, out.Tag, out.Status = byCount(out.Category, 20), byCount(out.Tag, 15), byCount(out.Status, 5)
	for i, r := range dateRanges {
		out.Date = append(out.Date, forum.FacetCount{Value: r.name, Count: dates[i]})
	}
	return out
}

// mergeCounts adds up the counts of equal values.
func mergeCounts(fs []forum.FacetCount) []forum.FacetCount {
	var out []forum.FacetCount
	at := map[string]int{}
	for _, f := range fs {
		if i, ok := at[f.Value]; ok {
			out[i].Count += f.Count
			continue
		}
		at[f.Value] = len(out)
		out = append(out, f)
	}
	return out
}

// queryWords splits a query into the words worth looking for: single
// letters go (they are initials or typos), and a query is cut at
// maxQueryWords words, which no real question needs.
func queryWords(text string) []string {
	var out []string
	for _, t := range words(text) {
		w := string(t.Term)
		if utf8.RuneCountInString(w) < 2 && !(w >= "0" && w <= "9") {
			continue
		}
		out = append(out, w)
		if len(out) == maxQueryWords {
			break
		}
	}
	return out
}

// textQuery builds the scoring part of a search: for every word, a match
// in any field of either language; all words (or, relaxed, any) must match.
// A word that is a stop word in either language ("die", "was", "man") is
// not required: an English query must not fail on German grammar.
func (ix *Index) textQuery(q forum.SearchQuery) query.Query {
	var required, optional []query.Query
	fuzzed := 0
	for _, w := range queryWords(q.Text) {
		var alts []query.Query
		// The languages in whose analysis w is a word, not a stop word.
		var content []string
		for _, lang := range languages {
			if len(analyze(ix.mapping(), analyzerFor(lang), w)) > 0 {
				content = append(content, lang)
			}
		}
		stop := len(content) < len(languages)
		// A stop word of either language is not spelled fuzzily nor
		// looked up in the spelling field, which has no stop words:
		// "die" would find every German thread there, and "nicht" every
		// English one with "night".
		fuzzy := q.Fuzzy && !stop && fuzzed < maxFuzzyWords && fuzziness(w) > 0
		if fuzzy {
			fuzzed++
		}
		for _, lang := range content {
			boost := 1.0
			if lang == q.Lang {
				boost = ownLanguageBoost
			}
			for _, f := range searchFields {
				mq := bleve.NewMatchQuery(w)
				mq.SetField(f.name + "_" + lang)
				mq.SetBoost(f.boost * boost)
				if fuzzy {
					mq.SetFuzziness(fuzziness(w))
				}
				alts = append(alts, mq)
			}
		}
		if len(alts) == 0 {
			continue // a stop word in both languages
		}
		lower := strings.ToLower(w)
		code := bleve.NewTermQuery(lower)
		code.SetField(fieldCodes)
		code.SetBoost(codeBoost)
		tag := bleve.NewTermQuery(lower)
		tag.SetField(fieldTags)
		tag.SetBoost(tagBoost)
		alts = append(alts, code, tag)
		if fuzzy {
			sp := bleve.NewMatchQuery(w)
			sp.SetField(fieldSpell)
			sp.SetFuzziness(fuzziness(w))
			alts = append(alts, sp)
		}
		if stop {
			optional = append(optional, bleve.NewDisjunctionQuery(alts...))
		} else {
			required = append(required, bleve.NewDisjunctionQuery(alts...))
		}
	}
	// Codes written with a hyphen or dots ("E-404", "7.57.1") are split
	// into words above; as a whole they are one more way to match.
	for _, c := range extractCodes(q.Text) {
		if strings.ContainsAny(c, "-.") {
			t := bleve.NewTermQuery(c)
			t.SetField(fieldCodes)
			t.SetBoost(codeBoost)
			optional = append(optional, t)
		}
	}
	if len(required) == 0 || q.Relax {
		if all := append(required, optional...); len(all) > 0 {
			return bleve.NewDisjunctionQuery(all...)
		}
		return nil
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(required...)
	if len(optional) > 0 {
		bq.AddShould(optional...)
	}
	return bq
}

// fuzziness is the edit distance forgiven for a word: none for short
// words, where one edit makes another word, one for most, two for long.
func fuzziness(w string) int {
	switch n := utf8.RuneCountInString(w); {
	case n < 4 || n > maxFuzzyLen:
		// Beyond maxFuzzyLen it is a code or a pasted blob, not a word
		// someone misspelt, and the automaton would be costly.
		return 0
	case n < 8:
		return 1
	}
	return 2
}

// suggest respells the words of text that no thread contains with the
// closest word that many threads do, for "did you mean". It returns ""
// when every word is known or no better spelling exists.
func (ix *Index) suggest(idx bleve.Index, text string) string {
	adv, err := idx.Advanced()
	if err != nil {
		return ""
	}
	r, err := adv.Reader()
	if err != nil {
		return ""
	}
	defer r.Close()
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return ""
	}
	changed := false
	var out []string
	for _, w := range queryWords(text) {
		lower := strings.ToLower(w)
		if docFreq(r, lower, fieldSpell) > 0 || fuzziness(w) == 0 {
			out = append(out, lower)
			continue
		}
		best, bestDist, bestCount := "", 99, uint64(0)
		dict, auto, err := fr.FieldDictFuzzyAutomaton(fieldSpell, lower, fuzziness(w), "")
		if err != nil {
			out = append(out, lower)
			continue
		}
		for e, err := dict.Next(); err == nil && e != nil; e, err = dict.Next() {
			_, d := auto.MatchAndDistance(e.Term)
			if int(d) < bestDist || int(d) == bestDist && e.Count > bestCount {
				best, bestDist, bestCount = e.Term, int(d), e.Count
			}
		}
		_ = dict.Close()
		if best == "" {
			out = append(out, lower)
			continue
		}
		out = append(out, best)
		changed = true
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// docFreq is the number of documents with term in field.
func docFreq(r index.IndexReader, term, field string) uint64 {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	n := tfr.Count()
	_ = tfr.Close()
	return n
}

// dfCache keeps document frequencies between index changes: similar
// questions asks for the same terms again and again as people type.
type dfCache struct {
	mu sync.Mutex
	m  map[string]uint64
}

func (c *dfCache) reset() {
	c.mu.Lock()
	c.m = make(map[string]uint64, 1024)
	c.mu.Unlock()
}

func (c *dfCache) get(r index.IndexReader, term, field string) uint64 {
	key := field + "\x00" + term
	c.mu.Lock()
	n, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return n
	}
	n = docFreq(r, term, field)
	c.mu.Lock()
	if len(c.m) > 200_000 {
		c.m = make(map[string]uint64, 1024)
	}
	c.m[key] = n
	c.mu.Unlock()
	return n
}

// recoverQuery turns a panic inside Bleve during a query into "search is
// unavailable" (503) with a log line, instead of a 500 for the person: a
// failed write can leave Bleve's in-memory segments unusable until the
// indexer opens the index again.
func (ix *Index) recoverQuery(err *error) {
	if r := recover(); r != nil {
		ix.log.Error("search query panicked; answering unavailable", "panic", r)
		*err = forum.E(forum.Unavailable, "error.search_unavailable")
	}
}
