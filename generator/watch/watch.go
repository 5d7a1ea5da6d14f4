// Package watch reports changes to the files below a set of folders as
// debounced batches of paths, for handbook serve and handbook watch. It owns
// the fsnotify watcher, the set of watched folders (added and dropped as
// folders come and go) and the timing that turns a burst of events into one
// [Batch]. It knows nothing about sites: it reports paths, and the consumer
// decides what to rebuild.
//
// # Recursion
//
// inotify watches one folder, not a tree, so a [Watcher] adds a watch for every
// folder below its roots and for every folder created or moved in later. Files
// can be created in a new folder before its watch exists (mkdir a && echo >
// a/b), so a new folder is read right after its watch is added and everything
// already in it is reported as well.
//
// A folder that is removed or renamed loses its watch and those of the folders
// below it, and is reported by its own path only: a consumer treats a folder
// path as covering everything under it. A folder renamed within the roots (mv
// a b) is reported under both names, everything in it is reported under the
// new name, and it is watched under that name from then on. Watched folders are
// known by inode as well as by name, so one moved into a folder that was just
// created (mkdir new && mv old new/) is also watched under its new name.
//
// Symbolic links are reported as themselves and never followed, so a link to a
// folder outside the roots does not widen what is watched and a link loop
// cannot recurse. Options.Ignore is consulted for every path before it is
// reported or descended into; roots themselves are always watched.
//
// # Debouncing
//
// One save in an editor is several events: vim writes a 4913 probe file,
// renames the original to file~, writes the new file and deletes the backup;
// JetBrains IDEs and VS Code write a temporary file and rename it over the
// original. A git checkout is hundreds of events across folders. Rebuilding
// on each event would build from half-saved states and queue many rebuilds
// for one change. So events are collected until none has arrived for
// Options.Debounce (50ms by default: far longer than an editor's save sequence,
// which takes a few milliseconds, and short enough that the preview still feels
// instant), then sent as one Batch. hugo's watcher/batcher.go flushes on a
// fixed tick instead, which can split a save in two; a quiet period cannot,
// unless the save itself stalls for longer than the period.
//
// The one exception is the most common save of all: a file written in place
// (VS Code, most editors, a script), which is Write events on one existing file
// and nothing else. Such a batch ends after Options.WriteDebounce (5ms by
// default) of quiet, so that a page is rebuilt while the writer still looks at
// it; any other event in the batch (a create, a rename, a second file) brings
// back the full quiet period, and so does a file found empty when the short
// one ends (truncated by a save whose write has not come yet). A write split
// over a longer pause can be read half-written; the write that completes it
// is the next batch, so the last build is always of the whole file.
//
// A quiet period alone would never end while something keeps writing (a large
// copy, a generator in a loop), so a batch is also sent Options.MaxDelay
// (500ms by default) after its first event.
//
// A batch that is due waits for the consumer without stopping the event loop:
// events keep being read from the kernel, and changes that become due while
// the consumer is still busy with the previous batch are merged into the
// waiting one. A slow rebuild is therefore followed by one batch holding
// everything that changed meanwhile (bar changes still settling, which follow
// in the next), and no change is lost.
//
// # Overflow
//
// If the kernel's event queue overflows (fs.inotify.max_queued_events) or a
// new folder cannot be read or watched, some changes are unknown. The next
// batch then has Overflow set and the consumer should rebuild everything.
//
// # Limits
//
// Each watched folder uses one of the user's fs.inotify.max_user_watches
// (often 8192 on older systems, more on newer ones), and each Watcher one of
// fs.inotify.max_user_instances (often 128). If the folders present at the
// start do not fit, New fails; if later ones do not, that is reported on
// [Watcher.Errors] with the sysctl to raise, and sets Overflow. A change that
// only touches a file's metadata (touch, chmod) is not reported.
//
// Paths are reported below the roots as given to [New], made absolute but with
// symbolic links in them left alone. A folder given twice (say once through a
// link) is watched once, under the first name. A root that is removed is
// reported on Errors and not watched again, even if it comes back.
package watch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Options configure a Watcher.
//
// Ignore is called on one goroutine at a time: New's caller's, then the
// Watcher's own. It must be quick and must not block, since events wait while
// it runs and Close waits for it to return.
type Options struct {
	Debounce time.Duration // quiet period that ends a batch; default 50ms
	// WriteDebounce is the quiet period that ends a batch of in-place
	// writes to one file; default 5ms, and never more than Debounce.
	WriteDebounce time.Duration
	MaxDelay      time.Duration          // a continuous stream of events still flushes after this; default 500ms
	Ignore        func(path string) bool // absolute path; true = never report (and don't descend if a dir). nil = report all
}

