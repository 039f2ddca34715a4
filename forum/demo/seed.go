// Package demo seeds a small demo community (content.go) so that a newcomer
// sees every feature of Chorus at once. It goes through forum.Service like
// any user would, with a clock set into the past, so receipts, lists and
// "N hours ago" look like a forum that has been running for two months.
// It imports only forum and moderation.
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// Password is the password of every demo account, so a newcomer can log in
// as a customer, a moderator, staff or the admin and try each role.
const Password = "chorus-demo-password"

// Summary says what Seed created.
type Summary struct {
	Users, Categories, Threads, Answers int
	Skipped                             bool
}

// Seed fills an empty forum with the demo community. A forum that has any
// account already is left alone (Skipped), so --demo never mixes invented
// posts into a real community.
func Seed(ctx context.Context, store forum.Store, render forum.Renderer, hasher forum.PasswordHasher, now time.Time) (Summary, error) {
	var sum Summary
	n, err := store.CountUsers(ctx)
	if err != nil {
		return sum, err
	}
	if n > 0 {
		sum.Skipped = true
		return sum, nil
	}
	clock := now.Add(-61 * 24 * time.Hour)
	svc := forum.NewService(store, render, hasher)
	svc.Now = func() time.Time { return clock }

	people := map[string]*forum.User{}
	for _, du := range users {
		role, err := forum.ParseRole(du.Role)
		if err != nil {
			return sum, err
		}
		u, err := svc.CreateUser(ctx, forum.RegisterInput{
			Username: du.Username, Email: du.Username + "@example.com", Password: Password, Language: du.Language, Role: role,
		})
		if err != nil {
			return sum, fmt.Errorf("demo user %s: %w", du.Username, err)
		}
		people[du.Username] = u
		sum.Users++
	}
	admin := people[users[0].Username]
	for i, dc := range categories {
		_, err := svc.CreateCategory(ctx, admin, forum.CategoryInput{
			Slug: dc.Slug, Name: dc.Name, Description: dc.Description, ResponseTargetHours: dc.ResponseTargetHours, Position: i,
		})
		if err != nil {
			return sum, fmt.Errorf("demo category %s: %w", dc.Slug, err)
		}
		sum.Categories++
	}

	// at moves the clock, never past now.
	at := func(t time.Time) {
		if t.After(now) {
			t = now
		}
		clock = t
	}
	ids := map[string]int64{}
	for _, dt := range threads {
		asked := now.Add(-hours(dt.HoursAgo))
		at(asked)
		t, _, err := svc.Ask(ctx, people[dt.Author], forum.AskInput{
			CategorySlug: dt.Category, Title: dt.Title, Body: dt.Body, Tags: dt.Tags,
		})
		if err != nil {
			return sum, fmt.Errorf("demo thread %q: %w", dt.Title, err)
		}
		sum.Threads++
		ids[dt.Title] = t.ID
		for i, name := range dt.MeToo {
			at(asked.Add(time.Duration(i+1) * 17 * time.Minute))
			if _, err := svc.MeToo(ctx, people[name], t.ID, true); err != nil {
				return sum, fmt.Errorf("demo me-too on %q: %w", dt.Title, err)
			}
		}
		var answerIDs []int64
		for _, da := range dt.Answers {
			answered := asked.Add(hours(da.HoursAfter))
			at(answered)
			p, err := svc.Answer(ctx, people[da.Author], t.ID, da.Body)
			if err != nil {
				return sum, fmt.Errorf("demo answer on %q: %w", dt.Title, err)
			}
			sum.Answers++
			answerIDs = append(answerIDs, p.ID)
			for _, dc := range da.Comments {
				at(answered.Add(time.Duration(dc.MinutesAfter * float64(time.Minute))))
				if _, _, err := svc.AddComment(ctx, people[dc.Author], p.ID, dc.Body); err != nil {
					return sum, fmt.Errorf("demo comment on %q: %w", dt.Title, err)
				}
			}
			at(answered.Add(30 * time.Minute))
			for _, name := range da.Up {
				if _, _, err := svc.Vote(ctx, people[name], p.ID, 1); err != nil {
					return sum, fmt.Errorf("demo vote on %q: %w", dt.Title, err)
				}
			}
			for _, name := range da.Down {
				if _, _, err := svc.Vote(ctx, people[name], p.ID, -1); err != nil {
					return sum, fmt.Errorf("demo vote on %q: %w", dt.Title, err)
				}
			}
		}
		if dt.Accepted > 0 {
			last := dt.Answers[len(dt.Answers)-1]
			at(asked.Add(hours(last.HoursAfter) + time.Hour))
			if _, err := svc.Accept(ctx, people[dt.Author], t.ID, answerIDs[dt.Accepted-1]); err != nil {
				return sum, fmt.Errorf("demo accept on %q: %w", dt.Title, err)
			}
		}
	}
	if ms, ok := store.(moderation.Store); ok {
		if err := seedModeration(ctx, ms, svc, people, ids, now); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }
