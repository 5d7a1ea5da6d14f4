package watch

import (
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// timeout bounds every wait for a batch. It is generous because the tests run
// with -race on small, busy machines; a passing run never waits this long.
const timeout = 5 * time.Second

func newWatcher(t *testing.T, roots []string, opts Options) *Watcher {
	t.Helper()
	w, err := New(roots, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Error(err)
		}
	})
	return w
}

// receive returns the next batch, failing the test on an error or timeout.
func receive(t *testing.T, w *Watcher) Batch {
	t.Helper()
	select {
	case b, ok := <-w.Batches():
		if !ok {
			t.Fatal("Batches closed")
		}
		return b
	case err := <-w.Errors():
		t.Fatalf("unexpected error: %v", err)
	case <-time.After(timeout):
		t.Fatalf("no batch within %v", timeout)
	}
	panic("unreachable")
}

// collect receives batches until every path in want has been reported, and
// returns them all. Events from one inotify instance arrive in order, so once
// the last path written has been seen, so has every change made before it.
func collect(t *testing.T, w *Watcher, want ...string) []Batch {
	t.Helper()
	var got []Batch
	missing := make(map[string]bool)
	for _, p := range want {
		missing[p] = true
	}
	deadline := time.After(timeout)
	for len(missing) > 0 {
		select {
		case b, ok := <-w.Batches():
			if !ok {
				t.Fatal("Batches closed")
			}
			got = append(got, b)
			for _, p := range b.Paths {
				delete(missing, p)
			}
		case err := <-w.Errors():
			t.Fatalf("unexpected error: %v", err)
		case <-deadline:
			t.Fatalf("after %v, still missing %v; got %v", timeout, slices.Sorted(maps.Keys(missing)), got)
		}
	}
	return got
}

