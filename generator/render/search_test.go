package render

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator/site"
)

func TestHTMLTextLeavesOutHeadingsAndKeepsWordsWhole(t *testing.T) {
	h := "<h2 id=\"x\">Leads<a class=\"anchor\" href=\"#x\">#</a></h2>\n" +
		"<p>这是<a href=\"\x000\x00\">展台</a>的<strong>指南</strong> &amp; more</p>\n" +
		"<ul><li>one</li><li>two</li></ul><p>Ask \x001\x00 today</p>"
	got := htmlText([]byte(h), func(i int) string {
		if i == 1 {
			return "Amara & co"
		}
		return "never shown: the slot is an attribute"
	})
	for _, want := range []string{"这是展台的指南 & more", "one\n", "two", "Ask Amara & co today"} {
		if !strings.Contains(got, want) {
			t.Errorf("text %q does not contain %q", got, want)
		}
	}
	for _, absent := range []string{"Leads", "#", "never shown", "<"} {
		if strings.Contains(got, absent) {
			t.Errorf("text %q contains %q", got, absent)
		}
	}
}

// decodedShard is a dictionary slice read back.
type decodedShard struct {
	terms    []string
	postings map[string][][2]int // term → (doc, score)…
}

func decodeShard(t *testing.T, b []byte) decodedShard {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("hbs1")) {
		t.Fatalf("no magic in %q", b[:min(len(b), 8)])
	}
	r := bytes.NewReader(b[4:])
	u := func() int {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			t.Fatal(err)
		}
		return int(v)
	}
	n := u()
	type entry struct {
		term    string
		df, len int
	}
	var es []entry
	for i := 0; i < n; i++ {
		term := make([]byte, u())
		r.Read(term)
		df := u()
		es = append(es, entry{string(term), df, u()})
	}
	d := decodedShard{postings: map[string][][2]int{}}
	for _, e := range es {
		d.terms = append(d.terms, e.term)
		doc := -1
		for j := 0; j < e.df; j++ {
			doc += u() + 1
			s, _ := r.ReadByte()
			d.postings[e.term] = append(d.postings[e.term], [2]int{doc, int(s)})
		}
	}
	if r.Len() != 0 {
		t.Errorf("%d bytes left after the postings", r.Len())
	}
	return d
}

func scoreOf(ix *searchIndex, term string, doc int) int {
	id, ok := ix.ids[term]
	if !ok {
		return 0
	}
	p := bytes.NewReader(ix.post[id])
	d := -1
	for p.Len() > 0 {
		g, _ := binary.ReadUvarint(p)
		d += int(g) + 1
		s, _ := p.ReadByte()
		if d == doc {
			return int(s)
		}
	}
	return 0
}

// textDoc makes the search document of a text.
func textDoc(x searchText) *searchDoc {
	if x.kind == 0 {
		x.kind = site.KindPage
	}
	return x.searchDoc()
}

func TestSearchScoresWeighTitlesAndCardFieldsAboveBody(t *testing.T) {
	body := strings.Repeat("filler words about other things ", 20)
	docs := []*searchDoc{
		textDoc(searchText{url: "/a/", title: "Booth duty", body: []string{body}}),
		textDoc(searchText{url: "/b/", title: "Events", body: []string{body + " booth"}}),
		textDoc(searchText{url: "/c/", title: "Events", heads: []string{"At the booth"}, body: []string{body}}),
		textDoc(searchText{kind: site.KindRole, url: "/roles/r/", title: "Partner manager", keywords: []string{"booth staffing"}, body: []string{body}}),
		textDoc(searchText{kind: site.KindPerson, url: "/people/p/", title: "Amara", keywords: []string{"Introductions to the booth team"}, body: []string{body}}),
		textDoc(searchText{url: "/d/", title: "Tagged", tags: []string{"booth"}, body: []string{body}}),
	}
	ix := newSearchIndex(docs)
	title, bodyOnly, heading := scoreOf(ix, "booth", 0), scoreOf(ix, "booth", 1), scoreOf(ix, "booth", 2)
	expertise, askMeFor, tag := scoreOf(ix, "booth", 3), scoreOf(ix, "booth", 4), scoreOf(ix, "booth", 5)
	if bodyOnly == 0 || title == 0 {
		t.Fatalf("booth not indexed: title %d, body %d", title, bodyOnly)
	}
	if !(title > heading && heading > bodyOnly) {
		t.Errorf("title %d, heading %d, body %d: want title > heading > body", title, heading, bodyOnly)
	}
	if expertise != title || askMeFor != title {
		t.Errorf("a card's expertise (%d) and ask_me_for (%d) must weigh like a title (%d)", expertise, askMeFor, title)
	}
	if !(tag > bodyOnly && tag < title) {
		t.Errorf("tag %d: want between body %d and title %d", tag, bodyOnly, title)
	}
	if scoreOf(ix, "filler", 0) == 0 {
		t.Error("body words are not indexed")
	}
}

