// Package markdown owns the conversion of one markdown text to HTML: the
// goldmark setup (GFM, footnotes, alerts, syntax highlighting, heading ids
// for any script), the [[kind:id|label]] reference syntax, and the record of
// every heading and link a text contains. It knows nothing about sites:
// links are left as numbered slots in the HTML for a later stage to fill in.
//
// A text is parsed and rendered exactly once; the AST is dropped afterwards,
// so memory holds only the HTML and the small link and heading tables.
package markdown

import (
	"bufio"
	"bytes"
	"strconv"
	"sync"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// RawHTML says what happens to HTML written in markdown.
type RawHTML int

const (
	// RawHTMLText shows raw HTML as text and reports it.
	RawHTMLText RawHTML = iota
	// RawHTMLSanitize passes an allowlist of safe elements and attributes.
	RawHTMLSanitize
)

// Options configure a Converter.
type Options struct {
	RawHTML RawHTML
	// ReservedIDs are element ids the page layout uses; headings never get them.
	ReservedIDs []string
	// NoHighlight leaves code blocks unhighlighted, for runs that use only
	// a text's links, headings and problems (handbook check): chroma's
	// lexers are the largest single cost of converting a text.
	NoHighlight bool
}

// LinkKind tells a URL link from a [[…]] reference.
type LinkKind int

const (
	// LinkURL is a markdown link or image with a destination that has no
	// scheme: a relative path, a site-root path or a #fragment.
	LinkURL LinkKind = iota
	// LinkWiki is a [[kind:id|label]] or [[path|label]] reference.
	LinkWiki
)

// Link is a link the resolve stage must decide. Its slot in Doc.HTML is
// "\x00" + index + "\x00": for LinkURL the slot is the attribute value
// (href or src); for LinkWiki it is the whole <a> element.
type Link struct {
	Kind     LinkKind
	Dest     string // LinkURL: destination as written; LinkWiki: "team:sales" or "events/booth"
	Label    string // LinkWiki: text after '|'
	HasLabel bool
	Image    bool
	Line     int // 1-based within the converted text
	Col      int // 1-based, in characters
}

// Heading is a heading of the text.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int
}

// Problem is something the writer should fix, found while converting.
type Problem struct {
	Line, Col int
	Warning   bool
	Message   string
	Fix       string
}

// Doc is one converted markdown text.
type Doc struct {
	HTML     []byte // with link slots
	Title    string // text of a leading level-1 heading, which is not rendered
	Headings []Heading
	Links    []Link
	Problems []Problem
}

// Converter converts markdown. It is safe for concurrent use.
type Converter struct {
	md   goldmark.Markdown
	opts Options
}

// New returns a Converter.
func New(opts Options) *Converter {
	c := &Converter{opts: opts}
	renderers := []util.PrioritizedValue{util.Prioritized(&nodeRenderer{c: c}, 100)}
	if !opts.NoHighlight {
		renderers = append(renderers, util.Prioritized(newCodeRenderer(), 200)) // highlight.go
	}
	c.md = goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
		),
		goldmark.WithParserOptions(
			parser.WithAttribute(),
			parser.WithInlineParsers(util.Prioritized(wikilinkParser{}, 199)),
			parser.WithASTTransformers(util.Prioritized(alertTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(renderers...),
		),
	)
	return c
}

// convState is the per-conversion state the node renderer fills in.
type convState struct {
	src      []byte
	lines    []int // byte offsets of line starts
	doc      *Doc
	sanitize bool
	out      *renderBuf // the output being rendered
	frags    []*rawFrag // sanitized raw HTML in out, in order
}

// renderBuf is an output buffer and the buffered writer goldmark writes
// through: given none, goldmark makes a new 4 KB bufio.Writer for every
// conversion (3% of the bytes a 10k build allocated).
type renderBuf struct {
	bytes.Buffer
	w *bufio.Writer
}

// written is how many bytes have been rendered so far, flushed or not.
func (b *renderBuf) written() int { return b.Buffer.Len() + b.w.Buffered() }

var bufPool = sync.Pool{New: func() any {
	b := new(renderBuf)
	b.w = bufio.NewWriter(&b.Buffer)
	return b
}}

// Convert converts a block of markdown.
func (c *Converter) Convert(src []byte) *Doc { return c.convert(src, false) }

// ConvertInline converts one line of inline markdown (an item of a card
// list): the result has no enclosing <p>.
func (c *Converter) ConvertInline(src []byte) *Doc { return c.convert(src, true) }

