package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/resolve"
)

// todayFlag is --today: the date staleness is measured against.
type todayFlag struct{ t *time.Time }

func (f todayFlag) String() string {
	if f.t == nil || f.t.IsZero() {
		return ""
	}
	return f.t.Format(time.DateOnly)
}

func (f todayFlag) Set(s string) error {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return errors.New("want a date like 2026-11-26")
	}
	*f.t = t
	return nil
}

// addTodayFlag adds --today, defaulting to the day of SOURCE_DATE_EPOCH
// when that is set, so that builds and tests never depend on the clock.
// Without either, generator uses the current date.
func addTodayFlag(fs *flag.FlagSet, t *time.Time) {
	*t = sourceDate()
	fs.Var(todayFlag{t}, "today", "the `date` (YYYY-MM-DD) reviews are measured against; default: the day of SOURCE_DATE_EPOCH when set, else the current date")
}

// sourceDate is the UTC day of SOURCE_DATE_EPOCH, or the zero time when it
// is not set or not a number of seconds.
func sourceDate() time.Time {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Time{}
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}
	}
	y, m, d := time.Unix(sec, 0).UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// parseInterspersed parses the flags of fs that follow or sit between the
// positional arguments of args ("stale --today X", "role x --team y"),
// and returns the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

type reportFlags struct {
	*siteFlags
	fs    *flag.FlagSet
	owner string
}

func init() {
	register(&command{
		order: 30, name: "report", usage: "stale [flags]", summary: "list the cards and pages that need review, by owner",
		long: `Report stale prints the cards and pages that need review: those whose
last_reviewed is older than review_after_days (site.yaml), and the role
cards and pages that have no owner. It is a table per owner (owners by
name, the things nobody owns last), oldest review first. The site's
/maintenance/ page shows the same list.

Reviews are measured against --today, else the day of SOURCE_DATE_EPOCH,
else the current date. The exit status is 0 even when something needs
review (1 with --strict), and 1 when the content has errors.`,
		flags: func(fs *flag.FlagSet) any {
			f := &reportFlags{siteFlags: addSiteFlags(fs, false), fs: fs}
			fs.StringVar(&f.owner, "owner", "", "list only what this `person-id` owns (none: what nobody owns)")
			return f
		},
		run: (*cli).reportCmd,
	})
}

func (c *cli) reportCmd(o any, args []string) int {
	f := o.(*reportFlags)
	c.format = f.format
	args, err := parseInterspersed(f.fs, args)
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook report: %v\nrun 'handbook help report' for the flags\n", err)
		return exitUsage
	}
	if len(args) != 1 || args[0] != "stale" {
		fmt.Fprintf(c.stderr, "handbook report: want 'handbook report stale'; stale is the only report\n")
		return exitUsage
	}
	opts := f.options()
	opts.Strict = false // --strict is about the report's result, below
	findings, r, err := generator.Review(opts)
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook report: %v\n", err)
		return exitContent
	}
	if r.Failed() {
		c.printDiags(r.Diags)
		fmt.Fprintf(c.stderr, "report failed: %s\n", summary(r))
		return exitContent
	}
	today := opts.Today
	if today.IsZero() {
		today = time.Now()
	}
	groups := resolve.ByOwner(findings)
	if f.owner != "" {
		want := f.owner
		if want == "none" {
			want = ""
		}
		var kept []resolve.OwnerGroup
		for _, g := range groups {
			if g.Owner == want {
				kept = append(kept, g)
			}
		}
		groups = kept
	}
	n := writeStaleReport(c.stdout, today, groups)
	if f.strict && n > 0 {
		return exitContent
	}
	return exitOK
}

// writeStaleReport prints the review findings as a table per owner and
// returns how many it printed.
func writeStaleReport(w io.Writer, today time.Time, groups []resolve.OwnerGroup) int {
	n := 0
	for _, g := range groups {
		n += len(g.Items)
	}
	date := today.Format(time.DateOnly)
	if n == 0 {
		fmt.Fprintf(w, "Nothing needs review as of %s.\n", date)
		return 0
	}
	verb := "need"
	if n == 1 {
		verb = "needs"
	}
	fmt.Fprintf(w, "%s %s review as of %s, by owner, oldest first.\n", plural(n, "card or page", "cards and pages"), verb, date)
	for _, g := range groups {
		fmt.Fprintln(w)
		switch {
		case g.Owner == "":
			fmt.Fprintln(w, "Nobody owns these")
		case g.Name != "":
			fmt.Fprintf(w, "%s (%s)\n", g.Name, g.Owner)
		default:
			fmt.Fprintln(w, g.Owner)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  AGE\tLAST REVIEWED\tKIND\tFILE\tPROBLEM")
		for _, f := range g.Items {
			age, reviewed := "-", "never"
			if f.Age >= 0 {
				age = plural(f.Age, "day", "days")
			}
			if f.Reviewed.Valid() {
				reviewed = f.Reviewed.String()
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", age, reviewed, f.Ref.Kind, f.File, oneLine(f.Summary()))
		}
		tw.Flush()
	}
	return n
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
