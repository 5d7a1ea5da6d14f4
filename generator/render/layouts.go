package render

import (
	"html/template"
	"io/fs"
	"strconv"
	ttemplate "text/template"
)

// Once the partials were in Go, html/template's reflection over the page
// layouts themselves (base.html and each kind's "main") was the largest
// cost of render left: 3.3 s of CPU in a build of the 10k synthetic
// handbook, for a few dozen actions a page (issue #6). Where a kind's
// template set uses the built-in "base", the built-in "main" of its own
// file and the built-in partials those call, the page is written by a Go
// function instead, byte for byte what the templates write (same escaping
// as html/template, escape.go). A site that overrides any of them gets the
// templates, run as before. layouts_test.go renders the example handbook
// and generated sites both ways and compares every byte.
//
// The card kinds (team, role, person, their indexes and the directory)
// have their "main" in Go (mains.go); where their base and partials are
// the built-in ones too, goLayoutFor puts that main inside writeBase, so
// a card page is written without any template as well.

type goLayout struct {
	needs []string                        // the built-in templates it stands for
	write func(b []byte, view any) []byte // nil: a view it does not know
}

var goLayouts = map[string]goLayout{
	"page":        {[]string{"base", "breadcrumbs", "main", "meta", "links", "toc", "pager", "mentions", "edit"}, writePageLayout},
	"section":     {[]string{"base", "breadcrumbs", "main", "meta", "links", "toc", "pager", "mentions", "edit"}, writeSectionLayout},
	"tags":        {[]string{"base", "breadcrumbs", "main"}, writeTagsLayout},
	"maintenance": {[]string{"base", "breadcrumbs", "main", "maint-table"}, writeMaintenanceLayout},
}

// builtinKindTrees returns the parse tree, as text, of every template the
// built-in base.html, partials.html and the kind's own file define: what
// the kind's template set has when the site overrides none of them.
func builtinKindTrees(base fs.FS, kind string) map[string]string {
	m := map[string]string{}
	set := ttemplate.New("")
	for _, name := range []string{"base.html", "partials.html", kind + ".html"} {
		src, err := fs.ReadFile(base, name)
		if err != nil {
			return map[string]string{}
		}
		if _, err := set.New(name).Parse(string(src)); err != nil {
			return map[string]string{}
		}
	}
	for _, t := range set.Templates() {
		if t.Tree != nil {
			m[t.Name()] = t.Tree.Root.String()
		}
	}
	return m
}

// goLayoutFor returns the Go writer of kind's pages when its template set
// c (parsed, its partials not replaced yet) is the built-in one for what
// the writer stands for, or nil.
func goLayoutFor(base fs.FS, kind string, c *template.Template) func(b []byte, view any) []byte {
	if gl, ok := goLayouts[kind]; ok && sameTrees(c, builtinKindTrees(base, kind), gl.needs...) {
		return gl.write
	}
	if gm, ok := goMains[kind]; ok && sameTrees(c, builtinKindTrees(base, kind), append([]string{"base", "breadcrumbs", "main"}, gm.needs...)...) {
		return func(b []byte, view any) []byte {
			c := commonOf(view)
			if c == nil {
				return nil
			}
			known := true
			b = writeBase(b, c, func(b []byte) []byte {
				m := gm.write(b, view)
				if m == nil {
					known = false
				}
				return m
			})
			if !known {
				return nil
			}
			return b
		}
	}
	return nil
}

