package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// SearchPage is the search form with its results, facets and pages.
type SearchPage struct {
	Page
	Q        string
	Result   *forum.SearchResult
	Category string
	Tag      string
	Status   string
	Date     string
	Sort     string
	Facets   []FacetGroup
	SortTabs []Tab
	// Active are the filters in force, each with a link that drops it.
	Active        []FacetLink
	PrevURL       string
	NextURL       string
	SuggestionURL string
}

// FacetGroup is one facet of the sidebar: a heading and its values.
type FacetGroup struct {
	Label string
	Items []FacetLink
}

// FacetLink is one value of a facet, with its count and the link that
// selects it (or, when Active, drops it).
type FacetLink struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

// searchQuery reads the query string that /search and /api/v1/search share.
func (a *App) searchQuery(c echo.Context) (forum.SearchQuery, error) {
	page, err := queryPage(c)
	if err != nil {
		return forum.SearchQuery{}, err
	}
	return forum.SearchQuery{
		Text: c.QueryParam("q"), Category: c.QueryParam("category"), Tag: c.QueryParam("tag"),
		Status: c.QueryParam("status"), Date: c.QueryParam("date"), Sort: c.QueryParam("sort"),
		Page: page, Lang: a.localizer(c).Lang,
	}, nil
}

func (a *App) searchPage(c echo.Context) error {
	ctx := c.Request().Context()
	l := a.localizer(c)
	q, err := a.searchQuery(c)
	if err != nil {
		return err
	}
	p := SearchPage{Page: a.page(c, l.T("search.title")), Q: q.Text, Category: q.Category, Tag: q.Tag,
		Status: q.Status, Date: q.Date, Sort: q.Sort}
	p.Nav = "search"
	if q.Text != "" {
		p.Title = l.T("search.title_for", q.Text)
	}
	res, err := a.svc.Search(ctx, currentUser(c), q)
	if err != nil {
		return err
	}
	p.Result, p.Sort = res, res.Query.Sort
	cats, err := a.svc.Categories(ctx)
	if err != nil {
		return err
	}
	catName := map[string]string{}
	for _, cat := range cats {
		catName[cat.Slug] = cat.Name
	}

	// link returns this search with one parameter changed (page reset).
	params := map[string]string{"q": p.Q, "category": p.Category, "tag": p.Tag, "status": p.Status, "date": p.Date, "sort": q.Sort}
	link := func(kv ...string) string {
		m := map[string]string{}
		for k, v := range params {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		var pairs []string
		for _, k := range []string{"q", "category", "tag", "status", "date", "sort", "page"} {
			pairs = append(pairs, k, m[k])
		}
		return withQuery("/search", pairs...)
	}
	group := func(label, param, current string, counts []forum.FacetCount, name func(string) string) {
		g := FacetGroup{Label: label}
		for _, f := range counts {
			if f.Count == 0 {
				continue
			}
			fl := FacetLink{Label: name(f.Value), Count: f.Count, URL: link(param, f.Value), Active: f.Value == current}
			if fl.Active {
				fl.URL = link(param, "")
			}
			g.Items = append(g.Items, fl)
		}
		if len(g.Items) > 0 {
			p.Facets = append(p.Facets, g)
		}
	}
	statusName := func(v string) string { return l.T("search.status_" + v) }
	dateName := func(v string) string { return l.T("search.date_" + v) }
	categoryName := func(v string) string {
		if n := catName[v]; n != "" {
			return n
		}
		return v
	}
	group(l.T("search.facet_status"), "status", p.Status, res.Facets.Status, statusName)
	group(l.T("search.facet_category"), "category", p.Category, res.Facets.Category, categoryName)
	group(l.T("search.facet_tag"), "tag", p.Tag, res.Facets.Tag, func(v string) string { return v })
	group(l.T("search.facet_date"), "date", p.Date, res.Facets.Date, dateName)
	for _, f := range []struct{ param, value, label string }{
		{"status", p.Status, statusName(p.Status)}, {"category", p.Category, categoryName(p.Category)},
		{"tag", p.Tag, p.Tag}, {"date", p.Date, dateName(p.Date)},
	} {
		if f.value != "" {
			p.Active = append(p.Active, FacetLink{Label: f.label, URL: link(f.param, ""), Active: true})
		}
	}
	if p.Q != "" {
		for _, s := range []struct{ key, sort string }{{"search.sort_relevance", "relevance"}, {"search.sort_newest", "newest"}} {
			p.SortTabs = append(p.SortTabs, Tab{Label: l.T(s.key), URL: link("sort", s.sort), Active: p.Sort == s.sort})
		}
	}
	if res.Query.Page > 1 {
		p.PrevURL = link("page", strconv.Itoa(res.Query.Page-1))
	}
	if res.HasNext() && res.Query.Page < res.Pages() {
		p.NextURL = link("page", strconv.Itoa(res.Query.Page+1))
	}
	if res.Suggestion != "" {
		p.SuggestionURL = link("q", res.Suggestion)
	}
	return a.render(c, http.StatusOK, "search", p)
}

// snippetHTML renders a snippet with its matches in <mark>; every piece
// of text is escaped, so post text can never become markup.
func snippetHTML(s forum.Snippet) template.HTML {
	var b strings.Builder
	for _, part := range s.Parts {
		if part.Match {
			b.WriteString("<mark>")
		}
		b.WriteString(template.HTMLEscapeString(part.Text))
		if part.Match {
			b.WriteString("</mark>")
		}
	}
	return template.HTML(b.String()) // #nosec G203 -- built from escaped text and fixed <mark> tags only
}

// ---- JSON API ----

type apiSnippet struct {
	PostID   int64  `json:"post_id"`
	IsAnswer bool   `json:"is_answer"`
	Accepted bool   `json:"accepted"`
	HTML     string `json:"html"`
}

type apiSearchHit struct {
	Thread   apiThread    `json:"thread"`
	Snippets []apiSnippet `json:"snippets"`
}

type apiFacet struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

func facetsJSON(fs []forum.FacetCount) []apiFacet {
	out := []apiFacet{}
	for _, f := range fs {
		out = append(out, apiFacet{f.Value, f.Count})
	}
	return out
}

func (a *App) apiSearch(c echo.Context) error {
	q, err := a.searchQuery(c)
	if err != nil {
		return err
	}
	res, err := a.svc.Search(c.Request().Context(), currentUser(c), q)
	if err != nil {
		return err
	}
	hits := []apiSearchHit{}
	for _, h := range res.Hits {
		hit := apiSearchHit{Thread: threadJSON(h.Thread), Snippets: []apiSnippet{}}
		for _, s := range h.Snippets {
			hit.Snippets = append(hit.Snippets, apiSnippet{s.PostID, s.IsAnswer, s.Accepted, string(snippetHTML(s))})
		}
		hits = append(hits, hit)
	}
	return c.JSON(http.StatusOK, map[string]any{
		"query": res.Query.Text, "mode": res.Mode, "suggestion": res.Suggestion, "sort": res.Query.Sort,
		"total": res.Total, "page": res.Query.Page, "per_page": res.Query.PerPage, "pages": res.Pages(),
		"hits": hits,
		"facets": map[string]any{
			"category": facetsJSON(res.Facets.Category), "tag": facetsJSON(res.Facets.Tag),
			"status": facetsJSON(res.Facets.Status), "date": facetsJSON(res.Facets.Date),
		},
	})
}

type apiSimilar struct {
	Thread     apiThread `json:"thread"`
	Similarity float64   `json:"similarity"`
}

func similarJSON(docs []forum.SimilarDoc) []apiSimilar {
	out := []apiSimilar{}
	for _, d := range docs {
		out = append(out, apiSimilar{threadJSON(d.Thread), float64(int(d.Similarity*1000)) / 1000})
	}
	return out
}

func (a *App) apiSimilar(c echo.Context) error {
	res, err := a.svc.Similar(c.Request().Context(), currentUser(c), forum.Draft{
		Title: c.QueryParam("title"), Body: c.QueryParam("body"), Lang: similarLang(c.QueryParam("lang")),
	})
	if err != nil {
		return err
	}
	known := make([]apiKnownIssue, 0, len(res.KnownIssues))
	for _, k := range res.KnownIssues {
		known = append(known, knownJSON(k, false))
	}
	return c.JSON(http.StatusOK, map[string]any{"threads": similarJSON(res.Threads), "known_issues": known})
}

// similarLang accepts a language hint; anything else means "detect".
func similarLang(s string) string {
	if s == "de" || s == "en" {
		return s
	}
	return ""
}

func (a *App) apiDuplicates(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	docs, err := a.svc.PossibleDuplicates(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"threads": similarJSON(docs)})
}
