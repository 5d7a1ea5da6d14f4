package load

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/devrel-handbook/handbook/generator/site"
)

// loadFiles loads an in-memory content folder and returns the site and the
// diagnostics as text. Issue #7.
func loadFiles(t *testing.T, files map[string]string) (*site.Site, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	s, l := Site(fsys, Options{Prefix: "content"})
	var out []string
	for _, d := range l.Sort() {
		out = append(out, d.String())
	}
	return s, out
}

func page(s *site.Site, p string) *site.Page {
	for _, pg := range s.Pages {
		if pg.Path == p {
			return pg
		}
	}
	return nil
}

// TestFrontMatterAndCardsAreStrict gives each case of broken front matter
// or card the issue lists, and checks the exact diagnostics, at file line
// and column (the YAML library counts from the front matter, not the file).
func TestFrontMatterAndCardsAreStrict(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, file, src string
		want            []string // every diagnostic, exactly
	}{
		{"unclosed front matter", "a.md", "---\ntitle: A\n\nBody.\n",
			[]string{"content/a.md:1:1: front matter opened with --- is never closed; add a line with --- where the front matter ends"}},
		{"unclosed TOML front matter", "a.md", "+++\ntitle = 'A'\n",
			[]string{"content/a.md:1:1: front matter opened with +++ is never closed; add a line with +++ where the front matter ends"}},
		{"byte-order mark keeps positions", "a.md", "\ufeff---\ntitle: A\nweight: x\n---\n",
			[]string{`content/a.md:3:9: weight must be a whole number, not "x"; write a whole number`}},
		{"CRLF line ends keep positions", "a.md", "---\r\ntitle: A\r\nweight: x\r\n---\r\n\r\n[[role:nobody\r\n",
			[]string{`content/a.md:3:9: weight must be a whole number, not "x"; write a whole number`}},
		{"lone CR line ends (old Mac files) keep positions", "a.md", "---\rtitle: A\rweight: x\r---\r\rBody.\r",
			[]string{`content/a.md:3:9: weight must be a whole number, not "x"; write a whole number`}},
		{"lone CR in a card", "teams/a.yaml", "name: A\rsummary: S\rweight: x\r",
			[]string{`content/teams/a.yaml:3:1: unknown field "weight" in a team card; known fields: name, summary, mission, lead, channels, works_with, owner, last_reviewed`}},
		{"indented --- inside a block scalar is text", "a.md", "---\ndescription: |\n  one\n  ---\n  two\nweight: z\n---\n",
			[]string{`content/a.md:6:9: weight must be a whole number, not "z"; write a whole number`}},
		{"second document in front matter", "a.md", "---\ntitle: A\n--- # again\ntitle: B\n---\n",
			[]string{`content/a.md:3:1: a second YAML document starts here; a card or front matter holds one YAML document: remove the second "---" and what follows, or merge it`}},
		{"second document in a card", "teams/a.yaml", "name: A\nsummary: S\n---\nname: B\n",
			[]string{`content/teams/a.yaml:3:1: a second YAML document starts here; a card or front matter holds one YAML document: remove the second "---" and what follows, or merge it`}},
		{"typo key in front matter", "a.md", "---\ntitel: A\n---\n",
			[]string{`content/a.md:2:1: unknown field "titel" in front matter; did you mean "title"?`}},
		{"typo key in a card", "teams/a.yaml", "name: A\nsumary: S\n",
			[]string{
				`content/teams/a.yaml:1:1: the team card has no summary; add ` + "`summary: …`",
				`content/teams/a.yaml:2:1: unknown field "sumary" in a team card; did you mean "summary"?`}},
		{"typo key nested in a card", "people/p.yaml", "name: P\ncontact:\n  - {label: x, ulr: \"https://x.example\"}\n",
			[]string{
				`content/people/p.yaml:3:5: contact item has no url; add url: https://… (or mailto:, tel:)`,
				`content/people/p.yaml:3:16: unknown field "ulr" in contact item; did you mean "url"?`}},
		{"duplicate key", "a.md", "---\ntitle: A\ntitle: B\n---\n",
			[]string{`content/a.md:3:1: field "title" is given twice (first at line 2); remove one of them`}},
		{"duplicate key in a card", "teams/a.yaml", "name: A\nsummary: S\nname: B\n",
			[]string{`content/teams/a.yaml:3:1: field "name" is given twice (first at line 1); remove one of them`}},
		{"wrong types", "a.md", "---\ntitle: [a]\nweight: 1.5\ntags: {a: b}\nteams: 3\n---\n",
			[]string{
				`content/a.md:2:8: title must be a text, not a list; write a text after the colon`,
				`content/a.md:3:9: weight must be a whole number, not the number 1.5; write a whole number`,
				`content/a.md:4:7: tags must be a list, not a mapping; write a list: [a, b] or one "- item" per line`,
			}},
		{"draft: yes is not a boolean", "a.md", "---\ndraft: yes\n---\n",
			[]string{`content/a.md:2:8: draft must be true or false, not "yes"; write true or false`}},
		{"draft: on is not a boolean", "a.md", "---\ndraft: on\n---\n",
			[]string{`content/a.md:2:8: draft must be true or false, not "on"; write true or false`}},
		{"impossible date", "a.md", "---\nlast_reviewed: 2026-02-30\n---\n",
			[]string{`content/a.md:2:16: last_reviewed "2026-02-30" is not a date; write a real date as YYYY-MM-DD, like 2026-10-01`}},
		{"month 13", "teams/a.yaml", "name: A\nsummary: S\nlast_reviewed: 2026-13-01\n",
			[]string{`content/teams/a.yaml:3:16: last_reviewed "2026-13-01" is not a date; write a real date as YYYY-MM-DD, like 2026-10-01`}},
		{"date with a time", "a.md", "---\nlast_reviewed: 2026-01-02T10:00:00Z\n---\n",
			[]string{`content/a.md:2:16: last_reviewed "2026-01-02T10:00:00Z" is not a date; write a real date as YYYY-MM-DD, like 2026-10-01`}},
		{"alias at the top", "teams/a.yaml", "name: &n A\nsummary: *n\n",
			[]string{`content/teams/a.yaml:2:10: YAML aliases are not supported; write the value out`}},
		{"alias nested in a list", "people/p.yaml", "name: P\ncontact:\n  - &c {label: x, url: \"https://x.example\"}\n  - *c\n",
			[]string{`content/people/p.yaml:4:5: YAML aliases are not supported; write the value out`}},
		{"alias in front matter", "a.md", "---\ntitle: &t A\ndescription: *t\n---\n",
			[]string{`content/a.md:3:14: YAML aliases are not supported; write the value out`}},
		{"bad YAML syntax is placed in the file", "a.md", "---\ntitle: A\ntags: [a, b\n---\n",
			[]string{`content/a.md:3: invalid YAML: did not find expected ',' or ']'; fix the YAML syntax (indentation, a missing ':' or an unclosed quote are the usual causes)`}},
		{"TOML wrong type", "a.md", "+++\ntitle = 'A'\nweight = 'heavy'\n+++\n",
			[]string{`content/a.md:2:1: weight must be a whole number, not "heavy"; write a whole number`}},
		{"card that is a list", "teams/a.yaml", "- name: A\n",
			[]string{
				"content/teams/a.yaml:1:1: a team card must be a mapping of fields, not a list; write it as `key: value` lines",
				"content/teams/a.yaml:1:1: the team card has no name; add `name: …`",
				"content/teams/a.yaml:1:1: the team card has no summary; add `summary: …`",
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, got := loadFiles(t, map[string]string{c.file: c.src})
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("diagnostics:\n  got:\n    %s\n  want:\n    %s", strings.Join(got, "\n    "), strings.Join(c.want, "\n    "))
			}
		})
	}
}

