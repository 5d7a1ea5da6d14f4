package generator_test

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator"
)

// TestQuickRebuildsEqualACleanBuild edits the text of pages and the
// fields of cards that quick rebuilds take in without a full build (see
// quick.go), mixed with edits that need a full build, and after each one
// compares the served site and the problems reported with a clean build
// of the same content. It also checks that the quick path was taken, so
// that a change which silently turned every rebuild into a full one fails
// here. Issue #3.
func TestQuickRebuildsEqualACleanBuild(t *testing.T) {
	t.Run("serve", func(t *testing.T) { quickEdits(t, true) })
	t.Run("watch", func(t *testing.T) { quickEdits(t, false) })
}

func quickEdits(t *testing.T, serve bool) {
	seed := int64(os.Getpid())
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)

	ls := startLive(t, `
-- content/site.yaml --
title: Quick
review_after_days: 30
-- content/index.md --
---
owner: amara
---
# Home
See [[events/booth]], [[role:ae]], [[team:sales]] and [talks](events/talks.md#agenda).
-- content/events/index.md --
---
owner: amara
description: Where we go.
---
# Events
Our [booth](booth.md) and [[events/talks]].
-- content/events/booth.md --
---
weight: 1
teams: [sales]
owner: amara
tags: [booth, events]
---
# Booth
Ask [[person:amara]] about the booth.

## Setup
Bring a banner.
-- content/events/other.md --
# Other

## Part
See [[events/booth]].
-- content/events/linker.md --
# Linker
See [[events/booth]] and [the lonely page](lonely.md).
-- content/events/lonely.md --
---
owner: jo
---
# Lonely
Only linker.md links here.
-- content/events/talks.md --
---
owner: jo
last_reviewed: 2020-01-01
---
# 会议

## Agenda
会议的议程和时间表。
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
mission: We sell what [[team:devrel]] builds.
lead: amara
works_with: [devrel]
channels:
  - label: "#sales"
    url: https://chat.example.com/sales
-- content/teams/devrel.yaml --
name: DevRel
summary: Helps developers.
lead: jo
works_with: [sales]
-- content/roles/ae.yaml --
title: Account Executive
team: sales
summary: Owns deals.
what_we_do: Close deals with [[role:advocate]].
ask_me_for:
  - Pricing
situations:
  - when: A visitor wants to buy
    do: Ask an AE.
expertise: [pricing, contracts]
people: [amara]
owner: amara
works_with: [advocate]
-- content/roles/advocate.yaml --
title: Developer Advocate
team: devrel
summary: Helps developers succeed.
people: [jo]
owner: jo
works_with: [ae]
-- content/people/amara.yaml --
name: Amara Kay
pronouns: she/her
pitch: I close deals. Then I sleep.
expertise: [negotiation]
-- content/people/jo.yaml --
name: Jo Lee
mentors: [amara]
pitch: I help developers.
`, serve)

	words := []string{"pricing", "booth", "banner", "partner", "API", "会议", "議事録", "contract", "demo"}
	word := func() string { return words[rng.Intn(len(words))] }
	type edit struct {
		what  string
		quick bool // the quick path can take it
		do    func(i int)
	}
	edits := []edit{
		{"booth body", true, func(i int) {
			ls.write("content/events/booth.md", fmt.Sprintf("---\nweight: 1\nteams: [sales]\nowner: amara\ntags: [booth, events]\n---\n# Booth\nAsk [[person:amara]] about the %s %d.\n\n## Setup\nBring a %s.\n", word(), i, word()))
		}},
		{"talks body (CJK)", true, func(i int) {
			ls.write("content/events/talks.md", fmt.Sprintf("---\nowner: jo\nlast_reviewed: 2020-01-01\n---\n# 会议\n\n## Agenda\n会议的议程%s和时间表%d。\n", []string{"会议", "議事録", "时间"}[rng.Intn(3)], i))
		}},
		{"home body", true, func(i int) {
			ls.write("content/index.md", fmt.Sprintf("---\nowner: amara\n---\n# Home\nSee [[events/booth]], [[role:ae]], [[team:sales]] and [talks](events/talks.md#agenda). %s %d\n", word(), i))
		}},
		{"role summary and texts", true, func(i int) {
			ls.write("content/roles/ae.yaml", fmt.Sprintf("title: Account Executive\nteam: sales\nsummary: Owns %s deals %d.\nwhat_we_do: Close deals with [[role:advocate]], %s.\nask_me_for:\n  - Pricing %d\nsituations:\n  - when: A visitor wants %s\n    do: Ask an AE.\nexpertise: [pricing, %s]\npeople: [amara]\nowner: amara\nworks_with: [advocate]\n", word(), i, word(), i, word(), strings.ToLower(word())))
		}},
		{"team summary", true, func(i int) {
			ls.write("content/teams/sales.yaml", fmt.Sprintf("name: Sales\nsummary: Sells %s %d.\nmission: We sell what [[team:devrel]] builds.\nlead: amara\nworks_with: [devrel]\nchannels:\n  - label: \"#sales-%d\"\n    url: https://chat.example.com/sales\n", word(), i, i))
		}},
		{"person pitch", true, func(i int) {
			ls.write("content/people/amara.yaml", fmt.Sprintf("name: Amara Kay\npronouns: she/her %d\npitch: I close %s deals. Then I sleep %d.\nexpertise: [negotiation, %s]\n", i, word(), i, strings.ToLower(word())))
		}},
		{"broken link, then fixed", true, func(i int) {
			ls.write("content/events/booth.md", "---\nweight: 1\nteams: [sales]\nowner: amara\ntags: [booth, events]\n---\n# Booth\nAsk [[person:amara]] about the [booth](boot.md).\n\n## Setup\nBring a banner.\n")
			rb := ls.waitFor("the broken link", func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil })
			if !rb.Result.Failed() || !hasDiag(rb, `page "boot.md" does not exist`) {
				t.Fatalf("broken link: got %v", rb.Result.Diags)
			}
			ls.write("content/events/booth.md", fmt.Sprintf("---\nweight: 1\nteams: [sales]\nowner: amara\ntags: [booth, events]\n---\n# Booth\nAsk [[person:amara]] about it %d.\n\n## Setup\nBring a banner.\n", i))
		}},
		{"YAML typo in a card, another edit, then the fix", true, func(i int) {
			ls.write("content/people/amara.yaml", "name: Amara Kay\npronouns: she/her\npitch: [I close deals\n")
			rb := ls.waitFor("the typo", func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil })
			if !rb.Quick || !rb.Result.Failed() || !hasDiag(rb, "amara.yaml:3: invalid YAML") {
				t.Fatalf("YAML typo: quick %v, problems %v", rb.Quick, rb.Result.Diags)
			}
			ls.write("content/events/booth.md", fmt.Sprintf("---\nweight: 1\nteams: [sales]\nowner: amara\ntags: [booth, events]\n---\n# Booth\nWhile the card is broken %d.\n\n## Setup\nBring a banner.\n", i))
			rb = ls.waitFor("an edit elsewhere", func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil })
			if !rb.Quick || !rb.Result.Failed() || !hasDiag(rb, "amara.yaml:3: invalid YAML") {
				t.Fatalf("edit while a card is broken: quick %v, problems %v", rb.Quick, rb.Result.Diags)
			}
			ls.write("content/people/amara.yaml", fmt.Sprintf("name: Amara Kay\npronouns: she/her\npitch: I close deals %d.\n", i))
		}},
		{"a save read half-written (empty), then whole", true, func(i int) {
			// Truncated, then written a little later: longer than the
			// short quiet period of in-place writes, shorter than the full.
			ls.write("content/events/booth.md", "")
			time.Sleep(12 * time.Millisecond)
			ls.write("content/events/booth.md", fmt.Sprintf("---\nweight: 1\nteams: [sales]\nowner: amara\ntags: [booth, events]\n---\n# Booth\nWhole again %d.\n\n## Setup\nBring a banner.\n", i))
		}},
		// The edits below change what other pages show: a full build.
		{"title (full build)", false, func(i int) {
			ls.write("content/events/other.md", fmt.Sprintf("# Other %d\n\n## Part\nSee [[events/booth]].\n", i))
		}},
		{"heading id changed (full build)", false, func(i int) {
			ls.write("content/events/other.md", fmt.Sprintf("# Other\n\n## Part %d\nSee [[events/booth]].\n", i))
		}},
		{"mentions change, orphan appears or goes", true, func(i int) {
			link := "[the lonely page](lonely.md)"
			if i%2 == 1 {
				link = "[[role:advocate]] and [[person:jo]]"
			}
			ls.write("content/events/linker.md", fmt.Sprintf("# Linker\nSee [[events/booth]] and %s.\n", link))
		}},
		{"typing a reference: broken, then complete", true, func(i int) {
			ls.write("content/events/linker.md", "# Linker\nSee [[events/booth]] and [the lonely page](lonely.md) and [[role:adv]].\n")
			rb := ls.waitFor("the broken reference", func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil })
			if !rb.Result.Failed() || !rb.Quick {
				t.Fatalf("broken reference: quick %v, problems %v", rb.Quick, rb.Result.Diags)
			}
			ls.write("content/events/linker.md", "# Linker\nSee [[events/booth]] and [the lonely page](lonely.md) and [[role:advocate]].\n")
		}},
	}
	quick := 0
	for i := 0; i < 30; i++ {
		e := edits[rng.Intn(len(edits))]
		if i < len(edits) {
			e = edits[i] // every kind at least once
		}
		e.do(i)
		rb := ls.waitFor(e.what, func(rb generator.Rebuild) bool {
			return rb.Changed != nil && rb.Result != nil && !rb.Result.Failed()
		})
		split := false
		if later := ls.settleAfter(rb); later.Result != nil && later.Result != rb.Result {
			// A save split over two batches: the last one is the site.
			if later.Result.Failed() {
				t.Fatalf("after edit %d (%s): the last rebuild failed: %v", i, e.what, later.Result.Diags)
			}
			rb = later
			split = true
		}
		if rb.Quick {
			quick++
		}
		if rb.Quick && !e.quick && !split {
			t.Errorf("edit %d (%s) was quick, want a full build", i, e.what)
		}
		if e.quick && !rb.Quick && !split { // a busy machine may split a save: then a full build is right
			t.Errorf("edit %d (%s) took a full build", i, e.what)
		}
		want, r, err := generator.Render(generator.Options{Content: ls.content})
		if err != nil || r.Failed() {
			t.Fatalf("clean build after %q: %v %v", e.what, err, r.Diags)
		}
		site := ls.output()
		if !serve {
			site = readTree(t, filepath.Join(ls.dir, "public"))
			delete(site, ".handbook-manifest")
		}
		if diff := compareSites(site, want); diff != "" {
			t.Fatalf("after edit %d (%s), seed %d: live output differs from a clean build:\n%s", i, e.what, seed, diff)
		}
		var got, exp []string
		for _, d := range rb.Result.Diags {
			got = append(got, d.String())
		}
		for _, d := range r.Diags {
			exp = append(exp, d.String())
		}
		if strings.Join(got, "\n") != strings.Join(exp, "\n") {
			t.Fatalf("after edit %d (%s): problems differ from a clean build's:\n got: %q\nwant: %q", i, e.what, got, exp)
		}
	}
	if quick < 7 {
		t.Errorf("only %d of 30 rebuilds were quick", quick)
	}
}

