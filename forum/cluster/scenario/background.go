package scenario

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
)

// loadBackground reads the questions of a data file: SemEval JSON lines
// ({"id","title","body"}) or a Stack Exchange Posts.xml dump.
func loadBackground(path string) ([]Line, error) {
	f, err := os.Open(path) // #nosec G304 -- a data file the spec names
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Line
	if strings.HasSuffix(path, ".xml") {
		out, err = stackExchangeQuestions(f)
	} else {
		out, err = jsonQuestions(f)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no questions", path)
	}
	return out, nil
}

func jsonQuestions(r io.Reader) ([]Line, error) {
	var out []Line
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q struct{ Title, Body string }
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, err
		}
		out = append(out, Line{Lang: "en", Title: q.Title, Body: q.Body})
	}
	return out, sc.Err()
}

var htmlTag = regexp.MustCompile(`<[^>]*>`)

func stackExchangeQuestions(r io.Reader) ([]Line, error) {
	dec := xml.NewDecoder(r)
	var out []Line
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "row" {
			continue
		}
		var typ, title, body string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "PostTypeId":
				typ = a.Value
			case "Title":
				title = a.Value
			case "Body":
				body = a.Value
			}
		}
		if typ != "1" {
			continue
		}
		body = strings.Join(strings.Fields(html.UnescapeString(htmlTag.ReplaceAllString(body, " "))), " ")
		out = append(out, Line{Lang: "en", Title: title, Body: body})
	}
}
