package generator_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
)

// tmpfs mounts a small RAM file system for the test, for a disk that fills
// up or turns read-only. Mounting needs root, which CI has; elsewhere the
// test is skipped with the reason.
func tmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

const faultArchive = `
-- content/index.md --
# Home
First version.
-- content/b.md --
# B
-- content/z.md --
# Z
`

// built builds content into out and fails the test on any problem.
func built(t *testing.T, content, out string) {
	t.Helper()
	r, err := generator.Build(generator.Options{Content: content, Out: out})
	if err != nil || r.Failed() {
		t.Fatalf("build: %v %v", err, r)
	}
}

func sameTree(t *testing.T, what string, got, want map[string][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d files, want %d", what, len(got), len(want))
	}
	for name, w := range want {
		if !bytes.Equal(got[name], w) {
			t.Errorf("%s: %s changed", what, name)
		}
	}
}

// TestFullDiskKeepsThePreviousSite fills the output's disk during a build:
// the build fails with the system's error, the previous site is intact, no
// staging folder is left, and once there is room the next build succeeds.
// Issue #7.
func TestFullDiskKeepsThePreviousSite(t *testing.T) {
	disk := tmpfs(t, "2m")
	dir := t.TempDir()
	testsite.Write(t, dir, faultArchive)
	content, out := filepath.Join(dir, "content"), filepath.Join(disk, "public")
	built(t, content, out)
	before := readTree(t, out)

	big := filepath.Join(content, "big.bin")
	if err := os.WriteFile(big, bytes.Repeat([]byte("x"), 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(content, "index.md"), []byte("# Home\nSecond version.\n"), 0o644)
	_, err := generator.Build(generator.Options{Content: content, Out: out})
	if !errors.Is(err, syscall.ENOSPC) || !strings.HasPrefix(err.Error(), "publish: ") || !strings.HasSuffix(err.Error(), ": no space left on device") {
		t.Fatalf("build on a full disk: %v", err)
	}
	sameTree(t, "after the failed build", readTree(t, out), before)
	assertNoStaging(t, out)

	os.Remove(big)
	built(t, content, out)
	if b := readTree(t, out)["index.html"]; !bytes.Contains(b, []byte("Second version.")) {
		t.Error("the build after freeing space did not publish the change")
	}
}

// TestReadOnlyOutputKeepsThePreviousSite remounts the output's disk read
// only: the build fails saying so, and after it is writable again the next
// build succeeds.
func TestReadOnlyOutputKeepsThePreviousSite(t *testing.T) {
	disk := tmpfs(t, "4m")
	dir := t.TempDir()
	testsite.Write(t, dir, faultArchive)
	content, out := filepath.Join(dir, "content"), filepath.Join(disk, "public")
	built(t, content, out)
	before := readTree(t, out)
	remount := func(mode string) {
		if b, err := exec.Command("mount", "-o", "remount,"+mode, disk).CombinedOutput(); err != nil {
			t.Fatalf("remount %s: %v %s", mode, err, b)
		}
	}
	remount("ro")
	os.WriteFile(filepath.Join(content, "index.md"), []byte("# Home\nSecond version.\n"), 0o644)
	_, err := generator.Build(generator.Options{Content: content, Out: out})
	if want := "output folder " + out + ": openat .handbook-lock: read-only file system"; err == nil || err.Error() != want {
		t.Fatalf("build into a read-only folder: %v, want %q", err, want)
	}
	sameTree(t, "after the failed build", readTree(t, out), before)
	remount("rw")
	built(t, content, out)
	if b := readTree(t, out)["index.html"]; !bytes.Contains(b, []byte("Second version.")) {
		t.Error("the build after the folder was writable again did not publish the change")
	}
}

func assertNoStaging(t *testing.T, out string) {
	t.Helper()
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".handbook-staging-") {
			t.Errorf("staging folder %s left behind", e.Name())
		}
	}
}

// TestBuildFailingAtItsLastPageChangesNothing: a template that fails for
// the last page only makes the build fail after everything else has been
// rendered and staged; nothing in the output folder changes.
func TestBuildFailingAtItsLastPageChangesNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	testsite.Write(t, dir, faultArchive+`
-- templates/page.html --
{{define "main"}}<article>{{if eq .Title "Z"}}{{.NoSuchField}}{{end}}{{.Content}}</article>{{end}}
`)
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	built(t, content, out)
	before := readTree(t, out)
	os.WriteFile(filepath.Join(content, "index.md"), []byte("# Home\nSecond version.\n"), 0o644)
	r, err := generator.Build(generator.Options{Content: content, Out: out, Templates: filepath.Join(dir, "templates")})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, d := range r.Diags {
		all = append(all, d.String())
	}
	if msg := strings.Join(all, "\n"); !r.Failed() || !strings.Contains(msg, "z.md") || !strings.Contains(msg, "NoSuchField") {
		t.Fatalf("build with a template failing on z.md: %v", r.Diags)
	}
	sameTree(t, "after the failed build", readTree(t, out), before)
	assertNoStaging(t, out)
	built(t, content, out)
	if b := readTree(t, out)["index.html"]; !bytes.Contains(b, []byte("Second version.")) {
		t.Error("the next build did not publish the change")
	}
}

