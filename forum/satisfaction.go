package forum

import (
	"context"
	"time"
)

// Satisfaction: once a thread is solved, its asker is asked once "Did this
// solve your problem?" (yes or no, an optional rating of 1 to 5 and a
// comment). Staff see the results per category and per answerer on the
// insights page.

// SatisfactionInput is the asker's answer.
type SatisfactionInput struct {
	Solved  bool
	Rating  int // 0 for none, else 1 to 5
	Comment string
}

// Satisfaction is one stored answer.
type Satisfaction struct {
	ThreadID   int64
	UserID     int64
	Solved     bool
	Rating     int
	Comment    string
	AnswerID   int64
	AnswererID int64
	CreatedAt  time.Time
}

// CanRateThread reports whether u may say whether t's accepted answer
// solved their problem: its asker, once it is solved.
func CanRateThread(u *User, t *Thread) bool {
	return isMember(u) && t.Author.ID == u.ID && t.Visible() && t.Solved()
}

// RateThread stores the asker's answer. A second answer is a Conflict.
func (s *Service) RateThread(ctx context.Context, actor *User, threadID int64, in SatisfactionInput) (*Satisfaction, error) {
	if actor == nil {
		return nil, E(Unauthenticated, "error.login_required")
	}
	t, err := s.visibleThread(ctx, actor, threadID)
	if err != nil {
		return nil, err
	}
	if !CanRateThread(actor, t) {
		return nil, E(Forbidden, "error.satisfaction_forbidden")
	}
	if in.Rating < 0 || in.Rating > 5 {
		return nil, FieldError("rating", "error.rating_range")
	}
	comment, err := ValidateReason("comment", in.Comment, false)
	if err != nil {
		return nil, err
	}
	p, err := s.store.PostByID(ctx, t.AcceptedPostID)
	if err != nil {
		return nil, err
	}
	r := &Satisfaction{ThreadID: t.ID, UserID: actor.ID, Solved: in.Solved, Rating: in.Rating, Comment: comment,
		AnswerID: p.ID, AnswererID: p.Author.ID, CreatedAt: s.now()}
	if err := s.store.AddSatisfaction(ctx, r); err != nil {
		if ErrorKind(err) == Conflict {
			return nil, E(Conflict, "error.satisfaction_given")
		}
		return nil, err
	}
	return r, nil
}

// ThreadSatisfaction returns the asker's answer for a thread, or nil.
func (s *Service) ThreadSatisfaction(ctx context.Context, threadID int64) (*Satisfaction, error) {
	r, err := s.store.SatisfactionOf(ctx, threadID)
	if ErrorKind(err) == NotFound {
		return nil, nil
	}
	return r, err
}
