package load

import (
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/site"
)

var pageFields = []string{"title", "description", "weight", "draft", "teams", "owner", "last_reviewed", "tags", "aliases"}

// sectionIndexNames are the file names that make a folder's section page.
var sectionIndexNames = []string{"index.md", "_index.md", "README.md"}

func isSectionIndex(name string) bool {
	for _, n := range sectionIndexNames {
		if name == n {
			return true
		}
	}
	return false
}

// pageURL returns the URL of the page at source path p.
func pageURL(p string) string {
	dir, name := path.Split(p)
	if isSectionIndex(name) {
		if dir == "" {
			return "/"
		}
		return "/" + dir
	}
	return "/" + dir + strings.TrimSuffix(name, ".md") + "/"
}

func (d *decoder) page(p string, src []byte) *site.Page {
	pg := &site.Page{Path: p, File: d.file, URL: pageURL(p)}
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	pg.Dir = dir
	pg.Section = isSectionIndex(name)

	fm := splitFrontMatter(d.file, src, d.l)
	pg.BodyLine = fm.bodyLine
	if fm.node != nil {
		d.fields(fm.node, "front matter", pageFields, func(key string, k, v *yaml.Node) {
			switch key {
			case "title":
				pg.Title = d.str(key, v)
			case "description":
				pg.Description = d.str(key, v)
			case "weight":
				pg.Weight = d.integer(key, v)
			case "draft":
				pg.Draft = d.boolean(key, v)
			case "teams":
				pg.Teams = d.ids(key, v)
			case "owner":
				pg.Owner = d.id(key, v)
			case "last_reviewed":
				pg.LastReviewed = d.date(key, v)
			case "tags":
				pg.Tags = d.strs(key, v)
			case "aliases":
				pg.Aliases = d.ids(key, v)
			}
		})
	}
	pg.Doc = d.md.Convert(fm.body)
	for _, pr := range pg.Doc.Problems {
		pos := diag.Position{File: d.file, Line: pg.BodyLine + pr.Line - 1, Col: pr.Col}
		if pr.Warning {
			d.l.Warnf(pos, pr.Fix, "%s", pr.Message)
		} else {
			d.l.Errorf(pos, pr.Fix, "%s", pr.Message)
		}
	}
	if pg.Title == "" {
		pg.Title = pg.Doc.Title
	}
	if pg.Title == "" {
		base := strings.TrimSuffix(name, ".md")
		if pg.Section {
			base = path.Base(dir)
			if dir == "" {
				base = "Home"
			}
		}
		pg.Title = Humanize(base)
	}
	return pg
}

// Humanize turns a file or folder name into a title: "booth-duty" → "Booth duty".
func Humanize(name string) string {
	s := strings.NewReplacer("-", " ", "_", " ").Replace(name)
	s = strings.TrimSpace(s)
	if s == "" {
		return name
	}
	r := []rune(s)
	if r[0] >= 'a' && r[0] <= 'z' {
		r[0] -= 'a' - 'A'
	}
	return string(r)
}
