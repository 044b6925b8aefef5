// Command expectations writes conformance/expectations/ from the
// recordings in conformance/corpus/: one JSON Lines file per recording,
// one object per crontab line, and index.json. Nothing but the recordings
// goes in; the format is in conformance/README.md.
//
// Usage, from the repository's root:
//
//	go run ./conformance/cmd/expectations [-corpus DIR] [-out DIR]
//
// It replaces the directory's .jsonl files and index.json, and removes
// .jsonl files whose recording is gone. go test ./conformance/ fails when
// the committed files differ from what this command writes.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cronsim-go/cronsim/conformance"
)

func main() {
	corpus := flag.String("corpus", filepath.Join("conformance", "corpus"), "directory of recordings")
	out := flag.String("out", filepath.Join("conformance", "expectations"), "directory to write")
	flag.Parse()
	files, err := conformance.Expectations(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "expectations:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "expectations:", err)
		os.Exit(1)
	}
	old, _ := filepath.Glob(filepath.Join(*out, "*.jsonl"))
	for _, p := range old {
		if _, keep := files[filepath.Base(p)]; !keep {
			if err := os.Remove(p); err != nil {
				fmt.Fprintln(os.Stderr, "expectations:", err)
				os.Exit(1)
			}
			fmt.Println("removed", p)
		}
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	changed := 0
	for _, name := range names {
		p := filepath.Join(*out, name)
		if cur, err := os.ReadFile(p); err == nil && bytes.Equal(cur, files[name]) {
			continue
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "expectations:", err)
			os.Exit(1)
		}
		changed++
		fmt.Println("wrote", p)
	}
	fmt.Printf("%d files (%s), %d changed\n", len(files), strings.TrimSuffix(*out, "/"), changed)
}