const (
	defaultDebounce      = 50 * time.Millisecond
	defaultWriteDebounce = 5 * time.Millisecond
	defaultMaxDelay      = 500 * time.Millisecond

	// maxQueuedErrors bounds the errors kept for a consumer that does not read
	// Errors; later ones are dropped.
	maxQueuedErrors = 64
)

// Watcher watches folders recursively and sends debounced batches of changed
// paths on Batches.
type Watcher struct {
	fsw    *fsnotify.Watcher
	opts   Options
	roots  map[string]bool
	dirs   map[string]fileID // watched folders; owned by the loop once it runs
	ids    map[fileID]string // the inverse of dirs
	events chan Batch
	errs   chan error

	done      chan struct{} // closed by Close to stop the loop
	loopDone  chan struct{} // closed when the loop has returned
	closeOnce sync.Once
}

// New watches every folder below roots, which must be existing folders. The
// initial tree is watched before New returns, so changes made after it returns
// are reported.
func New(roots []string, opts Options) (*Watcher, error) {
	if opts.Debounce <= 0 {
		opts.Debounce = defaultDebounce
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = defaultMaxDelay
	}
	if opts.WriteDebounce <= 0 {
		opts.WriteDebounce = defaultWriteDebounce
	}
	opts.WriteDebounce = min(opts.WriteDebounce, opts.Debounce)
	if len(roots) == 0 {
		return nil, errors.New("watch: no folders to watch; pass at least one root")
	}
	w := &Watcher{
		opts:     opts,
		roots:    make(map[string]bool),
		dirs:     make(map[string]fileID),
		ids:      make(map[fileID]string),
		events:   make(chan Batch),
		errs:     make(chan error),
		done:     make(chan struct{}),
		loopDone: make(chan struct{}),
	}
	var ordered []string // as given: if two name the same folder, the first wins
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("watch: %w", err)
		}
		fi, err := os.Stat(abs)
		if err != nil {
			return nil, fmt.Errorf("watch: %w; pass an existing folder", err)
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("watch: %s is not a folder; pass the folder that contains it", abs)
		}
		if !w.roots[abs] {
			w.roots[abs] = true
			ordered = append(ordered, abs)
		}
	}

	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w.fsw = fsw
	for _, root := range ordered {
		var t tree
		w.watchTree(root, &t, nil)
		if len(t.errs) > 0 {
			fsw.Close()
			return nil, errors.Join(t.errs...)
		}
	}
	go w.loop()
	return w, nil
}

// Batches returns the channel of debounced changes. It is closed after Close.
func (w *Watcher) Batches() <-chan Batch { return w.events }

// Errors returns the channel of non-fatal errors, such as a folder that could
// not be watched. It is closed after Close. Errors that arrive while 64 are
// already waiting to be read are dropped.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching and waits for the Watcher's goroutines to end. Batches
// and Errors are closed when it returns; a batch not yet received is dropped.
// Calling Close again returns nil.
func (w *Watcher) Close() error {
	var err error
	w.closeOnce.Do(func() {
		close(w.done)
		<-w.loopDone
		if cerr := w.fsw.Close(); cerr != nil {
			err = fmt.Errorf("watch: %w", cerr)
		}
	})
	return err
}

