package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/templates"
)

// renderFS renders the site whose content folder is fsys.
func renderFS(t *testing.T, ts *Templates, fsys fstest.MapFS) map[string][]byte {
	t.Helper()
	s, l := load.Site(fsys, load.Options{Prefix: "content"})
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	g, _ := resolve.Site(s)
	return renderGraph(t, ts, g)
}

// randomCards is a content folder of random teams, roles, people and
// pages, their texts full of what escaping must get right, their lists
// often empty: every branch of the card layouts.
func randomCards(seed uint64) fstest.MapFS {
	rng := rand.New(rand.NewPCG(seed, 7))
	words := []string{"deal", "a&b", `"quoted"`, "<tag>", "x+y", "it's", "展台", "ブース", "café", "50%", "#chan", "a/b", "q?r=1", "x\ty", "**bold**", "`code`", "_em_"}
	text := func(n int) string {
		var ws []string
		for range 1 + rng.IntN(n) {
			ws = append(ws, words[rng.IntN(len(words))])
		}
		return strings.Join(ws, " ")
	}
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	pick := func(ids []string, n int) []string {
		var out []string
		seen := map[string]bool{}
		for range rng.IntN(n + 1) {
			if len(ids) == 0 {
				break
			}
			id := ids[rng.IntN(len(ids))]
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		return out
	}
	list := func(xs []string) string { return "[" + strings.Join(xs, ", ") + "]" }
	nTeams, nRoles, nPeople := 1+rng.IntN(6), rng.IntN(14), rng.IntN(12)
	var teams, roles, people []string
	for i := range nTeams {
		teams = append(teams, fmt.Sprintf("t%d", i))
	}
	for i := range nRoles {
		roles = append(roles, fmt.Sprintf("r%d", i))
	}
	for i := range nPeople {
		people = append(people, fmt.Sprintf("p%d", i))
	}
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte("title: Cards & <co>\n")},
		"index.md":  {Data: []byte("# Home\n")},
	}
	if rng.IntN(2) == 0 {
		fsys["roles/index.md"] = &fstest.MapFile{Data: []byte("---\ndescription: " + q(text(3)) + "\n---\n# Our roles\n\nSee " + text(4) + ".\n")}
	}
	if rng.IntN(2) == 0 {
		fsys["teams/index.md"] = &fstest.MapFile{Data: []byte("# Teams\n\nAll of " + text(2) + ".\n")}
	}
	if rng.IntN(2) == 0 {
		fsys["people/index.md"] = &fstest.MapFile{Data: []byte("---\ndescription: " + q(text(3)) + "\n---\n# Who\n")}
	}
	opt := func(b *strings.Builder, key, value string) {
		if rng.IntN(2) == 0 {
			fmt.Fprintf(b, "%s: %s\n", key, value)
		}
	}
	texts := func(n int) string {
		var xs []string
		for range 1 + rng.IntN(n) {
			xs = append(xs, q(text(4)))
		}
		return list(xs)
	}
	ref := func() string {
		switch {
		case len(roles) > 0 && rng.IntN(3) == 0:
			return " [[role:" + roles[rng.IntN(len(roles))] + "]]"
		case len(people) > 0 && rng.IntN(3) == 0:
			return " [[person:" + people[rng.IntN(len(people))] + "]]"
		}
		return ""
	}
	for _, id := range teams {
		var b strings.Builder
		fmt.Fprintf(&b, "name: %s\nsummary: %s\n", q("Team "+text(2)), q(text(6)))
		opt(&b, "mission", q(text(8)+ref()))
		if len(people) > 0 {
			opt(&b, "lead", people[rng.IntN(len(people))])
			opt(&b, "owner", people[rng.IntN(len(people))])
		}
		opt(&b, "works_with", list(pick(teams, 3)))
		opt(&b, "last_reviewed", "2026-01-0"+fmt.Sprint(1+rng.IntN(9)))
		if rng.IntN(2) == 0 {
			b.WriteString("channels:\n  - label: " + q(text(1)) + "\n    url: https://chat.example.com/a&b?c=" + id + "\n  - label: Call\n    url: tel:+1-555-0100\n")
		}
		fsys["teams/"+id+".yaml"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	for _, id := range roles {
		var b strings.Builder
		fmt.Fprintf(&b, "title: %s\nteam: %s\nsummary: %s\n", q("Role "+text(2)), teams[rng.IntN(len(teams))], q(text(6)))
		opt(&b, "people", list(pick(people, 3)))
		opt(&b, "works_with", list(pick(roles, 3)))
		opt(&b, "what_we_do", q(text(8)+ref()))
		opt(&b, "day_to_day", texts(3))
		opt(&b, "ask_me_for", texts(3))
		opt(&b, "not_for", texts(2))
		opt(&b, "metrics", texts(2))
		opt(&b, "expertise", list([]string{"pricing", q(text(1))}[:1+rng.IntN(2)]))
		if len(people) > 0 {
			opt(&b, "owner", people[rng.IntN(len(people))])
		}
		opt(&b, "last_reviewed", "2025-12-1"+fmt.Sprint(rng.IntN(10)))
		if rng.IntN(2) == 0 {
			b.WriteString("situations:\n  - when: " + q(text(4)) + "\n    do: " + q(text(5)+ref()) + "\n")
		}
		fsys["roles/"+id+".yaml"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	for _, id := range people {
		var b strings.Builder
		fmt.Fprintf(&b, "name: %s\n", q("Person "+text(2)))
		opt(&b, "pronouns", q(text(1)))
		opt(&b, "pitch", q(text(10)+ref()))
		opt(&b, "expertise", list([]string{"negotiation", q(text(1))}[:1+rng.IntN(2)]))
		opt(&b, "ask_me_for", texts(2))
		opt(&b, "mentors", list(pick(people, 2)))
		if rng.IntN(2) == 0 {
			b.WriteString("contact:\n  - label: " + q(text(1)) + "\n    url: mailto:" + id + "@example.com\n")
		}
		fsys["people/"+id+".yaml"] = &fstest.MapFile{Data: []byte(b.String())}
	}
	for i := range rng.IntN(8) {
		var b strings.Builder
		b.WriteString("---\n")
		opt(&b, "description", q(text(4)))
		opt(&b, "teams", list(pick(teams, 2)))
		b.WriteString("---\n# " + strings.ReplaceAll(text(3), "#", "") + "\n\nText" + ref() + ".\n")
		fsys[fmt.Sprintf("guides/g%d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// The card kinds' layouts written in Go are the built-in templates, byte
// for byte, over random card sites (the example handbook is compared by
// TestPartialsInGoGiveTheSameSiteAsTemplates).
func TestCardLayoutsInGoGiveTheSameSitesAsTemplates(t *testing.T) {
	inGo, l := loadTemplates(templates.FS, "", true)
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	tmpl, _ := loadTemplates(templates.FS, "", false)
	for kind := range goMains {
		if inGo.kinds[kind].Lookup("main (template)") == nil {
			t.Errorf("%s's layout is not written in Go", kind)
		}
		if tmpl.kinds[kind].Lookup("main (template)") != nil {
			t.Errorf("%s's layout is written in Go when it should not be", kind)
		}
	}
	kinds := map[string]bool{}
	for seed := range uint64(40) {
		fsys := randomCards(seed)
		want, got := renderFS(t, tmpl, fsys), renderFS(t, inGo, fsys)
		if len(got) != len(want) {
			t.Errorf("seed %d: %d files vs %d", seed, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(data, got[name]) {
				t.Errorf("seed %d: %s differs:\n got %s\nwant %s", seed, name, got[name], data)
			}
			if i := bytes.Index(data, []byte(`<body class="kind-`)); i >= 0 {
				k := data[i+len(`<body class="kind-`):]
				kinds[string(k[:bytes.IndexByte(k, '"')])] = true
			}
		}
		if t.Failed() {
			break
		}
	}
	for kind := range goMains {
		if !kinds[kind] {
			t.Errorf("no %s page compared", kind)
		}
	}
}

// A site's own role.html, or its own "links" (which the roles index and
// the team page call), keeps those layouts in the template; the others
// stay in Go.
func TestOwnCardLayoutsAreUsed(t *testing.T) {
	dir := t.TempDir()
	role, err := os.ReadFile("../../templates/role.html")
	if err != nil {
		t.Fatal(err)
	}
	own := strings.Replace(string(role), `<p class="card-kind">Role`, `<p class="card-kind">Our role`, 1)
	partials, err := os.ReadFile("../../templates/partials.html")
	if err != nil {
		t.Fatal(err)
	}
	ownPartials := strings.Replace(string(partials), `{{if $i}}, {{end}}<a href="{{$l.URL}}">`, `{{if $i}} / {{end}}<a href="{{$l.URL}}">`, 1)
	if own == string(role) || ownPartials == string(partials) {
		t.Fatal("the built-in templates changed; update the test")
	}
	os.WriteFile(filepath.Join(dir, "role.html"), []byte(own), 0o644)
	os.WriteFile(filepath.Join(dir, "partials.html"), []byte(ownPartials), 0o644)
	ts, l := loadTemplates(templates.FS, dir, true)
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	for kind, inGo := range map[string]bool{"role": false, "team": false, "roles": false, "teams": false, "people": false, "person": true, "directory": true} {
		if got := ts.kinds[kind].Lookup("main (template)") != nil; got != inGo {
			t.Errorf("%s in Go: %v, want %v", kind, got, inGo)
		}
	}
	files := renderExample(t, ts)
	var ownRole, ownLinks bool
	for _, data := range files {
		ownRole = ownRole || bytes.Contains(data, []byte(`<p class="card-kind">Our role`))
		ownLinks = ownLinks || bytes.Contains(data, []byte(`</a> / <a href=`))
	}
	if !ownRole || !ownLinks {
		t.Errorf("own role.html used: %v, own links used: %v", ownRole, ownLinks)
	}
}
