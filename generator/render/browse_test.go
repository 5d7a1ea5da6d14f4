package render_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
)

// Whole-site tests of what helps people find their way: tag pages, the
// search index and page, sitemap.xml and robots.txt, image sizes, the
// language of a page, and "last changed" from git.

func TestTagPagesListThePagesOfEachTag(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
# Home
-- content/a.md --
---
title: Alpha
description: The first.
tags: [API design, 中文]
---
Text.
-- content/b.md --
---
title: Beta
tags: [api-design]
---
Text.
-- content/c.md --
# Gamma
`)
	s.AssertNoErrors()
	s.AssertFile("a/index.html", `<a class="tag" href="../tags/api-design/" rel="tag">API design</a>`,
		`<a class="tag" href="../tags/%E4%B8%AD%E6%96%87/" rel="tag">中文</a>`)
	// One tag however it is written; its name as written first in order.
	s.AssertFile("tags/api-design/index.html", `<h1>API design</h1>`,
		"<ul class=\"tagged-pages\">\n<li><a href=\"../../a/\">Alpha</a><p>The first.</p></li>\n<li><a href=\"../../b/\">Beta</a></li>\n</ul>",
		`<li><a href="../../tags/">Tags</a></li>`) // the breadcrumb
	s.AssertFile("tags/中文/index.html", "<ul class=\"tagged-pages\">\n<li><a href=\"../../a/\">Alpha</a><p>The first.</p></li>\n</ul>")
	s.AssertFile("tags/index.html", `<a class="tag" href="../tags/api-design/" rel="tag">API design</a> <span class="count">2 pages</span>`,
		`<a class="tag" href="../tags/%E4%B8%AD%E6%96%87/" rel="tag">中文</a> <span class="count">1 page</span>`)
	s.AssertFile("c/index.html", "! Tags</dt>")
}

func TestTagPagesWithoutTagsSayHowToAddOne(t *testing.T) {
	s := testsite.Build(t, "-- content/index.md --\n# Home\n")
	s.AssertNoErrors()
	s.AssertFile("tags/index.html", "No page has tags yet")
}

// Files and aliases where the generated pages go are reported by
// resolve.Generated before anything is rendered.
func TestFilesAndAliasesWhereGeneratedPagesGoAreErrors(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
---
aliases: [/tags/old/]
---
# Home
-- content/search/index.json --
{}
`)
	s.AssertDiag(
		`content/index.md:2:11: alias "/tags/old/" is published at /tags/old/, where the generator writes its tag pages under /tags/; change or remove the alias`,
		"content/search/index.json:1:1: published at /search/index.json, where the generator writes its search page and index under /search/; rename the file or move it to another folder",
	)
}

func TestSitemapHasAbsoluteURLsOfEveryPageAndCard(t *testing.T) {
	s := testsite.Build(t, `
-- content/site.yaml --
title: Handbook
base_url: https://intranet.example.com/handbook/
-- content/index.md --
# Home
-- content/events/booth duty.md --
---
aliases: [/old/booth/]
tags: [events]
---
# Booth
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
`)
	s.AssertNoErrors()
	s.AssertFile("sitemap.xml",
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<loc>https://intranet.example.com/handbook/</loc>`,
		`<loc>https://intranet.example.com/handbook/events/booth%20duty/</loc>`,
		`<loc>https://intranet.example.com/handbook/teams/sales/</loc>`,
		`<loc>https://intranet.example.com/handbook/teams/</loc>`,
		`<loc>https://intranet.example.com/handbook/tags/events/</loc>`,
		"! /old/booth/", "! /search/", "! 404", "! <lastmod>") // not in git: no dates
	s.AssertFile("robots.txt", "User-agent: *\n", "Sitemap: https://intranet.example.com/handbook/sitemap.xml\n",
		"# Crawlers read robots.txt only at the root of a host")
}

func TestWithoutBaseURLThereIsNoSitemap(t *testing.T) {
	s := testsite.Build(t, "-- content/index.md --\n# Home\n")
	s.AssertNoErrors()
	s.AssertNoFile("sitemap.xml")
	s.AssertFile("robots.txt", "User-agent: *\nAllow: /\n", "! Sitemap:", "! Crawlers read")
}

