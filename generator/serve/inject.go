package serve

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
)

// overlayID, overlayStyle and overlayTitle describe the error overlay. The
// same overlay is built by reload.js when an errors event arrives, with the
// same id, so that it replaces the one sent with the page; keep the two in
// step (TestOverlayMatchesScript checks).
//
// The colours are set explicitly, so the overlay reads the same on light and
// dark pages; light-dark() follows the reader's preference where supported,
// after a fallback that older browsers keep.
const (
	overlayID    = "handbook-errors"
	overlayTitle = "handbook: the build failed; showing the last good build"
	overlayStyle = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;" +
		"max-height:50vh;overflow:auto;box-sizing:border-box;margin:0;padding:12px 16px;" +
		"color-scheme:light dark;" +
		"background:#fff4f4;background:light-dark(#fff4f4,#2a1215);" +
		"color:#1b1b1b;color:light-dark(#1b1b1b,#f6e7e8);" +
		"border-top:4px solid #c62828;box-shadow:0 -2px 12px rgba(0,0,0,.35);" +
		"font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left"
	overlayListStyle = "margin:8px 0 0;padding:0 0 0 1.5em;list-style:disc;color:inherit"
	overlayItemStyle = "margin:2px 0;color:inherit;white-space:pre-wrap;overflow-wrap:anywhere"
)

// pageInfo is what reload.js learns about the page it runs in, from a JSON
// data block injected next to it.
type pageInfo struct {
	// Build is the id of the build the page came from. If the first hello
	// names another one, the page is already stale and reloads.
	Build string `json:"build"`
	// Page is the URL path of the file that was served, like "/404.html"
	// for a missing page, when it differs from the address shown.
	Page string `json:"page,omitempty"`
}

// inject returns a copy of the HTML page with, before </body> or at the end,
// the error overlay while the build is failing, the page info and the
// live-reload script. page itself is not modified: it is shared with the
// snapshot and with concurrent requests.
func inject(page []byte, st *state, servedURL string) []byte {
	var tail bytes.Buffer
	if st.failed {
		writeOverlay(&tail, st.diags)
	}
	info, _ := json.Marshal(pageInfo{Build: st.build, Page: servedURL}) // escapes <, > and &
	tail.WriteString(`<script type="application/json" id="handbook-serve">`)
	tail.Write(info)
	tail.WriteString(`</script>`)
	src := (&url.URL{Path: st.base + scriptRel}).EscapedPath()
	tail.WriteString(`<script src="` + html.EscapeString(src) + `" defer></script>`)

	i := lastIndexFold(page, "</body")
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+tail.Len())
	out = append(out, page[:i]...)
	out = append(out, tail.Bytes()...)
	out = append(out, page[i:]...)
	return out
}

// writeOverlay writes the error overlay listing diags, escaped.
func writeOverlay(b *bytes.Buffer, diags []string) {
	b.WriteString(`<div id="` + overlayID + `" role="alert" style="` + overlayStyle + `">`)
	b.WriteString(`<strong>` + html.EscapeString(overlayTitle) + `</strong>`)
	b.WriteString(`<ul style="` + overlayListStyle + `">`)
	for _, d := range diags {
		b.WriteString(`<li style="` + overlayItemStyle + `">`)
		b.WriteString(html.EscapeString(d))
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ul></div>`)
}

// lastIndexFold returns the index of the last occurrence of the ASCII string
// sub in s, ignoring ASCII case, or -1. (bytes.ToLower would do, but can
// change the length of non-ASCII text and so shift the index.)
func lastIndexFold(s []byte, sub string) int {
	for i := len(s) - len(sub); i >= 0; i-- {
		if equalFoldASCII(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func equalFoldASCII(b []byte, s string) bool {
	for i := range len(s) {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
