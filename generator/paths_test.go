package generator_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
)

// renderDir renders the content folder under dir and returns the files
// (nil when the build failed) and the diagnostics, with dir removed.
func renderDir(t *testing.T, dir string) (map[string][]byte, []string) {
	t.Helper()
	files, r, err := generator.Render(generator.Options{Content: filepath.Join(dir, "content")})
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	var diags []string
	for _, d := range r.Diags {
		diags = append(diags, strings.ReplaceAll(d.String(), filepath.ToSlash(dir)+"/", ""))
	}
	return files, diags
}

func errorsOnly(diags []string) []string {
	var out []string
	for _, d := range diags {
		if !strings.Contains(d, ": warning: ") {
			out = append(out, d)
		}
	}
	return out
}

func assertDiags(t *testing.T, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n  got:\n    %s\n  want:\n    %s", strings.Join(got, "\n    "), strings.Join(want, "\n    "))
	}
}

// TestAliasesStayInsideTheSiteAndOffOthersPaths. (Aliases over the
// generator's own paths are resolve.Generated's errors, tested in
// cmd/handbook/testdata/script/generated_paths.txtar.) Issue #7.
func TestAliasesStayInsideTheSiteAndOffOthersPaths(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 300)
	s := testsite.Build(t, `
-- content/index.md --
# Home
-- content/events/index.md --
# Events
-- content/logo.png --
png
-- content/a.md --
---
tags: [x]
aliases:
  - ../../etc/passwd
  - /old/../../escape
  - "%2e%2e/%2e%2e/escape"
  - /old/%2F..%2F../escape
  - //evil.example/
  - /CON/
  - /old/aux.txt/
  - /Events/
  - /logo.png
  - /`+long+`/
  - /ok/fine/
---
# A
`)
	assertDiags(t, errorsOnly(s.Diags()), []string{
		`content/a.md:4:5: alias "../../etc/passwd" is not a path inside the site; write a site path like /old/booth/`,
		`content/a.md:5:5: alias "/old/../../escape" is not a path inside the site; write a site path like /old/booth/`,
		`content/a.md:6:5: alias "%2e%2e/%2e%2e/escape" is not a path inside the site; write a site path like /old/booth/`,
		`content/a.md:7:5: alias "/old/%2F..%2F../escape" is not a path inside the site; write a site path like /old/booth/`,
		`content/a.md:8:5: alias "//evil.example/" is not a path inside the site; write a site path like /old/booth/`,
		`content/a.md:9:5: alias "/CON/" is not a path inside the site; write a site path like /old/booth/`,
		`content/a.md:10:5: alias "/old/aux.txt/" is not a path inside the site; write a site path like /old/booth/`,
		`content/a.md:11:5: alias "/Events/" is also the address of content/events/index.md; remove the alias or move the other`,
		`content/a.md:12:5: alias "/logo.png" is also the address of content/logo.png; remove the alias or move the other`,
		`content/a.md:13:5: alias "/` + long + `/" is not a path inside the site; write a site path like /old/booth/`,
	})
}

// TestTwoSourcesForOneURLAreErrorsNamingBoth covers names equal after case
// folding or Unicode normalization, and a page where a card is.
func TestTwoSourcesForOneURLAreErrorsNamingBoth(t *testing.T) {
	t.Parallel()
	nfc, nfd := "caf\u00e9", "cafe\u0301"
	dir := t.TempDir()
	testsite.Write(t, dir, `
-- content/index.md --
# Home
-- content/guide.md --
# Guide
-- content/Guide.md --
# Other guide
-- content/`+nfc+`.md --
# Café
-- content/`+nfd+`.md --
# Café again
-- content/teams/sales.yaml --
name: Sales
summary: Sells.
-- content/teams/sales.md --
# A page where the card is
-- content/img/Logo.PNG --
a
-- content/img/logo.png --
b
`)
	files, diags := renderDir(t, dir)
	if files != nil {
		t.Error("the build did not fail")
	}
	assertDiags(t, errorsOnly(diags), []string{
		"content/" + nfc + ".md:1:1: content/" + nfd + ".md and content/" + nfc + ".md are both published as /" + nfc + "/index.html; rename or remove one of them: their names differ only in how accented letters are encoded (Unicode normalization)",
		"content/guide.md:1:1: content/Guide.md and content/guide.md are both published as /guide/index.html; rename or remove one of them",
		"content/img/logo.png:1:1: content/img/Logo.PNG and content/img/logo.png are both published as /img/logo.png; rename or remove one of them",
		"content/teams/sales.md:1:1: content/teams/sales.yaml and content/teams/sales.md are both published as /teams/sales/index.html; rename or remove one of them",
	})
}

