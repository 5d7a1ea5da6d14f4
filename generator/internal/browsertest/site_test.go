package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/devrel-handbook/handbook/generator"
)

// The example handbook (content/ at the root of the repository), built and
// served, tried the way a new reader would: browsing, searching in English
// and Chinese, on a phone, in dark mode, at the root of a host and under a
// sub-path. Screenshots go to testdata/artifacts/ (git-ignored).

const exampleBase = "https://intranet.example.com/handbook/"

func exampleContent(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "content"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.md")); err != nil {
		t.Fatalf("the example handbook is missing: %v", err)
	}
	return dir
}

// withoutBaseURL copies a content folder with base_url taken out of
// site.yaml: the site then knows nothing of where it is served.
func withoutBaseURL(t *testing.T, content string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(content, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "site.yaml" {
			data = regexp.MustCompile(`(?m)^base_url:.*\n`).ReplaceAll(data, nil)
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func build(t *testing.T, content, baseURL string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	r, err := generator.Build(generator.Options{Content: content, Out: out, BaseURL: baseURL})
	if err != nil {
		t.Fatal(err)
	}
	if r.Failed() {
		t.Fatalf("the example handbook does not build:\n%v", r.Diags)
	}
	return out
}

// pagesOf lists the site-relative paths of every HTML page of a built site.
func pagesOf(t *testing.T, out string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		pages = append(pages, strings.TrimSuffix(rel, "index.html"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(pages)
	return pages
}

func artifacts(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("testdata", "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func noProblems(t *testing.T, tab *Tab, where string) {
	t.Helper()
	for _, p := range tab.Problems() {
		t.Errorf("%s: %s", where, p)
	}
}

// pathOf is the path of the tab's page relative to the site URL, without
// query; with the fragment after '#', decoded.
func pathOf(t *testing.T, tab *Tab, site string) string {
	t.Helper()
	href := Eval[string](t, tab, `location.href`)
	u, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := url.Parse(site)
	p := strings.TrimPrefix(u.Path, s.Path)
	if u.Fragment != "" {
		p += "#" + u.Fragment
	}
	return p
}

// follow runs an action that navigates (a click, a key) and waits for the
// next page to load.
func follow(t *testing.T, tab *Tab, a chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, a); err != nil {
		t.Fatalf("following a link: %v", err)
	}
}

func xpathLink(scope, text string) string {
	return fmt.Sprintf(`//%s//a[normalize-space(.)=%q]`, scope, text)
}

func TestExampleSiteInTheBrowser(t *testing.T) {
	content := exampleContent(t)
	b := New(t)
	runs := []struct {
		name, content, baseURL, prefix string
	}{
		{"at the root", withoutBaseURL(t, content), "", "/"},
		{"under a sub-path", content, exampleBase, "/handbook/"},
	}
	for i, run := range runs {
		t.Run(run.name, func(t *testing.T) {
			t.Parallel() // each in its own tab
			out := build(t, run.content, run.baseURL)
			site := Serve(t, out, run.prefix)
			tab := b.NewTab(t)
			tab.Do(t, chromedp.EmulateViewport(1280, 900))

			t.Run("sidebar and breadcrumbs", func(t *testing.T) { sidebarAndBreadcrumbs(t, tab, site) })
			t.Run("search in English", func(t *testing.T) { searchEnglish(t, tab, site) })
			t.Run("search goes to the heading", func(t *testing.T) { searchHeading(t, tab, site) })
			t.Run("search in Chinese and Japanese", func(t *testing.T) { searchCJK(t, tab, site) })
			t.Run("search keyboard", func(t *testing.T) { searchKeyboard(t, tab, site) })
			t.Run("search page", func(t *testing.T) { searchPage(t, tab, site) })
			t.Run("not found", func(t *testing.T) { notFound(t, tab, site) })
			t.Run("alias", func(t *testing.T) { alias(t, tab, site) })
			t.Run("contrast in both schemes", func(t *testing.T) { contrast(t, tab, site) })
			t.Run("print", func(t *testing.T) { printStyles(t, tab, site) })
			if i == 0 {
				t.Run("search terms as the generator cuts them", func(t *testing.T) { searchTerms(t, tab, site) })
			}
			if i == len(runs)-1 {
				t.Run("screenshots", func(t *testing.T) { screenshots(t, tab, site) })
			}
			t.Run("every page, on a phone", func(t *testing.T) { everyPage(t, tab, site, pagesOf(t, out)) })
		})
	}
}

func sidebarAndBreadcrumbs(t *testing.T, tab *Tab, site string) {
	// The sidebar is a shut <details> that CSS shows on wide screens: screen
	// readers must get it too.
	tab.Do(t, chromedp.Navigate(site+"teams/"))
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	ax, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	exposed := false
	for _, n := range ax.Nodes {
		if n.Name != nil && n.Role != nil && string(n.Name.Value) == `"Working together"` && string(n.Role.Value) == `"link"` && !n.Ignored {
			exposed = true
		}
	}
	if !exposed {
		t.Error("the sidebar's links are not in the accessibility tree")
	}

	tab.Do(t, chromedp.Navigate(site))
	follow(t, tab, chromedp.Click(xpathLink(`nav[@aria-label="Handbook"]`, "Events"), chromedp.NodeVisible))
	if p := pathOf(t, tab, site); p != "events/" {
		t.Fatalf("the sidebar's Events link went to %q", p)
	}
	if cur := Eval[string](t, tab, `document.querySelector('.sidebar [aria-current="page"]').textContent`); cur != "Events" {
		t.Errorf("current page in the sidebar = %q, want Events", cur)
	}
	// The current section is open: its pages are listed under it.
	follow(t, tab, chromedp.Click(xpathLink(`nav[@aria-label="Handbook"]//li[contains(@class,"open")]`, "Conference booth duty"), chromedp.NodeVisible))
	if p := pathOf(t, tab, site); p != "events/conference-booth/" {
		t.Fatalf("the sidebar's Conference booth duty link went to %q", p)
	}
	crumbs := Eval[[]string](t, tab, `[...document.querySelectorAll('.breadcrumbs li')].map(li => li.textContent.trim())`)
	if strings.Join(crumbs, " › ") != "Northwind Signals DevRel Handbook › Events › Conference booth duty" {
		t.Errorf("breadcrumbs = %q", crumbs)
	}
	follow(t, tab, chromedp.Click(xpathLink(`nav[@aria-label="Breadcrumbs"]`, "Events"), chromedp.NodeVisible))
	if p := pathOf(t, tab, site); p != "events/" {
		t.Errorf("the Events breadcrumb went to %q", p)
	}
	follow(t, tab, chromedp.Click(xpathLink(`nav[@aria-label="Breadcrumbs"]`, "Northwind Signals DevRel Handbook"), chromedp.NodeVisible))
	if p := pathOf(t, tab, site); p != "" {
		t.Errorf("the home breadcrumb went to %q", p)
	}
	noProblems(t, tab, "browsing")
}

// typeQuery focuses the header's search box with "/" and types q, as
// keys (ASCII) or as an input method would commit it (anything else).
func typeQuery(t *testing.T, tab *Tab, q string) {
	t.Helper()
	tab.Do(t, chromedp.KeyEvent("/"))
	if id := Eval[string](t, tab, `document.activeElement.id`); id != "site-search-q" {
		t.Fatalf(`"/" focused %q, not the search box`, id)
	}
	tab.Do(t, chromedp.Evaluate[chromedp.Void](`document.getElementById('site-search-q').select()`))
	ascii := true
	for _, r := range q {
		if r > 127 {
			ascii = false
		}
	}
	if ascii {
		tab.Do(t, chromedp.KeyEvent(q))
		return
	}
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: q}); err != nil {
		t.Fatal(err)
	}
}

// result is a search result as shown in the list.
type result struct {
	Group, Title, Section, Snippet, Href string
	Marked                               []string
}

const resultsJS = `[...document.querySelectorAll('#site-search-panel [role="option"].search-result')].map(a => ({
	Group: a.closest('[role="group"]').querySelector('.search-group-title').textContent,
	Title: a.querySelector('.search-result-title').textContent,
	Section: a.querySelector('.search-result-section').textContent,
	Snippet: a.querySelector('.search-result-snippet').textContent,
	Href: a.href,
	Marked: [...a.querySelectorAll('mark')].map(m => m.textContent),
}))`

// results waits for the list to show the full results of query q (not
// early ones), with the snippets of its first results read from their
// pages (so that nothing moves when a test clicks), and returns them.
func results(t *testing.T, tab *Tab, q string) []result {
	t.Helper()
	tab.WaitFor(t, fmt.Sprintf(`!document.getElementById('site-search-panel').hidden &&
		document.getElementById('site-search-panel').dataset.query === %q &&
		document.getElementById('site-search-panel').dataset.state === 'final' &&
		[...document.querySelectorAll('#site-search-panel .search-result')].slice(0, 8).every(a => a.dataset.snippet)`, q),
		"the results of "+q)
	return Eval[[]result](t, tab, resultsJS)
}

func searchEnglish(t *testing.T, tab *Tab, site string) {
	tab.Do(t, chromedp.Navigate(site+"teams/"))
	typeQuery(t, tab, "booth")
	rs := results(t, tab, "booth")
	if len(rs) == 0 {
		t.Fatal("no results for booth")
	}
	if rs[0].Group != "People" && rs[0].Group != "Roles" && rs[0].Group != "Teams" && rs[0].Group != "Pages" {
		t.Errorf("first group %q", rs[0].Group)
	}
	var page *result
	for i := range rs {
		if rs[i].Group == "Pages" {
			page = &rs[i]
			break
		}
	}
	if page == nil || page.Title != "Conference booth duty" {
		t.Fatalf("the first page for booth is %+v, want Conference booth duty; all: %+v", page, rs)
	}
	if len(page.Marked) == 0 || !strings.EqualFold(page.Marked[0], "booth") {
		t.Errorf("the match is not highlighted in %+v", page)
	}
	follow(t, tab, chromedp.Click(fmt.Sprintf(`//div[@id="site-search-panel"]//a[.//span[@class="search-result-title"][normalize-space(.)=%q]]`, page.Title), chromedp.NodeVisible))
	if p := pathOf(t, tab, site); !strings.HasPrefix(p, "events/conference-booth/") {
		t.Errorf("the result went to %q", p)
	}
	noProblems(t, tab, "searching for booth")

	// People are found by name and grouped first.
	typeQuery(t, tab, "amara")
	rs = results(t, tab, "amara")
	if len(rs) == 0 || rs[0].Group != "People" || rs[0].Title != "Amara Okafor" {
		t.Errorf("amara: %+v", rs)
	}
	noProblems(t, tab, "searching for amara")
}

func searchHeading(t *testing.T, tab *Tab, site string) {
	tab.Do(t, chromedp.Navigate(site))
	typeQuery(t, tab, "visitors")
	results(t, tab, "visitors")
	// The snippet comes from the page, and names the heading it is under.
	tab.WaitFor(t, `[...document.querySelectorAll('#site-search-panel .search-result')].some(a =>
		a.querySelector('.search-result-section').textContent === 'The three visitors' && a.hash === '#the-three-visitors')`,
		"the result to point at the heading")
	tab.Do(t, chromedp.KeyEvent(kb.ArrowDown))
	for i := 0; i < 20; i++ {
		if Eval[string](t, tab, `document.querySelector('[aria-selected="true"] .search-result-section')?.textContent ?? ''`) == "The three visitors" {
			break
		}
		tab.Do(t, chromedp.KeyEvent(kb.ArrowDown))
	}
	follow(t, tab, chromedp.KeyEvent(kb.Enter))
	if p := pathOf(t, tab, site); p != "events/conference-booth/#the-three-visitors" {
		t.Errorf("Enter went to %q", p)
	}
	noProblems(t, tab, "searching for visitors")
}

func searchCJK(t *testing.T, tab *Tab, site string) {
	cases := []struct {
		q, title, section, path string
	}{
		// The heading with the words wins over the text before it.
		{"展台", "展台速查", "展台的三类访客", "zh/booth-quickstart/#展台的三类访客"},
		{"交接", "展台速查", "交接四步", "zh/booth-quickstart/#交接四步"},
		{"展", "展台速查", "展台的三类访客", "zh/booth-quickstart/#展台的三类访客"},
		{"ブース", "中文", "日本語について", "zh/#日本語について"},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			tab.Do(t, chromedp.Navigate(site+"roles/"))
			typeQuery(t, tab, c.q)
			rs := results(t, tab, c.q)
			var hit *result
			for i := range rs {
				if rs[i].Title == c.title {
					hit = &rs[i]
					break
				}
			}
			if hit == nil {
				t.Fatalf("%s: no result %q in %+v", c.q, c.title, rs)
			}
			// The snippet comes from the page, and the link goes to the section.
			tab.WaitFor(t, fmt.Sprintf(`[...document.querySelectorAll('#site-search-panel .search-result')].some(a =>
				a.querySelector('.search-result-title').textContent === %q &&
				a.querySelector('.search-result-section').textContent === %q)`, c.title, c.section), "the section "+c.section)
			follow(t, tab, chromedp.Click(fmt.Sprintf(`//div[@id="site-search-panel"]//a[.//span[@class="search-result-title"][normalize-space(.)=%q]]`, c.title), chromedp.NodeVisible))
			if p := pathOf(t, tab, site); p != c.path {
				t.Errorf("%s went to %q, want %q", c.q, p, c.path)
			}
			noProblems(t, tab, "searching for "+c.q)
		})
	}
}

func searchKeyboard(t *testing.T, tab *Tab, site string) {
	tab.Do(t, chromedp.Navigate(site+"people/"))
	typeQuery(t, tab, "partner")
	results(t, tab, "partner")
	if Eval[string](t, tab, `document.getElementById('site-search-q').getAttribute('aria-expanded')`) != "true" {
		t.Error("the box does not say its list is open")
	}
	tab.Do(t, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowUp))
	active := Eval[string](t, tab, `document.getElementById('site-search-q').getAttribute('aria-activedescendant')`)
	if active != "site-search-option-0" {
		t.Errorf("after down, down, up the active option is %q", active)
	}
	tab.Do(t, chromedp.KeyEvent(kb.Escape))
	if !Eval[bool](t, tab, `document.getElementById('site-search-panel').hidden`) {
		t.Error("Escape did not close the list")
	}
	if Eval[string](t, tab, `document.activeElement.id`) != "site-search-q" {
		t.Error("Escape took the focus from the box")
	}
	// Enter without a chosen result opens the search page.
	follow(t, tab, chromedp.KeyEvent(kb.Enter))
	if p := pathOf(t, tab, site); p != "search/" {
		t.Errorf("Enter went to %q, want the search page", p)
	}
	if q := Eval[string](t, tab, `document.getElementById('search-page-q').value`); q != "partner" {
		t.Errorf("the search page has %q", q)
	}
	noProblems(t, tab, "keyboard")
}

