package main

import (
	"context"
	"errors"
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

var cmdServe = &command{
	usageLine: "serve [-addr HOST:PORT] [-cache DIR|off] [-write DIR [-replace] | -site DIR]",
	short:     "the playground in a browser, computed there in WebAssembly",
	long: `The port is opened first, so a bad -addr or a port in use is reported at
once; while the WebAssembly module is built with the local Go toolchain
(see package playground) the page says so, with the build's progress. The
build is kept in the user's cache directory per Go toolchain and module
sources, so later starts serve at once. Every phase of a connection times
out, at most 64 connections are served at once, and SIGINT or SIGTERM
shuts down cleanly. -write writes the site for any static web host (into
an empty folder, or with -replace over the site's own files; never
through a symbolic link); -site serves a site written earlier (its
regular files only: no dot-files, no links).
`,
	arg:   argNone,
	setup: setupServe,
}

// serveTimeouts are the server's timeouts; tests shorten them.
var serveTimeouts = playground.DefaultTimeouts

func setupServe(c *call) func(string) int {
	addr := c.fs.String("addr", "127.0.0.1:8080", "address to listen on")
	write := c.fs.String("write", "", "write the static site into this directory and exit, for any static web host")
	replace := c.fs.Bool("replace", false, "with -write: replace the site's files in a folder that is not empty")
	site := c.fs.String("site", "", "serve the site in this directory (written by -write) instead of building it")
	cache := c.fs.String("cache", playground.DefaultCacheDir(), "folder of built sites, kept per Go toolchain and module sources (\"off\": build into a temporary folder each time)")
	return func(string) int { return runServe(c, *addr, *write, *site, *cache, *replace) }
}

// runServe serves the playground, or writes it as a static site.
func runServe(c *call, addr, write, site, cacheDir string, replace bool) int {
	stdout, stderr := c.stdout, c.stderr
	if write != "" && site != "" {
		return c.usagef("-write and -site exclude each other")
	}
	if replace && write == "" {
		return c.usagef("-replace goes with -write")
	}
	if cacheDir == "off" {
		cacheDir = ""
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if write != "" {
		if err := playground.WriteSite(ctx, write, replace, cacheDir, stderr); err != nil {
			c.errorf("%v", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote the playground to %s: serve that directory from any static web host (cronsim.wasm as application/wasm)\n", write)
		return 0
	}

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	pending := playground.NewPending()
	srv := playground.NewServer(pending, serveTimeouts)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(playground.LimitListener(ln, playground.MaxConns)) }()
	fmt.Fprintf(stdout, "cronsim playground on http://%s/ (Ctrl-C to stop)\n", ln.Addr())

	start := time.Now()
	dir, tmp := site, ""
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
		c.errorf("%v", err)
		code = 1
	default:
		pending.Ready(h)
		fmt.Fprintf(stderr, "ready in %.1fs\n", time.Since(start).Seconds())
		select {
		case <-ctx.Done():
		case err := <-served:
			if !errors.Is(err, http.ErrServerClosed) {
				c.errorf("%v", err)
				return 1
			}
		}
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	return code
}
