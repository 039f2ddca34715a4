// Package cluster finds widespread problems: groups of recent reports that
// are similar to each other and more numerous than such reports normally
// are. It is pure computation on term vectors, with no store and no index,
// so the forum's background job and the replay evaluation (`chorus eval
// clusters`) run exactly the same code.
//
// The method is a similar-report burst test, in the spirit of
// Downdetector counting reports against the usual level:
//
//  1. Reports of the last hours (threads, and "me too" on them) become
//     tf-idf vectors, with idf from a sample of the weeks before.
//  2. Reports whose cosine is at least Pair are linked; each connected
//     set is refined around its centroid: a member is a report whose
//     cosine with the centroid is at least Member.
//  3. A group's people (each counted once, "me too" included) in the
//     last hour and the last six hours are compared with what its share
//     of the weeks before predicts for the current traffic: the share is
//     how many sampled threads of the weeks before are as close to the
//     centroid. The chance of that many by coincidence is a Poisson tail.
//  4. A group is raised when at least MinPeople people reported it and
//     that chance is below MaxChance.
//
// The package imports only the standard library.
package cluster

import (
	"math"
	"sort"
	"time"
)

// Terms is a report's text as the detector compares it: term counts in a
// language-neutral analysis, and for each term a word as people wrote it,
// for labels.
type Terms struct {
	Counts map[string]float64
	Words  map[string]string
}

// Report is one thread as the detector sees it.
type Report struct {
	ID       int64
	Author   int64
	Category string
	Created  time.Time
	Terms    Terms
	// MeToo are the people who said "me too", with when.
	MeToo []Vote
	// KnownIssue is the known issue the thread is linked to, 0 if none.
	KnownIssue int64
}

// Vote is one "me too".
type Vote struct {
	User int64
	At   time.Time
}

// Config holds the detector's thresholds.
type Config struct {
	// Pair is the cosine from which two reports are linked.
	Pair float64
	// Member is the cosine with a group's centroid from which a report
	// belongs to it; a thread of the weeks before as close counts towards
	// the group's usual share.
	Member float64
	// MinPeople is the fewest distinct people a group needs to be raised.
	MinPeople int
	// MaxChance is the largest chance of coincidence a raised group may
	// have.
	MaxChance float64
	// Window is how far back reports are grouped; Short is the window for
	// a sudden surge inside it.
	Window, Short time.Duration
	// Prior is the number of imagined threads, none like the group, added
	// to the history sample, so that a forum with little history does not
	// take every topic for novel.
	Prior float64
	// History is how far back the usual level is measured, leaving out
	// the last HistoryGap; at most Sample threads of it are compared.
	History, HistoryGap time.Duration
	Sample              int
}

// Stride is how the history is sampled: the threads whose ID is a
// multiple of it, so that every pass compares the same threads and the
// store can select them with an index.
func Stride(total, sample int) int64 {
	if sample <= 0 || total <= sample {
		return 1
	}
	// A power of two, so that the sample (between half of sample and
	// sample threads) stays the same while traffic drifts, instead of
	// changing whole whenever total/sample crosses an integer.
	need := int64((total + sample - 1) / sample)
	stride := int64(1)
	for stride < need {
		stride *= 2
	}
	return stride
}

// DefaultConfig was chosen with `chorus eval clusters` on the shipped
// scenarios (docs/performance.md).
var DefaultConfig = Config{
	Pair:       0.15,
	Member:     0.45,
	MinPeople:  4,
	MaxChance:  1e-6,
	Window:     6 * time.Hour,
	Short:      time.Hour,
	Prior:      50,
	History:    28 * 24 * time.Hour,
	HistoryGap: 24 * time.Hour,
	Sample:     2000,
}

// Input is what one pass looks at.
type Input struct {
	Now time.Time
	// Recent are the threads created within the window, and the threads
	// that got a "me too" within it.
	Recent []Report
	// History is a sample of the threads from the weeks before (the last
	// day excluded, so that a burst does not become its own baseline).
	History []Terms
	// HistoryTotal is how many threads the sample was drawn from.
	HistoryTotal int
}

// Group is a set of similar recent reports with its statistics.
type Group struct {
	Threads []int64 // best match first
	Stats   Stats
	// Raised reports whether the group is unusual enough to show.
	Raised bool
	// KnownIssue is the known issue most of its threads are linked to, if
	// any.
	KnownIssue int64
	centroid   map[string]float64
	vectors    map[int64]map[string]float64
}

