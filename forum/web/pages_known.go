package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// Known issues: the public list, the staff's forms on a known issue's
// page, the banner on linked reports, the API and the feed.

// KnownIssuesPage lists current and recently fixed known issues; staff
// get the form for a new one.
type KnownIssuesPage struct {
	Page
	Issues     []forum.KnownIssue
	Categories []forum.Category
	Statuses   []string
	CanManage  bool
}

func (a *App) knownIssuesPage(c echo.Context) error {
	ctx := c.Request().Context()
	list, err := a.svc.KnownIssues(ctx)
	if err != nil {
		return err
	}
	p := KnownIssuesPage{Page: a.page(c, ""), Issues: list, Statuses: forum.KnownIssueStatuses, CanManage: forum.CanManageKnownIssues(currentUser(c))}
	p.Title, p.Nav, p.FeedURL = p.L.T("known.title"), "known", "/known-issues/feed.atom"
	if p.CanManage {
		if p.Categories, err = a.svc.Categories(ctx); err != nil {
			return err
		}
	}
	return a.render(c, http.StatusOK, "known_issues", p)
}

// formDate reads an optional date (YYYY-MM-DD, or with a time) field.
func formDate(field, v string) (*time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			t = t.UTC()
			return &t, nil
		}
	}
	return nil, forum.FieldError(field, "error.date")
}

// knownIssueForm reads a new known issue from a form: the known-issues
// page's and a cluster's confirmation.
func knownIssueForm(c echo.Context) (forum.KnownIssueInput, error) {
	fix, err := formDate("expected_fix", formValue(c, "expected_fix"))
	if err != nil {
		return forum.KnownIssueInput{}, err
	}
	return forum.KnownIssueInput{Category: formValue(c, "category"), Title: formValue(c, "title"), Body: formValue(c, "body"),
		Status: formValue(c, "status"), Workaround: formValue(c, "workaround"), ExpectedFix: fix}, nil
}

// apiKnownIssueIn is a new known issue as the API takes it.
type apiKnownIssueIn struct {
	Category    string     `json:"category"`
	Title       string     `json:"title"`
	Body        string     `json:"body"`
	Status      string     `json:"status"`
	Workaround  string     `json:"workaround"`
	ExpectedFix *time.Time `json:"expected_fix_at"`
}

func (in apiKnownIssueIn) input() forum.KnownIssueInput {
	return forum.KnownIssueInput{Category: in.Category, Title: in.Title, Body: in.Body, Status: in.Status,
		Workaround: in.Workaround, ExpectedFix: in.ExpectedFix}
}

func (a *App) knownIssueCreate(c echo.Context) error {
	in, err := knownIssueForm(c)
	if err != nil {
		return err
	}
	k, err := a.svc.CreateKnownIssue(c.Request().Context(), currentUser(c), in)
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(k.Thread))
}

func (a *App) knownStatusSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	fix, err := formDate("expected_fix", formValue(c, "expected_fix"))
	if err != nil {
		return err
	}
	ch := forum.KnownIssueChange{Status: formValue(c, "status"), Note: formValue(c, "note"), ExpectedFix: fix}
	if w := formValue(c, "workaround"); w != "" {
		ch.Workaround = &w
	}
	k, err := a.svc.UpdateKnownIssue(c.Request().Context(), currentUser(c), id, ch)
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(k.Thread))
}

func (a *App) knownLinkSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	report, err := formThreadID(c, "thread")
	if err != nil {
		return err
	}
	if report == 0 {
		return forum.FieldError("thread", "error.required")
	}
	if err := a.svc.LinkReport(c.Request().Context(), currentUser(c), id, report, formValue(c, "on") != "0"); err != nil {
		return err
	}
	return seeOther(c, "/t/"+strconv.FormatInt(id, 10))
}

type apiKnownIssue struct {
	Thread        apiThread   `json:"thread"`
	Status        string      `json:"status"`
	Workaround    string      `json:"workaround"`
	ExpectedFixAt *time.Time  `json:"expected_fix_at"`
	Affected      int         `json:"affected"`
	UpdatedAt     time.Time   `json:"updated_at"`
	Reports       []apiThread `json:"reports,omitempty"`
	Updates       []any       `json:"updates,omitempty"`
}

