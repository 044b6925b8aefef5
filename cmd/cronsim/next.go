package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cronsim-go/cronsim"
)

func runNext(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 5, "number of runs to print")
	tz := fs.String("tz", "UTC", "IANA time zone the daemon runs in")
	from := fs.String("from", "", "start instant, RFC 3339 (default: now)")
	dialectName := fs.String("dialect", "strict", "expression dialect: strict, debian or debian-bookworm")
	asJSON := fs.Bool("json", false, "print a JSON object")
	notes := fs.Bool("notes", false, "note runs that daylight saving time moved, repeated or kept from repeating (default: on for a terminal and for -json)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: cronsim %s [flags] EXPR\n", cmd)
		fs.PrintDefaults()
	}
	if code, ok := parseArgs(fs, args, cmd, "one expression (quote it)", stderr); !ok {
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
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim %s: unknown time zone %q: %v\n", cmd, *tz, err)
		return 2
	}
	start := time.Now()
	if *from != "" {
		start, err = time.Parse(time.RFC3339, *from)
		if err != nil {
			fmt.Fprintf(stderr, "cronsim %s: -from: %v\n", cmd, err)
			return 2
		}
	}
	sched, err := cronsim.ParseDialect(fs.Arg(0), dialect)
	if err != nil {
		reportParseError(stderr, err)
		return 1
	}
	seq := sched.All(start.In(loc))
	if cmd == "prev" {
		seq = sched.Backward(start.In(loc))
	}
	type runJSON struct {
		Time string `json:"time"`
		Note string `json:"note"`
	}
	runs := []runJSON{}
	if *n > 0 {
		for t := range seq {
			r := runJSON{Time: t.Format(time.RFC3339)}
			if *notes {
				r.Note = note(sched, t)
			}
			runs = append(runs, r)
			if len(runs) == *n {
				break
			}
		}
	}
	if *asJSON {
		out, _ := json.Marshal(struct {
			Expr     string    `json:"expr"`
			Zone     string    `json:"tz"`
			Wildcard bool      `json:"wildcard"`
			Explain  string    `json:"explain"`
			Runs     []runJSON `json:"runs"`
		}{sched.String(), loc.String(), sched.Wildcard(), sched.Explain(), runs})
		fmt.Fprintln(stdout, string(out))
		return 0
	}
	for _, r := range runs {
		if r.Note != "" {
			fmt.Fprintf(stdout, "%s  # %s\n", r.Time, r.Note)
		} else {
			fmt.Fprintln(stdout, r.Time)
		}
	}
	if len(runs) < *n {
		fmt.Fprintf(stderr, "cronsim %s: only %d runs: the schedule never runs again\n", cmd, len(runs))
	}
	return 0
}

func runExplain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dialectName := fs.String("dialect", "strict", "expression dialect: strict, debian or debian-bookworm")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cronsim explain [-dialect D] EXPR")
		fs.PrintDefaults()
	}
	if code, ok := parseArgs(fs, args, "explain", "one expression (quote it)", stderr); !ok {
		return code
	}
	dialect, err := parseDialect(*dialectName)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim explain: %v\n", err)
		return 2
	}
	sched, err := cronsim.ParseDialect(fs.Arg(0), dialect)
	if err != nil {
		reportParseError(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, sched.Explain())
	fmt.Fprintln(stdout, sched.ExplainDST())
	return 0
}

// isTerminal reports whether w is a character device, such as a
// terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
