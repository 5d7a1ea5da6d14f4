package serve

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startReal serves the test site through NewHTTPServer on a real listener,
// with its timeouts shortened so that slow clients are cut off within the
// test: the production values are checked by TestNewHTTPServerLimits.
func startReal(t *testing.T) (addr string) {
	t.Helper()
	s := New(Options{})
	s.Update(testSite(), "/")
	srv := NewHTTPServer("127.0.0.1:0", s.Handler())
	srv.ReadHeaderTimeout = 300 * time.Millisecond
	srv.IdleTimeout = 300 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { s.Close(); srv.Close() })
	return ln.Addr().String()
}

// getOK checks that the server still answers a plain request at once.
func getOK(t *testing.T, addr string) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("server stopped answering: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
}

// closedWithin reads from conn until the server closes it, and fails if
// that takes longer than d.
func closedWithin(t *testing.T, conn net.Conn, d time.Duration) {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("connection still open after %v", d)
	}
}

// TestSlowHeadersAreCutOff sends a request's headers a byte at a time,
// slower than ReadHeaderTimeout allows: the server closes the connection,
// and serves others meanwhile. Issue #7.
func TestSlowHeadersAreCutOff(t *testing.T) {
	t.Parallel()
	addr := startReal(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + strings.Repeat("a", 100) + "\r\n\r\n"
	cut := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		for i := 0; i < len(req); i++ {
			if _, err := conn.Write([]byte{req[i]}); err != nil {
				cut <- time.Since(start)
				return
			}
			time.Sleep(50 * time.Millisecond) // the client is slow; the test waits on the server
		}
		cut <- -1
	}()
	closedWithin(t, conn, 5*time.Second)
	getOK(t, addr)
	conn.Close()
	if d := <-cut; d == -1 {
		t.Error("the whole slow request was accepted")
	}
}

// TestIdleConnectionsAreClosed: a keep-alive connection that sends nothing
// after its request is closed after IdleTimeout.
func TestIdleConnectionsAreClosed(t *testing.T) {
	t.Parallel()
	addr := startReal(t)
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("first request: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	closedWithin(t, conn, 5*time.Second)
}

// TestManySlowClientsDoNotStopTheServer opens many connections that send
// half a request and stop (slowloris), then checks the server still
// answers at once.
func TestManySlowClientsDoNotStopTheServer(t *testing.T) {
	t.Parallel()
	addr := startReal(t)
	var conns []net.Conn
	for i := 0; i < 100; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, "GET / HTTP/1.1\r\nHost: local")
		conns = append(conns, c)
	}
	getOK(t, addr)
	for _, c := range conns {
		c.Close()
	}
}

// TestAttacksAreAnsweredAndTheServerKeepsServing sends a barrage of
// hostile requests over one server, then a normal one.
func TestAttacksAreAnsweredAndTheServerKeepsServing(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	host := ts.Listener.Addr().String()
	for _, tt := range []struct {
		method, target, host string
		status               int
	}{
		{"GET", "/roles/", host, 404},      // a folder without an index: no listing
		{"GET", "/img/", host, 404},        // a folder of files: no listing
		{"GET", "/.git/", host, 404},       // a dot-folder
		{"GET", "/.git/HEAD", host, 404},   // not in the site either
		{"GET", "/.git/config", host, 404}, // in the site's files, never served
		{"GET", "/%2e%2e/%2e%2e/etc/passwd", host, 400},
		{"GET", "/..%c0%af../etc/passwd", host, 404}, // overlong UTF-8 slash: just a name
		{"GET", "/" + strings.Repeat("../", 3000) + "etc/passwd", host, 414},
		{"GET", "/", "evil.example", 403},
		{"GET", "/", "127.0.0.1.evil.example:80", 403},
		{"DELETE", "/index.html", host, 405},
		{"CONNECT", "evil.example:443", host, 403}, // the Host is the target: refused
		{"GET", "/" + strings.Repeat("a", 10<<10), host, 414},
	} {
		r := raw(t, ts, tt.method, tt.target, tt.host)
		if r.status != tt.status {
			t.Errorf("%s %.60q (Host %s): %d, want %d", tt.method, tt.target, tt.host, r.status, tt.status)
		}
		if strings.Contains(r.body, "DOTFILE-SECRET") || strings.Contains(r.body, "root:x:0") {
			t.Errorf("%s %.60q leaks: %q", tt.method, tt.target, r.body)
		}
	}
	// Headers larger than MaxHeaderBytes (64 KiB) are refused by net/http.
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: "+strings.Repeat("a", 2<<20)+"\r\n\r\n")
	conn.Close()
	if r := get(t, ts, "/"); r.status != 200 || !strings.Contains(r.body, "<h1>Home</h1>") {
		t.Errorf("after the attacks: %d %q", r.status, r.body)
	}
}

// TestLiveReloadFromAForeignOriginIsRefusedOverGET checks the event stream
// itself (not only HEAD): a page on another site cannot listen to it.
func TestLiveReloadFromAForeignOriginIsRefusedOverGET(t *testing.T) {
	t.Parallel()
	_, ts := startSite(t, "/")
	req, _ := http.NewRequest(http.MethodGet, ts.URL+"/_handbook/events", nil)
	req.Header.Set("Origin", "http://evil.example")
	c := &http.Client{Timeout: 5 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 403 || strings.Contains(string(b), "event:") {
		t.Errorf("foreign Origin: %d %q", resp.StatusCode, b)
	}
}
