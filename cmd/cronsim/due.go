package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/kit"
)

// dueSchemaVersion is the version of due's JSON object: it changes only
// when a field changes meaning or goes away (new fields may appear).
const dueSchemaVersion = 1

// dueDefaultGrace is -grace's default: the daemon starts jobs a second or
// more into their minute (its start lag is in the deadline already); a
// minute more covers a busy machine, as Healthchecks' default grace does.
const dueDefaultGrace = time.Minute

var cmdDue = &command{
	usageLine: "due [-last TIME | -pings] [-now TIME] [-grace DURATION] [-early DURATION] [-finish TIME] [-max-runtime DURATION] [-job-duration DURATION] [-tz ZONE] [-dialect D] [-daemon D] [-key K] [-starting-deadline D] [-concurrency P] [-suspend] [-accuracy D] [-randomized-delay D] [-json] EXPR",
	short:     "a monitor's verdict: when the next start is due, its deadline, and whether the job is up, late, missing starts or running too long",
	long: `Judges a monitored job at -now (cronsim.Check.Verdict) from the last start
ping (-last; none: the check is new). Prints the due time and the
deadline, one RFC 3339 time per line, then "STATE REASON MISSED" in
stable snake_case codes (states: new, up, grace, late, missed,
running_too_long, never). The deadline is the due time plus the daemon's
start lag, a slow catch-up's allowance (-job-duration) and -grace. A ping
up to -early before a start counts as that start. An unusual due time,
such as a catch-up after a spring-forward gap, is noted on standard error.

-pings reads a history of pings on standard input, one per line (a TIME
is a start ping, "finish TIME" a finish ping, # starts a comment) and
prints the verdict after each start ping, then at -now. -json prints one
JSON object per verdict (schema_version 1). -batch answers the monitor
requests of the adapter protocol on standard input (conformance/README.md,
"Monitor vectors").

-daemon kubernetes judges a CronJob: the controller starts only the most
recent missed time, late, and none later than -starting-deadline after its
time; with -concurrency Forbid a start due while the Job (-job-duration)
runs is postponed to its end; -suspend: nothing is due.

Exit status 3 when the verdict is late, missed or running_too_long; 1
when the schedule never runs again.
`,
	arg:     argExpr,
	setup:   setupDue,
	variant: dueBatchVariant,
}

var cmdDueBatch = &command{
	usageLine: "due -batch [-early DURATION]",
	short:     "answer the monitor requests of the adapter protocol on standard input",
	arg:       argNone,
	setup: func(c *call) func(string) int {
		c.fs.Bool("batch", true, "answer monitor requests from standard input")
		early := c.fs.Duration("early", cronsim.DefaultEarly, "how long before a start a ping still counts as that start (0: none)")
		return func(string) int { return dueBatch(c.stdin, c.stdout, *early) }
	},
}

// dueBatchVariant is due's variant hook: -batch runs batch mode.
func dueBatchVariant(args []string) *command {
	if batchRequested(args) {
		return cmdDueBatch
	}
	return nil
}

// dueFlags are due's flags.
type dueFlags struct {
	zone                                  *zoneChoice
	last, now, finish                     *string
	pings, json                           *bool
	grace, early, maxRuntime, jobDuration *time.Duration
	sched                                 *scheduleFlagSet
	cronJob                               *cronJobFlags
	timer                                 *timerFlags // -daemon systemd
}

func setupDue(c *call) func(string) int {
	fs := c.fs
	f := &dueFlags{}
	f.zone = zoneFlag(fs)
	f.last = fs.String("last", "", "the last start ping: "+kit.TimeForms+" (none: the check is new)")
	f.pings = fs.Bool("pings", false, "read the pings from standard input, one per line: a TIME is a start ping, 'finish TIME' a finish ping; print the verdict after each start ping, then at -now")
	f.now = fs.String("now", "now", "when to judge: "+kit.TimeForms)
	f.grace = fs.Duration("grace", dueDefaultGrace, "how long after the daemon's latest start time a start may come before the job is late")
	f.early = fs.Duration("early", cronsim.DefaultEarly, "how long before a start a ping still counts as that start (0: none)")
	f.finish = fs.String("finish", "", "the last finish ping: "+kit.TimeForms)
	f.maxRuntime = fs.Duration("max-runtime", 0, "how long a job may run without a finish ping (0: no limit; set it for jobs that send finish pings)")
	f.jobDuration = fs.Duration("job-duration", 0, "how long the crontab's jobs run, for the allowance of a slow catch-up after a forward gap (0: quick jobs)")
	f.sched = scheduleFlags(fs, true)
	f.cronJob = addCronJobFlags(fs, true)
	f.json = fs.Bool("json", false, "print JSON (JSON Lines with -pings)")
	f.timer = newTimerFlags(fs, false)
	return func(expr string) int { return runDue(c, f, expr) }
}

