// Command conform holds cronsim to recordings of the real Debian cron
// daemon.
//
// Usage:
//
//	go run ./conformance/cmd/conform [-mode iter|sim] [-v] FILE...
//
// It prints one line per mismatching crontab line, with a diff (-daemon
// +cronsim), and ends with "N passed, N failed", counting lines (and ", N
// skipped" for recordings with clock sets in iter mode, which only the
// simulator can follow). The exit status is 1 when any line failed.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/cronsim-go/cronsim/conformance"
)

func main() {
	mode := flag.String("mode", "iter", "iter: distinct run minutes against the iterator; sim: every start against the simulator")
	verbose := flag.Bool("v", false, "print a summary line per file")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: conform [-mode iter|sim] [-v] FILE...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 || (*mode != "iter" && *mode != "sim") {
		flag.Usage()
		os.Exit(2)
	}
	passed, failed, skipped := 0, 0, 0
	for _, path := range flag.Args() {
		rec, err := conformance.Load(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			failed++
			continue
		}
		filePassed, fileFailed, fileSkipped := 0, 0, 0
		for _, res := range conformance.Check(rec, conformance.Mode(*mode)) {
			switch {
			case res.Skipped:
				fileSkipped++
			case res.OK:
				filePassed++
			case res.Err != nil:
				fileFailed++
				fmt.Printf("FAIL %s %q: %v\n", path, res.Expr, res.Err)
			default:
				fileFailed++
				fmt.Printf("FAIL %s %q (%s): -daemon +cronsim\n%s", path, res.Expr, rec.TZ, indent(res.Diff))
			}
		}
		if *verbose {
			fmt.Fprintf(os.Stderr, "%s: %d passed, %d failed, %d skipped\n", path, filePassed, fileFailed, fileSkipped)
		}
		passed += filePassed
		failed += fileFailed
		skipped += fileSkipped
	}
	if skipped > 0 {
		fmt.Printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped)
	} else {
		fmt.Printf("%d passed, %d failed\n", passed, failed)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ") + "\n"
}
