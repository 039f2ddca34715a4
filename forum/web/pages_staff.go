package web

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// Escalation: the staff's "needs attention" queue, the asker's "I still
// need help" and staff claims, from the pages and the API.

// AttentionPage is the staff's queue.
type AttentionPage struct {
	Page
	Items   []forum.AttentionItem
	Total   int
	Now     time.Time
	PrevURL string
	NextURL string
}

// Waiting says how long an item has waited and whether it is past target.
func (p AttentionPage) Waiting(it forum.AttentionItem) string {
	return p.L.Duration(p.Now.Sub(it.Since))
}

// Late reports whether an item is past its category's target.
func (p AttentionPage) Late(it forum.AttentionItem) bool { return it.Overdue(p.Now) > 0 }

func (a *App) attentionPage(c echo.Context) error {
	n, err := queryPage(c)
	if err != nil {
		return err
	}
	items, total, err := a.svc.NeedsAttention(c.Request().Context(), currentUser(c), n)
	if err != nil {
		return err
	}
	p := AttentionPage{Page: a.page(c, ""), Items: items, Total: total, Now: a.svc.Now()}
	p.Title, p.Nav = p.L.T("attention.title"), "staff"
	if n > 1 {
		p.PrevURL = withQuery("/staff/attention", "page", strconv.Itoa(n-1))
	}
	if n*forum.AttentionPerPage < total {
		p.NextURL = withQuery("/staff/attention", "page", strconv.Itoa(n+1))
	}
	return a.render(c, http.StatusOK, "staff_attention", p)
}

func (a *App) helpSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.svc.AskForHelp(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(*t))
}

func (a *App) claimSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.svc.Claim(c.Request().Context(), currentUser(c), id, formValue(c, "on") != "0")
	if err != nil {
		return err
	}
	return seeOther(c, threadURL(*t))
}

func (a *App) satisfactionSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	rating, err := formInt(c, "rating")
	if err != nil {
		return err
	}
	in := forum.SatisfactionInput{Solved: formValue(c, "solved") == "yes", Rating: rating, Comment: formValue(c, "comment")}
	if v := formValue(c, "solved"); v != "yes" && v != "no" {
		return forum.FieldError("solved", "error.required")
	}
	if _, err := a.svc.RateThread(c.Request().Context(), currentUser(c), id, in); err != nil {
		return err
	}
	return seeOther(c, "/t/"+strconv.FormatInt(id, 10)+"?rated=1")
}

