package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// The JSON shapes of the API. They are written out rather than derived from
// the domain types, so that nothing private (a password hash, an email)
// can leak by a field being added to a domain struct.

type apiUserRef struct {
	Username string `json:"username"`
	Role     string `json:"role"`
	Badge    bool   `json:"badge"`
}

func userRefJSON(u forum.UserRef) apiUserRef {
	return apiUserRef{Username: u.Username, Role: u.Role.String(), Badge: u.Role.HasBadge()}
}

type apiCategory struct {
	Slug                string `json:"slug"`
	Name                string `json:"name"`
	Description         string `json:"description"`
	ResponseTargetHours int    `json:"response_target_hours"`
	Position            int    `json:"position"`
	ThreadCount         int    `json:"thread_count"`
}

func categoryJSON(c forum.Category) apiCategory {
	return apiCategory{c.Slug, c.Name, c.Description, c.ResponseTargetHours, c.Position, c.ThreadCount}
}

type apiThread struct {
	ID             int64      `json:"id"`
	Title          string     `json:"title"`
	URL            string     `json:"url"`
	Category       string     `json:"category"`
	Author         apiUserRef `json:"author"`
	Lang           string     `json:"lang"`
	Tags           []string   `json:"tags"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"created_at"`
	LastActivityAt time.Time  `json:"last_activity_at"`
	AnswerCount    int        `json:"answer_count"`
	MeTooCount     int        `json:"metoo_count"`
	AcceptedPostID int64      `json:"accepted_post_id,omitempty"`
	Locked         bool       `json:"locked"`
	Closed         bool       `json:"closed"`
	CloseReason    string     `json:"close_reason,omitempty"`
	DuplicateOf    int64      `json:"duplicate_of,omitempty"`
	Pinned         bool       `json:"pinned"`
	Hidden         bool       `json:"hidden,omitempty"`
	HiddenReason   string     `json:"hidden_reason,omitempty"`
	MergedInto     int64      `json:"merged_into,omitempty"`
	NeedsHelp      bool       `json:"needs_help,omitempty"`
	ClaimedBy      string     `json:"claimed_by,omitempty"`
	Deleted        bool       `json:"deleted,omitempty"`
}

func threadJSON(t forum.Thread) apiThread {
	tags := t.Tags
	if tags == nil {
		tags = []string{}
	}
	return apiThread{
		ID: t.ID, Title: t.Title, URL: threadURL(t), Category: t.CategorySlug, Author: userRefJSON(t.Author),
		Lang: t.Lang, Tags: tags, Status: t.Status(), CreatedAt: t.CreatedAt, LastActivityAt: t.LastActivityAt,
		AnswerCount: t.AnswerCount, MeTooCount: t.MeTooCount, AcceptedPostID: t.AcceptedPostID,
		Locked: t.LockedAt != nil, Closed: t.ClosedAt != nil, CloseReason: t.CloseReason, DuplicateOf: t.DuplicateOfID,
		Pinned: t.PinnedAt != nil, Hidden: t.HiddenAt != nil, HiddenReason: t.HiddenReason, MergedInto: t.MergedIntoID,
		NeedsHelp: t.WaitingForStaff(), ClaimedBy: claimer(t),
		Deleted: t.DeletedAt != nil,
	}
}

func claimer(t forum.Thread) string {
	if t.ClaimedBy == nil {
		return ""
	}
	return t.ClaimedBy.Username
}

type apiPost struct {
	ID         int64      `json:"id"`
	ThreadID   int64      `json:"thread_id"`
	Author     apiUserRef `json:"author"`
	IsQuestion bool       `json:"is_question"`
	Accepted   bool       `json:"accepted"`
	Body       string     `json:"body"`
	BodyHTML   string     `json:"body_html"`
	Score      int        `json:"score"`
	MyVote     int        `json:"my_vote,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at,omitempty"`
	Deleted    bool       `json:"deleted,omitempty"`
	Hidden     bool       `json:"hidden,omitempty"`
	// HiddenReason is "flags", "moderator" or "held".
	HiddenReason string `json:"hidden_reason,omitempty"`
	// MergedFrom is the thread the post came from in a merge.
	MergedFrom       int64        `json:"merged_from,omitempty"`
	MergedFromSolved bool         `json:"merged_from_solved,omitempty"`
	Comments         []apiComment `json:"comments"`
}

