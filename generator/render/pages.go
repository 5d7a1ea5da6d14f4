package render

import (
	"path"
	"sort"
	"strings"

	"github.com/devrel-handbook/handbook/generator/site"
)

func (r *renderer) pageView(p *site.Page, kind string) *PageView {
	editPath := p.Path
	if p.Implicit {
		editPath = ""
	}
	v := &PageView{Common: r.common(kind, p.URL, p.Title, p.Description, editPath)}
	v.Content = r.fill(p.Doc, p.URL)
	if p.Doc != nil {
		for _, h := range p.Doc.Headings {
			if h.Level == 2 || h.Level == 3 {
				v.TOC = append(v.TOC, TOCItem{Level: h.Level, ID: h.ID, Text: h.Text})
			}
		}
	}
	v.Owner = r.personLink(p.URL, p.Owner)
	v.LastReviewed = p.LastReviewed.String()
	for _, t := range p.Teams {
		if r.g.Team[t.ID] != nil {
			v.Teams = append(v.Teams, r.link(p.URL, site.Ref{Kind: site.KindTeam, ID: t.ID}))
		}
	}
	v.Tags = tagLinks(p.URL, p.Tags)
	if !p.LastChanged.IsZero() {
		v.LastChanged = p.LastChanged.Format("2006-01-02")
	}
	v.Lang = PageLang(p)
	v.MentionedIn = r.mentions(p.URL, site.Ref{Kind: site.KindPage, ID: p.Path})
	r.nav.place(&v.Common, p)
	if p.Section {
		for _, c := range r.nav.items(p.Dir) {
			v.Children = append(v.Children, Link{URL: rel(p.URL, c.URL), Text: c.Title, Note: c.Description})
		}
	}
	v.Prev, v.Next = r.nav.siblings(p)
	if v.Prev != nil {
		v.Prev.URL = rel(p.URL, v.Prev.URL)
	}
	if v.Next != nil {
		v.Next.URL = rel(p.URL, v.Next.URL)
	}
	return v
}

func (r *renderer) teamView(t *site.Team) *TeamView {
	from := t.URL
	v := &TeamView{Common: r.common("team", from, t.Name, t.Summary, "teams/"+path.Base(t.File))}
	v.Summary = t.Summary
	v.Mission = r.text(t.Mission, from)
	v.Lead = r.personLink(from, t.Lead)
	for _, c := range t.Channels {
		v.Channels = append(v.Channels, Link{URL: c.URL, Text: c.Label})
	}
	v.Owner = r.personLink(from, t.Owner)
	v.LastReviewed = t.LastReviewed.String()
	for _, x := range r.g.TeamRoles[t.ID] {
		l := r.link(from, site.Ref{Kind: site.KindRole, ID: x.ID})
		l.Note = x.Summary
		l.People = r.people(from, r.g.RolePeople[x.ID])
		v.Roles = append(v.Roles, l)
	}
	v.People = r.people(from, r.g.TeamPeople[t.ID])
	for i, p := range r.g.TeamPeople[t.ID] {
		var names []string
		for _, x := range r.g.PersonRoles[p.ID] {
			if x.Team.ID == t.ID {
				names = append(names, x.Title)
			}
		}
		v.People[i].Note = strings.Join(names, ", ")
	}
	for _, o := range r.g.TeamWorksWith[t.ID] {
		l := r.link(from, site.Ref{Kind: site.KindTeam, ID: o.ID})
		l.Note = o.Summary
		v.WorksWith = append(v.WorksWith, l)
	}
	v.pages = r.teamPageList(t, from)
	v.Pages = v.pages.links
	v.Situations = r.teamSituations(t, from)
	v.Map = r.teamMap(t, from)
	v.MentionedIn = r.mentions(from, site.Ref{Kind: site.KindTeam, ID: t.ID})
	r.nav.place(&v.Common, nil)
	return v
}