func searchPage(t *testing.T, tab *Tab, site string) {
	tab.Do(t, chromedp.Navigate(site+"search/?q=launch"))
	tab.WaitFor(t, `document.getElementById('search-page-results').dataset.state === 'final' &&
		document.querySelectorAll('#search-page-results .search-result').length > 0`, "the results on the search page")
	groups := Eval[[]string](t, tab, `[...document.querySelectorAll('#search-page-results h2')].map(h => h.firstChild.textContent.trim())`)
	if len(groups) == 0 {
		t.Fatal("no groups")
	}
	order := map[string]int{"People": 0, "Roles": 1, "Teams": 2, "Pages": 3}
	for i := 1; i < len(groups); i++ {
		if order[groups[i-1]] >= order[groups[i]] {
			t.Errorf("groups out of order: %q", groups)
		}
	}
	follow(t, tab, chromedp.Click(`#search-page-results .search-result a`, chromedp.NodeVisible))
	if p := pathOf(t, tab, site); p == "search/" {
		t.Error("the first result did not open")
	}
	noProblems(t, tab, "the search page")
}

func notFound(t *testing.T, tab *Tab, site string) {
	u := site + "no/such/page/"
	tab.Allow(u)
	tab.Do(t, chromedp.Navigate(u))
	if h := Eval[string](t, tab, `document.querySelector('h1').textContent`); h != "Page not found" {
		t.Errorf("h1 = %q", h)
	}
	// The stylesheet applies (links from the 404 page are absolute under the base path).
	if w := Eval[string](t, tab, `getComputedStyle(document.querySelector('.layout')).display`); w != "grid" {
		t.Errorf("the 404 page has no style: .layout display %q", w)
	}
	if home := Eval[string](t, tab, `document.querySelector('.site-title').href`); home != site && strings.HasSuffix(site, "/handbook/") {
		t.Errorf("the 404 page's home link is %q, want %q", home, site)
	}
	typeQuery(t, tab, "booth")
	if len(results(t, tab, "booth")) == 0 {
		t.Error("search does not work on the 404 page")
	}
	noProblems(t, tab, "the 404 page")
}

