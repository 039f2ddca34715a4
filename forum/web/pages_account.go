package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

// AccountForm is the login, registration and setup form with what was typed
// (never the password).
type AccountForm struct {
	Page
	Error    string
	Field    string
	Username string
	Email    string
	Next     string
	Reset    bool // back from setting a new password by a reset link
}

func (a *App) accountForm(c echo.Context, titleKey string, f AccountForm) AccountForm {
	f.Page = a.page(c, a.localizer(c).T(titleKey))
	f.Next = safeNext(f.Next)
	return f
}

// startSession logs u in on this browser with a fresh session id.
func (a *App) startSession(c echo.Context, u *forum.User) error {
	if ck, err := c.Cookie(a.sessionCookieName()); err == nil && ck.Value != "" {
		_ = a.svc.EndSession(c.Request().Context(), ck.Value)
	}
	secret, err := a.svc.StartSession(c.Request().Context(), u, forum.TokenSession)
	if err != nil {
		return err
	}
	c.SetCookie(a.cookie(a.sessionCookieName(), secret, forum.SessionAbsolute))
	return nil
}

func (a *App) loginPage(c echo.Context) error {
	if currentUser(c) != nil {
		return seeOther(c, safeNext(c.QueryParam("next")))
	}
	return a.render(c, http.StatusOK, "login", a.accountForm(c, "login.title", AccountForm{Next: c.QueryParam("next"), Reset: c.QueryParam("reset") == "1"}))
}

func (a *App) loginSubmit(c echo.Context) error {
	name, next := formValue(c, "username"), safeNext(formValue(c, "next"))
	u, err := a.svc.Login(c.Request().Context(), name, formValue(c, "password"), c.RealIP())
	if err != nil {
		if u != nil {
			c.Set(ctxLang, u.Language)
		}
		return a.formError(c, err, func(status int, msg, field string) error {
			return a.render(c, status, "login", a.accountForm(c, "login.title", AccountForm{Error: msg, Field: field, Username: name, Next: next}))
		})
	}
	if u.TwoFactor {
		return a.beginSecondFactor(c, u, next)
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return seeOther(c, next)
}

func (a *App) logoutSubmit(c echo.Context) error {
	if ck, err := c.Cookie(a.sessionCookieName()); err == nil && ck.Value != "" {
		if err := a.svc.EndSession(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	c.SetCookie(a.cookie(a.sessionCookieName(), "", -1))
	return seeOther(c, "/")
}

func (a *App) registerPage(c echo.Context) error {
	return a.render(c, http.StatusOK, "register", a.accountForm(c, "register.title", AccountForm{Next: c.QueryParam("next")}))
}

func (a *App) registerSubmit(c echo.Context) error {
	in := forum.RegisterInput{Username: formValue(c, "username"), Email: formValue(c, "email"),
		Password: formValue(c, "password"), Language: a.localizer(c).Lang, IP: c.RealIP()}
	next := safeNext(formValue(c, "next"))
	u, err := a.svc.Register(c.Request().Context(), in)
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			return a.render(c, status, "register", a.accountForm(c, "register.title",
				AccountForm{Error: msg, Field: field, Username: in.Username, Email: in.Email, Next: next}))
		})
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return seeOther(c, next)
}

func (a *App) setupPage(c echo.Context) error {
	need, err := a.needsSetup(c.Request().Context())
	if err != nil {
		return err
	}
	if !need {
		return seeOther(c, "/")
	}
	return a.render(c, http.StatusOK, "setup", a.accountForm(c, "setup.title", AccountForm{}))
}

func (a *App) setupSubmit(c echo.Context) error {
	in := forum.RegisterInput{Username: formValue(c, "username"), Email: formValue(c, "email"),
		Password: formValue(c, "password"), Language: a.localizer(c).Lang}
	u, err := a.svc.SetupAdmin(c.Request().Context(), in)
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			return a.render(c, status, "setup", a.accountForm(c, "setup.title",
				AccountForm{Error: msg, Field: field, Username: in.Username, Email: in.Email}))
		})
	}
	a.setupOK.Store(true)
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return seeOther(c, "/admin/categories")
}

// SettingsPage is the account's own settings.
type SettingsPage struct {
	Page
	Saved           bool
	PasswordChanged bool
	Error           string
	Field           string
}

func (a *App) settingsPage(c echo.Context) error {
	if currentUser(c) == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	p := SettingsPage{Page: a.page(c, a.localizer(c).T("settings.title")), Saved: c.QueryParam("saved") == "1",
		PasswordChanged: c.QueryParam("saved") == "password"}
	return a.render(c, http.StatusOK, "settings", p)
}

func (a *App) settingsSubmit(c echo.Context) error {
	u := currentUser(c)
	if u == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	if err := a.svc.SetLanguage(c.Request().Context(), u, formValue(c, "language")); err != nil {
		return err
	}
	return seeOther(c, "/settings?saved=1")
}

// languageSubmit lets a guest pick the UI language; it is kept in a cookie.
// A signed-in member's choice is stored with the account instead.
func (a *App) languageSubmit(c echo.Context) error {
	lang, err := forum.ValidateLanguage(formValue(c, "language"))
	if err != nil {
		return err
	}
	if u := currentUser(c); u != nil {
		if err := a.svc.SetLanguage(c.Request().Context(), u, lang); err != nil {
			return err
		}
	}
	ck := a.cookie(langCookie, lang, 365*24*time.Hour) // #nosec G124 -- see App.cookie
	if lang == "" {
		ck.MaxAge = -1
	}
	c.SetCookie(ck)
	return seeOther(c, safeNext(formValue(c, "next")))
}

