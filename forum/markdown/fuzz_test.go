package markdown_test

import (
	"bufio"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum/markdown"
	"golang.org/x/net/html"
)

// FuzzRender feeds Markdown to the renderer and fails on anything in the
// output that could run script, or on a render that takes too long. The
// XSS corpus of the web tests is its seed, so plain `go test` runs it.
func FuzzRender(f *testing.F) {
	if file, err := os.Open("../web/testdata/xss-payloads.txt"); err == nil {
		sc := bufio.NewScanner(file)
		for sc.Scan() {
			if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
				f.Add(strings.ReplaceAll(line, `\n`, "\n"))
			}
		}
		file.Close()
	}
	f.Add(strings.Repeat("> ", 30) + "x")
	r := markdown.New()
	f.Fuzz(func(t *testing.T, src string) {
		if !utf8.ValidString(src) || len(src) > 32000 {
			return // refused before rendering by forum.ValidateBody
		}
		start := time.Now()
		out, err := r.Render(src)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("render took %v", d)
		}
		if err != nil {
			return
		}
		doc, err := html.Parse(strings.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script", "style", "iframe", "object", "embed", "svg", "math", "form", "base", "meta", "link":
					t.Fatalf("<%s> in output of %q:\n%s", n.Data, src, out)
				}
				for _, a := range n.Attr {
					k := strings.ToLower(a.Key)
					v := strings.Map(func(r rune) rune {
						if r <= ' ' {
							return -1
						}
						return r
					}, strings.ToLower(a.Val))
					if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" ||
						((k == "href" || k == "src") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:"))) {
						t.Fatalf("%s=%q in output of %q:\n%s", a.Key, a.Val, src, out)
					}
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	})
}
