package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"
)

func runNext(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd, "usage: cronsim "+cmd+" [flags] EXPR", stderr)
	n := fs.Int("n", 5, "number of runs to print (streamed: any number)")
	zone := zoneFlag(fs)
	from := fs.String("from", "", "start instant (default: now): "+timeForms)
	dialectName := fs.String("dialect", "strict", "expression dialect: strict, debian or debian-bookworm")
	daemon := daemonFlag(fs)
	asJSON := fs.Bool("json", false, "print a JSON object")
	notes := fs.Bool("notes", false, "note runs that daylight saving time moved, repeated or kept from repeating (default: on for a terminal and for -json)")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	expr, code, ok := oneArg(pos, cmd, "one expression (quote it)", stderr)
	if !ok {
		return code
	}
	// Programs that read the output get one RFC 3339 time per line; a
	// person at a terminal, or a JSON reader, gets the notes too.
	notesSet := false
	fs.Visit(func(f *flag.Flag) { notesSet = notesSet || f.Name == "notes" })
	if !notesSet {
		*notes = *asJSON || isTerminal(stdout)
	}
	if *n < 0 {
		fmt.Fprintf(stderr, "cronsim %s: -n must not be negative\n", cmd)
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
	sched, err := daemon.parse(expr, dialect)
	if err != nil {
		reportParseError(cmd, stderr, err, dialect)
		return 1
	}
	if l := sched.Location(); l != nil {
		// A CRON_TZ= or TZ= prefix: the schedule runs in its own zone.
		loc = zone.fromExpression(cmd, l, stderr)
	}
	start := time.Now()
	if *from != "" {
		if start, err = parseTime(*from, loc, start, "-from", stderr); err != nil {
			fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, err)
			return 2
		}
	}
	seq := sched.All(start.In(loc))
	if cmd == "prev" {
		seq = sched.Backward(start.In(loc))
	}

	zone.announce(cmd, stderr)
	// Stream: each run is written as it is found, so memory is constant
	// and the first line comes at once, whatever -n is.
	out := newOutput(stdout)
	if *asJSON {
		head, _ := json.Marshal(struct {
			Expr     string `json:"expr"`
			Zone     string `json:"tz"`
			Wildcard bool   `json:"wildcard"`
			Explain  string `json:"explain"`
		}{sched.String(), loc.String(), sched.Wildcard(), sched.Explain()})
		out.printf(`%s,"runs":[`, head[:len(head)-1])
	}
	count := 0
	if *n > 0 {
		for t := range seq {
			text := t.Format(time.RFC3339)
			note := ""
			if *notes {
				note = sched.Note(t)
			}
			switch {
			case *asJSON:
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
			if count == *n || !out.ok() {
				break
			}
		}
	}
	if *asJSON {
		out.line("]}")
	}
	if code := out.finish(cmd, stderr, 0); code != 0 {
		return code
	}
	if count < *n {
		if cmd == "prev" {
			fmt.Fprintf(stderr, "cronsim prev: only %s: the schedule has no earlier run\n", plural(count, "run"))
		} else {
			fmt.Fprintf(stderr, "cronsim next: only %s: the schedule never runs again\n", plural(count, "run"))
		}
	}
	return 0
}

func runExplain(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd, "usage: cronsim explain [-dialect D] [-daemon debian|cronie|busybox|systemd] EXPR", stderr)
	dialectName := fs.String("dialect", "strict", "expression dialect: strict, debian or debian-bookworm")
	daemon := daemonFlag(fs)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	expr, code, ok := oneArg(pos, cmd, "one expression (quote it)", stderr)
	if !ok {
		return code
	}
	dialect, err := parseDialect(*dialectName)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim explain: %v\n", err)
		return 2
	}
	if code, ok := daemon.check(cmd, stderr); !ok {
		return code
	}
	sched, err := daemon.parse(expr, dialect)
	if err != nil {
		reportParseError(cmd, stderr, err, dialect)
		return 1
	}
	out := newOutput(stdout)
	out.line(sched.Explain())
	out.line(sched.ExplainDST())
	return out.finish(cmd, stderr, 0)
}
