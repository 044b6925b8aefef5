package playground

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Timeouts bound each phase of a connection to the playground's server.
type Timeouts struct {
	// ReadHeader is the time to read a request's headers, and Read the
	// time to read the whole request.
	ReadHeader, Read time.Duration
	// Write is the time from the end of the request's headers to the end
	// of the response: a client that stops reading cronsim.wasm (1.4 MB
	// gzipped) loses its connection when it runs out.
	Write time.Duration
	// Idle is how long a kept-alive connection waits for its next
	// request.
	Idle time.Duration
}

// DefaultTimeouts are the server's timeouts unless told otherwise.
var DefaultTimeouts = Timeouts{ReadHeader: 5 * time.Second, Read: 10 * time.Second, Write: 30 * time.Second, Idle: 30 * time.Second}

// MaxConns is the default bound on connections served at once; a
// connection beyond it waits in the listen queue until one closes.
const MaxConns = 64

// NewServer returns an HTTP server for h with the timeouts t (zero
// fields take DefaultTimeouts') and request headers limited to 64 KB
// (431 beyond).
func NewServer(h http.Handler, t Timeouts) *http.Server {
	def := DefaultTimeouts
	pick := func(v, d time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return d
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: pick(t.ReadHeader, def.ReadHeader),
		ReadTimeout:       pick(t.Read, def.Read),
		WriteTimeout:      pick(t.Write, def.Write),
		IdleTimeout:       pick(t.Idle, def.Idle),
		MaxHeaderBytes:    64 << 10,
	}
}

// LimitListener returns a listener that holds at most n accepted
// connections open at once.
func LimitListener(ln net.Listener, n int) net.Listener {
	return &limitListener{Listener: ln, sem: make(chan struct{}, n), done: make(chan struct{})}
}

type limitListener struct {
	net.Listener
	sem       chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.sem <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.sem
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.sem }}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}

// A file of the site, held in memory with its gzip form.
type file struct {
	data, gz []byte
	ctype    string
	etag     string // of data; the gzip form's is etag with "-gz" inside the quotes
	modTime  time.Time
}

// csp is the page's content security policy: no request outside the
// site.
const csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'"

// Handler serves the site in dir from memory. Only regular files under
// dir are served: symbolic links (wherever they point), dot-files and
// dot-folders (.git), and anything else that is not a plain file are
// left out, and files are opened through an os.Root, so nothing outside
// dir can be reached even if the folder changes while it is read. The
// handler answers GET and HEAD (405 with Allow otherwise), sends gzip
// when the request's Accept-Encoding allows it (q=0 refuses it), the
// WebAssembly type for cronsim.wasm, the page's content security policy
// as a header too, and ETag and Last-Modified validators, answering 304
// to a matching If-None-Match or If-Modified-Since.
func Handler(dir string) (http.Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	files := map[string]file{}
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil // symbolic links, devices, sockets, pipes
		}
		info, err := root.Lstat(p)
		if err != nil || !info.Mode().IsRegular() {
			return err
		}
		data, err := fs.ReadFile(root.FS(), p)
		if err != nil {
			return err
		}
		name := "/" + p
		f := file{data: data, ctype: mime.TypeByExtension(path.Ext(name)), modTime: info.ModTime().UTC().Truncate(time.Second)}
		if f.ctype == "" {
			f.ctype = "application/octet-stream"
		}
		sum := sha256.Sum256(data)
		f.etag = `"` + hex.EncodeToString(sum[:12]) + `"`
		f.gz = precompressed(root, p, data)
		if f.gz == nil {
			f.gz = gzipped(data)
		}
		if len(f.gz) >= len(data) {
			f.gz = nil
		}
		files[name] = f
		return nil
	})
	if err != nil {
		return nil, err
	}
	if _, ok := files["/cronsim.wasm"]; !ok {
		return nil, fmt.Errorf("%s has no cronsim.wasm: not a playground site", dir)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := r.URL.Path
		if name == "/" {
			name = "/index.html"
		}
		f, ok := files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h.Set("Cache-Control", "no-cache")
		h.Set("Content-Security-Policy", csp)
		h.Set("Vary", "Accept-Encoding")
		body, etag := f.data, f.etag
		if f.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.Set("Content-Encoding", "gzip")
			body, etag = f.gz, strings.TrimSuffix(f.etag, `"`)+`-gz"`
		}
		h.Set("ETag", etag)
		h.Set("Last-Modified", f.modTime.Format(http.TimeFormat))
		if notModified(r, etag, f.modTime) {
			h.Del("Content-Encoding")
			w.WriteHeader(http.StatusNotModified)
			return
		}
		h.Set("Content-Type", f.ctype)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		if r.Method == http.MethodGet {
			w.Write(body)
		}
	}), nil
}

