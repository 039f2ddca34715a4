package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
	"github.com/labstack/echo/v4"
)

// The moderators' pages: flags, the review queue and dashboard, thread and
// people actions, merging, the audit log, the spam words and the
// notifications every member has.

// FlagPage is the form for flagging one post. It is a page of its own, not
// a form under every post, so a thread page stays light.
type FlagPage struct {
	Page
	Post    *forum.Post
	Thread  *forum.Thread
	Reasons []moderation.Reason
	Error   string
	Field   string
	// What was sent, kept after a refusal.
	Reason      string
	Note        string
	DuplicateOf string
}

func (a *App) flagPage(c echo.Context) error {
	return a.renderFlag(c, http.StatusOK, FlagPage{})
}

func (a *App) renderFlag(c echo.Context, status int, p FlagPage) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	if u == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	post, t, err := a.svc.Post(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	if !moderation.CanFlag(u, t, post) {
		if post.Author.ID == u.ID {
			return forum.E(forum.Forbidden, "error.flag_own")
		}
		return forum.E(forum.Forbidden, "error.forbidden")
	}
	p.Page, p.Post, p.Thread, p.Reasons = a.page(c, ""), post, t, moderation.Reasons
	p.Title = p.L.T("flag.title", t.Title)
	return a.render(c, status, "flag", p)
}

func (a *App) flagSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	form := FlagPage{Reason: formValue(c, "reason"), Note: formValue(c, "note"), DuplicateOf: formValue(c, "duplicate_of")}
	refused := func(err error) error {
		return a.formError(c, err, func(status int, msg, field string) error {
			form.Error, form.Field = msg, field
			return a.renderFlag(c, status, form)
		})
	}
	dup, err := formThreadID(c, "duplicate_of")
	if err != nil {
		return refused(err)
	}
	ctx, u := c.Request().Context(), currentUser(c)
	res, err := a.mod.Flag(ctx, u, id, moderation.FlagInput{Reason: form.Reason, Note: form.Note, DuplicateOf: dup})
	if err != nil {
		if k := forum.ErrorKind(err); k == forum.Invalid || k == forum.RateLimited {
			return refused(err)
		}
		return err
	}
	if res.ThreadHidden {
		// The flag hid the whole thread; the flagger can no longer open it.
		return seeOther(c, "/?flagged=1")
	}
	// Back to the thread's canonical address: from "/t/ID" the thread page
	// would redirect to add the slug, and drop the thanks on the way.
	to := "/t/" + strconv.FormatInt(res.ThreadID, 10)
	if _, t, err := a.svc.Post(ctx, u, id); err == nil {
		to = threadURL(*t)
	}
	return seeOther(c, to+"?flagged=1#post-"+strconv.FormatInt(id, 10))
}

// formThreadID reads a thread given as an ID or as a link to it
// ("/t/42/slug" or a full URL), as moderators paste them.
func formThreadID(c echo.Context, name string) (int64, error) {
	return parseThreadRef(name, c.Request().PostFormValue(name))
}

func parseThreadRef(field, v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	if i := strings.Index(v, "/t/"); i >= 0 {
		v = v[i+3:]
		if j := strings.IndexAny(v, "/?#"); j >= 0 {
			v = v[:j]
		}
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, forum.FieldError(field, "error.thread_ref")
	}
	return id, nil
}

// ModPage is the moderators' dashboard with the review queue.
type ModPage struct {
	Page
	Dashboard moderation.Dashboard
	Items     []moderation.ReviewItem
	Total     int
	PageNo    int
	PrevURL   string
	NextURL   string
	Reasons   []moderation.Reason
	// NewThreads are the latest questions that look like an existing
	// thread, each with its candidates for a one-click merge.
	NewThreads []NewThread
	SearchDown bool
}

// NewThread is a recent question with its possible duplicates.
type NewThread struct {
	Thread     forum.Thread
	Duplicates []forum.SimilarDoc
}

// newThreadsShown bounds the similar-question lookups of one /mod page.
const (
	newThreadsShown  = 8
	newThreadsWithin = 72 * time.Hour
)

// ReasonCount is how many of an item's flags give one reason.
type ReasonCount struct {
	Reason moderation.Reason
	Count  int
}

// ReasonsOf sums an item's flags by reason, for the queue's summary line.
func (p ModPage) ReasonsOf(it moderation.ReviewItem) []ReasonCount {
	var out []ReasonCount
	for _, r := range moderation.Reasons {
		n := 0
		for _, f := range it.Flags {
			if f.Reason == r {
				n++
			}
		}
		if n > 0 {
			out = append(out, ReasonCount{r, n})
		}
	}
	return out
}

// DuplicateOf is the thread the item's duplicate flags point to, if any.
func (p ModPage) DuplicateOf(it moderation.ReviewItem) int64 {
	for _, f := range it.Flags {
		if f.DuplicateOfID != 0 {
			return f.DuplicateOfID
		}
	}
	return 0
}

