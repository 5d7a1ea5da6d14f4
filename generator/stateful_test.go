package generator_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator"
)

// injected is what serve adds to every HTML page it serves.
var injected = regexp.MustCompile(`(?s)<script type="application/json" id="handbook-serve">.*?</script><script src="[^"]*_handbook/reload\.js" defer></script>`)

// TestServedSiteEqualsACleanBuildAfterRandomEdits applies random sequences
// of creates, writes, renames, deletes and mkdirs to a content folder while
// serve runs, and after each burst checks that what is served, once the
// rebuilds settle, is exactly a clean build of the folder: no page left
// over, none missing, none stale. HANDBOOK_STATEFUL_SEED replays a run.
// Issue #7.
func TestServedSiteEqualsACleanBuildAfterRandomEdits(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("HANDBOOK_STATEFUL_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	rng := rand.New(rand.NewPCG(seed, 1))
	ls := startLive(t, "-- content/index.md --\n# Home\n", true)
	c := ls.content
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("seed %d (HANDBOOK_STATEFUL_SEED=%d replays it): %s", seed, seed, fmt.Sprintf(format, args...))
	}

	dirs := []string{"", "a", "a/b", "c", "teams"}
	names := []string{"p0", "p1", "p2", "p3", "index", "README"}
	var log []string // the operations, for the failure message
	existing := func() []string {
		var files []string
		filepath.WalkDir(c, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(c, p)
				if rel != "index.md" {
					files = append(files, filepath.ToSlash(rel))
				}
			}
			return nil
		})
		sort.Strings(files)
		return files
	}
	randomFile := func() string {
		d := dirs[rng.IntN(len(dirs))]
		if d == "teams" {
			return "teams/" + []string{"sales", "devrel", "ops"}[rng.IntN(3)] + ".yaml"
		}
		return filepath.ToSlash(filepath.Join(d, names[rng.IntN(len(names))]+".md"))
	}
	body := func(p string) string {
		n := rng.IntN(1000)
		if strings.HasSuffix(p, ".yaml") {
			return fmt.Sprintf("name: Team %d\nsummary: Does thing %d.\n", n, n)
		}
		return fmt.Sprintf("# Title %d\n\nBody %d of %s.\n", n, n, p)
	}
	write := func(p, data string) {
		full := filepath.Join(c, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			fail("write %s: %v", p, err)
		}
	}
	// Two section pages in one folder (index.md and README.md) are an
	// error; keep the site buildable, so that there is a clean build to
	// compare with.
	buildable := func(p string) bool {
		dir, name := filepath.Split(p)
		other := map[string]string{"index.md": "README.md", "README.md": "index.md"}[name]
		if other == "" {
			return true
		}
		_, err := os.Stat(filepath.Join(c, dir, other))
		return os.IsNotExist(err)
	}

	seen := map[string]bool{} // every path a clean build has had
	start := time.Now()
	for round := 0; round < 8 && time.Since(start) < 12*time.Second; round++ {
		for n := 1 + rng.IntN(8); n > 0; n-- {
			files := existing()
			switch op := rng.IntN(10); {
			case op < 4 || len(files) == 0: // create or overwrite
				p := randomFile()
				if buildable(p) {
					write(p, body(p))
					log = append(log, "write "+p)
				}
			case op < 6: // rename a file
				from, to := files[rng.IntN(len(files))], randomFile()
				// Editor debris renamed onto a card would make the content
				// unbuildable, and leave no clean build to compare with.
				if strings.HasPrefix(filepath.Base(from), ".") || strings.HasPrefix(from, "teams/") != strings.HasPrefix(to, "teams/") || !buildable(to) {
					continue
				}
				os.MkdirAll(filepath.Dir(filepath.Join(c, to)), 0o755)
				os.Rename(filepath.Join(c, from), filepath.Join(c, to))
				log = append(log, "rename "+from+" "+to)
			case op < 8: // delete a file
				p := files[rng.IntN(len(files))]
				os.Remove(filepath.Join(c, p))
				log = append(log, "delete "+p)
			case op < 9: // rename or delete a folder
				d := []string{"a", "a/b", "c"}[rng.IntN(3)]
				if rng.IntN(2) == 0 {
					to := []string{"c", "d", "a/e"}[rng.IntN(3)]
					if _, err := os.Stat(filepath.Join(c, to)); err == nil || strings.HasPrefix(to, d+"/") {
						continue
					}
					os.MkdirAll(filepath.Dir(filepath.Join(c, to)), 0o755)
					os.Rename(filepath.Join(c, d), filepath.Join(c, to))
					log = append(log, "rename folder "+d+" "+to)
				} else {
					os.RemoveAll(filepath.Join(c, d))
					log = append(log, "delete folder "+d)
				}
			default: // an empty folder, and editor debris
				d := dirs[rng.IntN(len(dirs))]
				os.MkdirAll(filepath.Join(c, d, "empty"), 0o755)
				write(filepath.ToSlash(filepath.Join(d, ".p0.md.swp")), "swap")
				log = append(log, "mkdir "+d+"/empty, debris")
			}
		}
		settle(t, ls, c, seen, fail, log)
	}
	t.Logf("seed %d: %d operations", seed, len(log))
}

// settle waits until what serve serves is exactly a clean build of
// content, and fails with the differences if it does not come within
// the time limit.
func settle(t *testing.T, ls *liveSite, content string, seen map[string]bool, fail func(string, ...any), log []string) {
	t.Helper()
	want, r, err := generator.Render(generator.Options{Content: content})
	if err != nil || r.Failed() {
		fail("the content does not build: %v %v\noperations:\n%s", err, r.Diags, strings.Join(log, "\n"))
	}
	deadline := time.Now().Add(15 * time.Second)
	var diffs []string
	for {
		// Drain rebuild reports, so that the loop never blocks.
		for drained := false; !drained; {
			select {
			case <-ls.builds:
			default:
				drained = true
			}
		}
		diffs = diffServed(ls, want, seen)
		if len(diffs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			break
		}
		select {
		case <-ls.builds:
		case <-time.After(100 * time.Millisecond):
		}
	}
	fail("served site differs from a clean build:\n  %s\noperations:\n%s", strings.Join(diffs, "\n  "), strings.Join(log, "\n"))
}

// diffServed compares what is served with a clean build, at every path a
// clean build has had (seen), so that pages that are gone must be gone.
func diffServed(ls *liveSite, want map[string][]byte, seen map[string]bool) []string {
	var diffs []string
	for p := range want {
		seen[p] = true
	}
	paths := make([]string, 0, len(seen))
	for p := range seen {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		resp, err := http.Get(ls.http.URL + (&url.URL{Path: "/" + p}).EscapedPath())
		if err != nil {
			return []string{err.Error()}
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		w, ok := want[p]
		switch {
		case !ok && resp.StatusCode != 404:
			diffs = append(diffs, fmt.Sprintf("%s is served (%d) but is not in the clean build", p, resp.StatusCode))
		case ok && resp.StatusCode != 200:
			diffs = append(diffs, fmt.Sprintf("%s: %d", p, resp.StatusCode))
		case ok && strings.HasSuffix(p, ".html") && !bytes.Equal(injected.ReplaceAll(b, nil), w):
			diffs = append(diffs, p+" differs")
		case ok && !strings.HasSuffix(p, ".html") && !bytes.Equal(b, w):
			diffs = append(diffs, p+" differs")
		}
	}
	return diffs
}
