package moderation_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// The policy functions as a table: every role against every action.

func roleUser(id int64, r forum.Role) *forum.User {
	return &forum.User{ID: id, Username: r.String(), Role: r}
}

func TestPolicyTable(t *testing.T) {
	t.Parallel()
	member := roleUser(1, forum.RoleMember)
	moderator := roleUser(2, forum.RoleModerator)
	staff := roleUser(3, forum.RoleStaff)
	admin := roleUser(4, forum.RoleAdmin)
	users := []*forum.User{member, moderator, staff, admin}
	// others[r] is a second account of the same role, to act on a peer.
	others := map[forum.Role]*forum.User{}
	for _, u := range users {
		others[u.Role] = roleUser(u.ID+10, u.Role)
	}

	type want struct{ review, audit, spam bool }
	wants := map[forum.Role]want{
		forum.RoleMember:    {review: false, audit: false, spam: false},
		forum.RoleModerator: {review: true, audit: false, spam: false},
		forum.RoleStaff:     {review: true, audit: true, spam: false},
		forum.RoleAdmin:     {review: true, audit: true, spam: true},
	}
	thread := &forum.Thread{ID: 1}
	for _, u := range users {
		w := wants[u.Role]
		t.Run(u.Role.String(), func(t *testing.T) {
			own := &forum.Post{ID: 1, Author: u.Ref()}
			other := &forum.Post{ID: 2, Author: forum.UserRef{ID: 99}}
			if moderation.CanFlag(u, thread, own) {
				t.Error("CanFlag on own post: true")
			}
			if !moderation.CanFlag(u, thread, other) {
				t.Error("CanFlag on another's post: false")
			}
			if got := moderation.CanReview(u); got != w.review {
				t.Errorf("CanReview = %v, want %v", got, w.review)
			}
			if got := moderation.CanViewAudit(u); got != w.audit {
				t.Errorf("CanViewAudit = %v, want %v", got, w.audit)
			}
			if got := moderation.CanEditSpamWords(u); got != w.spam {
				t.Errorf("CanEditSpamWords = %v, want %v", got, w.spam)
			}
			if moderation.CanActOnUser(u, u) {
				t.Error("CanActOnUser on self: true")
			}
			if moderation.CanChangeRole(u, u) {
				t.Error("CanChangeRole on self: true")
			}
			for _, target := range users {
				if target.ID == u.ID {
					continue
				}
				// Only a lower role, and only from a moderator up.
				wantAct := u.Role >= forum.RoleModerator && target.Role < u.Role
				if got := moderation.CanActOnUser(u, target); got != wantAct {
					t.Errorf("CanActOnUser(%s, %s) = %v, want %v", u.Role, target.Role, got, wantAct)
				}
				wantRole := u.Role == forum.RoleAdmin
				if got := moderation.CanChangeRole(u, target); got != wantRole {
					t.Errorf("CanChangeRole(%s, %s) = %v, want %v", u.Role, target.Role, got, wantRole)
				}
			}
			if moderation.CanActOnUser(u, others[u.Role]) {
				t.Errorf("CanActOnUser on another %s: true", u.Role)
			}
			if got := moderation.CanChangeRole(u, others[u.Role]); got != (u.Role == forum.RoleAdmin) {
				t.Errorf("CanChangeRole on another %s = %v", u.Role, got)
			}
		})
	}

	t.Run("guest", func(t *testing.T) {
		p := &forum.Post{ID: 2, Author: forum.UserRef{ID: 99}}
		if moderation.CanFlag(nil, thread, p) || moderation.CanReview(nil) || moderation.CanViewAudit(nil) || moderation.CanEditSpamWords(nil) {
			t.Error("a guest may do something")
		}
	})
	t.Run("flag on gone content", func(t *testing.T) {
		now := time.Now()
		p := &forum.Post{ID: 2, Author: forum.UserRef{ID: 99}}
		if moderation.CanFlag(member, thread, &forum.Post{ID: 3, Author: forum.UserRef{ID: 99}, DeletedAt: &now}) {
			t.Error("CanFlag on a deleted post")
		}
		if moderation.CanFlag(member, &forum.Thread{ID: 2, DeletedAt: &now}, p) {
			t.Error("CanFlag in a deleted thread")
		}
		if moderation.CanFlag(member, &forum.Thread{ID: 2, MergedIntoID: 1}, p) {
			t.Error("CanFlag in a merged thread")
		}
		if moderation.CanFlag(member, thread, &forum.Post{ID: 3, Author: forum.UserRef{ID: 99}, HiddenAt: &now}) {
			t.Error("CanFlag on a hidden post")
		}
		if moderation.CanFlag(member, &forum.Thread{ID: 2, HiddenAt: &now}, p) {
			t.Error("CanFlag in a hidden thread")
		}
	})
}

