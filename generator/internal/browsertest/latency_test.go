package browsertest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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
// focus; the median, 95th percentile and worst keystroke of those that
// needed no download; and apart, the keystrokes that waited for a slice
// of the dictionary (fetched then, or fetched ahead and not yet in), with
// the median time of each part of them: waiting for the fetch, reading
// the slice, ranking, and the rest (the page's DOM and events). Run it on
// a big site:
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
	tab.Do(b, chromedp.Evaluate[chromedp.Void](`window.__lat = []; window.__kd = 0;
		document.addEventListener('keydown', () => { __kd = performance.now() }, true);
		document.getElementById('site-search-q').addEventListener('beforeinput', () => { if (!__kd) __kd = performance.now() }, true);
		document.addEventListener('handbook:search', e => { const p = e.detail.phases || {wait: 0, decode: 0, score: 0};
			__lat.push([performance.now() - __kd, e.detail.fetched, p.wait, p.decode, p.score]); (window.__q = window.__q || []).push(e.detail.query + ' ' + e.detail.fetched + ' ' + Math.round(performance.now() - __kd)); __kd = 0 });`))
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
			tab.Do(b, chromedp.Evaluate[chromedp.Void](`__kd = performance.now()`))
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
	if testing.Verbose() {
		b.Log(Eval[[]string](b, tab, `window.__q`))
	}
	var warm, cold []float64
	var phase [4][]float64 // of the keystrokes that fetched: fetch, decode, rank, the rest (DOM, events)
	for _, l := range Eval[[][5]float64](b, tab, `__lat`) {
		if l[1] > 0 {
			cold = append(cold, l[0])
			phase[0] = append(phase[0], l[2])
			phase[1] = append(phase[1], l[3])
			phase[2] = append(phase[2], l[4])
			phase[3] = append(phase[3], l[0]-l[2]-l[3]-l[4])
		} else {
			warm = append(warm, l[0])
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
	b.ReportMetric(load, "ms-index-load")
	b.ReportMetric(at(warm, 0.5), "ms-p50")
	b.ReportMetric(at(warm, 0.95), "ms-p95")
	b.ReportMetric(at(warm, 1), "ms-max")
	b.ReportMetric(float64(len(cold)), "keys-fetching")
	b.ReportMetric(at(cold, 0.5), "ms-fetching-p50")
	b.ReportMetric(at(cold, 0.95), "ms-fetching-p95")
	b.ReportMetric(at(cold, 1), "ms-fetching-max")
	for i, name := range []string{"fetch", "decode", "rank", "dom"} {
		b.ReportMetric(at(phase[i], 0.5), "ms-fetching-p50-"+name)
	}
	b.ReportMetric(bytes/(1<<10), "KiB-fetched")
	if heap0 > 0 {
		b.ReportMetric(heap0/(1<<20), "MiB-heap-after-load")
		b.ReportMetric(heap1/(1<<20), "MiB-heap-after")
	}
	for _, p := range tab.Problems() {
		b.Error(p)
	}
}
