package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim/playground"
)

// startServe starts cronsim serve with args and returns the address it
// printed, within limit.
func startServe(t *testing.T, env []string, limit time.Duration, args ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(binary(t), append([]string{"serve", "-addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := make(chan string, 1)
	go func() {
		l, _ := bufio.NewReader(out).ReadString('\n')
		line <- l
		io.Copy(io.Discard, out)
	}()
	select {
	case l := <-line:
		_, rest, ok := strings.Cut(l, "http://")
		if !ok {
			t.Fatalf("first line %q names no address; stderr %s", l, stderr.String())
		}
		return cmd, strings.TrimSuffix(strings.Fields(rest)[0], "/"), &stderr
	case <-time.After(limit):
		t.Fatalf("cronsim serve printed no address within %v; stderr %s", limit, stderr.String())
	}
	return nil, "", nil
}

func TestServePortInUseAtOnce(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	binary(t)
	start := time.Now()
	_, stderr, code := runCLI(t, nil, "serve", "-cache", "off", "-addr", ln.Addr().String())
	if code != 1 || !strings.Contains(stderr, "address already in use") {
		t.Errorf("exit %d, stderr %q; want 1 and the port's error", code, stderr)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("the port's error came after %v: it waited for the build", took)
	}
}

func TestServeWriteRefusesFullFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("my own page"), 0o644)
	_, stderr, code := runCLI(t, nil, "serve", "-cache", "off", "-write", dir)
	if code != 1 || !strings.Contains(stderr, "not empty") || !strings.Contains(stderr, "-replace") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "my own page" {
		t.Errorf("index.html was replaced: %q", b)
	}
	link := filepath.Join(t.TempDir(), "link")
	os.Symlink(t.TempDir(), link)
	if _, stderr, code := runCLI(t, nil, "serve", "-cache", "off", "-write", link); code != 1 || !strings.Contains(stderr, "symbolic link") {
		t.Errorf("-write to a link: exit %d, stderr %q", code, stderr)
	}
}

// The port answers at once with a page that says the playground is being
// built; SIGTERM stops the build and removes its temporary folder.
func TestServeAnswersWhileBuildingAndCleansUpOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: starts a WebAssembly build")
	}
	tmp := t.TempDir()
	cmd, addr, stderr := startServe(t, []string{"TMPDIR=" + tmp}, 10*time.Second, "-cache", "off")
	res, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "being built") {
		t.Errorf("while building: %d %.200q", res.StatusCode, body)
	}
	// Wait until the build has made its folder, then stop the server.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(tmp, "cronsim-playground-*")); len(m) > 0 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after SIGTERM: %v; stderr %s", err, stderr)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("cronsim serve did not stop within 15 s of SIGTERM")
	}
	if m, _ := filepath.Glob(filepath.Join(tmp, "cronsim-playground-*")); len(m) > 0 {
		t.Errorf("SIGTERM left the build folder behind: %v", m)
	}
}

// A start whose build is in the cache serves the module at once.
func TestServeFromCache(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds the WebAssembly module")
	}
	cache := t.TempDir()
	var log bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if _, err := playground.Cached(ctx, cache, &log); err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	binary(t)
	start := time.Now()
	_, addr, stderr := startServe(t, nil, 10*time.Second, "-cache", cache)
	for {
		res, err := http.Get("http://" + addr + "/cronsim.wasm")
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == 200 {
				break
			}
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("no cronsim.wasm 10 s after a start with a warm cache; stderr %s", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	took := time.Since(start)
	t.Logf("serve with a warm cache: cronsim.wasm served %v after start", took.Round(time.Millisecond))
	// Under a second on an idle machine; the bound leaves room for a
	// loaded CI machine while still failing a rebuild (tens of seconds).
	if took > 5*time.Second {
		t.Errorf("a start with a warm cache took %v to serve the module", took)
	}
	if !strings.Contains(stderr.String(), "built earlier") {
		t.Errorf("stderr does not say the cached build was used: %s", stderr)
	}
}
