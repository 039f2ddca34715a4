package stackexchange_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum/stackexchange"
)

// bom is the byte-order mark the real dumps start with.
const bom = "\uFEFF"

// writeFile writes a dump file into dir and returns dir.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// collect reads every row of dir/name.
func collect(dir, name string) ([]stackexchange.Row, error) {
	var rows []stackexchange.Row
	err := stackexchange.EachRow(dir, name, func(r stackexchange.Row) error {
		rows = append(rows, r)
		return nil
	})
	return rows, err
}

// fileLine finds "NAME:LINE" in an error message and returns LINE.
func fileLine(t *testing.T, err error, name string) int {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one naming %s and a line", name)
	}
	m := regexp.MustCompile(regexp.QuoteMeta(name) + `:(\d+)`).FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("error %q does not name %s:LINE", err, name)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func TestEachRowLines(t *testing.T) {
	content := bom + `<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="1" Title="first" />
  <row Id="2" Body="one&#xA;two" />
  <row Id="3" Body="a literal
newline, so the row spans lines 5 and 6" />
  <row
     Id="4" Title="starts on line 7" />
<row Id="5" Title="caf&#xE9; &amp; ümlaut" /></posts>
`
	dir := writeFile(t, t.TempDir(), "Posts.xml", content)
	rows, err := collect(dir, "Posts.xml")
	if err != nil {
		t.Fatal(err)
	}
	wantLines := []int{3, 4, 5, 7, 9}
	if len(rows) != len(wantLines) {
		t.Fatalf("%d rows, want %d", len(rows), len(wantLines))
	}
	for i, r := range rows {
		if r.File != "Posts.xml" {
			t.Errorf("row %d: File = %q", i, r.File)
		}
		if r.Line != wantLines[i] {
			t.Errorf("row %d (Id %s): line %d, want %d", i, r.Attrs["Id"], r.Line, wantLines[i])
		}
		if r.Attrs["Id"] != strconv.Itoa(i+1) {
			t.Errorf("row %d: Id = %q", i, r.Attrs["Id"])
		}
		// Offset is where the row starts in the file's bytes, BOM included.
		if r.Offset < 0 || int(r.Offset)+4 > len(content) || content[r.Offset:r.Offset+4] != "<row" {
			t.Errorf("row %d: offset %d does not point at <row", i, r.Offset)
		}
	}
	if got := rows[1].Attrs["Body"]; got != "one\ntwo" {
		t.Errorf("entity newline: %q", got)
	}
	if got := rows[4].Attrs["Title"]; got != "café & ümlaut" {
		t.Errorf("entities and UTF-8: %q", got)
	}
}

// TestEachRowLinesLongFile checks line numbers far past the decoder's
// read-ahead buffer, with rows of very different lengths.
func TestEachRowLinesLongFile(t *testing.T) {
	var b strings.Builder
	b.WriteString(bom + "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n")
	const n = 1200
	line := 3
	want := make([]int, 0, n)
	for i := range n {
		want = append(want, line)
		body := strings.Repeat("x", (i*7919)%6000) // up to 6 KB: rows cross the read buffer's edges
		if i%5 == 0 {
			// A literal newline inside the attribute: the row takes two lines.
			fmt.Fprintf(&b, "  <row Id=\"%d\" Body=\"%s\n%s\" />\n", i, body, body)
			line += 2
		} else {
			fmt.Fprintf(&b, "  <row Id=\"%d\" Body=\"%s\" />\n", i, body)
			line++
		}
	}
	b.WriteString("</posts>\n")
	dir := writeFile(t, t.TempDir(), "Posts.xml", b.String())
	rows, err := collect(dir, "Posts.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	bad := 0
	for i, r := range rows {
		if r.Line != want[i] && bad < 5 {
			t.Errorf("row %d: line %d, want %d", i, r.Line, want[i])
			bad++
		}
	}
}

func TestEachRowCutShort(t *testing.T) {
	var b strings.Builder
	b.WriteString(bom + "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&b, "  <row Id=\"%d\" Title=\"question number %d\" Body=\"some body text\" />\n", i, i)
	}
	b.WriteString("</posts>\n")
	full := b.String()
	for _, cut := range []int{len(full) / 2, len(full) / 3, len(full) - len("</posts>\n") + 3, len(full) - len("</posts>\n")} {
		t.Run(strconv.Itoa(cut), func(t *testing.T) {
			part := full[:cut]
			dir := writeFile(t, t.TempDir(), "Posts.xml", part)
			rows, err := collect(dir, "Posts.xml")
			t.Logf("cut at %d: %v", cut, err)
			got := fileLine(t, err, "Posts.xml")
			// The decoder stops at the end of what is there: the last line.
			if want := strings.Count(part, "\n") + 1; got != want {
				t.Errorf("error %q: line %d, want %d (the file's last line)", err, got, want)
			}
			// The whole rows before the cut were read.
			if whole := strings.Count(part, "/>"); len(rows) != whole {
				t.Errorf("%d rows before the error, want %d", len(rows), whole)
			}
		})
	}
}

