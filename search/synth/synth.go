// Package synth generates a deterministic, realistic synthetic corpus of
// support-forum threads in German and English, for the benchmarks and
// relevance experiments of Chorus search (100,000 threads and more).
//
// The domain is a telecom and internet provider's customer forum: DSL,
// fibre and cable lines, WLAN, routers, telephony, mobile contracts, SIM
// and eSIM, TV streaming, bills and customer accounts. About 480 topics are
// combined from a product, a symptom and a context; every topic has
// several paraphrases in both languages, so threads of one topic share
// their key terms but differ in wording, and topic popularity follows a
// Zipf distribution (a few topics are very common, most are rare).
//
// The same Options and n always give the same threads, and thread i
// depends on n only through its CreatedAt (which dates in a pasted log
// follow). Threads are streamed to a
// callback; the corpus is never held in memory. The package imports only
// the standard library.
package synth

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Thread is one generated question with its answers.
type Thread struct {
	Title     string
	Body      string   // Markdown-ish plain text, 40-150 words, sometimes with an error code, a version number or a short code block
	Lang      string   // "de" or "en"
	Category  string   // one of Categories()
	Tags      []string // 0-3 lower-case tags from a fixed vocabulary, [a-z0-9-], 2-30 chars
	Answers   []string // 0-6 answers, 15-80 words each
	Accepted  int      // index into Answers of the accepted answer, or -1
	Topic     int      // which underlying topic generated it (same topic => similar wording)
	CreatedAt time.Time
}

// Options control a corpus. The zero value is usable.
type Options struct {
	Seed        int64
	Start       time.Time     // CreatedAt of the first thread; 2024-01-01 UTC when zero
	Span        time.Duration // threads spread over [Start, Start+Span); 365 days when zero or negative
	GermanShare float64       // share of German threads; 0.5 when 0, a negative value means none
}

// Category is a forum category the generator files threads under.
type Category struct {
	Slug, Name string
}

// Categories returns the category slugs the generator uses, with display
// names. The slice is a fresh copy.
func Categories() []Category {
	return slices.Clone(categories[:])
}

// Bounds the generator keeps; the tests hold it to them.
const (
	minBodyWords   = 40
	maxBodyWords   = 150
	minAnswerWords = 15
	maxAnswerWords = 80
	maxAnswers     = 6
	maxTags        = 3
	minTitleRunes  = 15 // forum.TitleMin
	maxTitleRunes  = 150
)

var defaultStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

const defaultSpan = 365 * 24 * time.Hour

// Zipf parameters for topic popularity: P(rank k) ~ (zipfV+k)^-zipfS. With
// 480 topics the top topic draws about 5% of all threads, the median one
// about 0.08%.
const (
	zipfS = 1.05
	zipfV = 5
)

// Generate calls fn for threads 0..n-1 in CreatedAt order; it stops early
// and returns fn's error if it returns one.
//
// To keep allocation low, *t and the backing arrays of t.Tags and
// t.Answers are reused for the next thread: fn may keep the strings, but
// must copy the Thread and clone its slices to keep them beyond the call.
func Generate(opts Options, n int, fn func(i int, t *Thread) error) error {
	if n <= 0 {
		return nil
	}
	g := newGenerator(opts)
	for i := range n {
		g.thread(i, n)
		if err := fn(i, &g.t); err != nil {
			return err
		}
	}
	return nil
}

// answerKind is the role of an answer in a thread.
type answerKind uint8

const (
	ansAdvice   answerKind = iota // another member suggests a fix
	ansStaff                      // the provider's support team
	ansFollowUp                   // the asker reports back
	ansMeToo                      // someone with the same problem
)

