package markdown

import (
	"bytes"
	"sync"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer highlights fenced code blocks with chroma, giving the same
// HTML as goldmark-highlighting (chroma classes, no guessing of languages)
// but sharing one formatter and one lexer per language across every block
// of the process. goldmark-highlighting makes a new formatter for each
// block, so chroma rebuilds its style table every time (about a tenth of
// the time to convert a page that has code), and looks the lexer up by name
// each time. Blocks it does not handle the same way, those with
// {attributes} (line numbers, highlighted lines) and those whose language
// chroma does not know, go to goldmark-highlighting's own renderer.
type codeRenderer struct {
	fallback renderer.NodeRendererFunc
	opts     renderer.SetOptioner
}

var (
	codeFormatter = chromahtml.New(chromahtml.WithClasses(true))
	codeStyle     = styles.Get("github") // goldmark-highlighting's default
	codeLexers    sync.Map               // language as written → chroma.Lexer, or nil when chroma has none
	codeBufs      = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

func newCodeRenderer() *codeRenderer {
	hr := highlighting.NewHTMLRenderer(
		highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
		highlighting.WithGuessLanguage(false),
	)
	r := &codeRenderer{}
	if o, ok := hr.(renderer.SetOptioner); ok {
		r.opts = o
	}
	hr.RegisterFuncs(registerFunc(func(k ast.NodeKind, f renderer.NodeRendererFunc) {
		if k == ast.KindFencedCodeBlock {
			r.fallback = f
		}
	}))
	return r
}

type registerFunc func(ast.NodeKind, renderer.NodeRendererFunc)

func (f registerFunc) Register(k ast.NodeKind, fn renderer.NodeRendererFunc) { f(k, fn) }

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

// SetOption passes goldmark's renderer options on to the fallback renderer.
func (r *codeRenderer) SetOption(name renderer.OptionName, value any) {
	if r.opts != nil {
		r.opts.SetOption(name, value)
	}
}

// lexerFor returns the coalesced chroma lexer for a language name, or nil.
func lexerFor(lang []byte) chroma.Lexer {
	if l, ok := codeLexers.Load(string(lang)); ok {
		lx, _ := l.(chroma.Lexer)
		return lx
	}
	var lx chroma.Lexer
	if l := lexers.Get(string(lang)); l != nil {
		lx = chroma.Coalesce(l)
	}
	codeLexers.Store(string(lang), lx)
	return lx
}

func (r *codeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	lang := n.Language(src)
	if lang == nil || n.Attributes() != nil || (n.Info != nil && bytes.IndexByte(n.Info.Segment.Value(src), '{') >= 0) {
		return r.fallback(w, src, node, entering)
	}
	lx := lexerFor(lang)
	if lx == nil {
		return r.fallback(w, src, node, entering)
	}
	buf := codeBufs.Get().(*bytes.Buffer)
	defer codeBufs.Put(buf)
	buf.Reset()
	for i := 0; i < n.Lines().Len(); i++ {
		s := n.Lines().At(i)
		buf.Write(s.Value(src))
	}
	it, err := lx.Tokenise(nil, buf.String())
	if err != nil {
		return r.fallback(w, src, node, entering)
	}
	_ = codeFormatter.Format(w, codeStyle, it)
	return ast.WalkContinue, nil
}
