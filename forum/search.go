package forum

import (
	"context"

	"github.com/chorus-forum/chorus/forum/cluster"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// SearchIndex is what the Service needs from a full-text index. The search
// package implements it on Bleve. The index only finds IDs: the Service
// loads every hit from the store and drops what readers may not see, so a
// stale index never shows a hidden or deleted post.
type SearchIndex interface {
	// Search finds threads for a query, with facet counts.
	Search(ctx context.Context, q SearchQuery) (*SearchHits, error)
	// Similar finds candidate threads that resemble a draft, best first.
	Similar(ctx context.Context, d Draft, limit int) ([]SimilarHit, error)
	// Rerank scores candidates loaded from the store against the draft
	// (SimilarDoc.Similarity) and returns them best first.
	Rerank(d Draft, docs []SimilarDoc) []SimilarDoc
	// Highlight cuts a short snippet out of text around the words that
	// match query, analysed as text in lang.
	Highlight(query, lang, text string) Snippet
	// SetWords replaces the extra compound words, reporting whether the
	// index must be rebuilt for them (it then is, in the background).
	SetWords(words []string) (bool, error)
	// ReportTerms analyses a report for cluster detection, in one
	// analysis for German and English.
	ReportTerms(title, body string) cluster.Terms
}

// SearchQuery is one search as a person asked for it.
type SearchQuery struct {
	Text     string
	Category string // category slug
	Tag      string
	Status   string // "", "open", "solved" or "unanswered"
	Date     string // "", "day", "week", "month" or "year": created within
	Sort     string // "relevance" (default with text) or "newest"
	Page     int    // 1-based
	PerPage  int
	// Lang is the reader's language; its fields weigh a little more.
	Lang string
	// Now is the time the date filter counts back from.
	Now time.Time
	// Relax is set by the Service when it retries a query whose words did
	// not all match: then any of them may.
	Relax bool
	// Fuzzy asks for spelling-tolerant matching, the last resort.
	Fuzzy bool
}

// SearchHits is what the index found: thread IDs best first, the total and
// the facet counts.
type SearchHits struct {
	IDs    []int64
	Total  int
	Facets SearchFacets
	// Suggestion is a respelling of the query that the index knows better,
	// for "did you mean"; empty when none.
	Suggestion string
}

// SearchFacets counts the hits per value of each filter.
type SearchFacets struct {
	Category []FacetCount
	Tag      []FacetCount
	Status   []FacetCount
	Date     []FacetCount
}

// FacetCount is one value of a facet and how many hits have it.
type FacetCount struct {
	Value string
	Count int
}

// SearchResult is one page of search results as the reader sees them.
type SearchResult struct {
	Query SearchQuery
	Hits  []SearchHit
	Total int
	// Facets are the counts for the filter sidebar.
	Facets SearchFacets
	// Mode says how the words matched: "all", "some" (no thread had all of
	// them) or "fuzzy" (only similar spellings matched).
	Mode string
	// Suggestion is "did you mean" text; empty when there is none.
	Suggestion string
	// KnownIssues are the open known issues among the first hits or
	// linked to them, shown first.
	KnownIssues []KnownIssue
}

// HasNext reports whether another page follows.
func (r SearchResult) HasNext() bool { return r.Query.Page*r.Query.PerPage < r.Total }

// Pages is the number of result pages.
func (r SearchResult) Pages() int {
	if r.Query.PerPage == 0 {
		return 0
	}
	return min((r.Total+r.Query.PerPage-1)/r.Query.PerPage, maxSearchPage)
}

// SearchHit is one thread in the results with its snippets.
type SearchHit struct {
	Thread   Thread
	Snippets []Snippet
}

// Snippet is a short piece of a post with the matching words marked.
type Snippet struct {
	PostID   int64
	IsAnswer bool
	Accepted bool
	Parts    []SnippetPart
}

// SnippetPart is a run of snippet text; Match marks a matching word.
type SnippetPart struct {
	Text  string
	Match bool
}

// Empty reports whether the snippet has no text.
func (s Snippet) Empty() bool { return len(s.Parts) == 0 }

// Draft is a question being written (or an existing one), for similar
// questions and possible duplicates.
type Draft struct {
	Title string
	Body  string
	Lang  string // "de" or "en"; detected from the text when empty
	// ExcludeID leaves one thread out: the one the draft is.
	ExcludeID int64
}

// SimilarHit is a candidate from the index with its index score.
type SimilarHit struct {
	ID    int64
	Score float64
}

// SimilarDoc is a candidate with its text, scored by Rerank.
type SimilarDoc struct {
	Thread     Thread
	Body       string // the question's Markdown
	IndexScore float64
	// Similarity is Rerank's combined score, 0 to about 1.
	Similarity float64
	// TitleSimilarity is the cosine of the two titles' term vectors.
	TitleSimilarity float64
}

// PostText is the searchable text of one live post.
type PostText struct {
	PostID     int64
	ThreadID   int64
	IsQuestion bool
	BodyMD     string
}

// Limits of search input. A query longer than maxQueryLen is refused, not
// cut, so nobody wonders why the end of their query was ignored.
const (
	maxQueryLen   = 500
	maxSearchPage = 50
	searchPerPage = 20
	// similarCandidates is how many threads the index proposes for the
	// reranker to score; similarShown is how many the ask page shows.
	similarCandidates = 30
	// snippetAnswers is how many answers besides the accepted one a
	// result looks into for a snippet.
	snippetAnswers = 3
	similarShown   = 5
	// minSimilarity is the least combined similarity shown as "similar"
	// (chosen on the SemEval-2016 dev set, see docs/performance.md):
	// below it a suggestion is more noise than help.
	minSimilarity = 0.15
)

// SetSearchIndex gives the Service its search index. Without one, search
// answers that it is unavailable.
func (s *Service) SetSearchIndex(idx SearchIndex) { s.search = idx }

// validateQueryText checks free text typed into search or the ask form.
func validateQueryText(field, text string, maxLen int) (string, error) {
	if !utf8.ValidString(text) {
		return "", FieldError(field, "error.invalid_utf8")
	}
	text = strings.Map(func(r rune) rune {
		// Control characters become spaces: a pasted tab or newline is
		// harmless in a query, and NUL never reaches the index.
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, text)
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) > maxLen {
		return "", FieldError(field, "error.too_long", maxLen)
	}
	return text, nil
}

// Search runs a search for anyone, guests included. Only visible threads
// come back, whatever the index holds.
func (s *Service) Search(ctx context.Context, actor *User, q SearchQuery) (*SearchResult, error) {
	if s.search == nil {
		return nil, E(Unavailable, "error.search_unavailable")
	}
	var err error
	if q.Text, err = validateQueryText("q", q.Text, maxQueryLen); err != nil {
		return nil, err
	}
	switch q.Status {
	case "", "open", "solved", "unanswered":
	default:
		return nil, FieldError("status", "error.filter_invalid")
	}
	switch q.Date {
	case "", "day", "week", "month", "year":
	default:
		return nil, FieldError("date", "error.filter_invalid")
	}
	switch q.Sort {
	case "":
		q.Sort = "relevance"
	case "relevance", "newest":
	default:
		return nil, FieldError("sort", "error.filter_invalid")
	}
	if q.Text == "" {
		q.Sort = "newest" // nothing to be relevant to
	}
	if q.Page < 1 {
		q.Page = 1
	}
	if q.Page > maxSearchPage {
		return nil, FieldError("page", "error.search_page", maxSearchPage)
	}
	if q.PerPage < 1 || q.PerPage > 50 {
		q.PerPage = searchPerPage
	}
	if q.Tag, err = validateQueryText("tag", q.Tag, TagMax); err != nil {
		return nil, err
	}
	if q.Category, err = validateQueryText("category", q.Category, 60); err != nil {
		return nil, err
	}
	q.Now = s.now()

	res := &SearchResult{Query: q, Mode: "all"}
	hits, err := s.search.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	// No thread has every word: let any of them match, then forgive
	// spelling, and say which happened.
	if hits.Total == 0 && q.Text != "" && strings.ContainsAny(q.Text, " -/") {
		relaxed := q
		relaxed.Relax = true
		if h, err := s.search.Search(ctx, relaxed); err == nil && h.Total > 0 {
			hits, res.Mode = h, "some"
		} else if err != nil {
			return nil, err
		}
	}
	if hits.Total == 0 && q.Text != "" {
		fuzzy := q
		fuzzy.Relax, fuzzy.Fuzzy = true, true
		h, err := s.search.Search(ctx, fuzzy)
		if err != nil {
			return nil, err
		}
		if h.Total > 0 {
			hits, res.Mode = h, "fuzzy"
		}
		res.Suggestion = h.Suggestion
	}
	res.Total, res.Facets = hits.Total, hits.Facets
	if len(hits.IDs) == 0 {
		return res, nil
	}

	threads, err := s.store.ThreadsByIDs(ctx, hits.IDs)
	if err != nil {
		return nil, err
	}
	texts, err := s.store.PostTexts(ctx, hits.IDs)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Thread, len(threads))
	for _, t := range threads {
		byID[t.ID] = t
	}
	for _, id := range hits.IDs {
		t, ok := byID[id]
		if !ok || !t.Visible() {
			// The index is behind the database and will catch up; until
			// then the count should not promise what nobody sees.
			res.Total = max(0, res.Total-1)
			continue
		}
		res.Hits = append(res.Hits, SearchHit{Thread: t, Snippets: s.snippets(q.Text, t, texts[id])})
	}
	if q.Page == 1 && q.Text != "" {
		// A matching open known issue goes above the results.
		docs := make([]SimilarDoc, 0, min(len(res.Hits), 10))
		for _, h := range res.Hits[:min(len(res.Hits), 10)] {
			docs = append(docs, SimilarDoc{Thread: h.Thread})
		}
		if res.KnownIssues, err = s.knownIssuesAmong(ctx, docs); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// snippets picks what a result shows: the best piece of the question, and
// of the accepted answer (or else the best matching answer).
func (s *Service) snippets(query string, t Thread, posts []PostText) []Snippet {
	var out []Snippet
	var best Snippet
	bestMarks, others := 0, 0
	for _, p := range posts {
		accepted := p.PostID == t.AcceptedPostID && t.AcceptedPostID != 0
		if !p.IsQuestion && !accepted {
			// Analysing text is most of a results page's cost: look at
			// the first few other answers only, the accepted one always.
			if others == snippetAnswers {
				continue
			}
			others++
		}
		sn := s.search.Highlight(query, t.Lang, p.BodyMD)
		sn.PostID, sn.IsAnswer, sn.Accepted = p.PostID, !p.IsQuestion, p.PostID == t.AcceptedPostID && t.AcceptedPostID != 0
		if sn.Empty() {
			continue
		}
		if p.IsQuestion {
			out = append(out, sn)
			continue
		}
		marks := sn.Marks()
		if sn.Accepted && marks > 0 {
			marks += 1000 // an accepted answer that matches always wins
		}
		if marks > bestMarks {
			best, bestMarks = sn, marks
		}
	}
	if bestMarks > 0 {
		out = append(out, best)
	}
	return out
}

// questionText is the Markdown of the question among a thread's posts.
func questionText(posts []PostText) string {
	for _, p := range posts {
		if p.IsQuestion {
			return p.BodyMD
		}
	}
	return ""
}

// Marks counts the matching words in a snippet.
func (s Snippet) Marks() int {
	n := 0
	for _, p := range s.Parts {
		if p.Match {
			n++
		}
	}
	return n
}

// SimilarResult is what the ask page shows while someone types: open
// known issues that match come first ("Is it this? Say me too and get
// notified"), then the similar threads.
type SimilarResult struct {
	KnownIssues []KnownIssue
	Threads     []SimilarDoc
}

// Similar finds up to five visible threads like a draft, solved ones
// first. A draft too short to say anything finds nothing rather than noise.
func (s *Service) Similar(ctx context.Context, actor *User, d Draft) (*SimilarResult, error) {
	if s.search == nil {
		return nil, E(Unavailable, "error.search_unavailable")
	}
	var err error
	if d.Title, err = validateQueryText("title", d.Title, TitleMax); err != nil {
		return nil, err
	}
	if d.Body, err = validateQueryText("body", d.Body, BodyMax); err != nil {
		return nil, err
	}
	docs, err := s.similar(ctx, d, similarShown)
	if err != nil {
		return nil, err
	}
	// Solved first: an existing solution is what the asker came for.
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].Thread.Solved() && !docs[j].Thread.Solved() })
	known, err := s.knownIssuesAmong(ctx, docs)
	if err != nil {
		return nil, err
	}
	return &SimilarResult{KnownIssues: known, Threads: docs}, nil
}

