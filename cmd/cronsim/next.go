package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim/internal/kit"
)

var cmdNext = &command{
	usageLine: "next [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-daemon D] [-key K] [-json] [-long] [-notes=false] EXPR",
	short:     "the next N runs after TIME, with daylight saving time notes",
	long: `Prints the next N runs strictly after -from (default: now), one RFC 3339
time per line in the zone, with its offset (+00:00, never Z, in a zone
other than UTC; a run past the year 9999 is an error). -long prints each
run for a person instead: "Thu 2026-01-01 01:30:00 GMT +00:00, in 3 days".
A run that daylight saving
time moved, repeated or kept from repeating carries a note after "  # "
(at a terminal, or with -notes). With -batch, answers JSON Lines queries
on standard input instead (cronsim next -batch -h).
`,
	arg:     argExpr,
	setup:   func(c *call) func(string) int { return setupNext(c, false) },
	variant: batchVariant,
}

var cmdPrev = &command{
	usageLine: "prev [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-daemon D] [-key K] [-json] [-long] [-notes=false] EXPR",
	short:     "the N runs before TIME, latest first",
	arg:       argExpr,
	setup:     func(c *call) func(string) int { return setupNext(c, true) },
	variant:   batchVariant,
}

// nextFlags are the flags of next and prev.
type nextFlags struct {
	backward    bool // prev
	n           *int
	zone        *zoneChoice
	from        *string
	sched       *scheduleFlagSet
	json, notes *bool
	long        *bool
}

// setupNext defines the flags of next, or of prev when backward.
func setupNext(c *call, backward bool) func(string) int {
	f := &nextFlags{backward: backward}
	f.n = c.fs.Int("n", 5, "number of runs to print (streamed: any number)")
	f.zone = zoneFlag(c.fs)
	f.from = c.fs.String("from", "", "start instant (default: now): "+kit.TimeForms)
	f.sched = scheduleFlags(c.fs, true)
	f.json = c.fs.Bool("json", false, "print a JSON object")
	f.long = c.fs.Bool("long", false, "print each run for a person: weekday, wall time, zone abbreviation and offset, and how far from now")
	f.notes = c.fs.Bool("notes", false, "note runs that daylight saving time moved, repeated or kept from repeating (default: on for a terminal and for -json)")
	return func(expr string) int { return runNext(c, f, expr) }
}

func runNext(c *call, f *nextFlags, expr string) int {
	cmd, stdout, stderr := c.name, c.stdout, c.stderr
	backward, n, zone, from, asJSON, notes := f.backward, *f.n, f.zone, *f.from, *f.json, f.notes
	// Programs that read the output get one RFC 3339 time per line; a
	// person at a terminal, or a JSON reader, gets the notes too.
	notesSet := false
	c.fs.Visit(func(f *flag.Flag) { notesSet = notesSet || f.Name == "notes" })
	if !notesSet {
		*notes = asJSON || isTerminal(stdout)
	}
	if n < 0 {
		return c.usagef("-n must not be negative")
	}
	sched, loc, code, ok := f.sched.resolve(c, expr, zone)
	if !ok {
		return code
	}
	start, code, ok := c.startTime(from, loc)
	if !ok {
		return code
	}
	seq := sched.All(start.In(loc))
	if backward {
		seq = sched.Backward(start.In(loc))
	}

	zone.announce(cmd, stderr)
	// Stream: each run is written as it is found, so memory is constant
	// and the first line comes at once, whatever -n is.
	out := newOutput(stdout)
	if asJSON {
		head, _ := json.Marshal(struct {
			Expr     string `json:"expr"`
			Zone     string `json:"tz"`
			Wildcard bool   `json:"wildcard"`
			Explain  string `json:"explain"`
		}{sched.String(), loc.String(), sched.Wildcard(), sched.Explain()})
		out.printf(`%s,"runs":[`, head[:len(head)-1])
	}
	count := 0
	if n > 0 {
		now := time.Now()
		for t := range seq {
			text, err := timeText(t)
			if err != nil {
				out.finish(cmd, stderr, 0)
				fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, err)
				return 1
			}
			if *f.long && !asJSON {
				text = longTime(t, now)
			}
			note := ""
			if *notes {
				note = sched.Note(t)
			}
			switch {
			case asJSON:
				r, _ := json.Marshal(struct {
					Time string `json:"time"`
					Note string `json:"note"`
				}{text, note})
				if count > 0 {
					out.printf(",")
				}
				out.printf("%s", r)
				out.item()
			case note != "":
				out.line(text + "  # " + note)
			default:
				out.line(text)
			}
			count++
			if count == n || !out.ok() {
				break
			}
		}
	}
	if asJSON {
		out.line("]}")
	}
	if code := out.finish(cmd, stderr, 0); code != 0 {
		return code
	}
	if count < n {
		if backward {
			fmt.Fprintf(stderr, "cronsim prev: only %s: the schedule has no earlier run\n", plural(count, "run"))
		} else {
			fmt.Fprintf(stderr, "cronsim next: only %s: the schedule never runs again\n", plural(count, "run"))
		}
	}
	return 0
}
