package forum

import (
	"strings"
	"time"
)

// Role is what an account may do. Roles are ordered: each includes the
// powers of the ones below it.
type Role int

// The roles, lowest first.
const (
	RoleMember Role = iota + 1
	RoleModerator
	RoleStaff
	RoleAdmin
)

// Roles lists every role, lowest first.
var Roles = []Role{RoleMember, RoleModerator, RoleStaff, RoleAdmin}

func (r Role) String() string {
	switch r {
	case RoleModerator:
		return "moderator"
	case RoleStaff:
		return "staff"
	case RoleAdmin:
		return "admin"
	}
	return "member"
}

// ParseRole reads a role name as String writes it.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if strings.EqualFold(s, r.String()) {
			return r, nil
		}
	}
	return 0, FieldError("role", "error.role_unknown", s)
}

// AtLeast reports whether r includes the powers of min.
func (r Role) AtLeast(min Role) bool { return r >= min }

// HasBadge reports whether posts by this role carry a visible badge.
func (r Role) HasBadge() bool { return r >= RoleModerator }

// User is an account.
type User struct {
	ID           int64
	Username     string
	Email        string
	PasswordHash string
	Role         Role
	Language     string // "de", "en", or "" to follow the browser
	CreatedAt    time.Time
	// TwoFactor is true once the account confirmed an authenticator app.
	TwoFactor bool
	// SuspendedUntil, when set and in the future, keeps the account out:
	// it cannot sign in and its sessions are gone. SuspendReason is shown
	// to the person. SilencedUntil lets them read and vote but not write.
	SuspendedUntil *time.Time
	SuspendReason  string
	SilencedUntil  *time.Time
	// EmailBouncedAt is when the mail server refused the address for
	// good; no more mail goes there until it changes.
	EmailBouncedAt *time.Time
}

// Forever is the end of a permanent suspension or silence.
var Forever = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// Suspended reports whether u is suspended at now.
func (u *User) Suspended(now time.Time) bool {
	return u.SuspendedUntil != nil && now.Before(*u.SuspendedUntil)
}

// Silenced reports whether u is silenced at now.
func (u *User) Silenced(now time.Time) bool {
	return u.SilencedUntil != nil && now.Before(*u.SilencedUntil)
}

// Ref is the short form of the user shown beside a post.
func (u *User) Ref() UserRef {
	return UserRef{ID: u.ID, Username: u.Username, Role: u.Role}
}

// UserRef names the author of a post, with the role that decides the badge.
type UserRef struct {
	ID       int64
	Username string
	Role     Role
}

// Category is a product area; threads belong to exactly one.
type Category struct {
	ID                  int64
	Slug                string
	Name                string
	Description         string
	ResponseTargetHours int
	Position            int
	ThreadCount         int
}

// Thread is a question and everything said under it.
type Thread struct {
	ID             int64
	CategoryID     int64
	CategorySlug   string
	CategoryName   string
	Title          string
	Slug           string
	Author         UserRef
	Lang           string
	Tags           []string
	CreatedAt      time.Time
	LastActivityAt time.Time
	AnswerCount    int
	MeTooCount     int
	AcceptedPostID int64
	FirstAnswerAt  *time.Time
	DeletedAt      *time.Time
	HiddenAt       *time.Time
	LockedAt       *time.Time
	ClosedAt       *time.Time
	MergedIntoID   int64
	PinnedAt       *time.Time
	// HiddenReason says why HiddenAt is set: HiddenByFlags, HiddenByModerator
	// or HiddenHeld.
	HiddenReason string
	CloseReason  string
	// DuplicateOfID is the thread this one was closed as a duplicate of.
	DuplicateOfID int64
	// NeedsHelpAt is when the asker pressed "I still need help".
	NeedsHelpAt *time.Time
	// ClaimedBy is the staff member looking at the thread, since ClaimedAt.
	ClaimedBy *UserRef
	ClaimedAt *time.Time
	// The first and the latest answer by staff.
	FirstStaffAnswerAt, LastStaffAnswerAt *time.Time
}

// WaitingForStaff reports whether the asker asked for help and no staff
// answer came since.
func (t Thread) WaitingForStaff() bool {
	return t.NeedsHelpAt != nil && (t.LastStaffAnswerAt == nil || t.LastStaffAnswerAt.Before(*t.NeedsHelpAt))
}

// AttentionItem is a thread in the staff's "needs attention" queue.
type AttentionItem struct {
	Thread Thread
	// Since is when the wait began: the question, or the asker's request
	// for help; Target is the category's response target.
	Since  time.Time
	Target time.Duration
	// NeedsHelp says the asker asked for a human.
	NeedsHelp bool
}

// Why a thread or post is hidden.
const (
	HiddenByFlags     = "flags"     // the community's flags, pending review
	HiddenByModerator = "moderator" // a moderator's decision
	HiddenHeld        = "held"      // awaiting a moderator's approval
)

// Solved reports whether an answer has been accepted.
func (t Thread) Solved() bool { return t.AcceptedPostID != 0 }

// Visible reports whether readers may see the thread at all.
func (t Thread) Visible() bool {
	return t.DeletedAt == nil && t.HiddenAt == nil && t.MergedIntoID == 0
}

// Status is the thread's state as lists and the API name it.
func (t Thread) Status() string {
	switch {
	case t.Solved():
		return "solved"
	case t.AnswerCount == 0:
		return "unanswered"
	}
	return "open"
}

