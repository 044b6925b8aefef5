package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cronsim-go/cronsim/playground"
)

// serveTimeouts are the server's timeouts; tests shorten them.
var serveTimeouts = playground.DefaultTimeouts

// runServe serves the playground, or writes it as a static site. The
// port is opened first, so a bad -addr or a port in use is reported at
// once; while the WebAssembly module is built (see package playground)
// the page says so with the build's progress. The build is kept in the
// user's cache directory per module version and Go toolchain, so later
// starts serve at once; -site serves a site written earlier by -write.
func runServe(_ string, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	write := fs.String("write", "", "write the static site into this directory and exit, for any static web host")
	replace := fs.Bool("replace", false, "with -write: replace the site's files in a folder that is not empty")
	site := fs.String("site", "", "serve the site in this directory (written by -write) instead of building it")
	cache := fs.String("cache", playground.DefaultCacheDir(), "folder of built sites, kept per module version and Go toolchain (\"off\": build into a temporary folder each time)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cronsim serve [-addr HOST:PORT] [-cache DIR|off] [-write DIR [-replace] | -site DIR]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() != 0 {
		fmt.Fprintf(stderr, "cronsim serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *write != "" && *site != "" {
		fmt.Fprintln(stderr, "cronsim serve: -write and -site exclude each other")
		return 2
	}
	if *replace && *write == "" {
		fmt.Fprintln(stderr, "cronsim serve: -replace goes with -write")
		return 2
	}
	cacheDir := *cache
	if cacheDir == "off" {
		cacheDir = ""
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *write != "" {
		if err := playground.WriteSite(ctx, *write, *replace, cacheDir, stderr); err != nil {
			fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote the playground to %s: serve that directory from any static web host (cronsim.wasm as application/wasm)\n", *write)
		return 0
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
		return 1
	}
	pending := playground.NewPending()
	srv := playground.NewServer(pending, serveTimeouts)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(playground.LimitListener(ln, playground.MaxConns)) }()
	fmt.Fprintf(stdout, "cronsim playground on http://%s/ (Ctrl-C to stop)\n", ln.Addr())

	start := time.Now()
	dir, tmp := *site, ""
	if dir == "" {
		dir, err = playground.Cached(ctx, cacheDir, io.MultiWriter(stderr, pending))
		if cacheDir == "" {
			tmp = dir
		}
	}
	var h http.Handler
	if err == nil {
		h, err = playground.Handler(dir)
	}
	if tmp != "" {
		os.RemoveAll(tmp) // the handler holds the site in memory
	}
	code := 0
	switch {
	case ctx.Err() != nil:
		// Stopped while building: nothing to report.
	case err != nil:
		pending.Fail(err)
		fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
		code = 1
	default:
		pending.Ready(h)
		fmt.Fprintf(stderr, "ready in %.1fs\n", time.Since(start).Seconds())
		select {
		case <-ctx.Done():
		case err := <-served:
			if !errors.Is(err, http.ErrServerClosed) {
				fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
				return 1
			}
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	return code
}
