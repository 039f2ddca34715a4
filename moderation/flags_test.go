package moderation_test

import (
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// flagCount counts the flags stored, through a raw handle.
func (e *env) flagCount() int {
	e.t.Helper()
	var n int
	if err := e.raw().QueryRowContext(e.ctx, `SELECT COUNT(*) FROM flags`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestFlagInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author, flagger := e.member("asker"), e.member("author"), e.flagger("flagger")
	th := e.ask(asker, "Laptop fan is loud all the time")
	other := e.ask(asker, "Fan noise of the laptop under load")
	hidden := e.ask(asker, "A hidden thread about fan noise")
	if _, err := e.mod.ActOnThread(e.ctx, e.moderator, hidden.ID, moderation.ThreadActionInput{Action: "hide", Reason: "spam"}); err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("x", 100*1024)

	t.Run("each reason", func(t *testing.T) {
		e := e.sub(t)
		for _, r := range moderation.Reasons {
			p := e.answer(author, th.ID, "An answer to flag as "+string(r)+", with some words.")
			in := moderation.FlagInput{Reason: string(r)}
			switch r {
			case moderation.ReasonOther:
				in.Note = "Copied from another site"
			case moderation.ReasonDuplicate:
				in.DuplicateOf = other.ID
			}
			res, err := e.mod.Flag(e.ctx, flagger, p.ID, in)
			if err != nil {
				t.Fatalf("%s: %v", r, err)
			}
			if res.Flag.ID == 0 || res.Flag.Reason != r || res.Hidden {
				t.Errorf("%s: flag %+v, hidden %v", r, res.Flag, res.Hidden)
			}
			it := e.queued(p.ID)
			if it == nil || len(it.Flags) != 1 || it.Flags[0].Reason != r || it.Flags[0].Note != in.Note ||
				it.Flags[0].DuplicateOfID != in.DuplicateOf || it.Flags[0].User.ID != flagger.ID {
				t.Errorf("%s: queue item %+v", r, it)
			}
		}
	})

	p := e.answer(author, th.ID, "The answer the refused flags are about.")
	refused := []struct {
		name  string
		in    moderation.FlagInput
		field string
		code  string
	}{
		{"unknown reason", moderation.FlagInput{Reason: "boring"}, "reason", "error.flag_reason"},
		{"huge reason", moderation.FlagInput{Reason: huge}, "reason", "error.flag_reason"},
		{"other without a note", moderation.FlagInput{Reason: "other"}, "note", "error.required"},
		{"other with a blank note", moderation.FlagInput{Reason: "other", Note: "  \n "}, "note", "error.required"},
		{"huge note", moderation.FlagInput{Reason: "other", Note: huge}, "note", "error.too_long"},
		{"huge note on spam", moderation.FlagInput{Reason: "spam", Note: huge}, "note", "error.too_long"},
		{"note with NUL", moderation.FlagInput{Reason: "spam", Note: "a\x00b"}, "note", "error.control_chars"},
		{"duplicate of nothing", moderation.FlagInput{Reason: "duplicate"}, "duplicate_of", "error.required"},
		{"duplicate of itself", moderation.FlagInput{Reason: "duplicate", DuplicateOf: th.ID}, "duplicate_of", "error.duplicate_target"},
		{"duplicate of an unknown thread", moderation.FlagInput{Reason: "duplicate", DuplicateOf: 99999}, "duplicate_of", "error.duplicate_target"},
		{"duplicate of a hidden thread", moderation.FlagInput{Reason: "duplicate", DuplicateOf: hidden.ID}, "duplicate_of", "error.duplicate_target"},
	}
	for _, c := range refused {
		t.Run(c.name, func(t *testing.T) {
			e := e.sub(t)
			before := e.dbState()
			_, err := e.mod.Flag(e.ctx, flagger, p.ID, c.in)
			wantField(t, err, c.field, c.code)
			if e.dbState() != before {
				t.Error("a refused flag changed the database")
			}
			if e.queued(p.ID) != nil {
				t.Error("a refused flag reached the queue")
			}
		})
	}

	t.Run("duplicate_of is dropped for other reasons", func(t *testing.T) {
		e := e.sub(t)
		q := e.answer(author, th.ID, "Another answer, flagged as spam with a stray duplicate.")
		res, err := e.mod.Flag(e.ctx, flagger, q.ID, moderation.FlagInput{Reason: "spam", DuplicateOf: other.ID})
		if err != nil {
			t.Fatal(err)
		}
		if res.Flag.DuplicateOfID != 0 {
			t.Errorf("DuplicateOfID = %d", res.Flag.DuplicateOfID)
		}
	})
}

func TestFlagRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author, flagger := e.member("asker"), e.member("author"), e.flagger("flagger")
	th := e.ask(asker, "Phone battery drains over night")
	p := e.answer(author, th.ID, "Turn off background refresh for the mail app.")
	spam := moderation.FlagInput{Reason: "spam"}

	t.Run("guest", func(t *testing.T) {
		e := e.sub(t)
		_, err := e.mod.Flag(e.ctx, nil, p.ID, spam)
		wantErr(t, err, forum.Unauthenticated, "error.login_required")
	})
	t.Run("own post", func(t *testing.T) {
		e := e.sub(t)
		_, err := e.mod.Flag(e.ctx, author, p.ID, spam)
		wantErr(t, err, forum.Forbidden, "error.flag_own")
		_, err = e.mod.Flag(e.ctx, asker, e.question(th.ID).ID, spam)
		wantErr(t, err, forum.Forbidden, "error.flag_own")
	})
	t.Run("twice", func(t *testing.T) {
		e := e.sub(t)
		e.flag(flagger, p.ID, moderation.ReasonSpam)
		n := e.flagCount()
		_, err := e.mod.Flag(e.ctx, flagger, p.ID, moderation.FlagInput{Reason: "abusive"})
		wantErr(t, err, forum.Conflict, "error.flag_twice")
		if e.flagCount() != n {
			t.Error("a second flag was stored")
		}
	})
	t.Run("deleted post", func(t *testing.T) {
		e := e.sub(t)
		q := e.answer(author, th.ID, "An answer its author deletes again.")
		if _, _, err := e.svc.DeletePost(e.ctx, author, q.ID); err != nil {
			t.Fatal(err)
		}
		_, err := e.mod.Flag(e.ctx, flagger, q.ID, spam)
		wantErr(t, err, forum.Conflict, "error.post_deleted")
	})
	t.Run("deleted thread", func(t *testing.T) {
		e := e.sub(t)
		gone := e.ask(asker, "A thread that will be deleted")
		q := e.answer(author, gone.ID, "An answer in a thread about to go.")
		if err := e.mod.Review(e.ctx, e.moderator, e.flag(flagger, e.question(gone.ID).ID, moderation.ReasonSpam).Flag.PostID,
			moderation.ReviewInput{Decision: "delete"}); err != nil {
			t.Fatal(err)
		}
		_, err := e.mod.Flag(e.ctx, flagger, q.ID, spam)
		wantErr(t, err, forum.Conflict, "error.thread_deleted")
	})
	t.Run("unknown post", func(t *testing.T) {
		e := e.sub(t)
		_, err := e.mod.Flag(e.ctx, flagger, 99999, spam)
		wantErr(t, err, forum.NotFound, "")
	})
}

// TestFlagWeights: what one flag counts, by who gives it.
func TestFlagWeights(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author := e.member("asker"), e.member("author")
	th := e.ask(asker, "Smart TV forgets the WLAN password")
	target := func() int64 {
		return e.answer(author, th.ID, "An answer to weigh the flags on, number "+e.name("n")+".").ID
	}

	// A member whose earlier flag moderators disagreed with.
	doubted := e.flagger("doubted")
	p0 := target()
	e.flag(doubted, p0, moderation.ReasonSpam)
	must(t, e.mod.Review(e.ctx, e.moderator, p0, moderation.ReviewInput{Decision: "dismiss"}))
	// And one they agreed with twice.
	backed := e.flagger("backed")
	for range 2 {
		p := target()
		e.flag(backed, p, moderation.ReasonSpam)
		must(t, e.mod.Review(e.ctx, e.moderator, p, moderation.ReviewInput{Decision: "hide"}))
	}
	// A trusted member: 100 days old with 20 posts.
	trusted := e.userAt("trusted", forum.RoleMember, e.now().Add(-100*24*time.Hour))
	for i := range 20 {
		e.answer(trusted, th.ID, "One of twenty helpful answers by the trusted member: "+string(rune('a'+i)))
	}

	cases := []struct {
		name string
		u    *forum.User
		want float64
	}{
		{"new account", e.newMember("fresh"), 0.25},
		{"old account without a post", e.member("lurker"), 0.25},
		{"established", e.flagger("regular"), 1},
		{"trusted", trusted, 1.5},
		{"one disagreed flag", doubted, 2.0 / 3},
		{"two agreed flags", backed, 2 * 3.0 / 4},
		{"moderator", e.moderator, moderation.HideThreshold},
		{"admin", e.admin, moderation.HideThreshold},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := e.sub(t)
			res, err := e.mod.Flag(e.ctx, c.u, target(), moderation.FlagInput{Reason: "off_topic"})
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(res.Flag.Weight-c.want) > 1e-9 {
				t.Errorf("weight %v, want %v", res.Flag.Weight, c.want)
			}
		})
	}
}

