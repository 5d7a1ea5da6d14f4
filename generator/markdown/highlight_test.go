package markdown

import (
	"bytes"
	"reflect"
	"strings"
	"sync"
	"testing"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/parser"
)

// codeBlocks covers the ways a fenced block can be written: known and
// unknown languages, no language, {attributes}, an info string with more
// words, and text that needs escaping.
var codeBlocks = []string{
	"```go\npackage main\n\nfunc main() { println(\"<hi> & bye\") }\n```\n",
	"```bash\nexport A=1\nhandbook build --content content --out public # comment\n```\n",
	"```yaml\nname: Sales\nsummary: \"Sells <things>\"\n```\n",
	"```sql\nSELECT id, name FROM people WHERE team = 'sales' ORDER BY name;\n```\n",
	"```python\ndef f(x):\n    return x * 2  # double\n```\n",
	"```json\n{\"a\": [1, 2, true, null]}\n```\n",
	"```Go\nvar x = 1\n```\n",
	"```text\nplain <text> & more\n```\n",
	"```no-such-language\nsome <code>\n```\n",
	"```\nno language & <tags>\n```\n",
	"```go {linenos=true}\nvar x = 1\nvar y = 2\n```\n",
	"```go {hl_lines=[2]}\nvar x = 1\nvar y = 2\n```\n",
	"```go extra words\nvar x = 1\n```\n",
	"```go\n```\n",
	"~~~rust\nfn main() {}\n~~~\n",
}

// TestCodeBlocksRenderAsGoldmarkHighlightingDoes pins the shared-formatter
// renderer to the HTML of goldmark-highlighting configured as the handbook
// used to configure it, block by block.
func TestCodeBlocksRenderAsGoldmarkHighlightingDoes(t *testing.T) {
	ref := goldmark.New(
		goldmark.WithExtensions(highlighting.NewHighlighting(
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			highlighting.WithGuessLanguage(false),
		)),
		goldmark.WithParserOptions(parser.WithAttribute()),
	)
	c := New(Options{})
	for _, src := range codeBlocks {
		var want bytes.Buffer
		if err := ref.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		got := string(c.Convert([]byte(src)).HTML)
		if got != want.String() {
			t.Errorf("for\n%s\ngot  %q\nwant %q", src, got, want.String())
		}
	}
	if !strings.Contains(string(c.Convert([]byte(codeBlocks[0])).HTML), `<span class="kd">func</span>`) {
		t.Errorf("go code was not highlighted with chroma classes")
	}
}

// TestCodeBlocksHighlightConcurrently converts blocks from several
// goroutines at once (run with -race): the formatter and lexers are shared.
func TestCodeBlocksHighlightConcurrently(t *testing.T) {
	c := New(Options{})
	want := make([]string, len(codeBlocks))
	for i, src := range codeBlocks {
		want[i] = string(c.Convert([]byte(src)).HTML)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, src := range codeBlocks {
				if got := string(c.Convert([]byte(src)).HTML); got != want[i] {
					t.Errorf("block %d differs when converted concurrently", i)
				}
			}
		}()
	}
	wg.Wait()
}

// TestNoHighlightFindsTheSameLinksHeadingsAndProblems: check converts
// without highlighting, so everything but the code's markup must match.
func TestNoHighlightFindsTheSameLinksHeadingsAndProblems(t *testing.T) {
	src := []byte("# Title\n\n## Setup\n\nSee [the guide](guide.md#install) and [[team:sales]].\n\n" +
		strings.Join(codeBlocks, "\n") +
		"\n### After the code\n\n![](logo.png) <b>raw</b> [bad](javascript:alert(1))\n")
	full := New(Options{}).Convert(src)
	plain := New(Options{NoHighlight: true}).Convert(src)
	if !reflect.DeepEqual(full.Links, plain.Links) {
		t.Errorf("links differ:\nhighlighted %+v\nplain       %+v", full.Links, plain.Links)
	}
	if !reflect.DeepEqual(full.Headings, plain.Headings) || full.Title != plain.Title {
		t.Errorf("headings differ:\nhighlighted %q %+v\nplain       %q %+v", full.Title, full.Headings, plain.Title, plain.Headings)
	}
	if !reflect.DeepEqual(full.Problems, plain.Problems) || len(plain.Problems) < 2 {
		t.Errorf("problems differ (or are missing):\nhighlighted %+v\nplain       %+v", full.Problems, plain.Problems)
	}
	if !strings.Contains(string(plain.HTML), `<pre><code class="language-go">package main`) || strings.Contains(string(plain.HTML), `class="chroma"`) {
		t.Errorf("plain conversion still highlights code:\n%s", plain.HTML)
	}
	if !strings.Contains(string(full.HTML), `class="chroma"`) {
		t.Errorf("default conversion does not highlight code")
	}
}
