package search_test

import (
	"reflect"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/search"
)

// langEnv is a small German and English forum with one thread per case.
type langThreads struct {
	abbruch, router, internetVerb, nurInternet, nurVerbindung, groesse, strasse, geraet, geraetAE, rechnung int64
}

func newLangEnv(t *testing.T) (*env, langThreads) {
	var l langThreads
	e := newIndexedEnv(t, func(e *env) {
		l.abbruch = e.askLang("de", "Verbindung bricht ab seit dem Update", "Seit gestern bricht meine Verbindung immer wieder ab, das ist sehr ärgerlich.").ID
		l.router = e.askLang("en", "My router restarts every night", "The router restarts every night at 3am and the lights go out.").ID
		l.internetVerb = e.askLang("de", "Problem mit der Internetverbindung", "Die Internetverbindung ist seit Montag sehr langsam und ich weiß nicht warum.").ID
		l.nurInternet = e.askLang("de", "Kein Internet im Gästezimmer", "Im Gästezimmer habe ich kein Internet, das WLAN reicht nicht bis dort.").ID
		l.nurVerbindung = e.askLang("de", "Telefon baut keine Verbindung auf", "Beim Anrufen kommt keine Verbindung zustande, es ist sofort still.").ID
		l.groesse = e.askLang("de", "Welche Größe hat der Stecker", "Ich brauche einen neuen Stecker, aber ich weiß die Größe nicht.").ID
		l.strasse = e.askLang("de", "Bauarbeiten in meiner Straße", "In meiner Straße wird gebaut und seitdem ist das Telefon tot.").ID
		l.geraet = e.askLang("de", "Das Gerät startet nicht mehr", "Mein Gerät startet nicht mehr, die Lampe bleibt aus.").ID
		l.geraetAE = e.askLang("de", "Ist das Geraet noch zu retten", "Das Geraet ist ins Wasser gefallen, ist es noch zu retten?").ID
		l.rechnung = e.askLang("de", "Rechnung ist zu hoch diesen Monat", "Meine Rechnung ist diesen Monat viel zu hoch, bitte um Hilfe.").ID
	})
	return e, l
}

func TestGermanAndEnglishAnalysis(t *testing.T) {
	e, l := newLangEnv(t)
	for _, tc := range []struct {
		name, query, lang string
		want              []int64 // each must be among the hits
		not               []int64 // none may be
	}{
		{"compound query finds its parts", "Verbindungsabbrüche", "de", []int64{l.abbruch}, []int64{l.router, l.rechnung}},
		{"English plural finds singular", "routers", "en", []int64{l.router}, []int64{l.abbruch}},
		{"English plural, German reader", "routers", "de", []int64{l.router}, nil},
		{"compound finds either part", "Internetverbindung", "de", []int64{l.internetVerb, l.nurInternet, l.nurVerbindung}, []int64{l.rechnung}},
		{"first part finds compound", "Internet", "de", []int64{l.internetVerb, l.nurInternet}, []int64{l.nurVerbindung}},
		{"second part finds compound", "Verbindung", "de", []int64{l.internetVerb, l.nurVerbindung, l.abbruch}, []int64{l.nurInternet}},
		{"oe finds ö and ß", "Groesse", "de", []int64{l.groesse}, nil},
		{"ö and ß find themselves", "Größe", "de", []int64{l.groesse}, nil},
		{"ss finds ß", "Strasse", "de", []int64{l.strasse}, nil},
		{"ß finds ß", "Straße", "de", []int64{l.strasse}, nil},
		{"ä finds ä and ae", "Gerät", "de", []int64{l.geraet, l.geraetAE}, nil},
		{"ae finds ä and ae", "Geraet", "de", []int64{l.geraet, l.geraetAE}, nil},
		{"upper case umlaut", "GERÄT", "de", []int64{l.geraet, l.geraetAE}, nil},
		{"German inflection", "Rechnungen", "de", []int64{l.rechnung}, nil},
		{"English query with German stop word die", "why does my router die", "en", []int64{l.router}, nil},
		{"English query with German stop word was", "what was the router doing at night", "en", []int64{l.router}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.search(forum.SearchQuery{Text: tc.query, Lang: tc.lang})
			got := hitIDs(res)
			if res.Mode != "all" {
				t.Errorf("%q: mode %s, want all: the analysis, not a fallback, must find it", tc.query, res.Mode)
			}
			for _, id := range tc.want {
				if !contains(got, id) {
					t.Errorf("%q: %v (%q, mode %s) lacks thread %d", tc.query, got, hitTitles(res), res.Mode, id)
				}
			}
			for _, id := range tc.not {
				if contains(got, id) {
					t.Errorf("%q: %v (%q) holds thread %d", tc.query, got, hitTitles(res), id)
				}
			}
		})
	}
}

