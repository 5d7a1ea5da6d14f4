package render

import (
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	"sync/atomic"
	ttemplate "text/template"
)

// The card pages' layouts list hundreds of cards and pages (the directory
// lists every role, a team's page every page of the team), and every
// {{.X}} html/template runs goes through reflect and its escapers: the
// directory took some 25 ms of a role edit's rebuild at 10,000 pages. When
// a site uses the built-in "main" of a card kind (team, role, person, the
// teams, roles and people indexes, the directory) and the built-in
// partials it calls, that "main" is replaced, as the partials are
// (partials.go), by a Go function that writes the same bytes; the
// definition is kept under "main (template)" for a view the function does
// not know. A site that overrides the kind's file or one of those partials
// gets its own template, run as before. mains_test.go renders the example
// handbook and random card sites both ways and compares every byte.

// goMains are the card kinds' "main" writers (a goLayout whose needs are
// the built-in partials it writes itself and whose write makes "main" only).
var goMains = map[string]goLayout{
	"directory": {[]string{"filter"}, writeDirectory},
	"team":      {[]string{"links", "people", "teammap", "mentions", "edit"}, writeTeam},
	"role":      {[]string{"links", "htmllist", "mentions", "edit"}, writeRole},
	"person":    {[]string{"htmllist", "people", "mentions", "edit"}, writePerson},
	"teams":     {[]string{"links", "teammap"}, writeTeamsIndex},
	"roles":     {[]string{"links"}, writeRolesIndex},
	"people":    {[]string{"links"}, writePeopleIndex},
}

// builtinMains returns the parse tree, as text, of the "main" each
// built-in kind file defines, by kind.
func builtinMains(base fs.FS) map[string]string {
	m := map[string]string{}
	for k := range goMains {
		src, err := fs.ReadFile(base, k+".html")
		if err != nil {
			continue
		}
		t, err := ttemplate.New(k + ".html").Parse(string(src))
		if err != nil {
			continue
		}
		if mt := t.Lookup("main"); mt != nil && mt.Tree != nil {
			m[k] = mt.Tree.Root.String()
		}
	}
	return m
}

// useGoMain replaces the "main" of kind template set c (parsed, not
// executed, its partials not yet replaced by useGoPartials) by the
// kind's Go function when c's "main" and the partials it calls are the
// built-in ones.
func useGoMain(c *template.Template, kind string, mains, partials map[string]string, enabled bool) error {
	gm, ok := goMains[kind]
	if !enabled || !ok {
		return nil
	}
	main := c.Lookup("main")
	if main == nil || main.Tree == nil || mains[kind] == "" || main.Tree.Root.String() != mains[kind] || !sameTrees(c, partials, gm.needs...) {
		return nil
	}
	const fallback = "main (template)"
	if _, err := c.AddParseTree(fallback, main.Tree); err != nil {
		return err
	}
	// The size of the last output, so that one as long (the directory,
	// an index page) is written without growing the buffer.
	var size atomic.Int64
	c.Funcs(template.FuncMap{"handbook_main": func(dot any) (template.HTML, error) {
		n := size.Load()
		if b := gm.write(make([]byte, 0, max(4096, n+n/8)), dot); b != nil {
			size.Store(int64(len(b)))
			return template.HTML(b), nil
		}
		var s strings.Builder
		err := c.ExecuteTemplate(&s, fallback, dot)
		return template.HTML(s.String()), err
	}})
	_, err := c.New("main").Parse("{{handbook_main .}}")
	return err
}

// appendEdit is the built-in "edit".
func appendEdit(b []byte, c *Common) []byte {
	if c.EditURL == "" {
		return b
	}
	b = append(b, "\n<p class=\"edit\"><a href=\""...)
	b = appendURL(b, c.EditURL)
	return append(b, "\">Edit this page</a></p>"...)
}

// appendHTMLList is the built-in "htmllist".
func appendHTMLList(b []byte, items []template.HTML) []byte {
	if len(items) == 0 {
		return b
	}
	b = append(b, "<ul>"...)
	for _, it := range items {
		b = append(b, "\n<li>"...)
		b = append(b, it...)
		b = append(b, "</li>"...)
	}
	return append(b, "\n</ul>"...)
}

