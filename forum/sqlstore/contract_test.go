package sqlstore_test

// The store contract: one suite, run by storetest.Both on SQLite and on
// PostgreSQL with the same assertions. What the service relies on is
// checked here through the exported API only (db.Raw for the odd look at a
// row no method returns), so a difference between the two backends shows
// up as a failing subtest named after the backend.

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
)

// base is the tests' "now". Its nanoseconds are below the milliseconds the
// store keeps, so round trips show that times come back truncated.
var base = time.Date(2026, 3, 2, 10, 0, 0, 123_456_789, time.UTC)

// stored is t as the store gives it back: milliseconds, UTC.
func stored(t time.Time) time.Time { return t.Truncate(time.Millisecond).UTC() }

func mkUser(t *testing.T, db *sqlstore.DB, name string, role forum.Role) *forum.User {
	t.Helper()
	u := &forum.User{Username: name, Email: name + "@example.org", PasswordHash: "hash-" + name, Role: role, CreatedAt: base}
	if err := db.CreateUser(t.Context(), u); err != nil {
		t.Fatalf("CreateUser(%s): %v", name, err)
	}
	return u
}

func mkUsers(t *testing.T, db *sqlstore.DB, prefix string, n int) []*forum.User {
	t.Helper()
	us := make([]*forum.User, n)
	for i := range us {
		us[i] = mkUser(t, db, fmt.Sprintf("%s%02d", prefix, i), forum.RoleMember)
	}
	return us
}

func mkCategory(t *testing.T, db *sqlstore.DB, slug string) *forum.Category {
	t.Helper()
	c := &forum.Category{Slug: slug, Name: "Category " + slug, ResponseTargetHours: 24}
	if err := db.CreateCategory(t.Context(), c, nil); err != nil {
		t.Fatalf("CreateCategory(%s): %v", slug, err)
	}
	return c
}

func mkThread(t *testing.T, db *sqlstore.DB, c *forum.Category, author *forum.User, title string, tags ...string) (*forum.Thread, *forum.Post) {
	t.Helper()
	th := &forum.Thread{CategoryID: c.ID, Title: title, Slug: "slug-of-" + title, Author: author.Ref(), Lang: "en",
		Tags: tags, CreatedAt: base, LastActivityAt: base}
	q := &forum.Post{Author: author.Ref(), BodyMD: "Question " + title, BodyHTML: "<p>Question " + title + "</p>", CreatedAt: base}
	if err := db.CreateThread(t.Context(), th, q); err != nil {
		t.Fatalf("CreateThread(%s): %v", title, err)
	}
	return th, q
}

func mkAnswer(t *testing.T, db *sqlstore.DB, th *forum.Thread, author *forum.User, at time.Time) *forum.Post {
	t.Helper()
	p := &forum.Post{ThreadID: th.ID, Author: author.Ref(), BodyMD: "Answer by " + author.Username,
		BodyHTML: "<p>Answer by " + author.Username + "</p>", CreatedAt: at}
	if err := db.CreatePost(t.Context(), p); err != nil {
		t.Fatalf("CreatePost by %s: %v", author.Username, err)
	}
	return p
}

// together runs fn(0) ... fn(n-1) on n goroutines released at the same
// moment and returns their errors, by i.
func together(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// noErrors fails t for every error a concurrent step let escape.
func noErrors(t *testing.T, what string, errs []error) {
	t.Helper()
	for i, err := range errs {
		if err != nil {
			t.Errorf("%s #%d: %v", what, i, err)
		}
	}
}

// wantOneToN checks that counts, in any order, are 1, 2, ..., len(counts):
// every concurrent step was counted once and saw all the ones before it.
func wantOneToN(t *testing.T, what string, counts []int) {
	t.Helper()
	got := slices.Sorted(slices.Values(counts))
	for i, n := range got {
		if n != i+1 {
			t.Errorf("%s: counts %v, want each of 1..%d once", what, got, len(got))
			return
		}
	}
}

func wantErr(t *testing.T, err error, kind forum.Kind, code, field string) {
	t.Helper()
	e := forum.AsError(err)
	if err == nil || e.Kind != kind || e.Code != code || e.Field != field {
		t.Errorf("error %v: want kind %v, code %q, field %q", err, kind, code, field)
	}
}

func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, forum.ErrNotFound) && forum.ErrorKind(err) != forum.NotFound {
		t.Errorf("%s: error %v, want NotFound", what, err)
	}
}

func TestContractAccounts(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		alice := &forum.User{Username: "Alice", Email: "Alice@Example.org", PasswordHash: "h1", Role: forum.RoleModerator,
			Language: "de", CreatedAt: base}
		if err := db.CreateUser(ctx, alice); err != nil {
			t.Fatal(err)
		}
		if alice.ID == 0 {
			t.Fatal("CreateUser left the ID at 0")
		}

		err := db.CreateUser(ctx, &forum.User{Username: "aLICE", Email: "other@example.org", PasswordHash: "h", Role: forum.RoleMember, CreatedAt: base})
		wantErr(t, err, forum.Conflict, "error.username_taken", "username")
		err = db.CreateUser(ctx, &forum.User{Username: "bob", Email: "alice@EXAMPLE.ORG", PasswordHash: "h", Role: forum.RoleMember, CreatedAt: base})
		wantErr(t, err, forum.Conflict, "error.email_taken", "email")
		if n, err := db.CountUsers(ctx); err != nil || n != 1 {
			t.Errorf("CountUsers = %d, %v after two refused accounts; want 1", n, err)
		}

		for _, name := range []string{"Alice", "alice", "ALICE"} {
			u, err := db.UserByUsername(ctx, name)
			if err != nil || u.ID != alice.ID {
				t.Errorf("UserByUsername(%q) = %+v, %v; want Alice", name, u, err)
			}
		}
		for _, login := range []string{"aLiCe", "alice@example.org", "ALICE@EXAMPLE.ORG"} {
			u, err := db.UserByLogin(ctx, login)
			if err != nil || u.ID != alice.ID {
				t.Errorf("UserByLogin(%q) = %+v, %v; want Alice", login, u, err)
			}
		}

		got, err := db.UserByID(ctx, alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := forum.User{ID: alice.ID, Username: "Alice", Email: "Alice@Example.org", PasswordHash: "h1",
			Role: forum.RoleModerator, Language: "de", CreatedAt: stored(base)}
		if *got != want {
			t.Errorf("UserByID:\n got %+v\nwant %+v", *got, want)
		}
	})
}

