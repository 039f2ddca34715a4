package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/moderation"
)

// The browser tests drive Debian's headless Chromium through
// .ci/browser/check.mjs (playwright-core and axe-core, installed there by
// .ci/run with npm). Without Chromium, Node or those packages they skip
// and say why; CI sets CHORUS_REQUIRE_BROWSER=1 so that there they fail
// instead.

type browserPage struct {
	Path        string          `json:"path"`
	Cookies     []browserCookie `json:"cookies,omitempty"`
	ColorScheme string          `json:"colorScheme,omitempty"`
	// AxeRules limits axe-core to these rules (all when empty).
	AxeRules []string `json:"axeRules,omitempty"`
	// Type is typed into fields, key by key, after the page loads; then
	// WaitFor is awaited (up to 5 s) and the texts of Collect reported.
	Type    []browserTyping `json:"type,omitempty"`
	WaitFor string          `json:"waitFor,omitempty"`
	// Settle is how long to wait after typing, in milliseconds.
	Settle  int    `json:"settle,omitempty"`
	Collect string `json:"collect,omitempty"`
}

type browserTyping struct {
	Selector string `json:"selector"`
	Text     string `json:"text"`
}

type browserCookie struct {
	Name  string `json:"name"`
	Value string `json:"value"`
	URL   string `json:"url"`
}

type browserResult struct {
	Path          string   `json:"path"`
	Status        int      `json:"status"`
	Dialogs       []string `json:"dialogs"`
	CSPViolations []string `json:"cspViolations"`
	WaitFailed    string   `json:"waitFailed"`
	Collected     []string `json:"collected"`
	Violations    []struct {
		ID     string   `json:"id"`
		Impact string   `json:"impact"`
		Help   string   `json:"help"`
		Nodes  []string `json:"nodes"`
	} `json:"violations"`
}

// browserTools returns the check script, or skips the test.
func browserTools(t *testing.T) string {
	t.Helper()
	script, _ := filepath.Abs("../../.ci/browser/check.mjs")
	missing := ""
	if _, err := exec.LookPath("chromium"); err != nil {
		missing = "chromium (apt-get install chromium)"
	} else if _, err := exec.LookPath("node"); err != nil {
		missing = "node"
	} else if _, err := os.Stat(filepath.Join(filepath.Dir(script), "node_modules", "playwright-core")); err != nil {
		missing = "playwright-core and axe-core (cd .ci/browser && npm ci)"
	}
	if missing != "" {
		if os.Getenv("CHORUS_REQUIRE_BROWSER") != "" {
			t.Fatalf("browser test needs %s", missing)
		}
		t.Skipf("skipped: browser test needs %s (.ci/run installs it)", missing)
	}
	if testing.Short() {
		t.Skip("skipped in -short mode: starts Chromium")
	}
	return script
}

// runBrowser opens pages in Chromium and returns what it saw.
func (e *env) runBrowser(t *testing.T, mode string, pages []browserPage) []browserResult {
	t.Helper()
	return runBrowserAt(t, e.Srv.URL, mode, pages)
}

func runBrowserAt(t *testing.T, base, mode string, pages []browserPage) []browserResult {
	t.Helper()
	script := browserTools(t)
	cfg, _ := json.Marshal(map[string]any{"base": base, "mode": mode, "pages": pages})
	path := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(path, cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", script, path)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("browser: %v\n%s", err, stderr.String())
	}
	var results []browserResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("browser output: %v\n%s", err, out)
	}
	return results
}

// sessionCookie logs u in for the browser without the login form.
func (e *env) sessionCookie(t *testing.T, u *forum.User) []browserCookie {
	t.Helper()
	secret, err := e.Svc.StartSession(context.Background(), u, forum.TokenSession)
	if err != nil {
		t.Fatal(err)
	}
	return []browserCookie{{Name: "chorus_session", Value: secret, URL: e.Srv.URL}}
}