// appendTeamMap is the built-in "teammap".
func appendTeamMap(b []byte, m *MapView) []byte {
	b = append(b, "\n<figure class=\"team-map-figure\">\n"...)
	b = append(b, m.SVG...)
	b = append(b, "\n<figcaption>\n<p class=\"note\">Solid lines: both teams list each other in <code>works_with</code>; dashed: one side only. The same links as a list:</p>\n<ul class=\"map-links\">"...)
	for i := range m.Links {
		l := &m.Links[i]
		b = append(b, "\n<li>"...)
		b = appendLink(b, &l.A)
		b = append(b, " and "...)
		b = appendLink(b, &l.B)
		if l.Note != "" {
			b = append(b, ` <span class="note">(`...)
			b = appendText(b, l.Note)
			b = append(b, ")</span>"...)
		}
		b = append(b, "</li>"...)
	}
	return append(b, "\n</ul>\n</figcaption>\n</figure>"...)
}

// appendHrefs appends links to l.Href() separated by commas (a team's
// channels, a person's contacts).
func appendHrefs(b []byte, ls []Link) []byte {
	for i := range ls {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, `<a href="`...)
		b = appendNormalURL(b, string(ls[i].Href()))
		b = append(b, `">`...)
		b = appendText(b, ls[i].Text)
		b = append(b, "</a>"...)
	}
	return b
}

// appendMetaLink appends a page-meta entry: <div><dt>NAME</dt><dd><a …></a></dd></div>.
func appendMetaLink(b []byte, name string, l *Link) []byte {
	b = append(b, "\n<div><dt>"...)
	b = append(b, name...)
	b = append(b, "</dt><dd>"...)
	b = appendLink(b, l)
	return append(b, "</dd></div>"...)
}

// appendReviewed appends the page-meta entry of a last-reviewed date.
func appendReviewed(b []byte, date string) []byte {
	if date == "" {
		return b
	}
	b = append(b, "\n<div><dt>Last reviewed</dt><dd><time datetime=\""...)
	b = appendText(b, date)
	b = append(b, "\">"...)
	b = appendText(b, date)
	return append(b, "</time></dd></div>"...)
}

// appendSection opens <section aria-labelledby="ID">, with its heading.
func appendSection(b []byte, id, heading string) []byte {
	b = append(b, "\n<section aria-labelledby=\""...)
	b = append(b, id...)
	b = append(b, "\">\n<h2 id=\""...)
	b = append(b, id...)
	b = append(b, "\">"...)
	b = append(b, heading...)
	return append(b, "</h2>\n"...)
}

// appendContent appends <div class="content">HTML</div> as a section's body.
func appendContentSection(b []byte, id, heading string, h template.HTML) []byte {
	if h == "" {
		return b
	}
	b = appendSection(b, id, heading)
	b = append(b, "<div class=\"content\">"...)
	b = append(b, h...)
	return append(b, "</div>\n</section>"...)
}

// appendListSection appends a section holding an "htmllist".
func appendListSection(b []byte, id, heading string, items []template.HTML) []byte {
	if len(items) == 0 {
		return b
	}
	b = appendSection(b, id, heading)
	b = appendHTMLList(b, items)
	return append(b, "\n</section>"...)
}

// appendTags appends <ul class="tags"> of plain words.
func appendTags(b []byte, words []string) []byte {
	b = append(b, "<ul class=\"tags\">"...)
	for _, w := range words {
		b = append(b, "<li>"...)
		b = appendText(b, w)
		b = append(b, "</li>"...)
	}
	return append(b, "</ul>"...)
}

// appendNoteLinks appends <li><a …>Text</a> <span class="note">Note</span></li>
// items, the note only when there is one.
func appendNoteLinks(b []byte, ls []Link) []byte {
	for i := range ls {
		b = appendNoted(b, &ls[i], "note")
	}
	return b
}