// Post is the question (the thread's first post) or an answer.
type Post struct {
	ID         int64
	ThreadID   int64
	Author     UserRef
	IsQuestion bool
	BodyMD     string
	BodyHTML   string
	Score      int
	CreatedAt  time.Time
	EditedAt   *time.Time
	DeletedAt  *time.Time
	Comments   []Comment
	// HiddenAt and HiddenReason: a post hidden by flags or a moderator,
	// or held for approval; only its author and moderators see it.
	HiddenAt     *time.Time
	HiddenReason string
	// MergedFrom is the thread this post came from in a merge (ID 0 when
	// it was always here); MergedFromSolved marks the post that was that
	// thread's accepted answer.
	MergedFrom       ThreadRef
	MergedFromSolved bool
	// Source is where an imported post came from, nil for one written
	// here; its page must show it (CC BY-SA attribution).
	Source *PostSource
}

// PostSource is the attribution of an imported post: the site, the post
// there, its author as the site named them, and the licence.
type PostSource struct {
	Site       string
	URL        string
	AuthorName string
	AuthorURL  string
	License    string
}

// ThreadRef names a thread in a link.
type ThreadRef struct {
	ID    int64
	Title string
	Slug  string
}

// Hidden reports whether the post is hidden from readers.
func (p Post) Hidden() bool { return p.HiddenAt != nil }

// Deleted reports whether the post was soft-deleted.
func (p Post) Deleted() bool { return p.DeletedAt != nil }

// Comment is a short remark under a post.
type Comment struct {
	ID        int64
	PostID    int64
	Author    UserRef
	BodyMD    string
	BodyHTML  string
	CreatedAt time.Time
	DeletedAt *time.Time
}

// Revision is an earlier version of a post, kept on every edit.
type Revision struct {
	PostID    int64
	Number    int
	Title     string // the thread's title at the time, for questions
	BodyMD    string
	Editor    UserRef
	CreatedAt time.Time
}

// ThreadView is a thread as its page shows it to one viewer.
type ThreadView struct {
	Thread   Thread
	Category Category
	Question Post
	// Answers holds the accepted answer first, then by score and age.
	Answers []Post
	// MyVotes maps post IDs to the viewer's vote (-1 or 1).
	MyVotes map[int64]int
	// MeToo reports whether the viewer said "me too".
	MeToo bool
	// DuplicateOf is the thread this one was closed as a duplicate of.
	DuplicateOf *ThreadRef
	// Following reports whether the viewer follows the thread.
	Following bool
}

// Notification tells a person that something happened to them or to a
// thread they follow.
type Notification struct {
	ID       int64
	UserID   int64
	Kind     string // one of the Notify* kinds
	ThreadID int64
	PostID   int64
	Actor    *UserRef
	// Title is the thread's title when it happened; Reason is a
	// moderator's reason, shown to the person.
	Title     string
	Reason    string
	CreatedAt time.Time
	ReadAt    *time.Time
}

// The kinds of notification.
const (
	NotifyAnswer      = "answer"       // a new answer in a thread you follow
	NotifyStaffAnswer = "staff_answer" // staff answered in a thread you follow
	NotifyComment     = "comment"      // a comment on your post
	NotifySolved      = "solved"       // a thread you follow is solved
	NotifyAccepted    = "accepted"     // your answer was accepted
	NotifyNewThread   = "new_thread"   // a new question in a category or tag you follow
	NotifyKnownIssue  = "known_issue"  // a known issue that affects you changed its status
	NotifyLinked      = "linked"       // your report was linked to a known issue
	NotifyCluster     = "cluster"      // staff: a new widespread problem was raised

	NotifyMerged      = "merged"       // your thread was merged into another
	NotifyPostHidden  = "post_hidden"  // a moderator hid your post
	NotifyPostFlagged = "post_flagged" // members' flags hid your post until a moderator looks
	NotifyModerated   = "moderated"    // a moderator acted on your content
	NotifyApproved    = "approved"     // your held post was approved
)

// AuditEntry is one moderator or staff action in the append-only audit log.
// Before and After are JSON objects of the fields the action changed.
type AuditEntry struct {
	ID int64
	// Actor is nil for the system (a post hidden by flags).
	Actor      *UserRef
	Action     string
	TargetType string // "thread", "post", "user" or "settings"
	TargetID   int64
	Reason     string
	Before     string
	After      string
	CreatedAt  time.Time
}

// Receipt is what the asker sees after posting: that the question arrived
// and what to expect.
type Receipt struct {
	ThreadID            int64
	CategoryName        string
	ResponseTargetHours int
	// MedianFirstAnswer is the median time to the first answer in the
	// category's history; zero when Samples is zero.
	MedianFirstAnswer time.Duration
	Samples           int
}

// ThreadFilter selects a list of threads.
type ThreadFilter struct {
	CategoryID int64
	Tag        string
	AuthorID   int64
	Status     string // "", "open", "solved" or "unanswered"
	Sort       string // "latest", "active" or "top"
	Page       int    // 1-based
	PerPage    int
}

// ThreadPage is one page of a thread list.
type ThreadPage struct {
	Threads []Thread
	Page    int
	PerPage int
	Total   int
}

// HasNext reports whether another page follows.
func (p ThreadPage) HasNext() bool { return p.Page*p.PerPage < p.Total }

// Pages is the number of pages in the list.
func (p ThreadPage) Pages() int {
	if p.PerPage == 0 {
		return 0
	}
	return (p.Total + p.PerPage - 1) / p.PerPage
}