// TestAccessibility runs axe-core on the main pages as a guest, a member, a
// moderator and an admin: no violations allowed. In the dark scheme only contrast can
// differ, so only that rule runs there.
func TestAccessibility(t *testing.T) {
	e := newEnv(t)
	browserTools(t)
	e.category("internet", 12)
	member := e.user("sabine", forum.RoleMember)
	staff := e.user("anna", forum.RoleStaff)
	admin := e.user("admin1", forum.RoleAdmin)
	th := e.ask(member, "internet", "Router drops the line every evening")
	p := e.answer(staff, th.ID)
	if _, err := e.Svc.Accept(context.Background(), member, th.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	e.ask(member, "internet", "Second question that nobody answered yet")
	dup := e.ask(member, "internet", "Router drops the DSL line every evening")

	// The moderators' pages with something on them: a flagged answer, a
	// held one, a merge (marker and undo), a pinned thread, notifications.
	ctx := context.Background()
	mod := e.user("moritz", forum.RoleModerator)
	other := e.user("peter", forum.RoleMember)
	flagged := e.answer(other, th.ID)
	if _, err := e.Mod.Flag(ctx, member, flagged.ID, moderation.FlagInput{Reason: "off_topic", Note: "Not about this router."}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.SetSpamWords(ctx, admin, []string{"casino"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.Answer(ctx, other, th.ID, "Try the casino trick: unplug it for ten seconds."); err != nil {
		t.Fatal(err)
	}
	from := e.ask(member, "internet", "FritzBox loses the DSL sync each evening")
	if _, err := e.Mod.Merge(ctx, mod, from.ID, dup.ID, "Same problem."); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Mod.ActOnThread(ctx, mod, th.ID, moderation.ThreadActionInput{Action: "pin"}); err != nil {
		t.Fatal(err)
	}
	e.searchable()
	thread := "/t/" + itoa(th.ID)

	guest := []string{"/", "/?status=solved", "/c/internet", "/tag/router", thread, "/login", "/password/forgot", "/register", "/u/sabine", "/does-not-exist",
		"/search?q=router+evening", "/search?q=routr", "/search?status=unanswered"}
	asMember := []string{"/ask", "/settings", "/settings/email", "/settings/2fa", thread, "/p/" + itoa(p.ID) + "/revisions", "/notifications"}
	asMod := []string{"/mod", "/p/" + itoa(p.ID) + "/flag", thread, "/t/" + itoa(dup.ID), "/t/" + itoa(th.ID) + "/merge?q=router", "/u/peter", "/notifications"}
	e.clOpenCluster(t, "internet", th.ID, dup.ID) // the clusters dashboard with a card
	asAdmin := []string{"/staff/attention", "/staff/insights", "/staff/clusters", "/admin/users", "/admin/categories", "/admin/search", "/admin/spam", "/mod/audit", "/settings/2fa", thread}
	// Moderators and admins have a second factor (env.user sets one up),
	// and sessionCookie starts the session without the code, as after a
	// login: without the factor every page would be the one that sets it
	// up, and axe would check that instead.
	for who, paths := range map[*forum.User][]string{mod: asMod, admin: asAdmin} {
		b := e.axSignedIn(who)
		for _, path := range paths {
			if r := b.follow(b.get(path)); r.Status != http.StatusOK {
				t.Fatalf("%s: GET %s: %d %s", who.Username, path, r.Status, r.Location)
			}
		}
	}
	var pages []browserPage
	for _, scheme := range []string{"light", "dark"} {
		var rules []string
		if scheme == "dark" {
			rules = []string{"color-contrast"}
		}
		for _, path := range guest {
			pages = append(pages, browserPage{Path: path, ColorScheme: scheme, AxeRules: rules})
		}
		for _, path := range asMember {
			pages = append(pages, browserPage{Path: path, ColorScheme: scheme, AxeRules: rules, Cookies: e.sessionCookie(t, member)})
		}
		for _, path := range asMod {
			pages = append(pages, browserPage{Path: path, ColorScheme: scheme, AxeRules: rules, Cookies: e.sessionCookie(t, mod)})
		}
		for _, path := range asAdmin {
			pages = append(pages, browserPage{Path: path, ColorScheme: scheme, AxeRules: rules, Cookies: e.sessionCookie(t, admin)})
		}
		// The ask page with its similar-questions panel showing.
		pages = append(pages, browserPage{Path: "/ask", ColorScheme: scheme, AxeRules: rules, Cookies: e.sessionCookie(t, member),
			Type: []browserTyping{{"#ask-title", "Router drops the line"}}, WaitFor: "#similar:not([hidden]) li"})
	}
	for i, r := range e.runBrowser(t, "axe", pages) {
		for _, v := range r.Violations {
			t.Errorf("%s (%s): %s [%s] %s at %v", r.Path, pages[i].ColorScheme, v.ID, v.Impact, v.Help, v.Nodes)
		}
		if len(r.CSPViolations) > 0 {
			t.Errorf("%s: the page broke its own CSP: %v", r.Path, r.CSPViolations)
		}
		if r.WaitFailed != "" {
			t.Errorf("%s: %s never appeared: %s", r.Path, pages[i].WaitFor, r.WaitFailed)
		}
	}
}

// TestSimilarQuestionsWhileTyping types a title into the ask page, key by
// key, in a real browser, and expects the similar threads (solved first)
// to appear under it; a title about something else shows none.
func TestSimilarQuestionsWhileTyping(t *testing.T) {
	e := newEnv(t)
	browserTools(t)
	e.category("internet", 12)
	member := e.user("sabine", forum.RoleMember)
	staff := e.user("anna", forum.RoleStaff)
	e.ask(member, "internet", "WLAN drops every evening after the firmware update")
	solved := e.ask(member, "internet", "WLAN keeps dropping after firmware update on my router")
	p := e.answer(staff, solved.ID)
	if _, err := e.Svc.Accept(context.Background(), member, solved.ID, p.ID); err != nil {
		t.Fatal(err)
	}
	e.ask(member, "internet", "How do I change the invoice address?")
	e.searchable()

	cookies := e.sessionCookie(t, member)
	pages := []browserPage{
		{Path: "/ask", Cookies: cookies, Type: []browserTyping{{"#ask-title", "WLAN drops after firmware update"}},
			WaitFor: "#similar:not([hidden]) li", Collect: "#similar li"},
		{Path: "/ask", Cookies: cookies, Type: []browserTyping{{"#ask-title", "Completely unrelated gardening tips"}},
			Settle: 1200, Collect: "#similar:not([hidden]) li"},
	}
	res := e.runBrowser(t, "dialogs", pages)
	got := res[0].Collected
	if res[0].WaitFailed != "" || len(got) < 2 {
		t.Fatalf("similar threads while typing: %v (%s)", got, res[0].WaitFailed)
	}
	if !strings.Contains(got[0], solved.Title) || !strings.Contains(got[0], "Solved") {
		t.Errorf("the solved thread should come first, marked solved: %q", got)
	}
	for _, g := range got {
		if strings.Contains(g, "invoice") {
			t.Errorf("an unrelated thread was shown: %q", got)
		}
	}
	if len(res[1].Collected) != 0 {
		t.Errorf("an unrelated title showed similar threads: %q", res[1].Collected)
	}
}
