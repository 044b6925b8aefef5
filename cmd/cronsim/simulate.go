package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

// listFlag collects repeated flag values.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseSpan reads "A=B" with two times in the forms of parseTime.
func parseSpan(name, v string, loc *time.Location, stderr io.Writer) (time.Time, time.Time, error) {
	a, b, ok := strings.Cut(v, "=")
	if !ok {
		return time.Time{}, time.Time{}, fmt.Errorf("%s %s: want TIME=TIME", name, quoteArg(v))
	}
	now := time.Now()
	at, err := parseTime(a, loc, now, name, stderr)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	to, err := parseTime(b, loc, now, name, stderr)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	return at, to, nil
}

// flagOf names the flag that set a Simulation field ("ClockSets[1].To"
// is the second -jump's TO).
func flagOf(field string) string {
	name, rest, _ := strings.Cut(field, "[")
	idx, part, _ := strings.Cut(rest, "]")
	n, _ := strconv.Atoi(idx)
	part = strings.TrimPrefix(part, ".")
	switch name {
	case "Start":
		return "-from"
	case "End":
		return "-to"
	case "JobDuration":
		return "-job-duration"
	case "ClockSets":
		return fmt.Sprintf("-jump #%d %s", n+1, map[string]string{"At": "AT", "To": "TO"}[part])
	case "Pauses":
		return fmt.Sprintf("-pause #%d %s", n+1, strings.ToUpper(part))
	}
	return field
}

// perLineDurations reads the -line-duration flags into one duration per
// job (Simulation.JobDurations): LINE is the job's line in the file, the
// number the output shows; the other jobs run for def.
func perLineDurations(flags []string, jobs []simJob, def time.Duration, stderr io.Writer) ([]time.Duration, bool) {
	ds := make([]time.Duration, len(jobs))
	for i := range ds {
		ds[i] = def
	}
	for _, f := range flags {
		a, b, found := strings.Cut(f, "=")
		n, err := strconv.Atoi(strings.TrimSpace(a))
		if !found || err != nil {
			fmt.Fprintf(stderr, "cronsim simulate: -line-duration %s: want LINE=DURATION, as in 3=90s\n", quoteArg(f))
			return nil, false
		}
		d, err := time.ParseDuration(strings.TrimSpace(b))
		if err != nil || d < 0 {
			fmt.Fprintf(stderr, "cronsim simulate: -line-duration %s: %s is not a duration of 0 or more (as in 90s, 15m)\n", quoteArg(f), quoteArg(b))
			return nil, false
		}
		i := slices.IndexFunc(jobs, func(j simJob) bool { return j.lineNo == n })
		if i < 0 {
			fmt.Fprintf(stderr, "cronsim simulate: -line-duration %s: line %d of the file is not a job\n", quoteArg(f), n)
			return nil, false
		}
		ds[i] = d
	}
	return ds, true
}

type simJob struct {
	lineNo int
	text   string
}

// readCrontab reads a user crontab file as Debian's crontab reads it and
// returns the jobs, with their line numbers. It reports every line Debian
// rejects.
func readCrontab(name string, data []byte, d cronsim.Dialect, daemon *daemonChoice, stderr io.Writer) ([]cronsim.Schedule, []simJob, bool) {
	var scheds []cronsim.Schedule
	var jobs []simJob
	ok := true
	text := string(data)
	var reader cronsim.CrontabReader
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		e, err := daemon.readEntry(&reader, line, d)
		if err != nil && errors.Is(err, cronsim.ErrMangled) && e.Kind == cronsim.EntryJob && daemon.d != cronsim.DebianCron {
			// BusyBox logs the field and runs what it read: so does the simulation.
			fmt.Fprintf(stderr, "%s:%d: warning: %s\n", name, n, display(err.Error()))
			err = nil
		}
		if err != nil {
			var pe *cronsim.ParseError
			if errors.As(err, &pe) {
				fmt.Fprintf(stderr, "%s:%d:%d: %v\n%s\n", name, n, pe.Column, err, caret(line, pe.Column, ""))
			} else {
				fmt.Fprintf(stderr, "%s:%d: %s\n", name, n, display(err.Error()))
			}
			ok = false
			continue
		}
		if e.Kind == cronsim.EntryJob {
			scheds = append(scheds, e.Schedule)
			jobs = append(jobs, simJob{n, strings.TrimSpace(line)})
		}
	}
	return scheds, jobs, ok
}

