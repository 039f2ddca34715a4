package moderation_test

// Regression tests for the fixes from the review of the moderation change:
// one test per fix, each through the forum and moderation services on a
// real SQLite file.

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// spamWords sets the admins' spam words, failing the test on error.
func (e *env) spamWords(words ...string) {
	e.t.Helper()
	if _, err := e.mod.SetSpamWords(e.ctx, e.admin, words); err != nil {
		e.t.Fatal(err)
	}
}

// flagHide hides a post by the flags of three established members.
func (e *env) flagHide(postID int64) {
	e.t.Helper()
	for i := range 3 {
		res := e.flag(e.flagger(e.name("hider")), postID, moderation.ReasonSpam)
		if (i == 2) != res.Hidden {
			e.t.Fatalf("flag %d on post %d: hidden %v", i+1, postID, res.Hidden)
		}
	}
}

// count counts rows through the raw handle.
func (e *env) count(query string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.raw().QueryRowContext(e.ctx, query, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// notification returns u's newest notification of kind about a post, or nil.
func (e *env) notification(u *forum.User, kind string, postID int64) *forum.Notification {
	e.t.Helper()
	for _, n := range e.notifications(u) {
		if n.Kind == kind && n.PostID == postID {
			return &n
		}
	}
	return nil
}

// TestRevisionsOfHiddenPosts: the history of a held or flag-hidden answer
// is for its author and moderators; guests and other members get NotFound,
// as for the post itself.
func TestRevisionsOfHiddenPosts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author, reader := e.member("asker"), e.member("author"), e.member("reader")
	th := e.ask(asker, "Wireless earbuds disconnect every minute")
	e.spamWords("casino")
	held := e.answer(author, th.ID, "Reset the earbuds, then visit my casino for a bonus.")
	if e.post(held.ID).HiddenReason != forum.HiddenHeld {
		t.Fatal("the answer with a spam word was not held")
	}
	flagged := e.answer(author, th.ID, "Reset the earbuds in the case for ten seconds.")
	e.flagHide(flagged.ID)
	if e.post(flagged.ID).HiddenReason != forum.HiddenByFlags {
		t.Fatal("the flagged answer is not hidden by flags")
	}

	for _, c := range []struct {
		name string
		post *forum.Post
	}{{"held", held}, {"hidden by flags", flagged}} {
		t.Run(c.name, func(t *testing.T) {
			e := e.sub(t)
			for _, u := range []*forum.User{nil, reader} {
				revs, _, err := e.svc.Revisions(e.ctx, u, c.post.ID)
				who := "a guest"
				if u != nil {
					who = u.Username
				}
				if forum.ErrorKind(err) != forum.NotFound {
					t.Errorf("%s reads the revisions: %d revisions, %v; want NotFound", who, len(revs), err)
				}
			}
			for _, u := range []*forum.User{author, e.moderator} {
				revs, _, err := e.svc.Revisions(e.ctx, u, c.post.ID)
				if err != nil {
					t.Errorf("%s cannot read the revisions: %v", u.Username, err)
					continue
				}
				if len(revs) == 0 || revs[len(revs)-1].BodyMD != c.post.BodyMD {
					t.Errorf("%s reads %+v", u.Username, revs)
				}
			}
		})
	}
}

// TestUnmergeQuestionGone: once the merged thread's question, an answer in
// the target now, was deleted or hidden there, undoing the merge is refused
// (it would come back as a question nobody can see) and changes nothing.
func TestUnmergeQuestionGone(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		gone func(e *env, q *forum.Post)
	}{
		{"deleted by a moderator", func(e *env, q *forum.Post) {
			if _, _, err := e.svc.DeletePost(e.ctx, e.moderator, q.ID); err != nil {
				e.t.Fatal(err)
			}
		}},
		{"hidden by flags", func(e *env, q *forum.Post) {
			if !e.flag(e.moderator, q.ID, moderation.ReasonSpam).Hidden {
				e.t.Fatal("the moderator's flag did not hide the post")
			}
		}},
		{"hidden in review", func(e *env, q *forum.Post) {
			e.flag(e.flagger("flagger"), q.ID, moderation.ReasonOffTopic)
			must(e.t, e.mod.Review(e.ctx, e.moderator, q.ID, moderation.ReviewInput{Decision: "hide", Reason: "rude"}))
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			ann, bob, helper := e.member("ann"), e.member("bob"), e.member("helper")
			b := e.ask(bob, "Smart speaker does not hear the wake word")
			a := e.ask(ann, "The wake word of the speaker is ignored")
			e.answer(helper, a.ID, "Move the speaker away from the wall and the TV.")
			q := e.question(a.ID)
			if _, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, "same problem"); err != nil {
				t.Fatal(err)
			}
			c.gone(e, e.post(q.ID))
			before, seq := e.dbState(), e.lastOutbox()
			_, err := e.mod.Unmerge(e.ctx, e.moderator, a.ID, "not the same")
			wantErr(t, err, forum.Conflict, "error.unmerge_question_gone")
			if after := e.dbState(); after != before {
				t.Errorf("a refused unmerge changed the database:\nbefore %s\nafter  %s", before, after)
			}
			if len(e.outboxThreads(seq)) != 0 {
				t.Error("a refused unmerge wrote to the outbox")
			}
			if got := e.thread(a.ID).MergedIntoID; got != b.ID {
				t.Errorf("A merged into %d, want %d", got, b.ID)
			}
		})
	}
}