// Two visitors of a new forum may both press "create the admin": exactly
// one account comes of it, and the others hear that setup is done.
func TestContractFirstAdminOnce(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		const n = 8
		admins := make([]*forum.User, n)
		errs := together(n, func(i int) error {
			admins[i] = &forum.User{Username: fmt.Sprintf("admin%d", i), Email: fmt.Sprintf("admin%d@example.org", i),
				PasswordHash: "h", Role: forum.RoleAdmin, CreatedAt: base}
			return db.CreateFirstAdmin(t.Context(), admins[i])
		})
		won := 0
		for i, err := range errs {
			if err == nil {
				won++
				if u, err := db.UserByID(t.Context(), admins[i].ID); err != nil || u.Role != forum.RoleAdmin {
					t.Errorf("the winner %+v, %v", u, err)
				}
				continue
			}
			wantErr(t, err, forum.Conflict, "error.setup_done", "")
		}
		if won != 1 {
			t.Errorf("%d of %d CreateFirstAdmin calls succeeded, want 1", won, n)
		}
		if c, err := db.CountUsers(t.Context()); err != nil || c != 1 {
			t.Errorf("CountUsers = %d, %v; want 1", c, err)
		}
	})
}

// Hits that arrive at once are each counted once: a rate limit that loses
// a count under load lets a flood through.
func TestContractRateLimits(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		const n = 16
		counts := make([]int, n)
		errs := together(n, func(i int) error {
			var err error
			counts[i], err = db.Hit(ctx, "login:192.0.2.1", time.Minute, base)
			return err
		})
		noErrors(t, "Hit", errs)
		wantOneToN(t, "Hit", counts)

		keys := []string{"post:user:1", "post:ip:192.0.2.1"}
		all := make([][]int, n)
		errs = together(n, func(i int) error {
			var err error
			all[i], err = db.HitAll(ctx, keys, time.Hour, base)
			return err
		})
		noErrors(t, "HitAll", errs)
		for k, key := range keys {
			var byKey []int
			for _, c := range all {
				if len(c) == len(keys) {
					byKey = append(byKey, c[k])
				}
			}
			wantOneToN(t, "HitAll "+key, byKey)
		}

		if c, err := db.Hit(ctx, "login:192.0.2.1", time.Minute, base.Add(time.Minute)); err != nil || c != 1 {
			t.Errorf("first Hit of the next window = %d, %v; want 1", c, err)
		}
		if c, err := db.Hit(ctx, "login:192.0.2.2", time.Minute, base); err != nil || c != 1 {
			t.Errorf("first Hit of another key = %d, %v; want 1", c, err)
		}
	})
}

