package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// editorDebris is an Ignore function like the one handbook serve uses: it
// drops the temporary, backup, swap and lock files editors make while saving.
func editorDebris(path string) bool {
	base := filepath.Base(path)
	switch {
	case base == "4913", // vim's probe for whether it may write the folder
		strings.HasSuffix(base, "~"),                                                     // vim and emacs backups
		strings.HasPrefix(base, ".") && strings.HasSuffix(base, ".swp"),                  // vim swap
		strings.HasSuffix(base, "___jb_tmp___"), strings.HasSuffix(base, "___jb_old___"), // JetBrains safe write
		strings.HasPrefix(base, ".#"),                                   // emacs lock symlink
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),    // emacs auto-save
		strings.HasPrefix(base, ".") && strings.HasSuffix(base, ".tmp"): // atomic save temp file
		return true
	}
	return false
}

func TestEditorSavesReportOnlyTheRealFile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		save func(t *testing.T, dir, file string)
	}{
		{"plain write", func(t *testing.T, dir, file string) {
			writeFile(t, file, "new")
		}},
		{"temp file renamed over the original", func(t *testing.T, dir, file string) {
			tmp, err := os.CreateTemp(dir, ".page.md-*.tmp")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tmp.WriteString("new"); err != nil {
				t.Fatal(err)
			}
			if err := tmp.Close(); err != nil {
				t.Fatal(err)
			}
			rename(t, tmp.Name(), file)
		}},
		{"vim", func(t *testing.T, dir, file string) {
			swap := filepath.Join(dir, ".page.md.swp")
			writeFile(t, swap, "swap")
			probe := filepath.Join(dir, "4913")
			writeFile(t, probe, "")
			remove(t, probe)
			rename(t, file, file+"~")
			writeFile(t, file, "new")
			remove(t, file+"~")
			writeFile(t, swap, "swap 2")
			remove(t, swap)
		}},
		{"JetBrains safe write", func(t *testing.T, dir, file string) {
			writeFile(t, file+"___jb_tmp___", "new")
			rename(t, file, file+"___jb_old___")
			rename(t, file+"___jb_tmp___", file)
			remove(t, file+"___jb_old___")
		}},
		{"emacs", func(t *testing.T, dir, file string) {
			lock := filepath.Join(dir, ".#page.md")
			if err := os.Symlink("writer@host.1234:1700000000", lock); err != nil {
				t.Fatal(err)
			}
			autosave := filepath.Join(dir, "#page.md#")
			writeFile(t, autosave, "draft")
			rename(t, file, file+"~")
			writeFile(t, file, "new")
			remove(t, autosave)
			remove(t, lock)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			file := filepath.Join(dir, "page.md")
			writeFile(t, file, "old")
			w := newWatcher(t, []string{dir}, Options{Ignore: editorDebris})

			tc.save(t, dir, file)
			// Debris removed at the end of a save could land in a later
			// batch; the sentinel's batch comes after all of them.
			sentinel := filepath.Join(dir, "sentinel.md")
			writeFile(t, sentinel, "x")
			got := union(collect(t, w, file, sentinel))
			if want := []string{file, sentinel}; !slices.Equal(got, want) {
				t.Errorf("paths = %v, want %v", got, want)
			}
			if data, err := os.ReadFile(file); err != nil || string(data) != "new" {
				t.Fatalf("page.md = %q, %v after the save; the test's save is wrong", data, err)
			}
		})
	}
}

func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, path string) {
	t.Helper()
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
}
