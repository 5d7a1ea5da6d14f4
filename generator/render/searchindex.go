package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"github.com/devrel-handbook/handbook/generator/site"
)

// The index as a structure that a rebuild of serve can update in place
// (issue #3): one page's edit changes the postings of the terms that
// page gained, lost or scores differently, and those terms are in a few
// slices of the dictionary; only those slices are encoded again.
//
// For that, where the dictionary is cut does not depend on sizes counted
// from its start, which one new term would shift for every later slice.
// It is content-defined (see sliceRule): a term begins a new slice when
// the slice so far has its minimum size and a hash of the term meets a
// condition, or when the slice has its maximum size. Whether a slice ends
// before a term depends only on that slice's own terms and on the term
// (its bytes and size), so after an edit the cuts are the old ones again
// from the first old cut past the edit.
//
// How a rebuild of serve uses it (the index lives from one render to the
// next, for instance in the Cache; update and files must not run at the
// same time):
//
//	ix := sg.ix                // gathered by a full render (searchgather.go)
//	files := ix.files()        // every file: path → bytes
//
//	// A later rebuild with the same pages and cards, in the same order:
//	docs := []*searchDoc{r.pageSearchDoc(p)} // each page whose text changed
//	changed, removed := ix.update(docs)      // write changed, delete removed
//
// After update, ix.files() is byte for byte what newSearchIndex would make
// from the documents as they now are. Which documents to pass: a page's
// own document holds its title, description, tags, headings and text, and
// the text its [[references]] show, which is the title or name of the
// card or page they point to; a team's holds the names of its lead and
// roles, a role's its team's and people's names, a person's their roles
// and teams. So after a card changes, pass every card's document
// (r.refSearchDoc, or the four kind functions) and those of the pages
// that mention it (g.MentionedIn). A document passed unchanged costs the
// walk of its terms and changes no file. Pages or cards added, removed or
// renamed need a new index: update panics on a URL it does not have.
//
// update costs the postings of the terms that changed, the slices they are
// in, and a copy of index.json's documents when a title, description or
// card field (expertise, ask_me_for) changed: about 2 ms for a sentence rewritten in one of 10,000 documents
// (BenchmarkSearchIndexUpdate).

// sliceRule is where the dictionary is cut: a slice has at least min
// bytes, at most max (or one term, if it alone is bigger), and past min a
// term of n bytes begins a new slice when a hash of it modulo extra is
// below n: each byte past min has one chance in extra to end the slice.
type sliceRule struct {
	min, max, extra int
}

// slicing is the rule of every site: slices of 2 to 24 KB (at 10k pages,
// 9 KB for the median one). Small slices make a keystroke that needs one
// fetch less, and let the browser fetch ahead only what the next key may
// need.
var slicing = sliceRule{min: 2 << 10, max: 24 << 10, extra: 4 << 10}

// searchIndex is the index of a site: its documents, the postings of each
// term, and the dictionary cut into slices.
type searchIndex struct {
	docs  []indexedDoc
	byURL map[string]int

	// Terms by id. An id stays the term's while the index lives, even
	// when no document has the term any longer (df 0, no postings).
	names []string
	ids   map[string]int32
	post  [][]byte // (gap to the previous document minus one, uvarint; score byte)…
	df    []int32

	last     []int32 // while building, by term id: the last document that had it
	rule     sliceRule
	slices   []*searchSlice
	manifest []byte // search/index.json
	table    []byte // search/slices.json
}

// indexedDoc is a document as the index keeps it: its entry in
// index.json, and its terms (ids, in term order) with their scores, so
// that an update knows what to take out of the postings.
type indexedDoc struct {
	entry  []byte
	terms  []int32
	scores []byte
}

// searchSlice is one slice of the dictionary.
type searchSlice struct {
	from  string  // its first term when it was made
	terms []int32 // in term order
	file  string  // its name under search/: a hash of data
	data  []byte
	entry []byte // its entry in slices.json
}

