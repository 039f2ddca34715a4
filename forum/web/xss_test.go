package web_test

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"golang.org/x/net/html"
)

// loadXSSPayloads reads testdata/xss-payloads.txt.
func loadXSSPayloads(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/xss-payloads.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, strings.ReplaceAll(line, `\n`, "\n"))
		}
	}
	if len(out) < 50 {
		t.Fatalf("only %d payloads", len(out))
	}
	return out
}

// dangerousHTML parses a page and lists everything that could run script:
// script elements other than our own files, frames and plugins, event
// handler and style attributes, and URLs with a script or data scheme.
func dangerousHTML(page string) []string {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return []string{"unparsable: " + err.Error()}
	}
	var found []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				if src := attr(n, "src"); !strings.HasPrefix(src, "/static/") || len(n.Attr) > 3 {
					found = append(found, "<script src="+src+">")
				}
			case "iframe", "frame", "object", "embed", "base", "applet", "style", "link", "meta":
				if n.Data == "link" && (attr(n, "rel") == "stylesheet" || attr(n, "rel") == "icon" || attr(n, "rel") == "alternate") && strings.HasPrefix(attr(n, "href"), "/") {
					break
				}
				if n.Data == "meta" && attr(n, "http-equiv") == "" {
					break
				}
				found = append(found, "<"+n.Data+">")
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") || key == "style" || key == "srcdoc" || key == "formaction" {
					found = append(found, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
				}
				switch key {
				case "href", "src", "action", "xlink:href", "data", "poster", "background", "cite":
					if dangerousURL(a.Val) {
						found = append(found, fmt.Sprintf("<%s %s=%q>", n.Data, a.Key, a.Val))
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return found
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// dangerousURL decides as a browser would: control characters and spaces
// are dropped before the scheme is read.
func dangerousURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(u))
	for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
		if strings.HasPrefix(u, scheme) {
			return true
		}
	}
	return false
}