// generator holds the state of one Generate call. Every thread reseeds the
// PCG from (Seed, i), so thread i is the same whatever n is.
type generator struct {
	topics []topic
	src    *rand.PCG
	r      *rand.Rand
	zipf   *rand.Zipf
	seed   uint64
	start  time.Time
	span   time.Duration
	share  float64

	t       Thread
	tags    [maxTags]string
	answers [maxAnswers]string
	kinds   [maxAnswers]answerKind
	buf     []byte

	// The thread being written.
	lang      int // langDE or langEN
	tp        *topic
	p         *product
	s         *symptom
	c         *context
	code      string
	ver       string
	num       int
	mbit, got int
	name      string
	staff     string
	city      string
	ctxPhrase int
	created   time.Time

	// The section being written (title, body or one answer).
	secStart   int
	words      int
	mentionedP bool
	mentionedC bool
}

func newGenerator(opts Options) *generator {
	g := &generator{
		topics: topicTable(),
		src:    rand.NewPCG(0, 0),
		seed:   uint64(opts.Seed), // #nosec G115 -- a seed: any bit pattern will do
		start:  opts.Start,
		span:   opts.Span,
		share:  opts.GermanShare,
		buf:    make([]byte, 0, 16<<10),
	}
	g.r = rand.New(g.src)                                             // #nosec G404 -- a reproducible corpus needs a seeded generator, not secrets
	g.zipf = rand.NewZipf(g.r, zipfS, zipfV, uint64(len(g.topics)-1)) // #nosec G115 -- a few hundred topics
	if g.start.IsZero() {
		g.start = defaultStart
	}
	if g.span <= 0 {
		g.span = defaultSpan
	}
	switch {
	case g.share == 0:
		g.share = 0.5
	case g.share < 0:
		g.share = 0
	case g.share > 1:
		g.share = 1
	}
	return g
}

// splitmix64 spreads consecutive thread numbers over the PCG seed space.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func (g *generator) thread(i, n int) {
	g.src.Seed(splitmix64(g.seed), splitmix64(g.seed^splitmix64(uint64(i)))) // #nosec G115 -- mixing an index into a seed; wrap-around is fine
	r := g.r

	// CreatedAt: thread i falls in the i-th of n equal slices of the span,
	// so the sequence is non-decreasing without sorting; whole seconds.
	u := r.Float64()
	var off time.Duration
	if i > 0 {
		off = time.Duration(float64(g.span) * (float64(i) + u) / float64(n))
		if off >= g.span {
			off = g.span - 1
		}
		off -= off % time.Second
	}
	created := g.start.Add(off)

	g.lang = langEN
	if r.Float64() < g.share {
		g.lang = langDE
	}
	g.tp = &g.topics[g.zipf.Uint64()]
	g.p = &products[g.tp.product]
	g.s = &symptoms[g.tp.symptom]
	g.c = &contexts[g.tp.context]
	g.pickValues()

	// Plan the answers first: a solved thread may say so in its title.
	nAns := pickAnswerCount(r)
	accepted := -1
	for k := range nAns {
		g.kinds[k] = g.pickAnswerKind(k)
	}
	if nAns > 0 && r.Float64() < 0.45 {
		var cand [maxAnswers]int
		nc := 0
		for k := range nAns {
			if g.kinds[k] == ansAdvice || g.kinds[k] == ansStaff {
				cand[nc] = k
				nc++
			}
		}
		if nc > 0 {
			accepted = cand[r.IntN(nc)]
		}
	}

	g.buf = g.buf[:0]
	g.mentionedP, g.mentionedC = false, false
	g.created = created
	g.writeTitle(accepted >= 0)
	titleEnd := len(g.buf)
	g.writeBody()
	bodyEnd := len(g.buf)
	var ends [maxAnswers]int
	for k := range nAns {
		g.writeAnswer(g.kinds[k])
		ends[k] = len(g.buf)
	}

	// One allocation for all the text of the thread.
	all := string(g.buf)
	t := &g.t
	t.Title = all[:titleEnd]
	t.Body = all[titleEnd:bodyEnd]
	prev := bodyEnd
	for k := range nAns {
		g.answers[k] = all[prev:ends[k]]
		prev = ends[k]
	}
	t.Answers = g.answers[:nAns]
	t.Accepted = accepted
	t.Lang = langCodes[g.lang]
	t.Category = categories[g.tp.cat].Slug
	t.Topic = g.tp.id
	t.CreatedAt = created
	t.Tags = g.pickTags()
}

