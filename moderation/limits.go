package moderation

import (
	"context"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum"
)

// Limits are the caps on members' writes, per fixed window, per account
// and per address. Counters live in the database, so several nodes would
// share them. The defaults follow Discourse's for new users and Stack
// Exchange's rate limits, generous enough that no honest member meets them.
type Limits struct {
	// NewAccountAge: accounts younger than this are new, with lower caps.
	NewAccountAge time.Duration
	// Questions, answers and comments share one counter.
	PostsPerHour, NewPostsPerHour, PostsPerHourPerIP int
	VotesPerHour, VotesPerHourPerIP                  int
	MeTooPerHour, MeTooPerHourPerIP                  int
	FlagsPerDay, FlagsPerDayPerIP                    int
	// NewAccountLinks is the most links a new account may put in a post;
	// its first post is held when it has FirstPostHoldLinks or more.
	NewAccountLinks, FirstPostHoldLinks int
}

// DefaultLimits are the limits a forum starts with.
func DefaultLimits() Limits {
	return Limits{
		NewAccountAge: newAccountAge,
		PostsPerHour:  30, NewPostsPerHour: 5, PostsPerHourPerIP: 60,
		VotesPerHour: 60, VotesPerHourPerIP: 120,
		MeTooPerHour: 30, MeTooPerHourPerIP: 60,
		FlagsPerDay: 20, FlagsPerDayPerIP: 40,
		NewAccountLinks: 3, FirstPostHoldLinks: 2,
	}
}

// limit is one cap as Screen applies it.
type limit struct {
	group      string // the counter's name: posts share one
	perAccount int
	perNew     int // for new accounts; 0 = perAccount
	perIP      int
	window     time.Duration
	code       string // the message key, with the limit and window as %d
}

func (l Limits) of(kind forum.WriteKind) (limit, bool) {
	switch kind {
	case forum.WriteThread, forum.WriteAnswer, forum.WriteComment:
		return limit{"post", l.PostsPerHour, l.NewPostsPerHour, l.PostsPerHourPerIP, time.Hour, "error.limit_posts"}, true
	case forum.WriteVote:
		return limit{"vote", l.VotesPerHour, 0, l.VotesPerHourPerIP, time.Hour, "error.limit_votes"}, true
	case forum.WriteMeToo:
		return limit{"metoo", l.MeTooPerHour, 0, l.MeTooPerHourPerIP, time.Hour, "error.limit_metoo"}, true
	case forum.WriteFlag:
		return limit{"flag", l.FlagsPerDay, 0, l.FlagsPerDayPerIP, 24 * time.Hour, "error.limit_flags"}, true
	}
	return limit{}, false
}

