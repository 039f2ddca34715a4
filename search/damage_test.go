package search_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chorus-forum/chorus/forum"
	"github.com/chorus-forum/chorus/search"
)

// damagedEnv is an environment whose index was built, closed and then
// damaged by fn (given the index directory).
func damagedEnv(t *testing.T, fn func(t *testing.T, dir string)) *env {
	t.Helper()
	e := newIndexedEnv(t, func(e *env) {
		e.ask("", "Thread that survives the damage", "The index breaks but the database keeps this thread about the heron.")
		e.ask("", "Another thread for the index", "A second thread, so that the index has more than one segment of text.")
	})
	if err := e.ix.Close(); err != nil {
		t.Fatal(err)
	}
	fn(t, filepath.Join(e.indexDir(), "index"))
	return e
}

func zapFiles(t *testing.T, dir string) []string {
	t.Helper()
	zaps, err := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if err != nil || len(zaps) == 0 {
		t.Fatalf("no segment files in %s: %v", dir, err)
	}
	return zaps
}

func overwrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func garbage(n int) []byte { return bytes.Repeat([]byte("garbage\x00\xff"), n/9+1)[:n] }

var damages = []struct {
	name   string
	damage func(t *testing.T, dir string)
	// broken: the index must be set aside (some damage leaves nothing to
	// set aside, or nothing Bleve notices at open).
	broken bool
}{
	{"root.bolt truncated", func(t *testing.T, dir string) {
		if err := os.Truncate(filepath.Join(dir, "store", "root.bolt"), 0); err != nil {
			t.Fatal(err)
		}
	}, true},
	{"root.bolt garbage", func(t *testing.T, dir string) {
		overwrite(t, filepath.Join(dir, "store", "root.bolt"), garbage(131072))
	}, true},
	{"root.bolt half", func(t *testing.T, dir string) {
		if err := os.Truncate(filepath.Join(dir, "store", "root.bolt"), 8192); err != nil {
			t.Fatal(err)
		}
	}, true},
	{"index_meta.json garbage", func(t *testing.T, dir string) {
		overwrite(t, filepath.Join(dir, "index_meta.json"), []byte("{not json"))
	}, true},
	{"index_meta.json missing", func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, "index_meta.json")); err != nil {
			t.Fatal(err)
		}
	}, true},
	{"segment garbage", func(t *testing.T, dir string) {
		for _, z := range zapFiles(t, dir) {
			st, _ := os.Stat(z)
			overwrite(t, z, garbage(int(st.Size())))
		}
	}, true},
	{"segment truncated", func(t *testing.T, dir string) {
		for _, z := range zapFiles(t, dir) {
			if err := os.Truncate(z, 10); err != nil {
				t.Fatal(err)
			}
		}
	}, true},
	{"segment missing", func(t *testing.T, dir string) {
		for _, z := range zapFiles(t, dir) {
			if err := os.Remove(z); err != nil {
				t.Fatal(err)
			}
		}
	}, true},
	{"store missing", func(t *testing.T, dir string) {
		if err := os.RemoveAll(filepath.Join(dir, "store")); err != nil {
			t.Fatal(err)
		}
	}, true},
	{"empty directory", func(t *testing.T, dir string) {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}, true},
	{"a file instead of the directory", func(t *testing.T, dir string) {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		overwrite(t, dir, []byte("not an index"))
	}, true},
	{"index missing", func(t *testing.T, dir string) {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
	}, false},
}

