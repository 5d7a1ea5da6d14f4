//go:build linux

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal with the standard library alone: the
// master from /dev/ptmx, unlocked with TIOCSPTLCK, and the slave at
// /dev/pts/N, N from TIOCGPTN. What is written to the slave is read from
// the master; read collects it once every holder of the slave has closed it.
func openPTY(t *testing.T) (slave *os.File, read func() string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	ioctl := func(req uintptr, arg unsafe.Pointer) error {
		if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), req, uintptr(arg)); e != 0 {
			return e
		}
		return nil
	}
	var unlock int32
	if err := ioctl(syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		t.Fatalf("unlockpt: %v", err)
	}
	var n uint32
	if err := ioctl(syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		t.Fatalf("ptsname: %v", err)
	}
	slave, err = os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening the pty slave: %v", err)
	}
	// Read all along, so a writer never blocks on a full terminal buffer.
	done := make(chan string, 1)
	go func() {
		var b bytes.Buffer
		_, err := io.Copy(&b, master)
		// Linux ends a master's stream with EIO once no slave is open.
		if err != nil && !errors.Is(err, syscall.EIO) {
			b.WriteString("\nread error: " + err.Error())
		}
		master.Close()
		done <- b.String()
	}()
	t.Cleanup(func() { slave.Close() })
	return slave, func() string {
		slave.Close()
		// The terminal turns "\n" into "\r\n"; undo that.
		return strings.ReplaceAll(<-done, "\r\n", "\n")
	}
}

func TestIsTerminalIsTrueForAPseudoTerminalUnlessTERMIsDumb(t *testing.T) {
	t.Setenv("TERM", "xterm")
	slave, read := openPTY(t)
	if !isTerminal(slave) {
		t.Error("isTerminal(pty) = false")
	}
	t.Setenv("TERM", "dumb")
	if isTerminal(slave) {
		t.Error("isTerminal(pty) with TERM=dumb = true")
	}
	read()
}

// TestBuildOnATerminalShowsProgressAndColour runs handbook in-process with
// a pseudo-terminal as stderr, as a writer's shell would give it.
func TestBuildOnATerminalShowsProgressAndColour(t *testing.T) {
	withProgressTimes(t, 0, 0)
	t.Setenv("TERM", "xterm")
	t.Setenv("NO_COLOR", "")
	dir := t.TempDir()
	if _, stderr, code := runCLI(t, dir, "init", "--quiet", "."); code != exitOK {
		t.Fatal(stderr)
	}
	// A warning to colour: a person with no role.
	writeTree(t, dir, "-- content/people/sam.yaml --\nname: Sam\n")

	slave, read := openPTY(t)
	var stdout bytes.Buffer
	code := runCLIWith(t, dir, &stdout, slave, "build")
	out := relOutput(dir, read())
	if code != exitOK {
		t.Fatalf("build: exit %d\n%q", code, out)
	}
	checkProgress(t, out)
	for _, want := range []string{
		ansiBold + "content/people/sam.yaml:1:1:" + ansiReset + " " + ansiYellow + "warning:" + ansiReset + " ",
		"built 2 pages, 4 cards, 1 warning into public in ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("terminal output has no %q:\n%q", want, out)
		}
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout: %q", stdout.String())
	}
}

func TestNoColorTurnsColourOffButNotProgress(t *testing.T) {
	withProgressTimes(t, 0, 0)
	t.Setenv("TERM", "xterm")
	t.Setenv("NO_COLOR", "1")
	dir := problemDir(t)
	slave, read := openPTY(t)
	code := runCLIWith(t, dir, io.Discard, slave, "check")
	out := relOutput(dir, read())
	if code != exitContent {
		t.Fatalf("exit %d", code)
	}
	if strings.Contains(out, "\x1b[1") || strings.Contains(out, "\x1b[0m") {
		t.Errorf("NO_COLOR is set, yet: %q", out)
	}
	if !strings.Contains(out, "content/index.md:6:5: page \"gone.md#x\" does not exist") {
		t.Errorf("output: %q", out)
	}
	// check renders nothing, so it never shows progress; build does.
	if strings.Contains(out, "building") {
		t.Errorf("check showed progress: %q", out)
	}
	dir = t.TempDir()
	runCLI(t, dir, "init", "--quiet", ".")
	slave, read = openPTY(t)
	runCLIWith(t, dir, io.Discard, slave, "build")
	out = read()
	checkProgress(t, out)
	if strings.Contains(out, "\x1b[1") {
		t.Errorf("NO_COLOR build on a terminal: %q", out)
	}
}

