package resolve

import (
	"fmt"
	"sort"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/site"
)

func (r *resolver) ids(k site.Kind) []string {
	var out []string
	switch k {
	case site.KindTeam:
		for id := range r.g.Team {
			out = append(out, id)
		}
	case site.KindRole:
		for id := range r.g.Role {
			out = append(out, id)
		}
	case site.KindPerson:
		for id := range r.g.Person {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func (r *resolver) exists(k site.Kind, id string) bool {
	switch k {
	case site.KindTeam:
		return r.g.Team[id] != nil
	case site.KindRole:
		return r.g.Role[id] != nil
	case site.KindPerson:
		return r.g.Person[id] != nil
	}
	return false
}

// missing reports a reference to a card that does not exist.
func (r *resolver) missing(pos diag.Position, k site.Kind, id string) {
	fix := fmt.Sprintf("add content/%s/%s.yaml or fix the id", site.CardDir(k), id)
	if c := diag.Closest(id, r.ids(k)); c != "" {
		fix = fmt.Sprintf("did you mean %q?", c)
	}
	r.l.Errorf(pos, fix, "%s %q does not exist", k, id)
}

// ref checks one card reference and reports whether it resolves.
func (r *resolver) ref(k site.Kind, id site.ID) bool {
	if id.ID == "" {
		return false
	}
	if !r.exists(k, id.ID) {
		r.missing(id.Pos, k, id.ID)
		return false
	}
	return true
}

func (r *resolver) owner(id site.ID, what site.Ref) {
	if r.ref(site.KindPerson, id) {
		r.g.OwnerOf[id.ID] = append(r.g.OwnerOf[id.ID], what)
	}
}

// cards checks every card field that names another card and builds the
// relations between cards.
func (r *resolver) cards() {
	g := r.g
	s := g.Site
	teamLinks := map[string]map[string]bool{}
	addTeamLink := func(a, b string) {
		if teamLinks[a] == nil {
			teamLinks[a] = map[string]bool{}
		}
		teamLinks[a][b] = true
	}
	for _, t := range s.Teams {
		r.ref(site.KindPerson, t.Lead)
		r.owner(t.Owner, site.Ref{Kind: site.KindTeam, ID: t.ID})
		for _, w := range t.WorksWith {
			if w.ID == t.ID {
				r.l.Errorf(w.Pos, "remove it", "team %q lists itself in works_with", t.ID)
				continue
			}
			if r.ref(site.KindTeam, w) {
				addTeamLink(t.ID, w.ID)
				addTeamLink(w.ID, t.ID)
			}
		}
	}
	for id, set := range teamLinks {
		for o := range set {
			g.TeamWorksWith[id] = append(g.TeamWorksWith[id], g.Team[o])
		}
		sortTeams(g.TeamWorksWith[id])
	}

	holders := map[string]map[string]bool{}
	hold := func(role, person string) {
		if holders[role] == nil {
			holders[role] = map[string]bool{}
		}
		holders[role][person] = true
	}
	roleLinks := map[string]map[string]bool{}
	for _, x := range s.Roles {
		if r.ref(site.KindTeam, x.Team) {
			g.TeamRoles[x.Team.ID] = append(g.TeamRoles[x.Team.ID], x)
		}
		r.owner(x.Owner, site.Ref{Kind: site.KindRole, ID: x.ID})
		for _, p := range x.People {
			if r.ref(site.KindPerson, p) {
				hold(x.ID, p.ID)
			}
		}
		for _, w := range x.WorksWith {
			if w.ID == x.ID {
				r.l.Errorf(w.Pos, "remove it", "role %q lists itself in works_with", x.ID)
				continue
			}
			if r.ref(site.KindRole, w) {
				for _, pair := range [][2]string{{x.ID, w.ID}, {w.ID, x.ID}} {
					if roleLinks[pair[0]] == nil {
						roleLinks[pair[0]] = map[string]bool{}
					}
					roleLinks[pair[0]][pair[1]] = true
				}
			}
		}
	}
	for id, set := range roleLinks {
		for o := range set {
			g.RoleWorksWith[id] = append(g.RoleWorksWith[id], g.Role[o])
		}
		sortRoles(g.RoleWorksWith[id])
	}
	for _, p := range s.People {
		for _, x := range p.Roles {
			if r.ref(site.KindRole, x) {
				hold(x.ID, p.ID)
			}
		}
		for _, m := range p.Mentors {
			if m.ID == p.ID {
				r.l.Errorf(m.Pos, "remove it", "%q lists themself as a mentor", p.ID)
				continue
			}
			if r.ref(site.KindPerson, m) {
				g.Mentees[m.ID] = append(g.Mentees[m.ID], p)
			}
		}
		r.owner(p.Owner, site.Ref{Kind: site.KindPerson, ID: p.ID})
	}
	for _, x := range s.Roles {
		teamPeople := map[string]bool{}
		for pid := range holders[x.ID] {
			g.RolePeople[x.ID] = append(g.RolePeople[x.ID], g.Person[pid])
			g.PersonRoles[pid] = append(g.PersonRoles[pid], x)
			teamPeople[pid] = true
		}
		sortPeople(g.RolePeople[x.ID])
		if t := x.Team.ID; g.Team[t] != nil {
			for pid := range teamPeople {
				if !containsPerson(g.TeamPeople[t], pid) {
					g.TeamPeople[t] = append(g.TeamPeople[t], g.Person[pid])
				}
			}
		}
	}
	for id := range g.TeamPeople {
		sortPeople(g.TeamPeople[id])
	}
	for id := range g.PersonRoles {
		sortRoles(g.PersonRoles[id])
	}
	for id := range g.Mentees {
		sortPeople(g.Mentees[id])
	}
	for id := range g.TeamRoles {
		sortRoles(g.TeamRoles[id])
	}
}

// sortTeams and sortRoles order cards by name or title, and cards of the
// same name by id: some lists are collected from maps, and the output
// must not depend on their order.
func sortTeams(ts []*site.Team) {
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].Name != ts[j].Name {
			return ts[i].Name < ts[j].Name
		}
		return ts[i].ID < ts[j].ID
	})
}

func sortRoles(xs []*site.Role) {
	sort.Slice(xs, func(i, j int) bool {
		if xs[i].Title != xs[j].Title {
			return xs[i].Title < xs[j].Title
		}
		return xs[i].ID < xs[j].ID
	})
}

func sortPeople(ps []*site.Person) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Name != ps[j].Name {
			return ps[i].Name < ps[j].Name
		}
		return ps[i].ID < ps[j].ID
	})
}

func containsPerson(ps []*site.Person, id string) bool {
	for _, p := range ps {
		if p.ID == id {
			return true
		}
	}
	return false
}

// Title returns the display name of a page or card.
func (g *Graph) Title(ref site.Ref) string {
	switch ref.Kind {
	case site.KindTeam:
		if t := g.Team[ref.ID]; t != nil {
			return t.Name
		}
	case site.KindRole:
		if x := g.Role[ref.ID]; x != nil {
			return x.Title
		}
	case site.KindPerson:
		if p := g.Person[ref.ID]; p != nil {
			return p.Name
		}
	case site.KindPage:
		if p := g.PageByPath[ref.ID]; p != nil {
			return p.Title
		}
	}
	return ref.ID
}

// URL returns the site-root URL of a page or card.
func (g *Graph) URL(ref site.Ref) string {
	if ref.Kind == site.KindPage {
		if p := g.PageByPath[ref.ID]; p != nil {
			return p.URL
		}
		return "/"
	}
	return site.CardURL(ref.Kind, ref.ID)
}
