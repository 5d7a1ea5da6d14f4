package watch

import (
	"maps"
	"slices"
)

// Batch is one debounced group of changes.
type Batch struct {
	Paths    []string // absolute, cleaned, sorted, de-duplicated paths of files and folders that were created, written, removed or renamed (both old and new names)
	Overflow bool     // the kernel queue overflowed or a folder could not be re-read: the consumer should do a full rebuild
}

// changes collects the paths of a batch as events arrive.
type changes struct {
	paths    map[string]struct{}
	overflow bool
	seen     int // changes recorded, repeats included; each restarts the quiet period
	// structural is set by any event but a write (create, remove, rename).
	structural bool
	extended   bool // the short quiet period was extended once
}

// only returns the one path of a write-only batch.
func (c *changes) only() string {
	for p := range c.paths {
		return p
	}
	return ""
}

// writeOnly reports whether the changes are in-place writes to one file.
func (c *changes) writeOnly() bool {
	return !c.structural && !c.overflow && len(c.paths) == 1
}

func (c *changes) add(path string) {
	if c.paths == nil {
		c.paths = make(map[string]struct{})
	}
	c.paths[path] = struct{}{}
	c.seen++
}

func (c *changes) setOverflow() {
	c.overflow = true
	c.seen++
}

func (c *changes) empty() bool { return len(c.paths) == 0 && !c.overflow }

// merge adds the changes in o to c.
func (c *changes) merge(o *changes) {
	for p := range o.paths {
		c.add(p)
	}
	c.overflow = c.overflow || o.overflow
	c.structural = c.structural || o.structural
}

func (c *changes) batch() Batch {
	return Batch{Paths: slices.Sorted(maps.Keys(c.paths)), Overflow: c.overflow}
}
