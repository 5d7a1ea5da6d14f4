// Package browsertest drives a real browser against a built handbook site:
// headless Chromium through the DevTools protocol (chromedp). It owns the
// harness, not the checks: starting the browser with a fresh profile,
// tabs that record everything that goes wrong on their pages (console
// errors, uncaught exceptions, failed requests, HTTP errors), and a local
// server for a site folder under any path, with 404.html for what is not
// there. The site tests of this package use it, and so can any test that
// wants a browser, such as one of `handbook serve`'s live reload.
//
// The browser is Debian's chromium (or $HANDBOOK_CHROMIUM). A missing
// browser fails the test, with the command that installs it: a browser
// test that skips would pass in CI without testing anything.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Chromium returns the path of the browser to drive: $HANDBOOK_CHROMIUM
// when it is set, else the first of chromium, chromium-browser,
// google-chrome and google-chrome-stable on PATH.
func Chromium() (string, error) {
	if p := os.Getenv("HANDBOOK_CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: install it with `apt-get install chromium` (or set HANDBOOK_CHROMIUM to a Chrome or Chromium binary)")
}

// Browser is one headless Chromium, closed when its test ends.
type Browser struct {
	ctx context.Context
}

// New starts a headless Chromium with a fresh profile for t. It fails t
// when no browser is installed.
func New(t testing.TB) *Browser {
	t.Helper()
	exe, err := Chromium()
	if err != nil {
		t.Fatal(err)
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancel := chromedp.NewContext(actx)
	// Start the browser now, without a timeout (a timeout on the first
	// run would bind the browser's life to it).
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		acancel()
		t.Fatalf("cannot start %s: %v", exe, err)
	}
	t.Cleanup(func() {
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		defer ccancel()
		chromedp.Cancel(cctx)
		cancel()
		acancel()
	})
	return &Browser{ctx: ctx}
}

// Tab is a browser tab that records the problems of the pages it shows.
type Tab struct {
	Ctx context.Context

	mu       sync.Mutex
	problems []string
	allowed  map[string]bool // URLs whose HTTP errors are expected
	requests map[network.RequestID]string
}

// NewTab opens a tab, closed when t ends.
func (b *Browser) NewTab(t testing.TB) *Tab {
	t.Helper()
	tab := &Tab{allowed: map[string]bool{}, requests: map[network.RequestID]string{}}
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithListener(tab.record))
	t.Cleanup(cancel)
	tab.Ctx = ctx
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("log.enable: %v", err)
	}
	return tab
}

// record is the tab's event listener: it runs on chromedp's reading
// goroutine, so it only notes things down.
func (tab *Tab) record(ev any) {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		if e.Request != nil {
			tab.requests[e.RequestID] = e.Request.URL
		}
	case *network.EventResponseReceived:
		if r := e.Response; r != nil && r.Status >= 400 && !tab.allowed[r.URL] {
			tab.problems = append(tab.problems, fmt.Sprintf("HTTP %d for %s", r.Status, r.URL))
		}
	case *network.EventLoadingFailed:
		u := tab.requests[e.RequestID]
		if !e.Canceled && !tab.allowed[u] && e.ErrorText != "" {
			tab.problems = append(tab.problems, fmt.Sprintf("request failed: %s (%s)", u, e.ErrorText))
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				var str string
				switch {
				case json.Unmarshal(a.Value, &str) == nil:
					parts = append(parts, str)
				case len(a.Value) > 0:
					parts = append(parts, string(a.Value))
				default:
					parts = append(parts, a.Description)
				}
			}
			tab.problems = append(tab.problems, "console."+string(e.Type)+": "+strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		tab.problems = append(tab.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *cdplog.EventEntryAdded:
		if en := e.Entry; en != nil && en.Level == cdplog.EntryLevelError && !tab.allowed[en.URL] {
			tab.problems = append(tab.problems, fmt.Sprintf("browser log (%s): %s %s", en.Source, en.Text, en.URL))
		}
	}
}

// Allow makes HTTP errors of url expected: the test checks them itself.
func (tab *Tab) Allow(url string) {
	tab.mu.Lock()
	tab.allowed[url] = true
	tab.mu.Unlock()
}

// Problems returns what went wrong since the last call, and forgets it.
func (tab *Tab) Problems() []string {
	tab.mu.Lock()
	defer tab.mu.Unlock()
	p := tab.problems
	tab.problems = nil
	return p
}

// Timeout limits each Do and Eval of a tab.
const Timeout = 20 * time.Second

// Do runs actions in the tab, failing t on an error.
func (tab *Tab) Do(t testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("in the browser: %v", err)
	}
}

// Eval evaluates a JavaScript expression in the tab's page (awaiting a
// promise) and decodes its value, failing t on an error.
func Eval[T any](t testing.TB, tab *Tab, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// WaitFor waits until a JavaScript expression is truthy in the page,
// failing t with what after Timeout.
func (tab *Tab) WaitFor(t testing.TB, js, what string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.Ctx, Timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingTimeout(Timeout))); err != nil {
		t.Fatalf("waiting for %s (%s): %v", what, js, err)
	}
}

// WaitPath waits until the page's location.pathname ends with suffix,
// across navigations (a redirect, a reload), failing t after Timeout.
func (tab *Tab) WaitPath(t testing.TB, suffix string) {
	t.Helper()
	deadline := time.Now().Add(Timeout)
	last := ""
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(tab.Ctx, time.Second)
		p, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		cancel()
		if err == nil {
			last = p
			if strings.HasSuffix(p, suffix) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond) // a page is loading: ask again
	}
	t.Fatalf("the page is at %q, not at …%s", last, suffix)
}

// Serve serves the site folder dir at URL path prefix ("/" or
// "/handbook/") on 127.0.0.1, as a static web server would: folders by
// their index.html, and 404.html with status 404 for what is not there.
// It returns the site's URL, ending in prefix.
func Serve(t testing.TB, dir, prefix string) string {
	t.Helper()
	srv := httptest.NewServer(Handler(dir, prefix))
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}

// Handler is the handler of Serve.
func Handler(dir, prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notFound := func() {
			body, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(body)
		}
		if !strings.HasPrefix(r.URL.Path, prefix) {
			notFound()
			return
		}
		p := path.Clean("/" + strings.TrimPrefix(r.URL.Path, prefix))
		file := filepath.Join(dir, filepath.FromSlash(p))
		st, err := os.Stat(file)
		if err == nil && st.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			file = filepath.Join(file, "index.html")
			st, err = os.Stat(file)
		}
		if err != nil || st.IsDir() {
			notFound()
			return
		}
		http.ServeFile(w, r, file)
	})
}
