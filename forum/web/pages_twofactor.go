package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
	"rsc.io/qr"
)

// mfaCookie carries the short-lived token between a right password and the
// second factor.
const mfaCookie = "chorus_mfa"

// issuer names the forum in authenticator apps.
const issuer = "Chorus"

// requireTwoFactor keeps moderators, staff and admins without a second
// factor on the page that sets one up: until they add it, their account
// can do nothing else.
func (a *App) requireTwoFactor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !forum.NeedsTwoFactor(currentUser(c)) {
			return next(c)
		}
		switch p := c.Request().URL.Path; {
		case p == "/settings/2fa", p == "/logout", p == "/language", isProbe(p), strings.HasPrefix(p, "/static/"):
			return next(c)
		case !isAPI(c) && c.Request().Method == http.MethodGet:
			return seeOther(c, "/settings/2fa")
		}
		return forum.E(forum.Forbidden, "error.two_factor_required")
	}
}

// LoginCodePage asks for the second factor after the password.
type LoginCodePage struct {
	Page
	Error string
	Next  string
}

func (a *App) loginCodePage(c echo.Context) error {
	p := LoginCodePage{Page: a.page(c, a.localizer(c).T("login.code_title")), Next: safeNext(c.QueryParam("next"))}
	if ck, err := c.Cookie(mfaCookie); err != nil || ck.Value == "" {
		return seeOther(c, "/login?next="+p.Next)
	}
	return a.render(c, http.StatusOK, "login_code", p)
}

func (a *App) loginCodeSubmit(c echo.Context) error {
	next := safeNext(formValue(c, "next"))
	token := ""
	if ck, err := c.Cookie(mfaCookie); err == nil {
		token = ck.Value
	}
	u, err := a.svc.CompleteLogin(c.Request().Context(), token, formValue(c, "code"))
	if err != nil {
		return a.formError(c, err, func(status int, msg, _ string) error {
			p := LoginCodePage{Page: a.page(c, a.localizer(c).T("login.code_title")), Error: msg, Next: next}
			return a.render(c, status, "login_code", p)
		})
	}
	c.SetCookie(a.cookie(mfaCookie, "", -1))
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return seeOther(c, next)
}

// TwoFactorPage sets up, shows and turns off the second factor.
type TwoFactorPage struct {
	Page
	State *forum.TwoFactorState
	Setup *forum.TwoFactorSetup
	// Codes are new recovery codes, shown once.
	Codes    []string
	Required bool
	Error    string
	Field    string
}

// QR draws the setup address as an inline SVG, so the page needs no
// script and no image from elsewhere.
func (p TwoFactorPage) QR() template.HTML {
	if p.Setup == nil {
		return ""
	}
	code, err := qr.Encode(p.Setup.URI, qr.M)
	if err != nil {
		return ""
	}
	var b strings.Builder
	const quiet = 4
	n := code.Size + 2*quiet
	fmt.Fprintf(&b, `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`,
		n, n, n*5, n*5, template.HTMLEscapeString(p.L.T("twofactor.qr_label")), n, n)
	for y := range code.Size {
		for x := range code.Size {
			if code.Black(x, y) {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()) // #nosec G203 -- built here from numbers and an escaped label
}

// SecretGroups shows the secret in groups of four for typing by hand.
func (p TwoFactorPage) SecretGroups() string {
	s := p.Setup.Secret
	var parts []string
	for len(s) > 4 {
		parts = append(parts, s[:4])
		s = s[4:]
	}
	return strings.Join(append(parts, s), " ")
}

func (a *App) twoFactorPage(c echo.Context) error {
	return a.renderTwoFactor(c, http.StatusOK, TwoFactorPage{})
}

func (a *App) renderTwoFactor(c echo.Context, status int, p TwoFactorPage) error {
	u := currentUser(c)
	if u == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	st, setup, err := a.svc.TwoFactor(c.Request().Context(), u, issuer)
	if err != nil {
		return err
	}
	p.Page, p.State, p.Setup = a.page(c, a.localizer(c).T("twofactor.title")), st, setup
	p.Required = u.Role >= forum.RoleModerator
	return a.render(c, status, "twofactor", p)
}

func (a *App) twoFactorSubmit(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	ctx := c.Request().Context()
	var codes []string
	var err error
	switch formValue(c, "action") {
	case "enable":
		codes, err = a.svc.EnableTwoFactor(ctx, u, formValue(c, "code"))
	case "recovery":
		codes, err = a.svc.NewRecoveryCodes(ctx, u, formValue(c, "code"))
	case "disable":
		err = a.svc.DisableTwoFactor(ctx, u, formValue(c, "password"))
	default:
		err = forum.FieldError("action", "error.filter_invalid")
	}
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			return a.renderTwoFactor(c, status, TwoFactorPage{Error: msg, Field: field})
		})
	}
	if codes == nil {
		return seeOther(c, "/settings/2fa")
	}
	return a.renderTwoFactor(c, http.StatusOK, TwoFactorPage{Codes: codes})
}

// passwordSubmit changes the signed-in person's password. Every session
// ends, this browser gets a fresh one.
func (a *App) passwordSubmit(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	err := a.svc.ChangePassword(c.Request().Context(), u, formValue(c, "current_password"), formValue(c, "new_password"))
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			p := SettingsPage{Page: a.page(c, a.localizer(c).T("settings.title")), Error: msg, Field: field}
			return a.render(c, status, "settings", p)
		})
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return seeOther(c, "/settings?saved=password")
}

// beginSecondFactor is the login's second half: remember who typed the
// right password, for a few minutes, and ask for the code.
func (a *App) beginSecondFactor(c echo.Context, u *forum.User, next string) error {
	token, err := a.svc.StartSession(c.Request().Context(), u, forum.TokenMFA)
	if err != nil {
		return err
	}
	c.SetCookie(a.cookie(mfaCookie, token, forum.MFATokenLife))
	return seeOther(c, "/login/code?next="+url.QueryEscape(next))
}
