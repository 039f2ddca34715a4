package synth

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// collect returns copies of the first n threads; Generate reuses its Thread.
func collect(t testing.TB, opts Options, n int) []Thread {
	t.Helper()
	out := make([]Thread, 0, n)
	err := Generate(opts, n, func(i int, th *Thread) error {
		if i != len(out) {
			return fmt.Errorf("thread %d delivered as %d", len(out), i)
		}
		c := *th
		c.Tags = slices.Clone(th.Tags)
		c.Answers = slices.Clone(th.Answers)
		out = append(out, c)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalThreads(a, b Thread) bool {
	return a.Title == b.Title && a.Body == b.Body && a.Lang == b.Lang && a.Category == b.Category &&
		slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Answers, b.Answers) && a.Accepted == b.Accepted &&
		a.Topic == b.Topic && a.CreatedAt.Equal(b.CreatedAt)
}

func TestDeterministic(t *testing.T) {
	opts := Options{Seed: 42, Start: time.Date(2023, 5, 1, 8, 0, 0, 0, time.UTC), Span: 90 * 24 * time.Hour}
	a := collect(t, opts, 200)
	b := collect(t, opts, 200)
	for i := range a {
		if !equalThreads(a[i], b[i]) {
			t.Fatalf("thread %d differs between two runs with the same options:\n%+v\n%+v", i, a[i], b[i])
		}
	}

	// Thread i depends on n only through its time (and dates in its text):
	// five times the threads over five times the span give the same start.
	long := collect(t, Options{Seed: opts.Seed, Start: opts.Start, Span: 5 * opts.Span}, 1000)
	for i := range a {
		if !equalThreads(a[i], long[i]) {
			t.Fatalf("thread %d depends on n:\n%+v\n%+v", i, a[i], long[i])
		}
	}

	other := collect(t, Options{Seed: 43, Start: opts.Start, Span: opts.Span}, 200)
	same := 0
	for i := range a {
		if a[i].Body == other[i].Body {
			same++
		}
	}
	if same > 5 {
		t.Errorf("seeds 42 and 43 share %d of 200 bodies", same)
	}
}

func TestGermanShare(t *testing.T) {
	for _, tc := range []struct {
		share, want float64
	}{
		{0, 0.5}, // the default
		{0.5, 0.5},
		{0.8, 0.8},
		{0.1, 0.1},
		{1, 1},
		{-1, 0},
	} {
		t.Run(fmt.Sprint(tc.share), func(t *testing.T) {
			de := 0
			const n = 2000
			err := Generate(Options{Seed: 7, GermanShare: tc.share}, n, func(_ int, th *Thread) error {
				if th.Lang == "de" {
					de++
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := float64(de) / n; math.Abs(got-tc.want) > 0.04 {
				t.Errorf("German share %.3f, want %.2f", got, tc.want)
			}
		})
	}
}

var tagPattern = regexp.MustCompile(`^[a-z0-9-]{2,30}$`)

func TestBounds(t *testing.T) {
	start := time.Date(2022, 3, 4, 5, 6, 7, 890, time.UTC)
	span := 30 * 24 * time.Hour
	cats := make(map[string]int)
	for _, c := range Categories() {
		cats[c.Slug] = 0
	}
	for _, seed := range []int64{1, 2, 3} {
		opts := Options{Seed: seed, Start: start, Span: span}
		var prev time.Time
		const n = 2000
		err := Generate(opts, n, func(i int, th *Thread) error {
			where := fmt.Sprintf("seed %d thread %d (topic %d, %s)", seed, i, th.Topic, th.Lang)
			if th.Lang != "de" && th.Lang != "en" {
				t.Errorf("%s: Lang %q", where, th.Lang)
			}
			if _, ok := cats[th.Category]; !ok {
				t.Errorf("%s: Category %q not in Categories()", where, th.Category)
			}
			cats[th.Category]++
			if n := utf8.RuneCountInString(th.Title); n < minTitleRunes || n > maxTitleRunes {
				t.Errorf("%s: title has %d characters: %q", where, n, th.Title)
			}
			if w := len(strings.Fields(th.Body)); w < minBodyWords || w > maxBodyWords {
				t.Errorf("%s: body has %d words:\n%s", where, w, th.Body)
			}
			if len(th.Tags) > maxTags {
				t.Errorf("%s: %d tags", where, len(th.Tags))
			}
			for k, tag := range th.Tags {
				if !tagPattern.MatchString(tag) {
					t.Errorf("%s: tag %q", where, tag)
				}
				if slices.Contains(th.Tags[:k], tag) {
					t.Errorf("%s: tag %q twice", where, tag)
				}
			}
			if len(th.Answers) > maxAnswers {
				t.Errorf("%s: %d answers", where, len(th.Answers))
			}
			for k, a := range th.Answers {
				if w := len(strings.Fields(a)); w < minAnswerWords || w > maxAnswerWords {
					t.Errorf("%s: answer %d has %d words:\n%s", where, k, w, a)
				}
				checkText(t, where, a)
			}
			if th.Accepted < -1 || th.Accepted >= len(th.Answers) {
				t.Errorf("%s: Accepted %d with %d answers", where, th.Accepted, len(th.Answers))
			}
			if th.Topic < 0 || th.Topic >= len(topicTable()) {
				t.Errorf("%s: Topic %d", where, th.Topic)
			}
			switch {
			case i == 0 && !th.CreatedAt.Equal(start):
				t.Errorf("%s: first CreatedAt %v, want Start %v", where, th.CreatedAt, start)
			case th.CreatedAt.Before(prev):
				t.Errorf("%s: CreatedAt %v before the previous %v", where, th.CreatedAt, prev)
			case th.CreatedAt.Before(start) || !th.CreatedAt.Before(start.Add(span)):
				t.Errorf("%s: CreatedAt %v outside the span", where, th.CreatedAt)
			}
			prev = th.CreatedAt
			checkText(t, where, th.Title)
			checkText(t, where, th.Body)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if d := prev.Sub(start); d < span*9/10 {
			t.Errorf("seed %d: threads spread over %v of a %v span", seed, d, span)
		}
	}
	for slug, k := range cats {
		if k == 0 {
			t.Errorf("category %q never used", slug)
		}
	}
}

// checkText rejects what a template bug leaves behind.
func checkText(t *testing.T, where, s string) {
	t.Helper()
	switch {
	case !utf8.ValidString(s):
		t.Errorf("%s: invalid UTF-8: %q", where, s)
	case strings.ContainsAny(s, "{}"):
		t.Errorf("%s: unexpanded slot: %q", where, s)
	case strings.Contains(s, "  ") && !strings.Contains(s, "```"):
		t.Errorf("%s: double space: %q", where, s)
	case strings.TrimSpace(s) != s:
		t.Errorf("%s: surrounding space: %q", where, s)
	case strings.Contains(s, " ,") || strings.Contains(s, " ."):
		t.Errorf("%s: space before punctuation: %q", where, s)
	case strings.Contains(strings.ToLower(s), "lorem"):
		t.Errorf("%s: placeholder text: %q", where, s)
	}
}

// TestEveryTemplate expands every sentence of every topic in both
// languages, including the rare ones a sample may miss.
func TestEveryTemplate(t *testing.T) {
	g := newGenerator(Options{Seed: 1})
	g.created = defaultStart
	for k := range g.topics {
		for lang := range 2 {
			g.src.Seed(uint64(k), uint64(lang))
			g.lang = lang
			g.tp = &g.topics[k]
			g.p, g.s, g.c = &products[g.tp.product], &symptoms[g.tp.symptom], &contexts[g.tp.context]
			g.pickValues()
			lp := &langs[lang]
			grp := g.p.kind.group()
			var all []string
			all = append(all, g.s.titles[lang]...)
			all = append(all, g.s.openers[lang]...)
			all = append(all, g.s.details[lang]...)
			all = append(all, g.c.sentences[lang]...)
			all = append(all, advice[g.s.fix][lang]...)
			all = append(all, lp.mention...)
			all = append(all, lp.versionLines[grp]...)
			all = append(all, lp.setup[grp]...)
			all = append(all, lp.tried[grp]...)
			all = append(all, lp.staffActions[grp]...)
			all = append(all, lp.genericAdvice[grp]...)
			if g.code != "" {
				all = append(all, lp.codeLines...)
			}
			for _, b := range g.s.blocks {
				all = append(all, blocks[b][lang])
			}
			for _, tmpl := range all {
				g.buf = g.buf[:0]
				g.expand(tmpl)
				checkText(t, fmt.Sprintf("topic %d lang %d template %q", k, lang, tmpl), string(g.buf))
			}
			for _, tmpl := range g.s.titles[lang] {
				g.buf = g.buf[:0]
				g.expand(tmpl)
				if n := utf8.RuneCount(g.buf); n > maxTitleRunes-20 {
					t.Errorf("topic %d: title %q too long (%d)", k, g.buf, n)
				}
			}
		}
	}
}

func TestTopics(t *testing.T) {
	topics := topicTable()
	if n := len(topics); n < 300 || n > 600 {
		t.Errorf("%d topics, want 300 to 600", n)
	}
	seen := make(map[[3]int]bool)
	for i, tp := range topics {
		if tp.id != i {
			t.Errorf("topic %d has id %d", i, tp.id)
		}
		key := [3]int{tp.product, tp.symptom, tp.context}
		if seen[key] {
			t.Errorf("topic %d repeats %v", i, key)
		}
		seen[key] = true
		if !symptoms[tp.symptom].kinds.has(products[tp.product].kind) || !contexts[tp.context].kinds.has(products[tp.product].kind) {
			t.Errorf("topic %d combines incompatible parts", i)
		}
		for _, tag := range tp.tags {
			if !tagPattern.MatchString(tag) {
				t.Errorf("topic %d: tag %q", i, tag)
			}
		}
	}
	// Every product and symptom takes part.
	for pi := range products {
		if !slices.ContainsFunc(topics, func(tp topic) bool { return tp.product == pi }) {
			t.Errorf("product %q has no topic", products[pi].names[langDE])
		}
	}
	for si := range symptoms {
		if !slices.ContainsFunc(topics, func(tp topic) bool { return tp.symptom == si }) {
			t.Errorf("symptom %q has no topic", symptoms[si].tag)
		}
	}
}

func TestZipf(t *testing.T) {
	counts := make([]int, len(topicTable()))
	const n = 2000
	err := Generate(Options{Seed: 3}, n, func(_ int, th *Thread) error {
		counts[th.Topic]++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sorted := slices.Clone(counts)
	sort.Sort(sort.Reverse(sort.IntSlice(sorted)))
	top, median := sorted[0], sorted[len(sorted)/2]
	distinct := 0
	for _, c := range counts {
		if c > 0 {
			distinct++
		}
	}
	t.Logf("top topic %d threads, median %d, top ten %v, %d distinct topics", top, median, sorted[:10], distinct)
	if top < 10*max(median, 1) {
		t.Errorf("top topic has %d threads, median %d: not Zipf-like", top, median)
	}
	if top > n/5 {
		t.Errorf("top topic has %d of %d threads", top, n)
	}
	if distinct < 150 {
		t.Errorf("only %d distinct topics in %d threads", distinct, n)
	}
	if sorted[0] == sorted[9] {
		t.Errorf("no spread among the ten most popular topics: %v", sorted[:10])
	}
}

func isUmlaut(r rune) bool { return strings.ContainsRune("äöüÄÖÜß", r) }

func TestLanguageText(t *testing.T) {
	var de, deUmlaut, en, enUmlaut int
	deWords := make(map[string]int)
	err := Generate(Options{Seed: 11}, 2000, func(_ int, th *Thread) error {
		text := th.Title + "\n" + th.Body
		has := strings.ContainsFunc(text, isUmlaut)
		if th.Lang == "de" {
			de++
			if has {
				deUmlaut++
			}
			for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' }) {
				deWords[w]++
			}
		} else {
			en++
			if has {
				enUmlaut++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if share := float64(deUmlaut) / float64(de); share < 0.85 {
		t.Errorf("only %.0f%% of German threads have an umlaut or ß", 100*share)
	}
	if share := float64(enUmlaut) / float64(en); share > 0.02 {
		t.Errorf("%.1f%% of English threads have an umlaut or ß", 100*share)
	}
	// Compounds and their split forms both occur.
	for _, w := range []string{"Internetverbindung", "Verbindung", "Verbindungsabbrüche", "WLAN-Passwort", "Passwortänderung", "Rechnungsbetrag", "Routerneustart", "Störung"} {
		if deWords[w] == 0 {
			t.Errorf("German corpus lacks %q", w)
		}
	}
}

// TestSameTopicSimilar checks that a topic's threads share vocabulary: the
// mean word overlap of two threads of one topic is well above that of two
// threads of different topics in the same language.
func TestSameTopicSimilar(t *testing.T) {
	threads := collect(t, Options{Seed: 5}, 1500)
	sets := make([]map[string]bool, len(threads))
	for i, th := range threads {
		sets[i] = make(map[string]bool)
		for _, w := range strings.FieldsFunc(strings.ToLower(th.Title+" "+th.Body), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if utf8.RuneCountInString(w) > 3 {
				sets[i][w] = true
			}
		}
	}
	jaccard := func(a, b map[string]bool) float64 {
		inter := 0
		for w := range a {
			if b[w] {
				inter++
			}
		}
		return float64(inter) / float64(len(a)+len(b)-inter)
	}
	var same, diff float64
	var nSame, nDiff int
	for i := range threads {
		for j := i + 1; j < len(threads) && j < i+200; j++ {
			if threads[i].Lang != threads[j].Lang {
				continue
			}
			s := jaccard(sets[i], sets[j])
			if threads[i].Topic == threads[j].Topic {
				same += s
				nSame++
			} else {
				diff += s
				nDiff++
			}
		}
	}
	if nSame < 50 {
		t.Fatalf("only %d same-topic pairs", nSame)
	}
	same /= float64(nSame)
	diff /= float64(nDiff)
	t.Logf("mean word overlap: same topic %.3f (%d pairs), different topics %.3f", same, nSame, diff)
	if same < 2*diff {
		t.Errorf("same-topic overlap %.3f is not well above different-topic overlap %.3f", same, diff)
	}
	// But no two threads are the same text.
	bodies := make(map[string]bool)
	for _, th := range threads {
		if bodies[th.Body] {
			t.Errorf("body repeated: %q", th.Body)
		}
		bodies[th.Body] = true
	}
}

func TestStopsEarly(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Generate(Options{}, 100, func(i int, _ *Thread) error {
		calls++
		if i == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 6 {
		t.Errorf("Generate returned %v after %d calls, want stop after 6", err, calls)
	}
	if err := Generate(Options{}, 0, func(int, *Thread) error { t.Error("called for n=0"); return nil }); err != nil {
		t.Error(err)
	}
}

func TestCategories(t *testing.T) {
	cats := Categories()
	if len(cats) < 6 {
		t.Fatalf("%d categories", len(cats))
	}
	slugs := make(map[string]bool)
	for _, c := range cats {
		if !regexp.MustCompile(`^[a-z][a-z0-9-]*$`).MatchString(c.Slug) || c.Name == "" || slugs[c.Slug] {
			t.Errorf("bad category %+v", c)
		}
		slugs[c.Slug] = true
	}
	cats[0].Slug = "changed"
	if Categories()[0].Slug == "changed" {
		t.Error("Categories returns the package's own slice")
	}
}

func TestLowAllocation(t *testing.T) {
	const n = 500
	allocs := testing.AllocsPerRun(3, func() {
		_ = Generate(Options{Seed: 9}, n, func(int, *Thread) error { return nil })
	})
	// One string per thread for all its text, plus the generator itself.
	if per := allocs / n; per > 1.5 {
		t.Errorf("%.2f allocations per thread", per)
	}
}

func BenchmarkGenerate(b *testing.B) {
	var bytes int
	b.ReportAllocs()
	b.ResetTimer()
	err := Generate(Options{Seed: 1}, b.N, func(_ int, th *Thread) error {
		bytes += len(th.Title) + len(th.Body)
		for _, a := range th.Answers {
			bytes += len(a)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "threads/s")
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/thread")
}
