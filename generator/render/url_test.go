package render

import "testing"

func TestRelMakesSiteURLsRelativeToThePage(t *testing.T) {
	for _, c := range []struct{ from, to, want string }{
		{"/", "/", "./"},
		{"/", "/teams/", "./teams/"},
		{"/a/", "/", "../"},
		{"/a/b/", "/teams/x/#lead", "../../teams/x/#lead"},
		{"/a/b/", "#展台", "#%E5%B1%95%E5%8F%B0"},
		{"/a/", "/文档/x y/", "../%E6%96%87%E6%A1%A3/x%20y/"},
		{"/a/", "https://example.com/", "https://example.com/"},
		{"/a/", "/already%20escaped/", "../already%20escaped/"},
		{"/a/", `/q"uote/`, "../q%22uote/"},
	} {
		if got := rel(c.from, c.to); got != c.want {
			t.Errorf("rel(%q, %q) = %q, want %q", c.from, c.to, got, c.want)
		}
	}
}