// TestWhatAWriterExpects covers the cases with no error: the value must be
// what the writer meant.
func TestWhatAWriterExpects(t *testing.T) {
	t.Parallel()
	s, diags := loadFiles(t, map[string]string{
		"bom.md":        "\ufeff---\ntitle: With BOM\n---\nBody.\n",
		"crlf.md":       "---\r\ntitle: With CRLF\r\ndescription: one line\r\n---\r\n\r\n# Heading\r\n",
		"block.md":      "---\ndescription: |\n  one\n  ---\n  two\n---\nBody.\n",
		"dots.md":       "---\ntitle: Dots\n...\nBody after dots.\n",
		"toml.md":       "+++\ntitle = 'From TOML'\ndraft = false\n+++\nBody.\n",
		"empty.md":      "---\n---\nJust a body.\n",
		"teams/no.yaml": "name: no\nsummary: yes\n",   // YAML 1.1 booleans are text in YAML 1.2
		"teams/on.yaml": "name: 'off'\nsummary: On\n", // and quoted, too
	})
	if len(diags) != 0 {
		t.Fatalf("unexpected diagnostics:\n%s", strings.Join(diags, "\n"))
	}
	for p, title := range map[string]string{"bom.md": "With BOM", "crlf.md": "With CRLF", "dots.md": "Dots", "toml.md": "From TOML"} {
		if pg := page(s, p); pg == nil || pg.Title != title {
			t.Errorf("%s: title %+v, want %q", p, pg, title)
		}
	}
	if pg := page(s, "crlf.md"); pg.Description != "one line" || strings.Contains(string(pg.Doc.HTML), "\r") {
		t.Errorf("CRLF page: description %q, HTML %q", pg.Description, pg.Doc.HTML)
	}
	if pg := page(s, "block.md"); pg.Description != "one\n---\ntwo" {
		t.Errorf("block scalar with an indented ---: description %q", pg.Description)
	}
	if pg := page(s, "dots.md"); pg.BodyLine != 4 || !strings.Contains(string(pg.Doc.HTML), "Body after dots.") {
		t.Errorf("front matter ended by ...: body line %d, HTML %s", pg.BodyLine, pg.Doc.HTML)
	}
	names := map[string]string{}
	for _, tm := range s.Teams {
		names[tm.ID] = tm.Name + "/" + tm.Summary
	}
	if names["no"] != "no/yes" || names["on"] != "off/On" {
		t.Errorf("YAML 1.1 words read as: %v", names)
	}
}

