package render

import (
	"bytes"
	"html"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/site"
)

// The search index is built here, at build time, and searched in the
// browser by templates/assets/search.js: the site needs no server.
//
// A handbook of 10,000 pages holds some 60 MB of text. A library that
// indexes in the browser (MiniSearch, measured on that content: 36 s to
// index, 500 MB of memory, 0.3 to 7 s a query) cannot take that, and no
// file of every posting loads quickly. So the index is cut up:
//
//   - search/index.json, fetched when the search box is first focused:
//     every page and card (kind, URL, title, a short description, and a
//     card's expertise and ask_me_for) and the fold table of the term
//     rules. It changes only when one of those does. While the slices a
//     query needs are on their way, the browser shows early results from
//     its titles, descriptions and card fields.
//   - search/slices.json, fetched with it: where each slice of the term
//     dictionary begins, and its file.
//   - search/<hash>.bin, the term dictionary and postings in slices of
//     some 10 KB, split by term order where a hash of a term says (see
//     searchindex.go); a query fetches only the slices its terms fall in,
//     once, and the browser fetches ahead those the next key may need. A
//     small site has one slice.
//
// A posting says that a term is in a document and how strongly: a score
// from 1 to 255 that sums what the term is in (title, a card's expertise
// and ask_me_for, tags, headings, description) with a BM25 weight of how
// often it is in the body. The browser multiplies it by the term's
// rarity. Snippets are not in the index: the browser reads them from the
// result pages themselves, which also tells it which heading to link to.

// searchIndexVersion changes when the format does, so that an old script
// never reads a new index.
const searchIndexVersion = 3

// What a term of a document is in, and what each weighs.
const (
	inTitle   = 1 << iota // page title, card name
	inKeyword             // a card's expertise and ask_me_for
	inTag                 // a page's tags
	inHeading             // a page's headings
	inDesc                // description, summary, a person's roles
)

var fieldWeight = [...]struct {
	bit    uint8
	weight float64
}{{inTitle, 10}, {inKeyword, 10}, {inTag, 6}, {inHeading, 5}, {inDesc, 3}}

// BM25 constants for the body, and the factor from a score to a byte.
// BM25 compares a body's length with the average; here the average is a
// constant near that of a handbook page (some 440 words in the example
// handbook, 840 in the synthetic one of 10,000 pages), not the site's own
// average, so that editing one page changes the scores of no other.
const (
	bm25K      = 1.2
	bm25B      = 0.75
	bm25AvgLen = 500
	scoreUnit  = 7
)

// searchDoc is one page or card as the index sees it: what a result
// shows, and the terms of its text with their scores. It holds no text to
// index: the text of a page is cut into terms as the document is made and
// then dropped, so a site's text is never all in memory at once, and
// documents can be made in parallel (issue #6).
type searchDoc struct {
	Kind  site.Kind
	URL   string // site-root
	Title string
	Desc  string // shown under the title in results
	Keys  string // a card's expertise and ask_me_for, for early results
	// The terms, sorted, each followed by a 0 byte (no term holds one),
	// and the score of each.
	terms  string
	scores []byte
}

// each calls f with each term of d and its score, in order. The term is a
// substring of d.terms: it does not allocate.
func (d *searchDoc) each(f func(term string, score byte)) {
	s, i := d.terms, 0
	for len(s) > 0 {
		n := strings.IndexByte(s, 0)
		f(s[:n], d.scores[i])
		s, i = s[n+1:], i+1
	}
}

// searchText is the text of one page or card, by field, before it is cut
// into terms.
type searchText struct {
	kind                  site.Kind
	url, title, desc      string
	keywords, tags, heads []string
	descs                 []string
	body                  []string
}

// docTermStats is what a term is in, in one document.
type docTermStats struct {
	flags uint8
	tf    int32 // times in the body
}

// termTable counts the terms of one document at a time. Its entries
// outlive the document: a term met before (most are, in a site's second
// page) costs one map lookup and no allocation, where a map per document
// allocated every key, every entry and the map's growth (9% of the bytes
// a 10k build allocated, issue #6). gen says which document an entry's
// counts belong to. Tables are pooled, one per goroutine at a time.
type termTable struct {
	entries map[string]*termEntry
	gen     uint32
	used    []*termEntry // the current document's terms
}

type termEntry struct {
	term string
	gen  uint32
	docTermStats
}

// maxTableTerms bounds a table's memory on a site of many words (a few MB).
const maxTableTerms = 1 << 16

var termTables = sync.Pool{New: func() any { return &termTable{entries: map[string]*termEntry{}} }}

