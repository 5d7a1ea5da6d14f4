//go:build linux

package publish

import (
	"os"
	"path"
	"syscall"
)

// On Linux, staged files are created and moved with bare system calls on
// the descriptors of folders opened through the Root, always naming a
// single path element, so nothing can lead outside the output folder.
// Going through os.File instead costs, for every file, four fcntl calls
// and an epoll registration that fails (Go tries to make any file it opens
// pollable), and os.Root.Rename walks both paths element by element.

// create writes data to a new file named short in the staging folder.
func (p *Publisher) create(short string, data []byte) error {
	var err error
	cerr := withFD(p.stageDir, func(dir int) {
		var fd int
		err = ignoringEINTR(func() (e error) {
			fd, e = syscall.Openat(dir, short, syscall.O_CREAT|syscall.O_EXCL|syscall.O_WRONLY|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o644)
			return e
		})
		if err != nil {
			err = &os.PathError{Op: "open", Path: p.staging + "/" + short, Err: err}
			return
		}
		for b := data; len(b) > 0 && err == nil; {
			n, e := syscall.Write(fd, b)
			switch {
			case e == syscall.EINTR:
			case e != nil:
				err = &os.PathError{Op: "write", Path: p.staging + "/" + short, Err: e}
			default:
				b = b[n:]
			}
		}
		if e := syscall.Close(fd); e != nil && err == nil {
			err = &os.PathError{Op: "close", Path: p.staging + "/" + short, Err: e}
		}
	})
	if err == nil {
		err = cerr
	}
	return err
}

// move moves the staged files of names, all in the open folder dir, into
// place, with one renameat(2) each.
func (p *Publisher) move(dir *os.File, names []string) error {
	var err error
	cerr := withFD(p.stageDir, func(sfd int) {
		err = withFD(dir, func(dfd int) {
			for _, n := range names {
				short := p.staged[n]
				if e := ignoringEINTR(func() error { return syscall.Renameat(sfd, short, dfd, path.Base(n)) }); e != nil {
					err = &os.LinkError{Op: "rename", Old: p.staging + "/" + short, New: n, Err: e}
					return
				}
			}
		})
	})
	if err == nil {
		err = cerr
	}
	return err
}

// withFD calls fn with the descriptor of an open file. Unlike File.Fd, it
// leaves the descriptor's blocking mode alone.
func withFD(f *os.File, fn func(fd int)) error {
	c, err := f.SyscallConn()
	if err != nil {
		return err
	}
	return c.Control(func(fd uintptr) { fn(int(fd)) })
}

func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}
