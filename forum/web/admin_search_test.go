package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

// TestAdminSearchWords: an admin adds a product name to the compound
// dictionary on /admin/search; the index is rebuilt with it and a compound
// made with that name is found by its parts. Bad words are refused with the
// text kept; members may not touch the list.
func TestAdminSearchWords(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	admin := e.user("admin1", forum.RoleAdmin)
	member := e.user("sabine", forum.RoleMember)
	th, _, err := e.Svc.Ask(context.Background(), member, forum.AskInput{CategorySlug: "internet",
		Title: "Der Nordboxrouter startet ständig neu", Body: "Seit gestern startet mein Nordboxrouter jede Stunde neu."})
	if err != nil {
		t.Fatal(err)
	}
	e.searchable()
	found := func(q string) bool {
		res, err := e.Svc.Search(context.Background(), nil, forum.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		return res.Mode == "all" && len(res.Hits) == 1 && res.Hits[0].Thread.ID == th.ID
	}
	if found("Nordbox") {
		t.Fatal("Nordbox found the compound before the word was added; the test proves nothing")
	}

	b := e.axSignedIn(admin)
	r := b.post("/admin/search", url.Values{"words": {"# our products\nNordbox\n\nnordbox\n"}, "csrf": {b.csrf()}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "rebuilding=1") {
		t.Fatalf("save words: %d %s", r.Status, r.Location)
	}
	if r := b.get(r.Location); r.Status != http.StatusOK || !strings.Contains(r.Body, "nordbox") || strings.Contains(r.Body, "# our products") {
		t.Fatalf("the page does not show the stored words: %d", r.Status)
	}
	e.searchable()
	if !found("Nordbox") || !found("Router") {
		t.Error("after the rebuild, the compound is not found by its parts")
	}

	// Saving the same list again changes nothing and rebuilds nothing.
	r = b.post("/admin/search", url.Values{"words": {"nordbox"}, "csrf": {b.csrf()}})
	if r.Status != http.StatusSeeOther || strings.Contains(r.Location, "rebuilding") {
		t.Errorf("an unchanged list: %d %s", r.Status, r.Location)
	}

	// A bad word is refused in the admin's language, with the text kept.
	bad := "nordbox\nfritz!box"
	r = b.axLang("de").post("/admin/search", url.Values{"words": {bad}, "csrf": {b.csrf()}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "fritz!box") || !strings.Contains(r.Body, "ist kein Wort") {
		t.Errorf("bad word: %d", r.Status)
	}
	if words, _ := e.Svc.SearchWords(context.Background(), admin); len(words) != 1 || words[0] != "nordbox" {
		t.Errorf("a refused list changed the stored words: %v", words)
	}

	// Members see neither the page nor may they post to it.
	mb := e.axSignedIn(member)
	if r := mb.get("/admin/search"); r.Status != http.StatusForbidden {
		t.Errorf("member GET: %d", r.Status)
	}
	if r := mb.post("/admin/search", url.Values{"words": {"evil"}, "csrf": {mb.csrf()}}); r.Status != http.StatusForbidden {
		t.Errorf("member POST: %d", r.Status)
	}
}
