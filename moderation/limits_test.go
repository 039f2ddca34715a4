package moderation_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// body is a valid answer, different each time.
func (e *env) body(s string) string { return "An answer that is long enough, " + s + " " + e.name("#") }

func wantLimit(t testing.TB, err error, code string, args ...any) {
	t.Helper()
	fe := wantErr(t, err, forum.RateLimited, code)
	if len(args) > 0 && !reflect.DeepEqual(fe.Args, args) {
		t.Errorf("args %v, want %v", fe.Args, args)
	}
}

func TestPostLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker := e.member("asker")
	th := e.ask(asker, "Where is the reset button of the router")
	target := e.answer(asker, th.ID, "An answer to comment under, from the asker.")

	t.Run("new account", func(t *testing.T) {
		e := e.sub(t)
		u := e.newMember("newbie")
		// Questions, answers and comments share one counter.
		e.ask(u, "First question of a new account")
		e.ask(u, "Second question of a new account")
		e.answer(u, th.ID, e.body("one"))
		e.answer(u, th.ID, e.body("two"))
		if _, _, err := e.svc.AddComment(e.ctx, u, target.ID, "A comment"); err != nil {
			t.Fatal(err)
		}
		before := e.dbState()
		_, err := e.svc.Answer(e.ctx, u, th.ID, e.body("six"))
		wantLimit(t, err, "error.limit_posts_new", 5, 1)
		_, _, err = e.svc.AddComment(e.ctx, u, target.ID, "Another comment")
		wantLimit(t, err, "error.limit_posts_new", 5, 1)
		if e.dbState() != before {
			t.Error("a refused post was stored")
		}
		e.clock.Advance(time.Hour)
		defer e.clock.Advance(-time.Hour)
		e.answer(u, th.ID, e.body("next hour"))
	})
	t.Run("established account", func(t *testing.T) {
		e := e.sub(t)
		u := e.member("regular")
		for i := range 30 {
			e.answer(u, th.ID, e.body(fmt.Sprint(i)))
		}
		_, err := e.svc.Answer(e.ctx, u, th.ID, e.body("31"))
		wantLimit(t, err, "error.limit_posts", 30, 1)
		// Half an hour later it is the same window.
		e.clock.Advance(30 * time.Minute)
		_, err = e.svc.Answer(e.ctx, u, th.ID, e.body("31"))
		wantLimit(t, err, "error.limit_posts", 30, 1)
		e.clock.Advance(30 * time.Minute)
		defer e.clock.Advance(-time.Hour)
		e.answer(u, th.ID, e.body("next hour"))
	})
}

func TestVoteMeTooFlagLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, author := e.member("asker"), e.member("author")
	th := e.ask(asker, "Bluetooth mouse lags on the laptop")
	p := e.answer(author, th.ID, "Plug the receiver into a port away from the USB 3 ports.")

	t.Run("votes", func(t *testing.T) {
		e := e.sub(t)
		u := e.member("voter")
		for i := range 60 {
			e.vote(u, p.ID, 1-2*(i%2))
		}
		_, _, err := e.svc.Vote(e.ctx, u, p.ID, 1)
		wantLimit(t, err, "error.limit_votes", 60, 1)
	})
	t.Run("me too", func(t *testing.T) {
		e := e.sub(t)
		u := e.member("sufferer")
		for range 30 {
			e.meToo(u, th.ID)
		}
		_, err := e.svc.MeToo(e.ctx, u, th.ID, true)
		wantLimit(t, err, "error.limit_metoo", 30, 1)
		// Withdrawing is always allowed.
		if n, err := e.svc.MeToo(e.ctx, u, th.ID, false); err != nil || n != 0 {
			t.Errorf("withdraw: %d, %v", n, err)
		}
	})
	t.Run("flags", func(t *testing.T) {
		e := e.sub(t)
		u := e.flagger("flagger")
		var posts []*forum.Post
		for i := range 21 {
			posts = append(posts, e.answer(author, th.ID, e.body(fmt.Sprint("flag me ", i))))
		}
		for _, q := range posts[:20] {
			e.flag(u, q.ID, moderation.ReasonOffTopic)
		}
		n := e.flagCount()
		_, err := e.mod.Flag(e.ctx, u, posts[20].ID, moderation.FlagInput{Reason: "off_topic"})
		wantLimit(t, err, "error.limit_flags", 20, 24)
		// A day's window: an hour later still refused, the next day not.
		e.clock.Advance(time.Hour)
		_, err = e.mod.Flag(e.ctx, u, posts[20].ID, moderation.FlagInput{Reason: "off_topic"})
		wantLimit(t, err, "error.limit_flags", 20, 24)
		if e.flagCount() != n {
			t.Error("a refused flag was stored")
		}
		e.clock.Advance(24 * time.Hour)
		e.flag(u, posts[20].ID, moderation.ReasonOffTopic)
	})
}

