package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// AdminSearchPage is where admins extend the German compound dictionary.
type AdminSearchPage struct {
	Page
	Words      string
	Count      int
	Error      string
	Field      string
	Saved      bool
	Rebuilding bool
}

func (a *App) adminSearchPage(c echo.Context) error {
	words, err := a.svc.SearchWords(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	return a.renderAdminSearch(c, http.StatusOK, AdminSearchPage{
		Words: strings.Join(words, "\n"), Count: len(words),
		Saved: c.QueryParam("saved") == "1", Rebuilding: c.QueryParam("rebuilding") == "1",
	})
}

func (a *App) renderAdminSearch(c echo.Context, status int, p AdminSearchPage) error {
	p.Page = a.page(c, a.localizer(c).T("admin.search"))
	p.Nav = "admin"
	return a.render(c, status, "admin_search", p)
}

func (a *App) adminSearchSubmit(c echo.Context) error {
	text := formValue(c, "words")
	_, rebuilding, err := a.svc.SetSearchWords(c.Request().Context(), currentUser(c), text)
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			return a.renderAdminSearch(c, status, AdminSearchPage{Words: text, Error: msg, Field: field})
		})
	}
	to := "/admin/search?saved=1"
	if rebuilding {
		to += "&rebuilding=1"
	}
	return seeOther(c, to)
}
