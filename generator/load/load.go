// Package load owns reading a content folder into the site model: it walks
// the folder, parses site.yaml, front matter and team, role and person
// cards (strictly: unknown fields, wrong types and bad dates are errors at
// their file line and column), converts every markdown text once, and
// notes the files to copy as they are. It checks what one file can tell;
// references between files are the resolve stage's.
package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/site"
)

// Options configure loading.
type Options struct {
	Drafts bool   // keep pages marked draft
	Prefix string // prepended to paths in diagnostics and File fields, e.g. "content"
	// BaseURL, when set, overrides site.yaml's base_url.
	BaseURL string
	// Cache, when set, keeps what each file parsed to between calls, so
	// that a rebuild reads and converts only the files that changed.
	Cache *Cache
	// NoHighlight leaves code blocks unhighlighted even when site.yaml
	// asks for highlighting: for a run that writes no HTML (check), where
	// highlighting would be most of the work.
	NoHighlight bool
}

// Limits on what one file may be. They keep a build bounded whatever a
// file holds.
const (
	MaxPageSize = 4 << 20
	MaxCardSize = 1 << 20
)

// Ignored reports whether a file or folder name is never part of the site:
// names beginning with '.' or '_' (except _index.md), and editor and OS
// debris.
func Ignored(name string) bool {
	switch {
	case name == "_index.md":
		return false
	case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_"):
		return true
	case strings.HasSuffix(name, "~"):
		return true
	case strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"):
		return true
	case name == "4913" || name == "Thumbs.db" || name == "desktop.ini":
		return true
	case strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swo") || strings.HasSuffix(name, ".swx"):
		return true
	case strings.Contains(name, "___jb_tmp___") || strings.Contains(name, "___jb_old___"):
		return true
	case strings.HasSuffix(name, ".tmp") || strings.HasSuffix(name, ".crdownload") || strings.HasSuffix(name, ".part"):
		return true
	}
	return false
}