// pickValues fixes the details one thread repeats wherever they occur.
func (g *generator) pickValues() {
	r := g.r
	g.code = ""
	if codes := g.s.codes; len(codes) > 0 {
		k := g.tp.code
		if r.Float64() < 0.3 {
			k = r.IntN(len(codes))
		}
		g.code = codes[k][g.lang]
	}
	vers := g.p.vers
	if len(vers) == 0 {
		vers = defaultVersions[g.p.kind.group()]
	}
	g.ver = vers[r.IntN(len(vers))]
	g.num = 2 + r.IntN(8)
	g.mbit = tariffs[r.IntN(len(tariffs))]
	g.got = max(1, g.mbit*(5+r.IntN(40))/100)
	g.name = pick(r, names[g.lang])
	g.staff = pick(r, staffNames)
	g.city = pick(r, cities[g.lang])
	// Most threads of a topic word the context alike.
	g.ctxPhrase = g.tp.phrase
	if r.Float64() < 0.35 {
		g.ctxPhrase = r.IntN(8)
	}
}

func pickAnswerCount(r *rand.Rand) int {
	// 12% unanswered, most threads get one to three answers.
	x := r.IntN(100)
	for k, cum := range [...]int{12, 37, 60, 77, 88, 95, 100} {
		if x < cum {
			return k
		}
	}
	return maxAnswers
}

func (g *generator) pickAnswerKind(k int) answerKind {
	x := g.r.IntN(100)
	staffShare := 15
	if g.p.kind.group() == grpAdmin {
		staffShare = 35 // billing and account questions need the provider
	}
	if k == 0 {
		if x < staffShare {
			return ansStaff
		}
		return ansAdvice
	}
	switch {
	case x < 22 && g.kinds[k-1] != ansFollowUp:
		return ansFollowUp
	case x < 32:
		return ansMeToo
	case x < 32+staffShare/2:
		return ansStaff
	}
	return ansAdvice
}

func (g *generator) pickTags() []string {
	r := g.r
	m := len(g.tp.tags)
	k := 0
	switch x := r.IntN(100); {
	case x < 15:
		k = 0
	case x < 45:
		k = 1
	case x < 75:
		k = 2
	default:
		k = 3
	}
	k = min(k, m)
	// An ordered random k-subset of the topic's tags.
	out := g.tags[:0]
	need := k
	for j := 0; j < m && need > 0; j++ {
		if r.IntN(m-j) < need {
			out = append(out, g.tp.tags[j])
			need--
		}
	}
	return out
}

func pick(r *rand.Rand, list []string) string {
	return list[r.IntN(len(list))]
}

// --- writing ---

// begin starts a new section (title, body or answer) at the end of buf.
func (g *generator) begin() {
	g.secStart = len(g.buf)
	g.words = 0
}

// add appends one sentence template to the current section if the section
// stays within limit words; it reports whether it did.
func (g *generator) add(tmpl string, limit int) bool {
	if tmpl == "" {
		return false
	}
	start := len(g.buf)
	mp, mc := g.mentionedP, g.mentionedC
	if start > g.secStart && g.buf[start-1] != '\n' && tmpl[0] != '\n' {
		g.buf = append(g.buf, ' ')
	}
	g.expand(tmpl)
	w := countWords(g.buf[start:])
	if g.words+w > limit {
		g.buf = g.buf[:start]
		g.mentionedP, g.mentionedC = mp, mc
		return false
	}
	g.words += w
	return true
}

// para ends a paragraph.
func (g *generator) para() {
	if len(g.buf) > g.secStart && g.buf[len(g.buf)-1] != '\n' {
		g.buf = append(g.buf, '\n', '\n')
	}
}