// writeBase writes the built-in "base" around the kind's "main", which
// main appends.
func writeBase(b []byte, c *Common, main func(b []byte) []byte) []byte {
	b = append(b, "<!doctype html>\n<html lang=\""...)
	b = appendText(b, c.Site.Language)
	b = append(b, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"...)
	if c.IsHome {
		b = appendText(b, c.Site.Title)
	} else {
		b = appendText(b, c.Title)
		b = append(b, " · "...)
		b = appendText(b, c.Site.Title)
	}
	b = append(b, "</title>"...)
	if c.Description != "" {
		b = append(b, "\n<meta name=\"description\" content=\""...)
		b = appendText(b, c.Description)
		b = append(b, "\">"...)
	}
	if c.Canonical != "" {
		b = append(b, "\n<link rel=\"canonical\" href=\""...)
		b = appendURL(b, c.Canonical)
		b = append(b, "\">"...)
	}
	b = append(b, '\n')
	b = append(b, c.Head...)
	b = append(b, "\n</head>\n<body class=\"kind-"...)
	b = appendText(b, c.Kind)
	b = append(b, "\">\n"...)
	b = append(b, c.Header...)
	b = append(b, "\n<div class=\"layout\">\n"...)
	b = append(b, c.Sidebar...)
	b = append(b, "\n<main id=\"main\" tabindex=\"-1\">\n"...)
	b = writeBreadcrumbs(b, c)
	b = append(b, '\n')
	b = main(b)
	b = append(b, "\n</main>\n</div>\n"...)
	b = append(b, c.Footer...)
	return append(b, "\n</body>\n</html>\n"...)
}

// writePageHead writes the start of the built-in page and section "main":
// the article tag of class, the header and the table of contents, up to
// the content.
func writePageHead(b []byte, v *PageView, class string) []byte {
	b = append(b, "\n<article class=\""...)
	b = append(b, class...)
	b = append(b, '"')
	if v.Lang != "" {
		b = append(b, " lang=\""...)
		b = appendText(b, v.Lang)
		b = append(b, '"')
	}
	b = append(b, ">\n<header>\n<h1>"...)
	b = appendText(b, v.Title)
	b = append(b, "</h1>"...)
	b = appendLead(b, v.Description)
	b = append(b, '\n')
	b = writeMeta(b, v)
	b = append(b, "\n</header>\n"...)
	b = writeTOC(b, v)
	b = append(b, "\n<div class=\"content\">\n"...)
	b = append(b, v.Content...)
	return append(b, "\n</div>\n"...)
}

// writePageFoot writes the end of the built-in page and section "main".
func writePageFoot(b []byte, v *PageView) []byte {
	b = writePager(b, v)
	b = append(b, '\n')
	b = writeMentions(b, v)
	b = append(b, '\n')
	if v.EditURL != "" {
		b = append(b, "\n<p class=\"edit\"><a href=\""...)
		b = appendURL(b, v.EditURL)
		b = append(b, "\">Edit this page</a></p>"...)
	}
	return append(b, "\n</article>\n"...)
}

// appendLead appends {{with .Description}}<p class="lead">…</p>{{end}}.
func appendLead(b []byte, desc string) []byte {
	if desc == "" {
		return b
	}
	b = append(b, "\n<p class=\"lead\">"...)
	b = appendText(b, desc)
	return append(b, "</p>"...)
}

// appendLinkItems appends the <li> of each link, with its note in a <p>.
func appendLinkItems(b []byte, ls []Link) []byte {
	for i := range ls {
		b = append(b, "\n<li>"...)
		b = appendLink(b, &ls[i])
		if ls[i].Note != "" {
			b = append(b, "<p>"...)
			b = appendText(b, ls[i].Note)
			b = append(b, "</p>"...)
		}
		b = append(b, "</li>"...)
	}
	return b
}

func writePageLayout(b []byte, view any) []byte {
	v, ok := view.(*PageView)
	if !ok {
		return nil
	}
	return writeBase(b, &v.Common, func(b []byte) []byte {
		b = writePageHead(b, v, "page")
		return writePageFoot(b, v)
	})
}

func writeSectionLayout(b []byte, view any) []byte {
	v, ok := view.(*PageView)
	if !ok {
		return nil
	}
	return writeBase(b, &v.Common, func(b []byte) []byte {
		b = writePageHead(b, v, "page section")
		if len(v.Children) > 0 {
			b = append(b, "\n<section class=\"children\" aria-labelledby=\"in-this-section\">\n<h2 id=\"in-this-section\">In this section</h2>\n<ul class=\"cards\">"...)
			b = appendLinkItems(b, v.Children)
			b = append(b, "\n</ul>\n</section>"...)
		}
		b = append(b, '\n')
		return writePageFoot(b, v)
	})
}

func writeTagsLayout(b []byte, view any) []byte {
	v, ok := view.(*TagsView)
	if !ok {
		return nil
	}
	return writeBase(b, &v.Common, func(b []byte) []byte {
		b = append(b, "\n<article class=\"page tags\">\n<header>"...)
		if v.Tag != "" {
			b = append(b, "\n<p class=\"card-kind\">Tag</p>"...)
		}
		b = append(b, "\n<h1>"...)
		b = appendText(b, v.Title)
		b = append(b, "</h1>"...)
		b = appendLead(b, v.Description)
		b = append(b, "\n</header>"...)
		switch {
		case v.Tag != "":
			b = append(b, "\n<ul class=\"tagged-pages\">"...)
			b = appendLinkItems(b, v.Pages)
			b = append(b, "\n</ul>\n<p><a href=\""...)
			b = appendURL(b, v.Rel("/tags/"))
			b = append(b, "\">All tags</a></p>"...)
		case len(v.Tags) > 0:
			b = append(b, "\n<ul class=\"tag-cloud\">"...)
			for _, t := range v.Tags {
				b = append(b, "\n<li><a class=\"tag\" href=\""...)
				b = appendURL(b, t.URL)
				b = append(b, "\" rel=\"tag\">"...)
				b = appendText(b, t.Text)
				b = append(b, "</a> <span class=\"count\">"...)
				b = strconv.AppendInt(b, int64(t.Count), 10)
				if t.Count == 1 {
					b = append(b, " page</span></li>"...)
				} else {
					b = append(b, " pages</span></li>"...)
				}
			}
			b = append(b, "\n</ul>"...)
		default:
			b = append(b, "\n<p class=\"empty\">No page has tags yet. Give a page <code>tags: [topic]</code> in its front matter.</p>"...)
		}
		return append(b, "\n</article>\n"...)
	})
}

func writeMaintenanceLayout(b []byte, view any) []byte {
	v, ok := view.(*MaintenanceView)
	if !ok {
		return nil
	}
	return writeBase(b, &v.Common, func(b []byte) []byte {
		b = append(b, "\n<article class=\"page maintenance\">\n<header>\n<h1>"...)
		b = appendText(b, v.Title)
		b = append(b, "</h1>\n<p class=\"lead\">"...)
		b = appendText(b, v.Description)
		b = append(b, "</p>\n</header>\n<p class=\"note\">"...)
		if v.Today != "" {
			b = append(b, "As of "...)
			b = appendText(b, v.Today)
			b = append(b, ", the date this site was built for. "...)
		}
		if v.Limit > 0 {
			b = append(b, "A card or page is stale when its last review is more than "...)
			b = strconv.AppendInt(b, int64(v.Limit), 10)
			b = append(b, " days old (<code>review_after_days</code> in <code>site.yaml</code>)."...)
		} else {
			b = append(b, "Staleness is turned off (<code>review_after_days: 0</code>)."...)
		}
		b = append(b, "\nRun <code>handbook report stale</code> for the same list in a terminal.</p>\n<section aria-labelledby=\"needs-review\">\n<h2 id=\"needs-review\">Needs review</h2>\n"...)
		if len(v.Owners) > 0 {
			b = append(b, "\n<p>"...)
			b = strconv.AppendInt(b, int64(v.Count), 10)
			if v.Count == 1 {
				b = append(b, " item"...)
			} else {
				b = append(b, " items"...)
			}
			b = append(b, ", by owner, oldest review first.</p>\n"...)
			for i := range v.Owners {
				o := &v.Owners[i]
				b = append(b, "\n<section class=\"owner\" aria-labelledby=\""...)
				b = appendText(b, o.ID)
				b = append(b, "\">\n<h3 id=\""...)
				b = appendText(b, o.ID)
				b = append(b, "\">"...)
				if o.Owner != nil {
					b = appendLink(b, o.Owner)
				} else {
					b = append(b, "Nobody owns these"...)
				}
				b = append(b, "</h3>\n"...)
				b = writeMaintTable(b, o.Items)
				b = append(b, "\n</section>\n"...)
			}
			b = append(b, '\n')
		} else {
			b = append(b, "\n<p class=\"empty\">Nothing needs review.</p>\n"...)
		}
		b = append(b, "\n</section>\n"...)
		if len(v.Others) > 0 {
			b = append(b, "\n<section aria-labelledby=\"gaps\">\n<h2 id=\"gaps\">Gaps in the directory</h2>\n"...)
			for i := range v.Others {
				g := &v.Others[i]
				b = append(b, "\n<section aria-labelledby=\"check-"...)
				b = appendText(b, g.ID)
				b = append(b, "\">\n<h3 id=\"check-"...)
				b = appendText(b, g.ID)
				b = append(b, "\">"...)
				b = appendText(b, g.Title)
				b = append(b, "</h3>\n<ul class=\"findings\">"...)
				for j := range g.Items {
					it := &g.Items[j]
					b = append(b, "\n<li>"...)
					b = appendMaintItem(b, it)
					b = append(b, "<br>"...)
					b = appendText(b, it.Problem)
					b = append(b, "; "...)
					b = appendText(b, it.Fix)
					b = appendMaintEdit(b, it)
					b = append(b, "</li>"...)
				}
				b = append(b, "\n</ul>\n</section>\n"...)
			}
			b = append(b, "\n</section>\n"...)
		}
		return append(b, "\n</article>\n"...)
	})
}

// appendMaintItem appends a finding's link, kind and file.
func appendMaintItem(b []byte, it *MaintItem) []byte {
	b = appendLink(b, &it.Item)
	b = append(b, " <span class=\"note\">"...)
	b = appendText(b, it.Kind)
	b = append(b, ", <code>"...)
	b = appendText(b, it.File)
	return append(b, "</code></span>"...)
}

// appendMaintEdit appends a finding's edit link, if it has one.
func appendMaintEdit(b []byte, it *MaintItem) []byte {
	if it.Edit == "" {
		return b
	}
	b = append(b, " <a href=\""...)
	b = appendURL(b, it.Edit)
	return append(b, "\">Edit</a>"...)
}

// writeMaintTable is the built-in "maint-table".
func writeMaintTable(b []byte, items []MaintItem) []byte {
	b = append(b, "\n<div class=\"table-scroll\">\n<table class=\"maint\">\n<thead><tr><th scope=\"col\">Age</th><th scope=\"col\">Last reviewed</th><th scope=\"col\">What</th><th scope=\"col\">Problem</th></tr></thead>\n<tbody>"...)
	for i := range items {
		it := &items[i]
		b = append(b, "\n<tr><td>"...)
		if it.Age >= 0 {
			b = strconv.AppendInt(b, int64(it.Age), 10)
			b = append(b, " days"...)
		} else {
			b = append(b, "–"...)
		}
		b = append(b, "</td><td>"...)
		if it.Reviewed != "" {
			b = append(b, "<time datetime=\""...)
			b = appendText(b, it.Reviewed)
			b = append(b, "\">"...)
			b = appendText(b, it.Reviewed)
			b = append(b, "</time>"...)
		} else {
			b = append(b, "never"...)
		}
		b = append(b, "</td><td>"...)
		b = appendMaintItem(b, it)
		b = appendMaintEdit(b, it)
		b = append(b, "</td><td>"...)
		b = appendText(b, it.Problem)
		b = append(b, "</td></tr>"...)
	}
	return append(b, "\n</tbody>\n</table>\n</div>\n"...)
}
