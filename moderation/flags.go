package moderation

import (
	"context"
	"slices"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// HideThreshold is the flag score at which spam and abuse flags hide a post
// until a moderator looks: three members in good standing, two with a long
// record of good flags, or a single moderator.
const HideThreshold = 3.0

// Tenure: accounts younger than newAccountAge (or without a post) are new;
// older than trustedAge with trustedPosts posts they are trusted.
const (
	newAccountAge = 3 * 24 * time.Hour
	trustedAge    = 90 * 24 * time.Hour
	trustedPosts  = 20
)

// flagWeight is how much one member's flag counts towards hiding a post,
// in the spirit of Discourse's flag scores. A moderator's flag hides at
// once. A member's counts by their accuracy, how often moderators agreed
// with their earlier flags (Laplace-smoothed: 1 with no record, towards 2
// with a good record, towards 0 with a bad one), times their tenure: a
// quarter for new accounts (so a flock of fresh accounts cannot hide an
// honest post), 1.5 for trusted members.
func flagWeight(u *forum.User, st Standing, now time.Time) float64 {
	if forum.CanModerate(u) {
		return HideThreshold
	}
	accuracy := 2 * float64(st.Agreed+1) / float64(st.Agreed+st.Disagreed+2)
	tenure := 1.0
	age := now.Sub(u.CreatedAt)
	switch {
	case age < newAccountAge || st.Posts == 0:
		tenure = 0.25
	case age >= trustedAge && st.Posts >= trustedPosts:
		tenure = 1.5
	}
	return accuracy * tenure
}

// hidingReasons are the flags that count towards hiding a post.
var hidingReasons = []Reason{ReasonSpam, ReasonAbusive}

// ParseReason reads a flag reason.
func ParseReason(s string) (Reason, error) {
	for _, r := range Reasons {
		if string(r) == s {
			return r, nil
		}
	}
	return "", forum.FieldError("reason", "error.flag_reason")
}

// FlagInput is a member's report of a post.
type FlagInput struct {
	Reason string
	Note   string
	// DuplicateOf is the thread a duplicate flag points to.
	DuplicateOf int64
}

// FlagResult says what a flag did.
type FlagResult struct {
	Flag     *Flag
	ThreadID int64
	// Hidden is true when this flag took the post over the threshold;
	// ThreadHidden when that hid the whole thread (the post was its
	// question).
	Hidden, ThreadHidden bool
}

// Flag records actor's flag on a post. Spam and abuse flags whose weights
// reach HideThreshold hide the post pending review and tell its author why.
func (s *Service) Flag(ctx context.Context, actor *forum.User, postID int64, in FlagInput) (*FlagResult, error) {
	if actor == nil {
		return nil, forum.E(forum.Unauthenticated, "error.login_required")
	}
	reason, err := ParseReason(in.Reason)
	if err != nil {
		return nil, err
	}
	note, err := forum.ValidateReason("note", in.Note, reason == ReasonOther)
	if err != nil {
		return nil, err
	}
	if reason == ReasonDuplicate && in.DuplicateOf <= 0 {
		return nil, forum.FieldError("duplicate_of", "error.required")
	}
	if reason != ReasonDuplicate {
		in.DuplicateOf = 0
	}
	// Refusals that need no lock come first, so that a double click or a
	// flag on one's own post does not use up the day's flags; the
	// transaction checks all of it again.
	if err := s.precheckFlag(ctx, actor, postID); err != nil {
		return nil, err
	}
	if _, err := s.Screen(ctx, actor, forum.Write{Kind: forum.WriteFlag}); err != nil {
		return nil, err
	}
	now := s.now()
	res := &FlagResult{}
	err = s.store.Moderate(ctx, func(tx Tx) error {
		*res = FlagResult{} // PostgreSQL may run this again after a collision
		p, t, err := livePost(tx, postID)
		if err != nil {
			return err
		}
		if !CanFlag(actor, t, p) {
			if p.Author.ID == actor.ID {
				return forum.E(forum.Forbidden, "error.flag_own")
			}
			return denied(actor)
		}
		if in.DuplicateOf != 0 {
			d, err := tx.Thread(in.DuplicateOf)
			if forum.ErrorKind(err) == forum.NotFound || (err == nil && (!d.Visible() || d.ID == t.ID)) {
				return forum.FieldError("duplicate_of", "error.duplicate_target")
			}
			if err != nil {
				return err
			}
		}
		st, err := tx.Standing(actor.ID)
		if err != nil {
			return err
		}
		f := &Flag{PostID: p.ID, User: actor.Ref(), Reason: reason, Note: note, DuplicateOfID: in.DuplicateOf,
			Weight: flagWeight(actor, st, now), CreatedAt: now}
		if err := tx.AddFlag(f); err != nil {
			if forum.ErrorKind(err) == forum.Conflict {
				return forum.E(forum.Conflict, "error.flag_twice")
			}
			return err
		}
		res.Flag, res.ThreadID = f, t.ID
		if reason != ReasonSpam && reason != ReasonAbusive || hiddenByAnyone(p, t) {
			return nil
		}
		score, err := tx.PendingScore(p.ID, hidingReasons...)
		if err != nil || score < HideThreshold {
			return err
		}
		res.Hidden, res.ThreadHidden = true, p.IsQuestion
		if err := hide(tx, p, t, forum.HiddenByFlags, now); err != nil {
			return err
		}
		if err := notifyAuthor(tx, nil, p.Author, forum.NotifyPostFlagged, t, p.ID, "", now); err != nil {
			return err
		}
		e := entry(nil, "post.autohide", "post", p.ID, "", now)
		e.Before = forum.JSONObject("hidden", false)
		e.After = forum.JSONObject("hidden", true, "score", score, "threshold", HideThreshold)
		return tx.Audit(e)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// precheckFlag refuses, through the readers, a flag that Flag's
// transaction would refuse anyway.
func (s *Service) precheckFlag(ctx context.Context, actor *forum.User, postID int64) error {
	p, err := s.store.PostByID(ctx, postID)
	if err != nil {
		return err
	}
	if p.Deleted() {
		return forum.E(forum.Conflict, "error.post_deleted")
	}
	t, err := s.store.ThreadByID(ctx, p.ThreadID)
	if err != nil {
		return err
	}
	if t.DeletedAt != nil {
		return forum.E(forum.Conflict, "error.thread_deleted")
	}
	if t.MergedIntoID != 0 {
		return forum.E(forum.Conflict, "error.thread_merged")
	}
	if !CanFlag(actor, t, p) {
		if p.Author.ID == actor.ID {
			return forum.E(forum.Forbidden, "error.flag_own")
		}
		return denied(actor)
	}
	flagged, err := s.store.HasFlagged(ctx, postID, actor.ID)
	if err != nil {
		return err
	}
	if flagged {
		return forum.E(forum.Conflict, "error.flag_twice")
	}
	return nil
}

// hiddenByAnyone reports whether p (or, for a question, its thread) is
// hidden already.
func hiddenByAnyone(p *forum.Post, t *forum.Thread) bool {
	if p.IsQuestion {
		return t.HiddenAt != nil
	}
	return p.Hidden()
}

// hide hides an answer, or the whole thread when p is its question.
func hide(tx Tx, p *forum.Post, t *forum.Thread, reason string, now time.Time) error {
	if !p.IsQuestion {
		return tx.SetPostHidden(p.ID, &now, reason)
	}
	st := stateOf(t)
	if st.HiddenAt == nil {
		st.HiddenAt = &now
	}
	st.HiddenReason = reason
	return tx.SetThreadState(t.ID, st)
}

// unhide shows an answer again, or its thread when p is the question.
func unhide(tx Tx, p *forum.Post, t *forum.Thread) error {
	if !p.IsQuestion {
		return tx.SetPostHidden(p.ID, nil, "")
	}
	st := stateOf(t)
	st.HiddenAt, st.HiddenReason = nil, ""
	return tx.SetThreadState(t.ID, st)
}

// QueuePerPage is the length of a page of the review queue.
const QueuePerPage = 25

// Queue returns a page of the review queue.
func (s *Service) Queue(ctx context.Context, actor *forum.User, page int) ([]ReviewItem, int, error) {
	if err := requireModerator(actor); err != nil {
		return nil, 0, err
	}
	if page < 1 || page > 10000 {
		page = 1
	}
	items, total, err := s.store.ReviewQueue(ctx, (page-1)*QueuePerPage, QueuePerPage)
	if err != nil {
		return nil, 0, err
	}
	if len(items) > 0 {
		words, err := s.store.SpamWords(ctx)
		if err != nil {
			return nil, 0, err
		}
		for i := range items {
			if items[i].Held {
				text := items[i].Post.BodyMD
				if items[i].Post.IsQuestion {
					text = items[i].Thread.Title + "\n" + text
				}
				items[i].HoldReasons = holdReasons(text, words, s.Limits.FirstPostHoldLinks)
			}
		}
	}
	return items, total, nil
}

// Decision is what a moderator does with a post in the queue.
type Decision string

// The decisions of the review queue.
const (
	// DecisionDismiss clears the flags (the flaggers were wrong) and shows
	// the post again if flags hid it.
	DecisionDismiss Decision = "dismiss"
	// DecisionApprove publishes a post the spam check held.
	DecisionApprove Decision = "approve"
	// DecisionHide agrees with the flags and hides the post.
	DecisionHide Decision = "hide"
	// DecisionDelete agrees and deletes the post (a question: its thread).
	DecisionDelete Decision = "delete"
	// DecisionCloseDuplicate closes the post's thread as a duplicate.
	DecisionCloseDuplicate Decision = "close_duplicate"
	// DecisionSuspend hides the post and suspends its author.
	DecisionSuspend Decision = "suspend"
)

// Decisions lists every decision.
var Decisions = []Decision{DecisionDismiss, DecisionApprove, DecisionHide, DecisionDelete, DecisionCloseDuplicate, DecisionSuspend}

// ReviewInput is a moderator's decision on a post in the queue.
type ReviewInput struct {
	Decision    string
	Reason      string
	DuplicateOf int64 // for close_duplicate
	Days        int   // for suspend; 0 is permanent
}

// Review applies a moderator's decision to a post in the queue, resolving
// its flags. A post no longer in the queue (another moderator was faster)
// is a Conflict, so nothing is done twice.
func (s *Service) Review(ctx context.Context, actor *forum.User, postID int64, in ReviewInput) error {
	if err := requireModerator(actor); err != nil {
		return err
	}
	d := Decision(in.Decision)
	if !slices.Contains(Decisions, d) {
		return forum.FieldError("decision", "error.review_decision")
	}
	reason, err := forum.ValidateReason("reason", in.Reason, d == DecisionSuspend)
	if err != nil {
		return err
	}
	var until *time.Time
	if d == DecisionSuspend {
		if until, err = suspensionEnd(in.Days, s.now()); err != nil {
			return err
		}
	}
	now := s.now()
	return s.store.Moderate(ctx, func(tx Tx) error {
		p, t, err := livePost(tx, postID)
		if err != nil {
			return err
		}
		held := p.HiddenReason == forum.HiddenHeld || (p.IsQuestion && t.HiddenReason == forum.HiddenHeld)
		pending, err := tx.PendingScore(p.ID, Reasons...)
		if err != nil {
			return err
		}
		flagged := pending > 0
		if !held && !flagged {
			return forum.E(forum.Conflict, "error.review_done")
		}
		resolution := "agreed"
		e := entry(actor, "review."+string(d), "post", p.ID, reason, now)
		e.Before = forum.JSONObject("thread", t.ID, "author", p.Author.Username, "hidden", hiddenByAnyone(p, t), "held", held, "flag_score", pending)
		var after []any
		switch d {
		case DecisionDismiss:
			if held {
				return forum.FieldError("decision", "error.review_decision")
			}
			resolution = "disagreed"
			if hiddenByAnyone(p, t) && (p.HiddenReason == forum.HiddenByFlags || (p.IsQuestion && t.HiddenReason == forum.HiddenByFlags)) {
				if err := unhide(tx, p, t); err != nil {
					return err
				}
			}
			after = []any{"hidden", false}
		case DecisionApprove:
			if !held {
				return forum.FieldError("decision", "error.review_decision")
			}
			resolution = "ignored"
			if err := unhide(tx, p, t); err != nil {
				return err
			}
			if err := notifyAuthor(tx, actor, p.Author, forum.NotifyApproved, t, p.ID, "", now); err != nil {
				return err
			}
			after = []any{"held", false}
		case DecisionHide:
			if err := hide(tx, p, t, forum.HiddenByModerator, now); err != nil {
				return err
			}
			if err := notifyAuthor(tx, actor, p.Author, forum.NotifyPostHidden, t, p.ID, reason, now); err != nil {
				return err
			}
			after = []any{"hidden", true}
		case DecisionDelete:
			if err := tx.DeletePost(p.ID, now); err != nil {
				return err
			}
			if err := notifyAuthor(tx, actor, p.Author, forum.NotifyModerated, t, p.ID, reason, now); err != nil {
				return err
			}
			after = []any{"deleted", true}
		case DecisionCloseDuplicate:
			if !p.IsQuestion {
				return forum.FieldError("decision", "error.review_not_question")
			}
			dup, err := closeAsDuplicate(tx, actor, t, in.DuplicateOf, reason, now)
			if err != nil {
				return err
			}
			after = []any{"closed", true, "duplicate_of", dup}
		case DecisionSuspend:
			author, err := tx.User(p.Author.ID)
			if err != nil {
				return err
			}
			if err := checkActOnUser(actor, author); err != nil {
				return err
			}
			if err := hide(tx, p, t, forum.HiddenByModerator, now); err != nil {
				return err
			}
			if err := suspend(tx, actor, author.ID, until, reason, now); err != nil {
				return err
			}
			after = []any{"hidden", true, "suspended_until", until}
		}
		n, err := tx.ResolveFlags(p.ID, resolution, actor.ID, now)
		if err != nil {
			return err
		}
		e.After = forum.JSONObject(append(after, "flags_resolved", n)...)
		return tx.Audit(e)
	})
}
