package web

import (
	"bytes"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// The guest page cache keeps the rendered HTML of pages as a signed-out
// visitor sees them (threads, lists, search, known issues), the way
// Discourse's anonymous cache does: most of a support forum's readers come
// from a search engine and are not signed in, and they all see the same
// page. An entry is used while nothing was written since it was rendered
// (Config.Generation moves on every commit) and for at most guestCacheAge,
// which bounds how stale "5 minutes ago" and another node's writes get (a
// minute, as Discourse's anonymous cache).
//
// The one thing that differs between two guests' copies of a page is the
// CSRF token in its forms: it is stored as a placeholder and put back per
// visitor.
const (
	guestCacheAge     = time.Minute
	guestCacheEntries = 4096
	guestCacheMaxPage = 512 << 10
)

// csrfHole stands for the visitor's CSRF token in a cached page; it cannot
// occur in a rendered page (templates escape NUL).
var csrfHole = []byte("\x00csrf\x00")

type guestCache struct {
	mu      sync.Mutex
	entries map[string]guestPage
}

type guestPage struct {
	gen  int64
	at   time.Time
	body []byte
}

const ctxGuestKey = "guest_cache_key"

// cacheForGuests serves a route's page from the cache to signed-out
// visitors, and on a miss marks the request so that render stores it.
func (a *App) cacheForGuests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if a.cfg.Generation == nil || currentUser(c) != nil || c.Request().Method != http.MethodGet {
			return next(c)
		}
		key := a.localizer(c).Lang + "\x00" + c.Request().URL.RequestURI()
		gen := a.cfg.Generation()
		a.guests.mu.Lock()
		p, ok := a.guests.entries[key]
		a.guests.mu.Unlock()
		if ok && p.gen == gen && time.Since(p.at) < guestCacheAge {
			c.Response().Header().Set("Cache-Control", "no-store")
			return c.HTMLBlob(http.StatusOK, bytes.ReplaceAll(p.body, csrfHole, []byte(csrfToken(c))))
		}
		c.Set(ctxGuestKey, guestPage{gen: gen, body: []byte(key)})
		return next(c)
	}
}

// storeForGuests keeps a page render made for a marked request.
func (a *App) storeForGuests(c echo.Context, status int, body []byte) {
	mark, ok := c.Get(ctxGuestKey).(guestPage)
	if !ok || status != http.StatusOK || len(body) > guestCacheMaxPage {
		return
	}
	token := csrfToken(c)
	if token == "" {
		return
	}
	page := guestPage{gen: mark.gen, at: time.Now(), body: bytes.ReplaceAll(body, []byte(token), csrfHole)}
	key := string(mark.body)
	a.guests.mu.Lock()
	defer a.guests.mu.Unlock()
	if a.guests.entries == nil || len(a.guests.entries) >= guestCacheEntries {
		// Full: start again rather than track use; the pages people read
		// most are back after a few requests.
		a.guests.entries = make(map[string]guestPage, guestCacheEntries)
	}
	a.guests.entries[key] = page
}
