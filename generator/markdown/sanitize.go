package markdown

import (
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/text"
)

type textSegments = text.Segments

// policy is the allowlist for raw HTML when site.yaml says raw_html:
// sanitize: bluemonday's user-generated-content policy (no script, no event
// handlers, no style, URLs limited to http, https, mailto, tel and relative).
var policy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowElements("details", "summary", "kbd", "mark", "figure", "figcaption")
	return p
})

var tagName = regexp.MustCompile(`^</?([a-zA-Z][a-zA-Z0-9-]*)`)

// knownElements are HTML element names. Inline "tags" with other names
// (<your team>) are text a writer meant to show, not markup.
var knownElements = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range strings.Fields(`a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s samp small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr
	script style iframe object embed form input button textarea select option link meta base svg math video audio source track canvas noscript template frame frameset applet html head body title`) {
		m[e] = true
	}
	return m
}()

// sanitizeInline sanitizes one inline HTML token. ok is false when the
// token is not markup a writer could have meant (an unknown tag name, or a
// comment), so the caller shows it as text.
func sanitizeInline(raw []byte) ([]byte, bool) {
	m := tagName.FindSubmatch(raw)
	if m == nil || !knownElements[strings.ToLower(string(m[1]))] {
		return nil, false
	}
	return []byte(policy().Sanitize(string(raw))), true
}

func sanitizeBlock(raw []byte) []byte {
	return policy().SanitizeBytes(escapeUnknownTags(raw))
}

var tagStart = regexp.MustCompile(`</?([a-zA-Z][a-zA-Z0-9-]*)`)

// escapeUnknownTags escapes the '<' of every "tag" whose name is not an
// HTML element, so that a line like "<your team>" in a block of HTML is
// shown as text instead of being dropped by the sanitizer as an unknown
// element.
func escapeUnknownTags(raw []byte) []byte {
	var out []byte
	last := 0
	for _, m := range tagStart.FindAllSubmatchIndex(raw, -1) {
		if knownElements[strings.ToLower(string(raw[m[2]:m[3]]))] {
			continue
		}
		out = append(out, raw[last:m[0]]...)
		out = append(out, "&lt;"...)
		last = m[0] + 1
	}
	if out == nil {
		return raw
	}
	return append(out, raw[last:]...)
}