// AdminUsersPage lists accounts with their roles.
type AdminUsersPage struct {
	Page
	Users   []forum.User
	Total   int
	PageNo  int
	NextURL string
	PrevURL string
}

func (a *App) adminUsersPage(c echo.Context) error {
	n, err := queryPage(c)
	if err != nil {
		return err
	}
	users, total, err := a.svc.Users(c.Request().Context(), currentUser(c), n)
	if err != nil {
		return err
	}
	p := AdminUsersPage{Page: a.page(c, a.localizer(c).T("admin.users")), Users: users, Total: total, PageNo: n}
	p.Nav = "admin"
	if n > 1 {
		p.PrevURL = "/admin/users?page=" + strconv.Itoa(n-1)
	}
	if n*50 < total {
		p.NextURL = "/admin/users?page=" + strconv.Itoa(n+1)
	}
	return a.render(c, http.StatusOK, "admin_users", p)
}

func (a *App) adminRoleSubmit(c echo.Context) error {
	role, err := forum.ParseRole(formValue(c, "role"))
	if err != nil {
		return err
	}
	if _, err := a.mod.SetRole(c.Request().Context(), currentUser(c), c.Param("username"), role); err != nil {
		return err
	}
	return seeOther(c, "/admin/users")
}

// AdminCategoriesPage lists categories with a form for a new one.
type AdminCategoriesPage struct {
	Page
	Categories []forum.Category
	Form       CategoryForm
}

// CategoryForm is the category form with what was typed.
type CategoryForm struct {
	L     *Localizer
	Error string
	Field string
	Input forum.CategoryInput
}

func (a *App) adminCategoriesPage(c echo.Context) error {
	return a.renderAdminCategories(c, http.StatusOK, CategoryForm{Input: forum.CategoryInput{ResponseTargetHours: 24}})
}

func (a *App) renderAdminCategories(c echo.Context, status int, f CategoryForm) error {
	if !forum.CanManageCategories(currentUser(c)) {
		return forbiddenOrLogin(c)
	}
	cats, err := a.svc.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	p := AdminCategoriesPage{Page: a.page(c, a.localizer(c).T("admin.categories")), Categories: cats, Form: f}
	p.Form.L = p.L
	p.Nav = "admin"
	return a.render(c, status, "admin_categories", p)
}

func forbiddenOrLogin(c echo.Context) error {
	if currentUser(c) == nil {
		return forum.E(forum.Unauthenticated, "error.login_required")
	}
	return forum.E(forum.Forbidden, "error.forbidden")
}

func categoryInput(c echo.Context) (forum.CategoryInput, error) {
	in := forum.CategoryInput{Slug: formValue(c, "slug"), Name: formValue(c, "name"), Description: formValue(c, "description")}
	var err error
	if in.ResponseTargetHours, err = formInt(c, "response_target_hours"); err != nil {
		return in, err
	}
	in.Position, err = formInt(c, "position")
	return in, err
}

func (a *App) adminCategoryCreate(c echo.Context) error {
	in, err := categoryInput(c)
	if err == nil {
		_, err = a.svc.CreateCategory(c.Request().Context(), currentUser(c), in)
	}
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			return a.renderAdminCategories(c, status, CategoryForm{Error: msg, Field: field, Input: in})
		})
	}
	return seeOther(c, "/admin/categories")
}

// AdminCategoryPage edits one category.
type AdminCategoryPage struct {
	Page
	Category *forum.Category
	Form     CategoryForm
}

func (a *App) adminCategoryPage(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return a.renderAdminCategory(c, id, http.StatusOK, nil)
}

func (a *App) renderAdminCategory(c echo.Context, id int64, status int, f *CategoryForm) error {
	if !forum.CanManageCategories(currentUser(c)) {
		return forbiddenOrLogin(c)
	}
	cats, err := a.svc.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	var cat *forum.Category
	for i := range cats {
		if cats[i].ID == id {
			cat = &cats[i]
		}
	}
	if cat == nil {
		return forum.ErrNotFound
	}
	if f == nil {
		f = &CategoryForm{Input: forum.CategoryInput{Slug: cat.Slug, Name: cat.Name, Description: cat.Description,
			ResponseTargetHours: cat.ResponseTargetHours, Position: cat.Position}}
	}
	p := AdminCategoryPage{Page: a.page(c, cat.Name), Category: cat, Form: *f}
	p.Form.L = p.L
	p.Nav = "admin"
	return a.render(c, status, "admin_category", p)
}

func (a *App) adminCategoryUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in, err := categoryInput(c)
	if err == nil {
		_, err = a.svc.UpdateCategory(c.Request().Context(), currentUser(c), id, in)
	}
	if err != nil {
		return a.formError(c, err, func(status int, msg, field string) error {
			return a.renderAdminCategory(c, id, status, &CategoryForm{Error: msg, Field: field, Input: in})
		})
	}
	return seeOther(c, "/admin/categories")
}
