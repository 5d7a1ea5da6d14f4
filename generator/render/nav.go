package render

import (
	"html"
	"html/template"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
)

// navTree is the content tree, built once per render: for each folder,
// its pages and subsections in reading order (weight, then title). A
// page's sidebar shows the top level and opens only the folders on the
// way to the page, so its size grows with the depth of the tree, not with
// the number of pages.
//
// The sidebar's HTML is the same for every page of a folder but for the
// mark on the current page, so it is rendered once per folder (and depth
// of URL) and the mark added by a string insert: a folder of n pages costs
// n copies of its sidebar, not n template executions over n entries.
type navTree struct {
	entries map[string][]*site.Page // folder → pages and subsection pages in it
	section map[string]*site.Page   // folder → its section page
	index   map[*site.Page]int      // page → its place in its folder's entries

	exec func(c *Common) (string, error) // renders the "sidebar" template
	// direct: the site's "sidebar" and "navlist" are the built-in ones,
	// so sidebars are written by sidebarHTML, without the template.
	direct bool
	mu     sync.Mutex
	cache  map[string]*sidebar
}

type sidebar struct {
	once sync.Once
	html string
	err  error
}

func parentDir(d string) string {
	i := strings.LastIndexByte(d, '/')
	if i < 0 {
		return ""
	}
	return d[:i]
}

func buildNav(g *resolve.Graph) *navTree {
	n := &navTree{entries: map[string][]*site.Page{}, section: map[string]*site.Page{}, index: map[*site.Page]int{}, cache: map[string]*sidebar{}}
	for _, p := range g.Site.Pages {
		switch {
		case p.Section && p.URL == "/":
			n.section[""] = p
		case p.Section:
			n.section[p.Dir] = p
			n.entries[parentDir(p.Dir)] = append(n.entries[parentDir(p.Dir)], p)
		default:
			n.entries[p.Dir] = append(n.entries[p.Dir], p)
		}
	}
	for _, list := range n.entries {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i], list[j]
			if a.Weight != b.Weight {
				return a.Weight < b.Weight
			}
			if a.Title != b.Title {
				return a.Title < b.Title
			}
			return a.Path < b.Path
		})
		for i, p := range list {
			n.index[p] = i
		}
	}
	return n
}

// items returns the pages and subsections of folder dir, in order.
func (n *navTree) items(dir string) []*site.Page {
	return n.entries[dir]
}

// place fills the sidebar and breadcrumbs of a page view; p is nil for
// pages that are not in the content tree (cards, index pages).
func (n *navTree) place(c *Common, p *site.Page) error {
	open := ""
	if p != nil {
		open = p.Dir
	}
	depth := strings.Count(c.URL, "/")
	key := strconv.Itoa(depth) + "|" + strconv.FormatBool(c.abs) + "|" + open
	n.mu.Lock()
	sb := n.cache[key]
	if sb == nil {
		sb = &sidebar{}
		n.cache[key] = sb
	}
	n.mu.Unlock()
	sb.once.Do(func() {
		opened := map[string]bool{}
		if p != nil {
			for d := open; ; d = parentDir(d) {
				opened[d] = true
				if d == "" {
					break
				}
			}
		}
		var build func(dir string) []*NavItem
		build = func(dir string) []*NavItem {
			var out []*NavItem
			for _, e := range n.entries[dir] {
				it := &NavItem{URL: c.Rel(e.URL), Title: e.Title}
				if e.Section && opened[e.Dir] {
					it.Open = true
					it.Children = build(e.Dir)
				}
				out = append(out, it)
			}
			return out
		}
		// Only what is the same for every page sharing this sidebar: not the
		// URL or kind of whichever page asked first.
		nc := Common{Site: c.Site, basePath: c.basePath, abs: c.abs, Nav: build("")}
		if n.direct {
			sb.html = sidebarHTML(nc.Nav)
		} else {
			sb.html, sb.err = n.exec(&nc)
		}
	})
	if sb.err != nil {
		c.sidebarErr = sb.err
		return sb.err
	}
	c.Sidebar = template.HTML(markCurrent(sb.html, p, c))
	n.crumbs(c, p)
	return nil
}