// appendCardItems appends the <li> items of a card list (team's roles,
// roles index): a link, its note in a paragraph, and its people.
func appendCardItems(b []byte, ls []Link, ids bool, holders string) []byte {
	for i := range ls {
		l := &ls[i]
		b = append(b, "\n<li"...)
		if ids {
			b = append(b, ` id="`...)
			b = appendText(b, l.ID)
			b = append(b, `"`...)
		}
		b = append(b, '>')
		b = appendLink(b, l)
		b = append(b, "<p>"...)
		b = appendText(b, l.Note)
		b = append(b, "</p>"...)
		if len(l.People) > 0 {
			b = append(b, "<p class=\"holders\">"...)
			b = append(b, holders...)
			b = appendLinks(b, l.People)
			b = append(b, "</p>"...)
		}
		b = append(b, "</li>"...)
	}
	return b
}

func writeTeam(b []byte, dot any) []byte {
	v, ok := dot.(*TeamView)
	if !ok {
		return nil
	}
	for i := range v.Situations {
		if v.Situations[i].Role == nil {
			return nil // the template's error
		}
	}
	b = append(b, "\n<article class=\"card team\">\n<header>\n<p class=\"card-kind\">Team</p>\n<h1>"...)
	b = appendText(b, v.Title)
	b = append(b, "</h1>\n<p class=\"lead\">"...)
	b = appendText(b, v.Summary)
	b = append(b, "</p>\n<dl class=\"page-meta\">"...)
	if v.Lead != nil {
		b = appendMetaLink(b, "Lead", v.Lead)
	}
	if len(v.Channels) > 0 {
		b = append(b, "\n<div><dt>Reach us</dt><dd>"...)
		b = appendHrefs(b, v.Channels)
		b = append(b, "</dd></div>"...)
	}
	if v.Owner != nil {
		b = appendMetaLink(b, "Owner", v.Owner)
	}
	b = appendReviewed(b, v.LastReviewed)
	b = append(b, "\n</dl>\n</header>\n"...)
	b = appendContentSection(b, "mission", "Mission", v.Mission)
	b = appendSection(b, "roles", "Roles")
	if len(v.Roles) > 0 {
		b = append(b, "<ul class=\"cards\">"...)
		b = appendCardItems(b, v.Roles, false, "")
		b = append(b, "\n</ul>"...)
	} else {
		b = append(b, "<p class=\"empty\">No role cards name this team yet.</p>"...)
	}
	b = append(b, "\n</section>"...)
	b = appendSection(b, "people", "People")
	if len(v.People) > 0 {
		b = writePeople(b, v.People)
	} else {
		b = append(b, "<p class=\"empty\">Nobody holds a role in this team yet.</p>"...)
	}
	b = append(b, "\n</section>\n"...)
	if len(v.Situations) > 0 {
		b = appendSection(b, "situations", "Bring us in when…")
		b = append(b, "<dl class=\"situations\">"...)
		for i := range v.Situations {
			s := &v.Situations[i]
			b = append(b, "\n<div><dt>"...)
			b = append(b, s.When...)
			b = append(b, "</dt><dd><p class=\"bring-in\">Bring in the "...)
			b = appendLink(b, s.Role)
			b = append(b, ": "...)
			if len(s.Role.People) > 0 {
				b = appendLinks(b, s.Role.People)
			} else {
				b = append(b, "nobody holds the role yet"...)
			}
			b = append(b, ".</p>"...)
			b = append(b, s.Do...)
			b = append(b, "</dd></div>"...)
		}
		b = append(b, "\n</dl>\n</section>"...)
	}
	b = append(b, '\n')
	if len(v.WorksWith) > 0 {
		b = appendSection(b, "works-with", "Works with")
		if v.Map != nil {
			b = appendTeamMap(b, v.Map)
		}
		b = append(b, "\n<ul class=\"cards\">"...)
		for i := range v.WorksWith {
			l := &v.WorksWith[i]
			b = append(b, "\n<li>"...)
			b = appendLink(b, l)
			if l.Note != "" {
				b = append(b, "<p>"...)
				b = appendText(b, l.Note)
				b = append(b, "</p>"...)
			}
			b = append(b, "</li>"...)
		}
		b = append(b, "\n</ul>\n</section>"...)
	}
	b = append(b, '\n')
	if len(v.Pages) > 0 {
		if v.pages != nil && v.pages.html != nil && len(v.pages.links) == len(v.Pages) {
			b = append(b, v.pages.html...)
		} else {
			start := len(b)
			b = appendSection(b, "pages", "Handbook pages")
			b = append(b, "<ul>"...)
			b = appendNoteLinks(b, v.Pages)
			b = append(b, "\n</ul>\n</section>"...)
			if v.pages != nil && len(v.pages.links) == len(v.Pages) {
				v.pages.html = append([]byte(nil), b[start:]...)
			}
		}
	}
	b = append(b, '\n')
	b = writeMentions(b, v)
	b = append(b, '\n')
	b = appendEdit(b, &v.Common)
	return append(b, "\n</article>\n"...)
}

