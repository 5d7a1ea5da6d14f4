package render

import (
	"unicode"
	"unicode/utf8"
)

// Search terms. The browser cuts queries into terms by the same rules
// (templates/assets/search.js), so every rule here has its twin there;
// testdata/search-terms.txt holds cases that both must pass.
//
//   - Letters are lower-cased, then folded by the table below: accents
//     dropped (é → e, ł → l), full-width letters and digits made ASCII.
//   - A term is a run of letters, digits and marks, 1 to maxTermLen
//     characters (longer runs are hashes and such, and are left out).
//   - Chinese and Japanese have no spaces between words, so a run of Han,
//     Hiragana or Katakana is cut into overlapping pairs of characters
//     (展台值班 → 展台 台值 值班), and its last character is a term of its
//     own: every character then begins some term, which is what a
//     one-character query needs (it matches terms by prefix).

const maxTermLen = 40

// The fold table, kept as two strings of the same length in characters:
// foldFrom[i] becomes foldTo[i]. It is also written into the search index,
// so the browser folds with exactly this table.
const (
	foldFrom = "" +
		"àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęě" +
		"ĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżž" +
		"ơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯ" +
		"ȱȳḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋ" +
		"ṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕẖẗẘ" +
		"ẙạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừử" +
		"ữựỳỵỷỹøđħłŧıς０１２３４５６７８９ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑ" +
		"ｒｓｔｕｖｗｘｙｚ"
	foldTo = "" +
		"aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeee" +
		"gggghiiiijklllnnnooorrrssssttuuuuuuwyzzz" +
		"ouaiouuuuuaagkoojgnaaaeeiioorruusthaeooo" +
		"oyabbbcdddddeeeeefghhhhhiikkkllllmmmnnnn" +
		"oooopprrrrsssssttttuuuuuvvwwwwwxxyzzzhtw" +
		"yaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuu" +
		"uuyyyyodhltiσ0123456789abcdefghijklmnopq" +
		"rstuvwxyz"
)

var foldTable = func() map[rune]rune {
	m := map[rune]rune{}
	to := []rune(foldTo)
	for i, r := range []rune(foldFrom) {
		m[r] = to[i]
	}
	return m
}()

// normRune lower-cases and folds one character.
func normRune(r rune) rune {
	if r < 0x80 {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	r = unicode.ToLower(r)
	if f, ok := foldTable[r]; ok {
		return f
	}
	return r
}

// isCJK reports whether r is written without spaces between words: Han,
// Hiragana, Katakana and the katakana length mark.
func isCJK(r rune) bool {
	if r < 0x2E80 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == 0x30FC || r == 0xFF70
}

func isWordRune(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// terms calls emit with each search term of s, in order. The bytes given
// to emit are only valid during the call.
func (tz *tokenizer) terms(s string, emit func(term []byte)) {
	tz.word, tz.n, tz.cjk = tz.word[:0], 0, tz.cjk[:0]
	for i := 0; i < len(s); {
		if c := s[i]; c < 0x80 { // the common case, without decoding
			i++
			switch {
			case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				tz.flushWord(emit)
				tz.flushCJK(emit)
				continue
			}
			tz.flushCJK(emit)
			tz.word = append(tz.word, c)
			tz.n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		r = normRune(r)
		switch {
		case isCJK(r):
			tz.flushWord(emit)
			tz.cjk = append(tz.cjk, r)
		case isWordRune(r):
			tz.flushCJK(emit)
			tz.word = utf8.AppendRune(tz.word, r)
			tz.n++
		default:
			tz.flushWord(emit)
			tz.flushCJK(emit)
		}
	}
	tz.flushWord(emit)
	tz.flushCJK(emit)
}

// tokenizer holds the buffers of terms, to be reused across texts.
type tokenizer struct {
	word []byte // the word being read, normalized
	n    int    // its length in characters
	cjk  []rune // the run of Chinese or Japanese being read
	buf  []byte
}

func (tz *tokenizer) flushWord(emit func([]byte)) {
	if tz.n > 0 && tz.n <= maxTermLen {
		emit(tz.word)
	}
	tz.word, tz.n = tz.word[:0], 0
}

func (tz *tokenizer) flushCJK(emit func([]byte)) {
	c := tz.cjk
	if len(c) == 0 {
		return
	}
	for i := 0; i+1 < len(c); i++ {
		tz.buf = utf8.AppendRune(utf8.AppendRune(tz.buf[:0], c[i]), c[i+1])
		emit(tz.buf)
	}
	emit(utf8.AppendRune(tz.buf[:0], c[len(c)-1]))
	tz.cjk = tz.cjk[:0]
}
