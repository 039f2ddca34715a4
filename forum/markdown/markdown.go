// Package markdown renders what people write into safe HTML, once, when a
// post is saved ("cooking", as Discourse calls it). goldmark never passes raw
// HTML through; bluemonday then sanitises the result again, so a bug in one
// layer is not enough for a script to reach a page. It imports forum,
// goldmark and bluemonday.
package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/chorus-forum/chorus/forum"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits that keep rendering cheap. Nested quotes and lists cost time that
// grows with the square of the depth (32 KB of ">" took 0.57 s and gave
// 885 KB of HTML), so deep nesting is refused before parsing, and the output
// is capped as a last guard.
const (
	MaxNesting  = 20
	MaxHTMLSize = 256 << 10
)

// linkRel is set on every link people write: search engines should not
// credit it, it is user-generated, and the target gets no window.opener.
const linkRel = "nofollow ugc noopener"

// Renderer turns Markdown into sanitised HTML. It is safe for concurrent
// use; one instance serves the whole process.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer with GitHub-flavoured Markdown (tables,
// strikethrough, task lists, bare links).
func New() *Renderer {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(relTransformer{}, 100))),
	)
	p := bluemonday.UGCPolicy()
	// UGCPolicy would reduce rel to "nofollow"; keep exactly ours.
	p.RequireNoFollowOnLinks(false)
	p.AllowAttrs("rel").Matching(regexp.MustCompile("^" + linkRel + "$")).OnElements("a")
	return &Renderer{md: md, policy: p}
}

// Sanitize returns HTML from elsewhere (an imported post) cleaned with the
// same policy as rendered posts.
func (r *Renderer) Sanitize(html string) string { return r.policy.Sanitize(html) }

// Render returns the HTML of source, or an Invalid error when the source is
// nested too deeply or renders too large.
func (r *Renderer) Render(source string) (string, error) {
	if Depth(source) > MaxNesting {
		return "", forum.FieldError("body", "error.nesting_too_deep", MaxNesting)
	}
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(source), &buf); err != nil {
		return "", err
	}
	html := r.policy.SanitizeBytes(buf.Bytes())
	if len(html) > MaxHTMLSize {
		return "", forum.FieldError("body", "error.body_too_complex")
	}
	return string(html), nil
}

// Depth returns the deepest nesting of block quotes and list items that a
// line of source opens: every ">" and list marker in the line's prefix
// counts one, and every two columns of indentation count one.
func Depth(source string) int {
	deepest := 0
	for line := range strings.SplitSeq(source, "\n") {
		depth, col := 0, 0
	prefix:
		for i := 0; i < len(line); i++ {
			switch c := line[i]; {
			case c == ' ':
				col++
			case c == '\t':
				col += 4
			case c == '>':
				depth++
			case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
				depth++
			case c >= '0' && c <= '9':
				j := i
				for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
					j++
				}
				if j < len(line) && (line[j] == '.' || line[j] == ')') {
					depth++
					i = j
					continue
				}
				break prefix
			default:
				break prefix
			}
		}
		if d := depth + col/2; d > deepest {
			deepest = d
		}
	}
	return deepest
}

// relTransformer sets rel on every link and autolink.
type relTransformer struct{}

func (relTransformer) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindAutoLink:
			n.SetAttributeString("rel", []byte(linkRel))
		}
		return ast.WalkContinue, nil
	})
}
