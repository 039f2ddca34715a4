package stackexchange

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chorus-forum/chorus/forum"
)

// The kinds of object the import records, with their dump IDs.
const (
	KindUser     = "user"
	KindPost     = "post"   // a question's or an answer's post
	KindThread   = "thread" // a question's thread
	KindComment  = "comment"
	KindDup      = "duplicate" // a PostLinks row of type 3
	KindAccepted = "accepted"  // a question's accepted answer, by question ID
)

// ImportStore writes an import, one batch per transaction.
type ImportStore interface {
	// ImportBatch runs fn in one write transaction: everything it adds
	// and records lands together or not at all.
	ImportBatch(ctx context.Context, fn func(ImportTx) error) error
}

// ImportTx is what a batch can do. Every Add records the dump ID it was
// made from under source; Known looks such a record up.
type ImportTx interface {
	Known(kind string, id int64) (local int64, ok bool, err error)
	AddUser(u User) (int64, error)
	AddQuestion(q Question) (threadID int64, postID int64, err error)
	AddAnswer(a Answer) (postID int64, err error)
	AddComment(c Comment) (int64, error)
	// AddTag makes a tag if it does not exist, reporting whether it did.
	AddTag(name string) (bool, error)
	// Accept marks the accepted answer; Duplicate closes a thread as a
	// duplicate of another. Each records key under its kind.
	Accept(key, threadID, postID int64) error
	Duplicate(key, threadID, ofThreadID int64, at time.Time) error
	// Finish recounts what the import changed of the threads: answers,
	// first answer, last activity.
	Finish() error
}

// User is a placeholder account for a dump's user: it has no password and
// no address, so it cannot sign in until an administrator gives it one.
type User struct {
	DumpID    int64
	Username  string // already made unique-able: the store adds a suffix if taken
	Name      string // as the dump wrote it
	URL       string // the profile on the site
	CreatedAt time.Time
}

// Attribution is what CC BY-SA asks a page to show of an imported post.
type Attribution struct {
	Site       string // "bicycles.meta.stackexchange.com"
	URL        string // the post on the site
	AuthorName string
	AuthorURL  string
	License    string // "CC BY-SA 4.0"
}

// Question is a dump's question: a new thread.
type Question struct {
	DumpID     int64
	AuthorID   int64 // local
	CategoryID int64
	Title      string
	Lang       string
	Tags       []string
	BodyMD     string
	BodyHTML   string
	Score      int64
	CreatedAt  time.Time
	ClosedAt   *time.Time
	Source     Attribution
}

// Answer is a dump's answer in an imported thread.
type Answer struct {
	DumpID    int64
	ThreadID  int64 // local
	AuthorID  int64
	BodyMD    string
	BodyHTML  string
	Score     int64
	CreatedAt time.Time
	Source    Attribution
}

// Comment is a dump's comment on an imported post.
type Comment struct {
	DumpID    int64
	PostID    int64 // local
	AuthorID  int64
	Body      string // as the dump has it: Markdown of one paragraph
	BodyHTML  string
	CreatedAt time.Time
}

// Converter turns the dump's HTML bodies into what the forum stores.
type Converter interface {
	// Sanitize returns the HTML safe to show, with the forum's policy.
	Sanitize(html string) string
	// Markdown returns the body as Markdown, or an error when it does not
	// convert cleanly (the HTML is then kept, and its text is the source).
	Markdown(html string) (string, error)
	// Render returns a comment's Markdown as safe HTML.
	Render(md string) (string, error)
}

// Options are an import's settings.
type Options struct {
	Site       string // the site's host name, for links and attribution
	CategoryID int64
	// Category, when set, is called once the files are checked, for the
	// category to import into (made then, so a refused dump leaves none).
	Category  func() (int64, error)
	BatchSize int
	// Progress is told, now and then, how far the import is.
	Progress func(Progress)
}

// Progress is the import's progress through one file.
type Progress struct {
	File         string
	Rows         int
	Offset, Size int64 // bytes read of the file's size
}

// Report says what an import did and what it skipped, and why.
type Report struct {
	Added   map[string]int // by kind
	Already map[string]int // found from an earlier run
	Skipped map[string]int // by reason
	// Converted counts the posts whose HTML became Markdown cleanly;
	// HTMLOnly those kept as HTML (their Markdown is the text).
	Converted, HTMLOnly int
	Duration            time.Duration
}

func newReport() *Report {
	return &Report{Added: map[string]int{}, Already: map[string]int{}, Skipped: map[string]int{}}
}

func (r *Report) skip(reason string) { r.Skipped[reason]++ }

