package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
	"github.com/labstack/echo/v4"
)

// ListPage is a list of threads: the home page, a category or a tag.
type ListPage struct {
	Page
	List       forum.ThreadPage
	Category   *forum.Category
	Tag        string
	Status     string
	Sort       string
	Categories []forum.Category
	Tags       []forum.TagCount
	// Base is the list's path, for tab and page links.
	Base    string
	Tabs    []Tab
	PrevURL string
	NextURL string
	// Following says whether the viewer follows this category or tag.
	Following bool
}

// Tab is one of the list's views (latest, active, unanswered, solved).
type Tab struct {
	Label  string
	URL    string
	Active bool
}

func (a *App) listPage(c echo.Context) error {
	ctx := c.Request().Context()
	p := ListPage{Page: a.page(c, ""), Base: "/", Status: c.QueryParam("status"), Sort: c.QueryParam("sort")}
	l := p.L
	f := forum.ThreadFilter{Status: p.Status, Sort: p.Sort}
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return err
	}
	switch {
	case c.Param("slug") != "":
		if p.Category, err = a.svc.Category(ctx, c.Param("slug")); err != nil {
			return err
		}
		f.CategoryID, p.Base, p.Title = p.Category.ID, "/c/"+p.Category.Slug, p.Category.Name
	case c.Param("tag") != "":
		p.Tag = c.Param("tag")
		f.Tag, p.Base, p.Title = p.Tag, "/tag/"+pathEscape(p.Tag), l.T("list.tag_title", p.Tag)
	default:
		p.Nav = "latest"
	}
	if p.List, err = a.svc.Threads(ctx, f); err != nil {
		return err
	}
	if p.Categories, err = a.svc.Categories(ctx); err != nil {
		return err
	}
	if p.Tags, err = a.svc.PopularTags(ctx, 15); err != nil {
		return err
	}
	for _, t := range []struct{ key, status, sort string }{
		{"list.latest", "", ""}, {"list.active", "", "active"}, {"list.unanswered", "unanswered", ""}, {"list.solved", "solved", ""},
	} {
		p.Tabs = append(p.Tabs, Tab{Label: l.T(t.key), URL: withQuery(p.Base, "status", t.status, "sort", t.sort),
			Active: p.Status == t.status && (p.Sort == t.sort || p.Sort == "" && t.sort == "latest")})
	}
	if p.List.Page > 1 {
		p.PrevURL = withQuery(p.Base, "status", p.Status, "sort", p.Sort, "page", strconv.Itoa(p.List.Page-1))
	}
	if p.List.HasNext() {
		p.NextURL = withQuery(p.Base, "status", p.Status, "sort", p.Sort, "page", strconv.Itoa(p.List.Page+1))
	}
	if p.Title == "" {
		p.Title = l.T("list.title")
	}
	p.FeedURL = strings.TrimSuffix(p.Base, "/") + "/feed.atom"
	if p.Category != nil || p.Tag != "" {
		var catID int64
		if p.Category != nil {
			catID = p.Category.ID
		}
		byCat, byTag, err := a.svc.Following(ctx, p.User, catID, p.Tag)
		if err != nil {
			return err
		}
		p.Following = byCat || byTag
	}
	return a.render(c, http.StatusOK, "list", p)
}

// ThreadPage is a thread with its answers and the forms under them.
type ThreadPage struct {
	Page
	View    *forum.ThreadView
	Receipt *forum.Receipt
	// Duplicates are threads that look like this one, for moderators.
	Duplicates []forum.SimilarDoc
	// Categories are the targets of "move", for moderators.
	Categories []forum.Category
	// Known is set on a known issue's own page; LinkedKnown on a report
	// linked to one (the banner).
	Known, LinkedKnown *forum.KnownIssue
	KnownStatuses      []string
	// Flagged thanks the reader for a flag they just sent.
	Flagged bool
	// AskSatisfaction shows the asker "Did this solve your problem?";
	// Rated thanks them once they answered.
	AskSatisfaction, Rated bool
	// Form state kept after a refused answer or comment.
	FormError     string
	AnswerBody    string
	CommentPostID int64
	CommentBody   string
}

// MeTooText is the "N people have this problem" line.
func (p ThreadPage) MeTooText() string {
	return p.L.N("thread.metoo_count", p.View.Thread.MeTooCount+1)
}

