package generator_test

// One test per rule of the content format (shared/docs/content-format.md),
// each with the passing case and, where the rule can be broken, the exact
// diagnostic. Issue #2.

import (
	"testing"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
)

func drafts(o *generator.Options) { o.Drafts = true }

func TestPagesGetCleanURLsAndSectionPages(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
Home text.
-- content/events/index.md --
# Events
-- content/events/booth-duty.md --
# Booth duty
-- content/guides/_index.md --
# Guides
-- content/docs/README.md --
# Docs
-- content/deep/a/b/page.md --
Deep.
`)
	s.AssertNoErrors()
	s.AssertFile("index.html", "Home text.")
	s.AssertFile("events/index.html", "<h1>Events</h1>", `href="../events/booth-duty/"`)
	s.AssertFile("events/booth-duty/index.html", "<h1>Booth duty</h1>")
	s.AssertFile("guides/index.html", "<h1>Guides</h1>")
	s.AssertFile("docs/index.html", "<h1>Docs</h1>")
	// A folder without a section page gets one, so the page has a section to be listed in.
	s.AssertFile("deep/a/b/index.html", "<h1>B</h1>", `href="../../../deep/a/b/page/"`)
	s.AssertFile("deep/a/b/page/index.html", "<h1>Page</h1>")
}

func TestTwoSectionPagesInOneFolderIsAnError(t *testing.T) {
	s := testsite.Build(t, `
-- content/events/index.md --
A
-- content/events/README.md --
B
`)
	s.AssertDiag("content/events/index.md: content/events/README.md and content/events/index.md are both the section page of /events; keep one section page per folder: rename or remove one")
}

func TestIgnoredNamesAndEditorDebrisAreNotPublished(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
Home
-- content/_drafts/x.md --
x
-- content/.hidden.md --
x
-- content/page.md~ --
x
-- content/#page.md# --
x
-- content/.page.md.swp --
x
-- content/4913 --
x
-- content/.DS_Store --
x
-- content/Thumbs.db --
x
-- content/notes.txt --
kept
`)
	s.AssertNoErrors()
	for _, n := range []string{"_drafts/x/index.html", ".hidden/index.html", "page.md~", "#page.md#", ".page.md.swp", "4913", ".DS_Store", "Thumbs.db"} {
		s.AssertNoFile(n)
	}
	s.AssertFile("notes.txt", "kept")
}

func TestFrontMatterFields(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
---
title: Home
---
-- content/a/index.md --
---
title: Section A
---
-- content/a/second.md --
---
title: Zed comes first by weight
weight: 1
description: The second page.
teams: [sales]
owner: amara
last_reviewed: 2026-10-01
tags: [booth, events]
aliases: [/old/second/]
---
Body.
-- content/a/first.md --
---
title: Alpha
weight: 2
---
-- content/a/toml.md --
+++
title = "From TOML"
weight = 3
+++
TOML body.
-- content/a/untitled.md --
# Heading title

Text.
-- content/a/no-title-at-all.md --
Just text.
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
-- content/people/amara.yaml --
name: Amara Kay
`)
	s.AssertNoErrors()
	s.AssertFile("a/second/index.html",
		"<title>Zed comes first by weight · Handbook</title>",
		`<meta name="description" content="The second page.">`,
		`<a href="../../teams/sales/">Sales</a>`,
		`<a href="../../people/amara/">Amara Kay</a>`,
		`<time datetime="2026-10-01">2026-10-01</time>`,
		`<a class="tag" href="../../tags/booth/" rel="tag">booth</a>`)
	s.AssertFile("a/toml/index.html", "<h1>From TOML</h1>", "TOML body.")
	// Title defaults to the leading # heading (not repeated in the body), then the file name.
	s.AssertFile("a/untitled/index.html", "<h1>Heading title</h1>", "! <h1 id=")
	s.AssertFile("a/no-title-at-all/index.html", "<h1>No title at all</h1>")
	// Weight orders the section: second (1), first (2), toml (3), then by title.
	s.AssertFile("a/index.html", `href="../a/second/">Zed comes first by weight</a><p>The second page.</p></li>
<li><a href="../a/first/">Alpha</a></li>
<li><a href="../a/toml/">From TOML</a></li>`)
	// The team lists the page; the alias redirects to it.
	s.AssertFile("teams/sales/index.html", `href="../../a/second/">Zed comes first by weight</a>`)
	s.AssertFile("old/second/index.html", `<meta http-equiv="refresh" content="0; url=../../a/second/">`)
}

func TestDraftsAreLeftOutUnlessAsked(t *testing.T) {
	archive := `
-- content/index.md --
Home
-- content/wip.md --
---
draft: true
---
Not yet.
`
	s := testsite.Build(t, archive)
	s.AssertNoErrors()
	s.AssertNoFile("wip/index.html")
	s = testsite.Build(t, archive, drafts)
	s.AssertFile("wip/index.html", "Not yet.")
}

func TestFrontMatterProblemsHaveFilePositions(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
---
title: Home
sumary: typo
weight: heavy
draft: yes
last_reviewed: 2026-02-30
teams: sales
---
Body
-- content/open.md --
---
title: Never closed

Body
-- content/bad.md --
---
title: [unclosed
---
`)
	s.AssertDiag(
		`content/index.md:3:1: unknown field "sumary" in front matter; known fields: title, description, weight, draft, teams, owner, last_reviewed, tags, aliases`,
		`content/index.md:4:9: weight must be a whole number, not "heavy"; write a whole number`,
		`content/index.md:5:8: draft must be true or false, not "yes"; write true or false`,
		`content/index.md:6:16: last_reviewed "2026-02-30" is not a date; write a real date as YYYY-MM-DD, like 2026-10-01`,
		`content/index.md:7:8: team "sales" does not exist; add content/teams/sales.yaml or fix the id`,
		`content/open.md:1:1: front matter opened with --- is never closed; add a line with --- where the front matter ends`,
	)
	s.AssertDiag("content/bad.md:2: invalid YAML: did not find expected ',' or ']'; fix the YAML syntax (indentation, a missing ':' or an unclosed quote are the usual causes)")
}

