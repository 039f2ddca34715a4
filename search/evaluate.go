package search

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/search/eval"
)

// EvaluateSimilar measures the similar-questions ranking on a labelled set,
// the way `chorus eval similar` reports it. It indexes the questions in a
// fresh index under dir, through the real mapping, document builder and
// Rebuild, fed by an in-memory Source: question i (0-based, in the order
// given) becomes thread i+1, its title the thread's title and its body the
// question post, in English unless forum.DetectLanguage says German. Then
// it runs the production similar-questions ranking, SimilarAmong (or
// Similar) then RerankWith, as forum.Service does, minus the database:
//
//   - Rerank metrics (MAP, MRR, P@1): each query of pairs scores its own
//     candidates. SimilarAmong(draft, len(candidates), candidates) gives the
//     index scores, RerankWith scores all the candidates (one the index did
//     not return has IndexScore 0), and eval.Rerank ranks them by
//     Similarity.
//   - Recall: each query runs against the whole pooled corpus, Similar with
//     limit 30 excluding the query itself, then RerankWith; the top 10 go to
//     eval.Recall.
//
// Every ID in pairs must be a question's ID, and question IDs must be
// distinct. dir must not hold another process's index.
func EvaluateSimilar(ctx context.Context, dir string, questions []eval.Question, pairs []eval.Pair, w RerankWeights) (eval.Metrics, eval.RecallMetrics, error) {
	src, byID, err := newEvalSource(questions, pairs)
	if err != nil {
		return eval.Metrics{}, eval.RecallMetrics{}, err
	}
	ix, err := Open(ctx, dir, src, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return eval.Metrics{}, eval.RecallMetrics{}, err
	}
	defer ix.Close()
	if _, err := ix.Rebuild(ctx, nil); err != nil {
		return eval.Metrics{}, eval.RecallMetrics{}, fmt.Errorf("evaluate: index the questions: %w", err)
	}
	if err := ix.mergeSegments(ctx); err != nil {
		return eval.Metrics{}, eval.RecallMetrics{}, fmt.Errorf("evaluate: merge the index: %w", err)
	}
	queries, err := ix.evalCandidates(ctx, src, byID, pairs)
	if err != nil {
		return eval.Metrics{}, eval.RecallMetrics{}, err
	}
	scores, retrieved := evalRankings(src, queries, func(q evalQuery, pool bool) []float64 {
		docs := q.own
		if pool {
			docs = q.pool
		}
		ranked := ix.RerankWith(w, q.draft, slices.Clone(docs))
		sim := make(map[int64]float64, len(ranked))
		for _, doc := range ranked {
			sim[doc.Thread.ID] = doc.Similarity
		}
		out := make([]float64, len(docs))
		for i, doc := range docs {
			out[i] = sim[doc.Thread.ID]
		}
		return out
	})
	return eval.Rerank(pairs, scores), eval.Recall(pairs, retrieved), nil
}

// mergeSegments merges the index into one segment. Bleve's BM25 takes a
// field's average length from its term dictionary, which several segments
// overcount by however they happen to be merged, so the scores (and the
// figures) would otherwise change a little from run to run.
func (ix *Index) mergeSegments(ctx context.Context) error {
	idx, done, err := ix.reader()
	if err != nil {
		return err
	}
	defer done()
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	if m, ok := adv.(interface {
		ForceMerge(context.Context, *mergeplan.MergePlanOptions) error
	}); ok {
		return m.ForceMerge(ctx, &mergeplan.SingleSegmentMergePlanOptions)
	}
	return nil
}

// Candidates per query run against the whole corpus, as forum.Service asks
// for (its similarCandidates), and how many of them count for recall.
const (
	evalPoolCandidates = 30
	evalRecallDepth    = 10
)

// evalQuery is one query of the labelled set with the candidates the
// reranker scores: its own (every one, with the index scores of those the
// index finds) and those the index finds in the whole corpus.
type evalQuery struct {
	qid   string
	draft forum.Draft
	own   []forum.SimilarDoc
	pool  []forum.SimilarDoc
}

