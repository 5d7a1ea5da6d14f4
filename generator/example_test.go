package generator_test

import (
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/devrel-handbook/handbook/generator"
)

// TestExampleHandbookBuildsAndEveryLinkResolves builds content/ as a new
// user would and follows every link and asset on every page: each relative
// URL must name a file of the site, and each #fragment an element id in
// it. Issue #2 ("every page of the example site renders and every link on
// it resolves").
func TestExampleHandbookBuildsAndEveryLinkResolves(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	r, err := generator.Build(generator.Options{Content: "../content", Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed() {
		for _, d := range r.Diags {
			t.Log(d)
		}
		t.Fatalf("the example handbook has %d errors", r.Diags.Errors())
	}
	if r.Pages < 12 || r.Cards < 6+15+12 {
		t.Errorf("example handbook is too small: %d pages, %d cards", r.Pages, r.Cards)
	}

	ids := map[string]map[string]bool{} // file → element ids
	pages := map[string]*html.Node{}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		pages[rel] = doc
		ids[rel] = map[string]bool{}
		walk(doc, func(n *html.Node) {
			if id := attr(n, "id"); id != "" {
				ids[rel][id] = true
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for name, doc := range pages {
		if name == "404.html" {
			continue // served at any address; its links are absolute under the base path
		}
		walk(doc, func(n *html.Node) {
			for _, a := range []string{"href", "src"} {
				v := attr(n, a)
				if v == "" || n.Data == "link" && attr(n, "rel") == "canonical" {
					continue
				}
				u, err := url.Parse(v)
				if err != nil {
					t.Errorf("%s: bad URL %q", name, v)
					continue
				}
				if u.Scheme != "" || u.Host != "" {
					continue
				}
				target := name
				if u.Path != "" {
					if strings.HasPrefix(u.Path, "/") {
						t.Errorf("%s: site-root URL %q breaks under a sub-path", name, v)
						continue
					}
					target = path.Join(path.Dir(name), u.Path)
					if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
						target = path.Join(target, "index.html")
					}
					if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(target))); err != nil {
						t.Errorf("%s: link %q: no file %s", name, v, target)
						continue
					}
				}
				if u.Fragment != "" && strings.HasSuffix(target, ".html") && !ids[target][u.Fragment] {
					t.Errorf("%s: link %q: no id %q in %s", name, v, u.Fragment, target)
				}
				checked++
			}
		})
	}
	if checked < 1000 {
		t.Errorf("only %d links checked", checked)
	}
}

func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}
