package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// atAdvance moves the service's clock forward.
func atAdvance(e *env, d time.Duration) {
	e.mu.Lock()
	e.ahead += d
	e.mu.Unlock()
}

func atQueue(t *testing.T, e *env, staff *forum.User) map[int64]forum.AttentionItem {
	t.Helper()
	items, total, err := e.Svc.NeedsAttention(context.Background(), staff, 1)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(items) {
		t.Fatalf("total %d for %d items", total, len(items))
	}
	out := map[int64]forum.AttentionItem{}
	for _, it := range items {
		out[it.Thread.ID] = it
	}
	return out
}

// TestNeedsAttentionTiming: an unanswered question enters the staff's queue
// when its category's target passes and leaves with the first answer; "I
// still need help" puts an answered one back until staff answer.
func TestNeedsAttentionTiming(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	anna := e.user("anna", forum.RoleStaff)

	late := e.ask(sabine, "internet", "Router drops the line every evening")
	helped := e.ask(sabine, "internet", "Wi-Fi drops on the 5 GHz band")
	e.answer(peter, helped.ID)

	atAdvance(e, 11*time.Hour)
	if q := atQueue(t, e, anna); len(q) != 0 {
		t.Fatalf("before the target: %d waiting", len(q))
	}
	atAdvance(e, 2*time.Hour)
	q := atQueue(t, e, anna)
	it, ok := q[late.ID]
	if !ok || it.NeedsHelp || len(q) != 1 {
		t.Fatalf("13 hours after asking, the unanswered thread should wait alone: %+v", q)
	}
	if it.Overdue(e.Svc.Now()) < time.Hour {
		t.Errorf("overdue %v, want about an hour", it.Overdue(e.Svc.Now()))
	}

	// Pressing "I still need help" on the answered thread.
	if _, err := e.Svc.AskForHelp(ctx, peter, helped.ID); forum.ErrorKind(err) != forum.Forbidden {
		t.Errorf("help by someone else: %v", err)
	}
	b := e.axSignedIn(sabine)
	b.get(threadPath(helped))
	if r := b.post("/t/"+itoa(helped.ID)+"/help", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("help: %d", r.Status)
	}
	if r := b.get(threadPath(helped)); !strings.Contains(r.Body, axStr(t, "en", "help.waiting", "", 12)[:40]) {
		t.Error("the thread page does not say that the asker asked for help")
	}
	if q := atQueue(t, e, anna); !q[helped.ID].NeedsHelp {
		t.Fatal("the thread is not in the queue after help was asked for")
	}
	e.answer(peter, helped.ID) // a member's answer is not the staff's
	if _, ok := atQueue(t, e, anna)[helped.ID]; !ok {
		t.Error("a member's answer took the thread out of the staff queue")
	}
	if _, err := e.Svc.Answer(ctx, anna, helped.ID, "Support here: please send us the router's event log."); err != nil {
		t.Fatal(err)
	}
	if _, ok := atQueue(t, e, anna)[helped.ID]; ok {
		t.Error("a staff answer did not take the thread out of the queue")
	}
	e.answer(peter, late.ID)
	if q := atQueue(t, e, anna); len(q) != 0 {
		t.Errorf("after both were answered: %d waiting", len(q))
	}
}

// TestClaimsAndQueueAccess: staff claim a thread and the customer sees who;
// only staff read the queue.
func TestClaimsAndQueueAccess(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 1)
	sabine := e.user("sabine", forum.RoleMember)
	mod := e.user("mod1", forum.RoleModerator)
	anna := e.user("anna", forum.RoleStaff)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	atAdvance(e, 2*time.Hour)

	for who, u := range map[string]*forum.User{"a member": sabine, "a moderator": mod} {
		if r := e.axSignedIn(u).get("/staff/attention"); r.Status != http.StatusForbidden {
			t.Errorf("%s opens the staff queue: %d", who, r.Status)
		}
		if r := e.axAPI(u).call(http.MethodPut, "/api/v1/threads/"+itoa(th.ID)+"/claim", nil, nil); r.Status != http.StatusForbidden {
			t.Errorf("%s claims: %d", who, r.Status)
		}
	}
	sb := e.axSignedIn(anna)
	r := sb.get("/staff/attention")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, th.Title) {
		t.Fatalf("the staff queue does not list the late thread (%d)", r.Status)
	}
	if r := sb.post("/t/"+itoa(th.ID)+"/claim", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d", r.Status)
	}
	notice := axStr(t, "en", "claim.notice", "anna")
	if r := e.browser().get(threadPath(th)); !strings.Contains(r.Body, notice) {
		t.Error("a guest does not see who is looking at the thread")
	}
	var got struct {
		Thread struct {
			ClaimedBy string `json:"claimed_by"`
		} `json:"thread"`
	}
	e.api("").call(http.MethodGet, "/api/v1/threads/"+itoa(th.ID), nil, &got)
	if got.Thread.ClaimedBy != "anna" {
		t.Errorf("API claimed_by %q", got.Thread.ClaimedBy)
	}
	if r := e.axAPI(anna).call(http.MethodDelete, "/api/v1/threads/"+itoa(th.ID)+"/claim", nil, nil); r.Status != http.StatusOK {
		t.Errorf("release: %d", r.Status)
	}
	if r := e.browser().get(threadPath(th)); strings.Contains(r.Body, notice) {
		t.Error("the claim shows after it was released")
	}
	entries, _, err := e.Mod.AuditLog(context.Background(), anna, modAuditAll())
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, en := range entries {
		actions = append(actions, en.Action)
	}
	if s := strings.Join(actions, " "); !strings.Contains(s, "thread.unclaim thread.claim") {
		t.Errorf("audit log %q lacks the claim and its release", s)
	}
}

func modAuditAll() moderation.AuditFilter { return moderation.AuditFilter{TargetType: "thread"} }
