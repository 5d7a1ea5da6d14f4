package generator_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
	"github.com/devrel-handbook/handbook/templates"
)

const chromeContent = `
-- content/index.md --
# Home
-- content/a.md --
# A
-- content/guides/index.md --
# Guides
-- content/guides/deep/index.md --
# Deep
-- content/guides/deep/b.md --
# B
-- content/guides/deep/c.md --
# C
`

// withTemplates uses the archive's templates/ folder.
func withTemplates(o *generator.Options) {
	o.Templates = filepath.Join(filepath.Dir(o.Content), "templates")
}

// The head, header and footer are made once per URL depth and reused
// (issue #6); each page must still get the links right for its own depth,
// and aria-current only on the page the header link points to.
func TestHeaderAndFooterAreRightAtEveryDepth(t *testing.T) {
	s := testsite.Build(t, chromeContent)
	s.AssertNoErrors()
	for file, up := range map[string]string{
		"index.html":               "./",
		"a/index.html":             "../",
		"guides/index.html":        "../",
		"guides/deep/index.html":   "../../",
		"guides/deep/b/index.html": "../../../",
		"guides/deep/c/index.html": "../../../",
		"teams/index.html":         "../",
		"roles/index.html":         "../",
		"maintenance/index.html":   "../",
		"search/index.html":        "../",
		"tags/index.html":          "../",
	} {
		s.AssertFile(file,
			`<meta name="handbook-root" content="`+up+`">`,
			`<link rel="stylesheet" href="`+up+`assets/style.css">`,
			`<a class="site-title" href="`+up+`">`,
			`<a href="`+up+`teams/"`,
			`<a href="`+up+`tags/">Tags</a> · <a href="`+up+`search/">Search</a>`)
	}
	s.AssertFile("teams/index.html", `<a href="../teams/" aria-current="page">Teams</a>`, `<a href="../roles/">Roles</a>`)
	s.AssertFile("roles/index.html", `<a href="../roles/" aria-current="page">Roles</a>`, `<a href="../teams/">Teams</a>`)
	s.AssertFile("a/index.html", `<a href="../teams/">Teams</a>`, `! aria-current="page">Teams`)
	s.AssertFile("404.html", `<a class="site-title" href="/">`, `<a href="/teams/">Teams</a>`)
}

// A site that redefines "header" or "footer" gets its own version on every
// page, made once per depth from its templates, and a kind template that
// redefines one changes that kind only.
func TestSiteHeaderAndFooterOverridesAreUsed(t *testing.T) {
	s := testsite.Build(t, chromeContent+`
-- templates/partials.html --
{{define "sidebar"}}{{end}}
{{define "breadcrumbs"}}{{end}}
{{define "toc"}}{{end}}
{{define "meta"}}{{end}}
{{define "mentions"}}{{end}}
{{define "edit"}}{{end}}
{{define "pager"}}{{end}}
{{define "people"}}{{end}}
{{define "links"}}{{end}}
{{define "htmllist"}}{{end}}
{{define "teammap"}}{{end}}
{{define "filter"}}{{end}}
-- templates/base.html --
{{define "base"}}<html><head>{{.Head}}</head><body>{{.Header}}{{template "main" .}}{{.Footer}}</body></html>{{end}}
{{define "head"}}<link rel="stylesheet" href="{{.Rel "/assets/mine.css"}}">{{end}}
{{define "header"}}<p class="mine">Our header, up to {{.Rel "/"}}{{with .Current}}, on {{.}}{{end}}</p>{{end}}
{{define "footer"}}<p class="mine-footer">{{.Site.Title}} footer</p>{{end}}
-- templates/section.html --
{{define "main"}}<h1>{{.Title}}</h1>{{end}}
{{define "footer"}}<p>section footer {{.Rel "/x/"}}</p>{{end}}
`, withTemplates)
	s.AssertNoErrors()
	s.AssertFile("a/index.html", `<link rel="stylesheet" href="../assets/mine.css">`, `<p class="mine">Our header, up to ../</p>`, `<p class="mine-footer">Handbook footer</p>`, "! site-header")
	s.AssertFile("guides/deep/b/index.html", `href="../../../assets/mine.css"`, `<p class="mine">Our header, up to ../../../</p>`, `<p class="mine-footer">`)
	s.AssertFile("teams/index.html", `<p class="mine">Our header, up to ../, on /teams/</p>`)
	s.AssertFile("guides/deep/index.html", `<p>section footer ../../x/</p>`, "! mine-footer", `<p class="mine">Our header, up to ../../</p>`)
	s.AssertFile("guides/index.html", `<p>section footer ../x/</p>`)
}

// A site's own base.html from before the head, header and footer were
// templates of their own still works: it uses .Rel and .URL itself.
func TestOldSiteBaseWithoutChromeTemplatesStillWorks(t *testing.T) {
	s := testsite.Build(t, chromeContent+`
-- templates/base.html --
{{define "base"}}<html><head><link rel="stylesheet" href="{{.Rel "/assets/style.css"}}"></head><body><a href="{{.Rel "/teams/"}}"{{if eq .URL "/teams/"}} aria-current="page"{{end}}>Teams</a>[{{.Head}}{{.Header}}{{.Footer}}]{{template "main" .}}</body></html>{{end}}
`, withTemplates)
	s.AssertNoErrors()
	s.AssertFile("guides/deep/b/index.html", `<link rel="stylesheet" href="../../../assets/style.css">`, `<a href="../../../teams/">Teams</a>[]`)
	s.AssertFile("teams/index.html", `<a href="../teams/" aria-current="page">Teams</a>[]`)
}

// The example handbook's every file is the same whether its sidebars are
// written in Go (the built-in templates) or by a site's partials.html that
// only looks different to the generator, which runs the template.
func TestSidebarInGoAndByTemplateGiveTheSameSite(t *testing.T) {
	src, err := fs.ReadFile(templates.FS, "partials.html")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	own := strings.Replace(string(src), `<summary>Pages</summary>`, `<summary>Pages</summary>{{- ""}}`, 1)
	if err := os.WriteFile(filepath.Join(dir, "partials.html"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	want, r, err := generator.Render(generator.Options{Content: "../content"})
	if err != nil || r.Failed() {
		t.Fatalf("render: %v %v", err, r.Diags)
	}
	got, r, err := generator.Render(generator.Options{Content: "../content", Templates: dir})
	if err != nil || r.Failed() {
		t.Fatalf("render with own partials.html: %v %v", err, r.Diags)
	}
	if len(got) != len(want) {
		t.Errorf("%d files vs %d", len(got), len(want))
	}
	sidebars := 0
	for name, data := range want {
		if !bytes.Equal(data, got[name]) {
			t.Errorf("%s differs", name)
		}
		sidebars += bytes.Count(data, []byte(`<nav class="sidebar"`))
	}
	if sidebars < 50 {
		t.Errorf("only %d sidebars compared", sidebars)
	}
}