// pickUnused returns an index into a list of n items not yet set in used,
// or -1; used is a bit set for lists of up to 64 items.
func (g *generator) pickUnused(n int, used *uint64) int {
	n = min(n, 64)
	free := n - bitsSet(*used, n)
	if free <= 0 {
		return -1
	}
	k := g.r.IntN(free)
	for j := range n {
		if *used&(1<<j) != 0 {
			continue
		}
		if k == 0 {
			*used |= 1 << j
			return j
		}
		k--
	}
	return -1
}

func bitsSet(x uint64, n int) int {
	c := 0
	for j := range n {
		if x&(1<<j) != 0 {
			c++
		}
	}
	return c
}

// addFrom appends an unused sentence from list; it reports whether one fit.
func (g *generator) addFrom(list []string, used *uint64, limit int) bool {
	for {
		j := g.pickUnused(len(list), used)
		if j < 0 {
			return false
		}
		if g.add(list[j], limit) {
			return true
		}
	}
}

func (g *generator) writeTitle(solved bool) {
	r := g.r
	L := g.lang
	g.begin()
	if solved && r.Float64() < 0.3 {
		g.buf = append(g.buf, solvedPrefix[L]...)
	}
	g.expand(pick(r, g.s.titles[L]))
	if r.Float64() < 0.08 {
		g.buf = append(g.buf, pick(r, titleSuffixes[L])...)
	}
	capitalizeAt(g.buf, g.secStart)
	for utf8.RuneCount(g.buf[g.secStart:]) < minTitleRunes {
		g.buf = append(g.buf, titleSuffixes[L][0]...)
	}
	if utf8.RuneCount(g.buf[g.secStart:]) > maxTitleRunes {
		g.buf = g.buf[:g.secStart]
		g.expand(g.s.titles[L][0])
	}
}

func (g *generator) writeBody() {
	r := g.r
	L := g.lang
	lp := &langs[L]
	grp := g.p.kind.group()
	g.begin()

	// A body aims at a length between 40 and 150 words, mostly 50 to 100.
	target := minBodyWords + 5 + r.IntN(50) + r.IntN(40)
	if r.Float64() < 0.15 {
		target += r.IntN(50)
	}
	target = min(target, maxBodyWords-6)
	const reserve = 24 // question and closing
	limit := maxBodyWords - reserve

	if greet := pick(r, lp.greetings); greet != "" {
		g.add(greet, limit)
		g.para()
	}
	g.add(pick(r, g.s.openers[L]), limit)
	if !g.mentionedP && r.Float64() < 0.8 {
		g.add(pick(r, lp.mention), limit)
	}

	var usedDetail, usedTried, usedSetup, usedCtx uint64
	details := g.s.details[L]
	for range 1 + r.IntN(2) {
		g.addFrom(details, &usedDetail, limit)
	}
	ctxSent := g.c.sentences[L]
	if (!g.mentionedC && r.Float64() < 0.7) || r.Float64() < 0.25 {
		g.addFrom(ctxSent, &usedCtx, limit)
	}
	if g.code != "" && r.Float64() < 0.45 {
		g.add(pick(r, lp.codeLines), limit)
	}
	if r.Float64() < 0.3 {
		g.add(pick(r, lp.versionLines[grp]), limit)
	}
	if r.Float64() < 0.35 {
		g.addFrom(lp.setup[grp], &usedSetup, limit)
	}
	if len(g.s.blocks) > 0 && r.Float64() < 0.18 {
		b := blocks[g.s.blocks[r.IntN(len(g.s.blocks))]][L]
		g.para()
		if g.add(pick(r, lp.blockIntros), limit) {
			g.buf = append(g.buf, '\n')
			if !g.add(b, limit) {
				// Drop the intro with its block.
				g.buf = g.buf[:len(g.buf)-1]
			}
		}
		g.para()
	}
	if r.Float64() < 0.6 {
		g.addFrom(lp.tried[grp], &usedTried, limit)
	}
	// Fill up to the target with what a poster would add next.
	var usedFill uint64
	for g.words < target-12 || g.words < minBodyWords-reserve/2 {
		var ok bool
		switch r.IntN(4) {
		case 0, 1:
			ok = g.addFrom(details, &usedDetail, limit)
		case 2:
			ok = g.addFrom(lp.tried[grp], &usedTried, limit)
		default:
			ok = g.addFrom(lp.setup[grp], &usedSetup, limit)
		}
		if !ok && !g.addFrom(lp.tried[grp], &usedTried, limit) &&
			!g.addFrom(details, &usedDetail, limit) &&
			!g.addFrom(lp.fillers, &usedFill, limit) {
			break
		}
	}
	g.para()
	g.add(pick(r, lp.questions), maxBodyWords)
	if cl := pick(r, lp.closings); cl != "" {
		g.buf = append(g.buf, '\n', '\n')
		if !g.add(cl, maxBodyWords) {
			g.buf = g.buf[:len(g.buf)-2]
		}
	}
	g.buf = trimRight(g.buf, g.secStart)
}

