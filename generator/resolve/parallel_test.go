package resolve_test

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"
	"testing/fstest"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/resolve"
)

// Pages' links are resolved on every core; the graph and the problems, in
// their order before sorting, are those of resolving on one core.
func TestLinksResolvedInParallelAsOnOneCore(t *testing.T) {
	fsys := fstest.MapFS{
		"site.yaml":        {Data: []byte("title: T\n")},
		"teams/alpha.yaml": {Data: []byte("name: Alpha\nsummary: A.\n")},
		"people/ann.yaml":  {Data: []byte("name: Ann\n")},
		"sec/index.md":     {Data: []byte("---\ntitle: Section\n---\n\n## One\n\n## Two\n")},
		"index.md":         {Data: []byte("# Home\n")},
	}
	for i := 0; i < 400; i++ {
		body := fmt.Sprintf("---\ntitle: Page %d\n---\n\n## Heading %d\n\n", i, i)
		body += fmt.Sprintf("[next](p%d.md) [[sec/p%d]] [[team:alpha]] [[person:ann]] [anchor](p%d.md#heading-%d)\n", i+1, i+2, i+3, i+3)
		if i%7 == 0 {
			body += fmt.Sprintf("[broken](missing-%d.md) [[team:nope%d]] [bad anchor](../sec/index.md#three) [[sec/p%d#nowhere]]\n", i, i, i+1)
		}
		fsys[fmt.Sprintf("sec/p%d.md", i)] = &fstest.MapFile{Data: []byte(body)}
	}
	s, l := load.Site(fsys, load.Options{Prefix: "content"})
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	type result struct {
		diags    []string
		links    map[string][]resolve.Target
		mentions map[string]int
	}
	resolveOn := func(procs int) result {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		g, l := resolve.Site(s)
		var r result
		for _, d := range l {
			r.diags = append(r.diags, d.String())
		}
		r.links = map[string][]resolve.Target{}
		for _, p := range g.Site.AllPages() {
			if p.Doc != nil {
				r.links[p.Path] = g.Links[p.Doc]
			}
		}
		r.mentions = map[string]int{}
		for to, froms := range g.MentionedIn {
			r.mentions[fmt.Sprint(to, froms)]++
		}
		return r
	}
	one, many := resolveOn(1), resolveOn(4)
	if len(one.diags) < 100 || len(one.links) < 400 || len(one.mentions) < 2 {
		t.Fatalf("too little to compare: %d problems, %d pages with links, %d mentioned", len(one.diags), len(one.links), len(one.mentions))
	}
	if !reflect.DeepEqual(one.diags, many.diags) {
		t.Errorf("problems differ:\none core: %q\nfour:     %q", one.diags[:5], many.diags[:5])
	}
	if !reflect.DeepEqual(one.links, many.links) {
		t.Error("links differ")
	}
	if !reflect.DeepEqual(one.mentions, many.mentions) {
		t.Error("mentions differ")
	}
}
