package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"golang.org/x/text/language"
)

// Languages are the UI languages Chorus ships, the first the default.
var Languages = []string{"en", "de"}

var matcher = language.NewMatcher([]language.Tag{language.English, language.German})

// Catalogs holds every UI string per language, loaded once at start-up.
type Catalogs map[string]map[string]string

// LoadCatalogs reads locales/<lang>.json for each language. A key missing
// from a language's catalog falls back to English, and a key missing from
// English is a start-up error found by the tests.
func LoadCatalogs(fsys fs.FS) (Catalogs, error) {
	cs := Catalogs{}
	for _, lang := range Languages {
		b, err := fs.ReadFile(fsys, "locales/"+lang+".json")
		if err != nil {
			return nil, err
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("locales/%s.json: %w", lang, err)
		}
		cs[lang] = m
	}
	return cs, nil
}

// Localizer says things in one language. Pages carry one as .L, so
// templates write {{.L.T "nav.latest"}}; nothing about a request is ever
// stored in the shared templates.
type Localizer struct {
	Lang string
	cat  map[string]string
	en   map[string]string
}

// For returns the Localizer of lang (English when unknown).
func (cs Catalogs) For(lang string) *Localizer {
	if _, ok := cs[lang]; !ok {
		lang = "en"
	}
	return &Localizer{Lang: lang, cat: cs[lang], en: cs["en"]}
}

// T returns the string for key with args filled in. An unknown key comes
// back as the key itself, so a gap shows up on the page and in tests.
func (l *Localizer) T(key string, args ...any) string {
	s, ok := l.cat[key]
	if !ok {
		if s, ok = l.en[key]; !ok {
			return key
		}
	}
	if len(args) == 0 || !strings.Contains(s, "%") {
		return s // a plural form such as "answer" need not show the count
	}
	return fmt.Sprintf(s, args...)
}

// N is T for counted things: it picks key.one or key.other by n and passes
// n as the first argument.
func (l *Localizer) N(key string, n int, args ...any) string {
	form := ".other"
	if n == 1 {
		form = ".one"
	}
	return l.T(key+form, append([]any{n}, args...)...)
}

// Error says an error in the person's language. Internal errors say only
// that something went wrong; their detail stays in the log.
func (l *Localizer) Error(err error) string {
	e := forum.AsError(err)
	if e.Kind == forum.Internal && e.Code != "error.disk_full" && e.Code != "error.busy" {
		return l.T("error.internal")
	}
	msg := l.T(e.Code, e.Args...)
	if e.Field != "" {
		msg = l.T("field."+e.Field) + ": " + msg
	}
	return msg
}

// Ago says how long ago t was, roughly, as forums do.
func (l *Localizer) Ago(t time.Time) string {
	return l.T("time.ago", l.Duration(time.Since(t)))
}

// Duration says a length of time in the largest whole unit.
func (l *Localizer) Duration(d time.Duration) string {
	switch {
	case d < time.Minute:
		return l.T("time.moments")
	case d < time.Hour:
		return l.N("time.minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return l.N("time.hours", int(d.Hours()))
	case d < 60*24*time.Hour:
		return l.N("time.days", int(d.Hours()/24))
	}
	return l.N("time.months", int(d.Hours()/24/30))
}

// Date formats a time for a title attribute.
func (l *Localizer) Date(t time.Time) string {
	if l.Lang == "de" {
		return t.Local().Format("02.01.2006, 15:04")
	}
	return t.Local().Format("Jan 2, 2006, 15:04")
}

// chooseLanguage picks the UI language: the account's choice, then the
// guest's cookie, then the browser's Accept-Language, then English.
func chooseLanguage(u *forum.User, r *http.Request) string {
	if u != nil && u.Language != "" {
		return u.Language
	}
	if c, err := r.Cookie(langCookie); err == nil {
		for _, l := range Languages {
			if c.Value == l {
				return l
			}
		}
	}
	if h := r.Header.Get("Accept-Language"); h != "" && len(h) < 512 {
		tags, _, err := language.ParseAcceptLanguage(h)
		if err == nil && len(tags) > 0 {
			_, i, conf := matcher.Match(tags...)
			if conf > language.No {
				return Languages[i]
			}
		}
	}
	return "en"
}
