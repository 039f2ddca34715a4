package search

import (
	"context"
	"errors"
	"hash/fnv"
	"math"
	"sort"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/chorus-forum/chorus/forum"
)

// More-like-this, after Lucene's MoreLikeThis: the draft's most telling
// terms (frequent in the draft, rare in the forum) become one disjunction
// over the fields, each term weighted by how telling it is. Selecting terms
// keeps it fast: OR-ing a whole body costs a hundred times more.
const (
	mltMaxTerms    = 25
	mltMinWordLen  = 2
	mltMaxDocShare = 0.5 // terms in more than half the threads say nothing
	mltBodyChars   = 3000
	mltTitleWeight = 2 // a title word counts as much as two body words
)

var similarFields = []struct {
	name  string
	boost float64
}{{fieldTitle, 3}, {fieldBody, 1}, {fieldAccepted, 0.5}}

// RerankWeights combine the similarity signals of a candidate. The
// defaults were chosen on the SemEval-2016 development set with
// EvaluateSimilar (`chorus eval similar`); TestEvaluateSimilarCrossCheck
// checks the choice on held-out halves of it.
type RerankWeights struct {
	Title float64 // cosine of the titles
	// Full is the weight of the cosine of title and body together, scaled
	// down for a candidate too short to say much (see lengthScale).
	Full   float64
	Index  float64 // the index's BM25 score, scaled to the best candidate
	Solved float64 // bonus for a thread with an accepted answer
}

// DefaultRerankWeights are used unless Options say otherwise. On the
// SemEval-2016 dev set (81 queries) they give MAP 69.2, MRR 77.4, against
// 67.1 and 74.9 for the earlier Title 0.45, Full 0.4, Index 0.15. The
// length-scaled full cosine does nearly all the work (alone: MAP 69.8);
// the title keeps a little weight for a draft that is only a title so
// far, where it is at least as good. The index score adds nothing the
// cosines do not know and, mixed in, costs about a point of MAP: it only
// chooses the candidates.
var DefaultRerankWeights = RerankWeights{Title: 0.1, Full: 0.9, Index: 0, Solved: 0.02}

// Length scaling of the full cosine. Cosine normalisation favours short
// texts: a thread titled "Ramadan" with no body is a perfect match for one
// word of "driving test in Ramadan?" and outranks threads about driving
// tests. Pivoted length normalisation (Singhal, Buckley and Mitra, 1996)
// corrects it; here in a bounded form, so that the similarity stays a
// cosine for ordinary questions: a candidate with n distinct terms (after
// stemming and stop words) has its full cosine multiplied by
// min(1, n/pivot * (pivot+k)/(n+k)): 1 from pivot terms on, 0.75 at 20,
// 0.5 at 10, 0.14 for a two-word title alone.
type lengthScale struct{ pivot, k float64 }

var defaultLengthScale = lengthScale{pivot: 40, k: 20}

func (l lengthScale) factor(n int) float64 {
	if l.pivot <= 0 {
		return 1
	}
	x := float64(n)
	return min(1, x/l.pivot*(l.pivot+l.k)/(x+l.k))
}

// otherLang is the language a thread is not in.
func otherLang(lang string) string {
	if lang == "de" {
		return "en"
	}
	return "de"
}

// otherLangWeight scales the other language's part of a similar-questions
// query.
const otherLangWeight = 0.5

// mltTerm is a selected term with its weight, 0 to 1.
type mltTerm struct {
	term   string
	weight float64
}

// Similar returns candidate threads for a draft, best first.
func (ix *Index) Similar(ctx context.Context, d forum.Draft, limit int) ([]forum.SimilarHit, error) {
	return ix.SimilarAmong(ctx, d, limit, nil)
}

// SimilarAmong is Similar restricted to the given threads (all when only
// is nil); the evaluation uses it to score each query's own candidates.
func (ix *Index) SimilarAmong(ctx context.Context, d forum.Draft, limit int, only []int64) (_ []forum.SimilarHit, err error) {
	defer ix.recoverQuery(&err)
	idx, done, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer done()
	adv, err := idx.Advanced()
	if err != nil {
		return nil, forum.Internalf("similar: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, forum.Internalf("similar: %w", err)
	}
	lang := docLang(d.Lang)
	terms := ix.selectTerms(r, d, lang, ownLangSelection)
	// The same problem is often reported in the other language too, and
	// shares its product words, codes and loanwords ("WLAN", "Update",
	// "Router"): the draft's best terms in the other language's analysis
	// look there as well, with less weight.
	other := otherLang(lang)
	otherTerms := ix.selectTerms(r, d, other, otherLangSelection)
	_ = r.Close()
	codes := extractCodes(d.Title + "\n" + d.Body)
	if len(terms) == 0 && len(otherTerms) == 0 && len(codes) == 0 {
		return nil, nil
	}
	var clauses []query.Query
	add := func(terms []mltTerm, lang string, weight float64, max int) {
		for i, t := range terms {
			if i == max {
				break
			}
			for _, f := range similarFields {
				tq := bleve.NewTermQuery(t.term)
				tq.SetField(f.name + "_" + lang)
				tq.SetBoost(f.boost * t.weight * weight)
				clauses = append(clauses, tq)
			}
		}
	}
	add(terms, lang, 1, mltMaxTerms)
	add(otherTerms, other, otherLangWeight, len(otherTerms))
	for _, c := range codes {
		tq := bleve.NewTermQuery(c)
		tq.SetField(fieldCodes)
		tq.SetBoost(2)
		clauses = append(clauses, tq)
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewDisjunctionQuery(clauses...))
	if d.ExcludeID != 0 {
		bq.AddMustNot(bleve.NewDocIDQuery([]string{docID(d.ExcludeID)}))
	}
	if only != nil {
		ids := make([]string, len(only))
		for i, id := range only {
			ids[i] = docID(id)
		}
		bq.AddFilter(bleve.NewDocIDQuery(ids))
	}
	req := bleve.NewSearchRequestOptions(bq, limit, 0, false)
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, forum.Internalf("similar: %w", err)
	}
	out := make([]forum.SimilarHit, 0, len(res.Hits))
	for _, h := range res.Hits {
		if id, err := strconv.ParseInt(h.ID, 10, 64); err == nil {
			out = append(out, forum.SimilarHit{ID: id, Score: h.Score})
		}
	}
	return out, nil
}

