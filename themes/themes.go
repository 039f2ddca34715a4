// Package themes holds the page templates and the UI strings of Chorus,
// embedded in the binary. An operator can override any file by putting one
// with the same path in an override folder; see Layered. It imports only
// the standard library.
package themes

import (
	"embed"
	"errors"
	"io/fs"
	"os"
)

//go:embed default locales
var embedded embed.FS

// Embedded returns the built-in files: default/templates/*.html and
// locales/*.json.
func Embedded() fs.FS { return embedded }

// Layered returns a file system that looks in overrideDir first, then in
// the embedded files. An empty overrideDir means the embedded files alone.
func Layered(overrideDir string) fs.FS {
	if overrideDir == "" {
		return embedded
	}
	return layered{os.DirFS(overrideDir), embedded}
}

type layered []fs.FS

func (l layered) Open(name string) (fs.File, error) {
	var err error
	for _, f := range l {
		var file fs.File
		file, err = f.Open(name)
		if err == nil {
			return file, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, err
}