// teamPageList returns the list of team t's pages, made once per renderer
// in a live session (a quick rebuild of a team's page lists its ~800 pages
// again at 10k) and every time otherwise.
func (r *renderer) teamPageList(t *site.Team, from string) *teamPages {
	r.teamPagesMu.Lock()
	keep := r.cache != nil || r.teamPages != nil
	tp := r.teamPages[t.ID]
	r.teamPagesMu.Unlock()
	if tp != nil {
		return tp
	}
	tp = &teamPages{}
	for _, p := range r.g.TeamPages[t.ID] {
		tp.links = append(tp.links, Link{URL: rel(from, p.URL), Text: p.Title, Note: p.Description})
	}
	if keep {
		r.teamPagesMu.Lock()
		if r.teamPages == nil {
			r.teamPages = map[string]*teamPages{}
		}
		r.teamPages[t.ID] = tp
		r.teamPagesMu.Unlock()
	}
	return tp
}

func (r *renderer) roleView(x *site.Role) *RoleView {
	from := x.URL
	v := &RoleView{Common: r.common("role", from, x.Title, x.Summary, "roles/"+path.Base(x.File))}
	if r.g.Team[x.Team.ID] != nil {
		l := r.link(from, site.Ref{Kind: site.KindTeam, ID: x.Team.ID})
		v.Team = &l
	}
	v.Summary = x.Summary
	v.WhatWeDo = r.text(x.WhatWeDo, from)
	v.DayToDay = r.texts(x.DayToDay, from)
	v.AskMeFor = r.texts(x.AskMeFor, from)
	v.NotFor = r.texts(x.NotFor, from)
	v.Metrics = r.texts(x.Metrics, from)
	v.Expertise = x.Expertise
	for _, s := range x.Situations {
		v.Situations = append(v.Situations, SituationView{When: r.text(s.When, from), Do: r.text(s.Do, from)})
	}
	for _, o := range r.g.RoleWorksWith[x.ID] {
		l := r.link(from, site.Ref{Kind: site.KindRole, ID: o.ID})
		if t := r.g.Team[o.Team.ID]; t != nil {
			l.Note = t.Name
		}
		v.WorksWith = append(v.WorksWith, l)
	}
	v.People = r.people(from, r.g.RolePeople[x.ID])
	v.Owner = r.personLink(from, x.Owner)
	v.LastReviewed = x.LastReviewed.String()
	v.MentionedIn = r.mentions(from, site.Ref{Kind: site.KindRole, ID: x.ID})
	r.nav.place(&v.Common, nil)
	return v
}

func (r *renderer) personView(p *site.Person) *PersonView {
	from := p.URL
	desc := ""
	if p.Pitch != nil && p.Pitch.Doc != nil {
		desc = firstSentence(p.Pitch.Doc.HTML)
	}
	v := &PersonView{Common: r.common("person", from, p.Name, desc, "people/"+path.Base(p.File))}
	v.Pronouns = p.Pronouns
	for _, x := range r.g.PersonRoles[p.ID] {
		l := r.link(from, site.Ref{Kind: site.KindRole, ID: x.ID})
		if r.g.Team[x.Team.ID] != nil {
			tl := r.link(from, site.Ref{Kind: site.KindTeam, ID: x.Team.ID})
			l.Team = &tl
		}
		v.Roles = append(v.Roles, l)
	}
	v.Pitch = r.text(p.Pitch, from)
	v.AskMeFor = r.texts(p.AskMeFor, from)
	v.Expertise = p.Expertise
	for _, c := range p.Contact {
		v.Contact = append(v.Contact, Link{URL: c.URL, Text: c.Label})
	}
	for _, m := range p.Mentors {
		if r.g.Person[m.ID] != nil {
			v.Mentors = append(v.Mentors, r.link(from, site.Ref{Kind: site.KindPerson, ID: m.ID}))
		}
	}
	v.Mentees = r.people(from, r.g.Mentees[p.ID])
	v.WorksWith = r.army(p, from)
	v.MentionedIn = r.mentions(from, site.Ref{Kind: site.KindPerson, ID: p.ID})
	r.nav.place(&v.Common, nil)
	return v
}