// TestXSSCorpus writes every payload into every field a person can fill
// through the API (title, body, answer, comment, tags, username, category
// name and description, an edit), then checks each page that shows them:
// parsed, nothing that could run; and in Chromium, no dialog.
func TestXSSCorpus(t *testing.T) {
	e := newEnv(t)
	e.category("internet", 12)
	e.user("writer", forum.RoleMember)
	e.user("admin1", forum.RoleAdmin)
	writer, admin, guest := e.tokenFor("writer"), e.tokenFor("admin1"), e.api("")

	accepted := map[string]int{}
	pages := map[string]bool{"/": true, "/c/internet": true, "/u/writer": true, "/admin/categories": false}
	ok := func(field string, r response) bool {
		if r.Status >= 500 {
			t.Errorf("%s: %d %s", field, r.Status, r.Body)
		}
		if r.Status < 300 {
			accepted[field]++
			return true
		}
		return false
	}
	for i, p := range loadXSSPayloads(t) {
		title := fmt.Sprintf("Payload %02d %s", i, p)
		if len([]rune(title)) > 150 {
			title = string([]rune(title)[:150])
		}
		var asked struct {
			Thread struct {
				ID  int64
				URL string
			}
		}
		r := writer.call(http.MethodPost, "/api/v1/threads", map[string]any{"category": "internet", "title": title,
			"body": "Body of the question: " + p}, &asked)
		if !ok("title", r) {
			// Titles with line breaks are refused; the body still gets its turn.
			r = writer.call(http.MethodPost, "/api/v1/threads", map[string]any{"category": "internet",
				"title": fmt.Sprintf("Payload %02d in the body only", i), "body": "Body of the question: " + p}, &asked)
			if !ok("body", r) {
				t.Fatalf("payload %d: even the body-only question failed: %d %s", i, r.Status, r.Body)
			}
		}
		id := itoa(asked.Thread.ID)
		pages[asked.Thread.URL] = true

		var post struct{ ID int64 }
		ok("answer", writer.call(http.MethodPost, "/api/v1/threads/"+id+"/posts", map[string]any{"body": "An answer: " + p}, &post))
		ok("comment", writer.call(http.MethodPost, "/api/v1/posts/"+itoa(post.ID)+"/comments", map[string]any{"body": "A comment " + p}, nil))
		if ok("edit", writer.call(http.MethodPatch, "/api/v1/posts/"+itoa(post.ID), map[string]any{"body": "Edited answer: " + p + " (edited)"}, nil)) {
			pages["/p/"+itoa(post.ID)+"/revisions"] = true
		}
		if ok("tags", writer.call(http.MethodPost, "/api/v1/threads", map[string]any{"category": "internet",
			"title": fmt.Sprintf("Payload %02d as a tag", i), "body": "Body of the question, with a tag.", "tags": []string{p}}, nil)) {
			pages["/tag/"+p] = true
		}
		if ok("username", guest.call(http.MethodPost, "/api/v1/auth/register", map[string]any{"username": p,
			"email": fmt.Sprintf("x%d@example.com", i), "password": testPassword}, nil)) {
			pages["/u/"+p] = true
		}
		ok("category", admin.call(http.MethodPost, "/api/v1/categories", map[string]any{"slug": fmt.Sprintf("cat-%d", i),
			"name": "Category " + p, "description": "About " + p, "response_target_hours": 24}, nil))
	}
	t.Logf("accepted payloads per field: %v", accepted)
	if accepted["answer"] == 0 || accepted["comment"] == 0 || accepted["title"] == 0 || accepted["category"] == 0 {
		t.Fatalf("the corpus never reached some fields: %v", accepted)
	}

	adminCookie := e.sessionCookie(t, e.mustUser(t, "admin1"))
	var visit []browserPage
	b := e.browser().login("admin1")
	for path, asGuest := range pages {
		var r response
		if asGuest {
			r = e.browser().get(path)
		} else {
			r = b.get(path)
		}
		if r.Status != http.StatusOK {
			t.Errorf("GET %s: %d", path, r.Status)
			continue
		}
		for _, bad := range dangerousHTML(r.Body) {
			t.Errorf("%s: %s", path, bad)
		}
		bp := browserPage{Path: path}
		if !asGuest {
			bp.Cookies = adminCookie
		}
		visit = append(visit, bp)
	}
	for _, r := range e.runBrowser(t, "dialogs", visit) {
		if len(r.Dialogs) > 0 {
			t.Errorf("%s: a dialog fired in Chromium: %v", r.Path, r.Dialogs)
		}
	}
}

// The oracles must be able to say no: known-bad HTML is caught by the
// parser check, and a page that really calls alert is caught in Chromium.
func TestXSSOraclesCatchKnownBad(t *testing.T) {
	for _, bad := range []string{
		`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `<a href="  JaVa&#x09;Script:alert(1)">x</a>`,
		`<a href="data:text/html,x">x</a>`, `<iframe src="/x"></iframe>`, `<p style="color:red">x</p>`,
		`<svg><a xlink:href="javascript:alert(1)">x</a></svg>`, `<meta http-equiv="refresh" content="0">`,
	} {
		if len(dangerousHTML("<!doctype html><body>"+bad)) == 0 {
			t.Errorf("oracle missed %s", bad)
		}
	}
	if found := dangerousHTML(`<!doctype html><body><a href="/t/1">ok</a><script src="/static/app.1234.js" defer></script>`); len(found) > 0 {
		t.Errorf("oracle flagged a clean page: %v", found)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>x</title><img src=x onerror="alert('fired')">`)
	}))
	defer srv.Close()
	res := runBrowserAt(t, srv.URL, "dialogs", []browserPage{{Path: "/"}})
	if len(res) != 1 || len(res[0].Dialogs) != 1 {
		t.Fatalf("Chromium did not report the dialog of a page that fires one: %+v", res)
	}
}

func (e *env) mustUser(t *testing.T, name string) *forum.User {
	t.Helper()
	return mustUser(t, e, name)
}
