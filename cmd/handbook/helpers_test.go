package main

// Shared helpers for the CLI tests in this package. Keep their signatures
// stable: several test files use them.
//
//	runCLI(t, dir, args...)              run handbook in-process "inside" dir
//	runCLIWith(t, dir, stdout, stderr, args...)  the same, with your own writers
//	writeTree(t, dir, tree)              write a "-- name --" file tree into dir
//	handbookCommand(t, dir, args...)     an *exec.Cmd running handbook as a real process in dir

import (
	"bytes"
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the scripts in testdata/script, and handbookCommand, run
// "handbook" as a real process: testscript re-executes this test binary as
// the command when it is started under that name.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"handbook": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// pathFlags are the flags whose values are file system paths. runCLI makes
// relative values absolute against the test's folder, and fills in a
// command's default for them (e.g. --content content) the same way.
var pathFlags = map[string]bool{
	"content": true, "out": true, "templates": true,
	"cpuprofile": true, "memprofile": true,
}

// pathArgCommands are the commands whose positional arguments are paths.
var pathArgCommands = map[string]bool{"init": true}

// runCLI runs handbook with args as if the working directory were dir,
// without changing the process's working directory (so tests can run in
// parallel): relative paths in path flags, path arguments and the defaults
// of path flags are resolved against dir, and dir + "/" is removed from the
// output, so messages read as a writer running handbook in dir sees them
// (content/guide.md:3:5: …). Output is not a terminal: no colour, no progress.
func runCLI(t testing.TB, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = runCLIWith(t, dir, &o, &e, args...)
	return relOutput(dir, o.String()), relOutput(dir, e.String()), code
}

// runCLIWith is runCLI writing to the given writers, which it does not
// rewrite: their output names files by absolute path.
func runCLIWith(t testing.TB, dir string, stdout, stderr io.Writer, args ...string) int {
	t.Helper()
	if !filepath.IsAbs(dir) {
		t.Fatalf("runCLI: dir %q must be absolute", dir)
	}
	return run(absArgs(dir, args), stdout, stderr)
}

// relOutput removes dir from paths in s.
func relOutput(dir, s string) string {
	return strings.ReplaceAll(s, filepath.ToSlash(dir)+"/", "")
}

// absArgs rewrites args so every path they name, or default, is under dir.
func absArgs(dir string, args []string) []string {
	if len(args) == 0 {
		return args
	}
	cmd := findCommand(args[0])
	if cmd == nil {
		return args
	}
	abs := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	if cmd.flags != nil {
		cmd.flags(fs)
	}
	out := []string{args[0]}
	given := map[string]bool{}
	rest := args[1:]
	i := 0
	for ; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		name := strings.TrimLeft(a, "-")
		value, hasValue := "", false
		if k := strings.IndexByte(name, '='); k >= 0 {
			name, value, hasValue = name[:k], name[k+1:], true
		}
		f := fs.Lookup(name)
		if f == nil {
			out = append(out, a)
			continue
		}
		given[name] = true
		isBool := false
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			isBool = true
		}
		switch {
		case hasValue && pathFlags[name]:
			out = append(out, "--"+name+"="+abs(value))
		case hasValue || isBool:
			out = append(out, a)
		case i+1 < len(rest):
			v := rest[i+1]
			if pathFlags[name] {
				v = abs(v)
			}
			out = append(out, a, v)
			i++
		default:
			out = append(out, a)
		}
	}
	fs.VisitAll(func(f *flag.Flag) {
		if pathFlags[f.Name] && !given[f.Name] && f.DefValue != "" {
			out = append(out, "--"+f.Name+"="+abs(f.DefValue))
		}
	})
	for ; i < len(rest); i++ {
		a := rest[i]
		if pathArgCommands[cmd.name] && a != "--" {
			a = abs(a)
		}
		out = append(out, a)
	}
	return out
}

// writeTree writes the files of tree into dir. tree is in the txtar way:
// a line "-- path/name --" starts a file and every line up to the next such
// line is its content; text before the first file is a comment. Folders
// are made as needed.
func writeTree(t testing.TB, dir, tree string) {
	t.Helper()
	var name string
	var body strings.Builder
	flush := func() {
		if name == "" {
			return
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(tree, "\n") {
		trimmed := strings.TrimRight(line, "\r\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			name = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			continue
		}
		if name != "" {
			body.WriteString(line)
		}
	}
	flush()
}

// handbookCommand returns a command that runs handbook with args as a real
// process whose working directory is dir, for the tests that need one (a
// pseudo-terminal, a signal). It runs this test binary under the name
// "handbook", which the TestMain in script_test.go (testscript.Main) turns
// into a call of run(), so nothing is built. The environment is the test's,
// without NO_COLOR and TERM; add what a test needs to cmd.Env.
func handbookCommand(t testing.TB, dir string, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := &exec.Cmd{Path: exe, Args: append([]string{"handbook"}, args...), Dir: dir}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "NO_COLOR=") || strings.HasPrefix(kv, "TERM=") {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	return cmd
}
