package render

import (
	"path"
	"strings"

	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
)

// MaintenanceView is /maintenance/: the same list as `handbook report
// stale`, grouped by owner so that owners see what is theirs, and the
// other gaps `handbook check` warns about. It depends on the date of the
// build (resolve.Graph.Today).
type MaintenanceView struct {
	Common
	Today  string // YYYY-MM-DD; "" when not known
	Limit  int    // review_after_days
	Owners []MaintOwner
	Others []MaintGroup
	Count  int // items under Owners
}

// MaintOwner is one owner's list.
type MaintOwner struct {
	ID    string // anchor: "owner-<person-id>" or "no-owner"
	Owner *Link  // nil for the things nobody owns
	Items []MaintItem
}

// MaintGroup is the findings of one other check.
type MaintGroup struct {
	ID    string
	Title string
	Items []MaintItem
}

// MaintItem is one finding.
type MaintItem struct {
	Item     Link // the page or card
	Kind     string
	File     string // under the content folder
	Reviewed string
	Age      int // days; -1 when not known
	Problem  string
	Fix      string
	Edit     string // "edit this" URL, when the site has edit_url
}

// otherChecks are the non-review findings the maintenance page lists, in
// order, with their headings.
var otherChecks = []struct {
	check resolve.Check
	title string
}{
	{resolve.CheckUnheld, "Roles nobody holds"},
	{resolve.CheckNoRole, "People without a role"},
	{resolve.CheckNoLead, "Teams without a lead"},
	{resolve.CheckNoRoles, "Teams without roles"},
	{resolve.CheckOneSided, "works_with declared by one side only"},
	{resolve.CheckOrphan, "Pages nothing links to"},
}

func (r *renderer) maintenanceView() *MaintenanceView {
	const from = "/maintenance/"
	v := &MaintenanceView{Common: r.common("maintenance", from, "Maintenance",
		"What needs review, by owner, and the gaps in the directory.", "")}
	g := r.g
	v.Limit = r.cfg.ReviewAfterDays
	if !g.Today.IsZero() {
		v.Today = g.Today.Format("2006-01-02")
	}
	findings := resolve.Findings(g, g.Today)
	for _, og := range resolve.ByOwner(findings) {
		mo := MaintOwner{ID: "no-owner"}
		if og.Owner != "" {
			mo.ID = "owner-" + og.Owner
			mo.Owner = r.personLink(from, site.ID{ID: og.Owner})
		}
		for _, f := range og.Items {
			it := r.maintItem(from, f)
			it.Problem = f.Summary()
			mo.Items = append(mo.Items, it)
		}
		v.Count += len(mo.Items)
		v.Owners = append(v.Owners, mo)
	}
	for _, c := range otherChecks {
		mg := MaintGroup{ID: string(c.check), Title: c.title}
		for _, f := range findings {
			if f.Check == c.check {
				mg.Items = append(mg.Items, r.maintItem(from, f))
			}
		}
		if len(mg.Items) > 0 {
			v.Others = append(v.Others, mg)
		}
	}
	r.nav.place(&v.Common, nil)
	return v
}

func (r *renderer) maintItem(from string, f resolve.Finding) MaintItem {
	// The file is named by its path under the content folder: how the
	// builder named that folder (maybe an absolute path) is not the
	// site's business.
	p := f.Ref.ID
	switch f.Ref.Kind {
	case site.KindTeam:
		p = "teams/" + path.Base(f.File)
	case site.KindRole:
		p = "roles/" + path.Base(f.File)
	case site.KindPerson:
		p = "people/" + path.Base(f.File)
	}
	strip := func(s string) string { return s }
	if prefix := strings.TrimSuffix(f.File, p); prefix != f.File && prefix != "" {
		strip = func(s string) string { return strings.ReplaceAll(s, prefix, "") }
	}
	it := MaintItem{
		Item:     r.link(from, f.Ref),
		Kind:     f.Ref.Kind.String(),
		File:     p,
		Reviewed: f.Reviewed.String(),
		Age:      f.Age,
		Problem:  strip(f.Diag.Message),
		Fix:      strip(f.Diag.Fix),
	}
	if r.cfg.EditURL != "" {
		it.Edit = r.cfg.EditURL + escapePath(p)
	}
	return it
}
