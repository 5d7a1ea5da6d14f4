package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/devrel-handbook/handbook/generator"
)

// Terminal manners: colour and progress go only to a terminal, so logs,
// pipes and CI output stay plain text.

// isTerminal reports whether w is a terminal a person is looking at: an
// *os.File that is a character device other than the null device, with
// TERM not "dumb". It uses only the standard library: a character device
// is a terminal on every system handbook runs on, except /dev/null, which
// is ruled out by comparing the files.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	if os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
		return false
	}
	return true
}

// useColor reports whether to colour what goes to w: only on a terminal,
// and never when NO_COLOR is set to anything (https://no-color.org).
func useColor(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

// ANSI colours, used only when useColor says so.
const (
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[1;31m"
	ansiYellow = "\x1b[1;33m"
	ansiReset  = "\x1b[0m"
	ansiClear  = "\r\x1b[K" // back to the start of the line and clear it
)

// progressDelay is how long a build runs before progress is shown, so fast
// builds print nothing but their summary. progressEvery spaces the updates.
// Tests set both to zero.
var (
	progressDelay = 300 * time.Millisecond
	progressEvery = 100 * time.Millisecond
)

// progress prints "building N of M pages" on one line of a terminal,
// rewriting it in place. Its update method is a generator.Options.Progress:
// it is called from several goroutines, and the counts may arrive out of
// order.
type progress struct {
	w     io.Writer
	start time.Time

	mu    sync.Mutex
	last  time.Time // when the line was last written
	done  int       // the highest count seen
	shown bool      // whether the line is on the screen
}

func newProgress(w io.Writer) *progress { return &progress{w: w, start: time.Now()} }

func (p *progress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if done <= p.done {
		return
	}
	p.done = done
	now := time.Now()
	if now.Sub(p.start) < progressDelay {
		return
	}
	// Always show the last count, so the line never stops short.
	if p.shown && done < total && now.Sub(p.last) < progressEvery {
		return
	}
	fmt.Fprintf(p.w, "%sbuilding %d of %d pages", ansiClear, done, total)
	p.last = now
	p.shown = true
}

// clear removes the progress line, so the summary takes its place.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, ansiClear)
		p.shown = false
	}
}

// startProgress sets o.Progress to show progress on the cli's stderr when
// it is a terminal and quiet is not set. Call the function it returns when
// the run is over, before printing anything else.
func (c *cli) startProgress(quiet bool, o *generator.Options) (stop func()) {
	if quiet || !isTerminal(c.stderr) {
		return func() {}
	}
	p := newProgress(c.stderr)
	o.Progress = p.update
	return p.clear
}
