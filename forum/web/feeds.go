package web

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// Atom feeds (RFC 4287) of the latest threads, a category, a tag and a
// thread's answers. They are what a guest sees: hidden, held and deleted
// content never appears, because the lists and the thread come from the
// same service calls as the guest's pages.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Updated   string      `xml:"updated"`
	Published string      `xml:"published"`
	Author    atomAuthor  `xml:"author"`
	Links     []atomLink  `xml:"link"`
	Category  []atomCat   `xml:"category,omitempty"`
	Content   atomContent `xml:"content"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

// atomContent is HTML carried as escaped text (type="html"): the sanitised
// HTML of a post, which feed readers render.
type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

const feedLength = 30

// baseURL is the site's address as the client reached it, for the
// absolute links a feed needs.
func baseURL(c echo.Context) string { return c.Scheme() + "://" + c.Request().Host }

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (a *App) listFeed(c echo.Context) error {
	ctx := c.Request().Context()
	l := a.cats.For(chooseLanguage(nil, c.Request()))
	f := forum.ThreadFilter{Sort: "latest", PerPage: feedLength}
	title, path := l.T("list.title"), "/"
	switch {
	case c.Param("slug") != "":
		cat, err := a.svc.Category(ctx, c.Param("slug"))
		if err != nil {
			return err
		}
		f.CategoryID, title, path = cat.ID, cat.Name, "/c/"+cat.Slug
	case c.Param("tag") != "":
		f.Tag = c.Param("tag")
		title, path = l.T("list.tag_title", f.Tag), "/tag/"+pathEscape(f.Tag)
	}
	page, err := a.svc.Threads(ctx, f)
	if err != nil {
		return err
	}
	base := baseURL(c)
	feed := atomFeed{ID: base + path, Title: title + " · " + l.T("site.name"), Updated: atomTime(time.Unix(0, 0)),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + c.Request().URL.Path},
			{Rel: "alternate", Type: "text/html", Href: base + path}}}
	if len(page.Threads) > 0 {
		ids := make([]int64, len(page.Threads))
		for i, t := range page.Threads {
			ids[i] = t.ID
		}
		questions, err := a.svc.Questions(ctx, ids)
		if err != nil {
			return err
		}
		for _, t := range page.Threads {
			if t.PinnedAt != nil && f.Tag == "" && f.CategoryID == 0 && len(feed.Entries) > 0 {
				// Pinned threads lead the page, not the feed's time order;
				// they are old news to a feed reader.
				continue
			}
			e := atomEntry{ID: base + "/t/" + strconv.FormatInt(t.ID, 10), Title: t.Title,
				Updated: atomTime(t.LastActivityAt), Published: atomTime(t.CreatedAt), Author: atomAuthor{t.Author.Username},
				Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: base + threadURL(t)}},
				Content: atomContent{Type: "html", Body: questions[t.ID]}}
			for _, tag := range t.Tags {
				e.Category = append(e.Category, atomCat{tag})
			}
			feed.Entries = append(feed.Entries, e)
			if e.Updated > feed.Updated {
				feed.Updated = e.Updated
			}
		}
	}
	return writeFeed(c, feed)
}

func (a *App) threadFeed(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	// Always the guest's view, whoever asks: a feed URL is shared and
	// cached.
	v, err := a.svc.Thread(c.Request().Context(), nil, id)
	if err != nil {
		return err
	}
	if v.Thread.MergedIntoID != 0 {
		return c.Redirect(http.StatusMovedPermanently, "/t/"+strconv.FormatInt(v.Thread.MergedIntoID, 10)+"/feed.atom")
	}
	base, t := baseURL(c), v.Thread
	feed := atomFeed{ID: base + "/t/" + strconv.FormatInt(t.ID, 10), Title: t.Title, Updated: atomTime(t.LastActivityAt),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + c.Request().URL.Path},
			{Rel: "alternate", Type: "text/html", Href: base + threadURL(t)}}}
	posts := append([]forum.Post{v.Question}, v.Answers...)
	for _, p := range posts {
		if p.Deleted() || p.Hidden() {
			continue
		}
		updated := p.CreatedAt
		if p.EditedAt != nil {
			updated = *p.EditedAt
		}
		title := t.Title
		if !p.IsQuestion {
			title = "Re: " + t.Title
		}
		feed.Entries = append(feed.Entries, atomEntry{ID: base + threadURL(t) + "#post-" + strconv.FormatInt(p.ID, 10),
			Title: title, Updated: atomTime(updated), Published: atomTime(p.CreatedAt), Author: atomAuthor{p.Author.Username},
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: base + threadURL(t) + "#post-" + strconv.FormatInt(p.ID, 10)}},
			Content: atomContent{Type: "html", Body: p.BodyHTML}})
	}
	return writeFeed(c, feed)
}

func writeFeed(c echo.Context, feed atomFeed) error {
	out, err := xml.MarshalIndent(feed, "", "  ")
	if err != nil {
		return forum.Internalf("feed: %w", err)
	}
	// private: a response may carry the CSRF cookie, which no shared
	// cache may hand to someone else.
	c.Response().Header().Set("Cache-Control", "private, max-age=300")
	return c.Blob(http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), out...))
}
