package main

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"testing"
)

// A build collects garbage at buildGCPercent with a memory limit that
// grows with the size of the pages and cards, and the settings the process had come
// back when the last of several builds at once ends.
func TestBuildGCIsSetAndPutBack(t *testing.T) {
	dir := t.TempDir()
	const size = 30 << 20 // the limit is above buildMemMin
	if err := os.MkdirAll(filepath.Join(dir, "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Files of that size without writing it (sparse); the video is not
	// held in memory by a build, and does not count.
	for _, name := range []string{"a.md", "b/c.yaml", "b/video.mp4"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(filepath.Join(dir, name), size); err != nil {
			t.Fatal(err)
		}
	}
	before := debug.SetGCPercent(123)
	defer debug.SetGCPercent(before)
	beforeLimit := debug.SetMemoryLimit(1 << 40)
	defer debug.SetMemoryLimit(beforeLimit)

	var wg sync.WaitGroup
	var mu sync.Mutex
	var during []int
	var limits []int64
	first := buildGC(dir)
	<-buildGCState.sized
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done := buildGC(dir)
			mu.Lock()
			p := debug.SetGCPercent(buildGCPercent)
			during = append(during, p)
			limits = append(limits, debug.SetMemoryLimit(-1))
			mu.Unlock()
			done()
		}()
	}
	wg.Wait()
	first()
	want := int64(buildMemBase + buildMemPerByte*2*size)
	if want <= buildMemMin {
		t.Fatalf("the test's content is too small: limit %d", want)
	}
	for i, p := range during {
		if p != buildGCPercent {
			t.Errorf("GC percent during a build = %d, want %d", p, buildGCPercent)
		}
		if limits[i] != want {
			t.Errorf("memory limit during a build = %d, want %d", limits[i], want)
		}
	}
	if p := debug.SetGCPercent(123); p != 123 {
		t.Errorf("GC percent after the builds = %d, want 123 back", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<40 {
		t.Errorf("memory limit after the builds = %d, want %d back", l, int64(1<<40))
	}
}

// A small site's limit is buildMemMin: its collector is not made to work
// harder for a few MiB.
func TestBuildMemLimitHasAFloor(t *testing.T) {
	if l := buildMemLimit(1 << 20); l != buildMemMin {
		t.Errorf("limit for 1 MiB of content = %d, want %d", l, buildMemMin)
	}
	if l, want := buildMemLimit(100<<20), int64(buildMemBase+buildMemPerByte*(100<<20)); l != want {
		t.Errorf("limit for 100 MiB of content = %d, want %d", l, want)
	}
}
