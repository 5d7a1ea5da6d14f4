package diag

import "testing"

func TestAtCountsLinesFromTheBaseAndColumnsInCharacters(t *testing.T) {
	src := []byte("ab\nÜber [x]\n\nend")
	for _, c := range []struct {
		off, base, line, col int
	}{
		{0, 1, 1, 1},
		{2, 1, 1, 3},
		{3, 1, 2, 1},
		{9, 1, 2, 6}, // "Über " is 5 characters but 6 bytes
		{13, 5, 7, 1},
		{999, 1, 4, 4}, // clamped to the end
	} {
		p := At("f.md", src, c.off, c.base)
		if p.Line != c.line || p.Col != c.col {
			t.Errorf("At(%d, base %d) = %d:%d, want %d:%d", c.off, c.base, p.Line, p.Col, c.line, c.col)
		}
	}
}

func TestClosestSuggestsLikelyTyposOnly(t *testing.T) {
	cands := []string{"sales", "marketing", "account-executive", "ae", "devrel"}
	for _, c := range []struct{ in, want string }{
		{"sals", "sales"},
		{"markting", "marketing"},
		{"ea", "ae"}, // swapped letters
		{"acount-executive", "account-executive"},
		{"engineering", ""}, // nothing close
		{"dev", "devrel"},   // unique prefix
		{"x", ""},
	} {
		if got := Closest(c.in, cands); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestListSortsAndCounts(t *testing.T) {
	var l List
	l.Warnf(Position{File: "b.md", Line: 2, Col: 1}, "", "w")
	l.Errorf(Position{File: "a.md", Line: 9, Col: 1}, "fix it", "e")
	l.Errorf(Position{File: "a.md", Line: 1, Col: 5}, "", "e2")
	l.Errorf(Position{File: "a.md", Line: 1, Col: 5}, "", "e2")
	l = l.Sort()
	want := []string{"a.md:1:5: e2", "a.md:9:1: e; fix it", "b.md:2:1: warning: w"}
	if len(l) != len(want) {
		t.Fatalf("got %d diagnostics, want %d (duplicates removed)", len(l), len(want))
	}
	for i, w := range want {
		if l[i].String() != w {
			t.Errorf("%d: %q, want %q", i, l[i].String(), w)
		}
	}
	if l.Errors() != 2 || l.Warnings() != 1 || l.Strict().Errors() != 3 {
		t.Errorf("counts: %d errors, %d warnings, strict %d", l.Errors(), l.Warnings(), l.Strict().Errors())
	}
}