func TestTheWritersRobotsAndSitemapWin(t *testing.T) {
	s := testsite.Build(t, `
-- content/site.yaml --
base_url: https://example.com/
-- content/index.md --
# Home
-- content/robots.txt --
User-agent: *
Disallow: /
-- content/sitemap.xml --
<urlset/>
`)
	s.AssertNoErrors()
	s.AssertFile("robots.txt", "Disallow: /", "! Allow: /")
	s.AssertFile("sitemap.xml", "<urlset/>", "! <loc>")
}

func pngOf(t *testing.T, w, h int) string {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestImagesGetTheirWidthAndHeight(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
# Home

![A chart](img/chart.png) and ![A logo](/img/logo.svg "Logo") and ![broken](img/broken.png)
-- content/img/chart.png --
`+pngOf(t, 640, 360)+`
-- content/img/logo.svg --
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"></svg>
-- content/img/broken.png --
not a png
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
mission: |
  ![Our funnel](../img/chart.png)
`)
	s.AssertNoErrors()
	s.AssertFile("index.html",
		`<img src="./img/chart.png" width="640" height="360" alt="A chart" loading="lazy">`,
		`<img src="./img/logo.svg" width="120" height="40" alt="A logo" title="Logo" loading="lazy">`,
		`<img src="./img/broken.png" alt="broken" loading="lazy">`)
	s.AssertFile("teams/sales/index.html", `<img src="../../img/chart.png" width="640" height="360" alt="Our funnel"`)
}

func TestImagesWithoutAltAreReportedWithTheirPlace(t *testing.T) {
	s := testsite.Build(t, "-- content/index.md --\n---\ntitle: Home\n---\nText.\n\n![](chart.png)\n-- content/chart.png --\n"+pngOf(t, 2, 2))
	s.AssertDiag(`content/index.md:6:1: warning: image has no alt text; describe it between the brackets: ![what it shows](…)`)
}

func TestChineseAndJapanesePagesSayTheirLanguage(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
# Home
-- content/zh.md --
# 展台速查

这是展台值班指南的中文简版。遇到拿不准的情况，以英文原文为准。Use the API.
-- content/ja.md --
# ブース

ブースに立つ方は、まず英語版のガイドを読んでください。
-- content/en.md --
# Booth

Read the booth guide; 展台 is booth in Chinese.
`)
	s.AssertNoErrors()
	s.AssertFile("zh/index.html", `<article class="page" lang="zh">`)
	s.AssertFile("ja/index.html", `<article class="page" lang="ja">`)
	s.AssertFile("en/index.html", `<article class="page">`)
}

