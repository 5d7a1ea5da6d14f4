package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/devrel-handbook/handbook/generator"
	"github.com/devrel-handbook/handbook/generator/serve"
)

type serveFlags struct {
	*siteFlags
	addr string
}

func init() {
	register(&command{
		order: 30, name: "serve", usage: "[flags]", summary: "preview the site, rebuilding and reloading as you edit",
		long: `Serve builds the site into memory and serves it at http://127.0.0.1:1313/.
It watches the content folder (and --templates) and rebuilds on every save;
open pages reload by themselves, and a stylesheet change swaps the styles
without a reload. When the content has errors, the last good site stays up
and every open page shows the errors until they are fixed. Serve never
writes to the output folder. Stop it with Ctrl-C.

Each rebuild prints one line: the files that changed, how many pages were
rendered again, how many files changed and the time it took. Saving the
text of a page or a field of a card renders only what shows it (a few
milliseconds even for a large handbook); a new, removed or renamed file, a
title, weight or heading, site.yaml or a template rebuilds the site, reusing
every page that did not change.

It listens on the loopback address only, unless --addr says otherwise.`,
		flags: func(fs *flag.FlagSet) any {
			f := &serveFlags{siteFlags: addSiteFlags(fs, false)}
			fs.StringVar(&f.addr, "addr", "127.0.0.1:1313", "the `host:port` to listen on")
			return f
		},
		run: (*cli).serve,
	})
	register(&command{
		order: 40, name: "watch", usage: "[flags]", summary: "rebuild the output folder on every change",
		long: `Watch builds the site into the output folder, then rebuilds it on every
change to the content folder (and --templates), for people who serve the
folder with their own web server. Like build, a failed rebuild leaves the
output folder as it was, and only files whose bytes changed are written.
Rebuilds are as quick as serve's (see handbook help serve). Stop it with
Ctrl-C.`,
		flags: func(fs *flag.FlagSet) any { return addSiteFlags(fs, true) },
		run:   (*cli).watch,
	})
}

// signalContext is cancelled by Ctrl-C or SIGTERM.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func (c *cli) report(quiet bool) func(generator.Rebuild) {
	return func(rb generator.Rebuild) {
		switch {
		case rb.Err != nil:
			fmt.Fprintf(c.stderr, "handbook: %v\n", rb.Err)
		case rb.Result.Failed():
			c.printDiags(rb.Result.Diags)
			fmt.Fprintf(c.stderr, "rebuild failed: %s; still serving the last good site\n", summary(rb.Result))
		default:
			if quiet {
				return
			}
			what := "built"
			if rb.Changed != nil {
				what = "rebuilt (" + changedList(rb.Changed) + ")"
			}
			how := ""
			if rb.Changed != nil {
				how = fmt.Sprintf(", %d re-rendered", rb.Result.Rendered)
			}
			fmt.Fprintf(c.stderr, "%s in %s: %s%s, %d files changed\n", what, millis(rb.Result.Duration), summary(rb.Result), how, rb.Output)
		}
	}
}

// millis writes a duration in milliseconds, with a tenth under 10 ms.
func millis(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func changedList(paths []string) string {
	if len(paths) > 3 {
		return strings.Join(paths[:3], ", ") + fmt.Sprintf(" and %d more", len(paths)-3)
	}
	return strings.Join(paths, ", ")
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (c *cli) serve(o any, args []string) int {
	f := o.(*serveFlags)
	if !noArgs(c, "serve", args) {
		return exitUsage
	}
	host, _, err := net.SplitHostPort(f.addr)
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook serve: --addr %q: %v; write host:port, like 127.0.0.1:1313\n", f.addr, err)
		return exitUsage
	}
	opts := serve.Options{Logf: func(format string, a ...any) { fmt.Fprintf(c.stderr, format+"\n", a...) }}
	if !isLoopback(host) {
		fmt.Fprintf(c.stderr, "warning: serving on %s: other machines on the network can read the handbook\n", f.addr)
		if host != "" {
			opts.AllowedHosts = append(opts.AllowedHosts, host)
		}
		if h, err := os.Hostname(); err == nil {
			opts.AllowedHosts = append(opts.AllowedHosts, h)
		}
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		fmt.Fprintf(c.stderr, "handbook serve: %v\n", err)
		return exitContent
	}
	srv := serve.New(opts)
	hs := serve.NewHTTPServer(f.addr, srv.Handler())
	hs.RegisterOnShutdown(srv.Close)

	ctx, cancel := signalContext()
	defer cancel()
	lv := &generator.Live{Options: f.options(), Server: srv, Report: c.report(f.quiet)}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	fmt.Fprintf(c.stderr, "serving on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	runErr := lv.Run(ctx)
	cancel()
	srv.Close()
	shutdownCtx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	hs.Shutdown(shutdownCtx)
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(c.stderr, "handbook serve: %v\n", err)
		return exitContent
	}
	if runErr != nil {
		fmt.Fprintf(c.stderr, "handbook serve: %v\n", runErr)
		return exitContent
	}
	return exitOK
}

func (c *cli) watch(o any, args []string) int {
	f := o.(*siteFlags)
	if !noArgs(c, "watch", args) {
		return exitUsage
	}
	ctx, cancel := signalContext()
	defer cancel()
	lv := &generator.Live{Options: f.options(), Report: c.report(f.quiet)}
	fmt.Fprintf(c.stderr, "watching %s, building into %s (Ctrl-C to stop)\n", f.content, f.out)
	if err := lv.Run(ctx); err != nil {
		fmt.Fprintf(c.stderr, "handbook watch: %v\n", err)
		return exitContent
	}
	return exitOK
}
