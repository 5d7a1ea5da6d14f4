package load

import (
	"bytes"
	"fmt"
	"testing"
	"testing/fstest"
)

func TestIgnoredNames(t *testing.T) {
	for name, want := range map[string]bool{
		"page.md": false, "_index.md": false, "README.md": false, "logo.png": false,
		"_notes.md": true, ".hidden": true, "page.md~": true, "#page.md#": true, ".page.md.swp": true,
		"4913": true, ".DS_Store": true, "Thumbs.db": true, "page.md___jb_tmp___": true, "page.md___jb_old___": true,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestPageURLs(t *testing.T) {
	for p, want := range map[string]string{
		"index.md":             "/",
		"README.md":            "/",
		"events/index.md":      "/events/",
		"events/_index.md":     "/events/",
		"events/booth-duty.md": "/events/booth-duty/",
		"a/b/c/deep.md":        "/a/b/c/deep/",
		"zh/展台.md":             "/zh/展台/",
	} {
		if got := pageURL(p); got != want {
			t.Errorf("pageURL(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestValidIDs(t *testing.T) {
	for id, want := range map[string]bool{"sales": true, "account-executive": true, "a1": true, "Sales": false, "a_b": false, "-a": false, "a--b": false, "": false} {
		if ValidID(id) != want {
			t.Errorf("ValidID(%q) = %v", id, !want)
		}
	}
}

// readLimited reads exactly the file, whatever its size against the buffer
// it allocates from Stat, and refuses one byte over the limit.
func TestReadLimitedReadsWholeFilesUpToTheLimit(t *testing.T) {
	const limit = 5000
	fsys := fstest.MapFS{}
	for _, n := range []int{0, 1, 511, 512, 513, 4096, limit} {
		fsys[fmt.Sprint(n)] = &fstest.MapFile{Data: bytes.Repeat([]byte{'a' + byte(n%26)}, n)}
	}
	fsys["over"] = &fstest.MapFile{Data: make([]byte, limit+1)}
	for name, f := range fsys {
		b, err := readLimited(fsys, name, limit)
		if name == "over" {
			if _, ok := err.(*tooBig); !ok {
				t.Errorf("%d bytes with a limit of %d: got %v, want the limit error", len(f.Data), limit, err)
			}
			continue
		}
		if err != nil || !bytes.Equal(b, f.Data) {
			t.Errorf("file of %s bytes: read %d bytes, err %v", name, len(b), err)
		}
	}
}