func TestCardsAreDecodedStrictly(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
Home
-- content/teams/sales.yaml --
name: Sales
sumary: Sells.
lead: amra
works_with: [markting]
channels:
  - {label: chat, url: "javascript:alert(1)"}
-- content/teams/marketing.yaml --
name: Marketing
summary: Markets.
-- content/roles/ae.yaml --
title: AE
team: sales
summary: Sells.
people: amara
situations:
  - when: A visitor wants to buy
-- content/roles/Bad_Name.yaml --
title: x
-- content/people/amara.yaml --
name: Amara
roles: [ea]
mentors: [amara]
`)
	s.AssertDiag(
		`content/teams/sales.yaml:2:1: unknown field "sumary" in a team card; did you mean "summary"?`,
		`content/teams/sales.yaml:1:1: the team card has no summary; add `+"`summary: …`",
		`content/teams/sales.yaml:3:7: person "amra" does not exist; did you mean "amara"?`,
		`content/teams/sales.yaml:4:14: team "markting" does not exist; did you mean "marketing"?`,
		`content/teams/sales.yaml:6:24: url "javascript:alert(1)" is not allowed; use an https, http, mailto or tel URL`,
		`content/roles/ae.yaml:6:5: situation has no do; add `+"`do: …`"+`: the hand-off to do`,
		`content/roles/Bad_Name.yaml: card file name "Bad_Name.yaml" is not an id: use lower case letters, digits and '-'; rename it to bad-name.yaml`,
		`content/people/amara.yaml:2:9: role "ea" does not exist; did you mean "ae"?`,
		`content/people/amara.yaml:3:11: "amara" lists themself as a mentor; remove it`,
	)
}

func TestCardPagesShowTheirRelations(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
Home
-- content/booth.md --
---
teams: [devrel]
---
# Booth
Ask [[person:amara]].
-- content/teams/devrel.yaml --
name: Developer Relations
summary: Helps developers.
mission: |
  We make developers **successful**.
lead: amara
channels:
  - {label: "#devrel", url: "https://chat.example.com/devrel"}
works_with: [sales]
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
-- content/roles/advocate.yaml --
title: Developer Advocate
team: devrel
summary: Helps developers with the API.
what_we_do: Talks to developers.
day_to_day: [Answers questions]
ask_me_for: [API help]
not_for: ["Pricing - ask [[role:ae]]"]
metrics: [Developers helped]
expertise: [AI]
situations:
  - when: A developer at the booth needs API help
    do: Take it yourself.
works_with: [ae]
people: [amara]
owner: amara
last_reviewed: 2026-11-01
-- content/roles/ae.yaml --
title: Account Executive
team: sales
summary: Owns deals.
-- content/people/amara.yaml --
name: Amara Kay
pronouns: she/her
pitch: I help developers.
expertise: [AI]
contact:
  - {label: email, url: "mailto:amara@example.com"}
-- content/people/jo.yaml --
name: Jo Lee
roles: [ae]
mentors: [amara]
`)
	s.AssertNoErrors()
	s.AssertFile("teams/devrel/index.html",
		"<p>We make developers <strong>successful</strong>.</p>",
		`<dt>Lead</dt><dd><a href="../../people/amara/">Amara Kay</a>`,
		`<a href="https://chat.example.com/devrel">#devrel</a>`,
		`<a href="../../roles/advocate/">Developer Advocate</a><p>Helps developers with the API.</p>`,
		`<a href="../../teams/sales/">Sales</a>`,
		`<a href="../../booth/">Booth</a>`)
	// works_with declared on one side shows on both.
	s.AssertFile("teams/sales/index.html", `<a href="../../teams/devrel/">Developer Relations</a>`)
	s.AssertFile("roles/advocate/index.html",
		`Role in <a href="../../teams/devrel/">Developer Relations</a>`,
		"<li>Answers questions</li>", "<li>API help</li>",
		`<li>Pricing - ask <a class="ref ref-role" href="../../roles/ae/">Account Executive</a></li>`,
		"<li>Developers helped</li>", "<li>AI</li>",
		"<dt>A developer at the booth needs API help</dt><dd>Take it yourself.</dd>",
		`<time datetime="2026-11-01">`)
	s.AssertFile("roles/ae/index.html", `<a href="../../roles/advocate/">Developer Advocate</a>`, `<a href="../../people/jo/">Jo Lee</a>`,
		`<a href="../../roles/advocate/">Developer Advocate</a> <span class="kind">role</span>`)
	s.AssertFile("people/amara/index.html", "(she/her)", "<p>I help developers.</p>",
		`<a href="../../roles/advocate/">Developer Advocate</a> in <a href="../../teams/devrel/">Developer Relations</a>`,
		`<a href="mailto:amara@example.com">email</a>`,
		`<h3>They mentor</h3><ul class="people">`, `<a href="../../people/jo/">Jo Lee</a>`,
		`<a href="../../booth/">Booth</a>`)
	s.AssertFile("people/jo/index.html", `<h3>Their mentors</h3>`, `<a href="../../people/amara/">Amara Kay</a>`)
	s.AssertFile("roles/index.html", `<h2 id="team-devrel"><a href="../teams/devrel/">Developer Relations</a></h2>`)
	s.AssertFile("people/index.html", `<a href="../people/amara/">Amara Kay</a> <span class="pronouns">(she/her)</span>`)
}