// Import reads the dump in dir and writes it through st. Files are read in
// dependency order (users, questions and answers, comments, links); a file
// that is cut short or malformed stops the import with its name and line,
// after the batches before it committed: fixing the file and running again
// resumes.
func Import(ctx context.Context, dir string, st ImportStore, conv Converter, opts Options) (*Report, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Site == "" {
		return nil, errors.New("which site is this dump of? (the directory name, or --site)")
	}
	steps := []struct {
		file     string
		optional bool
		fn       func(*importer, Row) error
	}{
		{"Users.xml", false, (*importer).user},
		{"Tags.xml", true, (*importer).tag},
		{"Posts.xml", false, (*importer).post},
		{"Comments.xml", true, (*importer).comment},
		{"PostLinks.xml", true, (*importer).link},
	}
	// Every file is read through once before anything is written: a
	// file cut short or malformed is refused with its name and line while
	// the forum is still as it was.
	for _, s := range steps {
		check := newImporter(ctx, st, conv, opts)
		err := EachRow(dir, s.file, func(r Row) error {
			err := s.fn(check, r)
			check.pending = nil
			return err
		})
		if err != nil && !(errors.Is(err, ErrMissing) && s.optional) {
			return nil, err
		}
	}
	if opts.Category != nil {
		id, err := opts.Category()
		if err != nil {
			return nil, err
		}
		opts.CategoryID = id
	}
	im := newImporter(ctx, st, conv, opts)
	for _, s := range steps {
		err := im.file(dir, s.file, func(r Row) error { return s.fn(im, r) })
		if errors.Is(err, ErrMissing) && s.optional {
			im.rep.skip("file " + s.file + " missing")
			continue
		}
		if err != nil {
			return im.rep, err
		}
	}
	// Accepted answers point forward in Posts.xml; set them once every
	// answer is in.
	if err := im.accept(); err != nil {
		return im.rep, err
	}
	if err := st.ImportBatch(ctx, func(tx ImportTx) error { return tx.Finish() }); err != nil {
		return im.rep, err
	}
	im.rep.Duration = time.Since(start)
	return im.rep, nil
}

func newImporter(ctx context.Context, st ImportStore, conv Converter, opts Options) *importer {
	return &importer{ctx: ctx, st: st, conv: conv, opts: opts, rep: newReport(),
		users: map[int64]int64{}, threads: map[int64]int64{}, posts: map[int64]int64{}, names: map[int64]string{}}
}

type importer struct {
	ctx  context.Context
	st   ImportStore
	conv Converter
	opts Options
	rep  *Report

	// Dump ID → local ID of what is imported (this run's and earlier
	// runs'), for the rows that refer to them: ints only, so a dump of
	// millions of posts needs tens of megabytes, not the dump's size.
	users   map[int64]int64
	threads map[int64]int64 // question ID → thread
	posts   map[int64]int64 // question or answer ID → post
	names   map[int64]string
	accepts [][2]int64 // question ID, accepted answer ID

	// The batch being filled: rows are applied in one transaction each
	// BatchSize rows.
	pending []func(ImportTx) error
	prog    Progress
}

// file runs fn over a file's rows and commits in batches.
func (im *importer) file(dir, name string, fn func(Row) error) error {
	im.prog = Progress{File: name}
	if st, err := os.Stat(filepath.Join(dir, name)); err == nil {
		im.prog.Size = st.Size()
	}
	if im.opts.Progress != nil {
		im.opts.Progress(im.prog)
	}
	err := EachRow(dir, name, func(r Row) error {
		if err := im.ctx.Err(); err != nil {
			return err
		}
		im.prog.Rows++
		im.prog.Offset = r.Offset
		if err := fn(r); err != nil {
			return err
		}
		if len(im.pending) >= im.opts.BatchSize {
			return im.flush()
		}
		return nil
	})
	if err != nil {
		// The rows before the bad one are whole: keep them, so a run
		// after the fix resumes from there.
		return errors.Join(err, im.flush())
	}
	im.prog.Offset = im.prog.Size
	return im.flush()
}

// later queues a write for the current batch.
func (im *importer) later(fn func(ImportTx) error) { im.pending = append(im.pending, fn) }

func (im *importer) flush() error {
	if len(im.pending) == 0 {
		return nil
	}
	batch := im.pending
	im.pending = nil
	err := im.st.ImportBatch(im.ctx, func(tx ImportTx) error {
		for _, fn := range batch {
			if err := fn(tx); err != nil {
				return err
			}
		}
		return nil
	})
	if im.opts.Progress != nil {
		im.opts.Progress(im.prog)
	}
	return err
}

