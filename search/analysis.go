package search

import (
	"bufio"
	"crypto/sha256"
	_ "embed" // the shipped compound dictionary
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	gounicode "unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// mappingSchema changes whenever the document layout or the analysis
// changes in code; together with the dictionary it makes the mapping
// version stored in the index, and a mismatch rebuilds the index.
const mappingSchema = 4

// Languages Chorus analyses; a thread in any other is treated as English.
var languages = []string{"en", "de"}

// Analyzer names in the mapping.
const (
	analyzerDE    = "chorus_de"
	analyzerEN    = en.AnalyzerName
	analyzerSpell = "chorus_spell"
	compoundName  = "chorus_compound"
	stemmerName   = "chorus_de_stem"
	wordsMapName  = "chorus_de_words"
)

//go:embed words/de.txt
var shippedGermanWords string

// ReadWords reads a word list: one word per line, "#" starts a comment.
func ReadWords(r io.Reader) ([]string, error) {
	var out []string
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		if !utf8.ValidString(line) || strings.ContainsAny(line, " \t") {
			return nil, fmt.Errorf("line %d: %q is not one word", n, line)
		}
		out = append(out, line)
	}
	return out, sc.Err()
}

// ShippedWords returns the German compound dictionary that ships with
// Chorus.
func ShippedWords() []string {
	w, err := ReadWords(strings.NewReader(shippedGermanWords))
	if err != nil {
		panic("search: shipped word list: " + err.Error()) // a broken embedded file is a build error
	}
	return w
}

// normalizeGerman folds a word the way the German analyzer does before it
// splits compounds (lower case, ä→a, ß→ss, ae→a...), so dictionary words
// and text meet in the same form.
func normalizeGerman(word string) string {
	ts := analysis.TokenStream{{Term: []byte(strings.ToLower(word))}}
	ts = de.NewGermanNormalizeFilter().Filter(ts)
	return string(ts[0].Term)
}

// minSubword is the shortest dictionary word split out of a compound.
const minSubword = 4

// buildMapping returns the index mapping for a compound dictionary, and
// the version string that identifies it.
func buildMapping(words []string) (*mapping.IndexMappingImpl, string, error) {
	dict := map[string]bool{}
	for _, w := range words {
		if n := normalizeGerman(w); utf8.RuneCountInString(n) >= minSubword {
			dict[n] = true
		}
	}
	tokens := make([]any, 0, len(dict))
	sorted := make([]string, 0, len(dict))
	for w := range dict {
		sorted = append(sorted, w)
	}
	sort.Strings(sorted)
	for _, w := range sorted {
		tokens = append(tokens, w)
	}

	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = analyzerEN
	if err := m.AddCustomTokenMap(wordsMapName, map[string]any{"type": tokenmap.Name, "tokens": tokens}); err != nil {
		return nil, "", err
	}
	if err := m.AddCustomTokenFilter(compoundName, map[string]any{
		"type": compoundName, "dict_token_map": wordsMapName, "min_subword_size": float64(minSubword),
	}); err != nil {
		return nil, "", err
	}
	// German: lower case, stop words, umlaut folding, compounds split by
	// the dictionary, then the light stemmer with the genitive -s taken
	// off first (see germanStemmer).
	if err := m.AddCustomAnalyzer(analyzerDE, map[string]any{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []any{lowercase.Name, de.StopName, de.NormalizeName, compoundName, stemmerName},
	}); err != nil {
		return nil, "", err
	}
	// Spelling: whole words, lower case, for "did you mean" and fuzzy
	// matching, where stems would suggest words nobody writes.
	if err := m.AddCustomAnalyzer(analyzerSpell, map[string]any{
		"type": custom.Name, "tokenizer": unicode.Name, "token_filters": []any{lowercase.Name},
	}); err != nil {
		return nil, "", err
	}

	doc := bleve.NewDocumentStaticMapping()
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, false, false, false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store, f.IncludeTermVectors, f.IncludeInAll = false, false, false
		return f
	}
	for _, lang := range languages {
		a := analyzerFor(lang)
		for _, f := range textFields {
			doc.AddFieldMappingsAt(f+"_"+lang, text(a))
		}
	}
	doc.AddFieldMappingsAt(fieldSpell, text(analyzerSpell))
	codes := text(keyword.Name)
	doc.AddFieldMappingsAt(fieldCodes, codes)
	for _, f := range []string{fieldCategory, fieldTags, fieldLang} {
		k := kw()
		k.DocValues = false // filtered on, never faceted or sorted
		doc.AddFieldMappingsAt(f, k)
	}
	doc.AddFieldMappingsAt(fieldFacet, kw())
	status := kw()
	status.Store = true // read back to lift solved threads in the ranking
	doc.AddFieldMappingsAt(fieldStatus, status)
	created := bleve.NewDateTimeFieldMapping()
	created.Store, created.IncludeInAll = false, false
	doc.AddFieldMappingsAt(fieldCreated, created)
	m.DefaultMapping = doc
	m.StoreDynamic, m.IndexDynamic, m.DocValuesDynamic = false, false, false

	if err := m.Validate(); err != nil {
		return nil, "", err
	}
	js, err := json.Marshal(m)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(js)
	return m, fmt.Sprintf("%d-%s", mappingSchema, hex.EncodeToString(sum[:6])), nil
}

