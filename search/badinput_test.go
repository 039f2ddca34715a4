package search_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

// queryChars are the characters of Bleve's query-string syntax; the
// Service never hands text to that parser, but every one must still be
// harmless.
const queryChars = `+-:^~*?()[]{}"\/!&|<>=`

func newBadInputEnv(t testing.TB) (*env, int64) {
	var router int64
	e := newIndexedEnv(t, func(e *env) {
		router = e.ask("", "My router restarts every night", "The router restarts every night at 3am, firmware 7.57 is installed.").ID
		e.ask("", "Die Verbindung bricht ständig ab", "Seit dem Update bricht meine Verbindung ständig ab, Fehler 651.")
		e.ask("mobile", "Roaming does not work in France", "In France my phone finds no network although roaming is on.")
	})
	return e, router
}

func TestBadInputNeverFailsInternally(t *testing.T) {
	e, router := newBadInputEnv(t)
	type want int
	const (
		ok      want = iota // no error
		found               // no error, and the router thread is a hit
		invalid             // an Invalid error naming field
	)
	type tc struct {
		name  string
		q     forum.SearchQuery
		want  want
		field string
	}
	cases := []tc{
		{"empty", forum.SearchQuery{}, ok, ""},
		{"blank", forum.SearchQuery{Text: " \t\r\n "}, ok, ""},
		{"10 KB", forum.SearchQuery{Text: strings.Repeat("router ", 1500)}, invalid, "q"},
		{"501 letters", forum.SearchQuery{Text: strings.Repeat("r", 501)}, invalid, "q"},
		{"500 letters", forum.SearchQuery{Text: strings.Repeat("r", 500)}, ok, ""},
		{"500 umlauts", forum.SearchQuery{Text: strings.Repeat("ä", 500)}, ok, ""},
		{"many words", forum.SearchQuery{Text: "router " + strings.Repeat("x1 ", 150)}, ok, ""},
		{"many codes", forum.SearchQuery{Text: strings.Repeat("0x80070005 E-404 7.57.1 ", 20)}, ok, ""},
		{"500 syntax characters", forum.SearchQuery{Text: strings.Repeat(queryChars, 500/len(queryChars))}, ok, ""},
		{"invalid UTF-8", forum.SearchQuery{Text: "\xff\xfe"}, invalid, "q"},
		{"invalid UTF-8 after a word", forum.SearchQuery{Text: "router\xc3"}, invalid, "q"},
		{"overlong encoding", forum.SearchQuery{Text: "\xc0\xaf"}, invalid, "q"},
		{"surrogate half", forum.SearchQuery{Text: "\xed\xa0\x80"}, invalid, "q"},
		{"NUL after a word", forum.SearchQuery{Text: "router\x00"}, found, ""},
		{"NUL inside", forum.SearchQuery{Text: "router\x00night"}, found, ""},
		{"control characters only", forum.SearchQuery{Text: "\x00\x01\x02\x1b\x7f"}, ok, ""},
		{"escape sequence", forum.SearchQuery{Text: "\x1b[31mrouter\x1b[0m"}, ok, ""},
		{"tabs and newlines", forum.SearchQuery{Text: "router\tnight\nrestarts"}, found, ""},
		{"emoji", forum.SearchQuery{Text: "router 🔥📶"}, found, ""},
		{"combining marks", forum.SearchQuery{Text: "Verbindung\u0308\u0301"}, ok, ""},
		{"right-to-left", forum.SearchQuery{Text: "\u202erouter"}, ok, ""},
		{"byte order mark", forum.SearchQuery{Text: "\ufeffrouter"}, found, ""},
		// Between letters a colon joins a word (UAX #29, as in the
		// index), so this is one unknown word, not a field query.
		{"field syntax", forum.SearchQuery{Text: "title:router"}, ok, ""},
		{"field syntax with space", forum.SearchQuery{Text: "title: router"}, found, ""},
		{"field syntax on a stored field", forum.SearchQuery{Text: "status:solved _id:1 _all:router"}, ok, ""},
		{"boolean syntax", forum.SearchQuery{Text: "+router -night"}, found, ""},
		{"boost and fuzzy syntax", forum.SearchQuery{Text: "router^5 night~2"}, found, ""},
		{"phrase", forum.SearchQuery{Text: `"router restarts"`}, found, ""},
		{"unbalanced quote", forum.SearchQuery{Text: `"router`}, found, ""},
		{"wildcards", forum.SearchQuery{Text: "rou*er r?uter *"}, ok, ""},
		{"regexp", forum.SearchQuery{Text: "/.*/ /[a-z]+/"}, ok, ""},
		{"ranges", forum.SearchQuery{Text: "[a TO z] {0 TO 9}"}, ok, ""},
		{"groups", forum.SearchQuery{Text: "(router OR night) AND NOT (x)"}, found, ""},
		{"backslashes", forum.SearchQuery{Text: `router\ \\ \" \u0000`}, found, ""},
		{"page 0", forum.SearchQuery{Text: "router", Page: 0}, found, ""},
		{"page -1", forum.SearchQuery{Text: "router", Page: -1}, found, ""},
		{"page 50", forum.SearchQuery{Text: "router", Page: 50}, ok, ""},
		{"page 51", forum.SearchQuery{Text: "router", Page: 51}, invalid, "page"},
		{"page 1e12", forum.SearchQuery{Text: "router", Page: 1e12}, invalid, "page"},
		{"page max int", forum.SearchQuery{Text: "router", Page: int(^uint(0) >> 1)}, invalid, "page"},
		{"page min int", forum.SearchQuery{Text: "router", Page: -int(^uint(0)>>1) - 1}, found, ""},
		{"per page negative", forum.SearchQuery{Text: "router", PerPage: -5}, found, ""},
		{"per page huge", forum.SearchQuery{Text: "router", PerPage: 1e9}, found, ""},
		{"unknown status", forum.SearchQuery{Text: "router", Status: "closed"}, invalid, "status"},
		{"status with syntax", forum.SearchQuery{Status: "solved OR 1=1"}, invalid, "status"},
		{"unknown sort", forum.SearchQuery{Text: "router", Sort: "oldest"}, invalid, "sort"},
		{"unknown date", forum.SearchQuery{Text: "router", Date: "decade"}, invalid, "date"},
		{"tag invalid UTF-8", forum.SearchQuery{Tag: "\xff"}, invalid, "tag"},
		{"tag too long", forum.SearchQuery{Tag: strings.Repeat("t", 100)}, invalid, "tag"},
		{"tag with syntax", forum.SearchQuery{Tag: `a:b"c`}, ok, ""},
		{"category too long", forum.SearchQuery{Category: strings.Repeat("c", 10000)}, invalid, "category"},
		{"category with syntax", forum.SearchQuery{Category: "internet OR mobile"}, ok, ""},
		{"unknown language", forum.SearchQuery{Text: "router", Lang: "xx\x00"}, found, ""},
	}
	for _, c := range queryChars {
		s := string(c)
		cases = append(cases,
			tc{"alone " + s, forum.SearchQuery{Text: s}, ok, ""},
			tc{"thrice " + s, forum.SearchQuery{Text: s + s + s}, ok, ""},
			tc{"before " + s, forum.SearchQuery{Text: s + "router"}, found, ""},
			tc{"after " + s, forum.SearchQuery{Text: "router" + s}, found, ""},
			tc{"between " + s, forum.SearchQuery{Text: "router" + s + "night"}, ok, ""},
			tc{"spaced " + s, forum.SearchQuery{Text: "router " + s + " night"}, found, ""},
		)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := e.svc.Search(e.ctx, nil, c.q)
			switch c.want {
			case invalid:
				if kindOf(err) != forum.Invalid || fieldOf(err) != c.field {
					t.Fatalf("%+q: %v (kind %v, field %q), want Invalid on %q", c.q.Text, err, kindOf(err), fieldOf(err), c.field)
				}
				return
			default:
				if err != nil {
					t.Fatalf("%+q: %v (kind %v)", c.q.Text, err, kindOf(err))
				}
			}
			if res.Query.Page < 1 || res.Query.Page > 50 || res.Query.PerPage < 1 || res.Query.PerPage > 50 {
				t.Errorf("page %d per page %d came through", res.Query.Page, res.Query.PerPage)
			}
			if len(res.Hits) > res.Query.PerPage || len(res.Hits) > res.Total {
				t.Errorf("%d hits of %d on a page of %d", len(res.Hits), res.Total, res.Query.PerPage)
			}
			if c.want == found && !contains(hitIDs(res), router) {
				t.Errorf("%+q: %q (mode %s), want the router thread", c.q.Text, hitTitles(res), res.Mode)
			}
		})
	}
}

