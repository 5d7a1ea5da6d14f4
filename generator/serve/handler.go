package serve

import (
	"html"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// The server's own files, relative to the root and to the base path.
const (
	eventsRel = "_handbook/events"
	scriptRel = "_handbook/reload.js"
)

// maxURLBytes is the longest request target accepted. Real handbook URLs are
// far shorter; http.Server's MaxHeaderBytes only caps it at 64 KiB.
const maxURLBytes = 8 << 10

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	// Every response may change with the next build; a reload must not show
	// an old copy.
	h.Set("Cache-Control", "no-store")

	if len(requestTarget(r)) > maxURLBytes {
		plain(w, r, http.StatusRequestURITooLong, "request URL too long")
		return
	}
	if !s.hosts[hostName(r.Host)] {
		s.logf("serve: rejected request for host %q; add it to the allowed hosts to preview under that name", r.Host)
		plain(w, r, http.StatusForbidden, "host not allowed; open the preview at localhost or 127.0.0.1")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		plain(w, r, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	p, ok := requestPath(r.URL.EscapedPath(), r.URL.Path)
	if !ok {
		plain(w, r, http.StatusBadRequest, "bad request path")
		return
	}

	st := s.cur.Load()
	switch p {
	case "/" + eventsRel, st.base + eventsRel:
		s.serveEvents(w, r)
		return
	case "/" + scriptRel, st.base + scriptRel:
		serveBytes(w, r, http.StatusOK, contentType(scriptRel), []byte(reloadJS))
		return
	}
	s.serveSite(w, r, st, p)
}

// serveSite serves the file of the site at the clean request path p.
func (s *Server) serveSite(w http.ResponseWriter, r *http.Request, st *state, p string) {
	if st.files == nil {
		body := inject([]byte(notBuiltPage), st, "")
		serveBytes(w, r, http.StatusServiceUnavailable, contentType(".html"), body)
		return
	}
	rel, ok := strings.CutPrefix(p, st.base)
	if !ok {
		if p+"/" == st.base && st.files["index.html"] != nil {
			redirect(w, r, st.base)
			return
		}
		body := inject([]byte(outsideBasePage(st.base)), st, "")
		serveBytes(w, r, http.StatusNotFound, contentType(".html"), body)
		return
	}
	if hidden(rel) {
		s.notFound(w, r, st)
		return
	}
	name := rel
	if rel == "" || strings.HasSuffix(rel, "/") {
		name = rel + "index.html"
	}
	b, ok := st.files[name]
	if !ok {
		if _, ok := st.files[rel+"/index.html"]; ok && name == rel {
			redirect(w, r, p+"/")
			return
		}
		s.notFound(w, r, st)
		return
	}
	if isHTML(name) {
		b = inject(b, st, "")
	}
	serveBytes(w, r, http.StatusOK, contentType(name), b)
}

// notFound serves the site's 404.html, or a short page if it has none.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state) {
	body, ok := st.files["404.html"]
	if ok {
		body = inject(body, st, st.base+"404.html")
	} else {
		body = inject([]byte(notFoundPage), st, "")
	}
	serveBytes(w, r, http.StatusNotFound, contentType(".html"), body)
}

const (
	notBuiltPage = "<!doctype html>\n<meta charset=utf-8>\n<title>handbook</title>\n" +
		"<body><p>The site has not been built yet. This page reloads when it is.</p></body>\n"
	notFoundPage = "<!doctype html>\n<meta charset=utf-8>\n<title>Not found</title>\n" +
		"<body><h1>Not found</h1><p>The site has no page at this address.</p></body>\n"
)

func outsideBasePage(base string) string {
	href := html.EscapeString((&url.URL{Path: base}).EscapedPath())
	return "<!doctype html>\n<meta charset=utf-8>\n<title>Not found</title>\n" +
		"<body><h1>Not found</h1><p>The site is served under <a href=\"" + href + "\">" +
		html.EscapeString(base) + "</a>.</p></body>\n"
}

// redirect sends a permanent redirect to the clean path p, keeping the query.
func redirect(w http.ResponseWriter, r *http.Request, p string) {
	loc := (&url.URL{Path: p}).EscapedPath()
	if r.URL.RawQuery != "" {
		loc += "?" + r.URL.RawQuery
	}
	w.Header().Set("Location", loc)
	plain(w, r, http.StatusMovedPermanently, "moved to "+loc)
}

func serveBytes(w http.ResponseWriter, r *http.Request, status int, ctype string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// plain serves a one-line text response, for errors that are not pages.
func plain(w http.ResponseWriter, r *http.Request, status int, msg string) {
	serveBytes(w, r, status, "text/plain; charset=utf-8", []byte(msg+"\n"))
}

// requestTarget returns the request target as sent, for its length.
func requestTarget(r *http.Request) string {
	if r.RequestURI != "" {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}

// hostName returns the lower-case host name of a Host header or address,
// without port, brackets or a final dot: "[::1]:8080" becomes "::1".
func hostName(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	h = strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
	h = strings.TrimSuffix(h, ".")
	return strings.ToLower(h)
}

// sameOrigin reports whether the request has no Origin header or one naming
// the host it was sent to, so that other websites cannot listen in.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return u.Scheme == scheme && hostPort(u.Host, u.Scheme) == hostPort(r.Host, scheme)
}

// hostPort returns hostport as "name:port" with the scheme's default port
// filled in, for comparing an Origin with a Host.
func hostPort(hostport, scheme string) string {
	port := "80"
	if scheme == "https" {
		port = "443"
	}
	if _, p, err := net.SplitHostPort(hostport); err == nil && p != "" {
		port = p
	}
	return net.JoinHostPort(hostName(hostport), port)
}