func (im *importer) siteURL(path string) string { return "https://" + im.opts.Site + path }

// user imports one row of Users.xml.
func (im *importer) user(r Row) error {
	id, err := r.Int("Id")
	if err != nil {
		return err
	}
	created, err := r.Time("CreationDate")
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.Attrs["DisplayName"])
	if name == "" {
		name = "user" + strconv.FormatInt(id, 10)
	}
	im.names[id] = name
	u := User{DumpID: id, Username: Username(name, id), Name: name, CreatedAt: created,
		URL: im.siteURL("/users/" + strconv.FormatInt(id, 10))}
	im.later(func(tx ImportTx) error {
		local, ok, err := tx.Known(KindUser, id)
		if err != nil {
			return err
		}
		if ok {
			im.rep.Already[KindUser]++
		} else {
			if local, err = tx.AddUser(u); err != nil {
				return fmt.Errorf("%s:%d: user %d: %w", r.File, r.Line, id, err)
			}
			im.rep.Added[KindUser]++
		}
		im.users[id] = local
		return nil
	})
	return nil
}

// tag imports one row of Tags.xml: the site's tags, used or not yet.
func (im *importer) tag(r Row) error {
	name := r.Attrs["TagName"]
	tags := validTags([]string{name})
	if len(tags) == 0 {
		im.rep.skip("tag the forum does not accept")
		return nil
	}
	im.later(func(tx ImportTx) error {
		added, err := tx.AddTag(tags[0])
		if added {
			im.rep.Added["tag"]++
		} else {
			im.rep.Already["tag"]++
		}
		return err
	})
	return nil
}

// ghostUser is the dump ID the posts of deleted users (no OwnerUserId)
// are given: Stack Exchange's own "Community" user, -1, which every dump
// has. The name the dump kept is still shown in the attribution.
const ghostUser = -1

// post imports one row of Posts.xml: questions and answers; tag wikis,
// moderator nominations and the like are skipped.
func (im *importer) post(r Row) error {
	id, err := r.Int("Id")
	if err != nil {
		return err
	}
	kind, err := r.Int("PostTypeId")
	if err != nil {
		return err
	}
	if kind != 1 && kind != 2 {
		im.rep.skip(fmt.Sprintf("post type %d (not a question or an answer)", kind))
		return nil
	}
	created, err := r.Time("CreationDate")
	if err != nil {
		return err
	}
	score, err := r.Int("Score")
	if err != nil {
		return err
	}
	owner, err := r.Int("OwnerUserId")
	if err != nil {
		return err
	}
	authorName := strings.TrimSpace(r.Attrs["OwnerDisplayName"])
	if _, ok := r.Attrs["OwnerUserId"]; !ok {
		owner = ghostUser
	}
	license := r.Attrs["ContentLicense"]
	if license == "" {
		license = licenseByDate(created)
	}
	raw := r.Attrs["Body"]
	src := Attribution{Site: "Stack Exchange (" + im.opts.Site + ")", AuthorName: authorName, License: license}
	if owner != ghostUser {
		src.AuthorURL = im.siteURL("/users/" + strconv.FormatInt(owner, 10))
	}

	if kind == 1 {
		title := cleanTitle(r.Attrs["Title"])
		if title == "" {
			im.rep.skip("question without a title")
			return nil
		}
		closed, err := r.Time("ClosedDate")
		if err != nil {
			return err
		}
		accepted, err := r.Int("AcceptedAnswerId")
		if err != nil {
			return err
		}
		if accepted != 0 {
			im.accepts = append(im.accepts, [2]int64{id, accepted})
		}
		src.URL = im.siteURL("/questions/" + strconv.FormatInt(id, 10))
		q := Question{DumpID: id, CategoryID: im.opts.CategoryID, Title: title, Tags: validTags(Tags(r.Attrs["Tags"])),
			Score: score, CreatedAt: created, Source: src}
		if !closed.IsZero() {
			q.ClosedAt = &closed
		}
		im.later(func(tx ImportTx) error {
			author, ok := im.users[owner]
			if !ok {
				im.rep.skip("question by a user not in Users.xml")
				return nil
			}
			if src.AuthorName == "" {
				src.AuthorName = im.userName(owner)
			}
			q.AuthorID, q.Source = author, src
			if postID, ok, err := tx.Known(KindPost, id); err != nil || ok {
				if ok {
					im.rep.Already["question"]++
					im.posts[id] = postID
					im.threads[id], _, err = tx.Known(KindThread, id)
				}
				return err
			}
			q.BodyHTML, q.BodyMD = im.body(raw)
			q.Lang = forum.DetectLanguage(title+" "+q.BodyMD, "en")
			threadID, postID, err := tx.AddQuestion(q)
			if err != nil {
				return fmt.Errorf("%s:%d: question %d: %w", r.File, r.Line, id, err)
			}
			im.threads[id], im.posts[id] = threadID, postID
			im.rep.Added["question"]++
			return nil
		})
		return nil
	}

	parent, err := r.Int("ParentId")
	if err != nil {
		return err
	}
	src.URL = im.siteURL("/a/" + strconv.FormatInt(id, 10))
	a := Answer{DumpID: id, Score: score, CreatedAt: created}
	im.later(func(tx ImportTx) error {
		threadID, ok := im.threads[parent]
		if !ok {
			im.rep.skip("answer to a question not imported")
			return nil
		}
		author, ok := im.users[owner]
		if !ok {
			im.rep.skip("answer by a user not in Users.xml")
			return nil
		}
		if src.AuthorName == "" {
			src.AuthorName = im.userName(owner)
		}
		a.ThreadID, a.AuthorID, a.Source = threadID, author, src
		if postID, ok, err := tx.Known(KindPost, id); err != nil || ok {
			if ok {
				im.rep.Already["answer"]++
				im.posts[id] = postID
			}
			return err
		}
		a.BodyHTML, a.BodyMD = im.body(raw)
		postID, err := tx.AddAnswer(a)
		if err != nil {
			return fmt.Errorf("%s:%d: answer %d: %w", r.File, r.Line, id, err)
		}
		im.posts[id] = postID
		im.rep.Added["answer"]++
		return nil
	})
	return nil
}

