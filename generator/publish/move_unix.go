//go:build unix

package publish

import (
	"os"
	"path"
	"syscall"
)

// mover moves staged files into place with one renameat(2) each, between
// the staging folder and the target folder, both opened through the Root;
// the names given to renameat are single path elements, so nothing can lead
// outside the output folder.
type mover struct {
	p     *Publisher
	stage *os.File
}

func (p *Publisher) mover() (*mover, error) {
	f, err := p.root.Open(p.staging)
	if err != nil {
		return nil, err
	}
	return &mover{p: p, stage: f}, nil
}

func (m *mover) close() { m.stage.Close() }

// move moves the staged files of names, all in the open folder dir, into place.
func (m *mover) move(dir *os.File, names []string) error {
	var err error
	cerr := withFD(m.stage, func(sfd int) {
		err = withFD(dir, func(dfd int) {
			for _, n := range names {
				short := m.p.staged[n]
				if e := ignoringEINTR(func() error { return syscall.Renameat(sfd, short, dfd, path.Base(n)) }); e != nil {
					err = &os.LinkError{Op: "rename", Old: m.p.staging + "/" + short, New: n, Err: e}
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

// withFD calls f with the descriptor of an open file. Unlike File.Fd, it
// leaves the descriptor's mode alone (Fd costs two fcntl calls a folder).
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
