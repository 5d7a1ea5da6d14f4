package serve

import (
	"net/http"
	"time"
)

// NewHTTPServer returns an http.Server for h with limits suited to a preview
// server that a hostile web page could make the browser talk to.
//
// It sets no WriteTimeout on purpose. WriteTimeout bounds the whole
// response, and a live-reload event stream lasts as long as its tab is open,
// so any value would cut every stream and make tabs reconnect over and over.
// The event stream instead sets a deadline on each write, which drops a
// client that stopped reading, and lifts the read deadline set by
// ReadTimeout, which would otherwise cancel its request after 30 seconds.
//
// Call Server.Close before or from Shutdown (srv.RegisterOnShutdown(s.Close)),
// or Shutdown waits for the open streams, that is for the writer to close
// the tabs.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}
