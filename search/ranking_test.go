package search_test

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

func TestTitleMatchBeatsBodyMatch(t *testing.T) {
	var inTitle, inBody int64
	e := newIndexedEnv(t, func(e *env) {
		// The body-only thread comes first, so a lower ID cannot be why
		// the title match wins.
		inBody = e.ask("", "Question about my home office setup", "I have a laptop, a printer and a monitor on one desk, and the desk wobbles.").ID
		inTitle = e.ask("", "Printer prints only blank pages", "Since Monday every page comes out empty, even though the toner is new.").ID
		e.ask("", "Laptop battery drains overnight", "The battery is empty every morning although the lid is closed.")
	})
	res := e.find("printer")
	if got := hitIDs(res); !reflect.DeepEqual(got, []int64{inTitle, inBody}) {
		t.Fatalf("printer: got %v (%q), want title match %d then body match %d", got, hitTitles(res), inTitle, inBody)
	}
}

func TestSolvedRanksAboveEqualUnsolved(t *testing.T) {
	const title = "Router loses the WiFi connection every evening"
	const body = "Every evening around eight the router drops the WiFi connection for ten minutes."
	const reply = "Have a look at the channel settings on the admin page, that helped me."
	for _, solvedFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("solved_created_first=%v", solvedFirst), func(t *testing.T) {
			var solved, open int64
			e := newIndexedEnv(t, func(e *env) {
				a := e.ask("", title, body)
				b := e.ask("", title, body)
				if solvedFirst {
					solved, open = a.ID, b.ID
				} else {
					solved, open = b.ID, a.ID
				}
				e.solve(solved, reply)
				e.answer(open, reply)
			})
			res := e.find("wifi router evening")
			if got := hitIDs(res); !reflect.DeepEqual(got, []int64{solved, open}) {
				t.Fatalf("got %v, want solved %d before open %d", got, solved, open)
			}
		})
	}
}

func TestAcceptedAnswerTextMatches(t *testing.T) {
	const title = "Phone stuck on the logo after the update"
	const body = "After the last update my phone shows only the logo and never starts."
	var inAccepted, inOther int64
	e := newIndexedEnv(t, func(e *env) {
		// Both solved, so the solved bonus is equal; one has the word in
		// its accepted answer, the other in an answer nobody accepted.
		inOther = e.ask("mobile", title, body).ID
		e.answer(inOther, "Maybe the bootloader is broken, you could send the phone in.")
		e.solve(inOther, "Let the battery drain completely, then charge it for an hour.")
		inAccepted = e.ask("mobile", title, body).ID
		e.solve(inAccepted, "Flash the bootloader again with the vendor tool, then it starts.")
		e.ask("mobile", "Phone gets hot while charging", "The phone becomes very hot when it charges overnight.")
	})
	res := e.find("bootloader")
	if got := hitIDs(res); !reflect.DeepEqual(got, []int64{inAccepted, inOther}) {
		t.Fatalf("got %v, want accepted-answer match %d before other-answer match %d", got, inAccepted, inOther)
	}
	var accepted *forum.Snippet
	for i, s := range res.Hits[0].Snippets {
		if s.Accepted {
			accepted = &res.Hits[0].Snippets[i]
		}
	}
	if accepted == nil || !reflect.DeepEqual(marked(*accepted), []string{"bootloader"}) {
		t.Fatalf("first hit's snippets %+v: want the accepted answer with %q marked", res.Hits[0].Snippets, "bootloader")
	}
}

