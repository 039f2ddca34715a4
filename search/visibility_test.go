package search_test

import (
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

// TestInvisibleThreadsNeverShow deletes, hides and merges threads in the
// database without letting the indexer run, so the index still holds them,
// and checks that Search, Similar and PossibleDuplicates leave them out;
// then the indexer catches up and the index forgets them too.
func TestInvisibleThreadsNeverShow(t *testing.T) {
	type thread struct{ title, body string }
	threads := map[string]thread{
		"deleted": {"Fax machine prints garbage characters", "Every incoming fax comes out as garbage characters and strange symbols on the paper."},
		"hidden":  {"Fax machine does not answer incoming calls", "The fax machine rings and rings but never picks up the incoming calls at all."},
		"merged":  {"Fax machine rings but no fax ever arrives", "The fax line rings, the display shows receiving, but no fax ever arrives at the end."},
		"kept":    {"Fax machine sends only blank pages", "Whatever I put in, the fax machine sends blank pages to the other side."},
	}
	ids := map[string]int64{}
	var voicemail, secretAnswer int64
	e := newIndexedEnv(t, func(e *env) {
		for _, k := range []string{"deleted", "hidden", "merged", "kept"} {
			ids[k] = e.ask("", threads[k].title, threads[k].body).ID
		}
		voicemail = e.ask("mobile", "Voicemail PIN forgotten after the reset", "After the reset my voicemail asks for a PIN that I never set.").ID
		secretAnswer = e.answer(voicemail, "Try the code zebracode4711 from your welcome letter, it works for the voicemail.").ID
		e.answer(voicemail, "Call support and they will reset the voicemail PIN for you.")
	})
	gone := []string{"deleted", "hidden", "merged"}

	// Before: everything is found, so the checks below can fail.
	before := e.find("fax machine")
	for k, id := range ids {
		if !contains(hitIDs(before), id) {
			t.Fatalf("before: %s thread not found: %q", k, hitTitles(before))
		}
	}
	for _, k := range gone {
		sim, err := e.svc.Similar(e.ctx, nil, forum.Draft{Title: threads[k].title, Body: threads[k].body})
		if err != nil {
			t.Fatal(err)
		}
		if !similarHas(sim.Threads, ids[k]) {
			t.Fatalf("before: Similar to the %s thread does not find it: %v", k, similarTitles(sim.Threads))
		}
	}
	if res := e.find("zebracode4711"); !strings.Contains(snippetText(res), "zebracode4711") {
		t.Fatalf("before: answer text not in the snippets: %q", snippetText(res))
	}
	docsBefore := e.docCount()

	// The changes, as moderation routes would make them: each commits with
	// an outbox row, and nobody runs the indexer.
	view, err := e.svc.Thread(e.ctx, e.asker, ids["deleted"])
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.DeletePost(e.ctx, e.asker, view.Question.ID); err != nil {
		t.Fatal(err)
	}
	e.setThread(ids["hidden"], "hidden_at = ?", baseTime.UnixMilli())
	e.setThread(ids["merged"], "merged_into_id = ?", ids["kept"])
	if _, _, err := e.svc.DeletePost(e.ctx, e.helper, secretAnswer); err != nil {
		t.Fatal(err)
	}
	if n := e.docCount(); n != docsBefore {
		t.Fatalf("the index changed (%d -> %d docs) before anyone ran the indexer; the test is not about a stale index", docsBefore, n)
	}
	if e.lag() != 4 {
		t.Fatalf("lag %d, want the 4 changes", e.lag())
	}

	check := func(stage string) {
		t.Helper()
		for _, actor := range []*forum.User{nil, e.asker, e.mod} {
			for _, q := range []forum.SearchQuery{
				{Text: "fax machine"}, {Text: "fax"}, {Text: "garbage characters"}, {Text: "incoming calls"},
				{Text: "arrives"}, {Text: ""}, {Text: "fax", Sort: "newest"}, {Text: "fax", Status: "unanswered"},
				{Text: "fxa machien"}, // the fuzzy path loads hits the same way
			} {
				res, err := e.svc.Search(e.ctx, actor, q)
				if err != nil {
					t.Fatalf("%s: search %+v: %v", stage, q, err)
				}
				for _, k := range gone {
					if contains(hitIDs(res), ids[k]) {
						t.Errorf("%s: search %q as %v shows the %s thread", stage, q.Text, actor, k)
					}
				}
			}
		}
		for _, k := range append(gone, "kept") {
			sim, err := e.svc.Similar(e.ctx, nil, forum.Draft{Title: threads[k].title, Body: threads[k].body})
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range gone {
				if similarHas(sim.Threads, ids[g]) {
					t.Errorf("%s: Similar to %s shows the %s thread", stage, k, g)
				}
			}
		}
		dups, err := e.svc.PossibleDuplicates(e.ctx, e.mod, ids["kept"])
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gone {
			if similarHas(dups, ids[g]) {
				t.Errorf("%s: possible duplicates show the %s thread", stage, g)
			}
		}
		res := e.find("zebracode4711 voicemail")
		if strings.Contains(strings.ToLower(snippetText(res)), "zebracode") {
			t.Errorf("%s: a deleted answer's text is in the snippets: %q", stage, snippetText(res))
		}
	}

	check("stale")
	// The deleted answer's thread is still in the stale index, so its
	// snippets were built: the check above was not vacuous.
	if res := e.find("zebracode4711"); !contains(hitIDs(res), voicemail) {
		t.Errorf("stale: the voicemail thread should still be a hit, with its snippets loaded from the database")
	}

	e.catchUp()
	if n := e.docCount(); n != docsBefore-3 {
		t.Errorf("after catch-up: %d docs, want %d", n, docsBefore-3)
	}
	if e.lag() != 0 {
		t.Errorf("after catch-up: lag %d", e.lag())
	}
	check("caught up")
	if res := e.find("zebracode4711"); len(res.Hits) != 0 {
		t.Errorf("after catch-up: the deleted answer still finds %q", hitTitles(res))
	}

	// A rebuild from the database leaves them out as well.
	e.rebuild()
	if n := e.docCount(); n != docsBefore-3 {
		t.Errorf("after rebuild: %d docs, want %d", n, docsBefore-3)
	}
	check("rebuilt")
}

func similarHas(docs []forum.SimilarDoc, id int64) bool {
	for _, d := range docs {
		if d.Thread.ID == id {
			return true
		}
	}
	return false
}

func similarTitles(docs []forum.SimilarDoc) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Thread.Title
	}
	return out
}
