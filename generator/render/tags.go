package render

import (
	"sort"
	"strings"
	"unicode"

	"github.com/devrel-handbook/handbook/generator/site"
)

// Tag pages: /tags/ lists every tag of the pages' front matter with how
// many pages have it, and /tags/<tag>/ lists those pages. Tags that differ
// only in case or punctuation ("API design", "api-design") are one tag:
// they share a URL.

// TagsView is /tags/ (Tag is "") or the page of one tag.
type TagsView struct {
	Common
	Tag   string    // the tag of /tags/<tag>/
	Tags  []TagLink // on /tags/: every tag
	Pages []Link    // on /tags/<tag>/: the pages with the tag, by title
}

// TagLink is a tag in the list of tags.
type TagLink struct {
	URL   string
	Text  string
	Count int
}

// tagSlug is the URL segment of a tag: lower case, letters and digits of
// any script kept, every other run of characters one '-'.
func tagSlug(tag string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(tag) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "tag"
	}
	return b.String()
}

// tagURL is the site-root URL of a tag's page.
func tagURL(tag string) string { return "/tags/" + tagSlug(tag) + "/" }

// tagLinks are the links from page URL from to the pages of its tags.
func tagLinks(from string, tags []string) []Link {
	out := make([]Link, 0, len(tags))
	for _, t := range tags {
		out = append(out, Link{URL: rel(from, tagURL(t)), Text: t})
	}
	return out
}

// tagGroup is one tag: its name, as most pages write it, and its pages.
type tagGroup struct {
	slug  string
	name  string
	pages []*site.Page
}

// tagGroups collects the tags of every page, sorted by name.
func (r *renderer) tagGroups() []*tagGroup {
	bySlug := map[string]*tagGroup{}
	spelling := map[string]map[string]int{}
	for _, p := range r.g.Site.AllPages() {
		seen := map[string]bool{}
		for _, t := range p.Tags {
			s := tagSlug(t)
			if spelling[s] == nil {
				spelling[s] = map[string]int{}
				bySlug[s] = &tagGroup{slug: s}
			}
			spelling[s][t]++
			if !seen[s] {
				seen[s] = true
				bySlug[s].pages = append(bySlug[s].pages, p)
			}
		}
	}
	out := make([]*tagGroup, 0, len(bySlug))
	for s, g := range bySlug {
		best, n := "", 0
		for name, c := range spelling[s] {
			if c > n || c == n && name < best {
				best, n = name, c
			}
		}
		g.name = best
		sort.SliceStable(g.pages, func(i, j int) bool {
			if g.pages[i].Title != g.pages[j].Title {
				return g.pages[i].Title < g.pages[j].Title
			}
			return g.pages[i].Path < g.pages[j].Path
		})
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].name), strings.ToLower(out[j].name)
		if a != b {
			return a < b
		}
		return out[i].slug < out[j].slug
	})
	return out
}

// tagJobs render /tags/ and the page of each tag.
func (r *renderer) tagJobs() []func() (string, []byte, error) {
	groups := r.tagGroups()
	jobs := []func() (string, []byte, error){func() (string, []byte, error) {
		v := &TagsView{Common: r.common("tags", "/tags/", "Tags", "The topics pages are tagged with.", "")}
		for _, g := range groups {
			v.Tags = append(v.Tags, TagLink{URL: rel(v.URL, "/tags/"+g.slug+"/"), Text: g.name, Count: len(g.pages)})
		}
		r.nav.place(&v.Common, nil)
		return r.exec("tags", v, "templates/tags.html")
	}}
	for _, g := range groups {
		g := g
		jobs = append(jobs, func() (string, []byte, error) {
			url := "/tags/" + g.slug + "/"
			v := &TagsView{Common: r.common("tags", url, g.name, "Pages tagged "+g.name+".", ""), Tag: g.name}
			for _, p := range g.pages {
				v.Pages = append(v.Pages, Link{URL: rel(url, p.URL), Text: p.Title, Note: p.Description})
			}
			r.nav.place(&v.Common, nil)
			return r.exec("tags", v, "templates/tags.html")
		})
	}
	return jobs
}
