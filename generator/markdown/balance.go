package markdown

import (
	"bytes"
	"fmt"
	"sort"

	"golang.org/x/net/html"
)

// rawFrag is one piece of sanitized raw HTML in the output: where it is in
// the output, and the source text it came from, so that a tag the balancer
// changes can be named at its line and column.
type rawFrag struct {
	outStart, outEnd int
	text             []byte   // the raw HTML as written (an HTML block's lines joined)
	segs             [][2]int // for each piece of text: its start in text and in the source
	tags             map[tagKey][]int
}

// srcOffset maps an offset in f.text to an offset in the source.
func (f *rawFrag) srcOffset(i int) int {
	k := sort.Search(len(f.segs), func(k int) bool { return f.segs[k][0] > i }) - 1
	if k < 0 {
		return -1
	}
	return f.segs[k][1] + i - f.segs[k][0]
}

// tagKey names the n-th tag of one kind (start or end) and name in a
// fragment.
type tagKey struct {
	end  bool
	name string
}

// tagOffset is the source offset of the n-th (0-based) start or end tag
// with this name in the fragment's source, or of the fragment's start
// when the source has fewer (the sanitizer dropped some). The source is
// tokenized once, on the first question.
func (f *rawFrag) tagOffset(k tagKey, n int) int {
	if f.tags == nil {
		f.tags = map[tagKey][]int{}
		z := html.NewTokenizer(bytes.NewReader(f.text))
		pos := 0
		for {
			t := z.Next()
			if t == html.ErrorToken {
				break
			}
			start := pos
			pos += len(z.Raw())
			if t == html.StartTagToken || t == html.EndTagToken || t == html.SelfClosingTagToken {
				b, _ := z.TagName()
				tk := tagKey{end: t == html.EndTagToken, name: string(b)}
				f.tags[tk] = append(f.tags[tk], start)
			}
		}
	}
	if offs := f.tags[k]; n < len(offs) {
		return f.srcOffset(offs[n])
	}
	return f.srcOffset(0)
}

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "keygen": true, "meta": true, "param": true, "source": true,
	"track": true, "wbr": true,
}

type openElem struct {
	name string
	frag int // index of the raw fragment that opened it, or -1 for markdown's own
	nth  int // which start tag of this name in the fragment
}

// maxBalanceWarnings bounds the warnings of one text; the rest are
// counted in one last warning.
const maxBalanceWarnings = 20

// balance makes the HTML of one converted text balanced when raw HTML was
// let through the sanitizer: every element the writer opened is closed
// within the text, and an end tag that does not close an element the
// writer opened in the same markdown block is left out, so that a stray
// </div> or </main> cannot close the site's layout and an unclosed <div>,
// <details> or <table> cannot swallow it. Markdown's own elements are
// balanced already; raw HTML may only open and close elements inside
// them. Every change is a warning at the tag's position.
func (st *convState) balance(out []byte) []byte {
	if len(st.frags) == 0 {
		return out
	}
	z := html.NewTokenizer(bytes.NewReader(out))
	var (
		res      = make([]byte, 0, len(out)+64)
		stack    []openElem
		pos, fi  int
		changed  bool
		warnings int
		seen     = map[tagKey]int{} // tags so far in the current fragment
	)
	fragOf := func(off int) int {
		for fi < len(st.frags) && st.frags[fi].outEnd <= off {
			fi++
			clear(seen)
		}
		if fi < len(st.frags) && st.frags[fi].outStart <= off {
			return fi
		}
		return -1
	}
	warn := func(f int, k tagKey, n int, msg, fix string) {
		warnings++
		if warnings > maxBalanceWarnings {
			return
		}
		line, col := st.pos(st.frags[f].tagOffset(k, n))
		st.doc.Problems = append(st.doc.Problems, Problem{Line: line, Col: col, Warning: true, Message: msg, Fix: fix})
	}
	// closeTop closes the element on top of the stack, which the writer
	// opened and did not close.
	closeTop := func(where string) {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		res = append(res, "</"+e.name+">"...)
		changed = true
		if e.frag >= 0 {
			warn(e.frag, tagKey{name: e.name}, e.nth,
				fmt.Sprintf("raw HTML <%s> is not closed %s; it is closed there, so that the page's layout stays whole", e.name, where),
				fmt.Sprintf("add </%s> where the element ends", e.name))
		}
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: the reader is a byte slice
		}
		raw := z.Raw()
		start := pos
		pos += len(raw)
		if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
			res = append(res, raw...)
			continue
		}
		nb, _ := z.TagName()
		name := string(nb)
		k := tagKey{end: tt == html.EndTagToken, name: name}
		f, n := fragOf(start), 0
		if f >= 0 {
			n = seen[k]
			seen[k] = n + 1
		}
		switch {
		case voidElements[name] && !k.end:
			res = append(res, raw...)
		case tt == html.SelfClosingTagToken:
			// <div/> opens a div in HTML; close it right away.
			res = append(res, raw...)
			res = append(res, "</"+name+">"...)
			changed = true
			if f >= 0 {
				warn(f, k, n, fmt.Sprintf("raw HTML <%s/> does not close itself in HTML; it is closed right away", name),
					fmt.Sprintf("write <%s></%s>", name, name))
			}
		case !k.end:
			res = append(res, raw...)
			stack = append(stack, openElem{name: name, frag: f, nth: n})
		case f < 0: // markdown's own end tag: close what the writer left open inside it
			i := len(stack) - 1
			for i >= 0 && stack[i].name != name {
				i--
			}
			if i < 0 {
				changed = true // its start tag was not seen: leave it out
				continue
			}
			for len(stack)-1 > i {
				closeTop("before the end of the markdown block it is in")
			}
			stack = stack[:i]
			res = append(res, raw...)
		default: // the writer's end tag: it may close only the writer's elements
			i := len(stack) - 1
			for i >= 0 && stack[i].frag >= 0 && stack[i].name != name {
				i--
			}
			if i >= 0 && stack[i].frag >= 0 {
				for len(stack)-1 > i {
					closeTop(fmt.Sprintf("before </%s>", name))
				}
				stack = stack[:i]
				res = append(res, raw...)
				continue
			}
			changed = true
			outer := -1
			for j := i; j >= 0; j-- {
				if stack[j].frag >= 0 && stack[j].name == name {
					outer = j
					break
				}
			}
			if outer >= 0 {
				o := stack[outer]
				l, c := st.pos(st.frags[o.frag].tagOffset(tagKey{name: name}, o.nth))
				warn(f, k, n, fmt.Sprintf("raw HTML </%s> is inside markdown's <%s> and cannot close the <%s> opened at %d:%d outside it; it is left out",
					name, stack[i].name, name, l, c),
					fmt.Sprintf("put <%s> and </%s> each on a line of its own, with a blank line before and after", name, name))
			} else {
				warn(f, k, n, fmt.Sprintf("raw HTML </%s> closes no <%s> opened in this text; it is left out", name, name),
					fmt.Sprintf("remove </%s>, or add the <%s> it should close", name, name))
			}
		}
	}
	for len(stack) > 0 {
		closeTop("by the end of the text")
	}
	if warnings > maxBalanceWarnings {
		st.doc.Problems = append(st.doc.Problems, Problem{Line: 1, Col: 1, Warning: true,
			Message: fmt.Sprintf("%d more raw HTML tags were closed or left out the same way", warnings-maxBalanceWarnings),
			Fix:     "open and close every HTML element within the page"})
	}
	if !changed {
		return out
	}
	return res
}