// TestEditsPassTheGate: an edit is screened like a new post.
func TestEditsPassTheGate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, writer := e.member("asker"), e.member("writer")
	th := e.ask(asker, "Laptop will not wake from sleep")
	e.spamWords("casino")

	t.Run("a spam word holds an answer", func(t *testing.T) {
		e := e.sub(t)
		p := e.answer(writer, th.ID, "Update the BIOS, it fixed waking up for me.")
		if e.post(p.ID).Hidden() {
			t.Fatal("the clean answer is hidden")
		}
		body := "Update the BIOS, or forget it and play at my casino."
		if _, err := e.svc.EditPost(e.ctx, writer, p.ID, forum.PostEdit{Body: body}); err != nil {
			t.Fatal(err)
		}
		got := e.post(p.ID)
		if got.BodyMD != body {
			t.Errorf("the edit was not stored: %q", got.BodyMD)
		}
		if got.HiddenAt == nil || got.HiddenReason != forum.HiddenHeld {
			t.Errorf("after the edit: hidden at %v, reason %q; want held", got.HiddenAt, got.HiddenReason)
		}
		if it := e.queued(p.ID); it == nil || !it.Held {
			t.Errorf("queue item %+v, want a held item", it)
		}
	})
	t.Run("a spam word holds a question's thread", func(t *testing.T) {
		e := e.sub(t)
		own := e.ask(writer, "Keyboard backlight stays off")
		title := "Keyboard backlight stays off, casino inside"
		body := "The backlight stays off since the update. It happens every evening."
		if _, err := e.svc.EditPost(e.ctx, writer, e.question(own.ID).ID, forum.PostEdit{Title: title, Body: body}); err != nil {
			t.Fatal(err)
		}
		got := e.thread(own.ID)
		if got.Title != title || e.question(own.ID).BodyMD != body {
			t.Errorf("the edit was not stored: %q, %q", got.Title, e.question(own.ID).BodyMD)
		}
		if got.HiddenAt == nil || got.HiddenReason != forum.HiddenHeld {
			t.Errorf("thread after the edit: hidden at %v, reason %q; want held", got.HiddenAt, got.HiddenReason)
		}
		if it := e.queued(e.question(own.ID).ID); it == nil || !it.Held {
			t.Errorf("queue item %+v, want a held item", it)
		}
		if e.listed(own.ID) {
			t.Error("the held thread is still listed")
		}
	})
	t.Run("a new account's links are refused", func(t *testing.T) {
		e := e.sub(t)
		newbie := e.newMember("newbie")
		p := e.answer(newbie, th.ID, "Hold the power button for thirty seconds.")
		body := "See https://a.example/1 https://b.example/2 https://c.example/3 https://d.example/4 for details."
		before := e.dbState()
		_, err := e.svc.EditPost(e.ctx, newbie, p.ID, forum.PostEdit{Body: body})
		wantField(t, err, "body", "error.too_many_links")
		if e.dbState() != before || e.post(p.ID).BodyMD != p.BodyMD {
			t.Error("the refused edit changed the database")
		}
	})
	t.Run("a silenced member cannot edit", func(t *testing.T) {
		e := e.sub(t)
		quiet := e.member("quiet")
		p := e.answer(quiet, th.ID, "Disable fast startup in the power options.")
		e.act(e.moderator, quiet, moderation.PersonInput{Action: "silence", Days: 7, Reason: "heated replies"})
		before := e.dbState()
		_, err := e.svc.EditPost(e.ctx, e.fresh(quiet), p.ID, forum.PostEdit{Body: "Disable fast startup, and stop asking."})
		wantErr(t, err, forum.Forbidden, "error.silenced")
		if e.dbState() != before || e.post(p.ID).BodyMD != p.BodyMD {
			t.Error("the refused edit changed the database")
		}
	})
	t.Run("a moderator's edit is not held", func(t *testing.T) {
		e := e.sub(t)
		p := e.answer(writer, th.ID, "Unplug every USB device, then try sleep again.")
		own := e.answer(e.moderator, th.ID, "Check the wake timers in the power settings.")
		for _, id := range []int64{p.ID, own.ID} {
			if _, err := e.svc.EditPost(e.ctx, e.moderator, id, forum.PostEdit{Body: "Never trust a casino link in an answer."}); err != nil {
				t.Fatal(err)
			}
			if got := e.post(id); got.Hidden() {
				t.Errorf("post %d was held after a moderator's edit (%q)", id, got.HiddenReason)
			}
			if e.queued(id) != nil {
				t.Errorf("post %d is in the queue", id)
			}
		}
		mq := e.ask(e.moderator, "Fan noise after waking up")
		if _, err := e.svc.EditPost(e.ctx, e.moderator, e.question(mq.ID).ID, forum.PostEdit{Title: "Fan noise after waking up at the casino",
			Body: "The fan spins at full speed after waking. It happens every evening."}); err != nil {
			t.Fatal(err)
		}
		if got := e.thread(mq.ID); got.HiddenAt != nil {
			t.Errorf("the moderator's thread was held after an edit (%q)", got.HiddenReason)
		}
	})
}

