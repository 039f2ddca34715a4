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

// A limit is a number of writes per fixed window, per account and per
// address. Counters live in the database, so several nodes would share
// them.
type limit struct {
	group      string // the counter's name: posts share one
	perAccount int
	perNew     int // for accounts younger than newAccountAge; 0 = perAccount
	perIP      int
	window     time.Duration
	code       string // the message key, with the limit and window as %d
}

// The limits, after Discourse's defaults for new users and Stack
// Exchange's rate limits, generous enough that no honest member meets them.
var limits = map[forum.WriteKind]limit{
	forum.WriteThread:  {group: "post", perAccount: 30, perNew: 5, perIP: 60, window: time.Hour, code: "error.limit_posts"},
	forum.WriteAnswer:  {group: "post", perAccount: 30, perNew: 5, perIP: 60, window: time.Hour, code: "error.limit_posts"},
	forum.WriteComment: {group: "post", perAccount: 30, perNew: 5, perIP: 60, window: time.Hour, code: "error.limit_posts"},
	forum.WriteVote:    {group: "vote", perAccount: 60, perIP: 120, window: time.Hour, code: "error.limit_votes"},
	forum.WriteMeToo:   {group: "metoo", perAccount: 30, perIP: 60, window: time.Hour, code: "error.limit_metoo"},
	forum.WriteFlag:    {group: "flag", perAccount: 20, perIP: 40, window: 24 * time.Hour, code: "error.limit_flags"},
}

// Links: a new account may put at most newAccountLinks links in a post,
// and its first post is held when it has firstPostHoldLinks or more.
const (
	newAccountLinks    = 3
	firstPostHoldLinks = 2
)

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
	isNew := now.Sub(actor.CreatedAt) < newAccountAge
	if l, ok := limits[w.Kind]; ok {
		if err := s.checkLimit(ctx, actor, l, isNew, now); err != nil {
			return false, err
		}
	}
	if w.Kind != forum.WriteThread && w.Kind != forum.WriteAnswer && w.Kind != forum.WriteComment {
		return false, nil
	}
	links := countLinks(w.Text)
	if isNew && links > newAccountLinks {
		field := "body"
		if w.Kind == forum.WriteComment {
			field = "comment"
		}
		return false, forum.FieldError(field, "error.too_many_links", newAccountLinks)
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
	if isNew && links >= firstPostHoldLinks {
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
	n, err := s.store.Hit(ctx, "limit:"+l.group+":user:"+strconv.FormatInt(actor.ID, 10), l.window, now)
	if err != nil {
		return err
	}
	if n > max {
		return forum.E(forum.RateLimited, code, max, hours)
	}
	if ip := forum.ClientIP(ctx); ip != "" {
		n, err := s.store.Hit(ctx, "limit:"+l.group+":ip:"+ip, l.window, now)
		if err != nil {
			return err
		}
		if n > l.perIP {
			return forum.E(forum.RateLimited, "error.limit_address", hours)
		}
	}
	return nil
}

// holdReasons says why the spam check held a post, for the review queue.
func holdReasons(text string, words []string) []string {
	var out []string
	for _, w := range matchSpamWords(text, words) {
		out = append(out, "word: "+w)
	}
	if n := countLinks(text); n >= firstPostHoldLinks {
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
	lower := strings.ToLower(text)
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

func isWordRune(r rune) bool { return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

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
