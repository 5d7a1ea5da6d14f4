package load

import (
	"bytes"
	"fmt"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/devrel-handbook/handbook/generator/diag"
)

// frontMatter is the split of a page source into its front matter and body.
type frontMatter struct {
	node     *yaml.Node // the mapping, nil when there is none
	bodyLine int        // file line where the body starts
	body     []byte
}

// splitFrontMatter splits src (BOM and CRLF already removed). YAML front
// matter is the lines between a first line "---" and the next line that is
// exactly "---" or "..."; TOML uses "+++". An indented "---" inside a block
// scalar is content, not the end. We split ourselves rather than through
// adrg/frontmatter, which trims lines before comparing them (so an indented
// "---" ends the block), skips leading blank lines, and silently treats an
// unclosed block as body: each of those would misplace a writer's text or
// every line number after it.
func splitFrontMatter(file string, src []byte, l *diag.List) frontMatter {
	var open string
	switch {
	case bytes.HasPrefix(src, []byte("---\n")) || bytes.Equal(src, []byte("---")):
		open = "---"
	case bytes.HasPrefix(src, []byte("+++\n")) || bytes.Equal(src, []byte("+++")):
		open = "+++"
	default:
		return frontMatter{bodyLine: 1, body: src}
	}
	rest := src[len(open):]
	if len(rest) > 0 {
		rest = rest[1:]
	}
	line := 2
	for pos := 0; pos <= len(rest); {
		end := bytes.IndexByte(rest[pos:], '\n')
		var ln []byte
		next := len(rest) + 1
		if end < 0 {
			ln = rest[pos:]
		} else {
			ln = rest[pos : pos+end]
			next = pos + end + 1
		}
		ln = bytes.TrimRight(ln, " \t")
		if string(ln) == open || (open == "---" && string(ln) == "...") {
			raw := rest[:pos]
			body := []byte{}
			if next <= len(rest) {
				body = rest[next:]
			}
			fm := frontMatter{bodyLine: line + 1, body: body}
			fm.node = decodeFrontMatter(file, open, raw, l)
			return fm
		}
		if next > len(rest) {
			break
		}
		pos = next
		line++
	}
	l.Errorf(diag.Position{File: file, Line: 1, Col: 1}, fmt.Sprintf("add a line with %s where the front matter ends", open),
		"front matter opened with %s is never closed", open)
	return frontMatter{bodyLine: 1, body: nil}
}

// decodeFrontMatter parses the raw front matter into a YAML mapping node
// whose lines and columns are file positions (raw starts at file line 2).
func decodeFrontMatter(file, open string, raw []byte, l *diag.List) *yaml.Node {
	if open == "+++" {
		if err := scanTOML(raw); err != nil {
			l.Add(yamlError(file, err, 1, raw))
			return nil
		}
		var m map[string]any
		if _, err := toml.Decode(string(raw), &m); err != nil {
			l.Errorf(diag.Position{File: file, Line: 2, Col: 1}, "fix the TOML syntax", "front matter is not valid TOML: %v", err)
			return nil
		}
		return tomlToNode(m, 2)
	}
	n, err := parseYAML(raw, 1)
	if err != nil {
		l.Add(yamlError(file, err, 1, raw))
		return nil
	}
	return n
}

// tomlToNode turns decoded TOML into a YAML node tree so that one field
// decoder serves both. TOML gives no positions, so every node gets the line
// where the front matter starts.
func tomlToNode(v any, line int) *yaml.Node {
	switch v := v.(type) {
	case map[string]any:
		n := &yaml.Node{Kind: yaml.MappingNode, Line: line, Column: 1}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sortStrings(keys)
		for _, k := range keys {
			n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k, Line: line, Column: 1}, tomlToNode(v[k], line))
		}
		return n
	case []any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Line: line, Column: 1}
		for _, e := range v {
			n.Content = append(n.Content, tomlToNode(e, line))
		}
		return n
	case []map[string]any:
		n := &yaml.Node{Kind: yaml.SequenceNode, Line: line, Column: 1}
		for _, e := range v {
			n.Content = append(n.Content, tomlToNode(e, line))
		}
		return n
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v, Style: yaml.DoubleQuotedStyle, Line: line, Column: 1}
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(v), Line: line, Column: 1}
	case int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(v), Line: line, Column: 1}
	case float64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: fmt.Sprint(v), Line: line, Column: 1}
	default:
		if t, ok := v.(interface{ Format(string) string }); ok {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: t.Format("2006-01-02"), Line: line, Column: 1}
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: fmt.Sprint(v), Line: line, Column: 1}
	}
}
