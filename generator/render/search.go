package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"html"
	"math"
	"sort"
	"strings"

	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/site"
)

// The search index is built here, at build time, and searched in the
// browser by templates/assets/search.js: the site needs no server.
//
// A handbook of 10,000 pages holds some 60 MB of text. A library that
// indexes in the browser (MiniSearch, measured on that content: 36 s to
// index, 500 MB of memory, 0.3 to 7 s a query) cannot take that, and no
// file of every posting loads quickly. So the index is cut in two:
//
//   - search/index.json, fetched when the search box is first focused:
//     every page and card (kind, URL, title, a short description), the
//     fold table of the term rules, and where each slice of the term
//     dictionary lives.
//   - search/<hash>.bin, the term dictionary and postings in slices of
//     about shardSize bytes, split by term order; a query fetches only the
//     slices its terms fall in, once. A small site has one slice.
//
// A posting says that a term is in a document and how strongly: a score
// from 1 to 255 that sums what the term is in (title, a card's expertise
// and ask_me_for, tags, headings, description) with a BM25 weight of how
// often it is in the body. The browser multiplies it by the term's
// rarity. Snippets are not in the index: the browser reads them from the
// result pages themselves, which also tells it which heading to link to.

// searchIndexVersion changes when the format does, so that an old script
// never reads a new index.
const searchIndexVersion = 1

// shardSize is the size a slice of the dictionary grows to before the
// next one begins.
const shardSize = 64 << 10

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
const (
	bm25K     = 1.2
	bm25B     = 0.75
	scoreUnit = 7
)

// searchDoc is one page or card as the index sees it.
type searchDoc struct {
	Kind  site.Kind
	URL   string // site-root
	Title string
	Desc  string // shown under the title in results
	// Text to index, by field.
	keywords, tags, headings, desc []string
	body                           []string
}

// searchDocs lists what can be found, in a fixed order: pages by path,
// then teams, roles and people by id.
func (r *renderer) searchDocs() []*searchDoc {
	g := r.g
	var docs []*searchDoc
	for _, p := range g.Site.AllPages() {
		d := &searchDoc{Kind: site.KindPage, URL: p.URL, Title: p.Title, Desc: p.Description}
		d.desc = []string{p.Description}
		d.tags = p.Tags
		if p.Doc != nil {
			for _, h := range p.Doc.Headings {
				d.headings = append(d.headings, h.Text)
			}
			d.body = append(d.body, r.docText(p.Doc))
		}
		docs = append(docs, d)
	}
	texts := func(ts ...*site.Text) []string {
		var out []string
		for _, t := range ts {
			if t != nil && t.Doc != nil {
				out = append(out, r.docText(t.Doc))
			}
		}
		return out
	}
	for _, t := range g.Site.Teams {
		d := &searchDoc{Kind: site.KindTeam, URL: t.URL, Title: t.Name, Desc: t.Summary}
		d.desc = []string{t.Summary}
		d.body = texts(t.Mission)
		if p := g.Person[t.Lead.ID]; p != nil {
			d.body = append(d.body, p.Name)
		}
		for _, c := range t.Channels {
			d.body = append(d.body, c.Label)
		}
		for _, x := range g.TeamRoles[t.ID] {
			d.body = append(d.body, x.Title)
		}
		docs = append(docs, d)
	}
	for _, x := range g.Site.Roles {
		d := &searchDoc{Kind: site.KindRole, URL: x.URL, Title: x.Title, Desc: x.Summary}
		d.desc = []string{x.Summary}
		d.keywords = append(append([]string(nil), x.Expertise...), texts(x.AskMeFor...)...)
		d.body = texts(x.WhatWeDo)
		for _, list := range [][]*site.Text{x.DayToDay, x.NotFor, x.Metrics} {
			d.body = append(d.body, texts(list...)...)
		}
		for _, s := range x.Situations {
			d.body = append(d.body, texts(s.When, s.Do)...)
		}
		if t := g.Team[x.Team.ID]; t != nil {
			d.body = append(d.body, t.Name)
		}
		for _, p := range g.RolePeople[x.ID] {
			d.body = append(d.body, p.Name)
		}
		docs = append(docs, d)
	}
	for _, p := range g.Site.People {
		d := &searchDoc{Kind: site.KindPerson, URL: p.URL, Title: p.Name}
		var roles []string
		for _, x := range g.PersonRoles[p.ID] {
			s := x.Title
			if t := g.Team[x.Team.ID]; t != nil {
				s += ", " + t.Name
			}
			roles = append(roles, s)
		}
		d.Desc = strings.Join(roles, "; ")
		d.desc = roles
		d.keywords = append(append([]string(nil), p.Expertise...), texts(p.AskMeFor...)...)
		d.body = texts(p.Pitch)
		docs = append(docs, d)
	}
	return docs
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
	b.Grow(len(h) / 2)
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

// searchIndex is the built index: documents, and the postings of each term.
type searchIndex struct {
	docs     []*searchDoc
	terms    []string // sorted
	postings [][]byte // by term: (doc delta uvarint, score byte)…
	df       []int    // by term: the number of documents
}

type docTerm struct {
	id    int32 // term id while building
	flags uint8
	tf    int32 // in the body
}

// buildSearchIndex tokenizes every document and builds the postings.
func buildSearchIndex(docs []*searchDoc) *searchIndex {
	ix := &searchIndex{docs: docs}
	var tz tokenizer
	var names []string
	termID := map[string]int{}
	perDoc := make([][]docTerm, len(docs))
	bodyLen := make([]int, len(docs))
	// By term id: the last document that had the term, and where the term
	// is in that document's list (slices, not maps: this is the hot loop).
	seenIn, slot := []int32{}, []int32{}
	total := 0
	for di, d := range docs {
		var list []docTerm
		add := func(flag uint8) func([]byte) {
			return func(t []byte) {
				id, ok := termID[string(t)]
				if !ok {
					id = len(names)
					names = append(names, string(t))
					termID[names[id]] = id
					seenIn = append(seenIn, -1)
					slot = append(slot, 0)
				}
				if seenIn[id] != int32(di) {
					seenIn[id] = int32(di)
					slot[id] = int32(len(list))
					list = append(list, docTerm{id: int32(id)})
				}
				k := slot[id]
				if flag == 0 {
					list[k].tf++
					bodyLen[di]++
				} else {
					list[k].flags |= flag
				}
			}
		}
		field := func(flag uint8, texts []string) {
			emit := add(flag)
			for _, s := range texts {
				tz.terms(s, emit)
			}
		}
		field(inTitle, []string{d.Title})
		field(inKeyword, d.keywords)
		field(inTag, d.tags)
		field(inHeading, d.headings)
		field(inDesc, d.desc)
		field(0, d.body)
		perDoc[di] = list
		total += bodyLen[di]
	}
	avg := 1.0
	if len(docs) > 0 && total > 0 {
		avg = float64(total) / float64(len(docs))
	}

	// Postings in term id order first, then sorted by term.
	posts := make([][]byte, len(names))
	last := make([]int, len(names))
	df := make([]int, len(names))
	for i := range last {
		last[i] = -1
	}
	for di, list := range perDoc {
		norm := bm25K * (1 - bm25B + bm25B*float64(bodyLen[di])/avg)
		for _, e := range list {
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
			q := int(math.Round(s * scoreUnit))
			q = min(max(q, 1), 255)
			posts[e.id] = binary.AppendUvarint(posts[e.id], uint64(di-last[e.id]-1))
			posts[e.id] = append(posts[e.id], byte(q))
			last[e.id] = di
			df[e.id]++
		}
	}
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return names[order[i]] < names[order[j]] })
	for _, id := range order {
		ix.terms = append(ix.terms, names[id])
		ix.postings = append(ix.postings, posts[id])
		ix.df = append(ix.df, df[id])
	}
	return ix
}

