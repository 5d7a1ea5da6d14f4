package render

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"html/template"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	ttemplate "text/template"

	"github.com/devrel-handbook/handbook/generator/diag"
)

// pageKinds are the templates that define "main" for one kind of page.
var pageKinds = []string{"page", "section", "home", "team", "role", "person", "teams", "roles", "people", "404",
	"directory", "situations", "expertise", "maintenance", "tags", "search"}

// Templates are the parsed layouts of a site.
type Templates struct {
	digest [32]byte // of every template source read: equal digests, equal templates
	// kindDigest is, for each page kind, the digest of the sources its
	// template is made of (base.html, partials.html and its own file), so
	// that a change to one kind's file re-renders only pages of that kind.
	kindDigest map[string][32]byte
	kinds      map[string]*template.Template
	alias      *template.Template
	assets     map[string][]byte // "assets/style.css" → bytes

	// builtinSidebar: the "sidebar" and "navlist" pages use are the
	// built-in ones, which sidebarHTML writes without the template.
	builtinSidebar bool
	// layouts write the pages of a kind whose layout is the built-in one
	// without the templates (layouts.go).
	layouts map[string]func(b []byte, view any) []byte
}

// overlay is the default templates with a site's own files on top.
type overlay struct {
	base fs.FS
	dir  string    // may be ""
	sum  hash.Hash // digests every file read
}

func (o overlay) read(name string) ([]byte, string, error) {
	b, file, err := o.readFile(name)
	if err == nil && o.sum != nil {
		o.sum.Write([]byte(name))
		o.sum.Write([]byte{0})
		o.sum.Write(b)
		o.sum.Write([]byte{0})
	}
	return b, file, err
}

func (o overlay) readFile(name string) ([]byte, string, error) {
	if o.dir != "" {
		b, err := os.ReadFile(path.Join(o.dir, name))
		if err == nil {
			return b, path.Join(o.dir, name), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", err
		}
	}
	b, err := fs.ReadFile(o.base, name)
	return b, "templates/" + name + " (built in)", err
}

