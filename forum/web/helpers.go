package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// idParam reads a numeric path parameter; anything else is "not found", as
// for a thread that does not exist.
func idParam(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, forum.ErrNotFound
	}
	return id, nil
}

// formInt reads an integer form field, naming the field when it is not one.
func formInt(c echo.Context, name string) (int, error) {
	v := strings.TrimSpace(c.Request().PostFormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, forum.FieldError(name, "error.not_a_number")
	}
	return n, nil
}

func formValue(c echo.Context, name string) string { return c.Request().PostFormValue(name) }

func seeOther(c echo.Context, to string) error { return c.Redirect(http.StatusSeeOther, to) }

// safeNext keeps a "come back here" target on this site: a path, never a
// scheme, host or protocol-relative URL.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func pathEscape(s string) string { return url.PathEscape(s) }

// queryPage reads ?page=, answering a garbage value with a clear error.
func queryPage(c echo.Context) (int, error) {
	v := c.QueryParam("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, forum.FieldError("page", "error.filter_invalid")
	}
	return n, nil
}

// withQuery returns base with the query values set (empty ones dropped).
func withQuery(base string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	if len(q) == 0 {
		return base
	}
	return base + "?" + q.Encode()
}