// termSelection says how many of a draft's terms a query takes: at least
// min and at most max, whose document frequencies add up to no more than
// share of the forum's threads, or floor threads, whichever is more.
type termSelection struct {
	min, max     int
	share, floor float64
}

var (
	ownLangSelection = termSelection{min: 3, max: mltMaxTerms, share: 0.2, floor: 5000}
	// The other language's part is cheap on purpose: few, rarer terms
	// (ten terms with the full budget doubled the time of similar
	// questions at 100,000 threads).
	otherLangSelection = termSelection{min: 0, max: 5, share: 0.02, floor: 500}
)

// selectTerms picks the draft's most telling terms in lang's analysis.
func (ix *Index) selectTerms(r index.IndexReader, d forum.Draft, lang string, sel termSelection) []mltTerm {
	a := analyzerFor(lang)
	body := d.Body
	if len(body) > mltBodyChars {
		body = body[:cutAt(body, mltBodyChars)]
	}
	tf := map[string]float64{}
	for t, n := range termCounts(ix.mapping(), a, d.Title) {
		tf[t] += float64(n * mltTitleWeight)
	}
	for t, n := range termCounts(ix.mapping(), a, plainText(body)) {
		tf[t] += float64(n)
	}
	total, _ := r.DocCount()
	n := float64(total)
	var cands []mltTerm
	dfs := map[string]float64{}
	for t, f := range tf {
		if utf8.RuneCountInString(t) < mltMinWordLen {
			continue
		}
		df := ix.termDF(r, t, lang)
		if df == 0 || n >= 100 && df/n > mltMaxDocShare {
			continue
		}
		dfs[t] = df
		cands = append(cands, mltTerm{term: t, weight: f * bm25IDF(df, n)})
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].weight != cands[j].weight {
			return cands[i].weight > cands[j].weight
		}
		return cands[i].term < cands[j].term
	})
	// The query's cost is the postings it walks: keep the best terms
	// within the selection's budget of document frequencies (skipping
	// those too common for what is left). At 100,000 threads this
	// took similar questions from 114 ms to under 20 ms at the median
	// (docs/performance.md); on small forums it never binds.
	budget := max(sel.floor, n*sel.share)
	var out []mltTerm
	spent := 0.0
	for _, c := range cands {
		if len(out) == sel.max {
			break
		}
		if len(out) >= sel.min && spent+dfs[c.term] > budget {
			continue // too common for what is left; a rarer one may fit
		}
		spent += dfs[c.term]
		out = append(out, c)
	}
	if len(out) > 0 {
		best := out[0].weight
		for i := range out {
			out[i].weight /= best
		}
	}
	return out
}

// termDF is how many threads of a language hold a term, in the question
// or the title: the document frequency both term selection and the
// rerank's idf use.
func (ix *Index) termDF(r index.IndexReader, term, lang string) float64 {
	return float64(max(ix.df.get(r, term, fieldBody+"_"+lang), ix.df.get(r, term, fieldTitle+"_"+lang)))
}

// bm25IDF is the inverse document frequency BM25 uses, never negative.
func bm25IDF(df, n float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// Rerank scores each candidate against the draft: cosines of tf-idf
// vectors (title with title, and title plus body together, the latter
// scaled down for very short candidates), the index score scaled to the
// best candidate, and a small bonus when solved. Raw Bleve scores mean
// nothing across queries; the cosines do, so the result can be held to a
// threshold.
func (ix *Index) Rerank(d forum.Draft, docs []forum.SimilarDoc) []forum.SimilarDoc {
	return ix.RerankWith(DefaultRerankWeights, d, docs)
}

// RerankWith is Rerank with chosen weights, for the evaluation.
func (ix *Index) RerankWith(w RerankWeights, d forum.Draft, docs []forum.SimilarDoc) []forum.SimilarDoc {
	sig := ix.rerankSignals(d, docs)
	for i := range docs {
		docs[i].TitleSimilarity = sig[i].title
		docs[i].Similarity = w.combine(sig[i], defaultLengthScale)
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].Similarity > docs[j].Similarity })
	return docs
}

