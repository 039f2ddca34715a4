package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// Search, similar questions and possible duplicates, through the real
// router, a real SQLite file and a real Bleve index.

// ---- helpers ----

// sxAsk starts a thread with a body and tags, as u.
func (e *env) sxAsk(u *forum.User, category, title, body string, tags ...string) *forum.Thread {
	e.t.Helper()
	th, _, err := e.Svc.Ask(context.Background(), u, forum.AskInput{CategorySlug: category, Title: title, Body: body, Tags: tags})
	if err != nil {
		e.t.Fatalf("ask %q: %v", title, err)
	}
	return th
}

// sxSolve answers th as helper and lets the asker accept that answer.
func (e *env) sxSolve(th *forum.Thread, asker, helper *forum.User, body string) *forum.Post {
	e.t.Helper()
	ctx := context.Background()
	p, err := e.Svc.Answer(ctx, helper, th.ID, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.Svc.Accept(ctx, asker, th.ID, p.ID); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// sxFillers starts n threads about other things, so that the words of a
// test's threads are as rare as they are in a real forum (similarity
// weighs words by rarity; in a forum of four threads nothing is rare).
func (e *env) sxFillers(u *forum.User, category string, n int) {
	e.t.Helper()
	things := []string{"Washing machine", "Smartphone battery", "Laptop keyboard", "Garden hose", "Bicycle brake",
		"Coffee grinder", "Electric kettle", "Dishwasher door", "Vacuum cleaner", "Ceiling lamp", "Car radio"}
	troubles := []string{"makes a loud rattling noise", "stopped working yesterday", "needs a replacement part", "smells of burnt plastic"}
	for i := range n {
		thing, trouble := things[i%len(things)], troubles[i/len(things)%len(troubles)]
		e.sxAsk(u, category, fmt.Sprintf("%s %s", thing, trouble),
			fmt.Sprintf("Since Tuesday my %s %s. Where can I get help with it?", strings.ToLower(thing), trouble))
	}
}

// sxThreadJSON is the part of a thread in the API that these tests read.
type sxThreadJSON struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Category  string    `json:"category"`
	Tags      []string  `json:"tags"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

type sxSnippet struct {
	PostID   int64  `json:"post_id"`
	IsAnswer bool   `json:"is_answer"`
	Accepted bool   `json:"accepted"`
	HTML     string `json:"html"`
}

type sxHit struct {
	Thread   sxThreadJSON `json:"thread"`
	Snippets []sxSnippet  `json:"snippets"`
}

type sxFacet struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

type sxResults struct {
	Query      string               `json:"query"`
	Mode       string               `json:"mode"`
	Suggestion string               `json:"suggestion"`
	Sort       string               `json:"sort"`
	Total      int                  `json:"total"`
	Page       int                  `json:"page"`
	PerPage    int                  `json:"per_page"`
	Pages      int                  `json:"pages"`
	Hits       []sxHit              `json:"hits"`
	Facets     map[string][]sxFacet `json:"facets"`
}

// ids lists the threads of the hits in order.
func (r sxResults) ids() []int64 {
	var out []int64
	for _, h := range r.Hits {
		out = append(out, h.Thread.ID)
	}
	return out
}

// facet returns the count of value in facet name (0 when absent).
func (r sxResults) facet(name, value string) int {
	for _, f := range r.Facets[name] {
		if f.Value == value {
			return f.Count
		}
	}
	return 0
}

// sxGet sends GET path (query already encoded) with the client's token
// and language.
func (a *api) sxGet(path string) response {
	a.e.t.Helper()
	return a.call(http.MethodGet, path, nil, nil)
}

// sxSearch calls /api/v1/search with an encoded query string and decodes
// the answer, failing the test unless it is a 200.
func (a *api) sxSearch(t *testing.T, query string) sxResults {
	t.Helper()
	var out sxResults
	r := a.call(http.MethodGet, "/api/v1/search?"+query, nil, &out)
	if r.Status != http.StatusOK {
		t.Fatalf("search %q: %d %s", query, r.Status, axShort(r.Body))
	}
	for _, k := range []string{"category", "tag", "status", "date"} {
		if _, ok := out.Facets[k]; !ok {
			t.Errorf("search %q: no %s facet in %s", query, k, axShort(r.Body))
		}
	}
	return out
}

type sxSimilarJSON struct {
	Threads []struct {
		Thread     sxThreadJSON `json:"thread"`
		Similarity float64      `json:"similarity"`
	} `json:"threads"`
}

func (s sxSimilarJSON) ids() []int64 {
	var out []int64
	for _, d := range s.Threads {
		out = append(out, d.Thread.ID)
	}
	return out
}

// sxSimilar calls path (/api/v1/similar?... or a thread's /similar) and
// decodes the answer, failing unless it is a 200.
func (a *api) sxSimilar(t *testing.T, path string) sxSimilarJSON {
	t.Helper()
	var out sxSimilarJSON
	r := a.call(http.MethodGet, path, nil, &out)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.Status, axShort(r.Body))
	}
	if out.Threads == nil {
		t.Errorf("GET %s: no threads list in %s", path, axShort(r.Body))
	}
	return out
}

func sxDraft(title, body string) string {
	return "/api/v1/similar?" + url.Values{"title": {title}, "body": {body}}.Encode()
}

func sxSameSet(a, b []int64) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// sxLinksTo reports whether a page links to thread id.
func sxLinksTo(page string, id int64) bool {
	return strings.Contains(page, `href="/t/`+itoa(id)+`/`) || strings.Contains(page, `href="/t/`+itoa(id)+`"`)
}

// sxNewEnvWithoutIndex is newEnv with a search index opened on an empty
// directory and never built: no indexer runs, so the index stays in the
// state of a first start (NeedsRebuild) and search answers Unavailable.
func sxNewEnvWithoutIndex(t *testing.T) *env {
	t.Helper()
	e := newEnvWith(t, false)
	if !e.Idx.NeedsRebuild() {
		t.Fatal("a fresh index directory does not need a rebuild")
	}
	return e
}

// ---- results, snippets, facets, filters, sorting, pages, modes ----

func TestSearchResults(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	e.category("tv", 24)
	anna := e.user("anna", forum.RoleMember)
	ben := e.user("ben", forum.RoleMember)

	solved := e.sxAsk(anna, "internet", "Router drops the connection every evening",
		"Since the firmware update my router drops the DSL line at 8 pm. <script>alert(1)</script> router\n\n"+
			"The old modem never did: 5 < 6 && 7 > 3. <img src=x onerror=alert(1)", "dsl", "router")
	accepted := e.sxSolve(solved, anna, ben, "Set the router to a fixed channel and turn off its nightly reboot.")
	open := e.sxAsk(ben, "internet", "Router keeps rebooting after a power cut",
		"After every power cut the router reboots twice and forgets its settings.", "router")
	if _, err := e.Svc.Answer(context.Background(), anna, open.ID, "Check the power supply, it may be weak."); err != nil {
		t.Fatal(err)
	}
	tv := e.sxAsk(anna, "tv", "Receiver shows no picture on channel five",
		"The satellite receiver shows a black screen on channel five only.", "receiver")
	// An old thread: the service's clock goes back 60 days for it.
	e.mu.Lock()
	saved := e.ahead
	e.ahead = saved - 60*24*time.Hour
	e.mu.Unlock()
	old := e.sxAsk(ben, "internet", "Port forwarding on the router for a game server",
		"How do I open port 25565 on my router for a game server?", "router")
	e.mu.Lock()
	e.ahead = saved
	e.mu.Unlock()
	var remotes []int64
	for i := range 22 {
		th := e.sxAsk(ben, "tv", fmt.Sprintf("Remote control pairing fails on box %d", i+1),
			"The remote control will not pair with the box after new batteries went in.", "remote")
		remotes = append(remotes, th.ID)
	}
	e.searchable()
	guest := e.api("")

	// Relevance: every thread with the word, the solved one first.
	r := guest.sxSearch(t, "q=router")
	if !sxSameSet(r.ids(), []int64{solved.ID, open.ID, old.ID}) {
		t.Fatalf("q=router: threads %v, want %v", r.ids(), []int64{solved.ID, open.ID, old.ID})
	}
	if r.ids()[0] != solved.ID || r.Mode != "all" || r.Sort != "relevance" || r.Total != 3 || r.Page != 1 || r.Pages != 1 || r.Query != "router" {
		t.Errorf("q=router: first %d mode %q sort %q total %d page %d/%d query %q; want the solved thread %d first, all, relevance, 3, 1/1",
			r.ids()[0], r.Mode, r.Sort, r.Total, r.Page, r.Pages, r.Query, solved.ID)
	}
	if h := r.Hits[0]; h.Thread.Status != "solved" || h.Thread.Category != "internet" || !slices.Contains(h.Thread.Tags, "dsl") {
		t.Errorf("q=router: first hit %+v", h.Thread)
	}

	// Snippets: the question and the accepted answer, matches in <mark>,
	// everything else escaped text.
	var question, answer *sxSnippet
	for i, s := range r.Hits[0].Snippets {
		switch {
		case !s.IsAnswer:
			question = &r.Hits[0].Snippets[i]
		case s.Accepted && s.PostID == accepted.ID:
			answer = &r.Hits[0].Snippets[i]
		}
	}
	if question == nil || answer == nil {
		t.Fatalf("q=router: want a question and an accepted-answer snippet, got %+v", r.Hits[0].Snippets)
	}
	for _, s := range []*sxSnippet{question, answer} {
		if !strings.Contains(strings.ToLower(s.HTML), "<mark>router</mark>") {
			t.Errorf("snippet of post %d does not mark the word: %q", s.PostID, s.HTML)
		}
	}
	for _, h := range r.Hits {
		for _, s := range h.Snippets {
			bare := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s.HTML)
			if strings.ContainsAny(bare, "<>") {
				t.Errorf("snippet of post %d has markup besides <mark>: %q", s.PostID, s.HTML)
			}
		}
	}
	if !strings.Contains(question.HTML, "&lt;img src=x") || !strings.Contains(question.HTML, "5 &lt; 6 &amp;&amp; 7 &gt; 3") {
		t.Errorf("question snippet does not show the escaped text: %q", question.HTML)
	}
	if strings.Contains(question.HTML, "<script") || strings.Contains(question.HTML, "<img") {
		t.Errorf("question snippet carries markup from the post: %q", question.HTML)
	}

	// Facets count the hits per value.
	for _, f := range []struct {
		name, value string
		count       int
	}{
		{"category", "internet", 3}, {"category", "tv", 0},
		{"status", "solved", 1}, {"status", "open", 2}, {"status", "unanswered", 1}, // open: not solved, unanswered too
		{"tag", "router", 3}, {"tag", "dsl", 1},
		{"date", "day", 2}, {"date", "week", 2}, {"date", "month", 2}, {"date", "year", 3},
	} {
		if n := r.facet(f.name, f.value); n != f.count {
			t.Errorf("q=router: facet %s=%s counts %d, want %d (%v)", f.name, f.value, n, f.count, r.Facets[f.name])
		}
	}

	// Filters.
	for _, c := range []struct {
		query string
		want  []int64
	}{
		{"q=router&status=solved", []int64{solved.ID}},
		{"q=router&status=open", []int64{open.ID, old.ID}},
		{"q=router&status=unanswered", []int64{old.ID}},
		{"q=router&tag=dsl", []int64{solved.ID}},
		{"q=router&tag=DSL", []int64{solved.ID}},
		{"q=router&category=tv", nil},
		{"q=router&category=internet&date=month", []int64{solved.ID, open.ID}},
		{"q=router&date=day", []int64{solved.ID, open.ID}},
		{"q=router&date=year", []int64{solved.ID, open.ID, old.ID}},
		{"q=channel&category=tv", []int64{tv.ID}},
		{"q=channel&category=tv&status=unanswered&tag=receiver&date=week", []int64{tv.ID}},
		{"q=&status=solved", []int64{solved.ID}},
	} {
		got := guest.sxSearch(t, c.query)
		if !sxSameSet(got.ids(), c.want) || got.Total != len(c.want) {
			t.Errorf("%s: threads %v (total %d), want %v", c.query, got.ids(), got.Total, c.want)
		}
	}
	// Facets drill down: with status=solved only solved threads count.
	if f := guest.sxSearch(t, "q=router&status=solved"); f.facet("status", "open") != 0 || f.facet("status", "solved") != 1 || f.facet("tag", "router") != 1 {
		t.Errorf("q=router&status=solved: facets %v", f.Facets)
	}

	// Newest first on request.
	if n := guest.sxSearch(t, "q=router&sort=newest"); !slices.Equal(n.ids(), []int64{open.ID, solved.ID, old.ID}) || n.Sort != "newest" {
		t.Errorf("sort=newest: %v sort %q, want %v", n.ids(), n.Sort, []int64{open.ID, solved.ID, old.ID})
	}
	if n := guest.sxSearch(t, "q=router&sort=relevance"); n.ids()[0] != solved.ID || n.Sort != "relevance" {
		t.Errorf("sort=relevance: %v sort %q", n.ids(), n.Sort)
	}

	// Pages of 20.
	p1, p2 := guest.sxSearch(t, "q=pairing"), guest.sxSearch(t, "q=pairing&page=2")
	if p1.Total != 22 || p1.Pages != 2 || len(p1.Hits) != 20 || p1.PerPage != 20 {
		t.Errorf("q=pairing: total %d pages %d hits %d per page %d, want 22, 2, 20, 20", p1.Total, p1.Pages, len(p1.Hits), p1.PerPage)
	}
	if p2.Page != 2 || len(p2.Hits) != 2 || !sxSameSet(append(p1.ids(), p2.ids()...), remotes) {
		t.Errorf("q=pairing&page=2: page %d, %v; with page 1 %v, want all of %v", p2.Page, p2.ids(), p1.ids(), remotes)
	}
	if p3 := guest.sxSearch(t, "q=pairing&page=3"); len(p3.Hits) != 0 || p3.Page != 3 {
		t.Errorf("q=pairing&page=3: %v", p3.ids())
	}

	// No words: the newest threads.
	all := guest.sxSearch(t, "q=")
	if all.Sort != "newest" || all.Total != 26 || len(all.Hits) != 20 || all.Hits[0].Thread.ID != remotes[len(remotes)-1] {
		t.Errorf("empty q: sort %q total %d hits %d first %d, want newest, 26, 20, %d", all.Sort, all.Total, len(all.Hits), all.Hits[0].Thread.ID, remotes[len(remotes)-1])
	}
	for i := 1; i < len(all.Hits); i++ {
		if all.Hits[i].Thread.CreatedAt.After(all.Hits[i-1].Thread.CreatedAt) {
			t.Errorf("empty q: hit %d is newer than hit %d", i, i-1)
		}
	}
	if none := guest.sxSearch(t, ""); none.Total != 26 {
		t.Errorf("no q at all: total %d", none.Total)
	}

	// Not every word matches: any may.
	some := guest.sxSearch(t, "q="+url.QueryEscape("router xylophone"))
	if some.Mode != "some" || !slices.Contains(some.ids(), solved.ID) {
		t.Errorf("router xylophone: mode %q threads %v, want some with %d", some.Mode, some.ids(), solved.ID)
	}
	// A typo: similar spellings, and a respelled query.
	fuzzy := guest.sxSearch(t, "q=routr")
	if fuzzy.Mode != "fuzzy" || fuzzy.Suggestion != "router" || !slices.Contains(fuzzy.ids(), solved.ID) {
		t.Errorf("routr: mode %q suggestion %q threads %v, want fuzzy, router, with %d", fuzzy.Mode, fuzzy.Suggestion, fuzzy.ids(), solved.ID)
	}

	// The page shows the same, safely, in the reader's language.
	for _, lang := range []string{"en", "de"} {
		b := e.browser().axLang(lang)
		pg := b.get("/search?q=router")
		if pg.Status != http.StatusOK {
			t.Fatalf("%s /search?q=router: %d %s", lang, pg.Status, axShort(pg.Body))
		}
		if !strings.Contains(pg.Body, "<mark>") || !sxLinksTo(pg.Body, solved.ID) || !sxLinksTo(pg.Body, old.ID) || sxLinksTo(pg.Body, tv.ID) {
			t.Errorf("%s /search?q=router: results or marks missing", lang)
		}
		if bad := dangerousHTML(pg.Body); len(bad) > 0 || strings.Contains(pg.Body, "<img src=x") {
			t.Errorf("%s /search?q=router: dangerous HTML %v", lang, bad)
		}
		if !axSays(pg.Body, axStr(t, lang, "search.count.other", 3)) || !axSays(pg.Body, axStr(t, lang, "search.accepted_answer")) {
			t.Errorf("%s /search?q=router: the count or the accepted-answer label is missing", lang)
		}
		pg = b.get("/search?q=routr")
		if pg.Status != http.StatusOK || !axSays(pg.Body, axStr(t, lang, "search.mode_fuzzy")) ||
			!axSays(pg.Body, axStr(t, lang, "search.did_you_mean")) || !strings.Contains(pg.Body, `href="/search?q=router`) {
			t.Errorf("%s /search?q=routr: %d, no fuzzy notice or did-you-mean link\n%s", lang, pg.Status, axShort(pg.Body))
		}
		pg = b.get("/search?q=pairing&page=2")
		if pg.Status != http.StatusOK || !strings.Contains(pg.Body, `rel="prev"`) || strings.Contains(pg.Body, `rel="next"`) {
			t.Errorf("%s /search?q=pairing&page=2: %d, pager wrong", lang, pg.Status)
		}
	}
}