// Site loads the content folder fsys.
func Site(fsys fs.FS, opts Options) (*site.Site, diag.List) {
	var l diag.List
	file := func(p string) string {
		if opts.Prefix == "" {
			return p
		}
		return opts.Prefix + "/" + p
	}
	s := &site.Site{Config: DefaultConfig()}
	if src, err := readLimited(fsys, "site.yaml", MaxCardSize); err == nil {
		s.Config = decodeConfig(file("site.yaml"), normalize(src), &l)
	} else if !isNotExist(err) {
		l.Errorf(diag.Position{File: file("site.yaml")}, "", "cannot read: %v", err)
	}
	if opts.BaseURL != "" && !SetBaseURL(&s.Config, opts.BaseURL) {
		l.Errorf(diag.Position{File: "--base-url"}, "give an absolute http or https URL", "%q is not a base URL", opts.BaseURL)
	}
	md := converter(s.Config, opts)

	// The files are loaded on every core as the walk finds them, so that
	// walking the folder (a system call or two per file) overlaps loading.
	var jobs []job
	var loaded []*result
	cacheKey := opts.Cache.key(s.Config, opts)
	type work struct {
		j job
		r *result
	}
	queue := make(chan work, 256)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for w := range queue {
				if c, ok := opts.Cache.get(cacheKey, w.j.path, w.j.size, w.j.mod); ok {
					*w.r = c
					continue
				}
				*w.r = loadJob(fsys, w.j, md, file(w.j.path))
			}
		}()
	}
	add := func(j job) {
		jobs = append(jobs, j)
		r := new(result)
		loaded = append(loaded, r)
		queue <- work{j, r}
	}
	dirs := map[string]bool{}
	err := fs.WalkDir(fsys, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			l.Errorf(diag.Position{File: file(p)}, "check the file's permissions", "cannot read: %v", unwrapPath(err))
			return nil
		}
		if p == "." {
			return nil
		}
		if Ignored(de.Name()) {
			if de.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		t := de.Type()
		if t&fs.ModeSymlink != 0 {
			fi, err := fs.Stat(fsys, p)
			if err != nil {
				l.Errorf(diag.Position{File: file(p)}, "point it at a file inside the content folder, or replace it with the file", "symbolic link cannot be followed: it is broken or leads outside the content folder")
				return nil
			}
			if fi.IsDir() {
				l.Warnf(diag.Position{File: file(p)}, "move the folder into the content folder", "symbolic link to a folder is not followed")
				return nil
			}
			t = fi.Mode().Type()
		}
		if de.IsDir() {
			dirs[p] = true
			return nil
		}
		var size int64
		var mod time.Time
		if fi, err := de.Info(); err == nil {
			size, mod = fi.Size(), fi.ModTime()
		}
		if !t.IsRegular() {
			l.Warnf(diag.Position{File: file(p)}, "remove it from the content folder", "not a regular file (a pipe, socket or device); skipped")
			return nil
		}
		switch {
		case p == "site.yaml":
		case strings.HasSuffix(p, ".md"):
			add(job{path: p, size: size, mod: mod})
		default:
			if k, id, ok := site.CardPath(p); ok {
				add(job{path: p, kind: 1, ck: k, id: id, size: size, mod: mod})
			} else {
				add(job{path: p, kind: 2, size: size, mod: mod})
			}
		}
		return nil
	})
	close(queue)
	wg.Wait()
	if err != nil {
		l.Errorf(diag.Position{File: opts.Prefix}, "check that the content folder exists", "cannot read the content folder: %v", unwrapPath(err))
		return s, l
	}
	results := make([]result, len(loaded))
	for i, r := range loaded {
		results[i] = *r
	}
	if opts.Cache != nil {
		opts.Cache.store(cacheKey, len(jobs), func(i int) (string, int64, time.Time) { return jobs[i].path, jobs[i].size, jobs[i].mod }, results)
	}

	cardSeen := map[string]string{}
	for _, r := range results {
		l.Add(r.diags)
		switch {
		case r.page != nil:
			if r.page.Draft && !opts.Drafts {
				continue
			}
			switch r.page.Path {
			case "teams/index.md":
				s.TeamsIndex = r.page
				continue
			case "roles/index.md":
				s.RolesIndex = r.page
				continue
			case "people/index.md":
				s.PeopleIndex = r.page
				continue
			}
			s.Pages = append(s.Pages, r.page)
		case r.team != nil:
			if dupCard(&l, cardSeen, "teams/"+r.team.ID, r.team.File) {
				continue
			}
			s.Teams = append(s.Teams, r.team)
		case r.role != nil:
			if dupCard(&l, cardSeen, "roles/"+r.role.ID, r.role.File) {
				continue
			}
			s.Roles = append(s.Roles, r.role)
		case r.person != nil:
			if dupCard(&l, cardSeen, "people/"+r.person.ID, r.person.File) {
				continue
			}
			s.People = append(s.People, r.person)
		case r.file != nil:
			s.Files = append(s.Files, r.file)
		}
	}
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].Path < s.Pages[j].Path })
	sort.Slice(s.Teams, func(i, j int) bool { return s.Teams[i].ID < s.Teams[j].ID })
	sort.Slice(s.Roles, func(i, j int) bool { return s.Roles[i].ID < s.Roles[j].ID })
	sort.Slice(s.People, func(i, j int) bool { return s.People[i].ID < s.People[j].ID })
	sort.Slice(s.Files, func(i, j int) bool { return s.Files[i].Path < s.Files[j].Path })

	s.Pages = sections(s.Pages, dirs, file, &l)
	checkCollisions(s, &l)
	return s, l
}

// converter returns the markdown converter for a site's settings.
func converter(cfg site.Config, opts Options) *markdown.Converter {
	raw := markdown.RawHTMLText
	if cfg.RawHTML == "sanitize" {
		raw = markdown.RawHTMLSanitize
	}
	return markdown.New(markdown.Options{RawHTML: raw, ReservedIDs: ReservedIDs, NoHighlight: opts.NoHighlight || !cfg.Highlight})
}

