package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
)

// randomText writes n words drawn from a vocabulary skewed to its first
// words, as text is, with some Chinese and Japanese runs, and now and
// then a word no document had before.
type randomText struct {
	rng   *rand.Rand
	words []string
	fresh int
}

var cjkRunes = []rune("展台值班活动指南交接四步先介绍再说明情况ブースの当番を決めるかたちはじめて")

func newRandomText(seed uint64, vocab int) *randomText {
	g := &randomText{rng: rand.New(rand.NewPCG(seed, 7))}
	for i := 0; i < vocab; i++ {
		g.words = append(g.words, fmt.Sprintf("%s%d", []string{"booth", "partner", "deal", "api", "renew", "onboard", "metric", "zeta"}[i%8], i/8))
	}
	return g
}

func (g *randomText) text(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch r := g.rng.IntN(100); {
		case r < 4:
			for k := 1 + g.rng.IntN(5); k > 0; k-- {
				b.WriteRune(cjkRunes[g.rng.IntN(len(cjkRunes))])
			}
		case r < 6:
			g.fresh++
			fmt.Fprintf(&b, "fresh%dword", g.fresh)
		default:
			// Zipf-like: the square of a uniform number favours the start.
			u := g.rng.Float64()
			b.WriteString(g.words[int(u*u*float64(len(g.words)))])
		}
		b.WriteByte(' ')
	}
	return b.String()
}

func (g *randomText) doc(i int) searchText {
	return searchText{kind: site.Kind(i % 4), url: fmt.Sprintf("/d%d/", i), title: "Title " + g.text(2),
		desc: g.text(3), descs: []string{g.text(3)}, heads: []string{g.text(2)}, body: []string{g.text(10 + g.rng.IntN(60))}}
}

// edit changes a document the ways writers do: a body rewritten in part,
// words added or removed, sometimes a new title or description, sometimes
// everything gone.
func (g *randomText) edit(x searchText) searchText {
	switch g.rng.IntN(8) {
	case 0:
		x.title = "Title " + g.text(1+g.rng.IntN(3))
	case 1:
		x.desc = g.text(g.rng.IntN(4))
	case 2:
		x.body = nil
		x.heads = nil
	case 3:
		x.body = append(x.body, g.text(1))
	case 4:
		if len(x.body) > 0 && len(x.body[0]) > 0 {
			x.body[0] = x.body[0][:g.rng.IntN(len(x.body[0]))]
		}
	default:
		x.body = []string{g.text(g.rng.IntN(80))}
	}
	x.body = append([]string(nil), x.body...)
	return x
}

// TestSearchIndexUpdateEqualsACleanBuild applies random edits to an index
// one after another and checks, after each, that the files it would
// publish (the old ones, with the changed written and the removed
// deleted) are byte for byte those of an index built from scratch.
func TestSearchIndexUpdateEqualsACleanBuild(t *testing.T) {
	for _, c := range []struct {
		name string
		rule sliceRule
		docs int
	}{
		{"small slices", sliceRule{min: 96, max: 400, extra: 100}, 40},
		{"cut by hash", sliceRule{min: 8, max: 2000, extra: 40}, 40},
		{"tiny slices", sliceRule{min: 1, max: 40, extra: 2}, 25},
		{"one slice", sliceRule{min: 1 << 20, max: 2 << 20, extra: 2}, 10},
		{"site slices", slicing, 300},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := newRandomText(uint64(len(c.name)), 300)
			texts := make([]searchText, c.docs)
			docs := make([]*searchDoc, c.docs)
			for i := range texts {
				texts[i] = g.doc(i)
				docs[i] = textDoc(texts[i])
			}
			ix := newSearchIndexCut(docs, c.rule)
			published := ix.files()
			rounds := 300
			if testing.Short() {
				rounds = 60
			}
			for round := 0; round < rounds; round++ {
				var edited []*searchDoc
				picked := map[int]bool{}
				for k := 1 + g.rng.IntN(3); k > 0; k-- {
					i := g.rng.IntN(len(texts))
					if round == rounds-1 {
						i = k - 1 // the last round empties documents
					}
					if picked[i] {
						continue
					}
					picked[i] = true
					texts[i] = g.edit(texts[i])
					if round == rounds-1 {
						texts[i] = searchText{kind: texts[i].kind, url: texts[i].url}
					}
					docs[i] = textDoc(texts[i])
					edited = append(edited, docs[i])
				}
				changed, removed := ix.update(edited)
				for _, f := range removed {
					if _, ok := published[f]; !ok {
						t.Fatalf("round %d: removed %s, which was not published", round, f)
					}
					delete(published, f)
				}
				for f, data := range changed {
					if old, ok := published[f]; ok && bytes.Equal(old, data) {
						t.Errorf("round %d: %s in changed with the same bytes", round, f)
					}
					published[f] = data
				}
				clean := newSearchIndexCut(docs, c.rule).files()
				if diff := diffFiles(published, clean); diff != "" {
					t.Fatalf("round %d, after editing %d documents: the updated index differs from a clean build:\n%s", round, len(edited), diff)
				}
			}
		})
	}
}

