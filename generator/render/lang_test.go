package render

import (
	"strings"
	"testing"

	"github.com/devrel-handbook/handbook/generator/markdown"
	"github.com/devrel-handbook/handbook/generator/site"
)

// TestPageLangCountsTextNotMarkup checks the language guess of a page:
// Chinese or Japanese only when that is most of its words, markup (tag
// names, attribute values) not counted, kana making it Japanese.
func TestPageLangCountsTextNotMarkup(t *testing.T) {
	english := strings.Repeat("<p>Ask the team before you book a room.</p>\n", 20)
	long := `<a class="ref ref-person" href="../../people/some-very-long-identifier-here/">`
	for _, c := range []struct {
		name, title, html, want string
	}{
		{"English", "Booking rooms", english, ""},
		{"English with one Chinese name", "Booking rooms", english + "<p>Ask 王伟.</p>", ""},
		{"Chinese", "会议室", "<p>预订会议室之前请先询问团队。</p>", "zh"},
		{"Chinese in long markup", "会议室", strings.Repeat(long+"王伟</a>", 30) + "<p>预订会议室之前请先询问团队。</p>", "zh"},
		{"Japanese", "会議室", "<p>会議室を予約する前にチームに聞いてください。</p>", "ja"},
		{"Chinese title, English text", "会议室", english, ""},
	} {
		p := &site.Page{Title: c.title, Doc: &markdown.Doc{HTML: []byte(c.html)}}
		if got := PageLang(p); got != c.want {
			t.Errorf("%s: PageLang = %q, want %q", c.name, got, c.want)
		}
	}
}