// TestAcceptedAnswerFollowsVisibility: only an answer readers see can be
// accepted, hiding the accepted answer removes the mark, and deleting a
// merged accepted answer removes it in the thread it came from too.
func TestAcceptedAnswerFollowsVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, helper := e.member("asker"), e.member("helper")
	e.spamWords("casino")

	t.Run("hidden or held answers cannot be accepted", func(t *testing.T) {
		e := e.sub(t)
		th := e.ask(asker, "Tablet charges very slowly")
		held := e.answer(helper, th.ID, "Use the original charger, or win one at my casino.")
		flagged := e.answer(helper, th.ID, "Use the charger that came with the tablet.")
		e.flagHide(flagged.ID)
		for _, p := range []*forum.Post{held, flagged} {
			if !e.post(p.ID).Hidden() {
				t.Fatalf("post %d is not hidden", p.ID)
			}
			for _, u := range []*forum.User{asker, e.moderator} {
				_, err := e.svc.Accept(e.ctx, u, th.ID, p.ID)
				wantField(t, err, "post_id", "error.accept_not_answer")
			}
		}
		if got := e.thread(th.ID).AcceptedPostID; got != 0 {
			t.Errorf("AcceptedPostID = %d", got)
		}
	})
	t.Run("a moderator's flag clears the mark", func(t *testing.T) {
		e := e.sub(t)
		th := e.ask(asker, "Smartphone camera is blurry")
		p := e.answer(helper, th.ID, "Clean the lens with a microfibre cloth.")
		_, err := e.svc.Accept(e.ctx, asker, th.ID, p.ID)
		must(t, err)
		if !e.flag(e.moderator, p.ID, moderation.ReasonSpam).Hidden {
			t.Fatal("the moderator's flag did not hide the answer")
		}
		if got := e.thread(th.ID).AcceptedPostID; got != 0 {
			t.Errorf("AcceptedPostID = %d after hiding the accepted answer", got)
		}
	})
	t.Run("a review hide clears the mark", func(t *testing.T) {
		e := e.sub(t)
		th := e.ask(asker, "Smartwatch battery lasts a day")
		p := e.answer(helper, th.ID, "Turn off the always-on display.")
		_, err := e.svc.Accept(e.ctx, asker, th.ID, p.ID)
		must(t, err)
		e.flag(e.flagger(e.name("flagger")), p.ID, moderation.ReasonOffTopic)
		must(t, e.mod.Review(e.ctx, e.moderator, p.ID, moderation.ReviewInput{Decision: "hide", Reason: "off topic"}))
		if got := e.thread(th.ID).AcceptedPostID; got != 0 {
			t.Errorf("AcceptedPostID = %d after hiding the accepted answer", got)
		}
	})
	t.Run("deleting a merged accepted answer clears its old thread", func(t *testing.T) {
		e := e.sub(t)
		b := e.ask(e.member(e.name("bob")), "Monitor flickers at 144 Hz")
		a := e.ask(asker, "Screen flickering at high refresh rate")
		p := e.answer(helper, a.ID, "Use a DisplayPort cable rated for the refresh rate.")
		_, err := e.svc.Accept(e.ctx, asker, a.ID, p.ID)
		must(t, err)
		if _, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, "same problem"); err != nil {
			t.Fatal(err)
		}
		if got := e.thread(a.ID).AcceptedPostID; got != p.ID {
			t.Fatalf("A's AcceptedPostID = %d after the merge, want %d", got, p.ID)
		}
		if _, _, err := e.svc.DeletePost(e.ctx, e.moderator, p.ID); err != nil {
			t.Fatal(err)
		}
		got, err := e.db.ThreadByID(e.ctx, a.ID)
		must(t, err)
		if got.AcceptedPostID != 0 {
			t.Errorf("A's AcceptedPostID = %d after deleting the post in B", got.AcceptedPostID)
		}
	})
}

