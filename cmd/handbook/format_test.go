package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator/diag"
)

// problemTree has two errors and two warnings in a page, a person card
// with a warning, and a card whose
// file name (with ',', ':' and '%', which GitHub's format must escape) is
// not an id: an error with a file but no line.
const problemTree = `
-- content/site.yaml --
title: Problems
-- content/index.md --
---
title: Home
owner: ann
---

See [gone](gone.md#x) and [[team:nope]].

Some <b>bold</b> text.
-- content/people/ann.yaml --
name: Ann
-- content/teams/Bad,Name:1%.yaml --
name: Bad
summary: A team whose file name is not an id.
`

// wantGitHub is what --format github prints for problemTree.
var wantGitHub = []string{
	`::error file=content/index.md,line=6,col=5::page "gone.md#x" does not exist; check the path: relative links start from the folder of the file that has them`,
	`::error file=content/index.md,line=6,col=27::team "nope" does not exist; add content/teams/nope.yaml or fix the id`,
	`::warning file=content/index.md,line=8,col=6::raw HTML is shown as text; use markdown instead, write \< to show a literal <, or set raw_html: sanitize in site.yaml`,
	`::warning file=content/index.md,line=8,col=13::raw HTML is shown as text; use markdown instead, write \< to show a literal <, or set raw_html: sanitize in site.yaml`,
	`::warning file=content/people/ann.yaml,line=1,col=1::"ann" holds no role; add roles: [<role-id>] to the card, or list the person in a role's people`,
	`::error file=content/teams/Bad%2CName%3A1%25.yaml::card file name "Bad,Name:1%25.yaml" is not an id: use lower case letters, digits and '-'; rename it to bad-name-1.yaml`,
}

func problemDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeTree(t, dir, problemTree)
	return dir
}

func TestFormatGitHubPrintsOneAnnotationPerProblem(t *testing.T) {
	t.Parallel()
	dir := problemDir(t)
	stdout, stderr, code := runCLI(t, dir, "check", "--format", "github")
	if code != exitContent {
		t.Errorf("exit %d, want %d", code, exitContent)
	}
	if want := strings.Join(wantGitHub, "\n") + "\n"; stdout != want {
		t.Errorf("github lines:\n%s\nwant:\n%s", stdout, want)
	}
	// Only the summary goes to stderr.
	if !regexp.MustCompile(`^checked 1 page, 1 card, 3 errors, 3 warnings in \d+ ms\n$`).MatchString(stderr) {
		t.Errorf("stderr: %q", stderr)
	}
}

// parsed is one diagnostic read back from any format, to compare them.
type parsed struct {
	file      string
	line, col int
	severity  string
	text      string // message; fix
}

var textLineRE = regexp.MustCompile(`^(.+?)(?::(\d+)(?::(\d+))?)?: (warning: )?(.*)$`)

func parseText(t *testing.T, stderr string) []parsed {
	t.Helper()
	var out []parsed
	for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if strings.HasPrefix(l, "checked ") || strings.HasPrefix(l, "build failed: ") || strings.HasPrefix(l, "built ") {
			continue
		}
		m := textLineRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not a diagnostic line: %q", l)
		}
		p := parsed{file: m[1], severity: "error", text: m[5]}
		p.line, _ = strconv.Atoi(m[2])
		p.col, _ = strconv.Atoi(m[3])
		if m[4] != "" {
			p.severity = "warning"
		}
		out = append(out, p)
	}
	return out
}

var githubLineRE = regexp.MustCompile(`^::(error|warning)(?: ([^:]*))?::(.*)$`)

func unescapeGitHub(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

func parseGitHub(t *testing.T, stdout string) []parsed {
	t.Helper()
	var out []parsed
	for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		m := githubLineRE.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("not a workflow command: %q", l)
		}
		p := parsed{severity: m[1], text: unescapeGitHub(m[3])}
		for _, prop := range strings.Split(m[2], ",") {
			k, v, _ := strings.Cut(prop, "=")
			switch k {
			case "file":
				p.file = unescapeGitHub(v)
			case "line":
				p.line, _ = strconv.Atoi(v)
			case "col":
				p.col, _ = strconv.Atoi(v)
			default:
				t.Errorf("unexpected property %q in %q", k, l)
			}
		}
		out = append(out, p)
	}
	return out
}

// jsonKeys are the keys the documented shape has, at each level.
var (
	jsonTopKeys  = []string{"diagnostics", "schema_version"}
	jsonDiagKeys = []string{"column", "file", "fix", "line", "message", "severity"}
)

