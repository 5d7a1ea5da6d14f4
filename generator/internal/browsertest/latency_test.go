package browsertest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

var (
	searchSite  = flag.String("search.site", "", "a built site for BenchmarkSearchKeystroke, e.g. one built from ../shared/bench/gencontent -pages 10000")
	searchPause = flag.Duration("search.pause", 0, "BenchmarkSearchKeystroke: the pause between a key's results and the next key, as a reader types (e.g. 150ms); 0 types as fast as results come")
)

// BenchmarkSearchKeystroke measures search as a reader feels it, in
// headless Chromium: the time from a key press in the search box to the
// results being in the page, one key at a time, over queries in English,
// Chinese and Japanese. It reports the download of the index on first
// focus; the median, 95th percentile and worst time to the first results
// of every keystroke; and apart, the keystrokes whose first results were
// early ones, shown at once from the titles and descriptions while a
// slice of the dictionary was on its way: how many, the time to their
// full results (median and worst, with the median time of each part:
// waiting for the fetch, reading the slice, ranking; and the median time
// to rank the early results), how many early
// lists were empty, and how much of the full list the early one had
// shown (the median share of the full list's results, and how often its
// first result was the same). Run it on a big site:
//
//	cd ../shared/bench && go run ./gencontent -pages 10000 -out /tmp/c10k
//	handbook build --content /tmp/c10k --out /tmp/p10k
//	go test ./generator/internal/browsertest -run '^$' -bench SearchKeystroke -benchtime 160x -search.site /tmp/p10k
//
// By default it types as fast as results come, so that nothing fetched
// ahead has time to arrive; -search.pause 150ms types as a reader does.
func BenchmarkSearchKeystroke(b *testing.B) {
	if *searchSite == "" {
		b.Fatal("give -search.site=DIR, a built site to measure (see the comment of BenchmarkSearchKeystroke)")
	}
	if _, err := os.Stat(filepath.Join(*searchSite, "search", "index.json")); err != nil {
		b.Fatalf("-search.site: %v", err)
	}
	br := New(b)
	tab := br.NewTab(b)
	site := Serve(b, *searchSite, "/")
	tab.Do(b, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(site))
	// Each key's record: when it was pressed, its first results and, if
	// those were early, its full ones.
	tab.Do(b, chromedp.Evaluate[chromedp.Void](`window.__lat = []; window.__kd = 0; window.__bySeq = {};
		document.addEventListener('keydown', () => { __kd = performance.now() }, true);
		document.getElementById('site-search-q').addEventListener('beforeinput', () => { if (!__kd) __kd = performance.now() }, true);
		document.addEventListener('handbook:search', e => {
			const d = e.detail, now = performance.now();
			if (d.refined) {
				const r = __bySeq[d.seq];
				if (r) Object.assign(r, {Full: now - r.kd, FullShown: d.shown, Phases: d.phases || {}});
				return;
			}
			const r = {Q: d.query, kd: __kd, First: now - __kd, Fetched: d.fetched, Early: d.early, Results: d.results, Shown: d.shown, Full: -1, FullShown: [], Phases: {},
				Rank: (d.phases || {}).score || 0};
			__lat.push(r); __bySeq[d.seq] = r; __kd = 0;
		});`))
	load := Eval[float64](b, tab, `(async () => { const t = performance.now(); await handbookSearch.load(); return performance.now() - t })()`)
	heap0 := Eval[float64](b, tab, `performance.memory ? performance.memory.usedJSHeapSize : 0`)

	queries := []string{"booth", "partner manager", "onboarding checklist", "api", "customer escalation",
		"metrics", "s", "deploy", "renewals forecast", "活动展位", "security review", "a", "hand", "ブース"}
	var keys []struct {
		text  string
		clear bool
	}
	for _, q := range queries {
		first := true
		for _, r := range q {
			keys = append(keys, struct {
				text  string
				clear bool
			}{string(r), first})
			first = false
		}
	}
	tab.Do(b, chromedp.Click(`#site-search-q`, chromedp.NodeVisible))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := keys[i%len(keys)]
		if k.clear {
			tab.Do(b, chromedp.Evaluate[chromedp.Void](`document.getElementById('site-search-q').select()`))
		}
		n := Eval[int](b, tab, `__lat.length`)
		if k.text[0] < 128 {
			tab.Do(b, chromedp.KeyEvent(k.text))
		} else {
			// An input method's commit has no keydown: the time starts at
			// its beforeinput, not before the DevTools call that sends it.
			ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: k.text})
			cancel()
			if err != nil {
				b.Fatal(err)
			}
		}
		tab.WaitFor(b, fmt.Sprintf(`__lat.length > %d`, n), "the results of a keystroke")
		if *searchPause > 0 {
			b.StopTimer()
			time.Sleep(*searchPause)
			b.StartTimer()
		}
	}
	b.StopTimer()
	time.Sleep(time.Second) // the full results of the last keys
	type key struct {
		Q                 string
		First, Full, Rank float64
		Fetched, Results  int
		Early             bool
		Shown, FullShown  []string
		Phases            struct{ Wait, Decode, Score float64 }
	}
	recs := Eval[[]key](b, tab, `__lat`)
	if testing.Verbose() {
		var l []string
		for _, k := range recs {
			s := fmt.Sprintf("%q %.0f", k.Q, k.First)
			if k.Early {
				s += fmt.Sprintf(" early(%d results, %d slices, ranked in %.0f) full %.0f", k.Results, k.Fetched, k.Rank, k.Full)
			}
			l = append(l, s)
		}
		b.Log(strings.Join(l, "; "))
	}
	var first, early, earlyRank, full, empty, share, same []float64
	var phase [3][]float64 // of the full results of early keys: fetch, decode, rank
	for _, k := range recs {
		first = append(first, k.First)
		if !k.Early {
			continue
		}
		early = append(early, k.First)
		earlyRank = append(earlyRank, k.Rank)
		if k.Results == 0 {
			empty = append(empty, 1)
		}
		if k.Full < 0 {
			continue
		}
		full = append(full, k.Full)
		phase[0] = append(phase[0], k.Phases.Wait)
		phase[1] = append(phase[1], k.Phases.Decode)
		phase[2] = append(phase[2], k.Phases.Score)
		if len(k.FullShown) > 0 {
			had := map[string]bool{}
			for _, u := range k.Shown {
				had[u] = true
			}
			n := 0
			for _, u := range k.FullShown {
				if had[u] {
					n++
				}
			}
			share = append(share, float64(n)/float64(len(k.FullShown)))
			if len(k.Shown) > 0 && k.Shown[0] == k.FullShown[0] {
				same = append(same, 1)
			} else {
				same = append(same, 0)
			}
		}
	}
	heap1 := Eval[float64](b, tab, `performance.memory ? performance.memory.usedJSHeapSize : 0`)
	bytes := Eval[float64](b, tab, `performance.getEntriesByType('resource').filter(e => e.name.includes('/search/')).reduce((n, e) => n + e.encodedBodySize, 0)`)
	at := func(l []float64, p float64) float64 {
		if len(l) == 0 {
			return 0
		}
		sort.Float64s(l)
		return l[int(p*float64(len(l)-1)+0.5)]
	}
	mean := func(l []float64) float64 {
		s := 0.0
		for _, v := range l {
			s += v
		}
		if len(l) == 0 {
			return 0
		}
		return s / float64(len(l))
	}
	b.ReportMetric(load, "ms-index-load")
	b.ReportMetric(at(first, 0.5), "ms-p50")
	b.ReportMetric(at(first, 0.95), "ms-p95")
	b.ReportMetric(at(first, 1), "ms-max")
	b.ReportMetric(float64(len(early)), "keys-early")
	b.ReportMetric(float64(len(empty)), "keys-early-empty")
	b.ReportMetric(at(early, 0.5), "ms-early-p50")
	b.ReportMetric(at(early, 1), "ms-early-max")
	b.ReportMetric(at(earlyRank, 0.5), "ms-early-p50-rank")
	b.ReportMetric(at(full, 0.5), "ms-full-p50")
	b.ReportMetric(at(full, 1), "ms-full-max")
	for i, name := range []string{"fetch", "decode", "rank"} {
		b.ReportMetric(at(phase[i], 0.5), "ms-full-p50-"+name)
	}
	b.ReportMetric(at(share, 0.5), "early-share-p50")
	b.ReportMetric(mean(same), "early-same-first")
	b.ReportMetric(bytes/(1<<10), "KiB-fetched")
	if heap0 > 0 {
		b.ReportMetric(heap0/(1<<20), "MiB-heap-after-load")
		b.ReportMetric(heap1/(1<<20), "MiB-heap-after")
	}
	for _, p := range tab.Problems() {
		b.Error(p)
	}
}