func TestCodesFindTheirThreadFirst(t *testing.T) {
	ids := map[string]int64{}
	e := newIndexedEnv(t, func(e *env) {
		add := func(key, lang, title, body string) { ids[key] = e.askLang(lang, title, body).ID }
		add("0x57", "en", "Windows Update fails with error 0x80070057", "The update stops and shows 0x80070057, the parameter is wrong.")
		add("0x05", "en", "Windows Update fails with error 0x80070005", "The update stops at 30 percent and shows 0x80070005 access denied.")
		add("691", "de", "Einwahl scheitert mit Fehler 691", "Beim Verbinden meldet Windows Fehler 691, das Passwort ist aber richtig.")
		add("651", "de", "Einwahl scheitert nach dem Umzug", "Seit dem Umzug kann ich mich nicht einwählen, Windows meldet Fehler 651 beim Verbinden.")
		add("7.56", "en", "Router firmware 7.56 is stable for me", "Version 7.56 runs fine here, 57 days of uptime and counting.")
		add("7.57", "en", "Router drops the DSL sync since the update", "Since the update to firmware 7.57 the DSL sync drops every hour.")
		add("dns", "en", "DNS server not responding on my laptop", "Windows says the DNS server is not responding and pages do not load.")
		add("nx", "en", "Chrome cannot open any site", "Chrome shows DNS_PROBE_FINISHED_NXDOMAIN for every site since this morning.")
	})
	for _, tc := range []struct{ query, want string }{
		{"0x80070005", "0x05"},
		{"0x80070057", "0x57"},
		{"Fehler 651", "651"},
		{"fehler 691", "691"},
		{"7.57", "7.57"},
		{"firmware 7.57", "7.57"},
		{"DNS_PROBE_FINISHED_NXDOMAIN", "nx"},
		{"dns_probe_finished_nxdomain", "nx"},
	} {
		t.Run(tc.query, func(t *testing.T) {
			res := e.find(tc.query)
			if len(res.Hits) == 0 || res.Hits[0].Thread.ID != ids[tc.want] {
				t.Fatalf("%q: got %q, want %q first", tc.query, hitTitles(res), tc.want)
			}
		})
	}
}

func TestTagWordMatches(t *testing.T) {
	var tagged int64
	e := newIndexedEnv(t, func(e *env) {
		tagged = e.ask("", "Internet drops every night at three", "Every night at three the internet goes away for a few minutes.", "fritzbox", "dsl").ID
		e.ask("", "Internet drops every night at four", "Every night at four the internet goes away for a few minutes.", "speedport")
	})
	for _, q := range []string{"fritzbox", "FritzBox", "fritzbox internet"} {
		res := e.find(q)
		if got := hitIDs(res); !reflect.DeepEqual(got, []int64{tagged}) {
			t.Errorf("%q: got %v, want only the tagged thread %d", q, got, tagged)
		}
	}
}

func TestSortNewestOrdersByDate(t *testing.T) {
	var old, newest, middle int64
	e := newIndexedEnv(t, func(e *env) {
		// The oldest is the most relevant, and IDs do not follow dates.
		e.at(baseTime.Add(-72*time.Hour), func() {
			old = e.ask("", "Modem modem: the modem blinks red", "My modem blinks red since the storm yesterday.").ID
		})
		e.at(baseTime.Add(-1*time.Hour), func() {
			newest = e.ask("", "Which cable goes where on the back", "The manual shows a modem but my box looks different.").ID
		})
		e.at(baseTime.Add(-24*time.Hour), func() {
			middle = e.ask("", "Speed is much lower than booked", "I booked 100 Mbit but get 20, the modem says 100.").ID
		})
	})
	res := e.search(forum.SearchQuery{Text: "modem"})
	if len(res.Hits) != 3 || res.Hits[0].Thread.ID != old {
		t.Fatalf("relevance: got %v, want %d first", hitIDs(res), old)
	}
	res = e.search(forum.SearchQuery{Text: "modem", Sort: "newest"})
	if got, want := hitIDs(res), []int64{newest, middle, old}; !reflect.DeepEqual(got, want) {
		t.Fatalf("newest: got %v, want %v", got, want)
	}
	// No text: newest threads, whatever Sort says.
	res = e.search(forum.SearchQuery{})
	if got, want := hitIDs(res), []int64{newest, middle, old}; !reflect.DeepEqual(got, want) {
		t.Fatalf("empty query: got %v, want %v", got, want)
	}
}