func TestContractThreadRoundTrip(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		cat := mkCategory(t, db, "printing")
		asker := mkUser(t, db, "asker", forum.RoleMember)
		staff := mkUser(t, db, "helper", forum.RoleStaff)
		th, q := mkThread(t, db, cat, asker, "Printer offline", "windows", "drivers")
		if th.ID == 0 || q.ID == 0 || q.ThreadID != th.ID || !q.IsQuestion {
			t.Fatalf("CreateThread set thread %d, question %d (thread %d, question %v)", th.ID, q.ID, q.ThreadID, q.IsQuestion)
		}

		got, err := db.ThreadByID(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := forum.Thread{ID: th.ID, CategoryID: cat.ID, CategorySlug: "printing", CategoryName: "Category printing",
			Title: "Printer offline", Slug: "slug-of-Printer offline", Author: asker.Ref(), Lang: "en",
			Tags: []string{"drivers", "windows"}, CreatedAt: stored(base), LastActivityAt: stored(base)}
		slices.Sort(got.Tags) // the store keeps a set of tags, not their order
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("ThreadByID:\n got %+v\nwant %+v", *got, want)
		}

		at := base.Add(90 * time.Minute)
		a := mkAnswer(t, db, th, staff, at)
		got, err = db.ThreadByID(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.AnswerCount != 1 || !got.LastActivityAt.Equal(stored(at)) ||
			got.FirstAnswerAt == nil || !got.FirstAnswerAt.Equal(stored(at)) ||
			got.FirstStaffAnswerAt == nil || !got.FirstStaffAnswerAt.Equal(stored(at)) {
			t.Errorf("after a staff answer at %v: answers %d, activity %v, first answer %v, first staff answer %v",
				stored(at), got.AnswerCount, got.LastActivityAt, got.FirstAnswerAt, got.FirstStaffAnswerAt)
		}

		page, err := db.FindThreads(ctx, forum.ThreadFilter{Tag: "windows", Sort: "latest", Page: 1, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 1 || len(page.Threads) != 1 {
			t.Fatalf("FindThreads by tag: total %d, %d threads; want 1", page.Total, len(page.Threads))
		}
		found := page.Threads[0]
		slices.Sort(found.Tags)
		slices.Sort(got.Tags)
		if !reflect.DeepEqual(found, *got) {
			t.Errorf("FindThreads and ThreadByID disagree:\n%+v\n%+v", found, *got)
		}
		for _, f := range []forum.ThreadFilter{
			{Status: "open"}, {CategoryID: cat.ID, AuthorID: asker.ID}, {Sort: "top"}, {Sort: "active"},
		} {
			f.Page, f.PerPage = 1, 10
			if p, err := db.FindThreads(ctx, f); err != nil || p.Total != 1 || len(p.Threads) != 1 || p.Threads[0].ID != th.ID {
				t.Errorf("FindThreads(%+v) = %+v, %v; want the thread", f, p, err)
			}
		}
		for _, f := range []forum.ThreadFilter{{Status: "unanswered"}, {Status: "solved"}, {Tag: "nope"}, {AuthorID: staff.ID}} {
			f.Page, f.PerPage = 1, 10
			if p, err := db.FindThreads(ctx, f); err != nil || p.Total != 0 || len(p.Threads) != 0 {
				t.Errorf("FindThreads(%+v) = %+v, %v; want none", f, p, err)
			}
		}

		posts, err := db.Posts(ctx, th.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) != 2 || posts[0].ID != q.ID || !posts[0].IsQuestion || posts[1].ID != a.ID || posts[1].IsQuestion ||
			posts[1].Author != staff.Ref() || posts[1].BodyHTML != a.BodyHTML || !posts[1].CreatedAt.Equal(stored(at)) {
			t.Errorf("Posts = %+v", posts)
		}
		if p, err := db.PostByID(ctx, a.ID); err != nil || !reflect.DeepEqual(*p, posts[1]) {
			t.Errorf("PostByID = %+v, %v; want %+v", p, err, posts[1])
		}
	})
}

// Twenty members vote on one answer at once: the score is exact, and each
// vote saw every vote committed before it (on PostgreSQL the transactions
// collide and are retried).
func TestContractVotesAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		cat := mkCategory(t, db, "c")
		th, _ := mkThread(t, db, cat, mkUser(t, db, "asker", forum.RoleMember), "Votes")
		a := mkAnswer(t, db, th, mkUser(t, db, "answerer", forum.RoleMember), base)
		voters := mkUsers(t, db, "voter", 20)

		scores := make([]int, len(voters))
		errs := together(len(voters), func(i int) error {
			var err error
			scores[i], err = db.SetVote(ctx, a.ID, voters[i].ID, 1, base)
			return err
		})
		noErrors(t, "SetVote +1", errs)
		wantOneToN(t, "SetVote scores", scores)

		// Half take their vote back, half turn it around.
		errs = together(len(voters), func(i int) error {
			_, err := db.SetVote(ctx, a.ID, voters[i].ID, -(i % 2), base)
			return err
		})
		noErrors(t, "SetVote change", errs)
		p, err := db.PostByID(ctx, a.ID)
		if err != nil || p.Score != -10 {
			t.Errorf("score = %+v, %v; want -10", p, err)
		}
		for i, v := range voters[:2] {
			got, err := db.UserVotes(ctx, th.ID, v.ID)
			if err != nil || len(got) != i || got[a.ID] != -i {
				t.Errorf("UserVotes of voter %d = %v, %v", i, got, err)
			}
		}
	})
}

// "Me too" counts people, not clicks: many members at once are each
// counted, and one member clicking many times at once counts once, without
// an error (ON CONFLICT DO NOTHING, as the service expects).
func TestContractMeTooAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		cat := mkCategory(t, db, "c")
		th, _ := mkThread(t, db, cat, mkUser(t, db, "asker", forum.RoleMember), "Me too")
		people := mkUsers(t, db, "affected", 12)

		counts := make([]int, len(people))
		errs := together(len(people), func(i int) error {
			var err error
			counts[i], err = db.SetMeToo(ctx, th.ID, people[i].ID, true, base)
			return err
		})
		noErrors(t, "SetMeToo", errs)
		wantOneToN(t, "SetMeToo counts", counts)

		eager := mkUser(t, db, "eager", forum.RoleMember)
		counts = make([]int, 8)
		errs = together(len(counts), func(i int) error {
			var err error
			counts[i], err = db.SetMeToo(ctx, th.ID, eager.ID, true, base)
			return err
		})
		noErrors(t, "SetMeToo by one member", errs)
		for i, c := range counts {
			if c != 13 {
				t.Errorf("SetMeToo by one member #%d = %d, want 13", i, c)
			}
		}
		if on, err := db.HasMeToo(ctx, th.ID, eager.ID); err != nil || !on {
			t.Errorf("HasMeToo = %v, %v", on, err)
		}

		errs = together(6, func(i int) error {
			_, err := db.SetMeToo(ctx, th.ID, people[i].ID, false, base)
			return err
		})
		noErrors(t, "SetMeToo off", errs)
		got, err := db.ThreadByID(ctx, th.ID)
		if err != nil || got.MeTooCount != 7 {
			t.Errorf("MeTooCount = %+v, %v; want 7", got, err)
		}
		if on, err := db.HasMeToo(ctx, th.ID, people[0].ID); err != nil || on {
			t.Errorf("HasMeToo after withdrawing = %v, %v", on, err)
		}
	})
}

