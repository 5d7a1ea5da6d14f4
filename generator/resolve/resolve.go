// Package resolve owns the links between things: it checks every reference
// a card or page makes (card fields, [[kind:id]] references, relative and
// site-root links with their #anchors), decides each link's target URL and
// text, and derives the relations the pages show: a team's roles and
// people, a role's holders, mentors and mentees, works_with on both sides,
// and what mentions each page and card. It is pure: the site model in, a
// Graph and diagnostics out.
package resolve

import (
	"sort"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/site"
)

// Target is where one link of a converted text goes.
type Target struct {
	URL    string    // site-root URL with any #fragment; "" when broken
	Text   string    // for [[…]] references: the text to show (plain text)
	Kind   site.Kind // for [[…]] references: the kind of thing linked
	Wiki   bool
	Broken bool
}

// Alias is a redirect from an old URL to a page.
type Alias struct {
	From string // site-root URL, "/old/booth/"
	To   *site.Page
}

// Graph is the resolved site.
type Graph struct {
	Site *site.Site

	Links map[*markdown.Doc][]Target

	PageByPath map[string]*site.Page
	PageByURL  map[string]*site.Page
	Team       map[string]*site.Team
	Role       map[string]*site.Role
	Person     map[string]*site.Person

	TeamRoles     map[string][]*site.Role
	TeamPeople    map[string][]*site.Person
	TeamPages     map[string][]*site.Page
	TeamWorksWith map[string][]*site.Team // declared on either side
	RolePeople    map[string][]*site.Person
	RoleWorksWith map[string][]*site.Role // declared on either side
	PersonRoles   map[string][]*site.Role
	Mentees       map[string][]*site.Person
	OwnerOf       map[string][]site.Ref

	MentionedIn map[site.Ref][]site.Ref

	Aliases []Alias

	// Today is the date staleness is measured against (Health, the
	// maintenance page). Site leaves it zero; the caller sets it.
	Today time.Time
}

// GeneratedURLs are pages the render stage makes that content may link to.
var GeneratedURLs = []string{"/teams/", "/roles/", "/people/", "/directory/", "/situations/", "/expertise/", "/maintenance/", "/tags/", "/search/"}

type resolver struct {
	g         *Graph
	l         diag.List
	linkLevel func(pos diag.Position, fix, format string, args ...any)
	pagePaths []string // written pages' paths, for suggestions; made on first use
	mentions  map[site.Ref]map[site.Ref]bool
}

// Site resolves s.
func Site(s *site.Site) (*Graph, diag.List) {
	g := &Graph{
		Site:          s,
		Links:         map[*markdown.Doc][]Target{},
		PageByPath:    map[string]*site.Page{},
		PageByURL:     map[string]*site.Page{},
		Team:          map[string]*site.Team{},
		Role:          map[string]*site.Role{},
		Person:        map[string]*site.Person{},
		TeamRoles:     map[string][]*site.Role{},
		TeamPeople:    map[string][]*site.Person{},
		TeamPages:     map[string][]*site.Page{},
		TeamWorksWith: map[string][]*site.Team{},
		RolePeople:    map[string][]*site.Person{},
		RoleWorksWith: map[string][]*site.Role{},
		PersonRoles:   map[string][]*site.Role{},
		Mentees:       map[string][]*site.Person{},
		OwnerOf:       map[string][]site.Ref{},
		MentionedIn:   map[site.Ref][]site.Ref{},
	}
	r := &resolver{g: g, mentions: map[site.Ref]map[site.Ref]bool{}}
	r.linkLevel = r.l.Errorf
	if s.Config.BrokenLinks == "warn" {
		r.linkLevel = r.l.Warnf
	}
	for _, p := range s.AllPages() {
		g.PageByPath[p.Path] = p
		g.PageByURL[p.URL] = p
	}
	for _, t := range s.Teams {
		g.Team[t.ID] = t
	}
	for _, x := range s.Roles {
		g.Role[x.ID] = x
	}
	for _, p := range s.People {
		g.Person[p.ID] = p
	}
	r.cards()
	r.pages()
	r.texts()
	for to, froms := range r.mentions {
		refs := make([]site.Ref, 0, len(froms))
		for f := range froms {
			refs = append(refs, f)
		}
		sort.Slice(refs, func(i, j int) bool {
			return r.g.Title(refs[i]) < r.g.Title(refs[j]) || (r.g.Title(refs[i]) == r.g.Title(refs[j]) && refs[i].ID < refs[j].ID)
		})
		g.MentionedIn[to] = refs
	}
	return g, r.l
}

// paths returns the paths of the written pages, for "did you mean".
func (r *resolver) paths() []string {
	if r.pagePaths == nil {
		r.pagePaths = []string{}
		for _, p := range r.g.Site.AllPages() {
			if !p.Implicit {
				r.pagePaths = append(r.pagePaths, p.Path)
			}
		}
	}
	return r.pagePaths
}