func TestPagination(t *testing.T) {
	const n = 25
	var byAge []int64 // newest first
	e := newIndexedEnv(t, func(e *env) {
		for i := range n {
			e.at(baseTime.Add(-time.Duration(i)*time.Minute), func() {
				th := e.ask("", fmt.Sprintf("Outage report %02d for my street", i),
					fmt.Sprintf("There is an outage on my street, report number %d, since this morning.", i))
				byAge = append(byAge, th.ID)
			})
		}
		e.ask("", "Something else entirely here", "This thread has nothing to do with the others at all.")
	})
	for _, sortBy := range []string{"newest", "relevance"} {
		t.Run(sortBy, func(t *testing.T) {
			var all []int64
			for page, want := range []int{10, 10, 5} {
				res := e.search(forum.SearchQuery{Text: "outage", Sort: sortBy, Page: page + 1, PerPage: 10})
				if res.Total != n || len(res.Hits) != want {
					t.Fatalf("page %d: total %d, %d hits; want total %d, %d hits", page+1, res.Total, len(res.Hits), n, want)
				}
				if res.Pages() != 3 || res.HasNext() != (page < 2) {
					t.Errorf("page %d: Pages %d HasNext %v", page+1, res.Pages(), res.HasNext())
				}
				if sortBy == "newest" {
					if got := hitIDs(res); !reflect.DeepEqual(got, byAge[page*10:page*10+want]) {
						t.Errorf("page %d: got %v, want %v", page+1, got, byAge[page*10:page*10+want])
					}
				}
				all = append(all, hitIDs(res)...)
			}
			sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
			want := append([]int64(nil), byAge...)
			sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
			if !reflect.DeepEqual(all, want) {
				t.Fatalf("pages together: %v, want every thread once: %v", all, want)
			}
			if res := e.search(forum.SearchQuery{Text: "outage", Sort: sortBy, Page: 4, PerPage: 10}); len(res.Hits) != 0 || res.Total != n {
				t.Errorf("page 4: %d hits, total %d", len(res.Hits), res.Total)
			}
		})
	}
}

// facetFixture is five threads over two categories, three tags, every
// status and the four date buckets.
type facetFixture struct {
	i1, i2, i3, m1, m2 int64
}

func newFacetEnv(t *testing.T) (*env, facetFixture) {
	var f facetFixture
	e := newIndexedEnv(t, func(e *env) {
		ask := func(ago time.Duration, cat, title, body string, tags ...string) (id int64) {
			e.at(baseTime.Add(-ago), func() { id = e.ask(cat, title, body, tags...).ID })
			return id
		}
		day := 24 * time.Hour
		f.i1 = ask(2*time.Hour, "internet", "Trouble with the DSL line at night", "The line has trouble every night, the sync drops.", "fritzbox", "dsl")
		f.i2 = ask(3*day, "internet", "Trouble with slow DSL in the evening", "In the evening the speed is trouble, far below the booking.", "dsl")
		f.i3 = ask(20*day, "internet", "Trouble setting up the new box", "I have trouble with the setup wizard of the new box.", "fritzbox")
		f.m1 = ask(200*day, "mobile", "Trouble with roaming in France", "Roaming in France gives me trouble, no data at all.", "roaming")
		f.m2 = ask(400*day, "mobile", "Trouble with roaming in Spain", "Roaming in Spain gives me trouble, calls drop.", "roaming")
		e.solve(f.i1, "Swap the DSL filter, the old one is known to fail at night.")
		e.answer(f.i2, "Check whether your neighbours see the same in the evening.")
		e.solve(f.m1, "Switch on data roaming in the settings, it is off by default.")
	})
	return e, f
}

func facetMap(fc []forum.FacetCount) map[string]int {
	m := map[string]int{}
	for _, c := range fc {
		m[c.Value] = c.Count
	}
	return m
}

