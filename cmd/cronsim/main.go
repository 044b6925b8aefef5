// Command cronsim answers when a crontab line runs, the way Debian's cron
// daemon runs it, daylight saving time included.
//
// Usage:
//
//	cronsim next [-n N] [-tz ZONE] [-from RFC3339] [-dialect debian|strict] [-json] EXPR
//	cronsim prev [-n N] [-tz ZONE] [-from RFC3339] [-dialect debian|strict] [-json] EXPR
//
// next prints the next N runs strictly after -from (default: now), one
// RFC 3339 time per line in the zone, with its offset; prev prints the
// runs before it, latest first.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cronsim-go/cronsim"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: cronsim COMMAND [flags] ARGS

commands:
  next  [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-json] EXPR   the next N runs after TIME
  prev  [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-json] EXPR   the N runs before TIME, latest first

TIME is RFC 3339 (2021-03-27T12:00:00Z); ZONE an IANA name (Europe/Dublin);
D is strict (default), debian or debian-bookworm.
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "next", "prev":
		return runNext(args[0], args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "cronsim: unknown command %q\n%s", args[0], usage)
	return 2
}

func parseDialect(name string) (cronsim.Dialect, error) {
	switch name {
	case "strict":
		return cronsim.Strict, nil
	case "debian":
		return cronsim.Debian, nil
	case "debian-bookworm":
		return cronsim.DebianBookworm, nil
	}
	return 0, fmt.Errorf("unknown dialect %q: want strict, debian or debian-bookworm", name)
}

// reportParseError prints a parse error with a caret under its column.
func reportParseError(stderr io.Writer, err error) {
	var pe *cronsim.ParseError
	if errors.As(err, &pe) {
		fmt.Fprintf(stderr, "%s\n%s\n", pe.Caret(), err)
		if pe.Debian != "" {
			fmt.Fprintf(stderr, "(Debian's crontab: %s)\n", pe.Debian)
		} else if pe.Err == cronsim.ErrMangled {
			fmt.Fprintf(stderr, "(Debian's crontab accepts it; use -dialect debian to read it as Debian does)\n")
		}
		return
	}
	fmt.Fprintln(stderr, err)
}

func runNext(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 5, "number of runs to print")
	tz := fs.String("tz", "UTC", "IANA time zone the daemon runs in")
	from := fs.String("from", "", "start instant, RFC 3339 (default: now)")
	dialectName := fs.String("dialect", "strict", "expression dialect: strict, debian or debian-bookworm")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "cronsim %s: want exactly one expression (quote it), got %d arguments\n", cmd, fs.NArg())
		return 2
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
	var runs []string
	if *n > 0 {
		for t := range seq {
			runs = append(runs, t.Format(time.RFC3339))
			if len(runs) == *n {
				break
			}
		}
	}
	if *asJSON {
		out, _ := json.Marshal(struct {
			Expr     string   `json:"expr"`
			Zone     string   `json:"tz"`
			Wildcard bool     `json:"wildcard"`
			Runs     []string `json:"runs"`
		}{sched.String(), loc.String(), sched.Wildcard(), append([]string{}, runs...)})
		fmt.Fprintln(stdout, string(out))
		return 0
	}
	for _, r := range runs {
		fmt.Fprintln(stdout, r)
	}
	if len(runs) < *n {
		fmt.Fprintf(stderr, "cronsim %s: only %d runs: the schedule never runs again\n", cmd, len(runs))
	}
	return 0
}