// TestTwoBuildsAtOnce: while one build holds the output folder, a second
// is refused with a message, and the first finishes.
func TestTwoBuildsAtOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	testsite.Write(t, dir, faultArchive)
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	built(t, content, out)
	inside := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	var firstErr error
	var first *generator.Result
	done := make(chan struct{})
	go func() {
		defer close(done)
		first, firstErr = generator.Build(generator.Options{Content: content, Out: out, Progress: func(n, total int) {
			once.Do(func() { close(inside); <-release })
		}})
	}()
	<-inside
	_, err := generator.Build(generator.Options{Content: content, Out: out})
	close(release)
	<-done
	if want := "output folder " + out + ": another handbook build is writing to it; wait for it to finish"; err == nil || err.Error() != want {
		t.Errorf("second build: %v, want %q", err, want)
	}
	if firstErr != nil || first.Failed() {
		t.Errorf("first build: %v %v", firstErr, first.Diags)
	}
}

// TestStaleStagingFromACrashedRunIsCleared: a staging folder a killed
// build left (with another process id) is removed by the next build, and
// its files never reach the site.
func TestStaleStagingFromACrashedRunIsCleared(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	testsite.Write(t, dir, faultArchive)
	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	built(t, content, out)
	stale := filepath.Join(out, ".handbook-staging-999999")
	os.MkdirAll(filepath.Join(stale, "sub"), 0o755)
	os.WriteFile(filepath.Join(stale, "1"), []byte("half a file"), 0o644)
	os.WriteFile(filepath.Join(stale, "manifest"), []byte("x index.html\n"), 0o644)
	os.WriteFile(filepath.Join(content, "index.md"), []byte("# Home\nSecond version.\n"), 0o644)
	built(t, content, out)
	assertNoStaging(t, out)
	for name, b := range readTree(t, out) {
		if bytes.Contains(b, []byte("half a file")) {
			t.Errorf("%s holds a staged file of the crashed run", name)
		}
	}
}

// TestServeRefusesPathologicalContentQuickly saves a page of a million
// unclosed links and a card of fifty thousand keys while serve runs: the
// errors arrive within seconds, the last good site is still served, and
// fixing the files recovers.
func TestServeRefusesPathologicalContentQuickly(t *testing.T) {
	ls := startLive(t, liveArchive, true)
	ev := ls.subscribe()
	ev.next(t, "hello")
	var keys strings.Builder
	keys.WriteString("name: Sales\nsummary: Sells.\n")
	for i := 0; i < 50000; i++ {
		keys.WriteString("k" + strings.Repeat("x", i%7) + ": v\n")
	}
	start := time.Now()
	ls.write("content/events/booth.md", strings.Repeat("[a](b", 800000))
	ls.write("content/teams/sales.yaml", keys.String())
	// The two saves may land in two batches, and sales.yaml is named by
	// a warning in every build: wait for both errors themselves.
	var data string
	for !strings.Contains(data, "booth.md:1:1: text has more than") || !strings.Contains(data, "sales.yaml:2001:1:") {
		data = ev.next(t, "errors")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("errors took %v", d)
	}
	for _, want := range []string{
		`booth.md:1:1: text has more than 20000 links or '[' (the limit); split it into smaller pages`,
		`sales.yaml:2001:1: more than 2000 keys (this is key 2001; the limit); split the file, or write long texts as a block (|) rather than as keys`,
	} {
		if !strings.Contains(data, want) {
			t.Errorf("errors event without %q:\n%s", want, data)
		}
	}
	if code, body := ls.get("/events/booth/"); code != 200 || !strings.Contains(body, "First version.") {
		t.Errorf("last good page not served (%d)", code)
	}
	ls.write("content/events/booth.md", "# Booth\nFixed.\n")
	ls.write("content/teams/sales.yaml", "name: Sales\nsummary: Sells.\n")
	ls.waitFor("recovery", func(rb generator.Rebuild) bool { return rb.Result != nil && !rb.Result.Failed() })
	if _, body := ls.get("/events/booth/"); !strings.Contains(body, "Fixed.") {
		t.Error("the fixed page is not served")
	}
}
