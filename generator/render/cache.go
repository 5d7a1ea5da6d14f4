package render

import (
	"crypto/sha256"
	"encoding/json"
	"sync"
)

// Cache remembers a hash of the view each page was rendered from, for the
// rebuilds of serve: a page whose view and templates did not change is not
// executed again, and emit gets nil for it ("as the last time"). A view
// holds everything its page shows, with the sidebar already made, so equal
// views give equal bytes.
type Cache struct {
	mu     sync.Mutex
	digest [32]byte
	prev   map[string][32]byte
	next   map[string][32]byte

	// Sidebars by a hash of their entries: most rebuilds change no title
	// or order, and then no sidebar needs its template run again.
	sidebars, nextSidebars map[[32]byte]string

	// The renderer of the last good render, for Rerender; made is this
	// render's, kept by end if it succeeds.
	last, made *renderer
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{prev: map[string][32]byte{}} }

// begin starts a render with templates t.
func (c *Cache) begin(t *Templates) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.digest != t.digest {
		// The view hashes include their kind's template digest, so they
		// stay; a sidebar is made from several templates.
		c.sidebars = nil
		c.digest = t.digest
	}
	c.next = make(map[string][32]byte, len(c.prev))
	c.nextSidebars = map[[32]byte]string{}
}

// end keeps this render's hashes for the next one; after a failed render
// the next one compares with the last good one.
func (c *Cache) end(ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok {
		c.prev = c.next
		c.sidebars = c.nextSidebars
		c.last = c.made
		if c.last != nil {
			c.last.cache = nil // Rerender does not compare views
		}
	} else {
		c.last = nil
	}
	c.next, c.nextSidebars, c.made = nil, nil, nil
}

func sidebarKey(v *Common) ([32]byte, bool) {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.SetEscapeHTML(false)
	if enc.Encode(struct {
		Site SiteView
		Base string
		Abs  bool
		Nav  []*NavItem
	}{v.Site, v.basePath, v.abs, v.Nav}) != nil {
		return [32]byte{}, false
	}
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k, true
}

// sidebar returns the HTML of a sidebar with the same entries made by an
// earlier build with the same templates.
func (c *Cache) sidebar(v *Common) (string, bool) {
	if c == nil {
		return "", false
	}
	k, ok := sidebarKey(v)
	if !ok {
		return "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	h, ok := c.sidebars[k]
	if ok && c.nextSidebars != nil {
		c.nextSidebars[k] = h
	}
	return h, ok
}

func (c *Cache) keepSidebar(v *Common, html string) {
	if c == nil {
		return
	}
	if k, ok := sidebarKey(v); ok {
		c.mu.Lock()
		if c.nextSidebars != nil {
			c.nextSidebars[k] = html
		}
		c.mu.Unlock()
	}
}

// unchanged records the view of output out, rendered with a template of
// digest tmpl, and reports whether both equal those of the last render.
func (c *Cache) unchanged(out, kind string, tmpl [32]byte, view any) bool {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.SetEscapeHTML(false)
	var extra struct {
		Kind, Base string
		Abs        bool
		Template   [32]byte
	}
	extra.Kind, extra.Template = kind, tmpl
	if v, ok := view.(interface{ common() *Common }); ok {
		extra.Base, extra.Abs = v.common().basePath, v.common().abs
	}
	if enc.Encode(extra) != nil || enc.Encode(view) != nil {
		return false
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	c.mu.Lock()
	defer c.mu.Unlock()
	c.next[out] = sum
	old, ok := c.prev[out]
	return ok && old == sum
}