func (g *generator) writeAnswer(kind answerKind) {
	r := g.r
	L := g.lang
	lp := &langs[L]
	grp := g.p.kind.group()
	g.begin()
	limit := maxAnswerWords - 8 // room for a closer
	adv := advice[g.s.fix][L]
	var used, usedGen, usedTried uint64

	switch kind {
	case ansStaff:
		if g.add(pick(r, lp.staffOpeners), limit) && r.Float64() < 0.5 {
			g.para()
		}
		if r.Float64() < 0.5 {
			g.addFrom(adv, &used, limit)
		}
		g.add(pick(r, lp.staffActions[grp]), limit)
		for g.words < minAnswerWords {
			if !g.addFrom(lp.staffFill, &usedGen, limit) {
				break
			}
		}
		g.buf = append(g.buf, '\n', '\n')
		g.add(pick(r, lp.staffClosers), maxAnswerWords)
	case ansFollowUp:
		g.add(pick(r, lp.followUps), limit)
		for g.words < minAnswerWords {
			if !g.addFrom(lp.tried[grp], &usedTried, limit) {
				break
			}
		}
	case ansMeToo:
		g.add(pick(r, lp.meToo), limit)
		if r.Float64() < 0.5 {
			g.addFrom(g.s.details[L], &usedGen, limit)
		}
		for g.words < minAnswerWords {
			if !g.addFrom(lp.tried[grp], &usedTried, limit) {
				break
			}
		}
	default:
		if op := pick(r, lp.answerOpeners); op != "" {
			g.add(op, limit)
			if op[len(op)-1] == ',' { // a salutation stands on its own line
				g.para()
			}
		}
		for range 1 + r.IntN(3) {
			g.addFrom(adv, &used, limit)
		}
		for g.words < minAnswerWords {
			if !g.addFrom(adv, &used, limit) && !g.addFrom(lp.genericAdvice[grp], &usedGen, limit) {
				break
			}
		}
		if r.Float64() < 0.35 {
			g.addFrom(lp.genericAdvice[grp], &usedGen, limit)
		}
		if cl := pick(r, lp.answerClosers); cl != "" {
			g.add(cl, maxAnswerWords)
		}
	}
	g.buf = trimRight(g.buf, g.secStart)
}

func trimRight(b []byte, from int) []byte {
	for len(b) > from {
		switch b[len(b)-1] {
		case ' ', '\n':
			b = b[:len(b)-1]
			continue
		}
		break
	}
	return b
}

// expand appends a template with its slots filled. Slots are {name}; a
// slot name with a capital first letter capitalises what it produces.
func (g *generator) expand(tmpl string) {
	for len(tmpl) > 0 {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			g.buf = append(g.buf, tmpl...)
			return
		}
		g.buf = append(g.buf, tmpl[:i]...)
		tmpl = tmpl[i+1:]
		j := strings.IndexByte(tmpl, '}')
		if j < 0 {
			g.buf = append(g.buf, '{')
			g.buf = append(g.buf, tmpl...)
			return
		}
		name := tmpl[:j]
		tmpl = tmpl[j+1:]
		at := len(g.buf)
		g.slot(name)
		if name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			capitalizeAt(g.buf, at)
		}
	}
}

