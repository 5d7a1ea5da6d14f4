package markdown

import (
	"strings"
	"testing"
)

func TestSlugKeepsLettersOfEveryScript(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Leads", "leads"},
		{"Über uns", "über-uns"},
		{"展台的三类访客", "展台的三类访客"},
		{"ブースの案内", "ブースの案内"},
		{"Who leads? (and why)", "who-leads-and-why"},
		{"snake_case name", "snake_case-name"},
		{"!!!", ""},
	} {
		if got := Slug(c.in); got != c.want {
			t.Errorf("Slug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSchemesAreFoundThroughObfuscation(t *testing.T) {
	for _, c := range []struct {
		in   string
		safe bool
	}{
		{"https://example.com", true},
		{"mailto:a@example.com", true},
		{"javascript:alert(1)", false},
		{" JavaScript:alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{"\x01javascript:x", false},
		{"vbscript:x", false},
		{"data:text/html,x", false},
	} {
		if !HasScheme(c.in) {
			t.Errorf("HasScheme(%q) = false", c.in)
		}
		if got := SafeURL(c.in, false); got != c.safe {
			t.Errorf("SafeURL(%q) = %v, want %v", c.in, got, c.safe)
		}
	}
	for _, rel := range []string{"page.md", "../a.md#x", "/events/", "#top", "a:b/c"[3:]} {
		if HasScheme(rel) {
			t.Errorf("HasScheme(%q) = true for a relative link", rel)
		}
	}
}

func TestLinksBecomeSlotsWithPositions(t *testing.T) {
	c := New(Options{})
	d := c.Convert([]byte("# Title\n\nText [a](x.md#h) and\n  [[role:pm|PMs]] ![pic](p.png)\n"))
	if d.Title != "Title" || strings.Contains(string(d.HTML), "<h1") {
		t.Errorf("leading heading not taken as the title: %q %s", d.Title, d.HTML)
	}
	want := []Link{
		{Kind: LinkURL, Dest: "x.md#h", Line: 3, Col: 6},
		{Kind: LinkWiki, Dest: "role:pm", Label: "PMs", HasLabel: true, Line: 4, Col: 3},
		{Kind: LinkURL, Dest: "p.png", Image: true, Line: 4, Col: 19},
	}
	if len(d.Links) != len(want) {
		t.Fatalf("links: %+v", d.Links)
	}
	for i, w := range want {
		if d.Links[i] != w {
			t.Errorf("link %d: %+v, want %+v", i, d.Links[i], w)
		}
	}
	out := Fill(nil, d.HTML, func(i int) string { return "L" + string(rune('0'+i)) })
	if !strings.Contains(string(out), `<a href="L0">a</a>`) || !strings.Contains(string(out), "L1") || !strings.Contains(string(out), `src="L2"`) {
		t.Errorf("slots not filled: %s", out)
	}
}

func TestInlineConversionHasNoParagraph(t *testing.T) {
	d := New(Options{}).ConvertInline([]byte("Ask **us** for [[team:x]]"))
	if strings.HasPrefix(string(d.HTML), "<p>") {
		t.Errorf("inline text wrapped in a paragraph: %s", d.HTML)
	}
}
