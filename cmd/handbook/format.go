package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/devrel-handbook/handbook/generator/diag"
)

// diagFormat is how diagnostics are printed: the --format flag of the
// commands that check content. Every format prints the same diagnostics in
// the same order, and the exit code does not depend on it.
type diagFormat string

const (
	formatText   diagFormat = "text"   // file:line:col: message; fix, on stderr, for people
	formatJSON   diagFormat = "json"   // one JSON document on stdout, for tools
	formatGitHub diagFormat = "github" // GitHub Actions workflow commands on stdout
)

var diagFormats = []diagFormat{formatText, formatJSON, formatGitHub}

// String and Set make diagFormat a flag.Value, so a wrong value is a usage
// error (exit 2) that lists the right ones.
func (f *diagFormat) String() string {
	if *f == "" {
		return string(formatText)
	}
	return string(*f)
}

func (f *diagFormat) Set(s string) error {
	for _, v := range diagFormats {
		if diagFormat(s) == v {
			*f = v
			return nil
		}
	}
	return errors.New("use text, json or github")
}

// jsonSchemaVersion is the version of the --format json document. It goes
// up only when a change could break a reader: a field renamed, removed or
// changing type or meaning. New fields may be added within a version.
const jsonSchemaVersion = 1

// jsonReport is the --format json document, documented in
// content/writing/content-format.md under "Diagnostics for tools".
type jsonReport struct {
	SchemaVersion int              `json:"schema_version"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"` // never null
}

type jsonDiagnostic struct {
	File     string `json:"file"`     // slash path as given, e.g. content/a.md; may name a flag such as --base-url
	Line     int    `json:"line"`     // 1-based; 0 when the problem is with the whole file
	Column   int    `json:"column"`   // 1-based, in characters; 0 when unknown
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`  // the problem
	Fix      string `json:"fix"`      // what to do about it; "" when there is no advice
}

// writeJSON writes l as one JSON document.
func writeJSON(w io.Writer, l diag.List) error {
	r := jsonReport{SchemaVersion: jsonSchemaVersion, Diagnostics: make([]jsonDiagnostic, 0, len(l))}
	for _, d := range l {
		r.Diagnostics = append(r.Diagnostics, jsonDiagnostic{
			File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col,
			Severity: d.Severity.String(), Message: d.Message, Fix: d.Fix,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// githubLine is d as a GitHub Actions workflow command, which the runner
// turns into an annotation on that line of the pull request's diff:
//
//	::error file=content/a.md,line=3,col=5::no page "b.md"; fix the link
//
// The fix is part of the message, since annotations have one text.
func githubLine(d diag.Diagnostic) string {
	var props []string
	if d.Pos.File != "" {
		props = append(props, "file="+githubProperty(d.Pos.File))
		if d.Pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(d.Pos.Line))
			if d.Pos.Col > 0 {
				props = append(props, "col="+strconv.Itoa(d.Pos.Col))
			}
		}
	}
	msg := d.Message
	if d.Fix != "" {
		msg += "; " + d.Fix
	}
	cmd := "::" + d.Severity.String()
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	return cmd + "::" + githubData(msg)
}

// githubData escapes a workflow command's message as the runner expects:
// a percent sign and line breaks are written as %25, %0D and %0A.
var githubDataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

func githubData(s string) string { return githubDataEscaper.Replace(s) }

// githubProperty escapes a property value, where ':' and ',' would end the
// value early, in addition to what githubData escapes.
var githubPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func githubProperty(s string) string { return githubPropertyEscaper.Replace(s) }

// textLine is d as the text format prints it: d.String(), with the
// position in bold and the severity word in colour when color is set.
// Errors have no severity word, so their position is red instead.
func textLine(d diag.Diagnostic, color bool) string {
	s := d.String()
	if !color {
		return s
	}
	pos := d.Pos.String()
	rest, ok := strings.CutPrefix(s, pos+":")
	if !ok || pos == "" {
		return s
	}
	posColor := ansiBold
	if d.Severity == diag.Error {
		posColor = ansiRed
	}
	for _, word := range []string{"warning", "error"} {
		if after, ok := strings.CutPrefix(rest, " "+word+":"); ok {
			c := ansiYellow
			if word == "error" {
				c = ansiRed
			}
			rest = " " + c + word + ":" + ansiReset + after
			break
		}
	}
	return posColor + pos + ":" + ansiReset + rest
}

// writeDiags prints l in format f: text on the cli's stderr, at most
// maxDiags of them; json and github on its stdout, all of them.
func (c *cli) writeDiags(f diagFormat, l diag.List) {
	switch f {
	case formatJSON:
		if err := writeJSON(c.stdout, l); err != nil {
			fmt.Fprintf(c.stderr, "handbook: writing diagnostics: %v\n", err)
		}
	case formatGitHub:
		for _, d := range l {
			fmt.Fprintln(c.stdout, githubLine(d))
		}
	default:
		color := useColor(c.stderr)
		for i, d := range l {
			if i == maxDiags {
				fmt.Fprintf(c.stderr, "and %d more\n", len(l)-maxDiags)
				break
			}
			fmt.Fprintln(c.stderr, textLine(d, color))
		}
	}
}
