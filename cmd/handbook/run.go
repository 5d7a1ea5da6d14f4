package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/diag"
)

// The garbage collector during handbook build. A build holds the whole
// site in memory and then exits, and its live heap peaks at about 2.2
// times the size of the content's pages and cards (the converted HTML of
// every page: 119 MB for 56 MB at 10k pages, about 600 MB for 289 MB at
// 50k; issue #6). Go's default (collect at 100% growth) would let the
// heap reach twice that; a fixed lower GOGC (50, before) collects often
// while the heap is small, for nothing. Instead the build keeps GOGC at
// buildGCPercent and sets a soft memory limit of buildMemBase plus
// buildMemPerByte times the size of the pages and cards (the content's
// other files are not held in memory), about 1.8 times the live heap's
// peak: the collector works harder only when the heap nears it. The limit
// grows with the content, so a bigger site never has its collector run
// against a limit close to its live heap (3 times the size, tried first,
// cost 11% more CPU than GOGC=50 at 50k pages). Below buildMemMin the
// limit is not worth the collector's time: a small site keeps GOGC alone.
// GOGC or GOMEMLIMIT, when set, decide instead.
const (
	buildGCPercent  = 100
	buildMemBase    = 24 << 20
	buildMemPerByte = 4
	buildMemMin     = 128 << 20
)

// buildMemLimit is the memory limit of a build whose pages and cards are
// size bytes.
func buildMemLimit(size int64) int64 {
	return max(buildMemBase+buildMemPerByte*size, buildMemMin)
}

var buildGCState struct {
	sync.Mutex
	builds   int // running in this process (tests run several at once)
	old      int
	oldLimit int64
	sized    chan struct{} // closed when the first build's limit is set
}

// buildGC sets the garbage collector for a build of the content folder
// and returns the function that puts it back when the last build running
// ends. The folder is sized while the build starts, not before it.
func buildGC(content string) func() {
	st := &buildGCState
	st.Lock()
	defer st.Unlock()
	if st.builds == 0 {
		st.old = debug.SetGCPercent(buildGCPercent)
		st.oldLimit = debug.SetMemoryLimit(-1)
		sized := make(chan struct{})
		st.sized = sized
		go func() {
			defer close(sized)
			debug.SetMemoryLimit(buildMemLimit(textSize(content)))
		}()
	}
	st.builds++
	return func() {
		st.Lock()
		defer st.Unlock()
		if st.builds--; st.builds == 0 {
			<-st.sized
			debug.SetGCPercent(st.old)
			debug.SetMemoryLimit(st.oldLimit)
		}
	}
}

// textSize is the size of the pages and cards (.md and .yaml files) under
// dir, in bytes (0 if it cannot be read).
func textSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".yaml")) {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// Exit codes.
const (
	exitOK      = 0
	exitContent = 1 // content errors (or warnings with --strict), or a failure such as a full disk
	exitUsage   = 2
)

// command is one subcommand: its flags and what it does. Each file that
// adds a command registers it in its init function.
type command struct {
	order   int // place in 'handbook help'
	name    string
	usage   string // arguments after the name
	summary string
	long    string
	flags   func(fs *flag.FlagSet) any
	run     func(c *cli, opts any, args []string) int
}

// cli carries the output streams of one run.
type cli struct {
	stdout, stderr io.Writer
	format         diagFormat // how printDiags prints; set from --format
}

var commands []*command

// register adds a command; 'handbook help' lists them by order.
func register(c *command) {
	commands = append(commands, c)
	sort.SliceStable(commands, func(i, j int) bool { return commands[i].order < commands[j].order })
}

func findCommand(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func run(args []string, stdout, stderr io.Writer) int {
	c := &cli{stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		c.usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		c.usage(stdout)
		return exitOK
	case "-v", "-version", "--version":
		name = "version"
	}
	cmd := findCommand(name)
	if cmd == nil {
		fmt.Fprintf(stderr, "handbook: unknown command %q\n", args[0])
		if cl := diag.Closest(args[0], commandNames()); cl != "" {
			fmt.Fprintf(stderr, "did you mean %q?\n", cl)
		}
		fmt.Fprintln(stderr, "run 'handbook help' for the commands")
		return exitUsage
	}
	fs := flag.NewFlagSet("handbook "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var opts any
	if cmd.flags != nil {
		opts = cmd.flags(fs)
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			c.help(stdout, cmd)
			return exitOK
		}
		fmt.Fprintf(stderr, "handbook %s: %v\n", cmd.name, err)
		fmt.Fprintf(stderr, "usage: handbook %s %s\nrun 'handbook help %s' for details\n", cmd.name, cmd.usage, cmd.name)
		return exitUsage
	}
	if sf, ok := opts.(*siteFlags); ok {
		c.format = sf.format
	}
	return cmd.run(c, opts, fs.Args())
}

func commandNames() []string {
	var n []string
	for _, c := range commands {
		n = append(n, c.name)
	}
	return n
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprint(w, `handbook builds a devrel handbook and role directory: markdown pages and
team, role and person cards in content/ become a cross-linked static site.

Usage:

	handbook <command> [flags]

Commands:

`)
	for _, cmd := range commands {
		fmt.Fprintf(w, "\t%-9s %s\n", cmd.name, cmd.summary)
	}
	fmt.Fprint(w, `
Run 'handbook help <command>' for a command's flags.
Exit status: 0 success, 1 content errors (or a failed build), 2 usage errors.
`)
}

func (c *cli) help(w io.Writer, cmd *command) {
	fmt.Fprintf(w, "usage: handbook %s %s\n\n%s\n", cmd.name, cmd.usage, strings.TrimSpace(cmd.long))
	if cmd.flags == nil {
		return
	}
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	cmd.flags(fs)
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	fmt.Fprintln(w, "\nFlags:")
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		if arg != "" {
			arg = " " + arg
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "  --%s%s\n    \t%s%s\n", f.Name, arg, usage, def)
	})
}

