package resolve

import (
	"sort"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/site"
)

// Texts is what resolving the texts of one page or card finds: the
// targets of each converted text's links, the pages and cards it
// mentions, and the problems with its links.
type Texts struct {
	Links    map[*markdown.Doc][]Target
	Mentions []site.Ref // sorted by kind, then id
	Diags    diag.List
}

// Relink resolves the texts of x (a *site.Page, *site.Team, *site.Role or
// *site.Person) against g as Site would, without changing g. The dev
// server uses it when only the text of one file changed: if the mentions
// are the ones the old version made, nothing outside the file's own page
// depends on the change, and the new links can be put into g with Replace.
func Relink(g *Graph, x any) Texts {
	r := &resolver{g: &Graph{Site: g.Site, Links: map[*markdown.Doc][]Target{},
		PageByPath: g.PageByPath, PageByURL: g.PageByURL, Team: g.Team, Role: g.Role, Person: g.Person},
		mentions: map[site.Ref]map[site.Ref]bool{}}
	r.linkLevel = r.l.Errorf
	if g.Site.Config.BrokenLinks == "warn" {
		r.linkLevel = r.l.Warnf
	}
	switch v := x.(type) {
	case *site.Page:
		r.pageDoc(v)
	case *site.Team:
		r.teamTexts(v)
	case *site.Role:
		r.roleTexts(v)
	case *site.Person:
		r.personTexts(v)
	}
	t := Texts{Links: r.g.Links, Diags: r.l}
	for to := range r.mentions {
		t.Mentions = append(t.Mentions, to)
	}
	sort.Slice(t.Mentions, func(i, j int) bool {
		a, b := t.Mentions[i], t.Mentions[j]
		return a.Kind < b.Kind || a.Kind == b.Kind && a.ID < b.ID
	})
	return t
}

// Replace swaps the link targets of old texts for new ones in g: the
// second half of Relink's use.
func (g *Graph) Replace(old, new Texts) {
	for d := range old.Links {
		delete(g.Links, d)
	}
	for d, t := range new.Links {
		g.Links[d] = t
	}
}

// Remention moves the mentions made by from off the targets old and onto
// the targets new (each sorted as Relink returns them), keeping each
// target's list in the order Site makes, and returns the targets whose
// lists changed.
func (g *Graph) Remention(from site.Ref, old, new []site.Ref) []site.Ref {
	var changed []site.Ref
	in := func(list []site.Ref, x site.Ref) bool {
		for _, y := range list {
			if y == x {
				return true
			}
		}
		return false
	}
	for _, to := range old {
		if in(new, to) {
			continue
		}
		list := g.MentionedIn[to]
		for i, f := range list {
			if f == from {
				list = append(list[:i:i], list[i+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(g.MentionedIn, to)
		} else {
			g.MentionedIn[to] = list
		}
		changed = append(changed, to)
	}
	for _, to := range new {
		if in(old, to) {
			continue
		}
		list := append(g.MentionedIn[to][:len(g.MentionedIn[to]):len(g.MentionedIn[to])], from)
		sort.Slice(list, func(i, j int) bool {
			a, b := g.Title(list[i]), g.Title(list[j])
			return a < b || (a == b && list[i].ID < list[j].ID)
		})
		g.MentionedIn[to] = list
		changed = append(changed, to)
	}
	return changed
}
