package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
)

// This file has the jobs of what helps people and crawlers find their
// way: the search index and page, the tag pages, sitemap.xml and
// robots.txt.
//
// sitemap.xml needs absolute URLs (the sitemap protocol says so), so it is
// written only when site.yaml has a base_url (or --base-url is given);
// robots.txt is always written, naming the sitemap when there is one. A
// robots.txt or sitemap.xml in content/ is the writer's own and replaces
// the generated one.

// SearchView is /search/: the full results of a query, or, without
// JavaScript, where to look instead.
type SearchView struct {
	Common
}

// browseJobs are the render jobs of this file, but for the search index's
// files, which are gathered as the pages render (searchgather.go).
func (r *renderer) browseJobs() []func() (string, []byte, error) {
	jobs := []func() (string, []byte, error){
		func() (string, []byte, error) {
			v := &SearchView{Common: r.common("search", "/search/", "Search", "", "")}
			r.nav.place(&v.Common, nil)
			return r.exec("search", v, "templates/search.html")
		},
	}
	jobs = append(jobs, r.tagJobs()...)
	own := map[string]bool{}
	for _, f := range r.g.Site.Files {
		own[f.Path] = true
	}
	if r.cfg.BaseURL != "" && !own["sitemap.xml"] {
		jobs = append(jobs, func() (string, []byte, error) { return "sitemap.xml", r.sitemap(), nil })
	}
	if !own["robots.txt"] {
		jobs = append(jobs, func() (string, []byte, error) { return "robots.txt", r.robots(), nil })
	}
	return jobs
}

// sitemapURL is one <url> of sitemap.xml.
type sitemapURL struct {
	loc     string // site-root
	lastmod time.Time
}

// sitemap lists every page people may land on: pages, cards, the index,
// directory and tag pages; not aliases, the search page or 404.
func (r *renderer) sitemap() []byte {
	urls := map[string]time.Time{}
	add := func(u string, t time.Time) {
		if old, ok := urls[u]; !ok || t.After(old) {
			urls[u] = t
		}
	}
	for _, p := range r.g.Site.AllPages() {
		add(p.URL, p.LastChanged)
	}
	for _, t := range r.g.Site.Teams {
		add(t.URL, time.Time{})
	}
	for _, x := range r.g.Site.Roles {
		add(x.URL, time.Time{})
	}
	for _, p := range r.g.Site.People {
		add(p.URL, time.Time{})
	}
	for _, u := range resolve.GeneratedURLs {
		if u != "/search/" {
			add(u, time.Time{})
		}
	}
	add("/tags/", time.Time{})
	for _, g := range r.tagGroups() {
		add("/tags/"+g.slug+"/", time.Time{})
	}
	list := make([]sitemapURL, 0, len(urls))
	for u, t := range urls {
		list = append(list, sitemapURL{u, t})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].loc < list[j].loc })

	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, u := range list {
		b.WriteString("<url><loc>")
		xml.EscapeText(&b, []byte(r.cfg.BaseURL+escapePath(strings.TrimPrefix(u.loc, "/"))))
		b.WriteString("</loc>")
		if !u.lastmod.IsZero() {
			b.WriteString("<lastmod>" + u.lastmod.Format(time.DateOnly) + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// robots allows every crawler and names the sitemap when there is one.
func (r *renderer) robots() []byte {
	var b strings.Builder
	b.WriteString("# " + strings.ReplaceAll(r.cfg.Title, "\n", " ") + "\n")
	if r.cfg.BasePath != "/" && r.cfg.BasePath != "" {
		b.WriteString("# Crawlers read robots.txt only at the root of a host: copy these lines to /robots.txt there.\n")
	}
	b.WriteString("User-agent: *\nAllow: /\n")
	if r.cfg.BaseURL != "" {
		b.WriteString("Sitemap: " + r.cfg.BaseURL + "sitemap.xml\n")
	}
	return []byte(b.String())
}

// PageLang is the language of a page's text when it differs from the
// site's: "zh" or "ja", told by the share of kana among the Chinese
// characters, so that screen readers and fonts pick the right voice and
// glyphs. It is "" for other text.
func PageLang(p *site.Page) string {
	if p.Lang != "" {
		return p.Lang
	}
	// Kana and Chinese characters are all at U+2E80 or above, whose UTF-8
	// lead byte is 0xE2 or more: most pages have none, and need no closer
	// look than this scan of their bytes.
	var html []byte
	if p.Doc != nil {
		html = p.Doc.HTML
	}
	if !hasHighRune(p.Title) && !hasHighRune(html) {
		return ""
	}
	var han, kana, other int
	count := func(r rune, tag *bool) {
		switch {
		case *tag:
			*tag = r != '>'
		case r == '<':
			*tag = true
		case r >= 0x3040 && r <= 0x30FF:
			kana++
		case isCJK(r):
			han++
		case isWordRune(r):
			other++
		}
	}
	tag := false
	for _, r := range p.Title {
		count(r, &tag)
	}
	tag = false
	for i := 0; i < len(html); {
		if c := html[i]; c < utf8.RuneSelf { // count's cases for ASCII, without the call
			switch {
			case tag:
				tag = c != '>'
			case c == '<':
				tag = true
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
				other++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(html[i:])
		count(r, &tag)
		i += n
	}
	cjk := han + kana
	if cjk == 0 || cjk < other/2 {
		return ""
	}
	if kana*10 >= cjk*3 {
		return "ja"
	}
	return "zh"
}

// hasHighRune reports whether s holds a character at U+2E80 or above.
func hasHighRune[S string | []byte](s S) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0xE2 {
			return true
		}
	}
	return false
}

// imageFiles indexes the content files whose pixel size is known.
func imageFiles(files []*site.File) map[string]*site.File {
	m := map[string]*site.File{}
	for _, f := range files {
		if f.Width > 0 && f.Height > 0 {
			m[f.Path] = f
		}
	}
	return m
}

// imageSize is what follows the src value of an <img> of the file at
// site-root URL u: `" width="W" height="H`, so that the page keeps the
// image's place while it loads; "" when the size is not known.
func (r *renderer) imageSize(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	f := r.images[strings.TrimPrefix(u, "/")]
	if f == nil {
		return ""
	}
	return fmt.Sprintf(`" width="%d" height="%d`, f.Width, f.Height)
}
