package render

import (
	"bytes"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
	"github.com/devrel-handbook/handbook/templates"
)

// A page's HTML is dropped as soon as its own file is emitted; other
// pages keep theirs.
func TestReleasingDropsAPagesHTMLWithItsFile(t *testing.T) {
	g, _ := exampleGraph(t)
	var a, b *site.Page
	for _, p := range g.Site.Pages {
		switch p.URL {
		case "/devrel/metrics/":
			a = p
		case "/events/conference-booth/":
			b = p
		}
	}
	if a == nil || b == nil || a.Doc == nil || b.Doc == nil {
		t.Fatal("the example handbook lacks the pages")
	}
	var emitted []string
	emit := Releasing(g, func(p string, _ []byte) error { emitted = append(emitted, p); return nil })
	emit("search/index.json", nil)
	if a.Doc.HTML == nil || b.Doc.HTML == nil {
		t.Fatal("pages not yet emitted let go of their HTML")
	}
	emit("devrel/metrics/index.html", nil)
	if a.Doc.HTML != nil {
		t.Error("a page kept its HTML after its file was emitted")
	}
	if b.Doc.HTML == nil {
		t.Error("another page let go of its HTML")
	}
	if len(emitted) != 2 {
		t.Errorf("emit passed on %d files, want 2: %v", len(emitted), emitted)
	}
}

func exampleGraph(t *testing.T) (*resolve.Graph, *Templates) {
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
	ts, l := LoadTemplates(templates.FS, "")
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	return g, ts
}

// A render whose emit drops each page's HTML with its file gives every
// file, the search index included, as one that keeps them: each page's
// search terms are taken before its file is emitted, and nothing else
// reads a page's HTML.
func TestReleasingRenderGivesTheSameFiles(t *testing.T) {
	render := func(release bool) (map[string][]byte, int) {
		g, ts := exampleGraph(t)
		files := map[string][]byte{}
		var mu sync.Mutex
		emit := Emit(func(p string, data []byte) error {
			mu.Lock()
			files[p] = append([]byte(nil), data...)
			mu.Unlock()
			return nil
		})
		if release {
			emit = Releasing(g, emit)
		}
		if d, err := Site(ts, g, emit, nil); err != nil || d.Errors() > 0 {
			t.Fatal(err, d)
		}
		kept := 0
		for _, p := range g.Site.Pages {
			if p.Doc != nil && p.Doc.HTML != nil {
				kept++
			}
		}
		return files, kept
	}
	want, kept := render(false)
	got, left := render(true)
	if kept < 10 || left != 0 {
		t.Errorf("%d pages kept their HTML without Releasing, %d with it; want many and 0", kept, left)
	}
	if len(got) != len(want) {
		t.Errorf("%d files vs %d", len(got), len(want))
	}
	search := 0
	for name, data := range want {
		if !bytes.Equal(data, got[name]) {
			t.Errorf("%s differs", name)
		}
		if strings.HasPrefix(name, "search/") {
			search++
		}
	}
	if search < 3 {
		t.Errorf("only %d search files", search)
	}
}
