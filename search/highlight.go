package search

import (
	"strings"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum"
)

// snippetBytes is about how long a snippet is: two lines of a result.
const snippetBytes = 240

// highlightBytes is how much of a text Highlight analyses: any post within
// the body limit (32,000 characters of up to 4 bytes), and a bound for
// anything else.
const highlightBytes = 128 << 10

// cutAt returns the largest index <= n that starts a rune in s.
func cutAt(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// Highlight cuts the piece of text (Markdown of a post loaded from the
// database, never from the index) that holds most of the query's words,
// and marks them. Words match as the index matches them, through the same
// analysis: "Verbindung" marks "Internetverbindung", "routers" marks
// "router". With no match it returns the start of the text.
func (ix *Index) Highlight(queryText, lang, text string) forum.Snippet {
	plain := strings.Join(strings.Fields(plainText(text)), " ")
	if plain == "" {
		return forum.Snippet{}
	}
	analyzer := analyzerFor(docLang(lang))
	want := map[string]bool{}
	if strings.TrimSpace(queryText) != "" {
		for _, t := range analyze(ix.mapping(), analyzer, queryText) {
			want[string(t.Term)] = true
		}
	}
	type span struct {
		start, end int
		term       string
	}
	// Analysed tokens keep the byte offsets of their word, decompounded
	// parts included, so a match marks the whole word ("Internetverbindung"
	// for "Verbindung"), in one pass of the analyzer.
	var marks []span
	if len(want) > 0 {
		scan := plain[:cutAt(plain, highlightBytes)]
		lastPos := -1
		for _, t := range analyze(ix.mapping(), analyzer, scan) {
			if want[string(t.Term)] && t.Position != lastPos {
				marks = append(marks, span{t.Start, t.End, string(t.Term)})
				lastPos = t.Position
			}
		}
	}

	// The window with the most distinct matched terms, starting a little
	// before a match so the reader sees what leads up to it.
	from := 0
	if len(marks) > 0 {
		bestCount := -1
		for i, m := range marks {
			distinct := map[string]bool{}
			for _, n := range marks[i:] {
				if n.end-m.start > snippetBytes {
					break
				}
				distinct[n.term] = true
			}
			if len(distinct) > bestCount {
				bestCount, from = len(distinct), max(0, m.start-40)
			}
		}
	}
	from = wordStart(plain, from)
	to := wordEnd(plain, min(len(plain), from+snippetBytes))

	var sn forum.Snippet
	add := func(s string, match bool) {
		if s != "" {
			sn.Parts = append(sn.Parts, forum.SnippetPart{Text: s, Match: match})
		}
	}
	if from > 0 {
		add("… ", false)
	}
	pos := from
	for _, m := range marks {
		if m.start < from || m.end > to {
			continue
		}
		add(plain[pos:m.start], false)
		add(plain[m.start:m.end], true)
		pos = m.end
	}
	add(plain[pos:to], false)
	if to < len(plain) {
		add(" …", false)
	}
	return sn
}

// maxWordShift is how far a cut moves to fall between words. A longer
// word (a pasted hash, a log line without spaces) is cut inside, at a
// character: else the snippet would grow by the whole word and lose the
// match it was cut for.
const maxWordShift = 30

// wordStart moves i back to the start of the word it is in.
func wordStart(s string, i int) int {
	if i <= 0 {
		return 0
	}
	lo := max(0, i-maxWordShift)
	if j := strings.LastIndexByte(s[lo:i], ' '); j >= 0 {
		return lo + j + 1
	}
	if lo == 0 {
		return 0
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// wordEnd moves i forward to the end of the word it is in.
func wordEnd(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	hi := min(len(s), i+maxWordShift)
	if j := strings.IndexByte(s[i:hi], ' '); j >= 0 {
		return i + j
	}
	if hi == len(s) {
		return len(s)
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}
