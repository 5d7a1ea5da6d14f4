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
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{prev: map[string][32]byte{}} }

// begin starts a render with templates t.
func (c *Cache) begin(t *Templates) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.digest != t.digest {
		c.prev = map[string][32]byte{}
		c.digest = t.digest
	}
	c.next = make(map[string][32]byte, len(c.prev))
}

// end keeps this render's hashes for the next one; after a failed render
// the next one compares with the last good one.
func (c *Cache) end(ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok {
		c.prev = c.next
	}
	c.next = nil
}

// unchanged records the view of output out and reports whether it equals
// the view of the last render.
func (c *Cache) unchanged(out, kind string, view any) bool {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.SetEscapeHTML(false)
	var extra struct {
		Kind, Base string
		Abs        bool
	}
	extra.Kind = kind
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
