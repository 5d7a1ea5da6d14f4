package render

import (
	"testing"

	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
)

// A page's HTML is dropped only when both its file and the search index
// have been emitted, in either order; other pages keep theirs.
func TestReleasingWaitsForThePageAndTheSearchIndex(t *testing.T) {
	doc := func() *markdown.Doc { return &markdown.Doc{HTML: []byte("<p>x</p>")} }
	a, b, c := &site.Page{URL: "/a/", Doc: doc()}, &site.Page{URL: "/b/c/", Doc: doc()}, &site.Page{URL: "/", Doc: doc()}
	g := &resolve.Graph{Site: &site.Site{Pages: []*site.Page{a, b, c}}}
	var emitted []string
	emit := Releasing(g, func(p string, _ []byte) error { emitted = append(emitted, p); return nil })
	emit("a/index.html", nil)
	if a.Doc.HTML == nil {
		t.Fatal("page a let go of its HTML before the search index was made")
	}
	emit("search/0.bin", nil)
	emit(searchIndexFile, nil)
	if a.Doc.HTML != nil {
		t.Error("page a kept its HTML after its file and the search index were emitted")
	}
	if b.Doc.HTML == nil || c.Doc.HTML == nil {
		t.Fatal("pages not yet emitted let go of their HTML")
	}
	emit("b/c/index.html", nil)
	if b.Doc.HTML != nil {
		t.Error("page b kept its HTML after it was emitted, the search index being made")
	}
	if c.Doc.HTML == nil {
		t.Error("the home page let go of its HTML before it was emitted")
	}
	emit("index.html", nil)
	if c.Doc.HTML != nil {
		t.Error("the home page kept its HTML")
	}
	if len(emitted) != 5 {
		t.Errorf("emit passed on %d files, want 5: %v", len(emitted), emitted)
	}
}
