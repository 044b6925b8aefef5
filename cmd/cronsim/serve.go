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
	"time"

	"github.com/cronsim-go/cronsim/playground"
)

// runServe serves the playground, or writes it as a static site. The
// WebAssembly module is built when serve starts, with the local Go
// toolchain (see package playground), so that nothing built is kept in
// the repository; -site serves a site written earlier by -write.
func runServe(_ string, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	write := fs.String("write", "", "write the static site into this directory and exit, for any static web host")
	site := fs.String("site", "", "serve the site in this directory (written by -write) instead of building it")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cronsim serve [-addr HOST:PORT] [-write DIR | -site DIR]")
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
	if *write != "" {
		if err := playground.Build(*write, stderr); err != nil {
			fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote the playground to %s: serve that directory from any static web host (cronsim.wasm as application/wasm)\n", *write)
		return 0
	}
	dir := *site
	if dir == "" {
		tmp, err := os.MkdirTemp("", "cronsim-playground-")
		if err != nil {
			fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
			return 1
		}
		defer os.RemoveAll(tmp)
		if err := playground.Build(tmp, stderr); err != nil {
			fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
			return 1
		}
		dir = tmp
	}
	h, err := playground.Handler(dir)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
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
		fmt.Fprintf(stderr, "cronsim serve: %v\n", err)
		return 1
	}
	return 0
}
