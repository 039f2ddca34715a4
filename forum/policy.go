package forum

// The authorization policy, in one place. Each function takes the acting user
// (nil for a guest) and the object acted on; handlers load the object, then
// ask. Moderation adds its own rules on top of these.

func isMember(u *User) bool { return u != nil }

// CanAsk reports whether u may start a thread.
func CanAsk(u *User) bool { return isMember(u) }

// CanAnswer reports whether u may answer or comment in t.
func CanAnswer(u *User, t *Thread) bool {
	if !isMember(u) || !t.Visible() {
		return false
	}
	if t.LockedAt != nil || t.ClosedAt != nil {
		return u.Role.AtLeast(RoleModerator)
	}
	return true
}

// CanEditPost reports whether u may edit p: its author while the thread is
// open, or a moderator.
func CanEditPost(u *User, t *Thread, p *Post) bool {
	if !isMember(u) || p.Deleted() {
		return false
	}
	if u.Role.AtLeast(RoleModerator) {
		return true
	}
	return p.Author.ID == u.ID && t.Visible() && t.LockedAt == nil
}

// CanDeletePost reports whether u may soft-delete p. An accepted answer
// stays until it is unaccepted, and an author may not delete a question
// other people have answered (their answers would go with it), as on Stack
// Exchange; moderators may.
func CanDeletePost(u *User, t *Thread, p *Post) bool {
	if !CanEditPost(u, t, p) {
		return false
	}
	if u.Role.AtLeast(RoleModerator) {
		return true
	}
	if p.ID == t.AcceptedPostID {
		return false
	}
	if p.IsQuestion && t.AnswerCount > 0 {
		return false
	}
	return true
}

// CanComment reports whether u may comment on p in t: as for answers, and
// not under a deleted or hidden post.
func CanComment(u *User, t *Thread, p *Post) bool {
	return !p.Deleted() && !p.Hidden() && CanAnswer(u, t)
}

// CanDeleteComment reports whether u may delete c in t: its author while the
// thread is open (a lock freezes everything in it, as for edits), or a
// moderator.
func CanDeleteComment(u *User, t *Thread, c *Comment) bool {
	if !isMember(u) || c.DeletedAt != nil {
		return false
	}
	if u.Role.AtLeast(RoleModerator) {
		return true
	}
	return c.Author.ID == u.ID && t.Visible() && t.LockedAt == nil
}

// CanVote reports whether u may vote on p: members, not on their own posts,
// not on questions (questions get "me too" instead).
func CanVote(u *User, t *Thread, p *Post) bool {
	return isMember(u) && t.Visible() && !p.Deleted() && !p.Hidden() && !p.IsQuestion && p.Author.ID != u.ID
}

// CanMeToo reports whether u may say "me too" on t. The asker has the
// problem already and is counted by asking.
func CanMeToo(u *User, t *Thread) bool {
	return isMember(u) && t.Visible() && t.Author.ID != u.ID
}

// CanAccept reports whether u may choose t's accepted answer: the asker, or
// a moderator on behalf of a silent asker.
func CanAccept(u *User, t *Thread) bool {
	if !isMember(u) || !t.Visible() {
		return false
	}
	return t.Author.ID == u.ID || u.Role.AtLeast(RoleModerator)
}

// CanSeeRevisions reports whether u may read p's edit history. As on Stack
// Exchange, the history of a visible post is public; that of a deleted post
// or hidden thread is for moderators, or deleting would not hide the text.
func CanSeeRevisions(u *User, t *Thread, p *Post) bool {
	if p.Hidden() && !CanSeeHiddenPost(u, p) {
		return false
	}
	return (t.Visible() && !p.Deleted()) || (u != nil && u.Role.AtLeast(RoleModerator))
}

// CanManageCategories reports whether u may create and edit categories.
func CanManageCategories(u *User) bool { return isMember(u) && u.Role.AtLeast(RoleAdmin) }

// CanAssignRoles reports whether u may change other accounts' roles.
func CanAssignRoles(u *User) bool { return isMember(u) && u.Role.AtLeast(RoleAdmin) }

// CanAskForHelp reports whether u may press "I still need help" on t: its
// asker, while the thread is visible and open.
func CanAskForHelp(u *User, t *Thread) bool {
	return isMember(u) && t.Author.ID == u.ID && t.Visible() && t.ClosedAt == nil && t.LockedAt == nil
}

// CanClaim reports whether u may claim threads: staff and admins, the
// company's people.
func CanClaim(u *User) bool { return isMember(u) && u.Role.AtLeast(RoleStaff) }

// CanSeeAttention reports whether u may read the "needs attention" queue.
func CanSeeAttention(u *User) bool { return CanClaim(u) }

// CanModerate reports whether u may see moderators' tools, such as the
// possible duplicates of a thread.
func CanModerate(u *User) bool { return isMember(u) && u.Role.AtLeast(RoleModerator) }

// CanSeeHiddenThread reports whether u may open t while it is hidden or
// held: moderators, and its asker, who is told why. A deleted thread is
// for moderators only.
func CanSeeHiddenThread(u *User, t *Thread) bool {
	if CanModerate(u) {
		return true
	}
	return isMember(u) && t.DeletedAt == nil && t.MergedIntoID == 0 && t.Author.ID == u.ID
}

// CanSeeHiddenPost reports whether u may read p while it is hidden or held:
// moderators and its author.
func CanSeeHiddenPost(u *User, p *Post) bool {
	return CanModerate(u) || (isMember(u) && p.Author.ID == u.ID)
}
