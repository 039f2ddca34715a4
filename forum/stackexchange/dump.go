// Package stackexchange reads the official Stack Exchange data dump (one
// site's Posts.xml, Users.xml, Comments.xml, PostLinks.xml, Tags.xml and,
// when present, PostHistory.xml) row by row, and imports it into a forum
// through an ImportStore. Files are streamed with encoding/xml: a dump of
// any size is read in constant memory, apart from small ID maps.
//
// The import is idempotent and resumable: every object it writes is
// recorded with its dump ID in the same transaction, so a second run skips
// what is there and a run cut short resumes where its last batch
// committed. It imports only the standard library and forum.
package stackexchange

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Row is one <row .../> of a dump file, with where it is.
type Row struct {
	File   string
	Line   int
	Offset int64 // bytes of the file read up to the row
	Attrs  map[string]string
}

// Int returns an integer attribute, 0 when absent.
func (r Row) Int(name string) (int64, error) {
	v, ok := r.Attrs[name]
	if !ok || v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, r.Errorf("%s=%q is not a number", name, v)
	}
	return n, nil
}

// Time returns a time attribute (the dump's UTC "2010-08-25T19:50:51.187").
func (r Row) Time(name string) (time.Time, error) {
	v, ok := r.Attrs[name]
	if !ok || v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02T15:04:05.999", v)
	if err != nil {
		return time.Time{}, r.Errorf("%s=%q is not a date", name, v)
	}
	return t.UTC(), nil
}

// Errorf is an error naming the row's file and line.
func (r Row) Errorf(format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", r.File, r.Line, fmt.Sprintf(format, args...))
}

// ErrMissing is returned for a dump file that is not there.
var ErrMissing = errors.New("missing")

// EachRow calls fn for every row of the dump file name in dir, in order.
// A file that is cut short, not XML, or not UTF-8 gives an error naming
// the file and line. A missing file gives an error wrapping ErrMissing.
func EachRow(dir, name string, fn func(Row) error) error {
	path := filepath.Join(dir, name)
	f, err := os.Open(path) // #nosec G304 -- the operator names the dump directory
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("%s: %w", path, ErrMissing)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	return eachRow(f, name, fn)
}

func eachRow(r io.Reader, name string, fn func(Row) error) error {
	lr := &lineReader{r: r, line: 1}
	dec := xml.NewDecoder(lr)
	// The dumps say utf-8; refuse anything else instead of guessing.
	dec.CharsetReader = func(charset string, _ io.Reader) (io.Reader, error) {
		return nil, fmt.Errorf("encoding %q: a Stack Exchange dump is UTF-8", charset)
	}
	depth, root := 0, false
	for {
		offset := dec.InputOffset()
		line := lr.lineAt(offset)
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			if depth != 0 {
				return fmt.Errorf("%s:%d: the file ends in the middle (cut short?)", name, line)
			}
			if !root {
				return fmt.Errorf("%s: the file is empty (no <%s> element)", name, strings.ToLower(strings.TrimSuffix(name, ".xml")))
			}
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg := se.Msg
				if msg == "unexpected EOF" {
					msg = "the file ends in the middle (cut short?)"
				}
				return fmt.Errorf("%s:%d: %s", name, se.Line, msg)
			}
			return fmt.Errorf("%s:%d: %w", name, line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			root = true
			if depth == 2 && t.Name.Local == "row" {
				attrs := make(map[string]string, len(t.Attr))
				for _, a := range t.Attr {
					attrs[a.Name.Local] = a.Value
				}
				if err := fn(Row{File: name, Line: line, Offset: offset, Attrs: attrs}); err != nil {
					return err
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

// lineReader counts newlines as the decoder reads, so that a row's line
// is known without keeping the file: it remembers where each line starts
// only for the bytes the decoder has read ahead, and lineAt, asked for
// ever later offsets, drops the marks it passes.
type lineReader struct {
	r     io.Reader
	line  int   // lines begun in what was read
	read  int64 // bytes read so far
	cur   int   // the line of the last offset asked
	marks []lineMark
}

type lineMark struct {
	offset int64 // where a line starts
	line   int
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i := range n {
		if p[i] == '\n' {
			l.line++
			l.marks = append(l.marks, lineMark{offset: l.read + int64(i) + 1, line: l.line})
		}
	}
	l.read += int64(n)
	return n, err
}

func (l *lineReader) lineAt(offset int64) int {
	if l.cur == 0 {
		l.cur = 1
	}
	for len(l.marks) > 0 && l.marks[0].offset <= offset {
		l.cur = l.marks[0].line
		l.marks = l.marks[1:]
	}
	return l.cur
}

// Tags parses a post's Tags attribute: "<a><b>" in older dumps, "|a|b|"
// in newer ones.
func Tags(s string) []string {
	s = strings.TrimSpace(s)
	var parts []string
	if strings.HasPrefix(s, "<") {
		parts = strings.Split(strings.Trim(s, "<>"), "><")
	} else {
		parts = strings.Split(strings.Trim(s, "|"), "|")
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
