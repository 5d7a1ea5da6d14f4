package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBuildsAreReproducible builds the example handbook twice with the
// real binary: from two copies in other folders with other file times,
// with GOMAXPROCS 1 and 16, in two time zones and languages, and with the
// same SOURCE_DATE_EPOCH. Every output byte must be the same. A third
// build with another SOURCE_DATE_EPOCH shows that the date comes from it,
// not from the clock. Issue #7.
func TestBuildsAreReproducible(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyContent := func(to string, mtime time.Time) string {
		c := filepath.Join(dir, to)
		if err := os.CopyFS(c, os.DirFS("../../content")); err != nil {
			t.Fatal(err)
		}
		filepath.WalkDir(c, func(p string, d os.DirEntry, err error) error {
			if err == nil {
				os.Chtimes(p, mtime, mtime)
			}
			return nil
		})
		return c
	}
	a := copyContent("one/content", time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC))
	b := copyContent("two/deeper/content", time.Now())

	build := func(content, out string, env ...string) map[string][]byte {
		cmd := handbookCommand(t, dir, "build", "--content", content, "--out", out)
		for _, kv := range cmd.Env {
			if !strings.HasPrefix(kv, "GOMAXPROCS=") && !strings.HasPrefix(kv, "TZ=") && !strings.HasPrefix(kv, "LANG=") &&
				!strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "SOURCE_DATE_EPOCH=") {
				env = append(env, kv)
			}
		}
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", content, err, out)
		}
		files := siteFiles(t, out)
		m, err := os.ReadFile(filepath.Join(out, ".handbook-manifest"))
		if err != nil {
			t.Fatal(err)
		}
		files[".handbook-manifest"] = m
		return files
	}
	const epoch = "SOURCE_DATE_EPOCH=1790000000" // 2026-09-21
	one := build(a, filepath.Join(dir, "out1"), epoch, "GOMAXPROCS=1", "TZ=UTC", "LANG=C")
	two := build(b, filepath.Join(dir, "elsewhere/out2"), epoch, "GOMAXPROCS=16", "TZ=Pacific/Kiritimati", "LANG=de_DE.UTF-8", "LC_ALL=tr_TR.UTF-8")
	if len(one) < 50 || len(one) != len(two) {
		t.Fatalf("%d files and %d files", len(one), len(two))
	}
	for name, data := range one {
		if !bytes.Equal(data, two[name]) {
			t.Errorf("%s differs between the two builds", name)
		}
	}

	later := build(a, filepath.Join(dir, "out3"), "SOURCE_DATE_EPOCH=1890000000", "TZ=UTC")
	changed := 0
	for name, data := range later {
		if !bytes.Equal(data, one[name]) {
			changed++
		}
	}
	if changed == 0 {
		t.Error("a build three years later reports the same staleness: today does not come from SOURCE_DATE_EPOCH")
	}
}
