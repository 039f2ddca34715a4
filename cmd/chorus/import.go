package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2"
	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/stackexchange"
	"github.com/chorus-forum/chorus/search"
)

// importCommand imports another forum's data: a Stack Exchange dump.
func importCommand(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "stackexchange" {
		return errors.New("import: expected stackexchange; usage: chorus import stackexchange DIR [--category SLUG] [--site HOST] [--data DIR]")
	}
	flags := flag.NewFlagSet("import stackexchange", flag.ContinueOnError)
	data := dataFlag(flags)
	category := flags.String("category", "", "slug of the category the questions go to (made when missing; default: one named after the site)")
	site := flags.String("site", "", "the site's host name, for links and attribution (default: the directory's name)")
	dir, err := parseWithFile(flags, args[1:], "import stackexchange")
	if err != nil {
		return err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() { // #nosec G703 -- the operator names the dump directory
		return fmt.Errorf("import: %s is not a directory of a Stack Exchange dump", dir)
	}
	if *site == "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return err
		}
		*site = filepath.Base(abs)
		if !strings.Contains(*site, ".") {
			return fmt.Errorf("import: which site is %s a dump of? Give --site, e.g. --site bicycles.stackexchange.com", dir)
		}
	}
	if !hostName.MatchString(*site) {
		return fmt.Errorf("import: --site %q is not a host name like bicycles.stackexchange.com", *site)
	}
	// The server must not run: the import writes in big transactions,
	// and the index is brought up to date here at the end.
	unlock, err := search.Lock(filepath.Join(data.dir, "search"))
	if errors.Is(err, search.ErrInUse) {
		return errors.New("import: a Chorus server is running on this data directory; stop it first")
	}
	if err != nil {
		return err
	}
	db, err := data.open(ctx)
	if err != nil {
		_ = unlock()
		return err
	}
	defer db.Close()
	var cat *forum.Category
	bar := newProgressBar(os.Stderr, "bytes")
	bar.rate = "rows"
	file := ""
	rep, err := stackexchange.Import(ctx, dir, db.Importer("stackexchange:"+*site), newConverter(),
		stackexchange.Options{Site: *site, Category: func() (int64, error) {
			// Made only once every file has been read through.
			c, err := importCategory(ctx, db, *category, *site)
			if err != nil {
				return 0, err
			}
			cat = c
			return c.ID, nil
		}, Progress: func(p stackexchange.Progress) {
			if p.File != file {
				bar.finish()
				file = p.File
				fmt.Fprintln(os.Stderr, p.File)
				bar = newProgressBar(os.Stderr, "bytes")
				bar.rate = "rows"
			}
			bar.update(int(p.Offset), int(p.Size), p.Rows)
		}})
	bar.finish()
	if rep != nil && cat != nil {
		printImportReport(stdout, rep, cat)
	}
	if uerr := unlock(); err == nil {
		err = uerr
	}
	if err != nil && rep == nil {
		return fmt.Errorf("import refused, no account or post was written: %w", err)
	}
	if err != nil {
		return fmt.Errorf("import stopped: %w\n(what was imported before is kept; run the same command again to go on)", err)
	}
	return catchUpIndex(ctx, data.dir, db, stdout)
}

// hostName is what a site must look like: it goes into every link of the
// attribution.
var hostName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$`)

// importCategory finds the category by slug, or makes it.
func importCategory(ctx context.Context, db *sqlstore.DB, slug, site string) (*forum.Category, error) {
	name := site
	if slug == "" {
		slug = forum.Slugify(strings.TrimSuffix(site, ".com"))
	}
	c, err := db.CategoryBySlug(ctx, slug)
	if err == nil {
		return c, nil
	}
	if forum.ErrorKind(err) != forum.NotFound {
		return nil, err
	}
	c = &forum.Category{Slug: slug, Name: name, Description: "Imported from " + site + " (Stack Exchange, CC BY-SA).", ResponseTargetHours: 48}
	if err := db.CreateCategory(ctx, c, nil); err != nil {
		return nil, fmt.Errorf("import: category %q: %w", slug, err)
	}
	return c, nil
}

func printImportReport(w io.Writer, rep *stackexchange.Report, cat *forum.Category) {
	line := func(title string, m map[string]int) {
		if len(m) == 0 {
			return
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		fmt.Fprintf(w, "%s:\n", title)
		for _, k := range keys {
			fmt.Fprintf(w, "  %-50s %7d\n", k, m[k])
		}
	}
	fmt.Fprintf(w, "import into category %q in %.1f s\n", cat.Slug, rep.Duration.Seconds())
	line("added", rep.Added)
	line("already there from an earlier run", rep.Already)
	line("skipped", rep.Skipped)
	fmt.Fprintf(w, "bodies: %d converted to Markdown, %d kept as HTML (their text is the source)\n", rep.Converted, rep.HTMLOnly)
}

// catchUpIndex brings the search index up to the imported threads.
func catchUpIndex(ctx context.Context, dataDir string, db *sqlstore.DB, stdout io.Writer) error {
	idx, err := openIndex(ctx, dataDir, db, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer idx.Close()
	if err := idx.CatchUp(ctx); err != nil {
		return fmt.Errorf("import: index: %w", err)
	}
	n, _ := idx.DocCount()
	fmt.Fprintf(stdout, "search index up to date: %d threads searchable\n", n)
	return nil
}

// converter turns Stack Exchange HTML into the forum's bodies: sanitised
// with the forum's own policy, and Markdown where it converts cleanly.
type converter struct{ md *markdown.Renderer }

func newConverter() converter { return converter{md: markdown.New()} }

func (c converter) Sanitize(body string) string { return c.md.Sanitize(body) }

func (c converter) Render(md string) (string, error) { return c.md.Render(md) }

// Markdown converts, then checks the conversion by rendering it again: it
// is clean when the text people read is the same (letters and digits, in
// order), so nothing was lost or garbled.
func (c converter) Markdown(body string) (string, error) {
	md, err := htmltomarkdown.ConvertString(body)
	if err != nil {
		return "", err
	}
	back, err := c.md.Render(md)
	if err != nil {
		return "", err
	}
	if visibleText(back) != visibleText(c.md.Sanitize(body)) {
		return "", errors.New("the Markdown does not render to the same text")
	}
	return md, nil
}

// visibleText keeps the letters and digits outside tags, entities
// decoded.
func visibleText(s string) string {
	var text strings.Builder
	inTag := false
	for _, r := range s {
		switch {
		case r == '<':
			inTag = true
		case r == '>':
			inTag = false
		case !inTag:
			text.WriteRune(r)
		}
	}
	var b strings.Builder
	for _, r := range html.UnescapeString(text.String()) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
