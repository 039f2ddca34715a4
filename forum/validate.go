package forum

import (
	_ "embed"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Limits on what people may write. Titles follow Stack Exchange (15 to 150
// characters); bodies follow Discourse's 32,000 characters, which also bounds
// the cost of rendering Markdown.
const (
	TitleMin    = 15
	TitleMax    = 150
	BodyMin     = 20
	BodyMax     = 32000
	CommentMin  = 2
	CommentMax  = 2000
	TagsMax     = 5
	TagMin      = 2
	TagMax      = 30
	UsernameMin = 3
	UsernameMax = 30
	PasswordMin = 12
	// PasswordMinStaff is the minimum for moderators, staff and admins,
	// whose accounts are worth more to an attacker (Discourse: 15 too).
	PasswordMinStaff = 15
	PasswordMax      = 256
	EmailMax         = 254
	CategoryMax      = 60
	DescriptionMax   = 500
)

var (
	usernamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	slugPattern     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// cleanText checks a piece of user text for what no field may hold: invalid
// UTF-8 and NUL. singleLine also refuses every other control character.
func cleanText(field, s string, singleLine bool) (string, error) {
	if !utf8.ValidString(s) {
		return "", FieldError(field, "error.invalid_utf8")
	}
	for _, r := range s {
		if r == 0 || (singleLine && unicode.IsControl(r)) || (!singleLine && unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
			return "", FieldError(field, "error.control_chars")
		}
	}
	return strings.TrimSpace(s), nil
}

func lengthBetween(field, s string, min, max int) error {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return FieldError(field, "error.required")
	case n < min:
		return FieldError(field, "error.too_short", min)
	case n > max:
		return FieldError(field, "error.too_long", max)
	}
	return nil
}

// ValidateTitle cleans and checks a thread title.
func ValidateTitle(s string) (string, error) {
	s, err := cleanText("title", s, true)
	if err != nil {
		return "", err
	}
	s = strings.Join(strings.Fields(s), " ")
	return s, lengthBetween("title", s, TitleMin, TitleMax)
}

// ValidateBody cleans and checks the Markdown source of a post.
func ValidateBody(s string) (string, error) {
	s, err := cleanText("body", s, false)
	if err != nil {
		return "", err
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return s, lengthBetween("body", s, BodyMin, BodyMax)
}

// ValidateComment cleans and checks a comment.
func ValidateComment(s string) (string, error) {
	s, err := cleanText("comment", s, false)
	if err != nil {
		return "", err
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return s, lengthBetween("comment", s, CommentMin, CommentMax)
}

// ValidateTags normalises tags (lower case, hyphens for spaces), drops
// duplicates and checks each. Letters of any script and digits are allowed,
// so "störung" is a tag.
func ValidateTags(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, raw := range in {
		t, err := cleanText("tags", raw, true)
		if err != nil {
			return nil, err
		}
		t = strings.ToLower(strings.Join(strings.Fields(t), "-"))
		if t == "" || seen[t] {
			continue
		}
		if n := utf8.RuneCountInString(t); n < TagMin || n > TagMax {
			return nil, FieldError("tags", "error.tag_length", t, TagMin, TagMax)
		}
		for _, r := range t {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '.' && r != '+' {
				return nil, FieldError("tags", "error.tag_chars", t)
			}
		}
		seen[t] = true
		out = append(out, t)
	}
	if len(out) > TagsMax {
		return nil, FieldError("tags", "error.too_many_tags", TagsMax)
	}
	return out, nil
}

// SplitTags reads tags as people type them: separated by commas or spaces.
func SplitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}

// ValidateUsername checks a new account's name.
func ValidateUsername(s string) (string, error) {
	s, err := cleanText("username", s, true)
	if err != nil {
		return "", err
	}
	if err := lengthBetween("username", s, UsernameMin, UsernameMax); err != nil {
		return "", err
	}
	if !usernamePattern.MatchString(s) {
		return "", FieldError("username", "error.username_chars")
	}
	return s, nil
}

// ValidateEmail checks an address the way a mail server would accept it.
func ValidateEmail(s string) (string, error) {
	s, err := cleanText("email", s, true)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", FieldError("email", "error.required")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > EmailMax || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") {
		return "", FieldError("email", "error.email_invalid")
	}
	return s, nil
}

// ValidatePassword checks a new password for an account with the given
// role and name: long enough for the role, not too long, and not one of the
// passwords that attackers try first. It is not trimmed: spaces are part of
// a passphrase.
func ValidatePassword(s string, role Role, username string) error {
	if !utf8.ValidString(s) {
		return FieldError("password", "error.invalid_utf8")
	}
	min := PasswordMin
	if role >= RoleModerator {
		min = PasswordMinStaff
	}
	n := utf8.RuneCountInString(s)
	if n < min {
		return FieldError("password", "error.password_short", min)
	}
	if n > PasswordMax {
		return FieldError("password", "error.too_long", PasswordMax)
	}
	if isCommonPassword(s, username) {
		return FieldError("password", "error.password_common")
	}
	return nil
}

// commonPasswords is zxcvbn's list of the 30,000 most common passwords
// (MIT licence, Dropbox), one per line.
//
//go:embed common-passwords.txt
var commonPasswordList string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 30000)
	for _, p := range strings.Split(commonPasswordList, "\n") {
		if p != "" {
			m[p] = true
		}
	}
	return m
})

