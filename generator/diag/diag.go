// Package diag owns the diagnostics of a run: a position in a content file,
// a message with its fix, and a sortable list of them. Every stage reports
// content problems through it instead of returning at the first one.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Severity says whether a diagnostic fails the run.
type Severity int

const (
	// Error fails the run.
	Error Severity = iota
	// Warning is printed but fails the run only with --strict.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Position is a place in a content file. Line and Col are 1-based; Col counts
// characters, not bytes, as editors do. A zero Line means the whole file.
type Position struct {
	File string // slash path as the writer knows it, e.g. content/roles/pm.yaml
	Line int
	Col  int
}

func (p Position) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// At returns the position of byte offset off in src, where the first byte of
// src is at line base (1 for a whole file, more for a body after front
// matter) of file. off is clamped to len(src).
func At(file string, src []byte, off, base int) Position {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	line := base
	start := 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return Position{File: file, Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
}

// Diagnostic is one problem found in the content.
type Diagnostic struct {
	Pos      Position
	Severity Severity
	Message  string // the problem, lower case, no final period
	Fix      string // what to do about it; may be empty
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	if d.Fix != "" {
		b.WriteString("; ")
		b.WriteString(d.Fix)
	}
	return b.String()
}

// List collects diagnostics. The zero value is ready to use.
type List []Diagnostic

// Errorf adds an error at pos. fix may be empty.
func (l *List) Errorf(pos Position, fix string, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Message: fmt.Sprintf(format, args...), Fix: fix})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Position, fix string, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Message: fmt.Sprintf(format, args...), Fix: fix})
}

// Add appends all of other.
func (l *List) Add(other List) { *l = append(*l, other...) }

// Sort orders the list by file, line, column, then message, and removes exact duplicates.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		if a.Severity != b.Severity {
			return a.Severity < b.Severity
		}
		return a.Message < b.Message
	})
	out := l[:0]
	for i, d := range l {
		if i > 0 && d == l[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Errors counts the diagnostics of severity Error.
func (l List) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Warnings counts the diagnostics of severity Warning.
func (l List) Warnings() int { return len(l) - l.Errors() }

// Strict returns a copy of l with every warning turned into an error.
func (l List) Strict() List {
	out := make(List, len(l))
	for i, d := range l {
		d.Severity = Error
		out[i] = d
	}
	return out
}