func TestAutoHide(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author := e.member("asker"), e.member("author")
	reader := e.member("reader")
	th := e.ask(asker, "Smartwatch does not sync with the phone")
	f1, f2, f3 := e.flagger("flagger1"), e.flagger("flagger2"), e.flagger("flagger3")
	target := func() *forum.Post {
		return e.answer(author, th.ID, "Reinstall the companion app and pair again, try "+e.name("n")+".")
	}
	hidden := func(id int64) bool { return e.post(id).Hidden() }

	t.Run("three members hide, two do not", func(t *testing.T) {
		e := e.sub(t)
		p := target()
		answers := e.thread(th.ID).AnswerCount
		for i, f := range []*forum.User{f1, f2} {
			if res := e.flag(f, p.ID, moderation.ReasonSpam); res.Hidden || hidden(p.ID) {
				t.Fatalf("hidden after %d flags", i+1)
			}
		}
		res := e.flag(f3, p.ID, moderation.ReasonSpam)
		got := e.post(p.ID)
		if !res.Hidden || got.HiddenAt == nil || got.HiddenReason != forum.HiddenByFlags {
			t.Fatalf("after three flags: result %v, post %v %q", res.Hidden, got.HiddenAt, got.HiddenReason)
		}
		if n := e.thread(th.ID).AnswerCount; n != answers-1 {
			t.Errorf("answer count %d, want %d", n, answers-1)
		}
		if !e.notified(author, forum.NotifyPostFlagged, th.ID) {
			t.Error("the author was not told")
		}
		a := e.auditEntry("post.autohide", "post", p.ID)
		if a.Actor != nil {
			t.Errorf("autohide actor %+v, want the system", a.Actor)
		}
		if !strings.Contains(a.After, `"hidden":true`) || !strings.Contains(a.Before, `"hidden":false`) {
			t.Errorf("autohide before %s after %s", a.Before, a.After)
		}
		// Readers see that it is hidden, not what it said; its author still sees it.
		v, err := e.svc.Thread(e.ctx, reader, th.ID)
		must(t, err)
		for _, a := range v.Answers {
			if a.ID == p.ID && a.BodyMD != "" {
				t.Error("a reader sees the hidden answer's text")
			}
		}
		v, err = e.svc.Thread(e.ctx, author, th.ID)
		must(t, err)
		for _, a := range v.Answers {
			if a.ID == p.ID && a.BodyMD == "" {
				t.Error("the author cannot read their hidden answer")
			}
		}
		// A hidden post is with the moderators already: no more flags.
		n := e.flagCount()
		_, err = e.mod.Flag(e.ctx, e.flagger("flagger4"), p.ID, moderation.FlagInput{Reason: "spam"})
		wantErr(t, err, forum.Forbidden, "")
		if e.flagCount() != n {
			t.Error("a flag on a hidden post was stored")
		}
		if n := len(e.audit(moderation.AuditFilter{Action: "post.autohide", TargetID: p.ID})); n != 1 {
			t.Errorf("%d autohide entries", n)
		}
	})
	t.Run("abuse counts with spam", func(t *testing.T) {
		e := e.sub(t)
		p := target()
		e.flag(f1, p.ID, moderation.ReasonSpam)
		e.flag(f2, p.ID, moderation.ReasonAbusive)
		if !e.flag(f3, p.ID, moderation.ReasonAbusive).Hidden {
			t.Error("spam and abuse flags did not add up")
		}
	})
	t.Run("three new accounts do not hide", func(t *testing.T) {
		e := e.sub(t)
		p := target()
		for i := range 3 {
			if e.flag(e.newMember(e.name("newbie")), p.ID, moderation.ReasonSpam).Hidden {
				t.Fatalf("hidden by %d new accounts", i+1)
			}
		}
		if hidden(p.ID) {
			t.Error("hidden")
		}
		if it := e.queued(p.ID); it == nil || math.Abs(it.Score-0.75) > 1e-9 {
			t.Errorf("queue item %+v, want score 0.75", it)
		}
	})
	t.Run("one moderator hides", func(t *testing.T) {
		e := e.sub(t)
		p := target()
		if !e.flag(e.moderator, p.ID, moderation.ReasonSpam).Hidden || !hidden(p.ID) {
			t.Error("a moderator's flag did not hide")
		}
	})
	t.Run("off-topic never hides", func(t *testing.T) {
		e := e.sub(t)
		p := target()
		for _, f := range []*forum.User{f1, f2, f3, e.moderator} {
			if e.flag(f, p.ID, moderation.ReasonOffTopic).Hidden {
				t.Fatal("off-topic flags hid the post")
			}
		}
		q := target()
		e.flag(f1, q.ID, moderation.ReasonSpam)
		e.flag(f2, q.ID, moderation.ReasonSpam)
		e.flag(f3, q.ID, moderation.ReasonOffTopic)
		if hidden(p.ID) || hidden(q.ID) {
			t.Error("off-topic flags counted towards hiding")
		}
	})
	t.Run("a doubted member weighs less", func(t *testing.T) {
		e := e.sub(t)
		d := e.flagger("doubter")
		p0 := target()
		e.flag(d, p0.ID, moderation.ReasonSpam)
		must(t, e.mod.Review(e.ctx, e.moderator, p0.ID, moderation.ReviewInput{Decision: "dismiss"}))
		p := target()
		e.flag(d, p.ID, moderation.ReasonSpam)
		e.flag(f1, p.ID, moderation.ReasonSpam)
		if e.flag(f2, p.ID, moderation.ReasonSpam).Hidden {
			t.Error("hidden by two members and one whose flags were wrong")
		}
		if !e.flag(f3, p.ID, moderation.ReasonSpam).Hidden {
			t.Error("not hidden by a fourth flag")
		}
	})
	t.Run("two trusted members hide", func(t *testing.T) {
		e := e.sub(t)
		var ts []*forum.User
		for range 2 {
			u := e.userAt(e.name("trusted"), forum.RoleMember, e.now().Add(-100*24*time.Hour))
			for range 20 {
				e.answer(u, e.scratchThread().ID, "One of the many posts of a long-standing member, "+e.name("n")+".")
			}
			ts = append(ts, u)
		}
		p := target()
		e.flag(ts[0], p.ID, moderation.ReasonSpam)
		if !e.flag(ts[1], p.ID, moderation.ReasonSpam).Hidden {
			t.Error("two trusted members did not hide")
		}
	})
	t.Run("a question hides its thread", func(t *testing.T) {
		e := e.sub(t)
		q := e.ask(author, "Free ringtones for every phone model")
		qp := e.question(q.ID)
		e.flag(f1, qp.ID, moderation.ReasonSpam)
		e.flag(f2, qp.ID, moderation.ReasonSpam)
		if !e.listed(q.ID) {
			t.Fatal("hidden after two flags")
		}
		if !e.flag(f3, qp.ID, moderation.ReasonSpam).Hidden {
			t.Fatal("three flags did not hide the question")
		}
		got := e.thread(q.ID)
		if got.HiddenAt == nil || got.HiddenReason != forum.HiddenByFlags {
			t.Errorf("thread hidden %v %q", got.HiddenAt, got.HiddenReason)
		}
		if e.listed(q.ID) {
			t.Error("the hidden thread is listed")
		}
		if _, err := e.svc.Thread(e.ctx, reader, q.ID); forum.ErrorKind(err) != forum.NotFound {
			t.Errorf("a reader opens the hidden thread: %v", err)
		}
		if !e.notified(author, forum.NotifyPostFlagged, q.ID) {
			t.Error("the asker was not told")
		}
		must(t, e.mod.Review(e.ctx, e.moderator, qp.ID, moderation.ReviewInput{Decision: "dismiss"}))
		if !e.listed(q.ID) {
			t.Error("dismissing the flags did not show the thread again")
		}
	})
}