// TestAddressLimit: the per-address cap counts every account writing from
// one address, when the context carries the address.
func TestAddressLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker := e.member("asker")
	th := e.ask(asker, "VPN connection drops after a minute")
	a, b, c := e.member("alpha"), e.member("bravo"), e.member("charlie")
	shared := forum.WithClientIP(e.ctx, "203.0.113.7")
	post := func(ctx context.Context, u *forum.User) error {
		_, err := e.svc.Answer(ctx, u, th.ID, e.body(u.Username))
		return err
	}
	// Two accounts fill the address's 60 posts an hour, 30 each.
	for _, u := range []*forum.User{a, b} {
		for range 30 {
			must(t, post(shared, u))
		}
	}
	// A third account from that address is refused; elsewhere it may post.
	wantLimit(t, post(shared, c), "error.limit_address", 1)
	must(t, post(forum.WithClientIP(e.ctx, "198.51.100.1"), c))
	must(t, post(e.ctx, c))
	// The same cap for "me too": 30 each, from two accounts, then no more.
	for _, u := range []*forum.User{a, b} {
		for range 30 {
			if _, err := e.svc.MeToo(shared, u, th.ID, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, err := e.svc.MeToo(shared, c, th.ID, true)
	wantLimit(t, err, "error.limit_address", 1)
	// The next hour the address starts again.
	e.clock.Advance(time.Hour)
	must(t, post(shared, c))
}

func TestLinks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker, reader := e.member("asker"), e.member("reader")
	th := e.ask(asker, "Which DNS server should I use")
	links := func(n int) string {
		var b strings.Builder
		b.WriteString("Some servers that work for me: ")
		for i := range n {
			fmt.Fprintf(&b, "https://dns%d.example.com/setup ", i)
		}
		return b.String()
	}

	t.Run("more than three links", func(t *testing.T) {
		e := e.sub(t)
		u := e.newMember("linker")
		before := e.dbState()
		_, err := e.svc.Answer(e.ctx, u, th.ID, links(4))
		fe := wantErr(t, err, forum.Invalid, "error.too_many_links")
		if fe.Field != "body" || !reflect.DeepEqual(fe.Args, []any{3}) {
			t.Errorf("field %q args %v", fe.Field, fe.Args)
		}
		_, _, err = e.svc.AddComment(e.ctx, u, e.question(th.ID).ID, links(4))
		if fe := wantErr(t, err, forum.Invalid, "error.too_many_links"); fe.Field != "comment" {
			t.Errorf("comment field %q", fe.Field)
		}
		_, _, err = e.svc.Ask(e.ctx, u, forum.AskInput{CategorySlug: e.cat.Slug, Title: "Links www.a.example www.b.example",
			Body: "See www.c.example and www.d.example for the details."})
		wantErr(t, err, forum.Invalid, "error.too_many_links")
		if e.dbState() != before {
			t.Error("a refused post was stored")
		}
		// Established accounts may link freely, and are not held.
		p := e.answer(e.member("veteran"), th.ID, links(6))
		if p.Hidden() {
			t.Error("an established member's links were held")
		}
	})
	t.Run("a new account's first post with links is held", func(t *testing.T) {
		e := e.sub(t)
		u := e.newMember("newcomer")
		held, _, err := e.svc.Ask(e.ctx, u, forum.AskInput{CategorySlug: e.cat.Slug, Title: "My first question with two links",
			Body: "See https://a.example/x and https://b.example/y for what I tried."})
		must(t, err)
		got := e.thread(held.ID)
		if got.HiddenAt == nil || got.HiddenReason != forum.HiddenHeld {
			t.Fatalf("first post: hidden %v %q", got.HiddenAt, got.HiddenReason)
		}
		if e.listed(held.ID) {
			t.Error("a held thread is listed")
		}
		if _, err := e.svc.Thread(e.ctx, u, held.ID); err != nil {
			t.Errorf("the asker cannot open their held thread: %v", err)
		}
		if _, err := e.svc.Thread(e.ctx, reader, held.ID); forum.ErrorKind(err) != forum.NotFound {
			t.Errorf("a reader opens the held thread: %v", err)
		}
		it := e.queued(e.question(held.ID).ID)
		if it == nil || !it.Held || !slices.Contains(it.HoldReasons, "links: 2") || len(it.Flags) != 0 {
			t.Fatalf("queue item %+v", it)
		}
		d, err := e.mod.Dashboard(e.ctx, e.moderator)
		must(t, err)
		if d.HeldPosts != 1 || d.QueueSize != 1 || d.OldestFlag != nil {
			t.Errorf("dashboard %+v", d)
		}
		// The second post is not held.
		p := e.answer(u, th.ID, "Also https://c.example/z and https://d.example/w helped.")
		if p.Hidden() || e.post(p.ID).Hidden() {
			t.Error("the second post was held")
		}
		// Approving shows the thread.
		must(t, e.mod.Review(e.ctx, e.moderator, e.question(held.ID).ID, moderation.ReviewInput{Decision: "approve"}))
		if !e.listed(held.ID) {
			t.Error("the approved thread is not listed")
		}
	})
	t.Run("a first answer with three links is held, one link is not", func(t *testing.T) {
		e := e.sub(t)
		p := e.answer(e.newMember("helpful"), th.ID, links(3))
		if got := e.post(p.ID); got.HiddenReason != forum.HiddenHeld {
			t.Errorf("hidden %q", got.HiddenReason)
		}
		if v, err := e.svc.Thread(e.ctx, reader, th.ID); err != nil || slices.ContainsFunc(v.Answers, func(a forum.Post) bool { return a.ID == p.ID }) {
			t.Errorf("a reader sees the held answer (%v)", err)
		}
		q := e.answer(e.newMember("modest"), th.ID, links(1))
		if q.Hidden() {
			t.Error("a first post with one link was held")
		}
	})
}

func TestSpamWords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	asker := e.member("asker")
	th := e.ask(asker, "Which password manager is safe")

	words, err := e.mod.SetSpamWords(e.ctx, e.admin, []string{"Casino", "  free   money ", "casino", "", "crypto"})
	must(t, err)
	if want := []string{"casino", "crypto", "free money"}; !reflect.DeepEqual(words, want) {
		t.Fatalf("words %v, want %v", words, want)
	}
	if got, err := e.mod.SpamWords(e.ctx, e.admin); err != nil || !reflect.DeepEqual(got, words) {
		t.Errorf("stored words %v, %v", got, err)
	}
	a := e.auditEntry("settings.spam_words", "settings", 0)
	if strings.Contains(a.Before, "casino") || !strings.Contains(a.After, "free money") {
		t.Errorf("audit %+v", a)
	}

	cases := []struct {
		text string
		held bool
	}{
		{"Try the Casino! It pays off every time.", true},
		{"CASINO bonus codes for everyone here.", true},
		{"A casino-night is what you need.", true},
		{"(casino) in parentheses still counts.", true},
		{"Get free money with this simple trick today.", true},
		{"Get FREE MONEY with this simple trick today.", true},
		{"casinos are a different word altogether.", false},
		{"The xcasino brand is not the word either.", false},
		{"Casino2 is glued to a digit and not the word.", false},
		{"Free moneys is not the phrase, it has an s.", false},
		{"Use a manager with a strong master password.", false},
		{"Ein Kasino ist kein casino\u00e9 wie das Wort.", false},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			e := e.sub(t)
			p := e.answer(e.member(e.name("writer")), th.ID, c.text)
			got := e.post(p.ID)
			if held := got.HiddenReason == forum.HiddenHeld; held != c.held {
				t.Fatalf("held %v, want %v", held, c.held)
			}
			if c.held {
				it := e.queued(p.ID)
				if it == nil || !it.Held || len(it.HoldReasons) == 0 || !strings.HasPrefix(it.HoldReasons[0], "word: ") {
					t.Errorf("queue item %+v", it)
				}
			}
		})
	}
	t.Run("in a title", func(t *testing.T) {
		e := e.sub(t)
		held := e.ask(asker, "Best crypto wallet for beginners")
		if got := e.thread(held.ID); got.HiddenReason != forum.HiddenHeld {
			t.Errorf("hidden %q", got.HiddenReason)
		}
		it := e.queued(e.question(held.ID).ID)
		if it == nil || !slices.Contains(it.HoldReasons, "word: crypto") {
			t.Errorf("queue item %+v", it)
		}
	})
	t.Run("comments are not held", func(t *testing.T) {
		e := e.sub(t)
		c, _, err := e.svc.AddComment(e.ctx, asker, e.question(th.ID).ID, "casino comment")
		must(t, err)
		if c.DeletedAt != nil {
			t.Error("deleted")
		}
	})
	t.Run("moderators are not held", func(t *testing.T) {
		e := e.sub(t)
		if p := e.answer(e.moderator, th.ID, "Never trust a casino that offers free money."); p.Hidden() {
			t.Error("a moderator's post was held")
		}
	})
	t.Run("bad lists", func(t *testing.T) {
		e := e.sub(t)
		before := e.dbState()
		for _, list := range [][]string{
			{strings.Repeat("w", 101)},
			{"bell\x07"},
			{"\xff\xfe"},
		} {
			_, err := e.mod.SetSpamWords(e.ctx, e.admin, list)
			if fe := wantErr(t, err, forum.Invalid, ""); fe.Field != "words" {
				t.Errorf("%q: field %q", list, fe.Field)
			}
		}
		if e.dbState() != before {
			t.Error("a refused list changed the database")
		}
		if got, _ := e.mod.SpamWords(e.ctx, e.admin); !reflect.DeepEqual(got, words) {
			t.Errorf("words now %v", got)
		}
	})
}