// Loaded is what one page or card file loads to: one of its values, or
// none when the file could not be read or decoded, and its problems.
type Loaded struct {
	Page   *site.Page
	Team   *site.Team
	Role   *site.Role
	Person *site.Person
	Diags  diag.List
}

// One loads the page or card at content path p (slash-separated) of a
// site whose site.yaml says cfg, exactly as Site would: the dev server's
// way to take in an edit of one file. ok is false when p is not a page or
// card.
func One(fsys fs.FS, p string, cfg site.Config, opts Options) (l Loaded, ok bool) {
	j := job{path: p}
	switch k, id, card := site.CardPath(p); {
	case strings.HasSuffix(p, ".md"):
	case card:
		j.kind, j.ck, j.id = 1, k, id
	default:
		return l, false
	}
	file := p
	if opts.Prefix != "" {
		file = opts.Prefix + "/" + p
	}
	r := loadJob(fsys, j, converter(cfg, opts), file)
	return Loaded{Page: r.page, Team: r.team, Role: r.role, Person: r.person, Diags: r.diags}, true
}

// job is one content file to load.
type job struct {
	path string
	kind int // 0 page, 1 card, 2 file
	ck   site.Kind
	id   string
	size int64
	mod  time.Time
}

// loadJob reads and decodes one content file.
func loadJob(fsys fs.FS, j job, md *markdown.Converter, file string) (r result) {
	d := &decoder{file: file, l: &r.diags, md: md}
	switch j.kind {
	case 0:
		src, err := readLimited(fsys, j.path, MaxPageSize)
		if err != nil {
			readError(d, err, MaxPageSize)
			return
		}
		r.page = d.page(j.path, normalize(src))
	case 1:
		if !ValidID(j.id) {
			d.l.Errorf(diag.Position{File: d.file}, fmt.Sprintf("rename it to %s", suggestID(j.id)+path.Ext(j.path)), "card file name %q is not an id: use lower case letters, digits and '-'", path.Base(j.path))
			return
		}
		src, err := readLimited(fsys, j.path, MaxCardSize)
		if err != nil {
			readError(d, err, MaxCardSize)
			return
		}
		n, err := parseYAML(normalize(src), 0)
		if err != nil {
			r.diags.Add(yamlError(d.file, err, 0, src))
			return
		}
		switch j.ck {
		case site.KindTeam:
			r.team = d.team(j.id, n)
		case site.KindRole:
			r.role = d.role(j.id, n)
		case site.KindPerson:
			r.person = d.person(j.id, n)
		}
	case 2:
		fi, err := fs.Stat(fsys, j.path)
		if err != nil {
			readError(d, err, 0)
			return
		}
		r.file = &site.File{Path: j.path, File: d.file, Size: fi.Size()}
		r.file.Width, r.file.Height = imageSize(fsys, j.path)
	}
	return r
}

func dupCard(l *diag.List, seen map[string]string, key, file string) bool {
	if other, ok := seen[key]; ok {
		l.Errorf(diag.Position{File: file}, "keep one of them", "card %s is also defined by %s", key, other)
		return true
	}
	seen[key] = file
	return false
}

