package history

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// gitRepo makes a repository in a temporary folder and returns a function
// that commits files (path → text) at a given committer date.
func gitRepo(t *testing.T) (string, func(date string, files map[string]string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is not installed: apt-get install git")
	}
	dir := t.TempDir()
	env := append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com",
		"GIT_COMMITTER_NAME=C", "GIT_COMMITTER_EMAIL=c@example.com")
	run := func(extra []string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(append([]string(nil), env...), extra...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run(nil, "init", "-q", "-b", "main")
	return dir, func(date string, files map[string]string) {
		t.Helper()
		for p, text := range files {
			full := filepath.Join(dir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		run(nil, "add", "-A")
		// Late in the day at UTC+9: the calendar day is the committer's.
		when := "GIT_COMMITTER_DATE=" + date + "T23:30:00+09:00"
		run([]string{when, "GIT_AUTHOR_DATE=2001-01-01T00:00:00Z"}, "commit", "-q", "-m", "change")
	}
}

func TestLastChangedIsTheNewestCommitPerFile(t *testing.T) {
	dir, commit := gitRepo(t)
	commit("2026-03-01", map[string]string{
		"README.md":             "outside the content folder",
		"content/index.md":      "# Home",
		"content/events/a.md":   "a",
		"content/zh/展台速查.md":    "展台",
		"content/people/x.yaml": "name: X",
	})
	commit("2026-04-15", map[string]string{"content/events/a.md": "a, changed"})
	commit("2026-05-20", map[string]string{"README.md": "changed, outside"})
	// Written but never committed: no date, not the file's mtime.
	if err := os.WriteFile(filepath.Join(dir, "content", "draft.md"), []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}

	got := LastChanged(context.Background(), filepath.Join(dir, "content"), nil)
	want := map[string]time.Time{
		"index.md":      day("2026-03-01"),
		"events/a.md":   day("2026-04-15"),
		"zh/展台速查.md":    day("2026-03-01"),
		"people/x.yaml": day("2026-03-01"),
	}
	if len(got) != len(want) {
		t.Errorf("got %d dates %v, want %d", len(got), got, len(want))
	}
	for p, d := range want {
		if !got[p].Equal(d) {
			t.Errorf("%s: last changed %v, want %v", p, got[p], d)
		}
	}
	if _, ok := got["draft.md"]; ok {
		t.Errorf("an uncommitted file has a date: %v", got["draft.md"])
	}
}

func TestLastChangedStopsWhenEveryWantedFileHasADate(t *testing.T) {
	dir, commit := gitRepo(t)
	commit("2026-01-01", map[string]string{"old.md": "old", "b.md": "b"})
	commit("2026-02-01", map[string]string{"a.md": "a"})
	got := LastChanged(context.Background(), dir, []string{"a.md"})
	if !got["a.md"].Equal(day("2026-02-01")) {
		t.Errorf("a.md: %v, want 2026-02-01", got["a.md"])
	}
	if _, ok := got["old.md"]; ok {
		t.Errorf("history older than the wanted files was read: %v", got)
	}
}

func TestLastChangedIsAbsentOutsideGit(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte("# Home"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	if got := LastChanged(context.Background(), dir, nil); got != nil {
		t.Errorf("outside a repository: %v, want nil", got)
	}
}

func TestLastChangedIsAbsentWithoutGit(t *testing.T) {
	dir, commit := gitRepo(t)
	commit("2026-01-01", map[string]string{"a.md": "a"})
	t.Setenv("PATH", t.TempDir())
	if got := LastChanged(context.Background(), dir, nil); got != nil {
		t.Errorf("without git on PATH: %v, want nil", got)
	}
}

func TestParseLogReadsRecordsAndNames(t *testing.T) {
	out := "\x1e2026-11-26\na.md\x00b c.md\x00\x00\x1e2026-10-01\na.md\x00d/é.md\x00"
	got, complete := parseLog(strings.NewReader(out), nil)
	if complete {
		t.Error("complete without wanted paths")
	}
	want := map[string]string{"a.md": "2026-11-26", "b c.md": "2026-11-26", "d/é.md": "2026-10-01"}
	if len(got) != len(want) {
		t.Errorf("got %v", got)
	}
	for p, d := range want {
		if !got[p].Equal(day(d)) {
			t.Errorf("%s: %v, want %s", p, got[p], d)
		}
	}
}
