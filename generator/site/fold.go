package site

import (
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// FoldKey returns the key under which two output paths are the same file
// on some system: equal after Unicode normalization (macOS keeps names
// decomposed, "é" as "e" and a combining accent; Linux keeps the bytes
// given) and after case folding (macOS and Windows ignore case). Two
// sources whose URLs have one key would overwrite each other there.
func FoldKey(p string) string {
	return cases.Fold().String(norm.NFC.String(p))
}
