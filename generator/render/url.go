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
// letters, quotes) and keeps the URL's structure (/ ? # & =). A path with
// nothing to encode, nearly every one, is returned as it is: rel calls
// this for every link of every page (3% of a 10k build's CPU went to
// writing such paths again byte by byte).
func escapePath(s string) string {
	i := 0
	for i < len(s) && (pathSafe[s[i]] || isKeptPercent(s, i)) {
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		c := s[i]
		if pathSafe[c] || isKeptPercent(s, i) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}

// pathSafe says which bytes escapePath keeps as they are.
var pathSafe = func() (t [256]bool) {
	for c := 0x21; c < 0x80; c++ {
		t[c] = !strings.ContainsRune(`"'<>\^`+"`{|}%", rune(c))
	}
	return t
}()

// isKeptPercent reports whether s[i] is the % of an escape (%XX), which
// escapePath keeps.
func isKeptPercent(s string, i int) bool {
	return s[i] == '%' && i+2 < len(s) && ishex(s[i+1]) && ishex(s[i+2])
}

func ishex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
