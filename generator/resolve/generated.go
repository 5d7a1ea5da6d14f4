package resolve

import (
	"sort"
	"strings"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/site"
)

// GeneratedFiles are the output files the render stage makes that are not
// pages or assets, with what they are.
var GeneratedFiles = map[string]string{
	"404.html":       "its not-found page /404.html",
	"directory.json": "its directory for tools /directory.json",
}

// generatedPrefixes are the folders where the render stage makes every
// file: nothing from content/ may be published under them.
var generatedPrefixes = map[string]string{
	"search/": "its search page and index under /search/",
	"tags/":   "its tag pages under /tags/",
}

// Generated reports content published on a path the generator writes
// itself: a page, folder, file or alias on a generated page (/directory/,
// /tags/…), under /search/ or /tags/, on 404.html, directory.json or one of
// the site's assets (assets are the names under the templates' assets/).
// Each is an error at the content file (line 1, or the alias) naming the
// generated file and the fix, found before anything is rendered; without
// it the build would fail later with two files for one path. sitemap.xml
// and robots.txt in content/ replace the generated ones (render); teams/,
// roles/ and people/index.md give the generated index pages their intro.
func Generated(g *Graph, assets []string) diag.List {
	var l diag.List
	s := g.Site
	what := map[string]string{} // site.FoldKey of an output path → the generated file
	for p, w := range GeneratedFiles {
		what[site.FoldKey(p)] = w
	}
	for _, u := range GeneratedURLs {
		what[site.FoldKey(outputPath(u))] = "its page " + u
	}
	for _, a := range assets {
		what[site.FoldKey(a)] = "the asset /" + a + " from the templates"
	}
	generated := func(out string) (string, bool) {
		k := site.FoldKey(out)
		if w, ok := what[k]; ok {
			return w, true
		}
		for p, w := range generatedPrefixes {
			if strings.HasPrefix(k, p) {
				return w, true
			}
		}
		return "", false
	}
	line1 := func(file string) diag.Position { return diag.Position{File: file, Line: 1, Col: 1} }
	assetFix := func(out, fix string) string {
		if strings.HasPrefix(out, "assets/") {
			return fix + "; to replace the asset, put your file at assets/" + strings.TrimPrefix(out, "assets/") + " in the site's templates folder (--templates)"
		}
		return fix
	}

	intros := map[*site.Page]bool{s.TeamsIndex: true, s.RolesIndex: true, s.PeopleIndex: true}
	reported := map[string]bool{}
	for _, p := range s.Pages {
		if intros[p] || p.Implicit {
			continue
		}
		out := outputPath(p.URL)
		if w, ok := generated(out); ok {
			fix := "rename the page or move it to another folder"
			if p.Section && p.Dir != "" {
				fix = "rename its folder"
			}
			l.Errorf(line1(p.File), fix, "published at %s, where the generator writes %s", p.URL, w)
			reported[p.File] = true
		}
	}
	// A folder without an index.md gets a section page: a page in it is
	// named, since the folder itself has no line to point at.
	for _, p := range s.AllPages() {
		if !p.Implicit {
			continue
		}
		w, ok := generated(outputPath(p.URL))
		if !ok {
			continue
		}
		var first *site.Page
		for _, q := range s.Pages {
			if !q.Implicit && strings.HasPrefix(q.Path, p.Dir+"/") && (first == nil || q.Path < first.Path) {
				first = q
			}
		}
		if first == nil || reported[first.File] {
			continue
		}
		reported[first.File] = true
		l.Errorf(line1(first.File), "rename the folder "+p.Dir+"/",
			"its folder %s/ gets a section page at %s, where the generator writes %s", p.Dir, p.URL, w)
	}
	for _, f := range s.Files {
		if w, ok := generated(f.Path); ok {
			l.Errorf(line1(f.File), assetFix(f.Path, "rename the file or move it to another folder"),
				"published at /%s, where the generator writes %s", f.Path, w)
		}
	}
	for _, p := range s.AllPages() {
		for _, a := range p.Aliases {
			from, ok := aliasURL(a.ID)
			if !ok {
				continue // links.go reports it
			}
			if w, ok := generated(outputPath(from)); ok {
				l.Errorf(a.Pos, "change or remove the alias", "alias %q is published at %s, where the generator writes %s", a.ID, from, w)
			}
		}
	}
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos.File < l[j].Pos.File })
	return l
}

// outputPath returns the output file of a page URL: "/a/b/" → "a/b/index.html".
func outputPath(url string) string { return strings.TrimPrefix(url, "/") + "index.html" }
