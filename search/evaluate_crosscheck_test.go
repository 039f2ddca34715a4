package search

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/search/eval"
)

// TestEvaluateSimilarCrossCheck guards the choice of DefaultRerankWeights
// and defaultLengthScale against overfitting the one dev set there is.
// It tunes the reranker's free parameters (the three weights on a 0.1 grid
// summing to 1, and the length scaling's pivot and k, or none) on the
// odd-numbered queries of SemEval-2016 dev and scores the result on the
// even-numbered ones, and the other way round, and logs those
// cross-checked figures next to the in-sample ones and the defaults'.
// It needs ../../shared/data/semeval2016 and skips without it. Run with -v
// to see the figures:
//
//	go test ./search -run EvaluateSimilarCrossCheck -v
func TestEvaluateSimilarCrossCheck(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "semeval2016")
	qf, err := os.Open(filepath.Join(dir, "questions.jsonl"))
	if err != nil {
		t.Skipf("SemEval-2016 data not found (%v); it lives outside the repository in ../shared/data/semeval2016", err)
	}
	defer qf.Close()
	pf, err := os.Open(filepath.Join(dir, "pairs_dev.tsv"))
	if err != nil {
		t.Skipf("SemEval-2016 pairs not found: %v", err)
	}
	defer pf.Close()
	questions, err := eval.ReadQuestions(qf)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := eval.ReadPairs(pf)
	if err != nil {
		t.Fatal(err)
	}

	ctx := context.Background()
	src, byID, err := newEvalSource(questions, pairs)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, t.TempDir(), src, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Rebuild(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.mergeSegments(ctx); err != nil {
		t.Fatal(err)
	}
	queries, err := ix.evalCandidates(ctx, src, byID, pairs)
	if err != nil {
		t.Fatal(err)
	}
	// The signals do not depend on the parameters: measure them once.
	type sigs struct{ own, pool []rerankSignal }
	signals := make(map[string]sigs, len(queries))
	for _, q := range queries {
		signals[q.qid] = sigs{ix.rerankSignals(q.draft, q.own), ix.rerankSignals(q.draft, q.pool)}
	}

	type params struct {
		w RerankWeights
		l lengthScale
	}
	type figures struct {
		m eval.Metrics
		r eval.RecallMetrics
	}
	// Folds by the number in the query ID: Q203 is odd.
	fold := func(f int) ([]evalQuery, []eval.Pair) {
		if f == 0 {
			return queries, pairs
		}
		in := map[string]bool{}
		var qs []evalQuery
		for _, q := range queries {
			n, err := strconv.Atoi(strings.TrimLeft(q.qid, "Q"))
			if err != nil {
				t.Fatalf("query ID %q is not Q and a number", q.qid)
			}
			if n%2 == f%2 {
				in[q.qid] = true
				qs = append(qs, q)
			}
		}
		var ps []eval.Pair
		for _, p := range pairs {
			if in[p.Query] {
				ps = append(ps, p)
			}
		}
		return qs, ps
	}
	const all, odd, even = 0, 1, 2
	score := func(f int, p params) figures {
		qs, ps := fold(f)
		scores, retrieved := evalRankings(src, qs, func(q evalQuery, pool bool) []float64 {
			s := signals[q.qid].own
			if pool {
				s = signals[q.qid].pool
			}
			out := make([]float64, len(s))
			for i := range s {
				out[i] = p.w.combine(s[i], p.l)
			}
			return out
		})
		return figures{eval.Rerank(ps, scores), eval.Recall(ps, retrieved)}
	}

	var family []params
	for _, l := range []lengthScale{{}, {20, 10}, {20, 20}, {30, 10}, {30, 20}, {30, 30}, {40, 10}, {40, 20}, {40, 30}, {60, 20}, {60, 30}} {
		for a := 0; a <= 10; a++ {
			for b := 0; a+b <= 10; b++ {
				w := RerankWeights{Title: float64(a) / 10, Full: float64(b) / 10, Index: float64(10-a-b) / 10, Solved: DefaultRerankWeights.Solved}
				family = append(family, params{w, l})
			}
		}
	}
	tune := func(f int) params {
		best, bp := -1.0, params{}
		for _, p := range family {
			if m := score(f, p).m.MAP; m > best+1e-9 {
				best, bp = m, p
			}
		}
		return bp
	}
	show := func(f figures) string {
		return fmt.Sprintf("MAP %.2f MRR %.2f R@5 %.2f R@10 %.2f", f.m.MAP, f.m.MRR, f.r.RecallAt5, f.r.RecallAt10)
	}
	describe := func(p params) string {
		l := "no length scaling"
		if p.l.pivot > 0 {
			l = fmt.Sprintf("pivot %.0f k %.0f", p.l.pivot, p.l.k)
		}
		return fmt.Sprintf("Title %.1f Full %.1f Index %.1f, %s", p.w.Title, p.w.Full, p.w.Index, l)
	}

	def := params{DefaultRerankWeights, defaultLengthScale}
	t.Logf("defaults (%s): all %s | odd %s | even %s", describe(def), show(score(all, def)), show(score(odd, def)), show(score(even, def)))
	noScale := params{DefaultRerankWeights, lengthScale{}}
	t.Logf("defaults without length scaling: all %s", show(score(all, noScale)))

	pAll, pOdd, pEven := tune(all), tune(odd), tune(even)
	t.Logf("tuned on all queries (in-sample): %s: %s", describe(pAll), show(score(all, pAll)))
	onEven, onOdd := score(even, pOdd), score(odd, pEven)
	t.Logf("tuned on odd (%s) -> even %s", describe(pOdd), show(onEven))
	t.Logf("tuned on even (%s) -> odd %s", describe(pEven), show(onOdd))
	// Both halves scored by parameters tuned on the other, averaged as the
	// metrics average: MAP and MRR over queries, recall over queries with a
	// relevant candidate.
	mix := func(a, b, na, nb float64) float64 { return (a*na + b*nb) / (na + nb) }
	qo, qe := float64(onOdd.m.Queries), float64(onEven.m.Queries)
	ro, re := float64(onOdd.r.Queries), float64(onEven.r.Queries)
	cross := figures{
		m: eval.Metrics{Queries: onOdd.m.Queries + onEven.m.Queries, MAP: mix(onOdd.m.MAP, onEven.m.MAP, qo, qe), MRR: mix(onOdd.m.MRR, onEven.m.MRR, qo, qe)},
		r: eval.RecallMetrics{RecallAt5: mix(onOdd.r.RecallAt5, onEven.r.RecallAt5, ro, re), RecallAt10: mix(onOdd.r.RecallAt10, onEven.r.RecallAt10, ro, re)},
	}
	t.Logf("cross-checked (%d+%d queries): %s", onOdd.m.Queries, onEven.m.Queries, show(cross))
	if cross.m.Queries != score(all, def).m.Queries {
		t.Errorf("the folds hold %d queries, the set %d", cross.m.Queries, score(all, def).m.Queries)
	}
	if cross.m.MAP < 40 {
		t.Errorf("cross-checked MAP %.2f is implausibly low", cross.m.MAP)
	}
}

func TestLengthScaleFactor(t *testing.T) {
	for _, c := range []struct {
		n    int
		want float64
	}{{0, 0}, {2, 0.136}, {10, 0.5}, {20, 0.75}, {40, 1}, {400, 1}} {
		if got := defaultLengthScale.factor(c.n); got < c.want-0.001 || got > c.want+0.001 {
			t.Errorf("factor(%d) = %.3f, want %.3f", c.n, got, c.want)
		}
	}
	if got := (lengthScale{}).factor(3); got != 1 {
		t.Errorf("no scaling: factor(3) = %v, want 1", got)
	}
}