var tmplErrRE = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)$`)

// templateDiag turns a template parse or execution error into a diagnostic
// at the template's file and line.
func templateDiag(file string, err error) diag.Diagnostic {
	msg := err.Error()
	d := diag.Diagnostic{Pos: diag.Position{File: file}, Severity: diag.Error, Fix: "fix the template"}
	if m := tmplErrRE.FindStringSubmatch(msg); m != nil {
		d.Pos.Line, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			d.Pos.Col, _ = strconv.Atoi(m[3])
		}
		msg = m[4]
	}
	d.Message = "template: " + strings.TrimPrefix(msg, "html/template:")
	return d
}

// LoadTemplates parses the default templates in base, each replaced by the
// file of the same name in dir when dir has one.
func LoadTemplates(base fs.FS, dir string) (*Templates, diag.List) {
	return loadTemplates(base, dir, true)
}

// loadTemplates is LoadTemplates; inGo false keeps every partial, the
// card kinds' layouts and the sidebar in html/template, for tests that
// compare the two.
func loadTemplates(base fs.FS, dir string, inGo bool) (*Templates, diag.List) {
	var l diag.List
	builtin := builtinTrees(base)
	mains := builtinMains(base)
	o := overlay{base: base, dir: dir, sum: sha256.New()}
	t := &Templates{kinds: map[string]*template.Template{}, assets: map[string][]byte{}, kindDigest: map[string][32]byte{},
		layouts: map[string]func(b []byte, view any) []byte{}}

	common := template.New("common").Option("missingkey=error")
	commonSum := sha256.New()
	for _, name := range []string{"base.html", "partials.html"} {
		src, file, err := o.read(name)
		commonSum.Write(src)
		commonSum.Write([]byte{0})
		if err != nil {
			l.Errorf(diag.Position{File: "templates/" + name}, "restore the file", "cannot read template: %v", err)
			continue
		}
		if _, err := common.New(name).Parse(string(src)); err != nil {
			l = append(l, templateDiag(file, err))
		}
	}
	if l.Errors() > 0 {
		return nil, l
	}
	for _, k := range pageKinds {
		name := k + ".html"
		src, file, err := o.read(name)
		ks := sha256.New()
		ks.Write(commonSum.Sum(nil))
		ks.Write(src)
		var kd [32]byte
		copy(kd[:], ks.Sum(nil))
		t.kindDigest[k] = kd
		if err != nil {
			l.Errorf(diag.Position{File: "templates/" + name}, "restore the file", "cannot read template: %v", err)
			continue
		}
		c, err := common.Clone()
		if err == nil {
			_, err = c.New(name).Parse(string(src))
		}
		if err != nil {
			l = append(l, templateDiag(file, err))
			continue
		}
		if c.Lookup("main") == nil {
			l.Errorf(diag.Position{File: file}, `add {{define "main"}}…{{end}}`, "template does not define \"main\"")
			continue
		}
		if k == "page" {
			t.builtinSidebar = inGo && sameTrees(c, builtin, "sidebar", "navlist")
		}
		if w := goLayoutFor(base, k, c); inGo && w != nil {
			t.layouts[k] = w
		}
		if err := useGoMain(c, k, mains, builtin, inGo); err != nil {
			l = append(l, templateDiag(file, err))
			continue
		}
		if err := useGoPartials(c, builtin, inGo); err != nil {
			l = append(l, templateDiag(file, err))
			continue
		}
		t.kinds[k] = c
	}
	if src, file, err := o.read("alias.html"); err != nil {
		l.Errorf(diag.Position{File: "templates/alias.html"}, "restore the file", "cannot read template: %v", err)
	} else if a, err := template.New("alias.html").Option("missingkey=error").Parse(string(src)); err != nil {
		l = append(l, templateDiag(file, err))
	} else {
		t.alias = a
	}

	// Assets: every file under assets/, the site's own added or replacing.
	names := map[string]bool{}
	fs.WalkDir(base, "assets", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names[p] = true
		}
		return nil
	})
	if dir != "" {
		root := path.Join(dir, "assets")
		fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && !strings.HasPrefix(path.Base(p), ".") {
				names["assets/"+p] = true
			}
			return nil
		})
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		b, _, err := o.read(n)
		if err != nil {
			l.Errorf(diag.Position{File: "templates/" + n}, "", "cannot read asset: %v", err)
			continue
		}
		t.assets[n] = b
	}
	copy(t.digest[:], o.sum.Sum(nil))
	return t, l
}

// builtinTrees returns the parse tree, as text, of every template the
// built-in partials.html defines.
func builtinTrees(base fs.FS) map[string]string {
	m := map[string]string{}
	src, err := fs.ReadFile(base, "partials.html")
	if err != nil {
		return m
	}
	p, err := ttemplate.New("partials.html").Parse(string(src))
	if err != nil {
		return m
	}
	for _, t := range p.Templates() {
		if t.Tree != nil && t.Name() != "partials.html" {
			m[t.Name()] = t.Tree.Root.String()
		}
	}
	return m
}

// sameTrees reports whether the named templates of t, not executed yet,
// are the built-in ones.
func sameTrees(t *template.Template, builtin map[string]string, names ...string) bool {
	for _, n := range names {
		x := t.Lookup(n)
		if x == nil || x.Tree == nil || builtin[n] == "" || x.Tree.Root.String() != builtin[n] {
			return false
		}
	}
	return true
}

// Assets returns the output paths of the site's assets ("assets/style.css"),
// sorted: what content may not publish (resolve.Generated).
func (t *Templates) Assets() []string {
	if t == nil {
		return nil
	}
	names := []string{"assets/syntax.css"}
	for n := range t.assets {
		if n != "assets/syntax.css" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func (t *Templates) String() string { return fmt.Sprintf("templates(%d kinds)", len(t.kinds)) }