type apiComment struct {
	ID        int64      `json:"id"`
	PostID    int64      `json:"post_id"`
	Author    apiUserRef `json:"author"`
	Body      string     `json:"body"`
	BodyHTML  string     `json:"body_html"`
	CreatedAt time.Time  `json:"created_at"`
}

func commentJSON(c forum.Comment) apiComment {
	return apiComment{c.ID, c.PostID, userRefJSON(c.Author), c.BodyMD, c.BodyHTML, c.CreatedAt}
}

func postJSON(p forum.Post, acceptedID int64, myVote int) apiPost {
	out := apiPost{
		ID: p.ID, ThreadID: p.ThreadID, Author: userRefJSON(p.Author), IsQuestion: p.IsQuestion,
		Accepted: p.ID == acceptedID && acceptedID != 0, Body: p.BodyMD, BodyHTML: p.BodyHTML, Score: p.Score,
		MyVote: myVote, CreatedAt: p.CreatedAt, EditedAt: p.EditedAt, Deleted: p.Deleted(), Comments: []apiComment{},
		Hidden: p.Hidden(), HiddenReason: p.HiddenReason, MergedFrom: p.MergedFrom.ID, MergedFromSolved: p.MergedFromSolved,
	}
	for _, c := range p.Comments {
		out.Comments = append(out.Comments, commentJSON(c))
	}
	return out
}

type apiReceipt struct {
	ThreadID            int64  `json:"thread_id"`
	Category            string `json:"category"`
	ResponseTargetHours int    `json:"response_target_hours"`
	// MedianFirstAnswerSeconds is null when the category has no history.
	MedianFirstAnswerSeconds *int64 `json:"median_first_answer_seconds"`
	Samples                  int    `json:"samples"`
	Message                  string `json:"message"`
}

func receiptJSON(r *forum.Receipt, l *Localizer) apiReceipt {
	out := apiReceipt{ThreadID: r.ThreadID, Category: r.CategoryName, ResponseTargetHours: r.ResponseTargetHours, Samples: r.Samples}
	p := ThreadPage{Page: Page{L: l}, Receipt: r}
	out.Message = l.T("receipt.posted") + " " + p.ReceiptText() + " " + l.N("receipt.target", r.ResponseTargetHours)
	if r.Samples > 0 {
		s := int64(r.MedianFirstAnswer / time.Second)
		out.MedianFirstAnswerSeconds = &s
	}
	return out
}

// bindJSON decodes a JSON body into v, answering a broken or oversized body
// with a clear 400 or 413.
func bindJSON(c echo.Context, v any) error {
	if err := requireJSON(c); err != nil {
		return err
	}
	dec := json.NewDecoder(c.Request().Body)
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			return forum.E(forum.TooLarge, "error.body_too_large", maxBody>>10)
		case errors.Is(err, io.EOF):
			return forum.E(forum.Invalid, "error.json_malformed")
		}
		return forum.E(forum.Invalid, "error.json_malformed")
	}
	return nil
}

func (a *App) apiUserOrFail(c echo.Context) (*forum.User, error) {
	u := currentUser(c)
	if u == nil {
		return nil, forum.E(forum.Unauthenticated, "error.login_required")
	}
	return u, nil
}

type credentials struct {
	Username string `json:"username"`
	Email    string `json:"email"`
	Password string `json:"password"`
	Language string `json:"language"`
	// OTP is the code from the authenticator app (or a recovery code), for
	// accounts with two-factor authentication.
	OTP string `json:"otp"`
}

type apiMeJSON struct {
	Username  string `json:"username"`
	Email     string `json:"email"`
	Role      string `json:"role"`
	Language  string `json:"language"`
	TwoFactor bool   `json:"two_factor"`
}

func meJSON(u *forum.User) apiMeJSON {
	return apiMeJSON{u.Username, u.Email, u.Role.String(), u.Language, u.TwoFactor}
}

func (a *App) apiRegister(c echo.Context) error {
	var in credentials
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := a.svc.Register(c.Request().Context(), forum.RegisterInput{
		Username: in.Username, Email: in.Email, Password: in.Password, Language: in.Language, IP: c.RealIP()})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, meJSON(u))
}

