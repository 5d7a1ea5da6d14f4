package markdown

import (
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
)

// headingIDs generates heading ids the way GitHub does, but for every script:
// letters and digits of any language are kept (lower-cased), spaces become
// '-', other punctuation is dropped. "## 展台的三类访客" gets the id
// "展台的三类访客"; "## Über uns" gets "über-uns". Duplicates get -1, -2, ….
// A heading with no letters or digits at all gets "section".
type headingIDs struct {
	used  map[string]bool
	next  map[string]int // the suffix to try next for a base: n same headings cost n steps, not n²/2
	tries int            // ids tried in all (TestManySameHeadingsGetIDsInLinearTime counts them)
}

func newHeadingIDs() *headingIDs { return &headingIDs{used: map[string]bool{}, next: map[string]int{}} }

// Slug returns the base id for a heading text, before de-duplication.
func Slug(text string) string {
	out := make([]byte, 0, len(text))
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
			out = utf8.AppendRune(out, unicode.ToLower(r))
		case r == ' ' || r == '-' || r == '_' || r == '\t':
			if r == '_' {
				out = append(out, '_')
			} else {
				out = append(out, '-')
			}
		}
	}
	// Trim leading and trailing dashes left by punctuation at the ends.
	s := string(out)
	for len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	for len(s) > 0 && s[len(s)-1] == '-' {
		s = s[:len(s)-1]
	}
	return s
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	i := max(h.next[base], 1)
	for ; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
		h.tries++
	}
	h.next[base] = i
	h.used[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }
