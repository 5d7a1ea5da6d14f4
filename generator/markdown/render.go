package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// nodeRenderer overrides goldmark's HTML for the nodes whose output the
// handbook decides: headings (permalink anchors), links and images (slots
// for the resolve stage, scheme allowlist), raw HTML (text or sanitized),
// alerts and [[references]].
type nodeRenderer struct{ c *Converter }

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindHeading, r.heading)
	reg.Register(ast.KindLink, r.link)
	reg.Register(ast.KindImage, r.image)
	reg.Register(ast.KindAutoLink, r.autoLink)
	reg.Register(ast.KindRawHTML, r.rawHTML)
	reg.Register(ast.KindHTMLBlock, r.htmlBlock)
	reg.Register(ast.KindBlockquote, r.blockquote)
	reg.Register(KindWikilink, r.wikilink)
}

func (r *nodeRenderer) heading(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Heading)
	id := ""
	if v, ok := n.AttributeString("id"); ok {
		if b, ok := v.([]byte); ok {
			id = string(b)
		}
	}
	if entering {
		w.WriteString("<h")
		w.WriteByte("0123456"[n.Level])
		if n.Attributes() != nil {
			// Only {#id} is part of the content format: a style or class
			// from {…} could dress a heading up as the site's own UI.
			html.RenderAttributes(w, node, headingAttributes)
		}
		w.WriteByte('>')
		return ast.WalkContinue, nil
	}
	if id != "" {
		w.WriteString(`<a class="anchor" href="#`)
		w.Write(util.EscapeHTML(util.URLEscape([]byte(id), false)))
		w.WriteString(`" aria-label="Permalink to this section">#</a>`)
	}
	w.WriteString("</h")
	w.WriteByte("0123456"[n.Level])
	w.WriteString(">\n")
	return ast.WalkContinue, nil
}

// headingAttributes are the attributes a {…} after a heading may set.
var headingAttributes = util.NewBytesFilter([]byte("id"))

// scheme returns the lower-cased URL scheme of dest ("" when it has none),
// after dropping what browsers ignore: leading and trailing spaces and
// control characters, and tabs and newlines anywhere.
func scheme(dest string) string {
	var b strings.Builder
	for _, r := range strings.TrimFunc(dest, func(r rune) bool { return r <= ' ' }) {
		if r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		b.WriteRune(r)
	}
	s := b.String()
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			if i == 0 {
				return ""
			}
			return strings.ToLower(s[:i])
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return ""
		}
	}
	return ""
}

// SafeURL reports whether a URL with a scheme may be a link target.
func SafeURL(dest string, image bool) bool {
	switch scheme(dest) {
	case "http", "https":
		return true
	case "mailto", "tel":
		return !image
	}
	return false
}

// HasScheme reports whether dest has a URL scheme ("https:", "javascript:").
func HasScheme(dest string) bool { return scheme(dest) != "" }

// dest records a link and returns what goes in its attribute: a slot for
// a link the resolve stage decides, the escaped URL for a safe absolute
// one, and nothing for an unsafe one (reported).
func (st *convState) dest(node ast.Node, raw string, image bool) string {
	line, col := st.pos(nodeOffset(node))
	if raw == "" {
		return ""
	}
	// A browser sees the destination with its character references
	// decoded (jav&#x61;script: is javascript:), so the scheme is read there.
	if dec := string(util.ResolveNumericReferences(util.ResolveEntityNames([]byte(raw)))); HasScheme(dec) {
		raw = dec
	}
	if HasScheme(raw) {
		if SafeURL(raw, image) {
			return string(util.EscapeHTML(util.URLEscape([]byte(raw), true)))
		}
		what := "link"
		if image {
			what = "image"
		}
		st.doc.Problems = append(st.doc.Problems, Problem{Line: line, Col: col,
			Message: what + " URL scheme \"" + scheme(raw) + ":\" is not allowed",
			Fix:     "use an https, http, mailto or tel URL, or a relative link"})
		return ""
	}
	st.doc.Links = append(st.doc.Links, Link{Kind: LinkURL, Dest: raw, Image: image, Line: line, Col: col})
	return Slot(len(st.doc.Links) - 1)
}