// Stats explain a group: counts against the baseline.
type Stats struct {
	People      int       `json:"people"`       // distinct people in the window
	PeopleShort int       `json:"people_short"` // ... in the short window
	Traffic     int       `json:"traffic"`      // all reports in the window
	TrafficShrt int       `json:"traffic_short"`
	Share       float64   `json:"share"`    // the usual share of reports like these
	Expected    float64   `json:"expected"` // expected people in the window
	ExpShort    float64   `json:"expected_short"`
	Chance      float64   `json:"chance"`       // of at least this many by coincidence, the smaller window's, doubled
	Surge       bool      `json:"surge"`        // the short window gave the smaller chance
	HistoryLike float64   `json:"history_like"` // threads of the sample like each member, on average
	HistoryN    int       `json:"history_sample"`
	HistoryAll  int       `json:"history_total"`
	Words       []string  `json:"words"`  // top terms as people wrote them
	Hourly      []int     `json:"hourly"` // people per hour over the window, oldest first
	First       time.Time `json:"first"`
	Last        time.Time `json:"last"`
	Categories  []string  `json:"categories"`
	WindowHours float64   `json:"window_hours"`
	ShortHours  float64   `json:"short_hours"`
	// Suggested marks the reports of a known issue's problem that were
	// found for it rather than raised: no counts against a baseline.
	Suggested bool `json:"suggested,omitempty"`
}

// centroidTerms is how many terms of a group's centroid are kept for
// matching later groups to it.
const centroidTerms = 40

// Centroid returns the group's centroid, its strongest terms only, of
// length one: later passes match new groups to a tracked cluster by it,
// once the threads they share have left the window.
func (g Group) Centroid() map[string]float64 {
	type tw struct {
		t string
		w float64
	}
	var all []tw
	for t, w := range g.centroid {
		all = append(all, tw{t, w})
	}
	sort.Slice(all, func(i, j int) bool {
		wi, wj := round9(all[i].w), round9(all[j].w)
		return wi > wj || wi == wj && all[i].t < all[j].t
	})
	out := map[string]float64{}
	var norm float64
	for i := 0; i < len(all) && i < centroidTerms; i++ {
		out[all[i].t] = all[i].w
		norm += all[i].w * all[i].w
	}
	norm = math.Sqrt(norm)
	for t := range out {
		out[t] /= norm
	}
	return out
}

// Certainty is how sure the detector is, from the chance of coincidence:
// "very high" below one in a trillion, "high" below one in a billion,
// otherwise "moderate".
func (s Stats) Certainty() string {
	switch {
	case s.Chance < 1e-12:
		return "very_high"
	case s.Chance < 1e-9:
		return "high"
	default:
		return "moderate"
	}
}

// Detect finds the groups among the recent reports, largest first.
func Detect(in Input, cfg Config) []Group {
	hdf := newHistoryDF(in.History)
	idf := hdf.idf
	vecs := make([]map[string]float64, len(in.Recent))
	for i, r := range in.Recent {
		vecs[i] = vector(r.Terms.Counts, idf)
	}
	// The history's vectors are only needed for a group big enough to
	// be raised; most passes have none.
	var hist []map[string]float64
	history := func() []map[string]float64 {
		if hist == nil {
			hist = make([]map[string]float64, len(in.History))
			for i, h := range in.History {
				hist[i] = vector(h.Counts, idf)
			}
		}
		return hist
	}
	seeds := components(vecs, cfg.Pair, hdf.share)
	groups := refine(in.Recent, vecs, seeds, cfg)
	traffic, trafficShort := countTraffic(in, cfg)
	out := groups[:0]
	for _, g := range groups {
		g.Stats = stats(in, cfg, g, history, traffic, trafficShort)
		if g.Stats.People < 2 {
			continue
		}
		g.Raised = g.Stats.People >= cfg.MinPeople && g.Stats.Chance < maxChance(cfg, len(in.History))
		g.KnownIssue = majorityKnownIssue(in.Recent, g.Threads)
		g.Stats.Words = labelWords(in.Recent, g, 5)
		out = append(out, g)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Stats.People > out[j].Stats.People })
	return out
}

// historyDF counts, for each term, the threads of the history sample
// holding it: the idf of the weights and the share that decides which
// common terms link nothing both come from it.
type historyDF struct {
	df map[string]int
	n  int
}

func newHistoryDF(hist []Terms) historyDF {
	df := map[string]int{}
	for _, h := range hist {
		for t := range h.Counts {
			df[t]++
		}
	}
	return historyDF{df: df, n: len(hist)}
}

