package render

import (
	"strings"
	"sync"

	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/resolve"
)

// searchIndexFile is the last file the search job emits: by then it has
// read every page's text.
const searchIndexFile = "search/index.json"

// Releasing wraps the emit of a build that renders g once and then exits
// (handbook build): the converted HTML of a page, the largest part of the
// site kept in memory, is dropped as soon as nothing needs it any more,
// that is once the page's own file has been emitted and the search index,
// which reads every page's text, has been made. It changes g's pages, so
// it must not be used where g is rendered again (serve and watch keep
// their loaded pages between rebuilds).
func Releasing(g *resolve.Graph, emit Emit) Emit {
	docs := make(map[string]*markdown.Doc, len(g.Site.Pages))
	for _, p := range g.Site.Pages {
		if p.Doc != nil && strings.HasPrefix(p.URL, "/") {
			docs[p.URL[1:]+"index.html"] = p.Doc
		}
	}
	var (
		mu         sync.Mutex
		searchDone bool
		waiting    []*markdown.Doc // pages emitted before the search index was made
	)
	return func(path string, data []byte) error {
		err := emit(path, data)
		mu.Lock()
		defer mu.Unlock()
		if d := docs[path]; d != nil {
			delete(docs, path)
			if searchDone {
				d.HTML = nil
			} else {
				waiting = append(waiting, d)
			}
		}
		if path == searchIndexFile && !searchDone {
			searchDone = true
			for _, d := range waiting {
				d.HTML = nil
			}
			waiting = nil
		}
		return err
	}
}