func TestReviewQueue(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author := e.member("asker"), e.member("author")
	th := e.ask(asker, "Tablet charges very slowly")
	f1, f2, f3 := e.flagger("flagger1"), e.flagger("flagger2"), e.newMember("newbie")
	p := e.answer(author, th.ID, "Use the charger that came with the tablet.")
	q := e.answer(author, th.ID, "Buy a cheap charger from my shop, link in profile.")
	e.flag(f1, p.ID, moderation.ReasonOffTopic)
	e.clock.Advance(time.Minute)
	if _, err := e.mod.Flag(e.ctx, f2, p.ID, moderation.FlagInput{Reason: "other", Note: "Wrong device"}); err != nil {
		t.Fatal(err)
	}
	e.flag(f3, p.ID, moderation.ReasonSpam)
	e.flag(f1, q.ID, moderation.ReasonSpam)

	items, total, err := e.mod.Queue(e.ctx, e.moderator, 1)
	must(t, err)
	if total != 2 || len(items) != 2 {
		t.Fatalf("queue: %d items, total %d", len(items), total)
	}
	var it *moderation.ReviewItem
	for i := range items {
		if items[i].Post.ID == p.ID {
			it = &items[i]
		}
	}
	if it == nil {
		t.Fatal("p is not in the queue")
	}
	if len(it.Flags) != 3 || it.Flags[0].User.ID != f1.ID || it.Flags[1].Note != "Wrong device" || it.Flags[2].Reason != moderation.ReasonSpam {
		t.Errorf("p's flags: %+v", it.Flags)
	}
	if math.Abs(it.Score-2.25) > 1e-9 || it.Held || it.Thread.ID != th.ID || !it.Since.Equal(baseTime) {
		t.Errorf("p's item: score %v, held %v, thread %d, since %v", it.Score, it.Held, it.Thread.ID, it.Since)
	}
	d, err := e.mod.Dashboard(e.ctx, e.moderator)
	must(t, err)
	if d.QueueSize != 2 || d.HeldPosts != 0 || d.OldestFlag == nil || !d.OldestFlag.Equal(baseTime) {
		t.Errorf("dashboard %+v", d)
	}
	// Past the end: no items, the total still right.
	items, total, err = e.mod.Queue(e.ctx, e.moderator, 2)
	must(t, err)
	if len(items) != 0 || total != 2 {
		t.Errorf("page 2: %d items, total %d", len(items), total)
	}
	// A resolved post leaves the queue; the dashboard counts the action.
	must(t, e.mod.Review(e.ctx, e.moderator, q.ID, moderation.ReviewInput{Decision: "hide", Reason: "advertising"}))
	if e.queued(q.ID) != nil || e.queued(p.ID) == nil {
		t.Error("the queue after one decision is wrong")
	}
	d, err = e.mod.Dashboard(e.ctx, e.moderator)
	must(t, err)
	if d.QueueSize != 1 || d.ActionsDay != 1 || d.MyActionDay != 1 {
		t.Errorf("dashboard after a decision %+v", d)
	}
}

