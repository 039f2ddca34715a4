package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// ntKinds delivers the queued notifications and returns, per username,
// the kinds they received for thread, in order.
func ntKinds(t *testing.T, e *env, threadID int64, users ...*forum.User) map[string][]string {
	t.Helper()
	ctx := context.Background()
	if _, err := e.Svc.DeliverNotifications(ctx); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, u := range users {
		ns, _, err := e.Svc.Notifications(ctx, u, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(ns) - 1; i >= 0; i-- {
			if ns[i].ThreadID == threadID {
				out[u.Username] = append(out[u.Username], ns[i].Kind)
			}
		}
	}
	return out
}

func ntWant(t *testing.T, step string, got map[string][]string, want map[string]string) {
	t.Helper()
	for name, kinds := range want {
		if g := strings.Join(got[name], " "); g != kinds {
			t.Errorf("%s: %s got %q, want %q", step, name, g, kinds)
		}
	}
}

// TestNotificationEvents: each event tells the right people, and never the
// one who caused it.
func TestNotificationEvents(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember) // asks
	peter := e.user("peter", forum.RoleMember)   // answers
	olga := e.user("olga", forum.RoleMember)     // says me too
	anna := e.user("anna", forum.RoleStaff)      // support
	quiet := e.user("quiet", forum.RoleMember)   // follows nothing
	all := []*forum.User{sabine, peter, olga, anna, quiet}

	th := e.ask(sabine, "internet", "Router drops the line every evening")
	if _, err := e.Svc.MeToo(ctx, olga, th.ID, true); err != nil {
		t.Fatal(err)
	}
	ans := e.answer(peter, th.ID)
	ntWant(t, "answer", ntKinds(t, e, th.ID, all...), map[string]string{"sabine": "answer", "olga": "answer", "peter": "", "anna": "", "quiet": ""})

	if _, err := e.Svc.Answer(ctx, anna, th.ID, "Support here: we are looking at the line in your area."); err != nil {
		t.Fatal(err)
	}
	ntWant(t, "staff answer", ntKinds(t, e, th.ID, all...), map[string]string{
		"sabine": "answer staff_answer", "olga": "answer staff_answer", "peter": "staff_answer", "anna": ""})

	if _, _, err := e.Svc.AddComment(ctx, olga, ans.ID, "Did that help you too?"); err != nil {
		t.Fatal(err)
	}
	ntWant(t, "comment", ntKinds(t, e, th.ID, all...), map[string]string{"peter": "staff_answer comment", "olga": "answer staff_answer"})

	if _, err := e.Svc.Accept(ctx, sabine, th.ID, ans.ID); err != nil {
		t.Fatal(err)
	}
	ntWant(t, "accept", ntKinds(t, e, th.ID, all...), map[string]string{
		"peter": "staff_answer comment accepted", "olga": "answer staff_answer solved",
		"anna": "solved", "sabine": "answer staff_answer", "quiet": ""})

	// Stopping: olga unfollows and hears nothing more.
	if err := e.Svc.Follow(ctx, olga, th.ID, false); err != nil {
		t.Fatal(err)
	}
	e.answer(quiet, th.ID)
	ntWant(t, "after unfollow", ntKinds(t, e, th.ID, olga, sabine), map[string]string{
		"olga": "answer staff_answer solved", "sabine": "answer staff_answer answer"})

	// New questions reach the followers of the category and the tags,
	// once each, and not the asker.
	if _, err := e.Svc.FollowCategory(ctx, quiet, "internet", true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.FollowTag(ctx, quiet, "wifi", true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.FollowTag(ctx, olga, "wifi", true); err != nil {
		t.Fatal(err)
	}
	nt, _, err := e.Svc.Ask(ctx, olga, forum.AskInput{CategorySlug: "internet", Title: "Wi-Fi drops on the 5 GHz band",
		Body: "Since the update my 5 GHz Wi-Fi drops every few minutes.", Tags: []string{"wifi"}})
	if err != nil {
		t.Fatal(err)
	}
	ntWant(t, "new thread", ntKinds(t, e, nt.ID, all...), map[string]string{"quiet": "new_thread", "olga": "", "sabine": ""})
}

// TestNotificationsRespectAccess: a suspended follower hears nothing, and
// a held answer is announced only once it is approved.
func TestNotificationsRespectAccess(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	olga := e.user("olga", forum.RoleMember)
	mod := e.user("mod1", forum.RoleModerator)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	if _, err := e.Svc.MeToo(ctx, olga, th.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.ActOnPerson(ctx, mod, "olga", moderation.PersonInput{Action: "suspend", Days: 3, Reason: "Spam."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.SetSpamWords(ctx, e.admin(), []string{"casino"}); err != nil {
		t.Fatal(err)
	}
	held, err := e.Svc.Answer(ctx, peter, th.ID, "Try the casino router, it never drops the line.")
	if err != nil {
		t.Fatal(err)
	}
	if held.HiddenAt == nil {
		t.Fatal("the answer with a spam word was not held")
	}
	ntWant(t, "held", ntKinds(t, e, th.ID, sabine, olga), map[string]string{"sabine": "", "olga": ""})
	if err := e.Mod.Review(ctx, mod, held.ID, moderation.ReviewInput{Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	ntWant(t, "approved", ntKinds(t, e, th.ID, sabine, olga), map[string]string{"sabine": "answer", "olga": ""})
}

// TestNotificationFanOutIsQueued: answering a thread with 10,000 followers
// only queues a job; the notifier then tells all of them in one delivery.
func TestNotificationFanOutIsQueued(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 followers")
	}
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	if _, err := e.Svc.DeliverNotifications(ctx); err != nil { // the new question's job
		t.Fatal(err)
	}

	raw := e.DB.Raw()
	const followers = 10000
	tx, err := raw.Begin()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UnixMilli()
	for i := range followers {
		id, err := tx.InsertID(`INSERT INTO users (username, email, password_hash, created_at) VALUES (?, ?, 'x', ?)`,
			fmt.Sprintf("f%05d", i), fmt.Sprintf("f%05d@example.com", i), now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO subscriptions (thread_id, user_id, created_at) VALUES (?, ?, ?)`, th.ID, id, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	// The answer through the real route: it returns with the job queued,
	// nothing fanned out.
	b := e.axSignedIn(peter)
	b.get(threadPath(th))
	if r := b.post("/t/"+itoa(th.ID)+"/answer", url.Values{"body": {"Check the splitter first, then the cable."}}); r.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d", r.Status)
	}
	if n, err := e.DB.PendingNotifyJobs(ctx); err != nil || n != 1 {
		t.Fatalf("pending jobs after the answer: %d %v, want 1", n, err)
	}
	start := time.Now()
	if _, err := e.Svc.DeliverNotifications(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("fanned out to %d followers in %v", followers+1, time.Since(start))
	var n int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM notifications WHERE thread_id = ? AND kind = 'answer'`, th.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != followers+1 { // the followers and the asker
		t.Errorf("%d notifications, want %d", n, followers+1)
	}
	if left, _ := e.DB.PendingNotifyJobs(ctx); left != 0 {
		t.Errorf("%d jobs left after delivery", left)
	}
}

// TestFollowButtons: the thread and list pages follow and stop following.
func TestFollowButtons(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	sabine := e.user("sabine", forum.RoleMember)
	olga := e.user("olga", forum.RoleMember)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	b := e.axSignedIn(olga)
	if r := b.get(threadPath(th)); !strings.Contains(r.Body, `action="/t/`+itoa(th.ID)+`/follow"`) {
		t.Fatal("no follow button on the thread page")
	}
	if r := b.post("/t/"+itoa(th.ID)+"/follow", url.Values{"on": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("follow: %d", r.Status)
	}
	if ok, _ := e.DB.IsSubscribed(context.Background(), th.ID, olga.ID); !ok {
		t.Error("following did not subscribe")
	}
	if r := b.post("/t/"+itoa(th.ID)+"/follow", url.Values{"on": {"0"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("unfollow: %d", r.Status)
	}
	if ok, _ := e.DB.IsSubscribed(context.Background(), th.ID, olga.ID); ok {
		t.Error("unfollowing left the subscription")
	}
	b.get("/c/internet")
	if r := b.post("/c/internet/follow", url.Values{"on": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("follow category: %d", r.Status)
	}
	if r := b.get("/c/internet"); !strings.Contains(r.Body, `aria-pressed="true"`) {
		t.Error("the category page does not show that it is followed")
	}
	api := e.axAPI(olga)
	if r := api.call(http.MethodPut, "/api/v1/tags/"+url.PathEscape("Not A Tag!")+"/subscription", nil, nil); r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusNotFound {
		t.Errorf("following a malformed tag: %d", r.Status)
	}
}

// TestNotifierRests: delivering notifications does not fire the commit
// hook, or a notifier kicked by its own commits would spin forever.
func TestNotifierRests(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	e.answer(peter, th.ID)
	var mu sync.Mutex
	kicks := 0
	e.DB.OnCommit(func() { mu.Lock(); kicks++; mu.Unlock() })
	defer e.DB.OnCommit(e.Idx.Kick)
	for range 3 {
		if _, err := e.Svc.DeliverNotifications(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if kicks != 0 {
		t.Errorf("delivering fired the commit hook %d times", kicks)
	}
}

// TestPendingJobsFollowChanges: a job waiting for delivery follows what
// happened meanwhile: an accept changed before delivery tells only the
// answer accepted now, and a merge sends the news to the target's
// followers.
func TestPendingJobsFollowChanges(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	olga := e.user("olga", forum.RoleMember)
	mod := e.user("mod1", forum.RoleModerator)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	a1, a2 := e.answer(peter, th.ID), e.answer(olga, th.ID)
	ntKinds(t, e, th.ID) // deliver what is there
	if _, err := e.Svc.Accept(ctx, sabine, th.ID, a1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.Accept(ctx, sabine, th.ID, a2.ID); err != nil {
		t.Fatal(err)
	}
	got := ntKinds(t, e, th.ID, peter, olga)
	if strings.Contains(strings.Join(got["peter"], " "), "accepted") || !strings.Contains(strings.Join(got["olga"], " "), "accepted") {
		t.Errorf("after a changed accept: %v", got)
	}

	// A merge before delivery: the answer on A reaches B's followers.
	b := e.ask(olga, "internet", "DSL sync lost every evening since the update")
	ntKinds(t, e, b.ID)
	a := e.ask(sabine, "internet", "Line drops at eight every evening")
	e.answer(peter, a.ID)
	if _, err := e.Mod.Merge(ctx, mod, a.ID, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	got = ntKinds(t, e, b.ID, olga, sabine)
	if !strings.Contains(strings.Join(got["olga"], " "), "answer") {
		t.Errorf("the answer pending on the merged thread did not reach the target's asker: %v", got)
	}
}

// TestAttentionQueueEdges: the asker's own follow-up does not count as an
// answer, a locked thread leaves the queue, and a staff answer that is
// deleted puts a thread that asked for help back.
func TestAttentionQueueEdges(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 1)
	ctx := context.Background()
	sabine := e.user("sabine", forum.RoleMember)
	peter := e.user("peter", forum.RoleMember)
	anna := e.user("anna", forum.RoleStaff)
	mod := e.user("mod1", forum.RoleModerator)
	th := e.ask(sabine, "internet", "Router drops the line every evening")
	locked := e.ask(sabine, "internet", "Wi-Fi drops on the 5 GHz band")
	atAdvance(e, 2*time.Hour)
	if _, err := e.Svc.Answer(ctx, sabine, th.ID, "Any news? It still drops every evening at eight."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.ActOnThread(ctx, mod, locked.ID, moderation.ThreadActionInput{Action: "lock"}); err != nil {
		t.Fatal(err)
	}
	q := atQueue(t, e, anna)
	if _, ok := q[th.ID]; !ok {
		t.Error("the asker's own follow-up took the thread out of the queue")
	}
	if _, ok := q[locked.ID]; ok {
		t.Error("a locked thread waits in the queue")
	}
	e.answer(peter, th.ID)
	if _, err := e.Svc.AskForHelp(ctx, sabine, th.ID); err != nil {
		t.Fatal(err)
	}
	staff, err := e.Svc.Answer(ctx, anna, th.ID, "Support here: we are checking the line in your street.")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := atQueue(t, e, anna)[th.ID]; ok {
		t.Fatal("the staff answer did not take the thread out")
	}
	if _, _, err := e.Svc.DeletePost(ctx, mod, staff.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := atQueue(t, e, anna)[th.ID]; !ok {
		t.Error("after the staff answer was deleted the thread did not come back")
	}
}