func alias(t *testing.T, tab *Tab, site string) {
	tab.Do(t, chromedp.Navigate(site+"old/booth/"))
	tab.WaitPath(t, "/events/conference-booth/")
	if c := Eval[string](t, tab, `document.querySelector('link[rel="canonical"]')?.href ?? ''`); site == exampleBase && c != exampleBase+"events/conference-booth/" {
		t.Errorf("canonical link %q", c)
	}
	noProblems(t, tab, "the alias")
}

// contrastJS measures the contrast of every visible text against the
// background it is drawn on (the nearest opaque background up the tree,
// blending translucent ones), and returns the texts below 4.5:1 (3:1 for
// large text).
const contrastJS = `(() => {
	const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
		const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
	const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
	const bgOf = el => { const layers = [];
		for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
		let out = [255, 255, 255]; if (!layers.length || layers[layers.length - 1][3] < 1) out = matchMedia('(prefers-color-scheme: dark)').matches ? [0, 0, 0] : [255, 255, 255];
		for (let i = layers.length - 1; i >= 0; i--) { const [r, g, b, a] = layers[i]; out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)]; }
		return out; };
	const bad = [];
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	const seen = new Set();
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const el = n.parentElement; if (!n.data.trim() || seen.has(el)) continue; seen.add(el);
		if (el.closest('svg, [hidden], .visually-hidden, noscript')) continue;
		const r = el.getBoundingClientRect(); const cs = getComputedStyle(el);
		if (!r.width || !r.height || cs.visibility === 'hidden' || Number(cs.opacity) === 0) continue;
		const fg = parse(cs.color); if (!fg) continue;
		const bg = bgOf(el);
		const f = [fg[0] * fg[3] + bg[0] * (1 - fg[3]), fg[1] * fg[3] + bg[1] * (1 - fg[3]), fg[2] * fg[3] + bg[2] * (1 - fg[3])];
		const [a, b] = [lum(f), lum(bg)]; const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		const size = parseFloat(cs.fontSize), bold = Number(cs.fontWeight) >= 700;
		const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
		if (ratio < need) bad.push(n.data.trim().slice(0, 40) + ' (' + el.localName + '.' + el.className + '): ' + ratio.toFixed(2) + ' ' + cs.color + ' on rgb(' + bg.map(Math.round) + ')');
	}
	return bad;
})()`