// reviewScene is an answer and a question, each flagged once by an
// established member, and the author's session.
type reviewScene struct {
	e             *env
	asker, author *forum.User
	flagger       *forum.User
	thread, dup   *forum.Thread
	answer, quest *forum.Post
	session       string
}

func newReviewScene(t *testing.T) *reviewScene {
	t.Helper()
	e := newEnv(t)
	s := &reviewScene{e: e, asker: e.member("asker"), author: e.member("author"), flagger: e.flagger("flagger")}
	s.dup = e.ask(s.asker, "Speaker crackles at high volume")
	s.thread = e.ask(s.author, "Crackling speaker when the volume is high")
	s.answer = e.answer(s.author, s.dup.ID, "Check the cable and lower the bass in the equalizer.")
	s.quest = e.question(s.thread.ID)
	e.flag(s.flagger, s.answer.ID, moderation.ReasonSpam)
	if _, err := e.mod.Flag(e.ctx, s.flagger, s.quest.ID, moderation.FlagInput{Reason: "duplicate", DuplicateOf: s.dup.ID}); err != nil {
		t.Fatal(err)
	}
	var err error
	if s.session, err = e.svc.StartSession(e.ctx, s.author, forum.TokenSession); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReviewDecisions(t *testing.T) {
	t.Parallel()
	decisions := []struct {
		name  string
		post  func(s *reviewScene) int64
		in    moderation.ReviewInput
		setup func(t *testing.T, s *reviewScene)
		check func(t *testing.T, s *reviewScene)
	}{
		{
			name: "dismiss",
			post: func(s *reviewScene) int64 { return s.answer.ID },
			in:   moderation.ReviewInput{Decision: "dismiss"},
			setup: func(t *testing.T, s *reviewScene) {
				s.e.flag(s.e.flagger("flagger2"), s.answer.ID, moderation.ReasonSpam)
				if !s.e.flag(s.e.flagger("flagger3"), s.answer.ID, moderation.ReasonSpam).Hidden {
					t.Fatal("not hidden by three flags")
				}
			},
			check: func(t *testing.T, s *reviewScene) {
				if p := s.e.post(s.answer.ID); p.Hidden() {
					t.Error("dismissing did not show the post again")
				}
				if s.e.thread(s.dup.ID).AnswerCount != 1 {
					t.Error("the shown answer is not counted")
				}
			},
		},
		{
			name: "hide",
			post: func(s *reviewScene) int64 { return s.answer.ID },
			in:   moderation.ReviewInput{Decision: "hide", Reason: "advertising"},
			check: func(t *testing.T, s *reviewScene) {
				p := s.e.post(s.answer.ID)
				if p.HiddenAt == nil || p.HiddenReason != forum.HiddenByModerator {
					t.Errorf("post hidden %v %q", p.HiddenAt, p.HiddenReason)
				}
				if !s.e.notified(s.author, forum.NotifyPostHidden, s.dup.ID) {
					t.Error("the author was not told")
				}
			},
		},
		{
			name: "delete an answer",
			post: func(s *reviewScene) int64 { return s.answer.ID },
			in:   moderation.ReviewInput{Decision: "delete"},
			check: func(t *testing.T, s *reviewScene) {
				if !s.e.post(s.answer.ID).Deleted() || s.e.thread(s.dup.ID).AnswerCount != 0 {
					t.Error("the answer was not deleted")
				}
				if s.e.thread(s.dup.ID).DeletedAt != nil {
					t.Error("deleting an answer deleted its thread")
				}
			},
		},
		{
			name: "delete the question",
			post: func(s *reviewScene) int64 { return s.quest.ID },
			in:   moderation.ReviewInput{Decision: "delete", Reason: "duplicate"},
			check: func(t *testing.T, s *reviewScene) {
				if s.e.thread(s.thread.ID).DeletedAt == nil {
					t.Error("the thread was not deleted")
				}
				if _, err := s.e.svc.Thread(s.e.ctx, s.asker, s.thread.ID); forum.ErrorKind(err) != forum.NotFound {
					t.Errorf("a member opens the deleted thread: %v", err)
				}
				if !s.e.notified(s.author, forum.NotifyModerated, s.thread.ID) {
					t.Error("the author was not told")
				}
			},
		},
		{
			name: "close_duplicate",
			post: func(s *reviewScene) int64 { return s.quest.ID },
			in:   moderation.ReviewInput{Decision: "close_duplicate", DuplicateOf: 0},
			setup: func(t *testing.T, s *reviewScene) {
				// Without a target it is refused, and nothing changes.
				before := s.e.dbState()
				err := s.e.mod.Review(s.e.ctx, s.e.moderator, s.quest.ID, moderation.ReviewInput{Decision: "close_duplicate"})
				wantField(t, err, "duplicate_of", "error.required")
				// Only a question closes as a duplicate.
				err = s.e.mod.Review(s.e.ctx, s.e.moderator, s.answer.ID, moderation.ReviewInput{Decision: "close_duplicate", DuplicateOf: s.dup.ID})
				wantField(t, err, "decision", "error.review_not_question")
				if s.e.dbState() != before {
					t.Error("a refused decision changed the database")
				}
			},
			check: func(t *testing.T, s *reviewScene) {
				th := s.e.thread(s.thread.ID)
				if th.ClosedAt == nil || th.DuplicateOfID != s.dup.ID {
					t.Errorf("thread closed %v as duplicate of %d", th.ClosedAt, th.DuplicateOfID)
				}
				v, err := s.e.svc.Thread(s.e.ctx, s.asker, s.thread.ID)
				must(t, err)
				if v.DuplicateOf == nil || v.DuplicateOf.ID != s.dup.ID {
					t.Errorf("the page links to %+v", v.DuplicateOf)
				}
			},
		},
		{
			name: "suspend",
			post: func(s *reviewScene) int64 { return s.answer.ID },
			in:   moderation.ReviewInput{Decision: "suspend", Reason: "spam links", Days: 7},
			setup: func(t *testing.T, s *reviewScene) {
				err := s.e.mod.Review(s.e.ctx, s.e.moderator, s.answer.ID, moderation.ReviewInput{Decision: "suspend", Days: 7})
				wantField(t, err, "reason", "error.required")
				err = s.e.mod.Review(s.e.ctx, s.e.moderator, s.answer.ID, moderation.ReviewInput{Decision: "suspend", Reason: "x", Days: -1})
				wantField(t, err, "days", "error.days_range")
			},
			check: func(t *testing.T, s *reviewScene) {
				u := s.e.fresh(s.author)
				if u.SuspendedUntil == nil || !u.SuspendedUntil.Equal(s.e.now().Add(7*24*time.Hour)) || u.SuspendReason != "spam links" {
					t.Errorf("author suspended until %v for %q", u.SuspendedUntil, u.SuspendReason)
				}
				if _, err := s.e.svc.SessionUser(s.e.ctx, s.session, forum.TokenSession); forum.ErrorKind(err) != forum.Unauthenticated {
					t.Errorf("the author's session still works: %v", err)
				}
				if p := s.e.post(s.answer.ID); p.HiddenReason != forum.HiddenByModerator {
					t.Errorf("post hidden %q", p.HiddenReason)
				}
			},
		},
	}
	for _, d := range decisions {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			s := newReviewScene(t)
			e := s.e
			if d.setup != nil {
				d.setup(t, s)
			}
			in := d.in
			if in.Decision == "close_duplicate" {
				in.DuplicateOf = s.dup.ID
			}
			id := d.post(s)
			must(t, e.mod.Review(e.ctx, e.moderator, id, in))
			d.check(t, s)
			if e.queued(id) != nil {
				t.Error("the post is still in the queue")
			}
			a := e.auditEntry("review."+in.Decision, "post", id)
			if a.Actor == nil || a.Actor.ID != e.moderator.ID || a.Reason != in.Reason {
				t.Errorf("audit entry %+v", a)
			}
			// Resolving recorded the moderators' verdict on the flagger.
			var resolution string
			must(t, e.raw().QueryRowContext(e.ctx, `SELECT resolution FROM flags WHERE post_id = ? AND user_id = ?`, id, s.flagger.ID).Scan(&resolution))
			want := "agreed"
			if in.Decision == "dismiss" {
				want = "disagreed"
			}
			if resolution != want {
				t.Errorf("flag resolution %q, want %q", resolution, want)
			}
			// Another moderator was a moment too late.
			before := e.dbState()
			err := e.mod.Review(e.ctx, e.admin, id, moderation.ReviewInput{Decision: "hide", Reason: "late"})
			if in.Decision == "delete" {
				wantErr(t, err, forum.Conflict, "")
			} else {
				wantErr(t, err, forum.Conflict, "error.review_done")
			}
			if e.dbState() != before {
				t.Error("the second decision changed the database")
			}
		})
	}

	t.Run("refused decisions", func(t *testing.T) {
		t.Parallel()
		s := newReviewScene(t)
		e := s.e
		before := e.dbState()
		wantField(t, e.mod.Review(e.ctx, e.moderator, s.answer.ID, moderation.ReviewInput{Decision: "ban"}), "decision", "error.review_decision")
		// Approve is for held posts only.
		wantField(t, e.mod.Review(e.ctx, e.moderator, s.answer.ID, moderation.ReviewInput{Decision: "approve"}), "decision", "error.review_decision")
		wantField(t, e.mod.Review(e.ctx, e.moderator, s.answer.ID, moderation.ReviewInput{Decision: "hide", Reason: strings.Repeat("r", 100*1024)}), "reason", "error.too_long")
		// A post nobody flagged is not in the queue.
		clean := e.question(s.dup.ID)
		wantErr(t, e.mod.Review(e.ctx, e.moderator, clean.ID, moderation.ReviewInput{Decision: "hide"}), forum.Conflict, "error.review_done")
		if e.dbState() != before {
			t.Error("a refused decision changed the database")
		}
		// A flagged post of a higher role does not suspend its author.
		mp := e.answer(e.staff, s.dup.ID, "A staff member's answer that someone flagged.")
		e.flag(s.flagger, mp.ID, moderation.ReasonAbusive)
		before = e.dbState()
		wantErr(t, e.mod.Review(e.ctx, e.moderator, mp.ID, moderation.ReviewInput{Decision: "suspend", Reason: "x"}), forum.Forbidden, "error.act_on_higher")
		if e.dbState() != before || e.fresh(e.staff).SuspendedUntil != nil {
			t.Error("a refused suspension changed the database")
		}
	})

	t.Run("approve a held post", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t)
		asker, author := e.member("asker"), e.member("author")
		th := e.ask(asker, "Which antivirus should I use")
		_, err := e.mod.SetSpamWords(e.ctx, e.admin, []string{"casino"})
		must(t, err)
		p := e.answer(author, th.ID, "None, but visit my casino for a bonus.")
		if got := e.post(p.ID); got.HiddenReason != forum.HiddenHeld {
			t.Fatalf("not held: %q", got.HiddenReason)
		}
		wantField(t, e.mod.Review(e.ctx, e.moderator, p.ID, moderation.ReviewInput{Decision: "dismiss"}), "decision", "error.review_decision")
		must(t, e.mod.Review(e.ctx, e.moderator, p.ID, moderation.ReviewInput{Decision: "approve"}))
		if got := e.post(p.ID); got.Hidden() {
			t.Error("still hidden after approval")
		}
		if e.thread(th.ID).AnswerCount != 1 {
			t.Error("the approved answer is not counted")
		}
		if !e.notified(author, forum.NotifyApproved, th.ID) {
			t.Error("the author was not told")
		}
		e.auditEntry("review.approve", "post", p.ID)
		wantErr(t, e.mod.Review(e.ctx, e.moderator, p.ID, moderation.ReviewInput{Decision: "approve"}), forum.Conflict, "error.review_done")
	})
}