func (g *generator) slot(name string) {
	p := g.p
	switch name {
	case "p", "P":
		g.buf = append(g.buf, p.names[g.lang]...)
		g.mentionedP = true
	case "der", "Der", "den", "dem", "mein", "Mein", "meinen", "meinem", "am", "im", "vom", "zum", "beim":
		g.buf = appendArticle(g.buf, p.gender, name)
		g.buf = append(g.buf, ' ')
		g.buf = append(g.buf, p.names[langDE]...)
		g.mentionedP = true
	case "ctx", "Ctx":
		ph := g.c.phrases[g.lang]
		g.buf = append(g.buf, ph[g.ctxPhrase%len(ph)]...)
		g.mentionedC = true
	case "code":
		g.buf = append(g.buf, g.code...)
	case "ver":
		g.buf = append(g.buf, g.ver...)
	case "n":
		g.buf = appendInt(g.buf, g.num)
	case "mbit":
		g.buf = appendInt(g.buf, g.mbit)
	case "got":
		g.buf = appendInt(g.buf, g.got)
	case "d":
		g.buf = g.created.AppendFormat(g.buf, "02.01.06")
	case "name":
		g.buf = append(g.buf, g.name...)
	case "staff":
		g.buf = append(g.buf, g.staff...)
	case "ort":
		g.buf = append(g.buf, g.city...)
	default:
		panic("synth: unknown slot {" + name + "}")
	}
}

// appendArticle appends the German article or possessive a slot asks for,
// in the product's gender; {am}, {im}, {vom}, {zum} and {beim} are a
// preposition with the dative article, contracted where German contracts
// it ("am Router", "an der FritzBox").
func appendArticle(b []byte, gen gender, slot string) []byte {
	switch slot {
	case "am", "im", "vom", "zum", "beim":
		if gen != fem {
			return append(b, slot...)
		}
		switch slot {
		case "am":
			return append(b, "an der"...)
		case "im":
			return append(b, "in der"...)
		case "vom":
			return append(b, "von der"...)
		case "zum":
			return append(b, "zur"...)
		default:
			return append(b, "bei der"...)
		}
	}
	var forms *[6]string
	switch gen {
	case fem:
		forms = &[6]string{"die", "die", "der", "meine", "meine", "meiner"}
	case neut:
		forms = &[6]string{"das", "das", "dem", "mein", "mein", "meinem"}
	default:
		forms = &[6]string{"der", "den", "dem", "mein", "meinen", "meinem"}
	}
	switch slot {
	case "der", "Der":
		return append(b, forms[0]...)
	case "den":
		return append(b, forms[1]...)
	case "dem":
		return append(b, forms[2]...)
	case "mein", "Mein":
		return append(b, forms[3]...)
	case "meinen":
		return append(b, forms[4]...)
	default:
		return append(b, forms[5]...)
	}
}

// capitalizeAt upper-cases the letter at b[i] unless the word is written
// with an inner capital ("eSIM", "iPhone"). It knows ASCII and ä, ö, ü.
func capitalizeAt(b []byte, i int) {
	if i >= len(b) {
		return
	}
	c := b[i]
	switch {
	case c >= 'a' && c <= 'z':
		if i+1 < len(b) && b[i+1] >= 'A' && b[i+1] <= 'Z' {
			return
		}
		b[i] = c - 'a' + 'A'
	case c == 0xC3 && i+1 < len(b):
		switch b[i+1] {
		case 0xA4, 0xB6, 0xBC: // ä ö ü
			b[i+1] -= 0x20
		}
	}
}

func appendInt(b []byte, n int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var tmp [20]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(b, tmp[i:]...)
}

func countWords(b []byte) int {
	n := 0
	in := false
	for _, c := range b {
		sp := c == ' ' || c == '\n' || c == '\t'
		if !sp && !in {
			n++
		}
		in = !sp
	}
	return n
}