func contrast(t *testing.T, tab *Tab, site string) {
	pages := []string{"", "zh/booth-quickstart/", "events/conference-booth/", "roles/partner-manager/", "teams/sales/", "tags/events/"}
	for _, scheme := range []string{"light", "dark"} {
		ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			tab.Do(t, chromedp.Navigate(site+p))
			for _, b := range Eval[[]string](t, tab, contrastJS) {
				t.Errorf("%s scheme, /%s: %s", scheme, p, b)
			}
		}
		// The list of results, with one chosen.
		typeQuery(t, tab, "booth")
		results(t, tab, "booth")
		tab.Do(t, chromedp.KeyEvent(kb.ArrowDown))
		for _, b := range Eval[[]string](t, tab, contrastJS) {
			t.Errorf("%s scheme, the search results: %s", scheme, b)
		}
		tab.Do(t, chromedp.KeyEvent(kb.Escape))
	}
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	noProblems(t, tab, "contrast")
}

func printStyles(t *testing.T, tab *Tab, site string) {
	tab.Do(t, chromedp.Navigate(site+"events/conference-booth/"))
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shown := Eval[[]string](t, tab, `['.site-header', '.sidebar', '.breadcrumbs', '.site-footer', '.pager', '.site-search']
		.filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')`)
	if len(shown) > 0 {
		t.Errorf("printed, the page still shows %v", shown)
	}
	if Eval[string](t, tab, `getComputedStyle(document.querySelector('.content')).display`) == "none" {
		t.Error("printed, the page hides its text")
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
}

// searchTerms checks search.js against the cases the Go term rules pass
// (generator/render/testdata/search-terms.txt).
func searchTerms(t *testing.T, tab *Tab, site string) {
	data, err := os.ReadFile(filepath.Join("..", "..", "render", "testdata", "search-terms.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tab.Do(t, chromedp.Navigate(site))
	Eval[bool](t, tab, `handbookSearch.load().then(() => true)`) // the fold table comes with the index
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		in, want, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		js, _ := json.Marshal(in)
		got := Eval[[]string](t, tab, "handbookSearch.indexTerms("+string(js)+")")
		if strings.Join(got, " ") != want {
			t.Errorf("search.js: terms(%q) = %q, want %q", in, strings.Join(got, " "), want)
		}
	}
	if n < 10 {
		t.Errorf("only %d cases in search-terms.txt", n)
	}
}

func screenshots(t *testing.T, tab *Tab, site string) {
	dir := artifacts(t)
	shots := []struct {
		name, path, query string
		phone, dark       bool
	}{
		{name: "home", path: ""},
		{name: "team", path: "teams/devrel/"},
		{name: "role", path: "roles/partner-manager/"},
		{name: "search", path: "search/?q=booth"},
		{name: "search-list", path: "events/", query: "展台"},
		{name: "role-dark", path: "roles/partner-manager/", dark: true},
		{name: "page-phone", path: "events/conference-booth/", phone: true},
		{name: "search-list-phone-dark", path: "events/", query: "booth", phone: true, dark: true},
	}
	defer tab.Do(t, chromedp.EmulateViewport(1280, 900))
	for _, s := range shots {
		if s.phone {
			tab.Do(t, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
		}
		ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
		scheme := []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}
		if s.dark {
			scheme[0].Value = "dark"
		}
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: scheme})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		tab.Do(t, chromedp.Navigate(site+s.path))
		if strings.HasPrefix(s.path, "search/") {
			tab.WaitFor(t, `document.querySelectorAll('#search-page-results .search-result').length > 0`, "results")
		}
		if s.query != "" {
			typeQuery(t, tab, s.query)
			results(t, tab, s.query)
		}
		shot := chromedp.FullScreenshot(100)
		if s.phone { // the first screen, as a phone shows it
			shot = chromedp.CaptureScreenshot()
		}
		png, err := chromedp.Run(tab.Ctx, shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, s.name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		if s.phone {
			tab.Do(t, chromedp.EmulateViewport(1280, 900))
		}
	}
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}
	noProblems(t, tab, "screenshots")
}

