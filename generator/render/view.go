package render

import (
	"html/template"
)

// The templates get these view structs, never the model: each holds what
// one kind of page shows, with every URL already relative to the page.

// SiteView is what every page knows of the site.
type SiteView struct {
	Title    string
	Language string
	BaseURL  string
	// Highlight is site.yaml's highlight: code blocks carry chroma classes
	// and pages link assets/syntax.css.
	Highlight bool
}

// Link is a link to a page or card, with what lists show beside it.
type Link struct {
	URL    string
	Text   string
	Note   string // a description, summary, kind or pronouns
	ID     string // the card id, for anchors in lists
	People []Link // holders of a role, a team's lead
	Team   *Link  // the team of a role
}

// NavItem is an entry of the sidebar.
type NavItem struct {
	URL      string
	Title    string
	Current  bool
	Open     bool
	Children []*NavItem
}

// TOCItem is a heading in the table of contents.
type TOCItem struct {
	Level int
	ID    string
	Text  string
}

// Common is the part of every page view the base layout uses.
type Common struct {
	Site        SiteView
	Kind        string
	URL         string // site-root URL of this page
	Title       string
	Description string
	Canonical   string
	EditURL     string
	IsHome      bool
	Nav         []*NavItem    // the sidebar's entries, while its HTML is made (once per folder)
	Sidebar     template.HTML // the sidebar, with the current page marked
	Crumbs      []Link
	MentionedIn []Link

	// The head links, site header and footer, made once per URL depth
	// (chrome.go); filled just before the page's template runs.
	Head   template.HTML `json:"-"`
	Header template.HTML `json:"-"`
	Footer template.HTML `json:"-"`

	sidebarErr error
	basePath   string
	abs        bool // links absolute under the base path (the 404 page, served at any address)
}

func (c *Common) common() *Common { return c }

// Rel returns the URL of a site-root URL as seen from this page.
func (c *Common) Rel(u string) string {
	if c.abs {
		return c.basePath + escapePath(u[1:])
	}
	return rel(c.URL, u)
}

// PageView is a markdown page or section.
type PageView struct {
	Common
	Content      template.HTML
	TOC          []TOCItem
	Owner        *Link
	LastReviewed string
	LastChanged  string // date of the file's last git commit; "" outside git
	Lang         string // "zh" or "ja" when the page's text is in another language than the site
	Teams        []Link
	Tags         []Link // to the tags' pages
	Children     []Link
	Prev, Next   *Link
}

// TeamView is a team card's page.
type TeamView struct {
	Common
	Summary      string
	Mission      template.HTML
	Lead         *Link
	Channels     []Link
	Owner        *Link
	LastReviewed string
	Roles        []Link
	People       []Link
	WorksWith    []Link
	Pages        []Link
	Situations   []SituationView // of the team's roles, with Role and its holders
	Map          *MapView        // the team's neighbourhood; nil when it works with nobody

	pages *teamPages // Pages, kept by a live session (renderer.teamPageList)
}

// teamPages is the list of a team's pages, and its HTML as the built-in
// layout writes it once written. It is the same for the whole life of a
// renderer: which pages name a team, their titles and descriptions are
// changed only by a full rebuild.
type teamPages struct {
	links []Link
	html  []byte
}

// SituationView is one "bring us in when" entry.
type SituationView struct {
	When template.HTML
	Do   template.HTML
	Role *Link
}

// RoleView is a role card's page.
type RoleView struct {
	Common
	Team         *Link
	Summary      string
	WhatWeDo     template.HTML
	DayToDay     []template.HTML
	AskMeFor     []template.HTML
	NotFor       []template.HTML
	Metrics      []template.HTML
	Expertise    []string
	Situations   []SituationView
	WorksWith    []Link
	People       []Link
	Owner        *Link
	LastReviewed string
}

// PersonView is a person card's page.
type PersonView struct {
	Common
	Pronouns  string
	Roles     []Link
	Pitch     template.HTML
	AskMeFor  []template.HTML
	Expertise []string
	Contact   []Link
	Mentors   []Link
	Mentees   []Link
	WorksWith []Group // people met through the works_with of their roles, by team
}

// Group is a titled list of links (roles grouped by team).
type Group struct {
	ID    string
	URL   string
	Text  string
	Items []Link

	html []byte // the group's section of /roles/ once written (writeRolesIndex)
}

// IndexView is a generated list page: /teams/, /roles/, /people/.
type IndexView struct {
	Common
	Content template.HTML
	Items   []Link
	Groups  []Group
	Map     *MapView // /teams/ only
}

// AliasView is a redirect page.
type AliasView struct {
	Site      SiteView
	Title     string
	Target    string
	Canonical string
}
