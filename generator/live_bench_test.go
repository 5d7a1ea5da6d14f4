package generator_test

// Edit-to-output latency of a serve session on the synthetic 10k-page
// handbook: the time from saving a file to the rebuilt site being handed
// to the dev server (which then tells the browser). Issue #3. Run with
//
//	go test -run '^$' -bench BenchmarkServeEdit -benchtime 10x ./generator/
//
// (HANDBOOK_EDIT_PROFILE=/tmp/edits profiles the edits, see below.)

import (
	"context"
	"fmt"
	"io/fs"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/serve"
	"github.com/devrel-handbook/handbook/templates"
)

func BenchmarkServeEdit(b *testing.B) {
	src, err := generate(10000)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	content := filepath.Join(dir, "content")
	if out, err := exec.Command("cp", "-r", src, content).CombinedOutput(); err != nil {
		b.Fatalf("copy: %v %s", err, out)
	}
	tmpl := filepath.Join(dir, "templates")
	os.MkdirAll(tmpl, 0o755)
	page, _ := fs.ReadFile(templates.FS, "page.html")
	os.WriteFile(filepath.Join(tmpl, "page.html"), page, 0o644)

	var pagePath, rolePath string
	filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && pagePath == "" && strings.HasSuffix(p, ".md") && filepath.Base(p) != "index.md" && strings.Count(p[len(content):], "/") > 2 {
			pagePath = p
		}
		return nil
	})
	roles, _ := filepath.Glob(filepath.Join(content, "roles", "*.yaml"))
	sort.Strings(roles)
	rolePath = roles[0]

	builds := make(chan generator.Rebuild, 16)
	lv := &generator.Live{
		Options: generator.Options{Content: content, Templates: tmpl, Today: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)},
		Server:  serve.New(serve.Options{}),
		Report:  func(rb generator.Rebuild) { builds <- rb },
		Ready:   make(chan struct{}),
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); lv.Run(ctx) }()
	defer func() { cancel(); <-done }()
	<-lv.Ready
	first := <-builds
	base := "/"
	if first.Result != nil && first.Result.BasePath != "" {
		base = first.Result.BasePath
	}

	// served returns the page at url as the server serves it now.
	handler := lv.Server.Handler()
	served := func(url string) string {
		req := httptest.NewRequest("GET", url, nil)
		req.Host = "localhost"
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		return rec.Body.String()
	}
	pageURL := base + filepath.ToSlash(strings.TrimSuffix(pagePath[len(content)+1:], ".md")) + "/"
	roleURL := base + "roles/" + strings.TrimSuffix(filepath.Base(rolePath), ".yaml") + "/"

	// edit times b.N edits of path. A save can come as more than one
	// batch (the truncation, then the write), so a rebuild counts for edit
	// i only once url shows shows(i); shows nil takes the first rebuild.
	edit := func(b *testing.B, path string, change func(src string, i int) string, url string, shows func(i int) string) {
		// HANDBOOK_EDIT_PROFILE=file writes a CPU profile of the edits
		// alone (not the first build) to file-<sub-benchmark>.
		if f := os.Getenv("HANDBOOK_EDIT_PROFILE"); f != "" {
			pf, err := os.Create(f + "-" + filepath.Base(b.Name()))
			if err == nil {
				err = pprof.StartCPUProfile(pf)
			}
			if err != nil {
				b.Fatal(err)
			}
			defer pf.Close()
			defer pprof.StopCPUProfile()
		}
		orig, _ := os.ReadFile(path)
		defer os.WriteFile(path, orig, 0o644)
		var total time.Duration
		var worst time.Duration
		var all, cpus []time.Duration
		quick := 0
		for i := 0; i < b.N; i++ {
			cpu0 := cpuTime()
			start := time.Now()
			if err := os.WriteFile(path, []byte(change(string(orig), i)), 0o644); err != nil {
				b.Fatal(err)
			}
			next := func() generator.Rebuild {
				select {
				case rb := <-builds:
					return rb
				case <-time.After(2 * time.Minute):
					b.Fatalf("edit %d of %s: no rebuild shows it at %s", i, path, url)
					return generator.Rebuild{}
				}
			}
			rb := next()
			for shows != nil && !strings.Contains(served(url), shows(i)) {
				rb = next()
			}
			if rb.Quick {
				quick++
			}
			if rb.Err != nil || rb.Result.Failed() {
				b.Fatalf("rebuild failed: %v %v", rb.Err, rb.Result.Diags[:1])
			}
			d := time.Since(start)
			cpus = append(cpus, cpuTime()-cpu0)
			total += d
			all = append(all, d)
			worst = max(worst, d)
			// Settle, so the next edit is a new batch.
			time.Sleep(100 * time.Millisecond)
			for len(builds) > 0 {
				<-builds
			}
		}
		slices.Sort(all)
		slices.Sort(cpus)
		// CPU time of the process per edit: on this shared machine, a
		// steadier measure of the work than the wall time.
		b.ReportMetric(float64(cpus[len(cpus)/2].Microseconds())/1000, "cpu-ms-median")
		b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "ms-median")
		b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/edit")
		b.ReportMetric(float64(worst.Milliseconds()), "ms-worst")
		b.ReportMetric(float64(quick), "quick")
	}
	b.Run("page-body", func(b *testing.B) {
		edit(b, pagePath, func(s string, i int) string { return s + fmt.Sprintf("\nEdited paragraph %d.\n", i) },
			pageURL, func(i int) string { return fmt.Sprintf("Edited paragraph %d.", i) })
	})
	b.Run("page-title", func(b *testing.B) {
		edit(b, pagePath, func(s string, i int) string {
			return strings.Replace(s, "title: ", fmt.Sprintf("title: Edited %d ", i), 1)
		}, pageURL, func(i int) string { return fmt.Sprintf("Edited %d ", i) })
	})
	b.Run("role-card", func(b *testing.B) {
		edit(b, rolePath, func(s string, i int) string {
			return strings.Replace(s, "summary: ", fmt.Sprintf("summary: Edited %d ", i), 1)
		}, roleURL, func(i int) string { return fmt.Sprintf("Edited %d ", i) })
	})
	b.Run("template", func(b *testing.B) {
		edit(b, filepath.Join(tmpl, "page.html"), func(s string, i int) string { return s + fmt.Sprintf("\n{{/* edit %d */}}\n", i) }, "", nil)
	})
}

// cpuTime is the CPU time this process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
