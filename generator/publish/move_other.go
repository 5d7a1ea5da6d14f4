//go:build !unix

package publish

import "os"

// mover moves staged files into place through the output folder's Root.
type mover struct{ p *Publisher }

func (p *Publisher) mover() (*mover, error) { return &mover{p: p}, nil }

func (m *mover) close() {}

// move moves the staged files of names, all in the open folder dir, into place.
func (m *mover) move(dir *os.File, names []string) error {
	for _, n := range names {
		if err := m.p.root.Rename(m.p.staging+"/"+m.p.staged[n], n); err != nil {
			return err
		}
	}
	return nil
}
