package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

// A new moderator can do nothing but set up the second factor, then works
// normally; the codes shown are the ones that log in later.
func TestModeratorMustSetUpTwoFactor(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	ctx := context.Background()
	// Created without the harness's automatic second factor.
	if _, err := e.Svc.CreateUser(ctx, forum.RegisterInput{Username: "newmod", Email: "newmod@example.com",
		Password: testPassword, Role: forum.RoleModerator}); err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	r := b.post("/login", url.Values{"username": {"newmod"}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Fatalf("login: %d %s", r.Status, r.Location)
	}
	for _, path := range []string{"/", "/ask", "/admin/users", "/settings"} {
		if r := b.get(path); r.Status != http.StatusSeeOther || r.Location != "/settings/2fa" {
			t.Errorf("GET %s: %d %s, want a redirect to the setup", path, r.Status, r.Location)
		}
	}
	r = b.post("/ask", url.Values{"category": {"internet"}, "title": {"A question from a moderator"}, "body": {"Body long enough to be a question."}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "requires two-factor") {
		t.Errorf("POST /ask: %d", r.Status)
	}

	page := b.get("/settings/2fa")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, `<svg class="qr"`) || !strings.Contains(page.Body, "until then the rest of the forum is closed") {
		t.Fatalf("setup page: %d\n%s", page.Status, page.Body)
	}
	m := regexp.MustCompile(`<code class="secret">([A-Z2-7 ]+)</code>`).FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no secret on the setup page")
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	if again := b.get("/settings/2fa"); !strings.Contains(again.Body, m[1]) {
		t.Error("the secret changed on reload; a scanned code would stop working")
	}
	e.secrets["newmod"] = secret

	r = b.post("/settings/2fa", url.Values{"action": {"enable"}, "code": {"000000"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "this code is wrong") {
		t.Fatalf("wrong code: %d", r.Status)
	}
	r = b.post("/settings/2fa", url.Values{"action": {"enable"}, "code": {e.totp("newmod")}})
	codes := regexp.MustCompile(`<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>`).FindAllStringSubmatch(r.Body, -1)
	if r.Status != http.StatusOK || len(codes) != forum.RecoveryCodeCount {
		t.Fatalf("enable: %d, %d recovery codes\n%s", r.Status, len(codes), r.Body)
	}
	if r := b.get("/"); r.Status != http.StatusOK {
		t.Fatalf("after setup: %d", r.Status)
	}

	// Log in again with password and code, then with a recovery code once.
	if r := e.browser().login("newmod").get("/admin/users"); r.Status != http.StatusForbidden {
		t.Errorf("moderator on admin page: %d", r.Status) // logged in, but not an admin
	}
	rc := codes[0][1]
	for i, want := range []int{http.StatusSeeOther, http.StatusUnprocessableEntity} {
		nb := e.browser()
		nb.post("/login", url.Values{"username": {"newmod"}, "password": {testPassword}})
		if r := nb.post("/login/code", url.Values{"code": {strings.ToUpper(rc)}}); r.Status != want {
			t.Errorf("recovery code, use %d: %d, want %d", i+1, r.Status, want)
		}
	}
	if st, _ := e.DB.TwoFactor(ctx, mustUser(t, e, "newmod").ID); st.RecoveryLeft != forum.RecoveryCodeCount-1 {
		t.Errorf("recovery codes left: %d", st.RecoveryLeft)
	}
	// Moderators cannot turn it off.
	if r := b.post("/settings/2fa", url.Values{"action": {"disable"}, "password": {testPassword}}); r.Status != http.StatusForbidden {
		t.Errorf("moderator turned two-factor off: %d", r.Status)
	}
	// The operator's reset (lost phone and codes) ends the sessions and
	// sends the moderator back to the setup at the next login.
	if err := e.Svc.ResetTwoFactor(ctx, "newmod"); err != nil {
		t.Fatal(err)
	}
	if r := b.get("/settings"); r.Status == http.StatusOK {
		t.Error("session survived the reset")
	}
	nb := e.browser()
	if r := nb.post("/login", url.Values{"username": {"newmod"}, "password": {testPassword}}); r.Location != "/" {
		t.Fatalf("login after reset: %d %s", r.Status, r.Location)
	}
	if r := nb.get("/"); r.Location != "/settings/2fa" {
		t.Errorf("after reset: %d %s, want the setup again", r.Status, r.Location)
	}
}

func mustUser(t *testing.T, e *env, name string) *forum.User {
	t.Helper()
	u, err := e.Svc.User(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestLoginWithSecondFactor(t *testing.T) {
	e := newEnv(t)
	e.user("staffer", forum.RoleStaff)

	b := e.browser()
	r := b.post("/login", url.Values{"username": {"staffer"}, "password": {testPassword}, "next": {"/settings"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/login/code") {
		t.Fatalf("password step: %d %s", r.Status, r.Location)
	}
	if r := b.get("/settings"); r.Status == http.StatusOK {
		t.Fatal("the password alone gave a session")
	}
	if r := b.get(r.Location); r.Status != http.StatusOK || !strings.Contains(r.Body, `autocomplete="one-time-code"`) {
		t.Fatalf("code page: %d", r.Status)
	}
	code := e.totp("staffer")
	r = b.post("/login/code", url.Values{"code": {code[:3] + " " + code[3:]}, "next": {"/settings"}})
	if r.Status != http.StatusSeeOther || r.Location != "/settings" {
		t.Fatalf("code step: %d %s\n%s", r.Status, r.Location, r.Body)
	}
	if r := b.get("/settings"); r.Status != http.StatusOK || !strings.Contains(r.Body, "staffer") {
		t.Fatalf("not logged in: %d", r.Status)
	}

	// The same code does not work twice, even within its 30 seconds.
	b2 := e.browser()
	b2.post("/login", url.Values{"username": {"staffer"}, "password": {testPassword}})
	if r := b2.post("/login/code", url.Values{"code": {code}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("replayed code: %d", r.Status)
	}
	// Without the password step there is nothing to complete.
	if r := e.browser().post("/login/code", url.Values{"code": {e.totp("staffer")}}); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "took too long") {
		t.Errorf("code without password: %d", r.Status)
	}
	// Guessing is limited: after 5 wrong codes even the right one waits.
	// The right code is made first: making one moves the test clock on
	// 30 s, which could carry the attempts into the next fixed window.
	right := e.totp("staffer")
	b3 := e.browser()
	b3.post("/login", url.Values{"username": {"staffer"}, "password": {testPassword}})
	for range 5 {
		b3.post("/login/code", url.Values{"code": {"123456"}})
	}
	if r := b3.post("/login/code", url.Values{"code": {right}}); r.Status != http.StatusTooManyRequests {
		t.Errorf("sixth code attempt: %d, want 429", r.Status)
	}
}

func TestAPITokenNeedsSecondFactor(t *testing.T) {
	e := newEnv(t)
	e.user("admin1", forum.RoleAdmin)
	r := e.api("").call(http.MethodPost, "/api/v1/auth/token", map[string]string{"username": "admin1", "password": testPassword}, nil)
	if r.Status != http.StatusUnauthorized || decodeError(t, r).Error.Field != "otp" {
		t.Fatalf("token without otp: %d %s", r.Status, r.Body)
	}
	r = e.api("").call(http.MethodPost, "/api/v1/auth/token", map[string]string{"username": "admin1", "password": testPassword, "otp": "999999"}, nil)
	if r.Status != http.StatusUnauthorized {
		t.Fatalf("token with a wrong otp: %d %s", r.Status, r.Body)
	}
	var me struct {
		TwoFactor bool `json:"two_factor"`
	}
	if r := e.tokenFor("admin1").call(http.MethodGet, "/api/v1/me", nil, &me); r.Status != http.StatusOK || !me.TwoFactor {
		t.Fatalf("me: %d %s", r.Status, r.Body)
	}
}

func TestMemberTurnsTwoFactorOnAndOff(t *testing.T) {
	e := newEnv(t)
	u := e.user("member1", forum.RoleMember)
	b := e.browser().login("member1")
	if r := b.get("/settings/2fa"); r.Status != http.StatusOK || strings.Contains(r.Body, "until then") {
		t.Fatalf("optional setup page: %d", r.Status)
	}
	e.enableTwoFactor(u)
	if r := b.post("/settings/2fa", url.Values{"action": {"disable"}, "password": {"not the password at all"}}); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("disable with a wrong password: %d", r.Status)
	}
	if r := b.post("/settings/2fa", url.Values{"action": {"disable"}, "password": {testPassword}}); r.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", r.Status, r.Body)
	}
	r := e.browser().post("/login", url.Values{"username": {"member1"}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Errorf("login after turning it off: %d %s", r.Status, r.Location)
	}
}

// Changing the password ends every other session and API token.
func TestChangePasswordEndsOtherSessions(t *testing.T) {
	e := newEnv(t)
	e.user("member1", forum.RoleMember)
	here, there := e.browser().login("member1"), e.browser().login("member1")
	token := e.tokenFor("member1")

	r := here.post("/settings/password", url.Values{"current_password": {"wrong wrong wrong"}, "new_password": {"a brand new passphrase"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Current password: this password is wrong") {
		t.Fatalf("wrong current password: %d", r.Status)
	}
	r = here.post("/settings/password", url.Values{"current_password": {testPassword}, "new_password": {"password123456"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "too common") {
		t.Fatalf("common new password: %d", r.Status)
	}
	r = here.post("/settings/password", url.Values{"current_password": {testPassword}, "new_password": {"a brand new passphrase"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("change: %d %s", r.Status, r.Body)
	}
	if r := here.get("/settings?saved=password"); r.Status != http.StatusOK || !strings.Contains(r.Body, "Every other session") {
		t.Errorf("this browser lost its session: %d", r.Status)
	}
	if r := there.get("/settings"); r.Status == http.StatusOK {
		t.Error("the other browser is still logged in")
	}
	if r := token.call(http.MethodGet, "/api/v1/me", nil, nil); r.Status != http.StatusUnauthorized {
		t.Errorf("the API token still works: %d", r.Status)
	}
}