const phoneWidth = 375

// pageWidth is how wide the page is laid out. A phone (and Chromium's
// phone emulation) zooms out a page wider than the screen, which makes
// innerWidth grow with it, so the width is measured against the screen.
func pageWidth(t *testing.T, tab *Tab) int {
	t.Helper()
	return Eval[int](t, tab, `Math.max(document.documentElement.scrollWidth, innerWidth)`)
}

// everyPage opens every page of the site at phone width: no errors, no
// failed requests, nothing wider than the screen.
func everyPage(t *testing.T, tab *Tab, site string, pages []string) {
	tab.Do(t, chromedp.EmulateViewport(phoneWidth, 812, chromedp.EmulateMobile))
	defer tab.Do(t, chromedp.EmulateViewport(1280, 900))
	for _, p := range pages {
		if p == "404.html" {
			tab.Allow(site + p)
		}
		tab.Do(t, chromedp.Navigate(site+p))
		if strings.HasPrefix(p, "old/") { // an alias: wait for the page it sends to
			tab.WaitPath(t, "/events/conference-booth/")
		}
		if w := pageWidth(t, tab); w > phoneWidth {
			wide := Eval[[]string](t, tab, fmt.Sprintf(`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > %d + 1).slice(0, 5).map(e => e.localName + '.' + e.className)`, phoneWidth))
			t.Errorf("/%s is %dpx wide on a %dpx screen: %v", p, w, phoneWidth, wide)
		}
		noProblems(t, tab, "/"+p)
	}
}

