package serve

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// scriptTag is the tag injected into pages of a site served at "/".
const scriptTag = `<script src="/_handbook/reload.js" defer></script>`

func page(title string) []byte {
	return []byte("<!doctype html>\n<html><head><title>" + title + "</title>" +
		`<link rel="stylesheet" href="/style.css"></head>` +
		"<body><h1>" + title + "</h1></body></html>\n")
}

// testSite returns a small built site, including files that must never be
// served.
func testSite() map[string][]byte {
	return map[string][]byte{
		"index.html":          page("Home"),
		"roles/pm/index.html": page("PM"),
		"teams/index.html":    page("Teams"),
		"about.html":          page("About"),
		"404.html":            page("Lost"),
		"style.css":           []byte("body{color:#222}"),
		"app.js":              []byte("console.log(1)"),
		"search.json":         []byte(`{"a":1}`),
		"logo.svg":            []byte("<svg/>"),
		"sitemap.xml":         []byte("<urlset/>"),
		"robots.txt":          []byte("User-agent: *"),
		"img/a.png":           []byte("\x89PNG"),
		"img/b.jpg":           []byte("\xff\xd8\xff"),
		"img/c.webp":          []byte("RIFF"),
		"fonts/f.woff2":       []byte("wOF2"),
		"files/guide.pdf":     []byte("%PDF-1.7"),
		"blob.handbookunk":    []byte("???"),
		".git/config":         []byte("DOTFILE-SECRET git"),
		".env":                []byte("DOTFILE-SECRET env"),
		"roles/.draft.html":   []byte("DOTFILE-SECRET draft"),
		".drafts/index.html":  []byte("DOTFILE-SECRET drafts"),
	}
}

// start serves a new Server over real HTTP; both are closed when the test
// ends.
func start(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	s := New(opts)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return s, ts
}

// startSite is start followed by Update(testSite(), base).
func startSite(t *testing.T, base string) (*Server, *httptest.Server) {
	t.Helper()
	s, ts := start(t, Options{})
	s.Update(testSite(), base)
	return s, ts
}

type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request without following redirects.
func do(t *testing.T, req *http.Request) response {
	t.Helper()
	c := &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       10 * time.Second,
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

func get(t *testing.T, ts *httptest.Server, path string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, req)
}

// raw sends target exactly as given in the request line, bypassing any
// cleaning or escaping by the Go client.
func raw(t *testing.T, ts *httptest.Server, method, target, host string) response {
	t.Helper()
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	req := method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"
	if host == "" {
		req = method + " " + target + " HTTP/1.0\r\n\r\n"
	}
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %q: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(b)}
}

func TestRouting(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	for _, tt := range []struct {
		path     string
		status   int
		contains string // in the body
		location string
	}{
		{"/", 200, "<h1>Home</h1>", ""},
		{"/index.html", 200, "<h1>Home</h1>", ""},
		{"/roles/pm/", 200, "<h1>PM</h1>", ""},
		{"/roles/pm/index.html", 200, "<h1>PM</h1>", ""},
		{"/roles/pm", 301, "", "/roles/pm/"},
		{"/roles/pm?tab=2&x=%20y", 301, "", "/roles/pm/?tab=2&x=%20y"},
		{"/teams", 301, "", "/teams/"},
		{"/about.html", 200, "<h1>About</h1>", ""},
		{"/style.css", 200, "body{color:#222}", ""},
		{"/img/a.png", 200, "\x89PNG", ""},
		// No directory listings, with or without a slash.
		{"/roles/", 404, "<h1>Lost</h1>", ""},
		{"/roles", 404, "<h1>Lost</h1>", ""},
		{"/img/", 404, "<h1>Lost</h1>", ""},
		{"/img", 404, "<h1>Lost</h1>", ""},
		{"/about.html/", 404, "<h1>Lost</h1>", ""},
		{"/nope", 404, "<h1>Lost</h1>", ""},
		{"/roles/nope/", 404, "<h1>Lost</h1>", ""},
		{"/_handbook/", 404, "<h1>Lost</h1>", ""},
		{"/_handbook/other.js", 404, "<h1>Lost</h1>", ""},
	} {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, ts, tt.path)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d; body:\n%s", r.status, tt.status, r.body)
			}
			if !strings.Contains(r.body, tt.contains) {
				t.Errorf("body lacks %q:\n%s", tt.contains, r.body)
			}
			if got := r.header.Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
			if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q, want nosniff", got)
			}
		})
	}
}