// checkJSONShape validates a --format json document against the shape
// documented in content-format.md, field by field and type by type, and
// returns its diagnostics.
func checkJSONShape(t *testing.T, doc []byte) []parsed {
	t.Helper()
	var top map[string]any
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	if dec.More() {
		t.Errorf("more than one JSON value on stdout")
	}
	if got := sortedKeys(top); !slices.Equal(got, jsonTopKeys) {
		t.Errorf("top-level keys %v, want %v", got, jsonTopKeys)
	}
	if v, ok := top["schema_version"].(json.Number); !ok || v.String() != "1" {
		t.Errorf("schema_version = %#v, want 1", top["schema_version"])
	}
	list, ok := top["diagnostics"].([]any)
	if !ok {
		t.Fatalf("diagnostics is %T, want an array", top["diagnostics"])
	}
	var out []parsed
	for i, x := range list {
		d, ok := x.(map[string]any)
		if !ok {
			t.Fatalf("diagnostics[%d] is %T, want an object", i, x)
		}
		if got := sortedKeys(d); !slices.Equal(got, jsonDiagKeys) {
			t.Errorf("diagnostics[%d] keys %v, want %v", i, got, jsonDiagKeys)
		}
		str := func(k string) string {
			s, ok := d[k].(string)
			if !ok {
				t.Errorf("diagnostics[%d].%s is %T, want a string", i, k, d[k])
			}
			return s
		}
		num := func(k string) int {
			n, ok := d[k].(json.Number)
			v, err := strconv.Atoi(n.String())
			if !ok || err != nil || v < 0 {
				t.Errorf("diagnostics[%d].%s = %#v, want a whole number ≥ 0", i, k, d[k])
			}
			return v
		}
		p := parsed{file: str("file"), line: num("line"), col: num("column"), severity: str("severity"), text: str("message")}
		if p.severity != "error" && p.severity != "warning" {
			t.Errorf("diagnostics[%d].severity = %q", i, p.severity)
		}
		if p.line == 0 && p.col != 0 {
			t.Errorf("diagnostics[%d] has a column but no line", i)
		}
		if fix := str("fix"); fix != "" {
			p.text += "; " + fix
		}
		out = append(out, p)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	slices.Sort(k)
	return k
}

func TestEveryFormatGivesTheSameDiagnosticsInTheSameOrderAndExitCode(t *testing.T) {
	t.Parallel()
	dir := problemDir(t)
	for _, cmd := range []string{"check", "build"} {
		t.Run(cmd, func(t *testing.T) {
			_, textErr, textCode := runCLI(t, dir, cmd)
			jsonOut, _, jsonCode := runCLI(t, dir, cmd, "--format=json")
			ghOut, _, ghCode := runCLI(t, dir, cmd, "--format", "github")
			if textCode != exitContent || jsonCode != textCode || ghCode != textCode {
				t.Errorf("exit codes text %d, json %d, github %d; want all %d", textCode, jsonCode, ghCode, exitContent)
			}
			text := parseText(t, textErr)
			js := checkJSONShape(t, []byte(jsonOut))
			gh := parseGitHub(t, ghOut)
			if len(text) != len(wantGitHub) {
				t.Fatalf("text format has %d diagnostics, want %d:\n%s", len(text), len(wantGitHub), textErr)
			}
			if !slices.Equal(text, js) {
				t.Errorf("text and json differ:\n%v\n%v", text, js)
			}
			if !slices.Equal(text, gh) {
				t.Errorf("text and github differ:\n%v\n%v", text, gh)
			}
			if want := strings.Join(wantGitHub, "\n") + "\n"; ghOut != want {
				t.Errorf("%s --format github:\n%s\nwant:\n%s", cmd, ghOut, want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("a failed build wrote public/")
	}
}

func TestFormatJSONOfACleanTreeHasAnEmptyList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, dir, "init", "--quiet", "."); code != exitOK {
		t.Fatalf("init: %s", stderr)
	}
	stdout, stderr, code := runCLI(t, dir, "check", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if got := checkJSONShape(t, []byte(stdout)); len(got) != 0 {
		t.Errorf("diagnostics: %v", got)
	}
	if !strings.Contains(stdout, `"diagnostics": []`) {
		t.Errorf("an empty list should be [], not null:\n%s", stdout)
	}
}

func TestFormatJSONWithStrictReportsWarningsAsErrors(t *testing.T) {
	t.Parallel()
	dir := problemDir(t)
	stdout, _, code := runCLI(t, dir, "check", "--strict", "--format", "json")
	if code != exitContent {
		t.Errorf("exit %d", code)
	}
	for _, d := range checkJSONShape(t, []byte(stdout)) {
		if d.severity != "error" {
			t.Errorf("with --strict, %v should be an error", d)
		}
	}
}

// TestFormatDocumentedJSONExampleHasTheRealShape ties the example in the
// writers' documentation to the code: same keys, same types.
func TestFormatDocumentedJSONExampleHasTheRealShape(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile(filepath.Join("..", "..", "content", "writing", "content-format.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "## Diagnostics for tools")
	if !ok {
		t.Fatal(`content-format.md has no "Diagnostics for tools" section`)
	}
	m := regexp.MustCompile("(?s)```json\n(.*?)```").FindStringSubmatch(section)
	if m == nil {
		t.Fatal("the section has no json example")
	}
	example := strings.ReplaceAll(m[1], "\n  ", "\n") // the block is indented in a list item
	if got := checkJSONShape(t, []byte(example)); len(got) == 0 {
		t.Error("the example has no diagnostic")
	}
	for _, field := range jsonDiagKeys {
		if !strings.Contains(section, "| `"+field+"` |") {
			t.Errorf("the table does not describe %q", field)
		}
	}
	if !strings.Contains(section, fmt.Sprintf("`%d`", jsonSchemaVersion)) {
		t.Errorf("the section does not give schema version %d", jsonSchemaVersion)
	}
}

func TestFormatTextShowsFiftyAndCountsTheRestWhileMachineFormatsShowAll(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("-- content/index.md --\n---\ntitle: Home\nowner: ann\n---\n\n")
	for i := range 60 {
		fmt.Fprintf(&b, "[x](missing-%02d.md)\n\n", i)
	}
	b.WriteString("-- content/people/ann.yaml --\nname: Ann\n")
	writeTree(t, dir, b.String())
	js, _, _ := runCLI(t, dir, "check", "--format", "json")
	all := checkJSONShape(t, []byte(js))
	errors := 0
	for _, d := range all {
		if d.severity == "error" {
			errors++
		}
	}
	if errors != 60 {
		t.Errorf("json shows %d errors, want 60", errors)
	}
	gh, _, _ := runCLI(t, dir, "check", "--format", "github")
	if n := strings.Count(gh, "\n"); n != len(all) {
		t.Errorf("github shows %d, json %d", n, len(all))
	}
	_, stderr, _ := runCLI(t, dir, "check")
	shown := parseText(t, strings.Replace(stderr, fmt.Sprintf("and %d more\n", len(all)-maxDiags), "", 1))
	if len(shown) != maxDiags || !slices.Equal(shown, all[:maxDiags]) {
		t.Errorf("text should show the first %d of the %d and count the rest:\n%s", maxDiags, len(all), stderr)
	}
}

func TestFormatUnknownIsAUsageError(t *testing.T) {
	t.Parallel()
	_, stderr, code := runCLI(t, t.TempDir(), "check", "--format", "xml")
	if code != exitUsage || !strings.Contains(stderr, `invalid value "xml" for flag -format: use text, json or github`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestGitHubLineEscapesAndOmitsWhatIsUnknown(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		d    diag.Diagnostic
		want string
	}{
		{diag.Diagnostic{Pos: diag.Position{File: "content/a.md", Line: 3, Col: 5}, Message: "m"}, "::error file=content/a.md,line=3,col=5::m"},
		{diag.Diagnostic{Pos: diag.Position{File: "content/a.md", Line: 3}, Severity: diag.Warning, Message: "m", Fix: "f"}, "::warning file=content/a.md,line=3::m; f"},
		{diag.Diagnostic{Pos: diag.Position{File: "content/a.md"}, Message: "m"}, "::error file=content/a.md::m"},
		{diag.Diagnostic{Message: "m"}, "::error::m"},
		{diag.Diagnostic{Pos: diag.Position{File: "c/a,b:c%d\r\n.md", Line: 1, Col: 1}, Message: "100% bad:\r\nyes, really"},
			"::error file=c/a%2Cb%3Ac%25d%0D%0A.md,line=1,col=1::100%25 bad:%0D%0Ayes, really"},
	} {
		if got := githubLine(c.d); got != c.want {
			t.Errorf("githubLine(%+v)\n got %s\nwant %s", c.d, got, c.want)
		}
	}
}
