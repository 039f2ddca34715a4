package moderation_test

import (
	"fmt"
	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// TestAuditLogAppendOnly: no code path, not even a raw connection to the
// file, can change or remove an entry.
func TestAuditLogAppendOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	th := e.ask(e.member("asker"), "Webcam image is upside down")
	for _, a := range []string{"lock", "pin"} {
		if _, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, moderation.ThreadActionInput{Action: a}); err != nil {
			t.Fatal(err)
		}
	}
	raw := e.raw()
	count := func() int {
		var n int
		must(t, raw.QueryRowContext(e.ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n))
		return n
	}
	if count() != 2 {
		t.Fatalf("%d entries", count())
	}
	before := e.audit(moderation.AuditFilter{})
	for _, q := range []string{
		`UPDATE audit_log SET reason = 'nothing happened'`,
		`UPDATE audit_log SET actor_id = NULL WHERE action = 'thread.lock'`,
		`DELETE FROM audit_log`,
		`DELETE FROM audit_log WHERE action = 'thread.pin'`,
	} {
		_, err := raw.ExecContext(e.ctx, q)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want the append-only refusal", q, err)
		}
	}
	if storetest.OnPostgres() { // TRUNCATE fires no row trigger; a statement trigger refuses it
		if _, err := raw.ExecContext(e.ctx, `TRUNCATE audit_log`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("TRUNCATE: %v, want the append-only refusal", err)
		}
	}
	if count() != 2 {
		t.Errorf("%d entries after the attempts", count())
	}
	if after := e.audit(moderation.AuditFilter{}); auditText(after) != auditText(before) {
		t.Errorf("entries changed:\n%+v\n%+v", before, after)
	}
	// Appending still works.
	if _, err := raw.ExecContext(e.ctx, `INSERT INTO audit_log (action, target_type, target_id, created_at) VALUES ('test.append', 'thread', 1, 0)`); err != nil {
		t.Errorf("append: %v", err)
	}
}

// TestAuditLogNoReplace: REPLACE deletes the row it conflicts with without
// firing delete triggers (unless recursive_triggers is on), so an INSERT OR
// REPLACE with an existing id must be refused as well.
func TestAuditLogNoReplace(t *testing.T) {
	t.Parallel()
	storetest.SQLiteOnly(t) // INSERT OR REPLACE is SQLite's; PostgreSQL's ON CONFLICT DO UPDATE is an UPDATE, refused above
	e := newEnv(t)
	th := e.ask(e.member("asker"), "Webcam image is upside down")
	if _, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, moderation.ThreadActionInput{Action: "lock"}); err != nil {
		t.Fatal(err)
	}
	before := e.audit(moderation.AuditFilter{})
	_, err := e.raw().ExecContext(e.ctx, `INSERT OR REPLACE INTO audit_log (id, action, target_type, target_id, created_at)
		SELECT id, 'nothing.happened', 'thread', 0, 0 FROM audit_log`)
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("INSERT OR REPLACE: %v, want the append-only refusal", err)
	}
	if after := e.audit(moderation.AuditFilter{}); auditText(after) != auditText(before) {
		t.Errorf("the entry was rewritten:\nbefore %s\nafter  %s", auditText(before), auditText(after))
	}
}