func TestEachRowRefusesOtherEncodings(t *testing.T) {
	content := `<?xml version="1.0" encoding="ISO-8859-1"?>
<posts>
  <row Id="1" Title="caf` + "\xe9" + `" />
</posts>
`
	dir := writeFile(t, t.TempDir(), "Posts.xml", content)
	called := false
	err := stackexchange.EachRow(dir, "Posts.xml", func(stackexchange.Row) error { called = true; return nil })
	if err == nil {
		t.Fatal("an ISO-8859-1 file was accepted")
	}
	t.Logf("ISO-8859-1: %v", err)
	if !strings.Contains(err.Error(), "UTF-8") || !strings.Contains(err.Error(), "ISO-8859-1") || !strings.Contains(err.Error(), "Posts.xml") {
		t.Errorf("error %q should name the file, the encoding and say the dump is UTF-8", err)
	}
	if called {
		t.Error("a row of a refused file was passed on")
	}
	// "utf-8" in any case is fine.
	for _, enc := range []string{"utf-8", "UTF-8", "Utf-8"} {
		dir := writeFile(t, t.TempDir(), "Posts.xml", `<?xml version="1.0" encoding="`+enc+`"?>
<posts><row Id="1" /></posts>`)
		if rows, err := collect(dir, "Posts.xml"); err != nil || len(rows) != 1 {
			t.Errorf("encoding %q: %d rows, %v", enc, len(rows), err)
		}
	}
}

func TestEachRowInvalidUTF8(t *testing.T) {
	content := `<?xml version="1.0" encoding="utf-8"?>
<users>
  <row Id="1" DisplayName="ok" />
  <row Id="2" DisplayName="Jos` + "\xe9" + ` in Latin-1" />
  <row Id="3" DisplayName="never reached" />
</users>
`
	dir := writeFile(t, t.TempDir(), "Users.xml", content)
	rows, err := collect(dir, "Users.xml")
	t.Logf("invalid UTF-8: %v", err)
	if line := fileLine(t, err, "Users.xml"); line != 4 {
		t.Errorf("error %q: line %d, want 4", err, line)
	}
	if !strings.Contains(err.Error(), "UTF-8") {
		t.Errorf("error %q should say the bytes are not UTF-8", err)
	}
	if len(rows) != 1 {
		t.Errorf("%d rows before the bad one, want 1", len(rows))
	}
}

func TestEachRowMissingFile(t *testing.T) {
	dir := t.TempDir()
	err := stackexchange.EachRow(dir, "Comments.xml", func(stackexchange.Row) error { return nil })
	if !errors.Is(err, stackexchange.ErrMissing) {
		t.Fatalf("error %v does not wrap ErrMissing", err)
	}
	if !strings.Contains(err.Error(), filepath.Join(dir, "Comments.xml")) {
		t.Errorf("error %q does not name the file", err)
	}
	// A file that is there but unreadable as XML is not "missing".
	writeFile(t, dir, "Posts.xml", "this is not XML <")
	if err := stackexchange.EachRow(dir, "Posts.xml", func(stackexchange.Row) error { return nil }); err == nil || errors.Is(err, stackexchange.ErrMissing) {
		t.Errorf("garbage file: %v", err)
	}
}

