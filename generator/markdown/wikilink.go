package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// KindWikilink is the node kind of a [[kind:id|label]] reference.
var KindWikilink = ast.NewNodeKind("Wikilink")

// wikilink is a [[team:sales]], [[role:pm|our PMs]] or [[path/to/page]]
// reference. The parser only records what was written; the resolve stage
// decides the URL and the text.
type wikilink struct {
	ast.BaseInline
	target string // "team:sales" or "events/booth-duty"
	label  string // after '|', may be empty
	hasLbl bool
}

func (n *wikilink) Kind() ast.NodeKind { return KindWikilink }

func (n *wikilink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Target": n.target, "Label": n.label}, nil)
}

// wikilinkParser runs before goldmark's link parser (priority 199 < 200), so
// "[[" never becomes a pair of brackets in a normal link.
type wikilinkParser struct{}

func (wikilinkParser) Trigger() []byte { return []byte{'['} }

func (wikilinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 5 || line[0] != '[' || line[1] != '[' {
		return nil
	}
	// A reference is short; looking further would make a line of many
	// "[[" cost its length squared.
	end := bytes.Index(line[2:min(len(line), 2+maxWikilink)], []byte("]]"))
	if end < 0 {
		return nil
	}
	inner := string(line[2 : 2+end])
	if strings.TrimSpace(inner) == "" || strings.ContainsAny(inner, "[]\n") {
		return nil
	}
	n := &wikilink{}
	target := inner
	if i := strings.IndexByte(inner, '|'); i >= 0 {
		target, n.label, n.hasLbl = inner[:i], strings.TrimSpace(inner[i+1:]), true
	}
	n.target = strings.TrimSpace(target)
	if n.target == "" {
		return nil
	}
	n.SetPos(seg.Start)
	block.Advance(2 + end + 2)
	return n
}

// maxWikilink is the longest [[…]] reference, brackets excluded.
const maxWikilink = 1000

func (wikilinkParser) CloseBlock(parent ast.Node, pc parser.Context) {}
