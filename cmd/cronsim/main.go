// Command cronsim answers when a crontab line runs, the way Debian's cron
// daemon runs it, daylight saving time included.
//
// Usage:
//
//	cronsim next [-n N] [-tz ZONE] [-from RFC3339] [-dialect D] [-json] [-notes=false] EXPR
//	cronsim prev [-n N] [-tz ZONE] [-from RFC3339] [-dialect D] [-json] [-notes=false] EXPR
//	cronsim explain [-dialect D] EXPR
//	cronsim check [-tz ZONE] [-from RFC3339] [-dialect debian|debian-bookworm] FILE
//	cronsim simulate ...
//
// next prints the next N runs strictly after -from (default: now), one
// RFC 3339 time per line in the zone, with its offset; prev prints the
// runs before it, latest first. A run that daylight saving time moved,
// repeated or kept from repeating carries a note after "  # ".
//
// explain prints the expression as an English sentence and how daylight
// saving time treats it.
//
// check reads a user crontab file as Debian's crontab reads it and reports
// lines Debian rejects, lines it accepts but reads differently, jobs that
// never run and fixed-time jobs with a run in a daylight saving time
// transition of the zone in the next 366 days. It exits with status 1 when
// it reports anything.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cronsim-go/cronsim"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: cronsim COMMAND [flags] ARGS

commands:
  next     [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-json] [-notes=false] EXPR
             the next N runs after TIME, with daylight saving time notes
  prev     [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-json] [-notes=false] EXPR
             the N runs before TIME, latest first
  explain  [-dialect D] EXPR
             the expression in English, and how daylight saving time treats it
  check    [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] FILE
             lint a user crontab file the way Debian's crontab reads it;
             exit status 1 when it finds a problem
  simulate [flags]
             run the daemon's clock over a crontab (see cronsim simulate -h)
  serve    [-addr HOST:PORT] [-write DIR | -site DIR]
             the playground in a browser, computed there in WebAssembly
  help     this text

TIME is RFC 3339 (2021-03-27T12:00:00Z); ZONE an IANA name (Europe/Dublin);
D is strict (default), debian or debian-bookworm. Quote EXPR: '30 1 * * *'.
Exit status: 0 success, 1 a bad expression or a problem found, 2 usage error.
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "next", "prev":
		return runNext(args[0], args[1:], stdout, stderr)
	case "explain":
		return runExplain(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "simulate":
		return runSimulate(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
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

// reportParseError prints a parse error: the expression, a caret under
// the offending character, and what is wrong.
func reportParseError(stderr io.Writer, err error) {
	var pe *cronsim.ParseError
	if errors.As(err, &pe) {
		if pe.Debian != "" {
			pe = sharpen(pe, func() error { _, err := cronsim.Parse(pe.Expr); return err })
			err = pe
		}
		fmt.Fprintf(stderr, "%s\n%s\n", caret(pe.Expr, pe.Column, ""), err)
		if pe.Debian != "" {
			fmt.Fprintf(stderr, "(Debian's crontab: %s)\n", pe.Debian)
		} else if errors.Is(err, cronsim.ErrMangled) {
			fmt.Fprintf(stderr, "(Debian's crontab accepts it; use -dialect debian to read it as Debian does)\n")
		}
		return
	}
	fmt.Fprintln(stderr, err)
}

// caret returns line and, below it, a caret under the 1-based character
// column col, each line prefixed by indent. Tabs before the column are
// kept so that the caret lines up on a terminal.
func caret(line string, col int, indent string) string {
	if col < 1 {
		col = 1
	}
	var pad strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
		i++
	}
	for ; i < col; i++ {
		pad.WriteByte(' ')
	}
	return indent + line + "\n" + indent + pad.String() + "^"
}

// parseArgs parses a subcommand's flags and wants exactly one argument,
// described by what. When it fails it returns the exit status to use:
// 0 after -h, 2 for a usage error.
func parseArgs(fs *flag.FlagSet, args []string, cmd, what string, stderr io.Writer) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "cronsim %s: want exactly %s, got %d arguments\n", cmd, what, fs.NArg())
		return 2, false
	}
	return 0, true
}