func writeRole(b []byte, dot any) []byte {
	v, ok := dot.(*RoleView)
	if !ok {
		return nil
	}
	b = append(b, "\n<article class=\"card role\">\n<header>\n<p class=\"card-kind\">Role"...)
	if v.Team != nil {
		b = append(b, " in "...)
		b = appendLink(b, v.Team)
	}
	b = append(b, "</p>\n<h1>"...)
	b = appendText(b, v.Title)
	b = append(b, "</h1>\n<p class=\"lead\">"...)
	b = appendText(b, v.Summary)
	b = append(b, "</p>\n<dl class=\"page-meta\">\n<div><dt>Held by</dt><dd>"...)
	if len(v.People) > 0 {
		b = appendLinks(b, v.People)
	} else {
		b = append(b, "nobody yet"...)
	}
	b = append(b, "</dd></div>"...)
	if v.Owner != nil {
		b = appendMetaLink(b, "Owner", v.Owner)
	}
	b = appendReviewed(b, v.LastReviewed)
	b = append(b, "\n</dl>\n</header>\n"...)
	b = appendContentSection(b, "what-we-do", "What we do here", v.WhatWeDo)
	b = append(b, '\n')
	b = appendListSection(b, "day-to-day", "Day to day", v.DayToDay)
	b = append(b, '\n')
	b = appendListSection(b, "ask-me-for", "Ask us for", v.AskMeFor)
	b = append(b, '\n')
	b = appendListSection(b, "not-for", "Not for us", v.NotFor)
	b = append(b, '\n')
	if len(v.Situations) > 0 {
		b = appendSection(b, "situations", "Bring us in when…")
		b = append(b, "<dl class=\"situations\">"...)
		for i := range v.Situations {
			b = append(b, "\n<div><dt>"...)
			b = append(b, v.Situations[i].When...)
			b = append(b, "</dt><dd>"...)
			b = append(b, v.Situations[i].Do...)
			b = append(b, "</dd></div>"...)
		}
		b = append(b, "\n</dl>\n</section>"...)
	}
	b = append(b, '\n')
	b = appendListSection(b, "metrics", "How the role is measured", v.Metrics)
	b = append(b, '\n')
	if len(v.Expertise) > 0 {
		b = appendSection(b, "expertise", "Expertise")
		b = appendTags(b, v.Expertise)
		b = append(b, "\n</section>"...)
	}
	b = append(b, '\n')
	if len(v.WorksWith) > 0 {
		b = appendSection(b, "works-with", "Works with")
		b = append(b, "<ul>"...)
		b = appendNoteLinks(b, v.WorksWith)
		b = append(b, "\n</ul>\n</section>"...)
	}
	b = append(b, '\n')
	b = writeMentions(b, v)
	b = append(b, '\n')
	b = appendEdit(b, &v.Common)
	return append(b, "\n</article>\n"...)
}

