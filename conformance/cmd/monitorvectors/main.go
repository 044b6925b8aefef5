// Command monitorvectors writes conformance/monitor/vectors.jsonl (and
// index.json: how it was made, counts) from
// the recordings in conformance/corpus/: ping sequences a monitoring
// service could receive, each with the verdict the recorded starts call
// for (conformance.MonitorVectors; format in conformance/README.md,
// "Monitor vectors"). Nothing but the recordings goes in.
//
// Usage, from the repository's root:
//
//	go run ./conformance/cmd/monitorvectors [-corpus DIR] [-out FILE]
//
// go test ./conformance/ fails when the committed file differs from
// what this command writes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/cronsim-go/cronsim/conformance"
)

func main() {
	corpus := flag.String("corpus", filepath.Join("conformance", "corpus"), "directory of recordings")
	out := flag.String("out", filepath.Join("conformance", "monitor", "vectors.jsonl"), "file to write")
	flag.Parse()
	vs, err := conformance.AllMonitorVectors(*corpus)
	if err != nil {
		fmt.Fprintln(os.Stderr, "monitorvectors:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, conformance.EncodeMonitorVectors(vs), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "monitorvectors:", err)
		os.Exit(1)
	}
	index := filepath.Join(filepath.Dir(*out), "index.json")
	if err := os.WriteFile(index, conformance.MonitorIndex(vs), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "monitorvectors:", err)
		os.Exit(1)
	}
	fmt.Printf("%d vectors written to %s\n", len(vs), *out)
}
