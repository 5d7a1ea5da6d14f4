package render

import (
	"html"
	"sort"
	"strings"
	"unicode"

	"github.com/devrel-handbook/handbook/generator/site"
)

// The directory pages answer "who do I ask?": /directory/ (every team, its
// roles and their people on one page), /situations/ (who to bring in
// when…), /expertise/ (who knows what), /maintenance/ (what needs review)
// and directory.json (the same for tools). This file holds the directory
// and what they share.

// page gives the page views of this file the Common that exec needs.

// directoryJobs are the render jobs of the directory pages.
func (r *renderer) directoryJobs() []func() (string, []byte, error) {
	return append(r.listJobs(), r.maintenanceJob)
}

// listJobs are the directory pages that show the cards' fields.
func (r *renderer) listJobs() []func() (string, []byte, error) {
	return []func() (string, []byte, error){
		r.listJob("directory"), r.listJob("situations"), r.listJob("expertise"), r.listJob("directory.json"),
	}
}

// listJob is the one of listJobs that makes output name ("directory",
// "situations", "expertise" or "directory.json").
func (r *renderer) listJob(name string) func() (string, []byte, error) {
	switch name {
	case "directory":
		return func() (string, []byte, error) {
			v := r.directoryView()
			out, data, err := r.exec("directory", v, "templates/directory.html")
			if err == nil && (r.cache != nil || r.dirTeams != nil) {
				// Keep the teams' sections for the next quick rebuild.
				r.dirTeams = make(map[string]*DirTeam, len(v.Teams))
				for i := range v.Teams {
					r.dirTeams[v.Teams[i].ID] = &v.Teams[i]
				}
			}
			return out, data, err
		}
	case "situations":
		return func() (string, []byte, error) {
			return r.exec("situations", r.situationsView(), "templates/situations.html")
		}
	case "expertise":
		return func() (string, []byte, error) {
			return r.exec("expertise", r.expertiseView(), "templates/expertise.html")
		}
	}
	return r.exportJSON
}

// maintenanceJob renders /maintenance/, made from the health findings.
func (r *renderer) maintenanceJob() (string, []byte, error) {
	return r.exec("maintenance", r.maintenanceView(), "templates/maintenance.html")
}

// DirectoryView is /directory/.
type DirectoryView struct {
	Common
	Teams      []DirTeam
	Unassigned []DirPerson // people who hold no role
	Counts     Counts
}

// Counts are the sizes of a directory, for its intro line.
type Counts struct{ Teams, Roles, People int }

// DirTeam is a team in the directory.
type DirTeam struct {
	ID      string // anchor: "team-<id>"
	URL     string
	Name    string
	Summary string
	Lead    *Link
	Roles   []DirRole

	// html is the team's section as the built-in layout writes it, once
	// written: a quick rebuild that did not change the team, its roles or
	// their holders writes it again as it was (writeDirectory).
	html []byte
}

// DirRole is a role in the directory, with its holders.
type DirRole struct {
	ID      string // anchor: "role-<id>"
	URL     string
	Title   string
	Summary string
	People  []DirPerson
	Filter  string // extra words the filter matches: team, expertise
}

// DirPerson is a person listed in the directory.
type DirPerson struct {
	URL      string
	Name     string
	Pronouns string
	Filter   string
}

func (r *renderer) directoryView() *DirectoryView {
	const from = "/directory/"
	v := &DirectoryView{Common: r.common("directory", from, "Directory", "Every team, its roles and the people in each, on one page.", "")}
	g := r.g
	for _, t := range sortedTeams(g.Site.Teams) {
		if dt := r.dirTeams[t.ID]; dt != nil && !r.dirtyTeams[t.ID] {
			v.Teams = append(v.Teams, *dt)
			continue
		}
		dt := DirTeam{ID: t.ID, URL: rel(from, t.URL), Name: t.Name, Summary: t.Summary, Lead: r.personLink(from, t.Lead)}
		for _, x := range g.TeamRoles[t.ID] {
			dr := DirRole{ID: x.ID, URL: rel(from, x.URL), Title: x.Title, Summary: x.Summary}
			words := []string{t.Name}
			words = append(words, x.Expertise...)
			for _, p := range g.RolePeople[x.ID] {
				dr.People = append(dr.People, DirPerson{URL: rel(from, p.URL), Name: p.Name, Pronouns: p.Pronouns})
				words = append(words, p.Expertise...)
			}
			dr.Filter = strings.Join(words, " ")
			dt.Roles = append(dt.Roles, dr)
		}
		v.Teams = append(v.Teams, dt)
	}
	var unassigned []*site.Person // sorted once picked: most people hold a role
	for _, p := range g.Site.People {
		if len(g.PersonRoles[p.ID]) == 0 {
			unassigned = append(unassigned, p)
		}
	}
	for _, p := range sortedPeople(unassigned) {
		v.Unassigned = append(v.Unassigned, DirPerson{URL: rel(from, p.URL), Name: p.Name, Pronouns: p.Pronouns, Filter: strings.Join(p.Expertise, " ")})
	}
	v.Counts = Counts{Teams: len(g.Site.Teams), Roles: len(g.Site.Roles), People: len(g.Site.People)}
	r.nav.place(&v.Common, nil)
	return v
}

func sortedTeams(ts []*site.Team) []*site.Team {
	out := append([]*site.Team(nil), ts...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func sortedPeople(ps []*site.Person) []*site.Person {
	out := append([]*site.Person(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// plain turns rendered inline HTML into plain text: for sorting, filters
// and directory.json.
func plain(h string) string {
	s := tagRE.ReplaceAllString(h, "")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// fold is the key plain texts are sorted by: case ignored.
func fold(s string) string { return strings.ToLower(s) }

// slug makes an anchor from a text: lower-case letters and digits of any
// script, other runs of characters as one "-".
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// army returns the people p works with through the works_with of p's
// roles, grouped by the team of their role (teams by name), each person
// once per team with the roles that connect them as the note.
func (r *renderer) army(p *site.Person, from string) []Group {
	g := r.g
	via := map[string]map[string][]string{} // team id → person id → role titles
	for _, mine := range g.PersonRoles[p.ID] {
		for _, o := range g.RoleWorksWith[mine.ID] {
			for _, q := range g.RolePeople[o.ID] {
				if q.ID == p.ID {
					continue
				}
				t := o.Team.ID
				if via[t] == nil {
					via[t] = map[string][]string{}
				}
				if !containsString(via[t][q.ID], o.Title) {
					via[t][q.ID] = append(via[t][q.ID], o.Title)
				}
			}
		}
	}
	var out []Group
	for _, t := range sortedTeams(g.Site.Teams) {
		people := via[t.ID]
		if len(people) == 0 {
			continue
		}
		grp := Group{ID: t.ID, URL: rel(from, t.URL), Text: t.Name}
		var ps []*site.Person
		for id := range people {
			ps = append(ps, g.Person[id])
		}
		for _, q := range sortedPeople(ps) {
			l := r.link(from, site.Ref{Kind: site.KindPerson, ID: q.ID})
			titles := people[q.ID]
			sort.Strings(titles)
			l.Note = strings.Join(titles, ", ")
			grp.Items = append(grp.Items, l)
		}
		out = append(out, grp)
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
