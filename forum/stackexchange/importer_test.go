package stackexchange_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"maps"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/forum/sqlstore/storetest"
	"github.com/chorus-forum/chorus/forum/stackexchange"
	_ "github.com/mattn/go-sqlite3" // the raw reader of the test's database
)

const (
	testSite   = "test.example.com"
	testSource = "stackexchange:" + testSite
)

// testConverter stands in for the command's converter: the HTML as it is,
// its text as the Markdown, a paragraph as a comment's HTML.
type testConverter struct{}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func (testConverter) Sanitize(h string) string { return h }
func (testConverter) Markdown(h string) (string, error) {
	return strings.TrimSpace(html.UnescapeString(tagRE.ReplaceAllString(h, ""))), nil
}
func (testConverter) Render(md string) (string, error) {
	return "<p>" + html.EscapeString(md) + "</p>", nil
}

const xmlHead = "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"

// testDump is a tiny dump: three users (with Community, -1), two
// questions, three answers (listed out of date order; the accepted one
// comes after its question), a tag wiki to skip, comments (one on the
// skipped post, one by a deleted user) and post links (one duplicate).
func testDump() map[string]string {
	return map[string]string{
		"Users.xml": xmlHead + `<users>
  <row Id="-1" Reputation="1" CreationDate="2010-08-25T18:10:17.000" DisplayName="Community" />
  <row Id="1" Reputation="101" CreationDate="2012-03-04T05:06:07.890" DisplayName="Anna Müller" />
  <row Id="2" Reputation="5" CreationDate="2013-01-01T00:00:00.000" DisplayName="Bob" />
</users>
`,
		"Tags.xml": xmlHead + `<tags>
  <row Id="1" TagName="repair" Count="2" />
  <row Id="2" TagName="tyres" Count="1" />
  <row Id="3" TagName="brakes" Count="0" />
</tags>
`,
		"Posts.xml": xmlHead + `<posts>
  <row Id="10" PostTypeId="1" AcceptedAnswerId="14" CreationDate="2015-01-01T10:00:00.000" Score="7" Body="&lt;p&gt;My rear tyre keeps going flat.&lt;/p&gt;" OwnerUserId="1" Title="How do I fix a flat tyre?" Tags="&lt;repair&gt;&lt;tyres&gt;" ContentLicense="CC BY-SA 3.0" />
  <row Id="14" PostTypeId="2" ParentId="10" CreationDate="2015-01-03T10:00:00.000" Score="9" Body="&lt;p&gt;Check the rim tape.&lt;/p&gt;" OwnerUserId="1" ContentLicense="CC BY-SA 3.0" />
  <row Id="12" PostTypeId="1" CreationDate="2019-02-01T10:00:00.000" Score="1" Body="&lt;p&gt;Flat again, what now?&lt;/p&gt;" OwnerUserId="2" Title="Flat tire, how to repair" Tags="|repair|" />
  <row Id="13" PostTypeId="4" CreationDate="2019-02-02T10:00:00.000" Score="0" Body="A tag wiki excerpt." OwnerUserId="-1" />
  <row Id="11" PostTypeId="2" ParentId="10" CreationDate="2015-01-02T10:00:00.000" Score="2" Body="&lt;p&gt;Use a patch kit.&lt;/p&gt;" OwnerUserId="2" ContentLicense="CC BY-SA 3.0" />
  <row Id="15" PostTypeId="2" ParentId="12" CreationDate="2019-02-03T10:00:00.000" Score="0" Body="&lt;p&gt;See the other question.&lt;/p&gt;" OwnerDisplayName="gone rider" />
</posts>
`,
		"Comments.xml": xmlHead + `<comments>
  <row Id="100" PostId="10" Score="0" Text="Which valve do you have?" CreationDate="2015-01-01T11:00:00.000" UserId="2" />
  <row Id="101" PostId="14" Score="1" Text="This fixed it, thanks!" CreationDate="2015-01-04T11:00:00.000" UserDisplayName="someone gone" />
  <row Id="102" PostId="13" Score="0" Text="On the tag wiki." CreationDate="2019-02-02T11:00:00.000" UserId="1" />
</comments>
`,
		"PostLinks.xml": xmlHead + `<postlinks>
  <row Id="1000" CreationDate="2019-03-01T12:00:00.000" PostId="12" RelatedPostId="10" LinkTypeId="3" />
  <row Id="1001" CreationDate="2019-03-01T12:00:00.000" PostId="15" RelatedPostId="10" LinkTypeId="1" />
</postlinks>
`,
	}
}

