// Package publish owns the output folder. It writes a rendered site so
// that readers never see a half-made one: every file is first written to a
// staging folder inside the output folder, and only when the whole site
// has been rendered are the files that changed renamed into place and the
// files the site no longer has removed. Files whose bytes did not change
// are not touched, so rsync and CDN uploads stay small. A manifest records
// what handbook wrote, so that it never deletes anything else and refuses
// a folder it did not make. All paths go through os.Root, or (on Linux,
// where staging and moving bypass os.File for speed) through system calls
// that name one path element inside a folder opened through it: nothing is
// written outside the output folder, whatever a path says.
package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

const (
	manifestName  = ".handbook-manifest"
	lockName      = ".handbook-lock"
	stagingPrefix = ".handbook-staging-"
)

// Guard is what the output folder must not be.
type Guard struct {
	Content string // the content folder: the output may be neither it nor a folder above it
}

// Stats counts what a publish did.
type Stats struct {
	Written, Unchanged, Removed int
}

// Publisher writes one build into an output folder.
type Publisher struct {
	dir      string
	root     *os.Root
	unlock   func()
	staging  string   // name of the staging folder inside root
	stageDir *os.File // the staging folder, opened once (stage_linux.go)
	old      map[string]string
	oldNames []string // the paths of old, sorted, as the manifest lists them; nil if it did not
	mu       sync.Mutex
	cur      map[string]string // path → hash of this build's files
	added    []string          // paths written that old does not have
	staged   map[string]string // path → file name in the staging folder
	n        atomic.Int64
	done     bool
}

// Open prepares to publish into dir, creating it if needed.
func Open(dir string, g Guard) (*Publisher, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := check(abs, g); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output folder: %w", err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, err
	}
	old, oldNames, hasManifest, err := readManifest(root)
	if err != nil {
		root.Close()
		return nil, err
	}
	p := &Publisher{dir: abs, root: root, cur: make(map[string]string, len(old)), staged: map[string]string{}}
	if !hasManifest {
		entries, err := os.ReadDir(abs)
		if err != nil {
			root.Close()
			return nil, err
		}
		for _, e := range entries {
			if e.Name() != lockName && !strings.HasPrefix(e.Name(), stagingPrefix) {
				root.Close()
				return nil, fmt.Errorf("output folder %s is not empty and was not made by handbook (it has no %s); empty it or choose another folder", dir, manifestName)
			}
		}
	}
	p.old, p.oldNames = old, oldNames
	unlock, err := lock(root, lockName)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("output folder %s: %w", dir, err)
	}
	p.unlock = unlock
	// Staging folders left by a crashed build are ours to clear.
	if entries, err := os.ReadDir(abs); err == nil {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), stagingPrefix) {
				root.RemoveAll(e.Name())
			}
		}
	}
	p.staging = stagingPrefix + strconv.Itoa(os.Getpid())
	if err := root.Mkdir(p.staging, 0o755); err != nil {
		p.close()
		return nil, fmt.Errorf("cannot create a staging folder in %s: %w", dir, err)
	}
	if p.stageDir, err = root.Open(p.staging); err != nil {
		p.close()
		return nil, fmt.Errorf("cannot open the staging folder in %s: %w", dir, err)
	}
	return p, nil
}

// check refuses output folders whose cleaning would destroy content: the
// content folder, a folder above it, a repository root, the home folder,
// the file system root.
func check(out string, g Guard) error {
	if out == filepath.Dir(out) {
		return fmt.Errorf("refusing to use the file system root %s as the output folder", out)
	}
	if home, err := os.UserHomeDir(); err == nil && filepath.Clean(home) == out {
		return fmt.Errorf("refusing to use the home folder %s as the output folder", out)
	}
	if g.Content != "" {
		content, err := filepath.Abs(g.Content)
		if err == nil {
			if content == out {
				return fmt.Errorf("output folder %s is the content folder; choose another, like public/", out)
			}
			if rel, err := filepath.Rel(out, content); err == nil && !strings.HasPrefix(rel, "..") && rel != "." {
				return fmt.Errorf("output folder %s contains the content folder %s; choose a folder beside it, like public/", out, content)
			}
		}
	}
	if fi, err := os.Stat(filepath.Join(out, ".git")); err == nil && fi != nil {
		return fmt.Errorf("output folder %s is the root of a git repository; choose a folder inside it, like public/", out)
	}
	return nil
}

// readManifest reads the manifest of the last build, and returns its
// paths in order too when they are sorted and unique, as writeManifest
// writes them.
func readManifest(root *os.Root) (m map[string]string, names []string, ok bool, err error) {
	f, err := root.Open(manifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, err
	}
	defer f.Close()
	n := 0
	if fi, err := f.Stat(); err == nil {
		n = int(fi.Size() / 64) // a line is a 32-digit hash and a path of about 30 bytes
	}
	m = make(map[string]string, n)
	names = make([]string, 0, n)
	sorted := true
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		hash, p, ok := strings.Cut(sc.Text(), " ")
		if ok && validPath(p) {
			m[p] = hash
			if len(names) > 0 && p <= names[len(names)-1] {
				sorted = false
			}
			names = append(names, p)
		}
	}
	if !sorted {
		names = nil
	}
	return m, names, true, sc.Err()
}