func (a *App) apiToken(c echo.Context) error {
	var in credentials
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := a.svc.Login(c.Request().Context(), in.Username, in.Password, c.RealIP())
	if err != nil {
		if u != nil {
			c.Set(ctxLang, u.Language)
		}
		return err
	}
	if u.TwoFactor {
		if in.OTP == "" {
			return &forum.Error{Kind: forum.Unauthenticated, Code: "error.two_factor_needed", Field: "otp"}
		}
		if err := a.svc.VerifySecondFactor(c.Request().Context(), u, in.OTP); err != nil {
			if e := forum.AsError(err); e.Kind == forum.Invalid {
				return &forum.Error{Kind: forum.Unauthenticated, Code: e.Code, Field: "otp"}
			}
			return err
		}
	}
	token, err := a.svc.StartSession(c.Request().Context(), u, forum.TokenAPI)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"token": token})
}

func (a *App) apiTokenDelete(c echo.Context) error {
	if c.Get(ctxBearer) != true {
		return forum.E(forum.Unauthenticated, "error.bad_token")
	}
	token, _ := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
	if err := a.svc.EndSession(c.Request().Context(), token); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *App) apiMe(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, meJSON(u))
}

func (a *App) apiCategories(c echo.Context) error {
	cats, err := a.svc.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]apiCategory, 0, len(cats))
	for _, cat := range cats {
		out = append(out, categoryJSON(cat))
	}
	return c.JSON(http.StatusOK, map[string]any{"categories": out})
}

type categoryBody struct {
	Slug                string `json:"slug"`
	Name                string `json:"name"`
	Description         string `json:"description"`
	ResponseTargetHours int    `json:"response_target_hours"`
	Position            int    `json:"position"`
}

func (b categoryBody) input() forum.CategoryInput {
	return forum.CategoryInput{Slug: b.Slug, Name: b.Name, Description: b.Description, ResponseTargetHours: b.ResponseTargetHours, Position: b.Position}
}

func (a *App) apiCategoryCreate(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	var in categoryBody
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cat, err := a.svc.CreateCategory(c.Request().Context(), u, in.input())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, categoryJSON(*cat))
}

func (a *App) apiCategoryUpdate(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	cat, err := a.svc.Category(c.Request().Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	in := categoryBody{Slug: cat.Slug, Name: cat.Name, Description: cat.Description, ResponseTargetHours: cat.ResponseTargetHours, Position: cat.Position}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cat, err = a.svc.UpdateCategory(c.Request().Context(), u, cat.ID, in.input())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, categoryJSON(*cat))
}

func (a *App) apiTags(c echo.Context) error {
	tags, err := a.svc.PopularTags(c.Request().Context(), 100)
	if err != nil {
		return err
	}
	type tag struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	out := make([]tag, 0, len(tags))
	for _, t := range tags {
		out = append(out, tag{t.Name, t.Count})
	}
	return c.JSON(http.StatusOK, map[string]any{"tags": out})
}

func (a *App) apiThreads(c echo.Context) error {
	ctx := c.Request().Context()
	f := forum.ThreadFilter{Tag: c.QueryParam("tag"), Status: c.QueryParam("status"), Sort: c.QueryParam("sort")}
	var err error
	if f.Page, err = queryPage(c); err != nil {
		return err
	}
	if v := c.QueryParam("per_page"); v != "" {
		if f.PerPage, err = strconv.Atoi(v); err != nil || f.PerPage < 1 || f.PerPage > 100 {
			return forum.FieldError("per_page", "error.filter_invalid")
		}
	}
	if slug := c.QueryParam("category"); slug != "" {
		cat, err := a.svc.Category(ctx, slug)
		if err != nil {
			if forum.ErrorKind(err) == forum.NotFound {
				return &forum.Error{Kind: forum.NotFound, Code: "error.category_unknown", Field: "category"}
			}
			return err
		}
		f.CategoryID = cat.ID
	}
	page, err := a.svc.Threads(ctx, f)
	if err != nil {
		return err
	}
	out := make([]apiThread, 0, len(page.Threads))
	for _, t := range page.Threads {
		out = append(out, threadJSON(t))
	}
	return c.JSON(http.StatusOK, map[string]any{
		"threads": out, "page": page.Page, "per_page": page.PerPage, "total": page.Total, "has_next": page.HasNext(),
	})
}

type askBody struct {
	Category string   `json:"category"`
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Tags     []string `json:"tags"`
}

func (a *App) apiAsk(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	var in askBody
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	l := a.localizer(c)
	t, r, err := a.svc.Ask(c.Request().Context(), u, forum.AskInput{CategorySlug: in.Category, Title: in.Title, Body: in.Body, Tags: in.Tags, Lang: l.Lang})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"thread": threadJSON(*t), "receipt": receiptJSON(r, l)})
}