func TestContentTypes(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	for path, want := range map[string]string{
		"/":                     "text/html; charset=utf-8",
		"/about.html":           "text/html; charset=utf-8",
		"/style.css":            "text/css; charset=utf-8",
		"/app.js":               "text/javascript; charset=utf-8",
		"/search.json":          "application/json",
		"/logo.svg":             "image/svg+xml",
		"/sitemap.xml":          "text/xml; charset=utf-8",
		"/robots.txt":           "text/plain; charset=utf-8",
		"/img/a.png":            "image/png",
		"/img/b.jpg":            "image/jpeg",
		"/img/c.webp":           "image/webp",
		"/fonts/f.woff2":        "font/woff2",
		"/files/guide.pdf":      "application/pdf",
		"/blob.handbookunk":     "application/octet-stream",
		"/nope":                 "text/html; charset=utf-8",
		"/_handbook/reload.js":  "text/javascript; charset=utf-8",
		"/_handbook/nothing.js": "text/html; charset=utf-8",
	} {
		r := get(t, ts, path)
		if got := r.header.Get("Content-Type"); got != want {
			t.Errorf("GET %s: Content-Type %q, want %q", path, got, want)
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", path, got)
		}
	}
}

func TestContentTypeFallsBackToMimePackage(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"a.HTML":  "text/html; charset=utf-8",
		"a.wasm":  "application/wasm", // from mime's built-in table
		"CNAME":   "application/octet-stream",
		"a.weird": "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestNotFoundServesSite404Page(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	r := get(t, ts, "/missing/page/")
	if r.status != 404 || !strings.Contains(r.body, "<h1>Lost</h1>") {
		t.Fatalf("got %d:\n%s", r.status, r.body)
	}
	if !strings.Contains(r.body, `"page":"/404.html"`) {
		t.Errorf("404 page does not tell reload.js it is /404.html:\n%s", r.body)
	}
	if !strings.Contains(r.body, scriptTag) {
		t.Errorf("404 page lacks the reload script:\n%s", r.body)
	}
}

func TestNotFoundWithoutSite404IsSmallPage(t *testing.T) {
	t.Parallel()
	s, ts := start(t, Options{})
	s.Update(map[string][]byte{"index.html": page("Home")}, "/")
	r := get(t, ts, "/missing")
	if r.status != 404 || !strings.Contains(r.body, "Not found") || !strings.Contains(r.body, scriptTag) {
		t.Fatalf("got %d:\n%s", r.status, r.body)
	}
}

func TestHeadHasHeadersButNoBody(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	g := get(t, ts, "/roles/pm/")
	req, _ := http.NewRequest(http.MethodHead, ts.URL+"/roles/pm/", nil)
	h := do(t, req)
	if h.status != 200 || h.body != "" {
		t.Fatalf("HEAD: %d %q", h.status, h.body)
	}
	if got, want := h.header.Get("Content-Length"), fmt.Sprint(len(g.body)); got != want {
		t.Errorf("HEAD Content-Length %s, GET body is %s bytes", got, want)
	}
}

func TestNotBuiltYet(t *testing.T) {
	t.Parallel()
	s, ts := start(t, Options{})
	r := get(t, ts, "/")
	if r.status != http.StatusServiceUnavailable || !strings.Contains(r.body, "not been built") ||
		!strings.Contains(r.body, scriptTag) {
		t.Fatalf("before Update: %d\n%s", r.status, r.body)
	}
	s.Fail([]string{"content/a.md:1:1: bad"})
	r = get(t, ts, "/")
	if !strings.Contains(r.body, `id="handbook-errors"`) || !strings.Contains(r.body, "content/a.md:1:1: bad") {
		t.Errorf("failed first build shows no overlay:\n%s", r.body)
	}
	s.Update(testSite(), "/")
	if r := get(t, ts, "/"); r.status != 200 {
		t.Errorf("after Update: %d", r.status)
	}
}

