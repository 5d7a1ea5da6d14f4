// Package history owns what the content's version control knows: when
// each file last changed, from git. It runs one `git log` for the whole
// content folder and reads it as it streams, stopping as soon as every
// file asked about has its date. It never guesses: a folder that is not
// in git, a file with no commit, or a machine without git gives no date
// rather than the file's modification time, so a build is the same
// wherever it runs.
package history

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"os/exec"
	"time"
)

// LastChanged returns the date of the newest commit that changed each file
// under dir, keyed by slash-separated path relative to dir. The date is
// the commit's committer date, in the committer's time zone, as midnight
// UTC of that calendar day. When want is not empty, reading stops once
// every path in it has a date (older history is not read). It returns nil
// when git cannot be run or dir is not inside a git work tree.
func LastChanged(ctx context.Context, dir string, want []string) map[string]time.Time {
	git, err := exec.LookPath("git")
	if err != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, git,
		"-c", "core.quotepath=off", "-c", "log.showSignature=false",
		"log", "--no-color", "--format=format:\x1e%cs", "--name-only", "--relative", "-z", "--", ".")
	cmd.Dir = dir
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil
	}
	if err := cmd.Start(); err != nil {
		return nil
	}
	dates, complete := parseLog(out, want)
	if complete {
		cancel() // the rest of history is not needed
	}
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil && !complete {
		return nil // not a repository, or git failed part way
	}
	return dates
}

// parseLog reads `git log --format=format:\x1e%cs --name-only -z` output:
// a record is "\x1e" + date + "\n", then the names of the files the
// commit changed, each ended by NUL, the first one directly after the
// newline. Commits come newest first, so the first date a file gets is
// its last change. It reports whether it stopped because every wanted path
// had a date.
func parseLog(r io.Reader, want []string) (map[string]time.Time, bool) {
	dates := map[string]time.Time{}
	missing := map[string]bool{}
	for _, p := range want {
		missing[p] = true
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var date time.Time
	for {
		tok, err := br.ReadBytes(0)
		tok = bytes.TrimSuffix(tok, []byte{0})
		if i := bytes.IndexByte(tok, 0x1e); i >= 0 {
			rec := tok[i+1:]
			name := []byte(nil)
			if nl := bytes.IndexByte(rec, '\n'); nl >= 0 {
				rec, name = rec[:nl], rec[nl+1:]
			}
			date, _ = time.Parse(time.DateOnly, string(bytes.TrimSpace(rec)))
			tok = name
		}
		if len(tok) > 0 && !date.IsZero() {
			p := string(tok)
			if _, seen := dates[p]; !seen {
				dates[p] = date
				if missing[p] {
					delete(missing, p)
					if len(missing) == 0 {
						return dates, true
					}
				}
			}
		}
		if err != nil {
			return dates, false
		}
	}
}
