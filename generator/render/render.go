// Package render owns turning a resolved site into the bytes of its
// output files: it fills each page's link slots, builds the view struct of
// every page kind (pages, sections, team, role and person cards, the index
// pages, aliases, 404) and executes the templates. It writes nothing; it
// hands each finished file to an emit function, from several goroutines.
package render

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
)

// Emit receives one output file: its slash path under the output folder
// and its bytes, which it must not keep beyond the call unless it copies
// them. It is called from several goroutines at once.
type Emit func(path string, data []byte) error

type renderer struct {
	t    *Templates
	g    *resolve.Graph
	cfg  site.Config
	nav  *navTree
	site SiteView

	images  map[string]*site.File // content files with a pixel size, by path
	cache   *Cache                // views of the last render, or nil
	chromes chromeCache           // head, header and footer by depth (chrome.go)

	search  *searchIndex // the search index, kept when there is a cache (live sessions)
	removed []string     // files a Rerender made obsolete

	// directory.json's lists, encoded (live sessions keep them), and the
	// ones a Rerender must encode again.
	exportParts map[string][]byte
	exportDirty map[string]bool
	// roleExports are the roles' items of directory.json (exportRoles),
	// and exportDirtyRoles the roles a Rerender must encode again.
	roleExports      map[*site.Role]*roleExport
	exportDirtyRoles map[string]bool

	// dirTeams are the directory's teams of the last render, kept in a
	// live session, and dirtyTeams the ones a Rerender must make again:
	// those whose team, roles or holders changed.
	dirTeams   map[string]*DirTeam
	dirtyTeams map[string]bool
	// teamPages are the teams' lists of pages (teamPageList), kept in a
	// live session.
	teamPagesMu sync.Mutex
	teamPages   map[string]*teamPages
	// roleGroups are the team groups of /roles/ of the last render, kept
	// in a live session (rolesIndexJob); dirtyTeams says which to make again.
	roleGroups map[string]*Group
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Site renders every output file of g. Problems a writer can fix (a
// template that fails on a page) come back as diagnostics; an error from
// emit stops the render and is returned. progress, if not nil, is called
// after each page is rendered with the number done and the total, from
// several goroutines at once.
func Site(t *Templates, g *resolve.Graph, emit Emit, progress func(done, total int)) (diag.List, error) {
	return SiteCached(t, g, emit, progress, nil)
}

// SiteCached is Site with a cache of the last render's views: emit gets
// nil data for a page whose view did not change since then.
func SiteCached(t *Templates, g *resolve.Graph, emit Emit, progress func(done, total int), cache *Cache) (l diag.List, err error) {
	r := &renderer{t: t, g: g, cfg: g.Site.Config, cache: cache}
	if cache != nil {
		cache.begin(t)
		defer func() { cache.end(err == nil && l.Errors() == 0) }()
	}
	r.site = SiteView{Title: r.cfg.Title, Language: r.cfg.Language, BaseURL: r.cfg.BaseURL, Highlight: r.cfg.Highlight}
	r.nav = buildNav(g)
	r.nav.direct = t.builtinSidebar
	r.nav.exec = func(c *Common) (string, error) {
		if h, ok := cache.sidebar(c); ok {
			return h, nil
		}
		var b bytes.Buffer
		err := t.kinds["page"].ExecuteTemplate(&b, "sidebar", c)
		if err == nil {
			cache.keepSidebar(c, b.String())
		}
		return b.String(), err
	}
	r.images = imageFiles(g.Site.Files)

	// The pages' search documents are made in their render jobs and
	// indexed as they come (searchgather.go); the index's files are the
	// last job.
	sg := r.startSearchGather()
	defer sg.close()
	var jobs []func() (string, []byte, error)
	page := func(kind string, view any, file string) func() (string, []byte, error) {
		return func() (string, []byte, error) { return r.exec(kind, view, file) }
	}
	for i, p := range g.Site.Pages {
		jobs = append(jobs, sg.pageJob(i, p))
	}
	jobs = append(jobs, r.browseJobs()...)
	for _, t := range g.Site.Teams {
		t := t
		jobs = append(jobs, func() (string, []byte, error) { return r.exec("team", r.teamView(t), t.File) })
	}
	for _, x := range g.Site.Roles {
		x := x
		jobs = append(jobs, func() (string, []byte, error) { return r.exec("role", r.roleView(x), x.File) })
	}
	for _, p := range g.Site.People {
		p := p
		jobs = append(jobs, func() (string, []byte, error) { return r.exec("person", r.personView(p), p.File) })
	}
	jobs = append(jobs,
		page("teams", r.teamsIndex(), "teams/index.md"),
		r.rolesIndexJob,
		page("people", r.peopleIndex(), "people/index.md"),
		page("404", r.notFound(), "404.html"),
	)
	jobs = append(jobs, r.directoryJobs()...)
	for _, a := range g.Aliases {
		a := a
		jobs = append(jobs, func() (string, []byte, error) { return r.alias(a) })
	}
	jobs = append(jobs, sg.job(emit))

	diags, err := run(jobs, emit, progress)
	if err != nil {
		return diags, err
	}
	if cache != nil {
		cache.made = r
	}
	names := make([]string, 0, len(t.assets))
	for n := range t.assets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := emit(n, t.assets[n]); err != nil {
			return diags, err
		}
	}
	if _, ok := t.assets["assets/syntax.css"]; !ok {
		if err := emit("assets/syntax.css", syntaxCSS()); err != nil {
			return diags, err
		}
	}
	return diags, nil
}

func (r *renderer) pageJob(p *site.Page) func() (string, []byte, error) {
	return func() (string, []byte, error) {
		kind := "page"
		switch {
		case p.URL == "/":
			kind = "home"
		case p.Section:
			kind = "section"
		}
		return r.exec(kind, r.pageView(p, kind), p.File)
	}
}

// run runs render jobs on every core, handing each output to emit.
func run(jobs []func() (string, []byte, error), emit Emit, progress func(done, total int)) (diag.List, error) {
	var (
		mu    sync.Mutex
		diags diag.List
		first error
		wg    sync.WaitGroup
		done  atomic.Int64
	)
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(jobs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out, data, err := jobs[i]()
				if err == nil && out != "" { // "": the job handed its files to emit itself
					err = emit(out, data)
					if data != nil {
						putBuf(data)
					}
				}
				if err != nil {
					mu.Lock()
					if d, ok := err.(*diagError); ok {
						diags = append(diags, d.d)
					} else if first == nil {
						first = err
					}
					mu.Unlock()
				}
				if progress != nil {
					progress(int(done.Add(1)), len(jobs))
				}
			}
		}()
	}
	for i := range jobs {
		mu.Lock()
		stop := first != nil
		mu.Unlock()
		if stop {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return diags, first
}

// diagError carries a template failure on one page through the job queue.
type diagError struct{ d diag.Diagnostic }

func (e *diagError) Error() string { return e.d.String() }

// pooled output buffers: exec's result is handed to emit and then returned.
var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

func putBuf(b []byte) {
	b = b[:0]
	outPool.Put(&b)
}

func (r *renderer) exec(kind string, view any, file string) (string, []byte, error) {
	var url string
	switch v := view.(type) {
	case interface{ common() *Common }:
		url = v.common().URL
	}
	name := strings.TrimPrefix(url, "/") + "index.html"
	if kind == "404" {
		name = "404.html"
	}
	if r.cache != nil && r.cache.unchanged(name, kind, r.t.kindDigest[kind], view) {
		return name, nil, nil
	}
	t := r.t.kinds[kind]
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	err := error(nil)
	if c, ok := view.(interface{ common() *Common }); ok {
		err = c.common().sidebarErr
		if err == nil {
			err = r.chrome(kind, c.common())
		}
	}
	if w := r.t.layouts[kind]; w != nil && err == nil {
		out := (*outPool.Get().(*[]byte))[:0]
		if out = w(out, view); out != nil {
			return name, out, nil
		}
	}
	if err == nil {
		err = t.ExecuteTemplate(buf, "base", view)
	}
	if err != nil {
		d := templateDiag(file, err)
		d.Pos = diag.Position{File: file}
		d.Message = fmt.Sprintf("cannot render the page: %v", strings.TrimPrefix(err.Error(), "html/"))
		return "", nil, &diagError{d}
	}
	out := (*outPool.Get().(*[]byte))[:0]
	out = append(out, buf.Bytes()...)
	return name, out, nil
}

func (r *renderer) alias(a resolve.Alias) (string, []byte, error) {
	v := &AliasView{Site: r.site, Title: a.To.Title, Target: rel(a.From, a.To.URL)}
	if r.cfg.BaseURL != "" {
		v.Canonical = r.cfg.BaseURL + escapePath(a.To.URL[1:])
	}
	var buf bytes.Buffer
	if err := r.t.alias.ExecuteTemplate(&buf, "alias", v); err != nil {
		return "", nil, &diagError{diag.Diagnostic{Pos: diag.Position{File: a.To.File}, Message: "alias page could not be rendered: " + err.Error()}}
	}
	out := (*outPool.Get().(*[]byte))[:0]
	return strings.TrimPrefix(a.From, "/") + "index.html", append(out, buf.Bytes()...), nil
}

// fill renders a converted text for the page at URL from: every link slot
// gets its resolved target, relative to from.
func (r *renderer) fill(d *markdown.Doc, from string) template.HTML {
	if d == nil {
		return ""
	}
	targets := r.g.Links[d]
	if len(targets) == 0 {
		return template.HTML(d.HTML)
	}
	// Room for the relative URLs (a deep page's are long): growing the
	// buffer once cost more than the text itself.
	out := markdown.Fill(make([]byte, 0, len(d.HTML)+len(targets)*128), d.HTML, func(i int) string {
		if i >= len(targets) {
			return ""
		}
		t := targets[i]
		if t.Wiki {
			if t.Broken || t.URL == "" {
				return `<span class="ref ref-broken">` + html.EscapeString(t.Text) + `</span>`
			}
			return `<a class="ref ref-` + t.Kind.String() + `" href="` + html.EscapeString(rel(from, t.URL)) + `">` + html.EscapeString(t.Text) + `</a>`
		}
		if t.URL == "" {
			return "#"
		}
		if i < len(d.Links) && d.Links[i].Image {
			// The slot is the src value: the size follows it.
			return html.EscapeString(rel(from, t.URL)) + r.imageSize(t.URL)
		}
		return html.EscapeString(rel(from, t.URL))
	})
	// out is not written again: the string shares its bytes instead of
	// copying the page's whole text once more.
	return template.HTML(unsafe.String(unsafe.SliceData(out), len(out)))
}

func (r *renderer) text(t *site.Text, from string) template.HTML {
	if t == nil {
		return ""
	}
	return r.fill(t.Doc, from)
}

func (r *renderer) texts(ts []*site.Text, from string) []template.HTML {
	out := make([]template.HTML, 0, len(ts))
	for _, t := range ts {
		out = append(out, r.text(t, from))
	}
	return out
}

func (r *renderer) common(kind, url, title, desc, editPath string) Common {
	c := Common{Site: r.site, Kind: kind, URL: url, Title: title, Description: desc, basePath: r.cfg.BasePath, IsHome: url == "/"}
	if r.cfg.BaseURL != "" {
		c.Canonical = r.cfg.BaseURL + escapePath(url[1:])
	}
	if r.cfg.EditURL != "" && editPath != "" {
		c.EditURL = r.cfg.EditURL + escapePath(editPath)
	}
	return c
}

func (r *renderer) link(from string, ref site.Ref) Link {
	l := Link{URL: rel(from, r.g.URL(ref)), Text: r.g.Title(ref), ID: ref.ID}
	return l
}

func (r *renderer) personLink(from string, id site.ID) *Link {
	if id.ID == "" || r.g.Person[id.ID] == nil {
		return nil
	}
	l := r.link(from, site.Ref{Kind: site.KindPerson, ID: id.ID})
	return &l
}

func (r *renderer) mentions(from string, ref site.Ref) []Link {
	var out []Link
	for _, m := range r.g.MentionedIn[ref] {
		l := r.link(from, m)
		if m.Kind != site.KindPage {
			l.Note = m.Kind.String()
		}
		out = append(out, l)
	}
	return out
}

func (r *renderer) people(from string, ps []*site.Person) []Link {
	out := make([]Link, 0, len(ps))
	for _, p := range ps {
		out = append(out, r.link(from, site.Ref{Kind: site.KindPerson, ID: p.ID}))
	}
	return out
}
