package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The files 'handbook init' writes (issue 8).
var starterWant = []string{
	".gitignore",
	"content/index.md",
	"content/people/alex-doe.yaml",
	"content/roles/developer-advocate.yaml",
	"content/site.yaml",
	"content/start-here.md",
	"content/teams/devrel.yaml",
	"content/teams/index.md",
}

// listFiles returns the slash paths of the files under dir, sorted.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestInitStartsAHandbookThatChecksWithoutWarningsAndBuilds(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1795651200") // 2026-11-26
	dir := t.TempDir()
	_, stderr, code := runCLI(t, dir, "init", "my-handbook")
	if code != exitOK {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "started a handbook in my-handbook (8 files)") || !strings.Contains(stderr, "cd my-handbook\n") {
		t.Errorf("init should say where the handbook is and how to go on; got:\n%s", stderr)
	}
	hb := filepath.Join(dir, "my-handbook")
	if got := listFiles(t, hb); !slices.Equal(got, starterWant) {
		t.Fatalf("init wrote\n%v\nwant\n%v", got, starterWant)
	}
	for _, f := range starterWant {
		data, _ := os.ReadFile(filepath.Join(hb, f))
		if strings.Contains(string(data), starterToday) {
			t.Errorf("%s still has the %s placeholder", f, starterToday)
		}
	}
	gi, _ := os.ReadFile(filepath.Join(hb, ".gitignore"))
	if !strings.Contains(string(gi), "/public/\n") {
		t.Errorf(".gitignore does not ignore public/:\n%s", gi)
	}
	card, _ := os.ReadFile(filepath.Join(hb, "content/teams/devrel.yaml"))
	if !strings.Contains(string(card), "last_reviewed: 2026-11-26") {
		t.Errorf("last_reviewed should be the day of the init (SOURCE_DATE_EPOCH):\n%s", card)
	}

	// --strict turns any warning into an error, so exit 0 means none.
	_, stderr, code = runCLI(t, hb, "check", "--strict")
	if code != exitOK {
		t.Fatalf("check --strict of the starter: exit %d\n%s", code, stderr)
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "checked 2 pages, 3 cards in ") {
		t.Errorf("check of the starter should print only its summary; got:\n%s", stderr)
	}

	_, stderr, code = runCLI(t, hb, "build", "--strict")
	if code != exitOK {
		t.Fatalf("build of the starter: exit %d\n%s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(hb, "public/start-here/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The page that shows the link forms links a team, a role, a person and
	// a heading on another page.
	for _, href := range []string{`href="../teams/devrel/"`, `href="../roles/developer-advocate/"`, `href="../people/alex-doe/"`, `href="../#what-goes-in-here"`} {
		if !strings.Contains(string(page), href) {
			t.Errorf("start-here page has no %s", href)
		}
	}
	for _, f := range []string{"index.html", "teams/devrel/index.html", "roles/developer-advocate/index.html", "people/alex-doe/index.html"} {
		if _, err := os.Stat(filepath.Join(hb, "public", f)); err != nil {
			t.Errorf("build did not write %s: %v", f, err)
		}
	}
}

// TestInitCardsShowEveryField keeps the starter cards complete: they are
// the format's examples, so each has every field content-format.md lists.
func TestInitCardsShowEveryField(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, dir, "init", "--quiet", "hb"); code != exitOK || stderr != "" {
		t.Fatalf("init --quiet: exit %d, stderr %q", code, stderr)
	}
	want := map[string][]string{
		"content/site.yaml":                     {"title", "language", "review_after_days", "raw_html", "broken_links"},
		"content/teams/devrel.yaml":             {"name", "summary", "mission", "lead", "channels", "works_with", "owner", "last_reviewed"},
		"content/roles/developer-advocate.yaml": {"title", "team", "summary", "what_we_do", "day_to_day", "ask_me_for", "not_for", "metrics", "expertise", "situations", "works_with", "people", "owner", "last_reviewed"},
		"content/people/alex-doe.yaml":          {"name", "pronouns", "roles", "pitch", "expertise", "ask_me_for", "contact", "mentors", "owner", "last_reviewed"},
	}
	for file, fields := range want {
		data, err := os.ReadFile(filepath.Join(dir, "hb", file))
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]yaml.Node
		if err := yaml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, f := range fields {
			if _, ok := m[f]; !ok {
				t.Errorf("%s has no %s field", file, f)
			}
		}
		// Fields with a comment say what they are for.
		commented := 0
		for _, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, " # ") && !strings.HasPrefix(line, " ") {
				commented++
			}
		}
		if commented < len(fields)/2 {
			t.Errorf("%s: only %d of %d fields have a comment", file, commented, len(fields))
		}
	}
	// The site settings that would point at a made-up server are shown as
	// comments, so a new handbook has no broken "edit this page" links.
	site, _ := os.ReadFile(filepath.Join(dir, "hb/content/site.yaml"))
	for _, f := range []string{"# base_url:", "# edit_url:"} {
		if !strings.Contains(string(site), f) {
			t.Errorf("site.yaml does not show %q", f)
		}
	}
}

func TestInitIntoAnEmptyFolderOrOneWithOnlyGit(t *testing.T) {
	for _, setup := range []struct {
		name string
		make func(dir string) error
	}{
		{"empty", func(dir string) error { return os.Mkdir(dir, 0o755) }},
		{"only .git", func(dir string) error { return os.MkdirAll(filepath.Join(dir, ".git", "objects"), 0o755) }},
		{"missing parents", func(dir string) error { return nil }},
	} {
		t.Run(setup.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			target := filepath.Join(root, "a", "b")
			if setup.name != "missing parents" {
				target = filepath.Join(root, "hb")
			}
			if err := setup.make(target); err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(root, target)
			if _, stderr, code := runCLI(t, root, "init", rel); code != exitOK {
				t.Fatalf("init %s: exit %d\n%s", rel, code, stderr)
			}
			if _, err := os.Stat(filepath.Join(target, "content", "site.yaml")); err != nil {
				t.Errorf("no content/site.yaml: %v", err)
			}
		})
	}
}

func TestInitRefusesANonEmptyFolderAndChangesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, `
-- old/notes.txt --
keep me
`)
	stdout, stderr, code := runCLI(t, dir, "init", "old")
	if code != exitContent {
		t.Fatalf("init into a non-empty folder: exit %d, want %d", code, exitContent)
	}
	want := "handbook init: folder old is not empty (it has notes.txt); choose a new folder, or empty this one\n"
	if stderr != want || stdout != "" {
		t.Errorf("stderr:\n%q\nwant\n%q (stdout %q)", stderr, want, stdout)
	}
	if got := listFiles(t, filepath.Join(dir, "old")); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("the folder changed: %v", got)
	}
}

func TestInitRefusesAFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeTree(t, dir, "-- hb --\nnot a folder\n")
	_, stderr, code := runCLI(t, dir, "init", "hb")
	if code != exitContent || !strings.Contains(stderr, "hb is a file, not a folder") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestInitNeedsExactlyOneFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, args := range [][]string{{"init"}, {"init", "a", "b"}} {
		_, stderr, code := runCLI(t, dir, args...)
		if code != exitUsage || !strings.Contains(stderr, "give the folder") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if got := listFiles(t, dir); len(got) != 0 {
		t.Errorf("a usage error wrote %v", got)
	}
}

func TestInitIsListedInHelp(t *testing.T) {
	t.Parallel()
	stdout, _, code := runCLI(t, t.TempDir(), "help")
	if code != exitOK || !strings.Contains(stdout, "\tinit ") {
		t.Errorf("help does not list init:\n%s", stdout)
	}
}
