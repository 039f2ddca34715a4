package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/labstack/echo/v4"
)

const (
	// maxBody bounds every request body. It is well above the largest post
	// (32,000 characters, up to 4 bytes each, URL-encoded), so an
	// over-long post is still read and answered with its form kept, while a
	// body far beyond it is cut off with 413.
	maxBody = 1536 << 10

	langCookie = "chorus_lang"
	csrfField  = "csrf"
	csrfHeader = "X-CSRF-Token"

	ctxUser   = "user"
	ctxBearer = "bearer"
	// ctxLang, when set, is the language to answer in: the account's, for
	// a suspended person who is not signed in.
	ctxLang = "lang"
	ctxCSRF = "csrf"
)

// contentSecurityPolicy allows scripts and styles from our own origin only
// (no inline script), images also from https (people link screenshots), and
// forbids plugins, <base>, framing and posting forms elsewhere.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' https: data:; object-src 'none'; " +
	"base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

func (a *App) sessionCookieName() string {
	if a.cfg.SecureCookies {
		return "__Host-chorus_session"
	}
	return "chorus_session"
}

func (a *App) csrfCookieName() string {
	if a.cfg.SecureCookies {
		return "__Host-chorus_csrf"
	}
	return "chorus_csrf"
}

func (a *App) cookie(name, value string, maxAge time.Duration) *http.Cookie {
	// #nosec G124 -- Secure follows --secure-cookies: a forum served over
	// plain HTTP on 127.0.0.1 must still be able to log in.
	ck := &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: a.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
	}
	if maxAge < 0 {
		ck.MaxAge = -1 // "Max-Age=0": the browser deletes it now
	}
	return ck
}

// recoverPanic turns a panic in a handler into a logged 500, so one bad
// request never takes the server down.
func (a *App) recoverPanic(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				a.log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				err = forum.Internalf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

func (a *App) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		a.cfg.Metrics.observe(c, status, time.Since(start))
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		a.log.Log(c.Request().Context(), level, "request",
			"method", c.Request().Method, "path", c.Request().URL.Path, "status", status,
			"duration_ms", time.Since(start).Milliseconds(), "ip", c.RealIP(), "request_id", requestID(c))
		return nil
	}
}

func (a *App) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("X-XSS-Protection", "0") // the old filter caused more harm than good; CSP does its job
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if a.cfg.SecureCookies || c.Request().TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return next(c)
	}
}

func (a *App) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if r.ContentLength > maxBody {
			return forum.E(forum.TooLarge, "error.body_too_large", maxBody>>10)
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, maxBody)
		return next(c)
	}
}

// parseForm reads a form body explicitly, so that a body over the limit is
// answered with 413 instead of being silently read as empty fields.
func parseForm(c echo.Context) error {
	r := c.Request()
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	var err error
	switch mt {
	case echo.MIMEApplicationForm:
		err = r.ParseForm()
	case echo.MIMEMultipartForm:
		err = r.ParseMultipartForm(maxBody)
	case "":
		if r.ContentLength == 0 {
			return r.ParseForm()
		}
		return forum.E(forum.Unsupported, "error.form_type")
	default:
		return forum.E(forum.Unsupported, "error.form_type")
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return forum.E(forum.TooLarge, "error.body_too_large", maxBody>>10)
	}
	if err != nil {
		return forum.E(forum.Invalid, "error.form_malformed")
	}
	return nil
}

func isAPI(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") }

// authenticate finds the account behind a bearer token (API clients) or a
// session cookie (browsers).
func (a *App) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		// The rate limits per address need the client's address, which
		// only the web layer knows.
		ctx := forum.WithClientIP(c.Request().Context(), c.RealIP())
		c.SetRequest(c.Request().WithContext(ctx))
		if h := c.Request().Header.Get(echo.HeaderAuthorization); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok {
				return forum.E(forum.Unauthenticated, "error.bad_token")
			}
			u, err := a.svc.SessionUser(ctx, strings.TrimSpace(token), forum.TokenAPI)
			if err != nil {
				if forum.ErrorKind(err) == forum.Unauthenticated {
					return forum.E(forum.Unauthenticated, "error.bad_token")
				}
				return err
			}
			c.Set(ctxUser, u)
			c.Set(ctxBearer, true)
			return next(c)
		}
		if ck, err := c.Cookie(a.sessionCookieName()); err == nil && ck.Value != "" {
			u, err := a.svc.SessionUser(ctx, ck.Value, forum.TokenSession)
			switch {
			case err == nil:
				c.Set(ctxUser, u)
			case forum.ErrorKind(err) == forum.Unauthenticated:
				// An expired or revoked session: carry on as a guest.
				c.SetCookie(a.cookie(a.sessionCookieName(), "", -1))
			default:
				return err
			}
		}
		return next(c)
	}
}