// runDue answers a monitor's question with cronsim.Check.Verdict.
func runDue(c *call, f *dueFlags, expr string) int {
	cmd, stdin, stdout, stderr := c.name, c.stdin, c.stdout, c.stderr
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"-grace", *f.grace}, {"-early", *f.early}, {"-max-runtime", *f.maxRuntime}, {"-job-duration", *f.jobDuration}} {
		if d.v < 0 {
			return c.usagef("%s must not be negative", d.name)
		}
	}
	if *f.pings && *f.last != "" {
		return c.usagef("-last and -pings exclude each other")
	}
	sched, loc, code, ok := f.sched.resolve(c, expr, f.zone)
	if !ok {
		return code
	}
	deadline, policy, code, ok := f.cronJob.read(c, sched.Daemon())
	if !ok {
		return code
	}
	timer, code, ok := f.timer.timer(c, c.fs, sched.Daemon())
	if !ok {
		return code
	}
	sched = sched.WithTimer(timer) // a no-op for cron schedules
	zone, grace, asJSON := f.zone, f.grace, f.json
	wall := time.Now()
	readTime := func(v, name string) (time.Time, bool) {
		if v == "" {
			return time.Time{}, true
		}
		t, err := parseTime(v, loc, wall, name, stderr)
		if err != nil {
			fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, err)
			return t, false
		}
		return t, true
	}
	now, ok1 := readTime(*f.now, "-now")
	lastT, ok2 := readTime(*f.last, "-last")
	finishT, ok3 := readTime(*f.finish, "-finish")
	if !ok1 || !ok2 || !ok3 {
		return 2
	}
	zone.announce(cmd, stderr)
	earlyV := *f.early
	if earlyV == 0 {
		earlyV = -1 // the flag's 0 is none; Check's is the default
	}
	chk := cronsim.Check{Schedule: sched, Location: loc, Grace: *grace, Early: earlyV, MaxRuntime: *f.maxRuntime, JobDuration: *f.jobDuration,
		StartingDeadline: deadline, Concurrency: policy, Suspended: *f.cronJob.suspend && sched.Daemon().Rules().CronJob}
	out := newOutput(stdout)
	var yearErr error // a due time RFC 3339 cannot write
	report := func(p cronsim.Pings, at time.Time) cronsim.Verdict {
		v := chk.Verdict(p, at)
		if *asJSON {
			b, _ := json.Marshal(newDueJSON(expr, loc, sched.Daemon(), chk, p, at, v))
			out.line(string(b))
			return v
		}
		if !v.Due.IsZero() {
			due, err1 := timeText(v.Due)
			dl, err2 := timeText(v.Deadline)
			if err := cmp.Or(err1, err2); err != nil {
				yearErr = cmp.Or(yearErr, err)
				return v
			}
			out.line(due)
			out.line(dl)
		}
		out.line(fmt.Sprintf("%s %s %d", v.State, v.Reason, v.Missed))
		return v
	}
	var p cronsim.Pings
	if *f.pings {
		p.Finish = finishT
		sc := bufio.NewScanner(stdin)
		for n := 1; sc.Scan(); n++ {
			text := strings.TrimSpace(sc.Text())
			if text == "" || strings.HasPrefix(text, "#") {
				continue
			}
			rest, isFinish := strings.CutPrefix(text, "finish ")
			rest, _ = strings.CutPrefix(rest, "start ")
			t, err := parseTime(strings.TrimSpace(rest), loc, wall, fmt.Sprintf("line %d", n), stderr)
			if err != nil {
				fmt.Fprintf(stderr, "cronsim %s: standard input: line %d: %v\n", cmd, n, err)
				return 2
			}
			if isFinish {
				p.Finish = t
				continue
			}
			p.Prev, p.Start = p.Start, t
			report(p, t)
		}
		if err := sc.Err(); err != nil {
			fmt.Fprintf(stderr, "cronsim %s: reading standard input: %v\n", cmd, err)
			return 1
		}
	} else {
		p = cronsim.Pings{Start: lastT, Finish: finishT}
	}
	v := report(p, now)
	if code := out.finish(cmd, stderr, 0); code != 0 {
		return code
	}
	if yearErr != nil {
		fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, yearErr)
		return 1
	}
	switch {
	case v.Reason == cronsim.VerdictSuspended:
		fmt.Fprintf(stderr, "cronsim %s: the CronJob is suspended (-suspend): no start is due\n", cmd)
		return 0
	case v.State == cronsim.StateNever:
		fmt.Fprintf(stderr, "cronsim %s: the schedule never runs after the last ping (or -now), so the job is never late\n", cmd)
		return 1
	case v.State == cronsim.StateLate, v.State == cronsim.StateMissed, v.State == cronsim.StateRunningTooLong:
		return 3
	}
	if v.Note != cronsim.DueOnTime && !*asJSON {
		fmt.Fprintf(stderr, "cronsim %s: note: %s\n", cmd, v.Note)
	}
	return 0
}

