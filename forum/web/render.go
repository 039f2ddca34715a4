package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
	"github.com/labstack/echo/v4"
)

// pageNames are the templates under default/templates, one per page; each
// is parsed together with layout.html and partials.html.
var pageNames = []string{
	"list", "thread", "ask", "search", "edit", "revisions", "login", "login_code", "register", "setup", "settings", "twofactor",
	"user", "admin_users", "admin_categories", "admin_category", "admin_search", "error",
	"mod", "mod_audit", "merge", "admin_spam", "notifications", "flag", "staff_attention", "staff_insights", "staff_clusters",
	"settings_email", "unsubscribe", "known_issues", "password_forgot", "password_reset",
}

// Funcs are the helpers templates may call. They are pure: nothing about a
// request lives here (that travels in the page struct).
func templateFuncs(as *assets) template.FuncMap {
	return template.FuncMap{
		"asset": as.url,
		// html marks HTML that forum/markdown produced and sanitised when
		// the post was saved. It is the only place stored HTML becomes
		// trusted, and it must only ever receive BodyHTML fields.
		"html":        func(s string) template.HTML { return template.HTML(s) }, // #nosec G203 -- sanitised on write by forum/markdown
		"isAdmin":     func(u *forum.User) bool { return u != nil && u.Role.AtLeast(forum.RoleAdmin) },
		"add":         func(a, b int) int { return a + b },
		"join":        strings.Join,
		"threadURL":   threadURL,
		"licenseURL":  licenseURL,
		"roles":       func() []forum.Role { return forum.Roles },
		"row":         func(l *Localizer, t forum.Thread) threadRow { return threadRow{T: t, L: l} },
		"snippet":     snippetHTML,
		"percent":     func(f float64) float64 { return f * 100 },
		"pageAndPost": func(p ThreadPage, post forum.Post) postContext { return postContext{Page: p, Post: post} },
		"notifyURL":   notificationURL,
		"list":        func(s ...string) []string { return s },
		"float":       func(n int) float64 { return float64(n) },
		"ref":         func(r forum.ThreadRef) *forum.ThreadRef { return &r },
		"refURL":      func(r *forum.ThreadRef) string { return threadURL(forum.Thread{ID: r.ID, Slug: r.Slug}) },
		"notifyText":  notificationText,
		"holdReason":  holdReasonText,
		"flagReasons": func() []moderation.Reason { return moderation.Reasons },
	}
}

// threadRow is one line of a thread list.
type threadRow struct {
	T forum.Thread
	L *Localizer
}

// postContext is one post of a thread page, with the page around it.
type postContext struct {
	Page ThreadPage
	Post forum.Post
}

func threadURL(t forum.Thread) string {
	return "/t/" + strconv.FormatInt(t.ID, 10) + "/" + t.Slug
}

func parseTemplates(fsys fs.FS, as *assets) (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(templateFuncs(as)).ParseFS(fsys,
		"default/templates/layout.html", "default/templates/partials.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.Must(base.Clone()).ParseFS(fsys, "default/templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// Page is what every page template gets; each page's struct embeds it.
type Page struct {
	L     *Localizer
	User  *forum.User
	CSRF  string
	Title string
	// Path is the current path with its query, for "log in and come back".
	Path string
	// Nav names the main tab to highlight.
	Nav string
	// Unread counts the viewer's unread notifications, for the header.
	Unread int
	// FeedURL is the page's Atom feed, if it has one.
	FeedURL string
}

// IsMod reports whether the viewer has moderator powers.
func (p Page) IsMod() bool { return p.User != nil && p.User.Role.AtLeast(forum.RoleModerator) }

// IsStaff reports whether the viewer is staff: the audit log, the "needs
// attention" queue and claims.
func (p Page) IsStaff() bool { return moderation.CanViewAudit(p.User) }

// LoginURL returns the login page that comes back here afterwards.
func (p Page) LoginURL() string { return "/login?next=" + url.QueryEscape(p.Path) }

func (a *App) localizer(c echo.Context) *Localizer {
	if lang, ok := c.Get(ctxLang).(string); ok && lang != "" {
		return a.cats.For(lang)
	}
	return a.cats.For(chooseLanguage(currentUser(c), c.Request()))
}

func (a *App) page(c echo.Context, title string) Page {
	u := currentUser(c)
	p := Page{
		L: a.localizer(c), User: u, CSRF: csrfToken(c),
		Title: title, Path: c.Request().URL.RequestURI(),
	}
	if u != nil {
		// A header count must not fail a page; without it the bell shows
		// no number.
		p.Unread, _ = a.svc.UnreadNotifications(c.Request().Context(), u)
	}
	return p
}

// render executes a page into a buffer first, so a template error becomes a
// clean error page rather than half a page.
func (a *App) render(c echo.Context, status int, name string, data any) error {
	t, ok := a.pages[name]
	if !ok {
		return forum.Internalf("no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return forum.Internalf("render %s: %w", name, err)
	}
	body := a.guestRender(c, status, buf.Bytes())
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.HTMLBlob(status, body)
}

// assets are the embedded static files, served under names that carry a
// hash of their content so browsers may cache them for a year.
type assets struct {
	byName   map[string]string // "style.css" -> "style.1a2b3c4d.css"
	byHashed map[string][]byte // "style.1a2b3c4d.css" -> content
}

func loadAssets(fsys fs.FS) (*assets, error) {
	as := &assets{byName: map[string]string{}, byHashed: map[string][]byte{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		hashed := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		as.byName[p] = hashed
		as.byHashed[hashed] = b
		return nil
	})
	return as, err
}

func (as *assets) url(name string) string {
	if h, ok := as.byName[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

func (a *App) serveAsset(c echo.Context) error {
	b, ok := a.assets.byHashed[c.Param("name")]
	if !ok {
		return forum.ErrNotFound
	}
	ct := mime.TypeByExtension(path.Ext(c.Param("name")))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.Blob(http.StatusOK, ct, b)
}

// licenseURL links a Creative Commons licence named like "CC BY-SA 4.0";
// "" for a name it does not know.
func licenseURL(name string) string {
	f := strings.Fields(name)
	if len(f) != 3 || f[0] != "CC" {
		return ""
	}
	switch f[2] {
	case "2.5", "3.0", "4.0":
	default:
		return ""
	}
	kind := strings.ToLower(f[1])
	for _, r := range kind {
		if (r < 'a' || r > 'z') && r != '-' {
			return ""
		}
	}
	return "https://creativecommons.org/licenses/" + kind + "/" + f[2] + "/"
}