func TestBasePath(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/handbook/")
	for _, tt := range []struct {
		path     string
		status   int
		contains string
		location string
	}{
		{"/handbook/", 200, "<h1>Home</h1>", ""},
		{"/handbook", 301, "", "/handbook/"},
		{"/handbook?q=1", 301, "", "/handbook/?q=1"},
		{"/handbook/roles/pm/", 200, "<h1>PM</h1>", ""},
		{"/handbook/roles/pm", 301, "", "/handbook/roles/pm/"},
		{"/handbook/style.css", 200, "body{color:#222}", ""},
		{"/handbook/nope", 404, "<h1>Lost</h1>", ""},
		{"/", 404, `<a href="/handbook/">`, ""},
		{"/index.html", 404, "/handbook/", ""},
		{"/roles/pm/", 404, "/handbook/", ""},
		{"/handbookx/", 404, "/handbook/", ""},
		{"/handbook/_handbook/reload.js", 200, "EventSource", ""},
		{"/_handbook/reload.js", 200, "EventSource", ""},
	} {
		t.Run(tt.path, func(t *testing.T) {
			r := get(t, ts, tt.path)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d; body:\n%s", r.status, tt.status, r.body)
			}
			if !strings.Contains(r.body, tt.contains) {
				t.Errorf("body lacks %q:\n%s", tt.contains, r.body)
			}
			if got := r.header.Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
		})
	}
	r := get(t, ts, "/handbook/roles/pm/")
	if want := `<script src="/handbook/_handbook/reload.js" defer></script>`; !strings.Contains(r.body, want) {
		t.Errorf("page lacks %s:\n%s", want, r.body)
	}
}

func TestBasePathIsNormalised(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"handbook", "/handbook", "handbook/", "/handbook//"} {
		if got := cleanBase(base); got != "/handbook/" {
			t.Errorf("cleanBase(%q) = %q, want /handbook/", base, got)
		}
	}
	for _, base := range []string{"", "/", "."} {
		if got := cleanBase(base); got != "/" {
			t.Errorf("cleanBase(%q) = %q, want /", base, got)
		}
	}
}

func TestScriptInjectedOnlyIntoHTML(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	site := testSite()
	for _, path := range []string{"/", "/roles/pm/", "/about.html", "/nope"} {
		r := get(t, ts, path)
		if n := strings.Count(r.body, scriptTag); n != 1 {
			t.Errorf("GET %s: %d script tags, want 1:\n%s", path, n, r.body)
		}
		if i, j := strings.Index(r.body, scriptTag), strings.Index(r.body, "</body>"); i < 0 || j < i {
			t.Errorf("GET %s: script not just before </body>:\n%s", path, r.body)
		}
	}
	for _, name := range []string{"style.css", "app.js", "logo.svg", "search.json", "sitemap.xml", "img/a.png"} {
		r := get(t, ts, "/"+name)
		if r.body != string(site[name]) {
			t.Errorf("GET /%s changed the file: %q, want %q", name, r.body, site[name])
		}
	}
}

func TestInjectPlacement(t *testing.T) {
	t.Parallel()
	st := &state{base: "/", build: "b1"}
	for _, tt := range []struct{ in, wantPrefix, wantSuffix string }{
		{"<p>x</p></body></html>", "<p>x</p><script", "</script></body></html>"},
		{"<P>x</P></BODY></HTML>", "<P>x</P><script", "</script></BODY></HTML>"},
		{"<p>x</p>", "<p>x</p><script", "</script>"},
		{"<p>é</p></Body >", "<p>é</p><script", "</script></Body >"},
		// The last </body> counts, not one quoted in the page.
		{"<pre>&lt;/body></pre><code></body></code></body>", "<pre>&lt;/body></pre><code></body></code><script", "</script></body>"},
	} {
		got := string(inject([]byte(tt.in), st, ""))
		if !strings.HasPrefix(got, tt.wantPrefix) || !strings.HasSuffix(got, tt.wantSuffix) {
			t.Errorf("inject(%q) = %q", tt.in, got)
		}
	}
}

func TestSnapshotIsNeverModified(t *testing.T) {
	t.Parallel()
	s, ts := start(t, Options{})
	files := testSite()
	// Give the page spare capacity, so that an append in place would not
	// reallocate and would show.
	home := make([]byte, 0, 4096)
	home = append(home, page("Home")...)
	files["index.html"] = home
	want := maps.Clone(files)
	for k, v := range want {
		want[k] = append([]byte(nil), v...)
	}
	s.Update(files, "/")
	s.Fail([]string{"a.md:1:1: x"})
	for range 3 {
		for _, p := range []string{"/", "/roles/pm/", "/nope", "/style.css"} {
			get(t, ts, p)
		}
	}
	if len(files) != len(want) {
		t.Fatalf("files map has %d entries, want %d", len(files), len(want))
	}
	for k, v := range want {
		if string(files[k]) != string(v) {
			t.Errorf("%s modified: %q, want %q", k, files[k], v)
		}
	}
	if got := string(home[:cap(home)][len(home) : len(home)+len(scriptTag)]); strings.Contains(got, "script") {
		t.Errorf("spare capacity of index.html was written to: %q", got)
	}
	// The map is copied: later changes by the caller do not leak in.
	delete(files, "about.html")
	if r := get(t, ts, "/about.html"); r.status != 200 {
		t.Errorf("deleting from the caller's map removed a served page: %d", r.status)
	}
}