func (r *renderer) index(kind, url, title string, intro *site.Page) *IndexView {
	desc := ""
	editPath := ""
	if intro != nil {
		title, desc, editPath = intro.Title, intro.Description, intro.Path
	}
	v := &IndexView{Common: r.common(kind, url, title, desc, editPath)}
	if intro != nil {
		v.Content = r.fill(intro.Doc, url)
		v.MentionedIn = r.mentions(url, site.Ref{Kind: site.KindPage, ID: intro.Path})
	}
	r.nav.place(&v.Common, nil)
	return v
}

func (r *renderer) teamsIndex() *IndexView {
	v := r.index("teams", "/teams/", "Teams", r.g.Site.TeamsIndex)
	for _, t := range r.g.Site.Teams {
		l := r.link(v.URL, site.Ref{Kind: site.KindTeam, ID: t.ID})
		l.Note = t.Summary
		if lead := r.personLink(v.URL, t.Lead); lead != nil {
			l.People = []Link{*lead}
		}
		v.Items = append(v.Items, l)
	}
	sort.SliceStable(v.Items, func(i, j int) bool { return v.Items[i].Text < v.Items[j].Text })
	v.Map = r.teamsMap(v.URL)
	return v
}

func (r *renderer) rolesIndex() *IndexView {
	v := r.index("roles", "/roles/", "Roles", r.g.Site.RolesIndex)
	teams := append([]*site.Team(nil), r.g.Site.Teams...)
	sort.SliceStable(teams, func(i, j int) bool { return teams[i].Name < teams[j].Name })
	for _, t := range teams {
		if g := r.roleGroups[t.ID]; g != nil && !r.dirtyTeams[t.ID] {
			v.Groups = append(v.Groups, *g)
			continue
		}
		g := Group{ID: t.ID, URL: rel(v.URL, t.URL), Text: t.Name}
		for _, x := range r.g.TeamRoles[t.ID] {
			l := r.link(v.URL, site.Ref{Kind: site.KindRole, ID: x.ID})
			l.Note = x.Summary
			l.People = r.people(v.URL, r.g.RolePeople[x.ID])
			g.Items = append(g.Items, l)
		}
		if len(g.Items) > 0 {
			v.Groups = append(v.Groups, g)
		}
	}
	var orphans Group
	for _, x := range r.g.Site.Roles {
		if r.g.Team[x.Team.ID] == nil {
			l := r.link(v.URL, site.Ref{Kind: site.KindRole, ID: x.ID})
			l.Note = x.Summary
			orphans.Items = append(orphans.Items, l)
		}
	}
	if len(orphans.Items) > 0 {
		orphans.ID, orphans.Text = "no-team", "No team"
		v.Groups = append(v.Groups, orphans)
	}
	return v
}

// rolesIndexJob renders /roles/. A live session keeps its team groups,
// with their bytes once written, and a quick rebuild makes again only the
// groups of the teams whose roles changed.
func (r *renderer) rolesIndexJob() (string, []byte, error) {
	v := r.rolesIndex()
	out, data, err := r.exec("roles", v, "roles/index.md")
	if err == nil && (r.cache != nil || r.roleGroups != nil) {
		r.roleGroups = make(map[string]*Group, len(v.Groups))
		for i := range v.Groups {
			if v.Groups[i].URL != "" { // a team's, not the roles without one
				r.roleGroups[v.Groups[i].ID] = &v.Groups[i]
			}
		}
	}
	return out, data, err
}

func (r *renderer) peopleIndex() *IndexView {
	v := r.index("people", "/people/", "People", r.g.Site.PeopleIndex)
	people := append([]*site.Person(nil), r.g.Site.People...)
	sort.SliceStable(people, func(i, j int) bool { return people[i].Name < people[j].Name })
	for _, p := range people {
		l := r.link(v.URL, site.Ref{Kind: site.KindPerson, ID: p.ID})
		l.Note = p.Pronouns
		for _, x := range r.g.PersonRoles[p.ID] {
			l.People = append(l.People, r.link(v.URL, site.Ref{Kind: site.KindRole, ID: x.ID}))
		}
		v.Items = append(v.Items, l)
	}
	return v
}

func (r *renderer) notFound() *IndexView {
	v := &IndexView{Common: r.common("404", "/404.html", "Page not found", "", "")}
	v.abs = true
	v.Canonical = ""
	r.nav.place(&v.Common, nil)
	return v
}
