package playground

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckTarget(t *testing.T) {
	base := t.TempDir()
	empty := filepath.Join(base, "empty")
	full := filepath.Join(base, "full")
	link := filepath.Join(base, "link")
	afile := filepath.Join(base, "afile")
	os.Mkdir(empty, 0o755)
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "index.html"), []byte("mine"), 0o644)
	os.Symlink(empty, link)
	os.WriteFile(afile, nil, 0o644)
	for _, c := range []struct {
		dir     string
		replace bool
		want    string // "" for no error
	}{
		{filepath.Join(base, "new"), false, ""},
		{empty, false, ""},
		{full, false, "not empty"},
		{full, true, ""},
		{link, false, "symbolic link"},
		{link, true, "symbolic link"},
		{afile, true, "not a folder"},
	} {
		err := checkTarget(c.dir, c.replace)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("checkTarget(%s, %v): %v", filepath.Base(c.dir), c.replace, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("checkTarget(%s, %v): %v, want an error saying %q", filepath.Base(c.dir), c.replace, err, c.want)
		}
	}
}

// A symbolic link planted where the site writes a file is replaced, not
// written through.
func TestWriteAtomicDoesNotFollowLinks(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "victim")
	os.WriteFile(victim, []byte("precious"), 0o644)
	if err := os.Symlink(victim, filepath.Join(dir, "index.html")); err != nil {
		t.Fatal(err)
	}
	if err := writeAtomic(dir, "index.html", []byte("site")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the link's target was overwritten: %q", b)
	}
	info, err := os.Lstat(filepath.Join(dir, "index.html"))
	if err != nil || !info.Mode().IsRegular() {
		t.Errorf("index.html is not a regular file after the write: %v %v", info, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "index.html")); string(b) != "site" {
		t.Errorf("index.html holds %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	os.Mkdir(filepath.Join(dir, "app.js"), 0o755)
	if err := writeAtomic(dir, "app.js", []byte("x")); err == nil {
		t.Error("writing over a folder gave no error")
	}
}
