package resolve

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/site"
)

// Check names one rule of the handbook's health: what keeps the directory
// true after the people in it have moved on.
type Check string

const (
	CheckStale    Check = "stale"     // last_reviewed older than review_after_days
	CheckNoOwner  Check = "no-owner"  // a role card or page without an owner
	CheckUnheld   Check = "unheld"    // a role nobody holds
	CheckNoRole   Check = "no-role"   // a person who holds no role
	CheckNoLead   Check = "no-lead"   // a team without a lead
	CheckNoRoles  Check = "no-roles"  // a team no role card names
	CheckOneSided Check = "one-sided" // works_with declared by one side only
	CheckOrphan   Check = "orphan"    // a page no page or card links to
)

// Finding is one thing that needs a writer's attention, with who should
// act on it.
type Finding struct {
	Check Check
	Ref   site.Ref
	Title string // display name of the page or card
	File  string // "content/roles/x.yaml"
	// Owner is the person id who keeps the thing true: its owner, else a
	// team's lead or the person of a person card; "" when nobody does.
	Owner     string
	OwnerName string
	Reviewed  site.Date // last_reviewed, when given
	Age       int       // whole days from Reviewed to today (0 for a future date); -1 when unknown
	Diag      diag.Diagnostic
}

// Review reports whether the finding is about reviewing (stale or without
// an owner): what `handbook report stale` and the maintenance page list.
func (f Finding) Review() bool { return f.Check == CheckStale || f.Check == CheckNoOwner }

// Health returns the warnings that keep the handbook true, measured
// against today (a calendar date; the zero time skips the staleness
// rule).
func Health(g *Graph, today time.Time) diag.List {
	var l diag.List
	for _, f := range Findings(g, today) {
		l = append(l, f.Diag)
	}
	return l
}