func (a *App) modPage(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	n, err := queryPage(c)
	if err != nil {
		return err
	}
	p := ModPage{Page: a.page(c, ""), PageNo: n, Reasons: moderation.Reasons}
	p.Title, p.Nav = p.L.T("mod.title"), "mod"
	if p.Dashboard, err = a.mod.Dashboard(ctx, u); err != nil {
		return err
	}
	if p.Items, p.Total, err = a.mod.Queue(ctx, u, n); err != nil {
		return err
	}
	if n == 1 {
		if p.NewThreads, err = a.newThreadsWithDuplicates(ctx, u); forum.ErrorKind(err) == forum.Unavailable {
			p.SearchDown = true
		} else if err != nil {
			return err
		}
	}
	if n > 1 {
		p.PrevURL = withQuery("/mod", "page", strconv.Itoa(n-1))
	}
	if n*moderation.QueuePerPage < p.Total {
		p.NextURL = withQuery("/mod", "page", strconv.Itoa(n+1))
	}
	return a.render(c, http.StatusOK, "mod", p)
}

// newThreadsWithDuplicates finds the latest questions that look like
// another thread, so moderators can fold duplicates in as they arrive.
func (a *App) newThreadsWithDuplicates(ctx context.Context, u *forum.User) ([]NewThread, error) {
	latest, err := a.svc.Threads(ctx, forum.ThreadFilter{Sort: "latest", PerPage: newThreadsShown})
	if err != nil {
		return nil, err
	}
	var out []NewThread
	for _, t := range latest.Threads {
		if time.Since(t.CreatedAt) > newThreadsWithin || t.PinnedAt != nil {
			continue
		}
		dups, err := a.svc.PossibleDuplicates(ctx, u, t.ID)
		if err != nil {
			return out, err
		}
		if len(dups) > 3 {
			dups = dups[:3]
		}
		if len(dups) > 0 {
			out = append(out, NewThread{Thread: t, Duplicates: dups})
		}
	}
	return out, nil
}

func (a *App) reviewSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	days, err := formInt(c, "days")
	if err != nil {
		return err
	}
	dup, err := formThreadID(c, "duplicate_of")
	if err != nil {
		return err
	}
	if err := a.mod.Review(c.Request().Context(), currentUser(c), id, moderation.ReviewInput{
		Decision: formValue(c, "decision"), Reason: formValue(c, "reason"), Days: days, DuplicateOf: dup,
	}); err != nil {
		return err
	}
	return seeOther(c, "/mod")
}

func (a *App) threadModerateSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	dup, err := formThreadID(c, "duplicate_of")
	if err != nil {
		return err
	}
	in := moderation.ThreadActionInput{
		Action: formValue(c, "action"), Reason: formValue(c, "reason"), Category: formValue(c, "category"),
		Title: formValue(c, "title"), Tags: strings.FieldsFunc(formValue(c, "tags"), isTagSep), DuplicateOf: dup,
	}
	t, err := a.mod.ActOnThread(c.Request().Context(), currentUser(c), id, in)
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(*t))
}

func isTagSep(r rune) bool { return r == ',' || r == ' ' }

// MergePage picks the thread a thread is merged into: its possible
// duplicates first, then search results, or an ID or link pasted in.
type MergePage struct {
	Page
	Thread     forum.Thread
	Duplicates []forum.SimilarDoc
	Query      string
	Results    []forum.SearchHit
	SearchDown bool
}

func (a *App) mergePage(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	if u == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	if !moderation.CanReview(u) {
		return forum.E(forum.Forbidden, "error.forbidden")
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Thread(ctx, u, id)
	if err != nil {
		return err
	}
	// The same refusals as Service.Merge, so the picker never offers a
	// merge that cannot happen.
	if v.Thread.MergedIntoID != 0 {
		return forum.E(forum.Conflict, "error.thread_merged")
	}
	if v.Thread.DeletedAt != nil {
		return forum.E(forum.Conflict, "error.thread_deleted")
	}
	if v.Thread.HiddenAt != nil {
		return forum.E(forum.Conflict, "error.merge_hidden")
	}
	p := MergePage{Page: a.page(c, ""), Thread: v.Thread, Query: strings.TrimSpace(c.QueryParam("q"))}
	p.Title, p.Nav = p.L.T("merge.title", v.Thread.Title), "mod"
	if p.Duplicates, err = a.svc.PossibleDuplicatesOf(ctx, u, v); err != nil {
		if forum.ErrorKind(err) != forum.Unavailable {
			return err
		}
		p.SearchDown = true
	}
	if p.Query != "" && !p.SearchDown {
		res, err := a.svc.Search(ctx, u, forum.SearchQuery{Text: p.Query, Page: 1})
		switch {
		case forum.ErrorKind(err) == forum.Unavailable:
			p.SearchDown = true
		case err != nil:
			return err
		default:
			for _, h := range res.Hits {
				if h.Thread.ID != id {
					p.Results = append(p.Results, h)
				}
			}
		}
	}
	return a.render(c, http.StatusOK, "merge", p)
}

func (a *App) mergeSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	into, err := formThreadID(c, "into")
	if err != nil {
		return err
	}
	if into == 0 {
		// The picker's radio buttons, when no ID was typed.
		if into, err = parseThreadRef("into", formValue(c, "pick")); err != nil {
			return err
		}
	}
	t, err := a.mod.Merge(c.Request().Context(), currentUser(c), id, into, formValue(c, "reason"))
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(*t))
}