func (a *App) apiSatisfaction(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Solved  *bool  `json:"solved"`
		Rating  int    `json:"rating"`
		Comment string `json:"comment"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Solved == nil {
		return forum.FieldError("solved", "error.required")
	}
	r, err := a.svc.RateThread(c.Request().Context(), u, id, forum.SatisfactionInput{Solved: *in.Solved, Rating: in.Rating, Comment: in.Comment})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"thread_id": r.ThreadID, "solved": r.Solved, "rating": r.Rating})
}

func (a *App) apiAttention(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	n, err := queryPage(c)
	if err != nil {
		return err
	}
	items, total, err := a.svc.NeedsAttention(c.Request().Context(), u, n)
	if err != nil {
		return err
	}
	now := a.svc.Now()
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		out = append(out, map[string]any{
			"thread": threadJSON(it.Thread), "since": it.Since, "needs_help": it.NeedsHelp,
			"waiting_seconds": int64(now.Sub(it.Since) / time.Second), "target_hours": int(it.Target / time.Hour),
		})
	}
	return c.JSON(http.StatusOK, map[string]any{"items": out, "total": total, "page": n, "per_page": forum.AttentionPerPage})
}

func (a *App) apiHelp(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.svc.AskForHelp(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"thread": threadJSON(*t)})
}

func (a *App) apiClaim(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.svc.Claim(c.Request().Context(), u, id, c.Request().Method == http.MethodPut)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"thread": threadJSON(*t)})
}

// InsightsPage is the staff's view of how the company keeps its promises.
type InsightsPage struct {
	Page
	Data        *forum.Insights
	Days        int
	DayOptions  []int
	DailyChart  template.HTML
	TargetChart template.HTML
}

// Pct writes part of whole as a whole percentage, "–" for none.
func (p InsightsPage) Pct(part, whole int) string {
	if whole == 0 {
		return "–"
	}
	return strconv.Itoa(int(forum.Share(part, whole)*100+0.5)) + " %"
}

// Wait writes a median or percentile, "–" when nothing was measured.
func (p InsightsPage) Wait(s forum.Spread, p90 bool) string {
	if s.N == 0 {
		return "–"
	}
	if p90 {
		return p.L.Duration(s.P90)
	}
	return p.L.Duration(s.Median)
}

// Stars writes a mean rating, "–" without ratings.
func (p InsightsPage) Stars(mean float64) string {
	if mean == 0 {
		return "–"
	}
	return strconv.FormatFloat(mean, 'f', 1, 64) + " ★"
}

func (a *App) insightsPage(c echo.Context) error {
	days := 30
	if v := c.QueryParam("days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return forum.FieldError("days", "error.filter_invalid")
		}
		days = n
	}
	data, err := a.svc.Insights(c.Request().Context(), currentUser(c), days)
	if err != nil {
		return err
	}
	p := InsightsPage{Page: a.page(c, ""), Data: data, Days: days, DayOptions: []int{7, 30, 90, 365}}
	p.Title, p.Nav = p.L.T("insights.title"), "staff"
	p.DailyChart = dailyChart(data.Days, p.L.T("insights.asked"), p.L.T("insights.solved"))
	var labels, texts []string
	var values []float64
	for _, in := range data.Categories {
		labels = append(labels, in.Category.Name)
		values = append(values, forum.Share(in.WithinTarget, in.TargetDue))
		texts = append(texts, p.Pct(in.WithinTarget, in.TargetDue))
	}
	p.TargetChart = barChart(labels, values, texts, p.L.T("insights.within_target"))
	return a.render(c, http.StatusOK, "staff_insights", p)
}

func (a *App) apiInsights(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	days := 30
	if v := c.QueryParam("days"); v != "" {
		if days, err = strconv.Atoi(v); err != nil {
			return forum.FieldError("days", "error.filter_invalid")
		}
	}
	data, err := a.svc.Insights(c.Request().Context(), u, days)
	if err != nil {
		return err
	}
	row := func(in forum.Insight) map[string]any {
		m := map[string]any{
			"asked": in.Asked, "answered": in.Answered, "solved": in.Solved, "within_target": in.WithinTarget, "target_due": in.TargetDue,
			"first_answer_median_seconds": int64(in.FirstAnswer.Median / time.Second), "first_answer_p90_seconds": int64(in.FirstAnswer.P90 / time.Second),
			"first_staff_median_seconds": int64(in.FirstStaff.Median / time.Second), "first_staff_p90_seconds": int64(in.FirstStaff.P90 / time.Second),
			"satisfaction_responses": in.SatResponses, "satisfaction_yes": in.SatYes, "rating_mean": in.RatingMean(),
		}
		if in.Category != nil {
			m["category"] = in.Category.Slug
		}
		return m
	}
	cats := make([]map[string]any, 0, len(data.Categories))
	for _, in := range data.Categories {
		cats = append(cats, row(in))
	}
	answerers := make([]map[string]any, 0, len(data.Answerers))
	for _, an := range data.Answerers {
		answerers = append(answerers, map[string]any{"username": an.Answerer.Username, "responses": an.Responses, "yes": an.Yes, "rating_mean": an.RatingMean()})
	}
	return c.JSON(http.StatusOK, map[string]any{"from": data.From, "to": data.To, "overall": row(data.Overall), "categories": cats, "answerers": answerers})
}