// body converts a post's HTML as it is added (not while the files are
// checked, nor for a post an earlier run imported): sanitised HTML, and
// Markdown when it converts cleanly, else the text.
func (im *importer) body(raw string) (html, md string) {
	html = im.conv.Sanitize(raw)
	md, err := im.conv.Markdown(raw)
	if err != nil || strings.TrimSpace(md) == "" {
		im.rep.HTMLOnly++
		return html, htmlText(raw)
	}
	im.rep.Converted++
	return html, md
}

// userName is the display name of an imported user, for attributions of
// posts whose row does not repeat it.
func (im *importer) userName(dumpID int64) string {
	if name, ok := im.names[dumpID]; ok {
		return name
	}
	return "user " + strconv.FormatInt(dumpID, 10)
}

// comment imports one row of Comments.xml.
func (im *importer) comment(r Row) error {
	id, err := r.Int("Id")
	if err != nil {
		return err
	}
	postDump, err := r.Int("PostId")
	if err != nil {
		return err
	}
	owner, err := r.Int("UserId")
	if err != nil {
		return err
	}
	if _, ok := r.Attrs["UserId"]; !ok {
		owner = ghostUser
	}
	created, err := r.Time("CreationDate")
	if err != nil {
		return err
	}
	body := cleanBody(r.Attrs["Text"])
	if body == "" {
		im.rep.skip("empty comment")
		return nil
	}
	if n := utf8.RuneCountInString(body); n > forum.CommentMax {
		body = string([]rune(body)[:forum.CommentMax-1]) + "…"
	}
	c := Comment{DumpID: id, Body: body, CreatedAt: created}
	im.later(func(tx ImportTx) error {
		postID, ok := im.posts[postDump]
		if !ok {
			im.rep.skip("comment on a post not imported")
			return nil
		}
		author, ok := im.users[owner]
		if !ok {
			if author, ok = im.users[ghostUser]; !ok {
				im.rep.skip("comment by a user not in Users.xml (and no Community user)")
				return nil
			}
		}
		if _, ok, err := tx.Known(KindComment, id); err != nil || ok {
			if ok {
				im.rep.Already[KindComment]++
			}
			return err
		}
		var err error
		if c.BodyHTML, err = im.conv.Render(c.Body); err != nil {
			im.rep.skip("comment that does not render")
			return nil
		}
		c.PostID, c.AuthorID = postID, author
		if _, err := tx.AddComment(c); err != nil {
			return fmt.Errorf("%s:%d: comment %d: %w", r.File, r.Line, id, err)
		}
		im.rep.Added[KindComment]++
		return nil
	})
	return nil
}