// currentUser returns the signed-in account, or nil for a guest.
func currentUser(c echo.Context) *forum.User {
	u, _ := c.Get(ctxUser).(*forum.User)
	return u
}

// wellFormedCSRF accepts only tokens as newCSRFToken makes them (43
// characters of base64url): anything else is replaced by a fresh one, so a
// crafted cookie never reaches a page.
func wellFormedCSRF(s string) bool {
	if len(s) != 43 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func newCSRFToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// checkCSRF guards every state-changing request that a browser could be
// tricked into sending: the form field (or X-CSRF-Token header) must match
// the CSRF cookie, and cross-site requests are refused outright. Requests
// with a bearer token carry no ambient authority and skip the check; so do
// API requests without a session, which can only act as nobody.
func (a *App) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		cookieToken := ""
		if ck, err := c.Cookie(a.csrfCookieName()); err == nil && wellFormedCSRF(ck.Value) {
			cookieToken = ck.Value
		}
		// Forms rendered on this response carry the token; a visitor
		// without one gets a fresh cookie now.
		formToken := cookieToken
		if formToken == "" {
			formToken = newCSRFToken()
			c.SetCookie(a.cookie(a.csrfCookieName(), formToken, 365*24*time.Hour))
		}
		c.Set(ctxCSRF, formToken)

		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			return next(c)
		}
		if c.Get(ctxBearer) == true {
			return next(c)
		}
		if r.URL.Path == "/unsubscribe" {
			// The signed token in the request is its authority (a mail
			// client's one-click POST carries no cookie); it turns off
			// mail and nothing else.
			if err := parseForm(c); err != nil {
				return err
			}
			return next(c)
		}
		if isAPI(c) {
			if err := requireJSON(c); err != nil {
				return err
			}
			if currentUser(c) == nil {
				return next(c)
			}
		} else if err := parseForm(c); err != nil {
			return err
		}
		if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
			return forum.E(forum.Forbidden, "error.csrf")
		}
		sent := r.Header.Get(csrfHeader)
		if sent == "" && !isAPI(c) {
			sent = r.PostFormValue(csrfField)
		}
		if cookieToken == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(cookieToken)) != 1 {
			return forum.E(forum.Forbidden, "error.csrf")
		}
		return next(c)
	}
}

func csrfToken(c echo.Context) string {
	s, _ := c.Get(ctxCSRF).(string)
	return s
}

// requireJSON refuses API writes whose body is not JSON: 415, and it also
// keeps plain cross-site HTML forms away from the API.
func requireJSON(c echo.Context) error {
	r := c.Request()
	if r.ContentLength == 0 && r.Header.Get(echo.HeaderContentType) == "" {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if mt != echo.MIMEApplicationJSON {
		return forum.E(forum.Unsupported, "error.json_type")
	}
	return nil
}

// isProbe tells the health, readiness and metrics paths, which answer
// machines whatever the forum's state.
func isProbe(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics"
}

// requireSetup sends every page to /setup until the first account exists.
func (a *App) requireSetup(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p := c.Request().URL.Path
		if isAPI(c) || p == "/setup" || strings.HasPrefix(p, "/static/") || isProbe(p) || p == "/language" {
			return next(c)
		}
		need, err := a.needsSetup(c.Request().Context())
		if err != nil {
			return err
		}
		if need {
			return c.Redirect(http.StatusSeeOther, "/setup")
		}
		return next(c)
	}
}

// deadline gives the request's context the configured timeout (see
// Config.RequestTimeout).
func (a *App) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a.cfg.RequestTimeout <= 0 {
			return next(c)
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), a.cfg.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		return next(c)
	}
}
