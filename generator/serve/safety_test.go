package serve

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTraversalLeaksNothing sends every path confusion we know of, raw, with
// a secret file one level above the working directory, as it would be above
// a public/ folder, and checks the status and that no secret comes back.
// Files come from memory, so only a path bug could reach the disk, but the
// test does not rely on that.
func TestTraversalLeaksNothing(t *testing.T) {
	dir := t.TempDir()
	const secret = "OUTSIDE-SECRET-7f3a"
	if err := os.WriteFile(filepath.Join(dir, "secret.txt"), []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "public"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(dir, "public"))

	_, ts := startSite(t, "/")
	host := ts.Listener.Addr().String()
	for _, tt := range []struct {
		target string
		status int
	}{
		{"/../secret.txt", 400},
		{"/../../../../../../etc/passwd", 400},
		{"/roles/../../secret.txt", 400},
		{"/roles/pm/../../index.html", 400},
		{"/./index.html", 400},
		{"/roles/./pm/", 400},
		{"/index.html/..", 400},
		{"/..", 400},
		{"/.", 400},
		{"/%2e%2e/secret.txt", 400},
		{"/%2E%2E/secret.txt", 400},
		{"/%2e%2E/%2e%2e/etc/passwd", 400},
		{"/.%2e/secret.txt", 400},
		{"/%2e/index.html", 400},
		{"/..%2fsecret.txt", 400},
		{"/..%2Fsecret.txt", 400},
		{"/%2e%2e%2fsecret.txt", 400},
		{"/roles%2fpm/", 400},
		{"/%2fetc/passwd", 400},
		{`/..\secret.txt`, 400},
		{`/\..\secret.txt`, 400},
		{`/roles\pm\index.html`, 400},
		{"/..%5csecret.txt", 400},
		{"/..%5Csecret.txt", 400},
		{"/%5c%2e%2e%5csecret.txt", 400},
		{"/index.html%00", 400},
		{"/index.html%00.png", 400},
		{"/%00/../secret.txt", 400},
		{"/%252e%252e/secret.txt", 400},
		{"/%252e%252e%252fsecret.txt", 400},
		{"/%25%32%65%25%32%65/secret.txt", 400},
		{"/%c0%ae%c0%ae/secret.txt", 404}, // overlong UTF-8 dots: no such file
		{"//secret.txt", 400},
		{"//etc/passwd", 400},
		{"/roles//pm/", 400},
		{"/%0d%0aSet-Cookie:x", 400},
		{"../secret.txt", 400}, // not even a path; net/http rejects it
		{"secret.txt", 400},
		// Dotfiles and dot-folders exist in the snapshot but are never served.
		{"/.git/config", 404},
		{"/.env", 404},
		{"/%2egit/config", 404},
		{"/%2Eenv", 404},
		{"/roles/.draft.html", 404},
		{"/.drafts/", 404},
		{"/.drafts", 404},
		{"/.drafts/index.html", 404},
	} {
		t.Run(tt.target, func(t *testing.T) {
			r := raw(t, ts, "GET", tt.target, host)
			if r.status != tt.status {
				t.Errorf("status %d, want %d; body: %q", r.status, tt.status, r.body)
			}
			for _, leak := range []string{secret, "DOTFILE-SECRET", "root:x:0"} {
				if strings.Contains(r.body, leak) {
					t.Errorf("body contains %q:\n%s", leak, r.body)
				}
			}
			if r.header.Get("Location") != "" {
				t.Errorf("redirects to %q", r.header.Get("Location"))
			}
		})
	}
}

func TestRequestPath(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		escaped, decoded string
		ok               bool
	}{
		{"/", "/", true},
		{"/a/b/", "/a/b/", true},
		{"/a%20b.html", "/a b.html", true},
		{"/caf%C3%A9/", "/café/", true},
		{"/a..b/", "/a..b/", true},
		{"/...", "/...", true}, // a dotfile, refused later by hidden
		{"", "", false},
		{"a/b", "a/b", false},
		{"/a//b", "/a//b", false},
		{"/a/../b", "/a/../b", false},
		{"/a/%2e%2e/b", "/a/../b", false},
		{"/a/.", "/a/.", false},
		{"/a%2Fb", "/a/b", false},
		{"/a%5Cb", `/a\b`, false},
		{`/a\b`, `/a\b`, false},
		{"/a%00", "/a\x00", false},
		{"/a%7F", "/a\x7f", false},
		{"/a%09b", "/a\tb", false},
		{"/%252e", "/%2e", false},
	} {
		_, ok := requestPath(tt.escaped, tt.decoded)
		if ok != tt.ok {
			t.Errorf("requestPath(%q, %q) ok = %v, want %v", tt.escaped, tt.decoded, ok, tt.ok)
		}
	}
}

func TestHiddenPaths(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{
		"/.git/config": true,
		".env":         true,
		"a/.b/c":       true,
		"a/b.c/d":      false,
		"":             false,
		"a/b/":         false,
	} {
		if got := hidden(p); got != want {
			t.Errorf("hidden(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestMethodsOtherThanGetAndHead(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	host := ts.Listener.Addr().String()
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "MKCOL"} {
		for _, p := range []string{"/", "/index.html", "/_handbook/events", "/_handbook/reload.js", "/nope"} {
			r := raw(t, ts, m, p, host)
			if r.status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", m, p, r.status)
			}
			if got := r.header.Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s %s: Allow %q, want \"GET, HEAD\"", m, p, got)
			}
			if strings.Contains(r.body, "<h1>") {
				t.Errorf("%s %s: served a page: %q", m, p, r.body)
			}
		}
	}
	for _, m := range []string{"GET", "HEAD"} {
		if r := raw(t, ts, m, "/", host); r.status != 200 {
			t.Errorf("%s /: status %d, want 200", m, r.status)
		}
	}
}

