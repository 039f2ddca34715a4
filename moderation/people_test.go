package moderation_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

func (e *env) login(u *forum.User) (*forum.User, error) {
	return e.svc.Login(e.ctx, u.Username, passwordOf(u.Username), "192.0.2."+e.name(""))
}

func (e *env) session(u *forum.User) string {
	e.t.Helper()
	s, err := e.svc.StartSession(e.ctx, u, forum.TokenSession)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

func (e *env) act(actor *forum.User, target *forum.User, in moderation.PersonInput) *moderation.PersonResult {
	e.t.Helper()
	res, err := e.mod.ActOnPerson(e.ctx, actor, target.Username, in)
	if err != nil {
		e.t.Fatalf("%s on %s: %v", in.Action, target.Username, err)
	}
	return res
}

func TestSuspend(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	sam := e.member("sam")
	token := e.session(sam)
	if _, err := e.svc.SessionUser(e.ctx, token, forum.TokenSession); err != nil {
		t.Fatal(err)
	}

	t.Run("for seven days", func(t *testing.T) {
		e := e.sub(t)
		res := e.act(e.moderator, sam, moderation.PersonInput{Action: "suspend", Days: 7, Reason: "spam links"})
		end := e.now().Add(7 * 24 * time.Hour)
		if res.User.SuspendedUntil == nil || !res.User.SuspendedUntil.Equal(end) {
			t.Errorf("result suspended until %v", res.User.SuspendedUntil)
		}
		if u := e.fresh(sam); u.SuspendedUntil == nil || !u.SuspendedUntil.Equal(end) || u.SuspendReason != "spam links" {
			t.Errorf("stored: until %v for %q", u.SuspendedUntil, u.SuspendReason)
		}
		_, err := e.login(sam)
		fe := wantErr(t, err, forum.Forbidden, "error.suspended")
		if !slices.Contains(fe.Args, any("spam links")) || !slices.Contains(fe.Args, any(end.Format("2006-01-02 15:04 UTC"))) {
			t.Errorf("error args %v lack the reason or the end", fe.Args)
		}
		if _, err := e.svc.SessionUser(e.ctx, token, forum.TokenSession); forum.ErrorKind(err) != forum.Unauthenticated {
			t.Errorf("the session outlived the suspension: %v", err)
		}
		// The gate refuses a suspended account's writes too.
		_, _, err = e.svc.Ask(e.ctx, e.fresh(sam), forum.AskInput{CategorySlug: e.cat.Slug, Title: "Asking while suspended here",
			Body: "This should never be stored in the database."})
		wantErr(t, err, forum.Forbidden, "error.suspended")
		a := e.auditEntry("user.suspend", "user", sam.ID)
		if a.Reason != "spam links" || !strings.Contains(a.Before, `"suspended_until":null`) || strings.Contains(a.After, `"suspended_until":null`) {
			t.Errorf("audit %+v", a)
		}
	})
	t.Run("unsuspend", func(t *testing.T) {
		e := e.sub(t)
		e.act(e.moderator, sam, moderation.PersonInput{Action: "unsuspend"})
		if _, err := e.login(sam); err != nil {
			t.Errorf("login after unsuspend: %v", err)
		}
		_, err := e.mod.ActOnPerson(e.ctx, e.moderator, sam.Username, moderation.PersonInput{Action: "unsuspend"})
		wantErr(t, err, forum.Conflict, "error.no_change")
		e.auditEntry("user.unsuspend", "user", sam.ID)
	})
	t.Run("runs out", func(t *testing.T) {
		e := e.sub(t)
		e.act(e.moderator, sam, moderation.PersonInput{Action: "suspend", Days: 1, Reason: "cool down"})
		_, err := e.login(sam)
		wantErr(t, err, forum.Forbidden, "error.suspended")
		e.clock.Advance(25 * time.Hour)
		if _, err := e.login(sam); err != nil {
			t.Errorf("login after the suspension ended: %v", err)
		}
		_, err = e.mod.ActOnPerson(e.ctx, e.moderator, sam.Username, moderation.PersonInput{Action: "unsuspend"})
		wantErr(t, err, forum.Conflict, "error.no_change")
	})
	t.Run("forever", func(t *testing.T) {
		e := e.sub(t)
		token := e.session(sam)
		e.act(e.moderator, sam, moderation.PersonInput{Action: "suspend", Days: 0, Reason: "ban evasion"})
		if u := e.fresh(sam); u.SuspendedUntil == nil || !u.SuspendedUntil.Equal(forum.Forever) {
			t.Errorf("suspended until %v", u.SuspendedUntil)
		}
		_, err := e.login(sam)
		fe := wantErr(t, err, forum.Forbidden, "error.suspended_forever")
		if !slices.Contains(fe.Args, any("ban evasion")) {
			t.Errorf("error args %v lack the reason", fe.Args)
		}
		if _, err := e.svc.SessionUser(e.ctx, token, forum.TokenSession); forum.ErrorKind(err) != forum.Unauthenticated {
			t.Errorf("the session outlived the suspension: %v", err)
		}
		e.clock.Advance(3650 * 24 * time.Hour)
		_, err = e.login(sam)
		wantErr(t, err, forum.Forbidden, "error.suspended_forever")
	})
	t.Run("refused", func(t *testing.T) {
		e := e.sub(t)
		pat := e.member("pat")
		before := e.dbState()
		for _, c := range []struct {
			in    moderation.PersonInput
			field string
			code  string
		}{
			{moderation.PersonInput{Action: "suspend", Days: -1, Reason: "x"}, "days", "error.days_range"},
			{moderation.PersonInput{Action: "suspend", Days: moderation.MaxSuspensionDays + 1, Reason: "x"}, "days", "error.days_range"},
			{moderation.PersonInput{Action: "silence", Days: -1, Reason: "x"}, "days", "error.days_range"},
			{moderation.PersonInput{Action: "silence", Days: 3651, Reason: "x"}, "days", "error.days_range"},
			{moderation.PersonInput{Action: "suspend", Days: 3}, "reason", "error.required"},
			{moderation.PersonInput{Action: "silence", Days: 3}, "reason", "error.required"},
			{moderation.PersonInput{Action: "purge"}, "reason", "error.required"},
			{moderation.PersonInput{Action: "suspend", Days: 3, Reason: strings.Repeat("x", 100*1024)}, "reason", "error.too_long"},
			{moderation.PersonInput{Action: "delete", Reason: "x"}, "action", "error.person_action"},
		} {
			_, err := e.mod.ActOnPerson(e.ctx, e.moderator, pat.Username, c.in)
			wantField(t, err, c.field, c.code)
		}
		_, err := e.mod.ActOnPerson(e.ctx, e.moderator, "nobody-here", moderation.PersonInput{Action: "suspend", Days: 1, Reason: "x"})
		wantErr(t, err, forum.NotFound, "")
		if e.dbState() != before {
			t.Error("a refused action changed the database")
		}
		if _, err := e.login(pat); err != nil {
			t.Error(err)
		}
		// The longest suspension with an end is accepted.
		e.act(e.moderator, pat, moderation.PersonInput{Action: "suspend", Days: moderation.MaxSuspensionDays, Reason: "x"})
	})
}

func TestSilence(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, helper, quiet := e.member("asker"), e.member("helper"), e.member("quiet")
	th := e.ask(asker, "Printer prints blank pages")
	ans := e.answer(helper, th.ID, "Run the nozzle cleaning twice, then print a test page.")
	own := e.answer(quiet, th.ID, "An answer quiet wrote before the silence.")
	e.act(e.moderator, quiet, moderation.PersonInput{Action: "silence", Days: 7, Reason: "heated replies"})
	u := e.fresh(quiet)
	end := e.now().Add(7 * 24 * time.Hour)
	if u.SilencedUntil == nil || !u.SilencedUntil.Equal(end) {
		t.Fatalf("silenced until %v", u.SilencedUntil)
	}

	writes := map[string]func() error{
		"ask": func() error {
			_, _, err := e.svc.Ask(e.ctx, u, forum.AskInput{CategorySlug: e.cat.Slug, Title: "A question while silenced",
				Body: "The silenced member tries to ask anyway."})
			return err
		},
		"answer": func() error {
			_, err := e.svc.Answer(e.ctx, u, th.ID, "The silenced member tries to answer anyway.")
			return err
		},
		"comment": func() error {
			_, _, err := e.svc.AddComment(e.ctx, u, ans.ID, "A comment while silenced")
			return err
		},
		"flag": func() error {
			_, err := e.mod.Flag(e.ctx, u, ans.ID, moderation.FlagInput{Reason: "spam"})
			return err
		},
	}
	before := e.dbState()
	for name, w := range writes {
		t.Run(name, func(t *testing.T) {
			fe := wantErr(t, w(), forum.Forbidden, "error.silenced")
			if !slices.Contains(fe.Args, any(end.Format("2006-01-02 15:04 UTC"))) {
				t.Errorf("args %v lack the end", fe.Args)
			}
		})
	}
	if e.dbState() != before {
		t.Error("a silenced member's write was stored")
	}
	t.Run("may read, vote and say me too", func(t *testing.T) {
		e := e.sub(t)
		if _, err := e.login(quiet); err != nil {
			t.Errorf("login: %v", err)
		}
		if _, err := e.svc.Thread(e.ctx, u, th.ID); err != nil {
			t.Error(err)
		}
		if score, _, err := e.svc.Vote(e.ctx, u, ans.ID, 1); err != nil || score != 1 {
			t.Errorf("vote: %d, %v", score, err)
		}
		if n, err := e.svc.MeToo(e.ctx, u, th.ID, true); err != nil || n != 1 {
			t.Errorf("me too: %d, %v", n, err)
		}
		if e.post(own.ID).Deleted() {
			t.Error("silencing deleted a post")
		}
	})
	t.Run("forever", func(t *testing.T) {
		e := e.sub(t)
		e.act(e.moderator, quiet, moderation.PersonInput{Action: "silence", Days: 0, Reason: "again"})
		_, err := e.svc.Answer(e.ctx, e.fresh(quiet), th.ID, "The silenced member tries to answer anyway.")
		wantErr(t, err, forum.Forbidden, "error.silenced_forever")
	})
	t.Run("unsilence", func(t *testing.T) {
		e := e.sub(t)
		e.act(e.moderator, quiet, moderation.PersonInput{Action: "unsilence"})
		if _, err := e.svc.Answer(e.ctx, e.fresh(quiet), th.ID, "Back to answering after the silence."); err != nil {
			t.Error(err)
		}
		_, err := e.mod.ActOnPerson(e.ctx, e.moderator, quiet.Username, moderation.PersonInput{Action: "unsilence"})
		wantErr(t, err, forum.Conflict, "error.no_change")
		e.auditEntry("user.silence", "user", quiet.ID)
		e.auditEntry("user.unsilence", "user", quiet.ID)
	})
}

func TestPurge(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, helper, fan := e.member("asker"), e.member("helper"), e.member("fan")
	spammer := e.member("spammer")
	token := e.session(spammer)

	honest := e.ask(asker, "Which USB-C cable for fast charging")
	good := e.answer(helper, honest.ID, "Any cable rated for 60 W with an e-marker.")
	other := e.ask(helper, "Phone overheats while charging")
	spamA := e.ask(spammer, "Cheap cables cheap cables cheap")
	spamB := e.ask(spammer, "Best cable shop in town visit now")
	replied := e.answer(helper, spamA.ID, "Please do not advertise here.")
	e.meToo(fan, spamA.ID)
	s1 := e.answer(spammer, honest.ID, "Buy my cables, they are the best cables.")
	s2 := e.answer(spammer, other.ID, "My cables never overheat, buy them.")
	e.vote(fan, good.ID, 1)
	e.vote(spammer, good.ID, -1)
	e.vote(spammer, replied.ID, -1)
	e.vote(fan, s1.ID, 1)
	e.meToo(spammer, honest.ID)
	e.meToo(spammer, other.ID)
	e.meToo(fan, other.ID)
	c, _, err := e.svc.AddComment(e.ctx, spammer, good.ID, "Mine are better")
	must(t, err)
	if e.post(good.ID).Score != 0 || e.thread(honest.ID).AnswerCount != 2 || e.thread(other.ID).MeTooCount != 2 {
		t.Fatal("the scene is not as planned")
	}

	res := e.act(e.moderator, spammer, moderation.PersonInput{Action: "purge", Reason: "cable spam"})
	if res.Threads != 2 || res.Posts != 2 {
		t.Errorf("purge deleted %d threads and %d posts, want 2 and 2", res.Threads, res.Posts)
	}
	for _, th := range []*forum.Thread{spamA, spamB} {
		if e.thread(th.ID).DeletedAt == nil || !e.question(th.ID).Deleted() {
			t.Errorf("thread %d not deleted", th.ID)
		}
		if e.listed(th.ID) {
			t.Errorf("thread %d still listed", th.ID)
		}
	}
	for _, p := range []*forum.Post{s1, s2} {
		if !e.post(p.ID).Deleted() {
			t.Errorf("answer %d not deleted", p.ID)
		}
	}
	if cm, err := e.db.CommentByID(e.ctx, c.ID); err != nil || cm.DeletedAt == nil {
		t.Errorf("comment not deleted: %v", err)
	}
	if p := e.post(good.ID); p.Score != 1 || p.Deleted() {
		t.Errorf("good answer: score %d (want the spammer's downvote gone), deleted %v", p.Score, p.Deleted())
	}
	if p := e.post(replied.ID); p.Score != 0 || p.Deleted() {
		t.Errorf("the reply in the spam thread: score %d, deleted %v", p.Score, p.Deleted())
	}
	if th := e.thread(honest.ID); th.AnswerCount != 1 || th.MeTooCount != 0 {
		t.Errorf("honest thread: %d answers, %d me too", th.AnswerCount, th.MeTooCount)
	}
	if th := e.thread(other.ID); th.AnswerCount != 0 || th.MeTooCount != 1 {
		t.Errorf("other thread: %d answers, %d me too", th.AnswerCount, th.MeTooCount)
	}
	if e.hasMeToo(other.ID, spammer) || !e.hasMeToo(other.ID, fan) {
		t.Error("wrong me toos left")
	}
	u := e.fresh(spammer)
	if u.SuspendedUntil == nil || !u.SuspendedUntil.Equal(forum.Forever) || u.SuspendReason != "cable spam" {
		t.Errorf("spammer suspended until %v for %q", u.SuspendedUntil, u.SuspendReason)
	}
	_, err = e.login(spammer)
	wantErr(t, err, forum.Forbidden, "error.suspended_forever")
	if _, err := e.svc.SessionUser(e.ctx, token, forum.TokenSession); forum.ErrorKind(err) != forum.Unauthenticated {
		t.Errorf("the spammer's session survived: %v", err)
	}
	a := e.auditEntry("user.purge", "user", spammer.ID)
	if a.Reason != "cable spam" || !strings.Contains(a.After, `"deleted_threads":2`) {
		t.Errorf("audit %+v", a)
	}
	// The other people's posts stay.
	if e.post(good.ID).Deleted() || e.question(other.ID).Deleted() {
		t.Error("purge deleted someone else's post")
	}
}

func TestSetRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mia := e.member("mia")
	token := e.session(mia)

	u, err := e.mod.SetRole(e.ctx, e.admin, mia.Username, forum.RoleModerator)
	must(t, err)
	if u.Role != forum.RoleModerator || e.fresh(mia).Role != forum.RoleModerator {
		t.Errorf("role %v", e.fresh(mia).Role)
	}
	if _, err := e.svc.SessionUser(e.ctx, token, forum.TokenSession); forum.ErrorKind(err) != forum.Unauthenticated {
		t.Errorf("the session survived the role change: %v", err)
	}
	a := e.auditEntry("user.role", "user", mia.ID)
	if a.Actor == nil || a.Actor.ID != e.admin.ID || a.Before != `{"role":"member"}` || a.After != `{"role":"moderator"}` {
		t.Errorf("audit %+v", a)
	}
	// The new moderator works the queue.
	if _, _, err := e.mod.Queue(e.ctx, e.fresh(mia), 1); err != nil {
		t.Errorf("new moderator: %v", err)
	}

	t.Run("same role", func(t *testing.T) {
		e := e.sub(t)
		before := e.dbState()
		if _, err := e.mod.SetRole(e.ctx, e.admin, mia.Username, forum.RoleModerator); err != nil {
			t.Fatal(err)
		}
		if e.dbState() != before {
			t.Error("setting the same role changed the database")
		}
	})
	t.Run("own role", func(t *testing.T) {
		e := e.sub(t)
		before := e.dbState()
		for _, r := range []forum.Role{forum.RoleMember, forum.RoleModerator, forum.RoleStaff} {
			_, err := e.mod.SetRole(e.ctx, e.admin, e.admin.Username, r)
			wantErr(t, err, forum.Invalid, "error.demote_self")
		}
		if e.dbState() != before {
			t.Error("changed the database")
		}
	})
	t.Run("unknown account", func(t *testing.T) {
		e := e.sub(t)
		_, err := e.mod.SetRole(e.ctx, e.admin, "nobody-here", forum.RoleStaff)
		wantErr(t, err, forum.NotFound, "")
	})
	t.Run("unknown role", func(t *testing.T) {
		e := e.sub(t)
		before := e.dbState()
		for _, r := range []forum.Role{0, forum.RoleAdmin + 1} {
			_, err := e.mod.SetRole(e.ctx, e.admin, mia.Username, r)
			if forum.ErrorKind(err) != forum.Invalid {
				t.Errorf("role %d: %v, want Invalid", r, err)
			}
		}
		if e.dbState() != before || e.fresh(mia).Role != forum.RoleModerator {
			t.Errorf("an unknown role changed the account: now %v", e.fresh(mia).Role)
		}
	})
	t.Run("another admin", func(t *testing.T) {
		e := e.sub(t)
		other := e.user("admin2", forum.RoleAdmin)
		if _, err := e.mod.SetRole(e.ctx, e.admin, other.Username, forum.RoleStaff); err != nil {
			t.Fatal(err)
		}
		if e.fresh(other).Role != forum.RoleStaff {
			t.Error("not demoted")
		}
	})
}
