package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// burstOptions widen the quiet period so that a burst is one batch even when
// the machine stalls the writing loop for a moment; the defaults assume a
// writer that is not competing with -race and other tests for two cores.
var burstOptions = Options{Debounce: 200 * time.Millisecond, MaxDelay: 3 * time.Second}

// background runs ops one after the other in a goroutine, so that the test
// reads batches while they happen, as serve does. Batches read only afterwards
// would merge while waiting and hide a split. The returned function waits for
// the ops and fails the test if one failed.
func background(t *testing.T, ops []func() error) (wait func()) {
	done := make(chan error, 1)
	go func() {
		for _, op := range ops {
			if err := op(); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	return func() {
		t.Helper()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func write(path string) func() error {
	return func() error { return os.WriteFile(path, []byte("new"), 0o644) }
}

func TestBurstOf500FilesArrivesInFewBatches(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := newWatcher(t, []string{root}, burstOptions)

	var want []string
	var ops []func() error
	for i := range 500 {
		f := filepath.Join(root, fmt.Sprintf("page-%03d.md", i))
		want = append(want, f)
		ops = append(ops, write(f))
	}
	wait := background(t, ops)
	bs := collect(t, w, want...)
	wait()
	if len(bs) > 3 {
		t.Errorf("500 files arrived in %d batches, want at most 3", len(bs))
	}
	if got := union(bs); !slices.Equal(got, want) {
		t.Errorf("got %d paths, want the 500 written", len(got))
	}
}

func TestEventsCloserThanDebounceShareOneBatch(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := newWatcher(t, []string{root}, Options{Debounce: 300 * time.Millisecond, MaxDelay: 10 * time.Second})

	// A slow save: 25 writes 40ms apart span a second, more than three times
	// the quiet period, but never go quiet for its length. A batch that ended
	// a fixed time after its first event would split them.
	var want []string
	var ops []func() error
	for i := range 25 {
		f := filepath.Join(root, fmt.Sprintf("part-%02d.md", i))
		want = append(want, f)
		ops = append(ops, write(f), func() error { time.Sleep(40 * time.Millisecond); return nil })
	}
	wait := background(t, ops)
	bs := collect(t, w, want...)
	wait()
	// A stall of the writer beyond 300ms on a busy machine may split once.
	if len(bs) > 2 {
		t.Errorf("writes 40ms apart arrived in %d batches, want 1", len(bs))
	}
}

func TestCheckoutLikeBurstAcrossFolders(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for d := range 8 {
		for f := range 30 {
			mkdirAll(t, filepath.Join(root, "sec"+strconv.Itoa(d), "sub"))
			writeFile(t, filepath.Join(root, "sec"+strconv.Itoa(d), "p"+strconv.Itoa(f)+".md"), "old")
		}
		writeFile(t, filepath.Join(root, "sec"+strconv.Itoa(d), "sub", "deep.md"), "old")
	}
	w := newWatcher(t, []string{root}, burstOptions)

	// What git checkout does between two commits: rewrite, delete, rename
	// files, replace folders and add new ones, all at once.
	var want []string
	var ops []func() error
	touch := func(p string) { want = append(want, p) }
	for d := range 8 {
		sec := filepath.Join(root, "sec"+strconv.Itoa(d))
		for f := range 10 {
			p := filepath.Join(sec, "p"+strconv.Itoa(f)+".md")
			ops = append(ops, write(p))
			touch(p)
		}
		for f := 10; f < 20; f++ {
			p := filepath.Join(sec, "p"+strconv.Itoa(f)+".md")
			ops = append(ops, func() error { return os.Remove(p) })
			touch(p)
		}
		for f := 20; f < 25; f++ {
			from := filepath.Join(sec, "p"+strconv.Itoa(f)+".md")
			to := filepath.Join(sec, "moved"+strconv.Itoa(f)+".md")
			ops = append(ops, func() error { return os.Rename(from, to) })
			touch(from)
			touch(to)
		}
		if d%2 == 0 {
			// A folder replaced by another of the same name.
			sub := filepath.Join(sec, "sub")
			ops = append(ops,
				func() error { return os.RemoveAll(sub) },
				func() error { return os.Mkdir(sub, 0o755) },
				write(filepath.Join(sub, "other.md")))
			touch(sub)
			touch(filepath.Join(sub, "deep.md"))
			touch(filepath.Join(sub, "other.md"))
		} else {
			// A folder renamed.
			from, to := filepath.Join(sec, "sub"), filepath.Join(sec, "renamed")
			ops = append(ops, func() error { return os.Rename(from, to) })
			touch(from)
			touch(to)
			touch(filepath.Join(to, "deep.md"))
		}
		fresh := filepath.Join(sec, "fresh", "deeper")
		ops = append(ops, func() error { return os.MkdirAll(fresh, 0o755) })
		touch(filepath.Dir(fresh))
		touch(fresh)
		for f := range 20 {
			p := filepath.Join(fresh, "n"+strconv.Itoa(f)+".md")
			ops = append(ops, write(p))
			touch(p)
		}
	}
	slices.Sort(want)
	want = slices.Compact(want)

	wait := background(t, ops)
	bs := collect(t, w, want...)
	wait()
	if len(bs) > 3 {
		t.Errorf("checkout arrived in %d batches, want at most 3", len(bs))
	}
	if got := union(bs); !slices.Equal(got, want) {
		t.Errorf("extra paths reported: %v", unexpected(got, want))
	}
}

// unexpected lists the paths in got that are not in want.
func unexpected(got, want []string) []string {
	var extra []string
	for _, p := range got {
		if !slices.Contains(want, p) {
			extra = append(extra, p)
		}
	}
	return extra
}

func TestChangeWhileConsumerIsBusyIsDeliveredNext(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := newWatcher(t, []string{root}, Options{Debounce: 20 * time.Millisecond})

	a, b, c := filepath.Join(root, "a.md"), filepath.Join(root, "b.md"), filepath.Join(root, "c.md")
	writeFile(t, a, "x")
	collect(t, w, a)

	// The consumer is rebuilding and does not read Batches. Both changes
	// become due while it is busy. The pauses only simulate the rebuild; the
	// test does not rely on their length.
	writeFile(t, b, "x")
	time.Sleep(200 * time.Millisecond)
	writeFile(t, c, "x")
	time.Sleep(200 * time.Millisecond)

	first := receive(t, w)
	if !slices.Contains(first.Paths, b) {
		t.Fatalf("first batch after the busy period = %v, want it to contain %s", first.Paths, b)
	}
	// c was normally merged into the same batch; on a slow machine its quiet
	// period may not have ended before the read, and it comes next.
	if !slices.Contains(first.Paths, c) {
		collect(t, w, c)
	}
}

func TestContinuousStreamFlushesAfterMaxDelay(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	// The stream never pauses for a whole second, so only MaxDelay can end a
	// batch while it runs.
	w := newWatcher(t, []string{root}, Options{Debounce: time.Second, MaxDelay: 200 * time.Millisecond})

	var writing atomic.Bool
	writing.Store(true)
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		defer writing.Store(false)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				os.WriteFile(filepath.Join(root, "stream.md"), []byte(strconv.Itoa(i)), 0o644)
			}
		}
	}()
	defer func() { close(stop); <-stopped }()

	b := receive(t, w)
	if !writing.Load() {
		t.Fatal("writer stopped before the batch arrived")
	}
	if want := filepath.Join(root, "stream.md"); !slices.Equal(b.Paths, []string{want}) {
		t.Errorf("paths = %v, want [%s]", b.Paths, want)
	}
}

func TestQueueOverflowSetsOverflow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("overflow is produced with the inotify queue limit")
	}
	raw, err := os.ReadFile("/proc/sys/fs/inotify/max_queued_events")
	if err != nil {
		t.Skip(err)
	}
	limit, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil || limit > 1<<17 {
		t.Skipf("fs.inotify.max_queued_events = %q: too many events to overflow in a test", raw)
	}
	t.Parallel()
	root := t.TempDir()

	// Ignore runs on the event loop, so blocking it in there stalls the loop
	// and, behind it, fsnotify's reader; the kernel queue then fills up.
	trigger := filepath.Join(root, "trigger")
	entered, gate := make(chan struct{}), make(chan struct{})
	var blocked atomic.Bool
	w := newWatcher(t, []string{root}, Options{Ignore: func(path string) bool {
		if path == trigger && blocked.CompareAndSwap(false, true) {
			close(entered)
			<-gate
		}
		return false
	}})
	// Cleanups run last first: open the gate before Close waits for the loop.
	var gateOnce atomic.Bool
	openGate := func() {
		if gateOnce.CompareAndSwap(false, true) {
			close(gate)
		}
	}
	t.Cleanup(openGate)

	writeFile(t, trigger, "x")
	select {
	case <-entered:
	case <-time.After(timeout):
		t.Fatal("the loop never reached the trigger")
	}

	// Enough events for the queue, fsnotify's 64 KiB read buffer (at most
	// 4096 events) and a margin. Writes alternate between two files because
	// the kernel merges an event into an identical one at the tail.
	var files [2]*os.File
	for i, name := range []string{"a", "b"} {
		f, err := os.Create(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		files[i] = f
	}
	for i := range limit + 4096 + 1000 {
		if _, err := files[i%2].Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	openGate()

	for deadline := time.After(2 * timeout); ; {
		select {
		case b := <-w.Batches():
			if b.Overflow {
				return
			}
		case err := <-w.Errors():
			t.Fatalf("unexpected error: %v", err)
		case <-deadline:
			t.Fatalf("no batch with Overflow within %v", 2*timeout)
		}
	}
}

func TestInPlaceWriteOfOneFileEndsItsBatchSooner(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	page := filepath.Join(root, "page.md")
	writeFile(t, page, "old")
	const long = 2 * time.Second
	w := newWatcher(t, []string{root}, Options{Debounce: long, WriteDebounce: 5 * time.Millisecond, MaxDelay: 10 * time.Second})

	// A save in place: only Write events on one file.
	start := time.Now()
	if err := os.WriteFile(page, []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := receive(t, w)
	if d := time.Since(start); d >= long/2 {
		t.Errorf("an in-place write took %v to arrive, want the short quiet period", d)
	}
	if len(b.Paths) != 1 || b.Paths[0] != page {
		t.Errorf("batch %v, want [%s]", b.Paths, page)
	}

	// A new file is a create: the full quiet period, so that the rest of
	// an editor's save (a rename, a backup removed) joins the batch.
	start = time.Now()
	writeFile(t, filepath.Join(root, "new.md"), "x")
	receive(t, w)
	if d := time.Since(start); d < long {
		t.Errorf("a created file arrived after %v, before the quiet period of %v", d, long)
	}
}

func TestATruncatedFileWaitsForItsWrite(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	page := filepath.Join(root, "page.md")
	writeFile(t, page, "old")
	const long = time.Second
	w := newWatcher(t, []string{root}, Options{Debounce: long, WriteDebounce: 5 * time.Millisecond, MaxDelay: 10 * time.Second})
	start := time.Now()
	if err := os.WriteFile(page, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	receive(t, w)
	if d := time.Since(start); d < long {
		t.Errorf("an emptied file arrived after %v: a save's write may still be coming, want the full %v", d, long)
	}
}