// TestYAMLLimits checks each limit on a card's YAML with the exact error,
// and that refusing it is quick.
func TestYAMLLimits(t *testing.T) {
	t.Parallel()
	keys := func(n int) string {
		var b strings.Builder
		b.WriteString("name: A\nsummary: S\nmission: |\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "  line%d: text\n", i)
		}
		return b.String()
	}
	nest := func(n int) string {
		return "name: A\nsummary: S\nworks_with: " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n"
	}
	flowKeys := func(n int) string {
		var b strings.Builder
		b.WriteString("{name: A, summary: S")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, ", k%d: v", i)
		}
		b.WriteString("}\n")
		return b.String()
	}
	tomlKeys := func(n int) string {
		var b strings.Builder
		b.WriteString("+++\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "k%d = 'v'\n", i)
		}
		b.WriteString("+++\n")
		return b.String()
	}
	for _, c := range []struct {
		name, file, src string
		want            []string
	}{
		{"keys at the limit are fine", "teams/a.yaml", keys(MaxYAMLKeys - 3), nil},
		{"a key more", "teams/a.yaml", keys(MaxYAMLKeys - 2),
			[]string{"content/teams/a.yaml:2001:1: more than 2000 keys (this is key 2001; the limit); split the file, or write long texts as a block (|) rather than as keys"}},
		{"tens of thousands of keys", "teams/a.yaml", keys(50000),
			[]string{"content/teams/a.yaml:2001:1: more than 2000 keys (this is key 2001; the limit); split the file, or write long texts as a block (|) rather than as keys"}},
		{"keys on one line", "teams/a.yaml", flowKeys(20000),
			[]string{"content/teams/a.yaml:1:1: more than 2000 keys (this is key 2001; the limit); split the file, or write long texts as a block (|) rather than as keys"}},
		{"keys in front matter count from the file's line 2", "a.md", "---\n" + keys(50000)[len("name: A\nsummary: S\n"):] + "---\n",
			[]string{"content/a.md:2002:1: more than 2000 keys (this is key 2001; the limit); split the file, or write long texts as a block (|) rather than as keys"}},
		{"TOML keys", "a.md", tomlKeys(30000),
			[]string{"content/a.md:2002:1: more than 2000 keys (this is key 2001; the limit); split the file, or write long texts as a block (|) rather than as keys"}},
		{"nesting at the limit is fine", "teams/a.yaml", nest(MaxYAMLDepth - 1),
			[]string{`content/teams/a.yaml:3:14: works_with item must be a text, not a list; write a text after the colon`}},
		{"one level more", "teams/a.yaml", nest(MaxYAMLDepth),
			[]string{"content/teams/a.yaml:3:28: lists and mappings nest more than 16 levels deep (the limit); flatten the structure: no field of a card or front matter nests that deep"}},
		{"a hundred thousand levels", "teams/a.yaml", nest(100000),
			[]string{"content/teams/a.yaml:3: lists and mappings nest more than 16 levels deep (the limit); flatten the structure: no field of a card or front matter nests that deep"}},
		{"TOML nesting", "a.md", "+++\ntags = " + strings.Repeat("[", 1000000) + "\n+++\n",
			[]string{"content/a.md:2:23: lists and mappings nest more than 16 levels deep (the limit); flatten the structure: no field of a card or front matter nests that deep"}},
		{"TOML dotted keys", "a.md", "+++\n" + strings.Repeat("a.", 1000000) + "b = 1\n+++\n",
			[]string{"content/a.md:2:32: lists and mappings nest more than 16 levels deep (the limit); flatten the structure: no field of a card or front matter nests that deep"}},
		{"card larger than the limit", "teams/a.yaml", "name: A\nsummary: S\nmission: |\n" + strings.Repeat("  words words words\n", MaxCardSize/20+1),
			[]string{"content/teams/a.yaml: file is larger than 1 MiB (the limit); split it into smaller files"}},
		{"page larger than the limit", "a.md", strings.Repeat("words words words\n", MaxPageSize/18+1),
			[]string{"content/a.md: file is larger than 4 MiB (the limit); split it into smaller files"}},
		{"site.yaml keys", "site.yaml", keys(50000)[len("name: A\nsummary: S\n"):],
			[]string{"content/site.yaml:2001:1: more than 2000 keys (this is key 2001; the limit); split the file, or write long texts as a block (|) rather than as keys"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			_, got := loadFiles(t, map[string]string{c.file: c.src})
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			var errs []string
			for _, g := range got {
				if !strings.Contains(g, "unknown field") {
					errs = append(errs, g)
				}
			}
			if strings.Join(errs, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("diagnostics:\n  got:\n    %s\n  want:\n    %s", strings.Join(errs, "\n    "), strings.Join(c.want, "\n    "))
			}
		})
	}
}

// vanishingFS lists a file that is gone when it is opened: a file deleted
// between the folder listing and the read.
type vanishingFS struct {
	files fstest.MapFS
	gone  string
}

func (v vanishingFS) Open(name string) (fs.File, error) {
	if name == v.gone {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return v.files.Open(name)
}

func TestAFileThatVanishesAfterListingIsAnErrorNotACrash(t *testing.T) {
	t.Parallel()
	fsys := vanishingFS{files: fstest.MapFS{
		"index.md":     {Data: []byte("# Home\n")},
		"gone.md":      {Data: []byte("# Gone\n")},
		"teams/x.yaml": {Data: []byte("name: X\nsummary: S\n")},
		"logo.png":     {Data: []byte("png")},
	}}
	for _, gone := range []string{"gone.md", "teams/x.yaml", "logo.png"} {
		fsys.gone = gone
		_, l := Site(fsys, Options{Prefix: "content"})
		want := "content/" + gone + ": cannot read: file does not exist; check that it exists and can be read"
		if l.Errors() != 1 || l[0].String() != want {
			t.Errorf("%s vanished: %v, want %q", gone, l, want)
		}
	}
}