func TestEveryPageHasTheSearchBoxAndTheSearchPageExplainsWithoutJavaScript(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
# Home
-- content/a/b.md --
# Deep
`)
	s.AssertNoErrors()
	s.AssertFile("a/b/index.html", `<form class="site-search" role="search" action="../../search/" method="get">`,
		`<script src="../../assets/search.js" defer></script>`, `<meta name="handbook-root" content="../../">`)
	s.AssertFile("search/index.html", `<noscript>`, `Search runs in your browser and needs JavaScript`,
		`<input id="search-page-q" type="search" name="q"`)
	s.AssertFile("assets/search.js", "handbookSearch")
}

// searchManifest is the part of search/index.json and search/slices.json
// the tests read.
type searchManifest struct {
	Version int
	Docs    [][]any
	Shards  []struct{ From, File string }
}

func TestSearchIndexHasEveryPageAndCard(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
# Home
-- content/zh/booth.md --
---
description: 展会展台值班的简明指南
---
# 展台速查

## 交接四步

先介绍，再说明情况。
-- content/drafts.md --
---
draft: true
---
# Secret plans
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
-- content/roles/ae.yaml --
title: Account Executive
team: sales
summary: Owns the deal.
expertise: [negotiation]
-- content/people/amara.yaml --
name: Amara Okafor
roles: [ae]
`)
	s.AssertNoErrors()
	var m searchManifest
	if err := json.Unmarshal(s.Files["search/index.json"], &m); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(s.Files["search/slices.json"], &m); err != nil {
		t.Fatal(err)
	}
	if m.Version != 3 {
		t.Errorf("version %d", m.Version)
	}
	var got []string
	for _, d := range m.Docs {
		fields := []string{jsonNum(d[0])}
		for _, f := range d[1:] {
			fields = append(fields, f.(string))
		}
		got = append(got, strings.Join(fields, "|"))
	}
	want := []string{
		"0||Home|",
		"0|zh/booth/|展台速查|展会展台值班的简明指南",
		"0|zh/|Zh|", // the section made for the folder
		"1|teams/sales/|Sales|Sells.",
		"2|roles/ae/|Account Executive|Owns the deal.|negotiation", // a card's expertise, for early results
		"3|people/amara/|Amara Okafor|Account Executive, Sales",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("documents:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(m.Shards) != 1 {
		t.Fatalf("%d slices", len(m.Shards))
	}
	shard := s.Files["search/"+m.Shards[0].File]
	for _, term := range []string{"展台", "交接", "negotiation", "amara", "sells"} {
		if !bytes.Contains(shard, []byte(term)) {
			t.Errorf("the dictionary has no %q", term)
		}
	}
	if bytes.Contains(shard, []byte("secret")) {
		t.Error("a draft is in the search index")
	}
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestLastChangedComesFromGitAndIsAbsentOutsideIt(t *testing.T) {
	archive := `
-- content/index.md --
# Home
-- content/old.md --
# Old
-- content/new.md --
# New
`
	outside := testsite.Build(t, archive)
	outside.AssertNoErrors()
	outside.AssertFile("old/index.html", "! Last changed")

	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not installed: apt-get install git")
	}
	dir := t.TempDir()
	testsite.Write(t, dir, archive)
	git := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_COMMITTER_NAME=C", "GIT_COMMITTER_EMAIL=c@example.com"), env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git(nil, "init", "-q")
	git(nil, "add", "content/old.md")
	git([]string{"GIT_COMMITTER_DATE=2026-03-04T10:00:00Z", "GIT_AUTHOR_DATE=2026-03-04T10:00:00Z"}, "commit", "-q", "-m", "home")
	files, r, err := generator.Render(generator.Options{Content: filepath.Join(dir, "content")})
	if err != nil || r.Failed() {
		t.Fatalf("render: %v %v", err, r.Diags)
	}
	if !bytes.Contains(files["old/index.html"], []byte(`<dt>Last changed</dt><dd><time datetime="2026-03-04">2026-03-04</time></dd>`)) {
		t.Errorf("no last changed date on the committed page:\n%s", files["old/index.html"])
	}
	if bytes.Contains(files["new/index.html"], []byte("Last changed")) {
		t.Error("a page that was never committed has a last changed date")
	}
}

func TestSidebarOrdersByWeightThenTitleAndOpensOnlyTheCurrentBranch(t *testing.T) {
	s := testsite.Build(t, `
-- content/index.md --
# Home
-- content/b/index.md --
---
weight: 1
---
# Zebra section
-- content/b/two.md --
# Beta page
-- content/b/one.md --
# Alpha page
-- content/b/first.md --
---
weight: -5
---
# Zulu comes first
-- content/a/index.md --
---
weight: 2
---
# Apple section
-- content/a/x.md --
# Hidden while elsewhere
-- content/c/index.md --
---
weight: 2
---
# Cherry section
`)
	s.AssertNoErrors()
	s.AssertFile("b/two/index.html",
		`<li class="open"><a href="../../b/">Zebra section</a><ul>
<li><a href="../../b/first/">Zulu comes first</a></li>
<li><a href="../../b/one/">Alpha page</a></li>
<li><a href="../../b/two/" aria-current="page">Beta page</a></li>
</ul></li>
<li><a href="../../a/">Apple section</a></li>
<li><a href="../../c/">Cherry section</a></li>`,
		"! Hidden while elsewhere")
}
