package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/cronsim-go/cronsim/playground"
)

var cmdServe = &command{
	usageLine: "serve [-addr HOST:PORT] [-write DIR | -site DIR]",
	short:     "the playground in a browser, computed there in WebAssembly",
	long: `The WebAssembly module is built when serve starts, with the local Go
toolchain (see package playground), so that nothing built is kept in the
repository; -write writes the site for any static web host and -site
serves a site written earlier.
`,
	arg:   argNone,
	setup: setupServe,
}

func setupServe(c *call) func(string) int {
	addr := c.fs.String("addr", "127.0.0.1:8080", "address to listen on")
	write := c.fs.String("write", "", "write the static site into this directory and exit, for any static web host")
	site := c.fs.String("site", "", "serve the site in this directory (written by -write) instead of building it")
	return func(string) int { return runServe(c, *addr, *write, *site) }
}

// runServe serves the playground, or writes it as a static site.
func runServe(c *call, addr, write, site string) int {
	stdout, stderr := c.stdout, c.stderr
	if write != "" && site != "" {
		fmt.Fprintln(stderr, "cronsim serve: -write and -site exclude each other")
		return 2
	}
	if write != "" {
		if err := playground.Build(write, stderr); err != nil {
			c.errorf("%v", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote the playground to %s: serve that directory from any static web host (cronsim.wasm as application/wasm)\n", write)
		return 0
	}
	dir := site
	if dir == "" {
		tmp, err := os.MkdirTemp("", "cronsim-playground-")
		if err != nil {
			c.errorf("%v", err)
			return 1
		}
		defer os.RemoveAll(tmp)
		if err := playground.Build(tmp, stderr); err != nil {
			c.errorf("%v", err)
			return 1
		}
		dir = tmp
	}
	h, err := playground.Handler(dir)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		c.errorf("%v", err)
		return 1
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	fmt.Fprintf(stdout, "cronsim playground on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		c.errorf("%v", err)
		return 1
	}
	return 0
}
