package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

// listFlag collects repeated flag values.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseSpan reads "A=B" with two RFC 3339 times.
func parseSpan(v string) (time.Time, time.Time, error) {
	a, b, ok := strings.Cut(v, "=")
	if !ok {
		return time.Time{}, time.Time{}, fmt.Errorf("%q: want TIME=TIME", v)
	}
	at, err := time.Parse(time.RFC3339, a)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	to, err := time.Parse(time.RFC3339, b)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return at, to, nil
}

type simJob struct {
	lineNo int
	text   string
}

// readCrontab reads a user crontab file as Debian's crontab reads it and
// returns the jobs, with their line numbers.
func readCrontab(path string, d cronsim.Dialect, stderr io.Writer) ([]cronsim.Schedule, []simJob, bool) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: %v\n", err)
		return nil, nil, false
	}
	defer f.Close()
	var scheds []cronsim.Schedule
	var jobs []simJob
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	ok := true
	for n := 1; sc.Scan(); n++ {
		e, err := cronsim.ParseEntry(sc.Text(), d)
		if err != nil {
			var pe *cronsim.ParseError
			if errors.As(err, &pe) {
				fmt.Fprintf(stderr, "%s:%d:%d: %v\n%s\n", path, n, pe.Column, err, pe.Caret())
			} else {
				fmt.Fprintf(stderr, "%s:%d: %v\n", path, n, err)
			}
			ok = false
			continue
		}
		if e.Kind == cronsim.EntryJob {
			scheds = append(scheds, e.Schedule)
			jobs = append(jobs, simJob{n, strings.TrimSpace(sc.Text())})
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: %s: %v\n", path, err)
		return nil, nil, false
	}
	return scheds, jobs, ok
}

func runSimulate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tz := fs.String("tz", "UTC", "IANA time zone the daemon runs in")
	from := fs.String("from", "", "clock reading when the daemon starts, RFC 3339 (required)")
	to := fs.String("to", "", "clock reading when the simulation ends, RFC 3339 (required)")
	dialectName := fs.String("dialect", "debian", "crontab dialect: debian, debian-bookworm or strict")
	duration := fs.Duration("job-duration", 0, "how long every job runs (0: quick jobs, the daemon's catch-up sleeps are cut short at once)")
	asJSON := fs.Bool("json", false, "print one JSON object per start")
	var jumps, pauses listFlag
	fs.Var(&jumps, "jump", "clock set AT=TO (RFC 3339 both): when the clock reads AT it is set to TO; repeatable")
	fs.Var(&pauses, "pause", "late wake-up FROM=TO: the daemon does not run between these clock readings; repeatable")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cronsim simulate -tz ZONE -from TIME -to TIME [-jump AT=TO ...] [-pause FROM=TO ...] [-job-duration D] [-json] FILE\n")
		fs.PrintDefaults()
	}
	if code, ok := parseArgs(fs, args, "simulate", "one crontab file", stderr); !ok {
		return code
	}
	if *from == "" || *to == "" {
		fmt.Fprintln(stderr, "cronsim simulate: -from and -to are required")
		fs.Usage()
		return 2
	}
	dialect, err := parseDialect(*dialectName)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: %v\n", err)
		return 2
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: unknown time zone %q: %v\n", *tz, err)
		return 2
	}
	sim := cronsim.Simulation{Location: loc, JobDuration: *duration}
	if sim.Start, err = time.Parse(time.RFC3339, *from); err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: -from: %v\n", err)
		return 2
	}
	if sim.End, err = time.Parse(time.RFC3339, *to); err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: -to: %v\n", err)
		return 2
	}
	for _, j := range jumps {
		at, set, err := parseSpan(j)
		if err != nil {
			fmt.Fprintf(stderr, "cronsim simulate: -jump %v\n", err)
			return 2
		}
		sim.ClockSets = append(sim.ClockSets, cronsim.ClockSet{At: at, To: set})
	}
	for _, p := range pauses {
		a, b, err := parseSpan(p)
		if err != nil {
			fmt.Fprintf(stderr, "cronsim simulate: -pause %v\n", err)
			return 2
		}
		sim.Pauses = append(sim.Pauses, cronsim.Pause{From: a, To: b})
	}
	scheds, jobs, ok := readCrontab(fs.Arg(0), dialect, stderr)
	if !ok {
		return 1
	}
	sim.Lines = scheds
	starts, err := sim.Run()
	if err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: %v\n", err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	for _, s := range starts {
		job := jobs[s.Line]
		if *asJSON {
			enc.Encode(struct {
				Time   string `json:"time"`
				Line   int    `json:"line"`
				Entry  string `json:"entry"`
				Minute string `json:"minute"`
				Reason string `json:"reason"`
			}{s.Time.In(loc).Format(time.RFC3339), job.lineNo, job.text, s.Minute.Format("2006-01-02T15:04"), s.Reason.String()})
			continue
		}
		fmt.Fprintf(stdout, "%s  line %d  for %s  %s  %s\n", s.Time.In(loc).Format(time.RFC3339), job.lineNo,
			s.Minute.Format("2006-01-02 15:04"), s.Reason, job.text)
	}
	if !*asJSON {
		fmt.Fprintf(stderr, "%d starts of %d jobs\n", len(starts), len(jobs))
	}
	return 0
}
