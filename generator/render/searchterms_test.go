package render

import (
	"os"
	"strings"
	"testing"
)

// searchTermCases reads testdata/search-terms.txt, the cases the browser
// tests also run against search.js.
func searchTermCases(t *testing.T) [][2]string {
	t.Helper()
	data, err := os.ReadFile("testdata/search-terms.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		in, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("no tab in %q", line)
		}
		out = append(out, [2]string{in, want})
	}
	return out
}

func TestSearchTermsFollowTheSharedCases(t *testing.T) {
	var tz tokenizer
	for _, c := range searchTermCases(t) {
		var got []string
		tz.terms(c[0], func(term []byte) { got = append(got, string(term)) })
		if strings.Join(got, " ") != c[1] {
			t.Errorf("terms(%q) = %q, want %q", c[0], strings.Join(got, " "), c[1])
		}
	}
}

func TestFoldTableHasOneTargetPerLetter(t *testing.T) {
	from, to := []rune(foldFrom), []rune(foldTo)
	if len(from) != len(to) {
		t.Fatalf("fold table: %d letters map to %d", len(from), len(to))
	}
	seen := map[rune]bool{}
	for i, r := range from {
		if seen[r] {
			t.Errorf("%q is in the fold table twice", r)
		}
		seen[r] = true
		// The browser folds text in UTF-16 units, one for one.
		if r > 0xFFFF || to[i] > 0xFFFF {
			t.Errorf("%q → %q is outside the Basic Multilingual Plane", r, to[i])
		}
	}
}