// tableOf reads search/slices.json.
func tableOf(t *testing.T, ix *searchIndex) []struct{ From, File string } {
	t.Helper()
	var tab struct {
		Version int
		Shards  []struct{ From, File string }
	}
	if err := json.Unmarshal(ix.files()["search/slices.json"], &tab); err != nil {
		t.Fatal(err)
	}
	if tab.Version != searchIndexVersion {
		t.Errorf("slices.json version %d", tab.Version)
	}
	return tab.Shards
}

func TestSearchShardsHoldEveryTermOnceInOrder(t *testing.T) {
	var docs []*searchDoc
	for i := 0; i < 300; i++ {
		docs = append(docs, textDoc(searchText{url: fmt.Sprintf("/p%d/", i), title: fmt.Sprintf("Page %d word%d", i, i%37),
			body: []string{fmt.Sprintf("common text t%d and 展台%d值班", i*7919%1000, i%5)}}))
	}
	ix := newSearchIndexCut(docs, sliceRule{min: 256, max: 1024, extra: 4})
	files := ix.files()
	shards := tableOf(t, ix)
	if len(shards) < 3 {
		t.Fatalf("%d slices of at most 1 KB for %d terms", len(shards), len(ix.names))
	}
	biggest := 0
	for id := range ix.names {
		biggest = max(biggest, ix.entrySize(int32(id)))
	}
	var all []string
	postings := map[string][][2]int{}
	for i, s := range shards {
		data := files["search/"+s.File]
		if len(data) > 8+1024+biggest {
			t.Errorf("slice %d has %d bytes", i, len(data))
		}
		d := decodeShard(t, data)
		for term, ps := range d.postings {
			postings[term] = ps
		}
		if i == 0 && s.From != "" || i > 0 && s.From != d.terms[0] {
			t.Errorf("slice %d starts at %q, its first term is %q", i, s.From, d.terms[0])
		}
		all = append(all, d.terms...)
		for term, ps := range d.postings {
			if want := int(ix.df[ix.ids[term]]); len(ps) != want {
				t.Errorf("%s: %d postings, df %d", term, len(ps), want)
			}
		}
	}
	if len(all) != len(ix.names) {
		t.Errorf("%d terms in the slices, %d in the index", len(all), len(ix.names))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1] >= all[i] {
			t.Errorf("terms out of order: %q before %q", all[i-1], all[i])
		}
	}
	if ps := postings["common"]; len(ps) != 300 || ps[299][0] != 299 {
		t.Errorf("common: %d postings, want one per document", len(ps))
	}
	if one := tableOf(t, newSearchIndex(docs[:1])); len(one) != 1 || one[0].From != "" {
		t.Errorf("a small index has %d slices", len(one))
	}
	empty := newSearchIndex(nil)
	if tab := tableOf(t, empty); len(tab) != 1 || len(decodeShard(t, empty.files()["search/"+tab[0].File]).terms) != 0 {
		t.Errorf("an empty index: %d slices", len(tab))
	}
}

func TestSearchIndexIsTheSameEveryTime(t *testing.T) {
	mk := func() map[string][]byte {
		var docs []*searchDoc
		for i := 0; i < 50; i++ {
			docs = append(docs, textDoc(searchText{url: fmt.Sprintf("/p%d/", i), title: fmt.Sprintf("w%d x%d", i%7, i%11),
				body: []string{fmt.Sprintf("y%d z%d 中文%d", i%13, i%17, i%3)}}))
		}
		return newSearchIndexCut(docs, sliceRule{min: 64, max: 256, extra: 3}).files()
	}
	a, b := mk(), mk()
	if len(a) < 4 || len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}
