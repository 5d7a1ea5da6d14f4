package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// tree collects what went wrong while watching a folder tree.
type tree struct {
	errs       []error
	incomplete bool // a folder could not be read or watched: changes in it are missed
}

func (t *tree) fail(dir string, err error) {
	t.incomplete = true
	if errors.Is(err, syscall.ENOSPC) {
		// inotify_add_watch reports the watch limit as "no space left".
		t.errs = append(t.errs, fmt.Errorf("watch: cannot watch %s: too many watched folders; raise the sysctl fs.inotify.max_user_watches", dir))
		return
	}
	t.errs = append(t.errs, fmt.Errorf("watch: cannot watch %s: %w; check its permissions", dir, err))
}

// gone reports whether err means the path no longer exists or is no longer a
// folder. That is a race with a later event, not a failure: the Remove or
// Rename event that explains it is on its way.
func gone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// watchTree watches dir and every folder below it that is not ignored. Unless
// c is nil, it records in c everything it finds below dir: those files may have
// been created before their folder was watched, and would otherwise be missed.
// Symbolic links are recorded but not followed.
func (w *Watcher) watchTree(dir string, t *tree, c *changes) {
	if _, ok := w.dirs[dir]; ok {
		return
	}
	stat := os.Lstat
	if w.roots[dir] {
		stat = os.Stat // a root may be a link to a folder
	}
	fi, err := stat(dir)
	if err != nil {
		if !gone(err) {
			t.fail(dir, err)
		}
		return
	}
	id, hasID := fileIDOf(fi)
	if stale, ok := w.ids[id]; hasID && ok {
		if sfi, err := os.Stat(stale); err == nil && os.SameFile(fi, sfi) {
			// The same folder under two names: a root given twice, or once
			// directly and once through a link. Watch it once.
			return
		}
		// The folder was moved here (mkdir new && mv old new/) and found by
		// reading new before the event for old was handled. inotify keys
		// watches by inode and fsnotify by name, so adding it again would
		// keep the old name, and dropping old later would unwatch it.
		w.unwatchTree(stale)
	}
	if err := w.fsw.Add(dir); err != nil {
		if !gone(err) {
			t.fail(dir, err)
		}
		return
	}
	w.dirs[dir] = id
	if hasID {
		w.ids[id] = dir
	}

	// Read after the watch is added, so that a file created at any moment is
	// found here, reported by the watch, or both; never neither.
	entries, err := os.ReadDir(dir)
	if err != nil && !gone(err) {
		t.fail(dir, err)
		// Carry on with the entries read before the error.
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if w.ignored(p) {
			continue
		}
		if c != nil {
			c.add(p)
		}
		if e.IsDir() { // from the directory entry: false for a link to a folder
			w.watchTree(p, t, c)
		}
	}
}

// unwatchTree drops the watches on path and the folders below it, after path
// was removed or renamed. The kernel has usually dropped them itself, so errors
// are expected and ignored. A renamed folder keeps its watches in the kernel,
// and fsnotify would keep naming its events by the old path; dropping them
// before the new name is watched avoids that.
func (w *Watcher) unwatchTree(path string) {
	if _, ok := w.dirs[path]; !ok {
		return
	}
	prefix := path + string(filepath.Separator)
	for d, id := range w.dirs {
		if d == path || strings.HasPrefix(d, prefix) {
			_ = w.fsw.Remove(d)
			delete(w.dirs, d)
			if w.ids[id] == d {
				delete(w.ids, id)
			}
		}
	}
}