// idf is the inverse document frequency of a term, smoothed so that a
// term never seen in the history weighs most.
func (h historyDF) idf(t string) float64 {
	return math.Log((float64(h.n) + 1) / (float64(h.df[t]) + 0.5))
}

// share is the share of the history sample a term is in.
func (h historyDF) share(t string) float64 { return float64(h.df[t]) / float64(max(1, h.n)) }

// youngHistory is the history sample below which the usual level is
// barely known (a forum's first days): a group then needs a thousand
// times stronger evidence. In the replays every background group raised
// came in the first two days, and none after.
const youngHistory = 200

func maxChance(cfg Config, history int) float64 {
	if history < youngHistory {
		return cfg.MaxChance / 1000
	}
	return cfg.MaxChance
}

// vector is a report's tf-idf vector, of length one.
func vector(counts map[string]float64, idf func(string) float64) map[string]float64 {
	v := make(map[string]float64, len(counts))
	var norm float64
	for t, c := range counts {
		if c <= 0 {
			continue
		}
		x := (1 + math.Log(c)) * idf(t)
		if x <= 0 {
			continue
		}
		v[t] = x
		norm += x * x
	}
	if norm == 0 {
		return v
	}
	norm = math.Sqrt(norm)
	for t := range v {
		v[t] /= norm
	}
	return v
}

// dot is the cosine of two vectors of length one, rounded to nine places:
// maps are summed in a random order, and the last bits of a sum would
// otherwise decide, now and then, which side of a threshold a report
// falls on, so that two replays of one scenario differed.
func dot(a, b map[string]float64) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for t, x := range a {
		s += x * b[t]
	}
	return round9(s)
}

func round9(x float64) float64 { return math.Round(x*1e9) / 1e9 }

// commonShare is the share of recent reports a term may appear in and
// still link reports, unless it is rare in the weeks before: a word in
// every tenth report that was as common before links nothing useful, and
// skipping it bounds the pass (its postings would be compared pair by
// pair). A word that is new and everywhere is what a big incident looks
// like, and is kept. It applies from commonFloor reports on.
const (
	commonShare = 0.1
	commonFloor = 200
)

