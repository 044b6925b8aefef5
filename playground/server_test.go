package playground_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim/playground"
)

// fakeSite writes a minimal site (what Handler requires) into a new
// folder.
func fakeSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"index.html":   "<!doctype html><title>x</title>" + strings.Repeat("<p>cron</p>", 200),
		"cronsim.wasm": "\x00asm" + strings.Repeat("wasm", 500),
		"app.js":       strings.Repeat("console.log(1);", 100),
	}
	for n, c := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func get(t *testing.T, h http.Handler, method, target string, hdr map[string]string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func TestHandlerServesOnlyRegularFilesInside(t *testing.T) {
	dir := fakeSite(t)
	outside := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(outside, []byte("the host's name"), 0o644); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(outside, filepath.Join(dir, "leak")))
	must(os.Symlink(filepath.Dir(outside), filepath.Join(dir, "leakdir")))
	must(os.Symlink("index.html", filepath.Join(dir, "inner-link.html")))
	must(os.MkdirAll(filepath.Join(dir, ".git"), 0o755))
	must(os.WriteFile(filepath.Join(dir, ".git", "config"), []byte("[core]"), 0o644))
	must(os.WriteFile(filepath.Join(dir, ".env"), []byte("KEY=1"), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "sub", "ok.txt"), []byte("fine"), 0o644))
	h, err := playground.Handler(dir)
	must(err)
	for _, p := range []string{"/leak", "/leakdir/secret", "/inner-link.html", "/.git/config", "/.env", "/../secret", "/sub/../../secret"} {
		if res := get(t, h, "GET", p, nil); res.StatusCode != http.StatusNotFound {
			body, _ := io.ReadAll(res.Body)
			t.Errorf("GET %s: %d %q, want 404", p, res.StatusCode, body)
		}
	}
	for _, p := range []string{"/", "/index.html", "/cronsim.wasm", "/sub/ok.txt"} {
		if res := get(t, h, "GET", p, nil); res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %d, want 200", p, res.StatusCode)
		}
	}
}

func TestHandlerMethodsAndEncoding(t *testing.T) {
	h, err := playground.Handler(fakeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	res := get(t, h, "POST", "/", nil)
	if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d, Allow %q; want 405 with Allow: GET, HEAD", res.StatusCode, res.Header.Get("Allow"))
	}
	for _, c := range []struct {
		accept string
		gzip   bool
	}{
		{"gzip", true},
		{"gzip, deflate, br", true},
		{"gzip;q=0", false},
		{"gzip; q=0.0, br", false},
		{"GZIP;Q=0.5", true},
		{"*", true},
		{"*;q=0", false},
		{"gzip;q=0, *", false},
		{"identity", false},
		{"", false},
		{"gzip;q=x", false},
	} {
		res := get(t, h, "GET", "/index.html", map[string]string{"Accept-Encoding": c.accept})
		if got := res.Header.Get("Content-Encoding") == "gzip"; got != c.gzip {
			t.Errorf("Accept-Encoding %q: gzip %v, want %v", c.accept, got, c.gzip)
		}
	}
}

func TestHandlerValidators(t *testing.T) {
	h, err := playground.Handler(fakeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, enc := range []string{"", "gzip"} {
		res := get(t, h, "GET", "/cronsim.wasm", map[string]string{"Accept-Encoding": enc})
		etag, lm := res.Header.Get("ETag"), res.Header.Get("Last-Modified")
		if res.StatusCode != 200 || etag == "" || lm == "" {
			t.Fatalf("Accept-Encoding %q: %d, ETag %q, Last-Modified %q", enc, res.StatusCode, etag, lm)
		}
		res = get(t, h, "GET", "/cronsim.wasm", map[string]string{"Accept-Encoding": enc, "If-None-Match": etag})
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match %s: %d, want 304", etag, res.StatusCode)
		}
		if b, _ := io.ReadAll(res.Body); len(b) != 0 {
			t.Errorf("304 with a body of %d bytes", len(b))
		}
		res = get(t, h, "GET", "/cronsim.wasm", map[string]string{"Accept-Encoding": enc, "If-None-Match": `"other"`})
		if res.StatusCode != 200 {
			t.Errorf("If-None-Match of another version: %d, want 200", res.StatusCode)
		}
		res = get(t, h, "GET", "/cronsim.wasm", map[string]string{"Accept-Encoding": enc, "If-Modified-Since": lm})
		if res.StatusCode != http.StatusNotModified {
			t.Errorf("If-Modified-Since %s: %d, want 304", lm, res.StatusCode)
		}
		old := time.Unix(0, 0).UTC().Format(http.TimeFormat)
		res = get(t, h, "GET", "/cronsim.wasm", map[string]string{"Accept-Encoding": enc, "If-Modified-Since": old})
		if res.StatusCode != 200 {
			t.Errorf("If-Modified-Since 1970: %d, want 200", res.StatusCode)
		}
	}
	plain := get(t, h, "GET", "/cronsim.wasm", nil).Header.Get("ETag")
	gz := get(t, h, "GET", "/cronsim.wasm", map[string]string{"Accept-Encoding": "gzip"}).Header.Get("ETag")
	if plain == gz {
		t.Errorf("the gzip and plain forms share the ETag %s", plain)
	}
}

