package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// Moderation through the real router: the forms of the thread page, /mod,
// the merge picker, the profile and the audit log with their CSRF tokens,
// and the same actions through the JSON API with bearer tokens. Each test
// checks what the people involved see afterwards, and that the action is
// in the audit log.

// mdWorld is a forum with the people moderation involves.
type mdWorld struct {
	e                  *env
	asker, helper      *forum.User // members: one asks, one answers
	other              *forum.User // a member who reads and flags
	mod, staff, admin  *forum.User
	modPage, staffPage *browser
	modAPI, staffAPI   *api
}

func mdNewWorld(t *testing.T) *mdWorld {
	t.Helper()
	e := newEnv(t)
	e.category("internet", 12)
	e.category("billing", 24)
	w := &mdWorld{e: e}
	w.asker = e.user("sabine", forum.RoleMember)
	w.helper = e.user("peter", forum.RoleMember)
	w.other = e.user("olga", forum.RoleMember)
	w.mod = e.user("mod1", forum.RoleModerator)
	w.staff = e.user("anna", forum.RoleStaff)
	w.admin = e.user("admin1", forum.RoleAdmin)
	w.modPage, w.staffPage = e.axSignedIn(w.mod), e.axSignedIn(w.staff)
	w.modAPI, w.staffAPI = e.axAPI(w.mod), e.axAPI(w.staff)
	return w
}

// exec changes rows directly, for states no route reaches (an account's
// age).
func (w *mdWorld) exec(q string, args ...any) {
	w.e.t.Helper()
	raw := w.e.DB.Raw()
	if _, err := raw.Exec(q, args...); err != nil {
		w.e.t.Fatal(err)
	}
}

// veteran is a member of a month's standing with a post, whose flag counts
// fully (a brand-new account's counts a quarter).
func (w *mdWorld) veteran(name string) *forum.User {
	w.e.t.Helper()
	u := w.e.user(name, forum.RoleMember)
	w.e.ask(u, "internet", "An earlier question by "+name+" about the modem")
	w.exec(`UPDATE users SET created_at = ? WHERE id = ?`, time.Now().Add(-30*24*time.Hour).UnixMilli(), u.ID)
	return u
}

// threadPath is a thread's canonical page.
func threadPath(th *forum.Thread) string { return "/t/" + itoa(th.ID) + "/" + th.Slug }

// question returns the ID of a thread's question.
func (w *mdWorld) question(threadID int64) int64 {
	w.e.t.Helper()
	v, err := w.e.Svc.Thread(context.Background(), w.mod, threadID)
	if err != nil {
		w.e.t.Fatal(err)
	}
	return v.Question.ID
}

