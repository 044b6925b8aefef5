package playground

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// DefaultCacheDir is where Cached keeps built sites: the playground
// folder of the user's cache directory ($XDG_CACHE_HOME or ~/.cache on
// Linux), or "" when the system has none.
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "cronsim", "playground")
}

// Cached returns a folder holding the built site, building it into
// cacheDir first when no build of the same inputs is there. A build is
// keyed by what goes into it: the Go toolchain's version, the module's
// Go source files, go.mod and go.sum, and the page's files embedded in
// this program. So a second start with the
// same module version and toolchain serves at once, and an edited
// checkout is never served a stale module. A build is made in a
// temporary folder beside the cache entry and renamed into place, so a
// stopped build leaves nothing half written. With cacheDir "", the site
// is built into a new temporary folder whose removal is the caller's.
func Cached(ctx context.Context, cacheDir string, log io.Writer) (string, error) {
	if cacheDir == "" {
		tmp, err := os.MkdirTemp("", "cronsim-playground-")
		if err != nil {
			return "", err
		}
		if err := BuildContext(ctx, tmp, log); err != nil {
			os.RemoveAll(tmp)
			return "", err
		}
		return tmp, nil
	}
	key, err := buildKey()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cacheDir, key)
	if _, err := os.Stat(filepath.Join(dir, "cronsim.wasm")); err == nil {
		fmt.Fprintf(log, "using the playground built earlier (%s)\n", dir)
		return dir, nil
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return "", fmt.Errorf("the playground's cache: %v", err)
	}
	tmp, err := os.MkdirTemp(cacheDir, ".build-")
	if err != nil {
		return "", fmt.Errorf("the playground's cache: %v", err)
	}
	defer os.RemoveAll(tmp) // gone after the rename; a failed build's leftovers
	if err := BuildContext(ctx, tmp, log); err != nil {
		return "", err
	}
	if err := writeGzipForms(tmp); err != nil {
		return "", fmt.Errorf("the playground's cache: %v", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// Another start finished the same build first: use its copy.
		if _, serr := os.Stat(filepath.Join(dir, "cronsim.wasm")); serr == nil {
			return dir, nil
		}
		return "", fmt.Errorf("the playground's cache: %v", err)
	}
	fmt.Fprintf(log, "cached the playground in %s: later starts serve it at once\n", dir)
	return dir, nil
}

// buildKey hashes the inputs of a build (see Cached).
func buildKey() (string, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("the playground is compiled to WebAssembly with the Go toolchain, and there is no go command on PATH: install Go 1.25 or later, or serve a site written elsewhere by \"cronsim serve -write DIR\" with \"cronsim serve -site DIR\"")
	}
	src, err := sourceDir(goCmd)
	if err != nil {
		return "", err
	}
	_, goVersion, err := goEnv(goCmd)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "toolchain %s\n", goVersion)
	// Every Go source file of the module (tests, testdata, dot-folders
	// and nested modules aside), go.mod and go.sum: a superset of what
	// the WebAssembly module is built from, read in a few milliseconds
	// (asking go list for the exact set takes seconds on a loaded
	// machine, and a start from the cache should not).
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != src && (strings.HasPrefix(name, ".") || name == "testdata") {
				return fs.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); p != src && err == nil {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !(name == "go.mod" || name == "go.sum" || strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("hashing the playground's sources: %v", err)
	}
	err = fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := static.ReadFile(p)
		fmt.Fprintf(h, "embedded %s %d\n", p, len(data))
		h.Write(data)
		return err
	})
	if err != nil {
		return "", err
	}
	return goVersion + "-" + hex.EncodeToString(h.Sum(nil))[:24], nil
}
