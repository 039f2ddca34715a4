package stackexchange

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzEachRow feeds the dump reader arbitrary files: it must never panic,
// every error must name the file, and every row's attributes must be
// readable by the importer's accessors without panicking.
func FuzzEachRow(f *testing.F) {
	for _, seed := range []string{
		"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n  <row Id=\"1\" PostTypeId=\"1\" CreationDate=\"2010-08-25T19:50:51.187\" Title=\"T\" Tags=\"&lt;a&gt;&lt;b&gt;\" />\n</posts>\n",
		"<posts><row Id=\"x\"/></posts>",
		"<posts><row Id=\"1\" CreationDate=\"yesterday\"/>",
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><posts/>",
		"\xef\xbb\xbf<users>\n<row Id=\"-1\" DisplayName=\"Community\"/>\n</users>",
		"<posts><row Tags=\"|a|b|\" Title=\"\xff\"/></posts>",
		"",
		"<posts><row><row/></row></posts>",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := eachRow(bytes.NewReader(data), "Posts.xml", func(r Row) error {
			for name := range r.Attrs {
				if _, err := r.Int(name); err != nil && !strings.HasPrefix(err.Error(), "Posts.xml:") {
					t.Fatalf("Int error without the file: %v", err)
				}
				if _, err := r.Time(name); err != nil && !strings.HasPrefix(err.Error(), "Posts.xml:") {
					t.Fatalf("Time error without the file: %v", err)
				}
			}
			for _, tag := range Tags(r.Attrs["Tags"]) {
				if tag == "" {
					t.Fatal("an empty tag")
				}
			}
			if u := Username(r.Attrs["DisplayName"], 7); !utf8.ValidString(u) || len(u) > 30 || len(u) < 3 {
				t.Fatalf("username %q from %q", u, r.Attrs["DisplayName"])
			}
			_ = cleanTitle(r.Attrs["Title"])
			_ = htmlText(r.Attrs["Body"])
			return nil
		})
		if err != nil && !strings.HasPrefix(err.Error(), "Posts.xml") {
			t.Fatalf("error without the file's name: %v", err)
		}
	})
}