// loop reads fsnotify, keeps the watched folders in step and sends batches.
// It is the only goroutine that touches w.dirs and w.ids after New returns.
func (w *Watcher) loop() {
	defer close(w.loopDone)
	defer close(w.errs)
	defer close(w.events)

	var (
		pending changes // collecting: not yet quiet
		ready   changes // due: waiting for the consumer
		next    Batch   // ready as a Batch, built when ready changes
		errq    []error
	)
	// Stopped timers; with Go ≥ 1.23 semantics Stop and Reset discard a value
	// that fired but was not received, so no draining is needed.
	quiet := time.NewTimer(time.Hour)
	quiet.Stop()
	deadline := time.NewTimer(time.Hour)
	deadline.Stop()
	defer quiet.Stop()
	defer deadline.Stop()

	// arm restarts the quiet period after an event that was recorded, and
	// starts the deadline with the first event of a batch.
	arm := func(wasEmpty bool) {
		if pending.writeOnly() {
			quiet.Reset(w.opts.WriteDebounce)
		} else {
			quiet.Reset(w.opts.Debounce)
		}
		if wasEmpty {
			deadline.Reset(w.opts.MaxDelay)
		}
	}

	fsEvents, fsErrors := w.fsw.Events, w.fsw.Errors
	for {
		var out chan Batch
		if !ready.empty() {
			out = w.events
		}
		var errOut chan error
		var firstErr error
		if len(errq) > 0 {
			errOut, firstErr = w.errs, errq[0]
		}

		select {
		case <-w.done:
			return

		case ev, ok := <-fsEvents:
			if !ok {
				fsEvents = nil
				continue
			}
			wasEmpty, seen := pending.empty(), pending.seen
			for _, err := range w.handle(ev, &pending) {
				errq = queueError(errq, err)
			}
			if pending.seen != seen {
				arm(wasEmpty)
			}

		case err, ok := <-fsErrors:
			if !ok {
				fsErrors = nil
				continue
			}
			if !errors.Is(err, fsnotify.ErrEventOverflow) {
				errq = queueError(errq, fmt.Errorf("watch: %w", err))
				continue
			}
			wasEmpty := pending.empty()
			pending.setOverflow()
			arm(wasEmpty)

		case <-quiet.C:
			if pending.writeOnly() && !pending.extended && emptyFile(pending.only()) {
				// Most likely truncated for a write that has not come
				// yet: give it the full quiet period.
				pending.extended = true
				quiet.Reset(w.opts.Debounce)
				continue
			}
			flush(&pending, &ready, &next, deadline)
		case <-deadline.C:
			flush(&pending, &ready, &next, quiet)

		case out <- next:
			ready = changes{}
			next = Batch{}

		case errOut <- firstErr:
			errq = errq[1:]
		}
	}
}

// flush moves the pending changes into the batch waiting for the consumer,
// merging them with what is already waiting there.
func flush(pending, ready *changes, next *Batch, other *time.Timer) {
	other.Stop()
	if pending.empty() {
		return
	}
	ready.merge(pending)
	*pending = changes{}
	*next = ready.batch()
}

// emptyFile reports whether path is an empty regular file.
func emptyFile(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Size() == 0
}

func queueError(q []error, err error) []error {
	if len(q) >= maxQueuedErrors {
		return q
	}
	return append(q, err)
}

// handle records the change an fsnotify event describes in c and keeps the
// watched folders in step with it.
func (w *Watcher) handle(ev fsnotify.Event, c *changes) []error {
	// Chmod alone (touch, chmod, and on Linux a link count change) is not a
	// change to content.
	if !ev.Has(fsnotify.Create | fsnotify.Write | fsnotify.Remove | fsnotify.Rename) {
		return nil
	}
	path := filepath.Clean(ev.Name)
	if w.ignored(path) {
		return nil
	}
	c.add(path)
	if ev.Op != fsnotify.Write {
		c.structural = true
	}

	var errs []error
	if ev.Has(fsnotify.Remove | fsnotify.Rename) {
		w.unwatchTree(path)
		if w.roots[path] {
			errs = append(errs, fmt.Errorf("watch: root %s was removed or renamed; restart the watcher once it is back", path))
		}
	}
	if _, watched := w.dirs[path]; ev.Has(fsnotify.Create) && !watched {
		fi, err := os.Lstat(path)
		if err == nil && fi.IsDir() {
			var t tree
			w.watchTree(path, &t, c)
			errs = append(errs, t.errs...)
			if t.incomplete {
				c.setOverflow()
			}
		}
		// An error means it is already gone again; its Remove event follows.
	}
	return errs
}

func (w *Watcher) ignored(path string) bool {
	return w.opts.Ignore != nil && !w.roots[path] && w.opts.Ignore(path)
}
