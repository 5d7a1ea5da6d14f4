package serve

import (
	"bytes"
	"path"
	"slices"
	"strings"
)

// change is the data of a change event.
type change struct {
	Build string   `json:"build"`
	Pages []string `json:"pages"` // URL paths of changed HTML pages, like "/roles/pm/"
	CSS   []string `json:"css"`   // URL paths of changed stylesheets
	Other bool     `json:"other"` // whether any other file changed
	// Reload tells every tab to reload: nothing was served before, the base
	// path moved, or tabs may be showing the error overlay.
	Reload bool `json:"reload,omitempty"`
}

// diff returns the change from prev to next. Files added, modified and
// removed all count as changed.
func diff(prev, next *state) change { return diffNames(prev, next, nil) }

// diffNames is diff over the given file names only (nil: every file of
// both sites), for an update that knows which files it touched.
func diffNames(prev, next *state, names []string) change {
	ch := change{
		Build:  next.build,
		Pages:  []string{},
		CSS:    []string{},
		Reload: prev.files == nil || prev.failed || prev.base != next.base,
	}
	add := func(name string) {
		switch {
		case isHTML(name):
			ch.Pages = append(ch.Pages, pageURL(next.base, name))
		case strings.EqualFold(path.Ext(name), ".css"):
			ch.CSS = append(ch.CSS, next.base+name)
		default:
			ch.Other = true
		}
	}
	if names != nil {
		for _, name := range names {
			old, was := prev.files[name]
			b, is := next.files[name]
			if was != is || !bytes.Equal(old, b) {
				add(name)
			}
		}
		slices.Sort(ch.Pages)
		slices.Sort(ch.CSS)
		return ch
	}
	for name, b := range next.files {
		if old, ok := prev.files[name]; !ok || !bytes.Equal(old, b) {
			add(name)
		}
	}
	for name := range prev.files {
		if _, ok := next.files[name]; !ok {
			add(name)
		}
	}
	slices.Sort(ch.Pages)
	slices.Sort(ch.CSS)
	return ch
}

// pageURL returns the URL path of the HTML file name under base: "/" for
// "index.html", "/x/" for "x/index.html" and "/x.html" for "x.html".
func pageURL(base, name string) string {
	if name == "index.html" {
		return base
	}
	if dir, ok := strings.CutSuffix(name, "/index.html"); ok {
		return base + dir + "/"
	}
	return base + name
}
