package generator_test

// Benchmarks of each pipeline stage on the synthetic 1k-page handbook made by
// ../shared/bench/gencontent (default flags), so that a regression shows in
//
//	go test -run '^$' -bench . -benchmem -count 10 ./generator/ | tee new.txt
//	benchstat old.txt new.txt
//
// Each benchmark prepares its input before the timed loop (b.Loop), so only
// the stage itself is timed. The content is generated once and kept in the
// same cache as `make bench` (BENCH_CACHE, default
// ${XDG_CACHE_HOME:-~/.cache}/handbook-bench/content), keyed by page count and
// a hash of gencontent's source: generating it is never timed, and nothing
// here runs under plain `go test` (benchmarks run only with -bench).
// BENCH_DIR names the shared bench tools (default ../shared/bench from the
// repository root). Outputs go under b.TempDir(): set TMPDIR=/dev/shm to keep
// the disk out of the publish and build figures.

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/load"
	"github.com/devrel-handbook/handbook/generator/publish"
	"github.com/devrel-handbook/handbook/generator/render"
	"github.com/devrel-handbook/handbook/generator/resolve"
	"github.com/devrel-handbook/handbook/generator/site"
	"github.com/devrel-handbook/handbook/templates"
)

const benchPages = 1000

var (
	benchOnce    sync.Once
	benchDir     string
	benchErr     error
	benchSiteMu  sync.Mutex
	benchSiteVal *site.Site
)

// benchContent returns the folder of the generated 1k-page site, making it
// on first use.
func benchContent(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() { benchDir, benchErr = generate(benchPages) })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

func generate(pages int) (string, error) {
	tools := os.Getenv("BENCH_DIR")
	if tools == "" {
		tools = filepath.Join("..", "..", "shared", "bench")
	}
	tools, err := filepath.Abs(tools)
	if err != nil {
		return "", err
	}
	src := filepath.Join(tools, "gencontent")
	names, err := filepath.Glob(filepath.Join(src, "*.go"))
	if err != nil || len(names) == 0 {
		return "", fmt.Errorf("no gencontent sources in %s; set BENCH_DIR to the shared bench tools", src)
	}
	// The same key as .ci/bench: sha256 of the sources in byte order, 12 hex digits.
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return "", err
		}
		h.Write(data)
	}
	cache := os.Getenv("BENCH_CACHE")
	if cache == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		cache = filepath.Join(base, "handbook-bench")
	}
	dir := filepath.Join(cache, "content", "pages-"+strconv.Itoa(pages)+"-"+hex.EncodeToString(h.Sum(nil))[:12])
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	// Generate under a temporary name and rename, so that an interrupted run
	// never leaves a partial site in the cache.
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".gen-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "content")
	cmd := exec.Command("go", "run", "./gencontent", "-pages", strconv.Itoa(pages), "-out", out)
	cmd.Dir = tools
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go run ./gencontent in %s: %v\n%s", tools, err, msg)
	}
	if err := os.Rename(out, dir); err != nil && !os.IsExist(err) {
		if _, serr := os.Stat(dir); serr != nil { // another process may have won the race
			return "", err
		}
	}
	return dir, nil
}

func loadSite(b *testing.B, dir string) *site.Site {
	b.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	s, l := load.Site(root.FS(), load.Options{Prefix: "content"})
	if l.Errors() > 0 {
		b.Fatalf("the generated site has errors; the benchmark would not measure a real build:\n%v", l[0])
	}
	return s
}

// benchSite is the loaded 1k site, shared by the benchmarks after load:
// resolve and render do not change it.
func benchSite(b *testing.B) *site.Site {
	b.Helper()
	dir := benchContent(b)
	benchSiteMu.Lock()
	defer benchSiteMu.Unlock()
	if benchSiteVal == nil {
		benchSiteVal = loadSite(b, dir)
	}
	return benchSiteVal
}

func perPage(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchPages, "ns/page")
}

// BenchmarkLoad reads the content folder: walk, front matter, cards, and
// every markdown text converted once.
func BenchmarkLoad(b *testing.B) {
	dir := benchContent(b)
	loadSite(b, dir) // warms the OS file cache
	b.ReportAllocs()
	for b.Loop() {
		loadSite(b, dir)
	}
	perPage(b)
}

