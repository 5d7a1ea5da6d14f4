package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/render"
	"github.com/devrel-handbook/handbook/generator/serve"
	"github.com/devrel-handbook/handbook/generator/watch"
)

// Rebuild reports one build of a live session (serve or watch).
type Rebuild struct {
	Changed []string // files whose change caused it, relative to the working folder; nil for the first build
	Result  *Result  // nil when Err is set
	Err     error    // a failure the writer cannot fix in content (disk full, folder gone)
	Output  int      // output files whose bytes changed
	Quick   bool     // only the changed files were taken in (see quick.go)
}

// Live runs the build loop of 'handbook serve' and 'handbook watch': it
// builds once, then rebuilds on every batch of changes to the content and
// templates folders until ctx is done. A change made while a build runs is
// picked up by the next one: the watcher keeps collecting while we build.
type Live struct {
	Options Options
	// Server, when set, is given each good build (serve); otherwise each
	// build is published to Options.Out (watch).
	Server *serve.Server
	// Report is told about every build, from the loop's goroutine.
	Report func(Rebuild)
	// Debounce is the watcher's quiet period; zero means its default.
	Debounce time.Duration
	// Ready, when set, is closed once the first build is done and the
	// watcher runs (tests wait on it instead of sleeping).
	Ready chan struct{}

	caches *caches
	patch  *patch // the files a quick rebuild changed, for report
}

// Run runs the loop until ctx is done.
func (lv *Live) Run(ctx context.Context) error {
	roots := []string{lv.Options.Content}
	if lv.Options.Templates != "" {
		if fi, err := os.Stat(lv.Options.Templates); err == nil && fi.IsDir() {
			roots = append(roots, lv.Options.Templates)
		}
	}
	w, err := watch.New(roots, watch.Options{
		Debounce: lv.Debounce,
		Ignore:   func(p string) bool { return load.Ignored(filepath.Base(p)) },
	})
	if err != nil {
		return err
	}
	defer w.Close()
	lv.caches = &caches{load: load.NewCache(), render: render.NewCache()}
	lv.build(nil)
	if lv.Ready != nil {
		close(lv.Ready)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case b, ok := <-w.Batches():
			if !ok {
				return nil
			}
			if b.Overflow {
				// Events were lost: nothing cached can be trusted.
				// (The last site's files stay, to count what changes.)
				lv.caches = &caches{load: load.NewCache(), render: render.NewCache(), files: lv.caches.files}
			} else if rb, ok := lv.quick(b.Paths); ok {
				lv.report(rb, lv.relative(rb.Changed))
				continue
			}
			lv.forget(append(b.Paths, lv.brokenPaths()...))
			lv.build(lv.relative(b.Paths))
		case err, ok := <-w.Errors():
			if ok && lv.Report != nil {
				lv.Report(Rebuild{Err: err})
			}
		}
	}
}

// forget drops the cached loads of the changed files, whatever their
// modification times say (an edit within the file system's time
// resolution keeps the time).
func (lv *Live) forget(paths []string) {
	root, err := filepath.Abs(lv.Options.Content)
	if err != nil {
		return
	}
	var rel []string
	for _, p := range paths {
		if r, err := filepath.Rel(root, p); err == nil && !strings.HasPrefix(r, "..") {
			rel = append(rel, filepath.ToSlash(r))
		}
	}
	lv.caches.load.Forget(rel)
}

func (lv *Live) relative(paths []string) []string {
	wd, _ := os.Getwd()
	out := make([]string, 0, len(paths))
	for _, p := range paths {
		if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
			p = r
		}
		out = append(out, filepath.ToSlash(p))
	}
	sort.Strings(out)
	return out
}

func (lv *Live) build(changed []string) {
	var rb Rebuild
	if lv.Server == nil {
		r, err := publishWith(lv.Options, lv.caches)
		rb.Result, rb.Err = r, err
		if r != nil {
			rb.Output = r.Stats.Written + r.Stats.Removed
		}
	} else {
		prev := lv.caches.files // the last good build's, before renderWith replaces it
		files, r, err := renderWith(lv.Options, lv.caches)
		rb.Result, rb.Err = r, err
		if err == nil && !r.Failed() {
			rb.Output = changedFiles(prev, files)
		}
	}
	lv.report(rb, changed)
}

// report hands a rebuild to the server (the new site, or its problems)
// and to the writer.
func (lv *Live) report(rb Rebuild, changed []string) {
	rb.Changed = changed
	switch {
	case lv.Server == nil:
	case rb.Err != nil:
		lv.Server.Fail([]string{rb.Err.Error()})
	case rb.Result.Failed():
		var msgs []string
		for _, d := range rb.Result.Diags {
			msgs = append(msgs, d.String())
		}
		lv.Server.Fail(msgs)
	case lv.patch != nil: // a quick rebuild: only what it made
		lv.Server.Patch(lv.patch.changed, lv.patch.removed, rb.Result.BasePath)
	default:
		lv.Server.Update(lv.caches.files, rb.Result.BasePath)
	}
	lv.patch = nil
	if lv.Report != nil {
		lv.Report(rb)
	}
}

// changedFiles counts the files added, changed or removed between two builds.
func changedFiles(prev, next map[string][]byte) int {
	n := 0
	for p, b := range next {
		if old, ok := prev[p]; !ok || !bytes.Equal(old, b) {
			n++
		}
	}
	for p := range prev {
		if _, ok := next[p]; !ok {
			n++
		}
	}
	return n
}

// Output returns the files of the last good build of a serve session (nil
// for watch, which writes them to the output folder).
func (lv *Live) Output() map[string][]byte {
	if lv.caches == nil {
		return nil
	}
	return lv.caches.files
}
