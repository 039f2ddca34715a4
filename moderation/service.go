package moderation

import (
	"context"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// Service is moderation's use cases. Every action checks the policy, runs
// in one transaction with its audit entry, and tells the people affected.
type Service struct {
	store Store
	forum *forum.Service
	// Now is the clock; tests replace it.
	Now func() time.Time
	// Limits cap members' writes; set before serving.
	Limits Limits
}

// NewService wires a Service. It also installs the Service as the forum's
// gate, so every member's write passes the limits and the spam check.
func NewService(store Store, fs *forum.Service) *Service {
	s := &Service{store: store, forum: fs, Now: func() time.Time { return fs.Now() }, Limits: DefaultLimits()}
	fs.SetGate(s)
	return s
}

func (s *Service) now() time.Time { return s.Now().UTC() }

func denied(actor *forum.User) error {
	if actor == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	return forum.E(forum.Forbidden, "error.forbidden")
}

func requireModerator(actor *forum.User) error {
	if !CanReview(actor) {
		return denied(actor)
	}
	return nil
}

func actorRef(u *forum.User) *forum.UserRef {
	if u == nil {
		return nil
	}
	r := u.Ref()
	return &r
}

// entry starts an audit entry for actor's action on a target.
func entry(actor *forum.User, action, targetType string, targetID int64, reason string, at time.Time) *forum.AuditEntry {
	return &forum.AuditEntry{Actor: actorRef(actor), Action: action, TargetType: targetType, TargetID: targetID,
		Reason: reason, Before: "{}", After: "{}", CreatedAt: at}
}

// notifyAuthor tells the author of a thread or post about a moderator's
// action, unless they did it themselves.
func notifyAuthor(tx Tx, actor *forum.User, author forum.UserRef, kind string, t *forum.Thread, postID int64, reason string, at time.Time) error {
	if actor != nil && actor.ID == author.ID {
		return nil
	}
	return tx.Notify(&forum.Notification{UserID: author.ID, Kind: kind, ThreadID: t.ID, PostID: postID,
		Actor: actorRef(actor), Title: t.Title, Reason: reason, CreatedAt: at})
}

// liveThread loads a thread inside tx for an action: it must exist, not be
// deleted and not be merged away.
func liveThread(tx Tx, id int64) (*forum.Thread, error) {
	t, err := tx.Thread(id)
	if err != nil {
		return nil, err
	}
	if t.DeletedAt != nil {
		return nil, forum.E(forum.Conflict, "error.thread_deleted")
	}
	if t.MergedIntoID != 0 {
		return nil, forum.E(forum.Conflict, "error.thread_merged")
	}
	return t, nil
}

// livePost loads a post and its thread inside tx; the post must not be
// deleted.
func livePost(tx Tx, id int64) (*forum.Post, *forum.Thread, error) {
	p, err := tx.Post(id)
	if err != nil {
		return nil, nil, err
	}
	if p.Deleted() {
		return nil, nil, forum.E(forum.Conflict, "error.post_deleted")
	}
	t, err := liveThread(tx, p.ThreadID)
	if err != nil {
		return nil, nil, err
	}
	return p, t, nil
}

// Dashboard returns the moderators' overview.
func (s *Service) Dashboard(ctx context.Context, actor *forum.User) (Dashboard, error) {
	if err := requireModerator(actor); err != nil {
		return Dashboard{}, err
	}
	now := s.now()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	return s.store.Dashboard(ctx, day, actor.ID)
}
