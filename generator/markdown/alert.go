package markdown

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// alertKinds are GitHub's alert markers, "> [!NOTE]" and so on.
var alertKinds = map[string]string{
	"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution",
}

// alertTransformer turns a blockquote whose first line is "[!NOTE]" (or
// another kind) into an alert: the marker line is removed and the kind is
// kept as the blockquote's "alert" attribute for the renderer.
type alertTransformer struct{}

func (alertTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		marker := strings.TrimSpace(string(first.Value(src)))
		if len(marker) < 4 || !strings.HasPrefix(marker, "[!") || !strings.HasSuffix(marker, "]") {
			continue
		}
		kind := strings.ToLower(marker[2 : len(marker)-1])
		if _, ok := alertKinds[kind]; !ok {
			continue
		}
		for c := p.FirstChild(); c != nil; {
			next := c.NextSibling()
			t, ok := c.(*ast.Text)
			if !ok || t.Segment.Start < first.Start || t.Segment.Stop > first.Stop {
				break
			}
			p.RemoveChild(p, c)
			if t.SoftLineBreak() || t.HardLineBreak() {
				break
			}
			c = next
		}
		if p.ChildCount() == 0 {
			q.RemoveChild(q, p)
		}
		q.SetAttributeString("alert", []byte(kind))
	}
}

func (r *nodeRenderer) blockquote(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	kind := ""
	if v, ok := node.AttributeString("alert"); ok {
		if b, ok := v.([]byte); ok {
			kind = string(b)
		}
	}
	if kind == "" {
		if entering {
			w.WriteString("<blockquote>\n")
		} else {
			w.WriteString("</blockquote>\n")
		}
		return ast.WalkContinue, nil
	}
	if entering {
		w.WriteString(`<div class="alert alert-` + kind + `" role="note">` + "\n")
		w.WriteString(`<p class="alert-title">` + alertKinds[kind] + "</p>\n")
	} else {
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
