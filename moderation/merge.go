package moderation

import (
	"context"

	"github.com/chorus-forum/chorus/forum"
)

// Merge folds thread fromID into intoID, in one transaction:
//   - every post of the merged thread joins the target in time order and
//     carries a "merged from" marker; its question becomes an answer, its
//     accepted answer stays marked as having solved the merged thread, and
//     the target keeps its own accepted answer;
//   - the merged thread redirects permanently to the target;
//   - its "me too"s and subscribers move, one per person: someone in both
//     counts once, and its asker counts as affected in the target;
//   - its asker is told, with a link; search drops it and re-indexes the
//     target (both go to the outbox).
//
// A target that was itself merged is followed to the end of its chain;
// merging a thread into itself, or into its own chain, is refused.
func (s *Service) Merge(ctx context.Context, actor *forum.User, fromID, intoID int64, reason string) (*forum.Thread, error) {
	if err := requireModerator(actor); err != nil {
		return nil, err
	}
	reason, err := forum.ValidateReason("reason", reason, false)
	if err != nil {
		return nil, err
	}
	if intoID <= 0 {
		return nil, forum.FieldError("into", "error.required")
	}
	if fromID == intoID {
		return nil, forum.FieldError("into", "error.merge_self")
	}
	now := s.now()
	var target *forum.Thread
	err = s.store.Moderate(ctx, func(tx Tx) error {
		from, err := liveThread(tx, fromID)
		if err != nil {
			return err
		}
		if from.HiddenAt != nil {
			// Its question would become a visible answer in the target:
			// held spam or a hidden thread would be published.
			return forum.E(forum.Conflict, "error.merge_hidden")
		}
		// A known issue keeps its own page: its status, history and
		// linked reports would be orphaned. Link reports to it instead.
		if known, err := tx.IsKnownIssue(from.ID); err != nil || known {
			if err != nil {
				return err
			}
			return forum.E(forum.Conflict, "error.merge_known")
		}
		into, err := mergeTarget(tx, intoID, "into")
		if err != nil {
			return err
		}
		if into.ID == from.ID {
			return forum.FieldError("into", "error.merge_self")
		}
		m := &Merge{FromID: from.ID, IntoID: into.ID, ActorID: actor.ID, At: now}
		if err := tx.Merge(m); err != nil {
			return err
		}
		if from.Author.ID != actor.ID {
			if err := tx.Notify(&forum.Notification{UserID: from.Author.ID, Kind: forum.NotifyMerged, ThreadID: into.ID,
				Actor: actorRef(actor), Title: from.Title, Reason: reason, CreatedAt: now}); err != nil {
				return err
			}
		}
		e := entry(actor, "thread.merge", "thread", from.ID, reason, now)
		e.Before = forum.JSONObject("title", from.Title, "answers", from.AnswerCount, "metoo", from.MeTooCount,
			"into_answers", into.AnswerCount, "into_metoo", into.MeTooCount)
		e.After = forum.JSONObject("merge", m.ID, "into", into.ID, "into_title", into.Title, "moved_posts", m.MovedPosts,
			"moved_metoo", m.MovedMeToo, "shared_metoo", m.SharedMeToo, "moved_subscribers", m.MovedSubscribers)
		if err := tx.Audit(e); err != nil {
			return err
		}
		target, err = tx.Thread(into.ID)
		return err
	})
	return target, err
}

// StillMerged reports which of the threads are merged now, so the audit
// log offers to undo only merges that stand.
func (s *Service) StillMerged(ctx context.Context, actor *forum.User, ids []int64) (map[int64]bool, error) {
	if err := requireModerator(actor); err != nil {
		return nil, err
	}
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	ts, err := s.store.ThreadsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		out[t.ID] = t.MergedIntoID != 0
	}
	return out, nil
}

// Unmerge undoes the merge of thread fromID: its posts, "me too"s and
// subscribers go back, and it is a thread of its own again. It is refused
// once the target has itself been merged on (undo that first) or deleted.
func (s *Service) Unmerge(ctx context.Context, actor *forum.User, fromID int64, reason string) (*forum.Thread, error) {
	if err := requireModerator(actor); err != nil {
		return nil, err
	}
	reason, err := forum.ValidateReason("reason", reason, false)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out *forum.Thread
	err = s.store.Moderate(ctx, func(tx Tx) error {
		from, err := tx.Thread(fromID)
		if err != nil {
			return err
		}
		if from.MergedIntoID == 0 {
			return forum.E(forum.Conflict, "error.not_merged")
		}
		m, err := tx.ActiveMerge(from.ID)
		if forum.ErrorKind(err) == forum.NotFound {
			return forum.E(forum.Conflict, "error.not_merged")
		}
		if err != nil {
			return err
		}
		into, err := tx.Thread(m.IntoID)
		if err != nil {
			return err
		}
		if into.MergedIntoID != 0 {
			return forum.E(forum.Conflict, "error.unmerge_later")
		}
		if into.DeletedAt != nil {
			return forum.E(forum.Conflict, "error.thread_deleted")
		}
		q, err := tx.Post(m.QuestionPostID)
		if err != nil {
			return err
		}
		if q.Deleted() || q.Hidden() {
			// It would come back as a question readers cannot see.
			return forum.E(forum.Conflict, "error.unmerge_question_gone")
		}
		if err := tx.Unmerge(m, now); err != nil {
			return err
		}
		e := entry(actor, "thread.unmerge", "thread", from.ID, reason, now)
		e.Before = forum.JSONObject("merge", m.ID, "into", into.ID)
		e.After = forum.JSONObject("merged", false)
		if err := tx.Audit(e); err != nil {
			return err
		}
		out, err = tx.Thread(from.ID)
		return err
	})
	return out, err
}