// BenchmarkResolve resolves links, anchors, card references and relations.
func BenchmarkResolve(b *testing.B) {
	s := benchSite(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, l := resolve.Site(s); l.Errors() > 0 {
			b.Fatal(l[0])
		}
	}
	perPage(b)
}

// BenchmarkRender executes the templates for every output file, handing the
// bytes to an emit function that only counts them.
func BenchmarkRender(b *testing.B) {
	s := benchSite(b)
	g, _ := resolve.Site(s)
	t, l := render.LoadTemplates(templates.FS, "")
	if l.Errors() > 0 {
		b.Fatal(l[0])
	}
	var total atomic.Int64
	emit := func(_ string, data []byte) error { total.Add(int64(len(data))); return nil }
	b.ReportAllocs()
	for b.Loop() {
		if d, err := render.Site(t, g, emit, nil); err != nil || d.Errors() > 0 {
			b.Fatal(err, d)
		}
	}
	b.ReportMetric(float64(total.Load())/float64(b.N), "out-bytes/op")
	perPage(b)
}

// rendered returns every output file of the 1k site, in memory.
func rendered(b *testing.B) map[string][]byte {
	b.Helper()
	s := benchSite(b)
	g, _ := resolve.Site(s)
	t, _ := render.LoadTemplates(templates.FS, "")
	files := map[string][]byte{}
	var mu sync.Mutex
	if _, err := render.Site(t, g, func(p string, data []byte) error {
		mu.Lock()
		files[p] = append([]byte(nil), data...)
		mu.Unlock()
		return nil
	}, nil); err != nil {
		b.Fatal(err)
	}
	return files
}

func publishAll(b *testing.B, dir string, files map[string][]byte, names []string) publish.Stats {
	p, err := publish.Open(dir, publish.Guard{})
	if err != nil {
		b.Fatal(err)
	}
	// Writes come from the render workers in a build: two writers here too.
	var wg sync.WaitGroup
	var failed atomic.Value
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(names); i += 2 {
				if err := p.Write(names[i], files[names[i]]); err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err, _ := failed.Load().(error); err != nil {
		p.Abort()
		b.Fatal(err)
	}
	st, err := p.Commit()
	if err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkPublish writes the rendered 1k site: into a new folder ("new",
// what a CI build does), and over an identical previous build ("unchanged",
// what a rebuild after a small edit mostly is: every file compared, none
// rewritten).
func BenchmarkPublish(b *testing.B) {
	files := rendered(b)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	b.Run("new", func(b *testing.B) {
		base := b.TempDir()
		i := 0
		b.ReportAllocs()
		for b.Loop() {
			i++ // a new folder each time; all are removed at the end, not in between (see ../shared/bench/README.md on ext4)
			if st := publishAll(b, filepath.Join(base, strconv.Itoa(i)), files, names); st.Written != len(files) {
				b.Fatalf("wrote %d files, want %d", st.Written, len(files))
			}
		}
		perPage(b)
	})
	b.Run("unchanged", func(b *testing.B) {
		dir := filepath.Join(b.TempDir(), "out")
		publishAll(b, dir, files, names)
		b.ReportAllocs()
		for b.Loop() {
			if st := publishAll(b, dir, files, names); st.Written != 0 {
				b.Fatalf("rewrote %d unchanged files", st.Written)
			}
		}
		perPage(b)
	})
}

// BenchmarkBuild is the whole pipeline, as `handbook build` runs it, into a
// new output folder each time.
func BenchmarkBuild(b *testing.B) {
	dir := benchContent(b)
	base := b.TempDir()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		i++
		r, err := generator.Build(generator.Options{Content: dir, Out: filepath.Join(base, strconv.Itoa(i))})
		if err != nil || r.Failed() {
			b.Fatal(err, r.Diags)
		}
	}
	perPage(b)
}

// BenchmarkCheck is `handbook check`: load, resolve and the templates, no output.
func BenchmarkCheck(b *testing.B) {
	dir := benchContent(b)
	b.ReportAllocs()
	for b.Loop() {
		r, err := generator.Check(generator.Options{Content: dir})
		if err != nil || r.Failed() {
			b.Fatal(err, r.Diags)
		}
	}
	perPage(b)
}
