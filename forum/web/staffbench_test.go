package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
)

// benchStaffForum fills a forum with n threads over 90 days straight
// through SQL (the services would take minutes): a quarter never answered,
// the rest answered after 10 minutes to 3 days, a third of those by staff
// as well, a fifth solved, one in fifty asking for help. It returns a
// staff member.
func benchStaffForum(b *testing.B, e *env, n int) *forum.User {
	b.Helper()
	storetest.SQLiteOnly(b) // fills the SQLite file directly
	e.category("internet", 12)
	e.category("mobile", 24)
	anna := e.user("anna", forum.RoleStaff)
	asker := e.user("asker", forum.RoleMember)
	raw, err := sql.Open("sqlite3", e.Path+"?_busy_timeout=5000")
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now().UnixMilli()
	for i := range n {
		created := now - rng.Int64N(90*24*3600*1000)
		var first, staff, help any
		if rng.IntN(4) > 0 {
			f := created + 600000 + rng.Int64N(3*24*3600*1000)
			first = f
			if rng.IntN(3) == 0 {
				staff = f + rng.Int64N(24*3600*1000)
			}
		}
		if rng.IntN(50) == 0 {
			help = created + 3600000
		}
		answers := 0
		if first != nil {
			answers = 1
		}
		if _, err := tx.Exec(`INSERT INTO threads (category_id, author_id, title, slug, lang, created_at, last_activity_at,
				answer_count, first_answer_at, first_staff_answer_at, last_staff_answer_at, needs_help_at)
			VALUES (?, ?, ?, ?, 'en', ?, ?, ?, ?, ?, ?, ?)`, 1+i%2, asker.ID, fmt.Sprintf("Question number %d about the router", i),
			fmt.Sprintf("question-%d", i), created, created, answers, first, staff, staff, help); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return anna
}

// BenchmarkNeedsAttention reads the first page of the staff's queue of a
// forum of 20,000 threads (5,000 unanswered); BenchmarkListBaseline, in the
// same run, reads the first page of the latest list, for the ratio.
func BenchmarkNeedsAttention(b *testing.B) {
	e := newEnvWith(b, false)
	anna := benchStaffForum(b, e, 20000)
	ctx := context.Background()
	b.Run("queue", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := e.Svc.NeedsAttention(ctx, anna, 1); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-list", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.Svc.Threads(ctx, forum.ThreadFilter{Sort: "latest"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkInsights computes the insights of 30 and 90 days over the same
// 20,000 threads.
func BenchmarkInsights(b *testing.B) {
	e := newEnvWith(b, false)
	anna := benchStaffForum(b, e, 20000)
	ctx := context.Background()
	for _, days := range []int{30, 90} {
		b.Run(fmt.Sprintf("%ddays", days), func(b *testing.B) {
			for b.Loop() {
				if _, err := e.Svc.Insights(ctx, anna, days); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