// TestRefusedFlagsKeepTheQuota: a flag that is refused (a second click, a
// post of one's own, a post already gone) is not a flag, and must not use
// up the member's flags for the day.
func TestRefusedFlagsKeepTheQuota(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author, flagger := e.member("asker"), e.member("author"), e.flagger("flagger")
	th := e.ask(asker, "Router reboots when the phone connects")
	p := e.answer(author, th.ID, "Turn off the mesh feature for the 2.4 GHz band.")
	own := e.answer(flagger, th.ID, "An answer of the flagger's own to click on.")
	e.flag(flagger, p.ID, moderation.ReasonOffTopic)
	for i := range 15 {
		for _, id := range []int64{p.ID, own.ID} {
			_, err := e.mod.Flag(e.ctx, flagger, id, moderation.FlagInput{Reason: "off_topic"})
			if forum.ErrorKind(err) == forum.RateLimited {
				t.Fatalf("after %d refused flags: %v", 2*i+1, err)
			}
		}
	}
	q := e.answer(author, th.ID, "Another answer, which really is off topic.")
	if _, err := e.mod.Flag(e.ctx, flagger, q.ID, moderation.FlagInput{Reason: "off_topic"}); err != nil {
		t.Errorf("the second real flag of the day: %v", err)
	}
}

// TestConcurrentReviews: moderators deciding on one post at once: one
// decision wins, the others are told it was done, and one audit entry is
// written.
func TestConcurrentReviews(t *testing.T) {
	t.Parallel()
	s := newReviewScene(t)
	e := s.e
	mods := []*forum.User{e.moderator, e.staff, e.admin}
	for range 5 {
		mods = append(mods, e.user(e.name("mod"), forum.RoleModerator))
	}
	errs := make(chan error, len(mods))
	var wg sync.WaitGroup
	for i, m := range mods {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := []string{"hide", "dismiss", "delete"}[i%3]
			errs <- e.mod.Review(e.ctx, m, s.answer.ID, moderation.ReviewInput{Decision: d, Reason: "race"})
		}()
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		switch {
		case err == nil:
			won++
		case forum.ErrorKind(err) != forum.Conflict:
			t.Errorf("a losing decision: %v, want Conflict", err)
		}
	}
	if won != 1 {
		t.Errorf("%d decisions won", won)
	}
	if n := len(e.audit(moderation.AuditFilter{Action: "review.", TargetID: s.answer.ID})); n != 1 {
		t.Errorf("%d review entries", n)
	}
}
