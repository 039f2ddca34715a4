package forum_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportDirection keeps each adapter in its package: the domain uses
// the standard library only, moderation builds on it alone, search never
// sees HTTP or SQLite, the web layer never sees Bleve or SQLite.
func TestImportDirection(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	forbidden := map[string][]string{
		".":         {"github.com/labstack/echo", "github.com/mattn/go-sqlite3", "github.com/jackc/pgx", "github.com/blevesearch", "github.com/yuin/goldmark"},
		"../search": {"github.com/labstack/echo", "github.com/mattn/go-sqlite3", "github.com/jackc/pgx", "github.com/yuin/goldmark", "chorus/forum/web", "chorus/forum/sqlstore"},
		"./web":     {"github.com/blevesearch", "github.com/mattn/go-sqlite3", "github.com/jackc/pgx", "chorus/search", "chorus/forum/sqlstore"},
		"../moderation": {"github.com/labstack/echo", "github.com/mattn/go-sqlite3", "github.com/jackc/pgx", "github.com/blevesearch", "github.com/yuin/goldmark",
			"chorus/forum/web", "chorus/forum/sqlstore", "chorus/search"},
	}
	for dir, bad := range forbidden {
		out, err := exec.Command("go", "list", "-deps", dir).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", dir, err)
		}
		for _, pkg := range strings.Fields(string(out)) {
			for _, b := range bad {
				if strings.Contains(pkg, b) {
					t.Errorf("%s depends on %s", dir, pkg)
				}
			}
		}
	}
}
