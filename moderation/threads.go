package moderation

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// ThreadAction is what a moderator does to a thread.
type ThreadAction string

// The thread actions.
const (
	ActionClose          ThreadAction = "close"
	ActionReopen         ThreadAction = "reopen"
	ActionLock           ThreadAction = "lock"
	ActionUnlock         ThreadAction = "unlock"
	ActionPin            ThreadAction = "pin"
	ActionUnpin          ThreadAction = "unpin"
	ActionHide           ThreadAction = "hide"
	ActionUnhide         ThreadAction = "unhide"
	ActionMove           ThreadAction = "move"
	ActionRetitle        ThreadAction = "retitle"
	ActionTags           ThreadAction = "tags"
	ActionCloseDuplicate ThreadAction = "close_duplicate"
)

// ThreadActions lists every thread action.
var ThreadActions = []ThreadAction{ActionClose, ActionReopen, ActionLock, ActionUnlock, ActionPin, ActionUnpin,
	ActionHide, ActionUnhide, ActionMove, ActionRetitle, ActionTags, ActionCloseDuplicate}

// ThreadActionInput is one thread action with what it needs: a reason
// (required to close and to hide), a category slug to move, a title, tags,
// or the thread it duplicates.
type ThreadActionInput struct {
	Action      string
	Reason      string
	Category    string
	Title       string
	Tags        []string
	DuplicateOf int64
}

// ActOnThread applies a moderator's action to a thread and returns the
// thread as it is afterwards. An action that would change nothing (closing
// a closed thread) is a Conflict.
func (s *Service) ActOnThread(ctx context.Context, actor *forum.User, threadID int64, in ThreadActionInput) (*forum.Thread, error) {
	if err := requireModerator(actor); err != nil {
		return nil, err
	}
	a := ThreadAction(in.Action)
	if !slices.Contains(ThreadActions, a) {
		return nil, forum.FieldError("action", "error.thread_action")
	}
	reason, err := forum.ValidateReason("reason", in.Reason, a == ActionClose || a == ActionHide)
	if err != nil {
		return nil, err
	}
	var title string
	var tags []string
	var cat *forum.Category
	switch a {
	case ActionRetitle:
		if title, err = forum.ValidateTitle(in.Title); err != nil {
			return nil, err
		}
	case ActionTags:
		if tags, err = forum.ValidateTags(in.Tags); err != nil {
			return nil, err
		}
	case ActionMove:
		if strings.TrimSpace(in.Category) == "" {
			return nil, forum.FieldError("category", "error.required")
		}
		cat, err = s.store.CategoryBySlug(ctx, in.Category)
		if forum.ErrorKind(err) == forum.NotFound {
			return nil, forum.FieldError("category", "error.category_unknown")
		}
		if err != nil {
			return nil, err
		}
	}
	now := s.now()
	var out *forum.Thread
	err = s.store.Moderate(ctx, func(tx Tx) error {
		t, err := liveThread(tx, threadID)
		if err != nil {
			return err
		}
		before, st := stateOf(t), stateOf(t)
		e := entry(actor, "thread."+string(a), "thread", t.ID, reason, now)
		switch a {
		case ActionClose:
			if t.ClosedAt != nil {
				return noChange()
			}
			st.ClosedAt, st.CloseReason = &now, reason
		case ActionReopen:
			if t.ClosedAt == nil {
				return noChange()
			}
			st.ClosedAt, st.CloseReason, st.DuplicateOfID = nil, "", 0
		case ActionLock:
			if t.LockedAt != nil {
				return noChange()
			}
			st.LockedAt = &now
		case ActionUnlock:
			if t.LockedAt == nil {
				return noChange()
			}
			st.LockedAt = nil
		case ActionPin:
			if t.PinnedAt != nil {
				return noChange()
			}
			st.PinnedAt = &now
		case ActionUnpin:
			if t.PinnedAt == nil {
				return noChange()
			}
			st.PinnedAt = nil
		case ActionHide:
			if t.HiddenAt != nil && t.HiddenReason == forum.HiddenByModerator {
				return noChange()
			}
			st.HiddenAt, st.HiddenReason = &now, forum.HiddenByModerator
		case ActionUnhide:
			if t.HiddenAt == nil {
				return noChange()
			}
			st.HiddenAt, st.HiddenReason = nil, ""
			// Showing a thread decides what was waiting about it: the
			// flags on its question were wrong, a held question is
			// approved.
			q, err := tx.Question(t.ID)
			if err != nil {
				return err
			}
			resolution := "disagreed"
			if t.HiddenReason == forum.HiddenHeld {
				resolution = "ignored"
				if err := notifyAuthor(tx, actor, t.Author, forum.NotifyApproved, t, q.ID, "", now); err != nil {
					return err
				}
			}
			if _, err := tx.ResolveFlags(q.ID, resolution, actor.ID, now); err != nil {
				return err
			}
		case ActionMove:
			if t.CategoryID == cat.ID {
				return noChange()
			}
			st.CategoryID = cat.ID
		case ActionCloseDuplicate:
			dup, err := closeAsDuplicate(tx, actor, t, in.DuplicateOf, reason, now)
			if err != nil {
				return err
			}
			e.Before = stateJSON(before)
			e.After = forum.JSONObject("closed", true, "duplicate_of", dup)
			out, err = tx.Thread(t.ID)
			if err != nil {
				return err
			}
			return tx.Audit(e)
		case ActionRetitle, ActionTags:
			q, err := tx.Question(t.ID)
			if err != nil {
				return err
			}
			u := forum.PostUpdate{PostID: q.ID, EditorID: actor.ID, BodyMD: q.BodyMD, BodyHTML: q.BodyHTML,
				Title: t.Title, Slug: t.Slug, Tags: t.Tags, At: now}
			if a == ActionRetitle {
				if title == t.Title {
					return noChange()
				}
				u.Title, u.Slug = title, forum.Slugify(title)
				e.Before, e.After = forum.JSONObject("title", t.Title), forum.JSONObject("title", title)
			} else {
				if sameTags(tags, t.Tags) {
					return noChange()
				}
				u.Tags = tags
				e.Before, e.After = forum.JSONObject("tags", t.Tags), forum.JSONObject("tags", tags)
			}
			if err := tx.EditQuestion(u); err != nil {
				return err
			}
			if out, err = tx.Thread(t.ID); err != nil {
				return err
			}
			return tx.Audit(e)
		}
		if err := tx.SetThreadState(t.ID, st); err != nil {
			return err
		}
		e.Before, e.After = stateJSON(before), stateJSON(st)
		switch a {
		case ActionClose, ActionHide:
			if err := notifyAuthor(tx, actor, t.Author, forum.NotifyModerated, t, 0, reason, now); err != nil {
				return err
			}
		}
		if out, err = tx.Thread(t.ID); err != nil {
			return err
		}
		return tx.Audit(e)
	})
	return out, err
}