// union is the sorted, de-duplicated paths of all batches.
func union(bs []Batch) []string {
	var all []string
	for _, b := range bs {
		all = append(all, b.Paths...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mkdirAll(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(path, 0o755); err != nil {
		t.Fatal(err)
	}
}

// watched is the watch list with paths relative to root, sorted.
func watched(t *testing.T, w *Watcher, root string) []string {
	t.Helper()
	var rel []string
	for _, p := range w.fsw.WatchList() {
		r, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		rel = append(rel, filepath.ToSlash(r))
	}
	slices.Sort(rel)
	return rel
}

func TestNewRejectsMissingAndFileRoots(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "f.md")
	writeFile(t, file, "x")
	for _, tc := range []struct {
		name  string
		roots []string
		want  string
	}{
		{"none", nil, "no folders to watch"},
		{"missing", []string{filepath.Join(dir, "nope")}, "no such file"},
		{"file", []string{file}, "is not a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := New(tc.roots, Options{})
			if err == nil {
				w.Close()
				t.Fatal("New succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "watch: ") {
				t.Errorf("error %q, want it to start with %q and contain %q", err, "watch: ", tc.want)
			}
		})
	}
}

func TestWriteDeepInExistingTreeIsReported(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	mkdirAll(t, deep)
	w := newWatcher(t, []string{root}, Options{})

	f := filepath.Join(deep, "page.md")
	writeFile(t, f, "hello")
	got := union(collect(t, w, f))
	if !slices.Equal(got, []string{f}) {
		t.Errorf("paths = %v, want [%s]", got, f)
	}
}

func TestFilesInNewFoldersAreNotMissed(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := newWatcher(t, []string{root}, Options{})

	// Files written straight after mkdir usually land before the folder's
	// watch exists; only the read after adding the watch can find them.
	var want []string
	for i := range 20 {
		top := filepath.Join(root, "new"+string(rune('a'+i)))
		deep := filepath.Join(top, "x", "y")
		mkdirAll(t, deep)
		f := filepath.Join(deep, "f.md")
		writeFile(t, f, "x")
		want = append(want, top, filepath.Join(top, "x"), deep, f)
	}
	got := union(collect(t, w, want...))
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("paths = %v\nwant %v", got, want)
	}

	// The new folders are watched themselves, not just read once.
	g := filepath.Join(root, "newt", "x", "y", "g.md")
	writeFile(t, g, "x")
	collect(t, w, g)
}

func TestRemovedFolderIsReportedAndUnwatched(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	mkdirAll(t, filepath.Join(root, "a", "b", "c"))
	writeFile(t, filepath.Join(root, "a", "b", "c", "f.md"), "x")
	w := newWatcher(t, []string{root}, Options{})
	if got, want := watched(t, w, root), []string{".", "a", "a/b", "a/b/c"}; !slices.Equal(got, want) {
		t.Fatalf("watching %v, want %v", got, want)
	}

	if err := os.RemoveAll(filepath.Join(root, "a", "b")); err != nil {
		t.Fatal(err)
	}
	// Everything removed is reported, and the batch is only sent after the
	// watches were dropped.
	collect(t, w,
		filepath.Join(root, "a", "b"),
		filepath.Join(root, "a", "b", "c"),
		filepath.Join(root, "a", "b", "c", "f.md"))
	if got, want := watched(t, w, root), []string{".", "a"}; !slices.Equal(got, want) {
		t.Errorf("watching %v, want %v", got, want)
	}
}

func TestRenamedFolderIsWatchedUnderNewName(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	mkdirAll(t, filepath.Join(root, "a", "b"))
	writeFile(t, filepath.Join(root, "a", "b", "f.md"), "x")
	w := newWatcher(t, []string{root}, Options{})

	if err := os.Rename(filepath.Join(root, "a"), filepath.Join(root, "x")); err != nil {
		t.Fatal(err)
	}
	// Old and new names, and the contents under the new name.
	collect(t, w,
		filepath.Join(root, "a"),
		filepath.Join(root, "x"),
		filepath.Join(root, "x", "b"),
		filepath.Join(root, "x", "b", "f.md"))
	if got, want := watched(t, w, root), []string{".", "x", "x/b"}; !slices.Equal(got, want) {
		t.Errorf("watching %v, want %v", got, want)
	}

	// A change in the renamed tree is named by the new path. Had the old
	// watch been kept, fsnotify would report it as a/b/g.md.
	g := filepath.Join(root, "x", "b", "g.md")
	writeFile(t, g, "x")
	for _, p := range union(collect(t, w, g)) {
		if strings.HasPrefix(p, filepath.Join(root, "a")+string(filepath.Separator)) {
			t.Errorf("reported %s under the old name", p)
		}
	}
}

func TestRemovedRootIsReportedWithError(t *testing.T) {
	t.Parallel()
	r1, r2 := t.TempDir(), t.TempDir()
	gone := filepath.Join(r1, "gone")
	mkdirAll(t, gone)
	w := newWatcher(t, []string{gone, r2}, Options{})

	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	var sawBatch, sawErr bool
	for deadline := time.After(timeout); !sawBatch || !sawErr; {
		select {
		case b := <-w.Batches():
			sawBatch = sawBatch || slices.Contains(b.Paths, gone)
		case err := <-w.Errors():
			if !strings.Contains(err.Error(), "root "+gone+" was removed") {
				t.Fatalf("unexpected error: %v", err)
			}
			sawErr = true
		case <-deadline:
			t.Fatalf("after %v: batch with %s %v, error %v", timeout, gone, sawBatch, sawErr)
		}
	}

	// The other root is still watched.
	f := filepath.Join(r2, "f.md")
	writeFile(t, f, "x")
	collect(t, w, f)
}

func TestSymlinkedFoldersAreNotFollowed(t *testing.T) {
	t.Parallel()
	root, outside := t.TempDir(), t.TempDir()
	mkdirAll(t, filepath.Join(outside, "sub"))
	if err := os.Symlink(outside, filepath.Join(root, "ext")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(root, filepath.Join(root, "loop")); err != nil {
		t.Fatal(err)
	}
	w := newWatcher(t, []string{root}, Options{})

	// A link created while watching is reported, but not followed either.
	ext2 := filepath.Join(root, "ext2")
	if err := os.Symlink(outside, ext2); err != nil {
		t.Fatal(err)
	}
	collect(t, w, ext2)

	writeFile(t, filepath.Join(outside, "f.md"), "x")
	writeFile(t, filepath.Join(outside, "sub", "g.md"), "x")
	mkdirAll(t, filepath.Join(outside, "new"))
	// Anything reported from outside would come before this.
	sentinel := filepath.Join(root, "sentinel.md")
	writeFile(t, sentinel, "x")
	if got := union(collect(t, w, sentinel)); !slices.Equal(got, []string{sentinel}) {
		t.Errorf("paths = %v, want only %s", got, sentinel)
	}
	if got, want := watched(t, w, root), []string{"."}; !slices.Equal(got, want) {
		t.Errorf("watching %v, want %v", got, want)
	}
}

func TestCloseLeavesNoGoroutines(t *testing.T) {
	// Not parallel: it counts goroutines. Parallel tests are paused while it
	// runs.
	before := runtime.NumGoroutine()

	var ws []*Watcher
	for range 3 {
		root := t.TempDir()
		w, err := New([]string{root}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ws = append(ws, w)
		f := filepath.Join(root, "f.md")
		writeFile(t, f, "x")
		collect(t, w, f)
		// Leave a change unread: Close must not wait for a consumer.
		writeFile(t, filepath.Join(root, "g.md"), "x")
	}
	for _, w := range ws {
		start := time.Now()
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("Close took %v", d)
		}
		if err := w.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
		// Both channels are closed; a batch that was waiting may come first.
		for range w.Batches() {
		}
		if _, ok := <-w.Errors(); ok {
			t.Error("Errors not closed")
		}
	}

	// Each watcher ran two goroutines (ours and fsnotify's); leaking either
	// would exceed the slack of one.
	var after int
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if after = runtime.NumGoroutine(); after <= before+1 {
			return
		}
	}
	t.Errorf("goroutines: %d before, %d after Close", before, after)
}

func TestCloseIsPromptWhileEventsArrive(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w, err := New([]string{root}, Options{})
	if err != nil {
		t.Fatal(err)
	}

	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			dir := filepath.Join(root, "d"+string(rune('a'+i%26)))
			os.MkdirAll(dir, 0o755)
			os.WriteFile(filepath.Join(dir, "f.md"), []byte("x"), 0o644)
		}
	}()
	defer func() { close(stop); <-stopped }()

	// Once the stream is flowing, stop reading Batches and close.
	receive(t, w)
	start := time.Now()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Close took %v while events kept arriving", d)
	}
}

