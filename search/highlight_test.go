package search_test

import (
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/search"
)

// snippetMax bounds a snippet: about 240 bytes of text, whole words, and
// the two ellipses.
const snippetMax = 240 + 80

func highlighter(t *testing.T) *search.Index {
	t.Helper()
	return newEnv(t).openIndex(search.Options{})
}

// checkSnippet checks what holds for every snippet: valid UTF-8 parts,
// no empty part, bounded length, marked parts that are words.
func checkSnippet(t *testing.T, s forum.Snippet) {
	t.Helper()
	for i, p := range s.Parts {
		if p.Text == "" {
			t.Errorf("part %d is empty", i)
		}
		if !utf8.ValidString(p.Text) {
			t.Errorf("part %d %+q is not UTF-8", i, p.Text)
		}
		if p.Match && strings.TrimSpace(p.Text) != p.Text {
			t.Errorf("marked part %q has spaces around it", p.Text)
		}
	}
	if n := len(plain(s)); n > snippetMax {
		t.Errorf("snippet of %d bytes: %.80q…", n, plain(s))
	}
}

func TestHighlightMarksMatchingWords(t *testing.T) {
	ix := highlighter(t)
	for _, tc := range []struct {
		name, query, lang, text string
		want                    []string
	}{
		{"same word, any case, plural", "router", "en", "My router restarts. The Router is new, routers are cheap, a route is not.", []string{"router", "Router", "routers"}},
		{"plural query", "routers", "en", "The router restarts every night.", []string{"router"}},
		{"two words", "router night", "en", "The router restarts every night at three.", []string{"router", "night"}},
		{"stop words are not marked", "the router", "en", "The router restarts, the light is off.", []string{"router"}},
		{"German stop word not marked", "die Verbindung", "de", "Die Verbindung ist weg.", []string{"Verbindung"}},
		{"compound marked for its part", "Verbindung", "de", "Die Internetverbindung ist weg, die Verbindung auch.", []string{"Internetverbindung", "Verbindung"}},
		{"compound query marks its parts", "Internetverbindung", "de", "Kein Internet und keine Verbindung im Keller.", []string{"Internet", "Verbindung"}},
		{"umlaut folding", "Groesse", "de", "Welche Größe hat der Stecker?", []string{"Größe"}},
		{"sharp s", "Strasse", "de", "In unserer Straße wird gebaut.", []string{"Straße"}},
		{"ae for ä", "Gerät", "de", "Das Geraet startet nicht, das Gerät auch nicht.", []string{"Geraet", "Gerät"}},
		{"codes", "0x80070005", "en", "Windows shows 0x80070005 and then 0x80070057.", []string{"0x80070005"}},
		{"error name", "DNS_PROBE_FINISHED_NXDOMAIN", "en", "Chrome shows DNS_PROBE_FINISHED_NXDOMAIN for every site.", []string{"DNS_PROBE_FINISHED_NXDOMAIN"}},
		{"version", "7.57", "en", "Since firmware 7.57 it drops; 7.56 was fine.", []string{"7.57"}},
		{"unknown language as English", "routers", "fr", "Le router redémarre.", []string{"router"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ix.Highlight(tc.query, tc.lang, tc.text)
			checkSnippet(t, s)
			if got := marked(s); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Highlight(%q, %q): marked %q, want %q\nparts %+v", tc.query, tc.text, got, tc.want, s.Parts)
			}
			if plain(s) != tc.text {
				t.Errorf("short text changed: %q", plain(s))
			}
		})
	}
}

func TestHighlightWindow(t *testing.T) {
	ix := highlighter(t)
	filler := func(word string, n int) string { return strings.TrimSpace(strings.Repeat(word+" ", n)) }

	t.Run("around a match in the middle", func(t *testing.T) {
		text := filler("lorem", 200) + " the router restarts here " + filler("ipsum", 200)
		s := ix.Highlight("router", "en", text)
		checkSnippet(t, s)
		p := plain(s)
		if !strings.HasPrefix(p, "… ") || !strings.HasSuffix(p, " …") {
			t.Errorf("cut on both sides without ellipses: %q", p)
		}
		if !reflect.DeepEqual(marked(s), []string{"router"}) {
			t.Errorf("marked %q", marked(s))
		}
		// A little lead-in before the match.
		if i := strings.Index(p, "router"); i < 20 {
			t.Errorf("match at %d: no lead-in in %q", i, p)
		}
		if !strings.Contains(p, "lorem") || !strings.Contains(p, "ipsum") {
			t.Errorf("window does not surround the match: %q", p)
		}
	})
	t.Run("the part with most of the words", func(t *testing.T) {
		text := "router alone here. " + filler("lorem", 200) + " router and firmware together. " + filler("ipsum", 200)
		s := ix.Highlight("router firmware", "en", text)
		checkSnippet(t, s)
		if !reflect.DeepEqual(marked(s), []string{"router", "firmware"}) {
			t.Errorf("marked %q in %q", marked(s), plain(s))
		}
	})
	t.Run("match at the very end", func(t *testing.T) {
		text := filler("lorem", 400) + " router"
		s := ix.Highlight("router", "en", text)
		checkSnippet(t, s)
		if !reflect.DeepEqual(marked(s), []string{"router"}) || strings.HasSuffix(plain(s), "…") {
			t.Errorf("end match: %q", plain(s))
		}
	})
	t.Run("no match is the start of the text", func(t *testing.T) {
		text := "First words of the post. " + filler("lorem", 200)
		s := ix.Highlight("zebra", "en", text)
		checkSnippet(t, s)
		p := plain(s)
		if len(marked(s)) != 0 || !strings.HasPrefix(p, "First words of the post.") || !strings.HasSuffix(p, " …") {
			t.Errorf("no match: %q", p)
		}
	})
	t.Run("empty query is the start of the text", func(t *testing.T) {
		s := ix.Highlight("", "de", "Erste Worte des Beitrags und dann mehr.")
		if len(marked(s)) != 0 || plain(s) != "Erste Worte des Beitrags und dann mehr." {
			t.Errorf("empty query: %+v", s.Parts)
		}
	})
	t.Run("whitespace is folded", func(t *testing.T) {
		s := ix.Highlight("router", "en", "line one\n\n\tthe   router\r\nline three")
		if plain(s) != "line one the router line three" {
			t.Errorf("whitespace: %q", plain(s))
		}
	})
}

