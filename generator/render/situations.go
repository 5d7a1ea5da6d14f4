package render

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/devrel-handbook/handbook/generator/site"
)

// SituationsView is /situations/: every situation of every role card,
// grouped by the team of the role to bring in (teams by name), then by
// role (by title), each role's situations in the order of its card:
// writers put the common case first.
type SituationsView struct {
	Common
	Groups []SituationGroup
	Count  int
}

// SituationGroup is one team's situations.
type SituationGroup struct {
	ID    string // anchor: "team-<id>"
	URL   string
	Name  string
	Roles []SituationRole
}

// SituationRole is a role to bring in and the situations it is for.
type SituationRole struct {
	Role  Link  // with its holders in People
	Lead  *Link // the team's lead, shown when nobody holds the role
	Items []SituationItem
}

// SituationItem is one "when … do …" entry.
type SituationItem struct {
	ID     string // anchor: "<role-id>-<n>", n counting from 1 in the role card
	When   template.HTML
	Do     template.HTML
	Filter string // extra words the filter matches: role, people, team
}

func (r *renderer) situationsView() *SituationsView {
	const from = "/situations/"
	v := &SituationsView{Common: r.common("situations", from, "Who do I bring in when…",
		"Every situation from the role cards: the role to bring in, who holds it, and the hand-off to do.", "")}
	g := r.g
	for _, t := range sortedTeams(g.Site.Teams) {
		grp := SituationGroup{ID: t.ID, URL: rel(from, t.URL), Name: t.Name}
		for _, x := range g.TeamRoles[t.ID] { // by title
			if len(x.Situations) == 0 {
				continue
			}
			sr := SituationRole{Role: r.link(from, site.Ref{Kind: site.KindRole, ID: x.ID})}
			sr.Role.People = r.people(from, g.RolePeople[x.ID])
			if len(sr.Role.People) == 0 {
				sr.Lead = r.personLink(from, t.Lead)
			}
			words := []string{t.Name, x.Title}
			for _, p := range sr.Role.People {
				words = append(words, p.Text)
			}
			for i, s := range x.Situations {
				sr.Items = append(sr.Items, SituationItem{
					ID:     fmt.Sprintf("%s-%d", x.ID, i+1),
					When:   r.text(s.When, from),
					Do:     r.text(s.Do, from),
					Filter: strings.Join(words, " "),
				})
			}
			v.Count += len(sr.Items)
			grp.Roles = append(grp.Roles, sr)
		}
		if len(grp.Roles) > 0 {
			v.Groups = append(v.Groups, grp)
		}
	}
	r.nav.place(&v.Common, nil)
	return v
}

// teamSituations are the situations of a team's roles, for its page: by
// role title, then in the order of the role card.
func (r *renderer) teamSituations(t *site.Team, from string) []SituationView {
	var out []SituationView
	for _, x := range r.g.TeamRoles[t.ID] {
		l := r.link(from, site.Ref{Kind: site.KindRole, ID: x.ID})
		l.People = r.people(from, r.g.RolePeople[x.ID])
		for _, s := range x.Situations {
			role := l
			out = append(out, SituationView{When: r.text(s.When, from), Do: r.text(s.Do, from), Role: &role})
		}
	}
	return out
}
