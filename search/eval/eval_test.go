package eval

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// fixturePairs: three queries.
//
//	Q1: A1 rel, A2 irr, A3 rel, A4 irr
//	Q2: B1 rel, B2 irr, B3 irr, B4 rel
//	Q3: C1 irr, C2 irr               (no relevant candidate)
const fixturePairs = "query_id\trelevant_id\tlabel\n" +
	"Q1\tA1\t1\n" +
	"Q1\tA2\t0\n" +
	"Q1\tA3\t1\n" +
	"Q1\tA4\t0\n" +
	"\n" + // blank lines are skipped
	"Q2\tB1\t1\n" +
	"Q2\tB2\t0\n" +
	"Q2\tB3\t0\r\n" + // CRLF is fine
	"Q2\tB4\t1\n" +
	"Q3\tC1\t0\n" +
	"Q3\tC2\t0" // no final newline

func readFixturePairs(t *testing.T) []Pair {
	t.Helper()
	pairs, err := ReadPairs(strings.NewReader(fixturePairs))
	if err != nil {
		t.Fatal(err)
	}
	return pairs
}

func TestReadPairs(t *testing.T) {
	pairs := readFixturePairs(t)
	if len(pairs) != 10 {
		t.Fatalf("got %d pairs, want 10", len(pairs))
	}
	if want := (Pair{"Q2", "B3", false}); pairs[6] != want {
		t.Errorf("pairs[6] = %+v, want %+v", pairs[6], want)
	}
	if want := (Pair{"Q3", "C2", false}); pairs[9] != want {
		t.Errorf("pairs[9] = %+v, want %+v", pairs[9], want)
	}
}

func TestRerankFixture(t *testing.T) {
	pairs := readFixturePairs(t)
	scores := map[string][]Scored{
		// Q1 ranked: A2(.9) A3(.5) A1(.2) A4(.1); relevant at ranks 2 and 3.
		//   AP = (P@2 + P@3)/2 = (1/2 + 2/3)/2 = 7/12; RR = 1/2; P@1 miss.
		"Q1": {{"A1", 0.2}, {"A2", 0.9}, {"A3", 0.5}, {"A4", 0.1}},
		// Q2: B1 and B2 tie at .7, so pair order puts B1 first; B4 has no
		// score, so it is last, below B3's negative score.
		//   ranked: B1 B2 B3 B4; relevant at ranks 1 and 4.
		//   AP = (P@1 + P@4)/2 = (1 + 2/4)/2 = 3/4; RR = 1; P@1 hit.
		// (Breaking the tie the other way would give AP 1/2, RR 1/2; a
		// missing score counted as 0 would rank B4 third: AP 5/6.)
		// The entry for X9 is not a candidate of Q2 and is ignored.
		"Q2": {{"B3", -0.5}, {"B2", 0.7}, {"B1", 0.7}, {"X9", 5}},
		// Q3 has no relevant candidate: AP 0, RR 0, P@1 miss.
		"Q3": {{"C2", 1}, {"C1", 2}},
		// A query not in the pairs is ignored.
		"Q4": {{"D1", 1}},
	}
	got := Rerank(pairs, scores)
	// MAP = (7/12 + 3/4 + 0)/3 = (16/12)/3 = 4/9   = 44.444...%
	// MRR = (1/2 + 1 + 0)/3            = 1/2   = 50%
	// P@1 = (0 + 1 + 0)/3              = 1/3   = 33.333...%
	want := Metrics{Queries: 3, MAP: 400.0 / 9, MRR: 50, PrecisionAt1: 100.0 / 3}
	if got.Queries != want.Queries || !near(got.MAP, want.MAP) || !near(got.MRR, want.MRR) || !near(got.PrecisionAt1, want.PrecisionAt1) {
		t.Errorf("Rerank = %+v, want %+v", got, want)
	}
}

func TestRerankNoScoresKeepsPairOrder(t *testing.T) {
	pairs := readFixturePairs(t)
	// With no scores at all every candidate is -Inf, so pair order stands.
	// Q1: relevant at 1 and 3: AP = (1 + 2/3)/2 = 5/6, RR 1.
	// Q2: relevant at 1 and 4: AP = 3/4, RR 1.  Q3: 0.
	got := Rerank(pairs, nil)
	if wantMAP := 100 * (5.0/6 + 3.0/4) / 3; !near(got.MAP, wantMAP) {
		t.Errorf("MAP = %v, want %v", got.MAP, wantMAP)
	}
	if wantMRR := 200.0 / 3; !near(got.MRR, wantMRR) {
		t.Errorf("MRR = %v, want %v", got.MRR, wantMRR)
	}
}

