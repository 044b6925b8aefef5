// Package cases reads the specs that parse/gen writes and writes the
// parse corpus files that parse/record (crontab's check) and parse/busybox
// (crond's own reading) make from them: both read the same input and
// write the same layout, so conformance/parse's readers see one format.
package cases

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
)

// Suffix is the command after each spec in a crontab line: "SPEC true".
const Suffix = " true"

// Flags are the command-line flags of both recorders that say where the
// file goes and what its header records about how it was made.
type Flags struct {
	Out    *string
	Seed   *uint64
	Count  *int
	MadeBy *string
}

// NewFlags defines Flags on the command line.
func NewFlags() Flags {
	return Flags{
		Out:    flag.String("out", "", "output JSON file"),
		Seed:   flag.Uint64("seed", 1, "the seed gen was run with (recorded only)"),
		Count:  flag.Int("count", 0, "the count gen was run with (recorded only)"),
		MadeBy: flag.String("made-by", "", "the command line that made the file (recorded)"),
	}
}

// ReadSpecs reads gen's output: one JSON string a line.
func ReadSpecs(r io.Reader) ([]string, error) {
	var specs []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var s string
		if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
			return nil, fmt.Errorf("bad input line %d: %v", len(specs)+1, err)
		}
		specs = append(specs, s)
	}
	return specs, sc.Err()
}

// Write writes a parse corpus file: the header's fields, then "cases"
// with one case a line (which keeps diffs between recordings readable),
// HTML characters unescaped.
func Write[T any](path string, header any, cases []T) error {
	var buf bytes.Buffer
	hb, err := json.Marshal(header)
	if err != nil {
		return err
	}
	buf.Write(hb[:len(hb)-1])
	buf.WriteString(",\n\"cases\": [\n")
	for i := range cases {
		var cb bytes.Buffer
		enc := json.NewEncoder(&cb)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(cases[i]); err != nil {
			return err
		}
		buf.Write(bytes.TrimRight(cb.Bytes(), "\n"))
		if i < len(cases)-1 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
	}
	buf.WriteString("]}\n")
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
