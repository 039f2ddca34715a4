package web_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Every API route is documented in docs/api.md under a heading
// "### METHOD /api/v1/path/{param}", and every such heading names a route
// that exists.
func TestAPIDocumentedRoutes(t *testing.T) {
	e := newEnv(t)
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^### ([A-Z]+ /api/v1/\S*)$`).FindAllStringSubmatch(string(doc), -1) {
		documented[m[1]] = true
	}
	param := regexp.MustCompile(`:([a-z_]+)`)
	routes := map[string]bool{}
	for _, r := range e.App.Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") || strings.HasSuffix(r.Path, "/*") {
			continue
		}
		key := r.Method + " " + param.ReplaceAllString(r.Path, "{$1}")
		routes[key] = true
		if !documented[key] {
			t.Errorf("%s is not documented in docs/api.md", key)
		}
	}
	for key := range documented {
		if !routes[key] {
			t.Errorf("docs/api.md documents %s, which does not exist", key)
		}
	}
}
