package markdown_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
)

func TestRenderBasics(t *testing.T) {
	r := markdown.New()
	for _, tt := range []struct{ in, want string }{
		{"**bold** and `code`", "<strong>bold</strong> and <code>code</code>"},
		{"[manual](https://example.com/m)", `<a href="https://example.com/m" rel="nofollow ugc noopener">manual</a>`},
		{"see https://example.com", `rel="nofollow ugc noopener"`}, // GFM autolink
		{"| a |\n|---|\n| b |", "<table>"},
		{"<b>raw</b> html", "raw html"}, // raw HTML is dropped, its text kept
	} {
		got, err := r.Render(tt.in)
		if err != nil || !strings.Contains(got, tt.want) {
			t.Errorf("Render(%q) = %q, %v; want it to contain %q", tt.in, got, err, tt.want)
		}
	}
}

// Deep nesting is refused before rendering: it costs quadratic time.
func TestRenderRefusesDeepNesting(t *testing.T) {
	r := markdown.New()
	ok := strings.Repeat(">", markdown.MaxNesting) + " quoted"
	if _, err := r.Render(ok); err != nil {
		t.Fatalf("%d levels refused: %v", markdown.MaxNesting, err)
	}
	for _, deep := range []string{
		strings.Repeat(">", markdown.MaxNesting+1) + " quoted",
		strings.Repeat("> ", 16000),
		strings.Repeat("- ", markdown.MaxNesting+5) + "item",
	} {
		_, err := r.Render(deep)
		var fe *forum.Error
		if !errors.As(err, &fe) || fe.Code != "error.nesting_too_deep" || fe.Field != "body" {
			t.Errorf("Render(%.20q…) = %v, want nesting_too_deep", deep, err)
		}
	}
}

// The rendered HTML has a cap, whatever the input does to inflate it.
func TestRenderCapsOutput(t *testing.T) {
	r := markdown.New()
	// One long reference link used 7,000 times: 30 KB of Markdown that
	// would become about 1.7 MB of HTML.
	big := "[a]: https://example.com/" + strings.Repeat("x", 180) + "\n\n" + strings.Repeat("[a] ", 7000)
	out, err := r.Render(big)
	var fe *forum.Error
	if !errors.As(err, &fe) || fe.Code != "error.body_too_complex" {
		t.Fatalf("got %d bytes and %v, want body_too_complex", len(out), err)
	}
}

func BenchmarkRenderAnswer(b *testing.B) {
	r := markdown.New()
	src := strings.Repeat("Check the **splitter** first, then [the manual](https://example.com/m).\n\n- one\n- two\n\n```\nping 192.168.1.1\n```\n\n", 20)
	for b.Loop() {
		if _, err := r.Render(src); err != nil {
			b.Fatal(err)
		}
	}
}
