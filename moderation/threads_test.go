package moderation_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// TestThreadActions runs every thread action, in an order where each
// undoes or builds on the one before, on one thread: each changes what it
// says, refuses to run twice, and writes an audit entry.
func TestThreadActions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, reader := e.member("asker"), e.member("reader")
	older := e.ask(asker, "Backup to the NAS stopped working", "nas", "backup")
	e.clock.Advance(time.Minute)
	e.ask(reader, "Newest thread of the forum for the list")
	dup := e.ask(reader, "NAS backup fails since the update")
	th := older
	answer := func(u *forum.User) error {
		_, err := e.svc.Answer(e.ctx, u, th.ID, "Check the share's permissions for the backup user.")
		return err
	}
	first := func() int64 {
		page, err := e.svc.Threads(e.ctx, forum.ThreadFilter{})
		must(t, err)
		return page.Threads[0].ID
	}
	if first() == th.ID {
		t.Fatal("the older thread leads the list before pinning")
	}
	revisions := func() []forum.Revision {
		revs, _, err := e.svc.Revisions(e.ctx, e.moderator, e.question(th.ID).ID)
		must(t, err)
		return revs
	}

	steps := []struct {
		in    moderation.ThreadActionInput
		check func(t *testing.T, got *forum.Thread)
	}{
		{moderation.ThreadActionInput{Action: "close", Reason: "solved elsewhere"}, func(t *testing.T, got *forum.Thread) {
			if got.ClosedAt == nil || got.CloseReason != "solved elsewhere" {
				t.Errorf("closed %v %q", got.ClosedAt, got.CloseReason)
			}
			wantErr(t, answer(reader), forum.Forbidden, "error.thread_closed")
			if !e.notified(asker, forum.NotifyModerated, th.ID) {
				t.Error("the asker was not told")
			}
		}},
		{moderation.ThreadActionInput{Action: "reopen"}, func(t *testing.T, got *forum.Thread) {
			if got.ClosedAt != nil || got.CloseReason != "" {
				t.Errorf("still closed %v %q", got.ClosedAt, got.CloseReason)
			}
			must(t, answer(reader))
		}},
		{moderation.ThreadActionInput{Action: "lock"}, func(t *testing.T, got *forum.Thread) {
			if got.LockedAt == nil {
				t.Error("not locked")
			}
			wantErr(t, answer(reader), forum.Forbidden, "error.thread_closed")
			wantErr(t, answer(asker), forum.Forbidden, "error.thread_closed")
			must(t, answer(e.moderator))
		}},
		{moderation.ThreadActionInput{Action: "unlock"}, func(t *testing.T, got *forum.Thread) {
			if got.LockedAt != nil {
				t.Error("still locked")
			}
			must(t, answer(reader))
		}},
		{moderation.ThreadActionInput{Action: "pin"}, func(t *testing.T, got *forum.Thread) {
			if got.PinnedAt == nil || first() != th.ID {
				t.Errorf("pinned %v, list led by %d", got.PinnedAt, first())
			}
		}},
		{moderation.ThreadActionInput{Action: "unpin"}, func(t *testing.T, got *forum.Thread) {
			if got.PinnedAt != nil || first() == th.ID {
				t.Errorf("pinned %v, list led by %d", got.PinnedAt, first())
			}
		}},
		{moderation.ThreadActionInput{Action: "hide", Reason: "personal data"}, func(t *testing.T, got *forum.Thread) {
			if got.HiddenAt == nil || got.HiddenReason != forum.HiddenByModerator {
				t.Errorf("hidden %v %q", got.HiddenAt, got.HiddenReason)
			}
			if e.listed(th.ID) {
				t.Error("a hidden thread is listed")
			}
			if _, err := e.svc.Thread(e.ctx, asker, th.ID); err != nil {
				t.Errorf("the asker cannot open their hidden thread: %v", err)
			}
			for _, u := range []*forum.User{reader, nil} {
				if _, err := e.svc.Thread(e.ctx, u, th.ID); forum.ErrorKind(err) != forum.NotFound {
					t.Errorf("someone else opens the hidden thread: %v", err)
				}
			}
			if _, err := e.svc.Thread(e.ctx, e.moderator, th.ID); err != nil {
				t.Errorf("a moderator cannot open the hidden thread: %v", err)
			}
		}},
		{moderation.ThreadActionInput{Action: "unhide"}, func(t *testing.T, got *forum.Thread) {
			if got.HiddenAt != nil || !e.listed(th.ID) {
				t.Error("still hidden")
			}
			if _, err := e.svc.Thread(e.ctx, reader, th.ID); err != nil {
				t.Error(err)
			}
		}},
		{moderation.ThreadActionInput{Action: "move", Category: e.other.Slug}, func(t *testing.T, got *forum.Thread) {
			if got.CategoryID != e.other.ID {
				t.Errorf("in category %d", got.CategoryID)
			}
			page, err := e.svc.Threads(e.ctx, forum.ThreadFilter{CategoryID: e.other.ID})
			must(t, err)
			if page.Total != 1 || page.Threads[0].ID != th.ID {
				t.Errorf("the other category lists %+v", page.Threads)
			}
		}},
		{moderation.ThreadActionInput{Action: "retitle", Title: "  Backup to the NAS fails   with error 0x80  "}, func(t *testing.T, got *forum.Thread) {
			if got.Title != "Backup to the NAS fails with error 0x80" || got.Slug != forum.Slugify(got.Title) {
				t.Errorf("title %q slug %q", got.Title, got.Slug)
			}
			if !reflect.DeepEqual(got.Tags, []string{"nas", "backup"}) && !reflect.DeepEqual(got.Tags, []string{"backup", "nas"}) {
				t.Errorf("retitling changed the tags: %v", got.Tags)
			}
			revs := revisions()
			if len(revs) != 2 || revs[1].Title != got.Title || revs[1].Editor.ID != e.moderator.ID || revs[0].BodyMD != revs[1].BodyMD {
				t.Errorf("revisions %+v", revs)
			}
		}},
		{moderation.ThreadActionInput{Action: "tags", Tags: []string{"NAS", "Backup", "smb"}}, func(t *testing.T, got *forum.Thread) {
			if len(got.Tags) != 3 || !strings.Contains(strings.Join(got.Tags, " "), "smb") {
				t.Errorf("tags %v", got.Tags)
			}
			if len(revisions()) != 3 {
				t.Error("retagging wrote no revision")
			}
		}},
		{moderation.ThreadActionInput{Action: "close_duplicate", DuplicateOf: dup.ID}, func(t *testing.T, got *forum.Thread) {
			if got.ClosedAt == nil || got.DuplicateOfID != dup.ID {
				t.Errorf("closed %v as duplicate of %d", got.ClosedAt, got.DuplicateOfID)
			}
			v, err := e.svc.Thread(e.ctx, reader, th.ID)
			must(t, err)
			if v.DuplicateOf == nil || v.DuplicateOf.ID != dup.ID {
				t.Errorf("the page links to %+v", v.DuplicateOf)
			}
			wantErr(t, answer(reader), forum.Forbidden, "error.thread_closed")
		}},
	}
	for _, s := range steps {
		t.Run(s.in.Action, func(t *testing.T) {
			e := e.sub(t)
			seq := e.lastOutbox()
			got, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, s.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != th.ID {
				t.Fatalf("returned thread %d", got.ID)
			}
			if stored := e.thread(th.ID); !reflect.DeepEqual(stored, got) {
				t.Errorf("returned %+v\nstored %+v", got, stored)
			}
			s.check(t, got)
			a := e.auditEntry("thread."+s.in.Action, "thread", th.ID)
			if a.Actor == nil || a.Actor.ID != e.moderator.ID || a.Reason != s.in.Reason {
				t.Errorf("audit entry %+v", a)
			}
			if a.Before == "" || a.Before == "{}" || a.After == "" || a.After == "{}" || a.Before == a.After {
				t.Errorf("audit before %s after %s", a.Before, a.After)
			}
			if !e.outboxThreads(seq)[th.ID] {
				t.Error("the thread did not go to the outbox")
			}
			// The same again changes nothing.
			before := e.dbState()
			_, err = e.mod.ActOnThread(e.ctx, e.moderator, th.ID, s.in)
			wantErr(t, err, forum.Conflict, "error.no_change")
			if e.dbState() != before {
				t.Error("a repeated action changed the database")
			}
		})
	}
}

func TestThreadActionRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker := e.member("asker")
	th := e.ask(asker, "Monitor flickers at 144 Hz")
	merged := e.ask(asker, "Flickering monitor at high refresh rate")
	if _, err := e.mod.Merge(e.ctx, e.moderator, merged.ID, th.ID, ""); err != nil {
		t.Fatal(err)
	}
	gone := e.ask(asker, "A thread its asker deleted soon after")
	if _, _, err := e.svc.DeletePost(e.ctx, asker, e.question(gone.ID).ID); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("r", 100*1024)
	cases := []struct {
		name   string
		thread int64
		in     moderation.ThreadActionInput
		kind   forum.Kind
		field  string
		code   string
	}{
		{"unknown action", th.ID, moderation.ThreadActionInput{Action: "burn"}, forum.Invalid, "action", "error.thread_action"},
		{"close without a reason", th.ID, moderation.ThreadActionInput{Action: "close"}, forum.Invalid, "reason", "error.required"},
		{"close with a blank reason", th.ID, moderation.ThreadActionInput{Action: "close", Reason: " \t "}, forum.Invalid, "reason", "error.required"},
		{"close with a huge reason", th.ID, moderation.ThreadActionInput{Action: "close", Reason: long}, forum.Invalid, "reason", "error.too_long"},
		{"hide without a reason", th.ID, moderation.ThreadActionInput{Action: "hide"}, forum.Invalid, "reason", "error.required"},
		{"move nowhere", th.ID, moderation.ThreadActionInput{Action: "move"}, forum.Invalid, "category", "error.required"},
		{"move to an unknown category", th.ID, moderation.ThreadActionInput{Action: "move", Category: "nowhere"}, forum.Invalid, "category", "error.category_unknown"},
		{"move where it is", th.ID, moderation.ThreadActionInput{Action: "move", Category: e.cat.Slug}, forum.Conflict, "", "error.no_change"},
		{"retitle too short", th.ID, moderation.ThreadActionInput{Action: "retitle", Title: "Short"}, forum.Invalid, "title", "error.too_short"},
		{"retitle to nothing", th.ID, moderation.ThreadActionInput{Action: "retitle"}, forum.Invalid, "title", "error.required"},
		{"retitle unchanged", th.ID, moderation.ThreadActionInput{Action: "retitle", Title: th.Title}, forum.Conflict, "", "error.no_change"},
		{"bad tag", th.ID, moderation.ThreadActionInput{Action: "tags", Tags: []string{"no/slash"}}, forum.Invalid, "tags", "error.tag_chars"},
		{"too many tags", th.ID, moderation.ThreadActionInput{Action: "tags", Tags: []string{"aa", "bb", "cc", "dd", "ee", "ff"}}, forum.Invalid, "tags", "error.too_many_tags"},
		{"no tags on an untagged thread", th.ID, moderation.ThreadActionInput{Action: "tags"}, forum.Conflict, "", "error.no_change"},
		{"reopen an open thread", th.ID, moderation.ThreadActionInput{Action: "reopen"}, forum.Conflict, "", "error.no_change"},
		{"unlock an open thread", th.ID, moderation.ThreadActionInput{Action: "unlock"}, forum.Conflict, "", "error.no_change"},
		{"unpin", th.ID, moderation.ThreadActionInput{Action: "unpin"}, forum.Conflict, "", "error.no_change"},
		{"unhide a visible thread", th.ID, moderation.ThreadActionInput{Action: "unhide"}, forum.Conflict, "", "error.no_change"},
		{"duplicate of nothing", th.ID, moderation.ThreadActionInput{Action: "close_duplicate"}, forum.Invalid, "duplicate_of", "error.required"},
		{"duplicate of itself", th.ID, moderation.ThreadActionInput{Action: "close_duplicate", DuplicateOf: th.ID}, forum.Invalid, "duplicate_of", "error.duplicate_self"},
		{"duplicate of a thread merged into it", th.ID, moderation.ThreadActionInput{Action: "close_duplicate", DuplicateOf: merged.ID}, forum.Invalid, "duplicate_of", "error.duplicate_self"},
		{"duplicate of an unknown thread", th.ID, moderation.ThreadActionInput{Action: "close_duplicate", DuplicateOf: 99999}, forum.Invalid, "duplicate_of", "error.merge_target_unknown"},
		{"duplicate of a deleted thread", th.ID, moderation.ThreadActionInput{Action: "close_duplicate", DuplicateOf: gone.ID}, forum.Invalid, "duplicate_of", "error.merge_target_gone"},
		{"a merged thread", merged.ID, moderation.ThreadActionInput{Action: "lock"}, forum.Conflict, "", "error.thread_merged"},
		{"a deleted thread", gone.ID, moderation.ThreadActionInput{Action: "lock"}, forum.Conflict, "", "error.thread_deleted"},
		{"an unknown thread", 99999, moderation.ThreadActionInput{Action: "lock"}, forum.NotFound, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := e.sub(t)
			before := e.dbState()
			seq := e.lastOutbox()
			_, err := e.mod.ActOnThread(e.ctx, e.moderator, c.thread, c.in)
			fe := wantErr(t, err, c.kind, c.code)
			if fe.Field != c.field {
				t.Errorf("field %q, want %q", fe.Field, c.field)
			}
			if e.dbState() != before || len(e.outboxThreads(seq)) != 0 {
				t.Error("a refused action changed the database")
			}
		})
	}
}

// TestRetagSameTagsIsNoChange: setting the tags a thread has is no change,
// whatever order the store keeps them in.
func TestRetagSameTagsIsNoChange(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker := e.member("asker")
	// "alpha" exists before "zeta", so the store's order differs from the
	// order the moderator typed.
	e.ask(asker, "An older thread that brings the alpha tag", "alpha")
	th := e.ask(asker, "A thread the moderator retags twice")
	in := moderation.ThreadActionInput{Action: "tags", Tags: []string{"zeta", "alpha"}}
	if _, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, in); err != nil {
		t.Fatal(err)
	}
	before := e.dbState()
	_, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, in)
	if forum.ErrorKind(err) != forum.Conflict {
		t.Errorf("the same tags again: %v, want Conflict error.no_change (stored order %v)", err, e.thread(th.ID).Tags)
	}
	if e.dbState() != before {
		t.Error("the same tags again wrote a revision and an audit entry")
	}
}
