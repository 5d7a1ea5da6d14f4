// Package site owns the model of a handbook after loading: its
// configuration, pages, and team, role and person cards, with the positions
// of everything a writer may have to fix. It is plain data: no I/O.
//
// URLs in the model are site-root paths without the base_url's path
// ("/roles/partner-manager/"); the render stage makes them relative to the
// page that links them, so a built site works under any path.
package site

import (
	"path"
	"strings"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/markdown"
)

// Kind is the kind of a thing that has a URL.
type Kind int

const (
	KindPage Kind = iota
	KindTeam
	KindRole
	KindPerson
)

func (k Kind) String() string {
	return [...]string{"page", "team", "role", "person"}[k]
}

// Ref names a page or card: {KindRole, "partner-manager"}, or
// {KindPage, "events/booth-duty.md"} (the page's source path).
type Ref struct {
	Kind Kind
	ID   string
}

// Config is content/site.yaml.
type Config struct {
	Title           string
	BaseURL         string // absolute URL, ends in "/"; may be empty
	BasePath        string // the path of BaseURL, "/" when it has none
	EditURL         string
	ReviewAfterDays int
	RawHTML         string // "text" or "sanitize"
	BrokenLinks     string // "error" or "warn"
	Language        string
	// Highlight colours fenced code blocks at build time (chroma classes and
	// assets/syntax.css). Off by default: it is the most expensive part of
	// converting markdown, and code stays readable without it.
	Highlight bool
	File      string // "content/site.yaml", or "" when absent
}

// ID is an id written in a card or front matter, with where it was written.
type ID struct {
	ID  string
	Pos diag.Position
}

// Link is a labelled URL of a card (channels, contact).
type Link struct {
	Label string
	URL   string
	Pos   diag.Position
}

// Date is a calendar date with where it was written.
type Date struct {
	Time time.Time
	Pos  diag.Position
}

// Valid reports whether the date was given.
func (d Date) Valid() bool { return !d.Time.IsZero() }

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	if !d.Valid() {
		return ""
	}
	return d.Time.Format("2006-01-02")
}

// Text is a piece of card text converted from markdown, with where its
// source starts so that link problems inside it get file positions.
type Text struct {
	Doc    *markdown.Doc
	File   string
	Line   int // file line of the Doc's line 1 (block scalars start below their key)
	Col    int // file column of the Doc's first character on its line 1
	Indent int // file column of the Doc's first character on its other lines
}

// At returns the file position of a line and column of the Doc.
func (t *Text) At(line, col int) diag.Position {
	if line <= 1 {
		return diag.Position{File: t.File, Line: t.Line, Col: t.Col + col - 1}
	}
	return diag.Position{File: t.File, Line: t.Line + line - 1, Col: t.Indent + col - 1}
}

// Empty reports whether there is no text.
func (t *Text) Empty() bool { return t == nil || t.Doc == nil || len(t.Doc.HTML) == 0 }

// Page is a markdown file under content/.
type Page struct {
	Path     string // source path under content/, slash-separated: "events/booth.md"
	File     string // as writers know it: "content/events/booth.md"
	URL      string // "/events/booth/"
	Section  bool   // an index.md, _index.md or README.md of a folder (or the home page)
	Dir      string // the folder that is its section: "events" for both events/index.md and events/booth.md; "" at the top
	Implicit bool   // a section page made for a folder that has no index.md
	BodyLine int    // file line where the markdown body starts
	Lang     string // "zh", "ja" or "" (from the text), for search and hyphenation

	Title        string
	Description  string
	Weight       int
	Draft        bool
	Teams        []ID
	Owner        ID
	LastReviewed Date
	Tags         []string
	Aliases      []ID

	// LastChanged is the date of the newest git commit that changed the
	// file; zero when the content is not in git or the file has no commit.
	LastChanged time.Time

	Doc *markdown.Doc
}

// Team is a team card.
type Team struct {
	ID           string
	File         string
	URL          string
	Name         string
	Summary      string
	Mission      *Text
	Lead         ID
	Channels     []Link
	WorksWith    []ID
	Owner        ID
	LastReviewed Date
}

// Situation is one "when … do …" entry of a role card.
type Situation struct {
	When *Text
	Do   *Text
	Pos  diag.Position
}

// Role is a role card.
type Role struct {
	ID           string
	File         string
	URL          string
	Title        string
	Team         ID
	Summary      string
	WhatWeDo     *Text
	DayToDay     []*Text
	AskMeFor     []*Text
	NotFor       []*Text
	Metrics      []*Text
	Expertise    []string
	Situations   []Situation
	WorksWith    []ID
	People       []ID
	Owner        ID
	LastReviewed Date
}

// Person is a person card.
type Person struct {
	ID           string
	File         string
	URL          string
	Name         string
	Pronouns     string
	Roles        []ID
	Pitch        *Text
	Expertise    []string
	AskMeFor     []*Text
	Contact      []Link
	Mentors      []ID
	Owner        ID
	LastReviewed Date
}

// File is a content file copied to the site as it is.
type File struct {
	Path string // under content/
	File string // "content/…"
	Size int64
	// Width and Height are the pixel size of an image (PNG, JPEG, GIF,
	// WebP, SVG), read from its header; 0 when not an image or unknown.
	Width, Height int
}

// Site is everything loaded from a content folder.
type Site struct {
	Config Config
	Pages  []*Page // sorted by Path
	Teams  []*Team // sorted by ID
	Roles  []*Role
	People []*Person
	Files  []*File // sorted by Path

	// Index pages of the card folders (teams/index.md …), or nil.
	TeamsIndex, RolesIndex, PeopleIndex *Page
}

// URL helpers: every card URL is made here.

// CardURL returns the URL of a card.
func CardURL(k Kind, id string) string {
	switch k {
	case KindTeam:
		return "/teams/" + id + "/"
	case KindRole:
		return "/roles/" + id + "/"
	case KindPerson:
		return "/people/" + id + "/"
	}
	return "/"
}

// AllPages returns the markdown pages and the card folders' index pages.
func (s *Site) AllPages() []*Page {
	out := make([]*Page, 0, len(s.Pages)+3)
	out = append(out, s.Pages...)
	for _, p := range []*Page{s.TeamsIndex, s.RolesIndex, s.PeopleIndex} {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}

// cardDirs are the content folders of the cards, by kind.
var cardDirs = map[Kind]string{KindTeam: "teams", KindRole: "roles", KindPerson: "people"}

// CardDir returns the content folder of cards of kind k ("teams").
func CardDir(k Kind) string { return cardDirs[k] }

// CardPath reports whether content path p is a card file
// ("roles/pm.yaml" or .yml), and which.
func CardPath(p string) (k Kind, id string, ok bool) {
	dir, name := path.Split(p)
	ext := path.Ext(name)
	if ext != ".yaml" && ext != ".yml" {
		return 0, "", false
	}
	for k, d := range cardDirs {
		if dir == d+"/" {
			return k, strings.TrimSuffix(name, ext), true
		}
	}
	return 0, "", false
}
