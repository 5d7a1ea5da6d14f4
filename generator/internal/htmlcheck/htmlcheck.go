// Package htmlcheck finds what could run script in an HTML document, for
// tests: script elements other than the site's own, event-handler
// attributes, URLs with a scheme other than http, https, mailto and tel in
// any attribute a browser loads or follows, markup that embeds other
// documents, style that loads something, and the "ZgotmplZ" html/template writes when it refuses a
// value. It parses with golang.org/x/net/html, which decodes character
// references the way a browser does, so an encoded "jav&#x61;script:" is
// seen as what it is. Issue #7.
package htmlcheck

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose value a browser follows or loads as a
// URL.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
	"poster": true, "background": true, "cite": true, "data": true, "codebase": true,
	"longdesc": true, "usemap": true, "manifest": true, "profile": true, "icon": true,
	"lowsrc": true, "dynsrc": true, "ping": true, "itemtype": true, "archive": true,
	"classid": true, "xml:base": true, "imagesrcset": true, "srcset": true,
}

// embedding are elements that load or run another document or plug-in.
var embedding = map[string]bool{
	"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "base": true, "portal": true, "fencedframe": true,
}

// Options say what the site itself may have.
type Options struct {
	// Scripts are the site's own scripts, as paths from the site root
	// ("assets/search.js"); a script element whose src is one of them,
	// written relative to any page ("../../assets/search.js"), is allowed,
	// and any other script element is a finding.
	Scripts []string
	// Forms allows form elements (the site's search forms).
	Forms bool
}

// Scheme returns the lower-case scheme of a URL as a browser reads it:
// after removing leading and trailing C0 controls and spaces and every tab
// and newline; "" when it has none.
func Scheme(u string) string {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, u)
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c == ':':
			if i == 0 {
				return ""
			}
			return strings.ToLower(u[:i])
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return ""
		}
	}
	return ""
}

// SafeURL reports whether a browser following u runs no script: it has no
// scheme, or http, https, mailto or tel.
func SafeURL(u string) bool {
	switch Scheme(u) {
	case "", "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// Check returns a description of each finding in doc, nil when there is
// none.
func Check(doc []byte, o Options) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if bytes.Contains(doc, []byte("ZgotmplZ")) {
		add("ZgotmplZ: html/template refused a value")
	}
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				add("cannot tokenize: %v", z.Err())
			}
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		t := z.Token()
		name := strings.ToLower(t.Data)
		attrs := map[string]string{}
		for _, a := range t.Attr {
			k := strings.ToLower(a.Key)
			if a.Namespace != "" {
				k = strings.ToLower(a.Namespace) + ":" + k
			}
			attrs[k] = a.Val
			switch {
			case strings.HasPrefix(k, "on"):
				add("<%s %s=%q>: event handler", name, k, a.Val)
			case k == "srcset" || k == "imagesrcset":
				for _, part := range strings.Split(a.Val, ",") {
					if f := strings.Fields(part); len(f) > 0 && !SafeURL(f[0]) {
						add("<%s %s=%q>: URL scheme %q", name, k, a.Val, Scheme(f[0]))
					}
				}
			case urlAttrs[k] || strings.HasSuffix(k, ":href"):
				if !SafeURL(a.Val) && a.Val != "data:," { // "data:," is an empty document, used as a blank icon
					add("<%s %s=%q>: URL scheme %q", name, k, a.Val, Scheme(a.Val))
				}
			case k == "style":
				if l := strings.ToLower(a.Val); strings.Contains(l, "expression") || strings.Contains(l, "url(") || strings.Contains(l, "javascript") {
					add("<%s style=%q>: style that loads or runs something", name, a.Val)
				}
			}
		}
		switch {
		case name == "script":
			src, ok := attrs["src"]
			rel := src
			for strings.HasPrefix(rel, "../") || strings.HasPrefix(rel, "./") {
				rel = rel[strings.IndexByte(rel, '/')+1:]
			}
			allowed := false
			for _, s := range o.Scripts {
				// Relative to the page, or from the root or a base path
				// (404.html), never from another host.
				local := Scheme(src) == "" && !strings.HasPrefix(src, "//")
				allowed = allowed || (ok && local && (rel == s || strings.HasPrefix(rel, "/") && strings.HasSuffix(rel, "/"+s)))
			}
			if !allowed {
				add("<script src=%q>: not one of the site's scripts", src)
			} else if z.Next() == html.TextToken && strings.TrimSpace(string(z.Text())) != "" {
				add("<script src=%q>: has inline code", src)
			}
		case embedding[name]:
			add("<%s>: embeds another document", name)
		case name == "form" && !o.Forms:
			add("<form>: forms are not allowed here")
		case name == "style" || name == "link" && strings.Contains(strings.ToLower(attrs["rel"]), "import"):
			add("<%s>: not allowed in content", name)
		case name == "meta" && strings.EqualFold(attrs["http-equiv"], "refresh"):
			c := attrs["content"]
			if i := strings.Index(strings.ToLower(c), "url="); i >= 0 && !SafeURL(strings.Trim(c[i+4:], `'" `)) {
				add("<meta http-equiv=refresh content=%q>: URL scheme %q", c, Scheme(strings.Trim(c[i+4:], `'" `)))
			}
		}
	}
}
