package serve

import (
	"strings"
)

// requestPath returns the decoded path of a request whose escaped path is
// escaped and decoded path is decoded, or false if the path is not in
// canonical form.
//
// Browsers resolve dot segments and encode nothing odd, so a path that needs
// cleaning was written by hand or by an attacker, and it is rejected rather
// than interpreted: there is then only one way to name each file, and no
// chance that some later step decodes or cleans it differently from this
// one. Rejected are:
//
//   - paths not starting with "/", and empty segments ("//")
//   - "." and ".." segments, also when written %2e
//   - encoded slashes (%2f) and backslashes (%5c), and raw backslashes
//   - NUL and other control characters, encoded or not
//   - "%" after decoding, that is double encoding like %252e
func requestPath(escaped, decoded string) (string, bool) {
	lower := strings.ToLower(escaped)
	for _, bad := range []string{"%2f", "%5c", "%25"} {
		if strings.Contains(lower, bad) {
			return "", false
		}
	}
	p := decoded
	if !strings.HasPrefix(p, "/") {
		return "", false
	}
	for _, c := range []byte(p) {
		if c < 0x20 || c == 0x7f || c == '\\' || c == '%' {
			return "", false
		}
	}
	segs := strings.Split(p[1:], "/")
	for i, seg := range segs {
		switch seg {
		case ".", "..":
			return "", false
		case "":
			if i != len(segs)-1 {
				return "", false
			}
		}
	}
	return p, true
}

// hidden reports whether any segment of the slash path p starts with a dot,
// like "/.git/config" or "/a/.env". Such files are never served, even if the
// site has them.
func hidden(p string) bool {
	for seg := range strings.SplitSeq(p, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}
