package search

import (
	"context"
	"errors"
	"math"
	"sort"
	"strconv"
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
}{{fieldTitle, 3}, {fieldBody, 1}, {fieldAccepted, 0.5}, {fieldAnswers, 0.25}}

// RerankWeights combine the similarity signals of a candidate. The
// defaults were chosen on the SemEval-2016 development set with
// `chorus eval similar`; see docs/performance.md.
type RerankWeights struct {
	Title  float64 // cosine of the titles
	Full   float64 // cosine of title and body together
	Index  float64 // the index's BM25 score, scaled to the best candidate
	Solved float64 // bonus for a thread with an accepted answer
}

// DefaultRerankWeights are used unless Options say otherwise.
var DefaultRerankWeights = RerankWeights{Title: 0.45, Full: 0.4, Index: 0.15, Solved: 0.02}

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
func (ix *Index) SimilarAmong(ctx context.Context, d forum.Draft, limit int, only []int64) ([]forum.SimilarHit, error) {
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
	terms := ix.selectTerms(r, d, lang)
	_ = r.Close()
	codes := extractCodes(d.Title + "\n" + d.Body)
	if len(terms) == 0 && len(codes) == 0 {
		return nil, nil
	}
	var clauses []query.Query
	for _, t := range terms {
		for _, f := range similarFields {
			tq := bleve.NewTermQuery(t.term)
			tq.SetField(f.name + "_" + lang)
			tq.SetBoost(f.boost * t.weight)
			clauses = append(clauses, tq)
		}
	}
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

// selectTerms picks the draft's most telling terms.
func (ix *Index) selectTerms(r index.IndexReader, d forum.Draft, lang string) []mltTerm {
	a := analyzerFor(lang)
	body := d.Body
	if len(body) > mltBodyChars {
		body = body[:mltBodyChars]
	}
	tf := map[string]float64{}
	for t, n := range termCounts(ix.mapping, a, d.Title) {
		tf[t] += float64(n * mltTitleWeight)
	}
	for t, n := range termCounts(ix.mapping, a, plainText(body)) {
		tf[t] += float64(n)
	}
	total, _ := r.DocCount()
	n := float64(total)
	var out []mltTerm
	for t, f := range tf {
		if utf8.RuneCountInString(t) < mltMinWordLen {
			continue
		}
		df := float64(max(ix.df.get(r, t, fieldBody+"_"+lang), ix.df.get(r, t, fieldTitle+"_"+lang)))
		if df == 0 || n >= 100 && df/n > mltMaxDocShare {
			continue
		}
		out = append(out, mltTerm{term: t, weight: f * bm25IDF(df, n)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].weight != out[j].weight {
			return out[i].weight > out[j].weight
		}
		return out[i].term < out[j].term
	})
	if len(out) > mltMaxTerms {
		out = out[:mltMaxTerms]
	}
	if len(out) > 0 {
		best := out[0].weight
		for i := range out {
			out[i].weight /= best
		}
	}
	return out
}

// bm25IDF is the inverse document frequency BM25 uses, never negative.
func bm25IDF(df, n float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// Rerank scores each candidate against the draft: cosines of tf-idf
// vectors (title with title, and title plus body together), the index
// score scaled to the best candidate, and a small bonus when solved. Raw
// Bleve scores mean nothing across queries; the cosines do, so the result
// can be held to a threshold.
func (ix *Index) Rerank(d forum.Draft, docs []forum.SimilarDoc) []forum.SimilarDoc {
	return ix.RerankWith(DefaultRerankWeights, d, docs)
}

// RerankWith is Rerank with chosen weights, for the evaluation.
func (ix *Index) RerankWith(w RerankWeights, d forum.Draft, docs []forum.SimilarDoc) []forum.SimilarDoc {
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
	for i := range docs {
		doc := &docs[i]
		title := ix.vector(a, doc.Thread.Title, "", idf)
		full := ix.vector(a, doc.Thread.Title, doc.Body, idf)
		doc.TitleSimilarity = cosine(draftTitle, title)
		s := w.Title*doc.TitleSimilarity + w.Full*cosine(draftFull, full)
		if best > 0 {
			s += w.Index * doc.IndexScore / best
		}
		if doc.Thread.Solved() {
			s += w.Solved
		}
		doc.Similarity = s
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].Similarity > docs[j].Similarity })
	return docs
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
			df := float64(max(ix.df.get(r, t, fieldBody+"_"+lang), ix.df.get(r, t, fieldTitle+"_"+lang)))
			v := bm25IDF(df, n)
			cache[t] = v
			return v
		}, func() {
			_ = r.Close()
			done()
		}
}

// vector is the tf-idf vector of a title (counted twice) and a body.
func (ix *Index) vector(analyzer, title, body string, idf func(string) float64) map[string]float64 {
	v := map[string]float64{}
	for t, n := range termCounts(ix.mapping, analyzer, title) {
		v[t] += float64(n * mltTitleWeight)
	}
	if body != "" {
		if len(body) > mltBodyChars {
			body = body[:mltBodyChars]
		}
		for t, n := range termCounts(ix.mapping, analyzer, plainText(body)) {
			v[t] += float64(n)
		}
	}
	for t, f := range v {
		// Damp repetition: the tenth "router" says less than the first.
		v[t] = (1 + math.Log(f)) * idf(t)
	}
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