type mdAuditEntry struct {
	Actor *struct {
		Username string `json:"username"`
	} `json:"actor"`
	Action     string          `json:"action"`
	TargetType string          `json:"target_type"`
	TargetID   int64           `json:"target_id"`
	Reason     string          `json:"reason"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
}

// audit reads the audit log through the API, as staff.
func (w *mdWorld) audit(query string) []mdAuditEntry {
	w.e.t.Helper()
	var out struct {
		Entries []mdAuditEntry `json:"entries"`
	}
	if r := w.staffAPI.call(http.MethodGet, "/api/v1/mod/audit?"+query, nil, &out); r.Status != http.StatusOK {
		w.e.t.Fatalf("audit log: %d %s", r.Status, r.Body)
	}
	return out.Entries
}

// audited checks that the audit log has an entry for an action on a
// target, by actor (any when empty), and returns it.
func (w *mdWorld) audited(t *testing.T, actor, action, targetType string, targetID int64) mdAuditEntry {
	t.Helper()
	q := url.Values{"action": {action}, "target_type": {targetType}, "target_id": {itoa(targetID)}, "actor": {actor}}
	es := w.audit(q.Encode())
	if len(es) == 0 {
		t.Errorf("no audit entry %s on %s %d by %q", action, targetType, targetID, actor)
		return mdAuditEntry{}
	}
	return es[0]
}

type mdNotification struct {
	Kind     string `json:"kind"`
	ThreadID int64  `json:"thread_id"`
	PostID   int64  `json:"post_id"`
	Title    string `json:"title"`
	Reason   string `json:"reason"`
	Message  string `json:"message"`
	Read     bool   `json:"read"`
}

// notifications are u's notifications through the API, and the unread count.
func (w *mdWorld) notifications(u *forum.User) ([]mdNotification, int) {
	w.e.t.Helper()
	var out struct {
		Notifications []mdNotification `json:"notifications"`
		Unread        int              `json:"unread"`
	}
	if r := w.e.axAPI(u).call(http.MethodGet, "/api/v1/notifications", nil, &out); r.Status != http.StatusOK {
		w.e.t.Fatalf("notifications of %s: %d %s", u.Username, r.Status, r.Body)
	}
	return out.Notifications, out.Unread
}

func (w *mdWorld) notified(u *forum.User, kind string, threadID int64) *mdNotification {
	w.e.t.Helper()
	ns, _ := w.notifications(u)
	for i := range ns {
		if ns[i].Kind == kind && ns[i].ThreadID == threadID {
			return &ns[i]
		}
	}
	return nil
}

type mdQueueItem struct {
	Post struct {
		ID   int64  `json:"id"`
		Body string `json:"body"`
	} `json:"post"`
	Flags []struct {
		User struct {
			Username string `json:"username"`
		} `json:"user"`
		Reason string `json:"reason"`
		Note   string `json:"note"`
	} `json:"flags"`
	Held        bool     `json:"held"`
	HoldReasons []string `json:"hold_reasons"`
	Score       float64  `json:"score"`
}

// queued returns a post's item in the review queue, or nil.
func (w *mdWorld) queued(postID int64) *mdQueueItem {
	w.e.t.Helper()
	var out struct {
		Items []mdQueueItem `json:"items"`
	}
	if r := w.modAPI.call(http.MethodGet, "/api/v1/mod/queue", nil, &out); r.Status != http.StatusOK {
		w.e.t.Fatalf("queue: %d %s", r.Status, r.Body)
	}
	for i := range out.Items {
		if out.Items[i].Post.ID == postID {
			return &out.Items[i]
		}
	}
	return nil
}

type mdThreadJSON struct {
	Thread struct {
		ID          int64    `json:"id"`
		Title       string   `json:"title"`
		URL         string   `json:"url"`
		Category    string   `json:"category"`
		Tags        []string `json:"tags"`
		Locked      bool     `json:"locked"`
		Closed      bool     `json:"closed"`
		CloseReason string   `json:"close_reason"`
		DuplicateOf int64    `json:"duplicate_of"`
		Pinned      bool     `json:"pinned"`
		Hidden      bool     `json:"hidden"`
		MergedInto  int64    `json:"merged_into"`
	} `json:"thread"`
	Posts []struct {
		ID           int64  `json:"id"`
		Body         string `json:"body"`
		Hidden       bool   `json:"hidden"`
		HiddenReason string `json:"hidden_reason"`
		Deleted      bool   `json:"deleted"`
		MergedFrom   int64  `json:"merged_from"`
	} `json:"posts"`
	// A merged thread answers with only these.
	ID         int64 `json:"id"`
	MergedInto int64 `json:"merged_into"`
}

// thread reads a thread through the API as a (nil: a guest).
func (w *mdWorld) thread(a *api, id int64) (mdThreadJSON, response) {
	w.e.t.Helper()
	if a == nil {
		a = w.e.api("")
	}
	var out mdThreadJSON
	r := a.call(http.MethodGet, "/api/v1/threads/"+itoa(id), nil, &out)
	return out, r
}

// follow makes a browser follow a redirect chain, as a real one would.
func (b *browser) follow(r response) response {
	b.e.t.Helper()
	for i := 0; i < 5 && r.Status >= 300 && r.Status < 400; i++ {
		loc, _, _ := strings.Cut(r.Location, "#")
		r = b.get(loc)
	}
	return r
}

// wantAPIError checks an API error's status, reason and field.
func wantAPIError(t *testing.T, what string, r response, status int, reason, field string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("%s: %d %s, want %d %s", what, r.Status, axShort(r.Body), status, reason)
		return
	}
	e := decodeError(t, r)
	if e.Error.Reason != reason || e.Error.Field != field {
		t.Errorf("%s: reason %q field %q, want %q %q (%s)", what, e.Error.Reason, e.Error.Field, reason, field, e.Error.Message)
	}
}

// ---- flags ----

func TestFlagPostThroughPageAndAPI(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	th := e.ask(w.asker, "internet", "Router drops the line every evening")
	ans := e.answer(w.helper, th.ID)
	form := `href="/p/` + itoa(ans.ID) + `/flag"`

	// Others get the flag link; the author, and guests, do not.
	olga := e.axSignedIn(w.other)
	if r := olga.get(threadPath(th)); !strings.Contains(r.Body, form) {
		t.Errorf("a member sees no flag form on someone else's answer (%d)", r.Status)
	}
	for who, b := range map[string]*browser{"the author": e.axSignedIn(w.helper), "a guest": e.browser()} {
		if r := b.get(threadPath(th)); strings.Contains(r.Body, form) {
			t.Errorf("%s sees a flag form on the answer", who)
		}
	}

	// From the page: back to the post, with thanks.
	r := olga.post("/p/"+itoa(ans.ID)+"/flag", url.Values{"reason": {"off_topic"}, "note": {"This is about a different router."}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/t/"+itoa(th.ID)) || !strings.HasSuffix(r.Location, "#post-"+itoa(ans.ID)) {
		t.Fatalf("flag from the page: %d %q", r.Status, r.Location)
	}
	if r := olga.follow(r); r.Status != http.StatusOK || !axSays(r.Body, axStr(t, "en", "flag.thanks")) {
		t.Errorf("after flagging: %d, the page does not thank the flagger", r.Status)
	}
	// Twice: 409, in words.
	r = olga.post("/p/"+itoa(ans.ID)+"/flag", url.Values{"reason": {"spam"}})
	if r.Status != http.StatusConflict || !axSays(r.Body, axStr(t, "en", "error.flag_twice")) {
		t.Errorf("flag twice from the page: %d", r.Status)
	}

	// Through the API.
	karl := e.user("karl", forum.RoleMember)
	karlAPI := e.axAPI(karl)
	var out struct {
		Flag struct {
			PostID int64  `json:"post_id"`
			Reason string `json:"reason"`
			Note   string `json:"note"`
			User   struct {
				Username string `json:"username"`
			} `json:"user"`
		} `json:"flag"`
		Hidden bool `json:"hidden"`
	}
	r = karlAPI.call(http.MethodPost, "/api/v1/posts/"+itoa(ans.ID)+"/flags", map[string]string{"reason": "spam", "note": "Advertises a shop."}, &out)
	if r.Status != http.StatusCreated || out.Flag.PostID != ans.ID || out.Flag.Reason != "spam" || out.Flag.User.Username != "karl" || out.Hidden {
		t.Errorf("flag through the API: %d %s", r.Status, r.Body)
	}
	r = karlAPI.call(http.MethodPost, "/api/v1/posts/"+itoa(ans.ID)+"/flags", map[string]string{"reason": "abusive"}, nil)
	wantAPIError(t, "flag twice through the API", r, http.StatusConflict, "flag_twice", "")

	// One's own post: 403 with a hint, on both.
	r = e.axAPI(w.helper).call(http.MethodPost, "/api/v1/posts/"+itoa(ans.ID)+"/flags", map[string]string{"reason": "spam"}, nil)
	wantAPIError(t, "flag one's own post", r, http.StatusForbidden, "flag_own", "")
	if r := e.axSignedIn(w.helper).post("/p/"+itoa(ans.ID)+"/flag", url.Values{"reason": {"spam"}}); r.Status != http.StatusForbidden || !axSays(r.Body, axStr(t, "en", "error.flag_own")) {
		t.Errorf("flag one's own post from the page: %d", r.Status)
	}

	// Bad input, and guests.
	r = karlAPI.call(http.MethodPost, "/api/v1/posts/"+itoa(ans.ID)+"/flags", map[string]string{"reason": "boring"}, nil)
	wantAPIError(t, "unknown reason", r, http.StatusUnprocessableEntity, "flag_reason", "reason")
	r = e.api("").call(http.MethodPost, "/api/v1/posts/"+itoa(ans.ID)+"/flags", map[string]string{"reason": "spam"}, nil)
	wantAPIError(t, "a guest's flag", r, http.StatusUnauthorized, "login_required", "")
	if r := e.browser().post("/p/"+itoa(ans.ID)+"/flag", url.Values{"reason": {"spam"}}); r.Status != http.StatusUnauthorized {
		t.Errorf("a guest's flag from the page: %d", r.Status)
	}

	// A 100 KB note is refused and nothing is stored: the same member's
	// proper flag afterwards goes through.
	lena := e.user("lena", forum.RoleMember)
	big := strings.Repeat("Very long note. ", 100<<10/16)
	r = e.axSignedIn(lena).post("/p/"+itoa(ans.ID)+"/flag", url.Values{"reason": {"other"}, "note": {big}})
	if r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 100 KB note from the page: %d", r.Status)
	} else if r.Status == http.StatusUnprocessableEntity && !axSays(r.Body, axStr(t, "en", "field.note")) {
		t.Errorf("the refusal of a 100 KB note does not name the note")
	}
	r = e.axAPI(lena).call(http.MethodPost, "/api/v1/posts/"+itoa(ans.ID)+"/flags", map[string]string{"reason": "other", "note": big}, nil)
	if r.Status == http.StatusRequestEntityTooLarge {
		decodeError(t, r)
	} else {
		wantAPIError(t, "a 100 KB note through the API", r, http.StatusUnprocessableEntity, "too_long", "note")
	}
	if it := w.queued(ans.ID); it == nil || len(it.Flags) != 2 {
		t.Fatalf("queue after the refused notes: %+v, want olga's and karl's flags", it)
	}
	r = e.axAPI(lena).call(http.MethodPost, "/api/v1/posts/"+itoa(ans.ID)+"/flags", map[string]string{"reason": "other", "note": "Short and to the point."}, nil)
	if r.Status != http.StatusCreated {
		t.Errorf("lena's proper flag after the refused ones: %d %s", r.Status, r.Body)
	}

	// The queue has the flags with their reasons and notes.
	it := w.queued(ans.ID)
	if it == nil || len(it.Flags) != 3 {
		t.Fatalf("queue item: %+v", it)
	}
	notes := map[string]string{}
	for _, f := range it.Flags {
		notes[f.User.Username] = f.Reason + ": " + f.Note
	}
	if notes["olga"] != "off_topic: This is about a different router." || notes["karl"] != "spam: Advertises a shop." {
		t.Errorf("flags in the queue: %v", notes)
	}

	// A duplicate flag names the other thread, by number or link.
	other := e.ask(w.other, "internet", "The line drops every evening at eight")
	q := w.question(th.ID)
	dora := e.axAPI(e.user("dora", forum.RoleMember))
	flagQ := func(body map[string]any) response {
		return dora.call(http.MethodPost, "/api/v1/posts/"+itoa(q)+"/flags", body, nil)
	}
	wantAPIError(t, "a duplicate flag without the thread", flagQ(map[string]any{"reason": "duplicate"}), http.StatusUnprocessableEntity, "required", "duplicate_of")
	wantAPIError(t, "a duplicate flag with garbage", flagQ(map[string]any{"reason": "duplicate", "duplicate_of": "the other one"}),
		http.StatusUnprocessableEntity, "thread_ref", "duplicate_of")
	wantAPIError(t, "a duplicate of no thread", flagQ(map[string]any{"reason": "duplicate", "duplicate_of": 999999}),
		http.StatusUnprocessableEntity, "duplicate_target", "duplicate_of")
	var dup struct {
		Flag struct {
			DuplicateOf int64 `json:"duplicate_of"`
		} `json:"flag"`
	}
	r = dora.call(http.MethodPost, "/api/v1/posts/"+itoa(q)+"/flags", map[string]any{"reason": "duplicate", "duplicate_of": e.Srv.URL + threadPath(other)}, &dup)
	if r.Status != http.StatusCreated || dup.Flag.DuplicateOf != other.ID {
		t.Errorf("a duplicate flag by link: %d %s", r.Status, r.Body)
	}
	if r := olga.post("/p/"+itoa(q)+"/flag", url.Values{"reason": {"duplicate"}, "duplicate_of": {"#" + itoa(other.ID)}}); r.Status != http.StatusUnprocessableEntity ||
		!axSays(r.Body, axFieldMsg(t, "en", "duplicate_of", "error.thread_ref")) {
		t.Errorf("a duplicate flag with garbage from the page: %d", r.Status)
	}
	if r := olga.post("/p/"+itoa(q)+"/flag", url.Values{"reason": {"duplicate"}, "duplicate_of": {itoa(other.ID)}}); r.Status != http.StatusSeeOther {
		t.Errorf("a duplicate flag from the page: %d %s", r.Status, axShort(r.Body))
	}
	// /mod shows the question's flags with the thread they point to, and
	// offers to close it as a duplicate of that thread.
	r = w.modPage.get("/mod")
	if !axSays(r.Body, axStr(t, "en", "flag.reason_duplicate")+" × 2") || !strings.Contains(r.Body, `href="/t/`+itoa(other.ID)+`"`) ||
		!strings.Contains(r.Body, `name="duplicate_of" maxlength="300" placeholder="/t/123" value="`+itoa(other.ID)+`"`) {
		t.Error("/mod does not show the duplicate flags with their thread")
	}
	if r := w.modPage.post("/mod/review/"+itoa(q), url.Values{"decision": {"close_duplicate"}, "duplicate_of": {itoa(other.ID)}}); r.Status != http.StatusSeeOther {
		t.Errorf("close as duplicate from /mod: %d %s", r.Status, axShort(r.Body))
	}
	if got, _ := w.thread(nil, th.ID); !got.Thread.Closed || got.Thread.DuplicateOf != other.ID {
		t.Errorf("after closing as duplicate from /mod: %+v", got.Thread)
	}
	w.audited(t, "mod1", "review.close_duplicate", "post", q)
}

func TestSpamFlagsHideAnswerUntilReview(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	th := e.ask(w.asker, "internet", "Router drops the line every evening")
	const body = "Cheap routers at my shop, visit now for the best prices in town!"
	ans, err := e.Svc.Answer(context.Background(), w.helper, th.ID, body)
	if err != nil {
		t.Fatal(err)
	}
	v1, v2, v3 := w.veteran("vera"), w.veteran("viktor"), w.veteran("vanessa")
	flag := func(u *forum.User) bool {
		t.Helper()
		var out struct{ Hidden bool }
		r := e.axAPI(u).call(http.MethodPost, "/api/v1/posts/"+itoa(ans.ID)+"/flags", map[string]string{"reason": "spam"}, &out)
		if r.Status != http.StatusCreated {
			t.Fatalf("%s's flag: %d %s", u.Username, r.Status, r.Body)
		}
		return out.Hidden
	}
	guest := e.browser()
	if r := e.axSignedIn(v1).post("/p/"+itoa(ans.ID)+"/flag", url.Values{"reason": {"spam"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("first flag from the page: %d", r.Status)
	}
	if flag(v2) {
		t.Error("two members' flags hid the answer")
	}
	if r := guest.get(threadPath(th)); !axSays(r.Body, body) {
		t.Error("the answer is gone after two flags")
	}
	if !flag(v3) {
		t.Error("the third member's flag did not hide the answer")
	}

	placeholder := axStr(t, "en", "post.hidden_placeholder_flags")
	r := guest.get(threadPath(th))
	if r.Status != http.StatusOK || axSays(r.Body, body) || !axSays(r.Body, placeholder) {
		t.Errorf("a guest after three spam flags: %d, body shown %v, placeholder shown %v", r.Status, axSays(r.Body, body), axSays(r.Body, placeholder))
	}
	for who, b := range map[string]*browser{"the author": e.axSignedIn(w.helper), "a moderator": w.modPage} {
		r := b.get(threadPath(th))
		if !axSays(r.Body, body) || !axSays(r.Body, axStr(t, "en", "post.hidden_flags")) {
			t.Errorf("%s does not see the hidden answer with its notice", who)
		}
	}
	got, _ := w.thread(nil, th.ID)
	for _, p := range got.Posts {
		if p.ID == ans.ID && (!p.Hidden || p.Body != "") {
			t.Errorf("the API shows a guest the hidden answer: %+v", p)
		}
	}
	if n := w.notified(w.helper, forum.NotifyPostFlagged, th.ID); n == nil || n.PostID != ans.ID {
		t.Errorf("the author was not told: %+v", n)
	}
	if a := w.audited(t, "", "post.autohide", "post", ans.ID); a.Actor != nil {
		t.Errorf("the automatic hide has an actor: %+v", a)
	}

	// /mod lists it with its reasons; dismissing shows it again.
	r = w.modPage.get("/mod")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="review-`+itoa(ans.ID)+`"`) ||
		!axSays(r.Body, axStr(t, "en", "flag.reason_spam")+" × 3") || !axSays(r.Body, axStr(t, "en", "mod.hidden")) {
		t.Fatalf("/mod does not list the hidden answer with three spam flags (%d)", r.Status)
	}
	r = w.modPage.post("/mod/review/"+itoa(ans.ID), url.Values{"decision": {"dismiss"}, "reason": {""}})
	if r.Status != http.StatusSeeOther || r.Location != "/mod" {
		t.Fatalf("dismiss: %d %q", r.Status, r.Location)
	}
	if r := guest.get(threadPath(th)); !axSays(r.Body, body) {
		t.Error("after dismissing, a guest still does not see the answer")
	}
	if r := w.modPage.get("/mod"); !axSays(r.Body, axStr(t, "en", "mod.queue_empty")) {
		t.Error("the queue is not empty after the dismissal")
	}
	r = w.modPage.post("/mod/review/"+itoa(ans.ID), url.Values{"decision": {"dismiss"}})
	if r.Status != http.StatusConflict || !axSays(r.Body, axStr(t, "en", "error.review_done")) {
		t.Errorf("a second decision: %d", r.Status)
	}
	w.audited(t, "mod1", "review.dismiss", "post", ans.ID)
}

