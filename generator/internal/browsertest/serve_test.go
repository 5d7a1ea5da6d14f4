package browsertest

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/internal/testsite"
	"github.com/devrel-handbook/handbook/generator/serve"
)

// TestServeReloadsTheBrowser runs a real serve session (fsnotify, the dev
// server, Server-Sent Events) and a real Chromium tab on it: a saved page
// reloads keeping its scroll position, a stylesheet change is swapped in
// without a reload, and errors show over the page until they are fixed.
// Issues #3 and #5.
func TestServeReloadsTheBrowser(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("A paragraph to scroll past.\n\n", 80)
	testsite.Write(t, dir, `
-- content/index.md --
# Home
See [[guide]].
-- content/guide.md --
# Guide
First version.

`+long+`
-- templates/assets/extra.css --
body { }
`)
	content := filepath.Join(dir, "content")
	srv := serve.New(serve.Options{})
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	defer srv.Close()
	builds := make(chan generator.Rebuild, 32)
	lv := &generator.Live{
		Options:  generator.Options{Content: content, Templates: filepath.Join(dir, "templates")},
		Server:   srv,
		Debounce: 30 * time.Millisecond,
		Report:   func(rb generator.Rebuild) { builds <- rb },
		Ready:    make(chan struct{}),
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); lv.Run(ctx) }()
	defer func() { cancel(); <-done }()
	<-lv.Ready

	b := New(t)
	tab := b.NewTab(t)
	tab.Do(t, chromedp.Navigate(hs.URL+"/guide/"))
	waitAcross(t, tab, `document.body && document.body.textContent.includes("First version.")`, "the first build")
	// Wait until the page's live-reload stream is open, then mark the page
	// and scroll it: a reload drops the mark, and must restore the scroll.
	waitAcross(t, tab, `document.documentElement.getAttribute("data-handbook-live") === "connected"`, "the reload stream")
	Eval[bool](t, tab, `(window.scrollTo(0, 600), window.marked = true, true)`)

	write := func(name, data string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("content/guide.md", "# Guide\nSecond version.\n\n"+long)
	waitAcross(t, tab, `document.body && document.body.textContent.includes("Second version.")`, "the page to reload with the edit")
	if Eval[bool](t, tab, `window.marked === true`) {
		t.Error("the page changed without a reload")
	}
	waitAcross(t, tab, `window.scrollY > 500`, "the scroll position to be restored")

	// A stylesheet change is swapped in without reloading the page.
	Eval[bool](t, tab, `(window.marked = true, true)`)
	write("templates/assets/extra.css", "body { }\n.content { outline-offset: 7px; }\n")
	// extra.css is not linked by the default layout; link it so the swap is visible.
	Eval[bool](t, tab, `(() => { const l = document.createElement("link"); l.rel = "stylesheet"; l.href = "../assets/extra.css"; document.head.append(l); return true })()`)
	write("templates/assets/extra.css", "body { }\n.content { outline-offset: 9px; }\n")
	waitAcross(t, tab, `getComputedStyle(document.querySelector(".content")).outlineOffset === "9px"`, "the new stylesheet")
	if !Eval[bool](t, tab, `window.marked === true`) {
		t.Error("a stylesheet change reloaded the page")
	}

	// Errors show over the page, escaped, and clear when fixed.
	write("content/guide.md", "# Guide\nSee [[role:<b>nobody</b>]].\n")
	waitAcross(t, tab, `document.getElementById("handbook-errors") !== null`, "the error overlay")
	text := Eval[string](t, tab, `document.getElementById("handbook-errors").textContent`)
	if !strings.Contains(text, `guide.md:2:5: role "<b>nobody</b>" does not exist`) {
		t.Errorf("overlay text: %q", text)
	}
	if Eval[bool](t, tab, `document.querySelector("#handbook-errors b") !== null`) {
		t.Error("the overlay rendered markup from the error message")
	}
	write("content/guide.md", "# Guide\nFixed.\n")
	waitAcross(t, tab, `document.getElementById("handbook-errors") === null && document.body.textContent.includes("Fixed.")`, "the overlay to clear")
	for _, p := range tab.Problems() {
		if !strings.Contains(p, "/_handbook/events") { // the stream is cut when the tab reloads
			t.Errorf("browser problem: %s", p)
		}
	}
}

// waitAcross waits until js is truthy in the tab, asking again when the
// page reloads under the question (tab.WaitFor fails on a navigation).
func waitAcross(t *testing.T, tab *Tab, js, what string) {
	t.Helper()
	deadline := time.Now().Add(Timeout)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tab.Ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+js+")"))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(25 * time.Millisecond) // the page is busy or reloading: ask again
	}
	t.Fatalf("waiting for %s (%s): timed out", what, js)
}
