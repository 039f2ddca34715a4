// Package eval measures the similar-questions ranking on a labelled set, the
// SemEval-2016 Task 3 (subtask B) way.
//
// Subtask B is question–question similarity on a community forum: each query
// question comes with a fixed list of candidate questions, each labelled
// relevant or not, and a system is judged by how well it orders those
// candidates. This package reads such a labelled set (the questions as JSON
// lines, the labelled pairs as a TSV file), and scores a system's output with
// the official metrics (MAP, MRR, P@1, see [Rerank]). It also measures
// recall@5 and recall@10 when each query is run against the whole pooled
// corpus instead of its own candidates (see [Recall]).
//
// It is meant for internal evaluation from tests and tools; it imports only
// the standard library and ships no data.
package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// Cutoff is the rank cutoff of the official average precision: only the
// first Cutoff ranks of each query count towards MAP.
const Cutoff = 10

// Question is one forum question of the labelled set.
type Question struct {
	ID, Title, Body string
}

// ReadQuestions reads questions as JSON lines, one object
// {"id","title","body"} per line. Blank lines are skipped. A line that is not
// a single JSON object, an object without an id, or an id seen on an earlier
// line is an error that names the line number (counting from 1).
func ReadQuestions(r io.Reader) ([]Question, error) {
	var out []Question
	seen := make(map[string]int)
	err := eachLine(r, func(n int, line string) error {
		if strings.TrimSpace(line) == "" {
			return nil
		}
		var rec struct {
			ID    *string `json:"id"`
			Title string  `json:"title"`
			Body  string  `json:"body"`
		}
		dec := json.NewDecoder(strings.NewReader(line))
		if err := dec.Decode(&rec); err != nil {
			return fmt.Errorf("eval: questions line %d: %w", n, err)
		}
		if _, err := dec.Token(); err != io.EOF {
			return fmt.Errorf("eval: questions line %d: trailing data after the JSON object", n)
		}
		if rec.ID == nil || strings.TrimSpace(*rec.ID) == "" {
			return fmt.Errorf("eval: questions line %d: missing or empty \"id\"", n)
		}
		id := *rec.ID
		if prev, ok := seen[id]; ok {
			return fmt.Errorf("eval: questions line %d: duplicate id %q (first on line %d)", n, id, prev)
		}
		seen[id] = n
		out = append(out, Question{ID: id, Title: rec.Title, Body: rec.Body})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Pair is one labelled (query, candidate) pair.
type Pair struct {
	Query, Candidate string
	Relevant         bool
}

// ReadPairs reads labelled pairs as tab-separated lines
// "query_id<TAB>relevant_id<TAB>label" after one header line; label is 1
// (relevant) or 0 (irrelevant). Blank lines are skipped. A missing header
// (a first line whose third column is already a label), a line without
// exactly three columns, an empty id, a label other than 0 or 1, or a
// (query, candidate) pair seen on an earlier line is an error that names the
// line number (counting from 1, the header being line 1). The pairs keep the
// file order, which is the order [Rerank] uses to break ties.
func ReadPairs(r io.Reader) ([]Pair, error) {
	var out []Pair
	header := false
	seen := make(map[[2]string]int)
	err := eachLine(r, func(n int, line string) error {
		if strings.TrimSpace(line) == "" {
			return nil
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			return fmt.Errorf("eval: pairs line %d: want 3 tab-separated columns, got %d", n, len(cols))
		}
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		if !header {
			header = true
			if _, err := parseLabel(cols[2]); err == nil {
				return fmt.Errorf("eval: pairs line %d: missing header line (want query_id, relevant_id, label)", n)
			}
			return nil
		}
		if cols[0] == "" || cols[1] == "" {
			return fmt.Errorf("eval: pairs line %d: empty id", n)
		}
		rel, err := parseLabel(cols[2])
		if err != nil {
			return fmt.Errorf("eval: pairs line %d: %w", n, err)
		}
		key := [2]string{cols[0], cols[1]}
		if prev, ok := seen[key]; ok {
			return fmt.Errorf("eval: pairs line %d: duplicate pair %s %s (first on line %d)", n, cols[0], cols[1], prev)
		}
		seen[key] = n
		out = append(out, Pair{Query: cols[0], Candidate: cols[1], Relevant: rel})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func parseLabel(s string) (bool, error) {
	switch s {
	case "1":
		return true, nil
	case "0":
		return false, nil
	}
	return false, fmt.Errorf("label %q is not 0 or 1", s)
}

// eachLine calls fn for every line of r with its 1-based number, without the
// line terminator (\n or \r\n) and, on line 1, without a UTF-8 byte order
// mark. Lines may be of any length.
func eachLine(r io.Reader, fn func(n int, line string) error) error {
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		b, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("eval: line %d: %w", n, err)
		}
		if len(b) == 0 && err != nil {
			return nil
		}
		b = bytes.TrimSuffix(b, []byte("\n"))
		b = bytes.TrimSuffix(b, []byte("\r"))
		if n == 1 {
			b = bytes.TrimPrefix(b, []byte("\ufeff"))
		}
		if ferr := fn(n, string(b)); ferr != nil {
			return ferr
		}
		if err != nil {
			return nil
		}
	}
}

// Scored is a system's score for one candidate of one query; higher means
// more similar to the query.
type Scored struct {
	Candidate string
	Score     float64
}

// Metrics are the official subtask B figures of one system.
type Metrics struct {
	// Queries is the number of distinct queries in the pairs.
	Queries int
	// MAP and MRR are in percent, like the published figures (the Google
	// baseline's MAP 74.75, MRR 83.79 on the 2016 test set).
	MAP, MRR float64
	// PrecisionAt1 is the percentage of queries whose top-ranked candidate
	// is relevant.
	PrecisionAt1 float64
}

// Rerank scores a system that reorders each query's own candidates, the way
// the official SemEval-2016 Task 3 scorer (ev.py, metrics.py) does.
//
// Ranking: for each distinct query in pairs (in order of first appearance),
// its candidates are the pairs' candidates for it. They are sorted by the
// system's score from scores[query], highest first. A candidate with no
// score (or a NaN score) counts as -Inf, i.e. it is ranked last. Ties keep
// the candidates' order in pairs (a stable sort, as the official scorer's
// Python sort). If scores[query] lists a candidate twice, the first entry
// counts; entries for candidates not in pairs are ignored.
//
// Average precision of a query: the mean of precision@i over the ranks
// i <= 10 ([Cutoff]) that hold a relevant candidate, i.e. the sum of those
// precisions divided by the number of relevant candidates in the top 10 (not
// by all relevant candidates: the official definition; with the task's 10
// candidates per query the two agree). A query with no relevant candidate in
// the top 10 has AP 0 and still counts in the mean. MAP is the mean AP over
// all queries.
//
// Reciprocal rank of a query: 1/rank of its first relevant candidate, 0 if it
// has none. The whole candidate list counts (the official scorer cuts at its
// -t threshold, 15 by default, which 10 candidates never reach). MRR is the
// mean over all queries.
//
// P@1 is the share of all queries whose first-ranked candidate is relevant
// (the official scorer's REC-1@01, which is its "P@1" column).
//
// All three are in percent. With no pairs every field is 0.
func Rerank(pairs []Pair, scores map[string][]Scored) Metrics {
	order, byQuery := groupPairs(pairs)
	var m Metrics
	m.Queries = len(order)
	if m.Queries == 0 {
		return m
	}
	var sumAP, sumRR, sumP1 float64
	for _, q := range order {
		cands := byQuery[q]
		score := make(map[string]float64, len(cands))
		for _, s := range scores[q] {
			if _, dup := score[s.Candidate]; !dup {
				score[s.Candidate] = s.Score
			}
		}
		value := func(p Pair) float64 {
			v, ok := score[p.Candidate]
			if !ok || math.IsNaN(v) {
				return math.Inf(-1)
			}
			return v
		}
		ranked := append([]Pair(nil), cands...)
		sort.SliceStable(ranked, func(i, j int) bool {
			return value(ranked[i]) > value(ranked[j])
		})

		var hits int
		var precSum float64
		rr := 0.0
		for i, p := range ranked {
			if !p.Relevant {
				continue
			}
			if rr == 0 {
				rr = 1 / float64(i+1)
			}
			if i < Cutoff {
				hits++
				precSum += float64(hits) / float64(i+1)
			}
		}
		if hits > 0 {
			sumAP += precSum / float64(hits)
		}
		sumRR += rr
		if len(ranked) > 0 && ranked[0].Relevant {
			sumP1++
		}
	}
	n := float64(m.Queries)
	m.MAP = 100 * sumAP / n
	m.MRR = 100 * sumRR / n
	m.PrecisionAt1 = 100 * sumP1 / n
	return m
}

// RecallMetrics are recall figures of a system run against the pooled corpus.
type RecallMetrics struct {
	// Queries is the number of queries with at least one relevant
	// candidate, the ones the recalls are averaged over.
	Queries int
	// RecallAt5 and RecallAt10 are in percent, macro-averaged over Queries.
	RecallAt5, RecallAt10 float64
}

// Recall measures a system that, for each query, searched the whole pooled
// corpus (all questions of the set) rather than reordering the query's own
// candidates. retrieved[query] is the system's ranked list of question IDs,
// best first, with the query itself already excluded by the caller.
//
// The relevant questions of a query are its candidates labelled 1 in pairs;
// every other question counts as irrelevant. Recall@k of a query is the
// number of distinct relevant IDs among the first k of retrieved[query],
// divided by its number of relevant questions; a query missing from
// retrieved has recall 0. The recalls are averaged over the queries that have
// at least one relevant candidate (queries with none are left out), in
// percent. With no such query every field is 0.
func Recall(pairs []Pair, retrieved map[string][]string) RecallMetrics {
	order, byQuery := groupPairs(pairs)
	var m RecallMetrics
	var sum5, sum10 float64
	for _, q := range order {
		rel := make(map[string]bool)
		for _, p := range byQuery[q] {
			if p.Relevant {
				rel[p.Candidate] = true
			}
		}
		if len(rel) == 0 {
			continue
		}
		m.Queries++
		found := make(map[string]bool)
		var at5 int
		for i, id := range retrieved[q] {
			if i >= 10 {
				break
			}
			if rel[id] && !found[id] {
				found[id] = true
				if i < 5 {
					at5++
				}
			}
		}
		sum5 += float64(at5) / float64(len(rel))
		sum10 += float64(len(found)) / float64(len(rel))
	}
	if m.Queries > 0 {
		m.RecallAt5 = 100 * sum5 / float64(m.Queries)
		m.RecallAt10 = 100 * sum10 / float64(m.Queries)
	}
	return m
}

// groupPairs returns the distinct queries in order of first appearance and
// each query's pairs in file order.
func groupPairs(pairs []Pair) ([]string, map[string][]Pair) {
	var order []string
	by := make(map[string][]Pair)
	for _, p := range pairs {
		if _, ok := by[p.Query]; !ok {
			order = append(order, p.Query)
		}
		by[p.Query] = append(by[p.Query], p)
	}
	return order, by
}