func (r *nodeRenderer) link(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	if !entering {
		w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	st := stateOf(node)
	w.WriteString(`<a href="`)
	w.WriteString(st.dest(node, string(n.Destination), false))
	w.WriteByte('"')
	if n.Title != nil {
		w.WriteString(` title="`)
		w.Write(util.EscapeHTML(n.Title))
		w.WriteByte('"')
	}
	w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) image(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	st := stateOf(node)
	w.WriteString(`<img src="`)
	w.WriteString(st.dest(node, string(n.Destination), true))
	w.WriteString(`" alt="`)
	alt := plainText(n, src)
	w.Write(util.EscapeHTML([]byte(alt)))
	w.WriteByte('"')
	if n.Title != nil {
		w.WriteString(` title="`)
		w.Write(util.EscapeHTML(n.Title))
		w.WriteByte('"')
	}
	w.WriteString(` loading="lazy">`)
	if alt == "" {
		line, col := st.pos(nodeOffset(node))
		st.doc.Problems = append(st.doc.Problems, Problem{Line: line, Col: col, Warning: true,
			Message: "image has no alt text", Fix: "describe it between the brackets: ![what it shows](…)"})
	}
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) autoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	st := stateOf(node)
	url := string(n.URL(src))
	if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
		url = "mailto:" + url
	}
	w.WriteString(`<a href="`)
	if SafeURL(url, false) {
		w.Write(util.EscapeHTML(util.URLEscape([]byte(url), false)))
	} else {
		line, col := st.pos(nodeOffset(node))
		st.doc.Problems = append(st.doc.Problems, Problem{Line: line, Col: col,
			Message: "link URL scheme \"" + scheme(url) + ":\" is not allowed",
			Fix:     "use an https, http, mailto or tel URL"})
	}
	w.WriteString(`">`)
	w.Write(util.EscapeHTML(n.Label(src)))
	w.WriteString(`</a>`)
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) wikilink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*wikilink)
	st := stateOf(node)
	line, col := st.pos(n.Pos())
	st.doc.Links = append(st.doc.Links, Link{Kind: LinkWiki, Dest: n.target, Label: n.label, HasLabel: n.hasLbl, Line: line, Col: col})
	w.WriteString(Slot(len(st.doc.Links) - 1))
	return ast.WalkContinue, nil
}

func segmentsText(src []byte, segs *textSegments) []byte {
	var b bytes.Buffer
	for i := 0; i < segs.Len(); i++ {
		s := segs.At(i)
		b.Write(s.Value(src))
	}
	return b.Bytes()
}

func (r *nodeRenderer) rawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	st := stateOf(node)
	raw := segmentsText(src, n.Segments)
	if st.sanitize {
		if out, ok := sanitizeInline(raw); ok {
			f := st.startFrag(w, raw)
			for i, at := 0, 0; i < n.Segments.Len(); i++ {
				s := n.Segments.At(i)
				f.segs = append(f.segs, [2]int{at, s.Start})
				at += s.Len()
			}
			w.Write(out)
			st.endFrag(w, f)
			return ast.WalkSkipChildren, nil
		}
	} else {
		st.rawHTMLWarning(nodeOffset(node))
	}
	w.Write(util.EscapeHTML(raw))
	return ast.WalkSkipChildren, nil
}

func (r *nodeRenderer) htmlBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.HTMLBlock)
	st := stateOf(node)
	var raw bytes.Buffer
	var segs [][2]int
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		segs = append(segs, [2]int{raw.Len(), s.Start})
		raw.Write(s.Value(src))
	}
	if n.HasClosure() {
		segs = append(segs, [2]int{raw.Len(), n.ClosureLine.Start})
		raw.Write(n.ClosureLine.Value(src))
	}
	if st.sanitize {
		f := st.startFrag(w, raw.Bytes())
		f.segs = segs
		w.Write(sanitizeBlock(raw.Bytes()))
		st.endFrag(w, f)
		w.WriteByte('\n')
		return ast.WalkSkipChildren, nil
	}
	off := -1
	if n.Lines().Len() > 0 {
		off = n.Lines().At(0).Start
	}
	st.rawHTMLWarning(off)
	w.WriteString(`<p class="raw-html">`)
	w.Write(util.EscapeHTML(bytes.TrimRight(raw.Bytes(), "\n")))
	w.WriteString("</p>\n")
	return ast.WalkSkipChildren, nil
}

func (st *convState) rawHTMLWarning(off int) {
	line, col := st.pos(off)
	st.doc.Problems = append(st.doc.Problems, Problem{Line: line, Col: col, Warning: true,
		Message: "raw HTML is shown as text",
		Fix:     "use markdown instead, write \\< to show a literal <, or set raw_html: sanitize in site.yaml"})
}

// startFrag records where a piece of sanitized raw HTML begins in the
// output, for balance (balance.go).
func (st *convState) startFrag(w util.BufWriter, raw []byte) *rawFrag {
	w.Flush()
	return &rawFrag{outStart: st.out.written(), text: raw}
}

func (st *convState) endFrag(w util.BufWriter, f *rawFrag) {
	w.Flush()
	f.outEnd = st.out.written()
	if f.outEnd > f.outStart {
		st.frags = append(st.frags, f)
	}
}
