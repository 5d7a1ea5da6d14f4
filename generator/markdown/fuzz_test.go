package markdown

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator/internal/htmlcheck"
)

// FuzzConvert runs any text through the full markdown-to-HTML path, with
// raw HTML shown as text and sanitized, fills the link slots the way the
// resolve stage does for a relative link, and checks the result with an
// HTML parser: no script element, no event handler, no URL a browser
// would run, balanced elements when raw HTML is sanitized, and bounded
// time and output size. Issue #7.
func FuzzConvert(f *testing.F) {
	for _, s := range []string{
		"# T\n\n[a](b.md) [[team:x|y]] ![i](p.png) <https://x.example>",
		"[a](javascript:alert(1)) [b](jav&#x61;script:x) <javascript:x> [r]\n\n[r]: vbscript:x",
		"<script>alert(1)</script> <img src=x onerror=y> <a href=\"javascript:x\">x</a> <your team>",
		"<div onclick=x>\n<p>block</p>\n</div>\n\n<svg><script>x</script></svg>",
		"| a | b |\n| - | - |\n| [x](y) | <b>z</b> |",
		"> [!NOTE]\n> hi\n\n```go\nfunc(){}\n```\n\n- [ ] task\n~~s~~ *e* **s**",
		"[x](<java\nscript:x>) [y](\"title\") ![a\" onerror=\"x](p.png \"t' onload='x\")",
		"text[^1]\n\n[^1]: note <script>x</script>",
		"<details><summary>s</summary>ok</details> <a href=\"https://x.example\" title=\"a&quot; onclick=&quot;x\">t</a>",
		"## H {#id onclick=x}\n\n{{ .Site }} {{template \"x\"}}",
		"&#x6A;avascript:x [a](&#x6A;avascript:x) [b](&Tab;javascript:x) [c](javascript&colon;x)",
		"</div></div>\n\n<div>\n\n- a </div>\n\n<details><table><tr><td>x <b><i>y</b> <div/>",
	} {
		f.Add(s)
	}
	text, san := New(Options{}), New(Options{RawHTML: RawHTMLSanitize})
	f.Fuzz(func(t *testing.T, src string) {
		for _, c := range []*Converter{text, san} {
			for _, inline := range []bool{false, true} {
				start := time.Now()
				var d *Doc
				if inline {
					d = c.ConvertInline([]byte(src))
				} else {
					d = c.Convert([]byte(src))
				}
				if el := time.Since(start); el > 3*time.Second {
					t.Fatalf("took %v", el)
				}
				if len(d.HTML) > 64*len(src)+4096 {
					t.Fatalf("%d bytes of HTML from %d of markdown", len(d.HTML), len(src))
				}
				// A relative link's slot gets a site path; a wikilink's
				// slot gets an element (render escapes its label).
				out := Fill(nil, d.HTML, func(i int) string {
					if i < len(d.Links) && d.Links[i].Kind == LinkWiki {
						return `<a href="/x/">label</a>`
					}
					return "/x/"
				})
				if bytes.IndexByte(out, 0) >= 0 {
					t.Fatalf("a NUL is left in %q", out)
				}
				// With raw HTML let through, the writer's elements are
				// closed within the text and no end tag closes more.
				if c == san {
					if u := unbalanced(out); u != "" {
						t.Errorf("inline=%v: unbalanced: %s\nin: %q\nout: %s", inline, u, src, out)
					}
				}
				for _, f := range htmlcheck.Check(out, htmlcheck.Options{}) {
					t.Errorf("sanitize=%v inline=%v: %s\nin: %q\nout: %s", c.opts.RawHTML == RawHTMLSanitize, inline, f, src, out)
				}
			}
		}
	})
}

// FuzzWikilink: a [[…]] reference is parsed into at most one link whose
// target and label hold no brackets and no line break, and the text
// after it is kept.
func FuzzWikilink(f *testing.F) {
	for _, s := range []string{"team:sales", "role:pm|our PMs", "events/booth", "|x", "a|b|c", " team : x ", "a]]b", "[[", "x\ny"} {
		f.Add(s)
	}
	c := New(Options{})
	f.Fuzz(func(t *testing.T, inner string) {
		d := c.ConvertInline([]byte("before [[" + inner + "]] after"))
		wiki := 0
		for _, l := range d.Links {
			if l.Kind != LinkWiki {
				continue
			}
			wiki++
			if strings.ContainsAny(l.Dest+l.Label, "[]\n") || strings.TrimSpace(l.Dest) != l.Dest || l.Dest == "" {
				t.Fatalf("[[%s]] gave target %q label %q", inner, l.Dest, l.Label)
			}
		}
		if wiki > 1 && !strings.Contains(inner, "[[") {
			t.Fatalf("[[%s]] gave %d references", inner, wiki)
		}
		// (A line break in the brackets can start a block, a code fence
		// say, that takes the rest of the line as what it is.)
		if len(d.Problems) == 0 && !strings.ContainsAny(inner, "\n\r") && !bytes.Contains(d.HTML, []byte("after")) {
			t.Fatalf("text after [[%s]] lost: %s", inner, d.HTML)
		}
	})
}