var progressRE = regexp.MustCompile(`\r\x1b\[Kbuilding (\d+) of (\d+) pages`)

// checkProgress checks that out shows progress counting up to the total,
// and clears the line before anything else is written.
func checkProgress(t *testing.T, out string) {
	t.Helper()
	all := progressRE.FindAllStringSubmatchIndex(out, -1)
	if len(all) == 0 {
		t.Fatalf("no progress in %q", out)
	}
	last := all[len(all)-1]
	done, total := out[last[2]:last[3]], out[last[4]:last[5]]
	if done != total || total == "0" {
		t.Errorf("progress stopped at %s of %s: %q", done, total, out)
	}
	prev := 0
	for _, m := range progressRE.FindAllStringSubmatch(out, -1) {
		n, _ := strconv.Atoi(m[1])
		if n <= prev {
			t.Errorf("progress went from %d to %d: %q", prev, n, out)
		}
		prev = n
	}
	if !strings.HasPrefix(out[last[1]:], ansiClear) {
		t.Errorf("the progress line is not cleared: %q", out[last[1]:])
	}
	if strings.Contains(out[last[1]+len(ansiClear):], "building") {
		t.Errorf("progress after the end: %q", out)
	}
}

func TestQuietOrDumbTerminalShowsNoProgress(t *testing.T) {
	withProgressTimes(t, 0, 0)
	t.Setenv("NO_COLOR", "")
	dir := t.TempDir()
	runCLI(t, dir, "init", "--quiet", ".")
	for _, c := range []struct {
		term string
		args []string
	}{
		{"xterm", []string{"build", "--quiet"}},
		{"dumb", []string{"build"}},
	} {
		t.Setenv("TERM", c.term)
		slave, read := openPTY(t)
		runCLIWith(t, dir, io.Discard, slave, c.args...)
		if out := read(); strings.Contains(out, "building") || strings.Contains(out, "\x1b") {
			t.Errorf("TERM=%s %v: %q", c.term, c.args, out)
		}
	}
}

// TestRealProcessOnATerminalIsColouredAndInAPipeIsNot starts handbook as
// its own process, its stderr a pseudo-terminal, as a shell would.
func TestRealProcessOnATerminalIsColouredAndInAPipeIsNot(t *testing.T) {
	t.Parallel()
	dir := problemDir(t)
	run := func(env ...string) (string, int) {
		cmd := handbookCommand(t, dir, "check")
		cmd.Env = append(cmd.Env, env...)
		slave, read := openPTY(t)
		cmd.Stderr = slave
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		err := cmd.Start()
		if err != nil {
			t.Fatal(err)
		}
		slave.Close() // the child has its own copy
		err = cmd.Wait()
		out := read()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out, code
	}
	out, code := run("TERM=xterm")
	if code != exitContent {
		t.Errorf("exit %d\n%q", code, out)
	}
	if !strings.Contains(out, ansiRed+"content/index.md:6:5:"+ansiReset+" page") {
		t.Errorf("no colour on a terminal: %q", out)
	}
	out, _ = run("TERM=xterm", "NO_COLOR=1")
	if strings.Contains(out, "\x1b") || !strings.Contains(out, "content/index.md:6:5: page") {
		t.Errorf("NO_COLOR: %q", out)
	}

	// The same command with stderr a pipe.
	cmd := handbookCommand(t, dir, "check")
	cmd.Env = append(cmd.Env, "TERM=xterm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Run()
	if strings.Contains(stderr.String(), "\x1b") || !strings.Contains(stderr.String(), "content/index.md:6:5: page") {
		t.Errorf("a pipe got: %q", stderr.String())
	}
}
