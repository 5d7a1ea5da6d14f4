package resolve

import (
	"fmt"
	"net/url"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/site"
)

// pages checks the front matter references of pages, their aliases, and
// resolves the links in their markdown.
func (r *resolver) pages() {
	g := r.g
	// Output URLs by site.FoldKey: an alias that differs from a page's URL
	// only in case or Unicode normalization is the same file on macOS.
	outputs := map[string]string{}
	for _, p := range g.Site.AllPages() {
		outputs[site.FoldKey(p.URL)] = p.File
	}
	for _, t := range g.Site.Teams {
		outputs[site.FoldKey(t.URL)] = t.File
	}
	for _, x := range g.Site.Roles {
		outputs[site.FoldKey(x.URL)] = x.File
	}
	for _, x := range g.Site.People {
		outputs[site.FoldKey(x.URL)] = x.File
	}
	for _, f := range g.Site.Files {
		outputs[site.FoldKey("/"+f.Path+"/")] = f.File
		// A file old/index.html is what an alias /old/ would write.
		if f.Path == "index.html" || strings.HasSuffix(f.Path, "/index.html") {
			outputs[site.FoldKey("/"+strings.TrimSuffix(f.Path, "index.html"))] = f.File
		}
	}
	pages := g.Site.AllPages()
	links := r.pageLinks(pages)
	for i, p := range pages {
		ref := site.Ref{Kind: site.KindPage, ID: p.Path}
		for _, t := range p.Teams {
			if r.ref(site.KindTeam, t) {
				g.TeamPages[t.ID] = append(g.TeamPages[t.ID], p)
			}
		}
		r.owner(p.Owner, ref)
		for _, a := range p.Aliases {
			from, ok := aliasURL(a.ID)
			if !ok {
				r.l.Errorf(a.Pos, "write a site path like /old/booth/", "alias %q is not a path inside the site", a.ID)
				continue
			}
			if other, taken := outputs[site.FoldKey(from)]; taken {
				r.l.Errorf(a.Pos, "remove the alias or move the other", "alias %q is also the address of %s", a.ID, other)
				continue
			}
			outputs[site.FoldKey(from)] = p.File
			g.Aliases = append(g.Aliases, Alias{From: from, To: p})
		}
		if pl := links[i]; p.Doc != nil && pl.targets != nil {
			g.Links[p.Doc] = pl.targets
		}
		r.l = append(r.l, links[i].diags...)
	}
	for id := range g.TeamPages {
		sort.Slice(g.TeamPages[id], func(i, j int) bool { return g.TeamPages[id][i].Title < g.TeamPages[id][j].Title })
	}
	sort.Slice(g.Aliases, func(i, j int) bool { return g.Aliases[i].From < g.Aliases[j].From })
}

// aliasURL cleans an alias into a site-root URL ending in "/". It refuses
// anything that is not a plain path: a scheme, a host, "..", or a
// reserved or empty name.
func aliasURL(a string) (string, bool) {
	if markdown.HasScheme(a) || strings.HasPrefix(a, "//") || strings.ContainsAny(a, "\\?#\x00") {
		return "", false
	}
	dec, err := url.PathUnescape(a)
	if err != nil || strings.ContainsFunc(dec, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\\' }) {
		return "", false
	}
	bad := func(seg string) bool {
		return seg == ".." || seg == "." || strings.HasPrefix(seg, ".") || len(seg) > 200 || reservedName(seg)
	}
	for _, seg := range strings.Split(strings.TrimPrefix(dec, "/"), "/") {
		if bad(seg) {
			return "", false
		}
	}
	// "/old/index.html" is the page /old/; "/old/xindex.html" is not.
	if dec == "index.html" || strings.HasSuffix(dec, "/index.html") {
		dec = strings.TrimSuffix(dec, "index.html")
	}
	c := path.Clean("/" + dec)
	if c == "/" {
		return "", false
	}
	// Check again what is published: cleaning may have made a new last
	// segment (FuzzAliasURL found " index.html" giving the segment " ").
	for _, seg := range strings.Split(strings.TrimPrefix(c, "/"), "/") {
		if bad(seg) {
			return "", false
		}
	}
	return c + "/", true
}

// reservedName reports whether seg cannot be a file name on Windows: a
// device name (CON, NUL, COM1, … also with an extension), or a name
// ending in a dot or a space, which Windows drops.
func reservedName(seg string) bool {
	if strings.HasSuffix(seg, ".") || strings.HasSuffix(seg, " ") {
		return true
	}
	base, _, _ := strings.Cut(strings.ToUpper(seg), ".")
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	return len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '0' && base[3] <= '9'
}