func writePerson(b []byte, dot any) []byte {
	v, ok := dot.(*PersonView)
	if !ok {
		return nil
	}
	b = append(b, "\n<article class=\"card person\">\n<header>\n<p class=\"card-kind\">Person</p>\n<h1>"...)
	b = appendText(b, v.Title)
	if v.Pronouns != "" {
		b = append(b, " <span class=\"pronouns\">("...)
		b = appendText(b, v.Pronouns)
		b = append(b, ")</span>"...)
	}
	b = append(b, "</h1>\n"...)
	if len(v.Roles) > 0 {
		b = append(b, "<p class=\"lead\">"...)
		for i := range v.Roles {
			if i > 0 {
				b = append(b, "; "...)
			}
			b = appendLink(b, &v.Roles[i])
			if v.Roles[i].Team != nil {
				b = append(b, " in "...)
				b = appendLink(b, v.Roles[i].Team)
			}
		}
		b = append(b, "</p>"...)
	}
	b = append(b, '\n')
	if len(v.Contact) > 0 {
		b = append(b, "\n<dl class=\"page-meta\">\n<div><dt>Contact</dt><dd>"...)
		b = appendHrefs(b, v.Contact)
		b = append(b, "</dd></div>\n</dl>"...)
	}
	b = append(b, "\n</header>\n"...)
	b = appendContentSection(b, "pitch", "In their words", v.Pitch)
	b = append(b, '\n')
	b = appendListSection(b, "ask-me-for", "Ask me for", v.AskMeFor)
	b = append(b, '\n')
	if len(v.Expertise) > 0 {
		b = appendSection(b, "expertise", "Expertise")
		b = appendTags(b, v.Expertise)
		b = append(b, "\n</section>"...)
	}
	b = append(b, '\n')
	if len(v.Mentors) > 0 || len(v.Mentees) > 0 || len(v.WorksWith) > 0 {
		b = appendSection(b, "army", "Their army")
		if len(v.Mentors) > 0 {
			b = append(b, "<h3>Their mentors</h3>"...)
			b = writePeople(b, v.Mentors)
		}
		b = append(b, '\n')
		if len(v.Mentees) > 0 {
			b = append(b, "<h3>They mentor</h3>"...)
			b = writePeople(b, v.Mentees)
		}
		b = append(b, '\n')
		if len(v.WorksWith) > 0 {
			b = append(b, "<h3 id=\"works-with\">Works with, through their roles</h3>\n<dl class=\"army\">"...)
			for i := range v.WorksWith {
				g := &v.WorksWith[i]
				b = append(b, "\n<div><dt><a href=\""...)
				b = appendURL(b, g.URL)
				b = append(b, "\">"...)
				b = appendText(b, g.Text)
				b = append(b, "</a></dt><dd>"...)
				b = writePeople(b, g.Items)
				b = append(b, "</dd></div>"...)
			}
			b = append(b, "\n</dl>"...)
		}
		b = append(b, "\n</section>"...)
	}
	b = append(b, '\n')
	b = writeMentions(b, v)
	b = append(b, '\n')
	b = appendEdit(b, &v.Common)
	return append(b, "\n</article>\n"...)
}

// appendIndexHead is the header and intro of the card index pages.
func appendIndexHead(b []byte, v *IndexView) []byte {
	b = append(b, "\n<article class=\"page index\">\n<header>\n<h1>"...)
	b = appendText(b, v.Title)
	b = append(b, "</h1>"...)
	if v.Description != "" {
		b = append(b, "\n<p class=\"lead\">"...)
		b = appendText(b, v.Description)
		b = append(b, "</p>"...)
	}
	b = append(b, "\n</header>\n"...)
	if v.Content != "" {
		b = append(b, "<div class=\"content\">"...)
		b = append(b, v.Content...)
		b = append(b, "</div>"...)
	}
	return append(b, '\n')
}

func writeTeamsIndex(b []byte, dot any) []byte {
	v, ok := dot.(*IndexView)
	if !ok {
		return nil
	}
	b = appendIndexHead(b, v)
	b = append(b, "<ul class=\"cards\">"...)
	b = appendCardItems(b, v.Items, true, "Lead: ")
	b = append(b, "\n</ul>\n"...)
	if v.Map != nil {
		b = appendSection(b, "team-map", "How the teams work together")
		b = appendTeamMap(b, v.Map)
		b = append(b, "\n</section>"...)
	}
	return append(b, "\n</article>\n"...)
}