// dueJSON is due's JSON object (schema_version 1). Codes are stable
// snake_case; times RFC 3339 or null; durations in seconds.
type dueJSON struct {
	SchemaVersion   int                   `json:"schema_version"`
	Expr            string                `json:"expr"` // as given
	Zone            string                `json:"tz"`
	Daemon          cronsim.Daemon        `json:"daemon"`
	Now             string                `json:"now"`
	Last            *string               `json:"last"`
	Prev            *string               `json:"prev,omitempty"`
	Finish          *string               `json:"finish"`
	State           cronsim.State         `json:"state"`
	Reason          cronsim.VerdictReason `json:"reason"`
	Missed          int                   `json:"missed"`
	Slot            *string               `json:"slot"`
	Due             *string               `json:"due"`
	Deadline        *string               `json:"deadline"`
	ExpectedStarts  int                   `json:"expected_starts"`
	Note            string                `json:"note"`
	Gap             bool                  `json:"gap"`
	GraceS          float64               `json:"grace_s"`
	EarlyS          float64               `json:"early_s"`
	AllowanceS      float64               `json:"allowance_s"`
	CatchUpS        float64               `json:"catch_up_s"`
	MaxRuntimeS     float64               `json:"max_runtime_s"`
	RuntimeDeadline *string               `json:"runtime_deadline"`
	Explain         string                `json:"explain"`
	// -daemon kubernetes: the CronJob's settings
	StartingDeadlineS *float64 `json:"starting_deadline_s,omitempty"`
	Concurrency       string   `json:"concurrency,omitempty"`
	Suspended         bool     `json:"suspended,omitempty"`
}

func newDueJSON(expr string, loc *time.Location, d cronsim.Daemon, c cronsim.Check, p cronsim.Pings, now time.Time, v cronsim.Verdict) dueJSON {
	ts := func(t time.Time) *string {
		if t.IsZero() {
			return nil
		}
		s := zonedText(t.In(loc), time.RFC3339Nano)
		return &s
	}
	early := max(c.Early, 0)
	j := dueJSON{
		SchemaVersion: dueSchemaVersion, Expr: expr, Zone: loc.String(), Daemon: d,
		Now: zonedText(now.In(loc), time.RFC3339Nano), Last: ts(p.Start), Prev: ts(p.Prev), Finish: ts(p.Finish),
		State: v.State, Reason: v.Reason, Missed: v.Missed, Slot: ts(v.Slot), Due: ts(v.Due), Deadline: ts(v.Deadline),
		ExpectedStarts: v.ExpectedStarts, Note: v.Note.Code(), Gap: v.Gap,
		GraceS: c.Grace.Seconds(), EarlyS: early.Seconds(), AllowanceS: v.Allowance.Seconds(), CatchUpS: v.CatchUp.Seconds(),
		MaxRuntimeS: c.MaxRuntime.Seconds(), RuntimeDeadline: ts(v.RuntimeDeadline), Explain: c.Schedule.Explain(),
	}
	if d.Rules().CronJob {
		j.Concurrency, j.Suspended = c.Concurrency.String(), c.Suspended
		if c.StartingDeadline != nil {
			sec := c.StartingDeadline.Seconds()
			j.StartingDeadlineS = &sec
		}
	}
	return j
}