// ReceiptText describes how long a first answer usually takes.
func (p ThreadPage) ReceiptText() string {
	r := p.Receipt
	if r.Samples == 0 {
		return p.L.T("receipt.no_history", r.CategoryName)
	}
	return p.L.T("receipt.median", r.CategoryName, p.L.Duration(r.MedianFirstAnswer), r.Samples)
}

// Vote returns the viewer's vote on a post (-1, 0 or 1).
func (p ThreadPage) Vote(postID int64) int { return p.View.MyVotes[postID] }

// What the viewer may do on this page; the templates ask these, and they
// ask the same policy the service enforces.

func (p ThreadPage) CanMeToo() bool  { return forum.CanMeToo(p.User, &p.View.Thread) }
func (p ThreadPage) CanAnswer() bool { return forum.CanAnswer(p.User, &p.View.Thread) }
func (p ThreadPage) CanAccept(post forum.Post) bool {
	return !post.IsQuestion && !post.Deleted() && forum.CanAccept(p.User, &p.View.Thread)
}
func (p ThreadPage) CanEdit(post forum.Post) bool {
	return forum.CanEditPost(p.User, &p.View.Thread, &post)
}
func (p ThreadPage) CanDelete(post forum.Post) bool {
	return forum.CanDeletePost(p.User, &p.View.Thread, &post)
}
func (p ThreadPage) CanVote(post forum.Post) bool {
	return forum.CanVote(p.User, &p.View.Thread, &post)
}
func (p ThreadPage) CanComment(post forum.Post) bool {
	return !post.Deleted() && forum.CanAnswer(p.User, &p.View.Thread)
}
func (p ThreadPage) CanDeleteComment(c forum.Comment) bool {
	return forum.CanDeleteComment(p.User, &p.View.Thread, &c)
}
func (p ThreadPage) CanManageKnown() bool { return forum.CanManageKnownIssues(p.User) }
func (p ThreadPage) CanAskForHelp() bool  { return forum.CanAskForHelp(p.User, &p.View.Thread) }
func (p ThreadPage) CanClaim() bool {
	return forum.CanClaim(p.User) && p.View.Thread.Visible()
}
func (p ThreadPage) CanFlag(post forum.Post) bool {
	return moderation.CanFlag(p.User, &p.View.Thread, &post)
}

// HiddenFor reports whether the viewer sees post only as "hidden": its
// text was withheld from them.
func (p ThreadPage) HiddenFor(post forum.Post) bool {
	return post.Hidden() && !forum.CanSeeHiddenPost(p.User, &post)
}

func (a *App) threadPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return a.renderThread(c, id, http.StatusOK, ThreadPage{})
}

// renderThread shows a thread; form carries what a refused form held.
func (a *App) renderThread(c echo.Context, id int64, status int, form ThreadPage) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	v, err := a.svc.Thread(ctx, u, id)
	if err != nil {
		return err
	}
	t := &v.Thread
	if t.MergedIntoID != 0 {
		if status != http.StatusOK {
			// A form sent to a thread merged meanwhile: the error page
			// keeps the text, where a redirect would lose it.
			return forum.E(forum.Conflict, "error.thread_merged")
		}
		return c.Redirect(http.StatusMovedPermanently, "/t/"+strconv.FormatInt(t.MergedIntoID, 10))
	}
	if status == http.StatusOK && c.Request().Method == http.MethodGet && c.Param("slug") != t.Slug {
		return c.Redirect(http.StatusMovedPermanently, withQuery(threadURL(*t), "asked", c.QueryParam("asked")))
	}
	p := form
	p.Page, p.View = a.page(c, t.Title), v
	p.Flagged = c.QueryParam("flagged") == "1"
	if p.Known, p.LinkedKnown, err = a.svc.KnownIssueContext(ctx, t); err != nil {
		return err
	}
	p.KnownStatuses = forum.KnownIssueStatuses
	if forum.CanRateThread(u, t) {
		r, err := a.svc.ThreadSatisfaction(ctx, t.ID)
		if err != nil {
			return err
		}
		// A newly accepted answer is asked about again.
		fresh := r != nil && r.AnswerID == t.AcceptedPostID
		p.AskSatisfaction, p.Rated = !fresh, fresh && c.QueryParam("rated") == "1"
	}
	p.FeedURL = "/t/" + strconv.FormatInt(t.ID, 10) + "/feed.atom"
	if forum.CanModerate(u) {
		if p.Categories, err = a.svc.Categories(ctx); err != nil {
			return err
		}
		// Possible duplicates help, but a thread page must not fail
		// because search is down or rebuilding.
		if p.Duplicates, err = a.svc.PossibleDuplicatesOf(ctx, u, v); err != nil {
			if forum.ErrorKind(err) != forum.Unavailable {
				return err
			}
			p.Duplicates = nil
		}
	}
	if c.QueryParam("asked") == "1" && u != nil && u.ID == t.Author.ID {
		if p.Receipt, err = a.svc.Receipt(ctx, u, id); err != nil {
			return err
		}
	}
	return a.render(c, status, "thread", p)
}

