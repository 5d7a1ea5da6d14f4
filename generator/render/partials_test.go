package render

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/templates"
)

// renderGraph renders the resolved site g with ts and returns its files
// by path; any problem fails the test.
func renderGraph(t *testing.T, ts *Templates, g *resolve.Graph) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	var mu sync.Mutex
	if d, err := Site(ts, g, func(p string, data []byte) error {
		mu.Lock()
		files[p] = append([]byte(nil), data...)
		mu.Unlock()
		return nil
	}, nil); err != nil || d.Errors() > 0 {
		t.Fatal(err, d)
	}
	return files
}

func renderExample(t *testing.T, ts *Templates) map[string][]byte {
	t.Helper()
	root, err := os.OpenRoot("../../content")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	s, l := load.Site(root.FS(), load.Options{Prefix: "content"})
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	g, _ := resolve.Site(s)
	return renderGraph(t, ts, g)
}

// The partials and sidebars written in Go give the example handbook's
// every file byte for byte as html/template does.
func TestPartialsInGoGiveTheSameSiteAsTemplates(t *testing.T) {
	inGo, l := loadTemplates(templates.FS, "", true)
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	tmpl, _ := loadTemplates(templates.FS, "", false)
	for name := range goPartials {
		if inGo.kinds["page"].Lookup(name+" (template)") == nil {
			t.Errorf("%q is not written in Go", name)
		}
		if tmpl.kinds["page"].Lookup(name+" (template)") != nil {
			t.Errorf("%q is written in Go when it should not be", name)
		}
	}
	if !inGo.builtinSidebar || tmpl.builtinSidebar {
		t.Error("sidebar in Go not as asked")
	}
	want, got := renderExample(t, tmpl), renderExample(t, inGo)
	if len(got) != len(want) {
		t.Errorf("%d files vs %d", len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(data, got[name]) {
			t.Errorf("%s differs", name)
		}
	}
	html := 0
	for name := range want {
		if strings.HasSuffix(name, ".html") {
			html++
		}
	}
	if html < 80 {
		t.Errorf("only %d pages compared", html)
	}
}

// A site's own "links" keeps "meta", which calls it, in the template, and
// a site's own "toc" is used; the other partials stay in Go.
func TestOwnPartialsAreUsed(t *testing.T) {
	src, err := os.ReadFile("../../templates/partials.html")
	if err != nil {
		t.Fatal(err)
	}
	own := string(src)
	for old, new := range map[string]string{
		`{{define "links"}}{{range $i, $l := .}}{{if $i}}, {{end}}`: `{{define "links"}}{{range $i, $l := .}}{{if $i}} + {{end}}`,
		`<h2>On this page</h2>`: `<h2>Contents</h2>`,
	} {
		if !strings.Contains(own, old) {
			t.Fatalf("%q is not in partials.html", old)
		}
		own = strings.Replace(own, old, new, 1)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "partials.html"), []byte(own), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, l := loadTemplates(templates.FS, dir, true)
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	p := ts.kinds["page"]
	for name, inGo := range map[string]bool{"links": false, "meta": false, "toc": false, "mentions": true, "breadcrumbs": true, "pager": true, "people": true} {
		if got := p.Lookup(name+" (template)") != nil; got != inGo {
			t.Errorf("%s in Go: %v, want %v", name, got, inGo)
		}
	}
	files := renderExample(t, ts)
	var teams, contents bool
	for _, data := range files {
		teams = teams || bytes.Contains(data, []byte(`</a> + <a href=`))
		contents = contents || bytes.Contains(data, []byte(`<h2>Contents</h2>`))
		if bytes.Contains(data, []byte(`<h2>On this page</h2>`)) {
			t.Fatal("the built-in table of contents was used")
		}
	}
	if !teams || !contents {
		t.Errorf("own links used: %v, own toc used: %v", teams, contents)
	}
}

// directory.json is put together from lists encoded one by one (so that a
// quick rebuild encodes only the lists that changed); the bytes must be
// those of encoding the whole document at once.
func TestDirectoryJSONInPartsIsTheWholeDocumentEncoded(t *testing.T) {
	ts, l := LoadTemplates(templates.FS, "")
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	got := renderExample(t, ts)["directory.json"]
	var d exportDoc
	if err := json.Unmarshal(got, &d); err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("directory.json differs from the document encoded whole:\n%s", got)
	}
	if len(d.Teams) == 0 || len(d.Roles) == 0 || len(d.People) == 0 || len(d.Situations) == 0 || len(d.Topics) == 0 {
		t.Errorf("a list of the example's directory.json is empty: %d teams, %d roles, %d people, %d situations, %d topics",
			len(d.Teams), len(d.Roles), len(d.People), len(d.Situations), len(d.Topics))
	}
}