func TestOverlayWhileFailed(t *testing.T) {
	t.Parallel()
	s, ts := startSite(t, "/")
	s.Fail([]string{
		`content/a.md:3:5: no heading "leads"; fix the link`,
		`content/b.md:1:1: <script>alert(1)</script> & more`,
	})
	r := get(t, ts, "/roles/pm/")
	if r.status != 200 || !strings.Contains(r.body, "<h1>PM</h1>") {
		t.Fatalf("last good page not served while failed: %d\n%s", r.status, r.body)
	}
	for _, want := range []string{
		`<div id="handbook-errors" role="alert"`,
		`content/a.md:3:5: no heading &#34;leads&#34;; fix the link`,
		`content/b.md:1:1: &lt;script&gt;alert(1)&lt;/script&gt; &amp; more`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("page lacks %s:\n%s", want, r.body)
		}
	}
	if strings.Contains(r.body, "<script>alert(1)") {
		t.Errorf("diagnostic not escaped:\n%s", r.body)
	}
	if i, j := strings.Index(r.body, "handbook-errors"), strings.Index(r.body, "</body>"); j < i {
		t.Errorf("overlay not inside body:\n%s", r.body)
	}
	if r := get(t, ts, "/style.css"); strings.Contains(r.body, "handbook-errors") {
		t.Errorf("overlay injected into CSS: %q", r.body)
	}
	if r := get(t, ts, "/nope"); !strings.Contains(r.body, "handbook-errors") {
		t.Errorf("404 page lacks the overlay:\n%s", r.body)
	}

	s.Update(testSite(), "/")
	if r := get(t, ts, "/roles/pm/"); strings.Contains(r.body, "handbook-errors") {
		t.Errorf("overlay still shown after Update:\n%s", r.body)
	}
}

func TestFailListsAtMost50(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	var diags []string
	for i := range 60 {
		diags = append(diags, fmt.Sprintf("a.md:%d:1: bad", i+1))
	}
	s.Fail(diags)
	got := s.cur.Load().diags
	if len(got) != 51 || got[49] != "a.md:50:1: bad" || got[50] != "and 10 more" {
		t.Errorf("diags = %d entries, ending %q", len(got), got[len(got)-1])
	}
}

func TestOverlayMatchesScript(t *testing.T) {
	t.Parallel()
	for _, c := range []string{overlayID, overlayTitle, overlayStyle, overlayListStyle, overlayItemStyle} {
		if !strings.Contains(reloadJS, `"`+c+`"`) {
			t.Errorf("reload.js lacks %q; keep it in step with inject.go", c)
		}
	}
	if strings.Contains(reloadJS, "innerHTML") {
		t.Error("reload.js uses innerHTML; build the overlay with textContent")
	}
}

func TestNewHTTPServerLimits(t *testing.T) {
	t.Parallel()
	h := http.NotFoundHandler()
	srv := NewHTTPServer("127.0.0.1:0", h)
	if srv.Addr != "127.0.0.1:0" || srv.Handler == nil ||
		srv.ReadHeaderTimeout != 10*time.Second || srv.ReadTimeout != 30*time.Second ||
		srv.IdleTimeout != 120*time.Second || srv.MaxHeaderBytes != 64<<10 || srv.WriteTimeout != 0 {
		t.Errorf("NewHTTPServer = %+v", srv)
	}
}

func TestPageURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ base, name, want string }{
		{"/", "index.html", "/"},
		{"/", "roles/pm/index.html", "/roles/pm/"},
		{"/", "about.html", "/about.html"},
		{"/", "404.html", "/404.html"},
		{"/handbook/", "index.html", "/handbook/"},
		{"/handbook/", "roles/pm/index.html", "/handbook/roles/pm/"},
		{"/", "xindex.html", "/xindex.html"},
	} {
		if got := pageURL(tt.base, tt.name); got != tt.want {
			t.Errorf("pageURL(%q, %q) = %q, want %q", tt.base, tt.name, got, tt.want)
		}
	}
}
