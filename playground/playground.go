// Package playground builds and serves the cronsim playground: a static
// web page where the library, compiled to WebAssembly, answers in the
// browser when a crontab line runs, with the daylight saving time notes
// of the cronsim command, a picture of the zone's nearest change of
// clock and a crontab checker. Nothing is computed on a server and the
// page makes no request outside its own site.
//
// The site is plain files: index.html, app.js and style.css (embedded in
// this package), cronsim.wasm (package ./wasm, built by [Build] with the
// local Go toolchain: GOOS=js GOARCH=wasm go build), wasm_exec.js (the
// Go toolchain's own JavaScript support file, copied from that same
// toolchain's GOROOT, as it must match the compiler) and zones.txt (the
// zone names of the toolchain's lib/time/zoneinfo.zip, the tz database
// that the WebAssembly module embeds through time/tzdata). Nothing built
// is kept in the repository: "cronsim serve" opens its port at once,
// builds the site into the user's cache directory the first time (see
// [Cached]) while the page shows the build's progress ([Pending]), and
// serves every later start from that cache; "cronsim serve -write DIR"
// writes the site for any static host ([WriteSite]). The server ([NewServer],
// [Handler]) times out every phase of a connection, bounds the connections
// it holds, and serves only the regular files of its folder.
package playground

import (
	"archive/zip"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

//go:embed static
var static embed.FS

const modulePath = "github.com/cronsim-go/cronsim"

// Build writes the playground's static site into dir (created if
// needed), compiling the WebAssembly module with the go command found on
// PATH. Progress goes to log. It needs the module's source: the checkout
// the running program was built from, or the module cache's copy of the
// version it was built as (go install ...@version), downloaded if it is
// missing.
func Build(dir string, log io.Writer) error {
	return BuildContext(context.Background(), dir, log)
}

// BuildContext is Build, stopped (with the go command it runs) when ctx
// is done.
func BuildContext(ctx context.Context, dir string, log io.Writer) error {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return errors.New("the playground is compiled to WebAssembly with the Go toolchain, and there is no go command on PATH: install Go 1.25 or later, or serve a site written elsewhere by \"cronsim serve -write DIR\" with \"cronsim serve -site DIR\"")
	}
	src, err := sourceDir(goCmd)
	if err != nil {
		return err
	}
	goroot, goVersion, err := goEnv(goCmd)
	if err != nil {
		return err
	}
	if dir, err = filepath.Abs(dir); err != nil { // go build runs in src
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(log, "building the playground with %s (GOOS=js GOARCH=wasm, from %s)...\n", goVersion, src)
	start := time.Now()
	cmd := exec.CommandContext(ctx, goCmd, "build", "-trimpath", "-ldflags=-s -w", "-o", filepath.Join(dir, "cronsim.wasm"), "./playground/wasm")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOWORK=off", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build of the playground's WebAssembly module failed: %v\n%s", err, out)
	}
	fmt.Fprintf(log, "built cronsim.wasm in %.1fs\n", time.Since(start).Seconds())

	// wasm_exec.js moved from misc/wasm to lib/wasm in Go 1.24.
	var support []byte
	for _, p := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} {
		if support, err = os.ReadFile(filepath.Join(goroot, p)); err == nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("no wasm_exec.js in the Go toolchain at %s: %v", goroot, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "wasm_exec.js"), support, 0o644); err != nil {
		return err
	}
	zones, err := zoneNames(filepath.Join(goroot, "lib", "time", "zoneinfo.zip"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "zones.txt"), []byte(strings.Join(zones, "\n")+"\n"), 0o644); err != nil {
		return err
	}
	return fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, strings.TrimPrefix(p, "static/")), data, 0o644)
	})
}

// sourceDir finds the module's source to build from.
func sourceDir(goCmd string) (string, error) {
	// Built from a checkout (go run ./cmd/cronsim, go build, go test):
	// this file's own directory, unless built with -trimpath.
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		root := filepath.Dir(filepath.Dir(file))
		if isModuleRoot(root) {
			return root, nil
		}
	}
	// Installed with go install ...@version: the module cache's copy.
	if bi, ok := debug.ReadBuildInfo(); ok {
		version := ""
		if bi.Main.Path == modulePath {
			version = bi.Main.Version
		}
		for _, dep := range bi.Deps {
			if dep.Path == modulePath {
				version = dep.Version
			}
		}
		if version != "" && version != "(devel)" && !strings.Contains(version, "+dirty") {
			cmd := exec.Command(goCmd, "mod", "download", "-json", modulePath+"@"+version)
			cmd.Env = append(os.Environ(), "GOWORK=off")
			out, err := cmd.Output()
			var info struct{ Dir, Error string }
			if err == nil && json.Unmarshal(out, &info) == nil && info.Dir != "" && isModuleRoot(info.Dir) {
				return info.Dir, nil
			}
			return "", fmt.Errorf("cannot get the source of %s@%s to build the playground (go mod download: %v %s)", modulePath, version, err, info.Error)
		}
	}
	// Inside a checkout of the module, whatever built this program.
	cmd := exec.Command(goCmd, "list", "-m", "-f", "{{.Dir}}", modulePath)
	if out, err := cmd.Output(); err == nil {
		if dir := strings.TrimSpace(string(out)); isModuleRoot(dir) {
			return dir, nil
		}
	}
	return "", errors.New("cannot find the cronsim module's source to build the playground from: run cronsim serve inside a checkout of it, or install a released version (go install github.com/cronsim-go/cronsim/cmd/cronsim@latest)")
}

func isModuleRoot(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(string(data), "\n")
	_, err = os.Stat(filepath.Join(dir, "playground", "wasm", "main.go"))
	return strings.TrimSpace(first) == "module "+modulePath && err == nil
}

func goEnv(goCmd string) (goroot, version string, err error) {
	out, err := exec.Command(goCmd, "env", "GOROOT", "GOVERSION").Output()
	if err != nil {
		return "", "", fmt.Errorf("go env: %v", err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 {
		return "", "", fmt.Errorf("go env GOROOT GOVERSION: unexpected %q", out)
	}
	return f[0], f[1], nil
}

// zoneNames lists the zones of a zoneinfo.zip.
func zoneNames(zipPath string) ([]string, error) {
	r, err := zip.OpenReader(zipPath)
	if err != nil {
		return nil, fmt.Errorf("the zone list comes from the Go toolchain's %s: %v", zipPath, err)
	}
	defer r.Close()
	var names []string
	for _, f := range r.File {
		n := f.Name
		if strings.HasSuffix(n, "/") || strings.HasPrefix(n, "posix") || strings.HasPrefix(n, "right") || n == "Factory" || n == "localtime" {
			continue
		}
		names = append(names, n)
	}
	slices.Sort(names)
	return names, nil
}
