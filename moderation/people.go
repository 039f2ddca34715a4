package moderation

import (
	"context"
	"slices"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// MaxSuspensionDays is the longest suspension with an end; 0 days is
// permanent.
const MaxSuspensionDays = 3650

// suspensionEnd turns a number of days into the end of a suspension or
// silence: 0 is permanent.
func suspensionEnd(days int, now time.Time) (*time.Time, error) {
	if days < 0 || days > MaxSuspensionDays {
		return nil, forum.FieldError("days", "error.days_range", MaxSuspensionDays)
	}
	end := forum.Forever
	if days > 0 {
		end = now.Add(time.Duration(days) * 24 * time.Hour)
	}
	return &end, nil
}

func checkActOnUser(actor, target *forum.User) error {
	if actor.ID == target.ID {
		return forum.E(forum.Invalid, "error.act_on_self")
	}
	if !CanActOnUser(actor, target) {
		return forum.E(forum.Forbidden, "error.act_on_higher")
	}
	return nil
}

// PersonAction is what a moderator does to an account.
type PersonAction string

// The actions on accounts.
const (
	ActionSuspend   PersonAction = "suspend"
	ActionUnsuspend PersonAction = "unsuspend"
	ActionSilence   PersonAction = "silence"
	ActionUnsilence PersonAction = "unsilence"
	// ActionPurge deletes all of a spammer's threads and posts and
	// suspends the account permanently.
	ActionPurge PersonAction = "purge"
)

// PersonActions lists every action on accounts.
var PersonActions = []PersonAction{ActionSuspend, ActionUnsuspend, ActionSilence, ActionUnsilence, ActionPurge}

// PersonInput is an action on an account: days (0 is permanent) for
// suspend and silence, and a reason, required for suspend, silence and
// purge and shown to the person.
type PersonInput struct {
	Action string
	Days   int
	Reason string
}

// PersonResult says what an action on an account did.
type PersonResult struct {
	User *forum.User
	// Threads and Posts count what a purge deleted.
	Threads, Posts int
}

// ActOnPerson suspends, silences or purges an account, or lifts a
// suspension or silence. Suspending ends the account's sessions at once.
func (s *Service) ActOnPerson(ctx context.Context, actor *forum.User, username string, in PersonInput) (*PersonResult, error) {
	if err := requireModerator(actor); err != nil {
		return nil, err
	}
	a := PersonAction(in.Action)
	if !slices.Contains(PersonActions, a) {
		return nil, forum.FieldError("action", "error.person_action")
	}
	reason, err := forum.ValidateReason("reason", in.Reason, a == ActionSuspend || a == ActionSilence || a == ActionPurge)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var until *time.Time
	if a == ActionSuspend || a == ActionSilence {
		if until, err = suspensionEnd(in.Days, now); err != nil {
			return nil, err
		}
	}
	target, err := s.store.UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	res := &PersonResult{}
	err = s.store.Moderate(ctx, func(tx Tx) error {
		u, err := tx.User(target.ID)
		if err != nil {
			return err
		}
		if err := checkActOnUser(actor, u); err != nil {
			return err
		}
		e := entry(actor, "user."+string(a), "user", u.ID, reason, now)
		e.Before = personJSON(u)
		switch a {
		case ActionSuspend, ActionPurge:
			end := until
			if a == ActionPurge {
				forever := forum.Forever
				end = &forever
				if err := undoMergesInto(tx, actor, u, now); err != nil {
					return err
				}
				if res.Threads, res.Posts, err = tx.DeleteUserContent(u.ID, now); err != nil {
					return err
				}
			}
			if err := suspend(tx, actor, u.ID, end, reason, now); err != nil {
				return err
			}
			u.SuspendedUntil, u.SuspendReason = end, reason
		case ActionUnsuspend:
			if !u.Suspended(now) {
				return noChange()
			}
			if err := tx.SetSuspension(u.ID, nil, ""); err != nil {
				return err
			}
			u.SuspendedUntil, u.SuspendReason = nil, ""
		case ActionSilence:
			if err := tx.SetSilence(u.ID, until); err != nil {
				return err
			}
			u.SilencedUntil = until
		case ActionUnsilence:
			if !u.Silenced(now) {
				return noChange()
			}
			if err := tx.SetSilence(u.ID, nil); err != nil {
				return err
			}
			u.SilencedUntil = nil
		}
		e.After = personJSON(u)
		if a == ActionPurge {
			e.After = forum.JSONObject("suspended_until", u.SuspendedUntil, "deleted_threads", res.Threads, "deleted_posts", res.Posts)
		}
		res.User = u
		return tx.Audit(e)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// suspend suspends an account until end, ends its sessions, and sets aside
// its pending flags, so a suspended flag ring cannot still hide posts.
func suspend(tx Tx, actor *forum.User, userID int64, end *time.Time, reason string, now time.Time) error {
	if err := tx.SetSuspension(userID, end, reason); err != nil {
		return err
	}
	if err := tx.EndSessions(userID); err != nil {
		return err
	}
	_, err := tx.IgnoreFlagsBy(userID, actor.ID, now)
	return err
}

// undoMergesInto undoes the merges into a spammer's threads before they
// are deleted, so the honest threads merged into them come back instead of
// redirecting to a deleted thread.
func undoMergesInto(tx Tx, actor, spammer *forum.User, now time.Time) error {
	merges, err := tx.ActiveMergesInto(spammer.ID)
	if err != nil {
		return err
	}
	for _, m := range merges {
		if err := tx.Unmerge(m, now); err != nil {
			return err
		}
		e := entry(actor, "thread.unmerge", "thread", m.FromID, "purge of "+spammer.Username, now)
		e.Before, e.After = forum.JSONObject("merge", m.ID, "into", m.IntoID), forum.JSONObject("merged", false)
		if err := tx.Audit(e); err != nil {
			return err
		}
	}
	return nil
}

func personJSON(u *forum.User) string {
	return forum.JSONObject("role", u.Role.String(), "suspended_until", u.SuspendedUntil, "suspend_reason", u.SuspendReason,
		"silenced_until", u.SilencedUntil)
}

// SetRole changes an account's role on an admin's behalf, with an audit
// entry, and ends the account's sessions so new powers (or their loss)
// take effect at once. Admins cannot change their own role, so a forum
// always keeps one.
func (s *Service) SetRole(ctx context.Context, actor *forum.User, username string, role forum.Role) (*forum.User, error) {
	if !forum.CanAssignRoles(actor) {
		return nil, denied(actor)
	}
	if !slices.Contains(forum.Roles, role) {
		return nil, forum.FieldError("role", "error.role_unknown", role.String())
	}
	target, err := s.store.UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	if target.ID == actor.ID {
		if role == target.Role {
			return target, nil
		}
		return nil, forum.E(forum.Invalid, "error.demote_self")
	}
	if !CanChangeRole(actor, target) {
		return nil, denied(actor)
	}
	now := s.now()
	err = s.store.Moderate(ctx, func(tx Tx) error {
		u, err := tx.User(target.ID)
		if err != nil {
			return err
		}
		if u.Role == role {
			target = u
			return nil
		}
		e := entry(actor, "user.role", "user", u.ID, "", now)
		e.Before, e.After = forum.JSONObject("role", u.Role.String()), forum.JSONObject("role", role.String())
		if err := tx.SetRole(u.ID, role); err != nil {
			return err
		}
		if err := tx.EndSessions(u.ID); err != nil {
			return err
		}
		u.Role = role
		target = u
		return tx.Audit(e)
	})
	return target, err
}

// AuditPerPage is the length of a page of the audit log.
const AuditPerPage = 50

// AuditLog returns a page of the audit log for staff.
func (s *Service) AuditLog(ctx context.Context, actor *forum.User, f AuditFilter) ([]forum.AuditEntry, int, error) {
	if !CanViewAudit(actor) {
		return nil, 0, denied(actor)
	}
	if f.Page < 1 || f.Page > 10000 {
		f.Page = 1
	}
	f.PerPage = AuditPerPage
	for _, v := range []string{f.Actor, f.Action, f.TargetType} {
		if len(v) > 100 {
			return nil, 0, forum.FieldError("filter", "error.filter_invalid")
		}
	}
	switch f.TargetType {
	case "", "thread", "post", "user", "settings":
	default:
		return nil, 0, forum.FieldError("target_type", "error.filter_invalid")
	}
	return s.store.AuditLog(ctx, f)
}
