package load

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Limits on the YAML of a card, site.yaml or front matter, besides the
// file sizes (MaxPageSize, MaxCardSize). Real cards have a few dozen keys
// and nest three levels deep; the limits are far above that and keep the
// work a file can cause small: the key count is checked on the source,
// before the YAML or TOML parser sees it, because decoding time grows
// faster than the number of keys, and the TOML parser has no depth limit of
// its own (yaml.v3 stops at 10000 levels, and the tree walk then applies
// ours).
const (
	// MaxYAMLKeys is the most keys one card or front matter may have,
	// counted on the source as every ':' followed by a space, a tab or a
	// line end (TOML: every '=' outside strings and comments), so text
	// that merely contains "word: word" counts too.
	MaxYAMLKeys = 2000
	// MaxYAMLDepth is how deeply lists and mappings may nest.
	MaxYAMLDepth = 16
)

// limitError is a limit a YAML or TOML source goes over. Line and col are
// 1-based in the source given to the parser.
type limitError struct {
	line, col int
	msg, fix  string
}

func (e *limitError) Error() string { return e.msg }

// scanYAMLKeys refuses YAML with more key separators than MaxYAMLKeys.
func scanYAMLKeys(src []byte) error {
	n, line := 0, 1
	for i, c := range src {
		switch c {
		case '\n':
			line++
		case ':':
			if i+1 == len(src) || src[i+1] == ' ' || src[i+1] == '\t' || src[i+1] == '\n' {
				n++
				if n > MaxYAMLKeys {
					return tooManyKeys(line)
				}
			}
		}
	}
	return nil
}

func tooManyKeys(line int) error {
	return &limitError{line: line, col: 1,
		msg: fmt.Sprintf("more than %d keys (this is key %d; the limit)", MaxYAMLKeys, MaxYAMLKeys+1),
		fix: "split the file, or write long texts as a block (|) rather than as keys"}
}

func tooDeep(line, col int) error {
	return &limitError{line: line, col: col,
		msg: fmt.Sprintf("lists and mappings nest more than %d levels deep (the limit)", MaxYAMLDepth),
		fix: "flatten the structure: no field of a card or front matter nests that deep"}
}

// scanTOML refuses TOML with more keys than MaxYAMLKeys or with arrays and
// inline tables nested deeper than MaxYAMLDepth, tracking strings and
// comments (TOML, unlike YAML, has no unquoted text values).
func scanTOML(src []byte) error {
	n, depth, line, col := 0, 0, 1, 0
	// Dotted keys (a.b.c = 1) and table headers ([a.b.c]) nest tables too.
	dots, inValue, header, lineStart := 0, false, false, true
	for i := 0; i < len(src); i++ {
		c := src[i]
		col++
		switch c {
		case '\n':
			line++
			col = 0
			dots, inValue, header, lineStart = 0, false, false, true
			continue
		case '.':
			if !inValue && (depth == 0 || header) {
				dots++
				if depth+dots > MaxYAMLDepth-1 {
					return tooDeep(line, col)
				}
			}
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			q := string(src[i : i+1])
			if i+2 < len(src) && src[i+1] == c && src[i+2] == c {
				q = string(src[i : i+3])
			}
			i += len(q)
			for i < len(src) && string(src[i:min(i+len(q), len(src))]) != q {
				if src[i] == '\\' && c == '"' {
					i++
				} else if src[i] == '\n' {
					line++
				}
				i++
			}
			i += len(q) - 1
		case '=':
			inValue = true
			n++
			if n > MaxYAMLKeys {
				return tooManyKeys(line)
			}
		case '[', '{':
			if lineStart && depth == 0 {
				header = true
			}
			depth++
			if depth+dots > MaxYAMLDepth-1 { // the top-level table is the first level
				return tooDeep(line, col)
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
		if c != ' ' && c != '\t' {
			lineStart = false
		}
	}
	return nil
}

// checkTree refuses a parsed document nested deeper than MaxYAMLDepth or
// using an alias anywhere: an alias would make one value stand for many
// (the "billion laughs"), and no field needs one. Positions are the
// node's, in the source given to the parser.
func checkTree(n *yaml.Node, depth int) error {
	if n.Kind == yaml.AliasNode {
		return &limitError{line: n.Line, col: n.Column, msg: "YAML aliases are not supported", fix: "write the value out"}
	}
	if (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && depth > MaxYAMLDepth {
		return tooDeep(n.Line, n.Column)
	}
	for _, c := range n.Content {
		next := depth
		if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
			next++
		}
		if err := checkTree(c, next); err != nil {
			return err
		}
	}
	return nil
}