// newSearchIndex indexes docs. The index keeps the docs' score slices
// (and nothing else of them): they must not be changed afterwards.
func newSearchIndex(docs []*searchDoc) *searchIndex {
	return newSearchIndexCut(docs, slicing)
}

// newSearchIndexCut is newSearchIndex with a rule of its own, for tests.
func newSearchIndexCut(docs []*searchDoc, rule sliceRule) *searchIndex {
	ix := &searchIndex{byURL: make(map[string]int, len(docs)), ids: map[string]int32{}, rule: rule}
	for _, d := range docs {
		ix.add(d)
	}
	ix.finish()
	return ix
}

// add indexes the next document, while the index is being built. It keeps
// d's scores (and nothing else of d): they must not be changed afterwards.
func (ix *searchIndex) add(d *searchDoc) {
	i := len(ix.docs)
	if _, dup := ix.byURL[d.URL]; dup {
		panic("search index: two documents at " + d.URL)
	}
	ix.byURL[d.URL] = i
	ix.docs = append(ix.docs, indexedDoc{entry: docEntry(d), scores: d.scores, terms: make([]int32, 0, len(d.scores))})
	xd := &ix.docs[i]
	d.each(func(t string, score byte) {
		id, ok := ix.ids[t]
		if !ok {
			id = ix.newTerm(t)
			ix.last = append(ix.last, -1)
		}
		ix.post[id] = binary.AppendUvarint(ix.post[id], uint64(int32(i)-ix.last[id]-1))
		ix.post[id] = append(ix.post[id], score)
		ix.last[id] = int32(i)
		ix.df[id]++
		xd.terms = append(xd.terms, id)
	})
}

// finish cuts the dictionary into slices and encodes every file, once
// every document is added.
func (ix *searchIndex) finish() {
	ix.last = nil
	all := make([]int32, len(ix.names))
	for i := range all {
		all[i] = int32(i)
	}
	sort.Slice(all, func(i, j int) bool { return ix.names[all[i]] < ix.names[all[j]] })
	ix.slices, _, _ = ix.chunk([]*searchSlice{{terms: all}}, []bool{true})
	ix.manifest = ix.encodeManifest()
	ix.table = ix.encodeTable()
}

func (ix *searchIndex) newTerm(t string) int32 {
	id := int32(len(ix.names))
	t = strings.Clone(t) // not a piece of a document's terms
	ix.names = append(ix.names, t)
	ix.ids[t] = id
	ix.post = append(ix.post, nil)
	ix.df = append(ix.df, 0)
	return id
}

// files returns every file of the index, by path under the output folder.
func (ix *searchIndex) files() map[string][]byte {
	out := map[string][]byte{"search/index.json": ix.manifest, "search/slices.json": ix.table}
	for _, s := range ix.slices {
		out["search/"+s.file] = s.data
	}
	return out
}

