// Package generator runs the handbook pipeline. It owns nothing else: each
// stage is its own package, and data flows one way through them.
//
// # Pipeline
//
//	load     content folder → site.Site (site.yaml, front matter, cards, markdown converted once)
//	resolve  site.Site → resolve.Graph (links, anchors, card references, relations, mentions)
//	render   resolve.Graph + templates → output files, handed to an emit function
//	publish  output files → the output folder, atomically, only what changed
//
// Every stage returns diagnostics (diag.List) for what a writer can fix,
// and a plain error only for what they cannot (a full disk). Build stops
// before publish when there is any error, so the output folder keeps the
// last good site.
//
// # Output
//
// Pages are published at clean URLs: content/events/booth.md becomes
// events/booth/index.html, a team card teams/<id>/index.html, and so on;
// /teams/, /roles/ and /people/ list the cards; assets/ holds the
// stylesheets; 404.html is the not-found page; each alias is a redirect
// page. Links between pages are relative, so the site works under any path.
package generator

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/history"
	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/publish"
	"github.com/devrel-handbook/handbook/generator/render"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
	"github.com/devrel-handbook/handbook/templates"
)

// Options say what to build.
type Options struct {
	Content   string // content folder
	Out       string // output folder (Build only)
	Templates string // a site's own templates folder, overriding the built-in ones; may be ""
	Drafts    bool   // include pages marked draft
	BaseURL   string // overrides site.yaml's base_url when set
	Strict    bool   // warnings fail the run
	// Today is the date staleness is measured against; the zero time means
	// the current date (the CLI sets it from --today or SOURCE_DATE_EPOCH).
	Today time.Time
	// Progress, when set, is called as output files are rendered, with the
	// number done and the total; from several goroutines.
	Progress func(done, total int)

	noHTML bool // the run renders nothing (Check): code is not highlighted
}

// Result is what a run did.
type Result struct {
	Diags    diag.List // sorted; with Strict, warnings are errors
	Pages    int       // markdown pages
	Cards    int       // team, role and person cards
	Files    int       // output files
	Rendered int       // output files rendered (a live rebuild reuses the others)
	Stats    publish.Stats
	Duration time.Duration
	BasePath string // the URL path the site lives under, from base_url ("/" without one)
}

// Failed reports whether the run found errors.
func (r *Result) Failed() bool { return r.Diags.Errors() > 0 }

// model loads and resolves the content, and parses the templates.
// caches carry what a live session keeps between builds; nil for one-off builds.
type caches struct {
	load   *load.Cache
	render *render.Cache
	files  map[string][]byte // the output of the last good render
	model  *liveModel        // the model of the last good build, for quick rebuilds
	health diag.List         // the health warnings of the last model
	names  map[string]bool   // watch: the files of the last good publish
}

func model(o Options, c *caches) (*resolve.Graph, *render.Templates, fs.FS, diag.List, error) {
	var l diag.List
	root, err := os.OpenRoot(o.Content)
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("cannot open the content folder: %w", err)
	}
	fsys := root.FS()
	lo := loadOptions(o)
	if c != nil {
		lo.Cache = c.load
	}
	s, ld := load.Site(fsys, lo)
	l.Add(ld)
	lastChanged(o.Content, s)
	g, rd := resolve.Site(s)
	l.Add(rd)
	g.Today = o.Today
	if g.Today.IsZero() {
		g.Today = time.Now()
	}
	h := resolve.Health(g, g.Today)
	l.Add(h)
	if c != nil {
		c.health = h
	}
	t, td := render.LoadTemplates(templates.FS, o.Templates)
	l.Add(td)
	// Content on a path the generator writes: found here, before render,
	// so that publish never gets two files for one path.
	l.Add(resolve.Generated(g, t.Assets()))
	return g, t, fsys, l, nil
}

func loadOptions(o Options) load.Options {
	return load.Options{Drafts: o.Drafts, Prefix: prefix(o.Content), BaseURL: o.BaseURL, NoHighlight: o.noHTML}
}

// lastChanged dates each page by its newest git commit, when the content
// is in git (history reads one `git log` for the whole folder).
func lastChanged(content string, s *site.Site) {
	pages := s.AllPages()
	paths := make([]string, 0, len(pages))
	for _, p := range pages {
		if !p.Implicit {
			paths = append(paths, p.Path)
		}
	}
	dates := history.LastChanged(context.Background(), content, paths)
	for _, p := range pages {
		p.LastChanged = dates[p.Path]
	}
}

// prefix is how diagnostics name the content folder: as the writer gave it.
func prefix(content string) string {
	p := filepath.ToSlash(filepath.Clean(content))
	if p == "." {
		return ""
	}
	return p
}

func finish(r *Result, o Options, l diag.List, start time.Time) {
	if o.Strict {
		l = l.Strict()
	}
	r.Diags = l.Sort()
	r.Duration = time.Since(start)
}

func count(g *resolve.Graph, r *Result) {
	if g == nil {
		return
	}
	r.BasePath = g.Site.Config.BasePath
	r.Pages = len(g.Site.Pages)
	r.Cards = len(g.Site.Teams) + len(g.Site.Roles) + len(g.Site.People)
}

