package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// newTree is a handbook with two teams and a person, for 'handbook new'.
const newTree = `
-- content/index.md --
---
owner: ana
last_reviewed: 2026-11-01
---
Home.
-- content/events/index.md --
---
owner: ana
last_reviewed: 2026-11-01
---
Events.
-- content/teams/devrel.yaml --
name: DevRel
summary: Helps developers.
lead: ana
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
lead: ana
-- content/roles/advocate.yaml --
title: Advocate
team: devrel
summary: Helps.
people: [ana]
owner: ana
-- content/roles/ae.yaml --
title: AE
team: sales
summary: Sells.
people: [ana]
owner: ana
-- content/people/ana.yaml --
name: Ana
`

var keyRE = regexp.MustCompile(`(?m)^([a-z_]+):`)

// keys returns the top-level YAML keys written in a card or front matter.
func keys(s string) []string {
	var out []string
	for _, m := range keyRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestNewWritesEachKindWithEveryFieldAndTheResultPassesCheck(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, newTree)
	for _, c := range []struct {
		args   []string
		file   string
		fields string // every field of the kind, in the order of the writers' reference
	}{
		{[]string{"team", "legal", "--lead", "ana"}, "content/teams/legal.yaml",
			"name summary mission lead channels works_with owner last_reviewed"},
		{[]string{"role", "booth-lead", "--team", "devrel", "--owner", "ana"}, "content/roles/booth-lead.yaml",
			"title team summary what_we_do day_to_day ask_me_for not_for metrics expertise situations works_with people owner last_reviewed"},
		{[]string{"person", "jo-bloggs", "--role", "booth-lead"}, "content/people/jo-bloggs.yaml",
			"name pronouns roles pitch expertise ask_me_for contact mentors owner last_reviewed"},
		{[]string{"page", "events/booth-recap", "--owner", "ana"}, "content/events/booth-recap.md",
			"title description weight draft teams owner last_reviewed tags aliases"},
	} {
		args := append([]string{"new", "--today", "2026-11-26"}, c.args...)
		stdout, stderr, code := runCLI(t, dir, args...)
		if code != 0 || strings.TrimSpace(stdout) != c.file {
			t.Fatalf("%v: exit %d, stdout %q, stderr %q", c.args, code, stdout, stderr)
		}
		b, err := os.ReadFile(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if got := strings.Join(keys(s), " "); got != c.fields {
			t.Errorf("%s has fields\n\t%s\nwant\n\t%s", c.file, got, c.fields)
		}
		if !strings.Contains(s, "TODO") || !strings.Contains(s, "last_reviewed: 2026-11-26") {
			t.Errorf("%s should have TODO placeholders and today's review date:\n%s", c.file, s)
		}
		for _, l := range strings.Split(s, "\n") {
			if keyRE.MatchString(l) && !strings.Contains(l, "#") && !strings.HasPrefix(l, "description:") {
				t.Errorf("%s: field without a comment: %q", c.file, l)
			}
		}
	}
	// What was written checks without errors; the warnings are the to-do list.
	_, stderr, code := runCLI(t, dir, "check", "--today", "2026-11-26")
	if code != 0 {
		t.Fatalf("check after new: exit %d\n%s", code, stderr)
	}
	for _, w := range []string{
		`content/teams/legal.yaml:1:1: warning: team "legal" has no roles`,
		`content/events/booth-recap.md:1:1: warning: no page or card links to this page; link it from its section page content/events/index.md`,
	} {
		if !strings.Contains(stderr, w) {
			t.Errorf("check should warn %q:\n%s", w, stderr)
		}
	}
	if strings.Contains(stderr, "booth-lead") {
		t.Errorf("the new role has an owner and a holder, so check should not mention it:\n%s", stderr)
	}
	// And it builds: the new role is in the directory, with its new holder.
	if _, stderr, code := runCLI(t, dir, "build", "--today", "2026-11-26"); code != 0 {
		t.Fatalf("build after new: %s", stderr)
	}
	page := readOut(t, dir, "directory/index.html")
	if !strings.Contains(page, `<a class="role-title" href="../roles/booth-lead/">Booth Lead</a>`) || !strings.Contains(page, "Jo Bloggs") {
		t.Errorf("the directory does not show the new role and person")
	}
}

func TestNewNeverOverwritesAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, newTree)
	before, _ := os.ReadFile(filepath.Join(dir, "content/roles/advocate.yaml"))
	for _, args := range [][]string{
		{"new", "role", "advocate", "--team", "devrel"},
		{"new", "page", "events"},       // events/index.md is published at /events/
		{"new", "page", "events/index"}, // the same file
	} {
		_, stderr, code := runCLI(t, dir, args...)
		if code != exitUsage || !strings.Contains(stderr, "new never overwrites a file") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	after, _ := os.ReadFile(filepath.Join(dir, "content/roles/advocate.yaml"))
	if string(before) != string(after) {
		t.Errorf("the existing card changed")
	}
}

