package load

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/site"
)

// result is what one file loads to.
type result struct {
	page   *site.Page
	team   *site.Team
	role   *site.Role
	person *site.Person
	file   *site.File
	diags  diag.List
}

// Cache keeps what each file loaded to, keyed by its size and modification
// time, for the rebuilds of serve and watch: a rebuild reads and converts
// only the files that changed. A change of site.yaml or of the options
// drops everything, since the markdown settings may have changed. The
// loaded values are shared between builds, so nothing after load may
// modify them.
type Cache struct {
	mu      sync.Mutex
	cfg     string
	entries map[string]cacheEntry
}

type cacheEntry struct {
	size int64
	mod  time.Time
	res  result
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]cacheEntry{}} }

// Forget drops the entries of the given content paths, whatever their
// times say (the watcher saw them change).
func (c *Cache) Forget(paths []string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, p := range paths {
		delete(c.entries, p)
	}
}

// Peek returns what content path p loaded to in the last build, if it is
// still known.
func (c *Cache) Peek(p string) (Loaded, bool) {
	if c == nil {
		return Loaded{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[p]
	if !ok {
		return Loaded{}, false
	}
	r := e.res
	return Loaded{Page: r.page, Team: r.team, Role: r.role, Person: r.person, Diags: r.diags}, true
}

// Knows reports whether the last build loaded content path p, or a file
// below it when p is a folder.
func (c *Cache) Knows(p string) bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[p]; ok {
		return true
	}
	for q := range c.entries {
		if strings.HasPrefix(q, p) && len(q) > len(p) && q[len(p)] == '/' {
			return true
		}
	}
	return false
}

// Put records that content path p, of the given size and modification
// time, loads to l (after the dev server took in an edit with One).
func (c *Cache) Put(p string, size int64, mod time.Time, l Loaded) {
	if c == nil || mod.IsZero() {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[p] = cacheEntry{size: size, mod: mod, res: result{page: l.Page, team: l.Team, role: l.Role, person: l.Person, diags: l.Diags}}
}

func (c *Cache) key(cfg site.Config, o Options) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%+v|%v|%s|%s|%v", cfg, o.Drafts, o.Prefix, o.BaseURL, o.NoHighlight)
}

func (c *Cache) get(key, path string, size int64, mod time.Time) (result, bool) {
	if c == nil || mod.IsZero() {
		return result{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cfg != key {
		return result{}, false
	}
	e, ok := c.entries[path]
	if !ok || e.size != size || !e.mod.Equal(mod) {
		return result{}, false
	}
	return e.res, true
}

// store replaces the cache's entries with this build's results.
func (c *Cache) store(key string, n int, at func(i int) (string, int64, time.Time), results []result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg = key
	c.entries = make(map[string]cacheEntry, n)
	for i := 0; i < n; i++ {
		p, size, mod := at(i)
		if mod.IsZero() {
			continue
		}
		c.entries[p] = cacheEntry{size: size, mod: mod, res: results[i]}
	}
}
