package render

import (
	"html/template"
	"strconv"
	"strings"
)

// The small partials every page runs (breadcrumbs, table of contents,
// meta, pager, "mentioned in", lists of people and links) were most of the
// template actions left per page once the header was made once per depth.
// Where a site uses the built-in definition of one (and of the partials it
// calls), the partial is replaced, in that kind's template set, by a call
// to a Go function that writes the same bytes; the definition itself is
// kept under "<name> (template)" for a dot the function does not know.
// A site that overrides a partial gets its own template, run as before.
// partials_test.go renders the example handbook both ways and compares
// every byte.

type goPartial struct {
	needs []string                       // the built-in templates it stands for
	write func(b []byte, dot any) []byte // nil: a dot it does not know
}

var goPartials = map[string]goPartial{
	"breadcrumbs": {[]string{"breadcrumbs"}, writeBreadcrumbs},
	"toc":         {[]string{"toc"}, writeTOC},
	"meta":        {[]string{"meta", "links"}, writeMeta},
	"pager":       {[]string{"pager"}, writePager},
	"mentions":    {[]string{"mentions"}, writeMentions},
	"people":      {[]string{"people"}, writePeople},
	"links":       {[]string{"links"}, writeLinksPartial},
}

// useGoPartials replaces the built-in partials of kind template set c
// (parsed, not executed yet) by their Go functions. builtin holds the
// parse trees, as text, of the built-in partials.html.
func useGoPartials(c *template.Template, builtin map[string]string, enabled bool) error {
	if !enabled {
		return nil
	}
	// Decide for all before replacing any: a replaced partial no longer
	// looks built-in to those that call it.
	var names []string
	for _, name := range sortedKeys(goPartials) {
		if sameTrees(c, builtin, goPartials[name].needs...) {
			names = append(names, name)
		}
	}
	for _, name := range names {
		gp := goPartials[name]
		fallback := name + " (template)"
		if _, err := c.AddParseTree(fallback, c.Lookup(name).Tree); err != nil {
			return err
		}
		fn := "handbook_" + name
		c.Funcs(template.FuncMap{fn: func(dot any) (template.HTML, error) {
			if b := gp.write(make([]byte, 0, 512), dot); b != nil {
				return template.HTML(b), nil
			}
			var s strings.Builder
			err := c.ExecuteTemplate(&s, fallback, dot)
			return template.HTML(s.String()), err
		}})
		if _, err := c.New(name).Parse("{{" + fn + " .}}"); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string]goPartial) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

func commonOf(dot any) *Common {
	if v, ok := dot.(interface{ common() *Common }); ok {
		return v.common()
	}
	return nil
}

// appendLink appends <a href="URL">Text</a>.
func appendLink(b []byte, l *Link) []byte {
	b = append(b, `<a href="`...)
	b = appendURL(b, l.URL)
	b = append(b, `">`...)
	b = appendText(b, l.Text)
	return append(b, "</a>"...)
}

// appendFragment appends s as html/template writes it after the # of a
// quoted href: everything but letters, digits and -._~ percent-encoded.
func appendFragment(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return b
}

func writeBreadcrumbs(b []byte, dot any) []byte {
	c := commonOf(dot)
	if c == nil {
		return nil
	}
	if len(c.Crumbs) == 0 {
		return b
	}
	b = append(b, "\n<nav class=\"breadcrumbs\" aria-label=\"Breadcrumbs\">\n<ol>"...)
	for i := range c.Crumbs {
		b = append(b, "\n<li>"...)
		b = appendLink(b, &c.Crumbs[i])
		b = append(b, "</li>"...)
	}
	b = append(b, "\n<li><span aria-current=\"page\">"...)
	b = appendText(b, c.Title)
	return append(b, "</span></li>\n</ol>\n</nav>"...)
}

func writeTOC(b []byte, dot any) []byte {
	v, ok := dot.(*PageView)
	if !ok {
		return nil
	}
	if len(v.TOC) <= 1 {
		return b
	}
	b = append(b, "\n<nav class=\"toc\" aria-label=\"On this page\">\n<h2>On this page</h2>\n<ol>"...)
	for _, h := range v.TOC {
		b = append(b, "\n<li class=\"toc-h"...)
		b = strconv.AppendInt(b, int64(h.Level), 10)
		b = append(b, `"><a href="#`...)
		b = appendFragment(b, h.ID)
		b = append(b, `">`...)
		b = appendText(b, h.Text)
		b = append(b, "</a></li>"...)
	}
	return append(b, "\n</ol>\n</nav>"...)
}

