package main

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/kit"
)

var cmdDue = &command{
	usageLine: "due -last TIME [-grace DURATION] [-tz ZONE] [-dialect D] [-daemon D] [-key K] [-json] EXPR",
	short:     "when the next start after -last is due, and the deadline for calling the job late",
	long: `Prints the due time and the deadline (-grace later), one RFC 3339 time
per line (cronsim.NextDue); an unusual due time, such as a catch-up after
a spring-forward gap, is noted on standard error, or in the JSON.
`,
	arg:   argExpr,
	setup: setupDue,
}

// dueFlags are due's flags.
type dueFlags struct {
	zone  *zoneChoice
	last  *string
	grace *time.Duration
	sched *scheduleFlagSet
	json  *bool
}

func setupDue(c *call) func(string) int {
	f := &dueFlags{}
	f.zone = zoneFlag(c.fs)
	f.last = c.fs.String("last", "", "the last observed start (required): "+kit.TimeForms)
	f.grace = c.fs.Duration("grace", 0, "how long after the due time the job counts as late (e.g. 1m, 90s)")
	f.sched = scheduleFlags(c.fs, true)
	f.json = c.fs.Bool("json", false, "print a JSON object")
	return func(expr string) int { return runDue(c, f, expr) }
}

// runDue answers a monitor's question: after the last observed start,
// when is the next one due, and after which deadline is the job late
// (cronsim.NextDue).
func runDue(c *call, f *dueFlags, expr string) int {
	cmd, stdout, stderr := c.name, c.stdout, c.stderr
	zone, last, grace, asJSON := f.zone, f.last, f.grace, f.json
	if *last == "" {
		return c.usagef("-last is required: the last observed start, %s", kit.TimeForms)
	}
	if *grace < 0 {
		return c.usagef("-grace must not be negative")
	}
	sched, loc, code, ok := f.sched.resolve(c, expr, zone)
	if !ok {
		return code
	}
	lastT, err := parseTime(*last, loc, time.Now(), "-last", stderr)
	if err != nil {
		return c.usagef("%v", err)
	}
	zone.announce(cmd, stderr)
	d := cronsim.NextDue(sched, loc, lastT, *grace)
	out := newOutput(stdout)
	if *asJSON {
		type dueJSON struct {
			Expr     string          `json:"expr"`
			Zone     string          `json:"tz"`
			Last     string          `json:"last"`
			Grace    string          `json:"grace"`
			Due      *string         `json:"due"`
			Deadline *string         `json:"deadline"`
			Note     cronsim.DueNote `json:"note"`
			Explain  string          `json:"explain"`
		}
		j := dueJSON{Expr: sched.String(), Zone: loc.String(), Last: lastT.Format(time.RFC3339Nano), Grace: grace.String(), Note: d.Note, Explain: sched.Explain()}
		if !d.At.IsZero() {
			at, dl := d.At.Format(time.RFC3339), d.Deadline.Format(time.RFC3339)
			j.Due, j.Deadline = &at, &dl
		}
		b, _ := json.Marshal(j)
		out.line(string(b))
	} else if !d.At.IsZero() {
		out.line(d.At.Format(time.RFC3339))
		out.line(d.Deadline.Format(time.RFC3339))
	}
	if code := out.finish(cmd, stderr, 0); code != 0 {
		return code
	}
	if d.At.IsZero() {
		fmt.Fprintf(stderr, "cronsim %s: the schedule never runs after -last, so the job is never late\n", cmd)
		return 1
	}
	if d.Note != cronsim.DueOnTime && !*asJSON {
		fmt.Fprintf(stderr, "cronsim %s: note: %s\n", cmd, d.Note)
	}
	return 0
}