// update replaces the documents with the URLs of docs by docs, and
// returns the files that changed (new or with new bytes) and the paths of
// the files that are gone. Every doc's URL must be in the index (else it
// panics: the caller must build a new index when pages come or go). Its
// cost is that of the postings of the terms that changed and of the
// slices they are in, and a copy of index.json if a title, description
// or card field changed.
func (ix *searchIndex) update(docs []*searchDoc) (changed map[string][]byte, removed []string) {
	changed = map[string][]byte{}
	manifest := false
	dfBefore := map[int32]int32{} // the terms whose postings changed
	set := func(id int32, doc int, score byte) {
		if _, ok := dfBefore[id]; !ok {
			dfBefore[id] = ix.df[id]
		}
		var delta int32
		ix.post[id], delta = setPosting(ix.post[id], int32(doc), score)
		ix.df[id] += delta
	}
	for _, d := range docs {
		i, ok := ix.byURL[d.URL]
		if !ok {
			panic("search index: update of " + d.URL + ", which is not in the index")
		}
		xd := &ix.docs[i]
		if e := docEntry(d); !bytes.Equal(e, xd.entry) {
			xd.entry, manifest = e, true
		}
		terms := make([]int32, 0, len(d.scores))
		j := 0
		d.each(func(t string, score byte) {
			for j < len(xd.terms) && ix.names[xd.terms[j]] < t {
				set(xd.terms[j], i, 0)
				j++
			}
			if j < len(xd.terms) && ix.names[xd.terms[j]] == t {
				id := xd.terms[j]
				if xd.scores[j] != score {
					set(id, i, score)
				}
				j++
				terms = append(terms, id)
				return
			}
			id, ok := ix.ids[t]
			if !ok {
				id = ix.newTerm(t)
			}
			set(id, i, score)
			terms = append(terms, id)
		})
		for ; j < len(xd.terms); j++ {
			set(xd.terms[j], i, 0)
		}
		xd.terms, xd.scores = terms, d.scores
	}

	// The slices the changed terms are in, or go in.
	affected := make([]bool, len(ix.slices))
	own := make([]bool, len(ix.slices)) // slices whose term list is already a copy
	for id, before := range dfBefore {
		if before == 0 && ix.df[id] == 0 {
			continue
		}
		name := ix.names[id]
		k := ix.sliceOf(name)
		affected[k] = true
		s := ix.slices[k]
		at := sort.Search(len(s.terms), func(i int) bool { return ix.names[s.terms[i]] >= name })
		if at == 0 && k > 0 {
			// Whether the slice before ends here depends on this term and
			// its size: it must be cut again.
			affected[k-1] = true
		}
		if (before == 0) == (ix.df[id] == 0) {
			continue // in the dictionary before and after: new postings
		}
		if !own[k] {
			s.terms = append([]int32(nil), s.terms...)
			own[k] = true
		}
		if before == 0 {
			s.terms = append(s.terms, 0)
			copy(s.terms[at+1:], s.terms[at:])
			s.terms[at] = id
		} else {
			s.terms = append(s.terms[:at], s.terms[at+1:]...)
		}
	}
	// The term lists of the affected slices were changed in place (after
	// a copy): the old slices are kept only for their file names. A slice
	// cut again can come out as it was: then its file stays.
	var made, gone []*searchSlice
	ix.slices, made, gone = ix.chunk(ix.slices, affected)
	goneFiles := make(map[string]bool, len(gone))
	for _, s := range gone {
		goneFiles[s.file] = true
	}
	for _, s := range made {
		if goneFiles[s.file] {
			delete(goneFiles, s.file)
		} else {
			changed["search/"+s.file] = s.data
		}
	}
	for f := range goneFiles {
		removed = append(removed, "search/"+f)
	}
	sort.Strings(removed)
	if len(removed) > 0 || len(changed) > 0 {
		ix.table = ix.encodeTable()
		changed["search/slices.json"] = ix.table
	}
	if manifest {
		ix.manifest = ix.encodeManifest()
		changed["search/index.json"] = ix.manifest
	}
	return changed, removed
}

// sliceOf returns the slice a term is in or would go in: the last whose
// first term is not after it.
func (ix *searchIndex) sliceOf(term string) int {
	k := sort.Search(len(ix.slices)-1, func(i int) bool { return ix.slices[i+1].from > term })
	return k
}

// setPosting sets the score of doc in postings p (0: takes doc out), and
// returns the new postings and the change in their number of documents.
func setPosting(p []byte, doc int32, score byte) ([]byte, int32) {
	out := make([]byte, 0, len(p)+6)
	prev, d := int32(-1), int32(-1)
	var delta int32
	put := func(d int32, s byte) {
		out = binary.AppendUvarint(out, uint64(d-prev-1))
		out = append(out, s)
		prev = d
	}
	done := false
	for len(p) > 0 {
		g, n := binary.Uvarint(p)
		d += int32(g) + 1
		s := p[n]
		p = p[n+1:]
		if !done && d >= doc {
			done = true
			if score != 0 {
				put(doc, score)
			}
			if d == doc {
				if score == 0 {
					delta = -1
				}
				continue
			}
			if score != 0 {
				delta = 1
			}
		}
		put(d, s)
	}
	if !done && score != 0 {
		put(doc, score)
		delta = 1
	}
	if len(out) == 0 {
		return nil, delta
	}
	return out, delta
}