// texts resolves the links in card texts.
func (r *resolver) texts() {
	s := r.g.Site
	for _, t := range s.Teams {
		r.teamTexts(t)
	}
	for _, x := range s.Roles {
		r.roleTexts(x)
	}
	for _, p := range s.People {
		r.personTexts(p)
	}
}

func (r *resolver) text(t *site.Text, from site.Ref, dir string) {
	if t == nil || t.Doc == nil {
		return
	}
	r.doc(t.Doc, from, dir, t.At)
}

func (r *resolver) teamTexts(t *site.Team) {
	r.text(t.Mission, site.Ref{Kind: site.KindTeam, ID: t.ID}, "teams")
}

func (r *resolver) roleTexts(x *site.Role) {
	ref := site.Ref{Kind: site.KindRole, ID: x.ID}
	r.text(x.WhatWeDo, ref, "roles")
	for _, list := range [][]*site.Text{x.DayToDay, x.AskMeFor, x.NotFor, x.Metrics} {
		for _, t := range list {
			r.text(t, ref, "roles")
		}
	}
	for _, st := range x.Situations {
		r.text(st.When, ref, "roles")
		r.text(st.Do, ref, "roles")
	}
}

func (r *resolver) personTexts(p *site.Person) {
	ref := site.Ref{Kind: site.KindPerson, ID: p.ID}
	r.text(p.Pitch, ref, "people")
	for _, t := range p.AskMeFor {
		r.text(t, ref, "people")
	}
}

// pageDoc resolves the links in a page's markdown.
func (r *resolver) pageDoc(p *site.Page) {
	if p.Doc == nil {
		return
	}
	r.doc(p.Doc, site.Ref{Kind: site.KindPage, ID: p.Path}, p.Dir, r.pageAt(p))
}

// pageAt returns the position of a line and column of p's markdown.
func (r *resolver) pageAt(p *site.Page) func(line, col int) diag.Position {
	return func(line, col int) diag.Position {
		return diag.Position{File: p.File, Line: p.BodyLine + line - 1, Col: col}
	}
}

// pageLink is what resolving the links of one page's markdown gave.
type pageLink struct {
	targets []Target
	diags   diag.List
}

// pageLinks resolves the links in the markdown of each page, on every
// core: it was most of resolve, which runs while nothing else can (issue
// #6). Each worker reads the graph's tables and writes only its own
// resolver; each page's targets and problems are kept apart, for pages()
// to add in page order, and the mentions of the workers are merged into
// r's, so the graph and the problems are those of resolving one page
// after another.
func (r *resolver) pageLinks(pages []*site.Page) []pageLink {
	out := make([]pageLink, len(pages))
	r.paths() // made once, before the workers read it
	workers := min(runtime.GOMAXPROCS(0), max(len(pages)/64, 1))
	ws := make([]*resolver, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range ws {
		w := &resolver{g: r.g, pagePaths: r.pagePaths, mentions: map[site.Ref]map[site.Ref]bool{}}
		w.linkLevel = w.l.Errorf
		if r.g.Site.Config.BrokenLinks == "warn" {
			w.linkLevel = w.l.Warnf
		}
		ws[k] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pages) {
					return
				}
				p := pages[i]
				if p.Doc == nil {
					continue
				}
				n := len(w.l)
				out[i].targets = w.targets(p.Doc, site.Ref{Kind: site.KindPage, ID: p.Path}, p.Dir, w.pageAt(p))
				if len(w.l) > n {
					out[i].diags = slices.Clone(w.l[n:])
				}
			}
		}()
	}
	wg.Wait()
	for _, w := range ws {
		for to, froms := range w.mentions {
			for from := range froms {
				r.mention(from, to)
			}
		}
	}
	return out
}

func (r *resolver) mention(from, to site.Ref) {
	if from == to {
		return
	}
	if r.mentions[to] == nil {
		r.mentions[to] = map[site.Ref]bool{}
	}
	r.mentions[to][from] = true
}

// doc resolves every link of one converted text written in folder dir.
func (r *resolver) doc(d *markdown.Doc, from site.Ref, dir string, at func(line, col int) diag.Position) {
	if t := r.targets(d, from, dir, at); t != nil {
		r.g.Links[d] = t
	}
}

// targets resolves every link of one converted text written in folder
// dir; nil when it has none.
func (r *resolver) targets(d *markdown.Doc, from site.Ref, dir string, at func(line, col int) diag.Position) []Target {
	if len(d.Links) == 0 {
		return nil
	}
	targets := make([]Target, len(d.Links))
	for i, lk := range d.Links {
		pos := at(lk.Line, lk.Col)
		if lk.Kind == markdown.LinkWiki {
			targets[i] = r.wiki(lk, from, pos)
		} else {
			targets[i] = r.url(d, lk, from, dir, pos)
		}
	}
	return targets
}