var linkPattern = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>()\[\]]+`)

// countLinks counts the links in a post's Markdown.
func countLinks(md string) int { return len(linkPattern.FindAllStringIndex(md, -1)) }

// Screen is the forum's gate: it refuses writes from suspended and
// silenced accounts and writes over a rate limit, limits the links of new
// accounts, and holds for review a post with a spam word or a new
// account's link-heavy first post. Moderators and above pass untouched.
func (s *Service) Screen(ctx context.Context, actor *forum.User, w forum.Write) (bool, error) {
	if actor == nil || exempt(actor) {
		return false, nil
	}
	now := s.now()
	if actor.Suspended(now) {
		return false, forum.SuspendedError(actor)
	}
	writes := w.Kind == forum.WriteThread || w.Kind == forum.WriteAnswer || w.Kind == forum.WriteComment || w.Kind == forum.WriteFlag
	if writes && actor.Silenced(now) {
		if !actor.SilencedUntil.Before(forum.Forever) {
			return false, forum.E(forum.Forbidden, "error.silenced_forever")
		}
		return false, forum.E(forum.Forbidden, "error.silenced", actor.SilencedUntil.Format("2006-01-02 15:04 UTC"))
	}
	lim := s.Limits
	isNew := now.Sub(actor.CreatedAt) < lim.NewAccountAge
	if l, ok := lim.of(w.Kind); ok {
		if err := s.checkLimit(ctx, actor, l, isNew, now); err != nil {
			return false, err
		}
	}
	if w.Kind != forum.WriteThread && w.Kind != forum.WriteAnswer && w.Kind != forum.WriteComment {
		return false, nil
	}
	links := countLinks(w.Text)
	if isNew && links > lim.NewAccountLinks {
		field := "body"
		if w.Kind == forum.WriteComment {
			field = "comment"
		}
		return false, forum.FieldError(field, "error.too_many_links", lim.NewAccountLinks)
	}
	if w.Kind == forum.WriteComment {
		return false, nil
	}
	words, err := s.store.SpamWords(ctx)
	if err != nil {
		return false, err
	}
	if len(matchSpamWords(w.Text, words)) > 0 {
		return true, nil
	}
	if isNew && links >= lim.FirstPostHoldLinks {
		n, err := s.store.PostCount(ctx, actor.ID)
		if err != nil {
			return false, err
		}
		return n == 0, nil
	}
	return false, nil
}

func (s *Service) checkLimit(ctx context.Context, actor *forum.User, l limit, isNew bool, now time.Time) error {
	max, code := l.perAccount, l.code
	if isNew && l.perNew > 0 {
		max, code = l.perNew, l.code+"_new"
	}
	hours := int(l.window / time.Hour)
	keys := []string{"limit:" + l.group + ":user:" + strconv.FormatInt(actor.ID, 10)}
	if ip := forum.ClientIP(ctx); ip != "" {
		keys = append(keys, "limit:"+l.group+":ip:"+ip)
	}
	n, err := s.store.HitAll(ctx, keys, l.window, now)
	if err != nil {
		return err
	}
	if n[0] > max {
		return forum.E(forum.RateLimited, code, max, hours)
	}
	if len(n) > 1 && n[1] > l.perIP {
		return forum.E(forum.RateLimited, "error.limit_address", hours)
	}
	return nil
}

// holdReasons says why the spam check held a post, for the review queue.
func holdReasons(text string, words []string, holdLinks int) []string {
	var out []string
	for _, w := range matchSpamWords(text, words) {
		out = append(out, "word: "+w)
	}
	if n := countLinks(text); n >= holdLinks {
		out = append(out, "links: "+strconv.Itoa(n))
	}
	return out
}

// matchSpamWords returns the spam words (or phrases) that occur in text as
// whole words, ignoring case.
func matchSpamWords(text string, words []string) []string {
	if len(words) == 0 {
		return nil
	}
	// The words are stored with single spaces; so must the text be, or
	// "free\nmoney" would slip past "free money".
	lower := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	var out []string
	for _, w := range words {
		if containsWord(lower, w) {
			out = append(out, w)
		}
	}
	return out
}

// containsWord reports whether w occurs in s with no letter or digit right
// before or after it.
func containsWord(s, w string) bool {
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if !isWordRune(before) && !isWordRune(after) {
			return true
		}
		from = i + 1
	}
	return false
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// Spam words: at most maxSpamWords, each at most maxSpamWordLen characters.
const (
	maxSpamWords   = 2000
	maxSpamWordLen = 100
)

// ParseSpamWords reads the admins' list, one word or phrase per line, in
// lower case, sorted, without duplicates or blank lines.
func ParseSpamWords(text string) ([]string, error) {
	if !utf8.ValidString(text) {
		return nil, forum.FieldError("words", "error.invalid_utf8")
	}
	seen := map[string]bool{}
	var out []string
	for _, line := range strings.Split(text, "\n") {
		w := strings.ToLower(strings.Join(strings.Fields(line), " "))
		if w == "" || seen[w] {
			continue
		}
		if utf8.RuneCountInString(w) > maxSpamWordLen {
			return nil, forum.FieldError("words", "error.spam_word_long", maxSpamWordLen)
		}
		for _, r := range w {
			if unicode.IsControl(r) {
				return nil, forum.FieldError("words", "error.control_chars")
			}
		}
		seen[w] = true
		out = append(out, w)
	}
	if len(out) > maxSpamWords {
		return nil, forum.FieldError("words", "error.spam_words_many", maxSpamWords)
	}
	sort.Strings(out)
	return out, nil
}

// SpamWords returns the spam words for the admins' page.
func (s *Service) SpamWords(ctx context.Context, actor *forum.User) ([]string, error) {
	if !CanEditSpamWords(actor) {
		return nil, denied(actor)
	}
	return s.store.SpamWords(ctx)
}

// SetSpamWords replaces the spam words.
func (s *Service) SetSpamWords(ctx context.Context, actor *forum.User, words []string) ([]string, error) {
	if !CanEditSpamWords(actor) {
		return nil, denied(actor)
	}
	words, err := ParseSpamWords(strings.Join(words, "\n"))
	if err != nil {
		return nil, err
	}
	old, err := s.store.SpamWords(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.store.Moderate(ctx, func(tx Tx) error {
		if err := tx.SetSpamWords(words, now); err != nil {
			return err
		}
		e := entry(actor, "settings.spam_words", "settings", 0, "", now)
		e.Before, e.After = forum.JSONObject("words", old), forum.JSONObject("words", words)
		return tx.Audit(e)
	})
	return words, err
}
