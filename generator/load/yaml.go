package load

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/devrel-handbook/handbook/generator/diag"
	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/site"
)

func sortStrings(s []string) { sort.Strings(s) }

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses one YAML document into its root mapping node, shifting
// every line by lineShift so that positions are file positions.
func parseYAML(raw []byte, lineShift int) (*yaml.Node, error) {
	if err := scanYAMLKeys(raw); err != nil {
		return nil, err
	}
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return &yaml.Node{Kind: yaml.MappingNode, Line: 1 + lineShift, Column: 1}, nil
		}
		return nil, err
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		return nil, &docError{line: second.Line + lineShift}
	}
	if err := checkTree(&doc, 1); err != nil {
		return nil, err
	}
	shift(&doc, lineShift)
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1 + lineShift, Column: 1}, nil
	}
	return doc.Content[0], nil
}

type docError struct{ line int }

func (e *docError) Error() string { return "second document" }

func shift(n *yaml.Node, by int) {
	if by == 0 {
		return
	}
	n.Line += by
	for _, c := range n.Content {
		shift(c, by)
	}
}

// yamlError turns a YAML syntax error into diagnostics at file positions.
func yamlError(file string, err error, lineShift int, src []byte) diag.List {
	var l diag.List
	var de *docError
	if errors.As(err, &de) {
		l.Errorf(diag.Position{File: file, Line: de.line, Col: 1}, "a card or front matter holds one YAML document: remove the second \"---\" and what follows, or merge it", "a second YAML document starts here")
		return l
	}
	var le *limitError
	if errors.As(err, &le) {
		l.Errorf(diag.Position{File: file, Line: le.line + lineShift, Col: le.col}, le.fix, "%s", le.msg)
		return l
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		for _, e := range te.Errors {
			l.Add(yamlError(file, errors.New("yaml: "+e), lineShift, src))
		}
		return l
	}
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		if strings.HasPrefix(m[2], "exceeded max depth") {
			return yamlError(file, tooDeep(n, 0), lineShift, src)
		}
		// yaml.v3 counts the lines of parser errors from 0 (it adds 1 for
		// scanner errors only): "did not find expected ..." is one line up.
		if strings.HasPrefix(m[2], "did not find expected") {
			n = min(n+1, max(1, strings.Count(string(src), "\n")))
		}
		fix := "fix the YAML syntax (indentation, a missing ':' or an unclosed quote are the usual causes)"
		if lines := strings.Split(string(src), "\n"); n >= 1 && n <= len(lines) && strings.Contains(lines[n-1], "[[") {
			fix = "put an item with a [[…]] reference in quotes, or write the list one \"- item\" per line: YAML reads [ as the start of a list"
		}
		l.Errorf(diag.Position{File: file, Line: n + lineShift}, fix, "invalid YAML: %s", m[2])
		return l
	}
	l.Errorf(diag.Position{File: file, Line: 1 + lineShift}, "fix the YAML syntax", "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
	return l
}

// decoder reads the fields of one card or front matter, collecting every
// problem with its position.
type decoder struct {
	file string
	l    *diag.List
	md   *markdown.Converter
}

func (d *decoder) pos(n *yaml.Node) diag.Position {
	return diag.Position{File: d.file, Line: n.Line, Col: n.Column}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "nothing"
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "the number " + n.Value
	}
	return fmt.Sprintf("%q", n.Value)
}