func TestEmptyQueryListsNewestThreads(t *testing.T) {
	e, _ := newBadInputEnv(t)
	res := e.search(forum.SearchQuery{})
	if res.Total != 3 || len(res.Hits) != 3 {
		t.Fatalf("empty query: %d of %d", len(res.Hits), res.Total)
	}
	if res.Query.Sort != "newest" {
		t.Errorf("sort %q", res.Query.Sort)
	}
	for i := 1; i < len(res.Hits); i++ {
		a, b := res.Hits[i-1].Thread, res.Hits[i].Thread
		if a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID {
			t.Errorf("not newest first: %d (%s) before %d (%s)", a.ID, a.CreatedAt, b.ID, b.CreatedAt)
		}
	}
	// Filters apply without text too.
	if res := e.search(forum.SearchQuery{Category: "mobile"}); res.Total != 1 {
		t.Errorf("empty query in mobile: %d", res.Total)
	}
}

func TestPageBelowOneIsPageOne(t *testing.T) {
	e, _ := newBadInputEnv(t)
	one := e.search(forum.SearchQuery{Text: "router", Page: 1})
	for _, p := range []int{0, -1, -1 << 40} {
		res := e.search(forum.SearchQuery{Text: "router", Page: p})
		if res.Query.Page != 1 || !reflect.DeepEqual(hitIDs(res), hitIDs(one)) {
			t.Errorf("page %d: page %d, hits %v; want page 1 with %v", p, res.Query.Page, hitIDs(res), hitIDs(one))
		}
	}
}