// TestPurgeUndoesMergesIntoSpam: purging a spammer first undoes the merges
// into their threads, so an honest thread merged there comes back.
func TestPurgeUndoesMergesIntoSpam(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, helper, spammer := e.member("asker"), e.member("helper"), e.member("spammer")
	b := e.ask(spammer, "Printer shows paper jam without paper")
	a := e.ask(asker, "Paper jam error but nothing is stuck")
	ans := e.answer(helper, a.ID, "Clean the paper sensor behind the rear cover.")
	q := e.question(a.ID)
	if _, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, "same problem"); err != nil {
		t.Fatal(err)
	}

	e.act(e.moderator, spammer, moderation.PersonInput{Action: "purge", Reason: "printer spam"})
	if got := e.thread(a.ID); got.MergedIntoID != 0 || got.DeletedAt != nil {
		t.Errorf("A after the purge: merged into %d, deleted %v", got.MergedIntoID, got.DeletedAt)
	}
	if e.thread(b.ID).DeletedAt == nil {
		t.Error("the spammer's thread was not deleted")
	}
	for _, id := range []int64{q.ID, ans.ID} {
		p := e.post(id)
		if p.ThreadID != a.ID || p.Deleted() || p.Hidden() {
			t.Errorf("post %d: thread %d, deleted %v, hidden %v", id, p.ThreadID, p.Deleted(), p.Hidden())
		}
	}
	if !e.post(q.ID).IsQuestion {
		t.Error("A's question is not its question again")
	}
	v, err := e.svc.Thread(e.ctx, nil, a.ID)
	if err != nil {
		t.Fatalf("a guest opens A: %v", err)
	}
	if v.Thread.MergedIntoID != 0 || v.Question.ID != q.ID || len(v.Answers) != 1 || v.Answers[0].ID != ans.ID {
		t.Errorf("A's page: merged into %d, question %d, %d answers", v.Thread.MergedIntoID, v.Question.ID, len(v.Answers))
	}
	if !e.listed(a.ID) {
		t.Error("A is not listed")
	}
	es := e.audit(moderation.AuditFilter{Action: "thread.unmerge", TargetType: "thread", TargetID: a.ID})
	if len(es) != 1 || es[0].Reason != "purge of spammer" {
		t.Errorf("unmerge entries %+v, want one with reason %q", es, "purge of spammer")
	}
}