var wikiKinds = map[string]site.Kind{"team": site.KindTeam, "role": site.KindRole, "person": site.KindPerson}

func (r *resolver) wiki(lk markdown.Link, from site.Ref, pos diag.Position) Target {
	t := Target{Wiki: true, Text: lk.Label}
	if i := strings.IndexByte(lk.Dest, ':'); i > 0 {
		kindName, id := lk.Dest[:i], strings.TrimSpace(lk.Dest[i+1:])
		k, ok := wikiKinds[kindName]
		if !ok {
			fix := "write [[team:id]], [[role:id]], [[person:id]] or [[path/to/page]]"
			if c := diag.Closest(kindName, []string{"team", "role", "person"}); c != "" {
				fix = fmt.Sprintf("did you mean [[%s:%s]]?", c, id)
			}
			r.linkLevel(pos, fix, "unknown reference kind %q in [[%s]]", kindName, lk.Dest)
			t.Broken = true
			if t.Text == "" {
				t.Text = lk.Dest
			}
			return t
		}
		t.Kind = k
		to := site.Ref{Kind: k, ID: id}
		if !r.exists(k, id) {
			fix := fmt.Sprintf("add content/%s/%s.yaml or fix the id", site.CardDir(k), id)
			if c := diag.Closest(id, r.ids(k)); c != "" {
				fix = fmt.Sprintf("did you mean %q?", c)
			}
			r.linkLevel(pos, fix, "%s %q does not exist", k, id)
			t.Broken = true
			if t.Text == "" {
				t.Text = id
			}
			return t
		}
		t.URL = r.g.URL(to)
		if !lk.HasLabel || t.Text == "" {
			t.Text = r.g.Title(to)
		}
		r.mention(from, to)
		return t
	}
	p := strings.Trim(strings.TrimSpace(lk.Dest), "/")
	frag := ""
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, frag = p[:i], p[i+1:]
	}
	p = strings.TrimSuffix(p, ".md")
	t.Kind = site.KindPage
	page := r.g.PageByPath[p+".md"]
	if page == nil {
		page = r.g.PageByPath[path.Join(p, "index.md")]
	}
	if page == nil && p == "" {
		page = r.g.PageByPath["index.md"]
	}
	if page == nil {
		fix := "give the page's path under content/ without .md, like [[events/booth-duty]]"
		if c := diag.Closest(p+".md", r.paths()); c != "" {
			fix = fmt.Sprintf("did you mean [[%s]]?", strings.TrimSuffix(c, ".md"))
		}
		r.linkLevel(pos, fix, "page %q does not exist", p)
		t.Broken = true
		if t.Text == "" {
			t.Text = p
		}
		return t
	}
	t.URL = page.URL
	if frag != "" {
		if !r.anchor(page, frag, pos) {
			t.Broken = true
		}
		t.URL += "#" + frag
	}
	if !lk.HasLabel || t.Text == "" {
		t.Text = page.Title
	}
	r.mention(from, site.Ref{Kind: site.KindPage, ID: page.Path})
	return t
}

// anchor checks that page has a heading with id frag.
func (r *resolver) anchor(page *site.Page, frag string, pos diag.Position) bool {
	if page.Doc == nil {
		return true
	}
	var ids []string
	for _, h := range page.Doc.Headings {
		if h.ID == frag {
			return true
		}
		ids = append(ids, h.ID)
	}
	// Footnotes and the like have ids too; accept the ones the renderer makes.
	if strings.HasPrefix(frag, "fn:") || strings.HasPrefix(frag, "fnref:") {
		return true
	}
	fix := "link to one of its headings"
	if c := diag.Closest(frag, ids); c != "" {
		fix = fmt.Sprintf("did you mean #%s?", c)
	}
	has := strings.Join(ids, ", ")
	if has == "" {
		has = "no headings"
	}
	r.linkLevel(pos, fix, "no heading %q in %s (has: %s)", frag, page.File, has)
	return false
}