// validPath reports whether p is a clean relative slash path that does
// not touch handbook's own files.
func validPath(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.Contains(p, "\\") || strings.ContainsRune(p, 0) {
		return false
	}
	if path.Clean(p) != p || p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return false
	}
	first, _, _ := strings.Cut(p, "/")
	return first != manifestName && first != lockName && !strings.HasPrefix(first, stagingPrefix)
}

func hash(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:16])
}

// Write stages one file of the new site. It may be called from several
// goroutines. A file whose bytes equal what the last build published is
// not written again.
func (p *Publisher) Write(name string, data []byte) error {
	if !validPath(name) {
		return fmt.Errorf("publish: refusing output path %q", name)
	}
	h := hash(data)
	p.mu.Lock()
	if _, dup := p.cur[name]; dup {
		p.mu.Unlock()
		return fmt.Errorf("publish: two files for %q", name)
	}
	p.cur[name] = h
	oldHash, had := p.old[name]
	if !had {
		p.added = append(p.added, name)
	}
	p.mu.Unlock()
	if oldHash == h {
		if fi, err := p.root.Lstat(name); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
			return nil
		}
	}
	short := strconv.FormatInt(p.n.Add(1), 36)
	if err := p.create(short, data); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	p.mu.Lock()
	p.staged[name] = short
	p.mu.Unlock()
	return nil
}