// entrySize is the number of bytes term id takes in a slice.
func (ix *searchIndex) entrySize(id int32) int {
	name, post := ix.names[id], ix.post[id]
	return uvarintLen(len(name)) + len(name) + uvarintLen(int(ix.df[id])) + uvarintLen(len(post)) + len(post)
}

func uvarintLen(v int) int {
	n := 1
	for v >= 0x80 {
		v >>= 7
		n++
	}
	return n
}

// cutBefore reports whether a slice of size bytes so far ends before
// term, of n bytes.
func (c sliceRule) cutBefore(size int, term string, n int) bool {
	if size >= c.max {
		return true
	}
	if size < c.min {
		return false
	}
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32()%uint32(c.extra)) < n
}

func (ix *searchIndex) cutBefore(size int, id int32) bool {
	return ix.rule.cutBefore(size, ix.names[id], ix.entrySize(id))
}

// chunk cuts the dictionary again where it changed: old are the slices
// as they were (with the term lists of the affected ones changed in
// place), and affected says which must be cut again. Cutting starts
// afresh at the first affected slice and goes on, through the slices
// after it, until a cut falls where an old slice began and that slice is
// not affected; from there the old slices stand, up to the next affected
// one. A slice not affected is its own terms with their old postings,
// and the cut after it falls before a term that is where it was: so
// copying it gives what cutting would.
//
// It returns the slices, those it made and the old ones it did not keep.
func (ix *searchIndex) chunk(old []*searchSlice, affected []bool) (out, made, gone []*searchSlice) {
	out = make([]*searchSlice, 0, len(old)+4)
	for k := 0; k < len(old); {
		if !affected[k] {
			out = append(out, old[k])
			k++
			continue
		}
		var cur []int32
		size := 0
		flush := func() {
			if len(cur) > 0 {
				s := ix.newSlice(cur)
				out, made = append(out, s), append(made, s)
				cur, size = nil, 0
			}
		}
		j := k
		for ; j < len(old); j++ {
			s := old[j]
			if j > k && len(s.terms) > 0 && len(cur) > 0 && ix.cutBefore(size, s.terms[0]) {
				flush()
			}
			if j > k && len(cur) == 0 && !affected[j] {
				break
			}
			gone = append(gone, s)
			for _, id := range s.terms {
				if len(cur) > 0 && ix.cutBefore(size, id) {
					flush()
				}
				cur = append(cur, id)
				size += ix.entrySize(id)
			}
		}
		flush()
		k = j
	}
	if len(out) == 0 {
		s := ix.newSlice(nil)
		out, made = append(out, s), append(made, s)
	}
	return out, made, gone
}

// newSlice encodes a slice of the dictionary:
//
//	"hbs1" uvarint(terms)
//	for each term: uvarint(len) term-bytes uvarint(df) uvarint(len(postings))
//	the postings of every term, in the same order
//
// and a posting is uvarint(gap to the previous document, minus one), then
// the score byte.
func (ix *searchIndex) newSlice(terms []int32) *searchSlice {
	n := 4 + uvarintLen(len(terms))
	for _, id := range terms {
		n += ix.entrySize(id)
	}
	b := make([]byte, 0, n)
	b = binary.AppendUvarint(append(b, "hbs1"...), uint64(len(terms)))
	for _, id := range terms {
		b = binary.AppendUvarint(b, uint64(len(ix.names[id])))
		b = append(b, ix.names[id]...)
		b = binary.AppendUvarint(b, uint64(ix.df[id]))
		b = binary.AppendUvarint(b, uint64(len(ix.post[id])))
	}
	for _, id := range terms {
		b = append(b, ix.post[id]...)
	}
	s := &searchSlice{terms: terms, data: b}
	if len(terms) > 0 {
		s.from = ix.names[terms[0]]
	}
	sum := sha256.Sum256(b)
	s.file = hex.EncodeToString(sum[:6]) + ".bin"
	s.entry = jsonLine(tableEntry{s.from, s.file})
	return s
}

