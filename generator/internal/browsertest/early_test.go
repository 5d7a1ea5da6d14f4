package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// heldSlices serves a site as Serve does, but holds every request for a
// slice of the search dictionary (search/*.bin) until release is called:
// a network that has not answered yet.
type heldSlices struct {
	held    atomic.Int32 // slice requests received and not answered
	served  atomic.Int32 // slice requests answered
	gate    chan struct{}
	release func()
}

func serveHoldingSlices(t *testing.T, dir string) (string, *heldSlices) {
	t.Helper()
	h := &heldSlices{gate: make(chan struct{})}
	var once sync.Once
	h.release = func() { once.Do(func() { close(h.gate) }) }
	files := Handler(dir, "/")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/search/") && strings.HasSuffix(r.URL.Path, ".bin") {
			h.held.Add(1)
			<-h.gate
			h.held.Add(-1)
			defer h.served.Add(1)
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(h.release) // before Close, which waits for held requests
	return srv.URL + "/", h
}

// TestSearchShowsResultsBeforeItsSlices checks that a keystroke does not
// wait for the network once the index is in: while the slices of the
// dictionary a query needs are still on their way, the list shows early
// results from the titles and descriptions index.json has, highlighted,
// and the full results (with snippets from the pages) replace them when
// the slices arrive; the search page shows early results too. A query
// whose slices are in shows its full results at once.
func TestSearchShowsResultsBeforeItsSlices(t *testing.T) {
	out := build(t, withoutBaseURL(t, exampleContent(t)), "")
	site, net := serveHoldingSlices(t, out)
	tab := New(t).NewTab(t)
	tab.Do(t, chromedp.EmulateViewport(1280, 900))

	early := func(q, title, group string) {
		t.Helper()
		typeQuery(t, tab, q)
		tab.WaitFor(t, `document.getElementById('site-search-panel').dataset.state === 'early' &&
			document.getElementById('site-search-panel').dataset.query === `+fmt.Sprintf("%q", q), "the early results of "+q)
		if n := net.served.Load(); n != 0 || net.held.Load() == 0 {
			t.Fatalf("%s: %d slices served, %d asked for: the results did not come before the slices", q, n, net.held.Load())
		}
		rs := Eval[[]result](t, tab, resultsJS)
		var hit *result
		for i := range rs {
			if rs[i].Title == title {
				hit = &rs[i]
			}
		}
		if hit == nil || hit.Group != group {
			t.Fatalf("%s: the early results have no %s %q: %+v", q, group, title, rs)
		}
		if len(hit.Marked) == 0 || !strings.Contains(strings.ToLower(strings.Join(hit.Marked, "")), q) {
			t.Errorf("%s: the match is not highlighted in the early result %+v", q, hit)
		}
		if Eval[bool](t, tab, `[...document.querySelectorAll('#site-search-panel .search-result')].some(a => a.dataset.snippet)`) {
			t.Errorf("%s: early results read snippets from their pages before the full results are in", q)
		}
	}
	// The search page too.
	tab.Do(t, chromedp.Navigate(site+"search/?q=booth"))
	tab.WaitFor(t, `document.getElementById('search-page-results').dataset.state === 'early' &&
		[...document.querySelectorAll('#search-page-results .search-result a')].some(a => a.textContent === 'Conference booth duty')`,
		"early results on the search page")
	if n := net.served.Load(); n != 0 {
		t.Fatalf("the search page: %d slices served before its early results", n)
	}
	tab.Do(t, chromedp.Navigate(site+"teams/"))
	tab.Do(t, chromedp.Evaluate[chromedp.Void](`window.__events = [];
		document.addEventListener('handbook:search', e => __events.push({Query: e.detail.query, Early: e.detail.early, Refined: e.detail.refined, Results: e.detail.results}))`))

	early("booth", "Conference booth duty", "Pages")
	early("展台", "展台速查", "Pages")
	early("amara", "Amara Okafor", "People")

	// A result chosen among the early ones stays chosen.
	tab.Do(t, chromedp.KeyEvent(kb.ArrowDown))
	const chosen = `document.querySelector('#site-search-panel [aria-selected="true"] .search-result-title')?.textContent ?? ''`
	if c := Eval[string](t, tab, chosen); c != "Amara Okafor" {
		t.Fatalf("down chose %q among the early results, want Amara Okafor", c)
	}

	// The slices arrive: the same query's full results replace the early ones.
	net.release()
	rs := results(t, tab, "amara")
	if len(rs) == 0 || rs[0].Group != "People" || rs[0].Title != "Amara Okafor" {
		t.Errorf("amara, in full: %+v", rs)
	}
	if c := Eval[string](t, tab, chosen); c != "Amara Okafor" {
		t.Errorf("with the full results, the chosen result is %q, not Amara Okafor", c)
	}
	type event struct {
		Query          string
		Early, Refined bool
		Results        int
	}
	evs := Eval[[]event](t, tab, `__events`)
	var sawEarly, sawRefined bool
	for _, e := range evs {
		if e.Query == "amara" {
			sawEarly = sawEarly || e.Early
			sawRefined = sawRefined || e.Refined && !e.Early
		}
	}
	if !sawEarly || !sawRefined {
		t.Errorf("amara: early results %v, then full ones %v: %+v", sawEarly, sawRefined, evs)
	}

	// With its slices in, a query shows its full results at once.
	Eval[bool](t, tab, `handbookSearch.run('booth').then(() => true)`) // its slices are in
	tab.Do(t, chromedp.Evaluate[chromedp.Void](`__events = []`))
	typeQuery(t, tab, "booth")
	results(t, tab, "booth")
	for _, e := range Eval[[]event](t, tab, `__events`) {
		if e.Early {
			t.Errorf("with every slice in, %q showed early results", e.Query)
		}
	}
	noProblems(t, tab, "search before the slices")
}
