// Package serve is the HTTP side of `handbook serve`, the live preview for
// writers.
//
// It serves the most recent successfully built site from memory, tells open
// browser tabs to reload over Server-Sent Events, and overlays build errors
// on every page while the latest rebuild is failing. It does not build,
// watch or write files: the caller hands it snapshots with [Server.Update]
// and reports failed rebuilds with [Server.Fail].
//
// # URLs
//
// The site lives under a base path ("/" or, when base_url has a sub-path,
// something like "/handbook/"). "/x/" serves "x/index.html", "/x" redirects
// to "/x/" when that index exists, and a file path serves the file. Anything
// else, and anything outside the base path, is a 404; there are no directory
// listings. Dotfiles and dot-folders are never served.
//
// The server's own files live under "/_handbook/", both at the root and
// under the base path:
//
//	/_handbook/events     the Server-Sent Events stream
//	/_handbook/reload.js  the script injected into every HTML page served
//
// # Events
//
// A stream starts with "hello", whose data is the build id of the site being
// served; ids change with every Update and differ between runs, so a tab
// that reconnects to a restarted server sees a new id and reloads. Then:
//
//	change  {"build": id, "pages": [...], "css": [...], "other": bool, "reload": bool}
//	errors  ["file:line:col: message", ...]
//
// "pages" and "css" are the URL paths of the HTML pages and stylesheets that
// were added, changed or removed; "reload" is set when every tab should
// reload (the first build, a changed base path, the first build after a
// failure). A comment is sent every 15 seconds so that idle connections
// stay open through proxies and are noticed when the browser has gone.
//
// # Safety
//
// The server is meant for 127.0.0.1, but a page on any website can still
// make the browser send it requests. So it only answers requests whose Host
// is localhost, 127.0.0.1, [::1] or one of [Options.AllowedHosts] (against
// DNS rebinding), checks Origin on the event stream, accepts only GET and
// HEAD, and rejects request paths that are not in canonical form (dot
// segments, encoded slashes or backslashes, NUL, double encoding) instead of
// guessing what they mean.
package serve

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"path"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Server.
type Options struct {
	// Logf, if not nil, receives one line about each notable event, such as a
	// request rejected for its Host header or a slow live-reload client.
	Logf func(format string, args ...any)

	// AllowedHosts are host names accepted in the Host header besides
	// localhost, 127.0.0.1 and [::1], for serving on another interface.
	// A port, if given, is ignored: any port is accepted.
	AllowedHosts []string
}

// Server serves the latest good build of a site from memory and notifies
// browser tabs of new builds and failures. Its methods may be called from
// any goroutine, also while requests are being served.
type Server struct {
	logf      func(format string, args ...any)
	hosts     map[string]bool
	runID     string        // differs between runs, so reconnecting tabs notice a restart
	keepalive time.Duration // interval between keepalive comments; tests shorten it

	// cur is read without locking by every request. It is only replaced,
	// never modified, and only with mu held, so that event streams see
	// states and events in the same order.
	cur atomic.Pointer[state]

	mu      sync.Mutex
	seq     int // number of Updates so far
	clients map[*client]struct{}
	closed  bool
	done    chan struct{} // closed by Close
}

// state is one immutable view of what is served.
type state struct {
	files  map[string][]byte // nil until the first Update
	base   string            // "/" or "/sub/path/"
	build  string
	failed bool
	diags  []string // while failed
}

// maxDiags is how many diagnostics the overlay lists before "and N more".
const maxDiags = 50

// New returns a Server with nothing built yet: until the first Update, every
// page is a short "not built yet" page that reloads when the build arrives.
func New(opts Options) *Server {
	s := &Server{
		logf:      opts.Logf,
		hosts:     map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true},
		runID:     newRunID(),
		keepalive: 15 * time.Second,
		clients:   make(map[*client]struct{}),
		done:      make(chan struct{}),
	}
	if s.logf == nil {
		s.logf = func(string, ...any) {}
	}
	for _, h := range opts.AllowedHosts {
		if h = hostName(h); h != "" {
			s.hosts[h] = true
		}
	}
	s.cur.Store(&state{base: "/", build: s.buildID()})
	return s
}