func TestNewRoleNeedsATeam(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, newTree)
	_, stderr, code := runCLI(t, dir, "new", "role", "x")
	if code != exitUsage || !strings.Contains(stderr, "a role needs a team; give it with --team (one of devrel, sales)") {
		t.Errorf("two teams, no --team: exit %d, %q", code, stderr)
	}
	_, stderr, code = runCLI(t, dir, "new", "role", "x", "--team", "devrl")
	if code != exitUsage || !strings.Contains(stderr, `--team: team "devrl" does not exist in`) || !strings.Contains(stderr, `did you mean "devrel"?`) {
		t.Errorf("misspelt team: exit %d, %q", code, stderr)
	}

	one := t.TempDir()
	writeTree(t, one, "-- content/teams/solo.yaml --\nname: Solo\nsummary: Alone.\n")
	stdout, _, code := runCLI(t, one, "new", "role", "x")
	b, _ := os.ReadFile(filepath.Join(one, "content/roles/x.yaml"))
	if code != 0 || strings.TrimSpace(stdout) != "content/roles/x.yaml" || !strings.Contains(string(b), "\nteam: solo ") {
		t.Errorf("the only team should be used: exit %d\n%s", code, b)
	}

	none := t.TempDir()
	os.Mkdir(filepath.Join(none, "content"), 0o755)
	_, stderr, code = runCLI(t, none, "new", "role", "x")
	if code != exitUsage || !strings.Contains(stderr, "handbook new team ID") {
		t.Errorf("no team at all: exit %d, %q", code, stderr)
	}
}

func TestNewRefusesBadIDsUnknownReferencesAndTakenAddresses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, newTree)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"new", "team", "Legal_Team"}, `"Legal_Team" is not a card id`},
		{[]string{"new", "page", "../outside"}, `is not a page path`},
		{[]string{"new", "page", "events/Booth Recap"}, `is not a page path`},
		{[]string{"new", "page", "directory"}, `/directory/ is the address of a page the generator makes`},
		{[]string{"new", "page", "teams/x"}, `/teams/x/ is the address of a page the generator makes or of a card`},
		{[]string{"new", "person", "jo", "--role", "writer"}, `--role: role "writer" does not exist`},
		{[]string{"new", "team", "legal", "--lead", "anna"}, `did you mean "ana"?`},
		{[]string{"new", "widget", "x"}, `unknown kind "widget"`},
		{[]string{"new", "team"}, `want a kind and an id`},
	} {
		_, stderr, code := runCLI(t, dir, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %q", c.args, code, stderr, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "content/teams/legal.yaml")); err == nil {
		t.Errorf("a refused new should write nothing")
	}
	missing := t.TempDir()
	if _, stderr, code := runCLI(t, missing, "new", "team", "x"); code != exitUsage || !strings.Contains(stderr, "no content folder") {
		t.Errorf("without a content folder: exit %d, %q", code, stderr)
	}
}

func TestNewWritesValuesThatNeedQuotingAsYAMLStrings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, newTree)
	if _, stderr, code := runCLI(t, dir, "new", "team", "rnd", "--lead", "ana", "--title", "R&D: research #1"); code != 0 {
		t.Fatal(stderr)
	}
	if _, stderr, code := runCLI(t, dir, "build", "--today", "2026-11-26"); code != 0 {
		t.Fatal(stderr)
	}
	if page := readOut(t, dir, "teams/rnd/index.html"); !strings.Contains(page, "<h1>R&amp;D: research #1</h1>") {
		t.Errorf("the title did not survive:\n%s", page)
	}
}
