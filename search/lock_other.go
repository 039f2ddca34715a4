//go:build !unix

package search

import (
	"fmt"
	"os"
)

// lockDir creates the lock file; without flock, two processes are not kept
// apart on this system.
func lockDir(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600) // #nosec G304 -- path is inside the data directory the operator chose
	if err != nil {
		return nil, fmt.Errorf("search lock: %w", err)
	}
	return f, nil
}

func unlockDir(f *os.File) error { return f.Close() }
