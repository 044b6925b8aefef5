package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/clock"
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
	case "Stopped":
		return fmt.Sprintf("-stop #%d %s", n+1, strings.ToUpper(part))
	}
	return field
}

// simFieldWords matches the Simulation fields a reason names.
var simFieldWords = regexp.MustCompile(`\b(Start|End|JobDuration)\b`)

// flagNames rewrites the Simulation fields named in a reason as the
// flags that set them: "from Start to End" is "from -from to -to".
func flagNames(reason string) string {
	return simFieldWords.ReplaceAllStringFunc(reason, flagOf)
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
			fmt.Fprintf(stderr, "%s:%d: warning: %s\n", name, n, kit.Escaped(warning.Error()))
		}
		if err != nil {
			var pe *cronsim.ParseError
			if errors.As(err, &pe) {
				fmt.Fprintf(stderr, "%s:%d:%d: %v\n%s\n", name, n, pe.Column, err, kit.Caret(line, pe.Column, ""))
			} else {
				fmt.Fprintf(stderr, "%s:%d: %s\n", name, n, kit.Escaped(err.Error()))
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
	usageLine: "simulate [-tz ZONE] -from TIME -to TIME [-jump AT=TO ...] [-pause FROM=TO ...] [-job-duration D] [-line-duration LINE=D ...] [-dialect D] [-daemon D] [-starting-deadline D] [-concurrency P] [-suspend FROM=TO ...] [-accuracy D] [-randomized-delay D] [-persistent] [-stop FROM=TO ...] [-json] FILE",
	short:     "run the daemon's clock over a crontab file and print every job start",
	long: `Runs the daemon's main loop over the span, with the clock sets (-jump) and
late wake-ups (-pause) given (cronsim.Simulation), and prints each start:
the instant, the crontab line, the minute it stands for and why.

-daemon kubernetes runs the CronJob controller over a file of schedules,
one CronJob each, created at -from: -pause is a controller outage, and
-starting-deadline, -concurrency (with -job-duration) and -suspend are the
CronJobs' settings.

-daemon systemd runs timer units over a file of OnCalendar= values, one
timer each: -pause suspends the machine, -stop stops the timers, and a
start is the earliest moment systemd may start the service, with its
window (-accuracy, -randomized-delay).
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
	cronJob  *cronJobFlags
	suspends listFlag
	// -daemon systemd: the timer units' settings and stops
	timer *timerFlags
	stops listFlag
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
	f.cronJob = addCronJobFlags(fs, false)
	fs.Var(&f.suspends, "suspend", "-daemon kubernetes: FROM=TO, .spec.suspend is true between these clock readings; repeatable")
	f.timer = newTimerFlags(fs, true)
	fs.Var(&f.stops, "stop", "-daemon systemd: FROM=TO: the timers are stopped (the machine is off) between these clock readings; Persistent= acts at TO; repeatable")
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
	if sim.StartingDeadline, sim.Concurrency, code, ok = f.cronJob.read(c, f.sched.daemon); !ok {
		return code
	}
	timer, code, ok := f.timer.timer(c, c.fs, f.sched.daemon)
	if !ok {
		return code
	}
	var err error
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
	for _, p := range f.stops {
		from, to, err := parseSpan("-stop", p, loc, stderr)
		if err != nil {
			return c.usagef("%v", err)
		}
		sim.Stopped = append(sim.Stopped, cronsim.Pause{From: from, To: to})
	}
	for _, p := range f.suspends {
		from, to, err := parseSpan("-suspend", p, loc, stderr)
		if err != nil {
			return c.usagef("%v", err)
		}
		sim.Suspended = append(sim.Suspended, cronsim.Pause{From: from, To: to})
	}
	name, data, code, ok := c.readCrontab(file)
	if !ok {
		return code
	}
	scheds, jobs, ok := readCrontab(name, data, f.sched.lineReader(), stderr)
	if !ok {
		return 1
	}
	for i := range scheds {
		scheds[i] = scheds[i].WithTimer(timer) // a no-op for cron schedules
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
				// The message is the command's own, whole (the library
				// quotes what it echoes), and names flags, not fields.
				fmt.Fprintf(stderr, "cronsim simulate: %s: %s\n", flagOf(se.Field), kit.Escaped(flagNames(se.Reason)))
				return 2
			}
			fmt.Fprintf(stderr, "cronsim simulate: %s\n", kit.Escaped(flagNames(err.Error())))
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
				// Window: cronie's RANDOM_DELAY, the start falls in [time, time+window);
				// a systemd timer's AccuracySec= plus RandomizedDelaySec=.
				Window string `json:"window,omitempty"`
			}{simTime(s.Time.In(loc)), job.lineNo, job.text, s.Minute.Format("2006-01-02T15:04"), s.Reason.String(), windowText(s.Window)})
			out.line(string(jsonSafe(b)))
		} else {
			reason := s.Reason.String()
			if s.Window > 0 {
				what := "RANDOM_DELAY"
				if sim.Daemon.Rules().TimerUnits {
					what = "timer window"
				}
				reason += " (" + what + ": within " + windowText(s.Window) + ")"
			}
			out.line(fmt.Sprintf("%s  line %d  for %s  %s  %s", simTime(s.Time.In(loc)), job.lineNo,
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

// windowText writes a RANDOM_DELAY or timer window as the library writes
// a span ("10m0s" as "10m", "1m30s" kept), or "".
func windowText(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return clock.Span(d)
}

// simTime writes a start as next does (timeText); simulate's span ends
// before the year 10000, so there is no error to report.
func simTime(t time.Time) string {
	text, err := timeText(t)
	if err != nil {
		return t.Format(time.RFC3339)
	}
	return text
}

// Batch mode of simulate: the simulator request of conformance/README.md
// ("Scoring a simulator"), answered for any number of crontabs, one JSON
// object per line on stdin, one answer per line on stdout, in order.
// conform -cmd 'cronsim simulate -batch' -sim scores it on the recordings
// with clock sets, pauses and slow jobs.

// A simQuery is one simulator request.
type simQuery struct {
	ID   json.RawMessage `json:"id"`
	Kind string          `json:"kind"`
	// Daemon names the daemon simulated (debian-cron, cronie,
	// busybox-crond); empty: the -daemon flag.
	Daemon string    `json:"daemon"`
	TZ     string    `json:"tz"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Clock  []struct {
		At time.Time `json:"at"`
		To time.Time `json:"to"`
	} `json:"clock"`
	Pauses []struct {
		From time.Time `json:"from"`
		To   time.Time `json:"to"`
	} `json:"pauses"`
	Crontab      []string  `json:"crontab"`
	JobDurationS []float64 `json:"job_duration_s"`
}

// maxSimStarts bounds the starts of one answer.
const maxSimStarts = 1000000

const simBatchUsage = `Reads one simulator request per line on stdin and answers each with one
JSON line on stdout, in order, flushed at once:

  {"id": 1, "kind": "simulate", "tz": "Europe/Dublin",
   "start": "2021-03-27T23:58:01Z", "end": "2021-03-29T02:00:00Z",
   "clock": [{"at": "...", "to": "..."}], "pauses": [{"from": "...", "to": "..."}],
   "crontab": ["30 1 * * *", "0-59 1 * * *"], "job_duration_s": [0, 3]}
  -> {"id":1,"starts":[["2021-03-28T01:00:01Z"],["2021-03-28T01:00:01Z",...]]}
  -> {"id":1,"error":"..."} when the request or a line is bad

The daemon starts when its clock reads "start" and runs until it reads
"end"; "starts" lists, per crontab line, every start (UTC clock readings,
repeats kept). "daemon" (debian-cron, cronie, busybox-crond) overrides
-daemon; "job_duration_s" (seconds, one per line) defaults to quick jobs.
`

var cmdSimulateBatch = &command{
	usageLine: "simulate -batch [-dialect D] [-daemon D] [-tz ZONE] < REQUESTS",
	short:     "answer the simulator requests of the adapter protocol on standard input",
	long:      simBatchUsage,
	arg:       argNone,
	setup: func(c *call) func(string) int {
		c.fs.Bool("batch", true, "answer JSON Lines simulator requests from stdin")
		tz := c.fs.String("tz", "UTC", "zone of requests without tz")
		sf := scheduleFlags(c.fs, false)
		return func(string) int { return runSimulateBatch(c, *tz, sf) }
	},
}

// simulateBatchVariant is simulate's variant hook: -batch runs batch mode.
func simulateBatchVariant(args []string) *command {
	if batchRequested(args) {
		return cmdSimulateBatch
	}
	return nil
}

func init() { cmdSimulate.variant = simulateBatchVariant }

// runSimulateBatch answers simulator requests from stdin until it ends.
func runSimulateBatch(c *call, tz string, sf *scheduleFlagSet) int {
	q, code, ok := sf.query(c)
	if !ok {
		return code
	}
	q.Dialect = sf.dialect.forCrontab() // a crontab's lines: debian unless -dialect says otherwise
	if _, err := time.LoadLocation(tz); err != nil {
		return c.usagef("unknown time zone %s", kit.Quote(tz))
	}
	r := bufio.NewReaderSize(c.stdin, 64<<10)
	w := bufio.NewWriter(c.stdout)
	for lineNo := 1; ; lineNo++ {
		line, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			w.Write(jsonSafe(simAnswerLine(line, lineNo, tz, q)))
			if err := w.Flush(); err != nil {
				c.errorf("%v", err)
				return 1
			}
		}
		if err == io.EOF {
			return 0
		}
		if err != nil {
			c.errorf("reading stdin: %v", err)
			return 1
		}
	}
}

// simAnswerLine answers one request line.
func simAnswerLine(line []byte, lineNo int, defTZ string, read kit.Query) []byte {
	var q simQuery
	fail := func(msg string) []byte {
		b, _ := json.Marshal(struct {
			ID    json.RawMessage `json:"id"`
			Error string          `json:"error"`
		}{q.ID, strings.ToValidUTF8(msg, "\uFFFD")})
		return append(b, '\n')
	}
	if err := json.Unmarshal(line, &q); err != nil {
		q.ID = nil
		return fail(fmt.Sprintf("line %d: not a simulator request: %v", lineNo, err))
	}
	if len(q.ID) == 0 {
		q.ID = json.RawMessage("null")
	}
	if q.Kind != "" && q.Kind != "simulate" {
		return fail(fmt.Sprintf("kind %q: simulate -batch answers kind \"simulate\" (next -batch answers iterator requests, due -batch monitor requests)", q.Kind))
	}
	if q.Daemon != "" {
		d, err := cronsim.ParseDaemon(q.Daemon)
		if err != nil {
			return fail(fmt.Sprintf("daemon: %v", err))
		}
		read.Daemon = d
	}
	name := q.TZ
	if name == "" {
		name = defTZ
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return fail(fmt.Sprintf("unknown time zone %q", name))
	}
	sim := cronsim.Simulation{Location: loc, Start: q.Start, End: q.End, Daemon: read.Daemon}
	if q.JobDurationS != nil && len(q.JobDurationS) != len(q.Crontab) {
		return fail(fmt.Sprintf("job_duration_s has %d entries for %d crontab lines", len(q.JobDurationS), len(q.Crontab)))
	}
	for i, expr := range q.Crontab {
		read.Expr = expr
		s, err := read.Parse()
		if err != nil {
			return fail(fmt.Sprintf("crontab line %d %q: %v", i+1, expr, err))
		}
		sim.Lines = append(sim.Lines, s)
	}
	for i, sec := range q.JobDurationS {
		if sec < 0 || sec > 86400 {
			return fail(fmt.Sprintf("job_duration_s[%d] = %v: want 0 to 86400 seconds", i, sec))
		}
		if sim.JobDurations == nil {
			sim.JobDurations = make([]time.Duration, len(q.JobDurationS))
		}
		sim.JobDurations[i] = time.Duration(sec * float64(time.Second))
	}
	for _, c := range q.Clock {
		sim.ClockSets = append(sim.ClockSets, cronsim.ClockSet{At: c.At, To: c.To})
	}
	for _, p := range q.Pauses {
		sim.Pauses = append(sim.Pauses, cronsim.Pause{From: p.From, To: p.To})
	}
	starts := make([][]string, len(sim.Lines))
	for i := range starts {
		starts[i] = []string{}
	}
	count := 0
	for st, err := range sim.Starts() {
		if err != nil {
			var se *cronsim.SimulationError
			if errors.As(err, &se) {
				return fail(fmt.Sprintf("%s: %s", simField(se.Field), se.Reason))
			}
			return fail(err.Error())
		}
		if count++; count > maxSimStarts {
			return fail(fmt.Sprintf("more than %d starts: shorten the span", maxSimStarts))
		}
		starts[st.Line] = append(starts[st.Line], st.Time.UTC().Format(time.RFC3339Nano))
	}
	b, _ := json.Marshal(struct {
		ID     json.RawMessage `json:"id"`
		Starts [][]string      `json:"starts"`
	}{q.ID, starts})
	return append(b, '\n')
}

