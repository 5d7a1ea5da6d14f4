package serve

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzRequestPath sends any request path through the whole handler, with
// dotfiles in the site: nothing hidden is served, and a path the server
// accepts is clean. Issue #7.
func FuzzRequestPath(f *testing.F) {
	for _, s := range []string{"/", "/roles/pm/", "/../secret", "/%2e%2e/x", "/.git/config", "/%2egit/config", "//x", "/a%2fb",
		"/a%5cb", "/a%00", "/%252e%252e/", "/roles/.draft.html", "/.drafts/", "/caf%C3%A9/", "/_handbook/events", "/roles%2f..%2f.env"} {
		f.Add(s)
	}
	s := New(Options{})
	s.Update(testSite(), "/")
	h := s.Handler()
	f.Fuzz(func(t *testing.T, target string) {
		u, err := url.ParseRequestURI(target)
		if err != nil || u.Host != "" || u.Path == "/_handbook/events" {
			return // net/http refuses it before any handler; the event stream never ends
		}
		if p, ok := requestPath(u.EscapedPath(), u.Path); ok {
			if !strings.HasPrefix(p, "/") || strings.Contains(p, "//") || strings.Contains(p, "/./") || strings.Contains(p, "/../") ||
				strings.HasSuffix(p, "/..") || strings.HasSuffix(p, "/.") || strings.ContainsAny(p, "\\\x00") {
				t.Fatalf("requestPath(%q) accepted %q", target, p)
			}
		}
		// Built by hand: httptest.NewRequest would parse target again as
		// part of a request line.
		req := &http.Request{Method: http.MethodGet, URL: u, Host: "localhost", RequestURI: target,
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if strings.Contains(w.Body.String(), "DOTFILE-SECRET") {
			t.Fatalf("GET %q served a dotfile: %d", target, w.Code)
		}
	})
}
