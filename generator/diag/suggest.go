package diag

import "strings"

// Closest returns the candidate nearest to name by edit distance, or ""
// when none is close enough to be a likely typo (a distance of at most a
// third of the name's length, and at least 1 allowed), or when name is a
// prefix of exactly one candidate.
func Closest(name string, candidates []string) string {
	best, bestD := "", -1
	limit := max(len([]rune(name))/3, 1)
	lname := strings.ToLower(name)
	for _, c := range candidates {
		d := distance(lname, strings.ToLower(c))
		if d <= limit && (bestD < 0 || d < bestD || (d == bestD && c < best)) {
			best, bestD = c, d
		}
	}
	if best != "" {
		return best
	}
	prefix := ""
	for _, c := range candidates {
		if len(name) >= 3 && strings.HasPrefix(strings.ToLower(c), lname) {
			if prefix != "" {
				return ""
			}
			prefix = c
		}
	}
	return prefix
}

// distance is the edit distance between a and b in characters, counting a
// swap of two neighbours as one edit ("ea" for "ae" is a typo of one).
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