func diffFiles(got, want map[string][]byte) string {
	var out []string
	for f, data := range want {
		if g, ok := got[f]; !ok {
			out = append(out, "missing "+f)
		} else if !bytes.Equal(g, data) {
			out = append(out, "different "+f)
		}
	}
	for f := range got {
		if _, ok := want[f]; !ok {
			out = append(out, "extra "+f)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func TestSearchIndexUpdateTouchesOnlyWhatChanged(t *testing.T) {
	g := newRandomText(1, 3000)
	var texts []searchText
	var docs []*searchDoc
	for i := 0; i < 2000; i++ {
		texts = append(texts, g.doc(i))
		docs = append(docs, textDoc(texts[i]))
	}
	ix := newSearchIndex(docs)
	if len(ix.slices) < 10 {
		t.Fatalf("%d slices: too few to tell", len(ix.slices))
	}
	// A word no other page has, added to one body: its slice changes, and
	// the table of slices; the other terms of the page keep their scores
	// (a body one word longer scores the same after rounding), and
	// index.json stays.
	x := texts[500]
	x.body = append(append([]string(nil), x.body...), "zzzunique")
	changed, removed := ix.update([]*searchDoc{textDoc(x)})
	bins := 0
	for f := range changed {
		if strings.HasSuffix(f, ".bin") {
			bins++
		}
	}
	if _, ok := changed["search/index.json"]; ok {
		t.Error("index.json changed, but no title or description did")
	}
	if _, ok := changed["search/slices.json"]; !ok {
		t.Error("slices.json did not change")
	}
	if bins > 2 || len(removed) > 2 || bins == 0 {
		t.Errorf("one new word wrote %d slices and removed %d, of %d", bins, len(removed), len(ix.slices))
	}
	// A new title changes index.json too.
	x.title = "A new title"
	if changed, _ := ix.update([]*searchDoc{textDoc(x)}); changed["search/index.json"] == nil {
		t.Error("a new title did not change index.json")
	}
	// The same document again changes nothing.
	if changed, removed := ix.update([]*searchDoc{textDoc(x)}); len(changed)+len(removed) != 0 {
		t.Errorf("an update without change wrote %d files and removed %d", len(changed), len(removed))
	}
}

// BenchmarkSearchIndexUpdate measures the update of the index of 10,000
// pages after one page's body is edited (a few words replaced), which is
// what serve does after a save.
func BenchmarkSearchIndexUpdate(b *testing.B) {
	g := newRandomText(3, 40000)
	var texts []searchText
	var docs []*searchDoc
	for i := 0; i < 10000; i++ {
		x := g.doc(i)
		x.body = []string{g.text(300 + g.rng.IntN(400))}
		texts = append(texts, x)
		docs = append(docs, textDoc(x))
	}
	ix := newSearchIndex(docs)
	b.Logf("%v", ix)
	edits := make([]*searchDoc, 64)
	for k := range edits {
		x := texts[g.rng.IntN(len(texts))]
		body := x.body[0]
		at := g.rng.IntN(len(body) - 40)
		x.body = []string{body[:at] + " " + g.text(8) + " " + body[at+40:]}
		edits[k] = textDoc(x)
	}
	b.ResetTimer()
	files := 0
	for i := 0; i < b.N; i++ {
		// Each edit and then its undoing: the index stays the size it was.
		k := i % len(edits)
		d := edits[k]
		if i/len(edits)%2 == 1 {
			d = docs[ix.byURL[d.URL]]
		}
		changed, removed := ix.update([]*searchDoc{d})
		files += len(changed) + len(removed)
	}
	b.ReportMetric(float64(files)/float64(b.N), "files/op")
}

// graphOf loads and resolves a content folder given as files.
func graphOf(t *testing.T, files map[string]string) *resolve.Graph {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	s, l := load.Site(fsys, load.Options{})
	g, rl := resolve.Site(s)
	l = append(l, rl...)
	if l.Errors() > 0 {
		t.Fatalf("content does not load: %v", l)
	}
	return g
}

// TestSearchIndexUpdateFromEditedPages is how serve uses the index: a
// site is built, a page is edited (its text, a heading, then its title;
// and a card's name, which the pages that mention it show), and the
// documents made from the new site update the index; its files are then
// those of a clean build of the new site.
func TestSearchIndexUpdateFromEditedPages(t *testing.T) {
	content := map[string]string{
		"index.md":          "# Home\n\nSee [booth duty](events/booth.md).\n",
		"events/index.md":   "# Events\n",
		"events/booth.md":   "---\ndescription: Who stands at the booth\n---\n# Booth duty\n\nStand at the booth; ask [[person:amara]].\n\n## Leads\n\nLeads go to the partner manager.\n",
		"zh/index.md":       "# 中文\n",
		"zh/booth.md":       "# 展台速查\n\n先介绍，再说明情况。\n",
		"teams/sales.yaml":  "name: Sales\nsummary: Sells.\n",
		"roles/ae.yaml":     "title: Account Executive\nteam: sales\nsummary: Owns the deal.\n",
		"people/amara.yaml": "name: Amara Okafor\nroles: [ae]\n",
	}
	r := &renderer{g: graphOf(t, content)}
	ix := r.buildSearchIndex()
	published := ix.files()
	for _, step := range []struct {
		name  string
		edits map[string]string
		refs  []site.Ref // the documents the rebuild passes
	}{
		{"a page's text", map[string]string{"events/booth.md": "---\ndescription: Who stands at the booth\n---\n# Booth duty\n\nStand at the booth from nine; ask [[person:amara]] about renewals.\n\n## Leads\n\nLeads go to the partner manager.\n"},
			[]site.Ref{{Kind: site.KindPage, ID: "events/booth.md"}}},
		{"a heading and Chinese text", map[string]string{"zh/booth.md": "# 展台速查\n\n## 交接四步\n\n先介绍，再说明情况，然后交接。\n"},
			[]site.Ref{{Kind: site.KindPage, ID: "zh/booth.md"}}},
		{"a title", map[string]string{"events/booth.md": "---\ndescription: Who stands at the booth\n---\n# Booth rota\n\nStand at the booth from nine; ask [[person:amara]].\n"},
			[]site.Ref{{Kind: site.KindPage, ID: "events/booth.md"}}},
		{"a card's name", map[string]string{"people/amara.yaml": "name: Amara Mensah\nroles: [ae]\n"},
			[]site.Ref{{Kind: site.KindPage, ID: "events/booth.md"}, {Kind: site.KindTeam, ID: "sales"}, {Kind: site.KindRole, ID: "ae"}, {Kind: site.KindPerson, ID: "amara"}}},
	} {
		for name, text := range step.edits {
			content[name] = text
		}
		r := &renderer{g: graphOf(t, content)}
		var docs []*searchDoc
		for _, ref := range step.refs {
			d := r.refSearchDoc(ref)
			if d == nil {
				t.Fatalf("%s: no search document for %v", step.name, ref)
			}
			docs = append(docs, d)
		}
		changed, removed := ix.update(docs)
		if len(changed) == 0 {
			t.Errorf("%s: nothing changed", step.name)
		}
		for _, f := range removed {
			delete(published, f)
		}
		for f, data := range changed {
			published[f] = data
		}
		if diff := diffFiles(published, r.buildSearchIndex().files()); diff != "" {
			t.Fatalf("%s: the updated index differs from a clean build:\n%s", step.name, diff)
		}
		_, manifest := changed["search/index.json"]
		if want := step.name == "a title" || step.name == "a card's name"; manifest != want {
			t.Errorf("%s: index.json changed: %v, want %v", step.name, manifest, want)
		}
	}
}

// TestSearchIndexListsCardFieldsForEarlyResults checks index.json: each
// document's kind, URL, title and description, and for a card its
// expertise and ask_me_for, which the browser searches with the titles
// while a query's slices are on their way; a page has no fifth field, and
// an edit of a card's expertise changes index.json.
func TestSearchIndexListsCardFieldsForEarlyResults(t *testing.T) {
	docs := []*searchDoc{
		textDoc(searchText{url: "/events/booth/", title: "Booth duty", desc: "Who stands at the booth", body: []string{"text"}}),
		textDoc(searchText{kind: site.KindPerson, url: "/people/amara/", title: "Amara", desc: "Partner manager",
			keywords: []string{"contract law", "Introductions to the\n booth team"}, body: []string{"pitch"}}),
		textDoc(searchText{kind: site.KindRole, url: "/roles/pm/", title: "Partner manager", body: []string{"what we do"}}),
	}
	ix := newSearchIndex(docs)
	var manifest struct {
		Version int
		Docs    [][]any
	}
	if err := json.Unmarshal(ix.files()["search/index.json"], &manifest); err != nil {
		t.Fatal(err)
	}
	if manifest.Version != searchIndexVersion || searchIndexVersion != 3 {
		t.Errorf("index.json version %d, format version %d: want 3, the version with card fields", manifest.Version, searchIndexVersion)
	}
	want := [][]any{
		{float64(site.KindPage), "events/booth/", "Booth duty", "Who stands at the booth"},
		{float64(site.KindPerson), "people/amara/", "Amara", "Partner manager", "contract law; Introductions to the booth team"},
		{float64(site.KindRole), "roles/pm/", "Partner manager", ""},
	}
	if fmt.Sprint(manifest.Docs) != fmt.Sprint(want) {
		t.Errorf("index.json documents:\n%v\nwant\n%v", manifest.Docs, want)
	}

	edited := textDoc(searchText{kind: site.KindPerson, url: "/people/amara/", title: "Amara", desc: "Partner manager",
		keywords: []string{"contract law"}, body: []string{"pitch"}})
	changed, _ := ix.update([]*searchDoc{edited})
	if _, ok := changed["search/index.json"]; !ok {
		t.Error("index.json did not change with a card's expertise")
	}
	if !bytes.Equal(ix.files()["search/index.json"], newSearchIndex([]*searchDoc{docs[0], edited, docs[2]}).files()["search/index.json"]) {
		t.Error("index.json after the edit is not a clean build's")
	}
}