func TestStopWordsAloneFindNothing(t *testing.T) {
	e, _ := newLangEnv(t)
	// Some are stop words in one language only ("die", "the"), and
	// "nicht" is one edit from "night": neither the other language nor
	// the spelling fallback may turn them into hits.
	for _, q := range []string{"die", "der die das", "und", "the", "the and of", "was ist das", "in an was", "ist es", "is it", "nicht", "nicht die"} {
		t.Run(q, func(t *testing.T) {
			for _, lang := range []string{"de", "en", ""} {
				res, err := e.svc.Search(e.ctx, nil, forum.SearchQuery{Text: q, Lang: lang})
				if err != nil {
					t.Fatalf("%q (%s): %v", q, lang, err)
				}
				if res.Total != 0 || len(res.Hits) != 0 {
					t.Errorf("%q (%s): %d hits %q, want none", q, lang, res.Total, hitTitles(res))
				}
			}
		})
	}
	// A stop word beside a real word does not stop the real word.
	if res := e.find("die Rechnung"); len(res.Hits) == 0 {
		t.Errorf("die Rechnung: no hits")
	}
}

func TestWordsExtendTheDictionary(t *testing.T) {
	// Two forums with the same thread, one with the product name in its
	// dictionary.
	seed := func(e *env) {
		e.askLang("de", "Mein Nordboxrouter startet ständig neu", "Der Nordboxrouter startet ständig neu, seit ich das Update installiert habe.")
	}
	plain := newEnv(t)
	seed(plain)
	plainIx := plain.open(search.Options{})
	plain.rebuild()

	extended := newEnv(t)
	seed(extended)
	extIx := extended.open(search.Options{Words: []string{"Nordbox"}})
	extended.rebuild()

	if plainIx.Version() == extIx.Version() {
		t.Fatalf("Words did not change the mapping version: %s", extIx.Version())
	}
	if res := plain.find("Nordbox"); len(res.Hits) != 0 {
		t.Fatalf("without the word, %q found %q (mode %s): the test proves nothing", "Nordbox", hitTitles(res), res.Mode)
	}
	for _, q := range []string{"Nordbox", "nordbox", "Router", "Nordboxrouter"} {
		if res := extended.find(q); len(res.Hits) != 1 {
			t.Errorf("with Words [nordbox], %q found %q", q, hitTitles(res))
		}
	}

	// The version depends on the set of words, not their order or case.
	v := func(words ...string) string {
		e := newEnv(t)
		return e.openIndex(search.Options{Words: words}).Version()
	}
	if a, b := v("nordbox", "zwergfunk"), v("Zwergfunk", "NORDBOX"); a != b {
		t.Errorf("same words, other order and case: %s != %s", a, b)
	}
	if a, b := v(), plainIx.Version(); a != b {
		t.Errorf("no words: %s != %s", a, b)
	}
	if a, b := v("nordbox"), v("nordbox", "zwergfunk"); a == b {
		t.Errorf("another word, same version %s", a)
	}
	if !reflect.DeepEqual(v("ab"), plainIx.Version()) {
		t.Errorf("a word shorter than the minimum changed the version")
	}
}
