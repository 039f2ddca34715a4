package forum

import (
	"context"
	"log/slog"
	"time"
)

// Following and the notifier. A write that should tell people (an answer,
// a comment, an accepted answer, a new question) queues a job in its own
// transaction; the notifier fans the jobs out after commit, so a thread
// with ten thousand followers does not slow the answer that caused it.

// notifyBatch is how many jobs one delivery transaction takes.
const notifyBatch = 50

// DeliverNotifications delivers every queued job and reports how many.
func (s *Service) DeliverNotifications(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.store.DeliverNotifications(ctx, s.now(), notifyBatch)
		total += n
		if err != nil || n < notifyBatch {
			return total, err
		}
	}
}

// RunNotifier delivers notifications until ctx ends: at once when kicked
// (after every committed write), else every few seconds, which also picks
// up jobs a crash left behind.
// delivered, when set, is called after notifications went out (to wake the
// mailer).
func (s *Service) RunNotifier(ctx context.Context, kick <-chan struct{}, delivered func(), log *slog.Logger) {
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for {
		if !s.leading() {
			if !s.followerPause(ctx) {
				return
			}
			continue
		}
		s.rounds.notify.Add(1)
		var n int
		err := safely(func() (err error) {
			n, err = s.DeliverNotifications(ctx)
			return err
		})
		if err != nil && ctx.Err() == nil {
			log.Error("deliver notifications", "error", err)
		}
		if n > 0 && delivered != nil {
			delivered()
		}
		select {
		case <-ctx.Done():
			return
		case <-kick:
		case <-tick.C:
		}
	}
}

// Follow makes actor follow a thread (on) or stop following it.
func (s *Service) Follow(ctx context.Context, actor *User, threadID int64, on bool) error {
	if actor == nil {
		return E(Unauthenticated, "error.login_required")
	}
	t, err := s.visibleThread(ctx, actor, threadID)
	if err != nil {
		return err
	}
	if !t.Visible() {
		return ErrNotFound
	}
	return s.store.SetSubscription(ctx, t.ID, actor.ID, on, s.now())
}

// FollowCategory makes actor follow a category's new questions (on) or stop.
func (s *Service) FollowCategory(ctx context.Context, actor *User, slug string, on bool) (*Category, error) {
	if actor == nil {
		return nil, E(Unauthenticated, "error.login_required")
	}
	c, err := s.store.CategoryBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	return c, s.store.SetCategorySubscription(ctx, c.ID, actor.ID, on, s.now())
}

// FollowTag makes actor follow a tag's new questions (on) or stop.
func (s *Service) FollowTag(ctx context.Context, actor *User, tag string, on bool) (string, error) {
	if actor == nil {
		return "", E(Unauthenticated, "error.login_required")
	}
	tags, err := ValidateTags([]string{tag})
	if err != nil {
		return "", err
	}
	if len(tags) != 1 {
		return "", FieldError("tag", "error.required")
	}
	return tags[0], s.store.SetTagSubscription(ctx, tags[0], actor.ID, on, s.now())
}

// Following reports whether actor follows a category and a tag (for the
// list pages' buttons); false for guests.
func (s *Service) Following(ctx context.Context, actor *User, categoryID int64, tag string) (category, tagged bool, err error) {
	if actor == nil {
		return false, false, nil
	}
	return s.store.Following(ctx, actor.ID, categoryID, tag)
}
