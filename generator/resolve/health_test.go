package resolve_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/resolve"
)

// graph loads and resolves a content tree given as "-- name --" files,
// failing the test on any load or resolve error.
func graph(t *testing.T, tree string) *resolve.Graph {
	t.Helper()
	fsys := fstest.MapFS{}
	var name string
	var b strings.Builder
	flush := func() {
		if name != "" {
			fsys[name] = &fstest.MapFile{Data: []byte(b.String())}
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(tree, "\n") {
		s := strings.TrimRight(line, "\n")
		if strings.HasPrefix(s, "-- ") && strings.HasSuffix(s, " --") {
			flush()
			name = strings.TrimSpace(s[3 : len(s)-3])
			continue
		}
		b.WriteString(line)
	}
	flush()
	s, l := load.Site(fsys, load.Options{Prefix: "content"})
	g, rl := resolve.Site(s)
	l.Add(rl)
	if l.Errors() > 0 {
		t.Fatalf("the tree has errors:\n%v", l)
	}
	return g
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func lines(t *testing.T, g *resolve.Graph, today time.Time) []string {
	t.Helper()
	var out []string
	for _, d := range resolve.Health(g, today).Sort() {
		out = append(out, d.String())
	}
	return out
}

func equal(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// clean is a tree that breaks no rule.
const clean = `
-- site.yaml --
review_after_days: 30
-- index.md --
---
owner: ana
last_reviewed: 2026-11-01
---
See [[events/booth]].
-- events/booth.md --
---
owner: ana
last_reviewed: 2026-11-01
---
Booth.
-- teams/devrel.yaml --
name: DevRel
summary: Helps developers.
lead: ana
works_with: [sales]
-- teams/sales.yaml --
name: Sales
summary: Sells.
lead: bo
works_with: [devrel]
-- roles/advocate.yaml --
title: Advocate
team: devrel
summary: Helps.
people: [ana]
works_with: [ae]
owner: ana
last_reviewed: 2026-11-01
-- roles/ae.yaml --
title: Account Executive
team: sales
summary: Sells.
people: [bo]
works_with: [advocate]
owner: bo
last_reviewed: 2026-11-01
-- people/ana.yaml --
name: Ana
-- people/bo.yaml --
name: Bo
`

func TestHealthOfACompleteHandbookIsQuiet(t *testing.T) {
	g := graph(t, clean)
	equal(t, lines(t, g, day("2026-11-26")), nil)
}

func TestHealthReportsEveryRuleWithItsPositionAndFix(t *testing.T) {
	g := graph(t, `
-- site.yaml --
review_after_days: 30
-- index.md --
---
owner: ana
---
Home.
-- events/index.md --
---
owner: ana
---
Nothing links here, and the sidebar does not count.
-- events/booth.md --
---
last_reviewed: 2026-09-01
---
Linked from nowhere either.
-- teams/devrel.yaml --
name: DevRel
summary: Helps developers.
works_with: [sales]
-- teams/sales.yaml --
name: Sales
summary: Sells.
lead: bo
-- roles/advocate.yaml --
title: Advocate
team: devrel
summary: Helps.
works_with: [ae]
-- roles/ae.yaml --
title: Account Executive
team: devrel
summary: Sells.
people: [bo]
owner: bo
last_reviewed: 2026-09-01
-- people/ana.yaml --
name: Ana
-- people/bo.yaml --
name: Bo
last_reviewed: 2026-01-01
`)
	equal(t, lines(t, g, day("2026-11-26")), []string{
		`content/events/booth.md:1:1: warning: no page or card links to this page; link it from its section page content/events/index.md, or from another page or card`,
		`content/events/booth.md:1:1: warning: page has no owner; add owner: <person-id> to the front matter, the person who keeps it true`,
		`content/events/booth.md:2:16: warning: page last reviewed 86 days ago, more than review_after_days (30); check it with the people it describes, then set last_reviewed: 2026-11-26`,
		`content/events/index.md:1:1: warning: no page or card links to this page; link it from its section page content/index.md, or from another page or card`,
		`content/people/ana.yaml:1:1: warning: "ana" holds no role; add roles: [<role-id>] to the card, or list the person in a role's people`,
		`content/people/bo.yaml:2:16: warning: person card last reviewed 329 days ago, more than review_after_days (30); Bo (bo) should check it with the people it describes, then set last_reviewed: 2026-11-26`,
		`content/roles/advocate.yaml:1:1: warning: nobody holds role "advocate"; add the holders to people: in this card or advocate to roles: in theirs; an open role is shown as open`,
		`content/roles/advocate.yaml:1:1: warning: role "advocate" has no owner; add owner: <person-id>, the person who keeps this card true`,
		`content/roles/advocate.yaml:4:14: warning: role "advocate" works with "ae", but "ae" does not list "advocate"; add advocate to works_with in content/roles/ae.yaml, or remove ae here`,
		`content/roles/ae.yaml:6:16: warning: role card last reviewed 86 days ago, more than review_after_days (30); Bo (bo) should check it with the people it describes, then set last_reviewed: 2026-11-26`,
		`content/teams/devrel.yaml:1:1: warning: team "devrel" has no lead; add lead: <person-id>, the person to go to first`,
		`content/teams/devrel.yaml:3:14: warning: team "devrel" works with "sales", but "sales" does not list "devrel"; add devrel to works_with in content/teams/sales.yaml, or remove sales here`,
		`content/teams/sales.yaml:1:1: warning: team "sales" has no roles; add a role card with team: sales (handbook new role <id> --team sales)`,
	})
}

func TestStaleMeansMoreThanReviewAfterDaysBeforeToday(t *testing.T) {
	g := graph(t, clean) // reviewed 2026-11-01, limit 30 days
	for _, c := range []struct {
		today string
		stale int
	}{
		{"2026-11-01", 0},
		{"2026-12-01", 0}, // exactly 30 days: not yet
		{"2026-12-02", 4}, // 31 days: the home page, the booth page and both roles
		{"2026-10-01", 0}, // a review in the future is not stale
	} {
		n := 0
		for _, f := range resolve.Findings(g, day(c.today)) {
			if f.Check == resolve.CheckStale {
				n++
				if f.Age != 31 {
					t.Errorf("today %s: %s has age %d, want 31", c.today, f.File, f.Age)
				}
			}
		}
		if n != c.stale {
			t.Errorf("today %s: %d stale, want %d", c.today, n, c.stale)
		}
	}
	if got := resolve.Findings(g, time.Time{}); len(got) != 0 {
		t.Errorf("without a today, nothing should be stale; got %v", got)
	}
	off := graph(t, strings.Replace(clean, "review_after_days: 30", "review_after_days: 0", 1))
	if got := resolve.Findings(off, day("2030-01-01")); len(got) != 0 {
		t.Errorf("review_after_days: 0 should turn staleness off; got %v", got)
	}
}

func TestTeamsAndPeopleAreKeptByTheirLeadAndThemselves(t *testing.T) {
	g := graph(t, strings.Replace(strings.Replace(clean,
		"lead: ana\nworks_with: [sales]", "lead: ana\nworks_with: [sales]\nlast_reviewed: 2026-01-01", 1),
		"name: Bo\n", "name: Bo\nlast_reviewed: 2026-01-01\n", 1))
	owners := map[string]string{}
	for _, f := range resolve.Findings(g, day("2026-11-26")) {
		owners[f.File] = f.Owner + " " + f.OwnerName
	}
	if owners["content/teams/devrel.yaml"] != "ana Ana" || owners["content/people/bo.yaml"] != "bo Bo" {
		t.Errorf("owners = %v; want the team's lead and the person themself", owners)
	}
}

func TestALinkFromACardTextKeepsAPageFromBeingAnOrphan(t *testing.T) {
	g := graph(t, clean+`-- events/recap.md --
---
owner: ana
---
Recap.
`)
	var orphans []string
	for _, f := range resolve.Findings(g, day("2026-11-26")) {
		if f.Check == resolve.CheckOrphan {
			orphans = append(orphans, f.File)
		}
	}
	equal(t, orphans, []string{"content/events/recap.md"})

	g = graph(t, strings.Replace(clean, "summary: Sells.\npeople: [bo]", "summary: Sells.\nwhat_we_do: Recaps, in [[events/recap]].\npeople: [bo]", 1)+`-- events/recap.md --
---
owner: ana
---
Recap.
`)
	for _, f := range resolve.Findings(g, day("2026-11-26")) {
		if f.Check == resolve.CheckOrphan {
			t.Errorf("linked from a role card, yet reported: %s", f.Diag)
		}
	}
}

func TestAPageAtTheAddressOfAGeneratedPageIsAnError(t *testing.T) {
	g := graph(t, clean+`-- directory.md --
---
owner: ana
---
Mine.
`)
	var errs []string
	for _, d := range resolve.Generated(g, nil) {
		errs = append(errs, d.String())
	}
	equal(t, errs, []string{`content/directory.md:1:1: published at /directory/, where the generator writes its page /directory/; rename the page or move it to another folder`})
}

func TestByOwnerListsOwnersByNameOldestFirstAndUnownedLast(t *testing.T) {
	g := graph(t, `
-- site.yaml --
review_after_days: 10
-- index.md --
---
owner: zoe
last_reviewed: 2026-01-01
---
[a](a.md) [b](b.md) [c](c.md)
-- a.md --
---
owner: zoe
last_reviewed: 2026-06-01
---
-- b.md --
---
last_reviewed: 2026-05-01
---
-- c.md --
---
owner: adam
last_reviewed: 2026-03-01
---
-- people/zoe.yaml --
name: Zoe
-- people/adam.yaml --
name: Adam
`)
	var got []string
	for _, og := range resolve.ByOwner(resolve.Findings(g, day("2026-11-26"))) {
		for _, f := range og.Items {
			got = append(got, og.Name+" | "+f.File+" | "+f.Summary())
		}
	}
	equal(t, got, []string{
		"Adam | content/c.md | not reviewed for 270 days",
		"Zoe | content/index.md | not reviewed for 329 days",
		"Zoe | content/a.md | not reviewed for 178 days",
		" | content/b.md | no owner",
		" | content/b.md | not reviewed for 209 days",
	})
}