// AskPage is the form for a new question.
type AskPage struct {
	Page
	Categories []forum.Category
	Error      string
	Field      string
	Category   string
	TitleText  string
	Body       string
	Tags       string
}

func (a *App) askPage(c echo.Context) error {
	if currentUser(c) == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	return a.renderAsk(c, http.StatusOK, AskPage{Category: c.QueryParam("category")})
}

func (a *App) renderAsk(c echo.Context, status int, p AskPage) error {
	var err error
	p.Page = a.page(c, a.localizer(c).T("ask.title"))
	p.Nav = "ask"
	if p.Categories, err = a.svc.Categories(c.Request().Context()); err != nil {
		return err
	}
	return a.render(c, status, "ask", p)
}

func (a *App) askSubmit(c echo.Context) error {
	in := forum.AskInput{
		CategorySlug: formValue(c, "category"), Title: formValue(c, "title"), Body: formValue(c, "body"),
		Tags: forum.SplitTags(formValue(c, "tags")), Lang: a.localizer(c).Lang,
	}
	t, _, err := a.svc.Ask(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			return a.renderAsk(c, status, AskPage{Error: msg, Field: field, Category: in.CategorySlug,
				TitleText: in.Title, Body: in.Body, Tags: formValue(c, "tags")})
		})
	}
	return seeOther(c, threadURL(*t)+"?asked=1")
}

// formError re-renders a form for errors the person can fix (bad input, a
// taken name, a closed thread) so nothing they typed is lost; other errors
// go to the error page.
func (a *App) formError(c echo.Context, err error, rerender func(status int, msg, field string) error) error {
	e := forum.AsError(err)
	switch e.Kind {
	case forum.Invalid, forum.Conflict, forum.Forbidden, forum.RateLimited, forum.Unauthenticated:
		if e.Kind == forum.Unauthenticated && currentUser(c) == nil && c.Path() != "/login" && c.Path() != "/login/code" {
			return err
		}
		return rerender(statusOf(e), a.localizer(c).Error(e), e.Field)
	}
	return err
}

func (a *App) answerSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	body := formValue(c, "body")
	p, err := a.svc.Answer(c.Request().Context(), currentUser(c), id, body)
	if err != nil {
		return a.formError(c, err, func(status int, msg, _ string) error {
			return a.renderThread(c, id, status, ThreadPage{FormError: msg, AnswerBody: body})
		})
	}
	return seeOther(c, "/t/"+strconv.FormatInt(id, 10)+"#post-"+strconv.FormatInt(p.ID, 10))
}

func (a *App) meTooSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.svc.MeToo(c.Request().Context(), currentUser(c), id, formValue(c, "on") != "0"); err != nil {
		return err
	}
	return seeOther(c, "/t/"+strconv.FormatInt(id, 10))
}

func (a *App) acceptSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	postID, err := formInt(c, "post_id")
	if err != nil {
		return err
	}
	if _, err := a.svc.Accept(c.Request().Context(), currentUser(c), id, int64(postID)); err != nil {
		return err
	}
	return seeOther(c, "/t/"+strconv.FormatInt(id, 10))
}

func (a *App) voteSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	value, err := formInt(c, "value")
	if err != nil {
		return err
	}
	_, t, err := a.svc.Vote(c.Request().Context(), currentUser(c), id, value)
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(*t)+"#post-"+strconv.FormatInt(id, 10))
}

