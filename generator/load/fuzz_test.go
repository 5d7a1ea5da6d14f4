package load

import (
	"bytes"
	"html"
	"path"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/internal/htmlcheck"
)

// The fuzz targets of load run their seeds (f.Add and testdata/fuzz) on
// every go test; `make fuzz` runs them for real. Issue #7.

// FuzzSplitFrontMatter: splitting never panics, the body is the end of
// the source, its line is where it starts, and every diagnostic is inside
// the file.
func FuzzSplitFrontMatter(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: A\n---\nbody\n", "---\ntitle: A\n", "+++\ntitle = 'A'\n+++\n", "---\n---\n", "---", "+++",
		"---\ndescription: |\n  ---\n---\n", "---\na: &x 1\nb: *x\n---\n", "---\na: 1\n--- # x\nb: 2\n---\n",
		"---\ntitle: A\n...\nbody", "---\n[", "+++\na = [[[[\n+++\n", "---\r\n", "\ufeff---\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		src = normalize(src)
		var l diag.List
		fm := splitFrontMatter("a.md", src, &l)
		if fm.bodyLine < 1 {
			t.Fatalf("body line %d", fm.bodyLine)
		}
		if len(l) == 0 && !bytes.HasSuffix(src, fm.body) {
			t.Fatalf("body %q is not the end of the source", fm.body)
		}
		if len(l) == 0 && fm.bodyLine != 1+bytes.Count(src[:len(src)-len(fm.body)], []byte("\n")) && len(fm.body) > 0 {
			t.Fatalf("body line %d for body %q", fm.bodyLine, fm.body)
		}
		lines := 1 + bytes.Count(src, []byte("\n"))
		for _, d := range l {
			if d.Pos.Line > lines+1 || d.Pos.Line < 0 {
				t.Fatalf("diagnostic outside the file (%d lines): %v", lines, d)
			}
		}
	})
}

// FuzzCard decodes any text as each kind of card and as a page, through
// the whole of load: no panic, bounded time, and any accepted card URL is
// one a browser would not run.
func FuzzCard(f *testing.F) {
	for _, s := range []string{
		"name: A\nsummary: S\n", "name: no\nsummary: yes\nchannels:\n  - {label: x, url: \"tel:+1\"}\n",
		"title: T\nteam: t\nsummary: S\nsituations:\n  - when: w\n    do: d\n", "- a\n", "{a: [b, {c: d}]}\n",
		"name: &a A\nsummary: *a\n", "name: A\nname: B\n", "contact:\n  - {url: \"jav&#x61;script:x\"}\n",
		"mission: |\n  [x](javascript:x) <script>x</script>\n", "last_reviewed: 2026-02-30\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		fsys := fstest.MapFS{
			"teams/t.yaml":  {Data: []byte(src)},
			"roles/r.yaml":  {Data: []byte(src)},
			"people/p.yaml": {Data: []byte(src)},
			"page.md":       {Data: []byte("---\n" + src + "\n---\n")},
		}
		start := time.Now()
		s, _ := Site(fsys, Options{})
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("took %v", d)
		}
		for _, tm := range s.Teams {
			for _, c := range tm.Channels {
				assertSafe(t, c.URL)
			}
		}
		for _, p := range s.People {
			for _, c := range p.Contact {
				assertSafe(t, c.URL)
			}
		}
	})
}

// assertSafe checks a card URL the way a browser reads it in an href.
func assertSafe(t *testing.T, u string) {
	t.Helper()
	doc := `<a href="` + html.EscapeString(u) + `">x</a>`
	if f := htmlcheck.Check([]byte(doc), htmlcheck.Options{}); len(f) != 0 {
		t.Fatalf("accepted card URL %q: %v", u, f)
	}
}

// FuzzCardURL: the card URL allowlist accepts only what a browser reads
// as http, https, mailto or tel.
func FuzzCardURL(f *testing.F) {
	for _, s := range []string{"https://x.example", "mailto:a@b", "tel:+1", "javascript:x", " JAVASCRIPT:x", "java\tscript:x",
		"jav&#x61;script:x", "\x01javascript:x", "data:x", "http:x", "HTTPS://x", "tel\n:x", "%6Aavascript:x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		if safeCardURL(u) {
			assertSafe(t, u)
			switch htmlcheck.Scheme(u) {
			case "http", "https", "mailto", "tel":
			default:
				t.Fatalf("accepted %q with scheme %q", u, htmlcheck.Scheme(u))
			}
		}
	})
}

// FuzzContentPath: any content path is either ignored or has a URL that is
// a clean site path.
func FuzzContentPath(f *testing.F) {
	for _, s := range []string{"index.md", "a/b.md", "a/index.md", "a/_index.md", "README.md", ".x.md", "x.md~", "#x.md#",
		"4913", "a/../b.md", "teams/x.yaml", "%2e%2e/x.md", "zh/展台.md", "a//b.md"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		// fs.WalkDir gives valid fs paths only; the rest never reaches pageURL.
		if !validWalkPath(p) || !strings.HasSuffix(p, ".md") {
			return
		}
		for _, seg := range strings.Split(p, "/") {
			if Ignored(seg) {
				return
			}
		}
		u := pageURL(p)
		if !strings.HasPrefix(u, "/") || !strings.HasSuffix(u, "/") || path.Clean(u) != strings.TrimSuffix(u, "/") && u != "/" {
			t.Fatalf("pageURL(%q) = %q", p, u)
		}
		for _, seg := range strings.Split(strings.Trim(u, "/"), "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("pageURL(%q) = %q", p, u)
			}
		}
	})
}

func validWalkPath(p string) bool {
	if p == "" || p == "." || strings.HasPrefix(p, "/") || strings.HasSuffix(p, "/") {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}
