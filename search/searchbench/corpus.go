package searchbench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/forum/markdown"
	"github.com/chorus-forum/chorus/forum/sqlstore"
	"github.com/chorus-forum/chorus/search/synth"
)

// The benchmark forum's people: askers and answerers are drawn from the
// members, some answers come from staff.
const (
	benchMembers = 400
	benchStaff   = 8
	loadChunk    = 64 // threads rendered together
)

func memberName(i int) string { return fmt.Sprintf("bench-member-%04d", i) }
func staffName(i int) string  { return fmt.Sprintf("bench-staff-%02d", i) }

// corpusMeta is written beside a finished corpus database; a later run
// reuses the database only when it matches.
type corpusMeta struct {
	Threads     int    `json:"threads"`
	Seed        int64  `json:"seed"`
	Fingerprint string `json:"fingerprint"`
	Schema      int    `json:"schema"`
	Posts       int    `json:"posts"`
	Answers     int    `json:"answers"`
	Accepted    int    `json:"accepted"`
	German      int    `json:"german"`
	Users       int    `json:"users"`
	LoadSeconds float64
}

// fingerprint identifies the generator's output for a seed, so a corpus
// built by an older generator is not mistaken for the current one.
func fingerprint(seed int64) string {
	h := sha256.New()
	_ = synth.Generate(synth.Options{Seed: seed}, 5, func(_ int, t *synth.Thread) error {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00", t.Title, t.Body, t.Lang, len(t.Answers))
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// ensureCorpus returns the corpus database for opts, loading it unless a
// matching one is in opts.Dir already.
func ensureCorpus(ctx context.Context, opts Options, logf func(string, ...any)) (CorpusReport, error) {
	path := filepath.Join(opts.Dir, fmt.Sprintf("corpus-%d-seed%d.db", opts.Threads, opts.Seed))
	metaPath := path + ".json"
	want := corpusMeta{Threads: opts.Threads, Seed: opts.Seed, Fingerprint: fingerprint(opts.Seed), Schema: sqlstore.SchemaVersion()}
	if b, err := os.ReadFile(metaPath); err == nil { // #nosec G304 -- a file in the benchmark directory the operator named
		var have corpusMeta
		if json.Unmarshal(b, &have) == nil && have.Threads == want.Threads && have.Seed == want.Seed &&
			have.Fingerprint == want.Fingerprint && have.Schema == want.Schema && exists(path) {
			logf("corpus: reusing %s (%d threads, loaded in %.0f s)", path, have.Threads, have.LoadSeconds)
			return have.report(path, true), nil
		}
	}
	for _, p := range []string{metaPath, path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return CorpusReport{}, err
		}
	}
	logf("corpus: loading %d threads into %s", opts.Threads, path)
	start := time.Now()
	meta, err := loadCorpus(ctx, path, opts.Threads, opts.Seed, logf)
	if err != nil {
		return CorpusReport{}, fmt.Errorf("load corpus: %w", err)
	}
	meta.Threads, meta.Seed, meta.Fingerprint, meta.Schema = want.Threads, want.Seed, want.Fingerprint, want.Schema
	meta.LoadSeconds = time.Since(start).Seconds()
	b, err := json.MarshalIndent(meta, "", "  ")
	if err != nil {
		return CorpusReport{}, err
	}
	if err := os.WriteFile(metaPath, b, 0o600); err != nil {
		return CorpusReport{}, err
	}
	logf("corpus: %d threads, %d posts in %.1f s", meta.Threads, meta.Posts, meta.LoadSeconds)
	return meta.report(path, false), nil
}

func (m corpusMeta) report(path string, reused bool) CorpusReport {
	return CorpusReport{
		Threads: m.Threads, Posts: m.Posts, Answers: m.Answers, Accepted: m.Accepted, German: m.German, Users: m.Users,
		LoadTime: time.Duration(m.LoadSeconds * float64(time.Second)), Reused: reused, Path: path, DBBytes: fileSize(path),
	}
}

// loadItem is one generated thread with its rendered posts.
type loadItem struct {
	t           synth.Thread
	html        string
	answersHTML []string
	err         error
}

type loadBatch struct {
	items []loadItem
	done  chan struct{}
}

// loadCorpus writes n generated threads into a new database at path,
// through the store's own methods as the service would call them, minus
// password hashing: Markdown is rendered, the outbox written, accepted
// answers marked. Rendering runs beside the single writer.
func loadCorpus(ctx context.Context, path string, n int, seed int64, logf func(string, ...any)) (corpusMeta, error) {
	var meta corpusMeta
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		return meta, err
	}
	defer db.Close()

	// People and categories first.
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(-24 * time.Hour)
	var members, staff []forum.UserRef
	for i := range benchMembers + benchStaff {
		u := &forum.User{PasswordHash: "!no-login", Role: forum.RoleMember, CreatedAt: now}
		if i < benchMembers {
			u.Username = memberName(i)
		} else {
			u.Username, u.Role = staffName(i-benchMembers), forum.RoleStaff
		}
		u.Email = u.Username + "@bench.invalid"
		if err := db.CreateUser(ctx, u); err != nil {
			return meta, fmt.Errorf("user %s: %w", u.Username, err)
		}
		if u.Role == forum.RoleStaff {
			staff = append(staff, u.Ref())
		} else {
			members = append(members, u.Ref())
		}
	}
	meta.Users = len(members) + len(staff)
	cats := map[string]*forum.Category{}
	for i, c := range synth.Categories() {
		cat := &forum.Category{Slug: c.Slug, Name: c.Name, ResponseTargetHours: 24, Position: i}
		if err := db.CreateCategory(ctx, cat, nil); err != nil {
			return meta, fmt.Errorf("category %s: %w", c.Slug, err)
		}
		cats[c.Slug] = cat
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, min(4, runtime.NumCPU()))
	ordered := make(chan *loadBatch, 2*workers)
	work := make(chan *loadBatch, 2*workers)
	genErr := make(chan error, 1)
	go func() { // generate in order, hand batches to the renderers and the writer
		defer close(ordered)
		defer close(work)
		cur := &loadBatch{done: make(chan struct{})}
		send := func() error {
			for _, ch := range []chan *loadBatch{ordered, work} {
				select {
				case ch <- cur:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
			cur = &loadBatch{done: make(chan struct{})}
			return nil
		}
		err := synth.Generate(synth.Options{Seed: seed}, n, func(_ int, t *synth.Thread) error {
			c := *t
			c.Tags, c.Answers = slices.Clone(t.Tags), slices.Clone(t.Answers)
			cur.items = append(cur.items, loadItem{t: c})
			if len(cur.items) == loadChunk {
				return send()
			}
			return nil
		})
		if err == nil && len(cur.items) > 0 {
			err = send()
		}
		genErr <- err
	}()
	render := markdown.New()
	for range workers {
		go func() {
			for b := range work {
				for i := range b.items {
					it := &b.items[i]
					if it.html, it.err = render.Render(it.t.Body); it.err != nil {
						continue
					}
					it.answersHTML = make([]string, len(it.t.Answers))
					for k, a := range it.t.Answers {
						if it.answersHTML[k], it.err = render.Render(a); it.err != nil {
							break
						}
					}
				}
				close(b.done)
			}
		}()
	}

	r := rand.New(rand.NewPCG(uint64(seed), 0xc0ffee)) // #nosec G115 G404 -- reproducible benchmark input from a seed
	start, done, nextReport := time.Now(), 0, n/10
	for b := range ordered {
		select {
		case <-b.done:
		case <-ctx.Done():
			return meta, ctx.Err()
		}
		for i := range b.items {
			it := &b.items[i]
			if it.err != nil {
				return meta, fmt.Errorf("render thread %d: %w", done, it.err)
			}
			if err := writeThread(ctx, db, r, cats, members, staff, it, &meta); err != nil {
				return meta, fmt.Errorf("thread %d: %w", done, err)
			}
			done++
		}
		if done >= nextReport && done < n {
			logf("corpus: %3d%%  %d/%d threads  %.0f threads/s", done*100/n, done, n, float64(done)/time.Since(start).Seconds())
			nextReport += n / 10
		}
	}
	if err := <-genErr; err != nil {
		return meta, err
	}
	// A forum that has been running a while has an outbox the index
	// applied long ago and pruned; keep it so, or the indexer's first
	// prune in the live phase would delete hundreds of thousands of rows.
	if _, last, err := db.OutboxBounds(ctx); err != nil {
		return meta, err
	} else if _, err := db.PruneOutbox(ctx, last, time.Now()); err != nil {
		return meta, err
	}
	return meta, db.Close()
}

// writeThread stores one thread: the question, its answers a while later
// each, and the accepted answer.
func writeThread(ctx context.Context, db *sqlstore.DB, r *rand.Rand, cats map[string]*forum.Category,
	members, staff []forum.UserRef, it *loadItem, meta *corpusMeta) error {
	t := &it.t
	cat := cats[t.Category]
	if cat == nil {
		return fmt.Errorf("unknown category %q", t.Category)
	}
	ai := r.IntN(len(members))
	asker := members[ai]
	th := &forum.Thread{
		CategoryID: cat.ID, CategorySlug: cat.Slug, CategoryName: cat.Name,
		Title: t.Title, Slug: forum.Slugify(t.Title), Author: asker, Lang: t.Lang, Tags: t.Tags,
		CreatedAt: t.CreatedAt, LastActivityAt: t.CreatedAt,
	}
	q := &forum.Post{Author: asker, IsQuestion: true, BodyMD: t.Body, BodyHTML: it.html, CreatedAt: t.CreatedAt}
	if err := db.CreateThread(ctx, th, q); err != nil {
		return err
	}
	meta.Posts++
	if t.Lang == "de" {
		meta.German++
	}
	at := t.CreatedAt
	var acceptedID int64
	for k, body := range t.Answers {
		at = at.Add(time.Duration(20+r.IntN(300)) * time.Minute)
		var author forum.UserRef
		if r.IntN(100) < 15 {
			author = staff[r.IntN(len(staff))]
		} else { // another member than the asker
			j := r.IntN(len(members) - 1)
			if j >= ai {
				j++
			}
			author = members[j]
		}
		p := &forum.Post{ThreadID: th.ID, Author: author, BodyMD: body, BodyHTML: it.answersHTML[k], CreatedAt: at}
		if err := db.CreatePost(ctx, p); err != nil {
			return err
		}
		meta.Posts++
		meta.Answers++
		if k == t.Accepted {
			acceptedID = p.ID
		}
	}
	if acceptedID != 0 {
		if err := db.SetAccepted(ctx, th.ID, acceptedID, at.Add(time.Hour), nil); err != nil {
			return err
		}
		meta.Accepted++
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// dirSize is what du would say with --apparent-size: the bytes of every
// file under dir.
func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o750); err != nil {
		return err
	}
	src, err := os.Open(from) // #nosec G304 -- a file of the bench directory
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600) // #nosec G304 -- likewise
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		_ = dst.Close()
		return err
	}
	return dst.Close()
}

// copyDir copies the regular files of a directory tree.
func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o750)
		case d.Type().IsRegular():
			return copyFile(path, target)
		}
		return nil
	})
}
