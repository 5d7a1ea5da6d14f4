// Package publish owns the output folder. It writes a rendered site so
// that readers never see a half-made one: every file is first written to a
// staging folder inside the output folder, and only when the whole site
// has been rendered are the files that changed renamed into place and the
// files the site no longer has removed. Files whose bytes did not change
// are not touched, so rsync and CDN uploads stay small. A manifest records
// what handbook wrote, so that it never deletes anything else and refuses
// a folder it did not make. All paths go through os.Root: nothing is
// written outside the output folder, whatever a path says.
package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
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
	dir     string
	root    *os.Root
	unlock  func()
	staging string // name of the staging folder inside root
	old     map[string]string
	mu      sync.Mutex
	cur     map[string]string // path → hash of this build's files
	staged  map[string]string // path → staging file name
	n       atomic.Int64
	done    bool
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
	p := &Publisher{dir: abs, root: root, cur: map[string]string{}, staged: map[string]string{}}
	old, hasManifest, err := readManifest(root)
	if err != nil {
		root.Close()
		return nil, err
	}
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
	p.old = old
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

func readManifest(root *os.Root) (map[string]string, bool, error) {
	f, err := root.Open(manifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		hash, p, ok := strings.Cut(sc.Text(), " ")
		if ok && validPath(p) {
			m[p] = hash
		}
	}
	return m, true, sc.Err()
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
	p.mu.Unlock()
	if p.old[name] == h {
		if fi, err := p.root.Lstat(name); err == nil && fi.Mode().IsRegular() && fi.Size() == int64(len(data)) {
			return nil
		}
	}
	tmp := p.staging + "/" + strconv.FormatInt(p.n.Add(1), 36)
	f, err := p.root.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	p.mu.Lock()
	p.staged[name] = tmp
	p.mu.Unlock()
	return nil
}

// Commit moves the staged files into place, removes the files the new site
// no longer has, and records the manifest.
func (p *Publisher) Commit() (Stats, error) {
	defer p.close()
	var st Stats
	names := make([]string, 0, len(p.staged))
	for n := range p.staged {
		names = append(names, n)
	}
	sort.Strings(names)
	// Old files first, so that a file can turn into a folder (a/b.html → a/b.html/index.html).
	var gone []string
	for n := range p.old {
		if _, ok := p.cur[n]; !ok {
			gone = append(gone, n)
		}
	}
	sort.Strings(gone)
	for _, n := range gone {
		if err := p.root.Remove(n); err == nil || errors.Is(err, fs.ErrNotExist) {
			st.Removed++
			p.pruneDirs(path.Dir(n))
		}
	}
	for _, n := range names {
		if dir := path.Dir(n); dir != "." {
			if err := p.root.MkdirAll(dir, 0o755); err != nil {
				return st, fmt.Errorf("publish: %w", err)
			}
		}
		if fi, err := p.root.Lstat(n); err == nil && fi.IsDir() {
			if err := p.root.RemoveAll(n); err != nil {
				return st, fmt.Errorf("publish: %w", err)
			}
		}
		if err := p.root.Rename(p.staged[n], n); err != nil {
			return st, fmt.Errorf("publish: %w", err)
		}
		st.Written++
	}
	st.Unchanged = len(p.cur) - st.Written
	if err := p.writeManifest(); err != nil {
		return st, err
	}
	return st, nil
}

func (p *Publisher) pruneDirs(dir string) {
	for dir != "." && dir != "/" && dir != "" {
		if err := p.root.Remove(dir); err != nil {
			return
		}
		dir = path.Dir(dir)
	}
}

func (p *Publisher) writeManifest() error {
	names := make([]string, 0, len(p.cur))
	for n := range p.cur {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		b.WriteString(p.cur[n])
		b.WriteByte(' ')
		b.WriteString(n)
		b.WriteByte('\n')
	}
	tmp := p.staging + "/manifest"
	if err := p.root.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := p.root.Rename(tmp, manifestName); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// Abort drops the staged files: the output folder stays as it was.
func (p *Publisher) Abort() { p.close() }

func (p *Publisher) close() {
	if p.done {
		return
	}
	p.done = true
	if p.staging != "" {
		p.root.RemoveAll(p.staging)
	}
	if p.unlock != nil {
		p.unlock()
	}
	p.root.Close()
}
