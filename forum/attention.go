package forum

import (
	"context"
	"time"
)

// Escalation: the customer always has a way to a human. A thread with no
// answer past its category's response target, or whose asker pressed "I
// still need help" and has had no staff answer since, waits in the staff's
// "needs attention" queue, oldest first. A staff member claims a thread,
// and the page says who is looking at it.

// AttentionPerPage is the length of a page of the queue.
const AttentionPerPage = 50

// NeedsAttention returns a page of the staff's queue and its length.
func (s *Service) NeedsAttention(ctx context.Context, actor *User, page int) ([]AttentionItem, int, error) {
	if !CanSeeAttention(actor) {
		return nil, 0, denied(actor)
	}
	if page < 1 || page > 10000 {
		page = 1
	}
	return s.store.NeedsAttention(ctx, s.now(), (page-1)*AttentionPerPage, AttentionPerPage)
}

// AskForHelp is the asker's "I still need help": the thread goes to the
// staff's queue until a staff member answers.
func (s *Service) AskForHelp(ctx context.Context, actor *User, threadID int64) (*Thread, error) {
	if actor == nil {
		return nil, E(Unauthenticated, "error.login_required")
	}
	t, err := s.visibleThread(ctx, actor, threadID)
	if err != nil {
		return nil, err
	}
	if !CanAskForHelp(actor, t) {
		return nil, E(Forbidden, "error.help_forbidden")
	}
	if t.WaitingForStaff() {
		return t, nil // asked already; pressing again changes nothing
	}
	if _, err := s.screen(ctx, actor, WriteMeToo, ""); err != nil {
		return nil, err
	}
	now := s.now()
	if err := s.store.SetNeedsHelp(ctx, t.ID, now); err != nil {
		return nil, err
	}
	t.NeedsHelpAt = &now
	return t, nil
}

// Claim makes a staff member the one looking at a thread (on), or lets go.
// Another staff member may take a claim over; the audit log keeps who had
// it.
func (s *Service) Claim(ctx context.Context, actor *User, threadID int64, on bool) (*Thread, error) {
	if !CanClaim(actor) {
		return nil, denied(actor)
	}
	t, err := s.visibleThread(ctx, actor, threadID)
	if err != nil {
		return nil, err
	}
	if t.MergedIntoID != 0 || t.DeletedAt != nil {
		return nil, ErrNotFound
	}
	now := s.now()
	var who int64
	before := ""
	if t.ClaimedBy != nil {
		before = t.ClaimedBy.Username
	}
	action, after := "thread.unclaim", ""
	if on {
		who, action, after = actor.ID, "thread.claim", actor.Username
	}
	if before == after {
		return t, nil
	}
	audit := &AuditEntry{Actor: refOf(actor), Action: action, TargetType: "thread", TargetID: t.ID, CreatedAt: now,
		Before: JSONObject("claimed_by", before), After: JSONObject("claimed_by", after)}
	if err := s.store.SetClaim(ctx, t.ID, who, now, audit); err != nil {
		return nil, err
	}
	if on {
		r := actor.Ref()
		t.ClaimedBy, t.ClaimedAt = &r, &now
	} else {
		t.ClaimedBy, t.ClaimedAt = nil, nil
	}
	return t, nil
}

// Overdue is how far past its target an item is (negative: still within).
func (it AttentionItem) Overdue(now time.Time) time.Duration {
	return now.Sub(it.Since) - it.Target
}