// knownIssuesAmong returns the open known issues the threads are, or are
// linked to, once each, in the threads' order.
func (s *Service) knownIssuesAmong(ctx context.Context, docs []SimilarDoc) ([]KnownIssue, error) {
	var out []KnownIssue
	seen := map[int64]bool{}
	for _, d := range docs {
		k, err := s.store.KnownIssue(ctx, d.Thread.ID)
		if ErrorKind(err) == NotFound {
			k, err = s.store.LinkedKnownIssue(ctx, d.Thread.ID)
		}
		if ErrorKind(err) == NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		if k.Open() && k.Thread.Visible() && !seen[k.Thread.ID] {
			seen[k.Thread.ID] = true
			out = append(out, *k)
		}
	}
	return out, nil
}

// PossibleDuplicates lists threads that look like thread id, for
// moderators, best first.
func (s *Service) PossibleDuplicates(ctx context.Context, actor *User, id int64) ([]SimilarDoc, error) {
	if !CanModerate(actor) {
		return nil, denied(actor)
	}
	if s.search == nil {
		return nil, E(Unavailable, "error.search_unavailable")
	}
	t, err := s.visibleThread(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	texts, err := s.store.PostTexts(ctx, []int64{t.ID})
	if err != nil {
		return nil, err
	}
	return s.duplicatesOf(ctx, t, questionText(texts[t.ID]))
}

// PossibleDuplicatesOf is PossibleDuplicates for a thread page that has
// loaded the thread and its question already.
func (s *Service) PossibleDuplicatesOf(ctx context.Context, actor *User, v *ThreadView) ([]SimilarDoc, error) {
	if !CanModerate(actor) {
		return nil, denied(actor)
	}
	if s.search == nil {
		return nil, E(Unavailable, "error.search_unavailable")
	}
	question := v.Question.BodyMD
	if v.Question.Deleted() {
		question = "" // as PostTexts, which leaves deleted posts out
	}
	return s.duplicatesOf(ctx, &v.Thread, question)
}

func (s *Service) duplicatesOf(ctx context.Context, t *Thread, question string) ([]SimilarDoc, error) {
	return s.similar(ctx, Draft{Title: t.Title, Body: question, Lang: t.Lang, ExcludeID: t.ID}, similarShown)
}

func (s *Service) similar(ctx context.Context, d Draft, limit int) ([]SimilarDoc, error) {
	if len(strings.Fields(d.Title+" "+d.Body)) < 2 {
		return []SimilarDoc{}, nil
	}
	if d.Lang == "" {
		d.Lang = DetectLanguage(d.Title+" "+d.Body, "")
	}
	hits, err := s.search.Similar(ctx, d, similarCandidates)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(hits))
	score := make(map[int64]float64, len(hits))
	for _, h := range hits {
		if h.ID != d.ExcludeID {
			ids = append(ids, h.ID)
			score[h.ID] = h.Score
		}
	}
	if len(ids) == 0 {
		return []SimilarDoc{}, nil
	}
	threads, err := s.store.ThreadsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	texts, err := s.store.PostTexts(ctx, ids)
	if err != nil {
		return nil, err
	}
	docs := make([]SimilarDoc, 0, len(threads))
	for _, t := range threads {
		if !t.Visible() {
			continue
		}
		docs = append(docs, SimilarDoc{Thread: t, Body: questionText(texts[t.ID]), IndexScore: score[t.ID]})
	}
	docs = s.search.Rerank(d, docs)
	out := []SimilarDoc{}
	for _, doc := range docs {
		if doc.Similarity >= minSimilarity && len(out) < limit {
			out = append(out, doc)
		}
	}
	return out, nil
}

