package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// TestKnownIssueLifecycle: staff open a known issue, link reports (twice:
// idempotent), the reports show the banner, a status change tells each
// affected person once and not the actor, and every step is audited.
func TestKnownIssueLifecycle(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	olga := e.user("olga", forum.RoleMember)
	hans := e.user("hans", forum.RoleMember)
	anna := e.user("anna", forum.RoleStaff)
	r1 := e.ask(sabine, "internet", "Router drops the line every evening")
	r2 := e.ask(peter, "internet", "DSL sync lost every evening since the update")
	r3 := e.ask(sabine, "internet", "Line drops again tonight, third time")
	if _, err := e.Svc.MeToo(ctx, olga, r1.ID, true); err != nil {
		t.Fatal(err)
	}

	if _, err := e.Svc.CreateKnownIssue(ctx, peter, forum.KnownIssueInput{Category: "internet", Title: "A member cannot open one",
		Body: "Members may not open known issues."}); forum.ErrorKind(err) != forum.Forbidden {
		t.Fatalf("a member opened a known issue: %v", err)
	}
	api := e.axAPI(anna)
	var k struct {
		Thread struct {
			ID int64 `json:"id"`
		} `json:"thread"`
		Affected int `json:"affected"`
	}
	r := api.call(http.MethodPost, "/api/v1/known-issues", map[string]any{"category": "internet",
		"title": "Evening line drops in the north after the update", "body": "Since Monday evening many lines drop between 19 and 22.",
		"threads": []int64{r1.ID, r2.ID}}, &k)
	if r.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	ki := k.Thread.ID
	// sabine, peter (askers), olga (me too on r1): 3 people.
	if k.Affected != 3 {
		t.Errorf("affected = %d, want 3", k.Affected)
	}
	for range 2 { // idempotent: the second link changes nothing
		if r := api.call(http.MethodPost, "/api/v1/known-issues/"+itoa(ki)+"/links", map[string]any{"thread_id": r3.ID}, &k); r.Status != http.StatusOK {
			t.Fatalf("link: %d %s", r.Status, r.Body)
		}
	}
	if k.Affected != 3 { // sabine asked r3 too: still 3
		t.Errorf("affected after linking sabine's second report = %d, want 3", k.Affected)
	}
	if _, err := e.Svc.MeToo(ctx, hans, ki, true); err != nil {
		t.Fatal(err)
	}
	var list struct {
		Known []struct {
			Affected int `json:"affected"`
		} `json:"known_issues"`
	}
	if e.api("").call(http.MethodGet, "/api/v1/known-issues", nil, &list); len(list.Known) != 1 || list.Known[0].Affected != 4 {
		t.Errorf("the list counts %+v, want one issue with 4 affected (sabine, peter, olga, hans)", list.Known)
	}

	// The banner on a linked report, and the known issue's page.
	if r := e.browser().get(threadPath(r1)); !strings.Contains(r.Body, axStr(t, "en", "known.banner")) {
		t.Error("no known-issue banner on a linked report")
	}
	if r := e.browser().get("/known-issues"); !strings.Contains(r.Body, "Evening line drops in the north") {
		t.Error("the known issues page does not list it")
	}
	fetchAtom(t, e, "/known-issues/feed.atom")

	// A status change from the page tells everyone affected, once.
	ntKinds(t, e, ki) // earlier news out of the way
	ntKinds(t, e, r1.ID)
	b := e.axSignedIn(anna)
	b.get("/t/" + itoa(ki))
	if r := b.post("/t/"+itoa(ki)+"/known-status", url.Values{"status": {"identified"}, "note": {"A faulty line card; a fix is being rolled out."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("status: %d %s", r.Status, r.Body)
	}
	got := ntKinds(t, e, ki, sabine, peter, olga, hans, anna)
	for _, who := range []string{"sabine", "peter", "olga", "hans"} {
		n := 0
		for _, kind := range got[who] {
			if kind == forum.NotifyKnownIssue {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s got %d status notifications (%v), want 1", who, n, got[who])
		}
	}
	for _, kind := range got["anna"] {
		if kind == forum.NotifyKnownIssue {
			t.Error("the staff member who changed the status was notified")
		}
	}
	if _, err := e.Svc.UpdateKnownIssue(ctx, anna, ki, forum.KnownIssueChange{Status: "resolved"}); forum.ErrorKind(err) != forum.Invalid {
		t.Errorf("an unknown status: %v", err)
	}

	// Unlink, and the audit trail.
	if r := api.call(http.MethodDelete, "/api/v1/known-issues/"+itoa(ki)+"/links/"+itoa(r2.ID), nil, &k); r.Status != http.StatusOK {
		t.Fatalf("unlink: %d", r.Status)
	}
	if r := e.browser().get(threadPath(r2)); strings.Contains(r.Body, axStr(t, "en", "known.banner")) {
		t.Error("the banner stays after unlinking")
	}
	entries, _, err := e.Mod.AuditLog(ctx, anna, moderation.AuditFilter{Action: "known_issue."})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, en := range entries {
		actions = append(actions, en.Action)
	}
	if s := strings.Join(actions, " "); s != "known_issue.unlink known_issue.status known_issue.link known_issue.link known_issue.link known_issue.create" {
		t.Errorf("audit: %q", s)
	}
}

// TestAskSuggestsKnownIssue: a draft like a linked report brings up the
// open known issue first, and the ask page offers "me too" on it.
func TestAskSuggestsKnownIssue(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	olga := e.user("olga", forum.RoleMember)
	anna := e.user("anna", forum.RoleStaff)
	report := e.sxAsk(sabine, "internet", "Router loses DSL sync every evening at eight",
		"Every evening at about eight the DSL light blinks and the router loses sync for a minute.")
	e.sxFillers(sabine, "internet", 10)
	k, err := e.Svc.CreateKnownIssue(ctx, anna, forum.KnownIssueInput{Category: "internet",
		Title: "Evening DSL outages in the north", Body: "A line card in the exchange fails in the evening."})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.LinkReport(ctx, anna, k.Thread.ID, report.ID, true); err != nil {
		t.Fatal(err)
	}
	e.searchable()
	var got struct {
		Known []struct {
			Thread struct {
				ID int64 `json:"id"`
			} `json:"thread"`
			Affected int `json:"affected"`
		} `json:"known_issues"`
	}
	r := e.axAPI(olga).call(http.MethodGet, "/api/v1/similar?title="+url.QueryEscape("DSL sync lost every evening around eight"), nil, &got)
	if r.Status != http.StatusOK || len(got.Known) != 1 || got.Known[0].Thread.ID != k.Thread.ID || got.Known[0].Affected != 1 {
		t.Fatalf("similar: %d %+v", r.Status, got)
	}
	if r := e.axSignedIn(olga).get("/ask"); !strings.Contains(r.Body, `data-metoo="`) {
		t.Error("the ask page lacks the known-issue strings for the script")
	}
	// Search puts it above the results too.
	if r := e.browser().get("/search?q=" + url.QueryEscape("DSL sync evening")); !strings.Contains(r.Body, axStr(t, "en", "known.banner")) ||
		!strings.Contains(r.Body, "Evening DSL outages in the north") {
		t.Error("search does not show the matching known issue first")
	}
}

// TestKnownIssueEdges: a merged report keeps its people linked, a known
// issue cannot be merged away, a hidden one shows no banner and takes no
// links, and the same status twice is no second notification.
func TestKnownIssueEdges(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	olga := e.user("olga", forum.RoleMember)
	anna := e.user("anna", forum.RoleStaff)
	mod := e.user("mod1", forum.RoleModerator)
	a := e.ask(sabine, "internet", "Router drops the line every evening")
	b := e.ask(peter, "internet", "DSL sync lost every evening since the update")
	if _, err := e.Svc.MeToo(ctx, olga, a.ID, true); err != nil {
		t.Fatal(err)
	}
	k, err := e.Svc.CreateKnownIssue(ctx, anna, forum.KnownIssueInput{Category: "internet",
		Title: "Evening DSL outages in the north", Body: "A line card in the exchange fails in the evening."})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Svc.LinkReport(ctx, anna, k.Thread.ID, a.ID, true); err != nil {
		t.Fatal(err)
	}
	// Merging the linked report a into b: b carries the link, olga counts.
	if _, err := e.Mod.Merge(ctx, mod, a.ID, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	got, err := e.Svc.KnownIssue(ctx, anna, k.Thread.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Affected != 3 { // sabine (asker of a, now "me too" on b), peter (asker of b), olga
		t.Errorf("after merging a linked report: %d affected, want 3", got.Affected)
	}
	if lk, _ := e.Svc.LinkedKnownIssue(ctx, b.ID); lk == nil {
		t.Error("the merge target does not carry the known issue's banner")
	}
	// The known issue itself cannot be merged away.
	if _, err := e.Mod.Merge(ctx, mod, k.Thread.ID, b.ID, ""); forum.AsError(err).Code != "error.merge_known" {
		t.Errorf("merging a known issue: %v", err)
	}
	// The same status twice: one notification.
	for range 2 {
		if _, err := e.Svc.UpdateKnownIssue(ctx, anna, k.Thread.ID, forum.KnownIssueChange{Status: "identified"}); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, kind := range ntKinds(t, e, k.Thread.ID, olga)["olga"] {
		if kind == forum.NotifyKnownIssue {
			n++
		}
	}
	if n != 1 {
		t.Errorf("olga got %d status notifications for one change made twice", n)
	}
	// Hidden: no banner, no new links.
	if _, err := e.Mod.ActOnThread(ctx, mod, k.Thread.ID, moderation.ThreadActionInput{Action: "hide", Reason: "Wrong region"}); err != nil {
		t.Fatal(err)
	}
	if lk, _ := e.Svc.LinkedKnownIssue(ctx, b.ID); lk != nil {
		t.Error("a hidden known issue still shows its banner")
	}
	c := e.ask(olga, "internet", "Line drops at eight every evening")
	if err := e.Svc.LinkReport(ctx, anna, k.Thread.ID, c.ID, true); forum.ErrorKind(err) != forum.Conflict {
		t.Errorf("linking to a hidden known issue: %v", err)
	}
}