func writeRolesIndex(b []byte, dot any) []byte {
	v, ok := dot.(*IndexView)
	if !ok {
		return nil
	}
	b = appendIndexHead(b, v)
	for i := range v.Groups {
		g := &v.Groups[i]
		if g.html != nil {
			b = append(b, g.html...)
			continue
		}
		start := len(b)
		b = append(b, "\n<section aria-labelledby=\"team-"...)
		b = appendText(b, g.ID)
		b = append(b, "\">\n<h2 id=\"team-"...)
		b = appendText(b, g.ID)
		b = append(b, "\">"...)
		if g.URL != "" {
			b = append(b, "<a href=\""...)
			b = appendURL(b, g.URL)
			b = append(b, "\">"...)
			b = appendText(b, g.Text)
			b = append(b, "</a>"...)
		} else {
			b = appendText(b, g.Text)
		}
		b = append(b, "</h2>\n<ul class=\"cards\">"...)
		b = appendCardItems(b, g.Items, true, "")
		b = append(b, "\n</ul>\n</section>\n"...)
		g.html = append([]byte(nil), b[start:]...)
	}
	return append(b, "\n</article>\n"...)
}

func writePeopleIndex(b []byte, dot any) []byte {
	v, ok := dot.(*IndexView)
	if !ok {
		return nil
	}
	b = appendIndexHead(b, v)
	b = append(b, "<ul class=\"cards people-index\">"...)
	for i := range v.Items {
		l := &v.Items[i]
		b = append(b, "\n<li id=\""...)
		b = appendText(b, l.ID)
		b = append(b, "\">"...)
		b = appendLink(b, l)
		if l.Note != "" {
			b = append(b, " <span class=\"pronouns\">("...)
			b = appendText(b, l.Note)
			b = append(b, ")</span>"...)
		}
		if len(l.People) > 0 {
			b = append(b, "<p class=\"holders\">"...)
			b = appendLinks(b, l.People)
			b = append(b, "</p>"...)
		}
		b = append(b, "</li>"...)
	}
	return append(b, "\n</ul>\n</article>\n"...)
}

// appendPronouns appends " <span class="pronouns">(P)</span>" when p is set.
func appendPronouns(b []byte, p string) []byte {
	if p == "" {
		return b
	}
	b = append(b, " <span class=\"pronouns\">("...)
	b = appendText(b, p)
	return append(b, ")</span>"...)
}