// evalCandidates asks the index for each query's candidates, in the order
// of pairs.
func (ix *Index) evalCandidates(ctx context.Context, src *evalSource, byID map[string]int64, pairs []eval.Pair) ([]evalQuery, error) {
	var order []string
	cands := map[string][]int64{}
	for _, p := range pairs {
		if _, ok := cands[p.Query]; !ok {
			order = append(order, p.Query)
		}
		cands[p.Query] = append(cands[p.Query], byID[p.Candidate])
	}
	out := make([]evalQuery, 0, len(order))
	for _, q := range order {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		id := byID[q]
		eq := evalQuery{qid: q, draft: src.draft(id)}
		own := cands[q]
		hits, err := ix.SimilarAmong(ctx, eq.draft, len(own), own)
		if err != nil {
			return nil, fmt.Errorf("evaluate: query %s: %w", q, err)
		}
		eq.own = src.docs(own, steady(hits))

		hits, err = ix.Similar(ctx, eq.draft, 2*evalPoolCandidates)
		if err != nil {
			return nil, fmt.Errorf("evaluate: query %s: %w", q, err)
		}
		hits = steady(hits)
		ids := make([]int64, 0, evalPoolCandidates)
		for _, h := range hits {
			if h.ID != id && len(ids) < evalPoolCandidates {
				ids = append(ids, h.ID)
			}
		}
		eq.pool = src.docs(ids, hits)
		out = append(out, eq)
	}
	return out, nil
}

// evalRankings scores each query's candidates with score, which returns
// one score per doc of q.own (or of q.pool), higher for more similar: the
// scores of its own candidates go to eval.Rerank, the best evalRecallDepth
// of the corpus to eval.Recall.
func evalRankings(src *evalSource, queries []evalQuery, score func(q evalQuery, pool bool) []float64) (map[string][]eval.Scored, map[string][]string) {
	scores := make(map[string][]eval.Scored, len(queries))
	retrieved := make(map[string][]string, len(queries))
	for _, q := range queries {
		for i, v := range score(q, false) {
			scores[q.qid] = append(scores[q.qid], eval.Scored{Candidate: src.qid(q.own[i].Thread.ID), Score: round9(v)})
		}
		v := score(q, true)
		order := make([]int, len(q.pool))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool {
			va, vb := round9(v[order[a]]), round9(v[order[b]])
			if va != vb {
				return va > vb
			}
			return q.pool[order[a]].Thread.ID < q.pool[order[b]].Thread.ID
		})
		list := make([]string, 0, evalRecallDepth)
		for _, i := range order[:min(len(order), evalRecallDepth)] {
			list = append(list, src.qid(q.pool[i].Thread.ID))
		}
		retrieved[q.qid] = list
	}
	return scores, retrieved
}

// The figures must not change from run to run, but equal scores differ in
// their last bits: Bleve sums a disjunction in an order that depends on
// the index's layout, and the reranker sums over Go maps. (Equal scores
// are common: the set holds the same question under several IDs.) So the
// evaluation rounds every score to nine decimals and orders ties by thread
// ID, and asks the index for twice the candidates it keeps, so that the
// ones it keeps are the best by that order, not the ones Bleve happened to
// cut at.
func round9(x float64) float64 { return math.Round(x*1e9) / 1e9 }