// serveTest starts the server as cronsim serve does, with short
// timeouts.
func serveTest(t *testing.T, h http.Handler, to playground.Timeouts, maxConns int) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := playground.NewServer(h, to)
	go srv.Serve(playground.LimitListener(ln, maxConns))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		srv.Close()
	})
	return ln.Addr().String()
}

// closedWithin reports whether the server closes c within d (reading
// and discarding what it sends).
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	var ne net.Error
	return err == nil || !(errors.As(err, &ne) && ne.Timeout())
}

func TestServerTimeouts(t *testing.T) {
	big := t.TempDir()
	os.WriteFile(filepath.Join(big, "index.html"), []byte("x"), 0o644)
	// Incompressible and large, so that an unread response fills the
	// socket buffers and the write blocks.
	data := make([]byte, 6<<20)
	for i := range data {
		data[i] = byte(i*7919 + i>>8)
	}
	os.WriteFile(filepath.Join(big, "cronsim.wasm"), data, 0o644)
	h, err := playground.Handler(big)
	if err != nil {
		t.Fatal(err)
	}
	to := playground.Timeouts{ReadHeader: 300 * time.Millisecond, Read: 500 * time.Millisecond, Write: 700 * time.Millisecond, Idle: 400 * time.Millisecond}
	addr := serveTest(t, h, to, 8)

	t.Run("idle keep-alive", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		if !closedWithin(c, 3*time.Second) {
			t.Error("an idle kept-alive connection stayed open past 3 s (Idle 400 ms)")
		}
	})
	t.Run("headers never finished", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET / HTTP/1.1\r\nHost: x\r\n")
		if !closedWithin(c, 3*time.Second) {
			t.Error("a connection that never finished its headers stayed open past 3 s")
		}
	})
	t.Run("response never read", func(t *testing.T) {
		// One connection at a time: while an unread response holds it, no
		// other client is served, until the write timeout closes it.
		addr := serveTest(t, h, to, 1)
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if tc, ok := c.(*net.TCPConn); ok {
			tc.SetReadBuffer(4096)
		}
		fmt.Fprintf(c, "GET /cronsim.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
		time.Sleep(100 * time.Millisecond)
		start := time.Now()
		d, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		fmt.Fprintf(d, "GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		d.SetReadDeadline(time.Now().Add(5 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(d), nil)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("a second client was not served while the first left its response unread: %v %v", res, err)
		}
		if waited := time.Since(start); waited < 500*time.Millisecond {
			t.Errorf("the second client was served after %v: the first connection was not held, so the test proves nothing", waited)
		}
	})
}

func TestLimitListener(t *testing.T) {
	h, err := playground.Handler(fakeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	addr := serveTest(t, h, playground.Timeouts{Idle: 5 * time.Second}, 2)
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		held = append(held, c)
	}
	third, err := net.Dial("tcp", addr) // queued by the kernel, not served
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	fmt.Fprintf(third, "GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	third.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
	if _, err := third.Read(make([]byte, 1)); err == nil {
		t.Fatal("a third connection was served while two were held (limit 2)")
	}
	held[0].Close()
	third.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(third), nil)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("after one held connection closed, the third got %v, %v", res, err)
	}
}

func TestPending(t *testing.T) {
	p := playground.NewPending()
	fmt.Fprintln(p, "building <the> playground with go1.26")
	res := get(t, p, "GET", "/", nil)
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "being built") ||
		!strings.Contains(string(body), "building &lt;the&gt; playground") || res.Header.Get("Retry-After") == "" {
		t.Errorf("while building: %d %q", res.StatusCode, body)
	}
	if res := get(t, p, "GET", "/cronsim.wasm", nil); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("the module while building: %d, want 503", res.StatusCode)
	}
	h, err := playground.Handler(fakeSite(t))
	if err != nil {
		t.Fatal(err)
	}
	p.Ready(h)
	if res := get(t, p, "GET", "/cronsim.wasm", nil); res.StatusCode != 200 {
		t.Errorf("after Ready: %d, want 200", res.StatusCode)
	}
	q := playground.NewPending()
	q.Fail(errors.New("go build failed: <oops>"))
	res = get(t, q, "GET", "/", nil)
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != 500 || !strings.Contains(string(body), "&lt;oops&gt;") {
		t.Errorf("after Fail: %d %q", res.StatusCode, body)
	}
}

// A site's kept gzip form is used only when it is the file's.
func TestHandlerPrecompressed(t *testing.T) {
	dir := fakeSite(t)
	os.MkdirAll(filepath.Join(dir, ".gz"), 0o755)
	var buf strings.Builder
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("not the module"))
	zw.Close()
	os.WriteFile(filepath.Join(dir, ".gz", "cronsim.wasm.gz"), []byte(buf.String()), 0o644)
	h, err := playground.Handler(dir)
	if err != nil {
		t.Fatal(err)
	}
	res := get(t, h, "GET", "/cronsim.wasm", map[string]string{"Accept-Encoding": "gzip"})
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	want, _ := os.ReadFile(filepath.Join(dir, "cronsim.wasm"))
	if string(got) != string(want) {
		t.Errorf("a kept gzip form that is not the file's was served: %.40q", got)
	}
	if res := get(t, h, "GET", "/.gz/cronsim.wasm.gz", nil); res.StatusCode != 404 {
		t.Errorf("the kept gzip forms are served: %d", res.StatusCode)
	}
}
