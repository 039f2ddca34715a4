package search_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum"
)

// FuzzSearchQuery sends arbitrary text, status and page through
// Service.Search against a small real index. It must never panic and
// never fail as an internal error: bad input is Invalid, naming its
// field, and everything else is a result of visible threads.
//
//	go test ./search -run '^$' -fuzz FuzzSearchQuery -fuzztime 1m
func FuzzSearchQuery(f *testing.F) {
	e, _ := newBadInputEnv(f)
	// Something hidden, so that results can be checked for it.
	hidden := e.ask("", "Hidden thread about the router", "This router thread was hidden by a moderator and must never show.")
	e.setThread(hidden.ID, "hidden_at = ?", baseTime.UnixMilli())

	for _, s := range []string{"", " ", "router", "Router restarts", "routers", "Verbindungsabbrüche", "Fehler 651", "7.57",
		"0x80070005", "DNS_PROBE_FINISHED_NXDOMAIN", "die", "the", "rechnug", "Größe Strasse Geraet",
		"title:router", `"router restarts"`, "+router -night", "router^5", "router~2", "rou*er", "r?uter", "(router)",
		"[a TO z]", "{a TO z}", `\`, `\\`, `\"`, "/.*/", "*", "?", "~", "^", "+", "-", ":", "(", ")", "[", "]", "{", "}", `"`,
		"\xff", "\xfe\xff", "router\xc3", "\xc0\xaf", "\xed\xa0\x80", "\x00", "router\x00night", "\x1b[31m", "\u202e", "\ufeff",
		strings.Repeat("a", 500), strings.Repeat("a", 501), strings.Repeat("ä", 300), strings.Repeat("router ", 80),
		strings.Repeat(queryChars, 10), strings.Repeat("Internetverbindung", 20), strings.Repeat("abcdefghijklmno ", 31), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b",
	} {
		f.Add(s, "", 1)
	}
	for _, st := range []string{"solved", "open", "unanswered", "closed", "\xff", "solved\x00"} {
		f.Add("router", st, 1)
	}
	for _, p := range []int{0, -1, 2, 50, 51, 1e12, -1 << 62} {
		f.Add("router", "", p)
	}

	f.Fuzz(func(t *testing.T, text, status string, page int) {
		start := time.Now()
		res, err := e.svc.Search(e.ctx, nil, forum.SearchQuery{Text: text, Status: status, Page: page})
		// No query may hang; the bound is loose for -race on a busy
		// machine, where the longest seeds take about a second.
		if d := time.Since(start); d > 10*time.Second {
			t.Fatalf("Search(%+q) took %s", text, d)
		}
		if err != nil {
			if k := kindOf(err); k != forum.Invalid {
				t.Fatalf("Search(%+q, %+q, %d): %v (kind %v)", text, status, page, err, k)
			}
			switch fieldOf(err) {
			case "q", "status", "page":
			default:
				t.Fatalf("Search(%+q, %+q, %d): Invalid without a field it got: %v", text, status, page, err)
			}
			return
		}
		if len(res.Hits) > res.Query.PerPage {
			t.Fatalf("%d hits on a page of %d", len(res.Hits), res.Query.PerPage)
		}
		for _, h := range res.Hits {
			if !h.Thread.Visible() || h.Thread.ID == hidden.ID {
				t.Fatalf("Search(%+q): invisible thread %d in the results", text, h.Thread.ID)
			}
			for _, s := range h.Snippets {
				for _, p := range s.Parts {
					if !utf8.ValidString(p.Text) {
						t.Fatalf("Search(%+q): snippet part %+q is not UTF-8", text, p.Text)
					}
				}
			}
		}
	})
}
