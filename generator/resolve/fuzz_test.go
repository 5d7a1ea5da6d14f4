package resolve

import (
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzAliasURL: an alias that is accepted is a clean site path whose
// output file stays inside the output folder. (An alias over one of the
// generator's own paths is Generated's error.) Issue #7.
func FuzzAliasURL(f *testing.F) {
	for _, s := range []string{"/old/booth/", "old", "/a/../../b", "%2e%2e/x", "..%2f..%2fx", "/.git/config", "//evil/", "/CON/",
		"/tags/x/", "/a%00b/", "/a\\b/", "/caf%C3%A9/", "/index.html", "/%252e%252e/", "/a/./b/", "/ /", "/a./"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, a string) {
		u, ok := aliasURL(a)
		if !ok {
			return
		}
		if !strings.HasPrefix(u, "/") || !strings.HasSuffix(u, "/") || u == "/" || path.Clean(u)+"/" != u {
			t.Fatalf("aliasURL(%q) = %q: not a clean site path", a, u)
		}
		for _, seg := range strings.Split(strings.Trim(u, "/"), "/") {
			if seg == "" || seg == "." || seg == ".." || strings.HasPrefix(seg, ".") || strings.ContainsAny(seg, "\\\x00") ||
				reservedName(seg) {
				t.Fatalf("aliasURL(%q) = %q: segment %q", a, u, seg)
			}
		}
		out := filepath.Join("/srv/public", filepath.FromSlash(strings.TrimPrefix(u, "/")), "index.html")
		if rel, err := filepath.Rel("/srv/public", out); err != nil || strings.HasPrefix(rel, "..") {
			t.Fatalf("aliasURL(%q) = %q writes %s", a, u, out)
		}
	})
}