// gzipDir is the folder of a built site that holds the gzip forms of
// its files (Cached writes them), so that a start from the cache does not
// compress the module again. Being a dot-folder it is never served.
const gzipDir = ".gz"

func gzipped(data []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// precompressed returns the gzip form of file p kept in the site's
// gzipDir, if there is one and it decompresses to exactly data.
func precompressed(root *os.Root, p string, data []byte) []byte {
	gz, err := fs.ReadFile(root.FS(), path.Join(gzipDir, p+".gz"))
	if err != nil {
		return nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil
	}
	plain, err := io.ReadAll(io.LimitReader(zr, int64(len(data))+1))
	if err != nil || !bytes.Equal(plain, data) {
		return nil
	}
	return gz
}

// writeGzipForms writes the gzip form of each file at the top of dir
// into dir's gzipDir. dir is a finished build (Cached): it exists, so
// making gzipDir first makes nothing else.
func writeGzipForms(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, gzipDir), 0o755); err != nil {
		return err
	}
	return eachFile(dir, func(name string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, gzipDir, name+".gz"), gzipped(data), 0o644)
	})
}

// eachFile calls f with the name and the contents of each regular file
// at the top of dir, in the order of their names, up to the first error.
func eachFile(dir string, f func(name string, data []byte) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		if err := f(e.Name(), data); err != nil {
			return err
		}
	}
	return nil
}

// notModified applies RFC 9110's conditional GET: If-None-Match (weak
// comparison) when present, otherwise If-Modified-Since.
func notModified(r *http.Request, etag string, mod time.Time) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == etag {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !mod.After(t) {
			return true
		}
	}
	return false
}

// acceptsGzip reads an Accept-Encoding header (RFC 9110 12.5.3): gzip is
// acceptable when named with a non-zero q, or covered by "*" with a
// non-zero q and not named.
func acceptsGzip(header string) bool {
	named, star := -1.0, -1.0
	for _, part := range strings.Split(header, ",") {
		params := strings.Split(part, ";")
		coding := strings.ToLower(strings.TrimSpace(params[0]))
		q := 1.0
		for _, p := range params[1:] {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // an unreadable weight accepts nothing
				}
				q = f
			}
		}
		switch coding {
		case "gzip", "x-gzip":
			named = max(named, q)
		case "*":
			star = max(star, q)
		}
	}
	if named >= 0 {
		return named > 0
	}
	return star > 0
}

// A Pending handler answers while the site is being built: a page that
// says so, with the build's progress, reloading itself every 2 seconds,
// until Ready gives it the site's handler (or Fail the build's error).
// Its Write method takes the build's progress lines.
type Pending struct {
	start time.Time
	h     atomic.Pointer[http.Handler]
	mu    sync.Mutex
	lines []string
	err   string
}

// NewPending returns a Pending handler whose clock starts now.
func NewPending() *Pending { return &Pending{start: time.Now()} }

// Write records progress text, keeping the last 20 lines.
func (p *Pending) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if len(l) > 300 {
			l = l[:300] + "..."
		}
		p.lines = append(p.lines, l)
	}
	if len(p.lines) > 20 {
		p.lines = p.lines[len(p.lines)-20:]
	}
	return len(b), nil
}

// Ready makes every later request go to h.
func (p *Pending) Ready(h http.Handler) { p.h.Store(&h) }

// Fail makes the page show that the build failed.
func (p *Pending) Fail(err error) {
	p.mu.Lock()
	p.err = err.Error()
	p.mu.Unlock()
}

func (p *Pending) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := p.h.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "no-store")
	hd.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p.mu.Lock()
	lines, failed := append([]string(nil), p.lines...), p.err
	p.mu.Unlock()
	if r.URL.Path != "/" && r.URL.Path != "/index.html" {
		hd.Set("Retry-After", "2")
		http.Error(w, "the playground is being built", http.StatusServiceUnavailable)
		return
	}
	var b strings.Builder
	b.WriteString("<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content=\"width=device-width\">")
	status := http.StatusServiceUnavailable
	if failed != "" {
		status = http.StatusInternalServerError
		b.WriteString("<title>cronsim playground: build failed</title><h1>The playground could not be built</h1><pre>")
		b.WriteString(html.EscapeString(failed))
		b.WriteString("</pre>")
	} else {
		hd.Set("Retry-After", "2")
		b.WriteString("<meta http-equiv=refresh content=2><title>cronsim playground: building</title>")
		fmt.Fprintf(&b, "<h1>The playground is being built</h1><p>The WebAssembly module is compiled once per module version and Go toolchain, then kept in the cache: later starts serve at once. Building for %d s; this page reloads by itself.</p><pre>",
			int(time.Since(p.start).Seconds()))
		for _, l := range lines {
			b.WriteString(html.EscapeString(l))
			b.WriteString("\n")
		}
		b.WriteString("</pre>")
	}
	hd.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write([]byte(b.String()))
	}
}