// tableEntry is a slice in slices.json.
type tableEntry struct {
	From string `json:"from"`
	File string `json:"file"`
}

// maxResultDesc is how much of a description a result shows.
const maxResultDesc = 160

// docEntry is a document's entry in index.json: kind, URL under the site
// root, title, description, and for a card with expertise or ask_me_for,
// those (joined by "; "), which the browser searches with the titles while
// a query's slices are on their way.
func docEntry(d *searchDoc) []byte {
	desc := strings.Join(strings.Fields(d.Desc), " ")
	if rs := []rune(desc); len(rs) > maxResultDesc {
		desc = strings.TrimSpace(string(rs[:maxResultDesc-1])) + "…"
	}
	url := escapePath(strings.TrimPrefix(d.URL, "/"))
	if keys := strings.Join(strings.Fields(d.Keys), " "); keys != "" {
		return jsonLine([5]any{int(d.Kind), url, d.Title, desc, keys})
	}
	return jsonLine([4]any{int(d.Kind), url, d.Title, desc})
}

// jsonLine encodes v without escaping HTML (the browser shows the text
// with textContent) and without the final newline.
func jsonLine(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // only strings and numbers: cannot fail
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// encodeManifest makes search/index.json: the documents and the fold
// table. It does not change when only the dictionary does.
//
//	{"version":3,"fold":[from,to],"kinds":[…],"docs":[[kind,url,title,desc(,keys)],…]}
func (ix *searchIndex) encodeManifest() []byte {
	head := jsonLine(struct {
		Version int       `json:"version"`
		Fold    [2]string `json:"fold"`
		Kinds   []string  `json:"kinds"`
	}{searchIndexVersion, [2]string{foldFrom, foldTo},
		[]string{site.KindPage.String(), site.KindTeam.String(), site.KindRole.String(), site.KindPerson.String()}})
	n := len(head) + 16
	for _, d := range ix.docs {
		n += len(d.entry) + 1
	}
	b := make([]byte, 0, n)
	b = append(b, head[:len(head)-1]...) // without its "}"
	b = append(b, `,"docs":[`...)
	for i, d := range ix.docs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, d.entry...)
	}
	return append(b, "]}\n"...)
}

// encodeTable makes search/slices.json: where each slice of the
// dictionary begins, and its file.
//
//	{"version":3,"shards":[{"from":"","file":"….bin"},{"from":term,"file":…},…]}
func (ix *searchIndex) encodeTable() []byte {
	b := make([]byte, 0, 64*len(ix.slices))
	b = append(b, jsonLine(struct {
		Version int `json:"version"`
	}{searchIndexVersion})...)
	b = append(b[:len(b)-1], `,"shards":[`...)
	for i, s := range ix.slices {
		if i == 0 {
			// The first slice is where every term before the second begins.
			b = append(b, jsonLine(tableEntry{"", s.file})...)
			continue
		}
		b = append(append(b, ','), s.entry...)
	}
	return append(b, "]}\n"...)
}

// String describes the index, for tests and measurements.
func (ix *searchIndex) String() string {
	n, terms := 0, 0
	for _, s := range ix.slices {
		n += len(s.data)
		terms += len(s.terms)
	}
	return fmt.Sprintf("%d documents, %d terms, %d slices, %d bytes of dictionary, index.json %d bytes",
		len(ix.docs), terms, len(ix.slices), n, len(ix.manifest))
}