// TestChecksCatchWhatGoesWrong shows that the site test's checks can
// fail: a page with pale text, a too-wide block, a console error, an
// uncaught exception and a missing image is reported for each.
func TestChecksCatchWhatGoesWrong(t *testing.T) {
	dir := t.TempDir()
	page := `<!doctype html><html><head><meta name="viewport" content="width=device-width"><link rel="icon" href="data:,"></head><body>
<p style="color:#bbb;background:#fff">pale text</p>
<div style="width:900px">wide block</div>
<img src="missing.png" alt="gone">
<script>console.error('boom'); setTimeout(() => { throw new Error('uncaught') });</script>
</body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	site := Serve(t, dir, "/")
	tab := New(t).NewTab(t)
	tab.Do(t, chromedp.EmulateViewport(phoneWidth, 812, chromedp.EmulateMobile), chromedp.Navigate(site))
	tab.WaitFor(t, `document.readyState === 'complete'`, "the page")
	bad := Eval[[]string](t, tab, contrastJS)
	if len(bad) != 1 || !strings.HasPrefix(bad[0], "pale text") {
		t.Errorf("contrast check: %q, want the pale text", bad)
	}
	if w := pageWidth(t, tab); w <= phoneWidth {
		t.Errorf("a 900px block fits a %dpx screen (the page is %dpx wide)?", phoneWidth, w)
	}
	// The exception is thrown in a timer: wait for it to be reported.
	var problems []string
	for i := 0; i < 100 && len(problems) < 3; i++ {
		problems = append(problems, tab.Problems()...)
		tab.Do(t, chromedp.Evaluate[chromedp.Void](`0`))
	}
	all := strings.Join(problems, "\n")
	for _, want := range []string{"console.error: boom", "HTTP 404 for " + site + "missing.png", "uncaught exception", "Error: uncaught"} {
		if !strings.Contains(all, want) {
			t.Errorf("problems do not mention %q:\n%s", want, all)
		}
	}
}