// searchDoc cuts the text into terms and scores each. A score depends on
// this document alone (see bm25AvgLen), so that one page's edit changes
// the postings of no other page.
func (x *searchText) searchDoc() *searchDoc {
	var tz tokenizer
	d := &searchDoc{Kind: x.kind, URL: x.url, Title: x.title, Desc: x.desc, Keys: strings.Join(x.keywords, "; ")}
	tt := termTables.Get().(*termTable)
	defer termTables.Put(tt)
	tt.gen++
	tt.used = tt.used[:0]
	bodyLen := 0
	field := func(flag uint8, texts []string) {
		emit := func(t []byte) {
			e := tt.entries[string(t)]
			if e == nil {
				e = &termEntry{term: string(t)}
				tt.entries[e.term] = e
			}
			if e.gen != tt.gen {
				e.gen, e.docTermStats = tt.gen, docTermStats{}
				tt.used = append(tt.used, e)
			}
			if flag == 0 {
				e.tf++
				bodyLen++
			} else {
				e.flags |= flag
			}
		}
		for _, s := range texts {
			tz.terms(s, emit)
		}
	}
	field(inTitle, []string{x.title})
	field(inKeyword, x.keywords)
	field(inTag, x.tags)
	field(inHeading, x.heads)
	field(inDesc, x.descs)
	field(0, x.body)

	used := tt.used
	n := 0
	for _, e := range used {
		n += len(e.term) + 1
	}
	slices.SortFunc(used, func(a, b *termEntry) int { return strings.Compare(a.term, b.term) })
	var b strings.Builder
	b.Grow(n)
	d.scores = make([]byte, len(used))
	norm := bm25K * (1 - bm25B + bm25B*float64(bodyLen)/bm25AvgLen)
	for i, e := range used {
		b.WriteString(e.term)
		b.WriteByte(0)
		s := 0.0
		for _, f := range fieldWeight {
			if e.flags&f.bit != 0 {
				s += f.weight
			}
		}
		if e.tf > 0 {
			tf := float64(e.tf)
			s += tf * (bm25K + 1) / (tf + norm)
		}
		d.scores[i] = byte(min(max(int(math.Round(s*scoreUnit)), 1), 255))
	}
	d.terms = b.String()
	if len(tt.entries) > maxTableTerms {
		tt.entries = map[string]*termEntry{}
	}
	return d
}

// pageSearchDoc is the search document of a page or section.
func (r *renderer) pageSearchDoc(p *site.Page) *searchDoc {
	x := &searchText{kind: site.KindPage, url: p.URL, title: p.Title, desc: p.Description}
	x.descs = []string{p.Description}
	x.tags = p.Tags
	if p.Doc != nil {
		for _, h := range p.Doc.Headings {
			x.heads = append(x.heads, h.Text)
		}
		x.body = append(x.body, r.docText(p.Doc))
	}
	return x.searchDoc()
}

func (r *renderer) searchTexts(ts ...*site.Text) []string {
	var out []string
	for _, t := range ts {
		if t != nil && t.Doc != nil {
			out = append(out, r.docText(t.Doc))
		}
	}
	return out
}

// teamSearchDoc is the search document of a team card. It has the names
// of the team's lead and the titles of its roles: a change to those cards
// changes it too.
func (r *renderer) teamSearchDoc(t *site.Team) *searchDoc {
	g := r.g
	x := &searchText{kind: site.KindTeam, url: t.URL, title: t.Name, desc: t.Summary}
	x.descs = []string{t.Summary}
	x.body = r.searchTexts(t.Mission)
	if p := g.Person[t.Lead.ID]; p != nil {
		x.body = append(x.body, p.Name)
	}
	for _, c := range t.Channels {
		x.body = append(x.body, c.Label)
	}
	for _, ro := range g.TeamRoles[t.ID] {
		x.body = append(x.body, ro.Title)
	}
	return x.searchDoc()
}

// roleSearchDoc is the search document of a role card. It has the name of
// the role's team and of the people who hold it.
func (r *renderer) roleSearchDoc(ro *site.Role) *searchDoc {
	g := r.g
	x := &searchText{kind: site.KindRole, url: ro.URL, title: ro.Title, desc: ro.Summary}
	x.descs = []string{ro.Summary}
	x.keywords = append(append([]string(nil), ro.Expertise...), r.searchTexts(ro.AskMeFor...)...)
	x.body = r.searchTexts(ro.WhatWeDo)
	for _, list := range [][]*site.Text{ro.DayToDay, ro.NotFor, ro.Metrics} {
		x.body = append(x.body, r.searchTexts(list...)...)
	}
	for _, s := range ro.Situations {
		x.body = append(x.body, r.searchTexts(s.When, s.Do)...)
	}
	if t := g.Team[ro.Team.ID]; t != nil {
		x.body = append(x.body, t.Name)
	}
	for _, p := range g.RolePeople[ro.ID] {
		x.body = append(x.body, p.Name)
	}
	return x.searchDoc()
}

