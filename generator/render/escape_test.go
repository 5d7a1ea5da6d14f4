package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/templates"
)

// appendText and appendURL must write what html/template writes for a
// string in element content and as a whole quoted href value.
func TestEscapersMatchHTMLTemplate(t *testing.T) {
	tmpl := template.Must(template.New("").Parse(`<a href="{{.}}">{{.}}</a>`))
	inputs := []string{"", "plain", "../a b/", "./x?y=1&z=2#frag", "a+b", `"quoted" 'single' <tag> & more`,
		"javascript:alert(1)", "JavaScript:x", "mailto:a@b.c", "https://example.com/a(b)", "tel:+1", "/a:b/c", "x/y:z",
		"%41%zz%", "%", "%4", "展台/ブース", "\x00nul", "\xff\xfe bad utf8", "a\tb\nc", "{}|\\^`", "~-._!$*,;=@[]"}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "aZ09 -_.~!#$&*+,/:;=?@[]%'\"<>()\\^`{|}\x00\x7f\xe5\xb1\x95"
	for range 2000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, s := range inputs {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		got := append([]byte(`<a href="`), appendURL(nil, s)...)
		got = append(got, `">`...)
		got = appendText(got, s)
		got = append(got, "</a>"...)
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%q:\n got %s\nwant %s", s, got, want.Bytes())
		}
	}
}

// The sidebar written in Go is the built-in template's, byte for byte.
func TestSidebarHTMLIsTheBuiltInTemplates(t *testing.T) {
	ts, l := LoadTemplates(templates.FS, "")
	if l.Errors() > 0 {
		t.Fatal(l)
	}
	if !ts.builtinSidebar {
		t.Fatal("the built-in templates are not recognised as built-in")
	}
	navs := [][]*NavItem{
		nil,
		{{URL: "./", Title: "Home"}},
		{
			{URL: "../a/", Title: `A & "B" <c> +1`, Open: true, Children: []*NavItem{
				{URL: "../a/x%20y/", Title: "x y", Current: true},
				{URL: "../a/%E5%B1%95/", Title: "展台", Open: true, Children: []*NavItem{{URL: "../a/b/c/", Title: "deep"}}},
			}},
			{URL: "javascript:alert(1)", Title: "bad"},
			{URL: "../b/?q=1&r=2#h", Title: "it's"},
		},
	}
	for i, nav := range navs {
		var want bytes.Buffer
		if err := ts.kinds["page"].ExecuteTemplate(&want, "sidebar", &Common{Nav: nav}); err != nil {
			t.Fatal(err)
		}
		if got := sidebarHTML(nav); got != want.String() {
			t.Errorf("nav %d:\n got %s\nwant %s", i, got, want.String())
		}
	}
}

// A site's own "navlist" or "sidebar", even one that only looks the same,
// turns the Go sidebar off.
func TestOwnSidebarTemplatesAreNotBuiltIn(t *testing.T) {
	src, err := fs.ReadFile(templates.FS, "partials.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ old, new string }{
		{`<summary>Pages</summary>`, `<summary>Pages</summary>{{- ""}}`},
		{`{{.Title}}</a>`, `{{.Title}}!</a>`},
	} {
		dir := t.TempDir()
		own := strings.Replace(string(src), c.old, c.new, 1)
		if own == string(src) {
			t.Fatalf("%q is not in partials.html", c.old)
		}
		if err := os.WriteFile(filepath.Join(dir, "partials.html"), []byte(own), 0o644); err != nil {
			t.Fatal(err)
		}
		ts, l := LoadTemplates(templates.FS, dir)
		if l.Errors() > 0 {
			t.Fatal(l)
		}
		if ts.builtinSidebar {
			t.Errorf("partials.html with %q taken for the built-in one", c.new)
		}
	}
}