// The fields of a thread document. Text fields exist once per language
// ("title_de", "title_en"); a thread fills those of its own language.
const (
	fieldTitle    = "title"
	fieldBody     = "body"     // the question
	fieldAccepted = "accepted" // the accepted answer
	fieldAnswers  = "answers"  // every other live answer
	fieldSpell    = "spell"    // title and question, unstemmed
	fieldCodes    = "codes"    // error codes, model numbers, versions
	fieldCategory = "category"
	fieldTags     = "tags"
	fieldStatus   = "status"
	fieldLang     = "lang"
	fieldCreated  = "created"
	fieldFacet    = "facet" // every facet value, prefixed: "c:", "t:", "s:", "d:"
)

var textFields = []string{fieldTitle, fieldBody, fieldAccepted, fieldAnswers}

func analyzerFor(lang string) string {
	if lang == "de" {
		return analyzerDE
	}
	return analyzerEN
}

// docLang maps a thread's language to one Chorus analyses.
func docLang(lang string) string {
	if lang == "de" {
		return "de"
	}
	return "en"
}

// compoundFilter splits German compounds into the dictionary words they
// contain: "internetverbindung" stays, and "internet" and "verbindung" join
// it at the same position. Unlike Bleve's dict_compound it does not repeat
// a word that is itself in the dictionary (that would count it twice) and
// it keeps byte offsets right for words with umlauts.
type compoundFilter struct {
	dict analysis.TokenMap
	min  int
}

func (f *compoundFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input))
	for _, tok := range input {
		out = append(out, tok)
		term := string(tok.Term)
		// Too short to hold two words, or too long to be one (a pasted
		// hash, say): nothing to split, and it bounds the work.
		if utf8.RuneCountInString(term) < 2*f.min || len(term) > maxCompoundBytes {
			continue
		}
		for i := 0; i < len(term); {
			for j := i + 1; j <= len(term); j++ {
				if j < len(term) && !utf8.RuneStart(term[j]) || i == 0 && j == len(term) {
					continue
				}
				sub := term[i:j]
				if utf8.RuneCountInString(sub) < f.min {
					continue
				}
				if _, ok := f.dict[sub]; ok {
					out = append(out, &analysis.Token{
						Term: []byte(sub), Position: tok.Position, Start: tok.Start, End: tok.End,
						Type: tok.Type, KeyWord: tok.KeyWord,
					})
				}
			}
			_, size := utf8.DecodeRuneInString(term[i:])
			i += size
		}
	}
	return out
}

// maxCompoundBytes is the longest word the compound filter looks into.
const maxCompoundBytes = 64

// germanStemmer is Bleve's light German stemmer (Savoy's), which keeps
// related words apart better than Snowball ("Verbindung" stays apart from
// "verbindlich", which Snowball reduces to the same "verbind"), with one
// fix: the genitive and plural -s of longer words goes first, so
// "Fehlers", "Druckers", "Routers" and "Kontos" meet "Fehler", "Drucker",
// "Router" and "Konto". Words on -ss, -us and -is keep their s ("Status",
// "Anschluss", "Basis").
type germanStemmer struct{ light analysis.TokenFilter }