// TestReviewQueueDecisions works the queue's one-click decisions from /mod.
func TestReviewQueueDecisions(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	ctx := context.Background()
	th := e.ask(w.asker, "internet", "Router drops the line every evening")
	spammer := e.user("spammer", forum.RoleMember)
	post := func(u *forum.User, body string) *forum.Post {
		t.Helper()
		p, err := e.Svc.Answer(ctx, u, th.ID, body)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	flagged := func(p *forum.Post, reason, note string) {
		t.Helper()
		if _, err := e.Mod.Flag(ctx, w.other, p.ID, moderation.FlagInput{Reason: reason, Note: note}); err != nil {
			t.Fatal(err)
		}
	}
	toHide := post(w.helper, "Unrelated: my new phone cannot find the network either.")
	flagged(toHide, "off_topic", "About phones, not routers.")
	toDelete := post(w.helper, "You are all idiots for buying this router in the first place.")
	flagged(toDelete, "abusive", "")
	bySpammer := post(spammer, "Visit my shop for cheap routers, the best prices in town today!")
	flagged(bySpammer, "spam", "")
	if _, err := e.Mod.SetSpamWords(ctx, w.admin, []string{"casino"}); err != nil {
		t.Fatal(err)
	}
	held := post(w.helper, "Try the casino trick: unplug the router for ten seconds.")
	spammerPage, spammerAPI := e.axSignedIn(spammer), e.axAPI(spammer)

	r := w.modPage.get("/mod")
	if r.Status != http.StatusOK {
		t.Fatalf("/mod: %d", r.Status)
	}
	for _, p := range []*forum.Post{toHide, toDelete, bySpammer, held} {
		if !strings.Contains(r.Body, `action="/mod/review/`+itoa(p.ID)+`"`) {
			t.Errorf("/mod does not list post %d", p.ID)
		}
	}
	for _, s := range []string{axStr(t, "en", "flag.reason_off_topic") + " × 1", "About phones, not routers.",
		axStr(t, "en", "flag.reason_abusive") + " × 1", axStr(t, "en", "mod.held"), axStr(t, "en", "mod.hold_reasons") + " " + axStr(t, "en", "mod.hold_word", "casino")} {
		if !axSays(r.Body, s) {
			t.Errorf("/mod does not say %q", s)
		}
	}

	guest := e.browser()
	review := func(p *forum.Post, form url.Values) {
		t.Helper()
		if r := w.modPage.post("/mod/review/"+itoa(p.ID), form); r.Status != http.StatusSeeOther || r.Location != "/mod" {
			t.Errorf("decision %s on post %d: %d %s", form.Get("decision"), p.ID, r.Status, axShort(r.Body))
		}
	}
	// Hide.
	review(toHide, url.Values{"decision": {"hide"}, "reason": {"Off-topic for this thread."}})
	page := guest.get(threadPath(th)).Body
	if axSays(page, toHide.BodyMD) {
		t.Error("a hidden answer still shows to guests")
	}
	if n := w.notified(w.helper, forum.NotifyPostHidden, th.ID); n == nil || n.Reason != "Off-topic for this thread." {
		t.Errorf("the author of the hidden answer was not told why: %+v", n)
	}
	w.audited(t, "mod1", "review.hide", "post", toHide.ID)

	// Delete.
	review(toDelete, url.Values{"decision": {"delete"}, "reason": {"Insults."}})
	if axSays(guest.get(threadPath(th)).Body, toDelete.BodyMD) {
		t.Error("a deleted answer still shows to guests")
	}
	got, _ := w.thread(w.modAPI, th.ID)
	for _, p := range got.Posts {
		if p.ID == toDelete.ID && !p.Deleted {
			t.Error("the answer is not deleted")
		}
	}
	w.audited(t, "mod1", "review.delete", "post", toDelete.ID)

	// Approve a held post (dismiss does not fit it).
	if axSays(guest.get(threadPath(th)).Body, held.BodyMD) {
		t.Error("a held answer shows to guests")
	}
	if r := w.modPage.post("/mod/review/"+itoa(held.ID), url.Values{"decision": {"dismiss"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("dismissing a held post: %d", r.Status)
	}
	review(held, url.Values{"decision": {"approve"}})
	if !axSays(guest.get(threadPath(th)).Body, held.BodyMD) {
		t.Error("an approved answer does not show to guests")
	}
	if w.notified(w.helper, forum.NotifyApproved, th.ID) == nil {
		t.Error("the author of the approved answer was not told")
	}
	w.audited(t, "mod1", "review.approve", "post", held.ID)

	// Suspend the author: the reason is required, the post goes, the
	// author's session and token end.
	if r := w.modPage.post("/mod/review/"+itoa(bySpammer.ID), url.Values{"decision": {"suspend"}, "days": {"7"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("suspend without a reason: %d", r.Status)
	}
	review(bySpammer, url.Values{"decision": {"suspend"}, "days": {"7"}, "reason": {"Advertising."}})
	if axSays(guest.get(threadPath(th)).Body, bySpammer.BodyMD) {
		t.Error("the suspended author's answer still shows")
	}
	if r := spammerAPI.call(http.MethodGet, "/api/v1/me", nil, nil); r.Status != http.StatusUnauthorized {
		t.Errorf("the suspended author's token: %d", r.Status)
	}
	if r := spammerPage.get("/settings"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Errorf("the suspended author's session: %d %s", r.Status, r.Location)
	}
	w.audited(t, "mod1", "review.suspend", "post", bySpammer.ID)

	// Members cannot decide.
	p := post(w.helper, "Another answer that someone flags as off-topic.")
	flagged(p, "off_topic", "")
	if r := e.axSignedIn(w.asker).post("/mod/review/"+itoa(p.ID), url.Values{"decision": {"dismiss"}}); r.Status != http.StatusForbidden {
		t.Errorf("a member's decision: %d", r.Status)
	}
	r = e.axAPI(w.asker).call(http.MethodPost, "/api/v1/mod/queue/"+itoa(p.ID), map[string]string{"decision": "dismiss"}, nil)
	wantAPIError(t, "a member's decision through the API", r, http.StatusForbidden, "forbidden", "")
	r = w.modAPI.call(http.MethodPost, "/api/v1/mod/queue/"+itoa(p.ID), map[string]string{"decision": "dismiss"}, nil)
	if r.Status != http.StatusOK {
		t.Errorf("a decision through the API: %d %s", r.Status, r.Body)
	}
	r = w.modAPI.call(http.MethodPost, "/api/v1/mod/queue/"+itoa(p.ID), map[string]string{"decision": "dismiss"}, nil)
	wantAPIError(t, "a second decision through the API", r, http.StatusConflict, "review_done", "")
}

// ---- thread tools ----

func TestThreadTools(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	th := e.ask(w.asker, "internet", "Router drops the line every evening")
	newer := e.ask(w.other, "internet", "Newer question about the invoice address")
	target := e.ask(w.other, "internet", "DSL line drops every evening at eight")
	id := itoa(th.ID)
	turl := threadPath(th)
	guest, olga, sabine := e.browser(), e.axSignedIn(w.other), e.axSignedIn(w.asker)
	act := func(form url.Values) response {
		t.Helper()
		return w.modPage.post("/t/"+id+"/moderate", form)
	}
	done := func(what string, form url.Values) response {
		t.Helper()
		r := act(form)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/t/"+id+"/") {
			t.Fatalf("%s: %d %s %s", what, r.Status, r.Location, axShort(r.Body))
		}
		return r
	}
	answer := func(b *browser) response {
		t.Helper()
		return b.post("/t/"+id+"/answer", url.Values{"body": {"Have you tried another DSL cable?"}})
	}

	// The tools show to moderators only.
	if r := w.modPage.get(turl); !strings.Contains(r.Body, `action="/t/`+id+`/moderate"`) || !axSays(r.Body, axStr(t, "en", "mod.tools")) {
		t.Error("a moderator sees no thread tools")
	}
	if r := olga.get(turl); strings.Contains(r.Body, `/moderate"`) {
		t.Error("a member sees the thread tools")
	}
	if r := olga.post("/t/"+id+"/moderate", url.Values{"action": {"lock"}}); r.Status != http.StatusForbidden {
		t.Errorf("a member's thread action: %d", r.Status)
	}

	// Close: a reason is required; then answers are refused.
	if r := act(url.Values{"action": {"close"}}); r.Status != http.StatusUnprocessableEntity || !axSays(r.Body, axFieldMsg(t, "en", "reason", "error.required")) {
		t.Errorf("close without a reason: %d", r.Status)
	}
	done("close", url.Values{"action": {"close"}, "reason": {"Answered in the FAQ."}})
	if r := guest.get(turl); !axSays(r.Body, axStr(t, "en", "thread.closed_notice")) || !axSays(r.Body, "Answered in the FAQ.") {
		t.Error("a closed thread does not say so, with the reason")
	}
	if r := olga.get(turl); strings.Contains(r.Body, `action="/t/`+id+`/answer"`) {
		t.Error("a closed thread still offers members the answer form")
	}
	if r := answer(olga); r.Status != http.StatusForbidden || !axSays(r.Body, axStr(t, "en", "error.thread_closed")) {
		t.Errorf("an answer to a closed thread: %d", r.Status)
	}
	r := e.axAPI(w.other).call(http.MethodPost, "/api/v1/threads/"+id+"/posts", map[string]string{"body": "Have you tried another DSL cable?"}, nil)
	wantAPIError(t, "an API answer to a closed thread", r, http.StatusForbidden, "thread_closed", "")
	if r := act(url.Values{"action": {"close"}, "reason": {"Again."}}); r.Status != http.StatusConflict {
		t.Errorf("closing a closed thread: %d", r.Status)
	}
	if n := w.notified(w.asker, forum.NotifyModerated, th.ID); n == nil || n.Reason != "Answered in the FAQ." {
		t.Errorf("the asker was not told of the closing: %+v", n)
	}

	// Reopen.
	done("reopen", url.Values{"action": {"reopen"}})
	if r := answer(olga); r.Status != http.StatusSeeOther {
		t.Errorf("an answer after reopening: %d", r.Status)
	}

	// Lock.
	done("lock", url.Values{"action": {"lock"}})
	if r := guest.get(turl); !axSays(r.Body, axStr(t, "en", "thread.locked_notice")) {
		t.Error("a locked thread does not say so")
	}
	if r := answer(olga); r.Status != http.StatusForbidden {
		t.Errorf("an answer to a locked thread: %d", r.Status)
	}
	done("unlock", url.Values{"action": {"unlock"}})

	// Pin: first on the home page, though older.
	done("pin", url.Values{"action": {"pin"}})
	home := guest.get("/").Body
	if i, j := strings.Index(home, `href="`+turl+`"`), strings.Index(home, `href="`+threadPath(newer)+`"`); i < 0 || j < 0 || i > j {
		t.Errorf("the pinned thread is not first on the home page (at %d, the newer one at %d)", i, j)
	}

	// Hide: gone for guests and other members, shown to its author with a
	// notice and to moderators.
	done("hide", url.Values{"action": {"hide"}, "reason": {"Personal data in the question."}})
	if r := guest.get(turl); r.Status != http.StatusNotFound {
		t.Errorf("a guest on a hidden thread: %d", r.Status)
	}
	if r := olga.get(turl); r.Status != http.StatusNotFound {
		t.Errorf("another member on a hidden thread: %d", r.Status)
	}
	if _, r := w.thread(nil, th.ID); r.Status != http.StatusNotFound {
		t.Errorf("a guest on a hidden thread through the API: %d", r.Status)
	}
	if r := sabine.get(turl); r.Status != http.StatusOK || !axSays(r.Body, axStr(t, "en", "thread.hidden_moderator")) {
		t.Errorf("the author on their hidden thread: %d, notice shown %v", r.Status, axSays(r.Body, axStr(t, "en", "thread.hidden_moderator")))
	}
	if r := w.modPage.get(turl); r.Status != http.StatusOK {
		t.Errorf("a moderator on a hidden thread: %d", r.Status)
	}
	if strings.Contains(guest.get("/").Body, `href="`+turl+`"`) {
		t.Error("the hidden thread is on the home page")
	}
	done("unhide", url.Values{"action": {"unhide"}})
	if r := guest.get(turl); r.Status != http.StatusOK {
		t.Errorf("a guest after unhiding: %d", r.Status)
	}

	// Move, retitle, tags.
	done("move", url.Values{"action": {"move"}, "category": {"billing"}})
	if got, _ := w.thread(nil, th.ID); got.Thread.Category != "billing" {
		t.Errorf("after the move the category is %q", got.Thread.Category)
	}
	if r := act(url.Values{"action": {"move"}, "category": {"nowhere"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a move to an unknown category: %d", r.Status)
	}
	r = done("retitle", url.Values{"action": {"retitle"}, "title": {"FritzBox loses the DSL line at 8 pm"}})
	if !strings.HasSuffix(r.Location, "/fritzbox-loses-the-dsl-line-at-8-pm") {
		t.Errorf("after retitling: %q", r.Location)
	}
	if r := guest.get(turl); r.Status != http.StatusMovedPermanently || r.Location != "/t/"+id+"/fritzbox-loses-the-dsl-line-at-8-pm" {
		t.Errorf("the old address after retitling: %d %q", r.Status, r.Location)
	}
	done("tags", url.Values{"action": {"tags"}, "tags": {"dsl, fritzbox"}})
	got, _ := w.thread(nil, th.ID)
	if strings.Join(got.Thread.Tags, " ") != "dsl fritzbox" || got.Thread.Title != "FritzBox loses the DSL line at 8 pm" {
		t.Errorf("after retitling and tagging: %q %v", got.Thread.Title, got.Thread.Tags)
	}
	if r := guest.follow(guest.get(turl)); !strings.Contains(r.Body, `href="/tag/fritzbox"`) {
		t.Error("the new tag is not on the page")
	}

	// Close as a duplicate: the banner links the other thread.
	if r := act(url.Values{"action": {"close_duplicate"}, "duplicate_of": {"/t/" + id}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("a duplicate of itself: %d", r.Status)
	}
	done("close as duplicate", url.Values{"action": {"close_duplicate"}, "duplicate_of": {threadPath(target)}, "reason": {"Same problem."}})
	page := guest.follow(guest.get(turl))
	if !axSays(page.Body, axStr(t, "en", "thread.duplicate_of")) || !strings.Contains(page.Body, `href="`+threadPath(target)+`"`) {
		t.Error("the duplicate banner does not link the other thread")
	}
	if got, _ := w.thread(nil, th.ID); !got.Thread.Closed || got.Thread.DuplicateOf != target.ID {
		t.Errorf("closed as duplicate: %+v", got.Thread)
	}
	if r := act(url.Values{"action": {"explode"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an unknown action: %d", r.Status)
	}

	// The same through the API.
	var out mdThreadJSON
	r = w.modAPI.call(http.MethodPost, "/api/v1/threads/"+id+"/actions", map[string]string{"action": "lock"}, &out)
	if r.Status != http.StatusOK || !out.Thread.Locked {
		t.Errorf("lock through the API: %d %s", r.Status, r.Body)
	}
	r = w.modAPI.call(http.MethodPost, "/api/v1/threads/"+id+"/actions", map[string]string{"action": "lock"}, nil)
	wantAPIError(t, "lock a locked thread", r, http.StatusConflict, "no_change", "")
	r = w.modAPI.call(http.MethodPost, "/api/v1/threads/"+id+"/actions", map[string]any{"action": "tags", "tags": []string{"a", "b", "c", "d", "e", "f", "g"}}, nil)
	if r.Status != http.StatusUnprocessableEntity || decodeError(t, r).Error.Field != "tags" {
		t.Errorf("too many tags through the API: %d %s", r.Status, r.Body)
	}
	r = e.axAPI(w.asker).call(http.MethodPost, "/api/v1/threads/"+id+"/actions", map[string]string{"action": "unlock"}, nil)
	wantAPIError(t, "the asker's thread action", r, http.StatusForbidden, "forbidden", "")

	for _, a := range []string{"close", "reopen", "lock", "unlock", "pin", "hide", "unhide", "move", "retitle", "tags", "close_duplicate"} {
		w.audited(t, "mod1", "thread."+a, "thread", th.ID)
	}
	if a := w.audited(t, "mod1", "thread.retitle", "thread", th.ID); !strings.Contains(string(a.Before), "Router drops the line") ||
		!strings.Contains(string(a.After), "FritzBox loses") {
		t.Errorf("the retitle entry: %s → %s", a.Before, a.After)
	}
}

// ---- merging ----

func TestMergeThroughPickerAndAPI(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	ctx := context.Background()
	a, _, err := e.Svc.Ask(ctx, w.asker, forum.AskInput{CategorySlug: "internet", Title: "FritzBox loses DSL sync every evening",
		Body: "Since the update my FritzBox loses sync at 8 pm; the quokkafirmware log shows errors."})
	if err != nil {
		t.Fatal(err)
	}
	b := e.ask(w.other, "internet", "DSL sync lost every evening since the update")
	aAnswer, err := e.Svc.Answer(ctx, w.helper, a.ID, "Replace the splitter, then force a resync from the menu.")
	if err != nil {
		t.Fatal(err)
	}
	e.searchable()
	aid, bid := itoa(a.ID), itoa(b.ID)
	guest := e.browser()
	searchFinds := func(q string) map[int64]bool {
		t.Helper()
		e.searchable()
		var out struct {
			Hits []struct {
				Thread struct {
					ID int64 `json:"id"`
				} `json:"thread"`
			} `json:"hits"`
		}
		if r := e.api("").call(http.MethodGet, "/api/v1/search?q="+url.QueryEscape(q), nil, &out); r.Status != http.StatusOK {
			t.Fatalf("search %q: %d %s", q, r.Status, r.Body)
		}
		found := map[int64]bool{}
		for _, h := range out.Hits {
			found[h.Thread.ID] = true
		}
		return found
	}
	if f := searchFinds("quokkafirmware"); !f[a.ID] {
		t.Fatalf("before the merge, search does not find A: %v", f)
	}

	// The picker: search results to choose from, never the thread itself.
	r := w.modPage.get("/t/" + aid + "/merge?q=" + url.QueryEscape("DSL sync evening"))
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `name="pick" value="`+bid+`"`) {
		t.Fatalf("merge picker: %d, B offered %v", r.Status, strings.Contains(r.Body, `value="`+bid+`"`))
	}
	if strings.Contains(r.Body, `name="pick" value="`+aid+`"`) {
		t.Error("the picker offers to merge the thread into itself")
	}
	r = w.modPage.post("/t/"+aid+"/merge", url.Values{"pick": {bid}, "reason": {"Same problem."}})
	if r.Status != http.StatusSeeOther || r.Location != threadPath(b) {
		t.Fatalf("merge through the picker: %d %q %s", r.Status, r.Location, axShort(r.Body))
	}

	checkMerged := func(how string) {
		t.Helper()
		for _, p := range []string{"/t/" + aid, threadPath(a)} {
			if r := guest.get(p); r.Status != http.StatusMovedPermanently || r.Location != "/t/"+bid {
				t.Errorf("%s: GET %s: %d %q, want 301 to /t/%s", how, p, r.Status, r.Location, bid)
			}
		}
		if got, r := w.thread(nil, a.ID); r.Status != http.StatusOK || got.ID != a.ID || got.MergedInto != b.ID {
			t.Errorf("%s: API thread A: %d %s", how, r.Status, r.Body)
		}
		page := guest.get(threadPath(b)).Body
		for _, s := range []string{axStr(t, "en", "thread.merged_from"), a.Title, "quokkafirmware log shows errors", aAnswer.BodyMD} {
			if !axSays(page, s) {
				t.Errorf("%s: B's page does not show %q", how, s)
			}
		}
		got, _ := w.thread(nil, b.ID)
		moved := 0
		for _, p := range got.Posts {
			if p.MergedFrom == a.ID {
				moved++
			}
		}
		if moved != 2 {
			t.Errorf("%s: %d posts in B come from A, want 2 (question and answer)", how, moved)
		}
		if f := searchFinds("quokkafirmware"); f[a.ID] || !f[b.ID] {
			t.Errorf("%s: search for A's words finds %v, want B and not A", how, f)
		}
	}
	checkMerged("merged through the picker")

	// A's asker is told, through the API and on /notifications.
	n := w.notified(w.asker, forum.NotifyMerged, b.ID)
	if n == nil || n.Message != axStr(t, "en", "notify.merged", a.Title) || n.Reason != "Same problem." {
		t.Errorf("the asker's notification: %+v", n)
	}
	sabine := e.axSignedIn(w.asker)
	r = sabine.get("/notifications")
	if r.Status != http.StatusOK || !axSays(r.Body, axStr(t, "en", "notify.merged", a.Title)) || !strings.Contains(r.Body, `href="/t/`+bid+`"`) {
		t.Errorf("/notifications: %d, without the merge", r.Status)
	}
	if !axSays(r.Body, axStr(t, "en", "notifications.mark_read")) {
		t.Error("/notifications offers no way to mark them read")
	}
	if r := sabine.post("/notifications/read", nil); r.Status != http.StatusSeeOther {
		t.Errorf("mark read: %d", r.Status)
	}
	if _, unread := w.notifications(w.asker); unread != 0 {
		t.Errorf("%d unread after marking all read", unread)
	}
	w.audited(t, "mod1", "thread.merge", "thread", a.ID)

	// Undo from the audit log's button.
	r = w.staffPage.get("/mod/audit?action=thread.merge")
	undo := `action="/t/` + aid + `/unmerge"`
	if r.Status != http.StatusOK || !strings.Contains(r.Body, undo) {
		t.Fatalf("the audit log offers no undo for the merge (%d)", r.Status)
	}
	r = w.staffPage.post("/t/"+aid+"/unmerge", nil)
	if r.Status != http.StatusSeeOther || r.Location != threadPath(a) {
		t.Fatalf("undo from the audit log: %d %q", r.Status, r.Location)
	}
	if r := guest.get(threadPath(a)); r.Status != http.StatusOK || !axSays(r.Body, aAnswer.BodyMD) {
		t.Errorf("after the undo, A's page: %d", r.Status)
	}
	if axSays(guest.get(threadPath(b)).Body, "quokkafirmware") {
		t.Error("after the undo, B still shows A's question")
	}
	if f := searchFinds("quokkafirmware"); !f[a.ID] || f[b.ID] {
		t.Errorf("after the undo, search finds %v, want A only", f)
	}
	if r := w.staffPage.get("/mod/audit?action=thread.merge"); strings.Contains(r.Body, undo) {
		t.Error("the audit log still offers to undo a merge that was undone")
	}
	w.audited(t, "anna", "thread.unmerge", "thread", a.ID)

	// Through the API, by number, undone, then by link.
	var merged struct {
		Merged int64 `json:"merged"`
		Thread struct {
			ID int64 `json:"id"`
		} `json:"thread"`
	}
	r = w.modAPI.call(http.MethodPost, "/api/v1/threads/"+aid+"/merge", map[string]any{"into": b.ID}, &merged)
	if r.Status != http.StatusOK || merged.Merged != a.ID || merged.Thread.ID != b.ID {
		t.Fatalf("merge through the API: %d %s", r.Status, r.Body)
	}
	checkMerged("merged through the API")
	var unmerged struct {
		Thread struct {
			ID         int64 `json:"id"`
			MergedInto int64 `json:"merged_into"`
		} `json:"thread"`
	}
	r = w.modAPI.call(http.MethodDelete, "/api/v1/threads/"+aid+"/merge", nil, &unmerged)
	if r.Status != http.StatusOK || unmerged.Thread.ID != a.ID || unmerged.Thread.MergedInto != 0 {
		t.Fatalf("unmerge through the API: %d %s", r.Status, r.Body)
	}
	if r := guest.get(threadPath(a)); r.Status != http.StatusOK {
		t.Errorf("after the API undo, A's page: %d", r.Status)
	}
	r = w.modAPI.call(http.MethodPost, "/api/v1/threads/"+aid+"/merge", map[string]any{"into": "/t/" + bid + "/" + b.Slug}, &merged)
	if r.Status != http.StatusOK || merged.Thread.ID != b.ID {
		t.Fatalf("merge through the API by link: %d %s", r.Status, r.Body)
	}
	checkMerged("merged by link")
	if len(w.audit(url.Values{"action": {"thread.merge"}, "target_type": {"thread"}, "target_id": {aid}}.Encode())) != 3 {
		t.Error("not every merge is in the audit log")
	}
}

func TestMergeRefusals(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	ctx := context.Background()
	a := e.ask(w.asker, "internet", "FritzBox loses DSL sync every evening")
	b := e.ask(w.other, "internet", "DSL sync lost every evening since the update")
	c := e.ask(w.other, "internet", "WLAN drops when the microwave is on")
	d := e.ask(w.helper, "internet", "Another report of the evening DSL drops")
	gone := e.ask(w.helper, "internet", "A thread that its author deleted")
	if _, _, err := e.Svc.DeletePost(ctx, w.mod, w.question(gone.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.Merge(ctx, w.mod, a.ID, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	merge := func(from int64, into any) response {
		t.Helper()
		return w.modAPI.call(http.MethodPost, "/api/v1/threads/"+itoa(from)+"/merge", map[string]any{"into": into}, nil)
	}
	wantAPIError(t, "into itself", merge(c.ID, c.ID), http.StatusUnprocessableEntity, "merge_self", "into")
	wantAPIError(t, "into itself by link", merge(c.ID, "https://forum.example/t/"+itoa(c.ID)+"/"+c.Slug), http.StatusUnprocessableEntity, "merge_self", "into")
	// A is merged into B: B into A would be B into B.
	wantAPIError(t, "into its own chain", merge(b.ID, a.ID), http.StatusUnprocessableEntity, "merge_self", "into")
	wantAPIError(t, "a merged thread again", merge(a.ID, c.ID), http.StatusConflict, "thread_merged", "")
	wantAPIError(t, "into a deleted thread", merge(c.ID, gone.ID), http.StatusUnprocessableEntity, "merge_target_gone", "into")
	wantAPIError(t, "into no thread", merge(c.ID, 999999), http.StatusUnprocessableEntity, "merge_target_unknown", "into")
	wantAPIError(t, "into nothing", merge(c.ID, 0), http.StatusUnprocessableEntity, "required", "into")
	wantAPIError(t, "a deleted thread", merge(gone.ID, c.ID), http.StatusConflict, "thread_deleted", "")
	wantAPIError(t, "into garbage", merge(c.ID, "not a thread"), http.StatusUnprocessableEntity, "thread_ref", "into")
	r := w.modAPI.call(http.MethodPost, "/api/v1/threads/"+itoa(c.ID)+"/actions", map[string]any{"action": "close_duplicate", "duplicate_of": "/t/abc"}, nil)
	wantAPIError(t, "a duplicate of garbage", r, http.StatusUnprocessableEntity, "thread_ref", "duplicate_of")
	wantAPIError(t, "into a list", merge(c.ID, []int{1}), http.StatusBadRequest, "json_malformed", "")
	r = w.modAPI.call(http.MethodDelete, "/api/v1/threads/"+itoa(c.ID)+"/merge", nil, nil)
	wantAPIError(t, "unmerge a thread that is not merged", r, http.StatusConflict, "not_merged", "")
	r = e.axAPI(w.asker).call(http.MethodPost, "/api/v1/threads/"+itoa(d.ID)+"/merge", map[string]any{"into": b.ID}, nil)
	wantAPIError(t, "a member's merge", r, http.StatusForbidden, "forbidden", "")

	// Into a merged thread: to the end of its chain.
	var out struct {
		Thread struct {
			ID int64 `json:"id"`
		} `json:"thread"`
	}
	if r := w.modAPI.call(http.MethodPost, "/api/v1/threads/"+itoa(d.ID)+"/merge", map[string]any{"into": a.ID}, &out); r.Status != http.StatusOK || out.Thread.ID != b.ID {
		t.Errorf("into a merged thread: %d %s, want B", r.Status, r.Body)
	}

	// The pages say the same in words.
	r = w.modPage.post("/t/"+itoa(c.ID)+"/merge", url.Values{"into": {itoa(c.ID)}})
	if r.Status != http.StatusUnprocessableEntity || !axSays(r.Body, axFieldMsg(t, "en", "into", "error.merge_self")) {
		t.Errorf("the picker, into itself: %d", r.Status)
	}
	r = w.modPage.post("/t/"+itoa(c.ID)+"/merge", url.Values{"into": {"nonsense"}})
	if r.Status != http.StatusUnprocessableEntity || !axSays(r.Body, axFieldMsg(t, "en", "into", "error.thread_ref")) {
		t.Errorf("the picker, into garbage: %d", r.Status)
	}
	if r := w.modPage.get("/t/" + itoa(a.ID) + "/merge"); r.Status != http.StatusConflict {
		t.Errorf("the picker for a merged thread: %d", r.Status)
	}
	if r := w.modPage.get("/t/" + itoa(gone.ID) + "/merge"); r.Status != http.StatusConflict {
		t.Errorf("the picker for a deleted thread: %d", r.Status)
	}
	if r := e.axSignedIn(w.asker).get("/t/" + itoa(c.ID) + "/merge"); r.Status != http.StatusForbidden {
		t.Errorf("the picker for a member: %d", r.Status)
	}
	if r := e.browser().get("/t/" + itoa(c.ID) + "/merge"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Errorf("the picker for a guest: %d %q, want the way to the login", r.Status, r.Location)
	}
}

// TestRefusedAnswerOnMergedThread: someone writing an answer while a
// moderator merges the thread should get a refusal that keeps their text,
// as for a closed thread.
func TestRefusedAnswerOnMergedThread(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	a := e.ask(w.asker, "internet", "FritzBox loses DSL sync every evening")
	b := e.ask(w.other, "internet", "DSL sync lost every evening since the update")
	olga := e.axSignedIn(w.other)
	olga.get(threadPath(a))
	if _, err := e.Mod.Merge(context.Background(), w.mod, a.ID, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	const text = "My long answer about the splitter that I do not want to lose."
	r := olga.post("/t/"+itoa(a.ID)+"/answer", url.Values{"body": {text}})
	if r.Status < 400 || !axSays(r.Body, text) {
		t.Errorf("an answer to a merged thread: %d, text kept %v", r.Status, axSays(r.Body, text))
	}
}

// ---- people ----

func TestSuspensionEndsSessions(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	mallory := e.user("mallory", forum.RoleMember)
	session, token := e.axSignedIn(mallory), e.axAPI(mallory)
	if r := session.get("/settings"); r.Status != http.StatusOK {
		t.Fatalf("mallory's settings before: %d", r.Status)
	}
	if r := w.modPage.get("/u/mallory"); !strings.Contains(r.Body, `action="/u/mallory/moderate"`) {
		t.Error("the profile has no account tools for a moderator")
	}
	if r := e.axSignedIn(w.other).get("/u/mallory"); strings.Contains(r.Body, `/moderate"`) {
		t.Error("the profile shows account tools to a member")
	}
	if r := w.modPage.post("/u/mallory/moderate", url.Values{"action": {"suspend"}, "days": {"7"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("suspend without a reason: %d", r.Status)
	}
	if r := w.modPage.post("/u/mallory/moderate", url.Values{"action": {"suspend"}, "days": {"99999"}, "reason": {"x"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("suspend for 99999 days: %d", r.Status)
	}
	const reason = "Advertising in every answer."
	r := w.modPage.post("/u/mallory/moderate", url.Values{"action": {"suspend"}, "days": {"7"}, "reason": {reason}})
	if r.Status != http.StatusSeeOther || r.Location != "/u/mallory" {
		t.Fatalf("suspend: %d %q", r.Status, r.Location)
	}

	// At once: the session is a guest's, the token is refused.
	if r := session.get("/settings"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Errorf("mallory's session after the suspension: %d %q", r.Status, r.Location)
	}
	if r := session.get("/"); strings.Contains(r.Body, `href="/u/mallory"`) {
		t.Error("the home page still shows mallory as signed in")
	}
	wantAPIError(t, "mallory's token", token.call(http.MethodGet, "/api/v1/me", nil, nil), http.StatusUnauthorized, "bad_token", "")
	if r := w.modPage.get("/u/mallory"); !axSays(r.Body, strings.Split(axStr(t, "en", "user.suspended_until"), "%")[0]) || !axSays(r.Body, reason) {
		t.Error("the profile does not show moderators the suspension")
	}

	// Logging in says why, in the browser's language.
	for _, lang := range []string{"en", "de"} {
		prefix := strings.Split(axStr(t, lang, "error.suspended"), "%")[0]
		r := e.browser().axLang(lang).post("/login", url.Values{"username": {"mallory"}, "password": {testPassword}})
		if r.Status != http.StatusForbidden || !axSays(r.Body, prefix) || !axSays(r.Body, reason) || axCookie(r.Header, "chorus_session") != nil {
			t.Errorf("%s: login while suspended: %d, says %q: %v", lang, r.Status, prefix, axSays(r.Body, prefix))
		}
		a := e.api("")
		a.lang = lang
		r = a.call(http.MethodPost, "/api/v1/auth/token", map[string]string{"username": "mallory", "password": testPassword}, nil)
		if r.Status != http.StatusForbidden || !strings.HasPrefix(decodeError(t, r).Error.Message, prefix) || !axSays(r.Body, reason) {
			t.Errorf("%s: API token while suspended: %d %s", lang, r.Status, r.Body)
		}
	}
	w.audited(t, "mod1", "user.suspend", "user", mallory.ID)

	// Lifted: mallory can log in again.
	if r := w.modPage.post("/u/mallory/moderate", url.Values{"action": {"unsuspend"}}); r.Status != http.StatusSeeOther {
		t.Errorf("unsuspend: %d", r.Status)
	}
	if r := e.browser().post("/login", url.Values{"username": {"mallory"}, "password": {testPassword}}); r.Status != http.StatusSeeOther {
		t.Errorf("login after the suspension was lifted: %d", r.Status)
	}
	w.audited(t, "mod1", "user.unsuspend", "user", mallory.ID)
}

// TestSuspensionInAccountLanguage: a German-speaking account is told in
// German, even from a browser that asks for no language.
func TestSuspensionInAccountLanguage(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	hans := e.user("hans", forum.RoleMember)
	if r := e.axSignedIn(hans).post("/settings", url.Values{"language": {"de"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("hans chooses German: %d", r.Status)
	}
	if u, err := e.Svc.User(context.Background(), "hans"); err != nil || u.Language != "de" {
		t.Fatalf("hans's language: %v %+v", err, u)
	}
	r := w.modAPI.call(http.MethodPost, "/api/v1/users/hans/actions", map[string]any{"action": "suspend", "days": 0, "reason": "Spam."}, nil)
	if r.Status != http.StatusOK {
		t.Fatalf("suspend hans: %d %s", r.Status, r.Body)
	}
	w.audited(t, "mod1", "user.suspend", "user", hans.ID)
	want := axStr(t, "de", "error.suspended_forever", "Spam.")
	r = e.browser().post("/login", url.Values{"username": {"hans"}, "password": {testPassword}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("login while suspended: %d", r.Status)
	}
	if !axSays(r.Body, want) {
		t.Errorf("login while suspended does not say %q", want)
	}
}

func TestModeratorsCannotActUpwards(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	mod2 := e.user("mod2", forum.RoleModerator)
	suspend := url.Values{"action": {"suspend"}, "days": {"1"}, "reason": {"Testing the limits."}}
	body := map[string]any{"action": "suspend", "days": 1, "reason": "Testing the limits."}
	for _, target := range []string{"admin1", "anna", "mod2"} {
		r := w.modPage.post("/u/"+target+"/moderate", suspend)
		if r.Status != http.StatusForbidden || !axSays(r.Body, axStr(t, "en", "error.act_on_higher")) {
			t.Errorf("a moderator suspends %s from the page: %d", target, r.Status)
		}
		r = w.modAPI.call(http.MethodPost, "/api/v1/users/"+target+"/actions", body, nil)
		wantAPIError(t, "a moderator suspends "+target, r, http.StatusForbidden, "act_on_higher", "")
		if r := w.modPage.get("/u/" + target); strings.Contains(r.Body, `/moderate"`) {
			t.Errorf("%s's profile offers a moderator the account tools", target)
		}
	}
	r := w.modPage.post("/u/mod1/moderate", suspend)
	if r.Status != http.StatusUnprocessableEntity || !axSays(r.Body, axStr(t, "en", "error.act_on_self")) {
		t.Errorf("a moderator suspends themselves: %d", r.Status)
	}
	wantAPIError(t, "a moderator suspends themselves", w.modAPI.call(http.MethodPost, "/api/v1/users/mod1/actions", body, nil),
		http.StatusUnprocessableEntity, "act_on_self", "")
	wantAPIError(t, "a member suspends a member", e.axAPI(w.asker).call(http.MethodPost, "/api/v1/users/olga/actions", body, nil),
		http.StatusForbidden, "forbidden", "")
	wantAPIError(t, "an unknown action", w.modAPI.call(http.MethodPost, "/api/v1/users/olga/actions", map[string]any{"action": "banish"}, nil),
		http.StatusUnprocessableEntity, "person_action", "action")
	// Nobody above was touched: their sessions still work.
	for _, u := range []*forum.User{w.admin, w.staff, mod2, w.mod} {
		if r := e.axAPI(u).call(http.MethodGet, "/api/v1/me", nil, nil); r.Status != http.StatusOK {
			t.Errorf("%s after the refused suspensions: %d", u.Username, r.Status)
		}
	}
	// Staff outrank moderators.
	var out struct {
		Username       string     `json:"username"`
		SuspendedUntil *time.Time `json:"suspended_until"`
	}
	if r := w.staffAPI.call(http.MethodPost, "/api/v1/users/mod2/actions", body, &out); r.Status != http.StatusOK || out.SuspendedUntil == nil {
		t.Errorf("staff suspends a moderator: %d %s", r.Status, r.Body)
	}
	w.audited(t, "anna", "user.suspend", "user", mod2.ID)
}

// ---- spam words ----

func TestSpamWordsHoldPosts(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	th := e.ask(w.asker, "internet", "Router drops the line every evening")
	admin := e.axSignedIn(w.admin)

	if r := admin.get("/admin/spam"); r.Status != http.StatusOK || !axSays(r.Body, axStr(t, "en", "spam.lead")) {
		t.Fatalf("/admin/spam: %d", r.Status)
	}
	if r := w.staffPage.post("/admin/spam", url.Values{"words": {"casino"}}); r.Status != http.StatusForbidden {
		t.Errorf("staff saves spam words: %d", r.Status)
	}
	long := strings.Repeat("x", 101)
	r := admin.post("/admin/spam", url.Values{"words": {"casino\n" + long}})
	if r.Status != http.StatusUnprocessableEntity || !axSays(r.Body, long) {
		t.Errorf("a word too long: %d, the text kept %v", r.Status, axSays(r.Body, long))
	}
	r = admin.post("/admin/spam", url.Values{"words": {"Casino Bonus\ncheap   pills\n\ncasino bonus"}})
	if r.Status != http.StatusSeeOther || r.Location != "/admin/spam?saved=1" {
		t.Fatalf("save spam words: %d %q", r.Status, r.Location)
	}
	r = admin.get(r.Location)
	if v, _ := axFieldValue(t, r.Body, "spam-words"); v != "casino bonus\ncheap pills" || !axSays(r.Body, axStr(t, "en", "spam.saved")) {
		t.Errorf("the saved words: %q", v)
	}
	var words struct{ Words []string }
	if r := e.axAPI(w.admin).call(http.MethodGet, "/api/v1/admin/spam-words", nil, &words); r.Status != http.StatusOK || strings.Join(words.Words, ",") != "casino bonus,cheap pills" {
		t.Errorf("the words through the API: %d %v", r.Status, words.Words)
	}
	w.audited(t, "admin1", "settings.spam_words", "settings", 0)

	// A member's answer with a spam word is held.
	const body = "Forget the router, try this casino bonus instead, it is great fun."
	r = e.axSignedIn(w.helper).post("/t/"+itoa(th.ID)+"/answer", url.Values{"body": {body}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("the answer with a spam word: %d", r.Status)
	}
	guest := e.browser()
	if axSays(guest.get(threadPath(th)).Body, body) {
		t.Error("a guest sees the held answer")
	}
	if r := e.axSignedIn(w.helper).get(threadPath(th)); !axSays(r.Body, body) || !axSays(r.Body, axStr(t, "en", "post.hidden_held")) {
		t.Error("the author does not see the held answer with its notice")
	}
	// A question with a spam word is held as a whole thread.
	var asked struct {
		Thread struct {
			ID int64 `json:"id"`
		} `json:"thread"`
	}
	r = e.axAPI(w.other).call(http.MethodPost, "/api/v1/threads", map[string]string{"category": "internet",
		"title": "Cheap pills for a faster router", "body": "Order cheap pills today and your router will be faster."}, &asked)
	if r.Status != http.StatusCreated || asked.Thread.ID == 0 {
		t.Fatalf("the question with a spam word: %d %s", r.Status, r.Body)
	}
	if r := guest.get("/t/" + itoa(asked.Thread.ID)); r.Status != http.StatusNotFound {
		t.Errorf("a guest on the held question: %d", r.Status)
	}

	// In the queue as held, with the reason.
	held := e.answer(w.mod, th.ID) // a moderator's answer is never held
	if it := w.queued(held.ID); it != nil {
		t.Error("a moderator's answer is in the queue")
	}
	var heldID int64
	got, _ := w.thread(w.modAPI, th.ID)
	for _, p := range got.Posts {
		if p.Body == body {
			heldID = p.ID
			if p.HiddenReason != "held" {
				t.Errorf("the held answer: %+v", p)
			}
		}
	}
	it := w.queued(heldID)
	if it == nil || !it.Held || strings.Join(it.HoldReasons, ",") != "word: casino bonus" {
		t.Fatalf("the held answer in the queue: %+v", it)
	}
	qid := w.question(asked.Thread.ID)
	if it := w.queued(qid); it == nil || !it.Held || strings.Join(it.HoldReasons, ",") != "word: cheap pills" {
		t.Errorf("the held question in the queue: %+v", it)
	}
	r = w.modPage.get("/mod")
	if !strings.Contains(r.Body, `id="review-`+itoa(heldID)+`"`) || !axSays(r.Body, axStr(t, "en", "mod.approve")) {
		t.Error("/mod does not offer to approve the held answer")
	}

	// Approval publishes and tells the author.
	if r := w.modPage.post("/mod/review/"+itoa(heldID), url.Values{"decision": {"approve"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d", r.Status)
	}
	if !axSays(guest.get(threadPath(th)).Body, body) {
		t.Error("a guest does not see the approved answer")
	}
	if n := w.notified(w.helper, forum.NotifyApproved, th.ID); n == nil || n.PostID != heldID {
		t.Errorf("the author was not told of the approval: %+v", n)
	}
	if r := w.modAPI.call(http.MethodPost, "/api/v1/mod/queue/"+itoa(qid), map[string]string{"decision": "approve"}, nil); r.Status != http.StatusOK {
		t.Errorf("approve the question through the API: %d %s", r.Status, r.Body)
	}
	if r := guest.get("/t/" + itoa(asked.Thread.ID)); r.Status != http.StatusMovedPermanently && r.Status != http.StatusOK {
		t.Errorf("a guest on the approved question: %d", r.Status)
	}
	w.audited(t, "mod1", "review.approve", "post", heldID)
	w.audited(t, "mod1", "review.approve", "post", qid)
}

// ---- rate limits ----

// TestPostLimitsOverHTTP puts the real limits back: a new account may post
// five times an hour; the sixth is a 429 that says so in the person's
// language, from the page (with the text kept) and from the API.
func TestPostLimitsOverHTTP(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	th := e.ask(w.mod, "internet", "Router drops the line every evening")
	old := w.veteran("veronika")
	e.Mod.Limits = moderation.DefaultLimits()
	// All the posts fall into one hour's window.
	axAlignWindow(e, time.Hour)
	ben, bea := e.user("ben", forum.RoleMember), e.user("bea", forum.RoleMember)
	page := e.axSignedIn(ben).axLang("de")
	client := e.axAPI(bea)
	answer := func(i int) string { return "Answer number " + itoa(i) + ": check the splitter and the cable." }
	for i := 1; i <= 5; i++ {
		if r := page.post("/t/"+itoa(th.ID)+"/answer", url.Values{"body": {answer(i)}}); r.Status != http.StatusSeeOther {
			t.Fatalf("page answer %d: %d %s", i, r.Status, axShort(r.Body))
		}
		if r := client.call(http.MethodPost, "/api/v1/threads/"+itoa(th.ID)+"/posts", map[string]string{"body": answer(i)}, nil); r.Status != http.StatusCreated {
			t.Fatalf("API answer %d: %d %s", i, r.Status, r.Body)
		}
	}
	r := page.post("/t/"+itoa(th.ID)+"/answer", url.Values{"body": {answer(6)}})
	if want := axStr(t, "de", "error.limit_posts_new", 5, 1); r.Status != http.StatusTooManyRequests || !axSays(r.Body, want) {
		t.Errorf("the sixth answer from the page: %d, want 429 %q", r.Status, want)
	}
	if v, _ := axFieldValue(t, r.Body, "answer-body"); v != answer(6) {
		t.Errorf("the refused answer's text is not kept: %q", v)
	}
	r = client.call(http.MethodPost, "/api/v1/threads/"+itoa(th.ID)+"/posts", map[string]string{"body": answer(6)}, nil)
	wantAPIError(t, "the sixth answer from the API", r, http.StatusTooManyRequests, "limit_posts_new", "")
	if m := axErr(r).Error.Message; m != axStr(t, "en", "error.limit_posts_new", 5, 1) {
		t.Errorf("the API's message: %q", m)
	}
	client.lang = "de"
	r = client.call(http.MethodPost, "/api/v1/posts/"+itoa(w.question(th.ID))+"/comments", map[string]string{"body": "A comment counts as a post."}, nil)
	if m := axErr(r).Error.Message; r.Status != http.StatusTooManyRequests || m != axStr(t, "de", "error.limit_posts_new", 5, 1) {
		t.Errorf("a comment over the limit, in German: %d %q", r.Status, m)
	}
	// An account of long standing has room for more.
	for i := 1; i <= 6; i++ {
		if r := e.axAPI(old).call(http.MethodPost, "/api/v1/threads/"+itoa(th.ID)+"/posts", map[string]string{"body": answer(i)}, nil); r.Status != http.StatusCreated {
			t.Errorf("an old account's answer %d: %d %s", i, r.Status, r.Body)
		}
	}
}

// ---- the audit log ----

func TestAuditLogPage(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	th := e.ask(w.asker, "internet", "Router drops the line every evening")
	other := e.ask(w.other, "internet", "WLAN drops when the microwave is on")
	act := func(a *api, id int64, action string) {
		t.Helper()
		if r := a.call(http.MethodPost, "/api/v1/threads/"+itoa(id)+"/actions", map[string]string{"action": action}, nil); r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", action, r.Status, r.Body)
		}
	}
	act(w.modAPI, th.ID, "lock")
	act(w.staffAPI, other.ID, "pin")
	if r := w.modAPI.call(http.MethodPost, "/api/v1/users/olga/actions", map[string]any{"action": "silence", "days": 3, "reason": "Cool down."}, nil); r.Status != http.StatusOK {
		t.Fatalf("silence: %d %s", r.Status, r.Body)
	}

	// Staff and admins only.
	for who, b := range map[string]*browser{"a member": e.axSignedIn(w.asker), "a moderator": w.modPage} {
		if r := b.get("/mod/audit"); r.Status != http.StatusForbidden {
			t.Errorf("%s on /mod/audit: %d", who, r.Status)
		}
	}
	if r := e.browser().get("/mod/audit"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login") {
		t.Errorf("a guest on /mod/audit: %d %q", r.Status, r.Location)
	}
	wantAPIError(t, "a moderator's audit log", w.modAPI.call(http.MethodGet, "/api/v1/mod/audit", nil, nil), http.StatusForbidden, "forbidden", "")
	if r := e.axSignedIn(w.admin).get("/mod/audit"); r.Status != http.StatusOK {
		t.Errorf("an admin on /mod/audit: %d", r.Status)
	}
	// Only staff see the per-thread link into the log.
	link := `href="/mod/audit?target_type=thread&amp;target_id=` + itoa(th.ID) + `"`
	if r := w.staffPage.get(threadPath(th)); !strings.Contains(r.Body, link) {
		t.Error("staff see no link to the thread's audit entries")
	}
	if r := w.modPage.get(threadPath(th)); strings.Contains(r.Body, link) {
		t.Error("a moderator sees a link to the audit log")
	}

	shows := func(query string, want, not []string) {
		t.Helper()
		r := w.staffPage.get("/mod/audit?" + query)
		if r.Status != http.StatusOK {
			t.Errorf("/mod/audit?%s: %d", query, r.Status)
			return
		}
		for _, a := range want {
			if !strings.Contains(r.Body, "<code>"+a+"</code>") {
				t.Errorf("/mod/audit?%s lacks %s", query, a)
			}
		}
		for _, a := range not {
			if strings.Contains(r.Body, "<code>"+a+"</code>") {
				t.Errorf("/mod/audit?%s shows %s", query, a)
			}
		}
	}
	shows("", []string{"thread.lock", "thread.pin", "user.silence"}, nil)
	shows("actor=mod1", []string{"thread.lock", "user.silence"}, []string{"thread.pin"})
	shows("action=thread.", []string{"thread.lock", "thread.pin"}, []string{"user.silence"})
	shows("target_type=thread&target_id="+itoa(th.ID), []string{"thread.lock"}, []string{"thread.pin", "user.silence"})
	shows("target_type=user", []string{"user.silence"}, []string{"thread.lock"})
	if r := w.staffPage.get("/mod/audit?actor=mod1&action=thread."); !strings.Contains(r.Body, `value="mod1"`) || !strings.Contains(r.Body, `value="thread."`) {
		t.Error("the filters are not kept in the form")
	}
	for _, q := range []string{"target_type=planet", "target_id=abc", "page=0"} {
		if r := w.staffPage.get("/mod/audit?" + q); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("/mod/audit?%s: %d", q, r.Status)
		}
	}
	wantAPIError(t, "a bad filter through the API", w.staffAPI.call(http.MethodGet, "/api/v1/mod/audit?target_type=planet", nil, nil),
		http.StatusUnprocessableEntity, "filter_invalid", "target_type")

	// Through the API, with before and after.
	es := w.audit("actor=mod1")
	if len(es) != 2 {
		t.Fatalf("mod1's entries: %+v", es)
	}
	for _, en := range es {
		if en.Actor == nil || en.Actor.Username != "mod1" {
			t.Errorf("an entry of someone else under actor=mod1: %+v", en)
		}
	}
	lock := w.audited(t, "mod1", "thread.lock", "thread", th.ID)
	if !strings.Contains(string(lock.Before), `"locked":false`) || !strings.Contains(string(lock.After), `"locked":true`) {
		t.Errorf("the lock entry: %s → %s", lock.Before, lock.After)
	}
	if s := w.audited(t, "mod1", "user.silence", "user", w.other.ID); s.Reason != "Cool down." {
		t.Errorf("the silence entry: %+v", s)
	}
}

// TestNewDuplicatesOnDashboard: a new question that looks like an existing
// thread is listed on /mod with a one-click merge into it.
func TestNewDuplicatesOnDashboard(t *testing.T) {
	t.Parallel()
	w := mdNewWorld(t)
	e := w.e
	old := e.sxAsk(w.asker, "internet", "Router loses DSL sync every evening at eight",
		"Every evening at about eight the DSL light blinks and the router loses sync for a minute.")
	e.sxFillers(w.helper, "billing", 12)
	dup := e.sxAsk(w.other, "internet", "DSL sync lost every evening around eight",
		"My router loses the DSL sync every evening around eight o'clock, the DSL light blinks.")
	e.searchable()
	r := w.modPage.get("/mod")
	merge := `action="/t/` + itoa(dup.ID) + `/merge"`
	if r.Status != http.StatusOK || !strings.Contains(r.Body, merge) || !strings.Contains(r.Body, `name="into" value="`+itoa(old.ID)+`"`) {
		t.Fatalf("/mod does not offer to merge the new question %d into %d (%d)", dup.ID, old.ID, r.Status)
	}
	form := w.modPage.post("/t/"+itoa(dup.ID)+"/merge", url.Values{"into": {itoa(old.ID)}})
	if form.Status != http.StatusSeeOther {
		t.Fatalf("one-click merge: %d %s", form.Status, form.Body)
	}
	if r := w.modPage.get("/mod"); strings.Contains(r.Body, merge) {
		t.Error("the merged question is still offered on /mod")
	}
}