func TestFolderMovedIntoNewFolderStaysWatched(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	const n = 10
	for i := range n {
		mkdirAll(t, filepath.Join(root, "old"+strconv.Itoa(i), "sub"))
	}
	w := newWatcher(t, []string{root}, Options{})

	// mkdir new && mv old new/: reading new finds old inside it before the
	// event for the rename away from old has been handled, while the kernel
	// still has old's watch under its old name.
	var want []string
	for i := range n {
		old := filepath.Join(root, "old"+strconv.Itoa(i))
		dst := filepath.Join(root, "new"+strconv.Itoa(i))
		mkdirAll(t, dst)
		rename(t, old, filepath.Join(dst, "old"))
		want = append(want, old, dst, filepath.Join(dst, "old"), filepath.Join(dst, "old", "sub"))
	}
	collect(t, w, want...)

	want = want[:0]
	for i := range n {
		f := filepath.Join(root, "new"+strconv.Itoa(i), "old", "sub", "f.md")
		writeFile(t, f, "x")
		want = append(want, f)
	}
	collect(t, w, want...)
}

func TestSameFolderGivenTwiceIsWatchedOnce(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "site")
	mkdirAll(t, filepath.Join(dir, "sub"))
	link := filepath.Join(root, "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	w := newWatcher(t, []string{dir, link, dir + "/"}, Options{})

	// The first name given is the one watched and reported.
	f := filepath.Join(link, "sub", "f.md")
	writeFile(t, f, "x")
	if got := union(collect(t, w, filepath.Join(dir, "sub", "f.md"))); len(got) != 1 {
		t.Errorf("paths = %v, want the file once", got)
	}
	if got, want := watched(t, w, root), []string{"site", "site/sub"}; !slices.Equal(got, want) {
		t.Errorf("watching %v, want %v", got, want)
	}
}