// TestNoVotesOrCommentsOnHiddenPosts: nobody votes or comments on an
// answer readers cannot see.
func TestNoVotesOrCommentsOnHiddenPosts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author, voter := e.member("asker"), e.member("author"), e.member("voter")
	th := e.ask(asker, "Robot vacuum gets stuck under the sofa")
	e.spamWords("casino")
	held := e.answer(author, th.ID, "Lower the sofa, or buy a new one with casino money.")
	flagged := e.answer(author, th.ID, "Put a virtual wall in the app under the sofa.")
	e.flagHide(flagged.ID)

	for _, c := range []struct {
		name string
		post *forum.Post
	}{{"held", held}, {"hidden by flags", flagged}} {
		t.Run(c.name, func(t *testing.T) {
			e := e.sub(t)
			if !e.post(c.post.ID).Hidden() {
				t.Fatal("the answer is not hidden")
			}
			before := e.dbState()
			votes := e.count(`SELECT COUNT(*) FROM votes WHERE post_id = ?`, c.post.ID)
			comments := e.count(`SELECT COUNT(*) FROM comments WHERE post_id = ?`, c.post.ID)
			for _, u := range []*forum.User{voter, asker} {
				if _, _, err := e.svc.Vote(e.ctx, u, c.post.ID, 1); err == nil {
					t.Errorf("%s voted on a hidden answer", u.Username)
				}
				if _, _, err := e.svc.AddComment(e.ctx, u, c.post.ID, "A comment under a hidden answer"); err == nil {
					t.Errorf("%s commented on a hidden answer", u.Username)
				}
			}
			if e.count(`SELECT COUNT(*) FROM votes WHERE post_id = ?`, c.post.ID) != votes {
				t.Error("a vote was stored")
			}
			if e.count(`SELECT COUNT(*) FROM comments WHERE post_id = ?`, c.post.ID) != comments {
				t.Error("a comment was stored")
			}
			if e.dbState() != before {
				t.Error("a refused write changed the database")
			}
		})
	}
}

