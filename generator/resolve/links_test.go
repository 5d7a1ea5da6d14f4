package resolve

import "testing"

func TestAliasURLsStayInsideTheSite(t *testing.T) {
	for in, want := range map[string]string{
		"/old/booth/":           "/old/booth/",
		"old/booth":             "/old/booth/",
		"/old/booth/index.html": "/old/booth/",
		"/a%20b/":               "/a b/",
		"../escape":             "",
		"/a/../../b":            "",
		"%2e%2e/x":              "",
		"https://evil.example/": "",
		"//evil.example/":       "",
		"/":                     "",
		"/.git/config":          "",
		"javascript:alert(1)":   "",
	} {
		got, ok := aliasURL(in)
		if want == "" && ok {
			t.Errorf("aliasURL(%q) = %q, want refused", in, got)
		}
		if want != "" && got != want {
			t.Errorf("aliasURL(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestRelPathWritesSuggestionsFromTheLinkingFolder(t *testing.T) {
	for _, c := range []struct{ dir, target, want string }{
		{"", "events/booth.md", "events/booth.md"},
		{"events", "events/booth.md", "booth.md"},
		{"events/2026", "events/booth.md", "../booth.md"},
		{"teams", "events/booth.md", "../events/booth.md"},
	} {
		if got := relPath(c.dir, c.target); got != c.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", c.dir, c.target, got, c.want)
		}
	}
}
