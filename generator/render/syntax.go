package render

import (
	"bytes"

	"github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// syntaxCSS is the stylesheet for highlighted code: chroma's "github" style,
// and "github-dark" when the reader's system is in dark mode. It is made
// from chroma's styles at build time, so it always matches the classes the
// highlighter emits.
func syntaxCSS() []byte {
	var b bytes.Buffer
	f := html.New(html.WithClasses(true))
	b.WriteString("/* Syntax highlighting (chroma classes). */\n")
	f.WriteCSS(&b, styles.Get("github"))
	b.WriteString("\n@media (prefers-color-scheme: dark) {\n")
	f.WriteCSS(&b, styles.Get("github-dark"))
	b.WriteString("}\n")
	return b.Bytes()
}
