package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// Moderators' demo: a pinned how-to, spam words, a spammer's answer that
// two members flagged (waiting in the review queue), and a new account's
// link-heavy first question held for approval.

var (
	demoSpamWords = []string{"casino", "crypto bonus", "gratis iphone"}
	pinnedTitle   = "How do I change the Wi-Fi password on the Nordbox?"
	spamTarget    = "Only getting 60 Mbit/s on a 250 Mbit/s VDSL plan"
	spamAnswer    = "Slow internet? Forget the provider: the new SpeedMax booster makes every line 10x faster! Order today at https://speedmax-booster.example and pay only half today."
	spamFlaggers  = []string{"mark.o", "emily.r"}
	heldTitle     = "Günstige Router-Alternative gefunden – hier bestellen"
	heldBody      = "Ich habe einen viel günstigeren Router gefunden, der mit Nordlicht funktioniert: https://router-outlet.example/angebot und https://router-outlet.example/gutschein – lohnt sich!"
)

func seedModeration(ctx context.Context, store moderation.Store, svc *forum.Service, people map[string]*forum.User,
	ids map[string]int64, now time.Time) error {
	mod := moderation.NewService(store, svc)
	admin, moderator := people["nordlicht-admin"], people["kabelbert"]
	if _, err := mod.SetSpamWords(ctx, admin, demoSpamWords); err != nil {
		return fmt.Errorf("demo spam words: %w", err)
	}
	if _, err := mod.ActOnThread(ctx, moderator, ids[pinnedTitle], moderation.ThreadActionInput{Action: "pin"}); err != nil {
		return fmt.Errorf("demo pin: %w", err)
	}
	// Two new accounts, made an hour ago, post the spam.
	svc.Now = func() time.Time { return now.Add(-time.Hour) }
	spammer, err := svc.CreateUser(ctx, forum.RegisterInput{Username: "speedmax_deals", Email: "speedmax_deals@example.com",
		Password: Password, Role: forum.RoleMember})
	if err != nil {
		return fmt.Errorf("demo spammer: %w", err)
	}
	newcomer, err := svc.CreateUser(ctx, forum.RegisterInput{Username: "routerfan2026", Email: "routerfan2026@example.com",
		Password: Password, Role: forum.RoleMember, Language: "de"})
	if err != nil {
		return fmt.Errorf("demo newcomer: %w", err)
	}
	svc.Now = func() time.Time { return now.Add(-40 * time.Minute) }
	p, err := svc.Answer(ctx, spammer, ids[spamTarget], spamAnswer)
	if err != nil {
		return fmt.Errorf("demo spam answer: %w", err)
	}
	for i, name := range spamFlaggers {
		svc.Now = func() time.Time { return now.Add(time.Duration(i-30) * time.Minute) }
		if _, err := mod.Flag(ctx, people[name], p.ID, moderation.FlagInput{Reason: "spam"}); err != nil {
			return fmt.Errorf("demo flag: %w", err)
		}
	}
	svc.Now = func() time.Time { return now.Add(-20 * time.Minute) }
	if _, _, err := svc.Ask(ctx, newcomer, forum.AskInput{CategorySlug: "router-geraete", Title: heldTitle, Body: heldBody, Lang: "de"}); err != nil {
		return fmt.Errorf("demo held question: %w", err)
	}
	return seedStaff(ctx, svc, people, ids, now)
}

// The staff's demo: a known issue with two linked reports, and a customer
// who asked for a person, whose thread anna has claimed.
var (
	knownTitle      = "TV-Streams ruckeln abends in Norddeutschland"
	knownBody       = "Seit Montag melden viele Kundinnen und Kunden im Norden, dass TV-Streams zwischen 19 und 23 Uhr ruckeln oder kurz einfrieren. Wir untersuchen die Ursache im Verteilnetz."
	knownWorkaround = "Bis zur Behebung hilft es oft, in der TV-App unter **Einstellungen → Bildqualität** auf „Standard“ statt „Automatisch“ zu stellen."
	knownReports    = []string{"TV-Stream ruckelt abends, besonders bei Fußball", "IPTV picture freezes for a second every few minutes"}
	helpTitle       = "Fibre installation appointment – technician never showed up"
)

func seedStaff(ctx context.Context, svc *forum.Service, people map[string]*forum.User, ids map[string]int64, now time.Time) error {
	anna := people["anna.support"]
	svc.Now = func() time.Time { return now.Add(-3 * time.Hour) }
	k, err := svc.CreateKnownIssue(ctx, anna, forum.KnownIssueInput{Category: "tv-streaming", Title: knownTitle, Body: knownBody,
		Status: "investigating", Workaround: knownWorkaround})
	if err != nil {
		return fmt.Errorf("demo known issue: %w", err)
	}
	for _, title := range knownReports {
		if err := svc.LinkReport(ctx, anna, k.Thread.ID, ids[title], true); err != nil {
			return fmt.Errorf("demo link %q: %w", title, err)
		}
	}
	svc.Now = func() time.Time { return now.Add(-time.Hour) }
	fix := now.Add(20 * time.Hour).Truncate(time.Hour)
	if _, err := svc.UpdateKnownIssue(ctx, anna, k.Thread.ID, forum.KnownIssueChange{Status: "identified",
		Note: "Ein überlasteter Knoten im Verteilnetz Hamburg; zusätzliche Kapazität wird heute Nacht geschaltet.", ExpectedFix: &fix}); err != nil {
		return fmt.Errorf("demo known issue update: %w", err)
	}
	// A customer asks for a person; anna takes it.
	help, err := svc.Thread(ctx, nil, ids[helpTitle])
	if err != nil {
		return fmt.Errorf("demo help: %w", err)
	}
	author, err := svc.User(ctx, help.Thread.Author.Username)
	if err != nil {
		return err
	}
	svc.Now = func() time.Time { return now.Add(-50 * time.Minute) }
	if _, err := svc.AskForHelp(ctx, author, help.Thread.ID); err != nil {
		return fmt.Errorf("demo help: %w", err)
	}
	svc.Now = func() time.Time { return now.Add(-30 * time.Minute) }
	if _, err := svc.Claim(ctx, anna, help.Thread.ID, true); err != nil {
		return fmt.Errorf("demo claim: %w", err)
	}
	return nil
}
