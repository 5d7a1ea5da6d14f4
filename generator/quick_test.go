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

const quickArchive = `
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
people: [amara]
owner: amara
works_with: [advocate]
summary: Owns deals.
what_we_do: Close deals with [[role:advocate]].
ask_me_for:
  - Pricing
situations:
  - when: A visitor wants to buy
    do: Ask an AE.
expertise: [pricing, contracts]
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
`

func quickEdits(t *testing.T, serve bool) {
	seed := int64(os.Getpid())
	rng := rand.New(rand.NewSource(seed))
	t.Logf("seed %d", seed)

	ls := startLive(t, quickArchive, serve)

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
			ls.write("content/roles/ae.yaml", fmt.Sprintf("title: Account Executive\nteam: sales\npeople: [amara]\nowner: amara\nworks_with: [advocate]\nsummary: Owns %s deals %d.\nwhat_we_do: Close deals with [[role:advocate]], %s.\nask_me_for:\n  - Pricing %d\nsituations:\n  - when: A visitor wants %s\n    do: Ask an AE.\nexpertise: [pricing, %s]\n", word(), i, word(), i, word(), strings.ToLower(word())))
		}},
		{"team summary", true, func(i int) {
			ls.write("content/teams/sales.yaml", fmt.Sprintf("name: Sales\nsummary: Sells %s %d.\nmission: We sell what [[team:devrel]] builds.\nlead: amara\nworks_with: [devrel]\nchannels:\n  - label: \"#sales-%d\"\n    url: https://chat.example.com/sales\n", word(), i, i))
		}},
		{"person pitch", true, func(i int) {
			ls.write("content/people/amara.yaml", fmt.Sprintf("name: Amara Kay\npronouns: she/her %d\npitch: I close %s deals. Then I sleep %d.\nexpertise: [negotiation, %s]\n", i, word(), i, strings.ToLower(word())))
		}},
		{"one field of the role card", true, func(i int) {
			role := map[string]string{
				"summary":    "summary: Owns deals.",
				"what_we_do": "what_we_do: Close deals with [[role:advocate]].",
				"day_to_day": "day_to_day: [Calls]",
				"metrics":    "metrics: [Revenue]",
				"ask_me_for": "ask_me_for:\n  - Pricing",
				"not_for":    "not_for: [Support]",
				"situations": "situations:\n  - when: A visitor wants to buy\n    do: Ask an AE.",
				"expertise":  "expertise: [pricing, contracts]",
			}
			keys := []string{"summary", "what_we_do", "day_to_day", "metrics", "ask_me_for", "not_for", "situations", "expertise"}
			k := keys[rng.Intn(len(keys))]
			role[k] = map[string]string{
				"summary":    fmt.Sprintf("summary: Owns %s deals %d.", word(), i),
				"what_we_do": fmt.Sprintf("what_we_do: Close %s deals %d.", word(), i),
				"day_to_day": fmt.Sprintf("day_to_day: [Calls %d]", i),
				"metrics":    fmt.Sprintf("metrics: [Revenue %d]", i),
				"ask_me_for": fmt.Sprintf("ask_me_for:\n  - Pricing %s %d", word(), i),
				"not_for":    fmt.Sprintf("not_for: [Support %d]", i),
				"situations": fmt.Sprintf("situations:\n  - when: A visitor wants %s %d\n    do: Ask an AE.", word(), i),
				"expertise":  fmt.Sprintf("expertise: [pricing, %s]", strings.ToLower(word())),
			}[k]
			var b strings.Builder
			b.WriteString("title: Account Executive\nteam: sales\npeople: [amara]\nowner: amara\nworks_with: [advocate]\n")
			for _, k := range keys {
				b.WriteString(role[k] + "\n")
			}
			ls.write("content/roles/ae.yaml", b.String())
		}},
		{"one field of the team card", true, func(i int) {
			summary, mission, channel := "Sells.", "We sell what [[team:devrel]] builds.", "#sales"
			switch rng.Intn(3) {
			case 0:
				summary = fmt.Sprintf("Sells %s %d.", word(), i)
			case 1:
				mission = fmt.Sprintf("We sell %s %d.", word(), i)
			default:
				channel = fmt.Sprintf("#sales-%d", i)
			}
			ls.write("content/teams/sales.yaml", fmt.Sprintf("name: Sales\nsummary: %s\nmission: %s\nlead: amara\nworks_with: [devrel]\nchannels:\n  - label: \"%s\"\n    url: https://chat.example.com/sales\n", summary, mission, channel))
		}},
		{"one field of the person card", true, func(i int) {
			f := []string{"pronouns: she/her", "pitch: I close deals. Then I sleep.", "expertise: [negotiation]", "ask_me_for: [Deals]", "contact:\n  - label: Email\n    url: mailto:amara@example.com"}
			switch n := rng.Intn(len(f)); n {
			case 0:
				f[0] = fmt.Sprintf("pronouns: she/her %d", i)
			case 1:
				f[1] = fmt.Sprintf("pitch: I close %s deals %d. Then I sleep.", word(), i)
			case 2:
				f[2] = fmt.Sprintf("expertise: [negotiation, %s]", strings.ToLower(word()))
			case 3:
				f[3] = fmt.Sprintf("ask_me_for: [Deals %d]", i)
			default:
				f[4] = fmt.Sprintf("contact:\n  - label: Email %d\n    url: mailto:amara@example.com", i)
			}
			ls.write("content/people/amara.yaml", "name: Amara Kay\n"+strings.Join(f, "\n")+"\n")
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

// TestQuickCardFieldEditsEqualACleanBuild edits each field of a card that
// a quick rebuild takes in, one at a time, and compares the site with a
// clean build: a field whose other pages (lists, directory, related
// cards) were not rendered again shows up here. Issue #3.
func TestQuickCardFieldEditsEqualACleanBuild(t *testing.T) {
	ls := startLive(t, quickArchive, true)
	role := "title: Account Executive\nteam: sales\npeople: [amara]\nowner: amara\nworks_with: [advocate]\n"
	team := "name: Sales\nlead: amara\nworks_with: [devrel]\n"
	person := "name: Amara Kay\n"
	edits := []struct{ file, text string }{
		{"roles/ae.yaml", role + "summary: Owns deals.\n"},
		{"roles/ae.yaml", role + "summary: Closes deals.\n"},
		{"roles/ae.yaml", role + "summary: Closes deals.\nwhat_we_do: Sell.\n"},
		{"roles/ae.yaml", role + "summary: Closes deals.\nwhat_we_do: Sell.\nday_to_day: [Calls]\n"},
		{"roles/ae.yaml", role + "summary: Closes deals.\nwhat_we_do: Sell.\nday_to_day: [Calls]\nmetrics: [Revenue]\n"},
		{"roles/ae.yaml", role + "summary: Closes deals.\nwhat_we_do: Sell.\nday_to_day: [Calls]\nmetrics: [Revenue]\nnot_for: [Support]\n"},
		{"roles/ae.yaml", role + "summary: Closes deals.\nwhat_we_do: Sell.\nday_to_day: [Calls]\nmetrics: [Revenue]\nnot_for: [Support]\nask_me_for: [Quotes]\n"},
		{"roles/ae.yaml", role + "summary: Closes deals.\nwhat_we_do: Sell.\nday_to_day: [Calls]\nmetrics: [Revenue]\nnot_for: [Support]\nask_me_for: [Quotes]\nexpertise: [renewals]\n"},
		{"roles/ae.yaml", role + "summary: Closes deals.\nwhat_we_do: Sell.\nday_to_day: [Calls]\nmetrics: [Revenue]\nnot_for: [Support]\nask_me_for: [Quotes]\nexpertise: [renewals]\nsituations:\n  - when: A partner calls\n    do: Answer.\n"},
		{"teams/sales.yaml", team + "summary: Sells.\n"},
		{"teams/sales.yaml", team + "summary: Sells a lot.\n"},
		{"teams/sales.yaml", team + "summary: Sells a lot.\nmission: To sell.\n"},
		{"teams/sales.yaml", team + "summary: Sells a lot.\nmission: To sell.\nchannels:\n  - label: \"#deals\"\n    url: https://chat.example.com/deals\n"},
		{"people/amara.yaml", person},
		{"people/amara.yaml", person + "pronouns: they/them\n"},
		{"people/amara.yaml", person + "pronouns: they/them\npitch: Deals. All day.\n"},
		{"people/amara.yaml", person + "pronouns: they/them\npitch: Deals. All day.\nexpertise: [closing]\n"},
		{"people/amara.yaml", person + "pronouns: they/them\npitch: Deals. All day.\nexpertise: [closing]\nask_me_for: [Discounts]\n"},
		{"people/amara.yaml", person + "pronouns: they/them\npitch: Deals. All day.\nexpertise: [closing]\nask_me_for: [Discounts]\ncontact:\n  - label: Email\n    url: mailto:amara@example.com\n"},
	}
	for i, e := range edits {
		if i == 0 || edits[i-1].file != e.file {
			// The first edit of a card takes every field out (a new
			// layout: a full build); each next one adds one field.
			ls.write("content/"+e.file, e.text)
			ls.waitFor(e.file, func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil })
			ls.settle()
			continue
		}
		ls.write("content/"+e.file, e.text)
		rb := ls.waitFor(e.file, func(rb generator.Rebuild) bool { return rb.Changed != nil && rb.Result != nil })
		rb = ls.settleAfter(rb)
		if rb.Result.Failed() {
			t.Fatalf("edit %d of %s failed: %v", i, e.file, rb.Result.Diags)
		}
		want, r, err := generator.Render(generator.Options{Content: ls.content})
		if err != nil || r.Failed() {
			t.Fatalf("clean build: %v %v", err, r.Diags)
		}
		if diff := compareSites(ls.output(), want); diff != "" {
			t.Errorf("after edit %d (%s: %q): quick=%v, live output differs from a clean build:\n%s", i, e.file, e.text[strings.LastIndex(e.text[:len(e.text)-1], "\n")+1:], rb.Quick, diff)
		}
		if !rb.Quick {
			t.Errorf("edit %d of %s took a full build", i, e.file)
		}
	}
}