// TestSymlinksFIFOsAndDebris: links never reach outside content/, a pipe
// never blocks the build, and editor and OS debris is never published.
func TestSymlinksFIFOsAndDebris(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const secret = "OUTSIDE-SECRET-91c2"
	testsite.Write(t, dir, `
-- secret.md --
`+secret+`
-- content/index.md --
# Home
-- content/inside.md --
# Inside
-- content/page.md~ --
`+secret+`
-- content/#page.md# --
`+secret+`
-- content/.page.md.swp --
`+secret+`
-- content/4913 --
`+secret+`
-- content/.DS_Store --
`+secret+`
-- content/Thumbs.db --
`+secret+`
-- content/_drafts/x.md --
`+secret+`
-- content/page.md.tmp --
`+secret+`
`)
	c := filepath.Join(dir, "content")
	for link, to := range map[string]string{
		"passwd.md":   "/etc/passwd",
		"up.md":       "../secret.md",
		"etc":         "/etc",
		"updir":       "..",
		"loop.md":     "loop.md",
		"also.md":     "inside.md", // inside: followed
		"dangling.md": "nowhere.md",
	} {
		if err := os.Symlink(to, filepath.Join(c, link)); err != nil {
			t.Fatal(err)
		}
	}
	for _, fifo := range []string{"pipe.md", "pipe.png", "teams/pipe.yaml"} {
		os.MkdirAll(filepath.Dir(filepath.Join(c, fifo)), 0o755)
		if err := syscall.Mkfifo(filepath.Join(c, fifo), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	var files map[string][]byte
	var diags []string
	go func() {
		defer close(done)
		files, diags = renderDir(t, dir)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		// A FIFO opened for reading blocks until a writer comes: unblock it
		// so the test can end, and fail.
		for _, fifo := range []string{"pipe.md", "pipe.png", "teams/pipe.yaml"} {
			if f, err := os.OpenFile(filepath.Join(c, fifo), os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
				f.Close()
			}
		}
		<-done
		t.Fatal("the build blocked on a FIFO")
	}
	var got []string
	for _, d := range diags {
		if !strings.Contains(d, "no owner") && !strings.Contains(d, "no page or card links") {
			got = append(got, d)
		}
	}
	sort.Strings(got)
	assertDiags(t, got, []string{
		"content/dangling.md: symbolic link cannot be followed: it is broken or leads outside the content folder; point it at a file inside the content folder, or replace it with the file",
		"content/etc: symbolic link cannot be followed: it is broken or leads outside the content folder; point it at a file inside the content folder, or replace it with the file",
		"content/loop.md: symbolic link cannot be followed: it is broken or leads outside the content folder; point it at a file inside the content folder, or replace it with the file",
		"content/passwd.md: symbolic link cannot be followed: it is broken or leads outside the content folder; point it at a file inside the content folder, or replace it with the file",
		"content/pipe.md: warning: not a regular file (a pipe, socket or device); skipped; remove it from the content folder",
		"content/pipe.png: warning: not a regular file (a pipe, socket or device); skipped; remove it from the content folder",
		"content/teams/pipe.yaml: warning: not a regular file (a pipe, socket or device); skipped; remove it from the content folder",
		"content/up.md: symbolic link cannot be followed: it is broken or leads outside the content folder; point it at a file inside the content folder, or replace it with the file",
		"content/updir: symbolic link cannot be followed: it is broken or leads outside the content folder; point it at a file inside the content folder, or replace it with the file",
	})
	// Remove the links that fail the build; what is left builds, and
	// publishes nothing from outside or from the debris.
	for _, l := range []string{"passwd.md", "up.md", "etc", "updir", "loop.md", "dangling.md"} {
		os.Remove(filepath.Join(c, l))
	}
	files, _ = renderDir(t, dir)
	if files == nil {
		t.Fatal("build without the bad links failed")
	}
	var names []string
	for name, data := range files {
		names = append(names, name)
		if strings.Contains(string(data), secret) || strings.Contains(string(data), "root:x:0") {
			t.Errorf("%s holds content from outside content/ or from debris", name)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if strings.Contains(n, "pipe") || strings.Contains(n, "page.md") || strings.Contains(n, "4913") || strings.Contains(n, "DS_Store") ||
			strings.Contains(n, "Thumbs") || strings.Contains(n, "drafts") || strings.Contains(n, "swp") {
			t.Errorf("published %s", n)
		}
	}
	if _, ok := files["also/index.html"]; !ok {
		t.Errorf("a symlink to a page inside content/ was not followed; files: %v", names)
	}
}
