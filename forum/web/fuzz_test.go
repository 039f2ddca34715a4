package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
)

// FuzzFormPost sends arbitrary bodies with arbitrary content types to the
// form routes, signed in and with a valid CSRF token so that the bodies
// reach parsing, validation and the handlers: no input may get a 5xx or a
// panic (the router's recover would turn one into a 500).
func FuzzFormPost(f *testing.F) {
	e := newEnv(f)
	e.admin()
	member := e.user("fuzzer", forum.RoleMember)
	th := e.ask(member, e.category("general", 24).Slug, "What does the fuzzer find today?")
	answer := e.answer(member, th.ID)
	session, err := e.Svc.StartSession(context.Background(), member, forum.TokenSession)
	if err != nil {
		f.Fatal(err)
	}
	const csrf = "fuzz-csrf-token-0123456789abcdefghijklmnopq"
	paths := []string{"/ask", "/t/" + itoa(th.ID) + "/answer", "/p/" + itoa(answer.ID) + "/edit",
		"/p/" + itoa(answer.ID) + "/comments", "/settings", "/t/" + itoa(th.ID) + "/metoo",
		"/p/" + itoa(answer.ID) + "/flag", "/language", "/settings/email", "/login"}
	form := "application/x-www-form-urlencoded"
	for _, s := range []struct {
		path        uint8
		contentType string
		body        string
	}{
		{0, form, "title=Router+blinks+red+all+night&body=It+blinks+and+nothing+works.&category=general&tags=router"},
		{1, form, "body=Try+another+cable+first%2C+then+restart."},
		{2, form, "body=%ff%fe%00&title=%00"},
		{3, form, "body=" + strings.Repeat("a", 70000)},
		{4, "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nde\r\n--x--\r\n"},
		{5, "multipart/form-data", "--x\r\n"},
		{6, "application/json", `{"reason":"spam"}`},
		{7, form, "lang=%%%%"},
		{8, form, "mode[]=now&kind=" + strings.Repeat("%E2%80%AE", 100)},
		{9, "text/plain; charset=utf-16", "\xff\xfeh\x00i\x00"},
	} {
		f.Add(s.path, s.contentType, []byte(s.body))
	}
	h := e.App.Handler()
	f.Fuzz(func(t *testing.T, path uint8, contentType string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, paths[int(path)%len(paths)], bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("X-CSRF-Token", csrf)
		req.AddCookie(&http.Cookie{Name: "chorus_csrf", Value: csrf})
		req.AddCookie(&http.Cookie{Name: "chorus_session", Value: session})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("POST %s (%q, %d bytes): %d\n%s", req.URL.Path, contentType, len(body), rec.Code, rec.Body.String())
		}
	})
}
