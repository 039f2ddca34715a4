package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/chorus-forum/chorus/search"
	"github.com/chorus-forum/chorus/search/eval"
)

// evalCommand measures the similar-questions ranking on a labelled set:
//
//	chorus eval similar --questions questions.jsonl --pairs pairs.tsv
func evalCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) > 0 && args[0] == "clusters" {
		return evalClusters(args[1:], stdout)
	}
	if len(args) == 0 || args[0] != "similar" {
		return errors.New("usage: chorus eval similar --questions FILE --pairs FILE [--dir DIR]\n" +
			"       chorus eval clusters [--data DIR] [--write DIR] SCENARIO.json|SCENARIO.jsonl [more scenarios]")
	}
	fs := flag.NewFlagSet("eval similar", flag.ContinueOnError)
	questionsFile := fs.String("questions", "", "questions as JSON lines {\"id\",\"title\",\"body\"}")
	pairsFile := fs.String("pairs", "", "labelled pairs: query_id TAB candidate_id TAB 0|1, with a header line")
	dir := fs.String("dir", "", "where to build the evaluation index (default: a temporary directory, removed afterwards)")
	w := search.DefaultRerankWeights
	fs.Float64Var(&w.Title, "w-title", w.Title, "weight of the title cosine")
	fs.Float64Var(&w.Full, "w-full", w.Full, "weight of the title-and-body cosine")
	fs.Float64Var(&w.Index, "w-index", w.Index, "weight of the index (BM25) score")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *questionsFile == "" || *pairsFile == "" {
		return errors.New("eval similar: --questions and --pairs are both required")
	}
	questions, err := readWith(*questionsFile, eval.ReadQuestions)
	if err != nil {
		return err
	}
	pairs, err := readWith(*pairsFile, eval.ReadPairs)
	if err != nil {
		return err
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "chorus-eval-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = tmp
	}
	start := time.Now()
	m, r, err := search.EvaluateSimilar(ctx, *dir, questions, pairs, w)
	if err != nil {
		return fmt.Errorf("eval similar: %w", err)
	}
	fmt.Fprintf(stdout, "similar questions, %d questions indexed, %d queries, %d labelled pairs (%.1f s)\n",
		len(questions), m.Queries, len(pairs), time.Since(start).Seconds())
	fmt.Fprintf(stdout, "weights: title %.2f, full %.2f, index %.2f, solved %.2f\n", w.Title, w.Full, w.Index, w.Solved)
	fmt.Fprintf(stdout, "rerank of each query's own candidates (SemEval-2016 Task 3 B):\n")
	fmt.Fprintf(stdout, "  MAP  %6.2f\n  MRR  %6.2f\n  P@1  %6.2f\n", m.MAP, m.MRR, m.PrecisionAt1)
	fmt.Fprintf(stdout, "against the whole pooled corpus (%d queries with a relevant candidate):\n", r.Queries)
	fmt.Fprintf(stdout, "  recall@5   %6.2f\n  recall@10  %6.2f\n", r.RecallAt5, r.RecallAt10)
	// The order the pairs file lists candidates in is, for SemEval, the
	// search engine's own ranking: the baseline measured on this very set.
	order := map[string][]eval.Scored{}
	for _, p := range pairs {
		order[p.Query] = append(order[p.Query], eval.Scored{Candidate: p.Candidate, Score: -float64(len(order[p.Query]))})
	}
	b := eval.Rerank(pairs, order)
	fmt.Fprintf(stdout, "baseline, the candidates in file order (for SemEval the search engine's ranking): MAP %.2f, MRR %.2f\n", b.MAP, b.MRR)
	fmt.Fprintf(stdout, "published on the official test set: search-engine baseline MAP 74.75, best 2016 system 76.70, best run 77.33\n")
	return nil
}

// readWith opens a file and parses it with read.
func readWith[T any](path string, read func(io.Reader) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path) // #nosec G304 -- a file the operator names on the command line
	if err != nil {
		return zero, err
	}
	defer f.Close()
	v, err := read(f)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}