// components links reports whose cosine is at least pair and returns the
// connected sets of two or more, found through an inverted index so that
// only reports sharing a term are compared.
func components(vecs []map[string]float64, pair float64, usual func(string) float64) [][]int {
	postings := map[string][]int{}
	for i, v := range vecs {
		for t := range v {
			postings[t] = append(postings[t], i)
		}
	}
	limit := len(vecs)
	if len(vecs) >= commonFloor {
		limit = int(commonShare * float64(len(vecs)))
	}
	parent := make([]int, len(vecs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	acc := make([]float64, len(vecs))
	var touched []int
	for i, v := range vecs {
		touched = touched[:0]
		for t, x := range v {
			p := postings[t]
			if len(p) > limit && usual(t) >= commonShare/2 {
				continue
			}
			for _, j := range p {
				if j <= i {
					continue
				}
				if acc[j] == 0 {
					touched = append(touched, j)
				}
				acc[j] += x * vecs[j][t]
			}
		}
		for _, j := range touched {
			if round9(acc[j]) >= pair {
				if a, b := find(i), find(j); a != b {
					parent[a] = b
				}
			}
			acc[j] = 0
		}
	}
	sets := map[int][]int{}
	for i := range vecs {
		r := find(i)
		sets[r] = append(sets[r], i)
	}
	var out [][]int
	for _, s := range sets {
		if len(s) >= 2 {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// refine turns each linked set into a group around its centroid: the
// members are the recent reports at least cfg.Member close to it (a chain
// of links pulls in reports about something else; the centroid does
// not). A report close to two groups goes to the closer one.
func refine(recent []Report, vecs []map[string]float64, seeds [][]int, cfg Config) []Group {
	type cand struct {
		centroid map[string]float64
		members  []int
	}
	var cands []cand
	for _, seed := range seeds {
		members := seed
		var c map[string]float64
		for range 3 {
			c = centroid(vecs, members)
			var next []int
			for _, i := range members {
				if dot(vecs[i], c) >= cfg.Member {
					next = append(next, i)
				}
			}
			if len(next) == len(members) {
				break
			}
			members = next
			if len(members) < 2 {
				break
			}
		}
		if len(members) < 2 {
			continue
		}
		c = centroid(vecs, members)
		cands = append(cands, cand{centroid: c})
	}
	// Every recent report joins the closest centroid it is close enough
	// to: reports that linked to nothing directly (a short one, say) join
	// too.
	for i, v := range vecs {
		best, bestSim := -1, cfg.Member
		for k, c := range cands {
			if s := dot(v, c.centroid); s >= bestSim {
				best, bestSim = k, s
			}
		}
		if best >= 0 {
			cands[best].members = append(cands[best].members, i)
		}
	}
	var out []Group
	for _, c := range cands {
		if len(c.members) < 2 {
			continue
		}
		final := centroid(vecs, c.members)
		sort.SliceStable(c.members, func(a, b int) bool {
			return dot(vecs[c.members[a]], final) > dot(vecs[c.members[b]], final)
		})
		g := Group{centroid: final, vectors: map[int64]map[string]float64{}}
		for _, i := range c.members {
			g.Threads = append(g.Threads, recent[i].ID)
			g.vectors[recent[i].ID] = vecs[i]
		}
		out = append(out, g)
	}
	return out
}

// centroid is the normalised mean of the members' vectors.
func centroid(vecs []map[string]float64, members []int) map[string]float64 {
	c := map[string]float64{}
	for _, i := range members {
		for t, x := range vecs[i] {
			c[t] += x
		}
	}
	var norm float64
	for _, x := range c {
		norm += x * x
	}
	norm = math.Sqrt(norm)
	if norm > 0 {
		for t := range c {
			c[t] /= norm
		}
	}
	return c
}

// countTraffic counts everyone who reported anything in the window and in
// the short window: thread authors and "me too"s.
func countTraffic(in Input, cfg Config) (long, short int) {
	from, fromShort := in.Now.Add(-cfg.Window), in.Now.Add(-cfg.Short)
	count := func(at time.Time) {
		if at.After(from) && !at.After(in.Now) {
			long++
			if at.After(fromShort) {
				short++
			}
		}
	}
	for _, r := range in.Recent {
		count(r.Created)
		for _, v := range r.MeToo {
			count(v.At)
		}
	}
	return long, short
}

// stats counts a group's people against its usual share.
func stats(in Input, cfg Config, g Group, history func() []map[string]float64, traffic, trafficShort int) Stats {
	byID := make(map[int64]*Report, len(in.Recent))
	for i := range in.Recent {
		byID[in.Recent[i].ID] = &in.Recent[i]
	}
	from, fromShort := in.Now.Add(-cfg.Window), in.Now.Add(-cfg.Short)
	hours := int(math.Ceil(cfg.Window.Hours()))
	s := Stats{Traffic: traffic, TrafficShrt: trafficShort, Hourly: make([]int, hours),
		HistoryN: len(in.History), HistoryAll: in.HistoryTotal, WindowHours: cfg.Window.Hours(), ShortHours: cfg.Short.Hours()}
	// A person counts once, at their first report in the group.
	firstAt := map[int64]time.Time{}
	cats := map[string]bool{}
	note := func(user int64, at time.Time) {
		if !at.After(from) || at.After(in.Now) {
			return
		}
		if t, ok := firstAt[user]; !ok || at.Before(t) {
			firstAt[user] = at
		}
		if s.First.IsZero() || at.Before(s.First) {
			s.First = at
		}
		if at.After(s.Last) {
			s.Last = at
		}
	}
	for _, id := range g.Threads {
		r := byID[id]
		note(r.Author, r.Created)
		for _, v := range r.MeToo {
			note(v.User, v.At)
		}
		if r.Category != "" && !cats[r.Category] {
			cats[r.Category] = true
			s.Categories = append(s.Categories, r.Category)
		}
	}
	sort.Strings(s.Categories)
	for _, at := range firstAt {
		s.People++
		if at.After(fromShort) {
			s.PeopleShort++
		}
		h := hours - 1 - int(in.Now.Sub(at)/time.Hour)
		if h >= 0 && h < hours {
			s.Hourly[h]++
		}
	}
	if s.People < cfg.MinPeople {
		s.Chance = 1 // too few to raise: the history need not be read
		return s
	}
	// The usual share is measured per member, for its own words: how many
	// threads of the weeks before each member is as close to as it would
	// need to be to link to them. A burst of something new has none; a
	// group of reports about a common topic (visas, quantum gates) has
	// many, however loosely its members hang together.
	hist := history()
	var like float64
	for _, id := range g.Threads {
		v := g.vectors[id]
		for _, h := range hist {
			if dot(v, h) >= cfg.Pair {
				like++
			}
		}
	}
	s.HistoryLike = like / float64(len(g.Threads))
	s.Share = math.Min(1, (s.HistoryLike+0.5)/math.Max(1, float64(len(hist))+cfg.Prior))
	s.Expected = s.Share * float64(traffic)
	s.ExpShort = s.Share * float64(trafficShort)
	long := poissonTail(s.Expected, s.People)
	short := poissonTail(s.ExpShort, s.PeopleShort)
	s.Chance = math.Min(1, 2*math.Min(long, short))
	s.Surge = short < long
	return s
}

// poissonTail is P(X >= k) for X ~ Poisson(mu), computed in log space so
// that tiny chances stay exact enough to compare.
func poissonTail(mu float64, k int) float64 {
	if k <= 0 {
		return 1
	}
	if mu <= 0 {
		return 0
	}
	if float64(k) <= mu {
		// The tail holds most of the mass: one minus the terms below k,
		// each in log space (exp(-mu) alone underflows for a large mu).
		below := 0.0
		for i := range k {
			below += math.Exp(float64(i)*math.Log(mu) - mu - lgamma(float64(i+1)))
		}
		return math.Max(0, math.Min(1, 1-below))
	}
	// Sum the terms from k up until they stop mattering; they fall at
	// least geometrically, since k > mu.
	logTerm := float64(k)*math.Log(mu) - mu - lgamma(float64(k+1))
	sum := 0.0
	term := math.Exp(logTerm)
	for i := k; i < k+100000; i++ {
		sum += term
		term *= mu / float64(i+1)
		if term < sum*1e-15 {
			break
		}
	}
	return math.Min(1, sum)
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// majorityKnownIssue is the known issue at least half the threads are
// linked to, or 0.
func majorityKnownIssue(recent []Report, threads []int64) int64 {
	in := make(map[int64]bool, len(threads))
	for _, id := range threads {
		in[id] = true
	}
	count := map[int64]int{}
	for _, r := range recent {
		if in[r.ID] && r.KnownIssue != 0 {
			count[r.KnownIssue]++
		}
	}
	best := int64(0)
	for k, n := range count {
		if 2*n >= len(threads) && (best == 0 || n > count[best] || n == count[best] && k < best) {
			best = k
		}
	}
	return best
}

// labelWords are the group's most telling terms, as its reports wrote
// them most often.
func labelWords(recent []Report, g Group, n int) []string {
	type tw struct {
		term string
		w    float64
	}
	var top []tw
	for t, w := range g.centroid {
		top = append(top, tw{t, w})
	}
	sort.Slice(top, func(i, j int) bool {
		if wi, wj := round9(top[i].w), round9(top[j].w); wi != wj {
			return wi > wj
		}
		return top[i].term < top[j].term
	})
	in := map[int64]bool{}
	for _, id := range g.Threads {
		in[id] = true
	}
	var out []string
	for _, t := range top {
		if len(out) == n {
			break
		}
		seen := map[string]int{}
		best, bestN := t.term, 0
		for _, r := range recent {
			if w, ok := r.Terms.Words[t.term]; ok && in[r.ID] {
				seen[w]++
				if seen[w] > bestN || seen[w] == bestN && w < best {
					best, bestN = w, seen[w]
				}
			}
		}
		out = append(out, best)
	}
	return out
}

// Near returns, for each set of texts (a known issue and its linked
// reports), the recent reports not linked to a known issue yet whose
// cosine with the texts' centroid is at least min: new reports of a known
// problem, to link or to suggest to staff. The recent reports are
// analysed once for all the sets.
func Near(in Input, sets [][]Terms, min float64) [][]int64 {
	idf := newHistoryDF(in.History).idf
	var recent []map[string]float64
	out := make([][]int64, len(sets))
	for k, texts := range sets {
		if len(texts) == 0 {
			continue
		}
		if recent == nil {
			recent = make([]map[string]float64, len(in.Recent))
			for i, r := range in.Recent {
				if r.KnownIssue == 0 {
					recent[i] = vector(r.Terms.Counts, idf)
				}
			}
		}
		vecs := make([]map[string]float64, len(texts))
		members := make([]int, len(texts))
		for i, t := range texts {
			vecs[i] = vector(t.Counts, idf)
			members[i] = i
		}
		c := centroid(vecs, members)
		for i, r := range in.Recent {
			if recent[i] != nil && dot(recent[i], c) >= min {
				out[k] = append(out[k], r.ID)
			}
		}
	}
	return out
}
