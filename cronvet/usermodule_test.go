package cronvet_test

import (
	"archive/zip"
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestUserModule does what a user of the module does, in a scratch module
// outside the repository: the working tree is published as version
// testVersion on a file-system module proxy (the go command's GOPROXY
// protocol: list, .info, .mod, .zip), and the scratch module
//
//   - gets the library and builds, without golang.org/x/tools entering
//     its go.mod or go.sum (x/tools is needed only by the analyzer);
//   - installs cmd/cronvet with go install ...@version and runs it as
//     go vet -vettool: it must report the bad literal as a plain
//     diagnostic (x/tools older than v0.38 printed raw JSON on Go 1.26);
//   - runs it with go run ...@version and as a go tool (go get -tool),
//     with no "missing go.sum entry" error;
//   - installs the CLI with go install ...@latest, and its serve -write
//     builds the playground from the module cache's copy of the module
//     (and without a go command on PATH, says so).
//
// Dependencies other than this module come from the user's module cache
// or the machine's configured proxy. It takes about 10 s warm; -short skips it.
func TestUserModule(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the scratch-module test")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	const modPath, testVersion = "github.com/cronsim-go/cronsim", "v0.0.1"
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	publish(t, root, proxy, modPath, testVersion)

	// A private module cache, so that the published test version never
	// meets (or leaves) a copy in the user's cache; the user's cache still
	// serves every other module, as a file-system proxy, before the
	// machine's configured proxy.
	goEnv := strings.Fields(run(t, "", os.Environ(), goBin, "env", "GOPROXY", "GOMODCACHE"))
	if len(goEnv) != 2 {
		t.Fatalf("go env GOPROXY GOMODCACHE: %q", goEnv)
	}
	upstream, sharedCache := goEnv[0], filepath.Join(goEnv[1], "cache", "download")
	modCache := filepath.Join(tmp, "modcache")
	t.Cleanup(func() {
		// The go command makes its module cache read-only.
		filepath.WalkDir(modCache, func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(path, 0o755)
			}
			return nil
		})
	})
	env := append(os.Environ(),
		"GOMODCACHE="+modCache,
		"GOPROXY=file://"+filepath.ToSlash(proxy)+",file://"+filepath.ToSlash(sharedCache)+","+upstream,
		"GONOSUMDB="+modPath, "GOFLAGS=", "GOWORK=off",
		"GOTOOLCHAIN=local", "GOBIN="+filepath.Join(tmp, "bin"))
	user := filepath.Join(tmp, "user")
	if err := os.MkdirAll(user, 0o755); err != nil {
		t.Fatal(err)
	}
	const src = "package main\n\nimport \"github.com/cronsim-go/cronsim\"\n\nvar nightly = cronsim.MustParse(\"30 1 * * 8\")\n\nfunc main() { _ = nightly }\n"
	if err := os.WriteFile(filepath.Join(user, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	const want = `main.go:5:43: cronsim: bad day-of-week "8" at column 10: 8 is outside 0-7`

	run(t, user, env, goBin, "mod", "init", "example.com/user")
	run(t, user, env, goBin, "get", modPath+"@"+testVersion)
	run(t, user, env, goBin, "build", "./...")
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(user, f))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("golang.org/x/tools")) {
			t.Errorf("go get of the library put x/tools into the user's %s:\n%s", f, data)
		}
	}

	run(t, user, env, goBin, "install", modPath+"/cmd/cronvet@"+testVersion)
	vettool := filepath.Join(tmp, "bin", "cronvet")
	out, code := runStatus(t, user, env, goBin, "vet", "-vettool="+vettool, "./...")
	if code == 0 || !strings.Contains(out, want) || strings.Contains(out, "{") {
		t.Errorf("go vet -vettool=cronvet: exit %d, want a plain diagnostic %q; output:\n%s", code, want, out)
	}

	out, code = runStatus(t, user, env, goBin, "run", modPath+"/cmd/cronvet@"+testVersion, "./...")
	if code == 0 || !strings.Contains(out, `main.go:5:43: cronsim: bad day-of-week "8"`) || strings.Contains(out, "missing go.sum") {
		t.Errorf("go run cmd/cronvet@version: exit %d; output:\n%s", code, out)
	}

	// The CLI, installed as its README says: serve builds the playground
	// from the module cache's copy of the installed version, and says
	// what to do when there is no go command.
	run(t, user, env, goBin, "install", modPath+"/cmd/cronsim@latest")
	cronsim := filepath.Join(tmp, "bin", "cronsim")
	out = run(t, user, env, cronsim, "next", "-n", "1", "-tz", "Europe/Dublin", "-from", "2021-03-27T12:00:00Z", "30 1 * * *")
	if !strings.Contains(out, "2021-03-28T02:00:00+01:00") {
		t.Errorf("installed cronsim next: %s", out)
	}
	site := filepath.Join(tmp, "site")
	// A cache of its own: the user's may hold a build of the same
	// sources (the key is their content), and this checks the build.
	out = run(t, user, env, cronsim, "serve", "-write", site, "-cache", filepath.Join(tmp, "playground-cache"))
	if fi, err := os.Stat(filepath.Join(site, "cronsim.wasm")); err != nil || fi.Size() < 1<<20 || !strings.Contains(out, filepath.Join(modCache, "github.com", "cronsim-go")) {
		t.Errorf("installed cronsim serve -write: %v; output:\n%s", err, out)
	}
	noGo := append(append([]string{}, env...), "PATH="+filepath.Join(tmp, "bin"))
	out, code = runStatus(t, user, noGo, cronsim, "serve", "-write", filepath.Join(tmp, "site2"))
	if code != 1 || !strings.Contains(out, "no go command on PATH") || !strings.Contains(out, "-site DIR") {
		t.Errorf("cronsim serve without go: exit %d, output:\n%s", code, out)
	}

	run(t, user, env, goBin, "get", "-tool", modPath+"/cmd/cronvet@"+testVersion)
	out, code = runStatus(t, user, env, goBin, "tool", "cronvet", "./...")
	if code == 0 || !strings.Contains(out, `main.go:5:43: cronsim: bad day-of-week "8"`) || strings.Contains(out, "missing go.sum") {
		t.Errorf("go tool cronvet: exit %d; output:\n%s", code, out)
	}
}

// publish writes the module in dir as version to a file-system module
// proxy: the module zip holds every regular file except those of nested
// modules (bench/) and of .git, as the go command's own zips do.
func publish(t *testing.T, dir, proxy, modPath, version string) {
	t.Helper()
	vdir := filepath.Join(proxy, filepath.FromSlash(modPath), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if d.IsDir() {
			if path != dir {
				if d.Name() == ".git" || d.Name() == "vendor" {
					return filepath.SkipDir
				}
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if !d.Type().IsRegular() || d.Name() == ".git" {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		w, err := zw.Create(modPath + "@" + version + "/" + filepath.ToSlash(rel))
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": []byte(`{"Version":"` + version + `","Time":"2026-01-01T00:00:00Z"}`),
		version + ".mod":  mod,
		version + ".zip":  buf.Bytes(),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(vdir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	out, code := runStatus(t, dir, env, name, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit %d:\n%s", name, strings.Join(args, " "), code, out)
	}
	return out
}

func runStatus(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		}
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return string(out), 0
}
