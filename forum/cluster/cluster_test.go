package cluster

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func terms(text string) Terms {
	t := Terms{Counts: map[string]float64{}, Words: map[string]string{}}
	for _, w := range strings.Fields(text) {
		t.Counts[w]++
		t.Words[w] = w
	}
	return t
}

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// background makes n reports on n different topics, spread over the
// window before now, and a history of varied threads.
func background(rng *rand.Rand, n int, now time.Time, window time.Duration) []Report {
	var out []Report
	for i := range n {
		words := make([]string, 8)
		for k := range words {
			words[k] = fmt.Sprintf("w%d", rng.IntN(3000))
		}
		at := now.Add(-time.Duration(rng.Float64() * float64(window)))
		out = append(out, Report{ID: int64(1000 + i), Author: int64(1000 + i), Created: at, Terms: terms(strings.Join(words, " "))})
	}
	return out
}

func history(rng *rand.Rand, n int) []Terms {
	var out []Terms
	for range n {
		words := make([]string, 8)
		for k := range words {
			words[k] = fmt.Sprintf("w%d", rng.IntN(3000))
		}
		out = append(out, terms(strings.Join(words, " ")))
	}
	return out
}

// burstTexts are paraphrases that share some, not all, of their words.
var burstTexts = []string{
	"nordbox wifi drop firmware 7.58 minutes",
	"wifi drop nordbox update since morning",
	"nordbox 7.58 update wifi unstable",
	"firmware 7.58 wifi drop every minutes cable fine",
	"wifi keeps drop nordbox router",
	"nordbox router wifi drop after update 7.58",
	"drop wifi nordbox firmware",
	"since update 7.58 nordbox wifi gone",
}

func burst(n int, from time.Time, every time.Duration, author func(i int) int64) []Report {
	var out []Report
	for i := range n {
		out = append(out, Report{ID: int64(i + 1), Author: author(i), Created: from.Add(time.Duration(i) * every),
			Category: "internet", Terms: terms(burstTexts[i%len(burstTexts)])})
	}
	return out
}

func distinct(i int) int64 { return int64(i + 1) }

func TestBurstIsRaisedAndBackgroundIsNot(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	hist := history(rng, 2000)
	bg := background(rng, 60, t0, 6*time.Hour)

	groups := Detect(Input{Now: t0, Recent: bg, History: hist, HistoryTotal: 4000}, DefaultConfig)
	for _, g := range groups {
		if g.Raised {
			t.Errorf("steady background raised a group: %+v", g.Stats)
		}
	}

	recent := append(bg, burst(8, t0.Add(-2*time.Hour), 15*time.Minute, distinct)...)
	groups = Detect(Input{Now: t0, Recent: recent, History: hist, HistoryTotal: 4000}, DefaultConfig)
	var raised []Group
	for _, g := range groups {
		if g.Raised {
			raised = append(raised, g)
		}
	}
	if len(raised) != 1 {
		t.Fatalf("raised %d groups, want 1 (the burst)", len(raised))
	}
	g := raised[0]
	if g.Stats.People != 8 || len(g.Threads) != 8 {
		t.Errorf("people %d threads %d, want 8 and 8", g.Stats.People, len(g.Threads))
	}
	for _, id := range g.Threads {
		if id > 8 {
			t.Errorf("background thread %d in the burst's group", id)
		}
	}
	s := g.Stats
	if s.Expected <= 0 || s.Expected > 0.5 || s.Chance >= DefaultConfig.MaxChance {
		t.Errorf("expected %.3f chance %.2g: the explanation does not say why", s.Expected, s.Chance)
	}
	if !strings.Contains(strings.Join(s.Words, " "), "wifi") || !strings.Contains(strings.Join(s.Words, " "), "nordbox") {
		t.Errorf("label %v misses the burst's words", s.Words)
	}
	if s.First != t0.Add(-2*time.Hour) || s.Last != t0.Add(-2*time.Hour+7*15*time.Minute) {
		t.Errorf("first %s last %s", s.First, s.Last)
	}
	sum := 0
	for _, n := range s.Hourly {
		sum += n
	}
	if len(s.Hourly) != 6 || sum != 8 {
		t.Errorf("hourly %v, want 6 hours holding 8 people", s.Hourly)
	}
	if len(s.Categories) != 1 || s.Categories[0] != "internet" {
		t.Errorf("categories %v", s.Categories)
	}
}

func TestOnePersonCountsOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	hist := history(rng, 500)
	same := func(int) int64 { return 7 }
	recent := burst(10, t0.Add(-3*time.Hour), 10*time.Minute, same)
	// A group of one person is no group at all.
	if groups := Detect(Input{Now: t0, Recent: recent, History: hist, HistoryTotal: 500}, DefaultConfig); len(groups) != 0 {
		t.Fatalf("one person's ten threads made %d groups (people %d), want none", len(groups), groups[0].Stats.People)
	}
	// "Me too" from others on one of them are reports: each counts once.
	for u := int64(100); u < 106; u++ {
		recent[0].MeToo = append(recent[0].MeToo, Vote{User: u, At: t0.Add(-time.Hour)})
	}
	recent[0].MeToo = append(recent[0].MeToo, Vote{User: 100, At: t0.Add(-30 * time.Minute)}) // no double count
	groups := Detect(Input{Now: t0, Recent: recent, History: hist, HistoryTotal: 500}, DefaultConfig)
	if len(groups) != 1 {
		t.Fatalf("%d groups, want 1", len(groups))
	}
	if g := groups[0]; !g.Raised || g.Stats.People != 7 {
		t.Errorf("with six me-toos: raised %v with %d people, want raised with 7", g.Raised, g.Stats.People)
	}
}

func TestCommonTopicNeedsARealSurge(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	// The weeks before hold the burst's topic often: one in twenty.
	hist := history(rng, 1900)
	for i := range 100 {
		hist = append(hist, terms(burstTexts[i%len(burstTexts)]))
	}
	bg := background(rng, 80, t0, 6*time.Hour)
	recent := append(bg, burst(5, t0.Add(-5*time.Hour), time.Hour, distinct)...)
	for _, g := range Detect(Input{Now: t0, Recent: recent, History: hist, HistoryTotal: 2000}, DefaultConfig) {
		if g.Raised {
			t.Errorf("five reports of a topic one in twenty threads is about were raised: %+v", g.Stats)
		}
	}
}

func TestReconcile(t *testing.T) {
	g := Group{Threads: []int64{1, 2, 3, 4}, Raised: true, Stats: Stats{People: 4}, centroid: map[string]float64{"wifi": 1}}
	ch := Reconcile([]Group{g}, nil, 0.45)
	if len(ch) != 1 || !ch[0].New || len(ch[0].Added) != 4 {
		t.Fatalf("a new raised group: %+v", ch)
	}
	// Not raised and tracking nothing: left out.
	quiet := g
	quiet.Raised = false
	if ch := Reconcile([]Group{quiet}, nil, 0.45); len(ch) != 0 {
		t.Errorf("a quiet group made changes: %+v", ch)
	}
	open := []Tracked{{ID: 9, Status: StatusOpen, Threads: []int64{1, 2}}}
	ch = Reconcile([]Group{g}, open, 0.45)
	if len(ch) != 1 || ch[0].New || ch[0].Tracked.ID != 9 || fmt.Sprint(ch[0].Added) != "[3 4]" {
		t.Errorf("a group sharing threads continues the cluster: %+v", ch)
	}
	// Dismissed: stays so until the people double.
	dismissed := []Tracked{{ID: 5, Status: StatusDismissed, Threads: []int64{1, 2}, DismissedPeople: 4}}
	grown := g
	grown.Stats.People = 7
	if ch := Reconcile([]Group{grown}, dismissed, 0.45); len(ch) != 0 {
		t.Errorf("a dismissed cluster grown from 4 to 7 people came back: %+v", ch)
	}
	grown.Stats.People = 8
	ch = Reconcile([]Group{grown}, dismissed, 0.45)
	if len(ch) != 1 || !ch[0].Reopen {
		t.Errorf("a dismissed cluster that doubled did not come back: %+v", ch)
	}
	// No shared thread, but the same problem: matched by centroid.
	later := Group{Threads: []int64{20, 21}, Raised: true, Stats: Stats{People: 5}, centroid: map[string]float64{"wifi": 0.9, "drop": 0.1}}
	confirmed := []Tracked{{ID: 3, Status: StatusConfirmed, KnownIssue: 77, Threads: []int64{1}, Centroid: map[string]float64{"wifi": 1}}}
	ch = Reconcile([]Group{later}, confirmed, 0.45)
	if len(ch) != 1 || ch[0].New || ch[0].Tracked.ID != 3 {
		t.Errorf("later reports of a confirmed problem should join it: %+v", ch)
	}
}

func TestPoissonTail(t *testing.T) {
	for _, c := range []struct {
		mu   float64
		k    int
		want float64
	}{
		{1, 0, 1},
		{1, 1, 1 - math.Exp(-1)},
		{2, 3, 1 - math.Exp(-2)*(1+2+2)},
		{0.01, 4, 0.01 * 0.01 * 0.01 * 0.01 / 24 * math.Exp(-0.01) * (1 + 0.01/5)},
	} {
		if got := poissonTail(c.mu, c.k); math.Abs(got-c.want) > 1e-3*c.want {
			t.Errorf("P(Poisson(%g) >= %d) = %g, want %g", c.mu, c.k, got, c.want)
		}
	}
	// Far more expected than seen: nearly certain, not zero.
	for _, c := range []struct {
		mu float64
		k  int
	}{{800, 4}, {2000, 4}, {3000, 1500}, {50, 50}} {
		if got := poissonTail(c.mu, c.k); got < 0.5 {
			t.Errorf("P(Poisson(%g) >= %d) = %g, want about 1", c.mu, c.k, got)
		}
	}
	if got := poissonTail(3, 2000); got != 0 && got > 1e-300 {
		t.Errorf("P(Poisson(3) >= 2000) = %g", got)
	}
	if poissonTail(0, 3) != 0 {
		t.Error("nothing expected, yet a chance")
	}
}