// TestSuspensionSetsFlagsAside: a suspended or purged member's pending
// flags leave the queue and stop counting towards hiding a post.
func TestSuspensionSetsFlagsAside(t *testing.T) {
	t.Parallel()
	for _, in := range []moderation.PersonInput{
		{Action: "suspend", Days: 7, Reason: "flag ring"},
		{Action: "purge", Reason: "flag ring"},
	} {
		t.Run(in.Action, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			asker, author := e.member("asker"), e.member("author")
			th := e.ask(asker, "Tablet keyboard drops keystrokes")
			ring, honest := e.flagger("ring"), e.flagger("honest")
			only := e.answer(author, th.ID, "Re-pair the keyboard after removing it from the list.")
			both := e.answer(author, th.ID, "Replace the keyboard's batteries first.")
			e.flag(ring, only.ID, moderation.ReasonSpam)
			e.flag(ring, both.ID, moderation.ReasonSpam)
			e.flag(honest, both.ID, moderation.ReasonSpam)
			if e.queued(only.ID) == nil {
				t.Fatal("the flagged answer is not in the queue")
			}

			e.act(e.moderator, ring, in)
			if it := e.queued(only.ID); it != nil {
				t.Errorf("the answer flagged only by %s is still in the queue: %+v", ring.Username, it)
			}
			it := e.queued(both.ID)
			if it == nil {
				t.Fatal("the answer flagged by another member left the queue")
			}
			if len(it.Flags) != 1 || it.Flags[0].User.ID != honest.ID || it.Score != 1 {
				t.Errorf("queue item: %d flags, score %v; want the honest member's only", len(it.Flags), it.Score)
			}
			// With the ring's flag set aside, a third member's flag makes 2
			// (it would have made 3 and hidden the answer); a fourth hides it.
			if res := e.flag(e.flagger("third"), both.ID, moderation.ReasonSpam); res.Hidden || e.post(both.ID).Hidden() {
				t.Error("a set-aside flag still counted towards hiding the answer")
			}
			if !e.flag(e.flagger("fourth"), both.ID, moderation.ReasonSpam).Hidden {
				t.Error("three members in good standing did not hide the answer")
			}
		})
	}
}

// TestUnhideThreadResolves: showing a thread with the thread tools decides
// what waited about it.
func TestUnhideThreadResolves(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.spamWords("casino")
	unhide := moderation.ThreadActionInput{Action: "unhide"}

	t.Run("a held question is approved", func(t *testing.T) {
		e := e.sub(t)
		asker := e.member("asker")
		th := e.ask(asker, "Which casino app drains the battery")
		if got := e.thread(th.ID); got.HiddenReason != forum.HiddenHeld {
			t.Fatalf("the thread is not held: %q", got.HiddenReason)
		}
		q := e.question(th.ID)
		if _, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, unhide); err != nil {
			t.Fatal(err)
		}
		if !e.notified(asker, forum.NotifyApproved, th.ID) {
			t.Error("the asker was not told that the question was approved")
		}
		if e.queued(q.ID) != nil {
			t.Error("the question is still in the queue")
		}
		if !e.listed(th.ID) {
			t.Error("the thread is not listed")
		}
	})
	t.Run("the flags on a flag-hidden question are resolved", func(t *testing.T) {
		e := e.sub(t)
		asker := e.member("asker2")
		th := e.ask(asker, "Phone reboots when charging overnight")
		q := e.question(th.ID)
		e.flagHide(q.ID)
		if got := e.thread(th.ID); got.HiddenReason != forum.HiddenByFlags {
			t.Fatalf("the thread is not hidden by flags: %q", got.HiddenReason)
		}
		if e.queued(q.ID) == nil {
			t.Fatal("the flagged question is not in the queue")
		}
		if _, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, unhide); err != nil {
			t.Fatal(err)
		}
		if it := e.queued(q.ID); it != nil {
			t.Errorf("the question is still in the queue: %d flags", len(it.Flags))
		}
		if n := e.count(`SELECT COUNT(*) FROM flags WHERE post_id = ? AND resolved_at IS NULL`, q.ID); n != 0 {
			t.Errorf("%d flags still pending", n)
		}
		if e.notified(asker, forum.NotifyApproved, th.ID) {
			t.Error("the asker of a flag-hidden thread was told it was approved")
		}
	})
}

