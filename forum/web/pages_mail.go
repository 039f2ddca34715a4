package web

import (
	"net/http"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// Mail settings and the one-click unsubscribe page.

// EmailSettingsPage lets a person choose, per kind, mail at once, in the
// daily digest, or none.
type EmailSettingsPage struct {
	Page
	Kinds   []string
	Modes   []string
	Prefs   map[string]string
	Saved   bool
	Bounced bool
}

func (a *App) emailSettingsPage(c echo.Context) error {
	u := currentUser(c)
	prefs, err := a.svc.EmailPrefs(c.Request().Context(), u)
	if err != nil {
		return err
	}
	p := EmailSettingsPage{Page: a.page(c, ""), Kinds: forum.MailKinds, Modes: forum.MailModes, Prefs: prefs,
		Saved: c.QueryParam("saved") == "1", Bounced: u.EmailBouncedAt != nil}
	p.Title = p.L.T("mailprefs.title")
	return a.render(c, http.StatusOK, "settings_email", p)
}

func (a *App) emailSettingsSubmit(c echo.Context) error {
	prefs := map[string]string{}
	for _, k := range forum.MailKinds {
		if v := formValue(c, k); v != "" {
			prefs[k] = v
		}
	}
	if err := a.svc.SetEmailPrefs(c.Request().Context(), currentUser(c), prefs); err != nil {
		return err
	}
	return seeOther(c, "/settings/email?saved=1")
}

// UnsubscribePage confirms what a mail's link turns off.
type UnsubscribePage struct {
	Page
	Token string
	Kind  string
	Done  bool
}

func (a *App) unsubscribePage(c echo.Context) error {
	un, err := a.svc.CheckUnsubscribe(c.Request().Context(), c.QueryParam("t"))
	if err != nil {
		return err
	}
	p := UnsubscribePage{Page: a.page(c, ""), Token: c.QueryParam("t"), Kind: un.Kind}
	p.Title = p.L.T("unsubscribe.title")
	return a.render(c, http.StatusOK, "unsubscribe", p)
}

// unsubscribeSubmit is the button on that page and the mail client's
// one-click POST (RFC 8058): the signed token is its authority, so it
// needs no session and no CSRF token.
func (a *App) unsubscribeSubmit(c echo.Context) error {
	token := c.QueryParam("t")
	if token == "" {
		token = formValue(c, "t")
	}
	un, err := a.svc.Unsubscribe(c.Request().Context(), token)
	if err != nil {
		return err
	}
	p := UnsubscribePage{Page: a.page(c, ""), Kind: un.Kind, Done: true}
	p.Title = p.L.T("unsubscribe.title")
	return a.render(c, http.StatusOK, "unsubscribe", p)
}

func (a *App) apiEmailPrefs(c echo.Context) error {
	u, err := a.apiUserOrFail(c)
	if err != nil {
		return err
	}
	if c.Request().Method == http.MethodPut {
		var in map[string]string
		if err := bindJSON(c, &in); err != nil {
			return err
		}
		if err := a.svc.SetEmailPrefs(c.Request().Context(), u, in); err != nil {
			return err
		}
	}
	prefs, err := a.svc.EmailPrefs(c.Request().Context(), u)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"prefs": prefs, "bounced": u.EmailBouncedAt != nil})
}
