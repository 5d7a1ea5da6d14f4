package main

import (
	"flag"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The CI recipes of issue 8 can't run here (no GitHub, no GitLab), so these
// tests check what can be checked: each file is YAML of the expected shape,
// runs the right command at the right time, and every handbook command in
// it exists and accepts its flags.

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s is not YAML: %v", path, err)
	}
}

// checkHandbookCommand checks that line, a shell command, runs an existing
// handbook command with flags that command accepts, and returns its name.
func checkHandbookCommand(t *testing.T, line string) string {
	t.Helper()
	args := strings.Fields(line)
	if len(args) < 2 || args[0] != "handbook" {
		t.Fatalf("%q does not run handbook", line)
	}
	help, _, _ := runCLI(t, t.TempDir(), "help")
	if !regexp.MustCompile(`(?m)^\t` + regexp.QuoteMeta(args[1]) + ` `).MatchString(help) {
		t.Errorf("%q: 'handbook help' lists no %q command", line, args[1])
	}
	cmd := findCommand(args[1])
	if cmd == nil {
		return args[1]
	}
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if cmd.flags != nil {
		cmd.flags(fs)
	}
	if err := fs.Parse(args[2:]); err != nil {
		t.Errorf("%q: %v", line, err)
	}
	return args[1]
}

