package render

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"
	"sync"
)

// The head links, header and footer of a page depend only on the depth of
// its URL (every link in them is relative) and, for the header's
// aria-current, on whether the page is one the header links to. They were
// a third of the template actions run for a page (each relative link an
// escaped method call), so they are rendered once per depth, per kind of
// page (a site's kind template may redefine them) and per such page, and
// the HTML is reused.

// ChromeView is what the "head", "header" and "footer" templates get.
type ChromeView struct {
	Site SiteView
	// Current is the page's own URL on the generated pages the header and
	// footer link to (chromeURLs), and "" on every other page.
	Current string

	depth    int
	abs      bool
	basePath string
}

// Rel returns the URL of a site-root URL as seen from a page at this depth.
func (v *ChromeView) Rel(u string) string {
	if v.abs {
		return v.basePath + escapePath(u[1:])
	}
	return relDepth(v.depth, u)
}

// chromeURLs are the pages whose header or footer differs from that of the
// other pages of their depth.
var chromeURLs = map[string]bool{"/": true, "/teams/": true, "/roles/": true, "/people/": true, "/directory/": true,
	"/situations/": true, "/expertise/": true, "/maintenance/": true, "/tags/": true, "/search/": true}

// chromeNames are the templates made once per depth, and the Common field
// each fills.
var chromeNames = [...]string{"head", "header", "footer"}

type chromeParts struct {
	once sync.Once
	html [len(chromeNames)]template.HTML
	err  error
}

type chromeCache struct {
	mu sync.Mutex
	m  map[string]*chromeParts
}

// chrome fills c.Head, c.Header and c.Footer for a page of the given kind.
// A template set without one of them (a site's own base.html written
// before they existed) leaves that field empty.
func (r *renderer) chrome(kind string, c *Common) error {
	v := ChromeView{Site: c.Site, abs: c.abs, basePath: c.basePath, depth: urlDepth(c.URL)}
	if chromeURLs[c.URL] {
		v.Current = c.URL
	}
	key := kind + "|" + strconv.Itoa(v.depth) + "|" + strconv.FormatBool(v.abs) + "|" + v.Current
	r.chromes.mu.Lock()
	if r.chromes.m == nil {
		r.chromes.m = map[string]*chromeParts{}
	}
	p := r.chromes.m[key]
	if p == nil {
		p = &chromeParts{}
		r.chromes.m[key] = p
	}
	r.chromes.mu.Unlock()
	p.once.Do(func() {
		t := r.t.kinds[kind]
		var b bytes.Buffer
		for i, name := range chromeNames {
			if t.Lookup(name) == nil {
				continue
			}
			b.Reset()
			if p.err = t.ExecuteTemplate(&b, name, &v); p.err != nil {
				return
			}
			p.html[i] = template.HTML(b.String())
		}
	})
	c.Head, c.Header, c.Footer = p.html[0], p.html[1], p.html[2]
	return p.err
}

// urlDepth is the number of folders a page URL is below the site root:
// 0 for "/" and "/404.html", 1 for "/a/", 2 for "/a/b/".
func urlDepth(u string) int {
	d := strings.Count(u, "/") - 1
	if d < 0 {
		return 0
	}
	return d
}

// relDepth is rel for a page depth folders below the root.
func relDepth(depth int, to string) string {
	if to == "" || to[0] != '/' {
		return rel("/", to)
	}
	var b strings.Builder
	b.Grow(3*depth + len(to))
	if depth == 0 {
		b.WriteString("./")
	}
	for i := 0; i < depth; i++ {
		b.WriteString("../")
	}
	b.WriteString(escapePath(to[1:]))
	return b.String()
}
