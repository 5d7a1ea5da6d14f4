//go:build !unix

package publish

import (
	"errors"
	"os"
)

// lock creates name exclusively inside root; a build that crashed leaves
// it behind, and the message says to remove it.
func lock(root *os.Root, name string) (func(), error) {
	f, err := root.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_RDWR, 0o644)
	if err != nil {
		return nil, errors.New("another handbook build is writing to it (or one crashed: then remove " + name + ")")
	}
	f.Close()
	return func() { root.Remove(name) }, nil
}
