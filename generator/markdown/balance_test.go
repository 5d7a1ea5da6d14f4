package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// unbalanced returns what is unbalanced in an HTML fragment: an end tag
// that does not close the innermost open element, an element left open,
// or a non-void element written as <x/>. "" when it is balanced.
func unbalanced(b []byte) string {
	z := html.NewTokenizer(bytes.NewReader(b))
	var stack []string
	for {
		switch z.Next() {
		case html.ErrorToken:
			if len(stack) > 0 {
				return "left open: " + strings.Join(stack, " ")
			}
			return ""
		case html.StartTagToken:
			n, _ := z.TagName()
			if !voidElements[string(n)] {
				stack = append(stack, string(n))
			}
		case html.SelfClosingTagToken:
			n, _ := z.TagName()
			if !voidElements[string(n)] {
				// balance leaves <x/> and adds </x> right after it.
				if z.Next() != html.EndTagToken {
					return "<" + string(n) + "/> not closed"
				}
				if m, _ := z.TagName(); string(m) != string(n) {
					return "<" + string(n) + "/> not closed"
				}
			}
		case html.EndTagToken:
			n, _ := z.TagName()
			if len(stack) == 0 || stack[len(stack)-1] != string(n) {
				return fmt.Sprintf("</%s> with %v open", n, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
}

func TestRawHTMLBalance(t *testing.T) {
	c := New(Options{RawHTML: RawHTMLSanitize})
	for _, tc := range []struct {
		src, html string
		problems  []string
	}{
		{"a </div> b", "<p>a  b</p>\n", []string{
			"1:3: raw HTML </div> closes no <div> opened in this text; it is left out; remove </div>, or add the <div> it should close"}},
		{"<div class=\"x\">\n\ntext\n\n</div>\n", "<div>\n\n<p>text</p>\n</div>\n\n", nil},
		{"<details><summary>s</summary>\n\nbody\n", "<details><summary>s</summary>\n\n<p>body</p>\n</details>", []string{
			"1:1: raw HTML <details> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </details> where the element ends"}},
		{"x\n\n  <table><tr>\n  <td>y\n", "<p>x</p>\n  <table><tr>\n  <td>y\n\n</td></tr></table>", []string{
			"4:3: raw HTML <td> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </td> where the element ends",
			"3:10: raw HTML <tr> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </tr> where the element ends",
			"3:3: raw HTML <table> is not closed by the end of the text; it is closed there, so that the page's layout stays whole; add </table> where the element ends"}},
		{"a <span>b\n\nc </span> d", "<p>a <span>b</span></p>\n<p>c  d</p>\n", []string{
			"1:3: raw HTML <span> is not closed before the end of the markdown block it is in; it is closed there, so that the page's layout stays whole; add </span> where the element ends",
			"3:3: raw HTML </span> closes no <span> opened in this text; it is left out; remove </span>, or add the <span> it should close"}},
		{"<div>\n\npara </div> x\n\n</div>\n", "<div>\n\n<p>para  x</p>\n</div>\n\n", []string{
			"3:6: raw HTML </div> is inside markdown's <p> and cannot close the <div> opened at 1:1 outside it; it is left out; put <div> and </div> each on a line of its own, with a blank line before and after"}},
		{"<b><i>x</b></i>", "<p><b><i>x</i></b></p>\n", []string{
			"1:4: raw HTML <i> is not closed before </b>; it is closed there, so that the page's layout stays whole; add </i> where the element ends",
			"1:12: raw HTML </i> closes no <i> opened in this text; it is left out; remove </i>, or add the <i> it should close"}},
		{"<div/>x", "<div/></div>x\n", []string{
			"1:1: raw HTML <div/> does not close itself in HTML; it is closed right away; write <div></div>"}},
		// Balanced HTML passes unchanged, without a warning.
		{"<details><summary>s</summary>\n\n*b*\n\n</details>\n\nA <b>c</b><br> <kbd>K</kbd>",
			"<details><summary>s</summary>\n\n<p><em>b</em></p>\n</details>\n\n<p>A <b>c</b><br> <kbd>K</kbd></p>\n", nil},
	} {
		d := c.Convert([]byte(tc.src))
		var ps []string
		for _, p := range d.Problems {
			ps = append(ps, fmt.Sprintf("%d:%d: %s; %s", p.Line, p.Col, p.Message, p.Fix))
		}
		if string(d.HTML) != tc.html {
			t.Errorf("%q:\n got %q\nwant %q", tc.src, d.HTML, tc.html)
		}
		if strings.Join(ps, "\n") != strings.Join(tc.problems, "\n") {
			t.Errorf("%q problems:\n got %s\nwant %s", tc.src, strings.Join(ps, "\n     "), strings.Join(tc.problems, "\n     "))
		}
		if u := unbalanced(d.HTML); u != "" {
			t.Errorf("%q: %s in %s", tc.src, u, d.HTML)
		}
	}
}

// TestRawHTMLBalanceWarningsAreBounded: ten thousand stray end tags give
// twenty warnings and one that counts the rest, in bounded time.
func TestRawHTMLBalanceWarningsAreBounded(t *testing.T) {
	src := strings.Repeat("</div>", 10000) + strings.Repeat("<div>", 10000)
	d := New(Options{RawHTML: RawHTMLSanitize}).Convert([]byte(src))
	if len(d.Problems) != maxBalanceWarnings+1 {
		t.Fatalf("%d problems", len(d.Problems))
	}
	if p := d.Problems[len(d.Problems)-1]; p.Message != "19980 more raw HTML tags were closed or left out the same way" {
		t.Errorf("last problem: %s", p.Message)
	}
	if u := unbalanced(d.HTML); u != "" {
		t.Error(u)
	}
}
