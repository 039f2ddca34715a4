// Package web is the HTTP face of Chorus: the Echo router, sessions, CSRF,
// the error boundary, the server-rendered pages and the JSON API. Handlers
// are thin: they parse a request, call one forum.Service method and render.
// It is the only package that imports Echo.
package web

import (
	"context"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// Config is what the web layer needs from the command line.
type Config struct {
	// SecureCookies marks cookies Secure and gives the session cookie the
	// __Host- prefix; set it when Chorus is served over HTTPS (directly or
	// behind a proxy that terminates TLS).
	SecureCookies bool
	// TrustedProxies are the networks whose X-Forwarded-For is believed.
	// Empty means the client address is the TCP peer, whatever headers say.
	TrustedProxies []*net.IPNet
	// ThemeDir is an optional folder whose files override the built-in
	// templates and strings.
	ThemeDir string
	Logger   *slog.Logger
	// Ready are the checks of /readyz; Metrics, when set, is served on
	// /metrics to loopback and the MetricsAllow networks.
	Ready        []ReadyCheck
	Metrics      *Metrics
	MetricsAllow []*net.IPNet
	// Generation, when set, turns on the guest page cache: it must change
	// whenever anything is written (the store's commit count).
	Generation func() int64
	// BaseURL is the forum's public address, for links in mails.
	BaseURL string
	// RequestTimeout, when set, bounds each request's work: a database
	// that stalls (rather than refusing) then answers 503 in time instead
	// of holding the request until the server's write timeout cuts it.
	RequestTimeout time.Duration
}

// App is the web application. Create it with New and serve App.Handler.
type App struct {
	svc     *forum.Service
	mod     *moderation.Service
	cfg     Config
	log     *slog.Logger
	echo    *echo.Echo
	pages   map[string]*template.Template
	cats    Catalogs
	assets  *assets
	setupOK atomic.Bool // true once the forum has its first account
	guests  guestCache
}

// New builds the application: it parses every template and catalog now, so
// a broken theme fails at start-up instead of on some visitor's request.
func New(svc *forum.Service, mod *moderation.Service, fsys fs.FS, static fs.FS, cfg Config) (*App, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cats, err := LoadCatalogs(fsys)
	if err != nil {
		return nil, err
	}
	as, err := loadAssets(static)
	if err != nil {
		return nil, err
	}
	a := &App{svc: svc, mod: mod, cfg: cfg, log: cfg.Logger, cats: cats, assets: as}
	if a.pages, err = parseTemplates(fsys, as); err != nil {
		return nil, err
	}
	a.echo = a.router()
	return a, nil
}

// Handler returns the HTTP handler.
func (a *App) Handler() http.Handler { return a.echo }

// Server returns an http.Server for addr with timeouts that close idle and
// slow connections (Go's zero values wait forever).
func (a *App) Server(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           a.echo,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
}

func (a *App) router() *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = a.handleError
	if len(a.cfg.TrustedProxies) > 0 {
		opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range a.cfg.TrustedProxies {
			opts = append(opts, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(opts...)
	} else {
		// Never believe X-Forwarded-For from just anyone: it would give
		// every request a new address and void the rate limits.
		e.IPExtractor = echo.ExtractIPDirect()
	}

	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(middleware.RequestID())
	e.Use(a.logRequests)
	e.Use(a.recoverPanic)
	e.Use(a.deadline)
	e.Use(a.securityHeaders)
	// authenticate first: it reads no body, and a 413 for a signed-in
	// person should be in their language.
	e.Use(a.authenticate)
	e.Use(a.limitBody)
	e.Use(a.checkCSRF)
	e.Use(a.requireSetup)
	e.Use(a.requireTwoFactor)

	e.GET("/static/:name", a.serveAsset)
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	e.GET("/readyz", a.readyz)
	e.GET("/metrics", a.metrics)

	// Pages.
	e.GET("/", a.listPage, a.cacheForGuests)
	e.GET("/c/:slug", a.listPage, a.cacheForGuests)
	e.GET("/tag/:tag", a.listPage, a.cacheForGuests)
	e.GET("/feed.atom", a.listFeed)
	e.GET("/c/:slug/feed.atom", a.listFeed)
	e.GET("/tag/:tag/feed.atom", a.listFeed)
	e.GET("/t/:id/feed.atom", a.threadFeed)
	e.GET("/known-issues", a.knownIssuesPage, a.cacheForGuests)
	e.POST("/known-issues", a.knownIssueCreate)
	e.GET("/known-issues/feed.atom", a.knownFeed)
	e.POST("/t/:id/known-status", a.knownStatusSubmit)
	e.POST("/t/:id/known-links", a.knownLinkSubmit)
	e.GET("/t/:id", a.threadPage)
	e.GET("/t/:id/:slug", a.threadPage, a.cacheForGuests)
	e.GET("/search", a.searchPage, a.cacheForGuests)
	e.GET("/ask", a.askPage)
	e.POST("/ask", a.askSubmit)
	e.POST("/t/:id/answer", a.answerSubmit)
	e.POST("/t/:id/metoo", a.meTooSubmit)
	e.POST("/t/:id/follow", a.followSubmit)
	e.POST("/t/:id/help", a.helpSubmit)
	e.POST("/t/:id/claim", a.claimSubmit)
	e.POST("/t/:id/satisfaction", a.satisfactionSubmit)
	e.GET("/staff/attention", a.attentionPage)
	e.GET("/staff/insights", a.insightsPage)
	e.GET("/staff/clusters", a.clustersPage)
	e.POST("/staff/clusters/detect", a.clustersDetect)
	e.POST("/staff/clusters/:id/:action", a.clusterDecide)
	e.POST("/c/:slug/follow", a.followSubmit)
	e.POST("/tag/:tag/follow", a.followSubmit)
	e.POST("/t/:id/accept", a.acceptSubmit)
	e.POST("/p/:id/vote", a.voteSubmit)
	e.GET("/p/:id/edit", a.editPage)
	e.POST("/p/:id/edit", a.editSubmit)
	e.POST("/p/:id/delete", a.deleteSubmit)
	e.GET("/p/:id/revisions", a.revisionsPage)
	e.POST("/p/:id/comments", a.commentSubmit)
	e.POST("/comments/:id/delete", a.commentDeleteSubmit)
	e.GET("/u/:username", a.userPage)
	e.GET("/login", a.loginPage)
	e.POST("/login", a.loginSubmit)
	e.GET("/login/code", a.loginCodePage)
	e.POST("/login/code", a.loginCodeSubmit)
	e.POST("/logout", a.logoutSubmit)
	e.GET("/password/forgot", a.forgotPage)
	e.POST("/password/forgot", a.forgotSubmit)
	e.GET("/password/reset", a.resetPage)
	e.POST("/password/reset", a.resetSubmit)
	e.GET("/register", a.registerPage)
	e.POST("/register", a.registerSubmit)
	e.GET("/setup", a.setupPage)
	e.POST("/setup", a.setupSubmit)
	e.GET("/settings", a.settingsPage)
	e.POST("/settings", a.settingsSubmit)
	e.POST("/settings/password", a.passwordSubmit)
	e.GET("/settings/2fa", a.twoFactorPage)
	e.GET("/settings/email", a.emailSettingsPage)
	e.POST("/settings/email", a.emailSettingsSubmit)
	e.GET("/unsubscribe", a.unsubscribePage)
	e.POST("/unsubscribe", a.unsubscribeSubmit)
	e.POST("/settings/2fa", a.twoFactorSubmit)
	e.POST("/language", a.languageSubmit)
	e.GET("/admin/users", a.adminUsersPage)
	e.POST("/admin/users/:username/role", a.adminRoleSubmit)
	e.GET("/admin/categories", a.adminCategoriesPage)
	e.POST("/admin/categories", a.adminCategoryCreate)
	e.GET("/admin/categories/:id", a.adminCategoryPage)
	e.POST("/admin/categories/:id", a.adminCategoryUpdate)
	e.GET("/admin/search", a.adminSearchPage)
	e.POST("/admin/search", a.adminSearchSubmit)
	e.GET("/admin/spam", a.adminSpamPage)
	e.POST("/admin/spam", a.adminSpamSubmit)
	e.GET("/notifications", a.notificationsPage)
	e.POST("/notifications/read", a.notificationsReadSubmit)
	e.GET("/p/:id/flag", a.flagPage)
	e.POST("/p/:id/flag", a.flagSubmit)
	e.GET("/mod", a.modPage)
	e.POST("/mod/review/:id", a.reviewSubmit)
	e.GET("/mod/audit", a.auditPage)
	e.POST("/t/:id/moderate", a.threadModerateSubmit)
	e.GET("/t/:id/merge", a.mergePage)
	e.POST("/t/:id/merge", a.mergeSubmit)
	e.POST("/t/:id/unmerge", a.unmergeSubmit)
	e.POST("/u/:username/moderate", a.userModerateSubmit)

	// JSON API.
	api := e.Group("/api/v1")
	api.POST("/auth/register", a.apiRegister)
	api.POST("/auth/token", a.apiToken)
	api.DELETE("/auth/token", a.apiTokenDelete)
	api.GET("/me", a.apiMe)
	api.GET("/me/email-prefs", a.apiEmailPrefs)
	api.PUT("/me/email-prefs", a.apiEmailPrefs)
	api.GET("/categories", a.apiCategories)
	api.POST("/categories", a.apiCategoryCreate)
	api.PUT("/categories/:slug", a.apiCategoryUpdate)
	api.GET("/tags", a.apiTags)
	api.GET("/threads", a.apiThreads)
	api.POST("/threads", a.apiAsk)
	api.GET("/threads/:id", a.apiThread)
	api.GET("/threads/:id/receipt", a.apiReceipt)
	api.GET("/threads/:id/similar", a.apiDuplicates)
	api.GET("/search", a.apiSearch)
	api.GET("/similar", a.apiSimilar)
	api.POST("/threads/:id/posts", a.apiAnswer)
	api.PUT("/threads/:id/metoo", a.apiMeToo)
	api.DELETE("/threads/:id/metoo", a.apiMeToo)
	api.POST("/threads/:id/accept", a.apiAccept)
	api.GET("/known-issues", a.apiKnownIssues)
	api.POST("/known-issues", a.apiKnownIssueCreate)
	api.GET("/known-issues/:id", a.apiKnownIssue)
	api.POST("/known-issues/:id/updates", a.apiKnownIssueUpdate)
	api.POST("/known-issues/:id/links", a.apiKnownLink)
	api.DELETE("/known-issues/:id/links/:thread", a.apiKnownLink)
	api.GET("/staff/attention", a.apiAttention)
	api.GET("/staff/insights", a.apiInsights)
	api.GET("/clusters", a.apiClusters)
	api.POST("/clusters/detect", a.apiClustersDetect)
	api.GET("/clusters/:id", a.apiCluster)
	api.POST("/clusters/:id/:action", a.apiClusterDecide)
	api.POST("/threads/:id/help", a.apiHelp)
	api.POST("/threads/:id/satisfaction", a.apiSatisfaction)
	api.PUT("/threads/:id/claim", a.apiClaim)
	api.DELETE("/threads/:id/claim", a.apiClaim)
	api.PUT("/threads/:id/subscription", a.apiFollow)
	api.DELETE("/threads/:id/subscription", a.apiFollow)
	api.PUT("/categories/:slug/subscription", a.apiFollow)
	api.DELETE("/categories/:slug/subscription", a.apiFollow)
	api.PUT("/tags/:tag/subscription", a.apiFollow)
	api.DELETE("/tags/:tag/subscription", a.apiFollow)
	api.DELETE("/threads/:id/accept", a.apiAccept)
	api.PATCH("/posts/:id", a.apiEditPost)
	api.DELETE("/posts/:id", a.apiDeletePost)
	api.GET("/posts/:id/revisions", a.apiRevisions)
	api.PUT("/posts/:id/vote", a.apiVote)
	api.DELETE("/posts/:id/vote", a.apiVote)
	api.POST("/posts/:id/comments", a.apiComment)
	api.DELETE("/comments/:id", a.apiCommentDelete)
	api.GET("/users/:username", a.apiUser)
	api.PUT("/users/:username/role", a.apiSetRole)
	api.POST("/users/:username/actions", a.apiUserAction)
	api.POST("/posts/:id/flags", a.apiFlag)
	api.GET("/mod/queue", a.apiQueue)
	api.POST("/mod/queue/:id", a.apiReview)
	api.GET("/mod/dashboard", a.apiDashboard)
	api.GET("/mod/audit", a.apiAudit)
	api.POST("/threads/:id/merge", a.apiMerge)
	api.DELETE("/threads/:id/merge", a.apiUnmerge)
	api.POST("/threads/:id/actions", a.apiThreadAction)
	api.GET("/admin/spam-words", a.apiSpamWords)
	api.PUT("/admin/spam-words", a.apiSetSpamWords)
	api.GET("/notifications", a.apiNotifications)
	api.POST("/notifications/read", a.apiNotificationsRead)
	api.Any("/*", func(c echo.Context) error { return forum.ErrNotFound })
	return e
}

// Routes lists every registered method and path, for tests that check each
// one against the policy and the API documentation.
func (a *App) Routes() []*echo.Route { return a.echo.Routes() }

// needsSetup reports whether the forum still waits for its first account.
// Once it has one it never goes back, so the answer is cached.
func (a *App) needsSetup(ctx context.Context) (bool, error) {
	if a.setupOK.Load() {
		return false, nil
	}
	need, err := a.svc.NeedsSetup(ctx)
	if err != nil {
		return false, err
	}
	if !need {
		a.setupOK.Store(true)
	}
	return need, nil
}