// ---- visibility ----

// TestSearchHidesInvisibleThreads: a deleted, a hidden and a merged thread
// never show in search or similar questions, neither while the index still
// holds them nor after it has caught up.
func TestSearchHidesInvisibleThreads(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	anna := e.user("anna", forum.RoleMember)
	ben := e.user("ben", forum.RoleMember)
	e.sxFillers(ben, "internet", 30)
	const body = "The quokka modem loses DSL sync after every thunderstorm and needs a restart."
	control := e.sxAsk(anna, "internet", "Quokka modem loses sync after a thunderstorm", body)
	deleted := e.sxAsk(anna, "internet", "Quokka modem loses sync after the thunderstorm last night", body)
	hidden := e.sxAsk(ben, "internet", "Quokka modem loses sync after thunderstorm again", body)
	merged := e.sxAsk(ben, "internet", "Quokka modem loses sync after every thunderstorm", body)
	invisible := map[int64]string{deleted.ID: "deleted", hidden.ID: "hidden", merged.ID: "merged"}
	e.searchable()

	guest := e.api("")
	draft := sxDraft("Quokka modem loses sync after thunderstorm", body)
	// Before: all four are found, so the checks below can fail.
	if r := guest.sxSearch(t, "q=quokka"); !sxSameSet(r.ids(), []int64{control.ID, deleted.ID, hidden.ID, merged.ID}) {
		t.Fatalf("before: search finds %v", r.ids())
	}
	if s := guest.sxSimilar(t, draft); !sxSameSet(s.ids(), []int64{control.ID, deleted.ID, hidden.ID, merged.ID}) {
		t.Fatalf("before: similar finds %v", s.ids())
	}

	// The author deletes one through the API; the others are hidden and
	// merged in the database, as no route does yet.
	v, err := e.Svc.Thread(context.Background(), anna, deleted.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r := e.axAPI(anna).call(http.MethodDelete, "/api/v1/posts/"+itoa(v.Question.ID), nil, nil); r.Status >= 300 {
		t.Fatalf("delete the question: %d %s", r.Status, r.Body)
	}
	raw := e.DB.Raw()
	if _, err := raw.Exec(`UPDATE threads SET hidden_at = ? WHERE id = ?`, time.Now().UnixMilli(), hidden.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE threads SET merged_into_id = ? WHERE id = ?`, control.ID, merged.ID); err != nil {
		t.Fatal(err)
	}

	check := func(when string) {
		t.Helper()
		for _, q := range []string{"q=quokka", "q=" + url.QueryEscape("quokka thunderstorm"), "q=quokka&sort=newest", "q=", "q=quokka&category=internet", "q=quokkka"} {
			r := guest.sxSearch(t, q)
			for _, id := range r.ids() {
				if invisible[id] != "" {
					t.Errorf("%s: API search %s shows the %s thread %d", when, q, invisible[id], id)
				}
			}
			if !slices.Contains(r.ids(), control.ID) {
				t.Errorf("%s: API search %s lost the visible thread: %v", when, q, r.ids())
			}
		}
		for _, who := range []struct {
			name string
			b    *browser
		}{{"guest", e.browser()}, {"author", e.axSignedIn(anna)}} {
			for _, q := range []string{"q=quokka", "q=quokka&sort=newest", ""} {
				pg := who.b.get("/search?" + q)
				if pg.Status != http.StatusOK {
					t.Fatalf("%s: /search?%s as %s: %d", when, q, who.name, pg.Status)
				}
				for id, state := range invisible {
					if sxLinksTo(pg.Body, id) {
						t.Errorf("%s: /search?%s as %s links to the %s thread %d", when, q, who.name, state, id)
					}
				}
				if !sxLinksTo(pg.Body, control.ID) {
					t.Errorf("%s: /search?%s as %s lost the visible thread", when, q, who.name)
				}
			}
		}
		for _, a := range []*api{guest, e.axAPI(ben)} {
			s := a.sxSimilar(t, draft)
			if !slices.Equal(s.ids(), []int64{control.ID}) {
				t.Errorf("%s: similar shows %v, want only %d", when, s.ids(), control.ID)
			}
		}
	}
	check("stale index")
	e.searchable()
	check("index caught up")
	// The deletion went through the outbox: the index no longer has it.
	if r := guest.sxSearch(t, "q="+url.QueryEscape("quokka night")); r.Mode == "all" {
		t.Errorf("after catching up, the deleted thread still matches all words: %v", r.ids())
	}
}

// ---- bad input ----

var sxLangs = []struct {
	name, lang, header, cookie string
}{
	{"English", "en", "en-GB,en;q=0.9", ""},
	{"German by Accept-Language", "de", "de-DE,de;q=0.9,en;q=0.5", ""},
	{"German by cookie", "de", "en-US,en;q=0.9", "de"},
}

// TestSearchBadInput: absurd queries get a clear 422 in the person's
// language on the page and in the API, query syntax is just text, and
// nothing is ever a 500.
func TestSearchBadInput(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	anna := e.user("anna", forum.RoleMember)
	th := e.sxAsk(anna, "internet", "Router drops the connection every evening", "Since the update my router drops the DSL line.", "router")
	e.searchable()

	long := url.QueryEscape(strings.Repeat("router ", 1463)) // 10 KB
	refused := []struct {
		name, query, field, code string
		args                     []any
	}{
		{"10 KB query", "q=" + long, "q", "error.too_long", []any{500}},
		{"501 characters", "q=" + strings.Repeat("a", 501), "q", "error.too_long", []any{500}},
		{"invalid UTF-8", "q=router%ff", "q", "error.invalid_utf8", nil},
		{"invalid UTF-8 alone", "q=%ff%fe", "q", "error.invalid_utf8", nil},
		{"page 0", "q=router&page=0", "page", "error.filter_invalid", nil},
		{"page -3", "q=router&page=-3", "page", "error.filter_invalid", nil},
		{"page abc", "q=router&page=abc", "page", "error.filter_invalid", nil},
		{"page 51", "q=router&page=51", "page", "error.search_page", []any{50}},
		{"page 10^21", "q=router&page=999999999999999999999", "page", "error.filter_invalid", nil},
		{"empty query, page 51", "page=51", "page", "error.search_page", []any{50}},
		{"unknown status", "q=router&status=bogus", "status", "error.filter_invalid", nil},
		{"unknown sort", "q=router&sort=bogus", "sort", "error.filter_invalid", nil},
		{"unknown date", "q=router&date=bogus", "date", "error.filter_invalid", nil},
		{"500-character tag", "q=router&tag=" + strings.Repeat("t", 500), "tag", "error.too_long", []any{forum.TagMax}},
		{"invalid UTF-8 tag", "tag=%ff", "tag", "error.invalid_utf8", nil},
		{"500-character category", "category=" + strings.Repeat("c", 500), "category", "error.too_long", []any{60}},
	}
	similarRefused := []struct {
		name, query, field, code string
		args                     []any
	}{
		{"200-character title", url.Values{"title": {strings.Repeat("Router drop ", 17)[:200]}, "body": {"the line drops"}}.Encode(), "title", "error.too_long", []any{forum.TitleMax}},
		{"invalid UTF-8 body", "title=" + url.QueryEscape("Router drops the line") + "&body=drops%ff%fe", "body", "error.invalid_utf8", nil},
		{"invalid UTF-8 title", "title=Router%ff+drops&body=every+evening", "title", "error.invalid_utf8", nil},
		{"body too long", "title=Router+drops&body=" + strings.Repeat("x", forum.BodyMax+1), "body", "error.too_long", []any{forum.BodyMax}},
	}
	syntax := []string{"+", "-", ":", "^", "~", "*", "?", "(", ")", "[", "]", "{", "}", `"`, `\`,
		`+-:^~*?()[]{}"\`, `router +-:^~*?()[]{}"\`, `"router`, `router~2`, `title:router`, `router^5`,
		`(router OR drops) AND NOT "x`, `*router*`, `r?uter`, `[1 TO 5]`, `{a:b}`, `\"router\"`, `-router`, `+router -drops`,
		"router\x00drops\tline", "   ", "ä", "Verbindungsabbrüche 🙂", "E-404 7.57.1 0x80070005"}

	for _, lc := range sxLangs {
		b := e.browser().axLang(lc.header)
		a := e.api("")
		a.lang = lc.header
		if lc.cookie != "" {
			su, _ := url.Parse(e.Srv.URL)
			b.client.Jar.SetCookies(su, []*http.Cookie{{Name: "chorus_lang", Value: lc.cookie, Path: "/"}})
		}
		// The API client sends the cookie by hand; it has no jar.
		apiGet := func(path string) response {
			if lc.cookie == "" {
				return a.sxGet(path)
			}
			return e.browser().axLang(lc.header).axSend(http.MethodGet, path, nil, "", http.Header{"Cookie": {"chorus_lang=" + lc.cookie}})
		}

		for _, c := range refused {
			msg := axFieldMsg(t, lc.lang, c.field, c.code, c.args...)
			what := lc.name + ", " + c.name
			axCheckRefusal(t, what+", page", b.get("/search?"+c.query), http.StatusUnprocessableEntity, lc.lang, msg)
			r := apiGet("/api/v1/search?" + c.query)
			axCheckAPIRefusal(t, what+", API", r, http.StatusUnprocessableEntity, msg, c.field)
			if code := axErr(r).Error.Code; code != "invalid" {
				t.Errorf("%s, API: code %q, want invalid", what, code)
			}
		}
		for _, c := range similarRefused {
			msg := axFieldMsg(t, lc.lang, c.field, c.code, c.args...)
			r := apiGet("/api/v1/similar?" + c.query)
			axCheckAPIRefusal(t, lc.name+", similar, "+c.name, r, http.StatusUnprocessableEntity, msg, c.field)
		}
		if lc.lang == "de" {
			// The German message is the German catalog's, not English.
			msg := axFieldMsg(t, "de", "q", "error.too_long", 500)
			if en := axFieldMsg(t, "en", "q", "error.too_long", 500); msg == en || !strings.Contains(msg, "höchstens 500 Zeichen") {
				t.Errorf("German message %q is not from de.json", msg)
			}
		}
	}

	// Query syntax is text: never an error, never a 500.
	guest, b := e.api(""), e.browser()
	for _, s := range syntax {
		q := "q=" + url.QueryEscape(s)
		var out sxResults
		r := guest.call(http.MethodGet, "/api/v1/search?"+q, nil, &out)
		if r.Status != http.StatusOK {
			t.Errorf("API search %q: %d %s", s, r.Status, axShort(r.Body))
		}
		if pg := b.get("/search?" + q); pg.Status != http.StatusOK {
			t.Errorf("/search %q: %d %s", s, pg.Status, axShort(pg.Body))
		}
		if r := guest.sxGet(sxDraft(s+" router drops the line", s)); r.Status != http.StatusOK {
			t.Errorf("similar %q: %d %s", s, r.Status, axShort(r.Body))
		}
	}
	// Syntax around a real word still finds the thread.
	for _, s := range []string{`router +-:^~*?()[]{}"\`, `"router`, `router~2`, `router^5`, `*router*`, `-router`} {
		if r := guest.sxSearch(t, "q="+url.QueryEscape(s)); !slices.Contains(r.ids(), th.ID) {
			t.Errorf("search %q does not find the router thread: %v", s, r.ids())
		}
	}
	// Limits that are allowed.
	for _, q := range []string{"q=" + strings.Repeat("a", 500), "q=router&page=50", "q=router&page=1", "q=router&page=", "tag=" + strings.Repeat("t", forum.TagMax)} {
		if r := guest.sxGet("/api/v1/search?" + q); r.Status != http.StatusOK {
			t.Errorf("search %.40s: %d %s", q, r.Status, axShort(r.Body))
		}
	}
	if r := guest.sxGet(sxDraft(strings.Repeat("x", forum.TitleMax), "")); r.Status != http.StatusOK {
		t.Errorf("similar with a %d-character title: %d %s", forum.TitleMax, r.Status, axShort(r.Body))
	}
}

// ---- similar questions and possible duplicates ----

// sxPrinters is a forum with seven threads about the same printer
// problem, three of them solved, and one thread about something else.
type sxPrinters struct {
	e                    *env
	anna, ben, mod       *forum.User
	printers, solvedOnes []int64
	first                *forum.Thread
	other                *forum.Thread
}

func sxNewPrinters(t *testing.T) *sxPrinters {
	e := newEnv(t)
	e.category("printing", 12)
	w := &sxPrinters{e: e, anna: e.user("anna", forum.RoleMember), ben: e.user("ben", forum.RoleMember), mod: e.user("moni", forum.RoleModerator)}
	e.sxFillers(w.ben, "printing", 30)
	titles := []string{
		"Printer shows paper jam error but no paper is stuck",
		"Paper jam error on the printer although the tray is empty",
		"Printer reports a paper jam that is not there",
		"Printer keeps saying paper jam after I removed the paper",
		"False paper jam message on my printer",
		"Paper jam warning on printer will not go away",
		"Printer paper jam error every morning",
	}
	for i, title := range titles {
		th := e.sxAsk(w.anna, "printing", title,
			"My printer shows a paper jam error, but there is no paper stuck inside. I opened every flap and the tray.", "printer")
		w.printers = append(w.printers, th.ID)
		if i == 0 {
			w.first = th
		}
		// The later ones are solved, so "solved first" is not just the
		// order of the index.
		if i >= 4 {
			e.sxSolve(th, w.anna, w.ben, "Clean the paper sensor behind the rear flap; a scrap of paper covers it.")
			w.solvedOnes = append(w.solvedOnes, th.ID)
		}
	}
	w.other = e.sxAsk(w.ben, "printing", "Scanner software does not start on Windows",
		"The scanner software crashes right after the splash screen since the last Windows update.", "scanner")
	e.searchable()
	return w
}

func TestSimilarWhileAsking(t *testing.T) {
	w := sxNewPrinters(t)
	e := w.e
	draft := sxDraft("Printer says paper jam but nothing is stuck",
		"The printer says paper jam although there is no paper inside. I opened all flaps.")
	for _, who := range []struct {
		name string
		a    *api
	}{{"guest", e.api("")}, {"member", e.axAPI(w.ben)}} {
		s := who.a.sxSimilar(t, draft)
		if len(s.Threads) == 0 || len(s.Threads) > 5 {
			t.Fatalf("%s: %d similar threads, want 1 to 5: %v", who.name, len(s.Threads), s.ids())
		}
		if len(s.Threads) != 5 {
			t.Errorf("%s: %d similar threads of 7 alike, want 5 (the most shown)", who.name, len(s.Threads))
		}
		seenOpen := false
		for _, d := range s.Threads {
			if !slices.Contains(w.printers, d.Thread.ID) {
				t.Errorf("%s: %d %q is not a printer thread", who.name, d.Thread.ID, d.Thread.Title)
			}
			if d.Similarity <= 0 || d.Similarity > 1.5 {
				t.Errorf("%s: similarity %v of %d", who.name, d.Similarity, d.Thread.ID)
			}
			solved := d.Thread.Status == "solved"
			if solved != slices.Contains(w.solvedOnes, d.Thread.ID) {
				t.Errorf("%s: thread %d has status %q", who.name, d.Thread.ID, d.Thread.Status)
			}
			if solved && seenOpen {
				t.Errorf("%s: a solved thread after an unsolved one: %v", who.name, s.ids())
			}
			seenOpen = seenOpen || !solved
		}
		if first := s.Threads[0].Thread.ID; !slices.Contains(w.solvedOnes, first) {
			t.Errorf("%s: first similar thread %d is not solved", who.name, first)
		}
	}

	// Nothing alike, or too little to go on: nothing.
	guest := e.api("")
	for _, d := range []struct{ name, path string }{
		{"unrelated", sxDraft("Banana bread recipe with walnuts", "How long do I bake banana bread with walnuts at 180 degrees?")},
		{"one word title", sxDraft("Printer", "")},
		{"one word body", sxDraft("", "printer")},
		{"one word in both", sxDraft("  printer ", "  ")},
		{"nothing", "/api/v1/similar"},
	} {
		if s := guest.sxSimilar(t, d.path); len(s.Threads) != 0 {
			t.Errorf("%s draft: %v, want none", d.name, s.ids())
		}
	}
	// A body alone is enough.
	if s := guest.sxSimilar(t, sxDraft("", "My printer shows a paper jam error but no paper is stuck inside")); len(s.Threads) == 0 {
		t.Error("a draft body alone finds nothing")
	}
}

func TestSimilarDuplicatesAPI(t *testing.T) {
	w := sxNewPrinters(t)
	e := w.e
	e.user("stan", forum.RoleStaff)
	e.user("adam", forum.RoleAdmin)
	path := "/api/v1/threads/" + itoa(w.first.ID) + "/similar"

	r := e.api("").sxGet(path)
	axCheckAPIRefusal(t, "guest", r, http.StatusUnauthorized, axStr(t, "en", "error.login_required"), "")
	r = e.axAPI(w.ben).sxGet(path)
	axCheckAPIRefusal(t, "member", r, http.StatusForbidden, axStr(t, "en", "error.forbidden"), "")
	if r := e.axAPI(w.anna).sxGet(path); r.Status != http.StatusForbidden {
		t.Errorf("the thread's own author (a member): %d", r.Status)
	}

	for _, name := range []string{"moni", "stan", "adam"} {
		a := e.tokenFor(name)
		s := a.sxSimilar(t, path)
		if len(s.Threads) == 0 || len(s.Threads) > 5 {
			t.Errorf("%s: %d possible duplicates, want 1 to 5", name, len(s.Threads))
		}
		for _, id := range s.ids() {
			if id == w.first.ID {
				t.Errorf("%s: the thread is its own duplicate", name)
			}
			if !slices.Contains(w.printers, id) {
				t.Errorf("%s: %d is not a printer thread", name, id)
			}
		}
		r := a.sxGet("/api/v1/threads/999999/similar")
		axCheckAPIRefusal(t, name+", missing thread", r, http.StatusNotFound, axStr(t, "en", "error.not_found"), "")
		if r := a.sxGet("/api/v1/threads/abc/similar"); r.Status != http.StatusNotFound {
			t.Errorf("%s, /threads/abc/similar: %d", name, r.Status)
		}
		if s := a.sxSimilar(t, "/api/v1/threads/"+itoa(w.other.ID)+"/similar"); len(s.Threads) != 0 {
			t.Errorf("%s: the scanner thread has duplicates %v", name, s.ids())
		}
	}
}

func TestDuplicatesBoxOnThreadPage(t *testing.T) {
	w := sxNewPrinters(t)
	e := w.e
	page := "/t/" + itoa(w.first.ID) + "/" + w.first.Slug
	for _, lang := range []string{"en", "de"} {
		title := axStr(t, lang, "thread.duplicates_title")
		r := e.axSignedIn(w.mod).axLang(lang).get(page)
		if r.Status != http.StatusOK {
			t.Fatalf("moderator, %s: %d %s", lang, r.Status, axShort(r.Body))
		}
		box := axByID(axParseHTML(t, r.Body), "duplicates-title")
		if box == nil || strings.TrimSpace(axText(box)) != title {
			t.Errorf("moderator, %s: no %q box", lang, title)
		}
		links := 0
		for _, id := range w.printers[1:] {
			if sxLinksTo(r.Body, id) {
				links++
			}
		}
		if links == 0 || links > 5 || sxLinksTo(r.Body, w.other.ID) {
			t.Errorf("moderator, %s: the box links to %d printer threads (or the scanner thread)", lang, links)
		}
		for _, who := range []struct {
			name string
			b    *browser
		}{{"member", e.axSignedIn(w.ben)}, {"author", e.axSignedIn(w.anna)}, {"guest", e.browser()}} {
			r := who.b.axLang(lang).get(page)
			if r.Status != http.StatusOK {
				t.Fatalf("%s, %s: %d", who.name, lang, r.Status)
			}
			if axByID(axParseHTML(t, r.Body), "duplicates-title") != nil || axSays(r.Body, title) {
				t.Errorf("%s, %s: sees the possible duplicates", who.name, lang)
			}
		}
	}
}

// ---- search down ----

// TestSearchUnavailable: with an index that was never built, search and
// similar answer 503 in the person's language, and the forum works.
func TestSearchUnavailable(t *testing.T) {
	e := sxNewEnvWithoutIndex(t)
	e.category("internet", 12)
	anna := e.user("anna", forum.RoleMember)
	ben := e.user("ben", forum.RoleMember)
	mod := e.user("moni", forum.RoleModerator)
	th := e.sxAsk(anna, "internet", "Router drops the connection every evening", "Since the update my router drops the DSL line.", "router")

	unavailable := func(lang string) []string {
		return []string{axStr(t, lang, "error.search_rebuilding", 0), axStr(t, lang, "error.search_unavailable")}
	}
	for _, lc := range sxLangs {
		b := e.browser().axLang(lc.header)
		if lc.cookie != "" {
			su, _ := url.Parse(e.Srv.URL)
			b.client.Jar.SetCookies(su, []*http.Cookie{{Name: "chorus_lang", Value: lc.cookie, Path: "/"}})
		}
		hdr := http.Header{}
		if lc.cookie != "" {
			hdr.Set("Cookie", "chorus_lang="+lc.cookie)
		}
		msgs := unavailable(lc.lang)
		for _, path := range []string{"/search?q=router", "/search", "/search?q=router&status=solved"} {
			r := b.get(path)
			if r.Status != http.StatusServiceUnavailable || !(axSays(r.Body, msgs[0]) || axSays(r.Body, msgs[1])) ||
				!strings.Contains(r.Body, `<html lang="`+lc.lang+`"`) {
				t.Errorf("%s, %s: %d, want 503 saying %q\n%s", lc.name, path, r.Status, msgs[0], axShort(r.Body))
			}
		}
		for _, path := range []string{"/api/v1/search?q=router", "/api/v1/search", sxDraft("Router drops the line", "every evening since the update")} {
			r := e.browser().axLang(lc.header).axSend(http.MethodGet, path, nil, "", hdr)
			ae := axErr(r)
			if r.Status != http.StatusServiceUnavailable || ae.Error.Code != "unavailable" || !slices.Contains(msgs, ae.Error.Message) {
				t.Errorf("%s, %s: %d %s, want 503 unavailable saying %q", lc.name, path, r.Status, axShort(r.Body), msgs[0])
			}
		}
	}
	// Bad input is still bad input, not "unavailable".
	if r := e.api("").sxGet("/api/v1/search?q=router&page=abc"); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("page=abc while search is down: %d", r.Status)
	}
	// A one-word draft needs no index.
	if r := e.api("").sxGet(sxDraft("Router", "")); r.Status != http.StatusOK {
		t.Errorf("one-word draft while search is down: %d %s", r.Status, r.Body)
	}

	// Moderators' possible duplicates: 503 in the API, and the thread page
	// works without the box.
	ma := e.tokenFor("moni")
	r := ma.sxGet("/api/v1/threads/" + itoa(th.ID) + "/similar")
	if ae := axErr(r); r.Status != http.StatusServiceUnavailable || ae.Error.Code != "unavailable" {
		t.Errorf("possible duplicates while search is down: %d %s", r.Status, axShort(r.Body))
	}
	page := "/t/" + itoa(th.ID) + "/" + th.Slug
	r = e.axSignedIn(mod).get(page)
	if r.Status != http.StatusOK || axByID(axParseHTML(t, r.Body), "duplicates-title") != nil {
		t.Errorf("thread page for a moderator while search is down: %d", r.Status)
	}

	// The rest of the forum works: lists, the ask page, answering by form
	// and by API, asking by API.
	bb := e.axSignedIn(ben)
	for _, path := range []string{"/", "/c/internet", "/tag/router", page, "/ask"} {
		if r := bb.get(path); r.Status != http.StatusOK {
			t.Errorf("GET %s while search is down: %d", path, r.Status)
		}
	}
	r = bb.post("/t/"+itoa(th.ID)+"/answer", url.Values{"body": {"Replace the DSL filter, it fixed the same thing here."}})
	if r.Status != http.StatusSeeOther {
		t.Errorf("answer by form while search is down: %d %s", r.Status, axShort(r.Body))
	}
	ba := e.axAPI(ben)
	if r := ba.call(http.MethodPost, "/api/v1/threads/"+itoa(th.ID)+"/posts", map[string]string{"body": "Also update the router firmware to the May release."}, nil); r.Status != http.StatusCreated {
		t.Errorf("answer by API while search is down: %d %s", r.Status, axShort(r.Body))
	}
	if r := ba.call(http.MethodPost, "/api/v1/threads", map[string]any{"category": "internet", "title": "Modem loses sync at night", "body": "Every night at 3 am the modem loses sync."}, nil); r.Status != http.StatusCreated {
		t.Errorf("ask by API while search is down: %d %s", r.Status, axShort(r.Body))
	}
	var got struct {
		Thread struct {
			AnswerCount int `json:"answer_count"`
		} `json:"thread"`
	}
	r = ba.call(http.MethodGet, "/api/v1/threads/"+itoa(th.ID), nil, &got)
	if r.Status != http.StatusOK || got.Thread.AnswerCount != 2 {
		t.Errorf("thread after two answers: %d, %d answers\n%s", r.Status, got.Thread.AnswerCount, axShort(r.Body))
	}
	if !e.Idx.NeedsRebuild() {
		t.Error("the index was built behind the test's back")
	}
}