// steady is hits with rounded scores, best first, ties by thread ID.
func steady(hits []forum.SimilarHit) []forum.SimilarHit {
	out := make([]forum.SimilarHit, len(hits))
	for i, h := range hits {
		out[i] = forum.SimilarHit{ID: h.ID, Score: round9(h.Score)}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// evalSource is a Source over a labelled set held in memory: thread i+1 is
// question i, with the question's body as its only post. Its outbox is
// always empty.
type evalSource struct {
	questions []eval.Question
	threads   []forum.Thread
}

// evalCreated is the creation time of every evaluated thread; the ranking
// does not look at it.
var evalCreated = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)

// newEvalSource builds the source of questions and a map from question ID
// to thread ID, checking that IDs are distinct and that pairs name only
// known questions.
func newEvalSource(questions []eval.Question, pairs []eval.Pair) (*evalSource, map[string]int64, error) {
	s := &evalSource{questions: questions, threads: make([]forum.Thread, len(questions))}
	byID := make(map[string]int64, len(questions))
	for i, q := range questions {
		if _, dup := byID[q.ID]; dup {
			return nil, nil, fmt.Errorf("evaluate: question %q appears twice", q.ID)
		}
		id := int64(i + 1)
		byID[q.ID] = id
		s.threads[i] = forum.Thread{
			ID: id, CategoryID: 1, CategorySlug: "forum", CategoryName: "Forum",
			Title: q.Title, Slug: fmt.Sprintf("q-%d", id),
			Lang:      forum.DetectLanguage(q.Title+" "+q.Body, "en"),
			CreatedAt: evalCreated, LastActivityAt: evalCreated,
		}
	}
	for _, p := range pairs {
		for _, qid := range []string{p.Query, p.Candidate} {
			if _, ok := byID[qid]; !ok {
				return nil, nil, fmt.Errorf("evaluate: pair %s %s names question %q, which is not among the questions", p.Query, p.Candidate, qid)
			}
		}
	}
	return s, byID, nil
}

func (s *evalSource) thread(id int64) (forum.Thread, bool) {
	if id < 1 || id > int64(len(s.threads)) {
		return forum.Thread{}, false
	}
	return s.threads[id-1], true
}

// qid is the question ID of a thread.
func (s *evalSource) qid(id int64) string { return s.questions[id-1].ID }

// draft is thread id as a draft for similar questions, excluding itself.
func (s *evalSource) draft(id int64) forum.Draft {
	t, _ := s.thread(id)
	return forum.Draft{Title: t.Title, Body: s.questions[id-1].Body, Lang: t.Lang, ExcludeID: id}
}

// docs are the threads ids as candidates for RerankWith, with the index
// scores of hits (0 for a thread the index did not return).
func (s *evalSource) docs(ids []int64, hits []forum.SimilarHit) []forum.SimilarDoc {
	score := make(map[int64]float64, len(hits))
	for _, h := range hits {
		score[h.ID] = h.Score
	}
	out := make([]forum.SimilarDoc, 0, len(ids))
	for _, id := range ids {
		if t, ok := s.thread(id); ok {
			out = append(out, forum.SimilarDoc{Thread: t, Body: s.questions[id-1].Body, IndexScore: score[id]})
		}
	}
	return out
}

func (s *evalSource) ThreadsByIDs(_ context.Context, ids []int64) ([]forum.Thread, error) {
	out := make([]forum.Thread, 0, len(ids))
	for _, id := range ids {
		if t, ok := s.thread(id); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *evalSource) PostTexts(_ context.Context, threadIDs []int64) (map[int64][]forum.PostText, error) {
	out := make(map[int64][]forum.PostText, len(threadIDs))
	for _, id := range threadIDs {
		if _, ok := s.thread(id); ok {
			out[id] = []forum.PostText{{PostID: id, ThreadID: id, IsQuestion: true, BodyMD: s.questions[id-1].Body}}
		}
	}
	return out, nil
}

func (s *evalSource) OutboxAfter(context.Context, int64, int) ([]forum.OutboxEntry, error) {
	return nil, nil
}

func (s *evalSource) OutboxBounds(context.Context) (int64, int64, error) { return 0, 0, nil }

func (s *evalSource) PruneOutbox(context.Context, int64, time.Time) (int64, error) { return 0, nil }

func (s *evalSource) ThreadIDsAfter(_ context.Context, after int64, limit int) ([]int64, error) {
	n := int64(len(s.threads))
	start := max(after+1, 1)
	var out []int64
	for id := start; id <= n && len(out) < limit; id++ {
		out = append(out, id)
	}
	return out, nil
}

func (s *evalSource) CountThreads(context.Context) (int, error) { return len(s.threads), nil }