// sidebarHTML is what the built-in "sidebar" template makes of nav.
func sidebarHTML(nav []*NavItem) string {
	if len(nav) == 0 {
		return ""
	}
	b := make([]byte, 0, 4096)
	b = append(b, "\n<nav class=\"sidebar\" aria-label=\"Handbook\">\n<details class=\"sidebar-toggle\">\n<summary>Pages</summary>\n"...)
	b = appendNavList(b, nav)
	b = append(b, "\n</details>\n</nav>"...)
	return string(b)
}

// appendNavList is the built-in "navlist" template.
func appendNavList(b []byte, items []*NavItem) []byte {
	b = append(b, "<ul>"...)
	for _, it := range items {
		b = append(b, "\n<li"...)
		if it.Open {
			b = append(b, ` class="open"`...)
		}
		b = append(b, `><a href="`...)
		b = appendURL(b, it.URL)
		b = append(b, '"')
		if it.Current {
			b = append(b, ` aria-current="page"`...)
		}
		b = append(b, '>')
		b = appendText(b, it.Title)
		b = append(b, "</a>"...)
		if len(it.Children) > 0 {
			b = appendNavList(b, it.Children)
		}
		b = append(b, "</li>"...)
	}
	return append(b, "\n</ul>"...)
}

// markCurrent adds aria-current="page" to the sidebar's link to p.
func markCurrent(h string, p *site.Page, c *Common) string {
	if p == nil {
		return h
	}
	needle := `href="` + html.EscapeString(c.Rel(p.URL)) + `"`
	i := strings.Index(h, needle)
	if i < 0 {
		return h
	}
	i += len(needle)
	return h[:i] + ` aria-current="page"` + h[i:]
}

// crumbs fills the breadcrumbs.
func (n *navTree) crumbs(c *Common, p *site.Page) {
	if c.URL == "/" {
		return
	}
	home := Link{URL: c.Rel("/"), Text: "Home"}
	if h := n.section[""]; h != nil && h.Title != "" {
		home.Text = h.Title
	}
	c.Crumbs = []Link{home}
	switch c.Kind {
	case "team":
		c.Crumbs = append(c.Crumbs, Link{URL: c.Rel("/teams/"), Text: "Teams"})
	case "role":
		c.Crumbs = append(c.Crumbs, Link{URL: c.Rel("/roles/"), Text: "Roles"})
	case "person":
		c.Crumbs = append(c.Crumbs, Link{URL: c.Rel("/people/"), Text: "People"})
	case "tags":
		if c.URL != "/tags/" {
			c.Crumbs = append(c.Crumbs, Link{URL: c.Rel("/tags/"), Text: "Tags"})
		}
	}
	if p == nil {
		return
	}
	start := p.Dir
	if p.Section {
		start = parentDir(p.Dir)
		if p.Dir == "" {
			return
		}
	}
	var dirs []string
	for d := start; d != ""; d = parentDir(d) {
		dirs = append(dirs, d)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if s := n.section[dirs[i]]; s != nil {
			c.Crumbs = append(c.Crumbs, Link{URL: c.Rel(s.URL), Text: s.Title})
		}
	}
}

// siblings returns the previous and next page in p's section, with
// site-root URLs.
func (n *navTree) siblings(p *site.Page) (*Link, *Link) {
	if p.URL == "/" {
		return nil, nil
	}
	dir := p.Dir
	if p.Section {
		dir = parentDir(p.Dir)
	}
	list := n.entries[dir]
	if i, ok := n.index[p]; ok && i < len(list) && list[i] == p {
		var prev, next *Link
		if i > 0 {
			prev = &Link{URL: list[i-1].URL, Text: list[i-1].Title}
		}
		if i+1 < len(list) {
			next = &Link{URL: list[i+1].URL, Text: list[i+1].Title}
		}
		return prev, next
	}
	return nil, nil
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// firstSentence is the first sentence of a rendered text, as plain text,
// for a page's meta description.
func firstSentence(h []byte) string {
	s := tagRE.ReplaceAllString(string(h), "")
	s = strings.Join(strings.Fields(s), " ")
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(s)
	if i := strings.Index(s, ". "); i > 0 && i < 200 {
		return s[:i+1]
	}
	r := []rune(s)
	if len(r) > 160 {
		return string(r[:157]) + "…"
	}
	return s
}