// Accepting different answers at once leaves one of them accepted, every
// call successful (the last commit wins) and one outbox entry per call,
// however often PostgreSQL had to run it. A few rounds, because whether a
// round's transactions collide often is up to the scheduler.
func TestContractAcceptAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		cat := mkCategory(t, db, "c")
		th, _ := mkThread(t, db, cat, mkUser(t, db, "asker", forum.RoleMember), "Accept")
		var answers []int64
		for _, u := range mkUsers(t, db, "answerer", 20) {
			answers = append(answers, mkAnswer(t, db, th, u, base).ID)
		}
		for round := range 4 {
			_, seq, err := db.OutboxBounds(ctx)
			if err != nil {
				t.Fatal(err)
			}
			errs := together(len(answers), func(i int) error {
				return db.SetAccepted(ctx, th.ID, answers[i], base.Add(time.Minute), nil)
			})
			noErrors(t, fmt.Sprintf("round %d: SetAccepted", round), errs)
			got, err := db.ThreadByID(ctx, th.ID)
			if err != nil || !slices.Contains(answers, got.AcceptedPostID) {
				t.Fatalf("round %d: accepted %+v, %v; want one of %v", round, got, err, answers)
			}
			if es, err := db.OutboxAfter(ctx, seq, 100); err != nil || len(es) != len(answers)-countErrs(errs) {
				t.Errorf("round %d: %d outbox entries, %v; want one per successful call", round, len(es), err)
			}
		}
		if p, err := db.FindThreads(ctx, forum.ThreadFilter{Status: "solved", Page: 1, PerPage: 10}); err != nil || p.Total != 1 {
			t.Errorf("solved threads: %+v, %v", p, err)
		}
	})
}

func countErrs(errs []error) int {
	n := 0
	for _, err := range errs {
		if err != nil {
			n++
		}
	}
	return n
}

// Every change to a thread appends to the outbox, in order; pruning keeps
// the newest entry so the outbox remembers where it is.
func TestContractOutbox(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		cat := mkCategory(t, db, "c")
		asker := mkUser(t, db, "asker", forum.RoleMember)
		helper := mkUser(t, db, "helper", forum.RoleMember)
		other, _ := mkThread(t, db, cat, asker, "Other")
		var th *forum.Thread
		var a *forum.Post
		var c *forum.Comment
		changes := []struct {
			name string
			do   func() error
		}{
			{"CreateThread", func() error { th, _ = mkThread(t, db, cat, asker, "Outbox"); return nil }},
			{"CreatePost", func() error { a = mkAnswer(t, db, th, helper, base); return nil }},
			{"SetVote", func() error { _, err := db.SetVote(ctx, a.ID, asker.ID, 1, base); return err }},
			{"SetMeToo", func() error { _, err := db.SetMeToo(ctx, th.ID, helper.ID, true, base); return err }},
			{"SetAccepted", func() error { return db.SetAccepted(ctx, th.ID, a.ID, base, nil) }},
			{"CreateComment", func() error {
				c = &forum.Comment{PostID: a.ID, Author: asker.Ref(), BodyMD: "Thanks", BodyHTML: "<p>Thanks</p>", CreatedAt: base}
				return db.CreateComment(ctx, c)
			}},
			{"DeleteComment", func() error { return db.DeleteComment(ctx, c.ID, base, nil) }},
			{"UpdatePost", func() error {
				return db.UpdatePost(ctx, forum.PostUpdate{PostID: a.ID, EditorID: helper.ID, BodyMD: "Edited", BodyHTML: "<p>Edited</p>", At: base})
			}},
			{"DeletePost", func() error { return db.DeletePost(ctx, a.ID, base, nil) }},
		}
		entries, err := db.OutboxAfter(ctx, 0, 100)
		if err != nil || len(entries) != 1 || entries[0].ThreadID != other.ID {
			t.Fatalf("outbox after the first thread: %v, %v", entries, err)
		}
		for _, ch := range changes {
			if err := ch.do(); err != nil {
				t.Fatalf("%s: %v", ch.name, err)
			}
			after, err := db.OutboxAfter(ctx, entries[len(entries)-1].Seq, 100)
			if err != nil || len(after) != 1 || after[0].ThreadID != th.ID {
				t.Fatalf("%s appended %v, %v; want one entry of thread %d", ch.name, after, err, th.ID)
			}
			entries = append(entries, after[0])
		}

		all, err := db.OutboxAfter(ctx, 0, 100)
		if err != nil || !slices.Equal(all, entries) {
			t.Fatalf("OutboxAfter(0) = %v, %v; want %v", all, err, entries)
		}
		if page, err := db.OutboxAfter(ctx, entries[2].Seq, 2); err != nil || !slices.Equal(page, entries[3:5]) {
			t.Errorf("OutboxAfter(%d, 2) = %v, %v; want %v", entries[2].Seq, page, err, entries[3:5])
		}
		first, last := entries[0].Seq, entries[len(entries)-1].Seq
		if f, l, err := db.OutboxBounds(ctx); err != nil || f != first || l != last {
			t.Errorf("OutboxBounds = %d, %d, %v; want %d, %d", f, l, err, first, last)
		}

		// Entries written after before stay, whatever seq says.
		if n, err := db.PruneOutbox(ctx, last, base); err != nil || n != 0 {
			t.Errorf("PruneOutbox before the entries were written: %d, %v; want 0", n, err)
		}
		if n, err := db.PruneOutbox(ctx, entries[3].Seq, base.Add(time.Hour)); err != nil || n != 4 {
			t.Errorf("PruneOutbox up to the fourth entry: %d, %v; want 4", n, err)
		}
		if n, err := db.PruneOutbox(ctx, last, base.Add(time.Hour)); err != nil || n != int64(len(entries)-5) {
			t.Errorf("PruneOutbox of all: %d, %v; want %d (the newest stays)", n, err, len(entries)-5)
		}
		if f, l, err := db.OutboxBounds(ctx); err != nil || f != last || l != last {
			t.Errorf("OutboxBounds after pruning = %d, %d, %v; want %d, %d", f, l, err, last, last)
		}
		if rest, err := db.OutboxAfter(ctx, 0, 100); err != nil || !slices.Equal(rest, entries[len(entries)-1:]) {
			t.Errorf("outbox after pruning: %v, %v; want the newest entry", rest, err)
		}
	})
}

