package moderation_test

import (
	"reflect"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// mergeScene is two threads about one problem, each with answers, votes,
// "me too"s, subscribers and an accepted answer: A (the duplicate) and B
// (the target).
type mergeScene struct {
	e                            *env
	askerA, askerB               *forum.User
	x, y, z, w, helper1, helper2 *forum.User
	a, b                         *forum.Thread
	aQ, aAns1, aAns2, aAns3      *forum.Post
	bQ, bAns1, bAns2             *forum.Post
}

func newMergeScene(t *testing.T) *mergeScene {
	t.Helper()
	e := newEnv(t)
	s := &mergeScene{e: e}
	s.askerA, s.askerB = e.member("askerA"), e.member("askerB")
	s.x, s.y, s.z, s.w = e.member("xavier"), e.member("yvonne"), e.member("zoe"), e.member("walter")
	s.helper1, s.helper2 = e.member("helper1"), e.member("helper2")
	step := func() { e.clock.Advance(time.Minute) }

	s.b = e.ask(s.askerB, "Router loses the DSL sync every evening")
	step()
	s.a = e.ask(s.askerA, "DSL connection drops each evening at eight")
	step()
	s.bAns1 = e.answer(s.helper1, s.b.ID, "Check the line attenuation in the router's DSL page.")
	step()
	s.aAns1 = e.answer(s.helper2, s.a.ID, "Swap the DSL cable for a shorter, shielded one.")
	step()
	s.aAns2 = e.answer(s.helper1, s.a.ID, "Update the router firmware, the evening drops went away for me.")
	step()
	s.bAns2 = e.answer(s.helper2, s.b.ID, "Ask the provider to lower the line profile.")
	step()
	// Votes: X on both threads, Y on A.
	e.vote(s.x, s.aAns1.ID, 1)
	e.vote(s.x, s.aAns2.ID, 1)
	e.vote(s.y, s.aAns2.ID, -1)
	e.vote(s.x, s.bAns1.ID, 1)
	e.vote(s.w, s.bAns2.ID, 1)
	// "Me too": X, Y and Z on A; X and W on B. X is on both.
	for _, u := range []*forum.User{s.x, s.y, s.z} {
		e.meToo(u, s.a.ID)
	}
	for _, u := range []*forum.User{s.x, s.w} {
		e.meToo(u, s.b.ID)
	}
	if _, _, err := e.svc.AddComment(e.ctx, s.z, s.aAns1.ID, "Did that for me too."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Accept(e.ctx, s.askerA, s.a.ID, s.aAns1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Accept(e.ctx, s.askerB, s.b.ID, s.bAns2.ID); err != nil {
		t.Fatal(err)
	}
	step()
	// A's newest answer is the newest post of both threads.
	s.aAns3 = e.answer(s.helper2, s.a.ID, "A later answer on A, newer than anything on B.")
	step()
	s.aQ, s.bQ = e.question(s.a.ID), e.question(s.b.ID)
	return s
}

// live counts a thread's posts that are not deleted.
func live(ps []forum.Post) int {
	n := 0
	for _, p := range ps {
		if !p.Deleted() {
			n++
		}
	}
	return n
}

func scoreSum(ps []forum.Post) int {
	n := 0
	for _, p := range ps {
		n += p.Score
	}
	return n
}

func union(sets ...[]int64) []int64 {
	var out []int64
	for _, s := range sets {
		for _, id := range s {
			if !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func (e *env) hasMeToo(threadID int64, u *forum.User) bool {
	e.t.Helper()
	ok, err := e.db.HasMeToo(e.ctx, threadID, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return ok
}

func TestMergeAndUnmerge(t *testing.T) {
	t.Parallel()
	s := newMergeScene(t)
	e := s.e
	ctx := e.ctx

	threadA, threadB := e.thread(s.a.ID), e.thread(s.b.ID)
	postsA, postsB := e.posts(s.a.ID), e.posts(s.b.ID)
	subsA, subsB := e.subscribers(s.a.ID), e.subscribers(s.b.ID)
	if threadA.MeTooCount != 3 || threadB.MeTooCount != 2 {
		t.Fatalf("me too before: A %d, B %d", threadA.MeTooCount, threadB.MeTooCount)
	}
	seq := e.lastOutbox()

	got, err := e.mod.Merge(ctx, e.moderator, s.a.ID, s.b.ID, "same DSL problem")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != s.b.ID {
		t.Fatalf("merge returned thread %d, want B %d", got.ID, s.b.ID)
	}

	t.Run("posts", func(t *testing.T) {
		e := e.sub(t)
		after := e.posts(s.b.ID)
		if n := live(e.posts(s.a.ID)); n != 0 {
			t.Errorf("A still holds %d posts", n)
		}
		if live(after) != live(postsA)+live(postsB) {
			t.Errorf("live posts: %d after, %d+%d before", live(after), live(postsA), live(postsB))
		}
		if !sort.SliceIsSorted(after, func(i, j int) bool { return after[i].CreatedAt.Before(after[j].CreatedAt) }) {
			t.Error("B's posts are not in time order")
		}
		questions := 0
		for _, p := range after {
			if p.IsQuestion {
				questions++
				if p.ID != s.bQ.ID {
					t.Errorf("post %d is B's question, want %d", p.ID, s.bQ.ID)
				}
			}
			fromA := slices.ContainsFunc(postsA, func(q forum.Post) bool { return q.ID == p.ID })
			switch {
			case fromA && (p.MergedFrom.ID != s.a.ID || p.MergedFrom.Title != s.a.Title):
				t.Errorf("post %d from A carries MergedFrom %+v", p.ID, p.MergedFrom)
			case !fromA && p.MergedFrom.ID != 0:
				t.Errorf("B's own post %d carries MergedFrom %+v", p.ID, p.MergedFrom)
			}
			if p.MergedFromSolved != (p.ID == s.aAns1.ID) {
				t.Errorf("post %d: MergedFromSolved %v", p.ID, p.MergedFromSolved)
			}
		}
		if questions != 1 {
			t.Errorf("B has %d questions", questions)
		}
		q := e.post(s.aQ.ID)
		if q.IsQuestion || q.ThreadID != s.b.ID {
			t.Errorf("A's question after the merge: question %v, thread %d", q.IsQuestion, q.ThreadID)
		}
		if scoreSum(after) != scoreSum(postsA)+scoreSum(postsB) {
			t.Errorf("score sum %d, want %d", scoreSum(after), scoreSum(postsA)+scoreSum(postsB))
		}
		for _, p := range append(slices.Clone(postsA), postsB...) {
			if now := e.post(p.ID); now.Score != p.Score {
				t.Errorf("post %d score %d, was %d", p.ID, now.Score, p.Score)
			}
		}
	})

	t.Run("threads", func(t *testing.T) {
		e := e.sub(t)
		a, b := e.thread(s.a.ID), e.thread(s.b.ID)
		if a.MergedIntoID != s.b.ID {
			t.Errorf("A.MergedIntoID = %d", a.MergedIntoID)
		}
		if b.AcceptedPostID != s.bAns2.ID {
			t.Errorf("B.AcceptedPostID = %d, want its own %d", b.AcceptedPostID, s.bAns2.ID)
		}
		// B's two answers, A's question and A's three answers.
		if b.AnswerCount != 6 {
			t.Errorf("B.AnswerCount = %d, want 6", b.AnswerCount)
		}
		if a.AnswerCount != 0 || a.MeTooCount != 0 {
			t.Errorf("A keeps counts: %d answers, %d me too", a.AnswerCount, a.MeTooCount)
		}
		if e.listed(s.a.ID) || !e.listed(s.b.ID) {
			t.Error("lists show A or miss B")
		}
	})

	t.Run("me too", func(t *testing.T) {
		e := e.sub(t)
		// X, Y, Z and W once each, and A's asker, who has the problem too.
		b := e.thread(s.b.ID)
		if b.MeTooCount != 5 {
			t.Errorf("B.MeTooCount = %d, want 5", b.MeTooCount)
		}
		for _, u := range []*forum.User{s.x, s.y, s.z, s.w, s.askerA} {
			if !e.hasMeToo(s.b.ID, u) {
				t.Errorf("%s has no me too on B", u.Username)
			}
		}
		if e.hasMeToo(s.b.ID, s.askerB) {
			t.Error("B's asker got a me too on their own thread")
		}
	})

	t.Run("subscribers", func(t *testing.T) {
		e := e.sub(t)
		if got, want := e.subscribers(s.b.ID), union(subsA, subsB); !reflect.DeepEqual(got, want) {
			t.Errorf("B's subscribers %v, want %v", got, want)
		}
		if got := e.subscribers(s.a.ID); len(got) != 0 {
			t.Errorf("A keeps subscribers %v", got)
		}
	})

	t.Run("redirect", func(t *testing.T) {
		e := e.sub(t)
		v, err := e.svc.Thread(ctx, s.y, s.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Thread.MergedIntoID != s.b.ID {
			t.Errorf("Thread(A).MergedIntoID = %d", v.Thread.MergedIntoID)
		}
		vb, err := e.svc.Thread(ctx, s.y, s.b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(vb.Answers) != 6 || vb.Answers[0].ID != s.bAns2.ID {
			t.Errorf("B's page: %d answers, first %d", len(vb.Answers), vb.Answers[0].ID)
		}
		// A merged thread takes no new answers.
		_, err = e.svc.Answer(ctx, s.y, s.a.ID, "An answer to a thread that is gone.")
		if err == nil {
			t.Error("answered a merged thread")
		}
	})

	t.Run("notification, audit, outbox", func(t *testing.T) {
		e := e.sub(t)
		if !e.notified(s.askerA, forum.NotifyMerged, s.b.ID) {
			t.Error("A's asker was not told")
		}
		if e.notified(s.askerB, forum.NotifyMerged, 0) {
			t.Error("B's asker was told about a merge into their thread")
		}
		a := e.auditEntry("thread.merge", "thread", s.a.ID)
		if a.Actor == nil || a.Actor.ID != e.moderator.ID || a.Reason != "same DSL problem" {
			t.Errorf("audit entry %+v", a)
		}
		out := e.outboxThreads(seq)
		if !out[s.a.ID] || !out[s.b.ID] {
			t.Errorf("outbox after the merge: %v", out)
		}
	})

	seq = e.lastOutbox()
	e.clock.Advance(time.Hour)
	back, err := e.mod.Unmerge(ctx, e.moderator, s.a.ID, "not the same after all")
	if err != nil {
		t.Fatal(err)
	}
	if back.ID != s.a.ID || back.MergedIntoID != 0 {
		t.Fatalf("unmerge returned %d merged into %d", back.ID, back.MergedIntoID)
	}

	t.Run("unmerge restores", func(t *testing.T) {
		e := e.sub(t)
		if got := e.posts(s.a.ID); !reflect.DeepEqual(got, postsA) {
			t.Errorf("A's posts after unmerge:\n%+v\nwant\n%+v", got, postsA)
		}
		if got := e.posts(s.b.ID); !reflect.DeepEqual(got, postsB) {
			t.Errorf("B's posts after unmerge:\n%+v\nwant\n%+v", got, postsB)
		}
		if got := e.subscribers(s.a.ID); !reflect.DeepEqual(got, subsA) {
			t.Errorf("A's subscribers %v, want %v", got, subsA)
		}
		if got := e.subscribers(s.b.ID); !reflect.DeepEqual(got, subsB) {
			t.Errorf("B's subscribers %v, want %v", got, subsB)
		}
		for _, c := range []struct {
			thread int64
			u      *forum.User
			want   bool
		}{
			{s.a.ID, s.x, true}, {s.a.ID, s.y, true}, {s.a.ID, s.z, true}, {s.a.ID, s.w, false},
			{s.b.ID, s.x, true}, {s.b.ID, s.w, true}, {s.b.ID, s.y, false}, {s.b.ID, s.z, false}, {s.b.ID, s.askerA, false},
		} {
			if got := e.hasMeToo(c.thread, c.u); got != c.want {
				t.Errorf("me too of %s on %d: %v, want %v", c.u.Username, c.thread, got, c.want)
			}
		}
		if got := e.thread(s.a.ID); !reflect.DeepEqual(got, threadA) {
			t.Errorf("thread A after unmerge:\n%+v\nwant\n%+v", got, threadA)
		}
		// B's activity time is TestUnmergeRestoresTargetTimes's subject.
		gotB := e.thread(s.b.ID)
		gotB.LastActivityAt = threadB.LastActivityAt
		if !reflect.DeepEqual(gotB, threadB) {
			t.Errorf("thread B after unmerge:\n%+v\nwant\n%+v", gotB, threadB)
		}
		v, err := e.svc.Thread(ctx, s.y, s.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Thread.MergedIntoID != 0 || v.Question.ID != s.aQ.ID || len(v.Answers) != 3 {
			t.Errorf("A's page after unmerge: merged %d, question %d, %d answers", v.Thread.MergedIntoID, v.Question.ID, len(v.Answers))
		}
		e.auditEntry("thread.unmerge", "thread", s.a.ID)
		out := e.outboxThreads(seq)
		if !out[s.a.ID] || !out[s.b.ID] {
			t.Errorf("outbox after the unmerge: %v", out)
		}
	})

	t.Run("unmerge twice", func(t *testing.T) {
		e := e.sub(t)
		before := e.dbState()
		_, err := e.mod.Unmerge(ctx, e.moderator, s.a.ID, "")
		wantErr(t, err, forum.Conflict, "error.not_merged")
		if e.dbState() != before {
			t.Error("a refused unmerge changed the database")
		}
	})

	t.Run("merge again", func(t *testing.T) {
		e := e.sub(t)
		// The merge can be done again after an undo.
		if _, err := e.mod.Merge(ctx, e.moderator, s.a.ID, s.b.ID, ""); err != nil {
			t.Fatal(err)
		}
		if b := e.thread(s.b.ID); b.MeTooCount != 5 || b.AnswerCount != 6 {
			t.Errorf("B after the second merge: %d me too, %d answers", b.MeTooCount, b.AnswerCount)
		}
	})
}

// TestMergeAskers: A's asker counts as affected in B unless they asked B
// too, and B's asker never gets a "me too" on their own thread.
func TestMergeAskers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ann, bob, cid := e.member("ann"), e.member("bob"), e.member("cid")

	t.Run("same asker", func(t *testing.T) {
		e := e.sub(t)
		b := e.ask(ann, "Printer offline after the update")
		a := e.ask(ann, "Printer shows offline since yesterday")
		e.meToo(cid, a.ID)
		if _, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, ""); err != nil {
			t.Fatal(err)
		}
		if got := e.thread(b.ID).MeTooCount; got != 1 {
			t.Errorf("B.MeTooCount = %d, want 1 (cid only)", got)
		}
		if e.hasMeToo(b.ID, ann) {
			t.Error("the asker of both got a me too")
		}
	})
	t.Run("target's asker said me too on the source", func(t *testing.T) {
		e := e.sub(t)
		b := e.ask(bob, "Scanner not found on the network")
		a := e.ask(ann, "Network scanner cannot be found")
		e.meToo(bob, a.ID)
		e.meToo(cid, a.ID)
		if _, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, ""); err != nil {
			t.Fatal(err)
		}
		if got := e.thread(b.ID).MeTooCount; got != 2 {
			t.Errorf("B.MeTooCount = %d, want 2 (cid and ann)", got)
		}
		if e.hasMeToo(b.ID, bob) {
			t.Error("B's asker got a me too on their own thread")
		}
		if _, err := e.mod.Unmerge(e.ctx, e.moderator, a.ID, ""); err != nil {
			t.Fatal(err)
		}
		if !e.hasMeToo(a.ID, bob) || !e.hasMeToo(a.ID, cid) || e.thread(a.ID).MeTooCount != 2 {
			t.Error("unmerge did not give A back its me toos")
		}
		if got := e.thread(b.ID).MeTooCount; got != 0 {
			t.Errorf("B.MeTooCount after unmerge = %d", got)
		}
	})
}

// TestMergeChain: a target that was merged itself is followed to the end.
func TestMergeChain(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.member("asker")
	a := e.ask(u, "Mail app asks for the password again")
	b := e.ask(u, "Mail keeps asking for my password")
	c := e.ask(u, "Password prompt in the mail app loops")
	d := e.ask(u, "Mail app password prompt every hour")

	// C into B, then A into C: A ends in B.
	if _, err := e.mod.Merge(e.ctx, e.moderator, c.ID, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	got, err := e.mod.Merge(e.ctx, e.moderator, a.ID, c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != b.ID || e.thread(a.ID).MergedIntoID != b.ID {
		t.Errorf("A merged into %d (returned %d), want the chain's end %d", e.thread(a.ID).MergedIntoID, got.ID, b.ID)
	}
	if q := e.post(e.questionOf(t, a.ID)); q.ThreadID != b.ID {
		t.Errorf("A's question is in thread %d", q.ThreadID)
	}

	// B into D: the page of A and of C redirect to D, the end of the chain.
	if _, err := e.mod.Merge(e.ctx, e.moderator, b.ID, d.ID, ""); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{a.ID, b.ID, c.ID} {
		v, err := e.svc.Thread(e.ctx, u, id)
		if err != nil {
			t.Fatal(err)
		}
		if v.Thread.MergedIntoID != d.ID {
			t.Errorf("Thread(%d).MergedIntoID = %d, want %d", id, v.Thread.MergedIntoID, d.ID)
		}
	}
	if n := e.thread(d.ID).AnswerCount; n != 3 {
		t.Errorf("D.AnswerCount = %d, want 3 questions turned answers", n)
	}

	// C was merged into B, which has moved on: undo B first.
	before := e.dbState()
	_, err = e.mod.Unmerge(e.ctx, e.moderator, c.ID, "")
	wantErr(t, err, forum.Conflict, "error.unmerge_later")
	if e.dbState() != before {
		t.Error("a refused unmerge changed the database")
	}
	if _, err := e.mod.Unmerge(e.ctx, e.moderator, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.mod.Unmerge(e.ctx, e.moderator, c.ID, ""); err != nil {
		t.Fatal(err)
	}
	if q := e.post(e.questionOf(t, c.ID)); !q.IsQuestion || q.ThreadID != c.ID {
		t.Errorf("C's question after the undo: question %v in %d", q.IsQuestion, q.ThreadID)
	}
}

// questionOf finds a thread's original question post wherever it is now.
func (e *env) questionOf(t *testing.T, threadID int64) int64 {
	t.Helper()
	var id int64
	if err := e.raw().QueryRowContext(e.ctx, `SELECT question_post_id FROM merges WHERE from_thread_id = ?
		UNION SELECT id FROM posts WHERE thread_id = ? AND is_question = 1 LIMIT 1`, threadID, threadID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestMergeRefusals: each refused merge says why and changes nothing.
func TestMergeRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.member("asker")
	helper := e.member("helper")
	a := e.ask(u, "Bluetooth headset will not pair")
	b := e.ask(u, "Headset pairing fails over Bluetooth")
	merged := e.ask(u, "Bluetooth pairing of the headset fails")
	if _, err := e.mod.Merge(e.ctx, e.moderator, merged.ID, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	deleted := e.ask(u, "A thread its asker deleted again")
	if _, _, err := e.svc.DeletePost(e.ctx, u, e.question(deleted.ID).ID); err != nil {
		t.Fatal(err)
	}
	hidden := e.ask(u, "A thread a moderator hid from view")
	if _, err := e.mod.ActOnThread(e.ctx, e.moderator, hidden.ID, moderation.ThreadActionInput{Action: "hide", Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	// cyc1 was merged into cyc2: merging cyc2 into cyc1 would close a loop.
	cyc1 := e.ask(u, "First thread of the loop to merge")
	cyc2 := e.ask(u, "Second thread of the loop to merge")
	e.answer(helper, cyc1.ID, "An answer that moves with the first thread.")
	if _, err := e.mod.Merge(e.ctx, e.moderator, cyc1.ID, cyc2.ID, ""); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name       string
		from, into int64
		kind       forum.Kind
		field      string
		code       string
	}{
		{"into itself", a.ID, a.ID, forum.Invalid, "into", "error.merge_self"},
		{"no target", a.ID, 0, forum.Invalid, "into", "error.required"},
		{"unknown target", a.ID, 99999, forum.Invalid, "into", "error.merge_target_unknown"},
		{"into a deleted thread", a.ID, deleted.ID, forum.Invalid, "into", "error.merge_target_gone"},
		{"into a hidden thread", a.ID, hidden.ID, forum.Invalid, "into", "error.merge_target_gone"},
		{"an already merged thread", merged.ID, a.ID, forum.Conflict, "", "error.thread_merged"},
		{"a deleted thread", deleted.ID, a.ID, forum.Conflict, "", "error.thread_deleted"},
		{"an unknown thread", 99999, a.ID, forum.NotFound, "", ""},
		{"into its own chain", cyc2.ID, cyc1.ID, forum.Invalid, "into", "error.merge_self"},
		{"into a thread merged into itself", b.ID, merged.ID, forum.Invalid, "into", "error.merge_self"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := e.sub(t)
			before := e.dbState()
			seq := e.lastOutbox()
			_, err := e.mod.Merge(e.ctx, e.moderator, c.from, c.into, "")
			fe := wantErr(t, err, c.kind, c.code)
			if fe.Field != c.field {
				t.Errorf("field %q, want %q", fe.Field, c.field)
			}
			if after := e.dbState(); after != before {
				t.Errorf("a refused merge changed the database:\nbefore %s\nafter  %s", before, after)
			}
			if len(e.outboxThreads(seq)) != 0 {
				t.Error("a refused merge wrote to the outbox")
			}
		})
	}

	t.Run("a long reason", func(t *testing.T) {
		e := e.sub(t)
		long := make([]byte, 100*1024)
		for i := range long {
			long[i] = 'x'
		}
		before := e.dbState()
		_, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, string(long))
		wantField(t, err, "reason", "error.too_long")
		if e.dbState() != before {
			t.Error("changed the database")
		}
	})
	t.Run("unmerge a thread never merged", func(t *testing.T) {
		e := e.sub(t)
		_, err := e.mod.Unmerge(e.ctx, e.moderator, a.ID, "")
		wantErr(t, err, forum.Conflict, "error.not_merged")
	})
}

// TestUnmergeRestoresTargetTimes: undoing a merge gives the target back the
// activity and first-answer times it had; the moved posts' times leave with
// them. Otherwise the target stays bumped in the "active" list, and a
// thread without answers keeps a first answer that the receipts' median
// counts.
func TestUnmergeRestoresTargetTimes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ann, bob, helper := e.member("ann"), e.member("bob"), e.member("helper")
	b := e.ask(bob, "Camera app freezes on start")
	e.clock.Advance(time.Hour)
	a := e.ask(ann, "The camera app hangs when opened")
	e.clock.Advance(time.Hour)
	e.answer(helper, a.ID, "Clear the camera app's cache in the settings.")
	before := e.thread(b.ID)
	if before.FirstAnswerAt != nil {
		t.Fatal("B has a first answer before the merge")
	}
	e.clock.Advance(time.Hour)
	if _, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.mod.Unmerge(e.ctx, e.moderator, a.ID, ""); err != nil {
		t.Fatal(err)
	}
	after := e.thread(b.ID)
	if !after.LastActivityAt.Equal(before.LastActivityAt) {
		t.Errorf("B.LastActivityAt = %v after the undo, was %v", after.LastActivityAt, before.LastActivityAt)
	}
	if after.FirstAnswerAt != nil {
		t.Errorf("B.FirstAnswerAt = %v after the undo, but B has no answer", after.FirstAnswerAt)
	}
}

// TestUnmergeKeepsNewFollowers: someone the merge subscribed to the target
// who then answered there follows the target for their own reasons; the
// undo must not unsubscribe them from the thread they answered in.
func TestUnmergeKeepsNewFollowers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ann, bob, cid := e.member("ann"), e.member("bob"), e.member("cid")
	b := e.ask(bob, "Keyboard types wrong letters")
	a := e.ask(ann, "Keyboard layout switches by itself")
	e.meToo(cid, a.ID)
	if _, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	e.answer(cid, b.ID, "Remove the second keyboard layout in the settings.")
	if _, err := e.mod.Unmerge(e.ctx, e.moderator, a.ID, ""); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(e.subscribers(b.ID), cid.ID) {
		t.Errorf("cid answered B but no longer follows it: %v", e.subscribers(b.ID))
	}
	if !slices.Contains(e.subscribers(a.ID), cid.ID) {
		t.Error("cid does not follow A again")
	}
}

// TestMergeHiddenSource: merging a thread a moderator hid (or the spam
// check held) must not publish its question in the target, where it would
// become an ordinary visible answer.
func TestMergeHiddenSource(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		hide func(e *env, th *forum.Thread)
	}{
		{"hidden by a moderator", func(e *env, th *forum.Thread) {
			if _, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, moderation.ThreadActionInput{Action: "hide", Reason: "personal data"}); err != nil {
				e.t.Fatal(err)
			}
		}},
		{"held by the spam check", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			reader := e.member("reader")
			b := e.ask(e.member("bob"), "Cannot log in to the customer portal")
			var a *forum.Thread
			if c.hide != nil {
				a = e.ask(e.member("ann"), "Customer portal login fails for me too")
				c.hide(e, a)
			} else {
				_, err := e.mod.SetSpamWords(e.ctx, e.admin, []string{"casino"})
				must(t, err)
				a = e.ask(e.member("ann"), "Portal login fails, casino bonus inside")
			}
			if e.thread(a.ID).HiddenAt == nil {
				t.Fatal("the source is not hidden")
			}
			q := e.question(a.ID)
			if _, err := e.mod.Merge(e.ctx, e.moderator, a.ID, b.ID, ""); err != nil {
				return // refusing the merge is fine too
			}
			if n := e.thread(b.ID).AnswerCount; n != 0 {
				t.Errorf("B counts %d visible answers after merging a hidden thread", n)
			}
			v, err := e.svc.Thread(e.ctx, reader, b.ID)
			must(t, err)
			for _, p := range v.Answers {
				if p.ID == q.ID && p.BodyMD != "" {
					t.Errorf("a reader of B sees the hidden thread's question: %q", p.BodyMD)
				}
			}
		})
	}
}

// TestConcurrentMerges: A into B and B into A at the same moment: one wins,
// the other finds the loop, and no thread ends up merged into itself.
func TestConcurrentMerges(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u := e.member("asker")
	for i := range 5 {
		a := e.ask(u, "First of two threads racing, round "+string(rune('a'+i)))
		b := e.ask(u, "Second of two threads racing, round "+string(rune('a'+i)))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for j, pair := range [][2]int64{{a.ID, b.ID}, {b.ID, a.ID}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[j] = e.mod.Merge(e.ctx, e.moderator, pair[0], pair[1], "")
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("round %d: errors %v and %v, want exactly one merge", i, errs[0], errs[1])
		}
		ta, tb := e.thread(a.ID), e.thread(b.ID)
		if (ta.MergedIntoID == 0) == (tb.MergedIntoID == 0) {
			t.Errorf("round %d: merged into %d and %d", i, ta.MergedIntoID, tb.MergedIntoID)
		}
	}
}
