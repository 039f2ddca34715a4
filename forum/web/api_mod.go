package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
	"github.com/labstack/echo/v4"
)

// The moderation API: the same service calls as the pages, so the same
// policy answers.

type apiFlag struct {
	ID          int64      `json:"id"`
	PostID      int64      `json:"post_id"`
	User        apiUserRef `json:"user"`
	Reason      string     `json:"reason"`
	Note        string     `json:"note,omitempty"`
	DuplicateOf int64      `json:"duplicate_of,omitempty"`
	Weight      float64    `json:"weight"`
	CreatedAt   time.Time  `json:"created_at"`
}

func flagJSON(f moderation.Flag) apiFlag {
	return apiFlag{f.ID, f.PostID, userRefJSON(f.User), string(f.Reason), f.Note, f.DuplicateOfID, f.Weight, f.CreatedAt}
}

// threadRef reads a thread given in JSON as a number or as a link. A
// link is checked once the body is decoded, so that a bad one is refused
// as an error in its field rather than as a malformed body.
type threadRef struct {
	id   int64
	link string
}

func (r *threadRef) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &r.id); err == nil {
		return nil
	}
	return json.Unmarshal(b, &r.link)
}

// ID returns the thread's ID (0 when none was given); field names the
// input in the error for a link that is not one.
func (r threadRef) ID(field string) (int64, error) {
	if r.link == "" {
		return r.id, nil
	}
	return parseThreadRef(field, r.link)
}

func (a *App) apiFlag(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason      string    `json:"reason"`
		Note        string    `json:"note"`
		DuplicateOf threadRef `json:"duplicate_of"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	dup, err := in.DuplicateOf.ID("duplicate_of")
	if err != nil {
		return err
	}
	res, err := a.mod.Flag(c.Request().Context(), u, id, moderation.FlagInput{Reason: in.Reason, Note: in.Note, DuplicateOf: dup})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"flag": flagJSON(*res.Flag), "hidden": res.Hidden})
}

type apiReviewItem struct {
	Post        apiPost   `json:"post"`
	Thread      apiThread `json:"thread"`
	Flags       []apiFlag `json:"flags"`
	Score       float64   `json:"score"`
	Held        bool      `json:"held"`
	HoldReasons []string  `json:"hold_reasons"`
	Since       time.Time `json:"since"`
}

func (a *App) apiQueue(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	n, err := queryPage(c)
	if err != nil {
		return err
	}
	items, total, err := a.mod.Queue(c.Request().Context(), u, n)
	if err != nil {
		return err
	}
	out := make([]apiReviewItem, 0, len(items))
	for _, it := range items {
		r := apiReviewItem{Post: postJSON(it.Post, it.Thread.AcceptedPostID, 0), Thread: threadJSON(it.Thread),
			Flags: []apiFlag{}, Score: it.Score, Held: it.Held, HoldReasons: it.HoldReasons, Since: it.Since}
		if r.HoldReasons == nil {
			r.HoldReasons = []string{}
		}
		for _, f := range it.Flags {
			r.Flags = append(r.Flags, flagJSON(f))
		}
		out = append(out, r)
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total, "page": n, "per_page": moderation.QueuePerPage})
}

func (a *App) apiReview(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Decision    string    `json:"decision"`
		Reason      string    `json:"reason"`
		Days        int       `json:"days"`
		DuplicateOf threadRef `json:"duplicate_of"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	dup, err := in.DuplicateOf.ID("duplicate_of")
	if err != nil {
		return err
	}
	if err := a.mod.Review(c.Request().Context(), u, id, moderation.ReviewInput{
		Decision: in.Decision, Reason: in.Reason, Days: in.Days, DuplicateOf: dup,
	}); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"post_id": id, "decision": in.Decision})
}

func (a *App) apiDashboard(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	d, err := a.mod.Dashboard(c.Request().Context(), u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{
		"queue_size": d.QueueSize, "held_posts": d.HeldPosts, "oldest_flag_at": d.OldestFlag,
		"actions_today": d.ActionsDay, "my_actions_today": d.MyActionDay,
	})
}

type apiAuditEntry struct {
	ID         int64           `json:"id"`
	Actor      *apiUserRef     `json:"actor"`
	Action     string          `json:"action"`
	TargetType string          `json:"target_type"`
	TargetID   int64           `json:"target_id"`
	Reason     string          `json:"reason"`
	Before     json.RawMessage `json:"before"`
	After      json.RawMessage `json:"after"`
	CreatedAt  time.Time       `json:"created_at"`
}

func (a *App) apiAudit(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	f, err := auditFilter(c)
	if err != nil {
		return err
	}
	entries, total, err := a.mod.AuditLog(c.Request().Context(), u, f)
	if err != nil {
		return err
	}
	out := make([]apiAuditEntry, 0, len(entries))
	for _, e := range entries {
		x := apiAuditEntry{ID: e.ID, Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID, Reason: e.Reason,
			Before: json.RawMessage(e.Before), After: json.RawMessage(e.After), CreatedAt: e.CreatedAt}
		if e.Actor != nil {
			r := userRefJSON(*e.Actor)
			x.Actor = &r
		}
		out = append(out, x)
	}
	return c.JSON(http.StatusOK, map[string]any{"entries": out, "total": total, "page": f.Page, "per_page": moderation.AuditPerPage})
}

