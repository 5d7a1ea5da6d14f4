package generator_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/htmlcheck"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
	"github.com/devrel-handbook/handbook/templates"
)

// siteScripts are the only script elements a built site may have: the
// assets of the default templates. The test fails when one is added
// without being listed here.
var siteScripts = []string{"assets/search.js", "assets/directory.js"}

func TestSiteScriptsAreTheTemplateAssets(t *testing.T) {
	var js []string
	fs.WalkDir(templates.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".js") {
			js = append(js, strings.TrimPrefix(p, "templates/"))
		}
		return nil
	})
	sort.Strings(js)
	want := append([]string(nil), siteScripts...)
	sort.Strings(want)
	if strings.Join(js, " ") != strings.Join(want, " ") {
		t.Errorf("template scripts %v, listed as allowed %v", js, want)
	}
	// The scripts build what they show with textContent, never from HTML.
	for _, name := range js {
		b, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s uses %s", name, bad)
			}
		}
	}
}

// scanSite fails for everything in the HTML files of a built site that
// could run script.
func scanSite(t *testing.T, files map[string][]byte) {
	t.Helper()
	n := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			if strings.Contains(string(data), "ZgotmplZ") {
				t.Errorf("%s: ZgotmplZ", name)
			}
			continue
		}
		n++
		for _, f := range htmlcheck.Check(data, htmlcheck.Options{Scripts: siteScripts, Forms: true}) {
			t.Errorf("%s: %s", name, f)
		}
	}
	if n == 0 {
		t.Error("no HTML files to scan")
	}
}

// hostileArchive is content written to break out of every place text
// goes: titles, descriptions, names, tags, labels, alt text, raw HTML in
// text and block form, template actions. None of it is an error (raw HTML
// is a warning in text mode), so the site builds and is scanned.
const hostileArchive = `
-- content/index.md --
---
title: "Home <script>alert(1)</script> \" onmouseover=\"alert(2)"
description: "desc \"><script>alert(3)</script> {{ .Site }} ' onfocus='alert(4)"
tags: ["<img src=x onerror=alert(5)>", "javascript:alert(6)", "\"><svg onload=alert(7)>"]
---
[t](https://ok.example "title\" onmouseover=\"alert(1)") ![alt" onerror="x](pic.png "t' onerror='y")
[[team:sales|<b>bold</b> " onclick="x]] [[team:sales|javascript:alert(1)]] [[person:amara|' onclick='x]]
[call](tel:+15550100) [mail](mailto:a@example.com) [ref][r]

[r]: https://ok.example/"onmouseover="x

<your team> and <script>alert('raw')</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a> <a href="jav&#x61;script:alert(1)">e</a> <a href=" &#14;javascript:alert(1)">c</a> <a href="https://ok.example/" onclick="alert(1)">ok</a>
{{ .Site.Title }} {{ template "x" }} {{/* c */}}

<div onclick="alert(1)"><p>block html <a href="jav&#x61;script:alert(1)">y</a> <your team></p></div>

<your team>

<script>alert('block')</script>

<svg><script>alert(1)</script></svg>
<iframe src="javascript:alert(1)"></iframe>
<style>body{background:url(javascript:alert(1))}</style>
<details><summary>More</summary><p>inside <em>ok</em></p></details>
<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="d"> <img src="https://ok.example/a.png" alt="ok" onerror="x">
<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go</button></form>
<a href="vbscript:msgbox">v</a> <a href="data:text/html,&lt;script&gt;">d</a> <object data="javascript:x"></object>
-- content/pic.png --
not really a png
-- content/teams/sales.yaml --
name: "Sales <script>alert(1)</script>"
summary: "Sells \" onmouseover=\"alert(1) {{ . }}"
mission: |
  <img src=x onerror=alert(1)> <your team> [[team:sales|x" onclick="y]]

  <div style="background:url(javascript:alert(1))">styled</div>
channels:
  - {label: "<b>chan</b>\" onclick=\"x", url: "https://chat.example.com/x?a=\"><script>"}
  - {label: "phone", url: "tel:+1 555 0100"}
-- content/people/amara.yaml --
name: "Amara</title><script>alert(1)</script>"
pronouns: "she/her\" onclick=\"x"
expertise: ["<script>alert(1)</script>", "{{ . }}"]
pitch: "{{ .Site }} <your team>"
contact:
  - {label: "mail", url: "mailto:a@example.com"}
  - {label: "tel\" onclick=x", url: "tel:+1 555"}
`