// A store that never wrote a thread has an empty outbox: no entry is kept,
// so the kept range is empty (first > last), as after a restore the index
// compares its watermark against.
func TestContractOutboxBoundsEmpty(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		first, last, err := db.OutboxBounds(t.Context())
		if err != nil || last != 0 || first <= last {
			t.Errorf("OutboxBounds of a new store = %d, %d, %v; want last 0 and first > last (SQLite says 1, 0)", first, last, err)
		}
	})
}

// A missing row is NotFound, never (nil, nil) and never Internal.
func TestContractNotFound(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		const missing = 424242
		hash := sha256.Sum256([]byte("nothing"))
		u := mkUser(t, db, "someone", forum.RoleMember)
		checks := []struct {
			name string
			call func() (any, error)
		}{
			{"UserByID", func() (any, error) { return db.UserByID(ctx, missing) }},
			{"UserByUsername", func() (any, error) { return db.UserByUsername(ctx, "nobody") }},
			{"UserByLogin", func() (any, error) { return db.UserByLogin(ctx, "nobody@example.org") }},
			{"CategoryByID", func() (any, error) { return db.CategoryByID(ctx, missing) }},
			{"CategoryBySlug", func() (any, error) { return db.CategoryBySlug(ctx, "nope") }},
			{"ThreadByID", func() (any, error) { return db.ThreadByID(ctx, missing) }},
			{"PostByID", func() (any, error) { return db.PostByID(ctx, missing) }},
			{"CommentByID", func() (any, error) { return db.CommentByID(ctx, missing) }},
			{"SatisfactionOf", func() (any, error) { return db.SatisfactionOf(ctx, missing) }},
			{"KnownIssue", func() (any, error) { return db.KnownIssue(ctx, missing) }},
			{"TwoFactor", func() (any, error) { return db.TwoFactor(ctx, missing) }},
			{"PasswordResetUser", func() (any, error) { return db.PasswordResetUser(ctx, hash[:], base) }},
			{"TokenUser", func() (any, error) {
				u, _, err := db.TokenUser(ctx, hash[:], forum.TokenSession, base)
				return u, err
			}},
			{"UsePasswordReset", func() (any, error) {
				id, err := db.UsePasswordReset(ctx, hash[:], "new", base)
				return nilIfZero(id), err
			}},
			{"SetUserRole", func() (any, error) { return nil, db.SetUserRole(ctx, missing, forum.RoleStaff) }},
			{"SetUserLanguage", func() (any, error) { return nil, db.SetUserLanguage(ctx, missing, "en") }},
			{"UpdatePost", func() (any, error) {
				return nil, db.UpdatePost(ctx, forum.PostUpdate{PostID: missing, EditorID: u.ID, BodyMD: "x", BodyHTML: "x", At: base})
			}},
			{"DeletePost", func() (any, error) { return nil, db.DeletePost(ctx, missing, base, nil) }},
			{"DeleteComment", func() (any, error) { return nil, db.DeleteComment(ctx, missing, base, nil) }},
		}
		for _, c := range checks {
			got, err := c.call()
			wantNotFound(t, c.name, err)
			if !isNil(got) {
				t.Errorf("%s returned %+v with its error", c.name, got)
			}
		}
	})
}