// Findings is Health with who should act on each problem, sorted by file
// and position.
//
// Which kinds need what: role cards and pages need an owner; a team card
// without one is kept by its lead and a person card by its person, so they
// are reported only when they say last_reviewed and it is old. A missing
// last_reviewed is not reported (there is no date to be old).
func Findings(g *Graph, today time.Time) []Finding {
	h := &health{g: g, limit: g.Site.Config.ReviewAfterDays}
	if !today.IsZero() {
		y, m, d := today.Date()
		h.today = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	h.teams()
	h.roles()
	h.people()
	h.pages()
	sort.SliceStable(h.out, func(i, j int) bool {
		a, b := h.out[i].Diag, h.out[j].Diag
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Message < b.Message
	})
	return h.out
}

type health struct {
	g     *Graph
	today time.Time // zero: staleness not checked
	limit int       // review_after_days; 0 turns staleness off
	out   []Finding

	sections map[string]*site.Page // folder → its written section page, made on first use
}

// top is where a problem about a whole file is reported: its first line,
// so that editors can jump there.
func top(file string) diag.Position { return diag.Position{File: file, Line: 1, Col: 1} }

func (h *health) add(f Finding, pos diag.Position, sev diag.Severity, fix, format string, args ...any) {
	f.Diag = diag.Diagnostic{Pos: pos, Severity: sev, Message: fmt.Sprintf(format, args...), Fix: fix}
	if p := h.g.Person[f.Owner]; p != nil {
		f.OwnerName = p.Name
	}
	if f.Age == 0 && !f.Reviewed.Valid() {
		f.Age = -1
	}
	h.out = append(h.out, f)
}

// person returns id when it names a person card.
func (h *health) person(id site.ID) string {
	if id.ID != "" && h.g.Person[id.ID] != nil {
		return id.ID
	}
	return ""
}

// age returns the whole days between d and today, and whether that is
// more than the limit.
func (h *health) age(d site.Date) (int, bool) {
	if !d.Valid() || h.today.IsZero() {
		return -1, false
	}
	days := int(h.today.Sub(d.Time).Hours() / 24)
	if days < 0 { // a review "in the future" is a typo, but not an old one
		days = 0
	}
	return days, h.limit > 0 && days > h.limit
}

func (h *health) stale(f Finding, what string) {
	days, old := h.age(f.Reviewed)
	if !old {
		return
	}
	f.Age = days
	f.Check = CheckStale
	fix := fmt.Sprintf("check it with the people it describes, then set last_reviewed: %s", h.today.Format("2006-01-02"))
	if f.Owner != "" {
		fix = fmt.Sprintf("%s (%s) should check it with the people it describes, then set last_reviewed: %s",
			h.g.Person[f.Owner].Name, f.Owner, h.today.Format("2006-01-02"))
	}
	h.add(f, f.Reviewed.Pos, diag.Warning, fix,
		"%s last reviewed %d days ago, more than review_after_days (%d)", what, days, h.limit)
}

func (h *health) finding(k site.Kind, id, title, file, owner string, reviewed site.Date) Finding {
	f := Finding{Ref: site.Ref{Kind: k, ID: id}, Title: title, File: file, Owner: owner, Reviewed: reviewed}
	f.Age, _ = h.age(reviewed)
	return f
}

func (h *health) teams() {
	g := h.g
	for _, t := range g.Site.Teams {
		owner := h.person(t.Owner)
		if owner == "" {
			owner = h.person(t.Lead)
		}
		f := h.finding(site.KindTeam, t.ID, t.Name, t.File, owner, t.LastReviewed)
		h.stale(f, "team card")
		if t.Lead.ID == "" {
			f.Check = CheckNoLead
			h.add(f, top(t.File), diag.Warning, "add lead: <person-id>, the person to go to first",
				"team %q has no lead", t.ID)
		}
		if len(g.TeamRoles[t.ID]) == 0 {
			f.Check = CheckNoRoles
			h.add(f, top(t.File), diag.Warning,
				fmt.Sprintf("add a role card with team: %s (handbook new role <id> --team %s)", t.ID, t.ID),
				"team %q has no roles", t.ID)
		}
		for _, w := range t.WorksWith {
			o := g.Team[w.ID]
			if o == nil || o.ID == t.ID || declares(o.WorksWith, t.ID) {
				continue
			}
			f.Check = CheckOneSided
			h.add(f, w.Pos, diag.Warning,
				fmt.Sprintf("add %s to works_with in %s, or remove %s here", t.ID, o.File, o.ID),
				"team %q works with %q, but %q does not list %q", t.ID, o.ID, o.ID, t.ID)
		}
	}
}

func declares(ids []site.ID, id string) bool {
	for _, x := range ids {
		if x.ID == id {
			return true
		}
	}
	return false
}

func (h *health) roles() {
	g := h.g
	for _, x := range g.Site.Roles {
		owner := h.person(x.Owner)
		f := h.finding(site.KindRole, x.ID, x.Title, x.File, owner, x.LastReviewed)
		h.stale(f, "role card")
		if x.Owner.ID == "" {
			f.Check = CheckNoOwner
			h.add(f, top(x.File), diag.Warning, "add owner: <person-id>, the person who keeps this card true",
				"role %q has no owner", x.ID)
		}
		if len(g.RolePeople[x.ID]) == 0 {
			f.Check = CheckUnheld
			h.add(f, top(x.File), diag.Warning,
				fmt.Sprintf("add the holders to people: in this card or %s to roles: in theirs; an open role is shown as open", x.ID),
				"nobody holds role %q", x.ID)
		}
		for _, w := range x.WorksWith {
			o := g.Role[w.ID]
			if o == nil || o.ID == x.ID || declares(o.WorksWith, x.ID) {
				continue
			}
			f.Check = CheckOneSided
			h.add(f, w.Pos, diag.Warning,
				fmt.Sprintf("add %s to works_with in %s, or remove %s here", x.ID, o.File, o.ID),
				"role %q works with %q, but %q does not list %q", x.ID, o.ID, o.ID, x.ID)
		}
	}
}

func (h *health) people() {
	g := h.g
	for _, p := range g.Site.People {
		owner := h.person(p.Owner)
		if owner == "" {
			owner = p.ID
		}
		f := h.finding(site.KindPerson, p.ID, p.Name, p.File, owner, p.LastReviewed)
		h.stale(f, "person card")
		if len(g.PersonRoles[p.ID]) == 0 {
			f.Check = CheckNoRole
			h.add(f, top(p.File), diag.Warning,
				"add roles: [<role-id>] to the card, or list the person in a role's people",
				"%q holds no role", p.ID)
		}
	}
}

func (h *health) pages() {
	g := h.g
	generated := map[string]bool{}
	for _, u := range GeneratedURLs {
		generated[u] = true
	}
	for _, p := range g.Site.AllPages() {
		if p.Implicit {
			continue
		}
		owner := h.person(p.Owner)
		f := h.finding(site.KindPage, p.Path, p.Title, p.File, owner, p.LastReviewed)
		h.stale(f, "page")
		if p.Owner.ID == "" {
			f.Check = CheckNoOwner
			h.add(f, top(p.File), diag.Warning, "add owner: <person-id> to the front matter, the person who keeps it true",
				"page has no owner")
		}
		// The home page and the intros of generated lists are reached from
		// every page's header; the rest must be linked from somewhere a
		// writer chose. The lists the generator makes (sidebar, a section's
		// "in this section") do not count: they list everything.
		if p.URL == "/" || generated[p.URL] || len(g.MentionedIn[site.Ref{Kind: site.KindPage, ID: p.Path}]) > 0 {
			continue
		}
		f.Check = CheckOrphan
		fix := "link it from another page or card, or remove it"
		if s := h.section(p); s != nil {
			fix = fmt.Sprintf("link it from its section page %s, or from another page or card", s.File)
		}
		h.add(f, top(p.File), diag.Warning, fix, "no page or card links to this page")
	}
}

// section returns the written section page that should list p: the
// index.md of its folder, or of the parent folder for a section page.
func (h *health) section(p *site.Page) *site.Page {
	dir := p.Dir
	if p.Section {
		dir = ""
		if i := strings.LastIndexByte(p.Dir, '/'); i >= 0 {
			dir = p.Dir[:i]
		}
	}
	if h.sections == nil {
		h.sections = map[string]*site.Page{}
		for _, s := range h.g.Site.Pages {
			if s.Section && !s.Implicit {
				h.sections[s.Dir] = s
			}
		}
	}
	return h.sections[dir]
}

// OwnerGroup is the review findings (stale, no owner) of one owner.
type OwnerGroup struct {
	Owner string // person id; "" for the things nobody owns
	Name  string // the owner's name
	Items []Finding
}

// ByOwner groups the review findings of fs by owner: owners by name, then
// the things nobody owns; in each group the oldest review first, then the
// never reviewed, then by file.
func ByOwner(fs []Finding) []OwnerGroup {
	groups := map[string]*OwnerGroup{}
	for _, f := range fs {
		if !f.Review() {
			continue
		}
		og := groups[f.Owner]
		if og == nil {
			og = &OwnerGroup{Owner: f.Owner, Name: f.OwnerName}
			groups[f.Owner] = og
		}
		og.Items = append(og.Items, f)
	}
	out := make([]OwnerGroup, 0, len(groups))
	for _, og := range groups {
		sort.SliceStable(og.Items, func(i, j int) bool {
			a, b := og.Items[i], og.Items[j]
			if a.Age != b.Age {
				return a.Age > b.Age
			}
			if a.File != b.File {
				return a.File < b.File
			}
			return a.Check < b.Check
		})
		out = append(out, *og)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.Owner == "") != (b.Owner == "") {
			return b.Owner == ""
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.Owner < b.Owner
	})
	return out
}

// Summary is the problem in a few words, for tables.
func (f Finding) Summary() string {
	switch f.Check {
	case CheckStale:
		return fmt.Sprintf("not reviewed for %d days", f.Age)
	case CheckNoOwner:
		return "no owner"
	}
	return f.Diag.Message
}
