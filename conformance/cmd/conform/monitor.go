package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
)

// runMonitor scores a monitor's verdicts on the monitor vectors.
func runMonitor(command string, timeout, startTimeout time.Duration, path string, show int) int {
	vs, err := conformance.LoadMonitorVectors(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "conform:", err)
		return 2
	}
	r := &conformance.Runner{Command: command, Timeout: timeout, StartTimeout: startTimeout, Stderr: os.Stderr}
	shown := 0
	start := time.Now()
	score := conformance.ScoreMonitor(r, vs, func(res conformance.MonitorResult) {
		if res.Outcome != "agree" && shown < show {
			shown++
			v := res.Vector
			fmt.Printf("%s %s (%s, %q, grace %vs): want %s missed %d, got %s missed %d %s\n", res.Outcome, v.ID, v.TZ, v.Expr, v.GraceS,
				v.Want.State, v.Want.Missed, res.State, res.Missed, res.Error)
		}
	})
	PrintMonitorScore(os.Stdout, score)
	fmt.Fprintf(os.Stderr, "conform: %d vectors in %v\n", len(vs), time.Since(start).Round(time.Millisecond))
	return 0
}

// PrintMonitorScore prints the outcomes by daemon, by kind and in total.
func PrintMonitorScore(w io.Writer, s *conformance.MonitorScore) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "\t")
	for _, o := range conformance.MonitorOutcomes {
		fmt.Fprintf(tw, "%s\t", o)
	}
	fmt.Fprintln(tw, "agree %\t")
	row := func(name string, m map[string]int) {
		fmt.Fprintf(tw, "%s\t", name)
		n := 0
		for _, o := range conformance.MonitorOutcomes {
			fmt.Fprintf(tw, "%d\t", m[o])
			n += m[o]
		}
		fmt.Fprintf(tw, "%s\t\n", percent(m["agree"], n))
	}
	for _, group := range []map[string]map[string]int{s.ByDaemon, s.ByKind} {
		keys := make([]string, 0, len(group))
		for k := range group {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			row(k, group[k])
		}
	}
	row("total", s.Total)
	tw.Flush()
}