func TestLongURL(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	host := ts.Listener.Addr().String()
	long := "/" + strings.Repeat("a", 8<<10) // 8 KiB + 1
	if r := raw(t, ts, "GET", long, host); r.status != http.StatusRequestURITooLong {
		t.Errorf("8 KiB + 1 path: status %d, want 414", r.status)
	}
	if r := raw(t, ts, "GET", "/?q="+strings.Repeat("a", 8<<10), host); r.status != http.StatusRequestURITooLong {
		t.Errorf("8 KiB + 4 query: status %d, want 414", r.status)
	}
	if r := raw(t, ts, "GET", long[:8<<10], host); r.status != http.StatusNotFound {
		t.Errorf("8 KiB path: status %d, want 404", r.status)
	}
}

func TestHostHeader(t *testing.T) {
	t.Parallel()
	s, ts := start(t, Options{AllowedHosts: []string{"handbook.test", "192.168.1.20:1313", "[fd00::1]", "Office.Example."}})
	s.Update(testSite(), "/")
	for host, want := range map[string]int{
		"localhost":                  200,
		"localhost:1313":             200,
		"LOCALHOST:1313":             200,
		"localhost.:1313":            200,
		"127.0.0.1":                  200,
		"127.0.0.1:9":                200,
		"[::1]":                      200,
		"[::1]:1313":                 200,
		"handbook.test":              200,
		"handbook.test:8080":         200,
		"192.168.1.20:1313":          200,
		"192.168.1.20:9999":          200,
		"[fd00::1]:1313":             200,
		"office.example":             200,
		"evil.example":               403,
		"evil.example:1313":          403,
		"localhost.evil.example":     403,
		"127.0.0.1.nip.io":           403,
		"127.0.0.2":                  403,
		"0.0.0.0:1313":               403,
		"[::2]:1313":                 403,
		"sub.handbook.test":          403,
		"192.168.1.21:1313":          403,
		"attacker.example@localhost": 400, // refused by net/http itself
	} {
		r := raw(t, ts, "GET", "/", host)
		if r.status != want {
			t.Errorf("Host %q: status %d, want %d", host, r.status, want)
		}
		if want == 403 && strings.Contains(r.body, "<h1>Home</h1>") {
			t.Errorf("Host %q: page served", host)
		}
	}
	// HTTP/1.0 without a Host header.
	if r := raw(t, ts, "GET", "/", ""); r.status != 403 {
		t.Errorf("no Host: status %d, want 403", r.status)
	}
	// The event stream and the script are guarded too.
	for _, p := range []string{"/_handbook/events", "/_handbook/reload.js"} {
		if r := raw(t, ts, "GET", p, "evil.example"); r.status != 403 {
			t.Errorf("GET %s with Host evil.example: status %d, want 403", p, r.status)
		}
	}
}

func TestEventsOrigin(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	port := ts.Listener.Addr().(*net.TCPAddr).Port
	for origin, want := range map[string]int{
		fmt.Sprintf("http://127.0.0.1:%d", port):    200,
		fmt.Sprintf("http://127.0.0.1:%d", port+1):  403,
		fmt.Sprintf("https://127.0.0.1:%d", port):   403,
		fmt.Sprintf("http://localhost:%d", port):    403, // another origin than the Host sent
		"http://evil.example":                       403,
		fmt.Sprintf("http://evil.example:%d", port): 403,
		"null":      403,
		"file://":   403,
		"not a url": 403,
	} {
		req, _ := http.NewRequest(http.MethodHead, ts.URL+"/_handbook/events", nil)
		req.Header.Set("Origin", origin)
		r := do(t, req)
		if r.status != want {
			t.Errorf("Origin %q: status %d, want %d", origin, r.status, want)
		}
	}
	// No Origin at all is fine: same-origin EventSource requests may omit it.
	req, _ := http.NewRequest(http.MethodHead, ts.URL+"/_handbook/events", nil)
	if r := do(t, req); r.status != 200 || r.header.Get("Content-Type") != "text/event-stream" {
		t.Errorf("no Origin: %d %q", r.status, r.header.Get("Content-Type"))
	}
	// Pages do not check Origin: reading them cross-origin is blocked by the
	// browser anyway, and links from elsewhere must work.
	req, _ = http.NewRequest(http.MethodGet, ts.URL+"/", nil)
	req.Header.Set("Origin", "http://evil.example")
	if r := do(t, req); r.status != 200 {
		t.Errorf("page with foreign Origin: %d", r.status)
	}
}

func TestSameOriginDefaultPorts(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		host, origin string
		want         bool
	}{
		{"localhost", "http://localhost", true},
		{"localhost:80", "http://localhost", true},
		{"localhost", "http://localhost:80", true},
		{"LocalHost:1313", "http://localhost:1313", true},
		{"[::1]:1313", "http://[::1]:1313", true},
		{"localhost:1313", "http://localhost", false},
		{"localhost", "https://localhost", false},
	} {
		r, _ := http.NewRequest(http.MethodGet, "http://x/", nil)
		r.Host = tt.host
		r.Header.Set("Origin", tt.origin)
		if got := sameOrigin(r); got != tt.want {
			t.Errorf("Host %q, Origin %q: sameOrigin = %v, want %v", tt.host, tt.origin, got, tt.want)
		}
	}
}