// Keep says that file name of the new site is the one the last build
// published, unchanged: a live rebuild that knows what it did not
// re-render keeps those files without hashing them again. It trusts the
// manifest (a file removed by hand since then comes back with the next
// build that writes every file), and fails for a file the last build did
// not publish.
func (p *Publisher) Keep(name string) error {
	h, ok := p.old[name]
	if !ok || h == "-" {
		return fmt.Errorf("publish: %q was not published by the last build", name)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, dup := p.cur[name]; dup {
		return fmt.Errorf("publish: two files for %q", name)
	}
	p.cur[name] = h
	return nil
}

// Commit moves the staged files into place, removes the files the new site
// no longer has, and records the manifest.
//
// It runs after the whole site is rendered, so it is kept to the system
// calls that cannot be avoided (see place), and a target is checked for
// being a folder only where the last build had a folder.
func (p *Publisher) Commit() (Stats, error) {
	defer p.close()
	var st Stats
	names := make([]string, 0, len(p.staged))
	for n := range p.staged {
		names = append(names, n)
	}
	sort.Strings(names)
	// Until the final manifest is written, the files about to be replaced
	// or added are neither the old build's nor known to be the new one's:
	// a build killed while they move must not take a file it finds there
	// for the old one because the size matches, nor forget a new file.
	interim := maps.Clone(p.old)
	if interim == nil {
		interim = make(map[string]string, len(names))
	}
	for _, n := range names {
		interim[n] = "-"
	}
	if err := p.writeManifest(interim); err != nil {
		return st, err
	}
	// Old files first, so that a file can turn into a folder (a/b.html → a/b.html/index.html).
	var gone []string
	for n := range p.old {
		if _, ok := p.cur[n]; !ok {
			gone = append(gone, n)
		}
	}
	wasDir := p.oldDirs()
	sort.Strings(gone)
	for _, n := range gone {
		if err := p.root.Remove(n); err == nil || errors.Is(err, fs.ErrNotExist) {
			st.Removed++
			p.pruneDirs(path.Dir(n))
		}
	}
	// A folder that becomes a file (a/b/index.html → a/b): only a folder the
	// last build made can be in the way.
	for _, n := range names {
		if !wasDir(n) {
			continue
		}
		if fi, err := p.root.Lstat(n); err == nil && fi.IsDir() {
			if err := p.root.RemoveAll(n); err != nil {
				return st, fmt.Errorf("publish: %w", err)
			}
		}
	}
	if err := p.place(names); err != nil {
		return st, fmt.Errorf("publish: %w", err)
	}
	st.Written = len(names)
	st.Unchanged = len(p.cur) - st.Written
	if err := p.writeManifest(p.cur); err != nil {
		return st, err
	}
	return st, nil
}

// place makes the folders of names and moves their staged files into
// them. A site has a folder for nearly every page (a/b/index.html), so this
// is a few system calls for every file, and they are kept cheap: the folders
// are made one level of depth at a time, the folders of a level in parallel,
// each inside its parent folder, opened once as a Root. Every call then
// names a single path element, where os.Root would walk the whole path,
// element by element, for each Mkdir, Open or Rename.
func (p *Publisher) place(names []string) error {
	files := map[string][]string{} // folder → its files
	for _, n := range names {
		d := path.Dir(n)
		files[d] = append(files[d], n)
	}
	var levels [][]string       // the folders to make, by depth
	hasSub := map[string]bool{} // folders with folders in them
	seen := map[string]bool{".": true}
	for d := range files {
		for x := d; !seen[x]; x = path.Dir(x) {
			seen[x] = true
			hasSub[path.Dir(x)] = true
			k := strings.Count(x, "/")
			for len(levels) <= k {
				levels = append(levels, nil)
			}
			levels[k] = append(levels[k], x)
		}
	}
	if top := files["."]; len(top) > 0 {
		f, err := p.root.Open(".")
		if err != nil {
			return err
		}
		err = p.move(f, top)
		f.Close()
		if err != nil {
			return err
		}
	}
	roots := map[string]*os.Root{".": p.root} // the folders of the last level that have folders in them
	closeAll := func(m map[string]*os.Root) {
		for _, r := range m {
			if r != p.root {
				r.Close()
			}
		}
	}
	defer func() { closeAll(roots) }()
	for _, level := range levels {
		sort.Strings(level)
		next := map[string]*os.Root{}
		var mu sync.Mutex
		err := parallel(len(level), func(i int) error {
			d := level[i]
			up, base := roots[path.Dir(d)], path.Base(d)
			if err := up.Mkdir(base, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
				return err
			}
			if !hasSub[d] {
				f, err := up.Open(base)
				if err != nil {
					return err
				}
				defer f.Close()
				return p.move(f, files[d])
			}
			r, err := up.OpenRoot(base)
			if err != nil {
				return err
			}
			mu.Lock()
			next[d] = r
			mu.Unlock()
			if len(files[d]) == 0 {
				return nil
			}
			f, err := r.Open(".")
			if err != nil {
				return err
			}
			defer f.Close()
			return p.move(f, files[d])
		})
		closeAll(roots)
		roots = next
		if err != nil {
			return err
		}
	}
	return nil
}

// parallel calls f(0) … f(n-1) on one goroutine per core and returns the
// first error; after an error, the calls not yet started are skipped.
func parallel(n int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		next  atomic.Int64
		errMu sync.Mutex
		first error
	)
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if err := f(i); err != nil {
					errMu.Lock()
					if first == nil {
						first = err
					}
					errMu.Unlock()
					next.Store(int64(n))
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

func (p *Publisher) pruneDirs(dir string) {
	for dir != "." && dir != "/" && dir != "" {
		if err := p.root.Remove(dir); err != nil {
			return
		}
		dir = path.Dir(dir)
	}
}

func (p *Publisher) writeManifest(m map[string]string) error {
	names := p.sortedPaths(m)
	size := 0
	for _, n := range names {
		size += len(m[n]) + len(n) + 2
	}
	b := make([]byte, 0, size)
	for _, n := range names {
		b = append(b, m[n]...)
		b = append(b, ' ')
		b = append(b, n...)
		b = append(b, '\n')
	}
	tmp := p.staging + "/manifest"
	if err := p.root.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := p.root.Rename(tmp, manifestName); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// oldDirs returns whether the last build had files in folder d: with the
// manifest's sorted paths, by a binary search (a quick rebuild publishes a
// few files of 12,000), else from every path's folders.
func (p *Publisher) oldDirs() func(d string) bool {
	if p.oldNames != nil {
		return func(d string) bool {
			i, _ := slices.BinarySearch(p.oldNames, d+"/")
			return i < len(p.oldNames) && strings.HasPrefix(p.oldNames[i], d+"/")
		}
	}
	dirs := map[string]bool{}
	for n := range p.old {
		for d := path.Dir(n); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return func(d string) bool { return dirs[d] }
}

// sortedPaths returns the paths of m, sorted. m's paths are the last
// manifest's (some dropped) and the ones Write added: when the manifest was
// sorted, they are its paths in its order, merged with the few added ones,
// without sorting 12,000 paths again (twice per publish of a live rebuild
// of watch, where an edit renames a few search slices; BenchmarkPublishKeep).
func (p *Publisher) sortedPaths(m map[string]string) []string {
	if p.oldNames != nil {
		added := make([]string, 0, len(p.added))
		for _, n := range p.added {
			if _, ok := m[n]; ok {
				added = append(added, n)
			}
		}
		sort.Strings(added)
		names := make([]string, 0, len(m))
		i := 0
		for _, n := range p.oldNames {
			if _, ok := m[n]; !ok {
				continue
			}
			for ; i < len(added) && added[i] < n; i++ {
				names = append(names, added[i])
			}
			names = append(names, n)
		}
		names = append(names, added[i:]...)
		if len(names) == len(m) {
			return names
		}
	}
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Abort drops the staged files: the output folder stays as it was.
func (p *Publisher) Abort() { p.close() }

func (p *Publisher) close() {
	if p.done {
		return
	}
	p.done = true
	if p.stageDir != nil {
		p.stageDir.Close()
	}
	if p.staging != "" {
		p.root.RemoveAll(p.staging)
	}
	if p.unlock != nil {
		p.unlock()
	}
	p.root.Close()
}
