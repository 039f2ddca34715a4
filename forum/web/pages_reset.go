package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// ResetPage is the "forgot password" form, and the new-password form a
// reset link opens.
type ResetPage struct {
	Page
	Error  string
	Field  string
	Login  string
	Sent   bool   // the request was taken: "if the account exists, a mail is on its way"
	Secret string // the link's secret, carried into the form
	For    string // the account's name, on the new-password form
}

func (a *App) forgotPage(c echo.Context) error {
	if currentUser(c) != nil {
		return seeOther(c, "/settings")
	}
	return a.render(c, http.StatusOK, "password_forgot", ResetPage{Page: a.page(c, a.localizer(c).T("reset.title"))})
}

// forgotSubmit mails a link if the account exists and answers the same
// page either way, so that nobody learns which addresses have accounts.
func (a *App) forgotSubmit(c echo.Context) error {
	login := formValue(c, "login")
	p := ResetPage{Page: a.page(c, a.localizer(c).T("reset.title")), Login: login}
	err := a.svc.RequestPasswordReset(c.Request().Context(), login, c.RealIP(), a.resetMail)
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			p.Error, p.Field = msg, field
			return a.render(c, status, "password_forgot", p)
		})
	}
	p.Sent = true
	return a.render(c, http.StatusOK, "password_forgot", p)
}

var resetMailHTML = template.Must(template.New("reset").Parse(`<!doctype html>
<html lang="{{.Lang}}"><body>
<p>{{.Hello}}</p>
<p>{{.Why}}</p>
<p><a href="{{.Link}}">{{.Action}}</a></p>
<p><small>{{.NotYou}}</small></p>
</body></html>`))

// resetMail writes the reset mail in the account's language. The link is
// built on the configured base address, never on the request's Host
// header, which whoever asks could set to their own server.
func (a *App) resetMail(u *forum.User, secret string) (forum.Mail, error) {
	lang := u.Language
	if lang == "" {
		lang = Languages[0]
	}
	l := a.cats.For(lang)
	link := a.baseURL() + "/password/reset?token=" + url.QueryEscape(secret)
	data := struct{ Lang, Hello, Why, Link, Action, NotYou string }{
		lang, l.T("mail.hello", u.Username), l.T("reset.mail_why"), link, l.T("reset.mail_action"), l.T("reset.mail_not_you")}
	var html strings.Builder
	if err := resetMailHTML.Execute(&html, data); err != nil {
		return forum.Mail{}, err
	}
	text := data.Hello + "\n\n" + data.Why + "\n\n" + link + "\n\n" + data.NotYou + "\n"
	return forum.Mail{Subject: l.T("reset.mail_subject"), Text: text, HTML: html.String()}, nil
}

func (a *App) baseURL() string {
	if a.cfg.BaseURL != "" {
		return strings.TrimSuffix(a.cfg.BaseURL, "/")
	}
	return "http://127.0.0.1:8080"
}

// resetPage opens the new-password form of a reset link.
func (a *App) resetPage(c echo.Context) error {
	secret := c.QueryParam("token")
	u, err := a.svc.PasswordResetAccount(c.Request().Context(), secret)
	if err != nil {
		return err
	}
	c.Set(ctxLang, u.Language)
	// The page holds the secret: keep it out of other sites' Referer.
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return a.render(c, http.StatusOK, "password_reset", ResetPage{Page: a.page(c, a.localizer(c).T("reset.new_title")), Secret: secret, For: u.Username})
}

func (a *App) resetSubmit(c echo.Context) error {
	secret := formValue(c, "token")
	u, err := a.svc.ResetPassword(c.Request().Context(), secret, formValue(c, "password"))
	if err != nil {
		if u == nil {
			return err // the link is unknown, used or expired: its own page
		}
		c.Set(ctxLang, u.Language)
		return a.formError(c, err, func(status int, msg, field string) error {
			c.Response().Header().Set("Referrer-Policy", "no-referrer")
			return a.render(c, status, "password_reset", ResetPage{Page: a.page(c, a.localizer(c).T("reset.new_title")),
				Error: msg, Field: field, Secret: secret, For: u.Username})
		})
	}
	return seeOther(c, "/login?reset=1")
}