func nilIfZero(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// isNil reports whether v is nil or a nil pointer in an interface.
func isNil(v any) bool {
	switch p := v.(type) {
	case nil:
		return true
	case *forum.User:
		return p == nil
	case *forum.Category:
		return p == nil
	case *forum.Thread:
		return p == nil
	case *forum.Post:
		return p == nil
	case *forum.Comment:
		return p == nil
	case *forum.Satisfaction:
		return p == nil
	case *forum.KnownIssue:
		return p == nil
	case *forum.TwoFactorState:
		return p == nil
	}
	return false
}

func TestContractTokens(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		u := mkUser(t, db, "member", forum.RoleMember)
		session := &forum.Token{Hash: forum.HashToken("session"), UserID: u.ID, Kind: forum.TokenSession,
			CreatedAt: base, LastUsedAt: base, ExpiresAt: base.Add(forum.SessionIdle)}
		api := &forum.Token{Hash: forum.HashToken("api"), UserID: u.ID, Kind: forum.TokenAPI,
			CreatedAt: base, LastUsedAt: base, ExpiresAt: base.Add(forum.APITokenLife)}
		for _, tok := range []*forum.Token{session, api} {
			if err := db.CreateToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}
		err := db.CreateToken(ctx, &forum.Token{Hash: session.Hash, UserID: u.ID, Kind: forum.TokenSession,
			CreatedAt: base, LastUsedAt: base, ExpiresAt: base.Add(time.Hour)})
		wantErr(t, err, forum.Conflict, "error.conflict", "")

		gotU, gotT, err := db.TokenUser(ctx, session.Hash, forum.TokenSession, base.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want := forum.Token{Hash: session.Hash, UserID: u.ID, Kind: forum.TokenSession,
			CreatedAt: stored(base), LastUsedAt: stored(base), ExpiresAt: stored(session.ExpiresAt)}
		if gotU.ID != u.ID || gotU.Username != "member" || !reflect.DeepEqual(*gotT, want) {
			t.Errorf("TokenUser = %+v, %+v; want %+v", gotU, gotT, want)
		}
		_, _, err = db.TokenUser(ctx, session.Hash, forum.TokenAPI, base)
		wantNotFound(t, "a session used as an API token", err)
		_, _, err = db.TokenUser(ctx, session.Hash, forum.TokenSession, session.ExpiresAt)
		wantNotFound(t, "a session at its expiry", err)

		used := base.Add(2 * time.Hour)
		if err := db.TouchToken(ctx, session.Hash, used); err != nil {
			t.Fatal(err)
		}
		if _, tok, err := db.TokenUser(ctx, session.Hash, forum.TokenSession, used); err != nil || !tok.LastUsedAt.Equal(stored(used)) {
			t.Errorf("after TouchToken: %+v, %v; want last used %v", tok, err, stored(used))
		}

		if err := db.DeleteToken(ctx, api.Hash); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.TokenUser(ctx, api.Hash, forum.TokenAPI, base)
		wantNotFound(t, "a deleted token", err)
		if _, _, err := db.TokenUser(ctx, session.Hash, forum.TokenSession, base); err != nil {
			t.Errorf("DeleteToken took the other token too: %v", err)
		}
		if err := db.DeleteUserTokens(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.TokenUser(ctx, session.Hash, forum.TokenSession, base)
		wantNotFound(t, "a session after DeleteUserTokens", err)
	})
}

// A reset link queues its mail, works until it expires, works once (also
// when clicked twice at once), and ends the account's sessions.
func TestContractPasswordReset(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		u := mkUser(t, db, "forgetful", forum.RoleMember)
		if err := db.CreateToken(ctx, &forum.Token{Hash: forum.HashToken("s"), UserID: u.ID, Kind: forum.TokenSession,
			CreatedAt: base, LastUsedAt: base, ExpiresAt: base.Add(forum.SessionIdle)}); err != nil {
			t.Fatal(err)
		}
		expires := base.Add(time.Hour)
		reset := func(secret string) []byte {
			t.Helper()
			h := forum.HashToken(secret)
			m := &forum.Mail{UserID: u.ID, To: u.Email, Subject: "Reset " + secret, Text: "link " + secret}
			if err := db.CreatePasswordReset(ctx, u.ID, h, m, base, expires); err != nil {
				t.Fatal(err)
			}
			return h
		}
		old := reset("first")
		link := reset("second")

		mails, err := db.DueMails(ctx, base, 10)
		if err != nil || len(mails) != 2 || mails[0].To != u.Email || mails[1].Subject != "Reset second" || mails[0].UserID != u.ID {
			t.Errorf("DueMails = %+v, %v; want both reset mails, in order", mails, err)
		}
		_, err = db.PasswordResetUser(ctx, old, base)
		wantNotFound(t, "a link replaced by a newer one", err)
		_, err = db.PasswordResetUser(ctx, link, expires)
		wantNotFound(t, "a link at its expiry", err)
		if got, err := db.PasswordResetUser(ctx, link, base.Add(time.Minute)); err != nil || got.ID != u.ID {
			t.Fatalf("PasswordResetUser = %+v, %v", got, err)
		}

		ids := make([]int64, 8)
		errs := together(len(ids), func(i int) error {
			var err error
			ids[i], err = db.UsePasswordReset(ctx, link, fmt.Sprintf("new-hash-%d", i), base.Add(time.Minute))
			return err
		})
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("UsePasswordReset worked twice: #%d and #%d", winner, i)
			case err == nil:
				winner = i
				if ids[i] != u.ID {
					t.Errorf("UsePasswordReset returned user %d, want %d", ids[i], u.ID)
				}
			default:
				wantNotFound(t, "the link clicked again at once", err)
			}
		}
		if winner < 0 {
			t.Fatal("no UsePasswordReset succeeded")
		}
		if got, err := db.UserByID(ctx, u.ID); err != nil || got.PasswordHash != fmt.Sprintf("new-hash-%d", winner) {
			t.Errorf("password hash %+v, %v; want the winner's", got, err)
		}
		_, _, err = db.TokenUser(ctx, forum.HashToken("s"), forum.TokenSession, base)
		wantNotFound(t, "a session after the reset", err)
		_, err = db.PasswordResetUser(ctx, link, base.Add(2*time.Minute))
		wantNotFound(t, "a used link", err)
		var audits int
		if err := db.Raw().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'user.password_reset' AND target_id = ?`, u.ID).
			Scan(&audits); err != nil || audits != 1 {
			t.Errorf("audit entries of the reset: %d, %v; want 1", audits, err)
		}

		// A password set another way voids the links asked for before.
		link = reset("third")
		if err := db.SetUserPassword(ctx, u.ID, "changed"); err != nil {
			t.Fatal(err)
		}
		_, err = db.PasswordResetUser(ctx, link, base)
		wantNotFound(t, "a link after SetUserPassword", err)
	})
}

// The mail queue: a notification becomes a mail or waits for the digest; a
// mail is due until it is sent, retried or given up.
func TestContractMailQueue(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		cat := mkCategory(t, db, "c")
		asker := mkUser(t, db, "asker", forum.RoleMember)
		th, _ := mkThread(t, db, cat, asker, "Mail")
		// Jobs are delivered after each answer: first the question's and
		// the answer's, then the second answer's.
		for i, name := range []string{"helper", "second"} {
			mkAnswer(t, db, th, mkUser(t, db, name, forum.RoleMember), base)
			if n, err := db.DeliverNotifications(ctx, base.Add(time.Minute), 100); err != nil || n != 2-i {
				t.Fatalf("DeliverNotifications after the answer of %s: %d, %v", name, n, err)
			}
		}
		ns, err := db.UnmailedNotifications(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		// The asker hears of both answers, the first helper of the second.
		if len(ns) != 3 || ns[0].UserID != asker.ID || ns[0].Kind != forum.NotifyAnswer || ns[0].ThreadID != th.ID ||
			ns[0].Actor == nil || ns[0].Actor.Username != "helper" || ns[0].Title != "Mail" {
			t.Fatalf("UnmailedNotifications = %+v", ns)
		}

		now := base.Add(2 * time.Minute)
		m := &forum.Mail{UserID: asker.ID, To: asker.Email, Subject: "New answer", Text: "text", HTML: "<p>html</p>", UnsubscribeURL: "https://x/u"}
		if err := db.QueueMail(ctx, ns[0].ID, m, false, now); err != nil {
			t.Fatal(err)
		}
		if err := db.QueueMail(ctx, ns[1].ID, nil, true, now); err != nil {
			t.Fatal(err)
		}
		if rest, err := db.UnmailedNotifications(ctx, 10); err != nil || len(rest) != 1 || rest[0].ID != ns[2].ID {
			t.Errorf("UnmailedNotifications after queueing = %+v, %v; want the third", rest, err)
		}
		if due, err := db.DigestDue(ctx, now); err != nil || !slices.Equal(due, []int64{asker.ID}) {
			t.Errorf("DigestDue = %v, %v; want the asker", due, err)
		}
		if dn, err := db.DigestNotifications(ctx, asker.ID); err != nil || len(dn) != 1 || dn[0].ID != ns[1].ID {
			t.Errorf("DigestNotifications = %+v, %v", dn, err)
		}

		mails, err := db.DueMails(ctx, now, 10)
		if err != nil || len(mails) != 1 {
			t.Fatalf("DueMails = %+v, %v; want the queued mail", mails, err)
		}
		want := forum.Mail{ID: mails[0].ID, CreatedAt: stored(now), UserID: asker.ID, To: asker.Email, Subject: "New answer",
			Text: "text", HTML: "<p>html</p>", UnsubscribeURL: "https://x/u"}
		if mails[0] != want {
			t.Fatalf("DueMails = %+v, %v; want %+v", mails, err, want)
		}
		// Two mailers about to send it (a leadership hand-off): one claim wins.
		var claimed atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				ok, err := db.ClaimMail(ctx, want.ID, now, now.Add(10*time.Minute))
				if err != nil {
					t.Error(err)
				}
				if ok {
					claimed.Add(1)
				}
			})
		}
		wg.Wait()
		if claimed.Load() != 1 {
			t.Fatalf("%d of 8 claims won, want exactly 1", claimed.Load())
		}
		if due, err := db.DueMails(ctx, now, 10); err != nil || len(due) != 0 {
			t.Errorf("DueMails while claimed = %+v, %v; want none", due, err)
		}
		if err := db.MailRetry(ctx, want.ID, 1, now.Add(time.Minute), "421 try later"); err != nil {
			t.Fatal(err)
		}
		if due, err := db.DueMails(ctx, now, 10); err != nil || len(due) != 0 {
			t.Errorf("DueMails before the retry = %+v, %v; want none", due, err)
		}
		if due, err := db.DueMails(ctx, now.Add(time.Minute), 10); err != nil || len(due) != 1 || due[0].Attempts != 1 {
			t.Errorf("DueMails at the retry = %+v, %v; want the mail, one attempt", due, err)
		}
		if err := db.MailFailed(ctx, want.ID, asker.ID, true, "550 no such user", now); err != nil {
			t.Fatal(err)
		}
		if due, err := db.DueMails(ctx, now.Add(time.Hour), 10); err != nil || len(due) != 0 {
			t.Errorf("DueMails after giving up = %+v, %v; want none", due, err)
		}
		if got, err := db.UserByID(ctx, asker.ID); err != nil || got.EmailBouncedAt == nil || !got.EmailBouncedAt.Equal(stored(now)) {
			t.Errorf("bounced address: %+v, %v", got, err)
		}

		if err := db.QueueDigest(ctx, asker.ID, []int64{ns[1].ID}, m, now); err != nil {
			t.Fatal(err)
		}
		if due, err := db.DigestDue(ctx, now.Add(48*time.Hour)); err != nil || len(due) != 0 {
			t.Errorf("DigestDue after the digest = %v, %v; want none", due, err)
		}
		due, err := db.DueMails(ctx, now, 10)
		if err != nil || len(due) != 1 {
			t.Fatalf("the digest mail: %+v, %v", due, err)
		}
		if err := db.MailSent(ctx, due[0].ID, now); err != nil {
			t.Fatal(err)
		}
		if due, err := db.DueMails(ctx, now.Add(time.Hour), 10); err != nil || len(due) != 0 {
			t.Errorf("DueMails after sending = %+v, %v; want none", due, err)
		}
	})
}

// Nodes starting together ask for a server secret at once: all get the
// same one.
func TestContractSecretAtOnce(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		got := make([][]byte, 8)
		errs := together(len(got), func(i int) error {
			var err error
			got[i], err = db.Secret(t.Context(), "csrf", func() ([]byte, error) { return []byte{byte(i + 1)}, nil })
			return err
		})
		noErrors(t, "Secret", errs)
		for i := range got {
			if len(got[i]) != 1 || !bytes.Equal(got[i], got[0]) {
				t.Fatalf("Secret gave different values: %v", got)
			}
		}
	})
}

// The staff's user list is in one order on both databases: staff first,
// then by name without regard to case.
func TestContractListUsersOrder(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		for _, name := range []string{"b_x", "B-y", "b.z", "b9", "Ba", "bb"} {
			mkUser(t, db, name, forum.RoleMember)
		}
		mkUser(t, db, "zed", forum.RoleAdmin)
		us, total, err := db.ListUsers(t.Context(), 1, 10)
		if err != nil || total != 7 {
			t.Fatalf("ListUsers: %d, %v", total, err)
		}
		var names []string
		for _, u := range us {
			names = append(names, u.Username)
		}
		// SQLite's NOCASE compares the bytes, ASCII letters folded.
		want := []string{"zed", "B-y", "b.z", "b9", "b_x", "Ba", "bb"}
		if !slices.Equal(names, want) {
			t.Errorf("ListUsers order %v, want %v", names, want)
		}
	})
}

// A vote that has to wait for another writer's lock on its answer still
// counts, and counts that writer's vote too. On PostgreSQL this is the
// SERIALIZABLE retry made certain: the vote's snapshot is older than the
// other writer's commit, so its first attempt fails with 40001 and only a
// second one can succeed. On SQLite the vote waits for the one writer.
func TestContractVoteRetriedBehindLock(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		cat := mkCategory(t, db, "c")
		th, _ := mkThread(t, db, cat, mkUser(t, db, "asker", forum.RoleMember), "Locked")
		a := mkAnswer(t, db, th, mkUser(t, db, "answerer", forum.RoleMember), base)
		early, late := mkUser(t, db, "early", forum.RoleMember), mkUser(t, db, "late", forum.RoleMember)

		tx, err := db.Raw().Begin()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO votes (post_id, user_id, value, created_at) VALUES (?, ?, 1, ?)`,
			a.ID, early.ID, base.UnixMilli()); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`UPDATE posts SET score = 1 WHERE id = ?`, a.ID); err != nil {
			t.Fatal(err)
		}
		type result struct {
			score int
			err   error
		}
		done := make(chan result, 1)
		go func() {
			s, err := db.SetVote(t.Context(), a.ID, late.ID, 1, base)
			done <- result{s, err}
		}()
		if db.Postgres() {
			waitBlocked(t, db, tx)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if r := <-done; r.err != nil || r.score != 2 {
			t.Errorf("SetVote behind the lock = %d, %v; want 2", r.score, r.err)
		}
	})
}