// TestServiceRefusesMembersAndGuests calls every moderators' method as a
// member (Forbidden) and as a guest (Unauthenticated), and checks that none
// of them changed anything.
func TestServiceRefusesMembersAndGuests(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker := e.member("asker")
	helper := e.member("helper")
	target := e.ask(asker, "My router drops the connection at night")
	source := e.ask(helper, "The WLAN disconnects every night again")
	ans := e.answer(helper, target.ID, "Switch the router to a fixed channel and try again.")
	merged := e.ask(helper, "A third thread to merge and undo")
	if _, err := e.mod.Merge(e.ctx, e.moderator, merged.ID, target.ID, ""); err != nil {
		t.Fatal(err)
	}
	e.flag(asker, ans.ID, moderation.ReasonSpam)
	before := e.dbState()

	calls := map[string]func(u *forum.User) error{
		"Review": func(u *forum.User) error {
			return e.mod.Review(e.ctx, u, ans.ID, moderation.ReviewInput{Decision: "hide"})
		},
		"ActOnThread": func(u *forum.User) error {
			_, err := e.mod.ActOnThread(e.ctx, u, target.ID, moderation.ThreadActionInput{Action: "lock"})
			return err
		},
		"Merge": func(u *forum.User) error {
			_, err := e.mod.Merge(e.ctx, u, source.ID, target.ID, "")
			return err
		},
		"Unmerge": func(u *forum.User) error {
			_, err := e.mod.Unmerge(e.ctx, u, merged.ID, "")
			return err
		},
		"ActOnPerson": func(u *forum.User) error {
			_, err := e.mod.ActOnPerson(e.ctx, u, helper.Username, moderation.PersonInput{Action: "suspend", Days: 1, Reason: "spam"})
			return err
		},
		"SetRole": func(u *forum.User) error {
			_, err := e.mod.SetRole(e.ctx, u, helper.Username, forum.RoleModerator)
			return err
		},
		"AuditLog": func(u *forum.User) error {
			_, _, err := e.mod.AuditLog(e.ctx, u, moderation.AuditFilter{})
			return err
		},
		"SpamWords": func(u *forum.User) error {
			_, err := e.mod.SpamWords(e.ctx, u)
			return err
		},
		"SetSpamWords": func(u *forum.User) error {
			_, err := e.mod.SetSpamWords(e.ctx, u, []string{"casino"})
			return err
		},
		"Queue": func(u *forum.User) error {
			_, _, err := e.mod.Queue(e.ctx, u, 1)
			return err
		},
		"Dashboard": func(u *forum.User) error {
			_, err := e.mod.Dashboard(e.ctx, u)
			return err
		},
	}
	for name, call := range calls {
		t.Run(name+"/member", func(t *testing.T) {
			wantErr(t, call(asker), forum.Forbidden, "error.forbidden")
		})
		t.Run(name+"/guest", func(t *testing.T) {
			wantErr(t, call(nil), forum.Unauthenticated, "error.login_required")
		})
	}
	// What is above a moderator's role stays out of reach too.
	above := map[string][]*forum.User{
		"AuditLog":     {e.moderator},
		"SpamWords":    {e.moderator, e.staff},
		"SetSpamWords": {e.moderator, e.staff},
		"SetRole":      {e.moderator, e.staff},
	}
	for name, us := range above {
		for _, u := range us {
			t.Run(name+"/"+u.Role.String(), func(t *testing.T) {
				wantErr(t, calls[name](u), forum.Forbidden, "error.forbidden")
			})
		}
	}
	if after := e.dbState(); after != before {
		t.Errorf("refused calls changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

// TestActOnPeopleByRole: a moderator and up may act on a lower role only,
// never on a peer, a higher role or themselves, for each of suspend,
// silence and purge.
func TestActOnPeopleByRole(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	moderator2 := e.user("moderator2", forum.RoleModerator)
	staff2 := e.user("staff2", forum.RoleStaff)
	admin2 := e.user("admin2", forum.RoleAdmin)
	refused := []struct {
		actor, target *forum.User
		kind          forum.Kind
		code          string
	}{
		{e.moderator, e.moderator, forum.Invalid, "error.act_on_self"},
		{e.moderator, moderator2, forum.Forbidden, "error.act_on_higher"},
		{e.moderator, e.staff, forum.Forbidden, "error.act_on_higher"},
		{e.moderator, e.admin, forum.Forbidden, "error.act_on_higher"},
		{e.staff, e.staff, forum.Invalid, "error.act_on_self"},
		{e.staff, staff2, forum.Forbidden, "error.act_on_higher"},
		{e.staff, e.admin, forum.Forbidden, "error.act_on_higher"},
		{e.admin, e.admin, forum.Invalid, "error.act_on_self"},
		{e.admin, admin2, forum.Forbidden, "error.act_on_higher"},
	}
	before := e.dbState()
	for _, c := range refused {
		for _, a := range []moderation.PersonAction{moderation.ActionSuspend, moderation.ActionSilence, moderation.ActionPurge} {
			t.Run(fmt.Sprintf("%s on %s/%s", c.actor.Username, c.target.Username, a), func(t *testing.T) {
				e := e.sub(t)
				_, err := e.mod.ActOnPerson(e.ctx, c.actor, c.target.Username, moderation.PersonInput{Action: string(a), Days: 3, Reason: "testing"})
				wantErr(t, err, c.kind, c.code)
			})
		}
	}
	if after := e.dbState(); after != before {
		t.Errorf("refused actions changed the database:\nbefore %s\nafter  %s", before, after)
	}

	allowed := []struct{ actor, target *forum.User }{
		{e.moderator, e.member("member1")},
		{e.staff, moderator2},
		{e.admin, staff2},
	}
	for _, c := range allowed {
		t.Run(fmt.Sprintf("%s on %s", c.actor.Username, c.target.Username), func(t *testing.T) {
			e := e.sub(t)
			res, err := e.mod.ActOnPerson(e.ctx, c.actor, c.target.Username, moderation.PersonInput{Action: "silence", Days: 3, Reason: "testing"})
			if err != nil {
				t.Fatal(err)
			}
			if !res.User.Silenced(e.now()) || !e.fresh(c.target).Silenced(e.now()) {
				t.Error("not silenced")
			}
		})
	}

	t.Run("admin cannot change own role", func(t *testing.T) {
		e := e.sub(t)
		_, err := e.mod.SetRole(e.ctx, e.admin, e.admin.Username, forum.RoleMember)
		wantErr(t, err, forum.Invalid, "error.demote_self")
		if e.fresh(e.admin).Role != forum.RoleAdmin {
			t.Error("admin lost the role")
		}
	})
}
