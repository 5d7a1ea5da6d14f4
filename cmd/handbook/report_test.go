package main

import (
	"bytes"
	"strings"
	"testing"
)

// reportTree has stale cards and pages of two owners, and a page nobody owns.
const reportTree = `
-- content/site.yaml --
review_after_days: 100
-- content/index.md --
---
owner: zoe
last_reviewed: 2026-11-01
---
[a](a.md) [b](b.md) [c](c.md)
-- content/a.md --
---
title: Page A
owner: zoe
last_reviewed: 2026-06-01
---
-- content/b.md --
---
title: Page B
last_reviewed: 2026-05-01
---
-- content/c.md --
---
title: Page C
owner: adam
last_reviewed: 2026-03-01
---
-- content/teams/t.yaml --
name: Team
summary: A team.
lead: zoe
-- content/roles/r.yaml --
title: Role
team: t
summary: A role.
people: [zoe, adam]
owner: zoe
last_reviewed: 2026-01-15
-- content/people/zoe.yaml --
name: Zoë Ng
-- content/people/adam.yaml --
name: Adam Ito
`

func TestReportStaleIsATablePerOwnerOldestFirst(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, reportTree)
	var raw, errs bytes.Buffer
	code := runCLIWith(t, dir, &raw, &errs, "report", "stale", "--today", "2026-11-26")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	stdout := relOutput(dir, raw.String())
	want := `5 cards and pages need review as of 2026-11-26, by owner, oldest first.

Adam Ito (adam)
  AGE       LAST REVIEWED  KIND  FILE          PROBLEM
  270 days  2026-03-01     page  content/c.md  not reviewed for 270 days

Zoë Ng (zoe)
  AGE       LAST REVIEWED  KIND  FILE                PROBLEM
  315 days  2026-01-15     role  content/roles/r.yaml  not reviewed for 315 days
  178 days  2026-06-01     page  content/a.md        not reviewed for 178 days

Nobody owns these
  AGE       LAST REVIEWED  KIND  FILE          PROBLEM
  209 days  2026-05-01     page  content/b.md  no owner
  209 days  2026-05-01     page  content/b.md  not reviewed for 209 days
`
	// runCLI gives the content folder as an absolute path, which widens
	// the FILE column; compare the words, then check the alignment.
	if squeeze(stdout) != squeeze(want) {
		t.Errorf("got:\n%s\nwant:\n%s", stdout, want)
	}
	aligned(t, raw.String())
}

func squeeze(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

// aligned checks that in each table every column starts where its
// heading does.
func aligned(t *testing.T, out string) {
	t.Helper()
	var cols []int
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "  AGE") {
			cols = nil
			for _, h := range []string{"LAST REVIEWED", "KIND", "FILE", "PROBLEM"} {
				cols = append(cols, strings.Index(l, h))
			}
			continue
		}
		if !strings.HasPrefix(l, "  ") || cols == nil {
			cols = nil
			continue
		}
		for _, c := range cols {
			if c < 2 || c >= len(l) || l[c-1] != ' ' || l[c] == ' ' {
				t.Errorf("column at %d is not aligned in %q", c, l)
			}
		}
	}
}

func TestReportStaleMeasuresFromSourceDateEpochWithoutToday(t *testing.T) {
	// Not parallel: it sets the environment.
	dir := t.TempDir()
	writeTree(t, dir, reportTree)
	t.Setenv("SOURCE_DATE_EPOCH", "1782864000") // 2026-07-01 00:00 UTC
	stdout, _, code := runCLI(t, dir, "report", "stale")
	if code != 0 || !strings.HasPrefix(stdout, "3 cards and pages need review as of 2026-07-01") {
		t.Errorf("exit %d, output:\n%s", code, stdout)
	}
	// The flag wins over the variable.
	stdout, _, _ = runCLI(t, dir, "report", "--today", "2026-04-01", "stale")
	if !strings.HasPrefix(stdout, "1 card or page needs review as of 2026-04-01") {
		t.Errorf("with --today:\n%s", stdout)
	}
}

func TestReportStaleFiltersByOwnerAndFailsOnlyWithStrict(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, reportTree)
	stdout, _, code := runCLI(t, dir, "report", "stale", "--today", "2026-11-26", "--owner", "none")
	if code != 0 || !strings.HasPrefix(stdout, "2 cards and pages need review") || strings.Contains(stdout, "Zoë") {
		t.Errorf("--owner none: exit %d\n%s", code, stdout)
	}
	stdout, _, _ = runCLI(t, dir, "report", "stale", "--today", "2026-11-26", "--owner", "adam")
	if !strings.HasPrefix(stdout, "1 card or page needs review") || !strings.Contains(stdout, "content/c.md") {
		t.Errorf("--owner adam:\n%s", stdout)
	}
	if _, _, code := runCLI(t, dir, "report", "stale", "--today", "2026-11-26", "--strict"); code != exitContent {
		t.Errorf("--strict with items to review: exit %d, want %d", code, exitContent)
	}
	stdout, _, code = runCLI(t, dir, "report", "stale", "--today", "2026-01-01", "--strict", "--owner", "zoe")
	if code != 0 || stdout != "Nothing needs review as of 2026-01-01.\n" {
		t.Errorf("nothing to review: exit %d\n%s", code, stdout)
	}
}

func TestReportAndTodayRejectWhatTheyDoNotKnow(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, reportTree)
	for _, args := range [][]string{
		{"report"},
		{"report", "fresh"},
		{"report", "stale", "extra"},
		{"report", "stale", "--today", "26/11/2026"},
		{"check", "--today", "2026-02-30"},
	} {
		_, stderr, code := runCLI(t, dir, args...)
		if code != exitUsage || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
}

func TestReportStaleOnBrokenContentPrintsTheErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, reportTree+"-- content/roles/x.yaml --\ntitle: X\nteam: nope\nsummary: X.\n")
	stdout, stderr, code := runCLI(t, dir, "report", "stale", "--today", "2026-11-26")
	if code != exitContent || stdout != "" || !strings.Contains(stderr, `content/roles/x.yaml:2:7: team "nope" does not exist`) {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

func TestCheckWarnsAboutHealthAndStrictMakesItFail(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, reportTree)
	_, stderr, code := runCLI(t, dir, "check", "--today", "2026-11-26")
	if code != 0 {
		t.Fatalf("check: exit %d\n%s", code, stderr)
	}
	for _, w := range []string{
		"content/b.md:1:1: warning: page has no owner; add owner: <person-id> to the front matter, the person who keeps it true",
		"content/roles/r.yaml:6:16: warning: role card last reviewed 315 days ago, more than review_after_days (100); Zoë Ng (zoe) should check it with the people it describes, then set last_reviewed: 2026-11-26",
		"checked 4 pages, 4 cards, 5 warnings",
	} {
		if !strings.Contains(stderr, w) {
			t.Errorf("check output lacks %q:\n%s", w, stderr)
		}
	}
	_, stderr, code = runCLI(t, dir, "check", "--today", "2026-11-26", "--strict")
	if code != exitContent || !strings.Contains(stderr, "content/b.md:1:1: page has no owner") {
		t.Errorf("check --strict: exit %d\n%s", code, stderr)
	}
}
