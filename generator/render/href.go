package render

import (
	"html/template"

	"github.com/devrel-handbook/handbook/generator/markdown"
)

// Href is l.URL for an href attribute. html/template lets only http, https
// and mailto URLs through and writes "#ZgotmplZ" for the rest, which would
// break the tel: links the content format allows in card URL fields; load
// has checked those against the allowlist, and Href checks again, so that
// no other scheme can pass. Issue #7.
func (l Link) Href() template.URL {
	if markdown.HasScheme(l.URL) && !markdown.SafeURL(l.URL, false) {
		return ""
	}
	return template.URL(l.URL)
}
