package generator_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator/internal/testsite"
	"golang.org/x/net/html"
)

// unbalancedArchive has raw HTML that, passed through as written, would
// close the site's layout (stray end tags) or swallow it (unclosed
// elements), in a page and in a card's markdown field.
const unbalancedArchive = `
-- content/site.yaml --
raw_html: sanitize
-- content/index.md --
# Home

Stray end tags </div></div></div> in a paragraph.

</div>
</div>
</details>
</table>

Inline <b>bold left open and <i>italic too.

<div class="note">

Markdown inside the div, ended inside a paragraph </div> by mistake.

<details><summary>More</summary>

Never closed.

<table><tr><td>cell
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
mission: |
  </div></div> <div><div><table><tr><td>left open
`

// layoutOf checks the skeleton of a built page: body holds header,
// div.layout and footer; div.layout holds main; marker is inside main;
// the footer's text is inside no element the page's content opened.
func layoutOf(t *testing.T, name string, page []byte, marker string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var find func(n *html.Node, tag string) *html.Node
	find = func(n *html.Node, tag string) *html.Node {
		if n.Type == html.ElementNode && n.Data == tag {
			return n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if f := find(c, tag); f != nil {
				return f
			}
		}
		return nil
	}
	body, main, footer := find(doc, "body"), find(doc, "main"), find(doc, "footer")
	if body == nil || main == nil || footer == nil {
		t.Fatalf("%s: body %v main %v footer %v", name, body != nil, main != nil, footer != nil)
	}
	var kids []string
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			kids = append(kids, c.Data)
		}
	}
	if got := strings.Join(kids, " "); !strings.HasSuffix(got, "header div footer") {
		t.Errorf("%s: body's elements are %q, want … header div footer", name, got)
	}
	if main.Parent == nil || main.Parent.Data != "div" || main.Parent.Parent != body {
		t.Errorf("%s: <main> is not in the layout <div> under <body>", name)
	}
	if footer.Parent != body {
		t.Errorf("%s: <footer> is inside <%s>, not <body>", name, footer.Parent.Data)
	}
	for n := footer.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data != "p" {
			t.Errorf("%s: footer holds <%s> (a formatting element the content left open)", name, n.Data)
		}
		if n.Type == html.ElementNode && n.Data == "p" && n.FirstChild != nil && n.FirstChild.Type == html.ElementNode {
			t.Errorf("%s: footer's text is inside <%s> (a formatting element the content left open)", name, n.FirstChild.Data)
		}
	}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
		}
		return b.String()
	}
	if !strings.Contains(text(main), marker) {
		t.Errorf("%s: %q is not inside <main>", name, marker)
	}
}

// TestRawHTMLIsBalanced: with raw HTML allowed, stray end tags are left
// out and unclosed elements are closed within the page's content, each
// with a warning at the tag; the built page keeps its layout. Issue #7.
func TestRawHTMLIsBalanced(t *testing.T) {
	t.Parallel()
	s := testsite.Build(t, unbalancedArchive)
	s.AssertNoErrors()
	s.AssertDiag(
		`content/index.md:3:16: warning: raw HTML </div> closes no <div> opened in this text; it is left out; remove </div>, or add the <div> it should close`,
		`content/index.md:3:22: warning: raw HTML </div> closes no <div> opened in this text; it is left out; remove </div>, or add the <div> it should close`,
		`content/index.md:3:28: warning: raw HTML </div> closes no <div> opened in this text; it is left out; remove </div>, or add the <div> it should close`,
		`content/index.md:5:1: warning: raw HTML </div> closes no <div> opened in this text; it is left out; remove </div>, or add the <div> it should close`,
		`content/index.md:6:1: warning: raw HTML </div> closes no <div> opened in this text; it is left out; remove </div>, or add the <div> it should close`,
		`content/index.md:7:1: warning: raw HTML </details> closes no <details> opened in this text; it is left out; remove </details>, or add the <details> it should close`,
		`content/index.md:8:1: warning: raw HTML </table> closes no <table> opened in this text; it is left out; remove </table>, or add the <table> it should close`,
		`content/index.md:10:8: warning: raw HTML <b> is not closed before the end of the markdown block it is in; it is closed there, so that the page's layout stays whole; add </b> where the element ends`,
		`content/index.md:10:30: warning: raw HTML <i> is not closed before the end of the markdown block it is in; it is closed there, so that the page's layout stays whole; add </i> where the element ends`,
		`content/index.md:12:1: warning: raw HTML <div> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </div> where the element ends`,
		`content/index.md:14:51: warning: raw HTML </div> is inside markdown's <p> and cannot close the <div> opened at 12:1 outside it; it is left out; put <div> and </div> each on a line of its own, with a blank line before and after`,
		`content/index.md:16:1: warning: raw HTML <details> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </details> where the element ends`,
		`content/index.md:20:1: warning: raw HTML <table> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </table> where the element ends`,
		`content/index.md:20:8: warning: raw HTML <tr> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </tr> where the element ends`,
		`content/index.md:20:12: warning: raw HTML <td> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </td> where the element ends`,
		`content/teams/sales.yaml:4:3: warning: raw HTML </div> closes no <div> opened in this text; it is left out; remove </div>, or add the <div> it should close`,
		`content/teams/sales.yaml:4:9: warning: raw HTML </div> closes no <div> opened in this text; it is left out; remove </div>, or add the <div> it should close`,
		`content/teams/sales.yaml:4:16: warning: raw HTML <div> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </div> where the element ends`,
		`content/teams/sales.yaml:4:26: warning: raw HTML <table> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </table> where the element ends`,
	)
	layoutOf(t, "index.html", s.Files["index.html"], "Never closed.")
	layoutOf(t, "teams/sales/index.html", s.Files["teams/sales/index.html"], "left open")
	s.AssertFile("index.html", "<p>Stray end tags  in a paragraph.</p>", "<table><tr><td>cell\n\n</td></tr></table></details></div>")
}

// TestBalancedRawHTMLIsKept: HTML that opens and closes its elements,
// across markdown blocks the way GitHub documents it, passes unchanged
// and without a warning.
func TestBalancedRawHTMLIsKept(t *testing.T) {
	t.Parallel()
	s := testsite.Build(t, "-- content/site.yaml --\nraw_html: sanitize\n-- content/index.md --\n# Home\n\n"+
		"<details><summary>More</summary>\n\nInside *markdown*.\n\n</details>\n\n<div class=\"x\">\n\n- a\n- b\n\n</div>\n\nA <b>bold</b> word<br> and <kbd>Ctrl</kbd>.\n")
	s.AssertNoErrors()
	for _, d := range s.Diags() {
		if strings.Contains(d, "raw HTML") {
			t.Errorf("unexpected: %s", d)
		}
	}
	s.AssertFile("index.html", "<details><summary>More</summary>\n\n<p>Inside <em>markdown</em>.</p>\n</details>", "<div>\n\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</div>", "A <b>bold</b> word<br> and <kbd>Ctrl</kbd>.")
	layoutOf(t, "index.html", s.Files["index.html"], "Inside markdown.")
}