func (a *App) apiMerge(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Into   threadRef `json:"into"`
		Reason string    `json:"reason"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	into, err := in.Into.ID("into")
	if err != nil {
		return err
	}
	t, err := a.mod.Merge(c.Request().Context(), u, id, into, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"merged": id, "thread": threadJSON(*t)})
}

func (a *App) apiUnmerge(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.mod.Unmerge(c.Request().Context(), u, id, c.QueryParam("reason"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"thread": threadJSON(*t)})
}

func (a *App) apiThreadAction(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Action      string    `json:"action"`
		Reason      string    `json:"reason"`
		Category    string    `json:"category"`
		Title       string    `json:"title"`
		Tags        []string  `json:"tags"`
		DuplicateOf threadRef `json:"duplicate_of"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	dup, err := in.DuplicateOf.ID("duplicate_of")
	if err != nil {
		return err
	}
	t, err := a.mod.ActOnThread(c.Request().Context(), u, id, moderation.ThreadActionInput{
		Action: in.Action, Reason: in.Reason, Category: in.Category, Title: in.Title, Tags: in.Tags, DuplicateOf: dup,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"thread": threadJSON(*t)})
}

func (a *App) apiUserAction(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	var in struct {
		Action string `json:"action"`
		Days   int    `json:"days"`
		Reason string `json:"reason"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	res, err := a.mod.ActOnPerson(c.Request().Context(), u, c.Param("username"), moderation.PersonInput{Action: in.Action, Days: in.Days, Reason: in.Reason})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{
		"username": res.User.Username, "suspended_until": res.User.SuspendedUntil, "silenced_until": res.User.SilencedUntil,
		"deleted_threads": res.Threads, "deleted_posts": res.Posts,
	})
}

func (a *App) apiSpamWords(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	words, err := a.mod.SpamWords(c.Request().Context(), u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"words": words})
}

func (a *App) apiSetSpamWords(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	var in struct {
		Words []string `json:"words"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	words, err := a.mod.SetSpamWords(c.Request().Context(), u, in.Words)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"words": words})
}

type apiNotification struct {
	ID        int64       `json:"id"`
	Kind      string      `json:"kind"`
	ThreadID  int64       `json:"thread_id,omitempty"`
	PostID    int64       `json:"post_id,omitempty"`
	Actor     *apiUserRef `json:"actor,omitempty"`
	Title     string      `json:"title"`
	Reason    string      `json:"reason,omitempty"`
	Message   string      `json:"message"`
	CreatedAt time.Time   `json:"created_at"`
	Read      bool        `json:"read"`
}

func (a *App) apiNotifications(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	n, err := queryPage(c)
	if err != nil {
		return err
	}
	items, unread, err := a.svc.Notifications(c.Request().Context(), u, n)
	if err != nil {
		return err
	}
	l := a.localizer(c)
	out := make([]apiNotification, 0, len(items))
	for _, it := range items {
		x := apiNotification{ID: it.ID, Kind: it.Kind, ThreadID: it.ThreadID, PostID: it.PostID, Title: it.Title,
			Reason: it.Reason, Message: notificationText(l, it), CreatedAt: it.CreatedAt, Read: it.ReadAt != nil}
		if it.Actor != nil {
			r := userRefJSON(*it.Actor)
			x.Actor = &r
		}
		out = append(out, x)
	}
	return c.JSON(http.StatusOK, map[string]any{"notifications": out, "unread": unread, "page": n})
}

func (a *App) apiNotificationsRead(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	if err := a.svc.MarkNotificationsRead(c.Request().Context(), u); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"unread": 0})
}

// notificationText says what happened, in the reader's language.
func notificationText(l *Localizer, n forum.Notification) string {
	return l.T("notify."+n.Kind, n.Title)
}

// holdReasonText says one of the spam check's reasons ("word: casino",
// "links: 4") in the reader's language.
func holdReasonText(l *Localizer, r string) string {
	kind, value, _ := strings.Cut(r, ": ")
	switch kind {
	case "word":
		return l.T("mod.hold_word", value)
	case "links":
		return l.T("mod.hold_links", value)
	}
	return r
}

// notificationURL is where a notification leads.
func notificationURL(n forum.Notification) string {
	if n.Kind == forum.NotifyCluster {
		return "/staff/clusters"
	}
	if n.ThreadID == 0 {
		return "/notifications"
	}
	u := "/t/" + strconv.FormatInt(n.ThreadID, 10)
	if n.PostID != 0 {
		u += "#post-" + strconv.FormatInt(n.PostID, 10)
	}
	return u
}