// TestModeratorsExempt: a brand-new moderator account meets none of the
// limits and none of the holds.
func TestModeratorsExempt(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.mod.SetSpamWords(e.ctx, e.admin, []string{"casino"})
	must(t, err)
	asker := e.member("asker")
	th := e.ask(asker, "Is this gambling site a scam or not")
	ctx := forum.WithClientIP(e.ctx, "203.0.113.9")
	m := e.userAt("newmod", forum.RoleModerator, e.now())
	text := "casino: https://a.example https://b.example https://c.example https://d.example"
	q, _, err := e.svc.Ask(ctx, m, forum.AskInput{CategorySlug: e.cat.Slug, Title: "A casino question by a new moderator", Body: text})
	must(t, err)
	if e.thread(q.ID).HiddenAt != nil {
		t.Error("the moderator's first post was held")
	}
	for i := range 65 {
		p, err := e.svc.Answer(ctx, m, th.ID, text+" "+fmt.Sprint(i))
		if err != nil {
			t.Fatalf("answer %d: %v", i+1, err)
		}
		if p.Hidden() {
			t.Fatalf("answer %d held", i+1)
		}
	}
	for i := range 65 {
		if _, err := e.svc.MeToo(ctx, m, th.ID, true); err != nil {
			t.Fatalf("me too %d: %v", i+1, err)
		}
	}
	if len(e.queue()) != 0 {
		t.Error("the moderator's posts are in the queue")
	}
}

// TestSpamPhraseWhitespace: a phrase is stored with single spaces
// (ParseSpamWords joins its fields), so the text it is matched against must
// be read the same way, or a double space or a line break slips past it.
func TestSpamPhraseWhitespace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, err := e.mod.SetSpamWords(e.ctx, e.admin, []string{"free money"})
	must(t, err)
	th := e.ask(e.member("asker"), "Which password manager is safe")
	for _, text := range []string{
		"Get free  money with this simple trick today.",
		"Get free\nmoney with this simple trick today.",
		"Get free\tmoney with this simple trick today.",
	} {
		p := e.answer(e.member(e.name("writer")), th.ID, text)
		if got := e.post(p.ID); got.HiddenReason != forum.HiddenHeld {
			t.Errorf("%q was not held", text)
		}
	}
}