// EditPage is the form to edit a post.
type EditPage struct {
	Page
	Post      *forum.Post
	Thread    *forum.Thread
	Error     string
	Field     string
	TitleText string
	Body      string
	Tags      string
}

func (a *App) editPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	if u == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	p, t, err := a.svc.Post(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	if !forum.CanEditPost(u, t, p) {
		return forum.E(forum.Forbidden, "error.forbidden")
	}
	return a.renderEdit(c, http.StatusOK, EditPage{Post: p, Thread: t, TitleText: t.Title, Body: p.BodyMD, Tags: joinTags(t.Tags)})
}

func joinTags(tags []string) string {
	s := ""
	for i, t := range tags {
		if i > 0 {
			s += ", "
		}
		s += t
	}
	return s
}

func (a *App) renderEdit(c echo.Context, status int, p EditPage) error {
	p.Page = a.page(c, a.localizer(c).T("edit.title"))
	return a.render(c, status, "edit", p)
}

func (a *App) editSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	in := forum.PostEdit{Title: formValue(c, "title"), Body: formValue(c, "body"), Tags: forum.SplitTags(formValue(c, "tags"))}
	p, err := a.svc.EditPost(c.Request().Context(), u, id, in)
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			post, t, lerr := a.svc.Post(c.Request().Context(), u, id)
			if lerr != nil {
				return lerr
			}
			return a.renderEdit(c, status, EditPage{Post: post, Thread: t, Error: msg, Field: field,
				TitleText: in.Title, Body: in.Body, Tags: formValue(c, "tags")})
		})
	}
	return seeOther(c, "/t/"+strconv.FormatInt(p.ThreadID, 10)+"#post-"+strconv.FormatInt(p.ID, 10))
}

func (a *App) deleteSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, p, err := a.svc.DeletePost(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	if p.IsQuestion {
		return seeOther(c, "/")
	}
	return seeOther(c, threadURL(*t))
}

// RevisionsPage lists a post's versions.
type RevisionsPage struct {
	Page
	Thread    *forum.Thread
	Revisions []forum.Revision
}

func (a *App) revisionsPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	revs, t, err := a.svc.Revisions(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	p := RevisionsPage{Page: a.page(c, a.localizer(c).T("revisions.title")), Thread: t, Revisions: revs}
	return a.render(c, http.StatusOK, "revisions", p)
}

func (a *App) commentSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	body := formValue(c, "comment")
	cm, t, err := a.svc.AddComment(c.Request().Context(), u, id, body)
	if err != nil {
		return a.formError(c, err, func(status int, msg, _ string) error {
			post, _, lerr := a.svc.Post(c.Request().Context(), u, id)
			if lerr != nil {
				return lerr
			}
			return a.renderThread(c, post.ThreadID, status, ThreadPage{FormError: msg, CommentPostID: id, CommentBody: body})
		})
	}
	return seeOther(c, threadURL(*t)+"#comment-"+strconv.FormatInt(cm.ID, 10))
}

func (a *App) commentDeleteSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.svc.DeleteComment(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(*t))
}

// UserPage is a person's public profile.
type UserPage struct {
	Page
	Profile *forum.User
	Threads forum.ThreadPage
	// Now is the service's clock when the page was made.
	Now time.Time
}

// CanModerateProfile reports whether the viewer may suspend, silence or
// purge this account.
func (p UserPage) CanModerateProfile() bool {
	return p.User != nil && moderation.CanActOnUser(p.User, p.Profile)
}

// Suspended and Silenced say whether the account is now; moderators see it.
func (p UserPage) Suspended() bool { return p.Profile.Suspended(p.Now) }
func (p UserPage) Silenced() bool  { return p.Profile.Silenced(p.Now) }

// Permanent reports whether t is the end of a permanent suspension.
func (p UserPage) Permanent(t *time.Time) bool { return t != nil && !t.Before(forum.Forever) }

func (a *App) userPage(c echo.Context) error {
	ctx := c.Request().Context()
	u, err := a.svc.User(ctx, c.Param("username"))
	if err != nil {
		return err
	}
	threads, err := a.svc.Threads(ctx, forum.ThreadFilter{AuthorID: u.ID, PerPage: 30})
	if err != nil {
		return err
	}
	return a.render(c, http.StatusOK, "user", UserPage{Page: a.page(c, u.Username), Profile: u, Threads: threads, Now: a.svc.Now()})
}