func (a *App) apiThread(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Thread(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	if v.Thread.MergedIntoID != 0 {
		return c.JSON(http.StatusOK, map[string]any{"id": v.Thread.ID, "merged_into": v.Thread.MergedIntoID})
	}
	posts := []apiPost{postJSON(v.Question, v.Thread.AcceptedPostID, 0)}
	for _, p := range v.Answers {
		posts = append(posts, postJSON(p, v.Thread.AcceptedPostID, v.MyVotes[p.ID]))
	}
	return c.JSON(http.StatusOK, map[string]any{"thread": threadJSON(v.Thread), "posts": posts, "me_too": v.MeToo})
}

func (a *App) apiReceipt(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := a.svc.Receipt(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, receiptJSON(r, a.localizer(c)))
}

type bodyOnly struct {
	Body string `json:"body"`
}

func (a *App) apiAnswer(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in bodyOnly
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p, err := a.svc.Answer(c.Request().Context(), u, id, in.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, postJSON(*p, 0, 0))
}

func (a *App) apiMeToo(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	on := c.Request().Method == http.MethodPut
	n, err := a.svc.MeToo(c.Request().Context(), u, id, on)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"me_too": on, "metoo_count": n})
}

func (a *App) apiAccept(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		PostID int64 `json:"post_id"`
	}
	if c.Request().Method == http.MethodPost {
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		if in.PostID <= 0 {
			return forum.FieldError("post_id", "error.required")
		}
	}
	t, err := a.svc.Accept(c.Request().Context(), u, id, in.PostID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"thread_id": t.ID, "accepted_post_id": t.AcceptedPostID, "status": t.Status()})
}

func (a *App) apiEditPost(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	p, t, err := a.svc.Post(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	// Fields left out keep their current value.
	in := struct {
		Title *string  `json:"title"`
		Body  *string  `json:"body"`
		Tags  []string `json:"tags"`
	}{}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	edit := forum.PostEdit{Title: t.Title, Body: p.BodyMD, Tags: t.Tags}
	if in.Title != nil {
		edit.Title = *in.Title
	}
	if in.Body != nil {
		edit.Body = *in.Body
	}
	if in.Tags != nil {
		edit.Tags = in.Tags
	}
	p, err = a.svc.EditPost(c.Request().Context(), u, id, edit)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, postJSON(*p, t.AcceptedPostID, 0))
}

func (a *App) apiDeletePost(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, _, err := a.svc.DeletePost(c.Request().Context(), u, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *App) apiRevisions(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	revs, _, err := a.svc.Revisions(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	type rev struct {
		Number    int        `json:"number"`
		Title     string     `json:"title,omitempty"`
		Body      string     `json:"body"`
		Editor    apiUserRef `json:"editor"`
		CreatedAt time.Time  `json:"created_at"`
	}
	out := make([]rev, 0, len(revs))
	for _, r := range revs {
		out = append(out, rev{r.Number, r.Title, r.BodyMD, userRefJSON(r.Editor), r.CreatedAt})
	}
	return c.JSON(http.StatusOK, map[string]any{"revisions": out})
}

func (a *App) apiVote(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Value int `json:"value"`
	}
	if c.Request().Method == http.MethodPut {
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		if in.Value != 1 && in.Value != -1 {
			return forum.FieldError("value", "error.vote_value")
		}
	}
	score, _, err := a.svc.Vote(c.Request().Context(), u, id, in.Value)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"post_id": id, "score": score, "my_vote": in.Value})
}

func (a *App) apiComment(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in bodyOnly
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	cm, _, err := a.svc.AddComment(c.Request().Context(), u, id, in.Body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, commentJSON(*cm))
}

func (a *App) apiCommentDelete(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.svc.DeleteComment(c.Request().Context(), u, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *App) apiUser(c echo.Context) error {
	u, err := a.svc.User(c.Request().Context(), c.Param("username"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{
		"username": u.Username, "role": u.Role.String(), "badge": u.Role.HasBadge(), "created_at": u.CreatedAt,
	})
}

func (a *App) apiSetRole(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	var in struct {
		Role string `json:"role"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	role, err := forum.ParseRole(in.Role)
	if err != nil {
		return err
	}
	target, err := a.mod.SetRole(c.Request().Context(), u, c.Param("username"), role)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"username": target.Username, "role": target.Role.String()})
}