// waitBlocked returns once a PostgreSQL session waits for a lock that tx
// holds.
func waitBlocked(t *testing.T, db *sqlstore.DB, tx *sqlstore.RawTx) {
	t.Helper()
	var pid int64
	if err := tx.QueryRow(`SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		var n int
		if err := db.Raw().QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))`, pid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
	}
	t.Fatal("nothing waited for the lock")
}

// Addresses are unique without regard to ASCII case, SQLite's NOCASE.
// Addresses that differ in more than that are different people: one with a
// zero-width space or a full-width letter is not alice@example.org, and
// logging in with it must not find her.
func TestContractEmailsDifferBeyondCase(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		alice := mkUser(t, db, "alice", forum.RoleMember)
		for i, addr := range []string{"a\u200blice@example.org", "\uff41lice@example.org"} {
			if got, err := db.UserByLogin(ctx, addr); err == nil {
				t.Errorf("UserByLogin(%q) found %s <%s>", addr, got.Username, got.Email)
			} else {
				wantNotFound(t, fmt.Sprintf("UserByLogin(%q)", addr), err)
			}
			u := &forum.User{Username: fmt.Sprintf("other%d", i), Email: addr, PasswordHash: "h", Role: forum.RoleMember, CreatedAt: base}
			if err := db.CreateUser(ctx, u); err != nil {
				t.Errorf("CreateUser with %q beside %q: %v", addr, alice.Email, err)
				continue
			}
			if got, err := db.UserByLogin(ctx, addr); err != nil || got.ID != u.ID {
				t.Errorf("UserByLogin(%q) = %+v, %v; want %s", addr, got, err, u.Username)
			}
		}
		// A non-ASCII capital is found as it was stored, and its ASCII
		// letters in any case (lower() folds ASCII only, on both stores).
		emile := &forum.User{Username: "emile", Email: "Émile@example.org", PasswordHash: "h", Role: forum.RoleMember, CreatedAt: base}
		if err := db.CreateUser(ctx, emile); err != nil {
			t.Fatal(err)
		}
		for _, login := range []string{"Émile@example.org", "ÉMILE@EXAMPLE.ORG", "EMILE"} {
			if got, err := db.UserByLogin(ctx, login); err != nil || got.ID != emile.ID {
				t.Errorf("UserByLogin(%q) = %+v, %v; want emile", login, got, err)
			}
		}
	})
}

