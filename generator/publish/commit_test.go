package publish

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A file can turn into a folder and back, whether the last manifest lists
// its paths sorted, as handbook writes it (then the folders the last build
// had are found in it by binary search), or not.
func TestAFileCanTurnIntoAFolderAndBack(t *testing.T) {
	t.Run("sorted manifest", func(t *testing.T) { turnFileIntoFolderAndBack(t, func(string) {}) })
	t.Run("unsorted manifest", func(t *testing.T) { turnFileIntoFolderAndBack(t, func(dir string) { reverseManifest(t, dir) }) })
}

// reverseManifest reverses the order of the lines of dir's manifest.
func reverseManifest(t *testing.T, dir string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	slices.Reverse(lines)
	if err := os.WriteFile(filepath.Join(dir, manifestName), []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
}

func turnFileIntoFolderAndBack(t *testing.T, edit func(dir string)) {
	dir := filepath.Join(t.TempDir(), "public")
	publish(t, dir, map[string]string{"a/b.html": "file", "c/index.html": "c", "c/d/index.html": "d"})
	edit(dir)
	// A file handbook did not write keeps c/d/ from being pruned when its page goes.
	if err := os.WriteFile(filepath.Join(dir, "c/d/left-over.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}

	// a/b.html becomes a folder; c/d/ (a folder) becomes a file c/d.
	publish(t, dir, map[string]string{"a/b.html/index.html": "now a folder", "c/index.html": "c", "c/d": "now a file"})
	got := files(t, dir)
	want := map[string]string{"a/b.html/index.html": "now a folder", "c/index.html": "c", "c/d": "now a file"}
	for n, w := range want {
		if got[n] != w {
			t.Errorf("%s = %q, want %q", n, got[n], w)
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok && n != manifestName && n != lockName {
			t.Errorf("unexpected file %s", n)
		}
	}

	// And back again.
	edit(dir)
	publish(t, dir, map[string]string{"a/b.html": "file again", "c/d/index.html": "folder again"})
	got = files(t, dir)
	if got["a/b.html"] != "file again" || got["c/d/index.html"] != "folder again" {
		t.Errorf("after turning back: %v", got)
	}
}

func TestEveryFileOfALargeNestedSiteArrives(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	site := map[string]string{}
	for d := 0; d < 40; d++ {
		for f := 0; f < 25; f++ {
			site[fmt.Sprintf("s%d/sub%d/p%d/index.html", d%5, d, f)] = fmt.Sprintf("page %d %d", d, f)
		}
	}
	if st := publish(t, dir, site); st.Written != len(site) {
		t.Fatalf("wrote %d files, want %d", st.Written, len(site))
	}
	got := files(t, dir)
	for n, w := range site {
		if got[n] != w {
			t.Fatalf("%s = %q, want %q", n, got[n], w)
		}
	}
	// Change one file in three: only those are written.
	changed := 0
	i := 0
	for n := range site {
		if i%3 == 0 {
			site[n] += " v2"
			changed++
		}
		i++
	}
	st := publish(t, dir, site)
	if st.Written != changed || st.Unchanged != len(site)-changed {
		t.Errorf("second publish: %+v, want %d written, %d unchanged", st, changed, len(site)-changed)
	}
	got = files(t, dir)
	for n, w := range site {
		if got[n] != w {
			t.Fatalf("%s = %q, want %q", n, got[n], w)
		}
	}
}

// A publish that keeps every path of the last one writes the manifest in
// its order, which must be the sorted one even when the last manifest was
// not sorted.
func TestTheManifestIsWrittenSorted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	site := map[string]string{"b/index.html": "b", "a/index.html": "a", "c": "c", "a/x/index.html": "x"}
	publish(t, dir, site)
	for round, unsorted := range []bool{false, true, false} {
		if unsorted {
			reverseManifest(t, dir)
		}
		p, err := Open(dir, Guard{})
		if err != nil {
			t.Fatal(err)
		}
		for n := range site {
			if n == "c" {
				err = p.Write(n, []byte(fmt.Sprint("c", round)))
			} else {
				err = p.Keep(n)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := p.Commit(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, manifestName))
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			_, p, _ := strings.Cut(line, " ")
			paths = append(paths, p)
		}
		if want := []string{"a/index.html", "a/x/index.html", "b/index.html", "c"}; !slices.Equal(paths, want) {
			t.Errorf("round %d (last manifest unsorted: %v): manifest lists %q, want %q", round, unsorted, paths, want)
		}
		if !strings.Contains(string(b), hash([]byte(fmt.Sprint("c", round)))+" c\n") {
			t.Errorf("round %d: manifest does not have c's new hash:\n%s", round, b)
		}
	}
}

// A live rebuild keeps most paths, rewrites some, adds a few and drops a
// few (an edit renames search slices): over random rounds of that, with the
// last manifest sometimes unsorted, the manifest lists exactly the site's
// paths, sorted, and the folder holds exactly the site.
func TestTheManifestFollowsAddedAndDroppedPaths(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	dir := filepath.Join(t.TempDir(), "public")
	site := map[string]string{}
	name := func() string {
		return fmt.Sprintf("%c/%c%d/index.html", 'a'+rune(rng.IntN(4)), 'a'+rune(rng.IntN(26)), rng.IntN(30))
	}
	for len(site) < 200 {
		site[name()] = "v0"
	}
	publish(t, dir, site)
	for round := 1; round <= 30; round++ {
		if round%7 == 0 {
			reverseManifest(t, dir)
		}
		next := map[string]string{}
		for n, v := range site {
			switch rng.IntN(20) {
			case 0: // dropped
			case 1, 2:
				next[n] = fmt.Sprint("v", round)
			default:
				next[n] = v
			}
		}
		for range rng.IntN(6) {
			next[name()] = fmt.Sprint("new", round)
		}
		p, err := Open(dir, Guard{})
		if err != nil {
			t.Fatal(err)
		}
		for n, v := range next {
			if old, ok := site[n]; ok && old == v {
				err = p.Keep(n)
			} else {
				err = p.Write(n, []byte(v))
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := p.Commit(); err != nil {
			t.Fatal(err)
		}
		site = next
		b, err := os.ReadFile(filepath.Join(dir, manifestName))
		if err != nil {
			t.Fatal(err)
		}
		var paths []string
		for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			_, p, _ := strings.Cut(line, " ")
			paths = append(paths, p)
		}
		want := slices.Sorted(maps.Keys(site))
		if !slices.Equal(paths, want) {
			t.Fatalf("round %d: manifest lists %d paths (sorted: %v), want the site's %d sorted", round, len(paths), slices.IsSorted(paths), len(want))
		}
		got := files(t, dir)
		delete(got, manifestName)
		delete(got, lockName)
		if !maps.Equal(got, site) {
			t.Fatalf("round %d: the folder has %d files, the site %d", round, len(got), len(site))
		}
	}
}