// rerankSignal is what Rerank measures of one candidate.
type rerankSignal struct {
	title, full float64 // cosines of the titles, and of title and body
	terms       int     // distinct terms in the candidate's title and body
	index       float64 // index score over the best candidate's, 0 to 1
	solved      bool
}

// rerankSignals measures each candidate against the draft.
func (ix *Index) rerankSignals(d forum.Draft, docs []forum.SimilarDoc) []rerankSignal {
	lang := docLang(d.Lang)
	idf, release := ix.idfFunc(lang)
	defer release()
	a := analyzerFor(lang)
	draftTitle := ix.vector(a, d.Title, "", idf)
	draftFull := ix.vector(a, d.Title, d.Body, idf)
	best := 0.0
	for _, doc := range docs {
		best = math.Max(best, doc.IndexScore)
	}
	out := make([]rerankSignal, len(docs))
	for i, doc := range docs {
		full := ix.vector(a, doc.Thread.Title, doc.Body, idf)
		out[i] = rerankSignal{
			title:  cosine(draftTitle, ix.vector(a, doc.Thread.Title, "", idf)),
			full:   cosine(draftFull, full),
			terms:  len(full),
			solved: doc.Thread.Solved(),
		}
		if best > 0 {
			out[i].index = doc.IndexScore / best
		}
	}
	return out
}

// combine is the similarity of a candidate from its signals.
func (w RerankWeights) combine(s rerankSignal, l lengthScale) float64 {
	v := w.Title*s.title + w.Full*s.full*l.factor(s.terms) + w.Index*s.index
	if s.solved {
		v += w.Solved
	}
	return v
}

// idfFunc returns the inverse document frequency of terms in a language,
// from the index when it is open, else a flat 1, and a function to call
// when done with it.
func (ix *Index) idfFunc(lang string) (func(string) float64, func()) {
	flat := func(string) float64 { return 1 }
	idx, done, err := ix.reader()
	if err != nil {
		return flat, func() {}
	}
	adv, err := idx.Advanced()
	if err != nil {
		done()
		return flat, func() {}
	}
	r, err := adv.Reader()
	if err != nil {
		done()
		return flat, func() {}
	}
	total, _ := r.DocCount()
	n := float64(total)
	cache := map[string]float64{}
	return func(t string) float64 {
			if v, ok := cache[t]; ok {
				return v
			}
			v := bm25IDF(ix.termDF(r, t, lang), n)
			cache[t] = v
			return v
		}, func() {
			_ = r.Close()
			done()
		}
}

// vector is the tf-idf vector of a title and a body. Unlike term
// selection it counts a title word once: the title has its own cosine, and
// counting it twice in the full vector too measured slightly worse.
func (ix *Index) vector(analyzer, title, body string, idf func(string) float64) map[string]float64 {
	counts := ix.tf.counts(ix, analyzer, title, body)
	v := make(map[string]float64, len(counts))
	for t, f := range counts {
		// Damp repetition: the tenth "router" says less than the first.
		v[t] = (1 + math.Log(f)) * idf(t)
	}
	return v
}

// termCountsOf analyses a title and the start of a body into term counts.
func (ix *Index) termCountsOf(analyzer, title, body string) map[string]float64 {
	v := map[string]float64{}
	for t, n := range termCounts(ix.mapping(), analyzer, title) {
		v[t] += float64(n)
	}
	if body != "" {
		body = body[:cutAt(body, mltBodyChars)]
		for t, n := range termCounts(ix.mapping(), analyzer, plainText(body)) {
			v[t] += float64(n)
		}
	}
	return v
}

// tfCache keeps the term counts of texts the rerank has analysed: as
// someone types, the same candidate threads come back call after call, and
// analysing them was half of a similar-questions call. Keys are a hash of
// the text itself, so an edited thread is simply a new entry.
type tfCache struct {
	mu sync.Mutex
	m  map[tfKey]map[string]float64
}

type tfKey struct {
	analyzer string
	sum      uint64
}

// tfCacheSize bounds the cache (a few MiB); when full it starts over.
const tfCacheSize = 5000

func (c *tfCache) counts(ix *Index, analyzer, title, body string) map[string]float64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(title))
	_, _ = h.Write([]byte{0})
	_, _ = h.Write([]byte(body))
	key := tfKey{analyzer, h.Sum64()}
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = ix.termCountsOf(analyzer, title, body)
	c.mu.Lock()
	if c.m == nil || len(c.m) >= tfCacheSize {
		c.m = make(map[tfKey]map[string]float64, tfCacheSize)
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}

func cosine(a, b map[string]float64) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	var dot, na, nb float64
	for t, x := range a {
		dot += x * b[t]
		na += x * x
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}
