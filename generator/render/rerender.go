package render

import (
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/site"
)

// Change is what a quick rebuild of the dev server changed: the text of
// pages and the fields of cards that no other page's links, lists or
// navigation read, except the lists this file knows about. The caller has
// already put the new values into the graph of the last render (whose
// pages and cards are updated in place, so the navigation and every
// relation still point at them).
type Change struct {
	Pages []*site.Page
	Cards []site.Ref
	// Mentioned are the pages and cards whose "mentioned in" lists
	// changed; only their own pages show those lists.
	Mentioned []site.Ref
	// Maintenance is set when the health findings changed.
	Maintenance bool
	// Fields says which fields of each card in Cards changed.
	Fields map[site.Ref]Field
}

// Field is a set of card fields that a quick rebuild can take in: the
// ones that are not part of a card's shape. Each shows on its card's
// own page and in the search index, and some on other pages too.
type Field uint32

const (
	FieldSummary    Field = 1 << iota // team, role: indexes, directory, related teams
	FieldText                         // mission, what_we_do, day_to_day, metrics, pitch: own page only
	FieldNotFor                       // role: directory.json
	FieldAskMeFor                     // role, person: expertise ("ask us about"), directory.json
	FieldExpertise                    // role, person: expertise, directory filter, directory.json
	FieldSituations                   // role: situations, its team's page, directory.json
	FieldChannels                     // team: directory.json
	FieldPronouns                     // person: people index, directory, directory.json
	FieldContact                      // person: directory.json
)