func TestHostileTextIsShownNotRun(t *testing.T) {
	for _, mode := range []string{"text", "sanitize"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			s := testsite.Build(t, hostileArchive+"-- content/site.yaml --\ntitle: \"T <script>x</script>\"\nraw_html: "+mode+"\n")
			s.AssertNoErrors()
			scanSite(t, s.Files)
			s.AssertFile("index.html",
				"&lt;your team&gt; and",          // inline text that looks like a tag
				"{{ .Site.Title }} {{ template ", // template actions are text
				`<a href="tel:+15550100">call</a>`,
				`<a href="mailto:a@example.com">mail</a>`,
				"! <script>alert",
			)
			s.AssertFile("teams/sales/index.html", `href="tel:&#43;1%20555%200100"`, "&lt;your team&gt;", "{{ . }}", "! ZgotmplZ")
			s.AssertFile("people/amara/index.html", `href="tel:&#43;1%20555"`, "{{ .Site }} &lt;your team&gt;", "! ZgotmplZ")
			if mode == "sanitize" {
				// A line that is only "<your team>" is an HTML block; it is
				// shown, not dropped by the sanitizer.
				s.AssertFile("index.html", "<p>block html y &lt;your team&gt;</p>", "<details><summary>More</summary>")
			}
		})
	}
}

func TestSearchIndexCarriesHostileTextAsData(t *testing.T) {
	t.Parallel()
	s := testsite.Build(t, hostileArchive)
	s.AssertNoErrors()
	var idx struct {
		Docs [][4]any `json:"docs"`
	}
	if err := json.Unmarshal(s.Files["search/index.json"], &idx); err != nil {
		t.Fatalf("search/index.json is not JSON: %v", err)
	}
	titles := map[string]bool{}
	for _, d := range idx.Docs {
		if s, ok := d[2].(string); ok {
			titles[s] = true
		}
	}
	// The text comes back exactly as written: escaped for JSON, not
	// mangled, and the client shows it with textContent.
	for _, want := range []string{`Home <script>alert(1)</script> " onmouseover="alert(2)`, "Sales <script>alert(1)</script>", "Amara</title><script>alert(1)</script>"} {
		if !titles[want] {
			t.Errorf("search index has no title %q; has %v", want, titles)
		}
	}
}

// TestScriptURLsAreErrorsInEveryEncoding writes javascript:, vbscript: and
// data: URLs in every place and encoding a browser would still run, and
// checks each is refused at its position (so the build publishes nothing).
func TestScriptURLsAreErrorsInEveryEncoding(t *testing.T) {
	for _, mode := range []string{"text", "sanitize"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			// Allowing raw HTML must not turn off the URL checks.
			scriptURLsAreErrors(t, "-- content/site.yaml --\nraw_html: "+mode+"\n")
		})
	}
}

