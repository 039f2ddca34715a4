// Package moderation keeps a support forum trustworthy: flags and the
// review queue, thread actions (close, lock, pin, hide, move, retitle),
// merging duplicate reports, suspensions and silences, the limits on new
// accounts and spam, and the append-only audit log. It builds on forum and
// is never imported by it; forum/sqlstore implements its Store.
package moderation

import (
	"context"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// Store is what moderation needs from the database: the forum's store, a
// transaction for each action and the moderators' lists.
type Store interface {
	forum.Store
	// Moderate runs fn in one write transaction: every change an action
	// makes, its notifications and its audit entry commit together or not
	// at all. Reads through tx see the state the action changes, so two
	// moderators acting at once cannot interleave.
	Moderate(ctx context.Context, fn func(tx Tx) error) error

	// ReviewQueue returns the posts waiting for a moderator, longest
	// waiting first, and how many there are.
	ReviewQueue(ctx context.Context, offset, limit int) ([]ReviewItem, int, error)
	// AuditLog returns a page of the audit log, newest first.
	AuditLog(ctx context.Context, f AuditFilter) ([]forum.AuditEntry, int, error)
	// Dashboard counts the queue and the actions since a time, everyone's
	// and the actor's.
	Dashboard(ctx context.Context, since time.Time, actorID int64) (Dashboard, error)
	// HasFlagged reports whether a member has flagged a post already.
	HasFlagged(ctx context.Context, postID, userID int64) (bool, error)
	// PostCount counts an account's posts (questions and answers, any state).
	PostCount(ctx context.Context, userID int64) (int, error)
	SpamWords(ctx context.Context) ([]string, error)
}

// Tx is one moderation action's transaction. Every method that changes a
// thread also writes the thread to the search outbox.
type Tx interface {
	Thread(id int64) (*forum.Thread, error)
	Post(id int64) (*forum.Post, error)
	User(id int64) (*forum.User, error)
	// Question returns a thread's question.
	Question(threadID int64) (*forum.Post, error)
	// IsKnownIssue reports whether a thread is a known issue.
	IsKnownIssue(threadID int64) (bool, error)

	// SetThreadState writes the moderation state of a thread.
	SetThreadState(id int64, st ThreadState) error
	// EditQuestion retitles or retags a thread through a new revision of
	// its question.
	EditQuestion(u forum.PostUpdate) error
	// SetPostHidden hides (at non-nil) or shows an answer and recounts its
	// thread's answers.
	SetPostHidden(postID int64, at *time.Time, reason string) error
	// DeletePost soft-deletes a post as forum.Store.DeletePost does.
	DeletePost(postID int64, at time.Time) error
	// DeleteUserContent soft-deletes every thread and post of an account.
	DeleteUserContent(userID int64, at time.Time) (threads, posts int, err error)

	// Standing counts how often moderators agreed and disagreed with a
	// member's earlier flags, and their posts.
	Standing(userID int64) (Standing, error)
	AddFlag(f *Flag) error
	// PendingScore sums the weights of a post's unresolved flags with the
	// given reasons.
	PendingScore(postID int64, reasons ...Reason) (float64, error)
	// ResolveFlags closes a post's unresolved flags and returns how many.
	ResolveFlags(postID int64, resolution string, by int64, at time.Time) (int, error)
	// IgnoreFlagsBy closes a member's unresolved flags as ignored.
	IgnoreFlagsBy(userID, by int64, at time.Time) (int, error)

	SetSuspension(userID int64, until *time.Time, reason string) error
	SetSilence(userID int64, until *time.Time) error
	SetRole(userID int64, r forum.Role) error
	// EndSessions deletes every session and API token of an account.
	EndSessions(userID int64) error

	// Merge moves every post of m.From into m.Into and records the merge;
	// see Service.Merge for the rules. It sets m.ID.
	Merge(m *Merge) error
	// ActiveMerge returns the merge that merged a thread away, not undone.
	ActiveMerge(fromID int64) (*Merge, error)
	// ActiveMergesInto returns the merges, not undone, into threads an
	// account asked, newest first.
	ActiveMergesInto(userID int64) ([]*Merge, error)
	// Unmerge undoes a merge: the posts, "me too"s and subscribers it
	// moved go back.
	Unmerge(m *Merge, at time.Time) error

	SetSpamWords(words []string, at time.Time) error
	Notify(n *forum.Notification) error
	Audit(e *forum.AuditEntry) error
}

// ThreadState is the part of a thread moderators change.
type ThreadState struct {
	CategoryID    int64
	ClosedAt      *time.Time
	CloseReason   string
	DuplicateOfID int64
	LockedAt      *time.Time
	PinnedAt      *time.Time
	HiddenAt      *time.Time
	HiddenReason  string
}

func stateOf(t *forum.Thread) ThreadState {
	return ThreadState{
		CategoryID: t.CategoryID, ClosedAt: t.ClosedAt, CloseReason: t.CloseReason, DuplicateOfID: t.DuplicateOfID,
		LockedAt: t.LockedAt, PinnedAt: t.PinnedAt, HiddenAt: t.HiddenAt, HiddenReason: t.HiddenReason,
	}
}

// Standing is a member's record as a flagger.
type Standing struct {
	Agreed    int
	Disagreed int
	Posts     int
}

// Reason is why a member flags a post.
type Reason string

// The reasons for a flag.
const (
	ReasonSpam      Reason = "spam"
	ReasonAbusive   Reason = "abusive"
	ReasonOffTopic  Reason = "off_topic"
	ReasonDuplicate Reason = "duplicate"
	ReasonOther     Reason = "other"
)

// Reasons lists every reason, in the order the flag form shows them.
var Reasons = []Reason{ReasonSpam, ReasonAbusive, ReasonOffTopic, ReasonDuplicate, ReasonOther}

// Flag is one member's report of a post.
type Flag struct {
	ID            int64
	PostID        int64
	User          forum.UserRef
	Reason        Reason
	Note          string
	DuplicateOfID int64
	Weight        float64
	CreatedAt     time.Time
}

// ReviewItem is one post in the review queue with everything said about it.
type ReviewItem struct {
	Post   forum.Post
	Thread forum.Thread
	Flags  []Flag
	// Score is the sum of the flags' weights.
	Score float64
	// Held is set for a post held for approval by the spam check.
	Held bool
	// HoldReasons says why the spam check held it (filled by the Service).
	HoldReasons []string
	// Since is when the post began waiting: its first flag, or when it was
	// held.
	Since time.Time
}

// AuditFilter selects audit entries. Zero fields match everything.
type AuditFilter struct {
	Actor      string // username
	Action     string // an action name or a prefix ending in "." ("thread.")
	TargetType string
	TargetID   int64
	Page       int
	PerPage    int
}

// Dashboard is the moderators' overview.
type Dashboard struct {
	QueueSize   int
	OldestFlag  *time.Time
	HeldPosts   int
	ActionsDay  int
	MyActionDay int
}

// Merge is one thread merged into another.
type Merge struct {
	ID      int64
	FromID  int64
	IntoID  int64
	ActorID int64
	At      time.Time
	// QuestionPostID is the merged thread's question, which becomes an
	// answer in the target and a question again on undo.
	QuestionPostID int64
	// Moved counts what moved, for the audit entry: posts, people who
	// said "me too" and subscribers, and those already in the target.
	MovedPosts, MovedMeToo, SharedMeToo, MovedSubscribers int
}
