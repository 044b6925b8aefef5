package playground

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteSite copies the built site (from Cached with cacheDir) into dir
// for a static web host. dir must be missing or an empty folder unless
// replace is set, in which case the site's own files in it are replaced
// and every other file is left alone. dir itself must not be a symbolic
// link, and no symbolic link in it is followed: each file is written to
// a new temporary file in dir and renamed over its name, so a link
// planted there is replaced, never written through, and a reader never
// sees a half-written file.
func WriteSite(ctx context.Context, dir string, replace bool, cacheDir string, log io.Writer) error {
	if err := checkTarget(dir, replace); err != nil {
		return err
	}
	built, err := Cached(ctx, cacheDir, log)
	if err != nil {
		return err
	}
	if cacheDir == "" {
		defer os.RemoveAll(built)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Made by the build just now or checked above: re-check that no link
	// took the folder's place in between.
	if info, err := os.Lstat(dir); err != nil || info.Mode()&fs.ModeSymlink != 0 || !info.IsDir() {
		return fmt.Errorf("%s is not a folder of its own (a symbolic link?): refusing to write into it", dir)
	}
	return eachFile(built, func(name string, data []byte) error { return writeAtomic(dir, name, data) })
}

// checkTarget refuses a target folder that is a link, not a folder, or
// (without replace) not empty.
func checkTarget(dir string, replace bool) error {
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case info.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("%s is a symbolic link: refusing to write through it (give the folder it points to)", dir)
	case !info.IsDir():
		return fmt.Errorf("%s exists and is not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 && !replace {
		return fmt.Errorf("%s is not empty (%d entries): choose an empty folder, or add -replace to replace the playground's files in it", dir, len(entries))
	}
	return nil
}

// writeAtomic writes data as dir/name through a temporary file renamed
// into place. A rename replaces a symbolic link at name itself and does
// not follow it; a folder at name is an error.
func writeAtomic(dir, name string, data []byte) error {
	target := filepath.Join(dir, name)
	if info, err := os.Lstat(target); err == nil && info.IsDir() {
		return fmt.Errorf("%s is a folder: cannot write the site's %s there", target, name)
	}
	tmp, err := os.CreateTemp(dir, "."+name+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}
