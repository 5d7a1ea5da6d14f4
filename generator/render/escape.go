package render

import (
	"bytes"
	"strings"
)

// Lists of hundreds of links (the sidebar) are written in Go rather than
// by html/template, whose every {{.X}} runs its escapers through reflect.
// These do what html/template's escapers do for the two contexts such
// lists use, byte for byte (escape_test.go compares them on many inputs).

// appendText appends s escaped for element content or a quoted attribute
// value: html/template's htmlEscaper and attrEscaper for a string. Every
// byte it replaces is ASCII, so a byte loop sees what html/template's
// rune loop sees.
func appendText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, r...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// appendURL appends s as html/template writes a string that is a whole
// quoted href or src value: unsafe schemes filtered out, the URL
// normalized (percent-encoded where needed), then attribute-escaped.
func appendURL(b []byte, s string) []byte {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	return appendNormalURL(b, s)
}

// appendNormalURL appends s as html/template writes a template.URL that is
// a whole quoted href value: normalized, then attribute-escaped.
func appendNormalURL(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := len(b)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
		case c == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]):
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
			continue
		}
		b = append(b, c)
	}
	// The normalized URL holds no quote, <, > or NUL; & and + are escaped.
	if bytes.ContainsAny(b[start:], "&+") {
		u := string(b[start:])
		b = appendText(b[:start], u)
	}
	return b
}