func TestEachRowStopsOnCallbackError(t *testing.T) {
	dir := writeFile(t, t.TempDir(), "Posts.xml", `<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="1" />
  <row Id="2" />
  <row Id="3" />
</posts>`)
	stop := errors.New("stop here")
	n := 0
	err := stackexchange.EachRow(dir, "Posts.xml", func(stackexchange.Row) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("callback error: %v after %d rows", err, n)
	}
}

func TestRowIntAndTime(t *testing.T) {
	dir := writeFile(t, t.TempDir(), "Posts.xml", `<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="1" Score="-3" CreationDate="2010-08-25T19:50:51.187" ClosedDate="2011-01-02T03:04:05" Empty="" />
  <row Id="2" Score="lots" CreationDate="25/08/2010" />
</posts>`)
	rows, err := collect(dir, "Posts.xml")
	if err != nil || len(rows) != 2 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	good, bad := rows[0], rows[1]

	if n, err := good.Int("Score"); err != nil || n != -3 {
		t.Errorf("Score = %d, %v", n, err)
	}
	for _, absent := range []string{"Nope", "Empty"} {
		if n, err := good.Int(absent); err != nil || n != 0 {
			t.Errorf("Int(%s) = %d, %v; want 0, nil", absent, n, err)
		}
		if tm, err := good.Time(absent); err != nil || !tm.IsZero() {
			t.Errorf("Time(%s) = %v, %v; want zero, nil", absent, tm, err)
		}
	}
	if tm, err := good.Time("CreationDate"); err != nil || !tm.Equal(time.Date(2010, 8, 25, 19, 50, 51, 187e6, time.UTC)) || tm.Location() != time.UTC {
		t.Errorf("CreationDate = %v, %v", tm, err)
	}
	if tm, err := good.Time("ClosedDate"); err != nil || !tm.Equal(time.Date(2011, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("date without milliseconds = %v, %v", tm, err)
	}

	_, err = bad.Int("Score")
	if line := fileLine(t, err, "Posts.xml"); line != 4 {
		t.Errorf("Int error %q: line %d, want 4", err, line)
	}
	if !strings.Contains(err.Error(), "Score") || !strings.Contains(err.Error(), "lots") {
		t.Errorf("Int error %q should name the attribute and its value", err)
	}
	_, err = bad.Time("CreationDate")
	if line := fileLine(t, err, "Posts.xml"); line != 4 {
		t.Errorf("Time error %q: line %d, want 4", err, line)
	}
	if !strings.Contains(err.Error(), "CreationDate") || !strings.Contains(err.Error(), "25/08/2010") {
		t.Errorf("Time error %q should name the attribute and its value", err)
	}
	if err := bad.Errorf("custom %d", 7); err == nil || err.Error() != "Posts.xml:4: custom 7" {
		t.Errorf("Errorf = %v", err)
	}
}

func TestTags(t *testing.T) {
	for in, want := range map[string][]string{
		"<a><b>":              {"a", "b"},
		"|a|b|":               {"a", "b"},
		"<single>":            {"single"},
		"|c++|":               {"c++"},
		"<mountain-bike><qc>": {"mountain-bike", "qc"},
		" |x| y |":            {"x", "y"},
		"":                    nil,
		"<>":                  nil,
		"||":                  nil,
	} {
		if got := stackexchange.Tags(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Tags(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEachRowEmptyFiles: a file with its root element and no row is a
// whole file (a site without duplicate links yet); an empty file is not.
func TestEachRowEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "PostLinks.xml", bom+"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<postlinks>\n</postlinks>\n")
	if rows, err := collect(dir, "PostLinks.xml"); err != nil || len(rows) != 0 {
		t.Errorf("a file without rows: %d rows, %v", len(rows), err)
	}
	writeFile(t, dir, "Comments.xml", "")
	_, err := collect(dir, "Comments.xml")
	if err == nil || !strings.Contains(err.Error(), "Comments.xml") || errors.Is(err, stackexchange.ErrMissing) {
		t.Errorf("an empty file: %v", err)
	}
	writeFile(t, dir, "Tags.xml", "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
	if _, err := collect(dir, "Tags.xml"); err == nil || !strings.Contains(err.Error(), "Tags.xml") {
		t.Errorf("a file with only the declaration: %v", err)
	}
}
