package synth

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
)

// Languages, as indexes into the [2] arrays of the tables.
const (
	langDE = 0
	langEN = 1
)

var langCodes = [2]string{langDE: "de", langEN: "en"}

type gender uint8

const (
	masc gender = iota
	fem
	neut
)

// kind is what sort of thing a product is; a symptom names the kinds its
// sentences fit ("Mein Router verliert die Verbindung", not "Meine Rechnung
// verliert die Verbindung").
type kind uint8

const (
	kLine     kind = iota // a DSL, fibre or cable line
	kRouter               // a router or modem
	kRepeater             // repeater, mesh, powerline
	kPhone                // landline and DECT/VoIP phones
	kSIM                  // a physical SIM card
	kESIM                 // an eSIM
	kContract             // a mobile contract or plan
	kHandset              // the phone itself
	kTVDevice             // receiver, stick, smart TV
	kTVApp                // TV app or streaming subscription
	kBill                 // a bill
	kPayment              // direct debit
	kAccount              // customer account, service app
	kMail                 // mailbox
)

type kinds uint16

func of(ks ...kind) kinds {
	var s kinds
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s kinds) has(k kind) bool { return s&(1<<k) != 0 }

// group selects the generic sentence pools (what people tried, their setup,
// version lines) that fit a product.
type group uint8

const (
	grpTech group = iota
	grpMobile
	grpTV
	grpAdmin
	numGroups
)

func (k kind) group() group {
	switch k {
	case kSIM, kESIM, kContract, kHandset:
		return grpMobile
	case kTVDevice, kTVApp:
		return grpTV
	case kBill, kPayment, kAccount, kMail:
		return grpAdmin
	}
	return grpTech
}

// cset is a set of context indexes.
type cset uint32

func ctxs(cs ...int) cset {
	var s cset
	for _, c := range cs {
		s |= 1 << c
	}
	return s
}

func (s cset) has(c int) bool { return s&(1<<c) != 0 }

type product struct {
	names  [2]string // German, English
	gender gender    // of the German name
	kind   kind
	cat    int
	w      float64 // popularity
	tag    string
	vers   []string // version strings; the group's default when empty
}

type context struct {
	tag       string
	w         float64
	kinds     kinds
	phrases   [2][]string // adverbials: "seit dem Umzug", "since moving house"
	sentences [2][]string // a sentence a poster adds about it
}

type symptom struct {
	tag     string
	cat     int // category, or -1 for the product's
	fix     fix // which advice answers draw on
	w       float64
	kinds   kinds
	noCtx   cset // contexts that read wrong with this symptom
	codes   [][2]string
	blocks  []int
	titles  [2][]string
	openers [2][]string
	details [2][]string
}

// topic is one product x symptom x context combination.
type topic struct {
	id                        int
	product, symptom, context int
	cat                       int
	code                      int // preferred error code
	phrase                    int // preferred wording of the context
	tags                      []string
}

// numTopics is how many combinations become topics; every compatible
// product x symptom pair gets at least one.
const numTopics = 480

// topicTable is built once; it is the same for every seed, so a topic
// number means the same thing in every corpus.
var topicTable = sync.OnceValue(buildTopics)

func buildTopics() []topic {
	r := rand.New(rand.NewPCG(0x43686f727573, 0x73796e7468)) // #nosec G404 -- a fixed, reproducible topic table
	type cand struct {
		p, s, c int
		w       float64
	}
	var all []cand
	for si := range symptoms {
		s := &symptoms[si]
		for pi := range products {
			p := &products[pi]
			if !s.kinds.has(p.kind) {
				continue
			}
			for ci := range contexts {
				c := &contexts[ci]
				if !c.kinds.has(p.kind) || s.noCtx.has(ci) {
					continue
				}
				// Popular products, symptoms and contexts make popular
				// topics, with noise so the ranking is not a product.
				w := p.w * s.w * c.w * math.Exp(0.8*r.NormFloat64())
				all = append(all, cand{pi, si, ci, w})
			}
		}
	}
	byWeight := func(a, b cand) int { return cmp.Compare(b.w, a.w) }
	slices.SortStableFunc(all, byWeight)

	taken := make([]bool, len(all))
	pairs := make(map[[2]int]bool)
	var sel []cand
	for i, c := range all {
		if !pairs[[2]int{c.p, c.s}] {
			pairs[[2]int{c.p, c.s}] = true
			taken[i] = true
			sel = append(sel, c)
		}
	}
	for i, c := range all {
		if len(sel) >= numTopics {
			break
		}
		if !taken[i] {
			sel = append(sel, c)
		}
	}
	slices.SortStableFunc(sel, byWeight)

	topics := make([]topic, len(sel))
	for i, c := range sel {
		p, s, cx := &products[c.p], &symptoms[c.s], &contexts[c.c]
		t := topic{id: i, product: c.p, symptom: c.s, context: c.c, cat: s.cat, phrase: r.IntN(8)}
		if t.cat < 0 {
			t.cat = p.cat
		}
		if len(s.codes) > 0 {
			t.code = r.IntN(len(s.codes))
		}
		for _, tag := range [...]string{s.tag, p.tag, cx.tag} {
			if tag != "" && !slices.Contains(t.tags, tag) {
				t.tags = append(t.tags, tag)
			}
		}
		t.tags = slices.Clip(t.tags)
		topics[i] = t
	}
	return topics
}