func TestStride(t *testing.T) {
	if Stride(100, 2000) != 1 || Stride(4000, 2000) != 2 || Stride(4001, 2000) != 4 || Stride(10, 0) != 1 ||
		Stride(648000, 2000) != 512 || Stride(650000, 2000) != 512 {
		t.Error("stride")
	}
}

// BenchmarkDetect is one pass at 1,000 new threads an hour: six thousand
// recent reports on varied topics with a burst among them, against a
// history sample of 2,000.
func BenchmarkDetect(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	hist := history(rng, 2000)
	recent := append(background(rng, 6000, t0, 6*time.Hour), burst(30, t0.Add(-2*time.Hour), 4*time.Minute, distinct)...)
	in := Input{Now: t0, Recent: recent, History: hist, HistoryTotal: 672000}
	b.ResetTimer()
	for b.Loop() {
		groups := Detect(in, DefaultConfig)
		if len(groups) == 0 {
			b.Fatal("the burst was not found")
		}
	}
}

func TestNear(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	hist := history(rng, 500)
	recent := append(background(rng, 30, t0, 6*time.Hour), burst(3, t0.Add(-time.Hour), 10*time.Minute, distinct)...)
	recent[len(recent)-1].KnownIssue = 99 // linked already: not offered
	known := [][]Terms{{terms("nordbox wifi drop firmware 7.58"), terms("wifi drop nordbox update")}, nil}
	got := Near(Input{Now: t0, Recent: recent, History: hist}, known, DefaultConfig.Member)
	if len(got) != 2 || fmt.Sprint(got[0]) != "[1 2]" || got[1] != nil {
		t.Errorf("near %v, want the two unlinked reports of the problem, and nothing for an issue without text", got)
	}
}

// TestBigBurstIsRaised: a burst that is a seventh of all traffic still
// links (its words are everywhere in the window, but new), and a common
// topic on a busy forum is not raised with a chance of zero.
func TestBigBurstIsRaised(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	hist := history(rng, 2000)
	recent := append(background(rng, 6000, t0, 6*time.Hour), burst(1000, t0.Add(-5*time.Hour), 18*time.Second, distinct)...)
	var raised *Group
	for _, g := range Detect(Input{Now: t0, Recent: recent, History: hist, HistoryTotal: 600000}, DefaultConfig) {
		if g.Raised && g.Stats.People >= 900 {
			raised = &g
		}
	}
	if raised == nil {
		t.Fatal("a burst of 1,000 reports in 7,000 was not raised")
	}

	// The same reports, when a fifth of the weeks before were like them.
	common := history(rng, 1600)
	for i := range 400 {
		common = append(common, terms(burstTexts[i%len(burstTexts)]))
	}
	few := append(background(rng, 6000, t0, 6*time.Hour), burst(4, t0.Add(-time.Hour), time.Minute, distinct)...)
	for _, g := range Detect(Input{Now: t0, Recent: few, History: common, HistoryTotal: 600000}, DefaultConfig) {
		if g.Raised {
			t.Errorf("four reports of a topic a fifth of all threads are about were raised: %+v", g.Stats)
		}
	}
}

func TestReconcileNeedsRealOverlap(t *testing.T) {
	wifi := []Tracked{{ID: 7, Status: StatusOpen, Threads: []int64{42}, Centroid: map[string]float64{"wifi": 1}}}
	bill := Group{Threads: []int64{42, 50, 51, 52, 53, 54, 55, 56}, Raised: true, Stats: Stats{People: 8},
		centroid: map[string]float64{"bill": 1}}
	if ch := Reconcile([]Group{bill}, wifi, 0.45); len(ch) != 1 || !ch[0].New {
		t.Errorf("one drifted thread made a billing burst the wifi cluster's: %+v", ch)
	}
	// The German and the English half of one problem: one change.
	de := Group{Threads: []int64{42, 43}, Raised: true, Stats: Stats{People: 2}, centroid: map[string]float64{"wifi": 1}}
	en := Group{Threads: []int64{60, 61, 62}, Raised: true, Stats: Stats{People: 3}, centroid: map[string]float64{"wifi": 0.9, "drop": 0.44}}
	ch := Reconcile([]Group{de, en}, wifi, 0.45)
	if len(ch) != 1 || ch[0].Tracked.ID != 7 || fmt.Sprint(ch[0].Added) != "[43 60 61 62]" || ch[0].Group.Stats.People != 3 {
		t.Errorf("two groups continuing one cluster: %+v", ch)
	}
}