// url resolves a markdown link or image destination that has no scheme.
func (r *resolver) url(d *markdown.Doc, lk markdown.Link, from site.Ref, dir string, pos diag.Position) Target {
	dest := lk.Dest
	frag := ""
	if i := strings.IndexByte(dest, '#'); i >= 0 {
		dest, frag = dest[:i], dest[i+1:]
	}
	query := ""
	if i := strings.IndexByte(dest, '?'); i >= 0 {
		dest, query = dest[:i], dest[i:]
	}
	if dec, err := url.PathUnescape(dest); err == nil {
		dest = dec
	}
	if dest == "" {
		// #fragment within this text's page.
		if frag != "" && from.Kind == site.KindPage {
			if p := r.g.PageByPath[from.ID]; p != nil && p.Doc == d {
				if !r.anchor(p, frag, pos) {
					return Target{URL: "#" + frag, Broken: true}
				}
			}
		}
		return Target{URL: query + "#" + frag}
	}
	if strings.HasPrefix(dest, "//") {
		r.linkLevel(pos, "write https://host/… for another site", "link %q has no scheme", lk.Dest)
		return Target{Broken: true}
	}
	withFrag := func(u string) string {
		if frag != "" {
			return u + query + "#" + frag
		}
		return u + query
	}
	var target string
	if strings.HasPrefix(dest, "/") {
		target = path.Clean(dest)
		u := target
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		u = strings.TrimSuffix(u, "index.html/")
		if !strings.HasSuffix(u, "/") {
			u += "/"
		}
		if p := r.g.PageByURL[u]; p != nil {
			if frag != "" && !r.anchor(p, frag, pos) {
				return Target{URL: withFrag(p.URL), Broken: true}
			}
			r.mention(from, site.Ref{Kind: site.KindPage, ID: p.Path})
			return Target{URL: withFrag(p.URL)}
		}
		if ref, ok := r.cardByURL(u); ok {
			r.mention(from, ref)
			return Target{URL: withFrag(u)}
		}
		for _, gu := range GeneratedURLs {
			if u == gu {
				return Target{URL: withFrag(u)}
			}
		}
		if r.fileExists(strings.TrimPrefix(target, "/")) {
			return Target{URL: withFrag(target)}
		}
	} else {
		joined := path.Join(dir, dest)
		if joined == ".." || strings.HasPrefix(joined, "../") {
			r.linkLevel(pos, "link to a page inside the content folder", "link %q leaves the content folder", lk.Dest)
			return Target{Broken: true}
		}
		target = joined
		if strings.HasSuffix(dest, "/") || dest == "." || dest == ".." {
			target = strings.TrimSuffix(joined, "/") + "/index.md"
			if joined == "." {
				target = "index.md"
			}
		}
		if p := r.g.PageByPath[target]; p != nil {
			if frag != "" && !r.anchor(p, frag, pos) {
				return Target{URL: withFrag(p.URL), Broken: true}
			}
			r.mention(from, site.Ref{Kind: site.KindPage, ID: p.Path})
			return Target{URL: withFrag(p.URL)}
		}
		if k, id, ok := site.CardPath(target); ok && r.exists(k, id) {
			ref := site.Ref{Kind: k, ID: id}
			r.mention(from, ref)
			return Target{URL: withFrag(r.g.URL(ref))}
		}
		if r.fileExists(target) {
			return Target{URL: withFrag("/" + target)}
		}
	}
	what := "page"
	if lk.Image {
		what = "image"
	} else if !strings.HasSuffix(target, ".md") && path.Ext(target) != "" {
		what = "file"
	}
	fix := "check the path: relative links start from the folder of the file that has them"
	if strings.HasPrefix(lk.Dest, "/") {
		fix = "check the path: links that start with / are site addresses like /events/booth/"
	}
	cands := r.paths()
	if what != "page" {
		cands = nil
		for _, f := range r.g.Site.Files {
			cands = append(cands, f.Path)
		}
	}
	if c := diag.Closest(strings.TrimPrefix(target, "/"), cands); c != "" {
		fix = fmt.Sprintf("did you mean %q?", relPath(dir, c))
	}
	r.linkLevel(pos, fix, "%s %q does not exist", what, lk.Dest)
	return Target{Broken: true}
}

// relPath writes the content path c relative to folder dir.
func relPath(dir, c string) string {
	if dir == "" {
		return c
	}
	up := strings.Count(dir, "/") + 1
	for d := dir; d != ""; {
		if strings.HasPrefix(c, d+"/") {
			return strings.Repeat("../", strings.Count(dir, "/")-strings.Count(d, "/")) + strings.TrimPrefix(c, d+"/")
		}
		i := strings.LastIndexByte(d, '/')
		if i < 0 {
			break
		}
		d = d[:i]
	}
	return strings.Repeat("../", up) + c
}

func (r *resolver) cardByURL(u string) (site.Ref, bool) {
	parts := strings.Split(strings.Trim(u, "/"), "/")
	if len(parts) != 2 {
		return site.Ref{}, false
	}
	for _, k := range []site.Kind{site.KindTeam, site.KindRole, site.KindPerson} {
		if parts[0] == site.CardDir(k) && r.exists(k, parts[1]) {
			return site.Ref{Kind: k, ID: parts[1]}, true
		}
	}
	return site.Ref{}, false
}

func (r *resolver) fileExists(p string) bool {
	files := r.g.Site.Files
	i := sort.Search(len(files), func(i int) bool { return files[i].Path >= p })
	return i < len(files) && files[i].Path == p
}