func TestAuditLogFilters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author := e.member("asker"), e.member("author")
	th := e.ask(asker, "Smart plug is offline in the app")
	other := e.ask(asker, "Smart plug will not connect to WLAN")
	act := func(u *forum.User, id int64, in moderation.ThreadActionInput) {
		t.Helper()
		if _, err := e.mod.ActOnThread(e.ctx, u, id, in); err != nil {
			t.Fatal(err)
		}
	}
	act(e.moderator, th.ID, moderation.ThreadActionInput{Action: "lock"})
	act(e.moderator, th.ID, moderation.ThreadActionInput{Action: "pin"})
	p := e.answer(e.member("spammer"), other.ID, "A perfectly normal answer that gets flagged.")
	act(e.staff, other.ID, moderation.ThreadActionInput{Action: "close", Reason: "answered elsewhere"})
	_, err := e.mod.SetRole(e.ctx, e.admin, author.Username, forum.RoleModerator)
	must(t, err)
	_, err = e.mod.SetSpamWords(e.ctx, e.admin, []string{"casino"})
	must(t, err)
	e.flag(e.moderator, p.ID, moderation.ReasonSpam) // post.autohide by the system

	actions := func(f moderation.AuditFilter) []string {
		t.Helper()
		es, total, err := e.mod.AuditLog(e.ctx, e.staff, f)
		must(t, err)
		if total != len(es) {
			t.Errorf("%+v: total %d for %d entries", f, total, len(es))
		}
		var out []string
		for _, x := range es {
			out = append(out, x.Action)
		}
		return out
	}
	cases := []struct {
		name string
		f    moderation.AuditFilter
		want string // newest first
	}{
		{"everything", moderation.AuditFilter{}, "post.autohide settings.spam_words user.role thread.close thread.pin thread.lock"},
		{"by a moderator", moderation.AuditFilter{Actor: "moderator"}, "thread.pin thread.lock"},
		{"by an admin", moderation.AuditFilter{Actor: "admin"}, "settings.spam_words user.role"},
		{"by nobody known", moderation.AuditFilter{Actor: "ghost"}, ""},
		{"one action", moderation.AuditFilter{Action: "thread.lock"}, "thread.lock"},
		{"a prefix", moderation.AuditFilter{Action: "thread."}, "thread.close thread.pin thread.lock"},
		{"a prefix is not an action", moderation.AuditFilter{Action: "thread"}, ""},
		{"a partial name is not a prefix", moderation.AuditFilter{Action: "thread.l"}, ""},
		{"target type", moderation.AuditFilter{TargetType: "user"}, "user.role"},
		{"target type and id", moderation.AuditFilter{TargetType: "thread", TargetID: th.ID}, "thread.pin thread.lock"},
		{"target id of the other", moderation.AuditFilter{TargetType: "thread", TargetID: other.ID}, "thread.close"},
		{"posts", moderation.AuditFilter{TargetType: "post", TargetID: p.ID}, "post.autohide"},
		{"actor and prefix", moderation.AuditFilter{Actor: "staff", Action: "thread."}, "thread.close"},
		{"actor and another prefix", moderation.AuditFilter{Actor: "staff", Action: "user."}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := strings.Join(actions(c.f), " "); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}

	t.Run("entries name their actor", func(t *testing.T) {
		e := e.sub(t)
		es := e.audit(moderation.AuditFilter{})
		for _, x := range es {
			switch x.Action {
			case "post.autohide":
				if x.Actor != nil {
					t.Errorf("autohide actor %+v", x.Actor)
				}
			case "thread.close":
				if x.Actor == nil || x.Actor.Username != "staff" || x.Actor.Role != forum.RoleStaff || x.Reason != "answered elsewhere" {
					t.Errorf("close entry %+v", x)
				}
			}
		}
	})
	t.Run("refused", func(t *testing.T) {
		e := e.sub(t)
		for _, u := range []*forum.User{asker, e.moderator} {
			_, _, err := e.mod.AuditLog(e.ctx, u, moderation.AuditFilter{})
			wantErr(t, err, forum.Forbidden, "error.forbidden")
		}
		_, _, err := e.mod.AuditLog(e.ctx, nil, moderation.AuditFilter{})
		wantErr(t, err, forum.Unauthenticated, "")
		_, _, err = e.mod.AuditLog(e.ctx, e.staff, moderation.AuditFilter{TargetType: "comment"})
		wantField(t, err, "target_type", "error.filter_invalid")
		_, _, err = e.mod.AuditLog(e.ctx, e.staff, moderation.AuditFilter{Action: strings.Repeat("a", 101)})
		wantField(t, err, "filter", "error.filter_invalid")
		_, _, err = e.mod.AuditLog(e.ctx, e.staff, moderation.AuditFilter{Actor: "x' OR '1'='1"})
		must(t, err)
	})
}

func TestAuditLogPaging(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	th := e.ask(e.member("asker"), "Tablet screen rotates on its own")
	const n = moderation.AuditPerPage + 7
	for i := range n {
		a := "pin"
		if i%2 == 1 {
			a = "unpin"
		}
		if _, err := e.mod.ActOnThread(e.ctx, e.moderator, th.ID, moderation.ThreadActionInput{Action: a}); err != nil {
			t.Fatal(err)
		}
	}
	page := func(p int) ([]forum.AuditEntry, int) {
		es, total, err := e.mod.AuditLog(e.ctx, e.staff, moderation.AuditFilter{Page: p})
		must(t, err)
		return es, total
	}
	p1, total := page(1)
	p2, total2 := page(2)
	p3, _ := page(3)
	if total != n || total2 != n {
		t.Errorf("totals %d, %d, want %d", total, total2, n)
	}
	if len(p1) != moderation.AuditPerPage || len(p2) != 7 || len(p3) != 0 {
		t.Fatalf("pages of %d, %d, %d", len(p1), len(p2), len(p3))
	}
	all := append(p1, p2...)
	seen := map[int64]bool{}
	for i, x := range all {
		if seen[x.ID] {
			t.Errorf("entry %d on two pages", x.ID)
		}
		seen[x.ID] = true
		if i > 0 && x.ID >= all[i-1].ID {
			t.Errorf("entry %d after %d: not newest first", x.ID, all[i-1].ID)
		}
	}
	if all[0].Action != "thread.pin" {
		t.Errorf("newest entry %s, want the last pin", all[0].Action)
	}
	// Out-of-range pages show the first.
	for _, p := range []int{0, -3, 10001} {
		if es, _ := page(p); len(es) != moderation.AuditPerPage || es[0].ID != p1[0].ID {
			t.Errorf("page %d is not the first", p)
		}
	}
	// A filter pages too.
	es, total, err := e.mod.AuditLog(e.ctx, e.staff, moderation.AuditFilter{Action: "thread.unpin", Page: 1})
	must(t, err)
	if total != n/2 || len(es) != n/2 {
		t.Errorf("unpins: %d of %d, want %d", len(es), total, n/2)
	}
}

// auditText prints entries with their actors, to compare them.
func auditText(es []forum.AuditEntry) string {
	var b strings.Builder
	for _, x := range es {
		actor := forum.UserRef{}
		if x.Actor != nil {
			actor = *x.Actor
		}
		fmt.Fprintf(&b, "%d %+v %s %s %d %q %s %s %v\n", x.ID, actor, x.Action, x.TargetType, x.TargetID, x.Reason, x.Before, x.After, x.CreatedAt)
	}
	return b.String()
}
