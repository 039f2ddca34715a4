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
// CSRF token in its forms. A page to be cached is rendered with a secret
// placeholder instead (random per process, never sent to anyone), and each
// visitor gets their own token put in its place. Searching a page for the
// visitor's token instead would let a crafted cookie choose which text of
// everyone's page to replace.
const (
	guestCacheAge     = time.Minute
	guestCacheMaxPage = 512 << 10
	guestCacheBytes   = 64 << 20 // all pages together
)

// csrfHole stands for the visitor's CSRF token in a cached page.
var csrfHole = newCSRFToken()

// guestQuery are the query parameters cached pages may have; a request
// with any other is served fresh, so made-up parameters cannot fill the
// cache with copies of one page.
var guestQuery = map[string]bool{"status": true, "sort": true, "page": true, "q": true, "category": true, "tag": true, "date": true}

type guestCache struct {
	mu      sync.Mutex
	entries map[string]guestPage
	bytes   int
}

type guestPage struct {
	gen  int64
	at   time.Time
	body []byte
}

// guestMark is set on a request whose page is to be cached.
type guestMark struct {
	key   string
	gen   int64
	token string // the visitor's own CSRF token
}

const ctxGuestKey = "guest_cache_key"

// cacheForGuests serves a route's page from the cache to signed-out
// visitors, and on a miss marks the request so that render stores it.
func (a *App) cacheForGuests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if a.cfg.Generation == nil || currentUser(c) != nil || r.Method != http.MethodGet || len(r.URL.RawQuery) > 512 {
			return next(c)
		}
		for name := range r.URL.Query() {
			if !guestQuery[name] {
				return next(c)
			}
		}
		token := csrfToken(c)
		key := a.localizer(c).Lang + "\x00" + r.URL.RequestURI()
		gen := a.cfg.Generation()
		a.guests.mu.Lock()
		p, ok := a.guests.entries[key]
		a.guests.mu.Unlock()
		if ok && p.gen == gen && time.Since(p.at) < guestCacheAge {
			c.Response().Header().Set("Cache-Control", "no-store")
			return c.HTMLBlob(http.StatusOK, bytes.ReplaceAll(p.body, []byte(csrfHole), []byte(token)))
		}
		c.Set(ctxGuestKey, guestMark{key: key, gen: gen, token: token})
		c.Set(ctxCSRF, csrfHole)
		return next(c)
	}
}

// guestRender is what render sends for a page: for a request marked for
// the cache it stores the page (rendered with the placeholder) and returns
// the visitor's copy.
func (a *App) guestRender(c echo.Context, status int, body []byte) []byte {
	mark, ok := c.Get(ctxGuestKey).(guestMark)
	if !ok {
		return body
	}
	c.Set(ctxCSRF, mark.token) // anything after render (an error page) uses the real one
	own := bytes.ReplaceAll(body, []byte(csrfHole), []byte(mark.token))
	if status != http.StatusOK || len(body) > guestCacheMaxPage {
		return own
	}
	page := guestPage{gen: mark.gen, at: time.Now(), body: bytes.Clone(body)}
	a.guests.mu.Lock()
	defer a.guests.mu.Unlock()
	if old, ok := a.guests.entries[mark.key]; ok {
		a.guests.bytes -= len(old.body)
	}
	if a.guests.entries == nil || a.guests.bytes+len(page.body) > guestCacheBytes {
		// Full: start again rather than track use; the pages people read
		// most are back after a few requests.
		a.guests.entries, a.guests.bytes = map[string]guestPage{}, 0
	}
	a.guests.entries[mark.key] = page
	a.guests.bytes += len(page.body)
	return own
}