// TestContractMailOnce: a notification queued twice (two mailers during a
// leadership hand-off) makes one mail.
func TestContractMailOnce(t *testing.T) {
	t.Parallel()
	storetest.Both(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := t.Context()
		cat := mkCategory(t, db, "c")
		asker := mkUser(t, db, "asker", forum.RoleMember)
		th, _ := mkThread(t, db, cat, asker, "Mail once")
		mkAnswer(t, db, th, mkUser(t, db, "helper", forum.RoleMember), base)
		if _, err := db.DeliverNotifications(ctx, base.Add(time.Minute), 100); err != nil {
			t.Fatal(err)
		}
		ns, err := db.UnmailedNotifications(ctx, 10)
		if err != nil || len(ns) == 0 {
			t.Fatalf("UnmailedNotifications = %+v, %v", ns, err)
		}
		n := ns[0]
		m := &forum.Mail{UserID: asker.ID, To: asker.Email, Subject: "New answer", Text: "text", HTML: "<p>html</p>"}
		for range 2 {
			if err := db.QueueMail(ctx, n.ID, m, false, base); err != nil {
				t.Fatal(err)
			}
		}
		if due, err := db.DueMails(ctx, base, 10); err != nil || len(due) != 1 {
			t.Errorf("DueMails = %d mails, %v; want 1", len(due), err)
		}
	})
}