// TestAuditedSettingsAndAccepts: a moderator's accept on the asker's
// behalf, category changes and the search words are in the audit log.
func TestAuditedSettingsAndAccepts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)

	t.Run("accept", func(t *testing.T) {
		e := e.sub(t)
		asker, helper := e.member("asker"), e.member("helper")
		own := e.ask(asker, "Mouse cursor jumps around")
		p := e.answer(helper, own.ID, "Clean the sensor under the mouse.")
		_, err := e.svc.Accept(e.ctx, asker, own.ID, p.ID)
		must(t, err)
		if es := e.audit(moderation.AuditFilter{Action: "thread.accept"}); len(es) != 0 {
			t.Errorf("the asker's own accept was audited: %+v", es)
		}
		th := e.ask(asker, "Mouse double clicks on its own")
		q := e.answer(helper, th.ID, "The switch wears out; replace the mouse.")
		_, err = e.svc.Accept(e.ctx, e.moderator, th.ID, q.ID)
		must(t, err)
		a := e.auditEntry("thread.accept", "thread", th.ID)
		if a.Actor == nil || a.Actor.ID != e.moderator.ID || !strings.Contains(a.After, "accepted_post_id") ||
			!strings.Contains(a.After, ":"+strconv.FormatInt(q.ID, 10)) {
			t.Errorf("accept entry %+v", a)
		}
		if es := e.audit(moderation.AuditFilter{Action: "thread.accept"}); len(es) != 1 {
			t.Errorf("%d accept entries, want 1", len(es))
		}
	})
	t.Run("categories", func(t *testing.T) {
		e := e.sub(t)
		c, err := e.svc.CreateCategory(e.ctx, e.admin, forum.CategoryInput{Slug: "printers", Name: "Printers", ResponseTargetHours: 24})
		must(t, err)
		a := e.auditEntry("category.create", "settings", c.ID)
		if a.Actor == nil || a.Actor.ID != e.admin.ID || !strings.Contains(a.After, "printers") {
			t.Errorf("create entry %+v", a)
		}
		_, err = e.svc.UpdateCategory(e.ctx, e.admin, c.ID, forum.CategoryInput{Slug: "printers", Name: "Printers and scanners", ResponseTargetHours: 48})
		must(t, err)
		a = e.auditEntry("category.update", "settings", c.ID)
		if a.Actor == nil || a.Actor.ID != e.admin.ID || !strings.Contains(a.Before, `"Printers"`) || !strings.Contains(a.After, "Printers and scanners") {
			t.Errorf("update entry %+v", a)
		}
	})
	t.Run("search words", func(t *testing.T) {
		e := e.sub(t)
		_, _, err := e.svc.SetSearchWords(e.ctx, e.admin, "Wechselrichter\nFritzbox")
		must(t, err)
		a := e.auditEntry("settings.search_words", "settings", 0)
		if a.Actor == nil || a.Actor.ID != e.admin.ID || !strings.Contains(a.After, "wechselrichter") || strings.Contains(a.Before, "wechselrichter") {
			t.Errorf("search words entry %+v", a)
		}
	})
}

// TestHiddenPostNotifications: flags hiding a post tell its author with a
// notification of their own; a moderator's hide says so, with the reason.
func TestHiddenPostNotifications(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author := e.member("asker"), e.member("author")
	th := e.ask(asker, "Headphones crackle at high volume")

	flagged := e.answer(author, th.ID, "Lower the EQ bass boost in the app.")
	e.flagHide(flagged.ID)
	if e.notification(author, forum.NotifyPostFlagged, flagged.ID) == nil {
		t.Error("the author of the flag-hidden post got no post_flagged notification")
	}
	if n := e.notification(author, forum.NotifyPostHidden, flagged.ID); n != nil {
		t.Errorf("the author of the flag-hidden post got a post_hidden notification: %+v", n)
	}

	hidden := e.answer(author, th.ID, "Turn it up further, it is supposed to crackle.")
	e.flag(e.flagger("flagger"), hidden.ID, moderation.ReasonOffTopic)
	must(t, e.mod.Review(e.ctx, e.moderator, hidden.ID, moderation.ReviewInput{Decision: "hide", Reason: "harmful advice"}))
	n := e.notification(author, forum.NotifyPostHidden, hidden.ID)
	if n == nil || n.Reason != "harmful advice" {
		t.Errorf("post_hidden notification %+v, want one with the reason", n)
	}
	if e.notification(author, forum.NotifyPostFlagged, hidden.ID) != nil {
		t.Error("a moderator's hide sent a post_flagged notification")
	}
}