func TestRerankCutoffAndNaN(t *testing.T) {
	// Twelve candidates, relevant ones at pair positions 1 and 12. Scores
	// are descending in pair order, except the first one, which is NaN and
	// so counts as -Inf: it drops to rank 12, and the other relevant
	// candidate moves up to rank 11.
	var pairs []Pair
	scores := map[string][]Scored{}
	for i := 1; i <= 12; i++ {
		c := string(rune('a' + i - 1))
		pairs = append(pairs, Pair{"Q", c, i == 1 || i == 12})
		s := float64(100 - i)
		if i == 1 {
			s = math.NaN()
		}
		scores["Q"] = append(scores["Q"], Scored{c, s})
	}
	got := Rerank(pairs, scores)
	// No relevant candidate in the top 10: AP 0. MRR sees rank 11: 1/11.
	if got.MAP != 0 || !near(got.MRR, 100.0/11) || got.PrecisionAt1 != 0 {
		t.Errorf("Rerank = %+v, want MAP 0, MRR %v, P@1 0", got, 100.0/11)
	}

	// Without the NaN: relevant at ranks 1 and 12. Only rank 1 is in the
	// top 10, so AP = P@1 / 1 = 1 (the official definition divides by the
	// relevant candidates found in the top 10, not by all of them).
	scores["Q"][0].Score = 1000
	got = Rerank(pairs, scores)
	if !near(got.MAP, 100) || !near(got.MRR, 100) || !near(got.PrecisionAt1, 100) {
		t.Errorf("Rerank = %+v, want 100/100/100", got)
	}
}

func TestRerankEmpty(t *testing.T) {
	if got := Rerank(nil, nil); got != (Metrics{}) {
		t.Errorf("Rerank(nil) = %+v, want zero", got)
	}
	if got := Recall(nil, nil); got != (RecallMetrics{}) {
		t.Errorf("Recall(nil) = %+v, want zero", got)
	}
}