// installLine is how the recipes install handbook: the module path must be
// this module's.
func checkInstall(t *testing.T, line string) {
	t.Helper()
	gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module (\S+)$`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	want := "go install " + string(m[1]) + "/cmd/handbook@latest"
	if line != want {
		t.Errorf("install line %q, want %q", line, want)
	}
}

func TestRecipeGitHubActionsChecksPullRequestsAndBuildsMain(t *testing.T) {
	t.Parallel()
	var wf struct {
		Name        string
		On          map[string]yaml.Node
		Permissions map[string]string
		Jobs        map[string]struct {
			If     string
			RunsOn string `yaml:"runs-on"`
			Steps  []struct {
				Uses string
				Run  string
				With map[string]any
			}
		}
	}
	// yaml.v3 reads a key "on" as the string "on" (YAML 1.2), as GitHub does.
	readYAML(t, filepath.Join("testdata", "recipes", "github", "handbook.yml"), &wf)
	if _, ok := wf.On["pull_request"]; !ok || len(wf.On) != 2 {
		t.Errorf("the workflow should run on pull_request and push, not %v", slices.Sorted(maps.Keys(wf.On)))
	}
	var push struct{ Branches []string }
	if n := wf.On["push"]; n.Decode(&push) != nil || !slices.Equal(push.Branches, []string{"main"}) {
		t.Errorf("push branches %v, want [main]", push.Branches)
	}
	if wf.Permissions["contents"] != "read" {
		t.Errorf("permissions %v: a check needs only contents: read", wf.Permissions)
	}
	want := map[string]struct{ when, cmd string }{
		"check": {"github.event_name == 'pull_request'", "check"},
		"build": {"github.event_name == 'push'", "build"},
	}
	if len(wf.Jobs) != len(want) {
		t.Errorf("jobs %v, want check and build", wf.Jobs)
	}
	for name, w := range want {
		job, ok := wf.Jobs[name]
		if !ok {
			t.Errorf("no %s job", name)
			continue
		}
		if job.If != w.when || job.RunsOn == "" {
			t.Errorf("%s job runs if %q on %q", name, job.If, job.RunsOn)
		}
		var runs []string
		for _, s := range job.Steps {
			if s.Run != "" {
				runs = append(runs, s.Run)
			}
		}
		if len(runs) != 2 {
			t.Fatalf("%s job runs %v; want the install and one handbook command", name, runs)
		}
		checkInstall(t, runs[0])
		if got := checkHandbookCommand(t, runs[1]); got != w.cmd {
			t.Errorf("%s job runs handbook %s", name, got)
		}
		// Annotations need --format github.
		if !strings.Contains(runs[1], "--format github") {
			t.Errorf("%s job: %q prints no annotations", name, runs[1])
		}
		if job.Steps[0].Uses == "" || !strings.HasPrefix(job.Steps[0].Uses, "actions/checkout@") {
			t.Errorf("%s job does not check out the repository first", name)
		}
	}
	last := wf.Jobs["build"].Steps[len(wf.Jobs["build"].Steps)-1]
	if !strings.HasPrefix(last.Uses, "actions/upload-artifact@") || last.With["path"] != "public/" {
		t.Errorf("build job does not keep public/: %+v", last)
	}
}

// TestRecipeGitHubActionsIsNotInThisRepositorysWorkflows: the recipe is
// for handbook users, and must not run on handbook's own repository.
func TestRecipeGitHubActionsIsNotInThisRepositorysWorkflows(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(filepath.Join("..", "..", ".github", "workflows", "handbook.yml")); err == nil {
		t.Error(".github/workflows/handbook.yml would run the users' recipe on this repository")
	}
}

func TestRecipeGitLabChecksMergeRequestsAndBuildsTheDefaultBranch(t *testing.T) {
	t.Parallel()
	type job struct {
		Script    []string
		Rules     []struct{ If string }
		Artifacts struct{ Paths []string }
	}
	var ci struct {
		Default struct {
			Image        string
			BeforeScript []string `yaml:"before_script"`
		}
		Check job `yaml:"handbook-check"`
		Build job `yaml:"handbook-build"`
	}
	readYAML(t, filepath.Join("testdata", "recipes", "gitlab", ".gitlab-ci.yml"), &ci)
	if !strings.HasPrefix(ci.Default.Image, "golang:") {
		t.Errorf("image %q has no Go", ci.Default.Image)
	}
	if len(ci.Default.BeforeScript) != 1 {
		t.Fatalf("before_script %v", ci.Default.BeforeScript)
	}
	checkInstall(t, ci.Default.BeforeScript[0])
	for _, c := range []struct {
		name string
		j    job
		when string
		cmd  string
	}{
		{"handbook-check", ci.Check, `$CI_PIPELINE_SOURCE == "merge_request_event"`, "check"},
		{"handbook-build", ci.Build, `$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH`, "build"},
	} {
		if len(c.j.Rules) != 1 || c.j.Rules[0].If != c.when {
			t.Errorf("%s runs on %+v, want if %s", c.name, c.j.Rules, c.when)
		}
		if len(c.j.Script) != 1 {
			t.Fatalf("%s script %v", c.name, c.j.Script)
		}
		if got := checkHandbookCommand(t, c.j.Script[0]); got != c.cmd {
			t.Errorf("%s runs handbook %s", c.name, got)
		}
	}
	if !slices.Equal(ci.Build.Artifacts.Paths, []string{"public/"}) {
		t.Errorf("build artifacts %v, want [public/]", ci.Build.Artifacts.Paths)
	}
}

func TestRecipePreCommitHookRunsCheckOnContentChanges(t *testing.T) {
	t.Parallel()
	// pre-commit reads the hook definitions from the repository's root.
	var hooks []map[string]any
	readYAML(t, filepath.Join("..", "..", ".pre-commit-hooks.yaml"), &hooks)
	if len(hooks) != 1 {
		t.Fatalf("%d hooks, want 1", len(hooks))
	}
	h := hooks[0]
	for _, k := range []string{"id", "name", "entry", "language"} { // pre-commit's required keys
		if s, _ := h[k].(string); s == "" {
			t.Errorf("hook has no %s", k)
		}
	}
	if h["id"] != "handbook-check" || h["language"] != "golang" || h["pass_filenames"] != false {
		t.Errorf("hook %v: want id handbook-check, language golang (built from this module), pass_filenames false (check takes no files)", h)
	}
	if got := checkHandbookCommand(t, h["entry"].(string)); got != "check" {
		t.Errorf("the hook runs handbook %s", got)
	}
	files, _ := h["files"].(string)
	re, err := regexp.Compile(files)
	if err != nil {
		t.Fatalf("files %q: %v", files, err)
	}
	for path, want := range map[string]bool{"content/index.md": true, "content/teams/devrel.yaml": true, "README.md": false, "src/content/x.md": false} {
		if re.MatchString(path) != want {
			t.Errorf("files %q matches %s: %v, want %v", files, path, !want, want)
		}
	}
}
