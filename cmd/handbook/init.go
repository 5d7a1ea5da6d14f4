package main

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// starter is the handbook that 'handbook init' writes: a site.yaml, a home
// page, a page that shows every kind of link, and one team, role and
// person card with every field. "all:" keeps files whose names start with
// "_" or "."; gitignore is stored without its dot so that it does not act
// on this repository, and written as .gitignore.
//
//go:embed all:starter
var starter embed.FS

// starterToday is replaced in the starter files by the day of the init, so
// the new handbook's last_reviewed dates are fresh and check reports no
// stale reviews.
const starterToday = "@TODAY@"

type initFlags struct{ quiet bool }

func init() {
	register(&command{
		order: 5, name: "init", usage: "[flags] folder", summary: "start a new handbook in a folder",
		long: `Init writes a small handbook into the folder, creating it if needed:
content/ with site.yaml, a home page, a page that shows every kind of link,
and one team, role and person card with every field and a comment on each,
plus a .gitignore for public/. The folder must be new or empty (a .git
folder is allowed, so you can run it in a fresh clone); init never
overwrites a file. Then run 'handbook serve' in the folder to see it.`,
		flags: func(fs *flag.FlagSet) any {
			f := &initFlags{}
			fs.BoolVar(&f.quiet, "quiet", false, "print only problems")
			return f
		},
		run: (*cli).initCmd,
	})
}

func (c *cli) initCmd(o any, args []string) int {
	f := o.(*initFlags)
	if len(args) != 1 {
		fmt.Fprintln(c.stderr, "handbook init: give the folder to start the handbook in, e.g. 'handbook init my-handbook'")
		return exitUsage
	}
	dir := args[0]
	n, err := writeStarter(dir, starterDate())
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook init: %v\n", err)
		return exitContent
	}
	if !f.quiet {
		fmt.Fprintf(c.stderr, "started a handbook in %s (%s)\n\nNext:\n", dir, plural(n, "file", "files"))
		if filepath.Clean(dir) != "." {
			fmt.Fprintf(c.stderr, "  cd %s\n", shellQuote(dir))
		}
		fmt.Fprint(c.stderr, "  handbook serve     # preview it, and edit the files in content/\n"+
			"  handbook check     # before you push\n")
	}
	return exitOK
}

// writeStarter writes the starter handbook into dir and returns how many
// files it wrote. dir must not exist, or be empty but for .git.
func writeStarter(dir, today string) (int, error) {
	if err := checkEmpty(dir); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("cannot create the folder: %w", err)
	}
	n := 0
	err := fs.WalkDir(starter, "starter", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := starter.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "starter/")
		if rel == "gitignore" {
			rel = ".gitignore"
		}
		data = []byte(strings.ReplaceAll(string(data), starterToday, today))
		dst := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		// O_EXCL: never overwrite, even if a file appeared since the check.
		w, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
		n++
		return nil
	})
	return n, err
}

// checkEmpty returns an error naming dir unless it does not exist or holds
// nothing but a .git folder.
func checkEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return fmt.Errorf("%s is a file, not a folder; choose a new folder name", dir)
		}
		return fmt.Errorf("cannot read the folder: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.Name() == ".git" && e.IsDir() {
			continue
		}
		names = append(names, e.Name())
	}
	if len(names) == 0 {
		return nil
	}
	shown := names
	if len(shown) > 3 {
		shown = append(shown[:3:3], "…")
	}
	return fmt.Errorf("folder %s is not empty (it has %s); choose a new folder, or empty this one", dir, strings.Join(shown, ", "))
}

// starterDate is the day written into the starter's last_reviewed fields:
// the day of SOURCE_DATE_EPOCH when it is set (for reproducible output),
// otherwise today in local time.
func starterDate() string {
	t := time.Now()
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if sec, err := strconv.ParseInt(s, 10, 64); err == nil {
			t = time.Unix(sec, 0).UTC()
		}
	}
	return t.Format(time.DateOnly)
}

// shellQuote quotes a folder name for the "cd" hint when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