// TestDamagedIndexIsSetAsideAndRebuilt damages the index on disk in many
// ways; each time Open must not fail or panic, must set the damage aside,
// say so in the log and ask for a rebuild, and search must answer
// "unavailable" (not an internal error) until the rebuild.
func TestDamagedIndexIsSetAsideAndRebuilt(t *testing.T) {
	for _, tc := range damages {
		t.Run(tc.name, func(t *testing.T) {
			e := damagedEnv(t, tc.damage)
			ix, err := search.Open(e.ctx, e.indexDir(), e.db, search.Options{Logger: e.log})
			if err != nil {
				t.Fatalf("Open: %v\nlog:\n%s", err, e.logs)
			}
			t.Cleanup(func() { _ = ix.Close() })
			e.ix = ix
			e.svc.SetSearchIndex(ix)
			if !ix.NeedsRebuild() {
				t.Fatalf("damaged index does not ask for a rebuild; log:\n%s", e.logs)
			}
			aside, _ := filepath.Glob(filepath.Join(e.indexDir(), "index.broken-*"))
			if tc.broken {
				if len(aside) != 1 {
					t.Errorf("damaged index set aside as %v, want one index.broken-*", aside)
				}
				if !strings.Contains(e.logs.String(), "damaged") {
					t.Errorf("no log line says the index is damaged:\n%s", e.logs)
				}
			} else if len(aside) != 0 {
				t.Errorf("a missing index left %v", aside)
			}
			// Whatever Open kept, search never fails as an internal error.
			for _, q := range []string{"heron", ""} {
				_, err := e.svc.Search(e.ctx, nil, forum.SearchQuery{Text: q})
				if k := kindOf(err); k == forum.Internal {
					t.Errorf("search %q before the rebuild: %v", q, err)
				}
			}
			if _, err := e.svc.Similar(e.ctx, nil, forum.Draft{Title: "Thread that survives the damage", Body: "heron"}); kindOf(err) == forum.Internal {
				t.Errorf("similar before the rebuild: %v", err)
			}

			stop := e.runIndexer(ix)
			eventually(t, 10*time.Second, "rebuild by the indexer", func() bool { return !ix.NeedsRebuild() })
			stop()
			if res := e.find("heron"); len(res.Hits) != 1 {
				t.Errorf("after the rebuild: %d hits", len(res.Hits))
			}
			if d := e.docCount(); d != 2 {
				t.Errorf("after the rebuild: %d docs", d)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			if ix := e.open(search.Options{}); ix.NeedsRebuild() {
				t.Errorf("the rebuilt index is not accepted at the next start; log:\n%s", e.logs)
			}
		})
	}
}

// TestDamagedTwiceInOneSecond damages the index, repairs it and damages it
// again within the same second (a crash loop under a supervisor): the
// second damage must be set aside as well, not end in an error.
func TestDamagedTwiceInOneSecond(t *testing.T) {
	truncate := damages[0].damage
	e := damagedEnv(t, truncate)
	frozen := search.Options{Now: func() time.Time { return baseTime }}
	for round := range 2 {
		ix, err := search.Open(e.ctx, e.indexDir(), e.db, search.Options{Logger: e.log, Now: frozen.Now})
		if err != nil {
			t.Fatalf("round %d: Open: %v", round, err)
		}
		if !ix.NeedsRebuild() {
			t.Fatalf("round %d: no rebuild wanted", round)
		}
		if _, err := ix.Rebuild(e.ctx, nil); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		truncate(t, filepath.Join(e.indexDir(), "index"))
	}
	if aside, _ := filepath.Glob(filepath.Join(e.indexDir(), "index.broken-*")); len(aside) != 2 {
		t.Errorf("set aside: %v, want both damaged indexes", aside)
	}
}

func TestSecondOpenIsInUse(t *testing.T) {
	e := newIndexedEnv(t, nil)
	result := make(chan error, 1)
	go func() {
		ix, err := search.Open(e.ctx, e.indexDir(), e.db, search.Options{Logger: e.log})
		if err == nil {
			_ = ix.Close()
		}
		result <- err
	}()
	select {
	case err := <-result:
		if !errors.Is(err, search.ErrInUse) {
			t.Fatalf("second Open: %v, want ErrInUse", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second Open hangs")
	}
	// The first still works, and after it closes the directory is free.
	if res := e.find(""); res == nil {
		t.Fatal("no result")
	}
	if err := e.ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := search.Open(e.ctx, e.indexDir(), e.db, search.Options{Logger: e.log})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	_ = ix.Close()
}
