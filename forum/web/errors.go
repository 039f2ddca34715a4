package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// statusOf maps an error kind to its HTTP status.
func statusOf(e *forum.Error) int {
	switch e.Kind {
	case forum.NotFound:
		return http.StatusNotFound
	case forum.Invalid:
		switch e.Code {
		case "error.form_malformed", "error.json_malformed", "error.bad_id":
			return http.StatusBadRequest
		}
		return http.StatusUnprocessableEntity
	case forum.Conflict:
		return http.StatusConflict
	case forum.Forbidden:
		return http.StatusForbidden
	case forum.Unauthenticated:
		return http.StatusUnauthorized
	case forum.RateLimited:
		return http.StatusTooManyRequests
	case forum.TooLarge:
		return http.StatusRequestEntityTooLarge
	case forum.Unsupported:
		return http.StatusUnsupportedMediaType
	case forum.Unavailable:
		return http.StatusServiceUnavailable
	}
	if e.Code == "error.disk_full" || e.Code == "error.busy" {
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fromEcho turns Echo's own errors (no route, wrong method) into ours.
func fromEcho(err error) (*forum.Error, int) {
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return forum.ErrNotFound, http.StatusNotFound
		case http.StatusMethodNotAllowed:
			return forum.E(forum.Invalid, "error.method"), http.StatusMethodNotAllowed
		case http.StatusRequestEntityTooLarge:
			return forum.E(forum.TooLarge, "error.body_too_large", maxBody>>10), he.Code
		}
		if he.Code < 500 {
			return forum.E(forum.Invalid, "error.bad_request"), he.Code
		}
	}
	e := forum.AsError(err)
	return e, statusOf(e)
}

// ErrorPage is the error page: what went wrong, in the person's language,
// and the text they sent, so a refused form loses nothing.
type ErrorPage struct {
	Page
	Status  int
	Message string
	Kept    []keptField
}

type keptField struct{ Label, Value string }

// handleError is the one error boundary: every error from a handler or a
// middleware ends here and becomes a JSON error (API) or an error page.
func (a *App) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	e, status := fromEcho(err)
	if status >= 500 {
		a.log.Error("request failed", "request_id", requestID(c), "method", c.Request().Method,
			"path", c.Request().URL.Path, "error", err)
	}
	l := a.localizer(c)
	if isAPI(c) {
		body := map[string]any{"code": e.Kind.String(), "reason": strings.TrimPrefix(e.Code, "error."), "message": l.Error(e)}
		if e.Field != "" {
			body["field"] = e.Field
		}
		if err := c.JSON(status, map[string]any{"error": body}); err != nil {
			a.log.Error("write error", "error", err)
		}
		return
	}
	if e.Kind == forum.Unauthenticated && c.Request().Method == http.MethodGet {
		_ = c.Redirect(http.StatusSeeOther, "/login?next="+urlQueryEscape(c.Request().URL.RequestURI()))
		return
	}
	p := ErrorPage{Page: a.page(c, l.T("error.title")), Status: status, Message: l.Error(e)}
	if c.Request().Method == http.MethodPost && c.Request().Header.Get("Sec-Fetch-Site") != "cross-site" {
		p.Kept = keptText(c, l)
	}
	if err := a.render(c, status, "error", p); err != nil {
		a.log.Error("render error page", "error", err)
		_ = c.String(status, l.Error(e))
	}
}

// keptText returns the long text fields of a refused form, so the error page
// can show them for copying (a CSRF failure must not eat an answer).
func keptText(c echo.Context, l *Localizer) []keptField {
	r := c.Request()
	if r.PostForm == nil {
		return nil
	}
	var out []keptField
	for _, name := range []string{"title", "body", "comment"} {
		if v := r.PostForm.Get(name); strings.TrimSpace(v) != "" {
			out = append(out, keptField{Label: l.T("field." + name), Value: v})
		}
	}
	return out
}
