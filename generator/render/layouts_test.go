package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/templates"
)

// renderDir renders the content folder dir with ts, its build date today.
func renderDir(t *testing.T, dir string, ts *Templates, today time.Time) map[string][]byte {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	s, l := load.Site(root.FS(), load.Options{Prefix: "content"})
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	g, l := resolve.Site(s)
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	g.Today = today
	return renderGraph(t, ts, g)
}

// hostile are strings that each escaping context treats differently.
var hostile = []string{
	`a <b> & "c"`, `it's`, `x+y=z`, `&amp; &lt;`, `展台值班`, `Café Über`, `javascript:alert(1)`,
	`%41%zz`, `C++`, `a/b?c#d`, `tab	here`, `emoji 🚀`, `'single' "double"`, `plain words`,
}

// writeGeneratedSite writes a random site of pages, sections, tags, cards
// and stale reviews under dir, with the hostile strings in every field a
// layout prints. The same seed gives the same site.
func writeGeneratedSite(t *testing.T, dir string, seed int64) {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	pick := func() string { return hostile[rng.Intn(len(hostile))] }
	q := func(s string) string {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	files := map[string]string{
		"site.yaml":               "title: " + q("Hand <book> & "+pick()) + "\nbase_url: https://example.com/hb/\nedit_url: https://git.example.com/edit/main/content/\nreview_after_days: 30\n",
		"teams/alpha.yaml":        "name: " + q("Alpha "+pick()) + "\nsummary: " + q(pick()) + "\nlead: ann\n",
		"teams/beta.yaml":         "name: " + q("Beta "+pick()) + "\nsummary: " + q(pick()) + "\n",
		"roles/lead.yaml":         "title: " + q("Lead "+pick()) + "\nteam: alpha\nsummary: " + q(pick()) + "\n",
		"people/ann.yaml":         "name: " + q("Ann "+pick()) + "\nroles: [lead]\n",
		"people/bob.yaml":         "name: " + q("Bob "+pick()) + "\n",
		"index.md":                "---\ntitle: Home\n---\n\nWelcome.\n",
		"zh/index.md":             "---\ntitle: 中文\n---\n\n这是中文的页面，展台值班。\n",
		"empty-section/index.md":  "---\ntitle: " + q("Empty "+pick()) + "\n---\n",
		"zh/zhan-tai-zhi-ban.md":  "---\ntitle: 展台值班\ndescription: 展台值班的说明\ntags: [展台]\n---\n\n## 准备\n\n展台值班。\n\n## 当天\n\n值班。\n",
		"plain/no-fields-page.md": "Just text, no front matter.\n",
	}
	sections := []string{"a", "a/b", "a/b/c", "d", "d/e"}
	for i, sec := range sections {
		files[sec+"/index.md"] = fmt.Sprintf("---\ntitle: %s\ndescription: %s\nweight: %d\n---\n\nSection %d.\n", q("Section "+pick()), q(pick()), i, i)
	}
	for i := 0; i < 60; i++ {
		sec := sections[rng.Intn(len(sections))]
		var fm strings.Builder
		fmt.Fprintf(&fm, "title: %s\n", q(fmt.Sprintf("Page %d %s", i, pick())))
		if rng.Intn(3) > 0 {
			fmt.Fprintf(&fm, "description: %s\n", q(pick()))
		}
		if rng.Intn(2) == 0 {
			fmt.Fprintf(&fm, "tags: [%s, %s]\n", q(pick()), q(pick()))
		}
		if rng.Intn(2) == 0 {
			fmt.Fprintf(&fm, "owner: %s\n", []string{"ann", "bob"}[rng.Intn(2)])
			fmt.Fprintf(&fm, "last_reviewed: 2026-%02d-%02d\n", 1+rng.Intn(12), 1+rng.Intn(28))
		}
		if rng.Intn(3) == 0 {
			fmt.Fprintf(&fm, "teams: [alpha]\n")
		}
		body := fmt.Sprintf("Text of page %d, %s.\n", i, strings.NewReplacer("<", "&lt;", "&", "&amp;").Replace(pick()))
		for h := 0; h < rng.Intn(4); h++ {
			body += fmt.Sprintf("\n## Heading %d %s\n\nMore about it. See [[team:alpha]] and [[person:bob]].\n", h, strings.NewReplacer("<", "", ">", "", "&", "").Replace(pick()))
		}
		files[fmt.Sprintf("%s/page-%02d.md", sec, i)] = "---\n" + fm.String() + "---\n\n" + body
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The page, section, tag and maintenance layouts written in Go give
// generated sites, with hostile strings in every field they print, byte
// for byte what the templates give.
func TestLayoutsInGoGiveTheSameSiteAsTemplates(t *testing.T) {
	inGo, l := loadTemplates(templates.FS, "", true)
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	tmpl, _ := loadTemplates(templates.FS, "", false)
	for kind := range goLayouts {
		if inGo.layouts[kind] == nil {
			t.Errorf("%s pages are not written in Go", kind)
		}
		if tmpl.layouts[kind] != nil {
			t.Errorf("%s pages are written in Go when they should not be", kind)
		}
	}
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for seed := int64(1); seed <= 3; seed++ {
		dir := t.TempDir()
		writeGeneratedSite(t, dir, seed)
		want, got := renderDir(t, dir, tmpl, today), renderDir(t, dir, inGo, today)
		if len(got) != len(want) {
			t.Errorf("seed %d: %d files vs %d", seed, len(got), len(want))
		}
		kinds := map[string]int{}
		for name, data := range want {
			if !bytes.Equal(data, got[name]) {
				t.Errorf("seed %d: %s differs:\n%s", seed, name, firstDiff(data, got[name]))
			}
			if i := bytes.Index(data, []byte(`<body class="kind-`)); i >= 0 {
				k, _, _ := strings.Cut(string(data[i+18:]), `"`)
				kinds[k]++
			}
		}
		for kind := range goLayouts {
			if kinds[kind] == 0 {
				t.Errorf("seed %d: no %s page compared", seed, kind)
			}
		}
		if kinds["tags"] < 5 || kinds["page"] < 50 {
			t.Errorf("seed %d: too few pages compared: %v", seed, kinds)
		}
	}
}

// firstDiff shows where two outputs first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-80, 0)
	return fmt.Sprintf("templates: %q\n      Go: %q", a[lo:min(i+80, len(a))], b[lo:min(i+80, len(b))])
}

// A site that replaces base.html, a kind's own file or a partial a layout
// calls gets its templates for the kinds that use them; the others stay
// in Go.
func TestOwnLayoutTemplatesAreUsed(t *testing.T) {
	for _, tc := range []struct {
		file, old, new string
		templated      []string // kinds that must run as templates
	}{
		{"base.html", `<div class="layout">`, `<div class="layout own">`, []string{"page", "section", "tags", "maintenance", "team", "role", "person", "teams", "roles", "people", "directory"}},
		{"page.html", `<article class="page"`, `<article class="page own"`, []string{"page"}},
		{"partials.html", `<p class="edit">`, `<p class="edit own">`, []string{"page", "section", "team", "role", "person"}},
		{"partials.html", `<h2>On this page</h2>`, `<h2>Contents</h2>`, []string{"page", "section"}},
		{"maintenance.html", `<table class="maint">`, `<table class="maint own">`, []string{"maintenance"}},
		{"tags.html", `<ul class="tag-cloud">`, `<ul class="tag-cloud own">`, []string{"tags"}},
	} {
		src, err := os.ReadFile(filepath.Join("../../templates", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), tc.old) {
			t.Fatalf("%q is not in %s", tc.old, tc.file)
		}
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(strings.Replace(string(src), tc.old, tc.new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		ts, l := LoadTemplates(templates.FS, dir)
		if l.Errors() > 0 {
			t.Fatal(l)
		}
		kinds := slices.Concat(slices.Collect(maps.Keys(goLayouts)), slices.Collect(maps.Keys(goMains)))
		for _, kind := range kinds {
			want := !slices.Contains(tc.templated, kind)
			if got := ts.layouts[kind] != nil; got != want {
				t.Errorf("%s changed: %s pages wholly in Go = %v, want %v", tc.file, kind, got, want)
			}
		}
		if tc.file == "base.html" {
			// The site's own base shows on card pages too.
			files := renderExample(t, ts)
			for _, p := range []string{"teams/devrel/index.html", "roles/index.html", "directory/index.html"} {
				if !bytes.Contains(files[p], []byte(`<div class="layout own">`)) {
					t.Errorf("the site's own base.html is not used for %s", p)
				}
			}
		}
		if tc.file != "partials.html" || tc.new != `<p class="edit own">` {
			continue
		}
		// And the site's own partial shows on the pages.
		files := renderExample(t, ts)
		if !bytes.Contains(files["devrel/metrics/index.html"], []byte(`<p class="edit own">`)) {
			t.Errorf("the site's own edit partial is not used")
		}
	}
}
