package web

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// Following threads, categories and tags, from the pages and the API.

func (a *App) followSubmit(c echo.Context) error {
	ctx, u, on := c.Request().Context(), currentUser(c), formValue(c, "on") != "0"
	switch {
	case c.Param("id") != "":
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if err := a.svc.Follow(ctx, u, id, on); err != nil {
			return err
		}
		return seeOther(c, "/t/"+strconv.FormatInt(id, 10))
	case c.Param("slug") != "":
		cat, err := a.svc.FollowCategory(ctx, u, c.Param("slug"), on)
		if err != nil {
			return err
		}
		return seeOther(c, "/c/"+cat.Slug)
	}
	tag, err := a.svc.FollowTag(ctx, u, c.Param("tag"), on)
	if err != nil {
		return err
	}
	return seeOther(c, "/tag/"+pathEscape(tag))
}

func (a *App) apiFollow(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	ctx, on := c.Request().Context(), c.Request().Method == http.MethodPut
	switch {
	case c.Param("id") != "":
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		if err := a.svc.Follow(ctx, u, id, on); err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"thread_id": id, "following": on})
	case c.Param("slug") != "":
		cat, err := a.svc.FollowCategory(ctx, u, c.Param("slug"), on)
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, map[string]any{"category": cat.Slug, "following": on})
	}
	tag, err := a.svc.FollowTag(ctx, u, c.Param("tag"), on)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"tag": tag, "following": on})
}