func writeDirectory(b []byte, dot any) []byte {
	v, ok := dot.(*DirectoryView)
	if !ok {
		return nil
	}
	b = append(b, "\n<article class=\"page directory\">\n<header>\n<h1>"...)
	b = appendText(b, v.Title)
	b = append(b, "</h1>\n<p class=\"lead\">"...)
	b = appendText(b, v.Description)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(v.Counts.Teams), 10)
	b = append(b, " teams, "...)
	b = strconv.AppendInt(b, int64(v.Counts.Roles), 10)
	b = append(b, " roles, "...)
	b = strconv.AppendInt(b, int64(v.Counts.People), 10)
	b = append(b, " people.</p>\n</header>\n"...)
	b = append(b, "\n<div class=\"filter\" data-filter=\"directory-list\" hidden>\n<label for=\"filter-input\">Filter this page</label>\n<input id=\"filter-input\" type=\"search\" name=\"q\" autocomplete=\"off\" spellcheck=\"false\" placeholder=\"a name, role, team or topic\">\n<p class=\"filter-status\" role=\"status\" aria-live=\"polite\"></p>\n</div>"...)
	b = append(b, "\n<nav class=\"jump\" aria-label=\"Teams in the directory\">\n<ul>"...)
	for i := range v.Teams {
		t := &v.Teams[i]
		b = append(b, "\n<li><a href=\"#team-"...)
		b = appendFragment(b, t.ID)
		b = append(b, "\">"...)
		b = appendText(b, t.Name)
		b = append(b, "</a></li>"...)
	}
	if len(v.Unassigned) > 0 {
		b = append(b, "\n<li><a href=\"#no-role\">Without a role</a></li>"...)
	}
	b = append(b, "\n</ul>\n</nav>\n<div id=\"directory-list\">"...)
	for i := range v.Teams {
		t := &v.Teams[i]
		if t.html != nil {
			b = append(b, t.html...)
			continue
		}
		start := len(b)
		b = appendDirTeam(b, t)
		t.html = append([]byte(nil), b[start:]...)
	}
	if len(v.Unassigned) > 0 {
		b = append(b, "\n<section class=\"directory-team\" data-filter-group aria-labelledby=\"no-role\">\n<h2 id=\"no-role\">Without a role</h2>\n<ul class=\"directory-roles\">"...)
		for i := range v.Unassigned {
			p := &v.Unassigned[i]
			b = append(b, "\n<li data-filter-item=\""...)
			b = appendText(b, p.Filter)
			b = append(b, "\"><a href=\""...)
			b = appendURL(b, p.URL)
			b = append(b, "\">"...)
			b = appendText(b, p.Name)
			b = append(b, "</a>"...)
			b = appendPronouns(b, p.Pronouns)
			b = append(b, "</li>"...)
		}
		b = append(b, "\n</ul>\n</section>"...)
	}
	b = append(b, "\n</div>\n<script src=\""...)
	b = appendURL(b, v.Rel("/assets/directory.js"))
	return append(b, "\" defer></script>\n</article>\n"...)
}

// appendDirTeam appends a team's section of the directory.
func appendDirTeam(b []byte, t *DirTeam) []byte {
	b = append(b, "\n<section class=\"directory-team\" data-filter-group aria-labelledby=\"team-"...)
	b = appendText(b, t.ID)
	b = append(b, "\">\n<h2 id=\"team-"...)
	b = appendText(b, t.ID)
	b = append(b, "\"><a href=\""...)
	b = appendURL(b, t.URL)
	b = append(b, "\">"...)
	b = appendText(b, t.Name)
	b = append(b, "</a></h2>\n<p class=\"note\">"...)
	b = appendText(b, t.Summary)
	if t.Lead != nil {
		b = append(b, " Lead: "...)
		b = appendLink(b, t.Lead)
		b = append(b, '.')
	}
	b = append(b, "</p>\n"...)
	if len(t.Roles) > 0 {
		b = append(b, "<ul class=\"directory-roles\">"...)
		for j := range t.Roles {
			b = appendDirRole(b, &t.Roles[j])
		}
		b = append(b, "\n</ul>"...)
	} else {
		b = append(b, "<p class=\"empty\">No role cards name this team yet.</p>"...)
	}
	b = append(b, "\n</section>"...)
	return b
}

// appendDirRole appends a role's item of the directory.
func appendDirRole(b []byte, x *DirRole) []byte {
	b = append(b, "\n<li id=\"role-"...)
	b = appendText(b, x.ID)
	b = append(b, "\" data-filter-item=\""...)
	b = appendText(b, x.Filter)
	b = append(b, "\"><a class=\"role-title\" href=\""...)
	b = appendURL(b, x.URL)
	b = append(b, "\">"...)
	b = appendText(b, x.Title)
	b = append(b, "</a>"...)
	if len(x.People) > 0 {
		b = append(b, " <span class=\"holders\">"...)
		for i := range x.People {
			p := &x.People[i]
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, "<a href=\""...)
			b = appendURL(b, p.URL)
			b = append(b, "\">"...)
			b = appendText(b, p.Name)
			b = append(b, "</a>"...)
			b = appendPronouns(b, p.Pronouns)
		}
		b = append(b, "</span>"...)
	} else {
		b = append(b, " <span class=\"open-role\">open role, nobody holds it yet</span>"...)
	}
	b = append(b, "\n<p>"...)
	b = appendText(b, x.Summary)
	return append(b, "</p></li>"...)
}