// searchShard is one slice of the dictionary: its first term, its file
// name under search/ and its bytes.
type searchShard struct {
	From string `json:"from"`
	File string `json:"file"`
	data []byte
}

// shards cuts the dictionary into slices of about size bytes. A slice is
//
//	"hbs1" uvarint(terms)
//	for each term: uvarint(len) term-bytes uvarint(df) uvarint(len(postings))
//	the postings of every term, in the same order
//
// and a posting is uvarint(gap to the previous document, minus one), then
// the score byte.
func (ix *searchIndex) shards(size int) []searchShard {
	var out []searchShard
	start := 0
	for {
		end, n := start, 0
		for end < len(ix.terms) && (end == start || n < size) {
			n += len(ix.terms[end]) + len(ix.postings[end]) + 6
			end++
		}
		b := binary.AppendUvarint([]byte("hbs1"), uint64(end-start))
		for i := start; i < end; i++ {
			b = binary.AppendUvarint(b, uint64(len(ix.terms[i])))
			b = append(b, ix.terms[i]...)
			b = binary.AppendUvarint(b, uint64(ix.df[i]))
			b = binary.AppendUvarint(b, uint64(len(ix.postings[i])))
		}
		for i := start; i < end; i++ {
			b = append(b, ix.postings[i]...)
		}
		from := ""
		if start > 0 {
			from = ix.terms[start]
		}
		sum := sha256.Sum256(b)
		out = append(out, searchShard{From: from, File: hex.EncodeToString(sum[:6]) + ".bin", data: b})
		if end >= len(ix.terms) {
			return out
		}
		start = end
	}
}

// searchManifest is search/index.json.
type searchManifest struct {
	Version int           `json:"version"`
	Fold    [2]string     `json:"fold"`
	Kinds   []string      `json:"kinds"`
	Docs    [][4]any      `json:"docs"` // kind, URL under the site root, title, description
	Shards  []searchShard `json:"shards"`
}

// maxResultDesc is how much of a description a result shows.
const maxResultDesc = 160

// searchFiles returns the files of the search index: search/index.json and
// the dictionary slices.
func (r *renderer) searchFiles() map[string][]byte {
	ix := buildSearchIndex(r.searchDocs())
	shards := ix.shards(shardSize)
	m := searchManifest{
		Version: searchIndexVersion,
		Fold:    [2]string{foldFrom, foldTo},
		Kinds:   []string{site.KindPage.String(), site.KindTeam.String(), site.KindRole.String(), site.KindPerson.String()},
		Docs:    make([][4]any, 0, len(ix.docs)),
		Shards:  shards,
	}
	for _, d := range ix.docs {
		desc := strings.Join(strings.Fields(d.Desc), " ")
		if rs := []rune(desc); len(rs) > maxResultDesc {
			desc = strings.TrimSpace(string(rs[:maxResultDesc-1])) + "…"
		}
		m.Docs = append(m.Docs, [4]any{int(d.Kind), escapePath(strings.TrimPrefix(d.URL, "/")), d.Title, desc})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		panic(err) // only strings and numbers: cannot fail
	}
	files := map[string][]byte{"search/index.json": b.Bytes()}
	for _, s := range shards {
		files["search/"+s.File] = s.data
	}
	return files
}
