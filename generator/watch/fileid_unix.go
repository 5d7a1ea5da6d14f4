//go:build unix

package watch

import (
	"io/fs"
	"syscall"
)

// fileID identifies a folder independently of its name.
type fileID struct{ dev, ino uint64 }

func fileIDOf(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}, true
}