func knownJSON(k forum.KnownIssue, full bool) apiKnownIssue {
	out := apiKnownIssue{Thread: threadJSON(k.Thread), Status: k.Status, Workaround: k.WorkaroundMD, ExpectedFixAt: k.ExpectedFixAt,
		Affected: k.Affected, UpdatedAt: k.UpdatedAt}
	if full {
		out.Reports = []apiThread{}
		for _, t := range k.Reports {
			out.Reports = append(out.Reports, threadJSON(t))
		}
		for _, u := range k.Updates {
			out.Updates = append(out.Updates, map[string]any{"status": u.Status, "note_html": u.NoteHTML, "by": userRefJSON(u.Actor), "at": u.CreatedAt})
		}
	}
	return out
}

func (a *App) apiKnownIssues(c echo.Context) error {
	list, err := a.svc.KnownIssues(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]apiKnownIssue, 0, len(list))
	for _, k := range list {
		out = append(out, knownJSON(k, false))
	}
	return c.JSON(http.StatusOK, map[string]any{"known_issues": out})
}

func (a *App) apiKnownIssue(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	k, err := a.svc.KnownIssue(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, knownJSON(*k, true))
}

func (a *App) apiKnownIssueCreate(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	var in struct {
		apiKnownIssueIn
		Threads []int64 `json:"threads"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if len(in.Threads) > 500 {
		return forum.FieldError("threads", "error.too_many_threads", 500)
	}
	ctx := c.Request().Context()
	// Every report must be linkable before anything is created, so a bad
	// one does not leave a half-made known issue behind.
	for _, id := range in.Threads {
		if _, err := a.svc.KnownIssue(ctx, u, id); err == nil {
			return forum.FieldError("threads", "error.link_known")
		}
		v, err := a.svc.Thread(ctx, u, id)
		if err != nil || !v.Thread.Visible() {
			return forum.FieldError("threads", "error.merge_target_unknown")
		}
	}
	k, err := a.svc.CreateKnownIssue(ctx, u, in.input())
	if err != nil {
		return err
	}
	for _, id := range in.Threads {
		if err := a.svc.LinkReport(ctx, u, k.Thread.ID, id, true); err != nil {
			return err
		}
	}
	if k, err = a.svc.KnownIssue(ctx, u, k.Thread.ID); err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, knownJSON(*k, true))
}

func (a *App) apiKnownIssueUpdate(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Status      string     `json:"status"`
		Note        string     `json:"note"`
		Workaround  *string    `json:"workaround"`
		ExpectedFix *time.Time `json:"expected_fix_at"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	k, err := a.svc.UpdateKnownIssue(c.Request().Context(), u, id, forum.KnownIssueChange{Status: in.Status, Note: in.Note,
		Workaround: in.Workaround, ExpectedFix: in.ExpectedFix})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, knownJSON(*k, true))
}

func (a *App) apiKnownLink(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var report int64
	if c.Request().Method == http.MethodDelete {
		if report, err = idParam(c, "thread"); err != nil {
			return err
		}
	} else {
		var in struct {
			ThreadID threadRef `json:"thread_id"`
		}
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		if report, err = in.ThreadID.ID("thread_id"); err != nil {
			return err
		}
		if report <= 0 {
			return forum.FieldError("thread_id", "error.required")
		}
	}
	if err := a.svc.LinkReport(c.Request().Context(), u, id, report, c.Request().Method != http.MethodDelete); err != nil {
		return err
	}
	k, err := a.svc.KnownIssue(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, knownJSON(*k, true))
}

func (a *App) knownFeed(c echo.Context) error {
	list, err := a.svc.KnownIssues(c.Request().Context())
	if err != nil {
		return err
	}
	l := a.cats.For(chooseLanguage(nil, c.Request()))
	base := baseURL(c)
	feed := atomFeed{ID: base + "/known-issues", Title: l.T("known.title") + " · " + l.T("site.name"), Updated: atomTime(time.Unix(0, 0)),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/known-issues/feed.atom"},
			{Rel: "alternate", Type: "text/html", Href: base + "/known-issues"}}}
	for _, k := range list {
		body := "<p><strong>" + l.T("known.status_"+k.Status) + "</strong></p>" + k.WorkaroundHTML
		e := atomEntry{ID: base + "/t/" + strconv.FormatInt(k.Thread.ID, 10) + "#" + strconv.FormatInt(k.UpdatedAt.Unix(), 10),
			Title: "[" + l.T("known.status_"+k.Status) + "] " + k.Thread.Title, Updated: atomTime(k.UpdatedAt), Published: atomTime(k.CreatedAt),
			Author: atomAuthor{k.Thread.Author.Username}, Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: base + threadURL(k.Thread)}},
			Content: atomContent{Type: "html", Body: body}}
		feed.Entries = append(feed.Entries, e)
		if e.Updated > feed.Updated {
			feed.Updated = e.Updated
		}
	}
	return writeFeed(c, feed)
}