// A dueRequest is one monitor request of the adapter protocol.
type dueRequest struct {
	ID           json.RawMessage `json:"id"`
	Expr         string          `json:"expr"`
	TZ           string          `json:"tz"`
	SystemTZ     string          `json:"system_tz"` // the daemon's zone when tz is the line's own (cronie's CRON_TZ=)
	Daemon       string          `json:"daemon"`    // debian-cron (default), cronie, busybox-crond
	Pings        []time.Time     `json:"pings"`
	Now          time.Time       `json:"now"`
	GraceS       float64         `json:"grace_s"`
	JobDurationS float64         `json:"job_duration_s"`
}

// dueBatch answers monitor requests, one per line, with
// {"id":..,"state":..,"reason":..,"missed":N} or {"id":..,"error":..}.
func dueBatch(stdin io.Reader, stdout io.Writer, early time.Duration) int {
	if early == 0 {
		early = -1
	}
	sc := bufio.NewScanner(stdin)
	sc.Buffer(nil, 16<<20)
	w := bufio.NewWriter(stdout)
	zones := map[string]*time.Location{}
	zone := func(name string) (*time.Location, error) {
		if loc, ok := zones[name]; ok {
			return loc, nil
		}
		loc, err := time.LoadLocation(name)
		if err == nil && len(zones) < 1024 {
			zones[name] = loc
		}
		return loc, err
	}
	type answer struct {
		ID     json.RawMessage        `json:"id"`
		State  *cronsim.State         `json:"state,omitempty"`
		Reason *cronsim.VerdictReason `json:"reason,omitempty"`
		Missed *int                   `json:"missed,omitempty"`
		Error  string                 `json:"error,omitempty"`
	}
	judge := func(line []byte) answer {
		var q dueRequest
		if err := json.NewDecoder(bytes.NewReader(line)).Decode(&q); err != nil {
			return answer{ID: q.ID, Error: "not a monitor request: " + err.Error()}
		}
		a := answer{ID: q.ID}
		d := cronsim.DebianCron
		if q.Daemon != "" {
			var err error
			if d, err = cronsim.ParseDaemon(q.Daemon); err != nil {
				a.Error = err.Error()
				return a
			}
		}
		expr, name := q.Expr, q.TZ
		if q.SystemTZ != "" {
			expr, name = "CRON_TZ="+q.TZ+" "+expr, q.SystemTZ
		}
		loc, err := zone(name)
		if err != nil {
			a.Error = fmt.Sprintf("unknown time zone %q", name)
			return a
		}
		s, err := cronsim.ParseOptions{Daemon: d, Dialect: cronsim.Debian}.Parse(expr)
		if err != nil {
			a.Error = err.Error()
			return a
		}
		c := cronsim.Check{Schedule: s, Location: loc, Early: early,
			Grace:       time.Duration(q.GraceS * float64(time.Second)),
			JobDuration: time.Duration(q.JobDurationS * float64(time.Second))}
		var p cronsim.Pings
		for _, t := range q.Pings {
			p.Prev, p.Start = p.Start, t
		}
		v := c.Verdict(p, q.Now)
		a.State, a.Reason, a.Missed = &v.State, &v.Reason, &v.Missed
		return a
	}
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		b, _ := json.Marshal(judge(sc.Bytes()))
		w.Write(append(b, '\n'))
		if err := w.Flush(); err != nil {
			return 1
		}
	}
	if sc.Err() != nil {
		return 1
	}
	return 0
}
