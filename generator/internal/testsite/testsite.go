// Package testsite builds small sites from txtar-style text for tests:
// "-- path --" lines start files, the rest is their content. It writes the
// tree to a temporary folder, runs the real pipeline, and offers
// assertions on the output files and the diagnostics.
package testsite

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator"
)

// Parse splits txtar-style text into files.
func Parse(archive string) map[string]string {
	files := map[string]string{}
	var name string
	var b strings.Builder
	flush := func() {
		if name != "" {
			files[name] = b.String()
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(archive, "\n") {
		t := strings.TrimRight(line, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			name = strings.TrimSpace(t[3 : len(t)-3])
			continue
		}
		if name != "" {
			b.WriteString(line)
		}
	}
	flush()
	return files
}

// Write writes the files of archive under dir.
func Write(t testing.TB, dir, archive string) {
	t.Helper()
	for name, data := range Parse(archive) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Site is a built test site.
type Site struct {
	t      testing.TB
	Dir    string // holds content/ (and whatever else the archive had)
	Files  map[string][]byte
	Result *generator.Result
}

// Build writes archive to a temporary folder and renders it in memory with
// opts (Content is set to the folder's content/).
func Build(t testing.TB, archive string, opts ...func(*generator.Options)) *Site {
	t.Helper()
	dir := t.TempDir()
	Write(t, dir, archive)
	o := generator.Options{Content: filepath.Join(dir, "content")}
	for _, f := range opts {
		f(&o)
	}
	files, r, err := generator.Render(o)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return &Site{t: t, Dir: dir, Files: files, Result: r}
}

// Diags returns the diagnostics as text, with the temporary folder
// replaced by "content".
func (s *Site) Diags() []string {
	var out []string
	for _, d := range s.Result.Diags {
		out = append(out, strings.ReplaceAll(d.String(), filepath.ToSlash(filepath.Join(s.Dir, "content")), "content"))
	}
	return out
}

// AssertNoErrors fails when there is any error (warnings are allowed:
// tests of one rule should not have to satisfy every maintenance check).
func (s *Site) AssertNoErrors() {
	s.t.Helper()
	if s.Result.Diags.Errors() > 0 {
		s.t.Fatalf("unexpected errors:\n%s", strings.Join(s.Diags(), "\n"))
	}
}

// AssertDiag checks that each want is exactly one of the diagnostics.
func (s *Site) AssertDiag(want ...string) {
	s.t.Helper()
	got := s.Diags()
	for _, w := range want {
		found := false
		for _, g := range got {
			if g == w {
				found = true
			}
		}
		if !found {
			s.t.Errorf("missing diagnostic\n  want: %s\n  got:\n    %s", w, strings.Join(got, "\n    "))
		}
	}
}

// AssertFile checks that output file name exists and contains each
// string; a string starting with "! " must be absent.
func (s *Site) AssertFile(name string, wants ...string) {
	s.t.Helper()
	data, ok := s.Files[name]
	if !ok {
		var names []string
		for n := range s.Files {
			names = append(names, n)
		}
		sort.Strings(names)
		s.t.Fatalf("no output file %s; have:\n  %s", name, strings.Join(names, "\n  "))
	}
	for _, w := range wants {
		if strings.HasPrefix(w, "! ") {
			if strings.Contains(string(data), w[2:]) {
				s.t.Errorf("%s contains %q, which it should not", name, w[2:])
			}
			continue
		}
		if !strings.Contains(string(data), w) {
			s.t.Errorf("%s does not contain %q\n---\n%s", name, w, data)
		}
	}
}

// AssertNoFile checks that name is not an output file.
func (s *Site) AssertNoFile(name string) {
	s.t.Helper()
	if _, ok := s.Files[name]; ok {
		s.t.Errorf("output file %s exists, and should not", name)
	}
}
