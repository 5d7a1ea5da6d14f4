package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// writeVariant writes a content folder of n pages whose text says which
// variant it is. Both variants have files of the same sizes, so that a file
// left half-way between them could not be told by its size.
func writeVariant(t *testing.T, content, variant string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		p := filepath.Join(content, fmt.Sprintf("s%02d/p%04d.md", i%40, i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf("---\ntitle: Page %d\n---\nThis is version %s of page %d.\n", i, strings.Repeat(variant, 4), i)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(content, "index.md"), []byte("# Home "+variant+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// siteFiles reads the published site in out, without handbook's own files.
func siteFiles(t *testing.T, out string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if strings.HasPrefix(rel, ".handbook-") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestKilledWhilePublishingLeavesOnlyWholeFiles runs the real binary over a
// few thousand pages and kills it with SIGKILL at random moments of its
// build, mostly while it publishes, switching the content between two
// variants of equal sizes. After every kill each published file must be a
// whole file of one variant or the other, and a last build must bring the
// folder exactly to the last variant. Issue #7.
func TestKilledWhilePublishingLeavesOnlyWholeFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a few thousand pages many times")
	}
	dir := t.TempDir()
	const pages = 600
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 7))
	t.Logf("seed %d", seed)

	// The two variants, each built cleanly, in-process.
	want := map[string]map[string][]byte{}
	for _, v := range []string{"A", "B"} {
		content := filepath.Join(dir, "content-"+v)
		writeVariant(t, content, v, pages)
		if _, stderr, code := runCLI(t, dir, "build", "--content", content, "--out", filepath.Join(dir, "clean-"+v), "--today", "2026-01-01"); code != 0 {
			t.Fatalf("clean build of %s: %s", v, stderr)
		}
		want[v] = siteFiles(t, filepath.Join(dir, "clean-"+v))
	}

	content, out := filepath.Join(dir, "content"), filepath.Join(dir, "public")
	build := func() *os.ProcessState {
		cmd := handbookCommand(t, dir, "build", "--content", content, "--out", out, "--today", "2026-01-01")
		if err := cmd.Run(); err != nil {
			t.Fatalf("build: %v", err)
		}
		return cmd.ProcessState
	}
	writeVariant(t, content, "A", pages)
	start := time.Now()
	build()
	full := time.Since(start)
	t.Logf("a full build takes %v", full)

	variant := "A"
	mixed, iterations := 0, 0
	// Each kill is followed by a build that finishes, over the other
	// variant: it must not take what the killed build left for its own.
	modes := []int{1, 2, 1, 2, 0, 2}
	for i, mode := range modes {
		iterations++
		variant = map[string]string{"A": "B", "B": "A"}[variant]
		writeVariant(t, content, variant, pages)
		cmd := handbookCommand(t, dir, "build", "--content", content, "--out", out, "--today", "2026-01-01")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		switch mode {
		case 0: // at a random moment
			select {
			case <-done:
			case <-time.After(time.Duration(float64(full) * rng.Float64())):
				cmd.Process.Signal(syscall.SIGKILL)
				<-done
			}
		case 1: // while files move into place: the home page, which is moved first, has changed
			home := []byte("Home " + variant)
			for {
				b, _ := os.ReadFile(filepath.Join(out, "index.html"))
				if bytes.Contains(b, home) {
					time.Sleep(time.Duration(rng.IntN(20_000)) * time.Microsecond)
					cmd.Process.Signal(syscall.SIGKILL)
					<-done
					break
				}
				select {
				case <-done:
				case <-time.After(200 * time.Microsecond):
					continue
				}
				break
			}
		case 2: // not at all
			if err := <-done; err != nil {
				t.Fatalf("build: %v\n%s", err, stderr.String())
			}
		}
		seen := map[string]bool{}
		for name, got := range siteFiles(t, out) {
			a, inA := want["A"][name]
			b, inB := want["B"][name]
			switch {
			case inA && bytes.Equal(got, a) && inB && bytes.Equal(got, b):
			case inA && bytes.Equal(got, a):
				seen["A"] = true
			case inB && bytes.Equal(got, b):
				seen["B"] = true
			default:
				t.Fatalf("after kill %d (seed %d): %s is neither variant's file:\n%q", i, seed, name, got)
			}
		}
		if seen["A"] && seen["B"] {
			mixed++ // killed while moving files into place
		}
		if cmd.ProcessState.Success() {
			// A build that finished brought the whole site up to date,
			// whatever the build it followed was killed in the middle of.
			if seen[map[string]string{"A": "B", "B": "A"}[variant]] {
				t.Fatalf("after build %d (seed %d) finished, files of the other variant are left", i, seed)
			}
		}
	}
	t.Logf("%d builds, %d killed while moving files into place", iterations, mixed)

	// The next build brings the site fully up to date.
	build()
	got := siteFiles(t, out)
	for name, w := range want[variant] {
		if !bytes.Equal(got[name], w) {
			t.Errorf("seed %d: %s is not variant %s's file after a full build:\n%q", seed, name, variant, got[name])
		}
	}
	for name := range got {
		if _, ok := want[variant][name]; !ok {
			t.Errorf("seed %d: %s is left over", seed, name)
		}
	}
	if entries, _ := os.ReadDir(out); hasStaging(entries) {
		t.Error("a staging folder is left after a full build")
	}
}

func hasStaging(entries []os.DirEntry) bool {
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".handbook-staging-") {
			return true
		}
	}
	return false
}