func runSimulate(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd, "usage: cronsim simulate [-tz ZONE] -from TIME -to TIME [-jump AT=TO ...] [-pause FROM=TO ...] [-job-duration D] [-json] FILE|-", stderr)
	zone := zoneFlag(fs)
	from := fs.String("from", "", "clock reading when the daemon starts (required): "+timeForms)
	to := fs.String("to", "", "clock reading when the simulation ends (required), same forms as -from")
	dialectName := fs.String("dialect", "debian", "crontab dialect: debian, debian-bookworm or strict")
	daemon := daemonFlag(fs)
	duration := fs.Duration("job-duration", 0, "how long every job runs (0: quick jobs, the daemon's catch-up sleeps are cut short at once)")
	asJSON := fs.Bool("json", false, "print one JSON object per start")
	var jumps, pauses listFlag
	var lineDurations listFlag
	fs.Var(&lineDurations, "line-duration", "LINE=D: the job on line LINE of the file runs for D instead of -job-duration; repeatable")
	fs.Var(&jumps, "jump", "clock set AT=TO: when the clock reads AT it is set to TO; repeatable")
	fs.Var(&pauses, "pause", "late wake-up FROM=TO: the daemon does not run between these clock readings; repeatable")
	deadline := fs.Duration("starting-deadline", -1, "-daemon kubernetes: .spec.startingDeadlineSeconds as a duration (negative: none)")
	concurrency := fs.String("concurrency", "Allow", "-daemon kubernetes: .spec.concurrencyPolicy, Allow, Forbid or Replace")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	file, code, ok := oneArg(pos, cmd, "one crontab file (- for standard input)", stderr)
	if !ok {
		return code
	}
	if *from == "" || *to == "" {
		fmt.Fprintln(stderr, "cronsim simulate: -from and -to are required")
		fs.Usage()
		return 2
	}
	if *duration < 0 {
		fmt.Fprintf(stderr, "cronsim simulate: -job-duration %v is negative\n", *duration)
		return 2
	}
	dialect, err := parseDialect(*dialectName)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: %v\n", err)
		return 2
	}
	if code, ok := daemon.check(cmd, stderr); !ok {
		return code
	}
	loc, code, ok := zone.load(cmd, stderr)
	if !ok {
		return code
	}
	sim := cronsim.Simulation{Location: loc, JobDuration: *duration, Daemon: daemon.d}
	if *deadline >= 0 {
		sim.StartingDeadline = deadline
	}
	if sim.Concurrency, err = cronsim.ParseConcurrencyPolicy(*concurrency); err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: -concurrency: %v\n", err)
		return 2
	}
	now := time.Now()
	if sim.Start, err = parseTime(*from, loc, now, "-from", stderr); err == nil {
		sim.End, err = parseTime(*to, loc, now, "-to", stderr)
	}
	if err != nil {
		fmt.Fprintf(stderr, "cronsim simulate: %v\n", err)
		return 2
	}
	if !sim.Start.Before(sim.End) && len(jumps) == 0 {
		// (With -jump the clock may be set back to before -to.)
		fmt.Fprintf(stderr, "cronsim simulate: -from %s is not before -to %s\n", sim.Start.In(loc).Format(time.RFC3339), sim.End.In(loc).Format(time.RFC3339))
		return 2
	}
	for _, j := range jumps {
		at, set, err := parseSpan("-jump", j, loc, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "cronsim simulate: %v\n", err)
			return 2
		}
		sim.ClockSets = append(sim.ClockSets, cronsim.ClockSet{At: at, To: set})
	}
	for _, p := range pauses {
		a, b, err := parseSpan("-pause", p, loc, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "cronsim simulate: %v\n", err)
			return 2
		}
		sim.Pauses = append(sim.Pauses, cronsim.Pause{From: a, To: b})
	}
	data, code, ok := readInput(file, cmd, stdin, stderr)
	if !ok {
		return code
	}
	name := display(file)
	if file == "-" {
		name = "<stdin>"
	}
	scheds, jobs, ok := readCrontab(name, data, dialect, daemon, stderr)
	if !ok {
		return 1
	}
	sim.Lines = scheds
	if len(lineDurations) > 0 {
		if sim.JobDurations, ok = perLineDurations(lineDurations, jobs, *duration, stderr); !ok {
			return 2
		}
	}
	zone.announce(cmd, stderr)
	// Stream: each start is written as the simulation makes it, so memory
	// stays constant however long the span, and the simulation stops
	// when the reader goes away.
	out := newOutput(stdout)
	count := 0
	for s, err := range sim.Starts() {
		if err != nil {
			out.finish(cmd, stderr, 0)
			var se *cronsim.SimulationError
			if errors.As(err, &se) && count == 0 {
				// An input the simulator cannot use: name the flag.
				fmt.Fprintf(stderr, "cronsim simulate: %s: %s\n", flagOf(se.Field), display(se.Reason))
				return 2
			}
			fmt.Fprintf(stderr, "cronsim simulate: %s\n", display(err.Error()))
			return 1
		}
		count++
		job := jobs[s.Line]
		if *asJSON {
			b, _ := json.Marshal(struct {
				Time   string `json:"time"`
				Line   int    `json:"line"`
				Entry  string `json:"entry"`
				Minute string `json:"minute"`
				Reason string `json:"reason"`
				// Window: cronie's RANDOM_DELAY, the start falls in [time, time+window).
				Window string `json:"window,omitempty"`
			}{s.Time.In(loc).Format(time.RFC3339), job.lineNo, job.text, s.Minute.Format("2006-01-02T15:04"), s.Reason.String(), windowText(s.Window)})
			out.line(string(jsonSafe(b)))
		} else {
			reason := s.Reason.String()
			if s.Window > 0 {
				reason += " (RANDOM_DELAY: within " + windowText(s.Window) + ")"
			}
			out.line(fmt.Sprintf("%s  line %d  for %s  %s  %s", s.Time.In(loc).Format(time.RFC3339), job.lineNo,
				s.Minute.Format("2006-01-02 15:04"), reason, display(job.text)))
		}
		if !out.ok() {
			break
		}
	}
	if code := out.finish(cmd, stderr, 0); code != 0 {
		return code
	}
	if !*asJSON {
		fmt.Fprintf(stderr, "%s of %s in %s\n", plural(count, "start"), plural(len(jobs), "job"), loc)
	}
	return 0
}

// windowText writes a RANDOM_DELAY window ("10m0s" as "10m"), or "".
func windowText(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return strings.TrimSuffix(d.String(), "0s")
}
