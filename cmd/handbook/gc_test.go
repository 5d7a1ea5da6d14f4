package main

import (
	"runtime/debug"
	"sync"
	"testing"
)

// A build collects garbage at buildGCPercent, and the setting the process
// had comes back when the last of several builds at once ends.
func TestBuildGCIsSetAndPutBack(t *testing.T) {
	before := debug.SetGCPercent(123)
	defer debug.SetGCPercent(before)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var during []int
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done := buildGC()
			mu.Lock()
			p := debug.SetGCPercent(buildGCPercent)
			during = append(during, p)
			mu.Unlock()
			done()
		}()
	}
	wg.Wait()
	for _, p := range during {
		if p != buildGCPercent {
			t.Errorf("GC percent during a build = %d, want %d", p, buildGCPercent)
		}
	}
	if p := debug.SetGCPercent(123); p != 123 {
		t.Errorf("GC percent after the builds = %d, want 123 back", p)
	}
}