func (g germanStemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		t := tok.Term
		if n := len(t); n >= 6 && t[n-1] == 's' && t[n-2] != 's' && t[n-2] != 'u' && t[n-2] != 'i' {
			tok.Term = t[:n-1]
		}
	}
	return g.light.Filter(input)
}

func init() {
	err := registry.RegisterTokenFilter(stemmerName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return germanStemmer{light: de.NewGermanLightStemmerFilter()}, nil
	})
	if err != nil {
		panic(err) // registering twice is a programming error
	}
	err = registry.RegisterTokenFilter(compoundName, func(config map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
		name, _ := config["dict_token_map"].(string)
		dict, err := cache.TokenMapNamed(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", compoundName, err)
		}
		min := minSubword
		if v, ok := config["min_subword_size"].(float64); ok {
			min = int(v)
		}
		return &compoundFilter{dict: dict, min: min}, nil
	})
	if err != nil {
		panic(err) // registering twice is a programming error
	}
}

// Patterns that pick codes out of text: hex codes, SCREAMING_SNAKE error
// names, letter-digit codes like E404 or PPP-0815, numbers of four or more
// digits (models, postcodes), versions, and numbers after "error"/"Fehler".
var (
	codePatterns  = regexp.MustCompile(`\b0x[0-9A-Fa-f]{4,}\b|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Za-z]{1,5}-?\d{2,6}\b|\b\d{4,}\b|\b\d+\.\d+(?:\.\d+)+\b|\b\d+\.\d{2,}\b`)
	codeAfterWord = regexp.MustCompile(`(?i)\b(?:error|fehler|code|fehlercode|status)\s*:?\s*(\d{3,})\b`)
)

// extractCodes returns the distinct codes in text, lower case.
func extractCodes(text string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(c string) {
		c = strings.ToLower(c)
		if !seen[c] && len(c) <= 64 {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, c := range codePatterns.FindAllString(text, 50) {
		add(c)
	}
	for _, m := range codeAfterWord.FindAllStringSubmatch(text, 20) {
		add(m[1])
	}
	return out
}

// Markdown syntax that is noise in an index: images, link targets, HTML
// tags, emphasis and heading marks. What a person reads stays.
var (
	mdImage     = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink      = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdAutolink  = regexp.MustCompile(`<(https?://[^>]+)>`)
	mdTag       = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	mdMarks     = regexp.MustCompile("(?m)^\\s{0,3}(?:#{1,6}|>+|[-*+]|\\d+[.)])\\s+|[*~`]{1,3}")
	mdFenceLine = regexp.MustCompile("(?m)^\\s*(?:```|~~~).*$")
)

// plainText turns Markdown into the words a reader sees.
func plainText(md string) string {
	s := mdFenceLine.ReplaceAllString(md, " ")
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdTag.ReplaceAllString(s, " ")
	s = mdMarks.ReplaceAllString(s, "")
	return edgeUnderscores(s)
}

// edgeUnderscores drops the underscores at the edges of words (emphasis,
// "_this_") and keeps those inside one, as CommonMark does: error names
// like DNS_PROBE_FINISHED_NXDOMAIN and settings like max_retries stay
// whole, for the codes field and for the snippets people read.
func edgeUnderscores(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	word := func(r rune) bool { return gounicode.IsLetter(r) || gounicode.IsDigit(r) }
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] != '_' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '_' {
			j++
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[j:])
		if i > 0 && j < len(s) && word(before) && word(after) {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// analyze runs text through a named analyzer of the mapping.
func analyze(m mapping.IndexMapping, analyzer, text string) analysis.TokenStream {
	a := m.AnalyzerNamed(analyzer)
	if a == nil {
		return nil
	}
	return a.Analyze([]byte(text))
}

// words splits text into words as the index's tokenizer does, with their
// byte offsets.
func words(text string) analysis.TokenStream {
	return unicode.NewUnicodeTokenizer().Tokenize([]byte(text))
}

// termCounts analyses text and counts each term.
func termCounts(m mapping.IndexMapping, analyzer, text string) map[string]int {
	out := map[string]int{}
	for _, t := range analyze(m, analyzer, text) {
		out[string(t.Term)]++
	}
	return out
}