func writeMeta(b []byte, dot any) []byte {
	v, ok := dot.(*PageView)
	if !ok {
		return nil
	}
	if v.Owner == nil && v.LastReviewed == "" && v.LastChanged == "" && len(v.Teams) == 0 && len(v.Tags) == 0 {
		return b
	}
	b = append(b, "\n<dl class=\"page-meta\">"...)
	if len(v.Teams) > 0 {
		b = append(b, "\n<div><dt>Teams</dt><dd>"...)
		b = appendLinks(b, v.Teams)
		b = append(b, "</dd></div>"...)
	}
	if v.Owner != nil {
		b = append(b, "\n<div><dt>Owner</dt><dd>"...)
		b = appendLink(b, v.Owner)
		b = append(b, "</dd></div>"...)
	}
	for _, d := range [...]struct{ name, date string }{{"Last reviewed", v.LastReviewed}, {"Last changed", v.LastChanged}} {
		if d.date == "" {
			continue
		}
		b = append(b, "\n<div><dt>"...)
		b = append(b, d.name...)
		b = append(b, `</dt><dd><time datetime="`...)
		b = appendText(b, d.date)
		b = append(b, `">`...)
		b = appendText(b, d.date)
		b = append(b, "</time></dd></div>"...)
	}
	if len(v.Tags) > 0 {
		b = append(b, "\n<div><dt>Tags</dt><dd><ul class=\"tag-list\">"...)
		for i := range v.Tags {
			b = append(b, `<li><a class="tag" href="`...)
			b = appendURL(b, v.Tags[i].URL)
			b = append(b, `" rel="tag">`...)
			b = appendText(b, v.Tags[i].Text)
			b = append(b, "</a></li>"...)
		}
		b = append(b, "</ul></dd></div>"...)
	}
	return append(b, "\n</dl>"...)
}

func writePager(b []byte, dot any) []byte {
	v, ok := dot.(*PageView)
	if !ok {
		return nil
	}
	if v.Prev == nil && v.Next == nil {
		return b
	}
	b = append(b, "\n<nav class=\"pager\" aria-label=\"Previous and next\">"...)
	for _, l := range [...]struct {
		l          *Link
		class, txt string
	}{{v.Prev, "prev", "Previous"}, {v.Next, "next", "Next"}} {
		if l.l == nil {
			continue
		}
		b = append(b, `<a class="`...)
		b = append(b, l.class...)
		b = append(b, `" rel="`...)
		b = append(b, l.class...)
		b = append(b, `" href="`...)
		b = appendURL(b, l.l.URL)
		b = append(b, `"><span>`...)
		b = append(b, l.txt...)
		b = append(b, "</span> "...)
		b = appendText(b, l.l.Text)
		b = append(b, "</a>"...)
	}
	return append(b, "\n</nav>"...)
}

// appendNoted appends <li><a href="URL">Text</a> <span class="CLASS">Note</span></li>.
func appendNoted(b []byte, l *Link, class string) []byte {
	b = append(b, "\n<li>"...)
	b = appendLink(b, l)
	if l.Note != "" {
		b = append(b, ` <span class="`...)
		b = append(b, class...)
		b = append(b, `">`...)
		b = appendText(b, l.Note)
		b = append(b, "</span>"...)
	}
	return append(b, "</li>"...)
}

func writeMentions(b []byte, dot any) []byte {
	c := commonOf(dot)
	if c == nil {
		return nil
	}
	if len(c.MentionedIn) == 0 {
		return b
	}
	b = append(b, "\n<section class=\"mentioned-in\" aria-labelledby=\"mentioned-in\">\n<h2 id=\"mentioned-in\">Mentioned in</h2>\n<ul>"...)
	for i := range c.MentionedIn {
		b = appendNoted(b, &c.MentionedIn[i], "kind")
	}
	return append(b, "\n</ul>\n</section>"...)
}

func writePeople(b []byte, dot any) []byte {
	ls, ok := dot.([]Link)
	if !ok {
		return nil
	}
	if len(ls) == 0 {
		return b
	}
	b = append(b, `<ul class="people">`...)
	for i := range ls {
		b = appendNoted(b, &ls[i], "note")
	}
	return append(b, "\n</ul>"...)
}

func writeLinksPartial(b []byte, dot any) []byte {
	ls, ok := dot.([]Link)
	if !ok {
		return nil
	}
	return appendLinks(b, ls)
}

// appendLinks is the built-in "links": links separated by commas.
func appendLinks(b []byte, ls []Link) []byte {
	for i := range ls {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = appendLink(b, &ls[i])
	}
	return b
}