func (c *Converter) convert(src []byte, inline bool) *Doc {
	// NUL marks link slots in the output; goldmark would turn it into U+FFFD
	// anyway, so a space keeps every byte offset in place.
	if bytes.IndexByte(src, 0) >= 0 {
		src = bytes.ReplaceAll(src, []byte{0}, []byte{' '})
	}
	if p := checkLimits(src); p != nil { // limits.go
		return &Doc{Problems: []Problem{*p}}
	}
	start := time.Now()
	st := &convState{src: src, lines: lineStarts(src), doc: &Doc{}, sanitize: c.opts.RawHTML == RawHTMLSanitize}
	pc := parser.NewContext()
	root := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))

	if !inline {
		if h, ok := root.FirstChild().(*ast.Heading); ok && h.Level == 1 {
			st.doc.Title = plainText(h, src)
			root.RemoveChild(root, h)
		}
	}
	c.headingIDs(root, src)
	collectHeadings(root, st)

	buf := bufPool.Get().(*renderBuf)
	buf.Reset()
	buf.w.Reset(&buf.Buffer) // drops what a failed render left unflushed
	st.out = buf
	root.OwnerDocument().AddMeta(metaKey, st)
	if err := c.md.Renderer().Render(buf.w, src, root); err != nil {
		st.doc.Problems = append(st.doc.Problems, Problem{Line: 1, Col: 1, Message: "markdown could not be rendered: " + err.Error()})
	}
	out := st.balance(buf.Bytes()) // balance.go
	if inline {
		out = bytes.TrimSpace(out)
		if bytes.HasPrefix(out, []byte("<p>")) && bytes.HasSuffix(out, []byte("</p>")) && bytes.Count(out, []byte("<p>")) == 1 {
			out = out[3 : len(out)-4]
		}
	}
	st.doc.HTML = append([]byte(nil), out...)
	bufPool.Put(buf)
	if p := overBudget(time.Since(start)); p != nil {
		st.doc.Problems = append(st.doc.Problems, *p)
	}
	return st.doc
}

// metaKey stores the conversion state in the document's metadata: goldmark
// gives node renderers only the node and the source, and the renderer is
// shared by concurrent conversions.
const metaKey = "handbook.state"

func stateOf(n ast.Node) *convState {
	if d := n.OwnerDocument(); d != nil {
		if st, ok := d.Meta()[metaKey].(*convState); ok {
			return st
		}
	}
	return nil
}

// headingIDs gives every heading an id: explicit ones ({#id}) are kept and
// reserved first, so that an automatic id never takes one that a later
// heading sets by hand; the others are made from the heading's text. It
// runs after the leading title heading is removed, so that heading does not
// take an id from the body's headings.
func (c *Converter) headingIDs(root ast.Node, src []byte) {
	ids := newHeadingIDs()
	for _, r := range c.opts.ReservedIDs {
		ids.Put([]byte(r))
	}
	var hs []*ast.Heading
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			hs = append(hs, h)
			if v, ok := h.AttributeString("id"); ok {
				if b, ok := v.([]byte); ok {
					ids.Put(b)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	for _, h := range hs {
		if _, ok := h.AttributeString("id"); !ok {
			h.SetAttributeString("id", ids.Generate([]byte(plainText(h, src)), ast.KindHeading))
		}
	}
}

func collectHeadings(root ast.Node, st *convState) {
	var hs []*ast.Heading
	ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			hs = append(hs, h)
		}
		return ast.WalkContinue, nil
	})
	for _, h := range hs {
		id := ""
		if v, ok := h.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				id = string(b)
			}
		}
		line, _ := st.pos(nodeOffset(h))
		st.doc.Headings = append(st.doc.Headings, Heading{Level: h.Level, ID: id, Text: plainText(h, st.src), Line: line})
	}
}

func nodeOffset(n ast.Node) int {
	if p := n.Pos(); p >= 0 {
		return p
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if o := nodeOffset(c); o >= 0 {
			return o
		}
	}
	if t, ok := n.(*ast.Text); ok {
		return t.Segment.Start
	}
	return -1
}

func lineStarts(src []byte) []int {
	ls := make([]int, 1, 64)
	for i, b := range src {
		if b == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

// pos returns the 1-based line and character column of byte offset off.
func (st *convState) pos(off int) (int, int) {
	if off < 0 {
		return 1, 1
	}
	if off > len(st.src) {
		off = len(st.src)
	}
	lo, hi := 0, len(st.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if st.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo + 1, len([]rune(string(st.src[st.lines[lo]:off]))) + 1
}

// plainText is the text of a node without markup.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Segment.Value(src))
				if t.SoftLineBreak() || t.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			case *wikilink:
				if t.hasLbl {
					b.WriteString(t.label)
				} else {
					b.WriteString(t.target)
				}
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return string(bytes.TrimSpace(b.Bytes()))
}

// Slot returns the placeholder for link i.
func Slot(i int) string { return "\x00" + strconv.Itoa(i) + "\x00" }

// Fill returns html with every link slot replaced by repl(i). repl must
// return text that is already escaped for its place (attribute value or
// element).
func Fill(dst []byte, html []byte, repl func(i int) string) []byte {
	for {
		j := bytes.IndexByte(html, 0)
		if j < 0 {
			return append(dst, html...)
		}
		dst = append(dst, html[:j]...)
		html = html[j+1:]
		k := bytes.IndexByte(html, 0)
		if k < 0 { // cannot happen: slots come in pairs
			return append(dst, html...)
		}
		i, err := strconv.Atoi(string(html[:k]))
		html = html[k+1:]
		if err == nil {
			dst = append(dst, repl(i)...)
		}
	}
}
