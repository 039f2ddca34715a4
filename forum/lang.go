package forum

import (
	"strings"
	"unicode"
)

// Stop words that are frequent in one language and rare in the other. Enough
// to tell a German support question from an English one; search refines
// analysis per language from this.
var (
	germanWords = set("der", "die", "das", "und", "ist", "nicht", "ich", "mit", "ein", "eine", "auf", "seit",
		"bei", "mein", "meine", "mir", "auch", "wie", "kann", "habe", "wird", "geht", "noch", "oder", "wenn",
		"aber", "schon", "funktioniert", "keine", "kein", "nach", "für", "über", "sich", "dem", "den", "des",
		"zu", "im", "es", "hat", "sind", "was", "bitte", "danke", "hallo", "wieder", "immer")
	englishWords = set("the", "and", "is", "not", "with", "my", "on", "since", "for", "it", "have", "has",
		"can", "how", "when", "but", "does", "doesn't", "don't", "what", "of", "to", "in", "this", "that",
		"are", "was", "please", "thanks", "hello", "again", "any", "there", "after", "from", "working", "i")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// DetectLanguage guesses whether text is German or English, returning
// fallback when it cannot tell.
func DetectLanguage(text, fallback string) string {
	de, en := 0, 0
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '\''
	}) {
		if germanWords[w] {
			de++
		}
		if englishWords[w] {
			en++
		}
		if strings.ContainsAny(w, "äöüß") {
			de++
		}
	}
	switch {
	case de > en:
		return "de"
	case en > de:
		return "en"
	}
	if fallback == "" {
		return "en"
	}
	return fallback
}
