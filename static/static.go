// Package static holds the CSS, JavaScript and images of Chorus, embedded
// and served under content-hashed names by forum/web.
package static

import (
	"embed"
	"io/fs"
)

//go:embed *.css *.js *.svg
var files embed.FS

// Files returns the embedded static files.
func Files() fs.FS { return files }