// siteFlags are the inputs shared by build, check, serve and watch.
type siteFlags struct {
	content, out, templates, baseURL string
	drafts, strict, quiet            bool
	format                           diagFormat
	cpuprofile, memprofile           string
	today                            time.Time // --today; zero: the current date
}

func addSiteFlags(fs *flag.FlagSet, out bool) *siteFlags {
	f := &siteFlags{}
	fs.StringVar(&f.content, "content", "content", "the content `folder`")
	if out {
		fs.StringVar(&f.out, "out", "public", "the output `folder`")
	}
	fs.StringVar(&f.templates, "templates", "", "a `folder` of templates that replace the built-in ones of the same name")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages marked draft: true")
	fs.StringVar(&f.baseURL, "base-url", "", "the site's address (`URL`), overriding base_url in site.yaml")
	fs.BoolVar(&f.strict, "strict", false, "treat warnings as errors")
	fs.BoolVar(&f.quiet, "quiet", false, "print only problems")
	addTodayFlag(fs, &f.today)
	f.format = formatText
	fs.Var(&f.format, "format", "how to print problems, `text|json|github`; json and github go to stdout, for tools")
	return f
}

func (f *siteFlags) options() generator.Options {
	return generator.Options{Content: f.content, Out: f.out, Templates: f.templates, Drafts: f.drafts, BaseURL: f.baseURL, Strict: f.strict, Today: f.today}
}

// maxDiags is how many diagnostics are printed before "and N more".
const maxDiags = 50

func (c *cli) printDiags(l diag.List) { c.writeDiags(c.format, l) }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func summary(r *generator.Result) string {
	s := fmt.Sprintf("%s, %s", plural(r.Pages, "page", "pages"), plural(r.Cards, "card", "cards"))
	if e := r.Diags.Errors(); e > 0 {
		s += ", " + plural(e, "error", "errors")
	}
	if w := r.Diags.Warnings(); w > 0 {
		s += ", " + plural(w, "warning", "warnings")
	}
	return s
}

func init() {
	register(&command{
		order: 10, name: "build", usage: "[flags]", summary: "build the site into the output folder",
		long: `Build reads the content folder and writes the site into the output folder.
Problems are printed as file:line:col: message, sorted. When there is any
error, nothing in the output folder changes. Otherwise only the files whose
bytes changed are rewritten (each atomically), and the files the site no
longer has are removed. The output folder must be empty or made by handbook.`,
		flags: func(fs *flag.FlagSet) any {
			return addProfileFlags(fs, addSiteFlags(fs, true))
		},
		run: (*cli).build,
	})
	register(&command{
		order: 20, name: "check", usage: "[flags]", summary: "check the content without writing anything",
		long: `Check reads and checks the content folder and the templates, and prints
every problem as file:line:col: message. It writes nothing (but the profiles
--cpuprofile and --memprofile ask for).`,
		flags: func(fs *flag.FlagSet) any { return addProfileFlags(fs, addSiteFlags(fs, false)) },
		run:   (*cli).check,
	})
	register(&command{
		order: 90, name: "version", usage: "", summary: "print the version",
		long: "Version prints handbook's module version and the Go version it was built with.",
		run:  (*cli).version,
	})
	register(&command{
		order: 100, name: "help", usage: "[command]", summary: "show help for a command",
		long: "Help shows the commands, or one command's flags.",
		run:  (*cli).helpCmd,
	})
}