func TestFacetCounts(t *testing.T) {
	e, _ := newFacetEnv(t)
	for _, q := range []string{"", "trouble"} {
		t.Run("q="+q, func(t *testing.T) {
			res := e.search(forum.SearchQuery{Text: q})
			if res.Total != 5 {
				t.Fatalf("total %d, want 5", res.Total)
			}
			check := func(name string, got []forum.FacetCount, want map[string]int) {
				t.Helper()
				if !reflect.DeepEqual(facetMap(got), want) {
					t.Errorf("%s facet: got %v, want %v", name, got, want)
				}
			}
			check("category", res.Facets.Category, map[string]int{"internet": 3, "mobile": 2})
			check("tag", res.Facets.Tag, map[string]int{"dsl": 2, "fritzbox": 2, "roaming": 2})
			// "open" is every unsolved thread, the unanswered ones too.
			check("status", res.Facets.Status, map[string]int{"solved": 2, "open": 3, "unanswered": 2})
			check("date", res.Facets.Date, map[string]int{"day": 1, "week": 2, "month": 3, "year": 4})
			var order []string
			for _, d := range res.Facets.Date {
				order = append(order, d.Value)
			}
			if !reflect.DeepEqual(order, []string{"day", "week", "month", "year"}) {
				t.Errorf("date buckets in order %v", order)
			}
		})
	}
	// Facets count the filtered hits.
	res := e.search(forum.SearchQuery{Text: "trouble", Category: "mobile"})
	if got := facetMap(res.Facets.Category); !reflect.DeepEqual(got, map[string]int{"mobile": 2}) {
		t.Errorf("category facet within mobile: %v", got)
	}
	if got := facetMap(res.Facets.Status); !reflect.DeepEqual(got, map[string]int{"solved": 1, "open": 1, "unanswered": 1}) {
		t.Errorf("status facet within mobile: %v", got)
	}
}

func TestFilters(t *testing.T) {
	e, f := newFacetEnv(t)
	for _, tc := range []struct {
		name string
		q    forum.SearchQuery
		want []int64
	}{
		{"category", forum.SearchQuery{Category: "mobile"}, []int64{f.m1, f.m2}},
		{"unknown category", forum.SearchQuery{Category: "nope"}, nil},
		{"tag", forum.SearchQuery{Tag: "fritzbox"}, []int64{f.i1, f.i3}},
		{"tag in capitals", forum.SearchQuery{Tag: "FritzBox"}, []int64{f.i1, f.i3}},
		{"solved", forum.SearchQuery{Status: "solved"}, []int64{f.i1, f.m1}},
		{"open (not solved)", forum.SearchQuery{Status: "open"}, []int64{f.i2, f.i3, f.m2}},
		{"unanswered", forum.SearchQuery{Status: "unanswered"}, []int64{f.i3, f.m2}},
		{"day", forum.SearchQuery{Date: "day"}, []int64{f.i1}},
		{"week", forum.SearchQuery{Date: "week"}, []int64{f.i1, f.i2}},
		{"month", forum.SearchQuery{Date: "month"}, []int64{f.i1, f.i2, f.i3}},
		{"year", forum.SearchQuery{Date: "year"}, []int64{f.i1, f.i2, f.i3, f.m1}},
		{"category and status", forum.SearchQuery{Category: "internet", Status: "unanswered"}, []int64{f.i3}},
		{"tag and date", forum.SearchQuery{Tag: "roaming", Date: "year"}, []int64{f.m1}},
	} {
		for _, text := range []string{"", "trouble"} {
			t.Run(tc.name+"/q="+text, func(t *testing.T) {
				q := tc.q
				q.Text, q.Sort = text, "newest"
				res := e.search(q)
				got := hitIDs(res)
				if len(got) == 0 {
					got = nil
				}
				if !reflect.DeepEqual(got, tc.want) || res.Total != len(tc.want) {
					t.Fatalf("got %v (total %d), want %v", got, res.Total, tc.want)
				}
			})
		}
	}
}
