package markdown

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
)

// TestPathologicalMarkdownIsRefusedQuickly gives each input that makes
// goldmark's work grow faster than the input, at the page size limit
// (4 MiB), and checks the exact problem and that it is found at once.
// Issue #7.
func TestPathologicalMarkdownIsRefusedQuickly(t *testing.T) {
	const size = 4 << 20
	rep := func(s string) string { return strings.Repeat(s, size/len(s)) }
	nestedList := func() string {
		var b strings.Builder
		for i := 0; b.Len() < size; i++ {
			b.WriteString(strings.Repeat("  ", i%150) + "- x\n")
		}
		return b.String()
	}
	c := New(Options{})
	for _, tc := range []struct{ name, src, want string }{
		{"a long run of [a](b", rep("[a](b"), "1:1: text has more than 20000 links or '[' (the limit); split it into smaller pages"},
		{"a paragraph of unclosed links", strings.Repeat("[a](b", 2001), "1:1: paragraph has 2001 links or '[' (the limit is 2000); split it into smaller paragraphs or a list"},
		{"many [[ on a line", rep("[[a"), "1:1: text has more than 20000 links or '[' (the limit); split it into smaller pages"},
		{"deep quote nesting", strings.Repeat(">", size), "1:1: block quotes and lists nest 4194304 deep on this line (the limit is 100); flatten the structure"},
		{"deeply nested lists", nestedList(), "101:1: block quotes and lists nest 101 deep on this line (the limit is 100); flatten the structure"},
		{"thousands of table columns", strings.Repeat("|a", 5000) + "|\n" + strings.Repeat("|-", 5000) + "|\n" + strings.Repeat("|b", 5000) + "|\n", "2:1: table has 5000 columns (the limit is 100); split it into narrower tables, or use a list"},
		{"a narrow table of millions of rows", "|a|b|\n|-|-|\n" + rep("x\n"), "1:1: table has more than 200000 cells (the limit); split it into smaller tables"},
		{"emphasis marks that never match", rep("*a **b"), "1:1: text has more than 100000 emphasis marks (*, _ or ~; the limit); split it into smaller pages"},
		{"a paragraph of emphasis marks", strings.Repeat("*a **b", 3334), "1:1: paragraph has 10002 emphasis marks (*, _ or ~; the limit is 10000); split it into smaller paragraphs, or put code in a code block"},
		{"a million headings", rep("# a\n"), "10001:1: text has more than 10000 headings (the limit); split it into smaller pages"},
		{"setext headings", rep("a\n=\n"), "20002:1: text has more than 10000 headings (the limit); split it into smaller pages"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			d := c.Convert([]byte(tc.src))
			if el := time.Since(start); el > 2*time.Second {
				t.Errorf("took %v", el)
			}
			var got []string
			for _, p := range d.Problems {
				got = append(got, fmt.Sprintf("%d:%d: %s; %s", p.Line, p.Col, p.Message, p.Fix))
			}
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("problems %q, want %q", got, tc.want)
			}
			if len(d.HTML) != 0 {
				t.Errorf("refused text still converted: %d bytes", len(d.HTML))
			}
		})
	}
}

// TestRealMarkdownIsWithinTheLimits converts what real pages have at the
// edges of the limits: it must convert without a problem.
func TestRealMarkdownIsWithinTheLimits(t *testing.T) {
	var list strings.Builder
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&list, "- [tool %d](https://tools.example/%d) for *this* and _that_\n", i, i)
	}
	var table strings.Builder
	table.WriteString("| name | link |\n| --- | --- |\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&table, "| t%d | [x](https://x.example/%d) |\n", i, i)
	}
	// This test is about the shape limits: a slow machine (or -race, which
	// makes chroma's regexps several times slower) must not trip the time
	// budget, which has its own test.
	old := convertBudget.Load()
	convertBudget.Store(int64(10 * time.Minute))
	defer convertBudget.Store(old)
	c := New(Options{})
	for name, src := range map[string]string{
		"a list of 3000 links":          list.String(),
		"a table of 3000 links":         table.String(),
		"code with brackets in a fence": "```json\n" + strings.Repeat("[[[1]]], ", 5000) + "\n```\n",
		"a thematic break of stars":     "* * * * * * * *\n",
		"nested lists ten deep":         "- a\n  - b\n    - c\n      - d\n        - e\n          - f\n            - g\n              - h\n                - i\n                  - j\n",
		"100 columns":                   strings.Repeat("|a", 100) + "|\n" + strings.Repeat("|-", 100) + "|\n",
	} {
		d := c.Convert([]byte(src))
		if len(d.Problems) != 0 || len(d.HTML) == 0 {
			t.Errorf("%s: problems %+v", name, d.Problems)
		}
	}
}

func TestSlowConversionIsReportedAsAnError(t *testing.T) {
	old := convertBudget.Load()
	convertBudget.Store(1)
	defer convertBudget.Store(old)
	d := New(Options{}).Convert([]byte("# Title\n\nAny text takes longer than a nanosecond.\n"))
	want := Problem{Line: 1, Col: 1,
		Message: "converting this text took longer than 1ns (the limit)",
		Fix:     "split it into smaller pages, or simplify what is unusual in it (very many links, deep nesting, huge tables)"}
	if len(d.Problems) != 1 || d.Problems[0] != want {
		t.Errorf("problems %+v, want %+v", d.Problems, want)
	}
}

// TestManySameHeadingsGetIDsInLinearTime: the ids of n headings with the
// same text took n²/2 steps. It counts the ids tried (not the time, which
// a loaded machine stretches) and checks the ids of a whole page.
func TestManySameHeadingsGetIDsInLinearTime(t *testing.T) {
	const n = 10000
	h := newHeadingIDs()
	for range n {
		h.Generate([]byte("Example"), ast.KindHeading)
	}
	if h.tries > 2*n {
		t.Errorf("%d same headings tried %d ids; want at most %d", n, h.tries, 2*n)
	}
	d := New(Options{}).Convert([]byte(strings.Repeat("## Example\n", n)))
	if len(d.Headings) != n || d.Headings[0].ID != "example" || d.Headings[n-1].ID != "example-9999" {
		t.Errorf("ids: %d headings, first %+v", len(d.Headings), d.Headings[0])
	}
}
