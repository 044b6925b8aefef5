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
	"github.com/cronsim-go/cronsim/internal/kit"
)

// listFlag collects repeated flag values.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// parseSpan reads "A=B" with two times in the forms of parseTime.
func parseSpan(name, v string, loc *time.Location, stderr io.Writer) (time.Time, time.Time, error) {
	a, b, ok := strings.Cut(v, "=")
	if !ok {
		return time.Time{}, time.Time{}, fmt.Errorf("%s %s: want TIME=TIME", name, kit.Quote(v))
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
			fmt.Fprintf(stderr, "cronsim simulate: -line-duration %s: want LINE=DURATION, as in 3=90s\n", kit.Quote(f))
			return nil, false
		}
		d, err := time.ParseDuration(strings.TrimSpace(b))
		if err != nil || d < 0 {
			fmt.Fprintf(stderr, "cronsim simulate: -line-duration %s: %s is not a duration of 0 or more (as in 90s, 15m)\n", kit.Quote(f), kit.Quote(b))
			return nil, false
		}
		i := slices.IndexFunc(jobs, func(j simJob) bool { return j.lineNo == n })
		if i < 0 {
			fmt.Fprintf(stderr, "cronsim simulate: -line-duration %s: line %d of the file is not a job\n", kit.Quote(f), n)
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
func readCrontab(name string, data []byte, reader *kit.LineReader, stderr io.Writer) ([]cronsim.Schedule, []simJob, bool) {
	var scheds []cronsim.Schedule
	var jobs []simJob
	ok := true
	text := string(data)
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		e, warning, err := reader.Entry(line)
		if warning != nil {
			// BusyBox logs the field and runs what it read: so does the simulation.
			fmt.Fprintf(stderr, "%s:%d: warning: %s\n", name, n, kit.Display(warning.Error()))
		}
		if err != nil {
			var pe *cronsim.ParseError
			if errors.As(err, &pe) {
				fmt.Fprintf(stderr, "%s:%d:%d: %v\n%s\n", name, n, pe.Column, err, kit.Caret(line, pe.Column, ""))
			} else {
				fmt.Fprintf(stderr, "%s:%d: %s\n", name, n, kit.Display(err.Error()))
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

var cmdSimulate = &command{
	usageLine: "simulate [-tz ZONE] -from TIME -to TIME [-jump AT=TO ...] [-pause FROM=TO ...] [-job-duration D] [-line-duration LINE=D ...] [-dialect D] [-daemon D] [-starting-deadline D] [-concurrency P] [-json] FILE",
	short:     "run the daemon's clock over a crontab file and print every job start",
	long: `Runs the daemon's main loop over the span, with the clock sets (-jump) and
late wake-ups (-pause) given (cronsim.Simulation), and prints each start:
the instant, the crontab line, the minute it stands for and why.
`,
	arg:   argFile,
	setup: setupSimulate,
}

// simFlags are simulate's flags.
type simFlags struct {
	zone                         *zoneChoice
	from, to                     *string
	sched                        *scheduleFlagSet
	duration                     *time.Duration
	json                         *bool
	jumps, pauses, lineDurations listFlag
	// -daemon kubernetes: the CronJob's settings
	deadline    *time.Duration
	concurrency *string
}

func setupSimulate(c *call) func(string) int {
	fs := c.fs
	f := &simFlags{}
	f.zone = zoneFlag(fs)
	f.from = fs.String("from", "", "clock reading when the daemon starts (required): "+kit.TimeForms)
	f.to = fs.String("to", "", "clock reading when the simulation ends (required), same forms as -from")
	f.sched = scheduleFlags(fs, false)
	f.duration = fs.Duration("job-duration", 0, "how long every job runs (0: quick jobs, the daemon's catch-up sleeps are cut short at once)")
	f.json = fs.Bool("json", false, "print one JSON object per start")
	fs.Var(&f.lineDurations, "line-duration", "LINE=D: the job on line LINE of the file runs for D instead of -job-duration; repeatable")
	fs.Var(&f.jumps, "jump", "clock set AT=TO: when the clock reads AT it is set to TO; repeatable")
	fs.Var(&f.pauses, "pause", "late wake-up FROM=TO: the daemon does not run between these clock readings; repeatable")
	f.deadline = fs.Duration("starting-deadline", -1, "-daemon kubernetes: .spec.startingDeadlineSeconds as a duration (negative: none)")
	f.concurrency = fs.String("concurrency", "Allow", "-daemon kubernetes: .spec.concurrencyPolicy, Allow, Forbid or Replace")
	return func(file string) int { return runSimulate(c, f, file) }
}

func runSimulate(c *call, f *simFlags, file string) int {
	cmd, stdout, stderr := c.name, c.stdout, c.stderr
	zone, from, to, duration, asJSON := f.zone, f.from, f.to, f.duration, f.json
	jumps, pauses, lineDurations := f.jumps, f.pauses, f.lineDurations
	if *from == "" || *to == "" {
		return c.usagef("-from and -to are required\nusage: cronsim %s", c.cmd.usageLine)
	}
	if *duration < 0 {
		return c.usagef("-job-duration %v is negative", *duration)
	}
	if code, ok := f.sched.check(c); !ok {
		return code
	}
	loc, code, ok := zone.load(cmd, stderr)
	if !ok {
		return code
	}
	sim := cronsim.Simulation{Location: loc, JobDuration: *duration, Daemon: f.sched.daemon}
	if *f.deadline >= 0 {
		sim.StartingDeadline = f.deadline
	}
	var err error
	if sim.Concurrency, err = cronsim.ParseConcurrencyPolicy(*f.concurrency); err != nil {
		return c.usagef("-concurrency: %v", err)
	}
	now := time.Now()
	if sim.Start, err = parseTime(*from, loc, now, "-from", stderr); err == nil {
		sim.End, err = parseTime(*to, loc, now, "-to", stderr)
	}
	if err != nil {
		return c.usagef("%v", err)
	}
	if !sim.Start.Before(sim.End) && len(jumps) == 0 {
		// (With -jump the clock may be set back to before -to.)
		return c.usagef("-from %s is not before -to %s", sim.Start.In(loc).Format(time.RFC3339), sim.End.In(loc).Format(time.RFC3339))
	}
	for _, j := range jumps {
		at, set, err := parseSpan("-jump", j, loc, stderr)
		if err != nil {
			return c.usagef("%v", err)
		}
		sim.ClockSets = append(sim.ClockSets, cronsim.ClockSet{At: at, To: set})
	}
	for _, p := range pauses {
		from, to, err := parseSpan("-pause", p, loc, stderr)
		if err != nil {
			return c.usagef("%v", err)
		}
		sim.Pauses = append(sim.Pauses, cronsim.Pause{From: from, To: to})
	}
	name, data, code, ok := c.readCrontab(file)
	if !ok {
		return code
	}
	scheds, jobs, ok := readCrontab(name, data, f.sched.lineReader(), stderr)
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
				fmt.Fprintf(stderr, "cronsim simulate: %s: %s\n", flagOf(se.Field), kit.Display(se.Reason))
				return 2
			}
			fmt.Fprintf(stderr, "cronsim simulate: %s\n", kit.Display(err.Error()))
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
				s.Minute.Format("2006-01-02 15:04"), reason, kit.Display(job.text)))
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
