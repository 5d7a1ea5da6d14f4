package serve

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// client is one open event stream. Events are queued on ch, formatted; if ch
// is full the client is too slow, and broadcast closes ch, which ends the
// stream. The browser then reconnects and, seeing a new build id, reloads.
type client struct {
	ch chan []byte
}

const (
	// clientBuffer is how many events may wait for a client. A tab needs
	// only the latest, so a client this far behind has gone away.
	clientBuffer = 16

	// eventWriteTimeout bounds each write to an event stream, so that a
	// client that stopped reading does not hold its goroutine forever.
	eventWriteTimeout = 10 * time.Second
)

var keepaliveEvent = []byte(": keepalive\n\n")

// serveEvents streams events to one tab until it goes away, falls behind or
// the server is closed.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		s.logf("serve: rejected event stream for origin %q; only pages of this server may listen", r.Header.Get("Origin"))
		plain(w, r, http.StatusForbidden, "cross-origin event streams are not allowed")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	c, ok := s.subscribe()
	if !ok {
		// An empty stream rather than an error status: EventSource gives up
		// on errors but retries after an ended stream, so the tab finds the
		// next server when `handbook serve` is restarted.
		w.WriteHeader(http.StatusOK)
		return
	}
	defer s.unsubscribe(c)

	rc := http.NewResponseController(w)
	// The server's ReadTimeout would cancel the request once it passes; a
	// stream is meant to last. Errors mean the writer does not support
	// deadlines, which is fine.
	_ = rc.SetReadDeadline(time.Time{})
	defer rc.SetWriteDeadline(time.Time{})
	w.WriteHeader(http.StatusOK)
	if rc.Flush() != nil {
		return
	}

	tick := time.NewTicker(s.keepalive)
	defer tick.Stop()
	for {
		var msg []byte
		select {
		case m, ok := <-c.ch:
			if !ok {
				return
			}
			msg = m
		case <-tick.C:
			msg = keepaliveEvent
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		}
		_ = rc.SetWriteDeadline(time.Now().Add(eventWriteTimeout))
		if _, err := w.Write(msg); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// subscribe adds a client whose queue starts with hello and, while the build
// is failing, the errors. It returns false once the server is closed.
func (s *Server) subscribe() (*client, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, false
	}
	c := &client{ch: make(chan []byte, clientBuffer)}
	st := s.cur.Load()
	c.ch <- helloEvent(st.build)
	if st.failed {
		c.ch <- errorsEvent(st.diags)
	}
	s.clients[c] = struct{}{}
	return c, true
}

func (s *Server) unsubscribe(c *client) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, c)
}

// broadcast queues msg for every client without waiting, dropping clients
// whose queue is full. The caller holds s.mu.
func (s *Server) broadcast(msg []byte) {
	for c := range s.clients {
		select {
		case c.ch <- msg:
		default:
			close(c.ch)
			delete(s.clients, c)
			s.logf("serve: dropped a live-reload client that stopped reading; its tab reloads when it reconnects")
		}
	}
}

// helloEvent tells a new stream which build is being served. The retry
// field makes browsers reconnect after a second instead of the default
// three, so tabs catch up quickly after a restart.
func helloEvent(build string) []byte {
	return append([]byte("retry: 1000\n"), event("hello", build)...)
}

func changeEvent(ch change) []byte {
	return event("change", mustJSON(ch))
}

func errorsEvent(diags []string) []byte {
	if diags == nil {
		diags = []string{}
	}
	return event("errors", mustJSON(diags))
}

// event formats one Server-Sent Event; data may span lines.
func event(name, data string) []byte {
	var b strings.Builder
	b.WriteString("event: ")
	b.WriteString(name)
	b.WriteByte('\n')
	for line := range strings.SplitSeq(data, "\n") {
		b.WriteString("data: ")
		b.WriteString(strings.TrimSuffix(line, "\r"))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	return []byte(b.String())
}

// mustJSON encodes v, which is always one of our plain structs or slices.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("serve: " + err.Error())
	}
	return string(b)
}
