package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
)

// monitorAdapters are the monitors on the scoreboard's monitor section.
var monitorAdapters = []adapter{
	{"cronsim", "", "$BIN/cronsim due -batch", "", goTimeout, "this library's `Check.Verdict`, through `cronsim due -batch` (default early tolerance 5 s)"},
	{"Healthchecks formula, cronsim (Python)", "", "sh conformance/adapters/python/run.sh cronsim", "sh conformance/adapters/python/run.sh cronsim --version", scriptTimeout, "next run strictly after the last ping by Python cronsim, in the zone, plus the grace: what Healthchecks computes"},
	{"Healthchecks formula, croniter", "", "sh conformance/adapters/python/run.sh croniter", "sh conformance/adapters/python/run.sh croniter --version", scriptTimeout, "the same formula with croniter's get_next"},
	{"Healthchecks formula, naive", "", "$BIN/naive", "", goTimeout, "the same formula with the naive adapter's wall-time walk"},
}

// monitorHeading starts the monitor section of SCOREBOARD.md.
const monitorHeading = "## Monitors: verdicts on the monitor vectors"

// monitorSection scores every monitor adapter on the monitor vectors
// and returns the section.
func monitorSection(bin, repo string) (string, error) {
	path := "conformance/monitor/vectors.jsonl"
	vs, err := conformance.LoadMonitorVectors(path)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", monitorHeading)
	fmt.Fprintf(&b, "Each monitor is asked, through the monitor request of the adapter protocol\n"+
		"(`conformance/README.md`, \"Monitor vectors\"), for its verdict on the %d\n"+
		"ping sequences of `%s`, cut from the recordings of all three\n"+
		"daemons, each with the verdict the recorded starts call for. *agree*: the\n"+
		"alert (late or missed) as wanted, and the count of missed starts when there\n"+
		"is one; *false alarm*: an alert the recording does not call for; *silent*: no\n"+
		"alert where it calls for one; *missed count*: an alert with another count.\n"+
		"Columns: agree / false alarm / silent / missed count / error / hang.\n\n", len(vs), path)
	fmt.Fprintf(&b, "| monitor | version | ")
	for _, k := range conformance.MonitorKinds {
		fmt.Fprintf(&b, "%s | ", k)
	}
	b.WriteString("total | agree | how it is asked |\n|---|---|")
	for range conformance.MonitorKinds {
		b.WriteString("---|")
	}
	b.WriteString("---|---:|---|\n")
	cell := func(m map[string]int) string {
		return fmt.Sprintf("%d / %d / %d / %d / %d / %d", m["agree"], m["false_alarm"], m["silent"], m["missed_count"], m["error"], m["hang"])
	}
	for _, a := range monitorAdapters {
		cmd, ver := a.resolve(bin, repo)
		fmt.Fprintf(os.Stderr, "scoreboard: monitor %s (%s)...\n", a.name, ver)
		s := conformance.ScoreMonitor(&conformance.Runner{Command: cmd, Timeout: a.timeout, StartTimeout: 30 * time.Second}, vs, nil)
		fmt.Fprintf(&b, "| %s | %s | ", a.name, ver)
		for _, k := range conformance.MonitorKinds {
			fmt.Fprintf(&b, "%s | ", cell(s.ByKind[k]))
		}
		fmt.Fprintf(&b, "%s | %s | %s |\n", cell(s.Total), percentOf(s.Total["agree"], len(vs)), a.note)
	}
	b.WriteString("\n")
	return b.String(), nil
}

func percentOf(a, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(a)/float64(n))
}

// spliceMonitor replaces the monitor section of the file's text (or
// inserts it before "## By recording") and returns the new text.
func spliceMonitor(text []byte, section string) []byte {
	return spliceSection(text, monitorHeading, section)
}
