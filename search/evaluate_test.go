package search_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/search"
	"github.com/chorus-forum/chorus/search/eval"
)

// The fixture: two queries, six candidates, written so that which words
// they share (after English stemming and stop words) fixes the ranking.
//
// q1 "renew residence permit doha" has, in pairs order:
//
//	A  irrelevant  car rental: shares nothing
//	B  relevant    renewing the residence permit in Doha: shares 4 words
//	C  irrelevant  a residence near the Corniche: shares "residence"
//	D  relevant    extending an RP: shares nothing (the synonym problem)
//
// Ranked: B (4 words), C (1 word), then A and D tie at 0 and keep the pairs
// order: B+ C- A- D+. AP = (1/1 + 2/4) / 2 = 0.75, RR = 1.
//
// q2 "buy cheap used car" has, in pairs order:
//
//	F  relevant    second-hand vehicles: shares nothing
//	D  irrelevant  the RP question: shares nothing
//	A  irrelevant  cheap car rental: shares "cheap", "car"
//	E  relevant    buying a used car: shares "buy", "used", "car"
//
// Ranked: E (3 words), A (2), then F and D tie at 0 in pairs order:
// E+ A- F+ D-. AP = (1/1 + 2/3) / 2 = 0.8333, RR = 1.
//
// MAP = (0.75 + 0.8333) / 2 = 79.17, MRR = 100, P@1 = 100.
//
// Against the whole corpus the index finds only candidates sharing a word:
// q1 finds B (and C), not D; q2 finds E (and A), not F. Each query finds
// one of its two relevant questions: recall@5 = recall@10 = 50.
var (
	fixtureQuestions = []eval.Question{
		{ID: "q1", Title: "How do I renew my residence permit in Doha?", Body: "Renew residence permit Doha: what do I do?"},
		{ID: "q2", Title: "Where can I buy a cheap used car?", Body: "I want to buy a used car, cheap."},
		{ID: "A", Title: "Cheap car rental", Body: "Any cheap car rental company?"},
		{ID: "B", Title: "Renewing a residence permit in Doha", Body: "My permit runs out; how is it renewed in Doha?"},
		{ID: "C", Title: "Residence near the Corniche", Body: "Looking for a flat close to the sea."},
		{ID: "D", Title: "Extending my RP", Body: "Which papers do the authorities need for an extension?"},
		{ID: "E", Title: "Buying a used car", Body: "Tips on buying used cars from a dealer?"},
		{ID: "F", Title: "Second hand vehicles", Body: "Where is the market for second hand vehicles?"},
	}
	fixturePairs = []eval.Pair{
		{Query: "q1", Candidate: "A"},
		{Query: "q1", Candidate: "B", Relevant: true},
		{Query: "q1", Candidate: "C"},
		{Query: "q1", Candidate: "D", Relevant: true},
		{Query: "q2", Candidate: "F", Relevant: true},
		{Query: "q2", Candidate: "D"},
		{Query: "q2", Candidate: "A"},
		{Query: "q2", Candidate: "E", Relevant: true},
	}
)

func TestEvaluateSimilarFixture(t *testing.T) {
	m, r, err := search.EvaluateSimilar(context.Background(), t.TempDir(), fixtureQuestions, fixturePairs, search.DefaultRerankWeights)
	if err != nil {
		t.Fatal(err)
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 0.01 {
			t.Errorf("%s = %.3f, want %.3f", name, got, want)
		}
	}
	if m.Queries != 2 || r.Queries != 2 {
		t.Errorf("queries = %d (rerank), %d (recall), want 2 and 2", m.Queries, r.Queries)
	}
	near("MAP", m.MAP, 100*(0.75+(1+2.0/3)/2)/2)
	near("MRR", m.MRR, 100)
	near("P@1", m.PrecisionAt1, 100)
	near("recall@5", r.RecallAt5, 50)
	near("recall@10", r.RecallAt10, 50)
}

func TestEvaluateSimilarBadInput(t *testing.T) {
	ctx := context.Background()
	qs := []eval.Question{{ID: "a", Title: "router"}, {ID: "a", Title: "modem"}}
	if _, _, err := search.EvaluateSimilar(ctx, t.TempDir(), qs, nil, search.DefaultRerankWeights); err == nil || !strings.Contains(err.Error(), `"a"`) {
		t.Errorf("duplicate question ID: err = %v, want one naming it", err)
	}
	qs = qs[:1]
	pairs := []eval.Pair{{Query: "a", Candidate: "missing", Relevant: true}}
	if _, _, err := search.EvaluateSimilar(ctx, t.TempDir(), qs, pairs, search.DefaultRerankWeights); err == nil || !strings.Contains(err.Error(), `"missing"`) {
		t.Errorf("unknown candidate: err = %v, want one naming it", err)
	}
}

// TestEvaluateSimilarSemEval runs the evaluation on the SemEval-2016 Task 3
// development set when it is there (../../shared/data/semeval2016, outside
// the repository) and logs the figures. Run it with -v to see them:
//
//	go test ./search -run EvaluateSimilarSemEval -v
func TestEvaluateSimilarSemEval(t *testing.T) {
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
	start := time.Now()
	m, r, err := search.EvaluateSimilar(context.Background(), t.TempDir(), questions, pairs, search.DefaultRerankWeights)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("SemEval-2016 dev, %d questions, %d queries, %v: MAP %.2f  MRR %.2f  P@1 %.2f  recall@5 %.2f  recall@10 %.2f (over %d queries with a relevant candidate)",
		len(questions), m.Queries, time.Since(start).Round(time.Millisecond), m.MAP, m.MRR, m.PrecisionAt1, r.RecallAt5, r.RecallAt10, r.Queries)
	t.Logf("reference on this dev set: search engine order MAP 67.18 / MRR 75.14, Jaccard 63.29; random about 47")
	if m.Queries != 81 && len(pairs) == 810 {
		t.Errorf("queries = %d, want 81", m.Queries)
	}
	// Sanity only: far below random would mean the ranking is upside down.
	if m.MAP < 40 || m.MAP > 100 || r.RecallAt10 <= 0 {
		t.Errorf("implausible figures: MAP %.2f, recall@10 %.2f", m.MAP, r.RecallAt10)
	}
}
