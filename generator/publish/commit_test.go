package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func TestAFileCanTurnIntoAFolderAndBack(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	publish(t, dir, map[string]string{"a/b.html": "file", "c/index.html": "c", "c/d/index.html": "d"})
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