// link imports one row of PostLinks.xml: type 3 is "duplicate of"; type
// 1 (linked) is in the bodies already.
func (im *importer) link(r Row) error {
	id, err := r.Int("Id")
	if err != nil {
		return err
	}
	typ, err := r.Int("LinkTypeId")
	if err != nil {
		return err
	}
	if typ != 3 {
		im.rep.skip("post link that is not a duplicate")
		return nil
	}
	from, err := r.Int("PostId")
	if err != nil {
		return err
	}
	to, err := r.Int("RelatedPostId")
	if err != nil {
		return err
	}
	at, err := r.Time("CreationDate")
	if err != nil {
		return err
	}
	im.later(func(tx ImportTx) error {
		dup, ok1 := im.threads[from]
		orig, ok2 := im.threads[to]
		if !ok1 || !ok2 || dup == orig {
			im.rep.skip("duplicate link between questions not imported")
			return nil
		}
		if _, ok, err := tx.Known(KindDup, id); err != nil || ok {
			if ok {
				im.rep.Already[KindDup]++
			}
			return err
		}
		if err := tx.Duplicate(id, dup, orig, at); err != nil {
			return err
		}
		im.rep.Added[KindDup]++
		return nil
	})
	return nil
}

// accept sets the accepted answers, in batches.
func (im *importer) accept() error {
	im.prog = Progress{File: "accepted answers", Size: int64(len(im.accepts))}
	for _, qa := range im.accepts {
		q, a := qa[0], qa[1]
		im.later(func(tx ImportTx) error {
			threadID, ok1 := im.threads[q]
			postID, ok2 := im.posts[a]
			if !ok1 || !ok2 {
				im.rep.skip("accepted answer not imported")
				return nil
			}
			if _, ok, err := tx.Known(KindAccepted, q); err != nil || ok {
				if ok {
					im.rep.Already[KindAccepted]++
				}
				return err
			}
			if err := tx.Accept(q, threadID, postID); err != nil {
				return err
			}
			im.rep.Added[KindAccepted]++
			return nil
		})
		im.prog.Rows++
		im.prog.Offset++
		if len(im.pending) >= im.opts.BatchSize {
			if err := im.flush(); err != nil {
				return err
			}
		}
	}
	return im.flush()
}

// licenseByDate is the licence Stack Exchange content had when the dump
// does not say: CC BY-SA 2.5 until 2011-04-08, 3.0 until 2018-05-02, then
// 4.0.
func licenseByDate(t time.Time) string {
	switch {
	case t.Before(time.Date(2011, 4, 8, 0, 0, 0, 0, time.UTC)):
		return "CC BY-SA 2.5"
	case t.Before(time.Date(2018, 5, 2, 0, 0, 0, 0, time.UTC)):
		return "CC BY-SA 3.0"
	}
	return "CC BY-SA 4.0"
}

var usernameJunk = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// Username makes a forum username from a display name: letters and digits
// kept (accents folded away), the rest as hyphens, at most 30 characters;
// a name with nothing left becomes "se-ID".
func Username(display string, id int64) string {
	var b strings.Builder
	for _, r := range display {
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		if f, ok := fold[r]; ok {
			b.WriteString(f)
		} else if unicode.IsSpace(r) {
			b.WriteByte('-')
		}
	}
	s := usernameJunk.ReplaceAllString(b.String(), "-")
	s = strings.Trim(s, "-_.")
	if len(s) > forum.UsernameMax-6 {
		s = strings.Trim(s[:forum.UsernameMax-6], "-_.")
	}
	if len(s) < forum.UsernameMin {
		return "se-" + strconv.FormatInt(id, 10)
	}
	return s
}

var fold = map[rune]string{'ä': "ae", 'ö': "oe", 'ü': "ue", 'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue", 'ß': "ss",
	'á': "a", 'à': "a", 'â': "a", 'é': "e", 'è': "e", 'ê': "e", 'í': "i", 'ó': "o", 'ô': "o", 'ú': "u",
	'ñ': "n", 'ç': "c", 'ø': "o", 'å': "a"}

// validTags keeps the tags the forum accepts, one by one.
func validTags(in []string) []string {
	var out []string
	for _, t := range in {
		if v, err := forum.ValidateTags([]string{t}); err == nil && len(v) == 1 && len(out) < forum.TagsMax {
			out = append(out, v[0])
		}
	}
	return out
}

// cleanTitle drops control characters a title may not hold.
func cleanTitle(s string) string {
	return strings.Join(strings.Fields(strings.Map(dropControl, s)), " ")
}

func cleanBody(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		return dropControl(r)
	}, s))
}

func dropControl(r rune) rune {
	if unicode.IsControl(r) || r == utf8.RuneError {
		return ' '
	}
	return r
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// htmlText is an HTML body's text, for posts whose HTML does not convert
// to Markdown.
func htmlText(s string) string {
	return cleanBody(html.UnescapeString(tagPattern.ReplaceAllString(s, "")))
}
