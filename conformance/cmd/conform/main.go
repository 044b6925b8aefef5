// Command conform holds cronsim, or any other implementation, to
// recordings of the real Debian cron daemon.
//
// Usage:
//
//	go run ./conformance/cmd/conform [-mode iter|sim] [-v] FILE...
//	go run ./conformance/cmd/conform -cmd 'PROGRAM ARGS' [-timeout D] [-portable] [-started running|after] [-json OUT] [-show N] [FILE...]
//	go run ./conformance/cmd/conform -cmd 'PROGRAM ARGS' -sim [-sim-timeout D] [FILE...]
//	go run ./conformance/cmd/conform -cmd 'PROGRAM ARGS' -calendar [-calendar-sample N] [FILE...]
//
// With -cmd it scores an external implementation through the adapter
// protocol of conformance/README.md (JSON Lines on the program's stdin and
// stdout) on every line an iterator can score, and prints agree, mismatch,
// error and hang per file and in total, split into portable and
// Debian-only syntax, with lines that never run counted apart. FILE
// defaults to conformance/corpus/*.json. The per-file and total "lines that
// run: agree" is the share SCOREBOARD.md publishes. With -sim it sends one
// simulator request per recording (crontab, zone, start and end, clock
// sets, pauses, job durations) and scores every start, repeats counted,
// on the recordings that need a simulator (or on the FILEs named), by the
// slow-job rule where jobs are slow. The exit status is 0 whatever the
// score, 2 when the command cannot run.
//
// Without -cmd it holds cronsim itself:
// It prints one line per mismatching crontab line, with a diff (-daemon
// +cronsim), and ends with "N passed, N failed", counting lines (and ", N
// skipped" for recordings with clock sets, slow jobs or pauses in iter
// mode, which only the simulator can follow). In sim mode, files with
// slow jobs (job_duration_s) are compared by the documented slow-job rule:
// the daemon's conformance.SlowRule: for Debian counts per line exact, each start within conformance.SlowSpread). The exit status is 1 when any line failed.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
)

func main() {
	mode := flag.String("mode", "iter", "iter: distinct run minutes against the iterator; sim: every start against the simulator")
	verbose := flag.Bool("v", false, "print a summary line per file")
	command := flag.String("cmd", "", "score an external implementation: the command (run by sh -c) that speaks the adapter protocol")
	timeout := flag.Duration("timeout", 0, "with -cmd: the CPU budget of one answer: a request the adapter's processes spend more CPU time on without answering is a hang (README.md, \"Hangs\"). Default: the scoreboard's, 1s, or 3s when the command starts with an interpreter or shell (sh, python3, node...)")
	startTimeout := flag.Duration("start-timeout", 60*time.Second, "with -cmd: extra CPU budget for the adapter's first answer (loading, installing)")
	portable := flag.Bool("portable", false, "with -cmd: send the portable spelling of Debian-only lines")
	daemon := flag.String("daemon", "debian-cron", "with -cmd: score the recordings of this daemon")
	jsonOut := flag.String("json", "", "with -cmd: write every verdict to this file, one JSON object per line")
	show := flag.Int("show", 5, "with -cmd: print up to N mismatching or failing lines")
	sim := flag.Bool("sim", false, "with -cmd: send simulator requests (kind \"simulate\", one per recording) and score the recordings with clock sets, pauses or slow jobs (named FILEs: all of them)")
	started := flag.String("started", "", "with -cmd: send \"started\" with each request: running (the daemon has run all along, the default) or after (it started in the minute of after)")
	simTimeout := flag.Duration("sim-timeout", 30*time.Second, "with -cmd -sim: CPU budget of the answer to one recording")
	calendar := flag.Bool("calendar", false, "with -cmd: send calendar requests (kind \"calendar\", systemd OnCalendar= specifications) and score them against the systemd-analyze parse corpora and the timer recordings (README.md, \"systemd timers: the calendar request\")")
	calendarSample := flag.Int("calendar-sample", 0, "with -calendar: score about N specifications of each parse corpus (0: all)")
	monitor := flag.String("monitor", "", "with -cmd: score a monitor's verdicts on the monitor vectors in this file (conformance/monitor/vectors.jsonl) instead of an iterator")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: conform [-mode iter|sim] [-v] FILE...\n       conform -cmd 'PROGRAM ARGS' [-timeout D] [-portable] [-started running|after] [-json OUT] [-show N] [FILE...]\n       conform -cmd 'PROGRAM ARGS' -sim [-sim-timeout D] [FILE...]\n       conform -cmd 'PROGRAM ARGS' -monitor VECTORS.jsonl [-timeout D] [-show N]\n       conform -cmd 'PROGRAM ARGS' -calendar [-calendar-sample N] [-timeout D] [-show N] [FILE...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *started != "" && *started != "running" && *started != "after" {
		fmt.Fprintf(os.Stderr, "conform: -started %q: want running or after\n", *started)
		os.Exit(2)
	}
	if *command != "" && *timeout <= 0 {
		*timeout = conformance.DefaultTimeout(*command)
	}
	if *command != "" && *calendar {
		os.Exit(runCalendar(*command, *timeout, *startTimeout, *calendarSample, *show, flag.Args()))
	}
	if *command != "" && *monitor != "" {
		os.Exit(runMonitor(*command, *timeout, *startTimeout, *monitor, *show))
	}
	if *command != "" {
		files := flag.Args()
		simAll := len(files) > 0
		if len(files) == 0 {
			files, _ = filepath.Glob(filepath.Join("conformance", "corpus", "*.json"))
		}
		os.Exit(runAdapter(*command, *timeout, *startTimeout, *portable, *daemon, *jsonOut, *show, files, *sim, simAll, *simTimeout, *started))
	}
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
		if ok, why := conformance.Modelled(rec.Daemon); !ok {
			fmt.Printf("SKIP %s: %s (%d lines)\n", path, why, fileSkipped)
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
