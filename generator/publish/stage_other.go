//go:build !linux

package publish

import "os"

// create writes data to a new file named short in the staging folder.
func (p *Publisher) create(short string, data []byte) error {
	f, err := p.root.OpenFile(p.staging+"/"+short, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// move moves the staged files of names, all in the open folder dir, into place.
func (p *Publisher) move(dir *os.File, names []string) error {
	for _, n := range names {
		if err := p.root.Rename(p.staging+"/"+p.staged[n], n); err != nil {
			return err
		}
	}
	return nil
}
