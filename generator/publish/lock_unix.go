//go:build unix

package publish

import (
	"errors"
	"os"
	"syscall"
)

// lock takes an exclusive lock on name inside root, so that two builds
// into one folder do not interleave.
func lock(root *os.Root, name string) (func(), error) {
	f, err := root.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errors.New("another handbook build is writing to it; wait for it to finish")
		}
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
