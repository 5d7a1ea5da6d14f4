package render

import (
	"strings"
	"sync"

	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/resolve"
)

// searchIndexFile is the last file of the search index that is emitted.
const searchIndexFile = "search/index.json"

// Releasing wraps the emit of a build that renders g once and then exits
// (handbook build): the converted HTML of a page, the largest part of the
// site kept in memory, is dropped as soon as the page's own file has been
// emitted. Nothing reads it after that: the page's render job cut its
// text into search terms before it handed the file to emit
// (searchgather.go), and no other page shows it. It changes g's pages, so
// it must not be used where g is rendered again (serve and watch keep
// their loaded pages between rebuilds).
func Releasing(g *resolve.Graph, emit Emit) Emit {
	docs := make(map[string]*markdown.Doc, len(g.Site.Pages))
	for _, p := range g.Site.Pages {
		if p.Doc != nil && strings.HasPrefix(p.URL, "/") {
			docs[p.URL[1:]+"index.html"] = p.Doc
		}
	}
	var mu sync.Mutex
	return func(path string, data []byte) error {
		err := emit(path, data)
		mu.Lock()
		d := docs[path]
		delete(docs, path)
		mu.Unlock()
		if d != nil {
			d.HTML = nil
		}
		return err
	}
}
