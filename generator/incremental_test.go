package generator_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator"
)

// TestRebuildsAfterRandomEditsEqualACleanBuild applies random edits to
// pages, cards and templates while a serve session runs, and after each
// one compares every output file with a clean build of the same content:
// the caches of a live session (files loaded, views rendered) must never
// leave a stale page. Issue #3.
func TestRebuildsAfterRandomEditsEqualACleanBuild(t *testing.T) {
	seed := int64(os.Getpid())
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)

	ls := startLive(t, `
-- content/index.md --
# Home
See [[events/booth]], [[role:ae]] and [[team:sales]].
-- content/events/index.md --
# Events
-- content/events/booth.md --
---
weight: 1
teams: [sales]
---
# Booth
Ask [[person:amara]].
-- content/events/talks.md --
# Talks
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
lead: amara
-- content/roles/ae.yaml --
title: Account Executive
team: sales
summary: Owns deals.
people: [amara]
-- content/people/amara.yaml --
name: Amara Kay
-- content/people/jo.yaml --
name: Jo Lee
roles: [ae]
mentors: [amara]
-- templates/404.html --
{{define "main"}}<p>Lost</p>{{end}}
`, true)

	edits := []func(i int) string{
		func(i int) string { // body edit
			ls.write("content/events/booth.md", fmt.Sprintf("---\nweight: 1\nteams: [sales]\n---\n# Booth\nAsk [[person:amara]]. Edit %d.\n", i))
			return "booth body"
		},
		func(i int) string { // title edit: shows in the sidebar, links and lists
			ls.write("content/events/talks.md", fmt.Sprintf("# Talks %d\n", i))
			return "talks title"
		},
		func(i int) string { // weight change reorders the section
			ls.write("content/events/booth.md", fmt.Sprintf("---\nweight: %d\nteams: [sales]\n---\n# Booth\nAsk [[person:amara]].\n", 1+i%3*5))
			return "booth weight"
		},
		func(i int) string { // card field that other cards show
			ls.write("content/roles/ae.yaml", fmt.Sprintf("title: Account Executive %d\nteam: sales\nsummary: Owns deals %d.\npeople: [amara]\n", i, i))
			return "role card"
		},
		func(i int) string { // person name shown on team, role and mentee pages
			ls.write("content/people/amara.yaml", fmt.Sprintf("name: Amara Kay %d\n", i))
			return "person name"
		},
		func(i int) string { // a new page, then it may be removed again
			p := filepath.Join(ls.content, "events", fmt.Sprintf("new-%d.md", i%3))
			if _, err := os.Stat(p); err == nil {
				os.Remove(p)
				return "page removed"
			}
			ls.write(fmt.Sprintf("content/events/new-%d.md", i%3), fmt.Sprintf("# New %d\nSee [[events/booth]].\n", i))
			return "page added"
		},
		func(i int) string { // mentors change who mentors whom
			if i%2 == 0 {
				ls.write("content/people/jo.yaml", "name: Jo Lee\nroles: [ae]\n")
			} else {
				ls.write("content/people/jo.yaml", "name: Jo Lee\nroles: [ae]\nmentors: [amara]\n")
			}
			return "mentors"
		},
		func(i int) string { // a template change re-renders what uses it
			ls.write("templates/404.html", fmt.Sprintf("{{define \"main\"}}<p>Lost %d</p>{{end}}\n", i))
			return "template"
		},
	}
	for i := 0; i < 24; i++ {
		what := edits[rng.Intn(len(edits))](i)
		ls.waitFor(what, func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil && !rb.Result.Failed() })
		ls.settle()
		got := ls.output()
		o := generator.Options{Content: ls.content}
		if _, err := os.Stat(filepath.Join(ls.dir, "templates")); err == nil {
			o.Templates = filepath.Join(ls.dir, "templates")
		}
		want, r, err := generator.Render(o)
		if err != nil || r.Failed() {
			t.Fatalf("clean build after %q: %v %v", what, err, r.Diags)
		}
		if diff := compareSites(got, want); diff != "" {
			t.Fatalf("after edit %d (%s), seed %d: live output differs from a clean build:\n%s", i, what, seed, diff)
		}
	}
}

func compareSites(got, want map[string][]byte) string {
	var out []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			out = append(out, "missing "+p)
		case !bytes.Equal(g, w):
			out = append(out, "differs "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			out = append(out, "extra "+p)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}