func (c *cli) helpCmd(_ any, args []string) int {
	if len(args) == 0 {
		c.usage(c.stdout)
		return exitOK
	}
	cmd := findCommand(args[0])
	if cmd == nil {
		fmt.Fprintf(c.stderr, "handbook help: unknown command %q\n", args[0])
		return exitUsage
	}
	c.help(c.stdout, cmd)
	return exitOK
}

func (c *cli) version(_ any, args []string) int {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintf(c.stdout, "handbook %s %s %s/%s\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitOK
}

func noArgs(c *cli, name string, args []string) bool {
	if len(args) > 0 {
		fmt.Fprintf(c.stderr, "handbook %s: unexpected argument %q; give folders with --content and --out\n", name, args[0])
		return false
	}
	return true
}

func (c *cli) check(o any, args []string) int {
	f := o.(*siteFlags)
	if !noArgs(c, "check", args) {
		return exitUsage
	}
	stop, ok := c.profile("check", f)
	if !ok {
		return exitUsage
	}
	defer stop()
	r, err := generator.Check(f.options())
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook check: %v\n", err)
		return exitContent
	}
	c.printDiags(r.Diags)
	if !f.quiet || r.Failed() {
		fmt.Fprintf(c.stderr, "checked %s in %d ms\n", summary(r), r.Duration.Milliseconds())
	}
	if r.Failed() {
		return exitContent
	}
	return exitOK
}

// addProfileFlags adds --cpuprofile and --memprofile, for finding where a
// build's or a check's time goes (README, Performance).
func addProfileFlags(fs *flag.FlagSet, f *siteFlags) *siteFlags {
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "write a CPU profile to `file`")
	fs.StringVar(&f.memprofile, "memprofile", "", "write an allocation profile to `file`")
	return f
}

// profile starts the CPU profile the flags ask for and returns the
// function that stops it and writes the allocation profile; false if a
// profile's file cannot be made (said on stderr).
func (c *cli) profile(cmd string, f *siteFlags) (func(), bool) {
	var cpu *os.File
	if f.cpuprofile != "" {
		pf, err := os.Create(f.cpuprofile)
		if err != nil {
			fmt.Fprintf(c.stderr, "handbook %s: %v\n", cmd, err)
			return nil, false
		}
		pprof.StartCPUProfile(pf)
		cpu = pf
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			cpu.Close()
		}
		if f.memprofile != "" {
			if pf, err := os.Create(f.memprofile); err == nil {
				pprof.Lookup("allocs").WriteTo(pf, 0)
				pf.Close()
			} else {
				fmt.Fprintf(c.stderr, "handbook %s: %v\n", cmd, err)
			}
		}
	}, true
}

func (c *cli) build(o any, args []string) int {
	f := o.(*siteFlags)
	if !noArgs(c, "build", args) {
		return exitUsage
	}
	stop, ok := c.profile("build", f)
	if !ok {
		return exitUsage
	}
	defer stop()
	// A build holds the whole site in memory and then exits: see buildGC
	// (README, Performance). GOGC or GOMEMLIMIT, when set, decide.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		defer buildGC(f.content)()
	}
	opts := f.options()
	stopProgress := c.startProgress(f.quiet, &opts)
	r, err := generator.Build(opts)
	stopProgress()
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook build: %v\n", err)
		return exitContent
	}
	c.printDiags(r.Diags)
	if r.Failed() {
		fmt.Fprintf(c.stderr, "build failed: %s in %d ms; %s left unchanged\n", summary(r), r.Duration.Milliseconds(), f.out)
		return exitContent
	}
	if !f.quiet {
		fmt.Fprintf(c.stderr, "built %s into %s in %d ms (%d files written, %d unchanged, %d removed)\n",
			summary(r), f.out, r.Duration.Milliseconds(), r.Stats.Written, r.Stats.Unchanged, r.Stats.Removed)
	}
	return exitOK
}
