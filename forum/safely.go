package forum

import (
	"fmt"
	"runtime/debug"
)

// safely runs one round of a background job, turning a panic into an
// error with its stack: a bug in one round (or a library panicking on a
// full disk, as Bleve did) is logged, and the job carries on at its next
// round instead of taking the whole server down.
func safely(round func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return round()
}