// What testDump gives.
var wantAdded = map[string]int{"user": 3, "tag": 3, "question": 2, "answer": 3, "comment": 2, "duplicate": 1, "accepted": 1}

func writeDump(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, dir, name, content)
	}
	return dir
}

// store is a real SQLite forum with one category, and a raw handle to
// read what the import wrote.
type store struct {
	db   *sqlstore.DB
	raw  *sqlstore.Raw
	cat  int64
	path string
}

func newStore(t *testing.T) *store {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "chorus.db")
	db := storetest.Open(t, path)
	cat := &forum.Category{Slug: "imported", Name: "Imported", ResponseTargetHours: 48}
	if err := db.CreateCategory(ctx, cat, nil); err != nil {
		t.Fatal(err)
	}
	raw := db.Raw()
	return &store{db: db, raw: raw, cat: cat.ID, path: path}
}

func (s *store) importDump(ctx context.Context, dir string, opts stackexchange.Options) (*stackexchange.Report, error) {
	opts.Site, opts.CategoryID = testSite, s.cat
	return stackexchange.Import(ctx, dir, s.db.Importer(testSource), testConverter{}, opts)
}

func (s *store) int(t *testing.T, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := s.raw.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// local is the local ID the import recorded for a dump ID.
func (s *store) local(t *testing.T, kind string, id int64) int64 {
	t.Helper()
	return s.int(t, `SELECT local_id FROM import_map WHERE source = ? AND kind = ? AND external_id = ?`, testSource, kind, id)
}

var countedTables = []string{"users", "categories", "threads", "posts", "post_revisions", "comments", "tags", "thread_tags",
	"import_map", "post_sources", "outbox"}

func (s *store) counts(t *testing.T) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range countedTables {
		out[table] = s.int(t, `SELECT COUNT(*) FROM `+table)
	}
	return out
}

func ms(s string) int64 {
	tm, err := time.Parse("2006-01-02T15:04:05", s)
	if err != nil {
		panic(err)
	}
	return tm.UTC().UnixMilli()
}

// skipped sums the report's skips whose reason contains what.
func skipped(rep *stackexchange.Report, what string) int {
	n := 0
	for reason, c := range rep.Skipped {
		if strings.Contains(reason, what) {
			n += c
		}
	}
	return n
}