// fields calls fn for each key of mapping n that is in known; an unknown or
// repeated key is an error at its position, with the closest known key.
func (d *decoder) fields(n *yaml.Node, what string, known []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		d.l.Errorf(d.pos(n), "write it as `key: value` lines", "%s must be a mapping of fields, not %s", what, kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if line, dup := seen[k.Value]; dup {
			d.l.Errorf(d.pos(k), "remove one of them", "field %q is given twice (first at line %d)", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		if !contains(known, k.Value) {
			fix := "known fields: " + strings.Join(known, ", ")
			if c := diag.Closest(k.Value, known); c != "" {
				fix = fmt.Sprintf("did you mean %q?", c)
			}
			d.l.Errorf(d.pos(k), fix, "unknown field %q in %s", k.Value, what)
			continue
		}
		if v.Kind == yaml.AliasNode {
			d.l.Errorf(d.pos(v), "write the value out", "YAML aliases are not supported")
			continue
		}
		fn(k.Value, k, v)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isNull(v *yaml.Node) bool { return v.Kind == yaml.ScalarNode && v.Tag == "!!null" }

// str reads a one-line text.
func (d *decoder) str(key string, v *yaml.Node) string {
	if isNull(v) {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		d.l.Errorf(d.pos(v), "write a text after the colon", "%s must be a text, not %s", key, kindName(v))
		return ""
	}
	return strings.TrimSpace(v.Value)
}

func (d *decoder) boolean(key string, v *yaml.Node) bool {
	if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
		d.l.Errorf(d.pos(v), "write true or false", "%s must be true or false, not %s", key, kindName(v))
		return false
	}
	return v.Value == "true" || v.Value == "True" || v.Value == "TRUE"
}

func (d *decoder) integer(key string, v *yaml.Node) int {
	n, err := strconv.Atoi(v.Value)
	if v.Kind != yaml.ScalarNode || v.Tag != "!!int" || err != nil {
		d.l.Errorf(d.pos(v), "write a whole number", "%s must be a whole number, not %s", key, kindName(v))
		return 0
	}
	return n
}

// list returns the items of a list; a single text is taken as a list of one.
func (d *decoder) list(key string, v *yaml.Node) []*yaml.Node {
	switch {
	case isNull(v):
		return nil
	case v.Kind == yaml.SequenceNode:
		return v.Content
	case v.Kind == yaml.ScalarNode:
		return []*yaml.Node{v}
	}
	d.l.Errorf(d.pos(v), "write a list: [a, b] or one \"- item\" per line", "%s must be a list, not %s", key, kindName(v))
	return nil
}

func (d *decoder) strs(key string, v *yaml.Node) []string {
	var out []string
	for _, e := range d.list(key, v) {
		if s := d.str(key+" item", e); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidID reports whether s is a card id: lower case letters, digits and
// single '-' between them.
func ValidID(s string) bool { return idRE.MatchString(s) }

func (d *decoder) id(key string, v *yaml.Node) site.ID {
	s := d.str(key, v)
	if s == "" {
		return site.ID{}
	}
	return site.ID{ID: s, Pos: d.pos(v)}
}

func (d *decoder) ids(key string, v *yaml.Node) []site.ID {
	var out []site.ID
	for _, e := range d.list(key, v) {
		if id := d.id(key+" item", e); id.ID != "" {
			out = append(out, id)
		}
	}
	return out
}

func (d *decoder) date(key string, v *yaml.Node) site.Date {
	s := d.str(key, v)
	if s == "" {
		return site.Date{}
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		d.l.Errorf(d.pos(v), "write a real date as YYYY-MM-DD, like 2026-10-01", "%s %q is not a date", key, s)
		return site.Date{}
	}
	return site.Date{Time: t, Pos: d.pos(v)}
}

// links reads a list of {label, url}.
func (d *decoder) links(key string, v *yaml.Node) []site.Link {
	var out []site.Link
	for _, e := range d.list(key, v) {
		var lk site.Link
		lk.Pos = d.pos(e)
		rejected := false
		d.fields(e, key+" item", []string{"label", "url"}, func(k string, kn, vn *yaml.Node) {
			switch k {
			case "label":
				lk.Label = d.str(k, vn)
			case "url":
				lk.URL = d.str(k, vn)
				if lk.URL != "" && !safeCardURL(lk.URL) {
					d.l.Errorf(d.pos(vn), "use an https, http, mailto or tel URL", "url %q is not allowed", lk.URL)
					lk.URL = ""
					rejected = true
				}
			}
		})
		if e.Kind == yaml.MappingNode && lk.URL == "" && !rejected {
			d.l.Errorf(lk.Pos, "add url: https://… (or mailto:, tel:)", "%s item has no url", key)
		}
		if lk.Label == "" {
			lk.Label = lk.URL
		}
		if lk.URL != "" {
			out = append(out, lk)
		}
	}
	return out
}

func safeCardURL(u string) bool {
	return markdown.HasScheme(u) && markdown.SafeURL(u, false)
}

// text converts a markdown field. key is the field's key node, used to
// guess the indentation of block scalars.
func (d *decoder) text(key string, k, v *yaml.Node, inline bool) *site.Text {
	s := d.str(key, v)
	if s == "" {
		return nil
	}
	t := &site.Text{File: d.file, Line: v.Line, Col: v.Column, Indent: v.Column}
	switch v.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		t.Line = v.Line + 1
		t.Col = k.Column + 2
		t.Indent = t.Col
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		t.Col++
		t.Indent = t.Col
	}
	if inline {
		t.Doc = d.md.ConvertInline([]byte(s))
	} else {
		t.Doc = d.md.Convert([]byte(v.Value))
	}
	d.problems(t)
	return t
}

func (d *decoder) texts(key string, k, v *yaml.Node) []*site.Text {
	var out []*site.Text
	for _, e := range d.list(key, v) {
		if t := d.text(key+" item", k, e, true); t != nil {
			out = append(out, t)
		}
	}
	return out
}

func (d *decoder) problems(t *site.Text) {
	for _, p := range t.Doc.Problems {
		pos := t.At(p.Line, p.Col)
		if p.Warning {
			d.l.Warnf(pos, p.Fix, "%s", p.Message)
		} else {
			d.l.Errorf(pos, p.Fix, "%s", p.Message)
		}
	}
}

// require reports the fields of want that were not given.
func (d *decoder) require(n *yaml.Node, what string, want ...string) {
	have := map[string]bool{}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if !isNull(n.Content[i+1]) {
				have[n.Content[i].Value] = true
			}
		}
	}
	for _, w := range want {
		if !have[w] {
			d.l.Errorf(diag.Position{File: d.file, Line: 1, Col: 1}, fmt.Sprintf("add `%s: …`", w), "%s has no %s", what, w)
		}
	}
}
