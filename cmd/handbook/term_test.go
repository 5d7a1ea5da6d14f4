package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
)

// ansi matches the terminal escape sequences handbook writes.
var ansi = regexp.MustCompile(`\x1b\[[0-9;]*[mK]`)

func TestIsTerminalIsFalseForFilesPipesAndTheNullDevice(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	var nilFile *os.File
	for name, out := range map[string]any{"a regular file": f, "a pipe": w, "the null device": null, "a buffer": &bytes.Buffer{}, "a nil file": nilFile} {
		w, _ := out.(interface{ Write([]byte) (int, error) })
		if isTerminal(w) {
			t.Errorf("isTerminal(%s) = true", name)
		}
	}
}

func TestTextLineWithoutColorIsTheDiagnosticsText(t *testing.T) {
	t.Parallel()
	for _, d := range []diag.Diagnostic{
		{Pos: diag.Position{File: "content/a.md", Line: 3, Col: 5}, Message: "broken", Fix: "fix it"},
		{Pos: diag.Position{File: "content/a.md", Line: 3}, Severity: diag.Warning, Message: "stale"},
		{Pos: diag.Position{File: "content/b.yaml"}, Message: "bad name"},
	} {
		plain := textLine(d, false)
		if plain != d.String() {
			t.Errorf("textLine(%v, false) = %q, want %q", d, plain, d.String())
		}
		colored := textLine(d, true)
		if !strings.Contains(colored, "\x1b[") {
			t.Errorf("textLine(%v, true) has no colour: %q", d, colored)
		}
		if got := ansi.ReplaceAllString(colored, ""); got != plain {
			t.Errorf("colour changed the text: %q, want %q", got, plain)
		}
		if !strings.HasPrefix(colored, ansiBold+d.Pos.String()+":") && !strings.HasPrefix(colored, ansiRed+d.Pos.String()+":") {
			t.Errorf("the position is not highlighted: %q", colored)
		}
		if d.Severity == diag.Warning && !strings.Contains(colored, ansiYellow+"warning:"+ansiReset) {
			t.Errorf("the warning word is not yellow: %q", colored)
		}
	}
}

// withProgressTimes makes progress show at once and on every update.
func withProgressTimes(t *testing.T, delay, every time.Duration) {
	t.Helper()
	oldDelay, oldEvery := progressDelay, progressEvery
	progressDelay, progressEvery = delay, every
	t.Cleanup(func() { progressDelay, progressEvery = oldDelay, oldEvery })
}

func TestProgressShowsTheHighestCountAndAlwaysTheLast(t *testing.T) {
	withProgressTimes(t, 0, time.Hour) // after the first line, only the last
	var b bytes.Buffer
	p := newProgress(&b)
	p.update(2, 5)
	p.update(1, 5) // arrived late from another goroutine: ignored
	p.update(3, 5)
	p.update(5, 5)
	p.update(4, 5)
	p.clear()
	want := ansiClear + "building 2 of 5 pages" + ansiClear + "building 5 of 5 pages" + ansiClear
	if b.String() != want {
		t.Errorf("progress wrote %q, want %q", b.String(), want)
	}
}

func TestProgressWaitsAMomentBeforeShowingAnything(t *testing.T) {
	withProgressTimes(t, time.Hour, 0)
	var b bytes.Buffer
	p := newProgress(&b)
	for i := 1; i <= 100; i++ {
		p.update(i, 100)
	}
	p.clear()
	if b.Len() != 0 {
		t.Errorf("a fast build showed progress: %q", b.String())
	}
}

func TestBuildIntoABufferHasNoColourAndNoProgress(t *testing.T) {
	withProgressTimes(t, 0, 0)
	dir := problemDir(t)
	_, stderr, _ := runCLI(t, dir, "build")
	if strings.Contains(stderr, "\x1b") || strings.Contains(stderr, "building ") {
		t.Errorf("not a terminal, yet: %q", stderr)
	}
	dir = t.TempDir()
	if _, stderr, code := runCLI(t, dir, "init", "--quiet", "."); code != exitOK {
		t.Fatal(stderr)
	}
	_, stderr, code := runCLI(t, dir, "build")
	if code != exitOK || strings.Contains(stderr, "\x1b") || strings.Contains(stderr, "building ") {
		t.Errorf("not a terminal, yet (exit %d): %q", code, stderr)
	}
}

func TestQuietPrintsOnlyProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, dir, "init", "--quiet", "."); code != exitOK || stderr != "" {
		t.Fatalf("init --quiet: %d %q", code, stderr)
	}
	for _, cmd := range []string{"check", "build"} {
		stdout, stderr, code := runCLI(t, dir, cmd, "--quiet")
		if code != exitOK || stdout != "" || stderr != "" {
			t.Errorf("%s --quiet on a clean handbook: exit %d, stdout %q, stderr %q", cmd, code, stdout, stderr)
		}
	}
	// Problems, and the summary that counts them, still show.
	dir = problemDir(t)
	_, stderr, code := runCLI(t, dir, "check", "--quiet")
	if code != exitContent || !strings.Contains(stderr, "content/index.md:6:5: ") || !strings.Contains(stderr, "checked 1 page") {
		t.Errorf("check --quiet with problems: exit %d\n%s", code, stderr)
	}
}

func TestSummaryLineCountsPagesCardsWarningsAndMilliseconds(t *testing.T) {
	t.Parallel()
	dir := problemDir(t)
	_, stderr, _ := runCLI(t, dir, "check")
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	last := lines[len(lines)-1]
	if !regexp.MustCompile(`^checked 1 page, 1 card, 3 errors, 3 warnings in \d+ ms$`).MatchString(last) {
		t.Errorf("summary %q", last)
	}
	dir = t.TempDir()
	runCLI(t, dir, "init", "--quiet", ".")
	_, stderr, _ = runCLI(t, dir, "build")
	if !regexp.MustCompile(`^built 2 pages, 3 cards into public in \d+ ms \(\d+ files written, 0 unchanged, 0 removed\)\n$`).MatchString(stderr) {
		t.Errorf("build summary %q", stderr)
	}
}

func TestVersionPrintsTheModuleAndGoVersions(t *testing.T) {
	t.Parallel()
	stdout, _, code := runCLI(t, t.TempDir(), "version")
	// In a test binary the main module's version is "(devel)"; installed
	// with go install …@v1.2.3 it is v1.2.3.
	if code != exitOK || !regexp.MustCompile(`^handbook (\(devel\)|v\d+\.\d+\.\d+\S*) go1\.\d+\S* \w+/\w+\n$`).MatchString(stdout) {
		t.Errorf("version: exit %d, %q", code, stdout)
	}
	if !strings.Contains(stdout, " "+goVersion()+" ") {
		t.Errorf("version %q does not name the Go version %s", stdout, goVersion())
	}
}

// goVersion is the Go version in the test binary's build info.
func goVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	return bi.GoVersion
}

func TestFailedBuildSummaryCountsMillisecondsToo(t *testing.T) {
	t.Parallel()
	_, stderr, code := runCLI(t, problemDir(t), "build")
	if code != exitContent || !regexp.MustCompile(`\nbuild failed: 1 page, 1 card, 3 errors, 3 warnings in \d+ ms; public left unchanged\n$`).MatchString(stderr) {
		t.Errorf("exit %d, %q", code, stderr)
	}
}