// Rerender renders again, with the renderer of the last good render, the
// outputs that ch can have changed, and hands them to emit; it returns
// false when there is no good render to start from (then render the
// whole site). A page's text shows on its own page and in the search
// index; a card's fields on its own page, the search index, and the
// pages and lists each field is shown on (see Field); a change of
// mentions on the pages and cards mentioned.
//
// removed lists the outputs that are no longer part of the site.
func (c *Cache) Rerender(ch Change, emit Emit) (removed []string, l diag.List, ok bool, err error) {
	if c == nil {
		return nil, nil, false, nil
	}
	c.mu.Lock()
	r := c.last
	c.mu.Unlock()
	if r == nil {
		return nil, nil, false, nil
	}
	g := r.g
	var jobs []func() (string, []byte, error)
	seen := map[site.Ref]bool{}
	card := func(ref site.Ref) {
		if seen[ref] {
			return
		}
		seen[ref] = true
		switch ref.Kind {
		case site.KindTeam:
			if t := g.Team[ref.ID]; t != nil {
				jobs = append(jobs, func() (string, []byte, error) { return r.exec("team", r.teamView(t), t.File) })
			}
		case site.KindRole:
			if x := g.Role[ref.ID]; x != nil {
				jobs = append(jobs, func() (string, []byte, error) { return r.exec("role", r.roleView(x), x.File) })
			}
		case site.KindPerson:
			if p := g.Person[ref.ID]; p != nil {
				jobs = append(jobs, func() (string, []byte, error) { return r.exec("person", r.personView(p), p.File) })
			}
		}
	}
	team := func(id string) { card(site.Ref{Kind: site.KindTeam, ID: id}) }
	lists := map[string]bool{}
	list := func(name string) { // a card index or a directory list, once
		if lists[name] {
			return
		}
		lists[name] = true
		switch name {
		case "teams":
			jobs = append(jobs, func() (string, []byte, error) { return r.exec("teams", r.teamsIndex(), "teams/index.md") })
		case "roles":
			jobs = append(jobs, r.rolesIndexJob)
		case "people":
			jobs = append(jobs, func() (string, []byte, error) { return r.exec("people", r.peopleIndex(), "people/index.md") })
		default:
			jobs = append(jobs, r.listJob(name))
		}
	}
	pages := map[*site.Page]bool{}
	page := func(p *site.Page) {
		if p == nil || pages[p] {
			return
		}
		pages[p] = true
		switch p {
		case g.Site.TeamsIndex: // a card folder's intro is its index page
			list("teams")
		case g.Site.RolesIndex:
			list("roles")
		case g.Site.PeopleIndex:
			list("people")
		default:
			jobs = append(jobs, r.pageJob(p))
		}
	}
	for _, p := range ch.Pages {
		page(p)
	}
	for _, ref := range ch.Mentioned {
		if ref.Kind == site.KindPage {
			page(g.PageByPath[ref.ID])
		} else {
			card(ref)
		}
	}
	r.exportDirty = map[string]bool{}
	r.exportDirtyRoles = map[string]bool{}
	r.dirtyTeams = map[string]bool{}
	for _, ref := range ch.Cards {
		card(ref)
		f := ch.Fields[ref]
		switch {
		case ref.Kind == site.KindTeam:
			r.exportDirty["teams"] = true
			r.dirtyTeams[ref.ID] = true
		case ref.Kind == site.KindRole:
			r.exportDirty["roles"] = true
			r.exportDirtyRoles[ref.ID] = true
			if x := g.Role[ref.ID]; x != nil {
				r.dirtyTeams[x.Team.ID] = true
			}
		default:
			r.exportDirty["people"] = true
			for _, x := range g.PersonRoles[ref.ID] {
				r.dirtyTeams[x.Team.ID] = true // its pronouns and expertise in the team's roles
			}
		}
		if f&FieldExpertise != 0 {
			r.exportDirty["topics"] = true
		}
		if f&(FieldNotFor|FieldAskMeFor|FieldExpertise|FieldSituations|FieldSummary|FieldChannels|FieldPronouns|FieldContact) != 0 {
			list("directory.json")
		}
		if f&(FieldSummary|FieldExpertise|FieldPronouns) != 0 {
			list("directory")
		}
		if f&(FieldAskMeFor|FieldExpertise) != 0 {
			list("expertise")
		}
		switch ref.Kind {
		case site.KindTeam:
			if f&FieldSummary != 0 {
				list("teams")
				for _, o := range g.TeamWorksWith[ref.ID] {
					team(o.ID) // their map and list show this team's summary
				}
			}
		case site.KindRole:
			x := g.Role[ref.ID]
			if x == nil {
				break
			}
			if f&FieldSummary != 0 {
				list("roles")
				team(x.Team.ID) // its list of roles
			}
			if f&FieldSituations != 0 {
				list("situations")
				team(x.Team.ID) // the situations its roles handle
			}
		case site.KindPerson:
			if f&FieldPronouns != 0 {
				list("people")
			}
		}
	}
	if ch.Maintenance {
		jobs = append(jobs, r.maintenanceJob)
	}
	// The view hashes of these outputs are now out of date: forget them,
	// so that the next full render executes them again.
	forget := func(out string, data []byte) error {
		c.mu.Lock()
		delete(c.prev, out)
		c.mu.Unlock()
		return emit(out, data)
	}
	jobs = append(jobs, func() (string, []byte, error) {
		return r.searchUpdate(ch, forget)
	})
	r.removed = nil
	if os.Getenv("HANDBOOK_TRACE") != "" {
		for i, j := range jobs {
			jobs[i] = func() (string, []byte, error) {
				t := time.Now()
				out, data, err := j()
				fmt.Fprintf(os.Stderr, "rerender %s %v\n", out, time.Since(t))
				return out, data, err
			}
		}
	}
	l, err = run(jobs, forget, nil)
	return r.removed, l, true, err
}

// searchUpdate updates the search index for ch, hands emit the files
// that changed and notes the ones it no longer has.
func (r *renderer) searchUpdate(ch Change, emit Emit) (string, []byte, error) {
	if r.search == nil {
		return "", nil, fmt.Errorf("render: no search index to update")
	}
	var docs []*searchDoc
	for _, p := range ch.Pages {
		docs = append(docs, r.pageSearchDoc(p))
	}
	// What a card's document shows of other cards (names, titles) is part
	// of its shape, which a quick rebuild keeps: only its own changes.
	for _, ref := range ch.Cards {
		docs = append(docs, r.refSearchDoc(ref))
	}
	changed, removed := r.search.update(docs)
	r.removed = append(r.removed, removed...)
	names := make([]string, 0, len(changed))
	for n := range changed {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := emit(n, changed[n]); err != nil {
			return "", nil, err
		}
	}
	return "", nil, nil // the files went to emit
}