func (a *App) unmergeSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.mod.Unmerge(c.Request().Context(), currentUser(c), id, formValue(c, "reason"))
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(*t))
}

func (a *App) userModerateSubmit(c echo.Context) error {
	days, err := formInt(c, "days")
	if err != nil {
		return err
	}
	name := c.Param("username")
	if _, err := a.mod.ActOnPerson(c.Request().Context(), currentUser(c), name, moderation.PersonInput{
		Action: formValue(c, "action"), Days: days, Reason: formValue(c, "reason"),
	}); err != nil {
		return err
	}
	return seeOther(c, "/u/"+pathEscape(name))
}

// AuditPage is the audit log with its filters.
type AuditPage struct {
	Page
	Entries []forum.AuditEntry
	Filter  moderation.AuditFilter
	Total   int
	PrevURL string
	NextURL string
	// Undoable marks the thread IDs of merge entries that can still be
	// undone.
	Undoable map[int64]bool
}

// auditFilter reads the audit log's filters from the query.
func auditFilter(c echo.Context) (moderation.AuditFilter, error) {
	f := moderation.AuditFilter{Actor: strings.TrimSpace(c.QueryParam("actor")), Action: strings.TrimSpace(c.QueryParam("action")),
		TargetType: c.QueryParam("target_type")}
	if v := c.QueryParam("target_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			return f, forum.FieldError("target_id", "error.filter_invalid")
		}
		f.TargetID = id
	}
	var err error
	f.Page, err = queryPage(c)
	return f, err
}

func (a *App) auditPage(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	p := AuditPage{Page: a.page(c, ""), Filter: f}
	p.Title, p.Nav = p.L.T("audit.title"), "mod"
	if p.Entries, p.Total, err = a.mod.AuditLog(ctx, u, f); err != nil {
		return err
	}
	var merged []int64
	for _, e := range p.Entries {
		if e.Action == "thread.merge" {
			merged = append(merged, e.TargetID)
		}
	}
	if p.Undoable, err = a.mod.StillMerged(ctx, u, merged); err != nil {
		return err
	}
	q := func(page int) string {
		return withQuery("/mod/audit", "actor", f.Actor, "action", f.Action, "target_type", f.TargetType,
			"target_id", nonZero(f.TargetID), "page", strconv.Itoa(page))
	}
	if f.Page > 1 {
		p.PrevURL = q(f.Page - 1)
	}
	if f.Page*moderation.AuditPerPage < p.Total {
		p.NextURL = q(f.Page + 1)
	}
	return a.render(c, http.StatusOK, "mod_audit", p)
}

func nonZero(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// AdminSpamPage edits the spam words.
type AdminSpamPage struct {
	Page
	Words string
	Error string
	Saved bool
}

func (a *App) adminSpamPage(c echo.Context) error {
	words, err := a.mod.SpamWords(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	p := AdminSpamPage{Page: a.page(c, ""), Words: strings.Join(words, "\n"), Saved: c.QueryParam("saved") == "1"}
	p.Title, p.Nav = p.L.T("spam.title"), "admin"
	return a.render(c, http.StatusOK, "admin_spam", p)
}

func (a *App) adminSpamSubmit(c echo.Context) error {
	text := formValue(c, "words")
	if _, err := a.mod.SetSpamWords(c.Request().Context(), currentUser(c), strings.Split(text, "\n")); err != nil {
		if forum.ErrorKind(err) != forum.Invalid {
			return err
		}
		p := AdminSpamPage{Page: a.page(c, ""), Words: text}
		p.Title, p.Nav, p.Error = p.L.T("spam.title"), "admin", p.L.Error(forum.AsError(err))
		return a.render(c, http.StatusUnprocessableEntity, "admin_spam", p)
	}
	return seeOther(c, "/admin/spam?saved=1")
}

// NotificationsPage lists a member's notifications.
type NotificationsPage struct {
	Page
	Items   []forum.Notification
	PageNo  int
	PrevURL string
	NextURL string
}

func (a *App) notificationsPage(c echo.Context) error {
	n, err := queryPage(c)
	if err != nil {
		return err
	}
	items, _, err := a.svc.Notifications(c.Request().Context(), currentUser(c), n)
	if err != nil {
		return err
	}
	p := NotificationsPage{Page: a.page(c, ""), Items: items, PageNo: n}
	p.Title, p.Nav = p.L.T("notifications.title"), "notifications"
	if n > 1 {
		p.PrevURL = withQuery("/notifications", "page", strconv.Itoa(n-1))
	}
	if len(items) == forum.NotificationsPerPage {
		p.NextURL = withQuery("/notifications", "page", strconv.Itoa(n+1))
	}
	return a.render(c, http.StatusOK, "notifications", p)
}

func (a *App) notificationsReadSubmit(c echo.Context) error {
	if err := a.svc.MarkNotificationsRead(c.Request().Context(), currentUser(c)); err != nil {
		return err
	}
	return seeOther(c, "/notifications")
}