func TestHighlightEmptyText(t *testing.T) {
	ix := highlighter(t)
	for _, text := range []string{"", "   ", "\n\t\n", "![](diagram.png)", "```\n```", "<br>", "**"} {
		for _, q := range []string{"", "router"} {
			if s := ix.Highlight(q, "en", text); !s.Empty() {
				t.Errorf("Highlight(%q, %q) = %+v, want empty", q, text, s.Parts)
			}
		}
	}
}

func TestHighlightLongText(t *testing.T) {
	ix := highlighter(t)
	for _, tc := range []struct{ name, text string }{
		{"many words", strings.Repeat("lorem ipsum dolor ", 1700) + "router at the end"},
		{"a long word before the match", strings.Repeat("QUJD", 5000) + " the router restarts " + strings.Repeat("x", 5000)},
		{"a long word of umlauts", strings.Repeat("ä", 5000) + " router " + strings.Repeat("ö", 5000)},
		{"no spaces at all", strings.Repeat("ab", 50000) + "router"},
		{"one huge compound", strings.Repeat("Internetverbindung", 5000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			s := ix.Highlight("router Internet", "de", tc.text)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
			checkSnippet(t, s)
			if s.Empty() {
				t.Fatal("empty snippet")
			}
			if strings.Contains(tc.text, " router") && !contains2(marked(s), "router") {
				t.Errorf("the match is not in the snippet: %.120q", plain(s))
			}
		})
	}
}

func contains2(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func TestHighlightMarkdown(t *testing.T) {
	ix := highlighter(t)
	md := "## Fix\n\nOpen [the router settings](http://192.168.178.1/router/setup?x=1) and run `router --reset`.\n\n" +
		"```sh\nrouter config dump\n```\n\n> **Bold router** and _emphasis_ and ![router photo](router.png)\n\n" +
		"- item one\n- see <https://example.com/router>\n\n<b>tag</b> max_retries stays"
	s := ix.Highlight("router", "en", md)
	checkSnippet(t, s)
	p := plain(s)
	for _, noise := range []string{"](", "```", "**", "## ", "> ", "192.168", "router.png", "<b>", "<https", "_emphasis_"} {
		if strings.Contains(p, noise) {
			t.Errorf("Markdown syntax %q in the snippet %q", noise, p)
		}
	}
	for _, kept := range []string{"the router settings", "router --reset", "router config dump", "Bold router", "emphasis", "router photo", "max_retries"} {
		if !strings.Contains(p, kept) {
			t.Errorf("%q missing from the snippet %q", kept, p)
		}
	}
	if n := len(marked(s)); n < 5 {
		t.Errorf("%d marks in %q: %+v", n, p, s.Parts)
	}
}

// TestSnippetsThroughSearch checks what a search result shows: the
// question's snippet with the words marked, and the accepted answer's.
func TestSnippetsThroughSearch(t *testing.T) {
	var th int64
	e := newIndexedEnv(t, func(e *env) {
		th = e.askLang("de", "Internetverbindung bricht jeden Abend ab", "Jeden Abend bricht die Internetverbindung ab, der Router zeigt nichts an.").ID
		e.answer(th, "Bei mir war es das Kabel, nicht der Router.")
		e.solve(th, "Stell die Verbindung im Menü auf einen anderen Kanal um, dann hält sie.")
	})
	res := e.search(forum.SearchQuery{Text: "Verbindung", Lang: "de"})
	if len(res.Hits) != 1 || res.Hits[0].Thread.ID != th {
		t.Fatalf("hits %q", hitTitles(res))
	}
	sn := res.Hits[0].Snippets
	if len(sn) != 2 || sn[0].IsAnswer || !sn[1].Accepted {
		t.Fatalf("snippets %+v, want the question's and the accepted answer's", sn)
	}
	if !reflect.DeepEqual(marked(sn[0]), []string{"Internetverbindung"}) || !reflect.DeepEqual(marked(sn[1]), []string{"Verbindung"}) {
		t.Errorf("marks %q and %q", marked(sn[0]), marked(sn[1]))
	}
	// The answer that matches is shown when no accepted one does.
	res = e.search(forum.SearchQuery{Text: "Kabel", Lang: "de"})
	if len(res.Hits) != 1 || len(res.Hits[0].Snippets) != 2 || res.Hits[0].Snippets[1].Accepted ||
		!reflect.DeepEqual(marked(res.Hits[0].Snippets[1]), []string{"Kabel"}) {
		t.Errorf("Kabel: %+v", res.Hits)
	}
}
