package generator_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/devrel-handbook/handbook/generator"
)

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == ".handbook-lock" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	return files
}

// TestSameInputGivesByteIdenticalOutput builds the example handbook twice,
// into other folders and with one and with many threads, and compares
// every byte. Issue #2.
func TestSameInputGivesByteIdenticalOutput(t *testing.T) {
	tmp := t.TempDir()
	build := func(out string, procs int) map[string][]byte {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		r, err := generator.Build(generator.Options{Content: "../content", Out: filepath.Join(tmp, out)})
		if err != nil || r.Failed() {
			t.Fatalf("build: %v %v", err, r.Diags)
		}
		return readTree(t, filepath.Join(tmp, out))
	}
	a := build("a", 1)
	b := build("b/deeper", 8)
	if len(a) != len(b) {
		t.Fatalf("%d files vs %d files", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
	if len(a) < 50 {
		t.Errorf("only %d files built", len(a))
	}
}

// TestBuildThatReleasesPagesGivesTheSameBytes: a one-off build lets go of
// each page's converted HTML once it is written and the search index is
// made (issue #6); its output must be that of a render that keeps
// everything, search index included, however the jobs interleave.
func TestBuildThatReleasesPagesGivesTheSameBytes(t *testing.T) {
	old := runtime.GOMAXPROCS(8)
	defer runtime.GOMAXPROCS(old)
	want, r, err := generator.Render(generator.Options{Content: "../content"})
	if err != nil || r.Failed() {
		t.Fatalf("render: %v %v", err, r.Diags)
	}
	out := filepath.Join(t.TempDir(), "out")
	if r, err := generator.Build(generator.Options{Content: "../content", Out: out}); err != nil || r.Failed() {
		t.Fatalf("build: %v %v", err, r.Diags)
	}
	got := readTree(t, out)
	for name := range got {
		if _, ok := want[name]; !ok && name != ".handbook-manifest" { // publish's own record
			t.Errorf("build wrote %s, which render did not make", name)
		}
	}
	for name, data := range want {
		if !bytes.Equal(data, got[name]) {
			t.Errorf("%s differs between the build and the render", name)
		}
	}
}