// simField names a request field for a Simulation field ("ClockSets[1].To"
// is clock[1].to).
func simField(field string) string {
	r := strings.NewReplacer("Start", "start", "End", "end", "JobDurations", "job_duration_s", "JobDuration", "job_duration_s",
		"ClockSets", "clock", "Pauses", "pauses", "At", "at", "To", "to", "From", "from", "Lines", "crontab")
	return r.Replace(field)
}

// startedAfter answers a next -batch query with "started": "after": the
// runs of a daemon started in the minute of after (as in the recordings),
// not of one that has run all along (the iterator's assumption). They
// differ only in a window that begins within 180 minutes after a
// backward change of local time: a daemon started in the repeated span
// has not seen its first pass, so it runs fixed-time jobs there (Debian's
// cron: last = now at start). The answer is the distinct minutes the
// simulated daemon starts the line in, strictly before before.
func (b *batch) startedAnswer(out []byte, q batchQuery, sched cronsim.Schedule, loc *time.Location, after, before time.Time, limit int) []byte {
	switch {
	case q.Started != "after":
		return b.errorAnswer(out, q.ID, fmt.Sprintf("started %q: want \"running\" (the default) or \"after\"", q.Started))
	case b.backward:
		return b.errorAnswer(out, q.ID, "started: prev -batch answers for a daemon running all along only")
	case after.IsZero() || before.IsZero():
		return b.errorAnswer(out, q.ID, "started \"after\" needs both after and before")
	}
	sim := cronsim.Simulation{Location: loc, Start: after, End: before, Daemon: b.query.Daemon, Lines: []cronsim.Schedule{sched}}
	begin := len(out)
	out = append(out, `{"id":`...)
	out = appendID(out, q.ID)
	out = append(out, `,"runs":[`...)
	count := 0
	var last time.Time
	for st, err := range sim.Starts() {
		if err != nil {
			return b.errorAnswer(out[:begin], q.ID, err.Error())
		}
		m := st.Time.UTC().Truncate(time.Minute)
		if !m.Before(before) || count == limit {
			break
		}
		if !m.After(after) || m.Equal(last) {
			continue // repeats of a catch-up are one run for an iterator
		}
		if count == maxBatchRuns {
			return b.errorAnswer(out[:begin], q.ID, fmt.Sprintf("more than %d runs in the window: narrow it or give n", maxBatchRuns))
		}
		if count > 0 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = m.AppendFormat(out, time.RFC3339)
		out = append(out, '"')
		last = m
		count++
	}
	return append(out, "]}\n"...)
}
