package markdown

import (
	"strings"
	"testing"
)

// TestHeadingAttributesAreOnlyIDs: {#id} sets a heading's id; nothing else
// written in the braces reaches the page. Issue #7.
func TestHeadingAttributesAreOnlyIDs(t *testing.T) {
	d := New(Options{}).Convert([]byte(`## H {#leads style="position:fixed;background:url(https://evil.example/p.png)" class="site-header" onclick="x" itemtype="javascript:x"}` + "\n"))
	got := string(d.HTML)
	if !strings.HasPrefix(got, `<h2 id="leads">H<a class="anchor" href="#leads"`) {
		t.Errorf("heading: %s", got)
	}
}

// TestTextThatLooksLikeATagIsShown in both raw HTML modes, inline and as
// a block of its own.
func TestTextThatLooksLikeATagIsShown(t *testing.T) {
	for _, mode := range []RawHTML{RawHTMLText, RawHTMLSanitize} {
		d := New(Options{RawHTML: mode}).Convert([]byte("Ask <your team> first.\n\n<your team>\n\n<div>Ask <your lead></div>\n"))
		for _, want := range []string{"Ask &lt;your team&gt; first.", "&lt;your team&gt;", "&lt;your lead&gt;"} {
			if !strings.Contains(string(d.HTML), want) {
				t.Errorf("mode %d: %q missing from\n%s", mode, want, d.HTML)
			}
		}
	}
}