func scriptURLsAreErrors(t *testing.T, siteYAML string) {
	s := testsite.Build(t, siteYAML+`
-- content/index.md --
[a](javascript:alert(1)) [b](jav&#x61;script:alert(1)) [c](&#106;avascript:alert(1))
[d](JaVaScRiPt:alert(1)) [e]( javascript:alert(1)) [f](<java&#x0A;script:alert(1)>)
[g](data:text/html,x) [h](vbscript:msgbox) [i](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;x)
![j](javascript:alert(1)) ![k](data:image/svg+xml,x) <javascript:alert(1)> <vbscript:x>
[l][r] [m](&Tab;javascript:x) [n](java&Tab;script:x) [o](javascript&colon;x)

[r]: javascript:alert(1)
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
mission: "[x](javascript:alert(1))"
channels:
  - {label: a, url: "javascript:alert(1)"}
  - {label: b, url: "jav&#x61;script:alert(1)"}
  - {label: c, url: " JAVASCRIPT:x"}
  - {label: d, url: "java\tscript:x"}
  - {label: e, url: "\x01javascript:x"}
  - {label: f, url: "data:text/html,x"}
  - {label: g, url: "vbscript:x"}
  - {label: h, url: "%6Aavascript:x"}
  - {label: i, url: "//evil.example/"}
  - {label: j, url: "relative/path"}
-- content/people/amara.yaml --
name: Amara
contact:
  - {label: a, url: "javascript:alert(1)"}
`)
	var got []string
	for _, d := range s.Diags() {
		if strings.Contains(d, "warning:") {
			continue
		}
		got = append(got, d)
	}
	want := []string{
		`content/index.md:1:1: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:1:26: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:1:56: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:2:1: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:2:26: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:2:52: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:3:1: link URL scheme "data:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:3:23: link URL scheme "vbscript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:3:44: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:4:1: image URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:4:27: image URL scheme "data:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:4:54: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL`,
		`content/index.md:4:76: link URL scheme "vbscript:" is not allowed; use an https, http, mailto or tel URL`,
		`content/index.md:5:1: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:5:8: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:5:31: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/index.md:5:54: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/people/amara.yaml:3:21: url "javascript:alert(1)" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:3:11: link URL scheme "javascript:" is not allowed; use an https, http, mailto or tel URL, or a relative link`,
		`content/teams/sales.yaml:5:21: url "javascript:alert(1)" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:6:21: url "jav&#x61;script:alert(1)" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:7:21: url "JAVASCRIPT:x" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:8:21: url "java\tscript:x" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:9:21: url "\x01javascript:x" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:10:21: url "data:text/html,x" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:11:21: url "vbscript:x" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:12:21: url "%6Aavascript:x" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:13:21: url "//evil.example/" is not allowed; use an https, http, mailto or tel URL`,
		`content/teams/sales.yaml:14:21: url "relative/path" is not allowed; use an https, http, mailto or tel URL`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n  got:\n    %s\n  want:\n    %s", strings.Join(got, "\n    "), strings.Join(want, "\n    "))
	}
}

// TestExampleSiteHasNothingExecutable builds the example handbook with raw
// HTML as text and sanitized, and scans every page: no script but the
// site's own, no event handler, no URL with another scheme than http,
// https, mailto or tel, no ZgotmplZ.
func TestExampleSiteHasNothingExecutable(t *testing.T) {
	for _, mode := range []string{"text", "sanitize"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			content := filepath.Join(t.TempDir(), "content")
			if err := os.CopyFS(content, os.DirFS("../content")); err != nil {
				t.Fatal(err)
			}
			cfg, err := os.ReadFile(filepath.Join(content, "site.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(cfg), "raw_html: text") {
				t.Fatalf("example site.yaml does not say raw_html: text:\n%s", cfg)
			}
			cfg = []byte(strings.Replace(string(cfg), "raw_html: text", "raw_html: "+mode, 1))
			if err := os.WriteFile(filepath.Join(content, "site.yaml"), cfg, 0o644); err != nil {
				t.Fatal(err)
			}
			files, r, err := generator.Render(generator.Options{Content: content})
			if err != nil || r.Failed() {
				t.Fatalf("render: %v %v", err, r.Diags)
			}
			if len(files) < 50 {
				t.Fatalf("only %d files", len(files))
			}
			scanSite(t, files)
		})
	}
}