// personSearchDoc is the search document of a person card. Its
// description is the person's roles and their teams.
func (r *renderer) personSearchDoc(p *site.Person) *searchDoc {
	g := r.g
	var roles []string
	for _, ro := range g.PersonRoles[p.ID] {
		s := ro.Title
		if t := g.Team[ro.Team.ID]; t != nil {
			s += ", " + t.Name
		}
		roles = append(roles, s)
	}
	x := &searchText{kind: site.KindPerson, url: p.URL, title: p.Name, desc: strings.Join(roles, "; ")}
	x.descs = roles
	x.keywords = append(append([]string(nil), p.Expertise...), r.searchTexts(p.AskMeFor...)...)
	x.body = r.searchTexts(p.Pitch)
	return x.searchDoc()
}

// refSearchDoc is the search document of a page (by path) or card, or nil
// if the site has none.
func (r *renderer) refSearchDoc(ref site.Ref) *searchDoc {
	g := r.g
	switch ref.Kind {
	case site.KindPage:
		if p := g.PageByPath[ref.ID]; p != nil {
			return r.pageSearchDoc(p)
		}
	case site.KindTeam:
		if t := g.Team[ref.ID]; t != nil {
			return r.teamSearchDoc(t)
		}
	case site.KindRole:
		if ro := g.Role[ref.ID]; ro != nil {
			return r.roleSearchDoc(ro)
		}
	case site.KindPerson:
		if p := g.Person[ref.ID]; p != nil {
			return r.personSearchDoc(p)
		}
	}
	return nil
}

// docText is the plain text of a converted markdown text, headings left
// out (they are indexed on their own), with [[references]] as the text
// they show.
func (r *renderer) docText(d *markdown.Doc) string {
	targets := r.g.Links[d]
	return htmlText(d.HTML, func(i int) string {
		if i < len(targets) && targets[i].Wiki {
			return targets[i].Text
		}
		return ""
	})
}

// inlineTags are the elements that do not break a word: a link or an
// emphasis inside Chinese text leaves the characters on both sides in one
// run.
var inlineTags = map[string]bool{
	"a": true, "abbr": true, "b": true, "bdi": true, "bdo": true, "cite": true, "code": true, "del": true,
	"dfn": true, "em": true, "i": true, "ins": true, "kbd": true, "mark": true, "q": true, "s": true,
	"samp": true, "small": true, "span": true, "strong": true, "sub": true, "sup": true, "u": true, "var": true,
}

// htmlText returns the text of HTML the markdown stage made (well formed,
// attribute values escaped), without the text of headings. Link slots
// outside tags are the [[reference]] elements: slot gives their text.
func htmlText(h []byte, slot func(i int) string) string {
	var b strings.Builder
	// The text is most of the HTML: half of it, as this once reserved,
	// made the builder grow twice on nearly every page.
	b.Grow(len(h))
	heading := 0 // inside <hN>: skip
	for len(h) > 0 {
		switch c := h[0]; c {
		case '<':
			end := bytes.IndexByte(h, '>')
			if end < 0 {
				h = nil
				break
			}
			tag := h[1:end]
			h = h[end+1:]
			closing := len(tag) > 0 && tag[0] == '/'
			if closing {
				tag = tag[1:]
			}
			n := 0
			for n < len(tag) && (tag[n] >= 'a' && tag[n] <= 'z' || tag[n] >= '0' && tag[n] <= '9') {
				n++
			}
			name := string(tag[:n])
			if len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' {
				if closing {
					heading = 0
				} else {
					heading = 1
				}
			}
			if !inlineTags[name] {
				b.WriteByte('\n')
			}
		case 0:
			end := bytes.IndexByte(h[1:], 0)
			if end < 0 {
				h = nil
				break
			}
			i := 0
			for _, d := range h[1 : end+1] {
				i = i*10 + int(d-'0')
			}
			h = h[end+2:]
			if heading == 0 {
				b.WriteString(html.EscapeString(slot(i)))
			}
		default:
			end := bytes.IndexAny(h, "<\x00")
			if end < 0 {
				end = len(h)
			}
			if heading == 0 {
				b.Write(h[:end])
			}
			h = h[end:]
		}
	}
	s := b.String()
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}