// sections checks that each folder has at most one section page and adds
// a generated one for folders with pages but none, so that every page has
// a section to be listed in. Card folders get their index pages elsewhere.
func sections(pages []*site.Page, dirs map[string]bool, file func(string) string, l *diag.List) []*site.Page {
	index := map[string]*site.Page{}
	hasPages := map[string]bool{}
	var out []*site.Page
	for _, p := range pages {
		if p.Section {
			if other, ok := index[p.Dir]; ok {
				l.Errorf(diag.Position{File: p.File}, "keep one section page per folder: rename or remove one", "%s and %s are both the section page of /%s", other.File, p.File, p.Dir)
				continue
			}
			index[p.Dir] = p
		}
		for d := p.Dir; d != ""; d = parentDir(d) {
			hasPages[d] = true
		}
		out = append(out, p)
	}
	if _, ok := index[""]; !ok {
		out = append(out, &site.Page{Path: "index.md", File: file("index.md"), URL: "/", Section: true, Implicit: true, Title: "Home", Doc: &markdown.Doc{}})
	}
	var missing []string
	for d := range hasPages {
		if _, ok := index[d]; ok || d == "teams" || d == "roles" || d == "people" {
			continue
		}
		missing = append(missing, d)
	}
	sort.Strings(missing)
	for _, d := range missing {
		out = append(out, &site.Page{Path: d + "/index.md", File: file(d + "/"), URL: "/" + d + "/", Dir: d, Section: true, Implicit: true, Title: Humanize(path.Base(d)), Doc: &markdown.Doc{}})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func parentDir(d string) string {
	i := strings.LastIndexByte(d, '/')
	if i < 0 {
		return ""
	}
	return d[:i]
}

// checkCollisions reports two sources for one output file, comparing
// names as macOS and Windows do (site.FoldKey: case and Unicode
// normalization ignored) so that a site built there gets the same files.
func checkCollisions(s *site.Site, l *diag.List) {
	seen := map[string]string{}
	outs := map[string]string{}
	add := func(out, src string) {
		key := site.FoldKey(out)
		if other, ok := seen[key]; ok && other != src {
			fix := "rename or remove one of them"
			if !strings.EqualFold(outs[key], out) {
				fix += ": their names differ only in how accented letters are encoded (Unicode normalization)"
			}
			l.Errorf(diag.Position{File: src, Line: 1, Col: 1}, fix, "%s and %s are both published as /%s", other, src, out)
			return
		}
		seen[key], outs[key] = src, out
	}
	// Cards first: a page on a card's address is reported at the page.
	for _, t := range s.Teams {
		add(OutputPath(t.URL), t.File)
	}
	for _, r := range s.Roles {
		add(OutputPath(r.URL), r.File)
	}
	for _, p := range s.People {
		add(OutputPath(p.URL), p.File)
	}
	for _, p := range s.Pages {
		if !p.Implicit {
			add(OutputPath(p.URL), p.File)
		}
	}
	for _, f := range s.Files {
		add(f.Path, f.File)
	}
}

// OutputPath returns the output file of a page URL: "/a/b/" → "a/b/index.html".
func OutputPath(url string) string {
	return strings.TrimPrefix(url, "/") + "index.html"
}

// readLimited reads a file of at most limit bytes. It allocates the
// buffer once, at the size the file says it has (io.ReadAll starts small
// and doubles: at 10k pages it allocated 128 MB to read 57 MB).
func readLimited(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(512)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	if size > limit {
		return nil, &tooBig{limit}
	}
	// One byte more than the size, so that the end of the file is seen
	// without growing the buffer.
	b := make([]byte, 0, size+1)
	for {
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if int64(len(b)) > limit {
			return nil, &tooBig{limit}
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
		if len(b) == cap(b) { // the file grew since Stat
			b = append(b, 0)[:len(b)]
		}
	}
}

type tooBig struct{ limit int64 }

func (e *tooBig) Error() string { return fmt.Sprintf("larger than %d MiB", e.limit>>20) }

func readError(d *decoder, err error, limit int64) {
	if tb, ok := err.(*tooBig); ok {
		d.l.Errorf(diag.Position{File: d.file}, "split it into smaller files", "file is %v (the limit)", tb)
		return
	}
	d.l.Errorf(diag.Position{File: d.file}, "check that it exists and can be read", "cannot read: %v", unwrapPath(err))
}

func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

// normalize drops a UTF-8 byte-order mark and turns CRLF and lone CR line
// ends (old Mac files) into LF. YAML and CommonMark both read a lone CR as
// a line end, so leaving it would make their line numbers disagree with
// the file's (found by FuzzSplitFrontMatter).
func normalize(src []byte) []byte {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(src, '\r') >= 0 {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
		src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	}
	return src
}

func suggestID(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// ReservedIDs are the element ids the default layouts use on a page; a
// heading never gets one of them, so #mentioned-in always means the list.
var ReservedIDs = []string{"main", "mentioned-in", "in-this-section", "sections", "find-people", "search",
	"site-search-q", "site-search-panel", "ask-block", "ask-q", "search-page-q", "search-page-status", "search-page-results"}
