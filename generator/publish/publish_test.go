package publish

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		b, _ := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	return out
}

func publish(t *testing.T, dir string, site map[string]string) Stats {
	t.Helper()
	p, err := Open(dir, Guard{})
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(site))
	for n := range site {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := p.Write(n, []byte(site[n])); err != nil {
			t.Fatal(err)
		}
	}
	st, err := p.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestPublishWritesOnlyChangedFilesAndRemovesOldOnes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	st := publish(t, dir, map[string]string{"index.html": "home", "a/index.html": "a", "b/index.html": "b"})
	if st.Written != 3 {
		t.Fatalf("first publish wrote %d files, want 3", st.Written)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "a/index.html"), old, old)

	st = publish(t, dir, map[string]string{"index.html": "home v2", "a/index.html": "a", "c/d/index.html": "c"})
	if st.Written != 2 || st.Unchanged != 1 || st.Removed != 1 {
		t.Errorf("second publish: %+v, want 2 written, 1 unchanged, 1 removed", st)
	}
	fi, _ := os.Stat(filepath.Join(dir, "a/index.html"))
	if !fi.ModTime().Equal(old) {
		t.Errorf("unchanged file was rewritten (mtime %v)", fi.ModTime())
	}
	got := files(t, dir)
	for _, n := range []string{"index.html", "a/index.html", "c/d/index.html"} {
		if _, ok := got[n]; !ok {
			t.Errorf("missing %s", n)
		}
	}
	if _, ok := got["b/index.html"]; ok {
		t.Error("b/index.html was not removed")
	}
	if _, err := os.Stat(filepath.Join(dir, "b")); !os.IsNotExist(err) {
		t.Error("empty folder b/ was left behind")
	}
	for n := range got {
		if strings.HasPrefix(n, stagingPrefix) {
			t.Errorf("staging file left: %s", n)
		}
	}
}

func TestAbortLeavesTheOutputAsItWas(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	publish(t, dir, map[string]string{"index.html": "good"})
	before := files(t, dir)
	p, err := Open(dir, Guard{})
	if err != nil {
		t.Fatal(err)
	}
	p.Write("index.html", []byte("half-built"))
	p.Write("new/index.html", []byte("new"))
	p.Abort()
	after := files(t, dir)
	if len(after) != len(before) || after["index.html"] != "good" {
		t.Errorf("output changed by an aborted publish:\nbefore %v\nafter  %v", before, after)
	}
}

func TestAFileThatWasRemovedByHandIsWrittenAgain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	publish(t, dir, map[string]string{"index.html": "home"})
	os.Remove(filepath.Join(dir, "index.html"))
	st := publish(t, dir, map[string]string{"index.html": "home"})
	if st.Written != 1 {
		t.Errorf("wrote %d, want the missing file written again", st.Written)
	}
}

func TestOutputFolderGuards(t *testing.T) {
	tmp := t.TempDir()
	content := filepath.Join(tmp, "site", "content")
	os.MkdirAll(content, 0o755)
	repo := filepath.Join(tmp, "repo")
	os.MkdirAll(filepath.Join(repo, ".git"), 0o755)
	foreign := filepath.Join(tmp, "foreign")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644)

	for _, c := range []struct{ out, want string }{
		{content, "is the content folder"},
		{filepath.Join(tmp, "site"), "contains the content folder"},
		{tmp, "contains the content folder"},
		{repo, "is the root of a git repository"},
		{foreign, "is not empty and was not made by handbook"},
		{"/", "file system root"},
	} {
		_, err := Open(c.out, Guard{Content: content})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%s): %v, want an error containing %q", c.out, err, c.want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(foreign, "notes.txt")); string(b) != "mine" {
		t.Error("a refused folder was changed")
	}
	// An empty folder, and a folder handbook made, are fine.
	empty := filepath.Join(tmp, "empty")
	os.MkdirAll(empty, 0o755)
	publish(t, empty, map[string]string{"index.html": "x"})
	publish(t, empty, map[string]string{"index.html": "y"})
}

func TestTwoPublishesAtOnceAreRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	p, err := Open(dir, Guard{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	if _, err := Open(dir, Guard{}); err == nil || !strings.Contains(err.Error(), "another handbook build") {
		t.Errorf("second Open: %v, want a lock error", err)
	}
}

func TestStaleStagingFromACrashIsCleared(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	publish(t, dir, map[string]string{"index.html": "x"})
	stale := filepath.Join(dir, stagingPrefix+"99999")
	os.MkdirAll(stale, 0o755)
	os.WriteFile(filepath.Join(stale, "1"), []byte("half"), 0o644)
	publish(t, dir, map[string]string{"index.html": "x"})
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("stale staging folder was not removed")
	}
}

func TestPathsCannotLeaveTheOutputFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	p, err := Open(dir, Guard{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Abort()
	for _, bad := range []string{"../x", "/etc/x", "a/../../x", "a\\b", ".handbook-manifest", "", "a//b", "./a"} {
		if err := p.Write(bad, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded", bad)
		}
	}
}
