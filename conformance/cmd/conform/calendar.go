package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
)

// runCalendar scores the command's answers to calendar requests (systemd
// OnCalendar= specifications) on the parse corpora and timer recordings
// named (default conformance/parse/systemd-*.jsonl and
// conformance/corpus/systemd-*.json) and prints the table.
func runCalendar(command string, timeout, startTimeout time.Duration, sample, show int, files []string) int {
	if len(files) == 0 {
		p, _ := filepath.Glob(filepath.Join("conformance", "parse", "systemd-*.jsonl"))
		c, _ := filepath.Glob(filepath.Join("conformance", "corpus", "systemd-*.json"))
		files = append(p, c...)
	}
	var parse, recs []string
	for _, f := range files {
		if strings.HasSuffix(f, ".jsonl") {
			parse = append(parse, f)
		} else {
			recs = append(recs, f)
		}
	}
	cases, skipped, err := conformance.CalendarCases(parse, recs, sample)
	if err != nil {
		fmt.Fprintln(os.Stderr, "conform:", err)
		return 2
	}
	if len(cases) == 0 {
		fmt.Fprintln(os.Stderr, "conform: no calendar cases in these files (run from the repository's root or name them)")
		return 2
	}
	fmt.Fprintf(os.Stderr, "conform: %d calendar requests; a hang is %v of the adapter's CPU time without an answer (after start-up)\n", len(cases), timeout)
	r := &conformance.Runner{Command: command, Timeout: timeout, StartTimeout: startTimeout, Stderr: os.Stderr}
	shown := 0
	start := time.Now()
	s := conformance.ScoreCalendar(r, cases, skipped, func(v conformance.CalendarVerdict) {
		if (v.Outcome != conformance.Agree || v.Norm == "differ") && shown < show {
			shown++
			c := v.Case
			what := strings.ToUpper(string(v.Outcome))
			if v.Outcome == conformance.Agree {
				what = "NORMALIZED"
			}
			fmt.Printf("%s %s line %d %q (%s, %s): %s\n", what, c.Source, c.Line, c.Spec, c.TZ, c.Group, v.Error)
			if v.Norm == "differ" {
				fmt.Printf("    normalized: systemd-analyze %q, answer %q\n", c.Normalized, v.Normalized)
			}
		}
	})
	PrintCalendarScore(os.Stdout, s)
	fmt.Fprintf(os.Stderr, "conform: %d calendar requests in %v\n", len(cases), time.Since(start).Round(time.Millisecond))
	return 0
}

// PrintCalendarScore prints one row per source and the totals.
func PrintCalendarScore(w io.Writer, s *conformance.CalendarScore) {
	printTallies(w, "source\taccepted a/m/e/h\trejected a/m/e/h\ttimer a/m/e/h\tagree",
		s.Sources, s.BySource, s.Total, conformance.CalendarGroups, agreeShare(conformance.CalendarGroups))
	for _, g := range conformance.CalendarGroups {
		t := s.Total[g]
		fmt.Fprintf(w, "%-9s %6d requests: %6d agree, %6d mismatch, %6d error, %6d hang (%s)\n", g, t.Lines(), t.Agree, t.Mismatch, t.Error, t.Hang, percent(t.Agree, t.Lines()))
	}
	a, n := s.ParseShare()
	fmt.Fprintf(w, "parse corpora: %d of %d agree (%s); normalized form: %d agree, %d differ, %d not answered\n", a, n, percent(a, n), s.Norm["agree"], s.Norm["differ"], s.Norm["absent"])
	t := s.Total["timer"]
	fmt.Fprintf(w, "timer recordings: %d of %d lines agree (%s)\n", t.Agree, t.Lines(), percent(t.Agree, t.Lines()))
	skipped := 0
	for _, n := range s.Skipped {
		skipped += n
	}
	if skipped > 0 {
		fmt.Fprintf(w, "skipped: %d requests in %d files (systemd gave up on an elapse; a trailing zone this machine has unlike the recording's root; timer files with clock sets, stops or power-offs)\n", skipped, len(s.Skipped))
	}
}
