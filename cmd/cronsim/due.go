package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/cronsim-go/cronsim"
)

// runDue answers a monitor's question: after the last observed start,
// when is the next one due, and after which deadline is the job late
// (cronsim.NextDue). It prints the due time and the deadline, one RFC
// 3339 time per line; an unusual due time (a catch-up, a repeat that does
// not happen, ...) is noted on standard error, or in the JSON.
func runDue(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd, "usage: cronsim due -last TIME [-grace DURATION] [flags] EXPR", stderr)
	zone := zoneFlag(fs)
	last := fs.String("last", "", "the last observed start (required): "+timeForms)
	grace := fs.Duration("grace", 0, "how long after the due time the job counts as late (e.g. 1m, 90s)")
	dialectName := fs.String("dialect", "strict", "expression dialect: strict, debian or debian-bookworm")
	key := fs.String("key", "", "hash key for H values (the job's name); with -daemon cronie or busybox, EXPR is then read in cronsim's strict syntax and run by that daemon's rules")
	daemon := daemonFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON object")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	expr, code, ok := oneArg(pos, cmd, "one expression (quote it)", stderr)
	if !ok {
		return code
	}
	if *last == "" {
		fmt.Fprintf(stderr, "cronsim %s: -last is required: the last observed start, %s\n", cmd, timeForms)
		return 2
	}
	if *grace < 0 {
		fmt.Fprintf(stderr, "cronsim %s: -grace must not be negative\n", cmd)
		return 2
	}
	dialect, err := parseDialect(*dialectName)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, err)
		return 2
	}
	if code, ok := daemon.check(cmd, stderr); !ok {
		return code
	}
	loc, code, ok := zone.load(cmd, stderr)
	if !ok {
		return code
	}
	sched, err := daemon.options(dialect, *key).Parse(expr)
	if err != nil {
		reportParseError(cmd, stderr, err, dialect)
		if errors.Is(err, cronsim.ErrHashKey) {
			fmt.Fprintf(stderr, "(give the key with -key, such as the job's name)\n")
		}
		return 1
	}
	if l := sched.Location(); l != nil {
		loc = zone.fromExpression(cmd, l, stderr) // CRON_TZ= wins over -tz
	}
	lastT, err := parseTime(*last, loc, time.Now(), "-last", stderr)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, err)
		return 2
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