// sameTags reports whether two tag lists hold the same tags in any order.
func sameTags(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func noChange() error { return forum.E(forum.Conflict, "error.no_change") }

// stateJSON is a thread state as the audit log shows it.
func stateJSON(st ThreadState) string {
	return forum.JSONObject("category_id", st.CategoryID, "closed", st.ClosedAt != nil, "close_reason", st.CloseReason,
		"duplicate_of", st.DuplicateOfID, "locked", st.LockedAt != nil, "pinned", st.PinnedAt != nil,
		"hidden", st.HiddenAt != nil, "hidden_reason", st.HiddenReason)
}

// closeAsDuplicate closes t as a duplicate of another thread, the light
// alternative to merging: nothing moves, the thread points to the other.
// It returns the thread it closed t against, at the end of any merges.
func closeAsDuplicate(tx Tx, actor *forum.User, t *forum.Thread, dupID int64, reason string, now time.Time) (int64, error) {
	if dupID <= 0 {
		return 0, forum.FieldError("duplicate_of", "error.required")
	}
	d, err := mergeTarget(tx, dupID, "duplicate_of")
	if err != nil {
		return 0, err
	}
	if d.ID == t.ID {
		return 0, forum.FieldError("duplicate_of", "error.duplicate_self")
	}
	if t.ClosedAt != nil && t.DuplicateOfID == d.ID {
		return 0, noChange()
	}
	st := stateOf(t)
	st.ClosedAt, st.CloseReason, st.DuplicateOfID = &now, reason, d.ID
	if err := tx.SetThreadState(t.ID, st); err != nil {
		return 0, err
	}
	return d.ID, notifyAuthor(tx, actor, t.Author, forum.NotifyModerated, t, 0, reason, now)
}

// mergeTarget follows merges from thread id to the live thread at the end,
// refusing deleted or hidden targets and cycles; field names the input at
// fault.
func mergeTarget(tx Tx, id int64, field string) (*forum.Thread, error) {
	t, err := tx.Thread(id)
	if forum.ErrorKind(err) == forum.NotFound {
		return nil, forum.FieldError(field, "error.merge_target_unknown")
	}
	if err != nil {
		return nil, err
	}
	if t, err = forum.FollowMerges(t, tx.Thread); err != nil {
		return nil, err
	}
	if t.DeletedAt != nil || t.HiddenAt != nil {
		return nil, forum.FieldError(field, "error.merge_target_gone")
	}
	return t, nil
}