func TestReadQuestions(t *testing.T) {
	in := "\ufeff{\"id\": \"Q1\", \"title\": \"visa\", \"body\": \"how long?\"}\n" +
		"\n" +
		"{\"id\":\"Q1_R1\",\"title\":\"bank\",\"body\":\"a\\tb\",\"extra\":1}\r\n" +
		"{\"id\":\"Q2\",\"title\":\"car\"}"
	qs, err := ReadQuestions(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Question{
		{"Q1", "visa", "how long?"},
		{"Q1_R1", "bank", "a\tb"},
		{"Q2", "car", ""},
	}
	if len(qs) != len(want) {
		t.Fatalf("got %d questions, want %d: %+v", len(qs), len(want), qs)
	}
	for i := range want {
		if qs[i] != want[i] {
			t.Errorf("question %d = %+v, want %+v", i, qs[i], want[i])
		}
	}
}

func TestReadQuestionsErrors(t *testing.T) {
	ok := `{"id":"Q1","title":"t","body":"b"}` + "\n"
	for _, tc := range []struct {
		name, in, want string
	}{
		{"bad JSON", ok + "\n" + `{"id":"Q2","title":` + "\n", "line 3"},
		{"not an object", ok + `["Q2"]` + "\n", "line 2"},
		{"trailing data", ok + `{"id":"Q2"} {"id":"Q3"}` + "\n", "line 2: trailing"},
		{"missing id", ok + `{"title":"t"}` + "\n", "line 2: missing"},
		{"empty id", ok + `{"id":" "}` + "\n", "line 2: missing or empty"},
		{"wrong id type", ok + `{"id":7}` + "\n", "line 2"},
		{"duplicate id", ok + `{"id":"Q2"}` + "\n" + `{"id":"Q1"}` + "\n", `line 3: duplicate id "Q1" (first on line 1)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			qs, err := ReadQuestions(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("no error; got %+v", qs)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestReadPairsErrors(t *testing.T) {
	h := "query_id\trelevant_id\tlabel\n"
	for _, tc := range []struct {
		name, in, want string
	}{
		{"too few columns", h + "Q1\tA1\t1\nQ1\tA2\n", "line 3: want 3 tab-separated columns, got 2"},
		{"too many columns", h + "\nQ1\tA1\t1\t0.5\n", "line 3: want 3 tab-separated columns, got 4"},
		{"space separated", h + "Q1 A1 1\n", "line 2: want 3"},
		{"bad label", h + "Q1\tA1\t1\nQ1\tA2\ttrue\n", `line 3: label "true" is not 0 or 1`},
		{"label 2", h + "Q1\tA1\t2\n", `line 2: label "2"`},
		{"empty id", h + "Q1\t\t1\n", "line 2: empty id"},
		{"missing header", "Q1\tA1\t1\nQ1\tA2\t0\n", "line 1: missing header"},
		{"bad header", "query_id relevant_id label\n", "line 1: want 3"},
		{"duplicate pair", h + "Q1\tA1\t1\nQ1\tA2\t0\nQ1\tA1\t0\n", "line 4: duplicate pair Q1 A1 (first on line 2)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := ReadPairs(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("no error; got %+v", ps)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
	// A header alone is an empty, valid set.
	if ps, err := ReadPairs(strings.NewReader(h)); err != nil || len(ps) != 0 {
		t.Errorf("header only: %v, %v", ps, err)
	}
}

func TestRecallFixture(t *testing.T) {
	pairs := readFixturePairs(t)
	retrieved := map[string][]string{
		// Q1 relevant {A1, A3}: A3 at rank 2, A1 at rank 7.
		//   R@5 = 1/2, R@10 = 2/2.
		"Q1": {"Z1", "A3", "A2", "Z2", "Z3", "Z4", "A1", "Z5"},
		// Q2 relevant {B1, B4}: B4 at rank 1 (listed twice, counted once),
		// B1 at rank 11, beyond the cutoff.
		//   R@5 = 1/2, R@10 = 1/2.
		"Q2": {"B4", "B4", "Z1", "Z2", "Z3", "Z4", "Z5", "Z6", "Z7", "Z8", "B1"},
		// Q3 has no relevant candidate and is left out of the average.
		"Q3": {"C1", "C2"},
	}
	got := Recall(pairs, retrieved)
	// R@5 = (1/2 + 1/2)/2 = 50%; R@10 = (1 + 1/2)/2 = 75%.
	want := RecallMetrics{Queries: 2, RecallAt5: 50, RecallAt10: 75}
	if got.Queries != want.Queries || !near(got.RecallAt5, want.RecallAt5) || !near(got.RecallAt10, want.RecallAt10) {
		t.Errorf("Recall = %+v, want %+v", got, want)
	}

	// A query missing from retrieved counts as recall 0.
	delete(retrieved, "Q2")
	got = Recall(pairs, retrieved)
	want = RecallMetrics{Queries: 2, RecallAt5: 25, RecallAt10: 50}
	if got.Queries != want.Queries || !near(got.RecallAt5, want.RecallAt5) || !near(got.RecallAt10, want.RecallAt10) {
		t.Errorf("Recall without Q2 = %+v, want %+v", got, want)
	}
}

// realDir is the shared copy of the SemEval-2016 Task 3 subtask B dev set
// (see /work/shared/data/README.md); it is never copied into the repository.
const realDir = "../../../shared/data/semeval2016"

func readReal(t *testing.T) ([]Question, []Pair) {
	t.Helper()
	qf, err := os.Open(filepath.Join(realDir, "questions.jsonl"))
	if err != nil {
		t.Skipf("SemEval-2016 data not available (%v); skipping the real-data check", err)
	}
	defer qf.Close()
	pf, err := os.Open(filepath.Join(realDir, "pairs_dev.tsv"))
	if err != nil {
		t.Skipf("SemEval-2016 data not available (%v); skipping the real-data check", err)
	}
	defer pf.Close()
	qs, err := ReadQuestions(qf)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := ReadPairs(pf)
	if err != nil {
		t.Fatal(err)
	}
	return qs, pairs
}

func TestSemEval2016Dev(t *testing.T) {
	qs, pairs := readReal(t)
	if len(qs) != 2057 {
		t.Errorf("got %d questions, want 2057", len(qs))
	}
	if len(pairs) != 810 {
		t.Errorf("got %d pairs, want 810", len(pairs))
	}
	text := make(map[string]string, len(qs))
	for _, q := range qs {
		text[q.ID] = q.Title + " " + q.Body
	}
	queries := map[string]bool{}
	for _, p := range pairs {
		queries[p.Query] = true
		for _, id := range []string{p.Query, p.Candidate} {
			if _, ok := text[id]; !ok {
				t.Errorf("pair %s %s: question %s not in questions.jsonl", p.Query, p.Candidate, id)
			}
		}
	}
	if len(queries) != 81 {
		t.Errorf("got %d query ids, want 81", len(queries))
	}

	// "Random order" baseline: the candidates in file order. The file lists
	// each query's candidates by their _R number, which is the search
	// engine's rank, so this is in effect the IR baseline on dev.
	order := map[string][]Scored{}
	for _, p := range pairs {
		order[p.Query] = append(order[p.Query], Scored{p.Candidate, -float64(len(order[p.Query]))})
	}
	m := Rerank(pairs, order)
	t.Logf("file-order baseline on pairs_dev: queries %d, MAP %.2f, MRR %.2f, P@1 %.2f", m.Queries, m.MAP, m.MRR, m.PrecisionAt1)
	if m.Queries != 81 {
		t.Errorf("Rerank counted %d queries, want 81", m.Queries)
	}
	if m.MAP < 40 || m.MAP > 80 {
		t.Errorf("file-order MAP %.2f outside the expected 40..80", m.MAP)
	}
	if none := Rerank(pairs, nil); none != m {
		t.Errorf("Rerank with no scores = %+v, want the file order %+v", none, m)
	}

	// A truly random order, for contrast (the published random baseline is
	// MAP 46.98 on the 2016 test set): the mean over seeded shuffles.
	rng := rand.New(rand.NewPCG(2016, 3))
	const shuffles = 200
	var rnd Metrics
	for range shuffles {
		s := map[string][]Scored{}
		for _, p := range pairs {
			s[p.Query] = append(s[p.Query], Scored{p.Candidate, rng.Float64()})
		}
		x := Rerank(pairs, s)
		rnd.MAP += x.MAP / shuffles
		rnd.MRR += x.MRR / shuffles
		rnd.PrecisionAt1 += x.PrecisionAt1 / shuffles
	}
	t.Logf("shuffled-order baseline on pairs_dev (mean of %d): MAP %.2f, MRR %.2f, P@1 %.2f", shuffles, rnd.MAP, rnd.MRR, rnd.PrecisionAt1)

	// Sanity anchor: Jaccard of lower-cased word sets of title+body.
	words := make(map[string]map[string]bool, len(qs))
	for id, s := range text {
		words[id] = wordSet(s)
	}
	jac := map[string][]Scored{}
	for _, p := range pairs {
		jac[p.Query] = append(jac[p.Query], Scored{p.Candidate, jaccard(words[p.Query], words[p.Candidate])})
	}
	j := Rerank(pairs, jac)
	t.Logf("Jaccard word-set baseline on pairs_dev: MAP %.2f, MRR %.2f, P@1 %.2f", j.MAP, j.MRR, j.PrecisionAt1)
	if !(j.MAP > 0 && j.MAP < 100) {
		t.Errorf("Jaccard MAP %.2f not in (0, 100)", j.MAP)
	}

	// The same scorer against the whole pooled corpus.
	ids := make([]string, 0, len(qs))
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	retrieved := map[string][]string{}
	for q := range queries {
		type hit struct {
			id string
			s  float64
		}
		var hits []hit
		for _, id := range ids {
			if id != q {
				hits = append(hits, hit{id, jaccard(words[q], words[id])})
			}
		}
		sort.SliceStable(hits, func(a, b int) bool { return hits[a].s > hits[b].s })
		for _, h := range hits[:10] {
			retrieved[q] = append(retrieved[q], h.id)
		}
	}
	r := Recall(pairs, retrieved)
	t.Logf("Jaccard against the pooled corpus (%d questions): queries %d, R@5 %.2f, R@10 %.2f", len(ids), r.Queries, r.RecallAt5, r.RecallAt10)
}

func wordSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		set[w] = true
	}
	return set
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}