// Handler returns the HTTP handler serving the site, the live-reload script
// and the event stream. Serve it with [NewHTTPServer].
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

// Update installs a new successfully built site and clears any error
// overlay.
//
// files maps slash paths relative to the site root ("index.html",
// "roles/pm/index.html", "style.css", "404.html") to their contents. The map
// is copied, but the byte slices are not: the caller must not modify them
// afterwards. The server never modifies them either; the live-reload script
// is added to a copy of each HTML page as it is served.
//
// basePath is the URL path the site lives under, "/" normally or
// "/handbook/" when base_url has a sub-path; "" means "/".
//
// Open tabs get a change event listing the pages and stylesheets that differ
// from the previous Update.
func (s *Server) Update(files map[string][]byte, basePath string) {
	files = maps.Clone(files)
	if files == nil {
		files = map[string][]byte{}
	}
	base := cleanBase(basePath)

	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.cur.Load()
	s.seq++
	next := &state{files: files, base: base, build: s.buildID()}
	ch := diff(prev, next)
	s.cur.Store(next)
	s.broadcast(changeEvent(ch))
}

// Patch is Update for a rebuild that knows what it made: the site of the
// last Update or Patch with the files in changed added or replaced and
// the ones in removed deleted. Only those files are compared for the
// change event, so its cost does not grow with the site. The same rules
// as Update's hold for the byte slices.
func (s *Server) Patch(changed map[string][]byte, removed []string, basePath string) {
	base := cleanBase(basePath)
	s.mu.Lock()
	defer s.mu.Unlock()
	prev := s.cur.Load()
	files := maps.Clone(prev.files)
	if files == nil {
		files = map[string][]byte{}
	}
	names := make([]string, 0, len(changed)+len(removed))
	for p, b := range changed {
		files[p] = b
		names = append(names, p)
	}
	for _, p := range removed {
		delete(files, p)
		names = append(names, p)
	}
	s.seq++
	next := &state{files: files, base: base, build: s.buildID()}
	var ch change
	if prev.base != base {
		ch = diff(prev, next)
	} else {
		ch = diffNames(prev, next, names)
	}
	s.cur.Store(next)
	s.broadcast(changeEvent(ch))
}

// Fail records that the latest rebuild failed. The last good site is still
// served, with an overlay listing diags (each formatted
// "file:line:col: message") on every HTML page, and open tabs are told to
// show the overlay at once. A later Update removes it. Only the first 50
// diagnostics are listed, then "and N more".
func (s *Server) Fail(diags []string) {
	list := make([]string, 0, min(len(diags), maxDiags+1))
	list = append(list, diags[:min(len(diags), maxDiags)]...)
	if n := len(diags) - maxDiags; n > 0 {
		list = append(list, fmt.Sprintf("and %d more", n))
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	next := *s.cur.Load()
	next.failed = true
	next.diags = list
	s.cur.Store(&next)
	s.broadcast(errorsEvent(list))
}

// Close ends all event streams, so that http.Server.Shutdown can finish,
// and makes later ones end right after they start; browsers then keep
// retrying until a new server answers. Pages are still served. Close may be
// called more than once, for example from http.Server.RegisterOnShutdown.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	close(s.done)
	clear(s.clients)
}

// buildID returns the id of build number s.seq. The caller holds s.mu, or
// is New.
func (s *Server) buildID() string {
	return fmt.Sprintf("%s-%d", s.runID, s.seq)
}

func newRunID() string {
	var b [6]byte
	rand.Read(b[:]) // never fails, see crypto/rand.Read
	return hex.EncodeToString(b[:])
}

// cleanBase returns basePath with a leading and a trailing slash.
func cleanBase(basePath string) string {
	b := path.Clean("/" + basePath)
	if b != "/" {
		b += "/"
	}
	return b
}
