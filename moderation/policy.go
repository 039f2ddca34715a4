package moderation

import "github.com/chorus-forum/chorus/forum"

// The moderation policy, on top of forum's. Each function takes the acting
// user (nil for a guest) and what they act on.

// CanFlag reports whether u may flag p in t: any member, on someone else's
// post that readers can see. A hidden post or thread is already with the
// moderators.
func CanFlag(u *forum.User, t *forum.Thread, p *forum.Post) bool {
	return u != nil && t.Visible() && !p.Deleted() && !p.Hidden() && p.Author.ID != u.ID
}

// CanReview reports whether u may work the review queue and act on threads
// and posts: moderators and above.
func CanReview(u *forum.User) bool { return forum.CanModerate(u) }

// CanActOnUser reports whether actor may suspend, silence or purge target:
// a moderator or above, on an account of a lower role, never themselves.
// So a moderator cannot touch another moderator, staff or an admin.
func CanActOnUser(actor, target *forum.User) bool {
	return forum.CanModerate(actor) && actor.ID != target.ID && target.Role < actor.Role
}

// CanChangeRole reports whether actor may change target's role: admins
// only, never on themselves (so a forum keeps its admin).
func CanChangeRole(actor, target *forum.User) bool {
	return forum.CanAssignRoles(actor) && actor.ID != target.ID
}

// CanViewAudit reports whether u may read the audit log: staff and admins.
func CanViewAudit(u *forum.User) bool { return u != nil && u.Role.AtLeast(forum.RoleStaff) }

// CanEditSpamWords reports whether u may change the spam words: admins.
func CanEditSpamWords(u *forum.User) bool { return u != nil && u.Role.AtLeast(forum.RoleAdmin) }

// exempt reports whether u's writes skip the rate limits and the spam
// check: moderators and above, who are the ones cleaning up.
func exempt(u *forum.User) bool { return forum.CanModerate(u) }
