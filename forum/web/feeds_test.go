package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// atomDoc is the part of an Atom document RFC 4287 requires, read back.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

// fetchAtom gets a feed and checks what RFC 4287 requires of it: an id, a
// title and an RFC 3339 updated time on the feed and on every entry, an
// author and an alternate link on every entry, and unique entry ids.
func fetchAtom(t *testing.T, e *env, path string) atomDoc {
	t.Helper()
	r := e.browser().get(path)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, r.Status)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	var doc atomDoc
	if err := xml.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatalf("%s is not an Atom document: %v", path, err)
	}
	valid := func(what, id, title, updated string) {
		if id == "" || title == "" {
			t.Errorf("%s %s: id %q, title %q", path, what, id, title)
		}
		if _, err := time.Parse(time.RFC3339, updated); err != nil {
			t.Errorf("%s %s: updated %q is not RFC 3339", path, what, updated)
		}
	}
	valid("feed", doc.ID, doc.Title, doc.Updated)
	seen := map[string]bool{}
	for _, en := range doc.Entries {
		valid("entry "+en.ID, en.ID, en.Title, en.Updated)
		if seen[en.ID] {
			t.Errorf("%s: entry id %s twice", path, en.ID)
		}
		seen[en.ID] = true
		if en.Author.Name == "" || len(en.Links) == 0 || en.Links[0].Href == "" {
			t.Errorf("%s entry %s: no author or link", path, en.ID)
		}
	}
	return doc
}

func TestAtomFeeds(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	e.category("billing", 24)
	asker := e.user("sabine", forum.RoleMember)
	helper := e.user("peter", forum.RoleMember)
	mod := e.user("mod1", forum.RoleModerator)
	ctx := context.Background()
	th, _, err := e.Svc.Ask(ctx, asker, forum.AskInput{CategorySlug: "internet", Title: "Router drops the line every evening",
		Body: "Every evening at eight the line drops. <script>alert(1)</script> **bold**", Tags: []string{"dsl"}})
	if err != nil {
		t.Fatal(err)
	}
	e.answer(helper, th.ID)
	bill := e.ask(asker, "billing", "Charged twice for the same month")
	hiddenThread := e.ask(helper, "internet", "This thread will be hidden by a moderator")
	if _, err := e.Mod.ActOnThread(ctx, mod, hiddenThread.ID, moderation.ThreadActionInput{Action: "hide", Reason: "Personal data"}); err != nil {
		t.Fatal(err)
	}
	secret, err := e.Svc.Answer(ctx, helper, th.ID, "A secret answer a moderator hides: call 0151 1234567.")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Mod.Review(ctx, mod, secret.ID, moderation.ReviewInput{Decision: "hide"}); err == nil {
		t.Fatal("review of an unflagged post should be refused")
	}
	if _, err := e.Mod.Flag(ctx, mod, secret.ID, moderation.FlagInput{Reason: "abusive"}); err != nil {
		t.Fatal(err) // a moderator's flag hides at once
	}

	all := fetchAtom(t, e, "/feed.atom")
	titles := map[string]bool{}
	for _, en := range all.Entries {
		titles[en.Title] = true
	}
	if !titles[th.Title] || !titles[bill.Title] {
		t.Errorf("latest feed misses threads: %v", titles)
	}
	if titles[hiddenThread.Title] {
		t.Error("latest feed shows a hidden thread")
	}
	for _, en := range all.Entries {
		if en.Title == th.Title {
			if en.Content.Type != "html" || !strings.Contains(en.Content.Body, "<strong>bold</strong>") || strings.Contains(en.Content.Body, "<script") {
				t.Errorf("entry content is not the sanitised HTML: %q", en.Content.Body)
			}
		}
	}

	cat := fetchAtom(t, e, "/c/billing/feed.atom")
	if len(cat.Entries) != 1 || cat.Entries[0].Title != bill.Title {
		t.Errorf("billing feed: %+v", cat.Entries)
	}
	tag := fetchAtom(t, e, "/tag/dsl/feed.atom")
	if len(tag.Entries) != 1 || tag.Entries[0].Title != th.Title {
		t.Errorf("tag feed: %+v", tag.Entries)
	}

	thread := fetchAtom(t, e, "/t/"+itoa(th.ID)+"/feed.atom")
	if len(thread.Entries) != 2 {
		t.Errorf("thread feed has %d entries, want the question and the visible answer", len(thread.Entries))
	}
	for _, en := range thread.Entries {
		if strings.Contains(en.Content.Body, "0151") {
			t.Error("thread feed shows a hidden answer")
		}
	}
	if r := e.browser().get("/t/" + itoa(hiddenThread.ID) + "/feed.atom"); r.Status != http.StatusNotFound {
		t.Errorf("feed of a hidden thread: %d, want 404", r.Status)
	}
	if r := e.browser().get("/c/nosuch/feed.atom"); r.Status != http.StatusNotFound {
		t.Errorf("feed of an unknown category: %d, want 404", r.Status)
	}
	// Pages point to their feeds.
	if r := e.browser().get("/c/billing"); !strings.Contains(r.Body, `href="/c/billing/feed.atom"`) {
		t.Error("the category page does not link its feed")
	}
}
