package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/web"
	"github.com/chorus-forum/chorus/moderation"
	"github.com/chorus-forum/chorus/static"
	"github.com/chorus-forum/chorus/themes"
	"golang.org/x/net/html"
)

// axPagesWorld is a small forum with something on every page.
type axPagesWorld struct {
	e        *env
	cat      *forum.Category
	member   *forum.User // asked the thread
	other    *forum.User
	admin    *forum.User
	mod      *forum.User
	thread   *forum.Thread
	question int64
	answer   *forum.Post
	// merged is a thread another was merged into; its page shows the
	// marker and the undo.
	merged *forum.Thread
}

func axNewPagesWorld(t *testing.T) *axPagesWorld {
	e := newEnv(t)
	ctx := context.Background()
	w := &axPagesWorld{e: e, cat: e.category("internet", 12)}
	w.member = e.user("sabine", forum.RoleMember)
	w.other = e.user("peter", forum.RoleMember)
	w.admin = e.user("admin1", forum.RoleAdmin)
	staffer := e.user("anna", forum.RoleStaff)
	th, _, err := e.Svc.Ask(ctx, w.member, forum.AskInput{CategorySlug: "internet", Title: "Router drops the line every evening",
		Body: "Since Monday my DSL line drops at 8 pm, every day.", Tags: []string{"router", "dsl"}})
	if err != nil {
		t.Fatal(err)
	}
	w.thread = th
	v, _ := e.Svc.Thread(ctx, nil, th.ID)
	w.question = v.Question.ID
	if _, err := e.Svc.EditPost(ctx, w.member, w.question, forum.PostEdit{Title: th.Title,
		Body: "Since Monday my DSL line drops at 8 pm, every day. Model: FritzBox 7590.", Tags: []string{"router", "dsl"}}); err != nil {
		t.Fatal(err)
	}
	w.answer = e.answer(staffer, th.ID)
	others := e.answer(w.other, th.ID)
	if _, err := e.Svc.Accept(ctx, w.member, th.ID, w.answer.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.Svc.AddComment(ctx, w.other, w.answer.ID, "This worked for me too."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.MeToo(ctx, w.other, th.ID, true); err != nil {
		t.Fatal(err)
	}
	e.ask(w.other, "internet", "Second question that nobody answered yet")
	// A near-duplicate, so moderators see the possible duplicates box.
	dup, _, err := e.Svc.Ask(ctx, w.other, forum.AskInput{CategorySlug: "internet", Title: "DSL line drops every evening at 8 pm",
		Body: "My router loses the DSL line every evening since Monday."})
	if err != nil {
		t.Fatal(err)
	}

	// Something for every moderation page: flags with a note and a
	// duplicate, a post held for a spam word, a merge to undo, thread
	// actions in the audit log and a notification.
	w.mod = e.user("moritz", forum.RoleModerator)
	if _, err := e.Mod.Flag(ctx, w.member, others.ID, moderation.FlagInput{Reason: "off_topic", Note: "Not about this router."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.Flag(ctx, w.member, w.questionOf(dup.ID), moderation.FlagInput{Reason: "duplicate", DuplicateOf: th.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.SetSpamWords(ctx, w.admin, []string{"casino"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.Answer(ctx, w.other, th.ID, "Try the casino trick: unplug it for ten seconds."); err != nil {
		t.Fatal(err)
	}
	from := e.ask(w.other, "internet", "FritzBox loses the DSL sync each evening")
	if w.merged, err = e.Mod.Merge(ctx, w.mod, from.ID, dup.ID, "Same problem."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.ActOnThread(ctx, w.mod, th.ID, moderation.ThreadActionInput{Action: "pin"}); err != nil {
		t.Fatal(err)
	}
	// A raised cluster, so the staff's dashboard shows a card.
	e.clOpenCluster(t, "internet", th.ID, dup.ID)
	e.searchable()
	return w
}

func (w *axPagesWorld) questionOf(threadID int64) int64 {
	w.e.t.Helper()
	v, err := w.e.Svc.Thread(context.Background(), nil, threadID)
	if err != nil {
		w.e.t.Fatal(err)
	}
	return v.Question.ID
}

func (w *axPagesWorld) browser(who, lang string) *browser {
	var u *forum.User
	switch who {
	case "member":
		u = w.member
	case "other":
		u = w.other
	case "admin":
		u = w.admin
	case "mod":
		u = w.mod
	}
	return w.e.axSignedIn(u).axLang(lang)
}

type axPageCase struct {
	template, who, path string
	status              int
	marker              string // a catalog key whose text the page must show
}

func (w *axPagesWorld) pages() []axPageCase {
	tid, q := itoa(w.thread.ID), itoa(w.question)
	turl := "/t/" + tid + "/" + w.thread.Slug
	return []axPageCase{
		{"list", "guest", "/", 200, "list.title"},
		{"list", "member", "/?status=solved&sort=active", 200, "list.solved"},
		{"list (category)", "guest", "/c/internet", 200, "list.categories"},
		{"list (tag)", "guest", "/tag/router", 200, "list.tags"},
		{"thread", "guest", turl, 200, "thread.login_to_answer"},
		{"thread", "member", turl + "?asked=1", 200, "receipt.posted"},
		{"thread", "other", turl, 200, "thread.metoo_withdraw"},
		{"thread", "admin", turl, 200, "thread.duplicates_title"},
		{"search", "guest", "/search?q=router+evening", 200, "search.facet_status"},
		{"search", "member", "/search?q=routr+evning", 200, "search.did_you_mean"},
		{"search", "guest", "/search?q=zzzqqqxxx", 200, "search.submit"},
		{"search", "guest", "/search?status=unanswered", 200, "search.filtered_by"},
		{"search", "guest", "/search?tag=nosuchtag", 200, "search.none_filtered"},
		{"ask", "member", "/ask", 200, "ask.lead"},
		{"edit", "member", "/p/" + q + "/edit", 200, "edit.save"},
		{"revisions", "guest", "/p/" + q + "/revisions", 200, "revisions.title"},
		{"login", "guest", "/login", 200, "login.no_account"},
		{"password_forgot", "guest", "/password/forgot", 200, "reset.explain"},
		{"register", "guest", "/register", 200, "register.have_account"},
		{"settings", "member", "/settings", 200, "settings.password_title"},
		{"twofactor", "member", "/settings/2fa", 200, "twofactor.intro"},
		{"user", "guest", "/u/sabine", 200, "role.member"},
		{"admin_users", "admin", "/admin/users", 200, "admin.set_role"},
		{"admin_categories", "admin", "/admin/categories", 200, "admin.new_category"},
		{"admin_category", "admin", "/admin/categories/" + itoa(w.cat.ID), 200, "form.cancel"},
		{"admin_search", "admin", "/admin/search", 200, "admin.search_lead"},
		{"thread (moderator)", "mod", turl, 200, "mod.tools"},
		{"thread (merged into it)", "mod", threadPath(w.merged), 200, "merge.undo"},
		{"user (moderator)", "mod", "/u/peter", 200, "mod.people_tools"},
		{"mod", "mod", "/mod", 200, "mod.dismiss"},
		{"mod (held)", "mod", "/mod", 200, "mod.approve"},
		{"mod_audit", "admin", "/mod/audit", 200, "merge.undo"},
		{"mod_audit (filtered)", "admin", "/mod/audit?action=thread.&target_type=thread", 200, "audit.filter"},
		{"merge", "mod", "/t/" + tid + "/merge?q=router", 200, "merge.pick"},
		{"admin_spam", "admin", "/admin/spam", 200, "spam.lead"},
		{"flag", "mod", "/p/" + q + "/flag", 200, "flag.legend"},
		{"staff_attention", "admin", "/staff/attention", 200, "attention.lead"},
		{"settings_email", "member", "/settings/email", 200, "mailprefs.lead"},
		{"staff_insights", "admin", "/staff/insights", 200, "insights.per_answerer"},
		{"staff_clusters", "admin", "/staff/clusters", 200, "clusters.confirm_submit"},
		{"staff_clusters (none)", "admin", "/staff/clusters?status=dismissed", 200, "clusters.none"},
		{"notifications", "other", "/notifications", 200, "notifications.mark_read"},
		{"notifications (none)", "admin", "/notifications", 200, "notifications.none"},
		{"error", "guest", "/no/such/page", 404, "error.not_found"},
		{"error", "member", "/t/999999", 404, "error.home"},
	}
}

// TestEveryPageInBothLanguages renders every template through its route in
// English and German and checks the language, the absence of catalog keys
// and English leftovers, labels on every field and unique ids.
func TestEveryPageInBothLanguages(t *testing.T) {
	w := axNewPagesWorld(t)
	seen := map[string]bool{}
	for _, lang := range []string{"en", "de"} {
		for _, p := range w.pages() {
			r := w.browser(p.who, lang).get(p.path)
			what := fmt.Sprintf("%s: %s GET %s", lang, p.who, p.path)
			if r.Status != p.status {
				t.Errorf("%s: %d %s, want %d", what, r.Status, r.Location, p.status)
				continue
			}
			axCheckRendered(t, what, r, lang)
			if !axSays(r.Body, axStr(t, lang, p.marker)) {
				t.Errorf("%s: the page lacks %q (%s)", what, axStr(t, lang, p.marker), p.marker)
			}
			seen[strings.Fields(p.template)[0]] = true
		}

		// The second factor's page after the password.
		b := w.e.browser().axLang(lang)
		r := b.post("/login", url.Values{"username": {"admin1"}, "password": {testPassword}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login/code") {
			t.Fatalf("%s: login with a second factor: %d %s", lang, r.Status, r.Location)
		}
		r = b.get(r.Location)
		if r.Status != http.StatusOK || !axSays(r.Body, axStr(t, lang, "login.code_help")) {
			t.Errorf("%s: login code page: %d", lang, r.Status)
		} else {
			axCheckRendered(t, lang+": /login/code", r, lang)
			seen["login_code"] = true
		}

		// An error page that keeps a refused answer.
		mb := w.browser("other", lang)
		mb.csrf()
		r = mb.postRaw("/t/"+itoa(w.thread.ID)+"/answer", url.Values{"body": {"My answer that lost its token."}})
		if r.Status != http.StatusForbidden || !axSays(r.Body, "My answer that lost its token.") {
			t.Errorf("%s: refused answer: %d", lang, r.Status)
		}
		axCheckRendered(t, lang+": error page with kept text", r, lang)

		// The setup page, on a forum without accounts.
		fresh := newEnv(t)
		r = fresh.browser().axLang(lang).get("/setup")
		if r.Status != http.StatusOK || !axSays(r.Body, axStr(t, lang, "setup.lead")) {
			t.Errorf("%s: setup page: %d", lang, r.Status)
		} else {
			axCheckRendered(t, lang+": /setup", r, lang)
			seen["setup"] = true
		}
	}
	for _, name := range []string{"list", "thread", "ask", "search", "edit", "revisions", "login", "login_code", "register", "setup",
		"settings", "twofactor", "user", "admin_users", "admin_categories", "admin_category", "error",
		"mod", "mod_audit", "merge", "admin_spam", "notifications", "staff_clusters"} {
		if !seen[name] {
			t.Errorf("template %s was not rendered", name)
		}
	}
}

// axKeyPattern matches anything shaped like one of the catalog's keys.
func axKeyPattern(t *testing.T) *regexp.Regexp {
	cs, err := axCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	prefixes := map[string]bool{}
	for k := range cs["en"] {
		prefixes[strings.SplitN(k, ".", 2)[0]] = true
	}
	var list []string
	for p := range prefixes {
		list = append(list, regexp.QuoteMeta(p))
	}
	sort.Strings(list)
	return regexp.MustCompile(`\b(?:` + strings.Join(list, "|") + `)\.[a-z_]+(?:\.[a-z_]+)*\b`)
}

// axVisible returns the text a person reads or hears: text nodes outside
// script and style, and the attributes that are shown or read out. Code is
// left out: there identifiers are meant to be shown as they are, such as
// the audit log's action names ("thread.merge"), which its filter takes.
func axVisible(doc *html.Node) []string {
	var out []string
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "code") {
			return
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			out = append(out, n.Data)
		}
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch a.Key {
				case "title", "aria-label", "alt", "placeholder", "data-confirm", "label":
					out = append(out, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return out
}

func axCheckRendered(t *testing.T, what string, r response, lang string) {
	t.Helper()
	if !strings.Contains(r.Body, `<html lang="`+lang+`">`) {
		t.Errorf("%s: not marked <html lang=%q>", what, lang)
	}
	doc := axParseHTML(t, r.Body)
	keys := axKeyPattern(t)
	cs, _ := axCatalogs()
	for _, s := range axVisible(doc) {
		if m := keys.FindString(s); m != "" {
			t.Errorf("%s: a raw catalog key shows: %q in %q", what, m, axShort(s))
		}
		if lang == "de" {
			for k, en := range cs["en"] {
				if de := cs["de"][k]; de != en && len(en) > 12 && !strings.Contains(en, "%") && strings.Contains(s, en) {
					t.Errorf("%s: English text %q (%s) on the German page", what, en, k)
				}
			}
		}
	}

	// Every field has a label, and ids are unique.
	labelled := map[string]bool{}
	ids := map[string]int{}
	axWalk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if id, ok := axAttr(n, "id"); ok {
			ids[id]++
		}
		if n.Data == "label" {
			if f, ok := axAttr(n, "for"); ok {
				labelled[f] = true
			}
		}
	})
	for id, n := range ids {
		if n > 1 {
			t.Errorf("%s: id %q is used %d times", what, id, n)
		}
	}
	axWalk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode || (n.Data != "input" && n.Data != "textarea" && n.Data != "select") {
			return
		}
		typ, _ := axAttr(n, "type")
		switch strings.ToLower(typ) {
		case "hidden", "submit", "button", "reset", "image":
			return
		}
		if _, hidden := axAttr(n, "hidden"); hidden {
			return
		}
		if v, _ := axAttr(n, "aria-label"); strings.TrimSpace(v) != "" {
			return
		}
		if v, _ := axAttr(n, "aria-labelledby"); strings.TrimSpace(v) != "" {
			return
		}
		for p := n.Parent; p != nil; p = p.Parent {
			if p.Type == html.ElementNode && p.Data == "label" {
				return
			}
		}
		id, _ := axAttr(n, "id")
		name, _ := axAttr(n, "name")
		if id == "" || !labelled[id] {
			t.Errorf("%s: <%s name=%q id=%q> has no label", what, n.Data, name, id)
		}
	})
}

// TestCatalogsMatch: both languages have the same keys with the same
// placeholders, so no German page falls back to English.
func TestCatalogsMatch(t *testing.T) {
	cs, err := axCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	verbs := regexp.MustCompile(`%(\[\d+\])?[a-z]`)
	for k, en := range cs["en"] {
		de, ok := cs["de"][k]
		if !ok {
			t.Errorf("de.json lacks %q", k)
			continue
		}
		a, b := verbs.FindAllString(en, -1), verbs.FindAllString(de, -1)
		sort.Strings(a)
		sort.Strings(b)
		if strings.Join(a, ",") != strings.Join(b, ",") {
			t.Errorf("%q: placeholders differ: en %v, de %v", k, a, b)
		}
	}
	for k := range cs["de"] {
		if _, ok := cs["en"][k]; !ok {
			t.Errorf("de.json has %q, which en.json lacks", k)
		}
	}
}

// ---- headers and cookies ----

func axCheckSecurityHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, d := range []string{"object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, d) {
			t.Errorf("%s: CSP %q lacks %s", what, csp, d)
		}
	}
	if strings.Contains(csp, "'unsafe-inline'") || strings.Contains(csp, "'unsafe-eval'") || !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("%s: CSP %q allows too much", what, csp)
	}
	if v := h.Get("X-Content-Type-Options"); v != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, v)
	}
	switch v := h.Get("Referrer-Policy"); v {
	case "no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin":
	default:
		t.Errorf("%s: Referrer-Policy %q", what, v)
	}
	if v := h.Get("X-XSS-Protection"); v != "0" {
		t.Errorf("%s: X-XSS-Protection %q, want 0", what, v)
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	w := axNewPagesWorld(t)
	e := w.e
	b := e.browser()
	home := b.get("/")
	m := regexp.MustCompile(`href="(/static/style\.[0-9a-f]+\.css)"`).FindStringSubmatch(home.Body)
	if m == nil {
		t.Fatal("no stylesheet link on the home page")
	}
	js := regexp.MustCompile(`src="(/static/app\.[0-9a-f]+\.js)"`).FindStringSubmatch(home.Body)
	if js == nil {
		t.Fatal("no script on the home page")
	}
	for _, c := range []struct {
		name, method, path string
		status             int
		ctype              string
	}{
		{"HTML page", "GET", "/", 200, "text/html"},
		{"thread page", "GET", "/t/" + itoa(w.thread.ID) + "/" + w.thread.Slug, 200, "text/html"},
		{"JSON", "GET", "/api/v1/categories", 200, "application/json"},
		{"JSON thread", "GET", "/api/v1/threads/" + itoa(w.thread.ID), 200, "application/json"},
		{"error page", "GET", "/no/such/page", 404, "text/html"},
		{"JSON error", "GET", "/api/v1/threads/999999", 404, "application/json"},
		{"JSON 401", "GET", "/api/v1/me", 401, "application/json"},
		{"wrong method", "GET", "/logout", 405, "text/html"},
		{"CSRF refusal", "POST", "/ask", 403, "text/html"},
		{"redirect", "GET", "/ask", 303, ""},
		{"stylesheet", "GET", m[1], 200, "text/css"},
		{"script", "GET", js[1], 200, "text/javascript"},
		{"missing static file", "GET", "/static/nothing.css", 404, "text/html"},
		{"health check", "GET", "/healthz", 200, "text/plain"},
	} {
		var r response
		if c.method == "POST" {
			r = b.axForm(c.path, url.Values{"title": {"x"}}, nil)
		} else {
			r = b.get(c.path)
		}
		what := c.name + " " + c.path
		if r.Status != c.status {
			t.Errorf("%s: status %d, want %d", what, r.Status, c.status)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, c.ctype) {
			t.Errorf("%s: Content-Type %q, want %s", what, ct, c.ctype)
		}
		axCheckSecurityHeaders(t, what, r.Header)
	}
	// A refused oversized request.
	r := b.axSend(http.MethodPost, "/api/v1/threads", strings.NewReader(strings.Repeat("x", 2<<20)), "application/json", nil)
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized: %d", r.Status)
	}
	axCheckSecurityHeaders(t, "413", r.Header)
}

func axCookie(h http.Header, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestCookies(t *testing.T) {
	e := newEnv(t)
	e.user("sabine", forum.RoleMember)
	b := e.browser()
	r := b.get("/login")
	csrf := axCookie(r.Header, "chorus_csrf")
	if csrf == nil || !csrf.HttpOnly || csrf.SameSite != http.SameSiteLaxMode || csrf.Path != "/" || len(csrf.Value) < 32 {
		t.Errorf("CSRF cookie: %+v", csrf)
	}
	r = b.post("/login", url.Values{"username": {"sabine"}, "password": {testPassword}})
	s := axCookie(r.Header, "chorus_session")
	if r.Status != http.StatusSeeOther || s == nil {
		t.Fatalf("login: %d, session cookie %v", r.Status, s)
	}
	if !s.HttpOnly || s.SameSite != http.SameSiteLaxMode || s.Path != "/" || s.Domain != "" || len(s.Value) < 32 {
		t.Errorf("session cookie: %+v", s)
	}
	if s.MaxAge <= 0 && s.Expires.IsZero() {
		t.Errorf("session cookie without a lifetime: %+v", s)
	}
	// Logging out deletes it (Max-Age=0 on the wire), rather than leaving
	// an empty cookie until the browser closes.
	r = b.post("/logout", nil)
	if s := axCookie(r.Header, "chorus_session"); s == nil || s.MaxAge >= 0 {
		t.Errorf("logout did not delete the session cookie: Set-Cookie %q", r.Header.Values("Set-Cookie"))
	}

	// Behind HTTPS: __Host- names, Secure, and HSTS.
	app, err := web.New(e.Svc, e.Mod, themes.Embedded(), static.Files(), web.Config{SecureCookies: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(app.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	hc := axCookie(res.Header, "__Host-chorus_csrf")
	if hc == nil || !hc.Secure || !hc.HttpOnly || hc.Path != "/" || hc.Domain != "" || hc.SameSite != http.SameSiteLaxMode {
		t.Fatalf("secure CSRF cookie: %+v", hc)
	}
	if !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Error("no HSTS with secure cookies")
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/login", strings.NewReader(url.Values{
		"csrf": {hc.Value}, "username": {"sabine"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: hc.Name, Value: hc.Value})
	res, err = (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	hs := axCookie(res.Header, "__Host-chorus_session")
	if res.StatusCode != http.StatusSeeOther || hs == nil || !hs.Secure || !hs.HttpOnly || hs.SameSite != http.SameSiteLaxMode || hs.Path != "/" {
		t.Errorf("secure session cookie: %d %+v", res.StatusCode, hs)
	}
}

// axAlignWindow moves the service clock to just after the start of a rate
// limit window, so a test's attempts all fall into one window.
func axAlignWindow(e *env, window time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now().Add(e.ahead)
	e.ahead += now.Truncate(window).Add(window).Sub(now) + time.Second
}

// TestLoginLimitIgnoresForwardedFor: without trusted proxies, a new
// X-Forwarded-For on every request does not make a new address. After ten
// failures the next login is refused with 429 even with the right password.
func TestLoginLimitIgnoresForwardedFor(t *testing.T) {
	for _, variant := range []string{"many accounts from one address", "one account"} {
		e := newEnv(t)
		e.user("sabine", forum.RoleMember)
		axAlignWindow(e, 5*time.Minute)
		for i := 0; i < 10; i++ {
			b := e.browser() // a fresh browser each time, as an attacker would
			b.header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
			b.header.Set("X-Real-Ip", fmt.Sprintf("198.51.100.%d", i+1))
			name := "sabine"
			if variant != "one account" {
				name = fmt.Sprintf("guess%d", i)
			}
			if r := b.post("/login", url.Values{"username": {name}, "password": {"not the password at all"}}); r.Status != http.StatusUnauthorized {
				t.Fatalf("%s: failure %d: %d", variant, i+1, r.Status)
			}
		}
		b := e.browser()
		b.header.Set("X-Forwarded-For", "192.0.2.200")
		b.header.Set("X-Real-Ip", "192.0.2.201")
		r := b.post("/login", url.Values{"username": {"sabine"}, "password": {testPassword}})
		want := axStr(t, "en", "error.rate_limited", 5)
		if r.Status != http.StatusTooManyRequests || !axSays(r.Body, want) || axCookie(r.Header, "chorus_session") != nil {
			t.Errorf("%s: 11th login with the right password: %d, want 429 %q", variant, r.Status, want)
		}
		res := b.axJSON(http.MethodPost, "/api/v1/auth/token", map[string]string{"username": "sabine", "password": testPassword}, nil)
		if res.Status != http.StatusTooManyRequests || axErr(res).Error.Message != want {
			t.Errorf("%s: API token after the limit: %d %s", variant, res.Status, res.Body)
		}
	}
}

// ---- setup ----

func TestSetupFlow(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		e := newEnv(t)
		b := e.browser().axLang(lang)
		for _, path := range []string{"/", "/ask", "/login", "/register", "/c/internet", "/t/1", "/admin/users", "/settings"} {
			if r := b.get(path); r.Status != http.StatusSeeOther || r.Location != "/setup" {
				t.Errorf("%s: GET %s without accounts: %d %q, want a redirect to /setup", lang, path, r.Status, r.Location)
			}
		}
		if r := b.post("/register", url.Values{"username": {"early"}, "email": {"early@example.com"}, "password": {testPassword}}); r.Status != http.StatusSeeOther || r.Location != "/setup" {
			t.Errorf("%s: POST /register without accounts: %d %q", lang, r.Status, r.Location)
		}
		r := b.get("/setup")
		if r.Status != http.StatusOK || !axSays(r.Body, axStr(t, lang, "setup.submit")) {
			t.Fatalf("%s: setup page: %d", lang, r.Status)
		}
		// A refused setup keeps what was typed.
		r = b.post("/setup", url.Values{"username": {"founder"}, "email": {"founder@example.com"}, "password": {"short"}})
		if r.Status != http.StatusUnprocessableEntity || !axSays(r.Body, axFieldMsg(t, lang, "password", "error.password_short", forum.PasswordMinStaff)) {
			t.Errorf("%s: setup with a short password: %d", lang, r.Status)
		}
		if v, _ := axFieldValue(t, r.Body, "acct-username"); v != "founder" {
			t.Errorf("%s: username not kept: %q", lang, v)
		}
		r = b.post("/setup", url.Values{"username": {"founder"}, "email": {"founder@example.com"}, "password": {testPassword}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("%s: setup: %d\n%s", lang, r.Status, axShort(r.Body))
		}
		u, err := e.Svc.User(context.Background(), "founder")
		if err != nil || u.Role != forum.RoleAdmin {
			t.Fatalf("%s: after setup: %v %+v", lang, err, u)
		}
		if u.Language != lang {
			t.Errorf("%s: the admin's language is %q", lang, u.Language)
		}
		if axCookie(r.Header, "chorus_session") == nil {
			t.Errorf("%s: setup did not log the admin in", lang)
		}
		// /setup is gone, for the admin and for everyone else.
		other := e.browser().axLang(lang)
		if r := other.get("/setup"); r.Status == http.StatusOK || strings.Contains(r.Body, `action="/setup"`) {
			t.Errorf("%s: GET /setup after setup: %d", lang, r.Status)
		}
		r = other.post("/setup", url.Values{"username": {"intruder"}, "email": {"intruder@example.com"}, "password": {testPassword}})
		if r.Status != http.StatusConflict || !axSays(r.Body, axStr(t, lang, "error.setup_done")) {
			t.Errorf("%s: second setup: %d", lang, r.Status)
		}
		if _, err := e.Svc.User(context.Background(), "intruder"); err == nil {
			t.Errorf("%s: a second admin was created", lang)
		}
		if r := other.get("/"); r.Status != http.StatusOK {
			t.Errorf("%s: home after setup: %d %s", lang, r.Status, r.Location)
		}
	}
}
