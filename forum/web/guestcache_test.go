package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/web"
)

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// guestGet fetches a page with a client of its own (its own cookies),
// as a separate visitor would.
func guestGet(t *testing.T, client *http.Client, url, lang string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	code, body := fetchWith(t, client, req)
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d", url, code)
	}
	return body
}

func newVisitor(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar}
}

func TestGuestCache(t *testing.T) {
	e := newEnv(t)
	e.admin()
	asker := e.user("cache-asker", forum.RoleMember)
	helper := e.user("cache-helper", forum.RoleMember)
	th := e.ask(asker, e.category("general", 24).Slug, "Router restarts every night at three")
	srv := opsServer(t, e, web.Config{Generation: e.DB.Commits})
	url := srv.URL + "/t/" + itoa(th.ID) + "/" + th.Slug

	alice, bob := newVisitor(t), newVisitor(t)
	first := guestGet(t, alice, url, "en")
	again := guestGet(t, bob, url, "en")
	tokA, tokB := csrfField.FindStringSubmatch(first), csrfField.FindStringSubmatch(again)
	if tokA == nil || tokB == nil {
		t.Fatal("no CSRF field on the thread page")
	}
	if tokA[1] == tokB[1] {
		t.Fatal("two visitors got the same CSRF token: the cache served one's page to the other")
	}
	if strings.Contains(again, "\x00") {
		t.Fatal("the placeholder leaked into a page")
	}
	if strings.Replace(first, tokA[1], "", -1) != strings.Replace(again, tokB[1], "", -1) {
		t.Fatal("the second visitor's page differs beyond its token")
	}

	// A write shows at once: the next guest sees the new answer.
	if _, err := e.Svc.Answer(context.Background(), helper, th.ID, "Switch off the nightly update window in the router settings."); err != nil {
		t.Fatal(err)
	}
	if page := guestGet(t, bob, url, "en"); !strings.Contains(page, "nightly update window") {
		t.Fatal("a guest got the page from before the answer")
	}

	// Each language has its own copy.
	de := guestGet(t, newVisitor(t), url, "de")
	if !strings.Contains(de, `lang="de"`) {
		t.Fatal("a German visitor got the English copy")
	}

	// Signed-in people never get a cached page: theirs has their name.
	token, err := e.Svc.StartSession(context.Background(), helper, forum.TokenSession)
	if err != nil {
		t.Fatal(err)
	}
	_, page := fetch(t, url, http.Header{"Cookie": {"chorus_session=" + token}})
	if !strings.Contains(page, "cache-helper") || !strings.Contains(page, "/logout") {
		t.Fatal("a signed-in member got a guest's page")
	}
}

// A crafted CSRF cookie cannot choose what the cache replaces in other
// guests' pages, nor hand them its own token; made-up query parameters do
// not make copies.
func TestGuestCacheCraftedCookies(t *testing.T) {
	e := newEnv(t)
	e.admin()
	asker := e.user("cookie-asker", forum.RoleMember)
	bait := "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ" // 43 characters, a valid token's shape
	th := e.ask(asker, e.category("general", 24).Slug, "Cookie question "+bait)
	srv := opsServer(t, e, web.Config{Generation: e.DB.Commits})
	url := srv.URL + "/t/" + itoa(th.ID) + "/" + th.Slug

	for _, evil := range []string{bait, "ATTACKER+token+with+plus+signs+0123456789abcdef"} {
		fetch(t, url, http.Header{"Cookie": {"chorus_csrf=" + evil}})
		page := guestGet(t, newVisitor(t), url, "en")
		if !strings.Contains(page, bait) {
			t.Fatalf("after a guest with cookie %q, the thread's own text is gone from another guest's page", evil)
		}
		if strings.Contains(page, "ATTACKER") {
			t.Fatal("another guest got the crafted token")
		}
		tok := csrfField.FindStringSubmatch(page)
		if tok == nil || tok[1] == bait {
			t.Fatalf("the second guest's form token: %v", tok)
		}
	}
	// Only known parameters are cached: a page with ?x=… is rendered
	// fresh (it would otherwise be a new copy per made-up value).
	if page := guestGet(t, newVisitor(t), url+"?x=1", "en"); !strings.Contains(page, bait) {
		t.Fatal("a page with an unknown parameter is broken")
	}
}
