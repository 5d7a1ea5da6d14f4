package generator_test

import (
	"testing"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
)

const linkCards = `
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
-- content/roles/account-executive.yaml --
title: Account Executive
team: sales
summary: Owns deals.
-- content/people/amara.yaml --
name: Amara Kay
roles: [account-executive]
`

func TestLinksAreRewrittenToPageURLs(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
Home: [booth](events/booth-duty.md#leads), [section](events/index.md), [folder](events/),
[root link](/events/booth-duty/#leads), [card file](roles/account-executive.yaml),
[pdf](files/guide.pdf), [external](https://example.com/x), [mail](mailto:a@example.com),
[top](#welcome-section).

## Welcome section
-- content/events/index.md --
# Events
-- content/events/booth-duty.md --
# Booth duty

## Leads {#leads}

See [[team:sales]], [[role:account-executive]], [[person:amara]], [[role:account-executive|our AEs]],
[[events]], [[events/booth-duty#leads|the leads]], [[index]].
-- content/files/guide.pdf --
%PDF
`+linkCards)
	s.AssertNoErrors()
	s.AssertFile("index.html",
		`<a href="./events/booth-duty/#leads">booth</a>`,
		`<a href="./events/">section</a>`,
		`<a href="./events/">folder</a>`,
		`<a href="./events/booth-duty/#leads">root link</a>`,
		`<a href="./roles/account-executive/">card file</a>`,
		`<a href="./files/guide.pdf">pdf</a>`,
		`<a href="https://example.com/x">external</a>`,
		`<a href="mailto:a@example.com">mail</a>`,
		`<a href="#welcome-section">top</a>`)
	s.AssertFile("events/booth-duty/index.html",
		`<a class="ref ref-team" href="../../teams/sales/">Sales</a>`,
		`<a class="ref ref-role" href="../../roles/account-executive/">Account Executive</a>`,
		`<a class="ref ref-person" href="../../people/amara/">Amara Kay</a>`,
		`<a class="ref ref-role" href="../../roles/account-executive/">our AEs</a>`,
		`<a class="ref ref-page" href="../../events/">Events</a>`,
		`<a class="ref ref-page" href="../../events/booth-duty/#leads">the leads</a>`,
		`<a class="ref ref-page" href="../../">Home</a>`,
		`<h2 id="leads">Leads`)
	// Every page and card lists what links to it.
	s.AssertFile("events/booth-duty/index.html", `<h2 id="mentioned-in">Mentioned in</h2>`, `<a href="../../">Home</a>`)
	s.AssertFile("teams/sales/index.html", `<a href="../../events/booth-duty/">Booth duty</a>`)
	s.AssertFile("people/amara/index.html", `<a href="../../events/booth-duty/">Booth duty</a>`)
}

func TestBrokenLinksAreErrorsWithSuggestions(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
[a](events/booth-dutty.md) [b](events/booth-duty.md#leeds) [c](../outside.md)
[d](/events/nowhere/) [e](img/missing.png) [f](#nope)

[[team:sals]] [[role:acount-executive]] [[person:amra]] [[teem:sales]] [[events/booth-duty#nope]] [[events/boot-duty]]

## Real heading
-- content/events/booth-duty.md --
# Booth duty

## Leads
## Members
`+linkCards)
	s.AssertDiag(
		`content/index.md:1:1: page "events/booth-dutty.md" does not exist; did you mean "events/booth-duty.md"?`,
		`content/index.md:1:28: no heading "leeds" in content/events/booth-duty.md (has: leads, members); did you mean #leads?`,
		`content/index.md:1:60: link "../outside.md" leaves the content folder; link to a page inside the content folder`,
		`content/index.md:2:1: page "/events/nowhere/" does not exist; check the path: links that start with / are site addresses like /events/booth/`,
		`content/index.md:2:23: file "img/missing.png" does not exist; check the path: relative links start from the folder of the file that has them`,
		`content/index.md:2:44: no heading "nope" in content/index.md (has: real-heading); link to one of its headings`,
		`content/index.md:4:1: team "sals" does not exist; did you mean "sales"?`,
		`content/index.md:4:15: role "acount-executive" does not exist; did you mean "account-executive"?`,
		`content/index.md:4:41: person "amra" does not exist; did you mean "amara"?`,
		`content/index.md:4:57: unknown reference kind "teem" in [[teem:sales]]; did you mean [[team:sales]]?`,
		`content/index.md:4:72: no heading "nope" in content/events/booth-duty.md (has: leads, members); link to one of its headings`,
		`content/index.md:4:99: page "events/boot-duty" does not exist; did you mean [[events/booth-duty]]?`,
	)
	if n := s.Result.Diags.Errors(); n != 12 {
		t.Errorf("%d errors, want 12", n)
	}
}

func TestBrokenLinksCanBeWarningsForMigrations(t *testing.T) {
	s := testsite.Build(t, `
-- content/site.yaml --
broken_links: warn
-- content/index.md --
[a](missing.md) and [[role:nobody]]
`)
	s.AssertDiag(
		`content/index.md:1:1: warning: page "missing.md" does not exist; check the path: relative links start from the folder of the file that has them`,
		`content/index.md:1:21: warning: role "nobody" does not exist; add content/roles/nobody.yaml or fix the id`,
	)
	s.AssertFile("index.html", `<a href="#">a</a>`, `<span class="ref ref-broken">nobody</span>`)
}

func TestLinksInCardTextsAreCheckedAtTheirPosition(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
Home
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
mission: |
  We sell. Ask [[role:nobody]].
-- content/roles/ae.yaml --
title: AE
team: sales
summary: Sells.
not_for:
  - "Pricing - ask [[role:nobody]]"
`)
	s.AssertDiag(
		`content/teams/sales.yaml:4:16: role "nobody" does not exist; add content/roles/nobody.yaml or fix the id`,
		`content/roles/ae.yaml:5:20: role "nobody" does not exist; add content/roles/nobody.yaml or fix the id`,
	)
}

func TestHeadingIDsWorkInAnyScript(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
[zh](#展台的三类访客) [de](#über-uns) [explicit](#leads) [dup](#faq-1) [jp](%E5%B1%95%E7%A4%BA.md#ブース)

## 展台的三类访客
## Über uns
## Who leads? {#leads}
## FAQ
## FAQ
## Mentioned in
-- content/展示.md --
# 展示
## ブース
`)
	s.AssertNoErrors()
	s.AssertFile("index.html",
		`<h2 id="展台的三类访客">`, `<a href="#%E5%B1%95%E5%8F%B0%E7%9A%84%E4%B8%89%E7%B1%BB%E8%AE%BF%E5%AE%A2">zh</a>`,
		`<h2 id="über-uns">`, `<h2 id="leads">`, `<h2 id="faq">`, `<h2 id="faq-1">`,
		// A heading never takes an id the layout uses.
		`<h2 id="mentioned-in-1">`,
		`<a href="./%E5%B1%95%E7%A4%BA/#%E3%83%96%E3%83%BC%E3%82%B9">jp</a>`)
}

func TestMarkdownExtensions(t *testing.T) {
	s := testsite.Build(t, "-- content/site.yaml --\nhighlight: true\n-- content/index.md --\n"+
		"| a | b |\n|---|---|\n| 1 | 2 |\n\n"+
		"- [x] done\n- [ ] todo\n\n"+
		"~~old~~ and https://example.com/auto and a note[^1].\n\n"+
		"[^1]: The footnote.\n\n"+
		"> [!WARNING]\n> Careful.\n\n"+
		"```go\nfunc main() {}\n```\n")
	s.AssertNoErrors()
	s.AssertFile("index.html",
		"<table>", "<td>1</td>",
		`<input checked="" disabled="" type="checkbox"> done`,
		"<del>old</del>",
		`<a href="https://example.com/auto">https://example.com/auto</a>`,
		`class="footnote-ref"`, "The footnote.",
		`<div class="alert alert-warning" role="note">`, `<p class="alert-title">Warning</p>`,
		`<pre class="chroma"><code>`, `<span class="kd">func</span>`)
	s.AssertFile("assets/syntax.css", ".chroma .kd", "prefers-color-scheme: dark")
	s.AssertFile("index.html", `<link rel="stylesheet" href="./assets/syntax.css">`)
}

// Server-side highlighting is opt-in (issue #6): by default a code block is
// goldmark's plain <pre><code class="language-x">, and no page links the
// syntax stylesheet.
func TestCodeIsNotHighlightedByDefault(t *testing.T) {
	for _, cfg := range []string{"", "-- content/site.yaml --\nhighlight: false\n"} {
		s := testsite.Build(t, cfg+"-- content/index.md --\n```go\nfunc main() { x := \"<b>\" }\n```\n")
		s.AssertNoErrors()
		s.AssertFile("index.html",
			`<pre><code class="language-go">func main() { x := &quot;&lt;b&gt;&quot; }`,
			"! chroma", `! <span class="kd">`, "! syntax.css")
	}
}

func TestRawHTMLIsTextUnlessSanitized(t *testing.T) {
	archive := `
-- content/index.md --
Hello <b onclick="x()">bold</b> and <your team> here.

<script>alert(1)</script>
`
	s := testsite.Build(t, archive)
	s.AssertDiag(
		`content/index.md:1:7: warning: raw HTML is shown as text; use markdown instead, write \< to show a literal <, or set raw_html: sanitize in site.yaml`,
		`content/index.md:3:1: warning: raw HTML is shown as text; use markdown instead, write \< to show a literal <, or set raw_html: sanitize in site.yaml`,
	)
	s.AssertFile("index.html", `&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;`, `&lt;your team&gt;`, `&lt;script&gt;alert(1)&lt;/script&gt;`, "! <script>alert")

	s = testsite.Build(t, "-- content/site.yaml --\nraw_html: sanitize\n"+archive)
	s.AssertNoErrors()
	s.AssertFile("index.html", "<b>bold</b>", "&lt;your team&gt;", "! onclick", "! <script>", "! alert(1)")
}

func TestUnsafeURLsAreRefused(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](data:text/html,hi) ![i](vbscript:x)
`)
	s.AssertDiag(
		`content/index.md:1:1: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:1:26: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:1:51: link URL scheme "data:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:1:74: image URL scheme "vbscript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
	)
}

func TestTwoSourcesForOneURLAreAnError(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
Home
-- content/teams/sales.md --
A page where the card's page goes.
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
-- content/About.md --
x
-- content/about.md --
y
-- content/old.md --
---
aliases: [/teams/sales/]
---
`)
	s.AssertDiag(
		"content/teams/sales.md:1:1: content/teams/sales.yaml and content/teams/sales.md are both published as /teams/sales/index.html; rename or remove one of them",
		"content/about.md:1:1: content/About.md and content/about.md are both published as /about/index.html; rename or remove one of them",
		`content/old.md:2:11: alias "/teams/sales/" is also the address of content/teams/sales.yaml; remove the alias or move the other`,
	)
}

func TestSiteConfigIsChecked(t *testing.T) {
	s := testsite.Build(t, `
-- content/site.yaml --
title: T
base_url: ftp://example.com/
raw_html: yes please
brokn_links: warn
highlight: yes please
-- content/index.md --
Home
`)
	s.AssertDiag(
		`content/site.yaml:2:11: base_url "ftp://example.com/" is not an http or https URL; write an absolute http or https URL, like https://intranet.example.com/handbook/`,
		`content/site.yaml:3:11: raw_html "yes please" is not one of text, sanitize; write text or sanitize`,
		`content/site.yaml:4:1: unknown field "brokn_links" in site.yaml; did you mean "broken_links"?`,
		`content/site.yaml:5:12: highlight "yes please" is not one of true, false; write true to colour code blocks at build time, or false (the default)`,
	)
}

func TestBaseURLGivesCanonicalLinks(t *testing.T) {
	s := testsite.Build(t, `
-- content/site.yaml --
base_url: https://intranet.example.com/handbook
edit_url: https://git.example.com/edit/main/content/
-- content/index.md --
Home
-- content/a.md --
A
`, func(o *generator.Options) {})
	s.AssertNoErrors()
	s.AssertFile("a/index.html",
		`<link rel="canonical" href="https://intranet.example.com/handbook/a/">`,
		`<a href="https://git.example.com/edit/main/content/a.md">Edit this page</a>`,
		`<link rel="stylesheet" href="../assets/style.css">`)
	// The 404 page is served at any address, so its links are absolute under the base path.
	s.AssertFile("404.html", `href="/handbook/assets/style.css"`, `href="/handbook/teams/"`)
}
