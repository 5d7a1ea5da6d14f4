package render

import "strings"

// rel returns the URL of site-root URL to as seen from page URL from:
// relative, so that the built site works under any path and from disk.
// A to with a scheme is returned unchanged.
func rel(from, to string) string {
	if to == "" {
		return to
	}
	if to[0] == '#' || to[0] == '?' {
		return escapePath(to)
	}
	if to[0] != '/' {
		return to
	}
	return relDepth(urlDepth(from), to)
}

// escapePath percent-encodes what may not stand in a URL (spaces, non-ASCII
// letters, quotes) and keeps the URL's structure (/ ? # & =).
func escapePath(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && c > ' ' && !strings.ContainsRune(`"'<>\^`+"`{|}%", rune(c)) {
			b.WriteByte(c)
			continue
		}
		if c == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2]) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
