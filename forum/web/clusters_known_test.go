package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/cluster"
)

// clManualKnownIssue opens a known issue about the Nordbox problem by
// hand, as staff do before any cluster, and links two reports to it.
func (w *clWorld) clManualKnownIssue(t *testing.T) (*forum.KnownIssue, []*forum.Thread) {
	t.Helper()
	ctx := context.Background()
	k, err := w.e.Svc.CreateKnownIssue(ctx, w.anna, forum.KnownIssueInput{Category: "internet",
		Title: "Nordbox 5: WLAN bricht seit Firmware 7.58 ab", Body: clNordboxBody})
	if err != nil {
		t.Fatal(err)
	}
	reports := []*forum.Thread{w.report(w.member(), 0), w.report(w.member(), 1)}
	for _, r := range reports {
		if err := w.e.Svc.LinkReport(ctx, w.anna, k.Thread.ID, r.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	return k, reports
}

// TestClusterSuggestsNewReportsOfAKnownIssue: a new report that resembles
// a known issue staff opened by hand is offered on the dashboard ("new
// reports match: link them"), not raised as a widespread problem; linking
// it from there links it; an unrelated question is not offered; and the
// next pass does not offer it again.
func TestClusterSuggestsNewReportsOfAKnownIssue(t *testing.T) {
	w := newClWorld(t)
	k, _ := w.clManualKnownIssue(t)
	// Days later, so the linked reports are out of the window.
	w.clock.add(48 * 60 * 60 * 1e9)
	fresh := w.report(w.member(), 5)
	unrelated := w.e.sxAsk(w.member(), "internet", clUnrelated[1].title, clUnrelated[1].body)

	pass := w.detect()
	if len(pass.Raised) != 0 {
		t.Errorf("a known problem's new report was raised as a widespread problem: %+v", pass.Raised)
	}
	list := w.clusters("")
	if len(list) != 1 {
		t.Fatalf("%d clusters, want the known issue's suggestions", len(list))
	}
	c := list[0]
	if c.Status != cluster.StatusConfirmed || c.KnownIssue == nil || *c.KnownIssue != k.Thread.ID || c.Unlinked != 1 {
		t.Fatalf("suggestions: %+v", c)
	}
	if ids := c.threadIDs(); len(ids) != 1 || ids[0] != fresh.ID {
		t.Errorf("suggested threads %v, want only %d (not the unrelated %d)", ids, fresh.ID, unrelated.ID)
	}
	if w.audited("cluster.")["cluster.suggest"] != 1 {
		t.Errorf("audit: %v", w.audited("cluster."))
	}
	b := w.e.axSignedIn(w.berta)
	page := b.get("/staff/clusters")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "1 neue Meldung passt dazu") ||
		!strings.Contains(page.Body, "Neue Meldungen, die der bekannten Störung") {
		t.Fatalf("dashboard in German: %d, suggestion not shown", page.Status)
	}
	r := b.post("/staff/clusters/"+itoa(c.ID)+"/merge", url.Values{"known_issue": {itoa(k.Thread.ID)}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("link them: %d %s", r.Status, r.Body)
	}
	linked := w.known(k.Thread.ID)
	found := false
	for _, rep := range linked.Reports {
		found = found || rep.ID == fresh.ID
	}
	if !found || len(linked.Reports) != 3 {
		t.Errorf("after linking: reports %+v, want the two and the new one", linked.Reports)
	}
	// Another pass offers nothing new.
	w.detect()
	if again := w.clusters(""); len(again) != 1 || again[0].Unlinked != 0 {
		t.Errorf("after another pass: %+v", again)
	}
}

// TestClusterAutoLinksNewReportsOfAKnownIssue: with automatic links, the
// new report is linked by the pass itself, audited as the system's, and
// its asker told once.
func TestClusterAutoLinksNewReportsOfAKnownIssue(t *testing.T) {
	w := newClWorld(t)
	w.e.Svc.SetClusterConfig(cluster.DefaultConfig, true)
	k, _ := w.clManualKnownIssue(t)
	w.clock.add(48 * 60 * 60 * 1e9)
	asker := w.member()
	fresh := w.report(asker, 5)
	w.detect()
	w.detect()
	linked := w.known(k.Thread.ID)
	if len(linked.Reports) != 3 {
		t.Fatalf("reports %+v, want the new one linked too; clusters %+v; audit %v", linked.Reports, w.clusters(""), w.audited(""))
	}
	ctx := context.Background()
	if v, err := w.e.Svc.Thread(ctx, asker, fresh.ID); err != nil || v.Thread.ID != fresh.ID {
		t.Fatalf("the asker's thread: %v", err)
	}
	ns, _, err := w.e.Svc.Notifications(ctx, asker, 1)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == forum.NotifyLinked {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the asker got %d link notifications, want 1", n)
	}
	if a := w.audited("known_issue.link"); a["known_issue.link"] != 3 {
		t.Errorf("audit: %v, want two manual links and one automatic", a)
	}
}