// Limits of the admins' compound word list.
const (
	searchWordMin   = 4 // shorter parts split too much
	searchWordMax   = 40
	searchWordsMax  = 2000
	searchWordField = "words"
)

// SearchWords returns the admins' extra compound words (admins only).
func (s *Service) SearchWords(ctx context.Context, actor *User) ([]string, error) {
	if !CanManageCategories(actor) {
		return nil, denied(actor)
	}
	return s.store.SearchWords(ctx)
}

// SetSearchWords replaces the admins' extra compound words from text, one
// word per line, and has the index rebuilt when they changed. It returns
// the words as stored and whether a rebuild started.
func (s *Service) SetSearchWords(ctx context.Context, actor *User, text string) ([]string, bool, error) {
	if !CanManageCategories(actor) {
		return nil, false, denied(actor)
	}
	words, err := ParseSearchWords(text)
	if err != nil {
		return nil, false, err
	}
	old, err := s.store.SearchWords(ctx)
	if err != nil {
		return nil, false, err
	}
	audit := &AuditEntry{Actor: refOf(actor), Action: "settings.search_words", TargetType: "settings", CreatedAt: s.now(),
		Before: JSONObject("words", old), After: JSONObject("words", words)}
	if err := s.store.SetSearchWords(ctx, words, s.now(), audit); err != nil {
		return nil, false, err
	}
	rebuilding := false
	if s.search != nil {
		if rebuilding, err = s.search.SetWords(words); err != nil {
			return nil, false, Internalf("search words: %w", err)
		}
	}
	return words, rebuilding, nil
}

// ParseSearchWords reads a word list: one word per line, letters only, 4 to
// 40 of them; blank lines and lines starting with "#" are skipped. Words
// come back lower-cased, sorted and without repeats.
func ParseSearchWords(text string) ([]string, error) {
	if !utf8.ValidString(text) {
		return nil, FieldError(searchWordField, "error.invalid_utf8")
	}
	seen := map[string]bool{}
	var out []string
	for _, line := range strings.Split(text, "\n") {
		w := strings.ToLower(strings.TrimSpace(line))
		if w == "" || strings.HasPrefix(w, "#") {
			continue
		}
		n := utf8.RuneCountInString(w)
		if n < searchWordMin || n > searchWordMax || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			return nil, FieldError(searchWordField, "error.search_word", w, searchWordMin, searchWordMax)
		}
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	if len(out) > searchWordsMax {
		return nil, FieldError(searchWordField, "error.search_words_many", searchWordsMax)
	}
	sort.Strings(out)
	if out == nil {
		out = []string{}
	}
	return out, nil
}
