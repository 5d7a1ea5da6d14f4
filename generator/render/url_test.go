package render

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

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

// TestEscapePathMatchesByteRule checks escapePath, which returns a path
// with nothing to encode unchanged, against the rule written byte by
// byte: printable ASCII kept except quotes, brackets and the like, a %
// kept only before two hex digits, everything else percent-encoded.
func TestEscapePathMatchesByteRule(t *testing.T) {
	want := func(s string) string {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			c := s[i]
			keep := c < 0x80 && c > ' ' && !strings.ContainsRune(`"'<>\^`+"`{|}%", rune(c)) ||
				c == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2])
			if keep {
				b.WriteByte(c)
			} else {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		}
		return b.String()
	}
	cases := []string{"", "a/b/", "teams/dev-rel/", "a b", "%", "%4", "%41", "x%41", "x%4g/", "é/", "日本/",
		"a\"b", "<x>", "a\x7fb", "a\x00b", "q?x=1&y=2#top", "%zz%20", "~_.-!$()*+,;=:@"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "ab/%4F\"<> é\x00\x7f?#&=`{|}^\\'"
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, b.String())
	}
	for _, s := range cases {
		if got, w := escapePath(s), want(s); got != w {
			t.Fatalf("escapePath(%q) = %q, want %q", s, got, w)
		}
	}
	if s := "teams/dev-rel/"; unsafe.StringData(escapePath(s)) != unsafe.StringData(s) {
		t.Errorf("escapePath copied a path with nothing to encode")
	}
}