// TestATemplateChangeRendersOnlyThePagesOfItsKind: page.html is the
// template of plain pages only; editing it must not execute the team,
// role and person templates again, while base.html, which every page
// uses, re-renders them all. Issue #3.
func TestATemplateChangeRendersOnlyThePagesOfItsKind(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	ls := startLive(t, "-- templates/page.html --\n"+read("../templates/page.html")+`
-- content/index.md --
# Home
See [[role:ae]] and [[events/booth]].
-- content/events/booth.md --
# Booth
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
lead: amara
-- content/roles/ae.yaml --
title: Account Executive
team: sales
summary: Owns deals.
people: [amara, jo, kim, lee]
-- content/people/amara.yaml --
name: Amara Kay
-- content/people/jo.yaml --
name: Jo Lee
-- content/people/kim.yaml --
name: Kim Park
-- content/people/lee.yaml --
name: Lee Chen
`, true)
	base := read("../templates/base.html")
	ls.write("templates/page.html", read("../templates/page.html")+"\n{{/* edited */}}\n")
	page := ls.waitFor("page.html", func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil })
	ls.settle()
	ls.write("templates/base.html", base+"\n{{/* edited */}}\n")
	all := ls.waitFor("base.html", func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil })
	if page.Result.Failed() || all.Result.Failed() {
		t.Fatalf("template edits failed: %v %v", page.Result.Diags, all.Result.Diags)
	}
	// The 4 person, 1 role and 1 team pages are rendered only the second time.
	if page.Result.Rendered+6 > all.Result.Rendered {
		t.Errorf("page.html edit rendered %d files, base.html edit %d: the card pages were rendered for page.html", page.Result.Rendered, all.Result.Rendered)
	}
}

func hasDiag(rb generator.Rebuild, text string) bool {
	for _, d := range rb.Result.Diags {
		if strings.Contains(d.String(), text) {
			return true
		}
	}
	return false
}
