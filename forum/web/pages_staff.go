package web

import (
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