// Check loads and resolves the content and parses the templates, writing
// nothing.
func Check(o Options) (*Result, error) {
	start := time.Now()
	r := &Result{}
	o.noHTML = true
	g, _, _, l, err := model(o, nil)
	if err != nil {
		return nil, err
	}
	count(g, r)
	finish(r, o, l, start)
	return r, nil
}

// Build builds the site into o.Out. When the content has errors, nothing in
// the output folder changes.
func Build(o Options) (*Result, error) { return publishWith(o, nil) }

func failed(l diag.List, o Options) bool {
	if o.Strict {
		return len(l) > 0
	}
	return l.Errors() > 0
}

// renderAll renders the site and copies the content's other files.
func renderAll(g *resolve.Graph, t *render.Templates, fsys fs.FS, emit render.Emit, progress func(done, total int), rc *render.Cache) (diag.List, error) {
	l, err := render.SiteCached(t, g, emit, progress, rc)
	if err != nil {
		return l, err
	}
	for _, f := range g.Site.Files {
		data, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			l.Errorf(diag.Position{File: f.File}, "check that it can be read", "cannot copy: %v", err)
			continue
		}
		if err := emit(f.Path, data); err != nil {
			return l, err
		}
	}
	return l, nil
}

// publishWith builds the site into o.Out. c is nil for a one-off build,
// which lets each page's converted HTML go once it is written; a live
// session (watch) passes its caches, and files whose views did not change
// since the last good build are kept, not rendered again.
func publishWith(o Options, c *caches) (*Result, error) {
	start := time.Now()
	r := &Result{}
	g, t, fsys, l, err := model(o, c)
	if err != nil {
		return nil, err
	}
	count(g, r)
	if c != nil {
		c.model = nil
	}
	if failed(l, o) || t == nil {
		finish(r, o, l, start)
		return r, nil
	}
	ml := slices.Clone(l)
	pub, err := publish.Open(o.Out, publish.Guard{Content: o.Content})
	if err != nil {
		return nil, err
	}
	names := map[string]bool{}
	var mu sync.Mutex
	emit := func(p string, data []byte) error {
		mu.Lock()
		names[p] = true
		if data != nil {
			r.Rendered++
		}
		mu.Unlock()
		if data == nil {
			return pub.Keep(p)
		}
		return pub.Write(p, data)
	}
	var rc *render.Cache
	if c != nil {
		rc = c.render
	} else {
		emit = render.Releasing(g, pub.Write)
	}
	rd, err := renderAll(g, t, fsys, emit, o.Progress, rc)
	l.Add(rd)
	if err != nil {
		pub.Abort()
		if c != nil && r.Rendered < len(names) {
			// Some files were kept, and the output folder no longer has
			// them as the last build left them: render every file.
			c.names, c.render = nil, render.NewCache()
			return publishWith(o, c)
		}
		return nil, err
	}
	if failed(l, o) {
		pub.Abort()
		finish(r, o, l, start)
		return r, nil
	}
	r.Stats, err = pub.Commit()
	if err != nil {
		return nil, err
	}
	r.Files = r.Stats.Written + r.Stats.Unchanged
	if c != nil {
		c.names = names
		c.model = &liveModel{g: g, fsys: fsys, diags: without(ml, c.health), health: c.health}
	}
	finish(r, o, l, start)
	return r, nil
}

// Render renders the whole site into memory: the dev server's way to build.
func Render(o Options) (map[string][]byte, *Result, error) { return renderWith(o, nil) }

func renderWith(o Options, c *caches) (map[string][]byte, *Result, error) {
	start := time.Now()
	r := &Result{}
	g, t, fsys, l, err := model(o, c)
	if err != nil {
		return nil, nil, err
	}
	count(g, r)
	if c != nil {
		c.model = nil
	}
	if failed(l, o) || t == nil {
		finish(r, o, l, start)
		return nil, r, nil
	}
	ml := slices.Clone(l) // the model's problems, before render adds its own
	files := map[string][]byte{}
	var mu sync.Mutex
	var rc *render.Cache
	if c != nil {
		rc = c.render
	}
	rd, err := renderAll(g, t, fsys, func(p string, data []byte) error {
		if data == nil { // unchanged since the last good render
			mu.Lock()
			defer mu.Unlock()
			old, ok := c.files[p]
			if !ok {
				return fmt.Errorf("render: no previous output for %s", p)
			}
			files[p] = old
			return nil
		}
		cp := append([]byte(nil), data...)
		mu.Lock()
		files[p] = cp
		r.Rendered++
		mu.Unlock()
		return nil
	}, o.Progress, rc)
	l.Add(rd)
	if err != nil {
		return nil, nil, err
	}
	r.Files = len(files)
	finish(r, o, l, start)
	if r.Failed() {
		return nil, r, nil
	}
	if c != nil {
		c.files = files
		c.model = &liveModel{g: g, fsys: fsys, diags: without(ml, c.health), health: c.health}
	}
	return files, r, nil
}