// isCommonPassword reports whether a password is guessable from a list:
// a common password, one with digits or symbols added at the end
// ("password2024!"), the same character again and again, or the username
// itself with a little decoration.
func isCommonPassword(pw, username string) bool {
	p := strings.ToLower(pw)
	base := strings.TrimRightFunc(p, func(r rune) bool { return !unicode.IsLetter(r) })
	common := commonPasswords()
	if common[p] || (len(base) >= 4 && common[base]) {
		return true
	}
	if u := strings.ToLower(username); len(u) >= 3 && strings.Contains(p, u) && len(p)-len(u) < 6 {
		return true
	}
	for _, r := range p {
		if strings.Trim(p, string(r)) != "" {
			return false
		}
	}
	return true // one character repeated
}

// ValidateLanguage accepts the UI languages Chorus ships, or "" for automatic.
func ValidateLanguage(s string) (string, error) {
	switch s {
	case "", "de", "en":
		return s, nil
	}
	return "", FieldError("language", "error.language_unknown")
}

// CategoryInput is what an admin fills in for a category.
type CategoryInput struct {
	Slug                string
	Name                string
	Description         string
	ResponseTargetHours int
	Position            int
}

// Validate cleans and checks the input in place.
func (in *CategoryInput) Validate() error {
	var err error
	if in.Name, err = cleanText("name", in.Name, true); err != nil {
		return err
	}
	if err := lengthBetween("name", in.Name, 2, CategoryMax); err != nil {
		return err
	}
	if in.Slug, err = cleanText("slug", in.Slug, true); err != nil {
		return err
	}
	if in.Slug == "" {
		in.Slug = Slugify(in.Name)
	}
	if !slugPattern.MatchString(in.Slug) || len(in.Slug) > CategoryMax {
		return FieldError("slug", "error.slug_invalid")
	}
	if in.Description, err = cleanText("description", in.Description, false); err != nil {
		return err
	}
	if len([]rune(in.Description)) > DescriptionMax {
		return FieldError("description", "error.too_long", DescriptionMax)
	}
	if in.ResponseTargetHours < 1 || in.ResponseTargetHours > 24*30 {
		return FieldError("response_target_hours", "error.target_range", 1, 24*30)
	}
	return nil
}

// Slugify makes a URL-friendly form of a title: lower case ASCII letters and
// digits separated by hyphens, German umlauts spelled out.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		var add string
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			add = string(r)
		case r == 'ä':
			add = "ae"
		case r == 'ö':
			add = "oe"
		case r == 'ü':
			add = "ue"
		case r == 'ß':
			add = "ss"
		case r == 'é' || r == 'è' || r == 'ê':
			add = "e"
		default:
			dash = b.Len() > 0
			continue
		}
		if dash {
			b.WriteByte('-')
			dash = false
		}
		b.WriteString(add)
		if b.Len() >= 80 {
			break
		}
	}
	if b.Len() == 0 {
		return "thread"
	}
	return b.String()
}

// ReasonMax is the longest reason a moderator or flagger may give.
const ReasonMax = 500

// ValidateReason cleans and checks a moderator's reason or a flag's note;
// required says whether it may be empty.
func ValidateReason(field, s string, required bool) (string, error) {
	s, err := cleanText(field, s, false)
	if err != nil {
		return "", err
	}
	if s == "" && !required {
		return "", nil
	}
	return s, lengthBetween(field, s, 1, ReasonMax)
}