func nonZero(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	dir := writeDump(t, testDump())
	rep, err := s.importDump(ctx, dir, stackexchange.Options{})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("report", func(t *testing.T) {
		if got := nonZero(rep.Added); !maps.Equal(got, wantAdded) {
			t.Errorf("Added = %v, want %v", got, wantAdded)
		}
		if got := nonZero(rep.Already); len(got) != 0 {
			t.Errorf("Already = %v on a first import", got)
		}
		for what, want := range map[string]int{"post type 4": 1, "comment on a post not imported": 1, "not a duplicate": 1} {
			if got := skipped(rep, what); got != want {
				t.Errorf("skipped %q: %d, want %d (all: %v)", what, got, want, rep.Skipped)
			}
		}
		total := 0
		for _, c := range rep.Skipped {
			total += c
		}
		if total != 3 {
			t.Errorf("skipped %d in all, want 3: %v", total, rep.Skipped)
		}
		if rep.Converted != 5 || rep.HTMLOnly != 0 {
			t.Errorf("converted %d, HTML only %d; want 5, 0", rep.Converted, rep.HTMLOnly)
		}
	})

	t.Run("rows", func(t *testing.T) {
		const inCat = ` JOIN threads t ON t.id = p.thread_id WHERE t.category_id = ?`
		for _, c := range []struct {
			query string
			want  int64
		}{
			{`SELECT COUNT(*) FROM threads WHERE category_id = ?`, 2},
			{`SELECT COUNT(*) FROM posts p` + inCat, 5},
			{`SELECT COUNT(*) FROM posts p` + inCat + ` AND p.is_question = 0`, 3},
			{`SELECT COUNT(*) FROM comments c JOIN posts p ON p.id = c.post_id` + inCat, 2},
			{`SELECT COUNT(*) FROM post_sources s JOIN posts p ON p.id = s.post_id` + inCat, 5},
			{`SELECT COUNT(*) FROM post_revisions r JOIN posts p ON p.id = r.post_id` + inCat, 5},
		} {
			if got := s.int(t, c.query, s.cat); got != c.want {
				t.Errorf("%s: %d, want %d", c.query, got, c.want)
			}
		}
		var tags []string
		rows, err := s.raw.Query(`SELECT name FROM tags ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n string
			_ = rows.Scan(&n)
			tags = append(tags, n)
		}
		if strings.Join(tags, ",") != "brakes,repair,tyres" {
			t.Errorf("tags = %v; Tags.xml's unused brakes included", tags)
		}
	})

	t.Run("placeholder users", func(t *testing.T) {
		if n := s.int(t, `SELECT COUNT(*) FROM users WHERE imported_from = ?`, testSource); n != 3 {
			t.Errorf("%d users imported from %s, want 3", n, testSource)
		}
		if n := s.int(t, `SELECT COUNT(*) FROM users WHERE imported_from = ? AND (password_hash != '' OR substr(email, length(email) - 7) <> '.invalid')`, testSource); n != 0 {
			t.Errorf("%d imported users have a password or a deliverable address", n)
		}
		var name, role string
		if err := s.raw.QueryRow(`SELECT username, role FROM users WHERE id = ?`, s.local(t, stackexchange.KindUser, 1)).Scan(&name, &role); err != nil {
			t.Fatal(err)
		}
		if name != "Anna-Mueller" || role != "member" {
			t.Errorf("user 1 is %q (%s), want Anna-Mueller (member)", name, role)
		}
		if created := s.int(t, `SELECT created_at FROM users WHERE id = ?`, s.local(t, stackexchange.KindUser, 1)); created != ms("2012-03-04T05:06:07")+890 {
			t.Errorf("user 1 created_at %d", created)
		}
	})

	t.Run("accepted answer", func(t *testing.T) {
		thread := s.local(t, stackexchange.KindThread, 10)
		if got, want := s.int(t, `SELECT COALESCE(accepted_post_id, 0) FROM threads WHERE id = ?`, thread), s.local(t, stackexchange.KindPost, 14); got != want {
			t.Errorf("thread of question 10: accepted post %d, want %d (answer 14)", got, want)
		}
		thread12 := s.local(t, stackexchange.KindThread, 12)
		if got := s.int(t, `SELECT COUNT(*) FROM threads WHERE id = ? AND accepted_post_id IS NOT NULL`, thread12); got != 0 {
			t.Error("question 12 has an accepted answer it never had")
		}
	})

	t.Run("duplicate", func(t *testing.T) {
		dup, orig := s.local(t, stackexchange.KindThread, 12), s.local(t, stackexchange.KindThread, 10)
		var of, closed sql.NullInt64
		if err := s.raw.QueryRow(`SELECT duplicate_of_id, closed_at FROM threads WHERE id = ?`, dup).Scan(&of, &closed); err != nil {
			t.Fatal(err)
		}
		if of.Int64 != orig {
			t.Errorf("thread of question 12: duplicate_of_id %v, want %d", of, orig)
		}
		if closed.Int64 != ms("2019-03-01T12:00:00") {
			t.Errorf("duplicate closed_at %v, want the link's date", closed)
		}
		if n := s.int(t, `SELECT COUNT(*) FROM threads WHERE id = ? AND duplicate_of_id IS NULL AND closed_at IS NULL`, orig); n != 1 {
			t.Error("the original was closed or marked too")
		}
	})

	t.Run("counts after Finish", func(t *testing.T) {
		for q, want := range map[int64]struct{ answers, first, last int64 }{
			10: {2, ms("2015-01-02T10:00:00"), ms("2015-01-03T10:00:00")},
			12: {1, ms("2019-02-03T10:00:00"), ms("2019-02-03T10:00:00")},
		} {
			var answers, last int64
			var first sql.NullInt64
			if err := s.raw.QueryRow(`SELECT answer_count, first_answer_at, last_activity_at FROM threads WHERE id = ?`,
				s.local(t, stackexchange.KindThread, q)).Scan(&answers, &first, &last); err != nil {
				t.Fatal(err)
			}
			if answers != want.answers || first.Int64 != want.first || last != want.last {
				t.Errorf("question %d: answers %d, first answer %v, last activity %d; want %d, %d, %d",
					q, answers, first, last, want.answers, want.first, want.last)
			}
		}
	})

	t.Run("attribution", func(t *testing.T) {
		for id, want := range map[int64][5]string{
			10: {"https://test.example.com/questions/10", "Anna Müller", "https://test.example.com/users/1", "CC BY-SA 3.0", "7"},
			11: {"https://test.example.com/a/11", "Bob", "https://test.example.com/users/2", "CC BY-SA 3.0", "2"},
			// No ContentLicense: by date. A deleted user: the name the
			// dump kept, no profile link.
			12: {"https://test.example.com/questions/12", "Bob", "https://test.example.com/users/2", "CC BY-SA 4.0", "1"},
			15: {"https://test.example.com/a/15", "gone rider", "", "CC BY-SA 4.0", "0"},
		} {
			var got [5]string
			var site string
			if err := s.raw.QueryRow(`SELECT url, author_name, author_url, license, base_score, site FROM post_sources WHERE post_id = ?`,
				s.local(t, stackexchange.KindPost, id)).Scan(&got[0], &got[1], &got[2], &got[3], &got[4], &site); err != nil {
				t.Fatalf("post %d: %v", id, err)
			}
			if got != want || !strings.Contains(site, "Stack Exchange") || !strings.Contains(site, testSite) {
				t.Errorf("post %d: source %q (site %q), want %q", id, got, site, want)
			}
		}
		community := s.local(t, stackexchange.KindUser, -1)
		if a := s.int(t, `SELECT author_id FROM posts WHERE id = ?`, s.local(t, stackexchange.KindPost, 15)); a != community {
			t.Errorf("post of a deleted user: author %d, want Community (%d)", a, community)
		}
		if a := s.int(t, `SELECT author_id FROM comments WHERE id = ?`, s.local(t, stackexchange.KindComment, 101)); a != community {
			t.Errorf("comment of a deleted user: author %d, want Community (%d)", a, community)
		}
		var md, body string
		if err := s.raw.QueryRow(`SELECT body_md, body_html FROM posts WHERE id = ?`, s.local(t, stackexchange.KindPost, 11)).Scan(&md, &body); err != nil {
			t.Fatal(err)
		}
		if md != "Use a patch kit." || body != "<p>Use a patch kit.</p>" {
			t.Errorf("answer 11: body %q / %q", md, body)
		}
		var cmd, chtml string
		if err := s.raw.QueryRow(`SELECT body_md, body_html FROM comments WHERE id = ?`, s.local(t, stackexchange.KindComment, 100)).Scan(&cmd, &chtml); err != nil {
			t.Fatal(err)
		}
		if cmd != "Which valve do you have?" || chtml != "<p>Which valve do you have?</p>" {
			t.Errorf("comment 100: %q / %q", cmd, chtml)
		}
	})

	t.Run("second import adds nothing", func(t *testing.T) {
		before := s.counts(t)
		fp := fingerprint(t, s)
		rep2, err := s.importDump(ctx, dir, stackexchange.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := nonZero(rep2.Added); len(got) != 0 {
			t.Errorf("second import added %v", got)
		}
		if got := nonZero(rep2.Already); !maps.Equal(got, wantAdded) {
			t.Errorf("second import: Already = %v, want %v", got, wantAdded)
		}
		if after := s.counts(t); !maps.Equal(before, after) {
			t.Errorf("row counts changed:\nbefore %v\nafter  %v", before, after)
		}
		if diff := diffLines(fp, fingerprint(t, s)); diff != "" {
			t.Errorf("second import changed the data:\n%s", diff)
		}
	})
}

// TestImportRefusesBadFiles: a file cut short or with a bad value stops the
// import before anything is written, naming the file and the line.
func TestImportRefusesBadFiles(t *testing.T) {
	for _, c := range []struct {
		name, file string
		spoil      func(string) string
	}{
		{"posts cut short", "Posts.xml", func(s string) string { return s[:len(s)/2] }},
		{"comments cut short", "Comments.xml", func(s string) string { return s[:len(s)/2] }},
		{"post links with a bad number", "PostLinks.xml", func(s string) string {
			return strings.Replace(s, `LinkTypeId="1"`, `LinkTypeId="one"`, 1)
		}},
		{"posts with a bad date", "Posts.xml", func(s string) string {
			return strings.Replace(s, `CreationDate="2019-02-03T10:00:00.000"`, `CreationDate="yesterday"`, 1)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := testDump()
			files[c.file] = c.spoil(files[c.file])
			s := newStore(t)
			before := s.counts(t)
			_, err := s.importDump(context.Background(), writeDump(t, files), stackexchange.Options{BatchSize: 1})
			if err == nil {
				t.Fatal("the import went through")
			}
			if !regexp.MustCompile(regexp.QuoteMeta(c.file) + `:\d+`).MatchString(err.Error()) {
				t.Errorf("error %q does not name %s:LINE", err, c.file)
			}
			if n := s.int(t, `SELECT COUNT(*) FROM threads`); n != 0 {
				t.Errorf("%d threads written", n)
			}
			if n := s.int(t, `SELECT COUNT(*) FROM users WHERE imported_from = ?`, testSource); n != 0 {
				t.Errorf("%d users written", n)
			}
			if after := s.counts(t); !maps.Equal(before, after) {
				t.Errorf("the refused import wrote:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestImportNeedsUsersAndPosts(t *testing.T) {
	for _, name := range []string{"Users.xml", "Posts.xml"} {
		files := testDump()
		delete(files, name)
		s := newStore(t)
		_, err := s.importDump(context.Background(), writeDump(t, files), stackexchange.Options{})
		if !errors.Is(err, stackexchange.ErrMissing) || !strings.Contains(err.Error(), name) {
			t.Errorf("without %s: %v", name, err)
		}
		if n := s.int(t, `SELECT COUNT(*) FROM import_map`); n != 0 {
			t.Errorf("without %s: %d objects written", name, n)
		}
	}
	// The other files are optional.
	files := testDump()
	delete(files, "Comments.xml")
	delete(files, "PostLinks.xml")
	delete(files, "Tags.xml")
	s := newStore(t)
	rep, err := s.importDump(context.Background(), writeDump(t, files), stackexchange.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added["question"] != 2 || rep.Added["answer"] != 3 || rep.Added["accepted"] != 1 || rep.Added["comment"] != 0 {
		t.Errorf("without the optional files: added %v", rep.Added)
	}
	if skipped(rep, "missing") != 3 {
		t.Errorf("missing files not reported: %v", rep.Skipped)
	}
}

// TestImportEmptyOptionalFile: a site with no duplicate links yet has a
// PostLinks.xml holding no row. That is a whole file, not a broken one.
func TestImportEmptyOptionalFile(t *testing.T) {
	files := testDump()
	files["PostLinks.xml"] = xmlHead + "<postlinks>\n</postlinks>\n"
	s := newStore(t)
	rep, err := s.importDump(context.Background(), writeDump(t, files), stackexchange.Options{})
	if err != nil {
		t.Fatalf("a dump whose PostLinks.xml has no rows is refused: %v", err)
	}
	if rep.Added["question"] != 2 || rep.Added["duplicate"] != 0 {
		t.Errorf("added %v", rep.Added)
	}
}

// TestImportResume cuts an import short after every possible batch and
// checks that running it again ends where a clean import does.
func TestImportResume(t *testing.T) {
	dir := writeDump(t, testDump())
	clean := newStore(t)
	calls := 0
	cleanRep, err := clean.importDump(context.Background(), dir, stackexchange.Options{BatchSize: 1,
		Progress: func(stackexchange.Progress) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	want := fingerprint(t, clean)
	wantCounts := clean.counts(t)
	if calls < 10 {
		t.Fatalf("only %d progress calls with batches of one row", calls)
	}
	// Where, in the clean run, the posts were half in.
	middle := 0
	for n := 1; n <= calls; n++ {
		t.Run(fmt.Sprintf("cancel after %d of %d", n, calls), func(t *testing.T) {
			s := newStore(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			seen := 0
			rep1, err := s.importDump(ctx, dir, stackexchange.Options{BatchSize: 1, Progress: func(stackexchange.Progress) {
				if seen++; seen == n {
					cancel()
				}
			}})
			if err == nil {
				t.Fatal("the import cut short returned no error")
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v is not the cancellation", err)
			}
			posts := s.int(t, `SELECT COUNT(*) FROM posts`)
			if posts > 0 && posts < 5 && middle == 0 {
				middle = n
			}
			if posts > 0 && posts < 5 && n == middle {
				t.Logf("cut after %d of 5 posts", posts)
			}

			rep2, err := s.importDump(context.Background(), dir, stackexchange.Options{BatchSize: 1})
			if err != nil {
				t.Fatalf("resume: %v", err)
			}
			if diff := diffLines(want, fingerprint(t, s)); diff != "" {
				t.Errorf("resumed import differs from a clean one (- clean, + resumed):\n%s", diff)
			}
			if got := s.counts(t); !maps.Equal(got, wantCounts) {
				t.Errorf("row counts: %v, clean %v", got, wantCounts)
			}
			// Between them the two runs added each object once.
			sum := map[string]int{}
			if rep1 != nil {
				for k, v := range rep1.Added {
					sum[k] += v
				}
			}
			for k, v := range rep2.Added {
				sum[k] += v
			}
			if got := nonZero(sum); !maps.Equal(got, nonZero(cleanRep.Added)) {
				t.Errorf("added in the two runs %v, clean %v", got, cleanRep.Added)
			}
		})
	}
	if middle == 0 {
		t.Error("no cancellation left some but not all posts in")
	}
}

// fingerprint is what the import made of the test dump, by dump IDs, so
// two databases compare whatever their local IDs.
func fingerprint(t *testing.T, s *store) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT 'user', m.external_id, u.username, u.email, u.password_hash, u.role, u.created_at, u.imported_from
		 FROM users u JOIN import_map m ON m.source = ? AND m.kind = 'user' AND m.local_id = u.id ORDER BY m.external_id`,
		`SELECT 'thread', m.external_id, t.title, t.slug, t.lang, t.category_id, t.created_at, t.last_activity_at, t.answer_count,
		   COALESCE(t.first_answer_at, -1), COALESCE(t.closed_at, -1),
		   COALESCE((SELECT a.external_id FROM import_map a WHERE a.source = m.source AND a.kind = 'post' AND a.local_id = t.accepted_post_id), -1),
		   COALESCE((SELECT d.external_id FROM import_map d WHERE d.source = m.source AND d.kind = 'thread' AND d.local_id = t.duplicate_of_id), -1),
		   COALESCE((SELECT string_agg(g.name, ',' ORDER BY g.name) FROM thread_tags tt JOIN tags g ON g.id = tt.tag_id WHERE tt.thread_id = t.id), ''),
		   (SELECT x.external_id FROM import_map x WHERE x.source = m.source AND x.kind = 'user' AND x.local_id = t.author_id)
		 FROM threads t JOIN import_map m ON m.source = ? AND m.kind = 'thread' AND m.local_id = t.id ORDER BY m.external_id`,
		`SELECT 'post', m.external_id, p.is_question, p.body_md, p.body_html, p.score, p.created_at,
		   (SELECT x.external_id FROM import_map x WHERE x.source = m.source AND x.kind = 'user' AND x.local_id = p.author_id),
		   (SELECT x.external_id FROM import_map x WHERE x.source = m.source AND x.kind = 'thread' AND x.local_id = p.thread_id),
		   s.url, s.author_name, s.author_url, s.license, s.base_score,
		   (SELECT COUNT(*) FROM post_revisions r WHERE r.post_id = p.id)
		 FROM posts p JOIN import_map m ON m.source = ? AND m.kind = 'post' AND m.local_id = p.id
		 LEFT JOIN post_sources s ON s.post_id = p.id ORDER BY m.external_id`,
		`SELECT 'comment', m.external_id, c.body_md, c.body_html, c.created_at,
		   (SELECT x.external_id FROM import_map x WHERE x.source = m.source AND x.kind = 'user' AND x.local_id = c.author_id),
		   (SELECT x.external_id FROM import_map x WHERE x.source = m.source AND x.kind = 'post' AND x.local_id = c.post_id)
		 FROM comments c JOIN import_map m ON m.source = ? AND m.kind = 'comment' AND m.local_id = c.id ORDER BY m.external_id`,
		`SELECT 'map', kind, external_id FROM import_map WHERE source = ? ORDER BY kind, external_id`,
		`SELECT 'tag', name, ? FROM tags ORDER BY name`,
	} {
		rows, err := s.raw.Query(q, testSource)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			parts := make([]string, len(vals))
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				parts[i] = fmt.Sprintf("%v", v)
			}
			out = append(out, strings.Join(parts, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out
}

// diffLines lists the lines only in a (-) or only in b (+).
func diffLines(a, b []string) string {
	in := func(l []string) map[string]int {
		m := map[string]int{}
		for _, s := range l {
			m[s]++
		}
		return m
	}
	ma, mb := in(a), in(b)
	var d strings.Builder
	for _, s := range a {
		if mb[s] == 0 {
			d.WriteString("- " + s + "\n")
		} else {
			mb[s]--
		}
	}

	for _, s := range b {
		if ma[s] == 0 {
			d.WriteString("+ " + s + "\n")
		} else {
			ma[s]--
		}
	}
	return d.String()
}
